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

#define FUTEX_WAIT 0		/* <linux/futex.h>, which musl lacks */
#define FUTEX_WAIT_BITSET 9
#define FUTEX_CLOCK_REALTIME 256

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

static long long ts_ns(const struct timespec *ts)
{
	return ts->tv_sec * 1000000000ll + ts->tv_nsec;
}

static long long now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts_ns(&ts);
}

/* The clocks read the TSC between ticks: two reads a few microseconds
 * apart differ by less than a tick, and clock_getres says 1 ns. */
static int test_clock_resolution(void)
{
	static const clockid_t clk[] = { CLOCK_REALTIME, CLOCK_MONOTONIC,
					 CLOCK_BOOTTIME };
	struct timespec res;

	for (unsigned int i = 0; i < sizeof(clk) / sizeof(clk[0]); i++) {
		long long a = now_ns(clk[i]), b;

		while ((b = now_ns(clk[i])) == a)
			;
		EXPECT(b - a < 1000000);
		EXPECT(clock_getres(clk[i], &res) == 0 && res.tv_sec == 0 &&
		       res.tv_nsec == 1);
	}
	return 0;
}

/* futex waits and rt_sigtimedwait end no earlier than their timeout,
 * relative or absolute, monotonic or realtime (futex_wait_bitset01). */
static int test_timeouts_not_early(void)
{
	int word = 0;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (int i = 0; i < 6; i++) {
		clockid_t clk = i & 1 ? CLOCK_REALTIME : CLOCK_MONOTONIC;
		long long want = 15000000 + i * 3000000, start = now_ns(clk);
		long long end = start + want;
		struct timespec abs = { end / 1000000000, end % 1000000000 };
		struct timespec rel = { 0, want };
		int op = FUTEX_WAIT_BITSET | (i & 1 ? FUTEX_CLOCK_REALTIME : 0);

		CHECK(syscall(SYS_futex, &word, op, 0, &abs, NULL, ~0u) == -1 &&
		      errno == ETIMEDOUT);
		EXPECT(now_ns(clk) >= end);
		start = now_ns(CLOCK_MONOTONIC);
		CHECK(syscall(SYS_futex, &word, FUTEX_WAIT, 0, &rel, NULL, 0) == -1 &&
		      errno == ETIMEDOUT);
		EXPECT(now_ns(CLOCK_MONOTONIC) - start >= want);
		start = now_ns(CLOCK_MONOTONIC);
		CHECK(sigtimedwait(&set, NULL, &rel) == -1 && errno == EAGAIN);
		EXPECT(now_ns(CLOCK_MONOTONIC) - start >= want);
	}
	return 0;
}

static const struct tap_test tests[] = {
	{ "clock_resolution", test_clock_resolution },
	{ "timeouts_not_early", test_timeouts_not_early },
	{ "sched_priority_range", test_sched_priority_range },
};

#define NTESTS (int)(sizeof(tests) / sizeof(tests[0]))

int main(int argc, char **argv)
{
	return tap_run("timetests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
