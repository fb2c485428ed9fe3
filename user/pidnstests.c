/*
 * pidnstests: PID namespaces as Linux has them (issue 17: LTP's clone11,
 * ioctl_ns01 and 05, unshare05), tested from user space. A process made
 * by clone(CLONE_NEWPID), or the first child after unshare(CLONE_NEWPID),
 * is pid 1 of a new namespace: it sees its parent as 0, reaps the
 * orphans made inside, takes only the signals it handles from inside,
 * and when it dies the rest of its namespace dies with it. Its parent
 * knows it by an ordinary pid, and /proc/<pid>/status lists both.
 *
 *   pidnstests [NAME]...     run every test, or only the ones named
 *
 * Prints TAP (user/lib/tap.c); each test runs in a forked child of its
 * own. Runs as root; the same binary passes on Linux 6.1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "procfs.h"
#include "tap.h"

#define TEST_TIMEOUT 20		/* seconds one test may take */
#define STUDENT 1000		/* an unprivileged user */
#define NS_GET_PARENT 0xb702	/* <linux/nsfs.h>, which musl lacks */
#define PID_INIT_INO 4026531836u

/* clone(2) without a new stack: a fork with @flags. */
static pid_t clone_flags(unsigned long flags)
{
	return (pid_t)syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
}

/* The inode number of /proc/@who/ns/@kind, or 0. */
static unsigned long ns_ino(const char *who, const char *kind)
{
	char path[160];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%s/ns/%s", who, kind);
	return stat(path, &st) == 0 ? st.st_ino : 0;
}

