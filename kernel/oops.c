/*
 * What the oops report says about the context it happened in.
 */
#include "arch/x86_64/traps.h"
#include "arch/x86_64/percpu.h"
#include "kernel/preempt.h"
#include "kernel/printk.h"

void oops_describe_context(const struct pt_regs *regs)
{
	pr_emerg("CPU: %u preempt_count: %x %s\n", smp_processor_id(),
		 preempt_count(), in_task() ? "(process context)" :
		 in_nmi() ? "(NMI context)" : in_hardirq() ? "(hardirq context)" :
		 "(softirq context)");
}
