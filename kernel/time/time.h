/*
 * Kernel time: nanoseconds since boot and short busy waits
 * (timekeeping.c, on the arch's clock: the calibrated TSC, see
 * arch/x86_64/tsc.h), and the timer tick count (jiffies, HZ per second,
 * timer.c).
 */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include "lib/types.h"

#define HZ 100
#define NSEC_PER_SEC 1000000000ull

extern volatile u64 jiffies;

/* Nanoseconds since boot (0 until the TSC is calibrated). */
u64 ktime_get_ns(void);
/* Busy-wait @us microseconds (for drivers and bring-up). */
void udelay(u64 us);

/* Sleeps, process context (sleep.c); others run meanwhile. */
/* Sleep in @state until ktime_get_ns() reaches @end_ns, or, with
 * TASK_INTERRUPTIBLE, a signal is pending: the ns left, 0 if all slept. */
u64 sleep_until_ns(u64 end_ns, unsigned int state);
/* Sleep @ms ms, woken early by a signal: the ms left (0: all slept). */
unsigned long msleep_interruptible(unsigned int ms);
/* Sleep @seconds seconds, uninterruptibly (msleep()). */
void ssleep(unsigned int seconds);
/* Sleep at least @min microseconds (at most about a tick more). */
void usleep_range(unsigned long min, unsigned long max);

struct task_struct;
/* @p's timer slack in ns (prctl PR_GET_TIMERSLACK; 50000 by default). */
u64 task_timer_slack(const struct task_struct *p);
/* Set @p's timer slack to @ns; 0 restores the one it was born with. */
void set_timer_slack(struct task_struct *p, u64 ns);
/* Fork: new task @p starts with current's slack, also as its default. */
void timer_slack_fork(struct task_struct *p);

#endif
