/*
 * struct thread_struct: the CPU state of a task that is not running, the
 * last member of task_struct (Linux's name and place). Only what the
 * context switch itself does not leave on the task's kernel stack.
 */
#ifndef ARCH_X86_64_THREAD_H
#define ARCH_X86_64_THREAD_H

#include "lib/types.h"

struct thread_struct {
	u64 sp;			/* kernel rsp saved by __switch_to_asm */
	u64 fsbase;		/* user TLS base (arch_prctl ARCH_SET_FS) */
	u64 gsbase;		/* user GS base */
	void *fpu;		/* fxsave area of a user task, or NULL */
	u64 cr2;		/* last user fault: address, */
	u64 trap_nr;		/* vector */
	u64 error_code;		/* and error code, for the signal frame */
	bool bare_syscall;	/* called tb_bare_syscall(1): exit looks */
};

struct task_struct;

/*
 * Switch from @prev (current) to @next: save callee-saved registers on
 * prev's stack, store rsp in prev->thread.sp, load next's, restore.
 * Returns (on next's stack) the task that ran before next.
 */
struct task_struct *__switch_to_asm(struct task_struct *prev,
				    struct task_struct *next);

#endif
