/*
 * dltests: SCHED_DEADLINE as Linux 6.1 has it (issue 17: LTP's
 * sched_setattr01 and sched_getattr01), tested from user space.
 *
 *   dltests [NAME]...     run every test, or only the ones named (as root)
 *
 * The parameter checks and their errno, the round trip through
 * sched_getattr, admission control (EBUSY, and the bandwidth given back
 * when a task exits or leaves the class), fork of a deadline task, and
 * the constant-bandwidth server at work: a task reserving 10 ms every
 * 100 ms gets about a tenth of a CPU, even next to CPU-bound tasks, and
 * no more; sched_yield() gives up the rest of a period. Prints TAP
 * (user/lib/tap.c); the same binary runs on Linux. musl's
 * sched_getscheduler() and sched_[gs]etparam() answer ENOSYS by design,
 * so the raw system calls are used.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

#define TEST_TIMEOUT 30		/* seconds one test may take */
#define SCHED_DEADLINE 6
#define SCHED_FLAG_RESET_ON_FORK 0x01
#define SCHED_FLAG_RECLAIM 0x02
#define SCHED_FLAG_DL_OVERRUN 0x04
#define SCHED_FLAG_KEEP_PARAMS 0x10
#define MS 1000000ull		/* ns */

struct sched_attr {		/* <linux/sched/types.h>, which musl lacks */
	uint32_t size, sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime, sched_deadline, sched_period;
	uint32_t sched_util_min, sched_util_max;
};

static int setattr(pid_t pid, uint32_t policy, uint64_t flags,
		   uint64_t runtime, uint64_t deadline, uint64_t period)
{
	struct sched_attr a = {
		.size = sizeof(a), .sched_policy = policy, .sched_flags = flags,
		.sched_runtime = runtime, .sched_deadline = deadline,
		.sched_period = period,
	};

	return (int)syscall(SYS_sched_setattr, pid, &a, 0);
}

static int getattr(pid_t pid, struct sched_attr *a)
{
	memset(a, 0xff, sizeof(*a));
	return (int)syscall(SYS_sched_getattr, pid, a, sizeof(*a), 0);
}

/* setattr() failed with @err. */
static int fails(int ret, int err)
{
	return ret == -1 && errno == err;
}

/* A /proc/sys/kernel value, or -2 when it cannot be read. */
static long sysctl_read(const char *name)
{
	char path[96], buf[32] = "";
	int fd;

	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) <= 0)
		return -2;
	close(fd);
	return atol(buf);
}

/* Linux's __checkparam_dl(), and who may ask: EINVAL for each bad
 * parameter, EPERM without CAP_SYS_NICE whatever RLIMIT_RTPRIO says. */
static int test_params(void)
{
	struct sched_param sp = { 0 };
	struct rlimit rl = { 99, 99 };
	long max_us = sysctl_read("sched_deadline_period_max_us");
	long min_us = sysctl_read("sched_deadline_period_min_us");

	CHECK(max_us == 1 << 22 && min_us == 100);
	EXPECT(fails(setattr(0, SCHED_DEADLINE, 0, 1000, MS, MS), EINVAL));
	EXPECT(fails(setattr(0, SCHED_DEADLINE, 0, MS, 0, 10 * MS), EINVAL));
	EXPECT(fails(setattr(0, SCHED_DEADLINE, 0, 2 * MS, MS, 10 * MS), EINVAL));
	EXPECT(fails(setattr(0, SCHED_DEADLINE, 0, MS, 10 * MS, 5 * MS), EINVAL));
	EXPECT(fails(setattr(0, SCHED_DEADLINE, 0, MS, 1ull << 63, 0), EINVAL));
	EXPECT(fails(setattr(0, SCHED_DEADLINE, 0, MS, 10 * MS,
			     (uint64_t)(max_us + 1) * 1000), EINVAL));
	EXPECT(fails(setattr(0, SCHED_DEADLINE, 0, 10000, 50000, 50000), EINVAL));
	EXPECT(fails(setattr(0, SCHED_DEADLINE, 0x80, MS, 10 * MS, 0), EINVAL));
	EXPECT(fails(syscall(SYS_sched_setscheduler, 0, SCHED_DEADLINE, &sp), EINVAL));
	{
		struct sched_attr a = { .size = sizeof(a), .sched_priority = 1,
			.sched_policy = SCHED_DEADLINE, .sched_runtime = MS,
			.sched_deadline = 10 * MS };
		EXPECT(fails(syscall(SYS_sched_setattr, 0, &a, 0), EINVAL));
	}
	CHECK(setrlimit(RLIMIT_RTPRIO, &rl) == 0);
	CHECK(tap_become(1000, 0) == 0);
	EXPECT(fails(setattr(0, SCHED_DEADLINE, 0, MS, 10 * MS, 0), EPERM));
	return 0;
}

/* What sched_setattr gave, sched_getattr, sched_getscheduler and
 * /proc/self/stat (field 41) report; period 0 means the deadline. */
