/*
 * Host tests for lib/atomic.h: each helper reads, sets or changes the
 * counter as its name says, and those that return a value return the
 * one their contract names (the value before, for atomic_fetch_*). The
 * orderings are what GCC's builtins give; a single thread cannot see
 * them, so this checks the values only.
 */
#include "tests/host/htest.h"
#include "lib/atomic.h"

static void test_atomic_t(void)
{
	atomic_t a = ATOMIC_INIT(3);
	int old = 5;

	CHECK(atomic_read(&a) == 3 && atomic_read_acquire(&a) == 3,
	      "read and read_acquire see the initial value");
	atomic_inc(&a);
	atomic_add(2, &a);
	CHECK(atomic_read_acquire(&a) == 6, "inc and add(2) from 3 make 6");
	CHECK(atomic_fetch_sub_release(1, &a) == 6 && atomic_read(&a) == 5,
	      "fetch_sub_release returns the value before");
	CHECK(atomic_fetch_add_relaxed(2, &a) == 5 && atomic_read(&a) == 7,
	      "fetch_add_relaxed returns the value before");
	atomic_dec(&a);
	atomic_sub(6, &a);
	CHECK(atomic_read(&a) == 0, "dec and sub(6) from 7 make 0");
	atomic_set_release(&a, 9);
	CHECK(!atomic_try_cmpxchg_acquire(&a, &old, 1) && old == 9,
	      "a failed try_cmpxchg puts the value into *old");
	CHECK(atomic_try_cmpxchg_relaxed(&a, &old, 1) && atomic_read(&a) == 1,
	      "a try_cmpxchg that matches stores the new value");
}

static void test_atomic_long_t(void)
{
	atomic_long_t l = ATOMIC_LONG_INIT(1L << 40);

	atomic_long_add(1, &l);
	atomic_long_sub(2, &l);
	CHECK(atomic_long_read(&l) == (1L << 40) - 1,
	      "long add and sub past 2^31");
	CHECK(atomic_long_inc_return(&l) == 1L << 40,
	      "inc_return returns the new value");
	CHECK(atomic_long_xchg(&l, 7) == 1L << 40 && atomic_long_read(&l) == 7,
	      "xchg returns the old value and stores the new");
}

int main(void)
{
	test_atomic_t();
	test_atomic_long_t();
	return htest_done();
}
