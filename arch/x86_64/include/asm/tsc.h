/*
 * The TSC, the clock under kernel/time/ (tsc.c): measured against the
 * PIT at boot, then read with rdtsc and scaled with the same arithmetic
 * the vDSO uses. The generic kernel reads time through kernel/time/time.h
 * (ktime_get_ns(), udelay()), which kernel/time/timekeeping.c builds on
 * the arch_* functions here.
 */
#ifndef ASM_X86_64_TSC_H
#define ASM_X86_64_TSC_H

#include "lib/types.h"

struct vdso_data;

/* Boot CPU, once, before anything reads the clock: measure the TSC
 * frequency and make this moment time zero. */
void tsc_calibrate(void);
/* The TSC frequency measured at boot, in kHz (/proc/cpuinfo's MHz); 0
 * before tsc_calibrate(). */
u64 arch_tsc_khz(void);
/* Nanoseconds since tsc_calibrate() (0 until then). Any CPU, any
 * context: one rdtsc and a multiply. */
u64 arch_clock_ns(void);
/* Busy-wait @us microseconds on the TSC (before calibration, on port
 * 0x80 reads of about 1 us each). */
void arch_udelay(u64 us);
/* The clock constants the vDSO computes with (vdso.c, at boot). */
void tsc_fill_vdso_data(struct vdso_data *vd);

#endif