static int test_getattr(void)
{
	struct sched_attr a;
	struct sched_param sp = { .sched_priority = 5 };
	char buf[512], *f;
	int fd, n, i;

	CHECK(setattr(0, SCHED_DEADLINE, 0, 10 * MS, 100 * MS, 0) == 0);
	CHECK(getattr(0, &a) == 0);
	EXPECT(a.sched_period == 100 * MS && a.sched_deadline == 100 * MS);
	CHECK(setattr(0, SCHED_DEADLINE, SCHED_FLAG_RECLAIM | SCHED_FLAG_DL_OVERRUN,
		      10 * MS, 30 * MS, 40 * MS) == 0);
	CHECK(getattr(0, &a) == 0);
	EXPECT(a.size == sizeof(a) && a.sched_policy == SCHED_DEADLINE);
	EXPECT(a.sched_runtime == 10 * MS && a.sched_deadline == 30 * MS &&
	       a.sched_period == 40 * MS);
	EXPECT(a.sched_flags == (SCHED_FLAG_RECLAIM | SCHED_FLAG_DL_OVERRUN));
	EXPECT(a.sched_priority == 0 && a.sched_nice == 0);
	EXPECT(syscall(SYS_sched_getscheduler, 0) == SCHED_DEADLINE);
	EXPECT(syscall(SYS_sched_getparam, 0, &sp) == 0 && sp.sched_priority == 0);
	EXPECT(fails(syscall(SYS_sched_setparam, 0, &sp), EINVAL));
	fd = open("/proc/self/stat", O_RDONLY);
	CHECK(fd >= 0 && (n = (int)read(fd, buf, sizeof(buf) - 1)) > 0);
	buf[n] = '\0';
	f = strrchr(buf, ')');
	for (i = 2; f && i < 41; i++)		/* ")" ends field 2 */
		f = strchr(f + 1, ' ');
	EXPECT(f && atoi(f + 1) == SCHED_DEADLINE);
	/* KEEP_PARAMS: a new flag, the same reservation. */
	CHECK(setattr(0, SCHED_DEADLINE, SCHED_FLAG_KEEP_PARAMS, 0, 0, 0) == 0);
	CHECK(getattr(0, &a) == 0);
	EXPECT(a.sched_runtime == 10 * MS && a.sched_period == 40 * MS &&
	       a.sched_flags == 0);
	CHECK(setattr(0, SCHED_OTHER, 0, 0, 0, 0) == 0);
	CHECK(getattr(0, &a) == 0);
	EXPECT(a.sched_policy == SCHED_OTHER && a.sched_runtime == 0);
	return 0;
}

/* Children that sleep until killed. */
static int spawn_sleepers(pid_t *pid, int n)
{
	for (int i = 0; i < n; i++) {
		pid[i] = fork();
		if (pid[i] < 0)
			return -1;
		if (!pid[i])
			for (;;)
				pause();
	}
	return 0;
}

static void kill_all(pid_t *pid, int n)
{
	for (int i = 0; i < n; i++)
		if (pid[i] > 0) {
			kill(pid[i], SIGKILL);
			waitpid(pid[i], NULL, 0);
			pid[i] = 0;
		}
}

/* Tasks of bandwidth 0.9 each: as many as fit in sched_rt_runtime_us /
 * sched_rt_period_us of every CPU are admitted, the next is EBUSY until
 * one exits or leaves the class. */
static int test_admission(void)
{
	long rt = sysctl_read("sched_rt_runtime_us");
	long period = sysctl_read("sched_rt_period_us");
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int fit, i, fd;
	pid_t pid[16] = { 0 };
	cpu_set_t one;

	CHECK(rt == 950000 && period == 1000000 && cpus >= 1);
	fit = (int)(cpus * rt * 10 / (period * 9));
	CHECK(fit + 1 <= 16 && spawn_sleepers(pid, fit + 1) == 0);
	for (i = 0; i < fit; i++)
		EXPECT(setattr(pid[i], SCHED_DEADLINE, 0, 90 * MS, 100 * MS, 0) == 0);
	EXPECT(fails(setattr(pid[fit], SCHED_DEADLINE, 0, 90 * MS, 100 * MS, 0), EBUSY));
	EXPECT(fails(setattr(0, SCHED_DEADLINE, 0, 90 * MS, 100 * MS, 0), EBUSY));
	/* The limit cannot drop below what is admitted. */
	fd = open("/proc/sys/kernel/sched_rt_runtime_us", O_WRONLY);
	CHECK(fd >= 0);
	errno = 0;
	EXPECT(write(fd, "100000", 6) == -1 && errno == EBUSY);
	close(fd);
	/* A deadline task keeps every CPU (Linux: EBUSY). */
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	if (cpus > 1)
		EXPECT(fails(sched_setaffinity(pid[0], sizeof(one), &one), EBUSY));
	kill(pid[0], SIGKILL);
	waitpid(pid[0], NULL, 0);
	pid[0] = 0;
	EXPECT(setattr(pid[fit], SCHED_DEADLINE, 0, 90 * MS, 100 * MS, 0) == 0);
	EXPECT(fails(setattr(0, SCHED_DEADLINE, 0, 90 * MS, 100 * MS, 0), EBUSY));
	EXPECT(setattr(pid[fit], SCHED_OTHER, 0, 0, 0, 0) == 0);
	EXPECT(setattr(0, SCHED_DEADLINE, 0, 90 * MS, 100 * MS, 0) == 0);
	EXPECT(setattr(0, SCHED_OTHER, 0, 0, 0, 0) == 0);
	kill_all(pid, fit + 1);
	return 0;
}

