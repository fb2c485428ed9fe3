/*
 * Interval timers (Linux's kernel/time/itimer.c): setitimer, getitimer
 * and alarm. ITIMER_REAL counts wall time: a kernel timer per process
 * sends SIGALRM when it fires (and re-arms itself for an interval).
 * ITIMER_VIRTUAL (the process's user time, SIGVTALRM) and ITIMER_PROF
 * (user + system time, SIGPROF) count CPU time; cputime.c checks them at
 * each tick. All three keep nanoseconds, so getitimer gives back what was
 * set less what has passed; the tick decides when a timer fires, and
 * ITIMER_REAL never fires early (ns_to_timeout_ticks()).
 */
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/tasklist.h"
#include "kernel/time/cputime.h"
#include "kernel/time/time_kernel.h"
#include "kernel/time/timer.h"
#include "kernel/uaccess.h"
#include "lib/bug.h"
#include "lib/errno.h"

#define NSEC_PER_USEC 1000ull

struct timeval_k {
	s64 tv_sec, tv_usec;
};

struct itimerval_k {
	struct timeval_k it_interval, it_value;
};

/* Arm the kernel timer for sig->it_real_expires. */
static void arm_real(struct signal_struct *sig)
{
	u64 now = ktime_get_ns(), at = sig->it_real_expires;

	mod_timer(&sig->real_timer,
		  jiffies + ns_to_timeout_ticks(at > now ? at - now : 1));
}

static void it_real_fn(void *data)
{
	struct signal_struct *sig = data;
	u64 now = ktime_get_ns();
	unsigned long flags;

	if (!sig->it_real_expires)
		return;
	if (now < sig->it_real_expires) {	/* the tick ran ahead */
		arm_real(sig);
		return;
	}
	flags = spin_lock_irqsave(&tasklist_lock);
	if (sig->leader && !sig->group_exit)
		send_sig_process(SIGALRM, sig->leader);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!sig->it_real_incr) {
		sig->it_real_expires = 0;
		return;
	}
	sig->it_real_expires += sig->it_real_incr;
	if (sig->it_real_expires <= now)	/* late: no burst of catch-ups */
		sig->it_real_expires = now + sig->it_real_incr;
	arm_real(sig);
}

static u64 tv_to_ns(const struct timeval_k *tv)
{
	/* Beyond about 30 years: as good as never, and no overflow. */
	if (tv->tv_sec > 1000000000)
		return 1000000000ull * NSEC_PER_SEC;
	return (u64)tv->tv_sec * NSEC_PER_SEC + (u64)tv->tv_usec * NSEC_PER_USEC;
}

static struct timeval_k ns_to_tv(u64 ns)
{
	return (struct timeval_k){ (s64)(ns / NSEC_PER_SEC),
				   (s64)(ns % NSEC_PER_SEC / NSEC_PER_USEC) };
}

static bool tv_valid(const struct timeval_k *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < 1000000;
}

/* Timer @which of the current process now: time left (at least 1 us
 * while armed, as Linux reports a timer about to fire) and interval. */
static void get_itimer(int which, struct itimerval_k *v)
{
	struct signal_struct *sig = current->signal;
	unsigned long flags;
	u64 at, incr, now;

	if (which == ITIMER_REAL) {
		at = READ_ONCE(sig->it_real_expires);
		incr = READ_ONCE(sig->it_real_incr);
		now = ktime_get_ns();
	} else {
		flags = spin_lock_irqsave(&current->sighand->siglock);
		at = sig->it[which - 1].expires;
		incr = sig->it[which - 1].incr;
		spin_unlock_irqrestore(&current->sighand->siglock, flags);
		now = process_cputime_ns(current, which);
	}
	v->it_value = ns_to_tv(!at ? 0 : at > now + NSEC_PER_USEC ? at - now :
			       NSEC_PER_USEC);
	v->it_interval = ns_to_tv(at ? incr : 0);
}

/* Arm (or, @value 0, disarm) timer @which of the current process. */
static void set_itimer(int which, u64 value, u64 incr)
{
	struct signal_struct *sig = current->signal;
	unsigned long flags;

	if (which == ITIMER_REAL) {
		del_timer(&sig->real_timer);
		sig->leader = current->group_leader;
		sig->it_real_incr = incr;
		sig->it_real_expires = value ? ktime_get_ns() + value : 0;
		if (value)
			arm_real(sig);
		return;
	}
	flags = spin_lock_irqsave(&current->sighand->siglock);
	sig->it[which - 1].incr = incr;
	sig->it[which - 1].expires =
		value ? process_cputime_ns(current, which) + value : 0;
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
}

static bool itimer_which_valid(int which)
{
	return which == ITIMER_REAL || which == ITIMER_VIRTUAL ||
	       which == ITIMER_PROF;
}

/* getitimer(2): timer @which's time left and interval; -EINVAL for an
 * unknown timer, -EFAULT for a bad @value. */
long sys_getitimer(int which, struct itimerval_k __user *value)
{
	struct itimerval_k v;

	if (!itimer_which_valid(which))
		return -EINVAL;
	get_itimer(which, &v);
	return copy_to_user(value, &v, sizeof(v)) ? -EFAULT : 0;
}

/* setitimer(2): arm or disarm timer @which (SIGALRM, SIGVTALRM or
 * SIGPROF); what it was goes to @ovalue. */
long sys_setitimer(int which, const struct itimerval_k __user *value,
		   struct itimerval_k __user *ovalue)
{
	struct itimerval_k v = { { 0, 0 }, { 0, 0 } }, old;

	if (!itimer_which_valid(which))
		return -EINVAL;
	/* A NULL @value disarms, as Linux has always allowed. */
	if (value && copy_from_user(&v, value, sizeof(v)))
		return -EFAULT;
	if (!tv_valid(&v.it_value) || !tv_valid(&v.it_interval))
		return -EINVAL;
	get_itimer(which, &old);
	set_itimer(which, tv_to_ns(&v.it_value), tv_to_ns(&v.it_interval));
	if (ovalue && copy_to_user(ovalue, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* alarm(2): SIGALRM in @seconds (0: cancel); seconds that were left. */
long sys_alarm(unsigned int seconds)
{
	struct itimerval_k old;
	u64 left;

	get_itimer(ITIMER_REAL, &old);
	set_itimer(ITIMER_REAL, (u64)seconds * NSEC_PER_SEC, 0);
	/* Seconds left, rounded; a timer about to fire still counts 1. */
	left = (u64)old.it_value.tv_sec + (old.it_value.tv_usec >= 500000);
	if (!left && old.it_value.tv_usec)
		left = 1;
	return (long)left;
}

/* A new process's ITIMER_REAL timer, disarmed, set up with its
 * signal_struct (Linux's copy_signal() does it): never lazily on first
 * use, where two threads arming it at once would both set it up. */
void itimer_init(struct signal_struct *sig)
{
	timer_setup(&sig->real_timer, it_real_fn, sig);
}

/* The process is going away: its timer must not fire on freed memory. */
void itimer_exit(struct signal_struct *sig)
{
	BUG_ON(sig->real_timer.function != it_real_fn);
	sig->it_real_incr = 0;
	del_timer(&sig->real_timer);
}
