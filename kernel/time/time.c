/*
 * clock_gettime, gettimeofday, time, nanosleep, clock_nanosleep, and
 * setting the wall clock: clock_settime, settimeofday (adjtimex is
 * ntp.c's). Sleeps end by the TSC clock (sleep.c); the tick (HZ = 100)
 * only wakes the sleeper to look, so a 1 ms sleep takes up to a tick more.
 *
 * CLOCK_REALTIME is CLOCK_MONOTONIC plus boot_epoch_ns: setting the clock
 * changes only that sum's second term (and the vDSO's copy of it), so
 * CLOCK_MONOTONIC and every relative sleep are untouched, and a sleep
 * until an absolute CLOCK_REALTIME time looks at the clock again when it
 * is set (clock_was_set()), as Linux's timers do.
 */
#include "kernel/time/time_kernel.h"
#include "kernel/time/clockid.h"
#include "kernel/time/cputime.h"
#include "kernel/time/namespace.h"
#include "kernel/printk/printk.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/uaccess.h"
#include "kernel/cred.h"
#include "kernel/sched/wait.h"
#include "kernel/locking/spinlock.h"
#include "asm/vdso.h"
#include "lib/errno.h"
#include "kernel/module/module.h"

#define TIMER_ABSTIME 1
#define NS_PER_TICK (NSEC_PER_SEC / HZ)

static u64 boot_epoch_ns;	/* wall-clock time when ktime was 0 */
static DEFINE_SPINLOCK(epoch_lock);	/* who changes it */
static DECLARE_WAIT_QUEUE_HEAD(clock_set_wq);	/* CLOCK_REALTIME sleepers */
static u64 clock_set_seq;	/* bumped at every change */
static struct { int minuteswest, dsttime; } sys_tz;	/* settimeofday's */

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
	return READ_ONCE(boot_epoch_ns);
}

/* epoch_lock held: CLOCK_REALTIME is now CLOCK_MONOTONIC + @epoch; tell
 * the vDSO and wake the sleepers on absolute CLOCK_REALTIME times. */
static void clock_was_set(u64 epoch)
{
	WRITE_ONCE(boot_epoch_ns, epoch);
	vdso_update_realtime(epoch, sys_tz.minuteswest, sys_tz.dsttime);
	WRITE_ONCE(clock_set_seq, clock_set_seq + 1);
	wake_up(&clock_set_wq);
}

long clock_step_ns(s64 delta)
{
	unsigned long flags = spin_lock_irqsave(&epoch_lock);
	u64 epoch = boot_epoch_ns + (u64)delta;
	long err = 0;

	/* Never before CLOCK_MONOTONIC's zero: Linux's rule too. */
	if (delta < 0 && (u64)-delta > boot_epoch_ns)
		err = -EINVAL;
	else
		clock_was_set(epoch);
	spin_unlock_irqrestore(&epoch_lock, flags);
	if (!err)
		ntp_clock_was_set();
	return err;
}

/* The latest second settimeofday may set (Linux's TIME_SETTOD_SEC_MAX:
 * KTIME_SEC_MAX less 30 years of uptime). */
#define SETTOD_SEC_MAX (9223372036ll - 946728000ll)

/* Set CLOCK_REALTIME to @ts: EINVAL for a bad time or one before
 * CLOCK_MONOTONIC's zero, EPERM without CAP_SYS_TIME (in that order, as
 * Linux's do_sys_settimeofday64()). */
static long do_settimeofday(const struct timespec *ts)
{
	unsigned long flags;
	u64 ns, mono;
	long err = 0;

	if (ts->tv_sec < 0 || ts->tv_sec >= SETTOD_SEC_MAX || ts->tv_nsec < 0 ||
	    ts->tv_nsec >= (s64)NSEC_PER_SEC)
		return -EINVAL;
	if (!capable(CAP_SYS_TIME))
		return -EPERM;
	ns = (u64)ts->tv_sec * NSEC_PER_SEC + (u64)ts->tv_nsec;
	flags = spin_lock_irqsave(&epoch_lock);
	mono = ktime_get_ns();
	if (ns < mono)
		err = -EINVAL;
	else
		clock_was_set(ns - mono);
	spin_unlock_irqrestore(&epoch_lock, flags);
	if (!err)
		ntp_clock_was_set();
	return err;
}

/* clock_settime(2): only CLOCK_REALTIME can be set; the others,
 * CLOCK_PROCESS_CPUTIME_ID and CLOCK_THREAD_CPUTIME_ID too, have no
 * setter (EINVAL, as Linux's clock_process and clock_thread). */
long sys_clock_settime(int clk, const void __user *tp)
{
	struct timespec ts;

	if (clk != CLOCK_REALTIME)
		return -EINVAL;
	if (copy_from_user(&ts, tp, sizeof(ts)))
		return -EFAULT;
	return do_settimeofday(&ts);
}

/* settimeofday(2): the time in microseconds and/or the time zone (at
 * most 15 hours from UTC: EINVAL), which gettimeofday then reports. */