static void *thread_fn(void *arg)
{
	return arg;
}

/* A deadline task may not fork (EAGAIN) unless it asked for
 * SCHED_FLAG_RESET_ON_FORK; then its child is SCHED_OTHER. */
static int test_fork(void)
{
	pthread_t t;
	pid_t pid;

	CHECK(setattr(0, SCHED_DEADLINE, 0, 10 * MS, 100 * MS, 0) == 0);
	errno = 0;
	pid = fork();
	if (pid == 0)
		_exit(0);
	EXPECT(pid == -1 && errno == EAGAIN);
	EXPECT(pthread_create(&t, NULL, thread_fn, NULL) == EAGAIN);
	CHECK(setattr(0, SCHED_DEADLINE, SCHED_FLAG_RESET_ON_FORK,
		      10 * MS, 100 * MS, 0) == 0);
	EXPECT(syscall(SYS_sched_getscheduler, 0) == (SCHED_DEADLINE | SCHED_RESET_ON_FORK));
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		struct sched_attr a;

		_exit(syscall(SYS_sched_getscheduler, 0) == SCHED_OTHER &&
		      getattr(0, &a) == 0 && a.sched_flags == 0 &&
		      a.sched_runtime == 0 ? 0 : 1);
	}
	EXPECT(tap_wait_status(pid) == 0);
	return 0;
}

static uint64_t now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/*
 * The server at work: CPU-bound tasks keep every CPU busy, and a task
 * reserving 10 ms every 100 ms spins for 2 s. It gets its runtime in
 * (nearly) every period, and no more: about 10% of a CPU, in bursts
 * separated by throttled gaps. Generous bounds: TCG and the host are slow.
 */
static int test_throttle(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	pid_t hog[16] = { 0 };
	uint64_t start, last, t, cpu0, cpu;
	int bursts = 0, i;

	CHECK(cpus >= 1 && cpus <= 16);
	for (i = 0; i < cpus; i++) {
		hog[i] = fork();
		CHECK(hog[i] >= 0);
		if (!hog[i])
			for (;;)
				;
	}
	CHECK(setattr(0, SCHED_DEADLINE, 0, 10 * MS, 100 * MS, 0) == 0);
	cpu0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
	start = last = now_ns(CLOCK_MONOTONIC);
	while ((t = now_ns(CLOCK_MONOTONIC)) - start < 2000 * MS) {
		if (t - last > 30 * MS)		/* we were off the CPU */
			bursts++;
		last = t;
	}
	cpu = now_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0;
	setattr(0, SCHED_OTHER, 0, 0, 0, 0);
	kill_all(hog, (int)cpus);
	printf("# dl task: %llu ms of CPU in %llu ms, %d throttled gaps\n",
	       (unsigned long long)(cpu / MS),
	       (unsigned long long)((t - start) / MS), bursts);
	/* 200 ms reserved; less when the host stalls the guest while we
	 * run (the stall is charged to our budget); a fair share next to
	 * the hogs would be about 1300 ms. */
	EXPECT(cpu >= 30 * MS && cpu <= 600 * MS);
	EXPECT(bursts >= 3 && bursts <= 30);
	return 0;
}

/* sched_yield() of a deadline task gives up the rest of its budget: it
 * runs again only in its next period (Linux's yield_task_dl()), so a
 * loop of yields goes round about once every 100 ms. */
static int test_yield(void)
{
	uint64_t start;
	int calls = 0;

	CHECK(setattr(0, SCHED_DEADLINE, 0, 10 * MS, 100 * MS, 0) == 0);
	start = now_ns(CLOCK_MONOTONIC);
	while (now_ns(CLOCK_MONOTONIC) - start < 1000 * MS) {
		sched_yield();
		calls++;
	}
	printf("# %d sched_yield() calls in 1 s\n", calls);
	EXPECT(calls >= 3 && calls <= 40);
	return 0;
}

static const struct tap_test tests[] = {
	{ "params", test_params },
	{ "getattr", test_getattr },
	{ "admission", test_admission },
	{ "fork", test_fork },
	{ "throttle", test_throttle },
	{ "yield", test_yield },
};

int main(int argc, char **argv)
{
	return tap_run_as_root("dltests", tests, sizeof(tests) / sizeof(tests[0]),
			       TEST_TIMEOUT, argc, argv);
}
