/*
 * x86_64 task state: a new thread's first frame, what changes per CPU on
 * every switch, address spaces, idle.
 */
#include "arch/x86_64/process.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/mmu.h"
#include "kernel/mm.h"
#include "lib/bug.h"

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
}

void arch_switch_to(struct task_struct *prev, struct task_struct *next)
{
	u64 top = task_stack_top(next);

	/* An interrupt or system call from ring 3 lands on next's stack. */
	tss_set_rsp0(top);
	this_cpu_write(top_of_stack, top);
	this_cpu_write(curr_pid, next->pid);
	__builtin_memcpy(this_cpu()->curr_comm, next->comm, TASK_COMM_LEN);
	if (prev->mm || next->mm) {
		prev->thread.fsbase = rdmsr(MSR_FS_BASE);
		wrmsr(MSR_FS_BASE, next->thread.fsbase);
	}
}

u64 *kernel_pgd(void)
{
	return init_top_pgt;
}

void switch_mm(struct task_struct *prev, struct task_struct *next)
{
	struct mm_struct *mm = next->mm ? next->mm : prev->active_mm;

	/* A kernel thread borrows the last address space (lazy TLB). */
	if (!mm)
		mm = &init_mm;
	next->active_mm = mm;
	if (read_cr3() != virt_to_phys(mm->pgd))
		write_cr3(virt_to_phys(mm->pgd));
}

/* Kernel threads keep no arch state beyond their stack (user FPU state
 * will be released here). */
void arch_exit_thread(struct task_struct *p)
{
}

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