long sys_settimeofday(const void __user *tv, const void __user *tz)
{
	s64 v[2];
	int z[2];
	struct timespec ts;
	unsigned long flags;

	if (tv && copy_from_user(v, tv, sizeof(v)))
		return -EFAULT;
	if (tv && (v[1] > 1000000 || v[1] < 0))
		return -EINVAL;
	if (tz && copy_from_user(z, tz, sizeof(z)))
		return -EFAULT;
	ts = (struct timespec){ tv ? v[0] : 0, tv ? v[1] * 1000 : 0 };
	if (tv && (ts.tv_sec < 0 || ts.tv_nsec >= (s64)NSEC_PER_SEC))
		return -EINVAL;
	if ((tv || tz) && !capable(CAP_SYS_TIME))
		return -EPERM;
	if (tz) {
		if (z[0] > 15 * 60 || z[0] < -15 * 60)
			return -EINVAL;
		flags = spin_lock_irqsave(&epoch_lock);
		sys_tz.minuteswest = z[0];
		sys_tz.dsttime = z[1];
		vdso_update_realtime(boot_epoch_ns, z[0], z[1]);
		spin_unlock_irqrestore(&epoch_lock, flags);
	}
	return tv ? do_settimeofday(&ts) : 0;
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
	if (clk == CLOCK_TAI) {
		*ns = ktime_get_real_ns() + (u64)ntp_tai_offset_ns();
		return 0;
	}
	return cpu_clock_get(clk, ns);	/* -EINVAL for bad ids */
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
	return put_timespec(res, is_cpu_clock(clk) ? NS_PER_TICK : 1);
}

/* gettimeofday(2): the real time in microseconds; @tz gets the time
 * zone settimeofday() set (UTC until then). */
long sys_gettimeofday(void __user *tv, void __user *tz)
{
	u64 ns = ktime_get_real_ns();
	s64 v[2] = { (s64)(ns / NSEC_PER_SEC), (s64)(ns % NSEC_PER_SEC / 1000) };

	if (tv && copy_to_user(tv, v, sizeof(v)))
		return -EFAULT;
	if (tz && copy_to_user(tz, &sys_tz, sizeof(sys_tz)))
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
	struct wait_deadline dl;
	long err = timeout_to_deadline(uts, absolute, realtime, &dl);

	if (!err)
		*ticks = deadline_ticks(&dl);
	return err;
}

long timeout_to_deadline(const void __user *uts, bool absolute, bool realtime,
			 struct wait_deadline *dl)
{
	struct timespec ts;
	u64 ns;

	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (s64)NSEC_PER_SEC)
		return -EINVAL;
	dl->realtime = absolute && realtime;
	if ((u64)ts.tv_sec >= WAIT_NEVER / NSEC_PER_SEC - 1) {
		dl->ns = WAIT_NEVER;			/* would overflow */
		return 0;
	}
	ns = (u64)ts.tv_sec * NSEC_PER_SEC + (u64)ts.tv_nsec;
	if (absolute)
		dl->ns = ns;
	else if (ns / NSEC_PER_SEC > 100000000)		/* years: forever */
		dl->ns = WAIT_NEVER;
	else
		dl->ns = ktime_get_ns() + ns;
	return 0;
}

u64 deadline_ticks(const struct wait_deadline *dl)
{
	u64 now;

	if (dl->ns == WAIT_NEVER)
		return MAX_SCHEDULE_TIMEOUT;
	now = dl->realtime ? ktime_get_real_ns() : ktime_get_ns();
	if (now >= dl->ns)
		return 0;
	if ((dl->ns - now) / NSEC_PER_SEC > 100000000)
		return MAX_SCHEDULE_TIMEOUT;
	return ns_to_timeout_ticks(dl->ns - now);
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

/*
 * Sleep until CLOCK_REALTIME reaches @target, interruptibly: until the
 * monotonic deadline that is now, or until the clock is set, then look
 * again (a clock set back sleeps longer, one set forward wakes at once).
 * 0, or -ERESTARTNOHAND for a signal.
 */
static long sleep_until_real(u64 target)
{
	DEFINE_WAIT(wait);
	u64 now, seq;

	while ((now = ktime_get_real_ns()) < target) {
		seq = READ_ONCE(clock_set_seq);
		prepare_to_wait(&clock_set_wq, &wait, TASK_INTERRUPTIBLE);
		if (signal_pending(current)) {
			finish_wait(&clock_set_wq, &wait);
			return -ERESTARTNOHAND;
		}
		/* A set after the time was read bumped seq: look again. */
		if (seq == READ_ONCE(clock_set_seq) && ktime_get_real_ns() < target)
			schedule_timeout((target - now) / NS_PER_TICK + 1);
		finish_wait(&clock_set_wq, &wait);
	}
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
	else if (!err && clk < 0 && (clk & CPUCLOCK_PERTHREAD_MASK))
		err = -EINVAL;
	if (!err)
		err = get_timespec_ns(req, &ns);
	if (err)
		return err;
	/* An absolute time on @clk becomes a deadline on the monotonic one
	 * (on CLOCK_REALTIME, again whenever the clock is set); interrupted,
	 * it is simply called again (as Linux). */
	if (abs && clock_tsc_base(clk) == CLOCK_REALTIME)
		return sleep_until_real(ns);
	if (abs) {
		ns = ns > now ? ns - now : 0;
		err = sleep_until(ktime_get_ns() + ns, NULL);
		return err == -ERESTART_RESTARTBLOCK ? -ERESTARTNOHAND : err;
	}
	return sleep_until(ktime_get_ns() + ns, rem);
}
