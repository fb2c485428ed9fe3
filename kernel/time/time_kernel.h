/*
 * Clocks for system calls: CLOCK_MONOTONIC is the TSC clock since boot,
 * CLOCK_REALTIME adds the wall-clock time the RTC gave at boot.
 */
#ifndef KERNEL_TIME_KERNEL_H
#define KERNEL_TIME_KERNEL_H

#include "kernel/time/time.h"

#ifndef __user
#define __user
#endif

struct timespec {
	s64 tv_sec;
	s64 tv_nsec;
};

/* A time kept in the kernel: an inode's atime/mtime/ctime, stat's
 * st_atim (Linux's struct timespec64 / __kernel_timespec). */
struct kernel_timespec {
	s64 tv_sec;
	long tv_nsec;
};

/* Boot: remember the wall-clock time. */
void time_init(void);
/* Nanoseconds since the epoch, now. */
u64 ktime_get_real_ns(void);
/* CLOCK_REALTIME when CLOCK_MONOTONIC was 0 (the vDSO's copy follows
 * every change: clock_settime, settimeofday, a leap second). */
u64 ktime_boot_epoch_ns(void);
/* Move CLOCK_REALTIME by @delta ns (a leap second, adjtimex's
 * ADJ_SETOFFSET): 0, or -EINVAL if it would go before CLOCK_MONOTONIC's
 * zero. CLOCK_MONOTONIC does not move. */
long clock_step_ns(s64 delta);
/* ntp.c: the clock was set; its leap-second state follows the new time. */
void ntp_clock_was_set(void);
/* ntp.c, from the tick on CPU 0: a new second may bring a leap second. */
void ntp_tick(void);
/* ntp.c: CLOCK_TAI less CLOCK_REALTIME, in ns (adjtimex's ADJ_TAI). */
s64 ntp_tai_offset_ns(void);
/* Seconds since the epoch from the RTC (arch). */
u64 rtc_read_epoch(void);
/* @ns from now as a timeout in ticks: rounded up, plus one for the
 * tick that may come at once, so never shorter than @ns (0 for 0). */
u64 ns_to_timeout_ticks(u64 ns);
/*
 * A user struct timespec as a timeout in ticks (rounded up, plus one
 * for the tick that may come at once: never shorter than asked). @absolute: a deadline on the monotonic clock (or
 * the realtime one with @realtime). 0, -EFAULT or -EINVAL.
 */
long timeout_to_ticks(const void __user *uts, bool absolute, bool realtime,
		      u64 *ticks);

/*
 * A wait's end as a time on a clock, for waits that sleep in ticks but
 * must not end before that time (POSIX): when the ticks run out, ask
 * deadline_ticks() again. A tick is only about 1/HZ of the clock.
 */
struct wait_deadline {
	u64 ns;			/* on the clock below; WAIT_NEVER: none */
	bool realtime;		/* CLOCK_REALTIME, else CLOCK_MONOTONIC */
};
#define WAIT_NEVER (~0ull)
/* The user struct timespec @uts as a deadline: @absolute on the monotonic
 * clock (the realtime one with @realtime), else from now on the
 * monotonic one. 0, -EFAULT or -EINVAL. */
long timeout_to_deadline(const void __user *uts, bool absolute, bool realtime,
			 struct wait_deadline *dl);
/* Ticks to sleep toward @dl: 0 once its clock has passed it,
 * MAX_SCHEDULE_TIMEOUT for none (or years away). */
u64 deadline_ticks(const struct wait_deadline *dl);

#endif
