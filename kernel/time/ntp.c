/*
 * adjtimex(2) and clock_adjtime(2): the NTP daemon's view of the clock
 * (Linux's kernel/time/ntp.c). Taskbase keeps the NTP state as Linux does
 * (status bits, offset, frequency, error estimates, time constant, tick,
 * TAI offset) and answers with it, but does not discipline the clock's
 * rate: the TSC clock runs as calibrated, and the frequency, offset and
 * adjtime() slews are recorded, not applied. Stepping the clock
 * (ADJ_SETOFFSET) is applied, and so are leap seconds.
 *
 * Leap seconds follow Linux's state machine, run once a second from the
 * tick (ntp_tick(), Linux's second_overflow()): with STA_INS set the
 * state goes TIME_OK -> TIME_INS; when CLOCK_REALTIME reaches the next
 * midnight (UTC) the clock steps back one second (23:59:59 comes twice,
 * the second time as "23:59:60") and the state is TIME_OOP; a second
 * later TIME_WAIT, and TIME_OK again once STA_INS is cleared. STA_DEL
 * skips 23:59:59 (TIME_DEL -> TIME_WAIT).
 */
#include "kernel/time/time_kernel.h"
#include "kernel/time/clockid.h"
#include "kernel/cred.h"
#include "kernel/locking/spinlock.h"
#include "kernel/printk/printk.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"

/* adjtimex modes (<linux/timex.h>). */
#define ADJ_OFFSET 0x0001
#define ADJ_FREQUENCY 0x0002
#define ADJ_MAXERROR 0x0004
#define ADJ_ESTERROR 0x0008
#define ADJ_STATUS 0x0010
#define ADJ_TIMECONST 0x0020
#define ADJ_TAI 0x0080
#define ADJ_SETOFFSET 0x0100
#define ADJ_MICRO 0x1000
#define ADJ_NANO 0x2000
#define ADJ_TICK 0x4000
#define ADJ_ADJTIME 0x8000		/* with ADJ_OFFSET: adjtime()'s single shot */
#define ADJ_OFFSET_READONLY 0x2000	/* with ADJ_ADJTIME: only read it */

/* Status bits. */
#define STA_PLL 0x0001
#define STA_PPSFREQ 0x0002
#define STA_PPSTIME 0x0004
#define STA_INS 0x0010
#define STA_DEL 0x0020
#define STA_UNSYNC 0x0040
#define STA_PPSSIGNAL 0x0100
#define STA_PPSJITTER 0x0200
#define STA_PPSWANDER 0x0400
#define STA_PPSERROR 0x0800
#define STA_CLOCKERR 0x1000
#define STA_NANO 0x2000
#define STA_MODE 0x4000
#define STA_CLK 0x8000
#define STA_RONLY (STA_PPSSIGNAL | STA_PPSJITTER | STA_PPSWANDER | \
		   STA_PPSERROR | STA_CLOCKERR | STA_NANO | STA_MODE | STA_CLK)

/* Clock states: adjtimex's result. */
enum { TIME_OK, TIME_INS, TIME_DEL, TIME_OOP, TIME_WAIT, TIME_ERROR };

#define USER_HZ 100
#define NTP_PHASE_LIMIT 16000000l	/* us: maxerror's ceiling */
#define MAXFREQ_PPM 500			/* the largest frequency error */
#define PPM_SCALE 65536l		/* freq is ppm << 16 */
#define MAXTC 10
#define MAX_TAI_OFFSET 100000
#define SECS_PER_DAY 86400
#define NEVER (~0ull >> 1)
#define FREQ_MAX ((long)(~0ul >> 1) / 65536000l)	/* Linux's internal scale */

/* struct timex of x86_64 (<linux/timex.h>), 208 bytes. */
struct timex {
	unsigned int modes;
	long offset, freq, maxerror, esterror;
	int status;
	long constant, precision, tolerance;
	struct { long tv_sec, tv_usec; } time;
	long tick, ppsfreq, jitter;
	int shift;
	long stabil, jitcnt, calcnt, errcnt, stbcnt;
	int tai;
	int pad[11];
};

static DEFINE_SPINLOCK(ntp_lock);
static int time_state = TIME_OK;
static int time_status = STA_UNSYNC;
static long time_offset;		/* ns */
static long time_freq;			/* ppm << 16 */
static long time_maxerror = NTP_PHASE_LIMIT, time_esterror = NTP_PHASE_LIMIT;
static long time_constant = 2;
static long time_adjust;		/* adjtime()'s offset, us */
static long tick_usec = 1000000 / USER_HZ;
static int time_tai;
static u64 next_leap_sec = NEVER;	/* the midnight of TIME_INS/TIME_DEL */
static u64 last_sec;			/* the second ntp_tick() saw last */

static bool is_error_status(int s)
{
	return (s & (STA_UNSYNC | STA_CLOCKERR)) ||
	       ((s & (STA_PPSFREQ | STA_PPSTIME)) && !(s & STA_PPSSIGNAL)) ||
	       ((s & (STA_PPSTIME | STA_PPSJITTER)) == (STA_PPSTIME | STA_PPSJITTER)) ||
	       ((s & STA_PPSFREQ) && (s & (STA_PPSWANDER | STA_PPSERROR)));
}

