/*
 * The scheduler. (Tasks arrive with the tasks work; until then there is
 * only the boot thread and nothing to switch to.)
 */
#include "kernel/sched.h"
#include "kernel/preempt.h"

void sched_irq_exit(struct pt_regs *regs)
{
}

void preempt_enable(void)
{
	__preempt_count_sub(1);
}
