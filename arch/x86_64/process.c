/*
 * x86_64 task state: a new thread's first frame, what changes per CPU on
 * every switch, address spaces, idle.
 */
#include "asm/pkru.h"
#include "asm/processor.h"
#include "kernel/task.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/debugreg.h"
#include "asm/fpu.h"
#include "asm/irqflags.h"
#include "arch/x86_64/segment.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "asm/io.h"
#include "arch/x86_64/mmu.h"
#include "kernel/mm/mm.h"
#include "lib/bug.h"
#include "kernel/locking/lockdep.h"
#include "kernel/preempt.h"

extern char ret_from_fork[];
extern u64 *init_top_pgt;

_Static_assert(offsetof(struct task_struct, thread_info) == 0,
	       "current relies on thread_info being first in task_struct");

void copy_thread_kernel(struct task_struct *p, int (*fn)(void *), void *arg)
{
	/* pt_regs space at the top, as for every task; the frame below. */
	struct inactive_task_frame *frame =
		(struct inactive_task_frame *)task_pt_regs(p) - 1;

	frame->rbx = (u64)fn;
	frame->r12 = (u64)arg;
	frame->rbp = 0;			/* ends the frame-pointer chain */
	frame->ret_addr = (u64)ret_from_fork;
	p->thread.sp = (u64)frame;
	p->thread.bare_syscall = false;
}

/*
 * A user task's first switch goes to ret_from_fork with %rbx = 0, which
 * returns to user mode with @p's pt_regs: a copy of the parent's (the
 * clone/fork system call being returned from), with rax = 0 for "I am
 * the child" and, for a thread, its own stack and TLS.
 */
void copy_thread_user(struct task_struct *p, u64 sp, u64 tls, bool set_tls)
{
	struct pt_regs *child = task_pt_regs(p);
	struct inactive_task_frame *frame = (struct inactive_task_frame *)child - 1;

	*child = *task_pt_regs(current);
	child->rax = 0;
	if (sp)
		child->rsp = sp;
	memset(frame, 0, sizeof(*frame));
	frame->ret_addr = (u64)ret_from_fork;
	p->thread.sp = (u64)frame;
	/* PKRU is inherited: the live register, the saved copy is from the
	 * last switch. */
	p->thread.pkru = arch_pkeys_enabled() ? rdpkru() : 0;
	p->thread.fsbase = set_tls ? tls : rdmsr(MSR_FS_BASE);
	p->thread.bare_syscall = false;
	p->thread.notsc = current->thread.notsc;	/* inherited, as Linux */
	io_bitmap_share(p);				/* so are the ports */
}

void arch_start_thread(struct pt_regs *regs, u64 ip, u64 sp)
{
	memset(regs, 0, sizeof(*regs));
	regs->rip = ip;
	regs->rsp = sp;
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	regs->eflags = X86_EFLAGS_IF | X86_EFLAGS_FIXED;
	regs->orig_rax = (u64)-1;
	current->thread.fsbase = 0;
	wrmsr(MSR_FS_BASE, 0);
	flush_ptrace_hw_breakpoint(current);	/* exec keeps none */
	pkru_reset_current();		/* and no protection-key rights */
}

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
#define ARCH_GET_CPUID 0x1011
#define ARCH_SET_CPUID 0x1012

/* arch_prctl(2): set or read the FS base (TLS). GS belongs to the kernel:
 * -EINVAL. CPUID always works (1); making it fault needs CPUID faulting,
 * which Taskbase does not use: -ENODEV, as Linux without it. */
