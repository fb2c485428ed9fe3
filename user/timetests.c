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
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/utsname.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

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
		long long step = -1;

		/* the smallest of 100 steps: a vCPU the host stopped between
		 * two reads makes one step long, not all */
		for (int k = 0; k < 100; k++) {
			long long a = now_ns(clk[i]), b;

			while ((b = now_ns(clk[i])) == a)
				;
			if (step < 0 || b - a < step)
				step = b - a;
		}
		EXPECT(step < 1000000);
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

static volatile sig_atomic_t fired[65];

static void count_signal(int sig)
{
	fired[sig]++;
}

static void on_signal(int sig, void (*fn)(int))
{
	struct sigaction sa = { .sa_handler = fn };

	sigaction(sig, &sa, NULL);
}

/* Spin in user space until @sig has come @n times or @ms passed. */
static void spin_until(int sig, int n, long ms)
{
	long long end = now_ns(CLOCK_MONOTONIC) + ms * 1000000ll;

	while (fired[sig] < n && now_ns(CLOCK_MONOTONIC) < end)
		;
}

/* ITIMER_VIRTUAL and ITIMER_PROF count the process's CPU time, fire
 * SIGVTALRM / SIGPROF, re-arm for their interval, and give back what
 * was set (setitimer's old value, getitimer) to the microsecond. */
static int test_itimer_cpu(void)
{
	static const int which[] = { ITIMER_VIRTUAL, ITIMER_PROF };
	static const int sig[] = { SIGVTALRM, SIGPROF };

	for (int i = 0; i < 2; i++) {
		struct itimerval v = { { 0, 20000 }, { 0, 30000 } }, old, cur;
		struct itimerval big = { { 100, 10000 }, { 100, 10000 } };

		CHECK(getitimer(which[i], &cur) == 0 && cur.it_value.tv_sec == 0 &&
		      cur.it_value.tv_usec == 0 && cur.it_interval.tv_usec == 0);
		CHECK(setitimer(which[i], &big, NULL) == 0);
		CHECK(getitimer(which[i], &cur) == 0);
		EXPECT(cur.it_interval.tv_sec == 100 && cur.it_interval.tv_usec == 10000);
		EXPECT(cur.it_value.tv_sec == 100 ||
		       (cur.it_value.tv_sec == 99 && cur.it_value.tv_usec > 900000));
		EXPECT(cur.it_value.tv_sec < 100 || cur.it_value.tv_usec <= 10000);
		on_signal(sig[i], count_signal);
		CHECK(setitimer(which[i], &v, &old) == 0);
		EXPECT(old.it_interval.tv_sec == 100 && old.it_interval.tv_usec == 10000);
		spin_until(sig[i], 4, 5000);
		EXPECT(fired[sig[i]] >= 4);
		CHECK(setitimer(which[i], NULL, &old) == 0);	/* NULL: disarm */
		EXPECT(old.it_interval.tv_usec == 20000);
		CHECK(getitimer(which[i], &cur) == 0 && cur.it_value.tv_sec == 0 &&
		      cur.it_value.tv_usec == 0);
	}
	return 0;
}

/* setitimer's and getitimer's errors: a bad timer, a bad timeval, bad
 * pointers (setitimer02, getitimer02). */
static int test_itimer_errors(void)
{
	struct itimerval v = { { 0, 0 }, { 30, 0 } }, bad = { { 0, 1000000 }, { 1, 0 } };

	for (int w = ITIMER_REAL; w <= ITIMER_PROF; w++) {
		errno = 0;
		EXPECT(syscall(SYS_setitimer, w, &v, (void *)-1) == -1 && errno == EFAULT);
		errno = 0;
		EXPECT(syscall(SYS_getitimer, w, (void *)-1) == -1 && errno == EFAULT);
		errno = 0;
		EXPECT(setitimer(w, &bad, NULL) == -1 && errno == EINVAL);
		errno = 0;
		EXPECT(syscall(SYS_setitimer, w, (void *)-1, NULL) == -1 && errno == EFAULT);
	}
	errno = 0;
	EXPECT(syscall(SYS_setitimer, -ITIMER_PROF, &v, NULL) == -1 && errno == EINVAL);
	errno = 0;
	EXPECT(syscall(SYS_getitimer, 3, &v) == -1 && errno == EINVAL);
	return 0;
}

