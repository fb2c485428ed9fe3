/*
 * Softirq processing and irq_exit(). A raised softirq sets a bit in this
 * CPU's pending mask; irq_exit() runs the pending ones when the interrupt
 * being left is the outermost one and no softirq is already running here.
 */
#include "kernel/softirq.h"
#include "asm/irqflags.h"
#include "kernel/hardirq.h"
#include "lib/bug.h"

static void (*softirq_vec[NR_SOFTIRQS])(void);
static const char *const names[NR_SOFTIRQS] = { "TIMER", "SCHED", "TEST" };
static u32 pending[NR_CPUS];
u64 softirq_count[NR_CPUS][NR_SOFTIRQS];

void open_softirq(unsigned int nr, void (*action)(void))
{
	BUG_ON(nr >= NR_SOFTIRQS);
	softirq_vec[nr] = action;
}

void raise_softirq(unsigned int nr)
{
	unsigned long flags = arch_local_irq_save();

	BUG_ON(nr >= NR_SOFTIRQS);
	pending[smp_processor_id()] |= 1u << nr;
	arch_local_irq_restore(flags);
}

const char *softirq_name(unsigned int nr)
{
	return nr < NR_SOFTIRQS ? names[nr] : "?";
}

void do_softirq(void)
{
	unsigned int cpu = smp_processor_id();
	u32 todo;
	int rounds = 0;

	BUG_ON(!arch_irqs_disabled());
	__preempt_count_add(SOFTIRQ_OFFSET);
	/* Softirqs raised while these run are handled too, a few rounds. */
	while ((todo = pending[cpu]) && rounds++ < 10) {
		pending[cpu] = 0;
		arch_local_irq_enable();
		for (unsigned int nr = 0; nr < NR_SOFTIRQS; nr++) {
			if (!(todo & (1u << nr)) || !softirq_vec[nr])
				continue;
			softirq_count[cpu][nr]++;
			softirq_vec[nr]();
		}
		arch_local_irq_disable();
	}
	__preempt_count_sub(SOFTIRQ_OFFSET);
}

void irq_exit(struct pt_regs *regs)
{
	__preempt_count_sub(HARDIRQ_OFFSET);
	if (!in_interrupt() && pending[smp_processor_id()])
		do_softirq();
}