/* The "@key:" line of /proc/@pid/status into @out, or "" . */
static void status_line(pid_t pid, const char *key, char *out, size_t size)
{
	char path[64], text[4096], *p;

	out[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (procfs_read(path, text, sizeof(text)) > 0 && (p = strstr(text, key)))
		snprintf(out, size, "%.*s", (int)strcspn(p, "\n"), p);
}

/* clone3's struct clone_args (musl has no definition). */
struct clone_args_k {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

/* In a new namespace: the child is pid 1, its parent is 0 to it, and
 * the parent knows it by an ordinary pid (clone and clone3). */
static int test_clone_newpid(void)
{
	struct clone_args_k a = { .flags = CLONE_NEWPID, .exit_signal = SIGCHLD };
	pid_t pid = clone_flags(CLONE_NEWPID);

	CHECK(pid >= 0);
	if (pid == 0)
		_exit(getpid() == 1 && getppid() == 0 &&
		      syscall(SYS_gettid) == 1 ? 0 : 1);
	CHECK(pid > 1 && tap_wait_status(pid) == 0);
	pid = (pid_t)syscall(SYS_clone3, &a, sizeof(a));
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(getpid() == 1 && getppid() == 0 ? 0 : 1);
	CHECK(pid > 1 && tap_wait_status(pid) == 0);
	return 0;
}

/* unshare(CLONE_NEWPID) leaves the caller where it is: only its next
 * child is pid 1 of the new namespace (LTP unshare05); then a thread is
 * EINVAL (it would be in another namespace), and so is a second unshare
 * before that child. */
static int test_unshare_newpid(void)
{
	static char stack[16384];
	pid_t self = getpid(), pid;

	CHECK(unshare(CLONE_NEWPID) == 0);
	CHECK(getpid() == self);
	CHECK(ns_ino("self", "pid") == PID_INIT_INO);
	CHECK(ns_ino("self", "pid_for_children") != PID_INIT_INO);
	errno = 0;
	CHECK(unshare(CLONE_NEWPID) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_clone, CLONE_VM | CLONE_SIGHAND | CLONE_THREAD,
		      stack + sizeof(stack), 0, 0, 0) == -1 && errno == EINVAL);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(getpid() == 1 && getppid() == 0 ? 0 : 1);
	CHECK(pid > 1 && tap_wait_status(pid) == 0);
	return 0;
}

/* /proc/<pid>/status lists a task's pid in each namespace from the
 * reader's down (NSpid: outer then inner), and /proc inside shows the
 * inner numbers. */
static int test_status_nspid(void)
{
	int go[2], ready[2];
	char line[128], want[128];
	pid_t pid;

	CHECK(pipe(go) == 0 && pipe(ready) == 0);
	pid = clone_flags(CLONE_NEWPID);
	CHECK(pid >= 0);
	if (pid == 0) {
		char c = 0;

		status_line(1, "NSpid:", line, sizeof(line));
		c = strcmp(line, "NSpid:\t1") == 0;
		status_line(getpid(), "PPid:", line, sizeof(line));
		c &= strcmp(line, "PPid:\t0") == 0;
		if (write(ready[1], &c, 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(2);
		_exit(0);
	}
	{
		char c = 0;

		CHECK(read(ready[0], &c, 1) == 1 && c == 1);
	}
	status_line(pid, "NSpid:", line, sizeof(line));
	snprintf(want, sizeof(want), "NSpid:\t%d\t1", pid);
	EXPECT(strcmp(line, want) == 0);
	status_line(pid, "NStgid:", line, sizeof(line));
	snprintf(want, sizeof(want), "NStgid:\t%d\t1", pid);
	EXPECT(strcmp(line, want) == 0);
	CHECK(ns_ino("self", "pid") == PID_INIT_INO);
	snprintf(want, sizeof(want), "%d", pid);
	CHECK(ns_ino(want, "pid") != PID_INIT_INO && ns_ino(want, "pid") != 0);
	CHECK(write(go[1], "g", 1) == 1);
	CHECK(pid > 1 && tap_wait_status(pid) == 0);
	return 0;
}

/* Inside: an orphan is adopted by the namespace's init (getppid() 1),
 * which reaps it; kill() from inside cannot end the init. */
static int ns_init_orphans(void)
{
	int p[2], st;
	pid_t mid, pid;
	char c;

	if (pipe(p))
		return 1;
	mid = fork();
	if (mid == 0) {
		if (fork() == 0) {	/* the grandchild, orphaned at once */
			close(p[0]);
			while (getppid() != 1)
				usleep(1000);
			c = kill(1, SIGKILL) == 0 && kill(1, SIGTERM) == 0;
			_exit(write(p[1], &c, 1) == 1 ? 0 : 3);
		}
		_exit(0);
	}
	close(p[1]);
	if (waitpid(mid, &st, 0) != mid || read(p[0], &c, 1) != 1 || c != 1)
		return 4;
	pid = wait(&st);	/* the grandchild, ours now */
	if (pid <= 2 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return 5;
	return wait(&st) == -1 && errno == ECHILD ? 0 : 6;
}

static int test_init_reaps_orphans(void)
{
	pid_t pid = clone_flags(CLONE_NEWPID);

	CHECK(pid >= 0);
	if (pid == 0)
		_exit(ns_init_orphans());
	CHECK(pid > 1 && tap_wait_status(pid) == 0);
	return 0;
}

/* When the init dies (SIGKILL from outside reaches it), every other task
 * of its namespace is killed: the pipe's last writer, a sleeping
 * grandchild, is gone by the time the init has been waited for. */
static int test_init_death_kills_all(void)
{
	int p[2], st;
	struct pollfd pfd;
	char c;
	pid_t pid;

	CHECK(pipe(p) == 0);
	pid = clone_flags(CLONE_NEWPID);
	CHECK(pid >= 0);
	if (pid == 0) {
		if (fork() == 0) {
			close(p[0]);
			c = 'r';
			if (write(p[1], &c, 1) != 1)
				_exit(1);
			for (;;)
				pause();
		}
		close(p[1]);
		for (;;)
			pause();
	}
	close(p[1]);
	CHECK(read(p[0], &c, 1) == 1 && c == 'r');
	CHECK(kill(pid, SIGKILL) == 0);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) &&
	      WTERMSIG(st) == SIGKILL);
	pfd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	CHECK(poll(&pfd, 1, 5000) == 1);
	CHECK(read(p[0], &c, 1) == 0);	/* every writer is gone */
	return 0;
}

/* NS_GET_PARENT (LTP ioctl_ns01, 05): a nested namespace's parent is the
 * caller's own; the initial one's, or one the caller cannot see, EPERM. */
static int test_ns_get_parent(void)
{
	int go[2], child_fd, parent_fd;
	char path[64], c = 0;
	struct stat st;
	pid_t pid;

	errno = 0;
	child_fd = open("/proc/self/ns/pid", O_RDONLY);
	CHECK(ioctl(child_fd, NS_GET_PARENT) == -1 && errno == EPERM);
	close(child_fd);
	CHECK(pipe(go) == 0);
	pid = clone_flags(CLONE_NEWPID);
	CHECK(pid >= 0);
	if (pid == 0) {
		int fd = open("/proc/self/ns/pid", O_RDONLY);

		errno = 0;
		c = ioctl(fd, NS_GET_PARENT) == -1 && errno == EPERM;
		_exit(read(go[0], &c, 1) == 1 && c ? 0 : 1);
	}
	CHECK(pid > 1);
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", pid);
	child_fd = open(path, O_RDONLY);
	CHECK(child_fd >= 0);
	parent_fd = ioctl(child_fd, NS_GET_PARENT);
	CHECK(parent_fd >= 0);
	CHECK(fstat(parent_fd, &st) == 0 && st.st_ino == PID_INIT_INO);
	CHECK(fstat(child_fd, &st) == 0 && st.st_ino != PID_INIT_INO);
	c = 1;
	CHECK(write(go[1], &c, 1) == 1);
	CHECK(pid > 1 && tap_wait_status(pid) == 0);
	return 0;
}

/* setns(2) into a nested pid namespace sends the caller's next child
 * there (not pid 1: the init is); out to an enclosing one is EINVAL. */
static int test_setns_pid(void)
{
	int go[2], fd, outer = open("/proc/self/ns/pid", O_RDONLY);
	char path[64], c;
	pid_t init, pid;

	CHECK(outer >= 0 && pipe(go) == 0);
	init = clone_flags(CLONE_NEWPID);
	CHECK(init >= 0);
	if (init == 0) {
		errno = 0;
		c = setns(outer, CLONE_NEWPID) == -1 && errno == EINVAL;
		_exit(read(go[0], path, 1) == 1 && c ? 0 : 1);
	}
	CHECK(init > 1);
	snprintf(path, sizeof(path), "/proc/%d/ns/pid", init);
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0 && setns(fd, CLONE_NEWPID) == 0);
	CHECK(ns_ino("self", "pid") == PID_INIT_INO);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(getpid() > 1 && getppid() == 0 ? 0 : 1);
	CHECK(pid > 1 && tap_wait_status(pid) == 0);
	CHECK(write(go[1], "g", 1) == 1);
	CHECK(tap_wait_status(init) == 0);
	return 0;
}

/* Nesting: 32 levels below the initial one, the 33rd is ENOSPC. */
static int nest(int depth)
{
	pid_t pid;

	if (unshare(CLONE_NEWPID))
		return errno == ENOSPC && depth == 32 ? 0 : 1;
	pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0)
		_exit(nest(depth + 1));
	return tap_wait_status(pid);
}

