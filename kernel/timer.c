/*
 * The timer tick. CPU 0 advances jiffies; every CPU raises its timer
 * softirq, which runs on the way out of the interrupt (softirq context)
 * and gives the scheduler its tick.
 */
#include "kernel/timer.h"
#include "kernel/softirq.h"
#include "arch/x86_64/percpu.h"

volatile u64 jiffies;

void timer_tick(struct pt_regs *regs)
{
	if (smp_processor_id() == 0)
		jiffies++;
	raise_softirq(TIMER_SOFTIRQ);
}
