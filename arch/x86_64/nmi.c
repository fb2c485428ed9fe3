/*
 * NMIs: the one interrupt that cannot be masked, taken on its own IST
 * stack. Used to stop the other CPUs in a panic and to get a backtrace
 * from every CPU (sysrq-l).
 */
#include "arch/x86_64/apic.h"
#include "asm/io.h"
#include "arch/x86_64/traps.h"
#include "kernel/hardirq.h"
#include "kernel/panic.h"
#include "kernel/printk/printk.h"
#include "kernel/time/time.h"
#include "kernel/demo.h"
#include "asm/irqflags.h"
#include "asm/smp.h"
#include "asm/stacktrace.h"

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

static u64 backtrace_mask;	/* CPUs yet to print their backtrace */

static void nmi_backtrace_handler(struct pt_regs *regs)
{
	unsigned int cpu = smp_processor_id();

	if (!(__atomic_load_n(&backtrace_mask, __ATOMIC_ACQUIRE) & (1ull << cpu)))
		return;
	printk("NMI backtrace for cpu %u\n", cpu);
	current_affairs();
	if (!user_mode(regs)) {
		show_regs(regs);
		show_stack(regs->rsp, regs->rbp, KERN_INFO);
	}
	__atomic_and_fetch(&backtrace_mask, ~(1ull << cpu), __ATOMIC_RELEASE);
}

/*
 * sysrq-l: every online CPU, this one included, takes an NMI and prints
 * what it is doing. NMIs get through even where interrupts are off.
 */
void nmi_backtrace_all_cpus(void)
{
	u64 mask = 0, deadline;
	unsigned int cpu;

	for_each_online_cpu(cpu)
		mask |= 1ull << cpu;
	printk("sysrq: Show backtrace of all active CPUs\n");
	__atomic_store_n(&backtrace_mask, mask, __ATOMIC_RELEASE);
	set_nmi_callback(nmi_backtrace_handler);
	lapic_send_nmi_all();
	deadline = ktime_get_ns() + 2 * NSEC_PER_SEC;
	while (__atomic_load_n(&backtrace_mask, __ATOMIC_ACQUIRE) &&
	       ktime_get_ns() < deadline)
		cpu_relax();
	if (backtrace_mask)
		printk("NMI backtrace: no answer from CPU mask 0x%lx\n",
		       (unsigned long)backtrace_mask);
	set_nmi_callback(NULL);
}

void arch_stop_other_cpus(void)
{
	cpus_stopping = true;
	if (num_online_cpus() > 1)
		lapic_send_nmi_allbutself();
}
