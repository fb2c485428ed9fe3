/*
 * bombs: a fork bomb and a thread bomb with a time limit. The kernel must
 * refuse new tasks with EAGAIN (its task cap, RLIMIT_NPROC) or ENOMEM,
 * never panic, and stay usable; when the time is up the bomb is killed and
 * every task it made must go away.
 *
 *   bombs fork   [-t SECONDS] [-w SECONDS] [-l NPROC] [-q]
 *   bombs thread [-t SECONDS] [-w SECONDS] [-l NPROC] [-q]
 *
 *   -t  how long the bomb keeps trying (default 10 s)
 *   -w  end sooner: this long after the kernel first refused a task (the
 *       wall has been reached and held; the default is to go on to -t)
 *   -l  set RLIMIT_NPROC to NPROC for the bomb first (Taskbase counts all
 *       tasks against it), so the rest of the system keeps some room
 *   -q  no progress lines (for a bomb in the background of a shell that
 *       is being typed at)
 *
 * fork: the bomb's root process, in a process group of its own, forks;
 * parent and child both go on forking, so the count doubles until the
 * kernel says no. A process whose fork fails sleeps a little (10 ms,
 * doubling to 200 ms) and tries again, so the machine is loaded but not
 * starved. thread: in one process, CREATORS threads create threads (16 KiB
 * stacks) that sleep until the end, until pthread_create fails, and keep
 * trying the same way.
 *
 * This process watches: it counts successes and refusals (by errno)
 * reported through a pipe, samples the task count (sysinfo procs) for the
 * peak, prints a line every 2 s, and at the end SIGKILLs the bomb's
 * process group and waits (up to 30 s) for the task count to come back.
 * Last line: "bombs: ok: ..." or "bombs: FAIL: ..." (exit status 0 or 1).
 *
 * It refuses to run anywhere but Taskbase (uname sysname).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ulib.h"

#define PROGRESS_MS 2000
#define GONE_MS 30000		/* how long the bomb's tasks may take to go */

/* What a bomb task reports: one byte per event. */
enum { EV_OK = 'o', EV_EAGAIN = 'a', EV_ENOMEM = 'm', EV_OTHER = 'x' };

static long deadline;		/* ms, CLOCK_MONOTONIC */
static long hold_ms = -1;	/* -w: ms after the first refusal, or -1 */
static int quiet;		/* -q */
static int report_fd;

static long procs_now(void)
{
	struct sysinfo si;

	return sysinfo(&si) == 0 ? si.procs : -1;
}

static void report(int err)
{
	char ev = err == 0 ? EV_OK : err == EAGAIN ? EV_EAGAIN :
		  err == ENOMEM ? EV_ENOMEM : EV_OTHER;

	if (write(report_fd, &ev, 1) < 0 && errno == EPIPE)
		_exit(0);	/* the watcher is gone */
}

/* ---- the bombs (they never return) ---------------------------------- */

static __attribute__((noreturn)) void fork_bomb(void)
{
	long backoff = 10;

	for (;;) {
		pid_t pid;

		if (ulib_now_ms() >= deadline)
			for (;;)
				pause();	/* until the watcher kills us */
		pid = fork();
		if (pid == 0) {
			backoff = 10;
			continue;		/* the child bombs too */
		}
		report(pid > 0 ? 0 : errno);
		if (pid > 0)
			continue;
		ulib_sleep_ms(backoff);
		backoff = backoff < 200 ? backoff * 2 : 200;
	}
}

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

#define CREATORS 4		/* threads making threads, at once */

static void *creator(void *arg)
{
	pthread_attr_t attr;
	long backoff = 10;

	(void)arg;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 16 * 1024);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	while (ulib_now_ms() < deadline) {
		pthread_t t;
		int err = pthread_create(&t, &attr, sleeper, NULL);

		report(err);
		if (!err)
			continue;
		ulib_sleep_ms(backoff);
		backoff = backoff < 200 ? backoff * 2 : 200;
	}
	for (;;)
		pause();
	return NULL;
}

static __attribute__((noreturn)) void thread_bomb(void)
{
	pthread_t t;

	for (int i = 1; i < CREATORS; i++)
		if (pthread_create(&t, NULL, creator, NULL) == 0)
			report(0);
	creator(NULL);
	for (;;)
		pause();
}

/* ---- the watcher -------------------------------------------------- */

static struct {
	long ok, eagain, enomem, other;
	long first_fail_ms, tasks_at_first_fail, peak;
} st = { .first_fail_ms = -1 };

static void count(const char *buf, long n, long t0)
{
	for (long i = 0; i < n; i++) {
		switch (buf[i]) {
		case EV_OK: st.ok++; continue;
		case EV_EAGAIN: st.eagain++; break;
		case EV_ENOMEM: st.enomem++; break;
		default: st.other++; break;
		}
		if (st.first_fail_ms < 0) {
			st.first_fail_ms = ulib_now_ms() - t0;
			st.tasks_at_first_fail = procs_now();
		}
	}
}

/* Has the bomb been refused for -w seconds already? */
static int wall_held(long t0)
{
	return hold_ms >= 0 && st.first_fail_ms >= 0 &&
	       ulib_now_ms() - t0 - st.first_fail_ms >= hold_ms;
}

