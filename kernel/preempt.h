/*
 * preempt_count and the context tests, with Linux's bit layout
 * (include/linux/preempt.h):
 *
 *         PREEMPT_MASK: 0x000000ff   preempt_disable() depth
 *         SOFTIRQ_MASK: 0x0000ff00   bottom halves disabled / running
 *         HARDIRQ_MASK: 0x000f0000   hardware interrupt nesting
 *             NMI_MASK: 0x00f00000   NMI nesting
 *
 * The count lives in the per-CPU area, as on x86_64 Linux: interrupts
 * nest per CPU, and a task is only switched out with a known count.
 * in_task() is true in process context: a system call, an exception,
 * a kernel thread; false in any interrupt, softirq or NMI.
 */
#ifndef KERNEL_PREEMPT_H
#define KERNEL_PREEMPT_H

#include "asm/percpu.h"

#define PREEMPT_BITS 8
#define SOFTIRQ_BITS 8
#define HARDIRQ_BITS 4
#define NMI_BITS 4

#define PREEMPT_SHIFT 0
#define SOFTIRQ_SHIFT (PREEMPT_SHIFT + PREEMPT_BITS)
#define HARDIRQ_SHIFT (SOFTIRQ_SHIFT + SOFTIRQ_BITS)
#define NMI_SHIFT (HARDIRQ_SHIFT + HARDIRQ_BITS)

#define __IRQ_MASK(x) ((1UL << (x)) - 1)
#define PREEMPT_MASK (__IRQ_MASK(PREEMPT_BITS) << PREEMPT_SHIFT)
#define SOFTIRQ_MASK (__IRQ_MASK(SOFTIRQ_BITS) << SOFTIRQ_SHIFT)
#define HARDIRQ_MASK (__IRQ_MASK(HARDIRQ_BITS) << HARDIRQ_SHIFT)
#define NMI_MASK (__IRQ_MASK(NMI_BITS) << NMI_SHIFT)

#define PREEMPT_OFFSET (1UL << PREEMPT_SHIFT)
#define SOFTIRQ_OFFSET (1UL << SOFTIRQ_SHIFT)
#define HARDIRQ_OFFSET (1UL << HARDIRQ_SHIFT)
#define NMI_OFFSET (1UL << NMI_SHIFT)
/* local_bh_disable() adds twice SOFTIRQ_OFFSET; serving a softirq adds one. */
#define SOFTIRQ_DISABLE_OFFSET (2 * SOFTIRQ_OFFSET)

static inline int preempt_count(void)
{
	return this_cpu_read(preempt_count);
}

static inline void __preempt_count_add(int val)
{
	this_cpu_add(preempt_count, val);
	barrier();
}

static inline void __preempt_count_sub(int val)
{
	barrier();
	this_cpu_add(preempt_count, -val);
}

#define hardirq_count() (preempt_count() & HARDIRQ_MASK)
#define softirq_count() (preempt_count() & SOFTIRQ_MASK)
#define irq_count() (preempt_count() & (HARDIRQ_MASK | SOFTIRQ_MASK | NMI_MASK))

#define in_nmi() (preempt_count() & NMI_MASK)
#define in_hardirq() (hardirq_count())
#define in_serving_softirq() (softirq_count() & SOFTIRQ_OFFSET)
#define in_softirq() (softirq_count())
#define in_interrupt() (irq_count())
#define in_task() (!(preempt_count() & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_OFFSET)))
#define in_atomic() (preempt_count() != 0)

/* "process", "softirq", "hardirq" or "NMI": the context we run in now. */
static inline const char *context_name(void)
{
	if (in_nmi())
		return "NMI";
	if (in_hardirq())
		return "hardirq";
	if (in_serving_softirq())
		return "softirq";
	return "process";
}

#define preempt_disable() __preempt_count_add(1)
/* Re-enable preemption, and reschedule if that was asked for meanwhile. */
void preempt_enable(void);
#define preempt_enable_no_resched() __preempt_count_sub(1)

#endif
