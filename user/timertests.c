/*
 * timertests: POSIX interval timers (timer_create, timer_settime,
 * timer_gettime, timer_getoverrun, timer_delete; issue 17, what LTP's
 * timer_* tests check) as Linux 6.1 answers them, from user space.
 *
 *   timertests [NAME]...    run every test, or only the ones named
 *
 * Prints TAP (user/lib/tap.c). The calls are made with syscall(2), not
 * musl's wrappers, so that each errno is the kernel's own and
 * SIGEV_THREAD_ID can be asked for. The same binary runs on Linux.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

#define TEST_TIMEOUT 20
#define SI_TIMER_CODE (-2)
#define SIGEV_THREAD_ID_K 4
#define BAD_PTR ((void *)8)
#define MS 1000000ll

/* Linux's struct sigevent as the kernel reads it. */
struct ksigevent {
	union sigval value;
	int signo;
	int notify;
	int tid;
	int pad[11];
};

static long t_create(clockid_t clk, const struct ksigevent *ev, int *id)
{
	return syscall(SYS_timer_create, clk, ev, id);
}

static long t_set(int id, int flags, long long value, long long interval,
		  struct itimerspec *old)
{
	struct itimerspec its = {
		{ interval / 1000000000, interval % 1000000000 },
		{ value / 1000000000, value % 1000000000 } };

	return syscall(SYS_timer_settime, id, flags, &its, old);
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

static struct ksigevent sig_event(int sig, int value)
{
	return (struct ksigevent){ .value = { .sival_int = value },
				   .signo = sig, .notify = SIGEV_SIGNAL };
}

/* Block @sig and wait for it (at most 5 s) into *@si; the signal or -1. */
static int wait_sig(int sig, siginfo_t *si)
{
	struct timespec limit = { 5, 0 };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_BLOCK, &set, NULL);
	return sigtimedwait(&set, si, &limit);
}

static void block(int sig)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_BLOCK, &set, NULL);
}

/* Bad clocks, events, signals, threads and pointers; ids from 0. */
static int test_create_errors(void)
{
	struct ksigevent ev = sig_event(SIGUSR1, 0);
	int id = -1;

	errno = 0;
	EXPECT(t_create(99, NULL, &id) == -1 && errno == EINVAL);
	errno = 0;
	EXPECT(t_create(CLOCK_MONOTONIC_RAW, NULL, &id) == -1 &&
	       errno == EOPNOTSUPP);
	errno = 0;
	EXPECT(t_create(CLOCK_REALTIME_COARSE, NULL, &id) == -1 &&
	       errno == EOPNOTSUPP);
	errno = 0;
	EXPECT(t_create(CLOCK_MONOTONIC, BAD_PTR, &id) == -1 && errno == EFAULT);
	ev.notify = 77;
	errno = 0;
	EXPECT(t_create(CLOCK_MONOTONIC, &ev, &id) == -1 && errno == EINVAL);
	ev = sig_event(0, 0);
	errno = 0;
	EXPECT(t_create(CLOCK_MONOTONIC, &ev, &id) == -1 && errno == EINVAL);
	ev = sig_event(65, 0);
	errno = 0;
	EXPECT(t_create(CLOCK_MONOTONIC, &ev, &id) == -1 && errno == EINVAL);
	ev = sig_event(SIGUSR1, 0);
	ev.notify = SIGEV_SIGNAL | SIGEV_THREAD_ID_K;
	ev.tid = 1;			/* init: not one of our threads */
	errno = 0;
	EXPECT(t_create(CLOCK_MONOTONIC, &ev, &id) == -1 && errno == EINVAL);
	ev.tid = (int)syscall(SYS_gettid);
	CHECK(t_create(CLOCK_MONOTONIC, &ev, &id) == 0);
	EXPECT(id == 0);		/* the first of this process */
	CHECK(t_create(CLOCK_REALTIME, NULL, &id) == 0);
	EXPECT(id == 1);
	CHECK(t_create(CLOCK_BOOTTIME, NULL, &id) == 0);
	EXPECT(id == 2);
	CHECK(t_create(CLOCK_PROCESS_CPUTIME_ID, NULL, &id) == 0);
	CHECK(t_create(CLOCK_THREAD_CPUTIME_ID, NULL, &id) == 0);
	errno = 0;
	EXPECT(t_create(CLOCK_MONOTONIC, NULL, BAD_PTR) == -1 && errno == EFAULT);
	return 0;
}

