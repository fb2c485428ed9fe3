/*
 * Interval timers: setitimer/getitimer(ITIMER_REAL) and alarm, which
 * musl's alarm() and sleep-with-timeout patterns use. The timer is a
 * kernel timer per process that sends SIGALRM when it fires (and re-arms
 * itself for an interval). ITIMER_VIRTUAL/PROF are not provided.
 */
#include "kernel/signal.h"
#include "kernel/tasklist.h"
#include "kernel/time/timer.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"

#define ITIMER_REAL 0
#define US_PER_TICK (1000000 / HZ)

struct timeval_k {
	s64 tv_sec, tv_usec;
};

struct itimerval_k {
	struct timeval_k it_interval, it_value;
};

static void it_real_fn(void *data)
{
	struct signal_struct *sig = data;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);

	if (sig->leader && !sig->group_exit)
		send_sig_process(SIGALRM, sig->leader);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (sig->it_real_interval)
		mod_timer(&sig->real_timer, jiffies + sig->it_real_interval);
}

static u64 tv_to_ticks(const struct timeval_k *tv)
{
	u64 us = (u64)tv->tv_sec * 1000000 + (u64)tv->tv_usec;

	return (us + US_PER_TICK - 1) / US_PER_TICK;
}

static struct timeval_k ticks_to_tv(u64 ticks)
{
	return (struct timeval_k){ (s64)(ticks / HZ),
				   (s64)(ticks % HZ * US_PER_TICK) };
}

/* What is left of the timer, in ticks (0: not armed). */
static u64 remaining(struct signal_struct *sig)
{
	if (list_empty(&sig->real_timer.entry))
		return 0;
	return (s64)(sig->real_timer.expires - jiffies) > 0 ?
	       sig->real_timer.expires - jiffies : 1;
}

static void get_itimer(struct signal_struct *sig, struct itimerval_k *v)
{
	v->it_value = ticks_to_tv(remaining(sig));
	v->it_interval = ticks_to_tv(sig->it_real_interval);
}

/* getitimer(2): ITIMER_REAL only: the time left and the interval. */
long sys_getitimer(int which, struct itimerval_k __user *value)
{
	struct itimerval_k v;

	if (which != ITIMER_REAL)
		return -EINVAL;
	if (!current->signal->real_timer.function)
		timer_setup(&current->signal->real_timer, it_real_fn, current->signal);
	get_itimer(current->signal, &v);
	return copy_to_user(value, &v, sizeof(v)) ? -EFAULT : 0;
}

/* setitimer(2): arm or disarm ITIMER_REAL (SIGALRM); the old one goes
 * to @ovalue. */
long sys_setitimer(int which, const struct itimerval_k __user *value,
		   struct itimerval_k __user *ovalue)
{
	struct signal_struct *sig = current->signal;
	struct itimerval_k v, old;

	if (which != ITIMER_REAL)
		return -EINVAL;
	if (value && copy_from_user(&v, value, sizeof(v)))
		return -EFAULT;
	if (value && (v.it_value.tv_usec < 0 || v.it_value.tv_usec >= 1000000 ||
		      v.it_interval.tv_usec < 0 || v.it_interval.tv_usec >= 1000000 ||
		      v.it_value.tv_sec < 0 || v.it_interval.tv_sec < 0))
		return -EINVAL;
	if (!sig->real_timer.function)
		timer_setup(&sig->real_timer, it_real_fn, sig);
	sig->leader = current->group_leader;
	get_itimer(sig, &old);
	if (value) {
		del_timer(&sig->real_timer);
		sig->it_real_interval = tv_to_ticks(&v.it_interval);
		if (v.it_value.tv_sec || v.it_value.tv_usec)
			mod_timer(&sig->real_timer, jiffies + tv_to_ticks(&v.it_value));
	}
	if (ovalue && copy_to_user(ovalue, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* alarm(2): SIGALRM in @seconds (0: cancel); seconds that were left. */
long sys_alarm(unsigned int seconds)
{
	struct signal_struct *sig = current->signal;
	struct itimerval_k v = { { 0, 0 }, { seconds, 0 } }, old;
	u64 left;

	if (!sig->real_timer.function)
		timer_setup(&sig->real_timer, it_real_fn, sig);
	sig->leader = current->group_leader;
	get_itimer(sig, &old);
	left = (u64)old.it_value.tv_sec + (old.it_value.tv_usec >= 500000);
	del_timer(&sig->real_timer);
	sig->it_real_interval = 0;
	if (seconds)
		mod_timer(&sig->real_timer, jiffies + tv_to_ticks(&v.it_value));
	return (long)left;
}

/* The process is going away: its timer must not fire on freed memory. */
void itimer_exit(struct signal_struct *sig)
{
	if (sig->real_timer.function) {
		sig->it_real_interval = 0;
		del_timer(&sig->real_timer);
	}
}
