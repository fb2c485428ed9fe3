/*
 * Self-test for refcount_t misuse inside the running kernel: an underflow
 * saturates the count, prints "refcount_t: underflow; use-after-free."
 * with a stack trace once, and the kernel carries on (the next tests run).
 * The host test (tests/host/test_refcount.c) covers the other events.
 * It sits beside the locks: refcount_t (lib/refcount.h) is, like them, a
 * primitive built on atomics that every subsystem uses.
 */
#include "kernel/ktest.h"
#include "kernel/panic.h"
#include "lib/refcount.h"

KTEST(refcount_underflow)
{
	refcount_t r = REFCOUNT_INIT(1);
	unsigned int warned = warn_count();

	KT_EXPECT(t, refcount_dec_and_test(&r));
	ktest_note(t, "a refcount_t underflow warning follows, on purpose");
	KT_EXPECT(t, !refcount_dec_and_test(&r));
	KT_EXPECT(t, refcount_read(&r) == (unsigned int)REFCOUNT_SATURATED);
	KT_EXPECT(t, warn_count() == warned + 1);
	/* Once per kind of event: the next underflow is silent, and the
	 * count stays saturated (never freed). */
	KT_EXPECT(t, !refcount_dec_and_test(&r));
	KT_EXPECT(t, refcount_read(&r) == (unsigned int)REFCOUNT_SATURATED);
	KT_EXPECT(t, warn_count() == warned + 1);
}