/*
 * ntp_lock held: the state machine at the start of second @secs; the
 * step the clock takes (-1: 23:59:59 again, +1: skip it, or 0).
 */
static int second_overflow(u64 secs)
{
	int leap = 0;

	switch (time_state) {
	case TIME_OK:
		if (time_status & STA_INS) {
			time_state = TIME_INS;
			next_leap_sec = secs + SECS_PER_DAY - secs % SECS_PER_DAY;
		} else if (time_status & STA_DEL) {
			time_state = TIME_DEL;
			next_leap_sec = secs + SECS_PER_DAY - (secs + 1) % SECS_PER_DAY;
		}
		break;
	case TIME_INS:
		if (!(time_status & STA_INS)) {
			next_leap_sec = NEVER;
			time_state = TIME_OK;
		} else if (secs == next_leap_sec) {
			leap = -1;
			time_state = TIME_OOP;
		}
		break;
	case TIME_DEL:
		if (!(time_status & STA_DEL)) {
			next_leap_sec = NEVER;
			time_state = TIME_OK;
		} else if (secs == next_leap_sec) {
			leap = 1;
			next_leap_sec = NEVER;
			time_state = TIME_WAIT;
		}
		break;
	case TIME_OOP:
		next_leap_sec = NEVER;
		time_state = TIME_WAIT;
		break;
	case TIME_WAIT:
		if (!(time_status & (STA_INS | STA_DEL)))
			time_state = TIME_OK;
		break;
	}
	/* Unsynchronised, the error bound grows by the worst drift. */
	time_maxerror += MAXFREQ_PPM;
	if (time_maxerror > NTP_PHASE_LIMIT) {
		time_maxerror = NTP_PHASE_LIMIT;
		time_status |= STA_UNSYNC;
	}
	return leap;
}

void ntp_tick(void)
{
	u64 secs = ktime_get_real_ns() / NSEC_PER_SEC;
	unsigned long flags;
	int leap = 0;

	if (secs == READ_ONCE(last_sec))
		return;
	flags = spin_lock_irqsave(&ntp_lock);
	if (secs > last_sec && last_sec)
		leap = second_overflow(secs);
	last_sec = secs + leap;
	spin_unlock_irqrestore(&ntp_lock, flags);
	if (leap) {
		pr_notice("Clock: %s leap second 23:59:%s UTC\n",
			  leap < 0 ? "inserting" : "deleting", leap < 0 ? "60" : "59");
		clock_step_ns((s64)leap * (s64)NSEC_PER_SEC);
	}
}

void ntp_clock_was_set(void)
{
	unsigned long flags = spin_lock_irqsave(&ntp_lock);

	last_sec = ktime_get_real_ns() / NSEC_PER_SEC;
	spin_unlock_irqrestore(&ntp_lock, flags);
}

/* Linux's timekeeping_validate_timex(): EINVAL, EPERM. */
static long validate_timex(const struct timex *t)
{
	if (t->modes & ADJ_ADJTIME) {
		/* adjtime()'s single shot: ADJ_OFFSET, the kernel's
		 * ADJ_OFFSET_SINGLESHOT bit, must come with it */
		if (!(t->modes & ADJ_OFFSET))
			return -EINVAL;
		if (!(t->modes & ADJ_OFFSET_READONLY) && !capable(CAP_SYS_TIME))
			return -EPERM;
	} else {
		if (t->modes && !capable(CAP_SYS_TIME))
			return -EPERM;
		if ((t->modes & ADJ_TICK) && (t->tick < 900000 / USER_HZ ||
					      t->tick > 1100000 / USER_HZ))
			return -EINVAL;
	}
	if (t->modes & ADJ_SETOFFSET) {
		if (!capable(CAP_SYS_TIME))
			return -EPERM;
		if (t->time.tv_usec < 0 || t->time.tv_usec >=
		    ((t->modes & ADJ_NANO) ? 1000000000l : 1000000l))
			return -EINVAL;
	}
	/* freq * PPM_SCALE must not overflow (Linux checks the same). */
	if ((t->modes & ADJ_FREQUENCY) &&
	    (t->freq > FREQ_MAX || t->freq < -FREQ_MAX))
		return -EINVAL;
	return 0;
}

