/*
 * Self-tests for SMP: every online CPU takes timer ticks and runs tasks;
 * many threads sleep, wake and update shared counters across CPUs for a
 * bounded time (exact totals, no lost wake-ups, no deadlock); an NMI
 * reaches every CPU (the sysrq-l backtrace path).
 */
#include "asm/irq.h"
#include "arch/x86_64/mmu.h"
#include "asm/tlbflush.h"
#include "kernel/mm/kstack.h"
#include "kernel/mm/page_alloc.h"
#include "asm/percpu.h"
#include "asm/smp.h"
#include "arch/x86_64/traps.h"
#include "kernel/exit.h"
#include "kernel/fork.h"
#include "kernel/ktest.h"
#include "kernel/sched/sched.h"
#include "kernel/locking/spinlock.h"
#include "kernel/time/time.h"
#include "kernel/sched/wait.h"
#include "asm/irqflags.h"

#define STRESS_THREADS 16
#define STRESS_ROUNDS 300

static DEFINE_SPINLOCK(stress_lock);
static u64 stress_counter;		/* protected by stress_lock */
static u64 stress_cpus_seen;		/* CPUs that ran a stress thread */

struct pingpong {
	struct completion ping, pong;
};

static struct pingpong pairs[STRESS_THREADS / 2];

