/*
 * User FPU/SSE state. The kernel itself never touches the FPU or SSE
 * registers (it is built with -mgeneral-regs-only), so a user thread's
 * x87/SSE state only needs saving when another user thread takes the CPU:
 * context switches save it (fxsave) into the thread's 512-byte area and
 * load the next one's (eager switching, as Linux does today). The area
 * hangs off task->thread.fpu (asm/processor.h).
 */
#ifndef ASM_X86_64_FPU_H
#define ASM_X86_64_FPU_H

#include "lib/types.h"

struct task_struct;

#define FPU_STATE_SIZE 512

/* Give @p a fresh FPU state (exec), or a copy of @from's (clone). 0 or
 * -ENOMEM. */
int fpu_alloc(struct task_struct *p, const struct task_struct *from);
void fpu_free(struct task_struct *p);
/* Reset current's FPU state to the power-on default (execve). */
void fpu_reset_current(void);
/* Save @prev's registers and load @next's (either may be a kthread). */
void fpu_switch(struct task_struct *prev, struct task_struct *next);
/* Save current's registers into its area (before copying it). */
void fpu_save_current(void);
/* Load current's registers from its area (after rt_sigreturn filled it). */
void fpu_restore_current(void);

#endif
