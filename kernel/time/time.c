/*
 * clock_gettime, gettimeofday, time, nanosleep, clock_nanosleep.
 * Sleeps end by the TSC clock (sleep.c); the tick (HZ = 100) only wakes
 * the sleeper to look, so a 1 ms sleep takes up to a tick more.
 */
#include "kernel/time/time_kernel.h"
#include "kernel/time/clockid.h"
#include "kernel/time/cputime.h"
#include "kernel/time/namespace.h"
#include "kernel/printk/printk.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"
#include "kernel/module/module.h"

#define TIMER_ABSTIME 1
#define NS_PER_TICK (NSEC_PER_SEC / HZ)

static u64 boot_epoch_ns;	/* wall-clock time when ktime was 0 */

void time_init(void)
{
	boot_epoch_ns = rtc_read_epoch() * NSEC_PER_SEC - ktime_get_ns();
	pr_info("rtc: wall-clock time at boot %lu s since the epoch\n",
		(unsigned long)(boot_epoch_ns / NSEC_PER_SEC));
}

u64 ktime_get_real_ns(void)
{
	return boot_epoch_ns + ktime_get_ns();
}
EXPORT_SYMBOL(ktime_get_real_ns);

u64 ktime_boot_epoch_ns(void)
{
	return boot_epoch_ns;
}

static long clock_ns(int clk, u64 *ns)
{
	switch (clock_tsc_base(clk)) {
	case CLOCK_REALTIME:
		*ns = ktime_get_real_ns();
		return 0;
	case CLOCK_MONOTONIC:		/* shifted in a time namespace */
		*ns = ktime_get_ns() + (u64)timens_offset(clk);
		return 0;
	}
	if (clk == CLOCK_PROCESS_CPUTIME_ID) {
		*ns = process_cputime_ns(current, ITIMER_PROF);
		return 0;
	}
	if (clk != CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	*ns = (current->utime + current->stime) * NS_PER_TICK;
	return 0;
}

static long put_timespec(void __user *uts, u64 ns)
{
	struct timespec ts = { (s64)(ns / NSEC_PER_SEC), (s64)(ns % NSEC_PER_SEC) };

	return copy_to_user(uts, &ts, sizeof(ts)) ? -EFAULT : 0;
}

/* clock_gettime(2): the time of clock @clk (realtime, monotonic,
 * boottime, process or thread CPU time) as a timespec. */
long sys_clock_gettime(int clk, void __user *tp)
{
	u64 ns;
	long err = clock_ns(clk, &ns);

	return err ? err : put_timespec(tp, ns);
}

/* clock_getres(2): the resolution of clock @clk (a tick for CPU time). */
long sys_clock_getres(int clk, void __user *res)
{
	u64 ns;
	long err = clock_ns(clk, &ns);

	if (err || !res)
		return err;
	return put_timespec(res, clk == CLOCK_PROCESS_CPUTIME_ID ||
			    clk == CLOCK_THREAD_CPUTIME_ID ? NS_PER_TICK : 1);
}

/* gettimeofday(2): the real time in microseconds; @tz is zeroed. */
long sys_gettimeofday(void __user *tv, void __user *tz)
{
	u64 ns = ktime_get_real_ns();
	s64 v[2] = { (s64)(ns / NSEC_PER_SEC), (s64)(ns % NSEC_PER_SEC / 1000) };

	if (tv && copy_to_user(tv, v, sizeof(v)))
		return -EFAULT;
	if (tz && clear_user(tz, 8))
		return -EFAULT;
	return 0;
}

/* time(2): the real time in seconds, also stored at @tloc if given. */
long sys_time(s64 __user *tloc)
{
	s64 t = (s64)(ktime_get_real_ns() / NSEC_PER_SEC);

	if (tloc && copy_to_user(tloc, &t, sizeof(t)))
		return -EFAULT;
	return t;
}

u64 ns_to_timeout_ticks(u64 ns)
{
	/* Rounded up, and one tick more: the next tick may come at once,
	 * so n ticks from now can be as little as n - 1 tick periods, and
	 * a timeout must never end early (futex_wait_bitset01). */
	return ns ? (ns + NS_PER_TICK - 1) / NS_PER_TICK + 1 : 0;
}

long timeout_to_ticks(const void __user *uts, bool absolute, bool realtime,
		      u64 *ticks)
{
	struct timespec ts;
	u64 ns, now;

	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (s64)NSEC_PER_SEC)
		return -EINVAL;
	ns = (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
	if (absolute) {
		now = realtime ? ktime_get_real_ns() : ktime_get_ns();
		ns = ns > now ? ns - now : 0;
	}
	*ticks = ns_to_timeout_ticks(ns);
	if (ns && ns / NSEC_PER_SEC > 100000000)	/* years: forever */
		*ticks = MAX_SCHEDULE_TIMEOUT;
	return 0;
}

static long nanosleep_restart(struct restart_block *rb);

/*
 * Sleep until the monotonic clock reaches @deadline, interruptibly; on a
 * signal store what is left in @rem. POSIX wants at least the time asked
 * for, and a tick is only about 1/HZ: the clock, not the tick count,
 * decides when we are done. Interrupted, it is -EINTR for a handler; a
 * signal without one (a stop, a tracer's attach) resumes the sleep to the
 * same deadline through restart_syscall (sys_restart_syscall()).
 */
static long sleep_until(u64 deadline, void __user *rem)
{
	u64 left = sleep_until_ns(deadline, TASK_INTERRUPTIBLE);

	if (!left)
		return 0;
	if (rem && put_timespec(rem, left))
		return -EFAULT;
	current->restart_block = (struct restart_block){
		.fn = nanosleep_restart, .expires = deadline, .uaddr = rem,
	};
	return -ERESTART_RESTARTBLOCK;
}

static long nanosleep_restart(struct restart_block *rb)
{
	return sleep_until(rb->expires, rb->uaddr);
}

/* A user timespec in nanoseconds. */
static long get_timespec_ns(const void __user *uts, u64 *ns)
{
	struct timespec ts;

	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (s64)NSEC_PER_SEC)
		return -EINVAL;
	*ns = (u64)ts.tv_sec > 1000000000000ull ? ~0ull >> 1 :
	      (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
	return 0;
}

/* nanosleep(2): sleep @req interruptibly; the time left goes to @rem. */
long sys_nanosleep(const void __user *req, void __user *rem)
{
	u64 ns;
	long err = get_timespec_ns(req, &ns);

	return err ? err : sleep_until(ktime_get_ns() + ns, rem);
}

/* clock_nanosleep(2): sleep a relative time, or until an absolute
 * time on @clk (TIMER_ABSTIME); interruptible. */
long sys_clock_nanosleep(int clk, int flags, const void __user *req,
			 void __user *rem)
{
	u64 ns, now;
	bool abs = flags & TIMER_ABSTIME;
	long err = clock_ns(clk, &now);

	/* As Linux: a thread cannot sleep on its own CPU clock. */
	if (!err && clk == CLOCK_THREAD_CPUTIME_ID)
		err = -EOPNOTSUPP;
	if (!err)
		err = get_timespec_ns(req, &ns);
	if (err)
		return err;
	/* An absolute time on @clk becomes a deadline on the monotonic one;
	 * interrupted, it is simply called again (as Linux). */
	if (abs) {
		ns = ns > now ? ns - now : 0;
		err = sleep_until(ktime_get_ns() + ns, NULL);
		return err == -ERESTART_RESTARTBLOCK ? -ERESTARTNOHAND : err;
	}
	return sleep_until(ktime_get_ns() + ns, rem);
}