/* RLIMIT_CPU: SIGXCPU at the soft limit, then SIGKILL at the hard one
 * (setrlimit06). */
static int test_rlimit_cpu(void)
{
	int status, pfd[2];
	pid_t pid;
	char got = 0;

	CHECK(pipe(pfd) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		struct rlimit r = { 1, 2 };

		close(pfd[0]);
		on_signal(SIGXCPU, count_signal);
		setrlimit(RLIMIT_CPU, &r);
		for (;;)
			if (fired[SIGXCPU] && !got) {
				got = 1;
				write(pfd[1], "x", 1);
			}
	}
	close(pfd[1]);
	CHECK(waitpid(pid, &status, 0) == pid);
	EXPECT(read(pfd[0], &got, 1) == 1);
	EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	return 0;
}

/* Spin until this thread has had 300 ms of CPU. */
static void *spin_300ms(void *arg)
{
	while (now_ns(CLOCK_THREAD_CPUTIME_ID) < 300000000ll)
		;
	return arg;
}

/* times() and CLOCK_PROCESS_CPUTIME_ID count the whole process, the CPU
 * time of a thread that has exited included, and agree (times03). */
static int test_cputime_agree(void)
{
	struct tms t;
	pthread_t th;
	long long cpu;
	long hz = sysconf(_SC_CLK_TCK), tms_ms;

	CHECK(pthread_create(&th, NULL, spin_300ms, NULL) == 0);
	CHECK(pthread_join(th, NULL) == 0);
	CHECK(times(&t) != (clock_t)-1);
	cpu = now_ns(CLOCK_PROCESS_CPUTIME_ID) / 1000000;
	tms_ms = (t.tms_utime + t.tms_stime) * 1000 / hz;
	EXPECT(tms_ms >= 300 && cpu >= 300);
	EXPECT(labs(tms_ms - (long)cpu) <= 20);
	return 0;
}

/* times()'s tms_cutime and getrusage(RUSAGE_CHILDREN) hold a reaped
 * child's CPU time, the time of its threads that exited included; and
 * RUSAGE_SELF counts one of our own threads that has exited (times03). */
static int test_children_times(void)
{
	struct rusage ru;
	struct tms t;
	pthread_t th;
	long hz = sysconf(_SC_CLK_TCK);
	pid_t pid;
	int st;

	CHECK(times(&t) != (clock_t)-1 && t.tms_cutime + t.tms_cstime == 0);
	CHECK((pid = fork()) >= 0);
	if (pid == 0) {
		pthread_create(&th, NULL, spin_300ms, NULL);
		pthread_join(th, NULL);
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st));
	CHECK(times(&t) != (clock_t)-1);
	EXPECT((t.tms_cutime + t.tms_cstime) * 1000 / hz >= 280);
	CHECK(getrusage(RUSAGE_CHILDREN, &ru) == 0);
	EXPECT(ru.ru_utime.tv_sec * 1000 + ru.ru_utime.tv_usec / 1000 +
	       ru.ru_stime.tv_sec * 1000 + ru.ru_stime.tv_usec / 1000 >= 280);
	CHECK(pthread_create(&th, NULL, spin_300ms, NULL) == 0);
	CHECK(pthread_join(th, NULL) == 0);
	CHECK(getrusage(RUSAGE_SELF, &ru) == 0);
	EXPECT(ru.ru_utime.tv_sec * 1000 + ru.ru_utime.tv_usec / 1000 +
	       ru.ru_stime.tv_sec * 1000 + ru.ru_stime.tv_usec / 1000 >= 280);
	return 0;
}

/* PR_SET_PDEATHSIG: the child gets its signal when the parent exits;
 * it is not inherited by fork; bad signals are EINVAL (prctl01). */
