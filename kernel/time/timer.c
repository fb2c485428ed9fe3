/*
 * The timer tick and kernel timers. CPU 0 advances jiffies; every CPU
 * does its scheduler accounting in the interrupt and raises the timer
 * softirq, which runs the timers that have expired once the interrupt
 * handler is done (softirq context, interrupts enabled again).
 */
#include "kernel/time/timer.h"
#include "kernel/time/time_kernel.h"
#include "kernel/sched/sched.h"
#include "kernel/softirq.h"
#include "kernel/locking/spinlock.h"
#include "asm/irqflags.h"
#include "asm/percpu.h"
#include "kernel/module/module.h"

volatile u64 jiffies;
EXPORT_SYMBOL(jiffies);
static LIST_HEAD(pending_timers);	/* sorted by expires */
static DEFINE_SPINLOCK(timer_lock);
/* The timer each CPU's softirq is running now, so that del_timer() can
 * wait for it: the timer (often on a stack) must outlive its handler. */
static struct timer_list *running_timer[NR_CPUS];

static bool timer_running(const struct timer_list *timer)
{
	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (running_timer[cpu] == timer)
			return true;
	return false;
}

void timer_tick(struct pt_regs *regs)
{
	if (smp_processor_id() == 0) {
		jiffies++;
		ntp_tick();
	}
	scheduler_tick(regs);
	raise_softirq(TIMER_SOFTIRQ);
}

void timer_setup(struct timer_list *timer, void (*fn)(void *), void *data)
{
	INIT_LIST_HEAD(&timer->entry);
	timer->function = fn;
	timer->data = data;
}

void mod_timer(struct timer_list *timer, u64 expires)
{
	unsigned long flags = spin_lock_irqsave(&timer_lock);
	struct timer_list *t;

	if (!list_empty(&timer->entry))
		list_del_init(&timer->entry);
	timer->expires = expires;
	list_for_each_entry(t, &pending_timers, entry)
		if ((s64)(t->expires - expires) > 0)
			break;
	list_add_tail(&timer->entry, &t->entry);	/* before t */
	spin_unlock_irqrestore(&timer_lock, flags);
}

/* A handler that re-arms its timer (it_real_fn) may do so while we wait
 * for it: take the timer off the list again after each wait. */
bool del_timer(struct timer_list *timer)
{
	unsigned long flags = spin_lock_irqsave(&timer_lock);
	bool was_pending = false;

	for (;;) {
		if (!list_empty(&timer->entry)) {
			list_del_init(&timer->entry);
			was_pending = true;
		}
		if (!timer_running(timer))
			break;
		spin_unlock_irqrestore(&timer_lock, flags);
		cpu_relax();
		flags = spin_lock_irqsave(&timer_lock);
	}
	spin_unlock_irqrestore(&timer_lock, flags);
	return was_pending;
}

/* The first expired timer, taken off the list and marked running. */
static struct timer_list *next_expired(unsigned int cpu)
{
	unsigned long flags = spin_lock_irqsave(&timer_lock);
	struct timer_list *t = NULL;

	running_timer[cpu] = NULL;
	if (!list_empty(&pending_timers)) {
		t = list_first_entry(&pending_timers, struct timer_list, entry);
		if ((s64)(jiffies - t->expires) >= 0) {
			list_del_init(&t->entry);
			running_timer[cpu] = t;
		} else {
			t = NULL;
		}
	}
	spin_unlock_irqrestore(&timer_lock, flags);
	return t;
}

/* TIMER_SOFTIRQ: run every timer whose time has come. */
static void run_timers(void)
{
	unsigned int cpu = smp_processor_id();
	struct timer_list *t;

	while ((t = next_expired(cpu)))
		t->function(t->data);
}

void timers_init(void)
{
	open_softirq(TIMER_SOFTIRQ, run_timers);
}
