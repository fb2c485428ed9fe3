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
/* After a #DF: name the overflowed stack and its task, if that is what
 * happened. */
void report_stack_overflow(const struct pt_regs *regs, u64 cr2);

#endif
