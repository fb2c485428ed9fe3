/*
 * The syscall instruction's setup and the C half of its entry
 * (entry.S: entry_SYSCALL_64 builds the pt_regs and calls here).
 */
#include "arch/x86_64/bare_syscall.h"
#include "asm/io.h"
#include "asm/irqflags.h"
#include "asm/memlayout.h"
#include "arch/x86_64/segment.h"
#include "arch/x86_64/traps.h"
#include "asm/percpu.h"
#include "asm/processor.h"
#include "asm/smp.h"
#include "kernel/syscall.h"
#include "kernel/syscalls.h"
#include "kernel/preempt.h"
#include "kernel/ptrace.h"
#include "kernel/sys/seccomp.h"
#include "kernel/task.h"
#include "kernel/unistd.h"
#include "lib/errno.h"

/* bare_syscall.h (for user programs) and kernel/unistd.h (for the
 * table) both define __NR_tb_bare_syscall: should they ever differ, this
 * file fails to compile warning-free ("redefined"). */

#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_SYSCALL_MASK 0xc0000084
/* Cleared on entry: interrupts, trap, direction, alignment check, NT. */
#define SYSCALL_FLAGS_MASK 0x47700

extern char entry_SYSCALL_64[], entry_SYSCALL_bare[];

/*
 * Enable syscall/sysret on this CPU. STAR's selector fields are why the
 * GDT has KERNEL_CS, KERNEL_DS, USER32_CS, USER_DS, USER_CS in that
 * order: syscall loads CS = STAR[47:32], SS = +8; sysret to 64-bit mode
 * loads CS = STAR[63:48] + 16 (__USER_CS) and SS = STAR[63:48] + 8.
 */
void syscall_init(void)
{
	wrmsr(MSR_STAR, ((u64)(__USER32_CS - 3) << 48) | ((u64)__KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (u64)entry_SYSCALL_64);
	wrmsr(MSR_SYSCALL_MASK, SYSCALL_FLAGS_MASK);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

/*
 * May we return with sysret? Only when it restores exactly what iret
 * would: rcx/r11 still equal rip/rflags, standard selectors, a canonical
 * user rip (sysret with a non-canonical rcx faults in ring 0 on Intel),
 * and no single-step or resume flag to honour.
 */
static bool can_sysret(const struct pt_regs *regs)
{
	return regs->rcx == regs->rip && regs->r11 == regs->eflags &&
	       regs->cs == __USER_CS && regs->ss == __USER_DS &&
	       regs->rip < TASK_SIZE_MAX &&
	       !(regs->eflags & (X86_EFLAGS_RF | X86_EFLAGS_TF));
}

/* The C side of entry_SYSCALL_64: run the call with interrupts on, then
 * the exit work; true when sysret may return (else iret). */
bool do_syscall_64(struct pt_regs *regs)
{
	long nr = (long)regs->orig_rax;
	bool run = true;

	arch_local_irq_enable();
	if (unlikely(current->ptrace)) {	/* a tracer may change it all */
		nr = ptrace_syscall_enter(regs);
		run = nr != -1;			/* -1: the tracer skips it */
	}
	/* After the tracer's stop, so the filters see its changes (Linux's
	 * syscall_trace_enter()); a TRACE answer may change the call. */
	if (run && unlikely(current->seccomp.mode)) {
		run = __secure_computing(regs) == 0;	/* else rax holds the answer */
		nr = (long)regs->orig_rax;
	}
	if (likely(run)) {
		u64 args[6] = { regs->rdi, regs->rsi, regs->rdx, regs->r10,
				regs->r8, regs->r9 };

		regs->rax = (u64)invoke_syscall((u64)nr, args);
	}
	if (unlikely(current->ptrace))
		ptrace_syscall_exit(regs, nr);
	arch_local_irq_disable();
	irqentry_exit(regs);	/* signals, rescheduling */
	return can_sysret(regs);
}

static void bare_syscall_release_here(void *task)
{
	if (this_cpu_read(bare_syscall_owner) == task) {
		wrmsr(MSR_LSTAR, (u64)entry_SYSCALL_64);
		this_cpu_write(bare_syscall_owner, NULL);
	}
}

/*
 * tb_bare_syscall(on) (arch/x86_64/bare_syscall.h): the physical limit of
 * a system call, for bench.
 *
 * With on = 1 this CPU's MSR_LSTAR points at entry_SYSCALL_bare, which
 * turns a syscall with rax == TB_BARE_SYSCALL_MAGIC straight round with
 * sysretq (nothing saved, no stack, no swapgs) and sends every other
 * number on to entry_SYSCALL_64: other tasks on the CPU pay one compare
 * and branch. A ring-3 loop of "mov $MAGIC, %eax; syscall" then times
 * the bare instruction pair. on = 0 puts the normal entry back; so does
 * the owner's exit. The caller must be pinned to this one CPU (LSTAR is
 * per CPU), and only one task may own a CPU's stub.
 */
long sys_tb_bare_syscall(int on)
{
	struct task_struct *owner = this_cpu_read(bare_syscall_owner);

	if (on == 0 && owner == current) {
		bare_syscall_release_here(current);
		return 0;
	}
	if (on != 1 || current->cpus_allowed != 1ull << smp_processor_id())
		return -EINVAL;		/* not the owner, or not pinned */
	if (owner && owner != current)
		return -EBUSY;
	this_cpu_write(bare_syscall_owner, current);
	current->thread.bare_syscall = true;
	wrmsr(MSR_LSTAR, (u64)entry_SYSCALL_bare);
	return 0;
}

void bare_syscall_release(struct task_struct *p)
{
	bool elsewhere = false;

	if (!p->thread.bare_syscall)
		return;		/* every other exit: nothing to look for */
	preempt_disable();
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (READ_ONCE(percpu_area[cpu].bare_syscall_owner) == p)
			elsewhere |= cpu != smp_processor_id();
	if (elsewhere)		/* its affinity changed after turning it on */
		smp_call_function(bare_syscall_release_here, p);
	bare_syscall_release_here(p);
	preempt_enable();
}
