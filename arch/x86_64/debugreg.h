/*
 * The debug registers, private to arch/x86_64 (Linux's asm/debugreg.h):
 * DR0-DR3 hold breakpoint addresses, DR7 enables them and says what each
 * watches (execute, write, read/write) and how wide; DR6 says what the
 * last #DB was for.
 * Only a tracer sets them, through PTRACE_POKEUSER
 * (arch/x86_64/hw_breakpoint.c); the context switch loads them for the
 * tasks that have some and costs one test for every other task.
 */
#ifndef ARCH_X86_64_DEBUGREG_H
#define ARCH_X86_64_DEBUGREG_H

#include "asm/ptrace.h"
#include "lib/types.h"

#define HBP_NUM 4			/* DR0-DR3 */
#define DR_TRAP_BITS 0xful		/* DR6: B0-B3, which breakpoint hit */
#define DR_STEP 0x4000ul		/* DR6: BS, a single-step trap */
/* The DR6 bits that read as 1: kept in "positive polarity" (flipped) so
 * that a 1 always means "this happened", as Linux keeps virtual_dr6. */
#define DR6_RESERVED 0xffff0ff0ul

struct task_struct;

/* PEEKUSER of debug register @n (0-7) of @t: DR6 as its last #DB left
 * it, the others as the tracer wrote them. */
u64 ptrace_get_debugreg(struct task_struct *t, int n);
/* POKEUSER of debug register @n of stopped tracee @t: 0, -EIO (DR4,
 * DR5) or -EINVAL (a kernel address, a bad type, length or alignment). */
int ptrace_set_debugreg(struct task_struct *t, int n, u64 v);
/* Load @next's breakpoints into this CPU (or clear the CPU's). */
void switch_debugregs(struct task_struct *next);
/* exec: current's breakpoints go (Linux does not keep them either). */
void flush_ptrace_hw_breakpoint(struct task_struct *t);
/* #DB (vector 1), from user mode on the task's stack, from kernel mode
 * on the #DB IST stack: a SIGTRAP for user mode, nothing for the kernel. */
void exc_debug(struct pt_regs *regs);

#endif
