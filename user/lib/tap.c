/*
 * user/lib/tap.c: the runner behind tap.h. Every test runs in a forked
 * child under alarm(), so a test that crashes, hangs or leaves state
 * behind cannot disturb the others: the parent reports a signal death or
 * a timeout as a failure. The child sends its reason up a pipe; it runs
 * in a process group of its own, which the parent kills once the child
 * is gone, so nothing a failed test left behind can hold the pipe open.
 */
#define _GNU_SOURCE
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "ulib.h"

char tap_reason[256];
static int expect_failures;	/* EXPECT()s that failed in this test */

int tap_become(unsigned int id, unsigned int extra)
{
	gid_t g[2] = { id, extra };

	CHECK(setgroups(extra ? 2 : 1, g) == 0);
	CHECK(setresgid(id, id, id) == 0);
	CHECK(setresuid(id, id, id) == 0);
	return 0;
}

int tap_user_netns(unsigned int id)
{
	char map[32];

	snprintf(map, sizeof(map), "0 %u 1", id);
	if (tap_become(id, 0))
		return -1;
	CHECK(prctl(PR_SET_DUMPABLE, 1) == 0);	/* /proc/self is ours again */
	CHECK(unshare(CLONE_NEWUSER) == 0);
	CHECK(ulib_write_file("/proc/self/setgroups", "deny") == 0);
	CHECK(ulib_write_file("/proc/self/uid_map", map) == 0);
	CHECK(ulib_write_file("/proc/self/gid_map", map) == 0);
	CHECK(unshare(CLONE_NEWNET) == 0);
	return 0;
}

int tap_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tap_reason, sizeof(tap_reason), fmt, ap);
	va_end(ap);
	return -1;
}

void tap_expect_failed(const char *func, int line, const char *cond)
{
	printf("#   %s:%d: %s (errno %d)\n", func, line, cond, errno);
	fflush(stdout);
	expect_failures++;
}

/* In the test's child: run it, send the reason up the pipe, exit 0 or 1. */
static void run_test_child(const struct tap_test *t, int timeout, int out)
{
	int r;

	setpgid(0, 0);		/* its children go with it (run_test) */
	alarm(timeout);
	tap_reason[0] = '\0';
	r = t->fn();
	if (r == 0 && expect_failures)
		r = tap_fail("%d check(s) failed (the # lines above)", expect_failures);
	if (r != 0 && tap_reason[0] == '\0')
		strcpy(tap_reason, "failed");
	write(out, tap_reason, strlen(tap_reason));
	_exit(r != 0);
}

/* Why a test child that ended with @status failed ("" if it passed),
 * given the reason it sent in @why (of @size bytes). */
static void explain(char *why, size_t size, int status, int timeout)
{
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		snprintf(why, size, "timed out after %d s", timeout);
	else if (WIFSIGNALED(status))
		snprintf(why, size, "killed by signal %d (%s)",
			 WTERMSIG(status), ulib_sig_desc(WTERMSIG(status)));
	else if (WEXITSTATUS(status) == 0)
		why[0] = '\0';
	else if (why[0] == '\0')
		snprintf(why, size, "exit status %d", WEXITSTATUS(status));
}

/* Run test number n in a child; print its TAP line; 1 if it passed. */
static int run_test(int n, const struct tap_test *t, int timeout)
{
	char why[sizeof(tap_reason) + 64] = "";
	int fds[2], status, err;
	pid_t pid, waited;
	ssize_t len;

	fflush(stdout);		/* or the child prints it again */
	if (pipe(fds) < 0 || (pid = fork()) < 0) {
		printf("not ok %d - %s: cannot fork: %s\n", n, t->name, strerror(errno));
		return 0;
	}
	if (pid == 0) {
		close(fds[0]);
		run_test_child(t, timeout, fds[1]);
	}
	close(fds[1]);
	waited = waitpid(pid, &status, 0);
	err = errno;
	kill(-pid, SIGKILL);	/* what a failed test left behind holds the pipe */
	while ((len = read(fds[0], why, sizeof(why) - 1)) < 0 && errno == EINTR)
		;
	why[len > 0 ? len : 0] = '\0';
	close(fds[0]);
	if (waited != pid)
		snprintf(why, sizeof(why), "waitpid: %s", strerror(err));
	else
		explain(why, sizeof(why), status, timeout);
	if (why[0])
		printf("not ok %d - %s: %s\n", n, t->name, why);
	else
		printf("ok %d - %s\n", n, t->name);
	fflush(stdout);
	return why[0] == '\0';
}

/* 1 if test t was asked for on the command line (or nothing was). */
static int selected(const struct tap_test *t, int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], t->name) == 0)
			return 1;
	return argc < 2;
}

int tap_run(const char *prog, const struct tap_test *tests, int n,
	    int timeout, int argc, char **argv)
{
	int passed = 0, failed = 0, planned = 0;

	for (int i = 0; i < n; i++)
		planned += selected(&tests[i], argc, argv);
	printf("1..%d\n", planned);
	for (int i = 0; i < n; i++) {
		if (!selected(&tests[i], argc, argv))
			continue;
		if (run_test(passed + failed + 1, &tests[i], timeout))
			passed++;
		else
			failed++;
	}
	printf("# %s: %d passed, %d failed\n", prog, passed, failed);
	fflush(stdout);
	return failed != 0;
}

int tap_run_as_root(const char *prog, const struct tap_test *tests, int n,
		    int timeout, int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (geteuid() != 0) {
		printf("%s: run me as root (I drop to the student myself)\n", prog);
		return 2;
	}
	return tap_run(prog, tests, n, timeout, argc, argv);
}

int tap_wait_status(int pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}
