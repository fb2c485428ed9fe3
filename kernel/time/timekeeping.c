/*
 * The kernel's clock (Linux's kernel/time/timekeeping.c, reduced to what
 * Taskbase needs): nanoseconds since boot and short busy waits, built on
 * the clock the arch gives (arch/x86_64/tsc.h: the TSC, calibrated at
 * boot). The wall clock and the clock system calls are time.c's, the
 * tick (jiffies) timer.c's.
 */
#include "kernel/time/time.h"
#include "asm/tsc.h"
#include "kernel/module/module.h"

u64 ktime_get_ns(void)
{
	return arch_clock_ns();
}
EXPORT_SYMBOL(ktime_get_ns);

void udelay(u64 us)
{
	arch_udelay(us);
}
EXPORT_SYMBOL(udelay);