long sys_arch_prctl(int code, u64 addr)
{
	switch (code) {
	case ARCH_SET_FS:
		if (addr >= TASK_SIZE_MAX)
			return -EPERM;
		current->thread.fsbase = addr;
		wrmsr(MSR_FS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		return put_user_u64(rdmsr(MSR_FS_BASE), (u64 *)addr);
	case ARCH_SET_GS:
	case ARCH_GET_GS:
		return -EINVAL;	/* GS belongs to the kernel (swapgs) */
	case ARCH_GET_CPUID:
		return 1;
	case ARCH_SET_CPUID:
		return -ENODEV;
	default:
		return -EINVAL;
	}
}

/* CR4.TSD on this CPU as @notsc says (interrupts off or preemption held:
 * the read and write of CR4 must not be split by a switch). */
static void tsd_set(bool notsc)
{
	u64 cr4 = read_cr4();

	write_cr4(notsc ? cr4 | X86_CR4_TSD : cr4 & ~X86_CR4_TSD);
}

long set_tsc_mode(unsigned long mode)
{
	if (mode != PR_TSC_ENABLE && mode != PR_TSC_SIGSEGV)
		return -EINVAL;
	preempt_disable();
	current->thread.notsc = mode == PR_TSC_SIGSEGV;
	tsd_set(current->thread.notsc);
	preempt_enable();
	return 0;
}

long get_tsc_mode(u64 addr)
{
	int mode = current->thread.notsc ? PR_TSC_SIGSEGV : PR_TSC_ENABLE;

	return copy_to_user((void *)addr, &mode, sizeof(mode)) ? -EFAULT : 0;
}

void arch_switch_to(struct task_struct *prev, struct task_struct *next)
{
	u64 top = task_stack_top(next);

	/* An interrupt or system call from ring 3 lands on next's stack. */
	tss_set_rsp0(top);
	this_cpu_write(top_of_stack, top);
	this_cpu_write(curr_pid, next->pid);
	__builtin_memcpy(this_cpu()->curr_comm, next->comm, TASK_COMM_LEN);
	if (unlikely(prev->thread.notsc != next->thread.notsc))
		tsd_set(next->thread.notsc);	/* one CR4 write, only then */
	if (prev->mm || next->mm) {
		prev->thread.fsbase = rdmsr(MSR_FS_BASE);
		wrmsr(MSR_FS_BASE, next->thread.fsbase);
	}
	if (unlikely(prev->thread.hw_dr7 | next->thread.hw_dr7))
		switch_debugregs(next);	/* a tracer's breakpoints */
	/* I/O ports: only when next has some or this TSS still shows some. */
	if (unlikely(next->thread.io_bitmap || next->thread.iopl_emul == 3 ||
		     this_cpu_read(tss.io_bitmap_base) != IO_BITMAP_OFFSET_INVALID))
		switch_io_bitmap(next);
	fpu_switch(prev, next);
}

u64 *kernel_pgd(void)
{
	return init_top_pgt;
}

void switch_to_mm(struct mm_struct *next)
{
	struct mm_struct *prev = this_cpu_read(loaded_mm);
	u64 me = 1ull << smp_processor_id();

	lockdep_assert_irqs_disabled();
	BUG_ON(!arch_irqs_disabled());
	if (!prev)
		prev = &init_mm;
	if (prev == next)
		return;
	/* Join next's mask before its tables can be cached here, leave
	 * prev's only once the CR3 write has dropped its entries: a
	 * shootdown that misses this CPU can then have nothing to do here. */
	__atomic_fetch_or(&next->cpu_mask, me, __ATOMIC_SEQ_CST);
	write_cr3(virt_to_phys(next->pgd));
	__atomic_fetch_and(&prev->cpu_mask, ~me, __ATOMIC_SEQ_CST);
	this_cpu_write(loaded_mm, next);
}

/*
 * Kernel threads run on init_mm's page tables. (Linux lets them borrow
 * the last user address space, "lazy TLB", to save a CR3 reload; that
 * needs reference counting so the borrowed tables cannot be freed, which
 * Taskbase trades for the reload.)
 */
void switch_mm(struct task_struct *prev, struct task_struct *next)
{
	struct mm_struct *mm = next->mm ? next->mm : &init_mm;

	next->active_mm = mm;
	switch_to_mm(mm);
}

/* An exiting task gives back what it holds of the CPU: the bare syscall
 * stub (tb_bare_syscall), if it left it on, and its I/O ports. */
void arch_exit_thread(struct task_struct *p)
{
	bare_syscall_release(p);
	io_bitmap_exit(p);
}

/* Arch state to free with the task: none on x86_64 today. */
void arch_release_thread(struct task_struct *p)
{
}

void arch_safe_halt(void)
{
	__asm__ __volatile__("sti; hlt" : : : "memory");
}

void arch_send_reschedule(unsigned int cpu)
{
	lapic_send_ipi(percpu_area[cpu].apic_id, RESCHEDULE_VECTOR);
}
