/*
 * SMP: the online CPUs and inter-processor interrupts.
 *
 *   RESCHEDULE_VECTOR     "look at the run queue": the handler does
 *                         nothing, the interrupt exit path schedules
 *   CALL_FUNCTION_VECTOR  run a function here (smp_call_function)
 *   NMI                   stop (panic) or backtrace (sysrq-l)
 *
 * Bringing up an application processor (AP), as the MP spec and Linux do:
 * the boot CPU gives it an idle task, IRQ and IST stacks, copies the
 * trampoline (trampoline.S) below 1 MiB, and sends INIT, then STARTUP
 * (twice if needed). The AP runs the trampoline from real mode into long
 * mode and arrives in secondary_start() on its idle task's stack, sets
 * up its own GDT/TSS/IDT, GS base and LAPIC timer, says it is online and
 * becomes idle: from then on the scheduler gives it work.
 */
#include "kernel/locking/lockdep.h"
#include "asm/smp.h"
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "asm/io.h"
#include "asm/stacktrace.h"
#include "arch/x86_64/mmu.h"
#include "asm/processor.h"
#include "kernel/task.h"
#include "arch/x86_64/smp_boot.h"
#include "kernel/printk/printk.h"
#include "kernel/sched/sched.h"
#include "kernel/time/time.h"
#include "lib/string.h"
#include "asm/irq.h"
#include "asm/irqflags.h"
#include "asm/percpu.h"
#include "kernel/locking/spinlock.h"
#include "lib/bug.h"
#include "kernel/module/module.h"

struct call_data {
	void (*fn)(void *);
	void *info;
	int pending;		/* CPUs that have not finished yet */
};

static struct call_data *call_data;
static DEFINE_SPINLOCK(call_lock);

_Static_assert(NR_CPUS <= 64, "cpu_online_mask is one u64");
u64 cpu_online_mask;
EXPORT_SYMBOL(cpu_online_mask);

/* CPU @cpu is up: its bit in cpu_online_mask, and percpu_area's flag. */
static void set_cpu_online(unsigned int cpu)
{
	__atomic_fetch_or(&cpu_online_mask, 1ull << cpu, __ATOMIC_RELEASE);
	__atomic_store_n(&percpu_area[cpu].online, 1, __ATOMIC_RELEASE);
}

unsigned int num_online_cpus(void)
{
	unsigned int n = 0;

	/* No popcnt: the kernel is built for any x86_64 (libgcc is not linked). */
	for (u64 m = READ_ONCE(cpu_online_mask); m; m &= m - 1)
		n++;
	return n;
}
EXPORT_SYMBOL(num_online_cpus);

/* True when CPU @cpu is up and taking work. */
bool cpu_online(unsigned int cpu)
{
	return cpu < NR_CPUS && READ_ONCE(percpu_area[cpu].online);
}
EXPORT_SYMBOL(cpu_online);

void smp_call_function_many(u64 mask, void (*fn)(void *), void *info)
{
	struct call_data data = { fn, info, 0 };
	unsigned int me, cpu;

	/* Waiting with interrupts off could deadlock with another caller. */
	lockdep_assert_irqs_enabled();
	spin_lock(&call_lock);
	me = smp_processor_id();
	mask &= ~(1ull << me);
	for_each_online_cpu(cpu)
		data.pending += (mask >> cpu) & 1;
	__atomic_store_n(&call_data, &data, __ATOMIC_RELEASE);
	for_each_online_cpu(cpu)
		if (mask & (1ull << cpu))
			lapic_send_ipi(percpu_area[cpu].apic_id,
				       CALL_FUNCTION_VECTOR);
	while (__atomic_load_n(&data.pending, __ATOMIC_ACQUIRE) > 0)
		cpu_relax();
	call_data = NULL;
	spin_unlock(&call_lock);
}

void smp_call_function(void (*fn)(void *), void *info)
{
	smp_call_function_many(~0ull, fn, info);
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
	set_cpu_online(0);
}

