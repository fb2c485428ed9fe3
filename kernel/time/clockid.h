/*
 * Clock ids of clock_gettime() and friends, Linux's values
 * (include/uapi/linux/time.h). Plain C: the vDSO includes this too.
 */
#ifndef KERNEL_CLOCKID_H
#define KERNEL_CLOCKID_H

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7
#define CLOCK_REALTIME_ALARM 8
#define CLOCK_BOOTTIME_ALARM 9
#define CLOCK_TAI 11		/* CLOCK_REALTIME + adjtimex's TAI offset */

/*
 * Which TSC clock @clk reads: CLOCK_REALTIME (the boot epoch added) or
 * CLOCK_MONOTONIC. Taskbase does not adjust its clock and never
 * suspends, so the raw, coarse, boot-time and alarm clocks (their
 * timers would wake a suspended machine: there is none to wake) are
 * these two. -1 for
 * the CPU-time clocks, CLOCK_TAI (time.c clock_ns() adds ntp.c's offset)
 * and bad ids. The kernel and the vDSO both ask here.
 */
static inline int clock_tsc_base(int clk)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_REALTIME_ALARM:
		return CLOCK_REALTIME;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		return CLOCK_MONOTONIC;
	default:
		return -1;
	}
}

#endif
