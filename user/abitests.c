/*
 * abitests: the Linux system calls that real programs and LTP reach for
 * (issue 17), each with its error cases, tested from user space.
 *
 *   abitests [NAME]...     run every test, or only the ones named
 *
 * Prints TAP like usertests: "1..N", "ok N - name" or "not ok N - name:
 * reason", then "# abitests: P passed, F failed"; exit status 1 if a test
 * failed. Each test runs in its own forked child under alarm().
 *
 * System calls exercised: poll, ppoll, select, pselect6 (pipes, eventfd,
 * regular and /proc files, the console; timeouts, signals and masks,
 * Linux's errors).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ulib.h"

#define TEST_TIMEOUT 20		/* seconds one test may take */

static char reason[256];

/* Record why the test failed; returns -1 so tests can `return fail(...)`. */
static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	return -1;
}

#define CHECK(cond) do { if (!(cond)) return fail("%s (errno %d: %s)", \
	#cond, errno, strerror(errno)); } while (0)

/* An address no program maps. */
#define BAD_PTR ((void *)1)

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void catch_signal(int sig)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigaction(sig, &sa, NULL);
}

/* A thread that writes one byte to fd (long)arg after 100 ms. */
static void *late_writer(void *arg)
{
	ulib_sleep_ms(100);
	write((int)(long)arg, "x", 1);
	return NULL;
}

static pthread_t main_thread;

/* A thread that sends SIGUSR1 to the main thread after 100 ms (to the
 * thread: a signal to the process may be taken by any thread). */
static void *late_signal(void *arg)
{
	(void)arg;
	ulib_sleep_ms(100);
	pthread_kill(main_thread, SIGUSR1);
	return NULL;
}

/* ---- poll ---------------------------------------------------------------- */

/* A pipe's ends: readable with data, writable with room, POLLHUP on the
 * read end once the writer closed, POLLERR on the write end once the
 * reader closed. */
static int test_poll_pipe(void)
{
	struct pollfd p[2];
	int fds[2];

	CHECK(pipe(fds) == 0);
	p[0] = (struct pollfd){ fds[0], POLLIN, 0 };
	p[1] = (struct pollfd){ fds[1], POLLOUT, 0 };
	CHECK(poll(p, 2, 0) == 1 && p[0].revents == 0 && p[1].revents == POLLOUT);
	CHECK(write(fds[1], "ab", 2) == 2);
	CHECK(poll(p, 2, 0) == 2 && p[0].revents == POLLIN);
	close(fds[1]);
	CHECK(poll(p, 1, 0) == 1 && p[0].revents == (POLLIN | POLLHUP));
	CHECK(pipe(fds) == 0);
	close(fds[0]);
	p[1].fd = fds[1];
	CHECK(poll(&p[1], 1, 0) == 1 && (p[1].revents & POLLERR));
	return 0;
}

/* poll sleeps until another thread writes, and times out when none does. */
static int test_poll_wait(void)
{
	struct pollfd p;
	pthread_t t;
	long t0;
	int fds[2];

	CHECK(pipe(fds) == 0);
	p = (struct pollfd){ fds[0], POLLIN, 0 };
	t0 = ulib_now_ms();
	CHECK(poll(&p, 1, 150) == 0 && p.revents == 0);
	CHECK(ulib_now_ms() - t0 >= 100);
	CHECK(pthread_create(&t, NULL, late_writer, (void *)(long)fds[1]) == 0);
	CHECK(poll(&p, 1, -1) == 1 && p.revents == POLLIN);
	pthread_join(t, NULL);
	return 0;
}

/* A closed fd is POLLNVAL, a negative one is skipped; files that never
 * wait (regular, /proc) are always ready; eventfd follows its count. */
static int test_poll_kinds(void)
{
	struct pollfd p[4];
	uint64_t one = 1;
	int efd, reg, prc;

	CHECK((reg = open("/tmp/abitests.poll", O_RDWR | O_CREAT | O_TRUNC, 0600)) >= 0);
	unlink("/tmp/abitests.poll");
	CHECK((prc = open("/proc/self/stat", O_RDONLY)) >= 0);
	CHECK((efd = eventfd(0, 0)) >= 0);
	p[0] = (struct pollfd){ reg, POLLIN | POLLOUT, 0 };
	p[1] = (struct pollfd){ prc, POLLIN, 0 };
	p[2] = (struct pollfd){ 200, POLLIN, 0 };
	p[3] = (struct pollfd){ -1, POLLIN, 0x55 };
	CHECK(poll(p, 4, 0) == 3);
	CHECK(p[0].revents == (POLLIN | POLLOUT) && p[1].revents == POLLIN);
	CHECK(p[2].revents == POLLNVAL && p[3].revents == 0);
	p[0] = (struct pollfd){ efd, POLLIN | POLLOUT, 0 };
	CHECK(poll(p, 1, 0) == 1 && p[0].revents == POLLOUT);
	CHECK(write(efd, &one, 8) == 8);
	CHECK(poll(p, 1, 0) == 1 && p[0].revents == (POLLIN | POLLOUT));
	p[0] = (struct pollfd){ 1, POLLOUT, 0 };	/* the console */
	CHECK(poll(p, 1, 0) == 1 && p[0].revents == POLLOUT);
	return 0;
}

