/*
 * The generic kernel's part of an oops report (kernel/oops.c): what the
 * arch's die() prints about the task and the stack the fault happened on.
 */
#ifndef KERNEL_OOPS_H
#define KERNEL_OOPS_H

#include "asm/ptrace.h"
#include "lib/types.h"

/* Print which CPU, task, context and stack an oops happened on. */
void oops_describe_context(const struct pt_regs *regs);
/* True when an oops at @regs may end only the current task: it is in a
 * module's code, in process context, on the task's stack. */
bool oops_may_kill_task(const struct pt_regs *regs, unsigned long vector);
/* Taint D, close the report and exit with @signr (never returns). */
__noreturn void make_task_dead(int signr);
/* After a #DF: name the overflowed stack and its task, if that is what
 * happened. */
void report_stack_overflow(const struct pt_regs *regs, u64 cr2);

#endif