static int test_nesting_limit(void)
{
	CHECK(nest(0) == 0);
	return 0;
}

/* ns_last_pid: the last pid handed out in the reader's namespace, and
 * writing it chooses the next; the unprivileged may not (LTP's
 * checkpoint/restore use). */
static int test_ns_last_pid(void)
{
	pid_t pid = clone_flags(CLONE_NEWPID);

	CHECK(pid >= 0);
	if (pid == 0) {
		FILE *f = fopen("/proc/sys/kernel/ns_last_pid", "r+");
		int last = 0;
		pid_t c;

		if (!f || fscanf(f, "%d", &last) != 1 || last != 1)
			_exit(1);
		rewind(f);
		if (fprintf(f, "99") < 0 || fflush(f))
			_exit(2);
		c = fork();
		if (c == 0)
			_exit(0);
		_exit(c == 100 && tap_wait_status(c) == 0 ? 0 : 3);
	}
	CHECK(pid > 1 && tap_wait_status(pid) == 0);
	if (tap_become(STUDENT, 0))
		return -1;
	{
		int fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY);

		errno = 0;
		CHECK(fd >= 0 && write(fd, "5", 1) == -1 && errno == EPERM);
	}
	return 0;
}

/* ---- pid numbers the kernel takes or gives back inside a namespace ---- */