static long clamp_long(long v, long lo, long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* ntp_lock held: ADJ_STATUS (Linux's process_adj_status()). */
static void adj_status(const struct timex *t)
{
	if ((time_status & STA_PLL) && !(t->status & STA_PLL)) {
		time_state = TIME_OK;
		time_status = STA_UNSYNC;
		next_leap_sec = NEVER;
	}
	time_status &= STA_RONLY;
	time_status |= t->status & ~STA_RONLY;
}

/* ntp_lock held: take the values @t's modes name (process_adjtimex_modes()). */
static void adj_modes(const struct timex *t)
{
	if (t->modes & ADJ_STATUS)
		adj_status(t);
	if (t->modes & ADJ_NANO)
		time_status |= STA_NANO;
	if (t->modes & ADJ_MICRO)
		time_status &= ~STA_NANO;
	if (t->modes & ADJ_FREQUENCY)
		time_freq = clamp_long(t->freq, -MAXFREQ_PPM * PPM_SCALE,
				       MAXFREQ_PPM * PPM_SCALE);
	if (t->modes & ADJ_MAXERROR)
		time_maxerror = t->maxerror;
	if (t->modes & ADJ_ESTERROR)
		time_esterror = t->esterror;
	if (t->modes & ADJ_TIMECONST)
		time_constant = clamp_long(t->constant + ((time_status & STA_NANO) ? 0 : 4),
					   0, MAXTC);
	if ((t->modes & ADJ_TAI) && t->constant >= 0 && t->constant <= MAX_TAI_OFFSET)
		time_tai = (int)t->constant;
	if ((t->modes & ADJ_OFFSET) && (time_status & STA_PLL))
		time_offset = clamp_long((time_status & STA_NANO) ? t->offset :
					 clamp_long(t->offset, -1000000, 1000000) * 1000,
					 -500000000l, 500000000l);
	if (t->modes & ADJ_TICK)
		tick_usec = t->tick;
}

/* ntp_lock held: the state into @t and the result (__do_adjtimex()). */
static int fill_timex(struct timex *t, u64 now)
{
	int result = is_error_status(time_status) ? TIME_ERROR : time_state;
	bool nano = time_status & STA_NANO;
	u64 sec = now / NSEC_PER_SEC;

	t->offset = nano ? time_offset : time_offset / 1000;
	t->freq = time_freq;
	t->maxerror = time_maxerror;
	t->esterror = time_esterror;
	t->status = time_status;
	t->constant = time_constant;
	t->precision = 1;
	t->tolerance = MAXFREQ_PPM * PPM_SCALE;
	t->tick = tick_usec;
	t->tai = time_tai;
	t->ppsfreq = t->jitter = t->stabil = 0;	/* no PPS source */
	t->shift = 0;
	t->jitcnt = t->calcnt = t->errcnt = t->stbcnt = 0;
	t->time.tv_sec = (long)sec;
	t->time.tv_usec = (long)(now % NSEC_PER_SEC / (nano ? 1 : 1000));
	/* The tick has not seen midnight yet: say what it is about to. */
	if (sec >= next_leap_sec) {
		if (time_state == TIME_INS && (time_status & STA_INS)) {
			result = TIME_OOP;
			t->tai++;
			t->time.tv_sec--;
		}
		if (time_state == TIME_DEL && (time_status & STA_DEL)) {
			result = TIME_WAIT;
			t->tai--;
			t->time.tv_sec++;
		}
	}
	return result;
}

/* adjtimex on CLOCK_REALTIME: validate, step (ADJ_SETOFFSET), take the
 * modes, report (Linux's do_adjtimex()). */
static long do_adjtimex(struct timex *t)
{
	unsigned long flags;
	long err = validate_timex(t);
	int result;

	if (err)
		return err;
	if (t->modes & ADJ_SETOFFSET) {
		s64 delta = t->time.tv_sec * (s64)NSEC_PER_SEC +
			    t->time.tv_usec * ((t->modes & ADJ_NANO) ? 1 : 1000);

		err = clock_step_ns(delta);
		if (err)
			return err;
	}
	flags = spin_lock_irqsave(&ntp_lock);
	if (t->modes & ADJ_ADJTIME) {
		long old = time_adjust;

		if (!(t->modes & ADJ_OFFSET_READONLY))
			time_adjust = t->offset;
		result = fill_timex(t, ktime_get_real_ns());
		t->offset = old;
	} else {
		adj_modes(t);
		result = fill_timex(t, ktime_get_real_ns());
	}
	spin_unlock_irqrestore(&ntp_lock, flags);
	return result;
}

/* adjtimex(2): read the NTP state of CLOCK_REALTIME and, with
 * CAP_SYS_TIME, change it; the clock's state (TIME_OK ... TIME_ERROR). */
long sys_adjtimex(void __user *utx)
{
	struct timex t;
	long ret;

	if (copy_from_user(&t, utx, sizeof(t)))
		return -EFAULT;
	ret = do_adjtimex(&t);
	if (ret >= 0 && copy_to_user(utx, &t, sizeof(t)))
		return -EFAULT;
	return ret;
}

/* clock_adjtime(2): adjtimex for CLOCK_REALTIME; the other clocks cannot
 * be adjusted (EOPNOTSUPP), unknown ones are EINVAL. */
long sys_clock_adjtime(int clk, void __user *utx)
{
	if (clk < CLOCK_REALTIME || clk > CLOCK_BOOTTIME)
		return -EINVAL;
	if (clk != CLOCK_REALTIME)
		return -EOPNOTSUPP;
	return sys_adjtimex(utx);
}

s64 ntp_tai_offset_ns(void)
{
	return (s64)READ_ONCE(time_tai) * (s64)NSEC_PER_SEC;
}