/* Linux's errors: EFAULT for a bad array, EINVAL past RLIMIT_NOFILE. */
static int test_poll_errors(void)
{
	struct rlimit rl;
	struct pollfd p = { 0, POLLOUT, 0 };

	errno = 0;
	CHECK(poll(BAD_PTR, 1, 0) == -1 && errno == EFAULT);
	CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0);
	errno = 0;
	CHECK(poll(&p, (nfds_t)rl.rlim_cur + 1, 0) == -1 && errno == EINVAL);
	CHECK(poll(NULL, 0, 10) == 0);
	return 0;
}

/* A signal with a handler ends poll's wait with EINTR. */
static int test_poll_eintr(void)
{
	struct pollfd p;
	pthread_t t;
	int fds[2];

	CHECK(pipe(fds) == 0);
	catch_signal(SIGUSR1);
	p = (struct pollfd){ fds[0], POLLIN, 0 };
	CHECK(pthread_create(&t, NULL, late_signal, NULL) == 0);
	errno = 0;
	CHECK(poll(&p, 1, 5000) == -1 && errno == EINTR && got_signal == SIGUSR1);
	pthread_join(t, NULL);
	return 0;
}

/*
 * ppoll's mask is in force only during the wait: SIGUSR1, blocked
 * before, is let in by the mask, interrupts the wait and runs its handler;
 * afterwards it is blocked again. A bad sigsetsize or timespec is EINVAL;
 * the timespec is updated to the time left.
 */