extern char trampoline_start[], trampoline_end[], trampoline_params[];
extern u64 *init_top_pgt;
static volatile unsigned int booting_cpu;

/* The AP's first C code, on its idle task's stack (see trampoline.S). */
static __noreturn void secondary_start(void)
{
	unsigned int cpu = booting_cpu;
	struct task_struct *idle = idle_task(cpu);

	gdt_init(cpu);
	percpu_setup(cpu);
	idt_load();
	cpu_init_features();
	syscall_init();
	this_cpu_write(current_task, idle);
	tss_set_rsp0(task_stack_top(idle));
	lapic_init(acpi.lapic_phys);
	this_cpu()->apic_id = lapic_id();
	lapic_timer_start();
	pr_info("CPU%u: online, APIC id %u, idle task %s\n", cpu,
		this_cpu()->apic_id, idle->comm);
	set_cpu_online(cpu);
	cpu_idle();
}

/*
 * The MP specification waits 10 ms between INIT and STARTUP, for the
 * external APICs of the 486 era. CPUs with the APIC inside (Intel family
 * 6 on, AMD family 15 on) need no wait; Linux skips it for them too.
 */
static bool init_needs_delay(void)
{
	const struct cpuinfo_x86 *c = &boot_cpu_data;

	if (!strcmp(c->vendor, "GenuineIntel"))
		return c->family < 6;
	if (!strcmp(c->vendor, "AuthenticAMD"))
		return c->family < 15;
	return true;
}

/* INIT, then STARTUP until the AP answers; true when it came online. */
static bool wake_ap(unsigned int cpu, u32 apic_id)
{
	u64 deadline;

	lapic_send_init(apic_id);
	if (init_needs_delay())
		udelay(10000);
	for (int tries = 0; tries < 2; tries++) {
		lapic_send_startup(apic_id, TRAMPOLINE_PHYS >> 12);
		deadline = ktime_get_ns() + 2 * NSEC_PER_SEC;
		while (ktime_get_ns() < deadline) {
			if (cpu_online(cpu))
				return true;
			cpu_relax();
		}
	}
	return false;
}

static bool boot_ap(unsigned int cpu, u32 apic_id)
{
	struct trampoline_params *tp = phys_to_virt(TRAMPOLINE_PHYS +
		(trampoline_params - trampoline_start));
	struct task_struct *idle = idle_task_create(cpu);

	percpu_area[cpu].apic_id = apic_id;
	irq_stacks_init(cpu);
	tp->cr3 = (u32)virt_to_phys(init_top_pgt);
	tp->stack = task_stack_top(idle);
	tp->entry = (u64)secondary_start;
	booting_cpu = cpu;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return wake_ap(cpu, apic_id);
}

static void reload_cr3(void *unused)
{
	write_cr3(read_cr3());
}

void smp_init(void)
{
	unsigned int next = 1;
	u32 me = this_cpu()->apic_id;

	pr_info("smp: Bringing up secondary CPUs ...\n");
	identity_map_low(TRAMPOLINE_PHYS, PAGE_SIZE);
	memcpy(phys_to_virt(TRAMPOLINE_PHYS), trampoline_start,
	       trampoline_end - trampoline_start);
	for (u32 i = 0; i < acpi.nr_cpus; i++) {
		u32 apic_id = acpi.cpu_apic_id[i];

		if (apic_id == me)
			continue;
		if (next >= NR_CPUS) {
			pr_warn("smp: more than %d CPUs; the rest stay off\n", NR_CPUS);
			break;
		}
		if (boot_ap(next, apic_id))
			next++;
		else
			pr_err("smp: CPU%u (APIC id %u) did not come online\n",
			       next, apic_id);
	}
	identity_unmap_low();
	reload_cr3(NULL);
	if (num_online_cpus() > 1)
		smp_call_function(reload_cr3, NULL);
	pr_info("smp: Brought up 1 node, %u CPUs\n", num_online_cpus());
}
