/*
 * The context switch and the first steps of a new task.
 *
 *   struct task_struct *__switch_to_asm(struct task_struct *prev,
 *                                       struct task_struct *next);
 *   void ret_from_fork(void);
 *
 * __switch_to_asm pushes the callee-saved registers on prev's kernel
 * stack (a struct inactive_task_frame, with the return address on top),
 * saves rsp in prev->thread.sp, loads next->thread.sp and pops next's
 * frame. Everything else the C compiler may already have saved itself.
 * It returns prev, in next's context, so next can finish the switch.
 */
#include "generated/asm-offsets.h"

	.text
	.globl __switch_to_asm
	.type __switch_to_asm, @function
__switch_to_asm:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, TASK_thread_sp(%rdi)
	movq TASK_thread_sp(%rsi), %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	movq %rdi, %rax
	ret
	.size __switch_to_asm, . - __switch_to_asm

/*
 * A new task starts here (its hand-made frame returns to it), with %rax =
 * the task that ran before it, %rbx = the function of a kernel thread
 * (0 for a user task) and %r12 = its argument.
 */
	.globl ret_from_fork
	.type ret_from_fork, @function
ret_from_fork:
	.cfi_startproc
	.cfi_undefined rip		/* the outermost frame of a new task */
	movq %rax, %rdi
	call schedule_tail
	testq %rbx, %rbx
	jz 1f
	movq %r12, %rdi
	call *%rbx
	movl %eax, %edi
	call kthread_exit		/* a kernel thread returned */
1:	jmp ret_to_user_from_fork
	.cfi_endproc
	.size ret_from_fork, . - ret_from_fork
