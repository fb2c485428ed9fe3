/*
 * NMIs: the one interrupt that cannot be masked, taken on its own IST
 * stack. Used to stop the other CPUs in a panic and to get a backtrace
 * from every CPU (sysrq-l).
 */
#include "arch/x86_64/apic.h"
#include "arch/x86_64/io.h"
#include "arch/x86_64/traps.h"
#include "kernel/hardirq.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

static volatile bool cpus_stopping;
static void (*nmi_callback)(struct pt_regs *regs);

/* Run @fn from the next NMI on each CPU (NULL to remove). */
void set_nmi_callback(void (*fn)(struct pt_regs *regs))
{
	nmi_callback = fn;
}

void do_nmi(struct pt_regs *regs)
{
	nmi_enter();
	if (cpus_stopping) {
		for (;;)
			halt();		/* interrupts are off in the NMI */
	}
	if (nmi_callback)
		nmi_callback(regs);
	else
		pr_warn("NMI received on CPU %u\n", smp_processor_id());
	nmi_exit();
}

void arch_stop_other_cpus(void)
{
	cpus_stopping = true;
	if (lapic_id() != ~0u && this_cpu()->online)
		lapic_send_nmi_allbutself();
}