static int test_prctl_pdeathsig(void)
{
	int pfd[2], sig = -1, status;
	char got = 0;
	pid_t mid;

	CHECK(prctl(PR_SET_PDEATHSIG, SIGUSR2) == 0);
	CHECK(prctl(PR_GET_PDEATHSIG, &sig) == 0 && sig == SIGUSR2);
	errno = 0;
	EXPECT(prctl(PR_SET_PDEATHSIG, 65) == -1 && errno == EINVAL);
	errno = 0;
	EXPECT(prctl(PR_GET_PDEATHSIG, (void *)-1) == -1 && errno == EFAULT);
	CHECK(pipe(pfd) == 0);
	mid = fork();
	CHECK(mid >= 0);
	if (mid == 0) {		/* the parent that will exit */
		if (fork() == 0) {
			sigset_t set;
			int s = -1;

			sigemptyset(&set);
			sigaddset(&set, SIGUSR1);
			sigprocmask(SIG_BLOCK, &set, NULL);
			prctl(PR_GET_PDEATHSIG, &s);
			prctl(PR_SET_PDEATHSIG, SIGUSR1);
			write(pfd[1], s == 0 ? "r" : "!", 1);	/* ready */
			s = sigwaitinfo(&set, NULL);
			write(pfd[1], s == SIGUSR1 ? "y" : "n", 1);
			_exit(0);
		}
		read(pfd[0], &got, 1);
		_exit(got == 'r' ? 0 : 1);
	}
	close(pfd[1]);
	CHECK(waitpid(mid, &status, 0) == mid);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	EXPECT(read(pfd[0], &got, 1) == 1 && got == 'y');
	return 0;
}