static unsigned int count_bits(u64 v)
{
	unsigned int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

static void count_one(void)
{
	unsigned long flags = spin_lock_irqsave(&stress_lock);

	stress_counter++;
	stress_cpus_seen |= 1ull << smp_processor_id();
	spin_unlock_irqrestore(&stress_lock, flags);
}

/* Even threads ping, odd threads pong: a lost wake-up hangs the test. */
static int stress_thread(void *arg)
{
	long id = (long)arg;
	struct pingpong *pp = &pairs[id / 2];

	for (int r = 0; r < STRESS_ROUNDS; r++) {
		for (int spin = 0; spin < 2000; spin++)
			cpu_relax();
		count_one();
		if (id % 2 == 0) {
			complete(&pp->ping);
			wait_for_completion(&pp->pong);
		} else {
			wait_for_completion(&pp->ping);
			complete(&pp->pong);
		}
		if (r % 50 == 0)
			msleep(1);
	}
	return 0;
}

KTEST(smp_stress_sleep_wake_counters)
{
	pid_t pids[STRESS_THREADS];
	int reaped = 0;

	stress_counter = 0;
	stress_cpus_seen = 0;
	for (int i = 0; i < STRESS_THREADS / 2; i++) {
		init_completion(&pairs[i].ping);
		init_completion(&pairs[i].pong);
	}
	for (long i = 0; i < STRESS_THREADS; i++)
		pids[i] = kernel_thread(stress_thread, (void *)i, "ktest-stress", 0);
	for (int i = 0; i < STRESS_THREADS; i++)
		reaped += kernel_wait(pids[i], NULL) == pids[i];
	KT_EXPECT(t, reaped == STRESS_THREADS);
	KT_EXPECTF(t, stress_counter == (u64)STRESS_THREADS * STRESS_ROUNDS,
		   "counter %lu", (unsigned long)stress_counter);
	KT_EXPECTF(t, count_bits(stress_cpus_seen) == num_online_cpus(),
		   "ran on CPU mask 0x%lx of %u CPUs",
		   (unsigned long)stress_cpus_seen, num_online_cpus());
}

static volatile bool busy_stop;

/* Work for a few ms, sleep a little: keeps every CPU's queue fed. */
static int busy_sleeper(void *arg)
{
	while (!READ_ONCE(busy_stop)) {
		u64 end = ktime_get_ns() + 3000000;

		while (ktime_get_ns() < end && !READ_ONCE(busy_stop))
			cpu_relax();
		msleep(1);
	}
	return 0;
}

/* Has every online CPU taken a tick and switched a task since @ticks
 * and @switches were read? */
static bool every_cpu_moved(const u64 *ticks, const u64 *switches)
{
	unsigned int cpu;

	for_each_online_cpu(cpu)
		if (percpu_area[cpu].irq_count[LOCAL_TIMER_VECTOR] <= ticks[cpu] ||
		    percpu_area[cpu].nr_switches <= switches[cpu])
			return false;
	return true;
}

/* With work for every CPU, each takes timer interrupts and switches
 * tasks. 300 ms is plenty for a CPU that runs; under TCG on a loaded
 * host a vCPU's thread may not run for that long, so the test waits up
 * to 5 s for the last one before it says which did not move. */
KTEST(every_cpu_ticks_and_switches)
{
	u64 ticks[NR_CPUS], switches[NR_CPUS];
	pid_t pids[2 * NR_CPUS];
	unsigned int cpu, n = 2 * num_online_cpus();

	for_each_online_cpu(cpu) {
		ticks[cpu] = percpu_area[cpu].irq_count[LOCAL_TIMER_VECTOR];
		switches[cpu] = percpu_area[cpu].nr_switches;
	}
	busy_stop = false;
	for (unsigned int i = 0; i < n; i++)
		pids[i] = kernel_thread(busy_sleeper, NULL, "ktest-busy", 0);
	msleep(300);
	for (int waited = 300; waited < 5000 && !every_cpu_moved(ticks, switches);
	     waited += 50)
		msleep(50);
	busy_stop = true;
	for (unsigned int i = 0; i < n; i++)
		kernel_wait(pids[i], NULL);
	for_each_online_cpu(cpu) {
		KT_EXPECTF(t, percpu_area[cpu].irq_count[LOCAL_TIMER_VECTOR] >
			   ticks[cpu], "CPU%u took no timer interrupt", cpu);
		KT_EXPECTF(t, percpu_area[cpu].nr_switches > switches[cpu],
			   "CPU%u switched no task", cpu);
	}
}

KTEST(nmi_reaches_every_cpu)
{
	u64 before[NR_CPUS];
	unsigned int cpu;

	for_each_online_cpu(cpu)
		before[cpu] = percpu_area[cpu].irq_count[2];
	nmi_backtrace_all_cpus();
	for_each_online_cpu(cpu)
		KT_EXPECTF(t, percpu_area[cpu].irq_count[2] > before[cpu],
			   "CPU%u took no NMI", cpu);
}

struct tlb_probe {
	volatile u64 *va;
	u64 seen[NR_CPUS];
};

static void read_probe(void *data)
{
	struct tlb_probe *p = data;

	p->seen[smp_processor_id()] = *p->va;
}

/*
 * Every CPU reads a page (caching its translation), the page behind the
 * address is replaced and flush_tlb_kernel_range() runs: every CPU must
 * then read the new page's contents, not the old one through a stale TLB.
 */
KTEST(tlb_shootdown_reaches_every_cpu)
{
	u64 *block = kstack_alloc();
	struct tlb_probe probe = { .va = block };
	struct page *fresh = alloc_pages(GFP_KERNEL, 0);
	u64 *old_pte, old_phys;
	unsigned int cpu;

	KT_EXPECT(t, block && fresh);
	if (!block || !fresh)
		return;
	*block = 0x1111;
	*(u64 *)page_address(fresh) = 0x2222;
	read_probe(&probe);
	smp_call_function(read_probe, &probe);
	old_pte = kernel_lookup_pte((u64)block);
	old_phys = *old_pte & PTE_ADDR_MASK;
	*old_pte = (page_to_pfn(fresh) << PAGE_SHIFT) | PAGE_KERNEL;
	flush_tlb_kernel_range((u64)block, (u64)block + PAGE_SIZE);
	read_probe(&probe);
	smp_call_function(read_probe, &probe);
	for_each_online_cpu(cpu)
		KT_EXPECTF(t, probe.seen[cpu] == 0x2222, "CPU%u read %lx", cpu,
			   (unsigned long)probe.seen[cpu]);
	/* Put the original page back so kstack_free() frees what it owns. */
	*old_pte = old_phys | PAGE_KERNEL;
	flush_tlb_kernel_range((u64)block, (u64)block + PAGE_SIZE);
	__free_pages(fresh, 0);
	kstack_free(block);
}