static int test_ppoll_sigmask(void)
{
	struct timespec ts = { 5, 0 }, bad = { 0, -1 };
	sigset_t block, during, now;
	struct pollfd p;
	pthread_t t;
	int fds[2];

	CHECK(pipe(fds) == 0);
	catch_signal(SIGUSR1);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigemptyset(&during);
	CHECK(sigprocmask(SIG_BLOCK, &block, NULL) == 0);
	p = (struct pollfd){ fds[0], POLLIN, 0 };
	CHECK(pthread_create(&t, NULL, late_signal, NULL) == 0);
	errno = 0;
	/* The raw call: the C library passes a copy of the timespec. */
	CHECK(syscall(SYS_ppoll, &p, 1, &ts, &during, 8) == -1 && errno == EINTR);
	CHECK(got_signal == SIGUSR1);
	CHECK(ts.tv_sec < 5 && ts.tv_sec >= 3);
	CHECK(sigprocmask(SIG_BLOCK, NULL, &now) == 0 && sigismember(&now, SIGUSR1));
	pthread_join(t, NULL);
	errno = 0;
	CHECK(syscall(SYS_ppoll, &p, 1, &ts, &during, 4) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(ppoll(&p, 1, &bad, NULL) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(syscall(SYS_ppoll, &p, 1, BAD_PTR, NULL, 8) == -1 && errno == EFAULT);
	return 0;
}

/* ---- select -------------------------------------------------------------- */

/* select: readable and writable sets, the time left written back, EBADF
 * for a closed fd in a set, EINVAL for a negative count or timeout. */
static int test_select(void)
{
	struct timeval tv = { 0, 200000 }, neg = { -1, 0 };
	fd_set rd, wr;
	int fds[2];

	CHECK(pipe(fds) == 0);
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(fds[0], &rd);
	FD_SET(fds[1], &wr);
	/* Raw calls: the C library passes a copy of the timeval. */
	CHECK(syscall(SYS_select, fds[1] + 1, &rd, &wr, NULL, &tv) == 1);
	CHECK(!FD_ISSET(fds[0], &rd) && FD_ISSET(fds[1], &wr));
	CHECK(tv.tv_sec == 0 && tv.tv_usec > 100000 && tv.tv_usec <= 200000);
	FD_SET(fds[0], &rd);
	CHECK(syscall(SYS_select, fds[0] + 1, &rd, NULL, NULL, &tv) == 0);
	CHECK(!FD_ISSET(fds[0], &rd));
	CHECK(tv.tv_sec == 0 && tv.tv_usec == 0);
	CHECK(write(fds[1], "x", 1) == 1);
	FD_SET(fds[0], &rd);
	CHECK(select(fds[0] + 1, &rd, NULL, NULL, NULL) == 1 && FD_ISSET(fds[0], &rd));
	FD_ZERO(&rd);
	FD_SET(100, &rd);
	errno = 0;
	CHECK(select(101, &rd, NULL, NULL, NULL) == -1 && errno == EBADF);
	errno = 0;
	CHECK(select(-1, NULL, NULL, NULL, NULL) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(select(1, NULL, NULL, NULL, &neg) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(syscall(SYS_select, 1, BAD_PTR, NULL, NULL, NULL) == -1 && errno == EFAULT);
	return 0;
}

/* select waits for another thread's write; pselect6 with a mask that lets
 * a blocked signal in ends with EINTR. */
static int test_pselect(void)
{
	struct timespec ts = { 5, 0 };
	sigset_t block, during;
	pthread_t t;
	fd_set rd;
	int fds[2];

	CHECK(pipe(fds) == 0);
	FD_ZERO(&rd);
	FD_SET(fds[0], &rd);
	CHECK(pthread_create(&t, NULL, late_writer, (void *)(long)fds[1]) == 0);
	CHECK(select(fds[0] + 1, &rd, NULL, NULL, NULL) == 1);
	pthread_join(t, NULL);
	CHECK(read(fds[0], &ts, 1) == 1);
	catch_signal(SIGUSR1);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigemptyset(&during);
	CHECK(sigprocmask(SIG_BLOCK, &block, NULL) == 0);
	CHECK(pthread_create(&t, NULL, late_signal, NULL) == 0);
	errno = 0;
	CHECK(pselect(fds[0] + 1, &rd, NULL, NULL, &ts, &during) == -1 && errno == EINTR);
	CHECK(got_signal == SIGUSR1);
	pthread_join(t, NULL);
	return 0;
}

/* ---- the runner ---------------------------------------------------------- */

struct test {
	const char *name;
	int (*fn)(void);
};

static const struct test tests[] = {
	{ "poll_pipe", test_poll_pipe },
	{ "poll_wait", test_poll_wait },
	{ "poll_kinds", test_poll_kinds },
	{ "poll_errors", test_poll_errors },
	{ "poll_eintr", test_poll_eintr },
	{ "ppoll_sigmask", test_ppoll_sigmask },
	{ "select", test_select },
	{ "pselect", test_pselect },
};

#define NTESTS (int)(sizeof(tests) / sizeof(tests[0]))

/* In the test's child: run it, send the reason up the pipe, exit 0 or 1. */
static void run_test_child(const struct test *t, int out)
{
	int r;

	alarm(TEST_TIMEOUT);
	reason[0] = '\0';
	r = t->fn();
	if (r != 0 && reason[0] == '\0')
		strcpy(reason, "failed");
	write(out, reason, strlen(reason));
	_exit(r != 0);
}

/* Run test number n in a child; print its TAP line; 1 if it passed. */
static int run_test(int n, const struct test *t)
{
	char why[sizeof(reason) + 64] = "";
	int fds[2], status;
	ssize_t len = 0, r;
	pid_t pid;

	if (pipe(fds) < 0 || (pid = fork()) < 0) {
		printf("not ok %d - %s: cannot fork: %s\n", n, t->name, strerror(errno));
		return 0;
	}
	if (pid == 0) {
		close(fds[0]);
		run_test_child(t, fds[1]);
	}
	close(fds[1]);
	while ((r = read(fds[0], why + len, sizeof(why) - 1 - (size_t)len)) > 0)
		len += r;
	why[len] = '\0';
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid)
		snprintf(why, sizeof(why), "waitpid: %s", strerror(errno));
	else if (WIFSIGNALED(status))
		snprintf(why, sizeof(why), "killed by signal %d (%s)",
			 WTERMSIG(status), ulib_sig_desc(WTERMSIG(status)));
	else if (WEXITSTATUS(status) == 0)
		why[0] = '\0';
	if (why[0])
		printf("not ok %d - %s: %s\n", n, t->name, why);
	else
		printf("ok %d - %s\n", n, t->name);
	fflush(stdout);
	return why[0] == '\0';
}

/* 1 if test t was asked for on the command line (or nothing was). */
static int selected(const struct test *t, int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], t->name) == 0)
			return 1;
	return argc < 2;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0, n = 0;

	main_thread = pthread_self();
	for (int i = 0; i < NTESTS; i++)
		n += selected(&tests[i], argc, argv);
	printf("1..%d\n", n);
	fflush(stdout);
	for (int i = 0, k = 0; i < NTESTS; i++) {
		if (!selected(&tests[i], argc, argv))
			continue;
		if (run_test(++k, &tests[i]))
			passed++;
		else
			failed++;
	}
	printf("# abitests: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
