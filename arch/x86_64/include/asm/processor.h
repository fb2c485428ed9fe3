/*
 * The x86_64 half of task management: preparing a new task's first
 * switch, the per-switch CPU state (TSS rsp0, FS base), address-space
 * switching and idling.
 */
#ifndef ARCH_X86_64_PROCESS_H
#define ARCH_X86_64_PROCESS_H

#include "kernel/task.h"

/*
 * What __switch_to_asm() leaves on a task's stack when it switches away
 * (Linux's struct inactive_task_frame): callee-saved registers and the
 * address to return to. A new task gets a hand-made one that "returns"
 * to ret_from_fork.
 */
struct inactive_task_frame {
	u64 r15, r14, r13, r12, rbx, rbp;
	u64 ret_addr;
};

/* The pt_regs at the top of @p's kernel stack (user registers on entry). */
static inline struct pt_regs *task_pt_regs(const struct task_struct *p)
{
	return (struct pt_regs *)task_stack_top(p) - 1;
}

/* Set up a new kernel thread's stack so its first switch runs @fn(@arg). */
void copy_thread_kernel(struct task_struct *p, int (*fn)(void *), void *arg);
/* A user task's first frame: return to user mode as the clone child. */
void copy_thread_user(struct task_struct *p, u64 sp, u64 tls, bool set_tls);
/* execve: user registers for a fresh program at @ip with stack @sp. */
void arch_start_thread(struct pt_regs *regs, u64 ip, u64 sp);
/* Per-switch CPU state for @next (before the stack switch). */
void arch_switch_to(struct task_struct *prev, struct task_struct *next);
/* Load @next's address space if it differs from what this CPU has. */
void switch_mm(struct task_struct *prev, struct task_struct *next);
/* Load @next into CR3 unless this CPU has it already, keeping the mms'
 * cpu_mask (the CPUs a shootdown must reach) right. Interrupts off. */
void switch_to_mm(struct mm_struct *next);
/* Arch state to drop when a task exits / is freed. */
void arch_exit_thread(struct task_struct *p);
void arch_release_thread(struct task_struct *p);
/* sti; hlt: sleep until an interrupt, with no wake-up lost in between. */
void arch_safe_halt(void);
/* Ask @cpu to reschedule (an IPI). */
void arch_send_reschedule(unsigned int cpu);
/* Leave for user mode with @regs (the top of current's stack). */
__noreturn void enter_user_mode(struct pt_regs *regs);
/* Enable the syscall instruction on this CPU. */
void syscall_init(void);
/* Turn off the bare syscall stub wherever @p turned it on (exit); at
 * once if it never did. */
void bare_syscall_release(struct task_struct *p);
/* The kernel's top-level page table. */
u64 *kernel_pgd(void);

#endif
