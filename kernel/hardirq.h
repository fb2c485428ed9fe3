/*
 * Entering and leaving interrupt context. The arch interrupt path calls
 * irq_enter() before a handler and irq_exit() after it; irq_exit() runs
 * pending softirqs (still on the IRQ stack) and, when returning to a
 * preemptible context, lets the scheduler switch tasks.
 */
#ifndef KERNEL_HARDIRQ_H
#define KERNEL_HARDIRQ_H

#include "kernel/preempt.h"
#include "asm/ptrace.h"

static inline void irq_enter(void)
{
	__preempt_count_add(HARDIRQ_OFFSET);
}

void irq_exit(struct pt_regs *regs);

static inline void nmi_enter(void)
{
	__preempt_count_add(NMI_OFFSET + HARDIRQ_OFFSET);
}

static inline void nmi_exit(void)
{
	__preempt_count_sub(NMI_OFFSET + HARDIRQ_OFFSET);
}

#endif