static long read_slack_file(void)
{
	char buf[32] = "";
	int fd = open("/proc/self/timerslack_ns", O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	return n > 0 ? atol(buf) : -1;
}

/* PR_SET_TIMERSLACK and /proc/<pid>/timerslack_ns: 50 us by default, 0
 * restores it, a child starts with (and defaults to) its parent's
 * (prctl08). */
static int test_prctl_timerslack(void)
{
	int fd, status;
	pid_t pid;

	EXPECT(prctl(PR_GET_TIMERSLACK) == 50000);
	EXPECT(read_slack_file() == 50000);
	CHECK(prctl(PR_SET_TIMERSLACK, 70000) == 0);
	EXPECT(prctl(PR_GET_TIMERSLACK) == 70000 && read_slack_file() == 70000);
	CHECK(prctl(PR_SET_TIMERSLACK, 0x7fffffff) == 0);
	EXPECT(prctl(PR_GET_TIMERSLACK) == 0x7fffffff);
	CHECK(prctl(PR_SET_TIMERSLACK, 0) == 0);
	EXPECT(prctl(PR_GET_TIMERSLACK) == 50000);
	CHECK(prctl(PR_SET_TIMERSLACK, 1234) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		long first = prctl(PR_GET_TIMERSLACK);

		prctl(PR_SET_TIMERSLACK, 0);
		_exit(first == 1234 && prctl(PR_GET_TIMERSLACK) == 1234 ? 0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	fd = open("/proc/self/timerslack_ns", O_WRONLY);
	CHECK(fd >= 0);
	CHECK(write(fd, "4242\n", 5) == 5);
	close(fd);
	EXPECT(prctl(PR_GET_TIMERSLACK) == 4242);
	return 0;
}

static unsigned long long rdtsc(void)
{
	unsigned int lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return (unsigned long long)hi << 32 | lo;
}

/* PR_SET_TSC: PR_TSC_SIGSEGV makes rdtsc fault (SIGSEGV) in this
 * process and its children, PR_TSC_ENABLE undoes it (prctl10). */
static int test_prctl_tsc(void)
{
	int mode = 0, status;
	pid_t pid;

	CHECK(prctl(PR_GET_TSC, &mode) == 0 && mode == PR_TSC_ENABLE);
	errno = 0;
	EXPECT(prctl(PR_SET_TSC, 3) == -1 && errno == EINVAL);
	errno = 0;
	EXPECT(prctl(PR_GET_TSC, (void *)-1) == -1 && errno == EFAULT);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		prctl(PR_SET_TSC, PR_TSC_SIGSEGV);
		if (fork() == 0) {	/* inherited: faults here too */
			rdtsc();
			_exit(3);
		}
		wait(&status);
		if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGSEGV)
			_exit(4);
		prctl(PR_GET_TSC, &mode);
		if (mode != PR_TSC_SIGSEGV)
			_exit(5);
		sched_yield();
		rdtsc();
		_exit(6);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	EXPECT(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
	if (WIFEXITED(status))
		return tap_fail("child exited %d", WEXITSTATUS(status));
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		prctl(PR_SET_TSC, PR_TSC_SIGSEGV);
		prctl(PR_SET_TSC, PR_TSC_ENABLE);
		_exit(rdtsc() < rdtsc() ? 0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	EXPECT(rdtsc() != 0);
	return 0;
}

/* personality(2) answers the old one; UNAME26 makes uname's release
 * "2.6.<60 + minor>" and nothing else (uname04). */
static int test_personality_uname26(void)
{
	struct utsname a, b;
	char want[sizeof(a.release) + 16];
	int major, minor;
	const char *rest;

	CHECK(uname(&a) == 0);
	CHECK(personality(0xffffffff) == PER_LINUX);
	CHECK(personality(PER_LINUX | UNAME26) == PER_LINUX);
	CHECK(personality(0xffffffff) == (PER_LINUX | UNAME26));
	CHECK(uname(&b) == 0);
	CHECK(sscanf(a.release, "%d.%d", &major, &minor) == 2);
	for (rest = a.release; (*rest >= '0' && *rest <= '9') || *rest == '.'; rest++)
		;
	snprintf(want, sizeof(want), "2.6.%d%s", 60 + minor, rest);
	EXPECT(strcmp(b.release, want) == 0);
	EXPECT(strcmp(a.sysname, b.sysname) == 0 && strcmp(a.version, b.version) == 0);
	CHECK(personality(PER_LINUX) == (PER_LINUX | UNAME26));
	CHECK(uname(&b) == 0 && strcmp(a.release, b.release) == 0);
	return 0;
}

/* STICKY_TIMEOUTS: select leaves its timeout as given (personality02). */
static int test_personality_sticky(void)
{
	struct timeval tv = { 0, 10 };
	fd_set rfds;
	int pfd[2];

	CHECK(pipe(pfd) == 0);
	FD_ZERO(&rfds);
	FD_SET(pfd[0], &rfds);
	/* The raw call: musl's select() passes the kernel a copy. */
	CHECK(personality(PER_LINUX | STICKY_TIMEOUTS) == PER_LINUX);
	CHECK(syscall(SYS_select, pfd[0] + 1, &rfds, NULL, NULL, &tv) == 0);
	personality(PER_LINUX);
	EXPECT(tv.tv_sec == 0 && tv.tv_usec == 10);
	tv.tv_usec = 10;
	FD_SET(pfd[0], &rfds);
	CHECK(syscall(SYS_select, pfd[0] + 1, &rfds, NULL, NULL, &tv) == 0);
	if (tv.tv_sec != 0 || tv.tv_usec != 0)
		return tap_fail("select left %ld.%06ld", (long)tv.tv_sec, (long)tv.tv_usec);
	return 0;
}

/* Has @pid's name become @name (it exec'd)? */
static int comm_is(pid_t pid, const char *name)
{
	char path[64], buf[32] = "";
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	fd = open(path, O_RDONLY);
	n = fd < 0 ? 0 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	return n > 0 && strncmp(buf, name, strlen(name)) == 0;
}

/* setpgid of a child: allowed until it execs, then EACCES; into a group
 * of another session, or of a session leader, EPERM (setpgid03). */
static int test_setpgid_after_exec(void)
{
	int pfd[2], status;
	pid_t pid;
	char c;

	CHECK(pipe(pfd) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		close(pfd[1]);
		read(pfd[0], &c, 1);
		execl("/bin/sleep", "sleep", "5", (char *)NULL);
		_exit(127);
	}
	close(pfd[0]);
	EXPECT(setpgid(pid, pid) == 0);
	EXPECT(setpgid(pid, 0) == 0);
	write(pfd[1], "x", 1);
	for (int i = 0; i < 200 && !comm_is(pid, "sleep"); i++)
		usleep(10000);
	errno = 0;
	EXPECT(setpgid(pid, pid) == -1 && errno == EACCES);
	kill(pid, SIGKILL);
	CHECK(waitpid(pid, &status, 0) == pid);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		setsid();
		pause();
		_exit(0);
	}
	for (int i = 0; i < 200 && getsid(pid) != pid; i++)
		usleep(10000);
	errno = 0;
	EXPECT(setpgid(pid, getpgrp()) == -1 && errno == EPERM);
	errno = 0;
	EXPECT(setpgid(0, pid) == -1 && errno == EPERM);
	kill(pid, SIGKILL);
	CHECK(waitpid(pid, &status, 0) == pid);
	return 0;
}

/* RLIMIT_FSIZE: a write that would cross the limit is cut short there,
 * one at the limit is EFBIG with SIGXFSZ (setrlimit01). */
static int test_rlimit_fsize(void)
{
	struct rlimit r = { 10, 10 };
	const char *path = "/tmp/timetests.fsize";
	int fd;

	on_signal(SIGXFSZ, count_signal);
	CHECK(setrlimit(RLIMIT_FSIZE, &r) == 0);
	fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	CHECK(fd >= 0);
	unlink(path);
	EXPECT(write(fd, "abcdefghijklmnopqrstuvwxyz", 26) == 10);
	errno = 0;
	EXPECT(write(fd, "x", 1) == -1 && errno == EFBIG);
	EXPECT(fired[SIGXFSZ] == 1);
	EXPECT(pwrite(fd, "xy", 2, 8) == 2);
	/* truncate and ftruncate may not grow a file past it either (LTP's
	 * truncate03), but may shrink one or leave it at the limit */
	errno = 0;
	EXPECT(ftruncate(fd, 11) == -1 && errno == EFBIG);
	EXPECT(fired[SIGXFSZ] == 2);
	EXPECT(ftruncate(fd, 10) == 0 && ftruncate(fd, 3) == 0);
	close(fd);
	return 0;
}

/* rt_sigtimedwait takes a signal it waits for even when the signal's
 * action is SIG_IGN: blocked, it is kept, also while the wait unblocks
 * it (rt_sigtimedwait01's "ignored signal" case). */
static int test_sigtimedwait_ignored(void)
{
	struct timespec ts = { 5, 0 };
	sigset_t set;
	pid_t pid;
	int status;

	signal(SIGUSR2, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		usleep(100000);		/* the parent waits by then */
		kill(getppid(), SIGUSR2);
		_exit(0);
	}
	EXPECT(sigtimedwait(&set, NULL, &ts) == SIGUSR2);
	CHECK(waitpid(pid, &status, 0) == pid);
	return 0;
}

/* PR_SET_CHILD_SUBREAPER: an orphaned grandchild is ours to reap, with
 * SIGCHLD, not init's; children do not inherit the flag (prctl03). */
static int test_prctl_subreaper(void)
{
	int pfd[2], status, flag = -1;
	pid_t me = getpid(), mid, orphan;
	char c = 0;

	CHECK(prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
	CHECK(prctl(PR_GET_CHILD_SUBREAPER, &flag) == 0 && flag == 1);
	on_signal(SIGCHLD, count_signal);
	CHECK(pipe(pfd) == 0);
	mid = fork();
	CHECK(mid >= 0);
	if (mid == 0) {
		if (fork() == 0) {
			close(pfd[1]);
			read(pfd[0], &c, 1);	/* until our parent is gone */
			_exit(getppid() == me ? 0 : 1);
		}
		prctl(PR_GET_CHILD_SUBREAPER, &flag);
		_exit(flag == 0 ? 0 : 2);
	}
	close(pfd[0]);
	CHECK(waitpid(mid, &status, 0) == mid);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	write(pfd[1], "x", 1);
	orphan = wait(&status);
	EXPECT(orphan > 0 && orphan != mid);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	EXPECT(fired[SIGCHLD] == 2);
	return 0;
}

static const struct tap_test tests[] = {
	{ "prctl_subreaper", test_prctl_subreaper },
	{ "sigtimedwait_ignored", test_sigtimedwait_ignored },
	{ "rlimit_fsize", test_rlimit_fsize },
	{ "setpgid_after_exec", test_setpgid_after_exec },
	{ "prctl_pdeathsig", test_prctl_pdeathsig },
	{ "prctl_timerslack", test_prctl_timerslack },
	{ "prctl_tsc", test_prctl_tsc },
	{ "personality_uname26", test_personality_uname26 },
	{ "personality_sticky", test_personality_sticky },
	{ "itimer_cpu", test_itimer_cpu },
	{ "itimer_errors", test_itimer_errors },
	{ "rlimit_cpu", test_rlimit_cpu },
	{ "cputime_agree", test_cputime_agree },
	{ "children_times", test_children_times },
	{ "clock_resolution", test_clock_resolution },
	{ "timeouts_not_early", test_timeouts_not_early },
	{ "sched_priority_range", test_sched_priority_range },
};

#define NTESTS (int)(sizeof(tests) / sizeof(tests[0]))

int main(int argc, char **argv)
{
	return tap_run("timetests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
