/*
 * Host tests for lib/fault-inject.c: Linux's failslab rules in its order
 * (times, space, interval, probability) and the boot option's
 * "<interval>,<probability>,<space>,<times>" parser.
 */
#include "tests/host/htest.h"
#include "lib/errno.h"
#include "lib/fault-inject.h"

static int fail_count(struct fault_attr *a, int calls, u64 size, u32 rnd)
{
	int n = 0;

	for (int i = 0; i < calls; i++)
		n += fault_should_fail(a, size, rnd);
	return n;
}

static void test_rules(void)
{
	struct fault_attr a = { .probability = 100, .interval = 1, .times = -1 };

	CHECK(fail_count(&a, 10, 8, 0) == 10, "probability 100, times -1: every call");
	a = (struct fault_attr){ .probability = 100, .interval = 1, .times = 3 };
	CHECK(fail_count(&a, 10, 8, 0) == 3 && a.times == 0, "times 3: three failures, then none");
	a = (struct fault_attr){ .probability = 100, .interval = 4, .times = -1 };
	CHECK(fail_count(&a, 12, 8, 0) == 3, "interval 4: one call in four");
	a = (struct fault_attr){ .probability = 100, .interval = 1, .times = -1, .space = 20 };
	CHECK(fail_count(&a, 2, 8, 0) == 0 && fail_count(&a, 1, 8, 0) == 1,
	      "space 20: 16 bytes pass, the call that goes past fails");
	a = (struct fault_attr){ .probability = 5, .interval = 1, .times = -1 };
	CHECK(!fault_should_fail(&a, 8, 5) && fault_should_fail(&a, 8, 104),
	      "probability 5: rnd %% 100 < 5 fails, >= 5 passes");
	a = (struct fault_attr){ .probability = 0, .interval = 1, .times = -1 };
	CHECK(fail_count(&a, 10, 8, 0) == 0, "probability 0: never");
	CHECK(a.failures == 0, "failures counts only injected ones");
}

static void test_parse(void)
{
	struct fault_attr a = { .interval = 7 };

	CHECK(fault_attr_parse(&a, "1,5,0,-1") == 0 && a.interval == 1 &&
	      a.probability == 5 && a.space == 0 && a.times == -1,
	      "\"1,5,0,-1\": interval 1, probability 5, space 0, times -1");
	CHECK(fault_attr_parse(&a, "10,100,4096,3") == 0 && a.interval == 10 &&
	      a.space == 4096 && a.times == 3, "\"10,100,4096,3\"");
	a.interval = 9;
	CHECK(fault_attr_parse(&a, "1,101,0,1") == -EINVAL && a.interval == 9,
	      "probability over 100 refused, attr unchanged");
	CHECK(fault_attr_parse(&a, "1,5,0") == -EINVAL, "three fields refused");
	CHECK(fault_attr_parse(&a, "1,5,0,1,2") == -EINVAL, "five fields refused");
	CHECK(fault_attr_parse(&a, "1,x,0,1") == -EINVAL, "not a number refused");
	CHECK(fault_attr_parse(&a, NULL) == -EINVAL, "no value refused");
}

int main(void)
{
	test_rules();
	test_parse();
	return htest_done();
}
