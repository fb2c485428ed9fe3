/*
 * Waiting: msleep() and ssleep() sleep (process context; the scheduler
 * runs others), udelay(), ndelay() and mdelay() spin on the TSC (any
 * context). kernel/sched/core.c and kernel/time/time.c implement them.
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

static inline void ssleep(unsigned int seconds) { msleep(seconds * 1000); }

static inline unsigned long msleep_interruptible(unsigned int ms)
{
	msleep(ms);
	return 0;
}

static inline void usleep_range(unsigned long min, unsigned long max)
{
	msleep(DIV_ROUND_UP(min, 1000));
}

static inline void fsleep(unsigned long us) { usleep_range(us, us); }

#endif
