/*
 * jiffies: timer ticks since boot, HZ a second (kernel/time/time.h;
 * Taskbase's HZ is 100). The conversions round up, as Linux's.
 */
#ifndef _LINUX_JIFFIES_H
#define _LINUX_JIFFIES_H

#include <linux/types.h>
#include "kernel/time/time.h"

#define MAX_JIFFY_OFFSET ((long)(~0UL >> 2))
#define time_after(a, b) ((long)((b) - (a)) < 0)
#define time_before(a, b) time_after(b, a)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)
#define time_before_eq(a, b) time_after_eq(b, a)
#define time_is_before_jiffies(a) time_after(jiffies, a)
#define time_is_after_jiffies(a) time_before(jiffies, a)

static inline u64 get_jiffies_64(void) { return jiffies; }
static inline unsigned long msecs_to_jiffies(unsigned int ms) { return ((u64)ms * HZ + 999) / 1000; }
static inline unsigned long usecs_to_jiffies(unsigned int us) { return ((u64)us * HZ + 999999) / 1000000; }
static inline unsigned int jiffies_to_msecs(unsigned long j) { return j * (1000 / HZ); }
static inline unsigned int jiffies_to_usecs(unsigned long j) { return j * (1000000 / HZ); }

#endif