static void watch(int rfd, const char *what, long t0)
{
	long next = t0 + PROGRESS_MS;
	char buf[4096];

	while (ulib_now_ms() < deadline && !wall_held(t0)) {
		long n, p = procs_now();

		while ((n = read(rfd, buf, sizeof(buf))) > 0)
			count(buf, n, t0);
		if (p > st.peak)
			st.peak = p;
		if (ulib_now_ms() >= next && !quiet) {
			printf("bombs: ... %ld tasks, %ld %s made, %ld refused "
			       "(%ld s)\n", p, st.ok, what,
			       st.eagain + st.enomem + st.other,
			       (ulib_now_ms() - t0) / 1000);
			next += PROGRESS_MS;
		}
		ulib_sleep_ms(50);
	}
}

/* Kill the bomb's group until its tasks are gone; ms it took, or -1. */
static long stop_bomb(pid_t root, long procs0)
{
	long t0 = ulib_now_ms();
	int status;

	while (ulib_now_ms() - t0 < GONE_MS) {
		kill(-root, SIGKILL);	/* again: forks in flight escape once */
		while (waitpid(-1, &status, WNOHANG) > 0)
			;
		if (procs_now() <= procs0)
			return ulib_now_ms() - t0;
		ulib_sleep_ms(100);
	}
	return -1;
}

static void usage(void)
{
	fprintf(stderr, "usage: bombs fork|thread [-t SECONDS] [-w SECONDS] "
		"[-l NPROC] [-q]\n");
	exit(2);
}

static int verdict(long gone_ms, long procs0, long limit)
{
	const char *why = NULL;

	if (st.eagain + st.enomem + st.other == 0)
		why = "the kernel never refused a task (raise -t?)";
	else if (st.other)
		why = "a refusal was neither EAGAIN nor ENOMEM";
	else if (gone_ms < 0)
		why = "the bomb's tasks did not all go away";
	else if (limit > 0 && st.peak > limit + limit / 10 + 4)
		why = "RLIMIT_NPROC was not enforced";	/* forks in flight: some slack */
	if (why) {
		printf("bombs: FAIL: %s\n", why);
		return 1;
	}
	printf("bombs: ok: refused with EAGAIN/ENOMEM, no panic, %ld tasks "
	       "again\n", procs0);
	return 0;
}

int main(int argc, char **argv)
{
	long seconds = 10, limit = 0, hold = -1, procs0, t0, gone, procs1;
	int fds[2], c, threads;
	char lim[32];
	pid_t root;

	if (argc < 2 || (strcmp(argv[1], "fork") && strcmp(argv[1], "thread")))
		usage();
	threads = !strcmp(argv[1], "thread");
	optind = 2;
	while ((c = getopt(argc, argv, "t:w:l:q")) != -1) {
		if (c == 'q')
			quiet = 1;
		else if ((c != 't' && c != 'l' && c != 'w') ||
			 ulib_parse_long(optarg, c == 't' ? &seconds :
					 c == 'w' ? &hold : &limit) < 0)
			usage();
	}
	if (hold >= 0)
		hold_ms = hold * 1000;
	if (!ulib_on_taskbase()) {
		ulib_err("bombs", "refusing to run: this is not Taskbase "
			 "(uname sysname); a bomb would take this system down");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	procs0 = procs_now();
	if (limit > 0)
		snprintf(lim, sizeof(lim), "%ld", limit);
	printf("bombs: %s bomb for %ld s, RLIMIT_NPROC %s, %ld tasks at the "
	       "start\n", argv[1], seconds, limit > 0 ? lim : "unlimited",
	       procs0);
	if (pipe2(fds, O_CLOEXEC) < 0 || fcntl(fds[0], F_SETFL, O_NONBLOCK) < 0) {
		perror("bombs: pipe");
		return 1;
	}
	t0 = ulib_now_ms();
	deadline = t0 + seconds * 1000;
	ulib_set_oom_score_adj(-1000);	/* the OOM killer spares the watcher */
	root = fork();
	if (root < 0) {
		perror("bombs: fork");
		return 1;
	}
	if (root == 0) {
		struct rlimit rl = { (rlim_t)limit, (rlim_t)limit };

		close(fds[0]);
		report_fd = fds[1];
		setpgid(0, 0);
		ulib_set_oom_score_adj(1000);	/* the bomb's tasks go first */
		if (limit > 0 && setrlimit(RLIMIT_NPROC, &rl) < 0)
			perror("bombs: setrlimit");
		if (threads)
			thread_bomb();
		fork_bomb();
	}
	setpgid(root, root);
	close(fds[1]);
	watch(fds[0], threads ? "threads" : "forks", t0);
	if (st.first_fail_ms >= 0)
		printf("bombs: %s: %ld made; first refusal after %ld.%ld s at "
		       "%ld tasks\n", threads ? "threads" : "forks", st.ok,
		       st.first_fail_ms / 1000, st.first_fail_ms % 1000 / 100,
		       st.tasks_at_first_fail);
	else
		printf("bombs: %s: %ld made, none refused\n",
		       threads ? "threads" : "forks", st.ok);
	printf("bombs: refusals: EAGAIN %ld, ENOMEM %ld, other %ld\n",
	       st.eagain, st.enomem, st.other);
	printf("bombs: peak %ld tasks\n", st.peak);
	gone = stop_bomb(root, procs0);
	procs1 = procs_now();
	if (gone >= 0)
		printf("bombs: killed the bomb; all gone after %ld.%ld s "
		       "(%ld tasks)\n", gone / 1000, gone % 1000 / 100, procs1);
	else
		printf("bombs: killed the bomb; %ld tasks left after %d s "
		       "(%ld at the start)\n", procs1, GONE_MS / 1000, procs0);
	return verdict(gone, procs0, limit);
}
