/*
 * The vDSO data page, mapped read-only into every process as [vvar]: what
 * user space needs to read the clocks without entering the kernel (as
 * Linux's struct vdso_data). The kernel fills it at boot; setting the
 * clock (clock_settime, settimeofday, a leap second) rewrites
 * boot_epoch_ns and the time zone, each one aligned word that a reader
 * gets whole, old or new, so readers need no sequence lock.
 *
 * Included by the kernel (arch/x86_64/vdso.c, tsc.c) and by the vDSO
 * itself (vclock_gettime.c), so it uses plain C types only.
 */
#ifndef ARCH_X86_64_VDSO_DATAPAGE_H
#define ARCH_X86_64_VDSO_DATAPAGE_H

/* ns = ticks * mult >> VDSO_MULT_SHIFT (tsc.c picks mult to match). */
#define VDSO_MULT_SHIFT 22

struct vdso_data {
	unsigned long long tsc_boot;	/* TSC at CLOCK_MONOTONIC's zero */
	unsigned long long ns_mult;	/* TSC ticks to ns, see above */
	unsigned long long boot_epoch_ns; /* CLOCK_REALTIME at that zero */
	unsigned int clock_ok;		/* 0: no calibrated TSC: syscalls */
	int tz_minuteswest, tz_dsttime;	/* settimeofday()'s time zone */
};

/*
 * Nanoseconds in @ticks TSC ticks: the one formula the kernel's
 * ktime_get_ns() and the vDSO share, so both give the same answer. The
 * split keeps the product in 64 bits for years of uptime.
 */
static inline unsigned long long vdso_ticks_to_ns(unsigned long long ticks,
						  unsigned long long mult)
{
	const unsigned long long low = (1ull << VDSO_MULT_SHIFT) - 1;

	return (ticks >> VDSO_MULT_SHIFT) * mult +
	       (((ticks & low) * mult) >> VDSO_MULT_SHIFT);
}

#endif