/* Bad ids, a NULL or bad setting, and calls on a deleted timer. */
static int test_id_errors(void)
{
	struct itimerspec its = { { 0, 0 }, { 0, 1000000000 } };
	int id;

	CHECK(t_create(CLOCK_MONOTONIC, NULL, &id) == 0);
	errno = 0;
	EXPECT(syscall(SYS_timer_settime, id, 0, NULL, NULL) == -1 &&
	       errno == EINVAL);
	errno = 0;
	EXPECT(syscall(SYS_timer_settime, id, 0, &its, NULL) == -1 &&
	       errno == EINVAL);
	its.it_value.tv_nsec = -1;
	errno = 0;
	EXPECT(syscall(SYS_timer_settime, id, 0, &its, NULL) == -1 &&
	       errno == EINVAL);
	errno = 0;
	EXPECT(syscall(SYS_timer_settime, id, 0, BAD_PTR, NULL) == -1 &&
	       errno == EFAULT);
	errno = 0;
	EXPECT(syscall(SYS_timer_gettime, id, BAD_PTR) == -1 && errno == EFAULT);
	EXPECT(syscall(SYS_timer_delete, id) == 0);
	errno = 0;
	EXPECT(syscall(SYS_timer_delete, id) == -1 && errno == EINVAL);
	errno = 0;
	EXPECT(syscall(SYS_timer_gettime, id, &its) == -1 && errno == EINVAL);
	errno = 0;
	EXPECT(syscall(SYS_timer_getoverrun, id) == -1 && errno == EINVAL);
	errno = 0;
	EXPECT(t_set(id, 0, MS, 0, NULL) == -1 && errno == EINVAL);
	errno = 0;
	EXPECT(syscall(SYS_timer_delete, -1) == -1 && errno == EINVAL);
	return 0;
}

/* A NULL sigevent: SIGALRM with si_code SI_TIMER and the id as value. */
static int test_default_signal(void)
{
	siginfo_t si;
	int id;

	block(SIGALRM);
	CHECK(t_create(CLOCK_MONOTONIC, NULL, &id) == 0);
	CHECK(t_create(CLOCK_MONOTONIC, NULL, &id) == 0);
	CHECK(t_set(id, 0, 20 * MS, 0, NULL) == 0);
	CHECK(wait_sig(SIGALRM, &si) == SIGALRM);
	EXPECT(si.si_code == SI_TIMER_CODE);
	EXPECT(si.si_value.sival_int == id);
	EXPECT(si.si_timerid == id);
	EXPECT(si.si_overrun == 0);
	return 0;
}

/* Time left counts down; the old setting comes back; zero disarms. */
static int test_gettime(void)
{
	struct itimerspec cur, old;
	long long left;
	int id;

	block(SIGALRM);
	CHECK(t_create(CLOCK_MONOTONIC, NULL, &id) == 0);
	CHECK(syscall(SYS_timer_gettime, id, &cur) == 0);
	EXPECT(ts_ns(&cur.it_value) == 0 && ts_ns(&cur.it_interval) == 0);
	CHECK(t_set(id, 0, 2000 * MS, 500 * MS, NULL) == 0);
	usleep(50000);
	CHECK(syscall(SYS_timer_gettime, id, &cur) == 0);
	left = ts_ns(&cur.it_value);
	EXPECT(left > 1500 * MS && left <= 1950 * MS);
	EXPECT(ts_ns(&cur.it_interval) == 500 * MS);
	CHECK(t_set(id, 0, 0, 0, &old) == 0);
	EXPECT(ts_ns(&old.it_value) > 0 && ts_ns(&old.it_value) <= left);
	EXPECT(ts_ns(&old.it_interval) == 500 * MS);
	CHECK(syscall(SYS_timer_gettime, id, &cur) == 0);
	EXPECT(ts_ns(&cur.it_value) == 0 && ts_ns(&cur.it_interval) == 0);
	return 0;
}

/* TIMER_ABSTIME on CLOCK_REALTIME: fires at the time; a time past fires
 * at once. */
static int test_abstime(void)
{
	struct ksigevent ev = sig_event(SIGRTMIN, 7);
	long long t0 = now_ns(CLOCK_REALTIME);
	siginfo_t si;
	int id;

	block(SIGRTMIN);
	CHECK(t_create(CLOCK_REALTIME, &ev, &id) == 0);
	CHECK(t_set(id, TIMER_ABSTIME, t0 + 100 * MS, 0, NULL) == 0);
	CHECK(wait_sig(SIGRTMIN, &si) == SIGRTMIN);
	EXPECT(now_ns(CLOCK_REALTIME) >= t0 + 100 * MS);
	EXPECT(si.si_value.sival_int == 7);
	t0 = now_ns(CLOCK_MONOTONIC);
	CHECK(t_set(id, TIMER_ABSTIME, 1, 0, NULL) == 0);
	CHECK(wait_sig(SIGRTMIN, &si) == SIGRTMIN);
	EXPECT(now_ns(CLOCK_MONOTONIC) - t0 < 500 * MS);
	return 0;
}

