/*
 * Exceptions: x86_entry() is where every vector lands (from entry.S).
 * CPU exceptions in kernel mode that nothing fixes up end in an oops
 * report in Linux's format (what happened, all registers, CR2 for a page
 * fault, a symbolized call trace) and a panic, or, for an oops in a
 * module's code in process context, the death of the calling task. Device and local
 * interrupts go on to do_IRQ().
 */
#include "arch/x86_64/cpu.h"
#include "asm/io.h"
#include "asm/percpu.h"
#include "arch/x86_64/debugreg.h"
#include "asm/stacktrace.h"
#include "arch/x86_64/traps.h"
#include "asm/irqflags.h"
#include "kernel/kallsyms.h"
#include "kernel/oops.h"
#include "kernel/preempt.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/trace/kprobes.h"
#include "kernel/printk/printk.h"
#include "lib/bug.h"

static const char *const trap_names[32] = {
	[X86_TRAP_DE] = "divide error",
	[X86_TRAP_DB] = "debug",
	[X86_TRAP_NMI] = "nmi",
	[X86_TRAP_BP] = "int3",
	[X86_TRAP_OF] = "overflow",
	[X86_TRAP_BR] = "bounds",
	[X86_TRAP_UD] = "invalid opcode",
	[X86_TRAP_NM] = "device not available",
	[X86_TRAP_DF] = "double fault",
	[9] = "coprocessor segment overrun",
	[X86_TRAP_TS] = "invalid TSS",
	[X86_TRAP_NP] = "segment not present",
	[X86_TRAP_SS] = "stack segment",
	[X86_TRAP_GP] = "general protection fault",
	[X86_TRAP_PF] = "page fault",
	[X86_TRAP_MF] = "coprocessor error",
	[X86_TRAP_AC] = "alignment check",
	[X86_TRAP_MC] = "machine check",
	[X86_TRAP_XF] = "simd error",
	[20] = "virtualization exception",
	[21] = "control protection",
};

/* The name of exception @vector ("page fault", ...), or "reserved
 * exception". */
const char *trap_name(unsigned int vector)
{
	if (vector < 32 && trap_names[vector])
		return trap_names[vector];
	return "reserved exception";
}

void show_regs(const struct pt_regs *r)
{
	char sym[128];

	sprint_symbol(sym, sizeof(sym), r->rip);
	pr_emerg("RIP: %04lx:%s\n", (unsigned long)r->cs, sym);
	pr_emerg("RSP: %04lx:%016lx EFLAGS: %08lx\n", (unsigned long)r->ss,
		 (unsigned long)r->rsp, (unsigned long)r->eflags);
	pr_emerg("RAX: %016lx RBX: %016lx RCX: %016lx\n", r->rax, r->rbx, r->rcx);
	pr_emerg("RDX: %016lx RSI: %016lx RDI: %016lx\n", r->rdx, r->rsi, r->rdi);
	pr_emerg("RBP: %016lx R08: %016lx R09: %016lx\n", r->rbp, r->r8, r->r9);
	pr_emerg("R10: %016lx R11: %016lx R12: %016lx\n", r->r10, r->r11, r->r12);
	pr_emerg("R13: %016lx R14: %016lx R15: %016lx\n", r->r13, r->r14, r->r15);
	pr_emerg("CR0: %016lx CR2: %016lx CR3: %016lx CR4: %016lx\n",
		 read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

/* Linux's two explanatory lines for a kernel page fault. */
static void show_fault_details(const struct pt_regs *regs, u64 addr)
{
	u64 err = regs->orig_rax;

	pr_emerg("BUG: unable to handle page fault for address: %016lx\n",
		 (unsigned long)addr);
	pr_emerg("#PF: %s %s in %s mode\n",
		 err & X86_PF_USER ? "user" : "supervisor",
		 err & X86_PF_INSTR ? "instruction fetch" :
		 err & X86_PF_WRITE ? "write access" : "read access",
		 err & X86_PF_USER ? "user" : "kernel");
	pr_emerg("#PF: error_code(0x%04lx) - %s\n", (unsigned long)err,
		 err & X86_PF_PROT ? "permissions violation" : "not-present page");
}

/*
 * The kernel hit an exception it cannot handle: report and panic (or
 * kill the task, when oops_may_kill_task() says the kernel can go on).
 * Hooks for a richer report (which task, which stack) come from
 * oops_describe_context(), defined by the task code.
 */
__noreturn void die(const char *what, struct pt_regs *regs, unsigned long vector)
{
	static int die_counter;

	if (vector == X86_TRAP_PF)
		show_fault_details(regs, read_cr2());
	if (vector == X86_TRAP_DF)
		report_stack_overflow(regs, read_cr2());
	pr_emerg("Oops: %s: %04lx [#%d] CPU: %u\n", what,
		 (unsigned long)(vector == X86_TRAP_PF || vector == X86_TRAP_GP ||
				 vector == X86_TRAP_DF ? regs->orig_rax : 0),
		 ++die_counter, smp_processor_id());
	oops_describe_context(regs);
	show_regs(regs);
	show_stack(regs->rsp, regs->rbp, KERN_EMERG);
	if (oops_may_kill_task(regs, vector))
		make_task_dead(SIGSEGV);
	panic("Fatal exception");
}

/*
 * The CPU's error code is kept in current->thread and orig_rax becomes -1
 * (as on Linux): from here on orig_rax >= 0 means "a system call", which
 * the syscall restart logic relies on.
 */
static void do_exception(struct pt_regs *regs, unsigned long vector)
{
	u64 error = regs->orig_rax;

	if (vector == X86_TRAP_NMI) {
		do_nmi(regs);
		return;
	}
	if (vector == X86_TRAP_DB) {
		exc_debug(regs);	/* steps and breakpoints: never an oops */
		return;
	}
	if (vector == X86_TRAP_PF) {
		current->thread.error_code = error;
		if (do_page_fault(regs, read_cr2()))
			goto handled;
	}
	if (vector == X86_TRAP_BP && !user_mode(regs) &&
	    kprobe_int3_handler(regs))
		return;			/* a kprobe's int3 */
	if (!user_mode(regs) && fixup_exception(regs, vector))
		return;
	if (user_mode(regs)) {
		current->thread.error_code = error;
		if (user_exception(regs, vector))
			goto handled;
	}
	die(trap_name(vector), regs, vector);
handled:
	if (user_mode(regs))
		regs->orig_rax = (u64)-1;
}

/*
 * Last stop before returning from an interrupt or exception, back on the
 * task's own stack: preempt the interrupted kernel code if a reschedule
 * is due and it is preemptible (interrupts were on, preempt_count 0).
 * Returning to user mode always may switch.
 */
void irqentry_exit(struct pt_regs *regs)
{
	bool preemptible = user_mode(regs) ||
		((regs->eflags & X86_EFLAGS_IF) && !preempt_count());

	if (preemptible && need_resched())
		preempt_schedule_irq();
	if (user_mode(regs))
		exit_to_user_mode(regs);
}

/* The C side of every IDT stub: an exception below vector 32, a device
 * interrupt or IPI above. Interrupts off. */
void x86_entry(struct pt_regs *regs, unsigned long vector)
{
	this_cpu()->irq_count[vector & 0xff]++;
	if (vector < FIRST_EXTERNAL_VECTOR)
		do_exception(regs, vector);
	else
		do_IRQ(regs, vector);
}
