/*
 * The vDSO: code the kernel maps into every process ([vdso]) so that
 * clock_gettime, gettimeofday and time run in user mode, without a system
 * call. It reads the TSC and the constants of the data page ([vvar], the
 * page just below it) and does the same arithmetic as the kernel's
 * ktime_get_ns(). Clocks it cannot read here (the CPU-time clocks, bad
 * ids) fall back to the real system call, so errors stay the kernel's.
 *
 * Built as a tiny position-independent shared library (vdso.lds): the C
 * library finds these functions through AT_SYSINFO_EHDR in the auxiliary
 * vector, by name and version (LINUX_2.6), as on Linux. No data, no
 * relocations: the same pages serve every process at any address.
 */
#include "arch/x86_64/vdso/datapage.h"
#include "kernel/time/clockid.h"
#include "kernel/unistd.h"

#define NSEC_PER_SEC 1000000000ull

struct timespec {
	long tv_sec, tv_nsec;
};
struct timeval {
	long tv_sec, tv_usec;
};
struct timezone {
	int tz_minuteswest, tz_dsttime;
};

/* Placed one page below the vDSO's first byte by vdso.lds; hidden, so
 * reached rip-relative, never through a relocation. */
extern const struct vdso_data vvar_page __attribute__((visibility("hidden")));

static long vdso_syscall2(long nr, long a, long b)
{
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "a"(nr), "D"(a), "S"(b)
			     : "rcx", "r11", "memory");
	return ret;
}

static unsigned long long vdso_rdtsc(void)
{
	unsigned int lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((unsigned long long)hi << 32) | lo;
}

/* The clock @clk now, in ns; 0, or -1 when only the kernel can say. */
static int vdso_clock_ns(int clk, unsigned long long *ns)
{
	const volatile struct vdso_data *vd = &vvar_page;
	unsigned long long t;

	if (!vd->clock_ok)
		return -1;
	t = vdso_ticks_to_ns(vdso_rdtsc() - vd->tsc_boot, vd->ns_mult);
	switch (clock_tsc_base(clk)) {
	case CLOCK_REALTIME:
		*ns = vd->boot_epoch_ns + t;
		return 0;
	case CLOCK_MONOTONIC:
		*ns = t;
		return 0;
	default:
		return -1;
	}
}

/* clock_gettime() in user space from the TSC and the vvar page, for
 * the TSC-based clocks; the system call for the others. */
int __vdso_clock_gettime(int clk, struct timespec *ts)
{
	unsigned long long ns;

	if (vdso_clock_ns(clk, &ns))
		return (int)vdso_syscall2(__NR_clock_gettime, clk, (long)ts);
	ts->tv_sec = (long)(ns / NSEC_PER_SEC);
	ts->tv_nsec = (long)(ns % NSEC_PER_SEC);
	return 0;
}

/* gettimeofday() in user space (the time zone settimeofday() set). */
int __vdso_gettimeofday(struct timeval *tv, struct timezone *tz)
{
	unsigned long long ns;

	if (vdso_clock_ns(CLOCK_REALTIME, &ns))
		return (int)vdso_syscall2(__NR_gettimeofday, (long)tv, (long)tz);
	if (tv) {
		tv->tv_sec = (long)(ns / NSEC_PER_SEC);
		tv->tv_usec = (long)(ns % NSEC_PER_SEC / 1000);
	}
	if (tz) {
		tz->tz_minuteswest = vvar_page.tz_minuteswest;
		tz->tz_dsttime = vvar_page.tz_dsttime;
	}
	return 0;
}

/* time() in user space. */
long __vdso_time(long *t)
{
	unsigned long long ns;
	long sec;

	if (vdso_clock_ns(CLOCK_REALTIME, &ns))
		return vdso_syscall2(__NR_time, (long)t, 0);
	sec = (long)(ns / NSEC_PER_SEC);
	if (t)
		*t = sec;
	return sec;
}
