/*
 * Waiting: msleep(), msleep_interruptible(), ssleep(), usleep_range() and
 * fsleep() sleep (process context; the scheduler runs others), udelay(),
 * ndelay() and mdelay() spin on the TSC (any context). The exported
 * functions are kernel/sched/core.c's msleep(), kernel/time/sleep.c's
 * and kernel/time/timekeeping.c's udelay(); the rest are inline, as in
 * Linux.
 */
#ifndef _LINUX_DELAY_H
#define _LINUX_DELAY_H

#include <linux/kernel.h>
#include "kernel/sched/sched.h"
#include "kernel/time/time.h"

static inline void ndelay(unsigned long ns) { udelay(DIV_ROUND_UP(ns, 1000)); }

static inline void mdelay(unsigned long ms)
{
	while (ms--)
		udelay(1000);
}

static inline void fsleep(unsigned long us) { usleep_range(us, us); }

#endif
