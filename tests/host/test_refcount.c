/*
 * Host tests for lib/refcount.h: the ordinary life of a count (set, inc,
 * dec_and_test reaching zero exactly once), inc_not_zero refusing a dead
 * object, and every misuse saturating at REFCOUNT_SATURATED with one
 * warning per kind that names the event: overflow past REFCOUNT_MAX,
 * addition on 0, underflow, refcount_dec() hitting 0.
 */
#include "tests/host/htest.h"
#include "lib/refcount.h"
#include "lib/string.h"

/* Did exactly one new warning appear since @before, naming @event? */
static bool warned_once(int before, const char *event)
{
	return htest_warnings == before + 1 &&
	       strstr(htest_last_warning, event) != NULL;
}

static void test_life(void)
{
	refcount_t r = REFCOUNT_INIT(1);
	int w = htest_warnings;

	refcount_inc(&r);
	refcount_add(3, &r);
	CHECK(refcount_read(&r) == 5, "inc and add(3) from 1 make 5");
	refcount_dec(&r);
	CHECK(!refcount_sub_and_test(2, &r) && refcount_read(&r) == 2,
	      "dec and sub_and_test(2) leave 2, not the last");
	CHECK(!refcount_dec_and_test(&r), "dec_and_test at 2: not the last");
	CHECK(refcount_dec_and_test(&r) && refcount_read(&r) == 0,
	      "dec_and_test at 1: the last, count 0");
	refcount_set(&r, 7);
	CHECK(refcount_sub_and_test(7, &r), "sub_and_test of all 7: the last");
	CHECK(htest_warnings == w, "no warning in ordinary use");
}

static void test_inc_not_zero(void)
{
	refcount_t r = REFCOUNT_INIT(0);
	int w = htest_warnings;

	CHECK(!refcount_inc_not_zero(&r) && refcount_read(&r) == 0,
	      "inc_not_zero at 0: refused, count stays 0");
	refcount_set(&r, 1);
	CHECK(refcount_inc_not_zero(&r) && refcount_read(&r) == 2,
	      "inc_not_zero at 1: taken, count 2");
	CHECK(htest_warnings == w, "inc_not_zero does not warn");
}

static void test_overflow(void)
{
	refcount_t r = REFCOUNT_INIT(REFCOUNT_MAX);
	refcount_t s = REFCOUNT_INIT(REFCOUNT_MAX);
	int w = htest_warnings;

	refcount_inc(&r);
	CHECK(refcount_read(&r) == (unsigned int)REFCOUNT_SATURATED,
	      "inc at REFCOUNT_MAX saturates");
	CHECK(warned_once(w, "refcount_t: saturated; leaking memory."),
	      "overflow warns");
	refcount_inc(&r);
	CHECK(!refcount_dec_and_test(&r) &&
	      refcount_read(&r) == (unsigned int)REFCOUNT_SATURATED,
	      "a saturated count stays saturated and is never freed");
	CHECK(refcount_inc_not_zero(&s) &&
	      refcount_read(&s) == (unsigned int)REFCOUNT_SATURATED,
	      "inc_not_zero at REFCOUNT_MAX saturates too");
}

static void test_addition_on_zero(void)
{
	refcount_t r = REFCOUNT_INIT(0);
	int w = htest_warnings;

	refcount_inc(&r);
	CHECK(refcount_read(&r) == (unsigned int)REFCOUNT_SATURATED,
	      "inc from 0 saturates");
	CHECK(warned_once(w, "refcount_t: addition on 0; use-after-free."),
	      "inc from 0 warns");
	refcount_set(&r, 0);
	refcount_add(2, &r);
	CHECK(refcount_read(&r) == (unsigned int)REFCOUNT_SATURATED &&
	      htest_warnings == w + 1,
	      "add on 0 again: saturated, no second warning");
}

static void test_underflow(void)
{
	refcount_t r = REFCOUNT_INIT(0);
	int w = htest_warnings;

	CHECK(!refcount_dec_and_test(&r), "dec_and_test at 0: not the last");
	CHECK(refcount_read(&r) == (unsigned int)REFCOUNT_SATURATED,
	      "dec_and_test at 0 saturates");
	CHECK(warned_once(w, "refcount_t: underflow; use-after-free."),
	      "underflow warns");
	refcount_set(&r, 1);
	CHECK(!refcount_sub_and_test(2, &r) &&
	      refcount_read(&r) == (unsigned int)REFCOUNT_SATURATED,
	      "sub_and_test(2) at 1 saturates");
	CHECK(htest_warnings == w + 1, "the underflow warning is printed once");
}

static void test_dec_leak(void)
{
	refcount_t r = REFCOUNT_INIT(1);
	int w = htest_warnings;

	refcount_dec(&r);
	CHECK(refcount_read(&r) == (unsigned int)REFCOUNT_SATURATED,
	      "dec at 1 (would leak the object) saturates");
	CHECK(warned_once(w, "refcount_t: decrement hit 0; leaking memory."),
	      "dec to 0 warns");
}

int main(void)
{
	test_life();
	test_inc_not_zero();
	/* Before test_overflow(): dropping its saturated count is an
	 * underflow too, and each kind warns only once. */
	test_underflow();
	test_overflow();
	test_addition_on_zero();
	test_dec_leak();
	return htest_done();
}
