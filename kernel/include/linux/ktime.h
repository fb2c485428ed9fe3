/* ktime_t: nanoseconds, from the TSC clock since boot (kernel/time/). */
#ifndef _LINUX_KTIME_H
#define _LINUX_KTIME_H

#include <linux/jiffies.h>
#include "kernel/time/time_kernel.h"

typedef s64 ktime_t;

#define NSEC_PER_USEC 1000L
#define NSEC_PER_MSEC 1000000L
#define USEC_PER_SEC 1000000L
#define MSEC_PER_SEC 1000L

static inline ktime_t ktime_get(void) { return ktime_get_ns(); }
static inline ktime_t ktime_get_real(void) { return ktime_get_real_ns(); }
static inline ktime_t ktime_sub(ktime_t a, ktime_t b) { return a - b; }
static inline ktime_t ktime_add(ktime_t a, ktime_t b) { return a + b; }
static inline s64 ktime_to_ns(ktime_t t) { return t; }
static inline s64 ktime_to_us(ktime_t t) { return t / NSEC_PER_USEC; }
static inline s64 ktime_to_ms(ktime_t t) { return t / NSEC_PER_MSEC; }
static inline s64 ktime_ms_delta(ktime_t later, ktime_t earlier) { return (later - earlier) / NSEC_PER_MSEC; }
static inline u64 ktime_get_seconds(void) { return ktime_get_ns() / NSEC_PER_SEC; }
static inline u64 ktime_get_real_seconds(void) { return ktime_get_real_ns() / NSEC_PER_SEC; }

#endif
