/*
 * Sleeping for a while in process context: msleep() and the calls a
 * module makes (Linux's msleep(), msleep_interruptible() and
 * usleep_range() of kernel/time/timer.c, and ssleep()), and nanosleep's
 * wait (time.c). All are sleep_until_ns(): the TSC clock decides when a
 * sleep is over; the tick only wakes the sleeper to look, so a sleep
 * lasts at least what was asked and at most about one tick (10 ms) more.
 * Other tasks run meanwhile.
 *
 * A task's timer slack (prctl PR_SET_TIMERSLACK, /proc/<pid>/timerslack_ns)
 * is how much later than asked Linux may end its sleeps, to batch
 * wake-ups; it is kept, inherited and reported as Linux does (50 us by
 * default), but here the tick decides, so it changes nothing.
 */
#include "kernel/time/time.h"
#include "kernel/module/module.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/task.h"

#define TIMER_SLACK_DEFAULT 50000ull	/* ns, Linux's init_task's */

u64 sleep_until_ns(u64 end_ns, unsigned int state)
{
	u64 now;

	might_sleep();
	for (now = ktime_get_ns(); now < end_ns; now = ktime_get_ns()) {
		/* The state first, then the check: a signal sent in between
		 * finds us asleep and wakes us. */
		set_current_state(state);
		if ((state & TASK_INTERRUPTIBLE) && signal_pending(current)) {
			__set_current_state(TASK_RUNNING);
			return end_ns - now;
		}
		schedule_timeout((end_ns - now) / (NSEC_PER_SEC / HZ) + 1);
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}

void msleep(unsigned int ms)
{
	sleep_until_ns(ktime_get_ns() + (u64)ms * 1000000, TASK_UNINTERRUPTIBLE);
}
EXPORT_SYMBOL(msleep);

unsigned long msleep_interruptible(unsigned int ms)
{
	u64 left = sleep_until_ns(ktime_get_ns() + (u64)ms * 1000000,
				  TASK_INTERRUPTIBLE);

	return (unsigned long)((left + 999999) / 1000000);
}
EXPORT_SYMBOL(msleep_interruptible);

void ssleep(unsigned int seconds)
{
	msleep(seconds * 1000);
}
EXPORT_SYMBOL(ssleep);

/* Linux lets the timer fire anywhere in [min, max] to batch wake-ups;
 * here the tick decides, so @max only documents the caller's slack. */
void usleep_range(unsigned long min, unsigned long max)
{
	sleep_until_ns(ktime_get_ns() + (u64)min * 1000, TASK_UNINTERRUPTIBLE);
}
EXPORT_SYMBOL(usleep_range);

u64 task_timer_slack(const struct task_struct *p)
{
	u64 slack = READ_ONCE(p->timer_slack_ns);

	return slack ? slack : TIMER_SLACK_DEFAULT;
}

void set_timer_slack(struct task_struct *p, u64 ns)
{
	WRITE_ONCE(p->timer_slack_ns, ns ? ns : p->default_timer_slack_ns);
}

void timer_slack_fork(struct task_struct *p)
{
	p->timer_slack_ns = p->default_timer_slack_ns = task_timer_slack(current);
}