/* A check inside the new namespace: says its line, fails the child. */
#define NS_CHECK(cond) do { if (!(cond)) { \
	printf("#   line %d: %s (errno %d)\n", __LINE__, #cond, errno); \
	fflush(stdout); return 1; } } while (0)

/* Run @fn as pid 1 of a new namespace (libc's fork, so that threads
 * work there); 0 when it returned 0. */
static int in_new_pidns(int (*fn)(void))
{
	pid_t pid;

	CHECK(unshare(CLONE_NEWPID) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(fn());
	CHECK(tap_wait_status(pid) == 0);
	return 0;
}

/* waitid(P_PIDFD) waits for the process by the number we know it by. */
static int ns_waitid_pidfd(void)
{
	siginfo_t si = { 0 };
	pid_t c = fork();
	int fd;

	if (c == 0)
		_exit(7);
	fd = (int)syscall(SYS_pidfd_open, c, 0);
	NS_CHECK(c > 1 && fd >= 0);
	NS_CHECK(waitid(3 /* P_PIDFD */, (id_t)fd, &si, WEXITED) == 0);
	NS_CHECK(si.si_pid == c && si.si_status == 7);
	return 0;
}

static int test_waitid_pidfd(void)
{
	return in_new_pidns(ns_waitid_pidfd);
}

/* A robust mutex held by a dying child is marked FUTEX_OWNER_DIED: its
 * word held the gettid() of the namespace. */
static int ns_robust_futex(void)
{
	uint32_t *lock = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t c;

	NS_CHECK(lock != MAP_FAILED);
	c = fork();
	if (c == 0) {
		struct { void *next; long offset; void *pending; } head;

		head = (typeof(head)){ lock, 8, NULL };
		*(void **)lock = &head;		/* the one entry, then back */
		lock[2] = (uint32_t)syscall(SYS_gettid);
		_exit(syscall(SYS_set_robust_list, &head, sizeof(head)) ? 1 : 0);
	}
	NS_CHECK(c > 1 && tap_wait_status(c) == 0);
	NS_CHECK(lock[2] == 0x40000000u);	/* FUTEX_OWNER_DIED, no owner */
	return 0;
}

static int test_robust_futex(void)
{
	return in_new_pidns(ns_robust_futex);
}

static void on_signal(int sig)
{
	(void)sig;
}

/* pidfd_send_signal with a siginfo (si_code SI_USER) to our own process
 * (an init: it takes only a signal it handles). */
static int ns_pidfd_siginfo(void)
{
	siginfo_t si = { .si_signo = SIGUSR1, .si_code = SI_USER };
	int fd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	signal(SIGUSR1, on_signal);
	NS_CHECK(fd >= 0 && sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	NS_CHECK(syscall(SYS_pidfd_send_signal, fd, SIGUSR1, &si, 0) == 0);
	NS_CHECK(sigwaitinfo(&set, &si) == SIGUSR1);
	return 0;
}

static int test_pidfd_siginfo(void)
{
	return in_new_pidns(ns_pidfd_siginfo);
}

/* The init's process ends with its last thread, not its leader: then the
 * rest of the namespace dies (the pipe's writer). */
static void *last_thread(void *arg)
{
	(void)arg;
	usleep(100000);
	return NULL;		/* the last thread: the process is over */
}

static int test_threaded_init_death(void)
{
	int p[2];
	struct pollfd pfd;
	pthread_t t;
	char c;
	pid_t pid;

	CHECK(pipe(p) == 0 && unshare(CLONE_NEWPID) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		if (fork() == 0) {
			close(p[0]);
			if (write(p[1], "r", 1) != 1)
				_exit(1);
			for (;;)
				pause();
		}
		close(p[1]);
		if (read(p[0], &c, 1) != 1 ||
		    pthread_create(&t, NULL, last_thread, NULL))
			_exit(1);
		syscall(SYS_exit, 0);	/* the leader first (not libc's exit) */
	}
	close(p[1]);
	CHECK(tap_wait_status(pid) == 0);
	pfd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	CHECK(poll(&pfd, 1, 5000) == 1 && read(p[0], &c, 1) == 0);
	return 0;
}

/* kill(-1) reaches a nested namespace's init (pid 2 here), as Linux. */
static int ns_kill_all(void)
{
	pid_t c = clone_flags(CLONE_NEWPID), r = 0;
	int st = 0;

	if (c == 0)
		for (;;)
			pause();
	NS_CHECK(c > 1 && kill(-1, SIGKILL) == 0);
	for (int i = 0; i < 300 && r == 0; i++, usleep(10000))
		r = waitpid(c, &st, WNOHANG);
	NS_CHECK(r == c && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
	return 0;
}

static int test_kill_all_nested_init(void)
{
	return in_new_pidns(ns_kill_all);
}

/* A child that sleeps until killed. */
static pid_t sleeper(void)
{
	pid_t c = fork();

	if (c == 0)
		for (;;)
			pause();
	return c;
}

/* Owners, priorities and a notifier named by our namespace's numbers:
 * 30001 is a pid nobody has outside. */
static int ns_pid_args(void)
{
	int fd[2], last = -1;
	char text[128], *np;
	pid_t c;
	mqd_t q;

	q = open("/proc/sys/kernel/ns_last_pid", O_WRONLY);
	NS_CHECK(q >= 0 && write(q, "30000", 5) == 5 && close(q) == 0);
	c = sleeper();
	NS_CHECK(c == 30001 && setpgid(c, c) == 0 && pipe(fd) == 0);
	NS_CHECK(fcntl(fd[0], F_SETOWN, c) == 0 && fcntl(fd[0], F_GETOWN) == c);
	NS_CHECK(fcntl(fd[0], F_SETOWN, -c) == 0 && fcntl(fd[0], F_GETOWN) == -c);
	NS_CHECK(setpriority(PRIO_PROCESS, (id_t)c, 5) == 0);
	NS_CHECK(getpriority(PRIO_PROCESS, (id_t)c) == 5);
	NS_CHECK(setpriority(PRIO_PGRP, (id_t)c, 6) == 0);
	NS_CHECK(getpriority(PRIO_PGRP, (id_t)c) == 6);
	NS_CHECK(syscall(SYS_ioprio_set, 2 /* PGRP */, c, 2 << 13 | 4) == 0);
	NS_CHECK(syscall(SYS_ioprio_get, 2, c) == (2 << 13 | 4));
	q = mq_open("/pidnstests", O_RDWR | O_CREAT, 0600, NULL);
	NS_CHECK(q >= 0 && mq_unlink("/pidnstests") == 0);
	NS_CHECK(mq_notify(q, &(struct sigevent){ .sigev_notify = SIGEV_NONE }) == 0);
	NS_CHECK(read(q, text, sizeof(text) - 1) > 0);
	np = strstr(text, "NOTIFY_PID:");
	NS_CHECK(np && sscanf(np, "NOTIFY_PID:%d", &last) == 1 && last == 1);
	kill(c, SIGKILL);
	return 0;
}

static int test_pid_arguments(void)
{
	return in_new_pidns(ns_pid_args);
}

#define T(name) { #name, test_##name }
static const struct tap_test tests[] = {
	T(clone_newpid),
	T(unshare_newpid),
	T(status_nspid),
	T(init_reaps_orphans),
	T(init_death_kills_all),
	T(ns_get_parent),
	T(setns_pid),
	T(nesting_limit),
	T(ns_last_pid),
	T(waitid_pidfd),
	T(robust_futex),
	T(pidfd_siginfo),
	T(threaded_init_death),
	T(kill_all_nested_init),
	T(pid_arguments),
};
#define NTESTS ((int)(sizeof(tests) / sizeof(tests[0])))

int main(int argc, char **argv)
{
	return tap_run("pidnstests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
