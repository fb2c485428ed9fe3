/*
 * panic(): the end. Print why (with a stack trace), stop the other CPUs,
 * and stop the machine. Under QEMU with the isa-debug-exit device (the
 * test harness always adds it) the kernel ends QEMU at once with exit
 * status 3, so no test ever waits out a timeout on a dead kernel.
 */
#include "asm/irqflags.h"
#include "asm/stacktrace.h"
#include "kernel/panic.h"
#include "kernel/printk/printk.h"
#include "kernel/time/time.h"
#include "lib/bug.h"
#include "lib/vsprintf.h"

static int panic_cpu = -1;

void panic(const char *fmt, ...)
{
	static char buf[256];
	va_list ap;

	arch_local_irq_disable();
	/* A second panic (from inside the first) only stops. */
	if (__atomic_exchange_n(&panic_cpu, 0, __ATOMIC_SEQ_CST) != -1)
		arch_halt_machine(PANIC_EXIT_CODE);
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_emerg("Kernel panic - not syncing: %s\n", buf);
	dump_stack();
	arch_stop_other_cpus();
	/* Give the NMIs time to land, then take over the log's lock: a CPU
	 * stopped in the middle of a printk (another oops) holds it. */
	udelay(10000);
	printk_bust_lock();
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", buf);
	arch_halt_machine(PANIC_EXIT_CODE);
}

void warn_slowpath(const char *file, int line, const char *cond)
{
	pr_warn("WARNING: CPU: %u at %s:%d: %s\n", smp_processor_id(), file,
		line, cond);
	dump_stack();
}