/* Expiries while the signal waits are counted once it is taken. */
static int test_overrun(void)
{
	struct ksigevent ev = sig_event(SIGUSR2, 0);
	siginfo_t si;
	int id;

	block(SIGUSR2);
	CHECK(t_create(CLOCK_MONOTONIC, &ev, &id) == 0);
	EXPECT(syscall(SYS_timer_getoverrun, id) == 0);
	CHECK(t_set(id, 0, 5 * MS, 5 * MS, NULL) == 0);
	usleep(200000);
	CHECK(wait_sig(SIGUSR2, &si) == SIGUSR2);
	EXPECT(si.si_code == SI_TIMER_CODE);
	EXPECT(si.si_overrun >= 10);
	EXPECT(syscall(SYS_timer_getoverrun, id) == si.si_overrun);
	CHECK(t_set(id, 0, 0, 0, NULL) == 0);	/* a new setting: none yet */
	EXPECT(syscall(SYS_timer_getoverrun, id) == 0);
	return 0;
}

/* Two timers on one standard signal: while one's signal is pending the
 * other's merges into it, and that other timer must still signal the
 * next time it expires. */
static int test_shared_signal(void)
{
	struct ksigevent ev = sig_event(SIGUSR1, 0);
	siginfo_t si;
	int a, b, other;

	block(SIGUSR1);
	CHECK(t_create(CLOCK_MONOTONIC, &ev, &a) == 0);
	CHECK(t_create(CLOCK_MONOTONIC, &ev, &b) == 0);
	CHECK(t_set(a, 0, 10 * MS, 0, NULL) == 0);
	CHECK(t_set(b, 0, 10 * MS, 0, NULL) == 0);
	usleep(100000);
	CHECK(wait_sig(SIGUSR1, &si) == SIGUSR1);
	other = si.si_timerid == a ? b : a;
	CHECK(t_set(other, 0, 10 * MS, 0, NULL) == 0);
	CHECK(wait_sig(SIGUSR1, &si) == SIGUSR1);
	EXPECT(si.si_timerid == other);
	return 0;
}

/* A pending timer signal discarded by SIG_IGN leaves the timer free to
 * signal again. */
static int test_discarded_signal(void)
{
	struct ksigevent ev = sig_event(SIGUSR1, 0);
	siginfo_t si;
	int id;

	block(SIGUSR1);
	CHECK(t_create(CLOCK_MONOTONIC, &ev, &id) == 0);
	CHECK(t_set(id, 0, 10 * MS, 0, NULL) == 0);
	usleep(100000);
	signal(SIGUSR1, SIG_IGN);	/* discards the pending one */
	signal(SIGUSR1, SIG_DFL);
	CHECK(t_set(id, 0, 10 * MS, 0, NULL) == 0);
	CHECK(wait_sig(SIGUSR1, &si) == SIGUSR1);
	EXPECT(si.si_timerid == id && si.si_overrun == 0);
	return 0;
}

/* SIGEV_NONE sends nothing; timer_gettime still counts down, and a
 * one-shot one reads 0 once expired. */
static int test_sigev_none(void)
{
	struct ksigevent ev = { .notify = SIGEV_NONE };
	struct itimerspec cur;
	int id;

	CHECK(t_create(CLOCK_MONOTONIC, &ev, &id) == 0);
	CHECK(t_set(id, 0, 50 * MS, 0, NULL) == 0);
	CHECK(syscall(SYS_timer_gettime, id, &cur) == 0);
	EXPECT(ts_ns(&cur.it_value) > 0);
	usleep(200000);
	CHECK(syscall(SYS_timer_gettime, id, &cur) == 0);
	EXPECT(ts_ns(&cur.it_value) == 0);
	return 0;
}

/* SIGEV_THREAD_ID: the signal is the named thread's own. */
static int test_thread_id(void)
{
	struct ksigevent ev = sig_event(SIGUSR1, 3);
	siginfo_t si;
	int id;

	block(SIGUSR1);
	ev.notify = SIGEV_SIGNAL | SIGEV_THREAD_ID_K;
	ev.tid = (int)syscall(SYS_gettid);
	CHECK(t_create(CLOCK_MONOTONIC, &ev, &id) == 0);
	CHECK(t_set(id, 0, 10 * MS, 0, NULL) == 0);
	CHECK(wait_sig(SIGUSR1, &si) == SIGUSR1);
	EXPECT(si.si_value.sival_int == 3 && si.si_code == SI_TIMER_CODE);
	return 0;
}

