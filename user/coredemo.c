/*
 * coredemo: crash on purpose, for a core file to look at with gdb.
 *
 *   coredemo [MODE]
 *
 *   segv      (default) main() -> parse_config() -> crash_here(), which
 *             writes through a NULL pointer: SIGSEGV
 *   abort     abort(): SIGABRT
 *   thread    a second thread crashes in thread_crash_here() while main
 *             waits in pthread_join(): the whole process dies
 *   child     fork a child that crashes; report what waitid() and
 *             waitpid() say about it (CLD_DUMPED, WCOREDUMP)
 *   dontdump  fill 16 pages with a marker (x, 4094 y's, z per page),
 *             madvise(MADV_DONTDUMP) them, crash: the core lacks them
 *   dodump    the same, then MADV_DODUMP: the core has them again
 *   filter0   the marker pages, then "0" into /proc/self/coredump_filter:
 *             no anonymous memory in the core
 *   nodump    prctl(PR_SET_DUMPABLE, 0), then crash: no core at all
 *
 * Cores are written only when `ulimit -c` allows (the default is 0, as
 * on Linux), named by /proc/sys/kernel/core_pattern ("core": in the
 * current directory). Then, on the host:
 *   gdb -batch -ex bt -ex 'info registers rip' build/user/coredemo core
 * names crash_here() and main().
 *
 * System calls: the crash itself (a page fault the kernel turns into
 * SIGSEGV), mmap, madvise, prctl, clone, fork, waitid, wait4, rt_sigprocmask
 * and tgkill (abort), open/write (coredump_filter).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ulib.h"

#define MARK_PAGES 16
#define PAGE 4096

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/* The crash: a store through a NULL pointer, in a function of its own so
 * the backtrace names it. */
static __attribute__((noinline)) void crash_here(volatile int *p, int value)
{
	*p = value;
}

static __attribute__((noinline)) void parse_config(const char *mode)
{
	crash_here(NULL, (int)strlen(mode));
}

static __attribute__((noinline)) void *thread_crash_here(void *arg)
{
	usleep(10000);
	crash_here(NULL, arg != NULL);
	return NULL;
}

/* MARK_PAGES of private memory, each "x", 4094 "y"s, "z"; made here so
 * the pattern is nowhere in the binary. */
static char *fill_marker(void)
{
	char *m = mmap(NULL, MARK_PAGES * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED)
		die("mmap");
	for (int i = 0; i < MARK_PAGES; i++) {
		memset(m + i * PAGE, 'x' + 1, PAGE);
		m[i * PAGE] = 'x';
		m[i * PAGE + PAGE - 1] = 'z';
	}
	return m;
}

static void advise(char *m, int advice)
{
	if (madvise(m, MARK_PAGES * PAGE, advice))
		die("madvise");
}

static void set_filter(const char *value)
{
	int fd = open("/proc/self/coredump_filter", O_WRONLY);

	if (fd < 0 || write(fd, value, strlen(value)) < 0)
		die("/proc/self/coredump_filter");
	close(fd);
}

static int run_thread(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, thread_crash_here, (void *)1))
		die("pthread_create");
	pthread_join(t, NULL);
	printf("coredemo: survived\n");
	return 3;
}

/* What a parent learns of a child that dumped core. */
static int run_child(void)
{
	siginfo_t si;
	int status;
	pid_t pid = fork();

	if (pid == 0)
		parse_config("child");
	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, pid, &si, WEXITED | WNOWAIT))
		die("waitid");
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	printf("coredemo: child %d si_code=%s si_status=%d WCOREDUMP=%d\n",
	       pid, si.si_code == CLD_DUMPED ? "CLD_DUMPED" :
	       si.si_code == CLD_KILLED ? "CLD_KILLED" : "other",
	       si.si_status, WIFSIGNALED(status) && WCOREDUMP(status));
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "segv";
	char *m;

	if (!strcmp(mode, "abort"))
		abort();
	if (!strcmp(mode, "thread"))
		return run_thread();
	if (!strcmp(mode, "child"))
		return run_child();
	if (!strcmp(mode, "nodump") && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0))
		die("prctl");
	if (!strcmp(mode, "dontdump") || !strcmp(mode, "dodump") ||
	    !strcmp(mode, "filter0")) {
		m = fill_marker();
		if (strcmp(mode, "filter0"))
			advise(m, MADV_DONTDUMP);
		if (!strcmp(mode, "dodump"))
			advise(m, MADV_DODUMP);
		if (!strcmp(mode, "filter0"))
			set_filter("0");
	} else if (strcmp(mode, "segv") && strcmp(mode, "nodump")) {
		ulib_err("coredemo", "usage: coredemo [segv|abort|thread|child|"
			 "dontdump|dodump|filter0|nodump]");
		return 2;
	}
	parse_config(mode);
	printf("coredemo: survived\n");
	return 3;
}
