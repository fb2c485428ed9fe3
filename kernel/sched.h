/*
 * The scheduler's interface to the rest of the kernel.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "arch/x86_64/ptrace.h"

/* On the way out of an interrupt: preempt the interrupted task if due. */
void sched_irq_exit(struct pt_regs *regs);

#endif
