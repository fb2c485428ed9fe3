/*
 * panic(): the end. Print why (with a stack trace), stop the other CPUs,
 * and stop the machine. Under QEMU with the isa-debug-exit device (the
 * test harness always adds it) the kernel ends QEMU at once with exit
 * status 3, so no test ever waits out a timeout on a dead kernel.
 * Beside it the warnings that do not end anything (WARN_ON, refcount_t
 * misuse): a message and a stack trace, counted by warn_count().
 * Also the taint flags: what has happened that makes the kernel's state
 * suspect (a proprietary or out-of-tree module, an oops it survived);
 * and the stack protector's canary and its panic (kernel/stackprotector.h),
 * where Linux keeps __stack_chk_fail() too.
 */
#include "asm/irqflags.h"
#include "asm/stacktrace.h"
#include "kernel/kallsyms.h"
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "kernel/printk/printk.h"
#include "kernel/random.h"
#include "kernel/stackprotector.h"
#include "kernel/time/time.h"
#include "lib/atomic.h"
#include "lib/bug.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "kernel/module/module.h"

static int panic_cpu = -1;
static atomic_t nr_warnings;

static unsigned long tainted_mask;

/* Linux's letters, in bit order (TAINT_PROPRIETARY_MODULE is 'P'/'G'). */
static const char taint_letters[TAINT_FLAGS_COUNT] = "PFSRMBUDAWCIOELKXTN";

static bool debug_locks_off;

void add_taint(unsigned int flag, enum lockdep_ok lockdep_ok)
{
	__atomic_fetch_or(&tainted_mask, 1ul << flag, __ATOMIC_SEQ_CST);
	if (lockdep_ok == LOCKDEP_NOW_UNRELIABLE &&
	    !__atomic_exchange_n(&debug_locks_off, true, __ATOMIC_SEQ_CST))
		pr_warn("Disabling lock debugging due to kernel taint\n");
}

bool test_taint(unsigned int flag)
{
	return READ_ONCE(tainted_mask) & (1ul << flag);
}

unsigned long get_taint(void)
{
	return READ_ONCE(tainted_mask);
}

const char *print_tainted(char *buf, size_t size)
{
	unsigned long mask = get_taint();
	char *p = buf;

	if (!mask || size < TAINT_FLAGS_COUNT + 10) {
		scnprintf(buf, size, "Not tainted");
		return buf;
	}
	p += scnprintf(p, size, "Tainted: ");
	for (int i = 0; i < TAINT_FLAGS_COUNT; i++)
		*p++ = mask & (1ul << i) ? taint_letters[i] : i ? ' ' : 'G';
	*p = '\0';
	return buf;
}

void panic(const char *fmt, ...)
{
	static char buf[256];
	va_list ap;

	arch_local_irq_disable();
	/* A second panic (from inside the first) only stops. */
	if (xchg(&panic_cpu, 0) != -1)
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
EXPORT_SYMBOL(panic);

void warn_slowpath(const char *file, int line, const char *cond)
{
	atomic_inc(&nr_warnings);
	pr_warn("WARNING: CPU: %u at %s:%d: %s\n", smp_processor_id(), file,
		line, cond);
	dump_stack();
}
EXPORT_SYMBOL(warn_slowpath);

void warn_slowpath_fmt(const char *file, int line, const char *fmt, ...)
{
	char buf[160];
	va_list ap;

	atomic_inc(&nr_warnings);
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_warn("------------[ cut here ]------------\n");
	pr_warn("%s", buf);
	pr_warn("WARNING: CPU: %u at %s:%d\n", smp_processor_id(), file, line);
	dump_stack();
}

unsigned int warn_count(void)
{
	return atomic_read(&nr_warnings);
}

/* ---- the stack protector ---- */

/* Non-zero before boot_init_stack_canary() too, as a fixed value. */
u64 __stack_chk_guard = 0x595e9fbd94fda700ull;
EXPORT_SYMBOL(__stack_chk_guard);

__attribute__((no_stack_protector)) void boot_init_stack_canary(void)
{
	/* The low byte zero, as in glibc and Linux: a string copy running
	 * off a buffer stops at the canary instead of copying past it. */
	__stack_chk_guard = get_random_u64() & ~0xffull;
}

/* Called by GCC's check when a canary was overwritten: never returns. */
__attribute__((noreturn, no_stack_protector)) void __stack_chk_fail(void)
{
	char sym[128];

	/* The call is the function's last instruction: its return address
	 * may already be the next function's, so look up the byte before. */
	sprint_symbol(sym, sizeof(sym), (u64)__builtin_return_address(0) - 1);
	panic("stack-protector: Kernel stack is corrupted in: %s", sym);
}
EXPORT_SYMBOL(__stack_chk_fail);

/* ---- ktest (run only when named: it panics) ---- */

static volatile size_t smash_len = 64;

/* A buffer overrun on the stack: 64 bytes into a 16-byte array. */
static __attribute__((noinline)) void smash_the_stack(void)
{
	char buf[16];

	memset(buf, 'A', smash_len);
	__asm__ volatile("" : : "r"(buf) : "memory");
}

KTEST_CRASH(stack_protector)
{
	smash_the_stack();
	KT_EXPECT(t, false);	/* not reached: the check panics on return */
}
