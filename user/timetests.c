/*
 * timetests: time, CPU-time accounting, scheduling policy and process
 * control calls as Linux answers them (issue 17: what LTP's clock_*,
 * *itimer*, sched_*, prctl*, uname04 and setpgid tests taught), tested
 * from user space.
 *
 *   timetests [NAME]...     run every test, or only the ones named
 *
 * Prints TAP like abitests ("1..N", "ok N - name", "# timetests: P
 * passed, F failed"); each test runs in a forked child of its own
 * (user/lib/tap.c tap_run()). The same binary runs on Linux: every
 * expectation here is Linux 6.1's behaviour.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

#define TEST_TIMEOUT 20		/* seconds one test may take */

#ifndef SCHED_DEADLINE
#define SCHED_DEADLINE 6
#endif

/* Every policy Linux knows has a priority range; others are EINVAL, and
 * SCHED_DEADLINE cannot be set without sched_setattr's parameters. */
static int test_sched_priority_range(void)
{
	static const int pol[] = { SCHED_OTHER, SCHED_FIFO, SCHED_RR,
				   SCHED_BATCH, SCHED_IDLE, SCHED_DEADLINE };
	static const int max[] = { 0, 99, 99, 0, 0, 0 };
	static const int min[] = { 0, 1, 1, 0, 0, 0 };
	struct sched_param sp = { 0 };

	for (unsigned int i = 0; i < sizeof(pol) / sizeof(pol[0]); i++) {
		EXPECT(sched_get_priority_max(pol[i]) == max[i]);
		EXPECT(sched_get_priority_min(pol[i]) == min[i]);
	}
	errno = 0;
	EXPECT(sched_get_priority_max(4) == -1 && errno == EINVAL);
	errno = 0;
	EXPECT(sched_get_priority_min(7) == -1 && errno == EINVAL);
	errno = 0;
	EXPECT(syscall(SYS_sched_setscheduler, 0, SCHED_DEADLINE, &sp) == -1 &&
	       errno == EINVAL);
	return 0;
}

static const struct tap_test tests[] = {
	{ "sched_priority_range", test_sched_priority_range },
};

#define NTESTS (int)(sizeof(tests) / sizeof(tests[0]))

int main(int argc, char **argv)
{
	return tap_run("timetests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
