/*
 * SMP: the online CPUs and inter-processor interrupts.
 *
 *   RESCHEDULE_VECTOR     "look at the run queue": the handler does
 *                         nothing, the interrupt exit path schedules
 *   CALL_FUNCTION_VECTOR  run a function here (smp_call_function)
 *   NMI                   stop (panic) or backtrace (sysrq-l)
 */
#include "arch/x86_64/smp.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/irqflags.h"
#include "arch/x86_64/percpu.h"
#include "kernel/spinlock.h"
#include "lib/bug.h"

struct call_data {
	void (*fn)(void *);
	void *info;
	int pending;		/* CPUs that have not finished yet */
};

static struct call_data *call_data;
static DEFINE_SPINLOCK(call_lock);

unsigned int num_online_cpus(void)
{
	unsigned int n = 0;

	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		n += cpu_online(cpu);
	return n;
}

bool cpu_online(unsigned int cpu)
{
	return cpu < NR_CPUS && READ_ONCE(percpu_area[cpu].online);
}

void smp_call_function(void (*fn)(void *), void *info)
{
	struct call_data data = { fn, info, 0 };
	unsigned int me, cpu;

	/* Waiting with interrupts off could deadlock with another caller. */
	BUG_ON(arch_irqs_disabled());
	spin_lock(&call_lock);
	me = smp_processor_id();
	data.pending = (int)num_online_cpus() - 1;
	__atomic_store_n(&call_data, &data, __ATOMIC_RELEASE);
	for_each_online_cpu(cpu)
		if (cpu != me)
			lapic_send_ipi(percpu_area[cpu].apic_id,
				       CALL_FUNCTION_VECTOR);
	while (__atomic_load_n(&data.pending, __ATOMIC_ACQUIRE) > 0)
		cpu_relax();
	call_data = NULL;
	spin_unlock(&call_lock);
}

static void call_function_interrupt(struct pt_regs *regs, void *unused)
{
	struct call_data *d = __atomic_load_n(&call_data, __ATOMIC_ACQUIRE);

	if (!d)
		return;
	d->fn(d->info);
	__atomic_sub_fetch(&d->pending, 1, __ATOMIC_RELEASE);
}

/* Nothing to do here: irqentry_exit() sees need_resched and switches. */
static void reschedule_interrupt(struct pt_regs *regs, void *unused)
{
}

void smp_prepare_boot_cpu(void)
{
	set_vector_handler(RESCHEDULE_VECTOR, reschedule_interrupt, "RES");
	set_vector_handler(CALL_FUNCTION_VECTOR, call_function_interrupt, "CAL");
	percpu_area[0].online = 1;
}
