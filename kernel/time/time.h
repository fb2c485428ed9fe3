/*
 * Kernel time: nanoseconds since boot from the calibrated TSC, and the
 * timer tick count (jiffies, HZ per second).
 */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include "lib/types.h"

#define HZ 100
#define NSEC_PER_SEC 1000000000ull

extern volatile u64 jiffies;

/* Nanoseconds since boot (0 until the TSC is calibrated). */
u64 ktime_get_ns(void);
/* The TSC frequency measured at boot, in kHz (/proc/cpuinfo's MHz). */
u64 tsc_get_khz(void);
/* Busy-wait @us microseconds (TSC based; for drivers and bring-up). */
void udelay(u64 us);

#endif
