/*
 * In-kernel self-tests, KUnit/KTAP style. A test is a function declared
 * with KTEST(name) anywhere in the kernel; the linker gathers them into the
 * .ktest section. "ktest" on the command line runs them all after boot and
 * prints one "ok N name" / "not ok N name" line each, then powers off.
 * "ktest=a,b" runs only the named ones; tests declared KTEST_CRASH() are
 * expected to end the kernel (a panic, a #DF report...) and run only when
 * named, each in a boot of its own, checked by the QEMU harness. Tests
 * declared KTEST_SLOW() (KUnit's KUNIT_CASE_SLOW: seconds, a race tried
 * thousands of times) are left out of "ktest" too, which every boot test
 * runs; "ktest=slow" runs them all, or name one.
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include "lib/types.h"

struct ktest {
	const char *name;
	int failures;		/* KT_EXPECT failures so far */
};

struct ktest_case {
	const char *name;
	void (*fn)(struct ktest *t);
	bool crash;		/* ends the kernel: run only when named */
	bool slow;		/* seconds: "ktest=slow" or named */
};

#define __KTEST(name, is_crash, is_slow)                                \
	static void ktest_##name(struct ktest *t);                      \
	static const struct ktest_case __ktest_case_##name              \
		__section(".ktest") __used __aligned(8) = {             \
		#name, ktest_##name, is_crash, is_slow };               \
	static void ktest_##name(struct ktest *t __unused)

#define KTEST(name) __KTEST(name, false, false)
#define KTEST_CRASH(name) __KTEST(name, true, false)
#define KTEST_SLOW(name) __KTEST(name, false, true)

/* Record a failure (and say where) when @cond is false; the test goes on. */
#define KT_EXPECT(t, cond)                                              \
	ktest_check(t, !!(cond), #cond, __FILE__, __LINE__)

/* Like KT_EXPECT, but with a printf-style explanation. */
#define KT_EXPECTF(t, cond, ...)                                        \
	do {                                                            \
		if (!ktest_check(t, !!(cond), #cond, __FILE__, __LINE__)) \
			ktest_note(t, __VA_ARGS__);                     \
	} while (0)

bool ktest_check(struct ktest *t, bool ok, const char *expr, const char *file,
		 int line);
__printf(2, 3) void ktest_note(struct ktest *t, const char *fmt, ...);

/* Run the tests the command line selected (NULL: all but the crash and
 * slow ones; "slow": the slow ones). */
void ktest_run(const char *selection);

#endif