/* A CPU-time timer fires after the process has spent its time. */
static int test_cputime(void)
{
	struct ksigevent ev = sig_event(SIGUSR1, 0);
	long long t0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
	sigset_t set;
	int id, sig;

	block(SIGUSR1);
	CHECK(t_create(CLOCK_PROCESS_CPUTIME_ID, &ev, &id) == 0);
	CHECK(t_set(id, 0, 50 * MS, 0, NULL) == 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	while (sigpending(&set) == 0 && !sigismember(&set, SIGUSR1) &&
	       now_ns(CLOCK_PROCESS_CPUTIME_ID) - t0 < 3000 * MS)
		sigemptyset(&set);
	EXPECT(sigismember(&set, SIGUSR1));
	EXPECT(now_ns(CLOCK_PROCESS_CPUTIME_ID) - t0 >= 50 * MS);
	sigwait(&set, &sig);
	return 0;
}

/* The alarm clocks read as realtime and boottime, and their timers (they
 * would wake a suspended machine) need CAP_WAKE_ALARM: root has it, a
 * plain user gets EPERM. */
static int test_alarm_clocks(void)
{
	struct ksigevent ev = sig_event(SIGUSR1, 0);
	struct timespec ts;
	siginfo_t si;
	int id;

	block(SIGUSR1);
	CHECK(clock_gettime(CLOCK_REALTIME_ALARM, &ts) == 0);
	EXPECT(ts_ns(&ts) - now_ns(CLOCK_REALTIME) < 1000 * MS);
	CHECK(clock_gettime(CLOCK_BOOTTIME_ALARM, &ts) == 0);
	CHECK(t_create(CLOCK_BOOTTIME_ALARM, &ev, &id) == 0);
	CHECK(t_set(id, 0, 10 * MS, 0, NULL) == 0);
	CHECK(wait_sig(SIGUSR1, &si) == SIGUSR1);
	CHECK(t_create(CLOCK_REALTIME_ALARM, &ev, &id) == 0);
	CHECK(tap_become(1000, 0) == 0);
	errno = 0;
	EXPECT(t_create(CLOCK_REALTIME_ALARM, &ev, &id) == -1 && errno == EPERM);
	errno = 0;
	EXPECT(t_create(CLOCK_BOOTTIME_ALARM, &ev, &id) == -1 && errno == EPERM);
	return 0;
}

/* CLOCK_TAI is CLOCK_REALTIME plus the TAI offset (0 until adjtimex
 * sets one); an absolute timer on it fires at its time. */
static int test_tai(void)
{
	struct ksigevent ev = sig_event(SIGUSR1, 0);
	long long tai = now_ns(CLOCK_TAI), real = now_ns(CLOCK_REALTIME);
	siginfo_t si;
	int id;

	block(SIGUSR1);
	EXPECT(real - tai >= 0 && real - tai < 1000 * MS);
	CHECK(t_create(CLOCK_TAI, &ev, &id) == 0);
	CHECK(t_set(id, TIMER_ABSTIME, now_ns(CLOCK_TAI) + 50 * MS, 0, NULL) == 0);
	CHECK(wait_sig(SIGUSR1, &si) == SIGUSR1);
	EXPECT(now_ns(CLOCK_TAI) >= tai + 50 * MS);
	return 0;
}

/* fork does not pass timers on; exec deletes them (the new image checks
 * with "timertests exec-check"). */
static int test_fork_exec(void)
{
	struct itimerspec cur;
	int id, status;
	pid_t pid;

	CHECK(t_create(CLOCK_MONOTONIC, NULL, &id) == 0);
	CHECK(t_set(id, 0, 5000 * MS, 0, NULL) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(syscall(SYS_timer_gettime, id, &cur) == -1 &&
		      errno == EINVAL ? 0 : 1);
	CHECK(waitpid(pid, &status, 0) == pid);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	execl("/proc/self/exe", "timertests", "exec-check", (char *)NULL);
	return tap_fail("exec: %s", strerror(errno));
}

/* The image after test_fork_exec's exec: timer 0 must be gone. */
static int exec_check(void)
{
	struct itimerspec cur;

	return syscall(SYS_timer_gettime, 0, &cur) == -1 && errno == EINVAL ?
	       0 : 1;
}

static const struct tap_test tests[] = {
	{ "create_errors", test_create_errors },
	{ "id_errors", test_id_errors },
	{ "default_signal", test_default_signal },
	{ "gettime", test_gettime },
	{ "abstime", test_abstime },
	{ "overrun", test_overrun },
	{ "sigev_none", test_sigev_none },
	{ "shared_signal", test_shared_signal },
	{ "discarded_signal", test_discarded_signal },
	{ "thread_id", test_thread_id },
	{ "cputime", test_cputime },
	{ "alarm_clocks", test_alarm_clocks },
	{ "tai", test_tai },
	{ "fork_exec", test_fork_exec },
};

#define NTESTS (int)(sizeof(tests) / sizeof(tests[0]))

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "exec-check"))
		return exec_check();
	return tap_run("timertests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
