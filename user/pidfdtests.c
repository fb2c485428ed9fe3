/*
 * pidfdtests: process file descriptors and the small process calls that
 * came with them, checked from user space against Linux 6.1's answers:
 * pidfd_open (close-on-exec, PIDFD_NONBLOCK, ESRCH, EINVAL for a thread
 * or bad flags, "anon_inode:[pidfd]"), CLONE_PIDFD in clone and clone3
 * and its EINVAL/EFAULT cases, poll and epoll turning readable when the
 * process exits, waitid(P_PIDFD) (EAGAIN on a non-blocking pidfd, ECHILD
 * once reaped), pidfd_send_signal (rt_sigqueueinfo's siginfo rules, a
 * /proc/<pid> directory as the target, ESRCH once reaped, EPERM) and
 * pidfd_getfd (the ptrace check, EBADF, ESRCH).
 *
 *   pidfdtests [NAME]...   run every test, or only the ones named
 *
 * TAP like the other test programs (user/lib/tap.c tap_run()), ending in
 * "# pidfdtests: P passed, F failed".
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "tap.h"

#define TEST_TIMEOUT 30
#define PIDFD_NONBLOCK O_NONBLOCK
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x1000
#endif
#define NOBODY 65534

static int pidfd_open(pid_t pid, unsigned int flags)
{
	return (int)syscall(SYS_pidfd_open, pid, flags);
}

static int pidfd_send_signal(int fd, int sig, siginfo_t *info,
			     unsigned int flags)
{
	return (int)syscall(SYS_pidfd_send_signal, fd, sig, info, flags);
}

static int pidfd_getfd(int pidfd, int fd, unsigned int flags)
{
	return (int)syscall(SYS_pidfd_getfd, pidfd, fd, flags);
}

/* A child that waits for a byte (or EOF) on *@wfd's pipe, then exits 7. */
static pid_t waiting_child(int *wfd)
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(p[1]);
		(void)read(p[0], &c, 1);
		_exit(7);
	}
	close(p[0]);
	*wfd = p[1];
	return pid;
}

static volatile pid_t thread_tid;

static void *record_tid(void *arg)
{
	thread_tid = gettid();
	return arg;
}

/* The "Pid:" line of @fd's /proc/self/fdinfo, or -2 if none. */
static long pidfd_info_pid(int fd)
{
	char path[64], buf[512], *p;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	if (procfs_read(path, buf, sizeof(buf)) <= 0 ||
	    !(p = strstr(buf, "Pid:\t")))
		return -2;
	return strtol(p + 5, NULL, 10);
}

static int open_flags_and_errors(void)
{
	char link[64], target[64] = { 0 };
	pthread_t t;
	pid_t gone;
	int fd;

	fd = pidfd_open(getpid(), 0);
	CHECK(fd >= 0);
	CHECK(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	CHECK(!(fcntl(fd, F_GETFL) & O_NONBLOCK));
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	CHECK(readlink(link, target, sizeof(target) - 1) > 0);
	CHECK(strcmp(target, "anon_inode:[pidfd]") == 0);
	CHECK(pidfd_info_pid(fd) == getpid());	/* fdinfo's "Pid:" */
	close(fd);
	fd = pidfd_open(getpid(), PIDFD_NONBLOCK);
	CHECK(fd >= 0 && (fcntl(fd, F_GETFL) & O_NONBLOCK));
	close(fd);
	CHECK(pidfd_open(-1, 0) == -1 && errno == EINVAL);
	CHECK(pidfd_open(0, 0) == -1 && errno == EINVAL);
	CHECK(pidfd_open(getpid(), 1) == -1 && errno == EINVAL);
	gone = fork();
	if (gone == 0)
		_exit(0);
	CHECK(waitpid(gone, NULL, 0) == gone);
	CHECK(pidfd_open(gone, 0) == -1 && errno == ESRCH);
	CHECK(pthread_create(&t, NULL, record_tid, NULL) == 0);
	while (!thread_tid)
		sched_yield();
	/* The thread is still in the hash until joined; either way no
	 * process leads from it. */
	errno = 0;
	CHECK(pidfd_open(thread_tid, 0) == -1 &&
	      (errno == EINVAL || errno == ESRCH));
	pthread_join(t, NULL);
	return 0;
}

static int poll_and_epoll_on_exit(void)
{
	struct pollfd pfd;
	struct epoll_event ev = { .events = EPOLLIN };
	int wfd, fd, ep;
	pid_t pid = waiting_child(&wfd);

	CHECK(pid > 0);
	fd = pidfd_open(pid, 0);
	CHECK(fd >= 0);
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	CHECK(poll(&pfd, 1, 0) == 0);
	ep = epoll_create1(0);
	CHECK(ep >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == 0);
	CHECK(epoll_wait(ep, &ev, 1, 0) == 0);
	close(wfd);				/* the child exits */
	CHECK(poll(&pfd, 1, 5000) == 1 && (pfd.revents & POLLIN));
	CHECK(epoll_wait(ep, &ev, 1, 5000) == 1 && (ev.events & EPOLLIN));
	/* Still readable once reaped. */
	CHECK(waitpid(pid, NULL, 0) == pid);
	CHECK(poll(&pfd, 1, 0) == 1);
	close(ep);
	close(fd);
	return 0;
}

static int waitid_pidfd(void)
{
	siginfo_t si;
	int wfd, fd, file;
	pid_t pid = waiting_child(&wfd);

	CHECK(pid > 0);
	fd = pidfd_open(pid, PIDFD_NONBLOCK);
	CHECK(fd >= 0);
	CHECK(waitid(P_PIDFD, fd, &si, WEXITED) == -1 && errno == EAGAIN);
	memset(&si, 0xff, sizeof(si));
	CHECK(waitid(P_PIDFD, fd, &si, WEXITED | WNOHANG) == 0);
	CHECK(si.si_pid == 0);
	close(fd);
	fd = pidfd_open(pid, 0);
	close(wfd);
	CHECK(waitid(P_PIDFD, fd, &si, WEXITED) == 0);
	CHECK(si.si_pid == pid && si.si_code == CLD_EXITED && si.si_status == 7);
	/* Reaped: no longer anyone's child. */
	CHECK(waitid(P_PIDFD, fd, &si, WEXITED) == -1 && errno == ECHILD);
	CHECK(waitid(P_PIDFD, -1, &si, WEXITED) == -1 && errno == EINVAL);
	file = open("/proc/self/status", O_RDONLY);
	CHECK(waitid(P_PIDFD, file, &si, WEXITED) == -1 && errno == EBADF);
	close(file);
	close(fd);
	return 0;
}

static volatile int got_sig, got_value, got_code, got_pid;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_value = si->si_value.sival_int;
	got_code = si->si_code;
	got_pid = si->si_pid;
}

static int send_signal(void)
{
	struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
	siginfo_t si = { 0 };
	int fd, dir, file, wfd;
	pid_t pid;

	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	fd = pidfd_open(getpid(), 0);
	CHECK(fd >= 0);
	CHECK(pidfd_send_signal(fd, SIGUSR1, NULL, 0) == 0);
	CHECK(got_sig == SIGUSR1 && got_code == SI_USER && got_pid == getpid());
	si.si_signo = SIGUSR1;
	si.si_code = SI_QUEUE;
	si.si_value.sival_int = 777;
	got_sig = 0;
	CHECK(pidfd_send_signal(fd, SIGUSR1, &si, 0) == 0);
	CHECK(got_sig == SIGUSR1 && got_value == 777 && got_code == SI_QUEUE);
	CHECK(pidfd_send_signal(fd, SIGUSR2, &si, 0) == -1 && errno == EINVAL);
	CHECK(pidfd_send_signal(fd, SIGUSR1, &si, 99999) == -1 && errno == EINVAL);
	CHECK(pidfd_send_signal(fd, 1000, NULL, 0) == -1 && errno == EINVAL);
	CHECK(pidfd_send_signal(fd, SIGUSR1, (void *)8, 0) == -1 && errno == EFAULT);
	CHECK(pidfd_send_signal(fd, 0, NULL, 0) == 0);
	/* An open /proc/<pid> directory names the process too. */
	dir = open("/proc/self", O_DIRECTORY | O_RDONLY);
	got_sig = 0;
	CHECK(pidfd_send_signal(dir, SIGUSR1, NULL, 0) == 0 && got_sig == SIGUSR1);
	file = open("/proc/self/status", O_RDONLY);
	CHECK(pidfd_send_signal(file, SIGUSR1, NULL, 0) == -1 && errno == EBADF);
	CHECK(pidfd_send_signal(-1, SIGUSR1, NULL, 0) == -1 && errno == EBADF);
	close(file);
	close(dir);
	close(fd);
	/* Another process: kill()'s codes may not be forged for it; a zombie
	 * takes the signal quietly; a reaped one is gone (ESRCH), whoever
	 * has its number now. */
	pid = waiting_child(&wfd);
	fd = pidfd_open(pid, 0);
	CHECK(fd >= 0);
	si.si_code = SI_USER;
	CHECK(pidfd_send_signal(fd, SIGUSR1, &si, 0) == -1 && errno == EPERM);
	close(wfd);
	CHECK(waitid(P_PIDFD, fd, &si, WEXITED | WNOWAIT) == 0);
	CHECK(pidfd_send_signal(fd, SIGTERM, NULL, 0) == 0);
	CHECK(waitpid(pid, NULL, 0) == pid);
	CHECK(pidfd_send_signal(fd, SIGTERM, NULL, 0) == -1 && errno == ESRCH);
	close(fd);
	return 0;
}

/* As nobody, signalling init through its pidfd: EPERM. */
static int send_signal_eperm(void)
{
	int fd = pidfd_open(1, 0);

	CHECK(fd >= 0);
	if (tap_become(NOBODY, 0))
		return -1;
	CHECK(pidfd_send_signal(fd, SIGUSR1, NULL, 0) == -1 && errno == EPERM);
	return 0;
}

static int getfd(void)
{
	struct stat a, b;
	int wfd, fd, got, file;
	pid_t pid;

	file = open("/proc/self/status", O_RDONLY);
	CHECK(file >= 0);
	pid = waiting_child(&wfd);		/* inherits @file */
	fd = pidfd_open(pid, 0);
	CHECK(fd >= 0);
	got = pidfd_getfd(fd, file, 0);
	CHECK(got >= 0 && got != file);
	CHECK(fcntl(got, F_GETFD) & FD_CLOEXEC);
	CHECK(fstat(got, &a) == 0 && fstat(file, &b) == 0 && a.st_ino == b.st_ino);
	close(got);
	CHECK(pidfd_getfd(fd, 999, 0) == -1 && errno == EBADF);
	CHECK(pidfd_getfd(fd, -1, 0) == -1 && errno == EBADF);
	CHECK(pidfd_getfd(fd, file, 1) == -1 && errno == EINVAL);
	CHECK(pidfd_getfd(file, 0, 0) == -1 && errno == EBADF);
	CHECK(pidfd_getfd(-1, 0, 0) == -1 && errno == EBADF);
	close(wfd);
	CHECK(waitpid(pid, NULL, 0) == pid);
	CHECK(pidfd_getfd(fd, file, 0) == -1 && errno == ESRCH);
	close(fd);
	close(file);
	return 0;
}

/* As nobody, taking a file of a root process: the ptrace check, EPERM. */
static int getfd_eperm(void)
{
	int fd = pidfd_open(getppid(), 0);

	CHECK(fd >= 0);
	if (tap_become(NOBODY, 0))
		return -1;
	CHECK(pidfd_getfd(fd, 0, 0) == -1 && errno == EPERM);
	return 0;
}

struct clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

/* The raw clone(2) with no new stack: returns twice, as fork does. */
static long raw_clone(unsigned long flags, int *ptid)
{
	return syscall(SYS_clone, flags, 0, ptid, NULL, 0);
}

/* After a CLONE_PIDFD clone: the child's pidfd waits for it. */
static int reap_through(int fd, pid_t pid)
{
	siginfo_t si;

	CHECK(fd >= 0 && (fcntl(fd, F_GETFD) & FD_CLOEXEC));
	CHECK(waitid(P_PIDFD, fd, &si, WEXITED) == 0 && si.si_pid == pid);
	CHECK(si.si_status == 3);
	close(fd);
	return 0;
}

static int clone_pidfd(void)
{
	struct clone_args ca = { .flags = CLONE_PIDFD, .exit_signal = SIGCHLD };
	int fd = -1, tid;
	long pid;

	pid = raw_clone(CLONE_PIDFD | SIGCHLD, &fd);
	if (pid == 0)
		_exit(3);
	CHECK(pid > 0);
	if (reap_through(fd, (pid_t)pid))
		return -1;
	CHECK(raw_clone(CLONE_PIDFD | 0x00400000 | SIGCHLD, &fd) == -1 &&
	      errno == EINVAL);			/* CLONE_DETACHED */
	CHECK(raw_clone(CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, &fd) == -1 &&
	      errno == EINVAL);
	CHECK(raw_clone(CLONE_PIDFD | CLONE_THREAD | CLONE_SIGHAND | CLONE_VM,
			&fd) == -1 && errno == EINVAL);
	CHECK(raw_clone(CLONE_PIDFD | SIGCHLD, (int *)8) == -1 && errno == EFAULT);
	ca.pidfd = (uintptr_t)&fd;
	ca.parent_tid = (uintptr_t)&tid;
	fd = -1;
	pid = syscall(SYS_clone3, &ca, sizeof(ca));
	if (pid == 0)
		_exit(3);
	CHECK(pid > 0);
	if (reap_through(fd, (pid_t)pid))
		return -1;
	ca.flags |= CLONE_PARENT_SETTID;
	ca.parent_tid = ca.pidfd;
	CHECK(syscall(SYS_clone3, &ca, sizeof(ca)) == -1 && errno == EINVAL);
	ca.flags = CLONE_PIDFD;
	ca.pidfd = 8;
	CHECK(syscall(SYS_clone3, &ca, sizeof(ca)) == -1 && errno == EFAULT);
	return 0;
}

#define KCMP_FILE 0
#define KCMP_VM 1
#define KCMP_FILES 2
#define KCMP_FS 3
#define KCMP_SIGHAND 4
#define KCMP_IO 5
#define KCMP_SYSVSEM 6
#define KCMP_EPOLL_TFD 7

static long kcmp(pid_t a, pid_t b, int type, unsigned long i1, unsigned long i2)
{
	return syscall(SYS_kcmp, a, b, type, i1, i2);
}

/* KCMP_EPOLL_TFD: a file against what an epoll watches at a descriptor. */
static int kcmp_epoll(void)
{
	struct { uint32_t efd, tfd; uint64_t toff; } slot;
	struct epoll_event ev = { .events = EPOLLIN };
	pid_t me = getpid();
	int ep = epoll_create1(0), p[2];

	CHECK(ep >= 0 && pipe(p) == 0);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0);
	slot.efd = ep;
	slot.tfd = p[0];
	slot.toff = 0;
	CHECK(kcmp(me, me, KCMP_EPOLL_TFD, p[0], (unsigned long)&slot) == 0);
	CHECK(kcmp(me, me, KCMP_EPOLL_TFD, p[1], (unsigned long)&slot) > 0);
	slot.toff = 1;
	CHECK(kcmp(me, me, KCMP_EPOLL_TFD, p[0], (unsigned long)&slot) == -1 &&
	      errno == ENOENT);
	slot.toff = 0;
	slot.efd = p[1];			/* no epoll */
	CHECK(kcmp(me, me, KCMP_EPOLL_TFD, p[0], (unsigned long)&slot) == -1 &&
	      errno == EINVAL);
	slot.efd = 999;
	CHECK(kcmp(me, me, KCMP_EPOLL_TFD, p[0], (unsigned long)&slot) == -1 &&
	      errno == EBADF);
	CHECK(kcmp(me, me, KCMP_EPOLL_TFD, p[0], 8) == -1 && errno == EFAULT);
	close(ep);
	close(p[0]);
	close(p[1]);
	return 0;
}

static int kcmp_files_and_order(void)
{
	int wfd, a, b, dup_a;
	pid_t me = getpid(), pid;
	long ab, ba;

	a = open("/proc/self/status", O_RDONLY);
	b = open("/proc/self/status", O_RDONLY);
	dup_a = dup(a);
	CHECK(a >= 0 && b >= 0 && dup_a >= 0);
	CHECK(kcmp(me, me, KCMP_FILE, a, dup_a) == 0);
	ab = kcmp(me, me, KCMP_FILE, a, b);
	ba = kcmp(me, me, KCMP_FILE, b, a);
	CHECK((ab == 1 && ba == 2) || (ab == 2 && ba == 1));	/* an order */
	pid = waiting_child(&wfd);			/* a copy of our table */
	CHECK(pid > 0);
	CHECK(kcmp(me, pid, KCMP_FILE, a, a) == 0);
	CHECK(kcmp(me, pid, KCMP_FILE, a, b) == ab);
	CHECK(kcmp(me, pid, KCMP_FILES, 0, 0) != 0);
	CHECK(kcmp(me, pid, KCMP_VM, 0, 0) != 0);
	CHECK(kcmp(me, pid, KCMP_FS, 0, 0) != 0);
	CHECK(kcmp(me, pid, KCMP_SIGHAND, 0, 0) != 0);
	CHECK(kcmp(me, pid, KCMP_IO, 0, 0) == 0);
	CHECK(kcmp(me, me, KCMP_VM, 0, 0) == 0);
	CHECK(kcmp(me, pid, KCMP_FILE, a, 999) == -1 && errno == EBADF);
	CHECK(kcmp(me, pid, 8, 0, 0) == -1 && errno == EINVAL);
	CHECK(kcmp(me, pid, -1, 0, 0) == -1 && errno == EINVAL);
	close(wfd);
	CHECK(waitpid(pid, NULL, 0) == pid);
	CHECK(kcmp(me, pid, KCMP_FILE, a, a) == -1 && errno == ESRCH);
	if (kcmp_epoll())
		return -1;
	close(a);
	close(b);
	close(dup_a);
	return 0;
}

static int pipe_r;

/* A clone sharing VM, FS and FILES: waits for its parent's verdict. */
static int shared_child(void *arg)
{
	char c;

	(void)arg;
	(void)read(pipe_r, &c, 1);
	return 0;
}

/* In a fork child: clone(CLONE_VM | CLONE_FS | CLONE_FILES) compares 0
 * for what it shares, not for the handlers it does not. */
static int kcmp_shared_in_child(pid_t grandparent)
{
	static char stack[65536];
	pid_t me = getpid();
	pid_t t = clone(shared_child, stack + sizeof(stack),
			CLONE_VM | CLONE_FS | CLONE_FILES | SIGCHLD, NULL);

	return t > 0 && kcmp(me, t, KCMP_VM, 0, 0) == 0 &&
	       kcmp(me, t, KCMP_FS, 0, 0) == 0 &&
	       kcmp(me, t, KCMP_FILES, 0, 0) == 0 &&
	       kcmp(me, t, KCMP_SIGHAND, 0, 0) != 0 &&
	       kcmp(grandparent, me, KCMP_VM, 0, 0) != 0 ? 0 : 1;
}

static int kcmp_clone_shared(void)
{
	int p[2], st;
	pid_t pid;

	CHECK(pipe(p) == 0);
	pipe_r = p[0];
	pid = fork();
	if (pid == 0) {
		close(p[1]);		/* the clone shares our table */
		_exit(kcmp_shared_in_child(getppid()));
	}
	CHECK(waitpid(pid, &st, 0) == pid);
	close(p[1]);			/* the clone goes on, and exits */
	close(p[0]);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return 0;
}

/* As nobody, comparing init's objects: the ptrace check, EPERM. */
static int kcmp_eperm(void)
{
	if (tap_become(NOBODY, 0))
		return -1;
	CHECK(kcmp(getpid(), 1, KCMP_VM, 0, 0) == -1 && errno == EPERM);
	CHECK(kcmp(getpid(), getpid(), KCMP_VM, 0, 0) == 0);
	return 0;
}

#define IOPRIO_VALUE(class, level) (((class) << 13) | (level))
#define IOPRIO_WHO_PROCESS 1
#define IOPRIO_WHO_PGRP 2
#define IOPRIO_WHO_USER 3

static long ioprio_get(int which, int who)
{
	return syscall(SYS_ioprio_get, which, who);
}

static long ioprio_set(int which, int who, int prio)
{
	return syscall(SYS_ioprio_set, which, who, prio);
}

static int ioprio(void)
{
	pid_t pid;
	int st;

	/* Never set: class NONE; the group's answer derives it from nice 0:
	 * best effort, level (0 + 20) / 5. */
	CHECK(ioprio_get(IOPRIO_WHO_PROCESS, 0) == 0);
	CHECK(ioprio_get(IOPRIO_WHO_PGRP, 0) == IOPRIO_VALUE(2, 4));
	for (int l = 0; l < 8; l++) {
		CHECK(ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO_VALUE(2, l)) == 0);
		CHECK(ioprio_get(IOPRIO_WHO_PROCESS, getpid()) == IOPRIO_VALUE(2, l));
	}
	CHECK(ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO_VALUE(3, 0)) == 0);
	CHECK(ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO_VALUE(1, 3)) == 0);
	pid = fork();				/* inherited */
	if (pid == 0)
		_exit(ioprio_get(IOPRIO_WHO_PROCESS, 0) == IOPRIO_VALUE(1, 3) ? 0 : 1);
	CHECK(waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 0);
	CHECK(ioprio_set(IOPRIO_WHO_USER, 0, IOPRIO_VALUE(0, 0)) == 0 ||
	      errno == EPERM);
	CHECK(ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO_VALUE(2, 8)) == -1 &&
	      errno == EINVAL);
	CHECK(ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO_VALUE(4, 0)) == -1 &&
	      errno == EINVAL);
	CHECK(ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO_VALUE(0, 1)) == -1 &&
	      errno == EINVAL);
	CHECK(ioprio_set(4, 0, 0) == -1 && errno == EINVAL);
	CHECK(ioprio_get(0, 0) == -1 && errno == EINVAL);
	CHECK(ioprio_get(IOPRIO_WHO_PROCESS, 99999) == -1 && errno == ESRCH);
	CHECK(ioprio_get(IOPRIO_WHO_PGRP, 99999) == -1 && errno == ESRCH);
	return 0;
}

/* As nobody: RT needs CAP_SYS_NICE or CAP_SYS_ADMIN; init is not ours. */
static int ioprio_eperm(void)
{
	if (tap_become(NOBODY, 0))
		return -1;
	CHECK(ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO_VALUE(1, 0)) == -1 &&
	      errno == EPERM);
	CHECK(ioprio_set(IOPRIO_WHO_PROCESS, 1, IOPRIO_VALUE(2, 0)) == -1 &&
	      errno == EPERM);
	CHECK(ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO_VALUE(3, 0)) == 0);
	return 0;
}

static int robust_list(void)
{
	void *head = NULL;
	size_t len = 0;
	char mine[24];

	/* The C library registered one for this thread. */
	CHECK(syscall(SYS_get_robust_list, 0, &head, &len) == 0);
	CHECK(len == 24);
	CHECK(syscall(SYS_set_robust_list, mine, 24) == 0);
	CHECK(syscall(SYS_get_robust_list, getpid(), &head, &len) == 0);
	CHECK(head == mine);
	CHECK(syscall(SYS_set_robust_list, mine, 23) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_get_robust_list, 0, &head, NULL) == -1 &&
	      errno == EFAULT);
	CHECK(syscall(SYS_get_robust_list, 0, NULL, &len) == -1 &&
	      errno == EFAULT);
	CHECK(syscall(SYS_get_robust_list, 99999, &head, &len) == -1 &&
	      errno == ESRCH);
	if (tap_become(NOBODY, 0))
		return -1;
	CHECK(syscall(SYS_get_robust_list, 1, &head, &len) == -1 &&
	      errno == EPERM);
	return 0;
}

#define MB_QUERY 0
#define MB_GLOBAL 1
#define MB_GLOBAL_EXPEDITED 2
#define MB_REGISTER_GLOBAL_EXPEDITED 4
#define MB_PRIVATE_EXPEDITED 8
#define MB_REGISTER_PRIVATE_EXPEDITED 16
#define MB_PRIVATE_EXPEDITED_SYNC_CORE 32
#define MB_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE 64
#define MB_PRIVATE_EXPEDITED_RSEQ 128
#define MB_REGISTER_PRIVATE_EXPEDITED_RSEQ 256

static long membarrier(int cmd, unsigned int flags, int cpu)
{
	return syscall(SYS_membarrier, cmd, flags, cpu);
}

static void *spin_thread(void *arg)
{
	volatile int *stop = arg;

	while (!*stop)
		;
	return NULL;
}

static int membarrier_cmds(void)
{
	volatile int stop = 0;
	pthread_t t;

	CHECK(membarrier(MB_QUERY, 0, 0) == 0x1ff);
	CHECK(membarrier(MB_QUERY, 1, 0) == -1 && errno == EINVAL);
	CHECK(membarrier(-1, 0, 0) == -1 && errno == EINVAL);
	CHECK(membarrier(3, 0, 0) == -1 && errno == EINVAL);
	CHECK(membarrier(MB_GLOBAL, 0, 0) == 0);
	CHECK(membarrier(MB_GLOBAL_EXPEDITED, 0, 0) == 0);
	CHECK(membarrier(MB_PRIVATE_EXPEDITED, 0, 0) == -1 && errno == EPERM);
	CHECK(membarrier(MB_PRIVATE_EXPEDITED_SYNC_CORE, 0, 0) == -1 &&
	      errno == EPERM);
	CHECK(membarrier(MB_PRIVATE_EXPEDITED_RSEQ, 0, 0) == -1 && errno == EPERM);
	CHECK(membarrier(MB_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0);
	/* A second thread spinning on another CPU takes the IPI. */
	CHECK(pthread_create(&t, NULL, spin_thread, (void *)&stop) == 0);
	for (int i = 0; i < 100; i++)
		CHECK(membarrier(MB_PRIVATE_EXPEDITED, 0, 0) == 0);
	CHECK(membarrier(MB_PRIVATE_EXPEDITED_SYNC_CORE, 0, 0) == -1 &&
	      errno == EPERM);
	CHECK(membarrier(MB_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE, 0, 0) == 0);
	CHECK(membarrier(MB_PRIVATE_EXPEDITED_SYNC_CORE, 0, 0) == 0);
	CHECK(membarrier(MB_REGISTER_PRIVATE_EXPEDITED_RSEQ, 0, 0) == 0);
	CHECK(membarrier(MB_PRIVATE_EXPEDITED_RSEQ, 0, 0) == 0);
	CHECK(membarrier(MB_PRIVATE_EXPEDITED_RSEQ, 1, 0) == 0);	/* CPU 0 */
	CHECK(membarrier(MB_PRIVATE_EXPEDITED_RSEQ, 2, 0) == -1 && errno == EINVAL);
	CHECK(membarrier(MB_PRIVATE_EXPEDITED, 1, 0) == -1 && errno == EINVAL);
	CHECK(membarrier(MB_REGISTER_GLOBAL_EXPEDITED, 0, 0) == 0);
	stop = 1;
	pthread_join(t, NULL);
	return 0;
}

/* Linux's encoding: ~pid << 3, 4 for a thread, the measure below. */
#define CPUCLOCK(pid, thread, which) \
	((clockid_t)((~(unsigned int)(pid) << 3) | ((thread) ? 4 : 0) | (which)))

static void *burn_and_wait(void *arg)
{
	volatile int *stop = arg;

	while (!*stop)
		;
	return NULL;
}

static int cpu_clocks(void)
{
	volatile int stop = 0;
	struct timespec ts, res;
	clockid_t c;
	pthread_t t;
	timer_t tm;
	pid_t init_tid;

	CHECK(pthread_create(&t, NULL, burn_and_wait, (void *)&stop) == 0);
	CHECK(pthread_getcpuclockid(t, &c) == 0);
	CHECK(clock_gettime(c, &ts) == 0);
	CHECK(clock_getres(c, &res) == 0 && res.tv_nsec > 0);
	CHECK(clock_gettime(CPUCLOCK(gettid(), 1, 0), &ts) == 0);	/* PROF */
	CHECK(clock_gettime(CPUCLOCK(gettid(), 1, 1), &ts) == 0);	/* VIRT */
	CHECK(clock_gettime(CPUCLOCK(0, 1, 2), &ts) == 0);		/* self */
	CHECK(clock_getcpuclockid(getpid(), &c) == 0 && clock_gettime(c, &ts) == 0);
	CHECK(clock_gettime(CPUCLOCK(1, 0, 2), &ts) == 0);	/* init's process */
	CHECK(timer_create(CPUCLOCK(gettid(), 1, 2), NULL, &tm) == 0);
	CHECK(timer_delete(tm) == 0);
	stop = 1;
	pthread_join(t, NULL);
	/* Another process's thread, a pid that is no process, measure 3. */
	init_tid = 1;
	CHECK(clock_gettime(CPUCLOCK(init_tid, 1, 2), &ts) == -1 && errno == EINVAL);
	CHECK(clock_gettime(CPUCLOCK(99999, 0, 2), &ts) == -1 && errno == EINVAL);
	CHECK(clock_gettime(CPUCLOCK(getpid(), 0, 3), &ts) == -1 && errno == EINVAL);
	CHECK(timer_create(CPUCLOCK(1, 1, 2), NULL, &tm) == -1 && errno == EINVAL);
	return 0;
}

/* Linux's struct acct_v3 (CONFIG_BSD_PROCESS_ACCT_V3). */
struct acct_v3 {
	char ac_flag, ac_version;
	uint16_t ac_tty;
	uint32_t ac_exitcode, ac_uid, ac_gid, ac_pid, ac_ppid, ac_btime;
	float ac_etime;
	uint16_t ac_utime, ac_stime, ac_mem, ac_io, ac_rw, ac_minflt, ac_majflt,
		 ac_swaps;
	char ac_comm[16];
};

#define ACCT_FILE "/tmp/pidfd_acct"

/* The record of process @pid in ACCT_FILE, or -1. */
static int find_record(pid_t pid, struct acct_v3 *out)
{
	int fd = open(ACCT_FILE, O_RDONLY);
	int found = -1;

	while (fd >= 0 && read(fd, out, sizeof(*out)) == sizeof(*out))
		if (out->ac_pid == (uint32_t)pid) {
			found = 0;
			break;
		}
	if (fd >= 0)
		close(fd);
	return found;
}

static int acct_records(void)
{
	struct acct_v3 ac;
	pid_t pid;
	int fd;

	fd = open(ACCT_FILE, O_CREAT | O_TRUNC | O_WRONLY, 0600);
	CHECK(fd >= 0);
	close(fd);
	CHECK(acct(ACCT_FILE) == 0);
	pid = fork();
	if (pid == 0)
		_exit(5);
	CHECK(waitpid(pid, NULL, 0) == pid);
	CHECK(acct(NULL) == 0);
	CHECK(find_record(pid, &ac) == 0);
	CHECK(ac.ac_version == 3);
	CHECK(ac.ac_exitcode == 5 << 8);
	CHECK(ac.ac_ppid == (uint32_t)getpid());
	CHECK(ac.ac_uid == getuid() && ac.ac_gid == getgid());
	CHECK(ac.ac_flag & 0x01);			/* AFORK: no exec */
	CHECK(strcmp(ac.ac_comm, "pidfdtests") == 0);
	CHECK(ac.ac_etime >= 0 && ac.ac_etime < 1000);	/* < 10 s in AHZ */
	CHECK(ac.ac_btime + 5 >= (uint32_t)time(NULL) - 60);
	/* Off now: nothing more is written. */
	pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK(waitpid(pid, NULL, 0) == pid);
	CHECK(find_record(pid, &ac) == -1);
	CHECK(acct("/tmp") == -1 && errno == EISDIR);
	CHECK(acct("/dev/null") == -1 && errno == EACCES);
	CHECK(acct("/tmp/no/such") == -1 && errno == ENOENT);
	CHECK(acct(ACCT_FILE "/") == -1 && errno == ENOTDIR);
	CHECK(acct((char *)8) == -1 && errno == EFAULT);
	if (tap_become(NOBODY, 0))
		return -1;
	CHECK(acct(ACCT_FILE) == -1 && errno == EPERM);
	CHECK(acct(NULL) == -1 && errno == EPERM);
	return 0;
}

struct sched_attr_u {
	uint32_t size, sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime, sched_deadline, sched_period;
	uint32_t sched_util_min, sched_util_max;
};

static long setattr(pid_t pid, struct sched_attr_u *a, unsigned int flags)
{
	return syscall(SYS_sched_setattr, pid, a, flags);
}

static long getattr(pid_t pid, struct sched_attr_u *a, unsigned int size)
{
	return syscall(SYS_sched_getattr, pid, a, size, 0);
}

static int sched_attr(void)
{
	struct sched_attr_u a = { .size = 48 }, g;
	char big[8192] = { 0 };

	CHECK(getattr(0, &g, sizeof(g)) == 0 && g.size == sizeof(g));
	CHECK(g.sched_policy == SCHED_OTHER && g.sched_nice == 0);
	a.sched_nice = 5;
	CHECK(setattr(0, &a, 0) == 0);
	CHECK(getpriority(PRIO_PROCESS, 0) == 5);
	CHECK(getattr(getpid(), &g, 48) == 0 && g.sched_nice == 5 && g.size == 48);
	a = (struct sched_attr_u){ .size = 48, .sched_policy = SCHED_FIFO,
				   .sched_priority = 10, .sched_flags = 1 };
	CHECK(setattr(0, &a, 0) == 0);
	CHECK(syscall(SYS_sched_getscheduler, 0) == (SCHED_FIFO | SCHED_RESET_ON_FORK));
	CHECK(getattr(0, &g, sizeof(g)) == 0 && g.sched_priority == 10 &&
	      g.sched_flags == 1);
	a.sched_flags = 0x08 | 1;		/* KEEP_POLICY: priority only */
	a.sched_policy = SCHED_OTHER;
	a.sched_priority = 20;
	CHECK(setattr(0, &a, 0) == 0 && syscall(SYS_sched_getscheduler, 0) ==
	      (SCHED_FIFO | SCHED_RESET_ON_FORK));
	a = (struct sched_attr_u){ .size = 48, .sched_policy = 6,
				   .sched_runtime = 10000000,
				   .sched_deadline = 30000000,
				   .sched_period = 30000000 };
	CHECK(setattr(0, &a, 0) == 0);		/* user/dltests.c tests more */
	CHECK(syscall(SYS_sched_getscheduler, 0) == 6);
	CHECK(getattr(0, &g, 48) == 0 && g.sched_runtime == 10000000 &&
	      g.sched_period == 30000000);
	a = (struct sched_attr_u){ .size = 48, .sched_policy = SCHED_OTHER,
				   .sched_priority = 1 };
	CHECK(setattr(0, &a, 0) == -1 && errno == EINVAL);
	a.sched_priority = 0;
	CHECK(setattr(0, &a, 1000) == -1 && errno == EINVAL);
	CHECK(setattr(0, NULL, 0) == -1 && errno == EINVAL);
	CHECK(setattr(99999, &a, 0) == -1 && errno == ESRCH);
	a.sched_flags = 0x20;
	CHECK(setattr(0, &a, 0) == -1 && errno == EOPNOTSUPP);
	a.sched_flags = 0x100;
	CHECK(setattr(0, &a, 0) == -1 && errno == EINVAL);
	/* Sizes: a larger struct with something we do not know set, or one
	 * past a page, is E2BIG with our size written back. */
	memcpy(big, &a, sizeof(a));
	((struct sched_attr_u *)big)->sched_flags = 0;
	((struct sched_attr_u *)big)->size = 100;
	CHECK(setattr(0, (void *)big, 0) == 0);
	big[99] = 1;
	CHECK(setattr(0, (void *)big, 0) == -1 && errno == E2BIG);
	CHECK(((struct sched_attr_u *)big)->size == sizeof(a));
	((struct sched_attr_u *)big)->size = 8192;
	CHECK(setattr(0, (void *)big, 0) == -1 && errno == E2BIG);
	((struct sched_attr_u *)big)->size = 20;
	CHECK(setattr(0, (void *)big, 0) == -1 && errno == E2BIG);
	CHECK(getattr(0, &g, 47) == -1 && errno == EINVAL);
	CHECK(getattr(0, NULL, 48) == -1 && errno == EINVAL);
	CHECK(getattr(99999, &g, 48) == -1 && errno == ESRCH);
	CHECK(syscall(SYS_sched_getattr, 0, &g, 48, 1000) == -1 && errno == EINVAL);
	return 0;
}

/* Until @pid sleeps (its /proc stat state S), for at most ~5 s. */
static void wait_sleeping(pid_t pid)
{
	char path[64], buf[256], *st;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (int i = 0; i < 50000; i++) {
		int fd = open(path, O_RDONLY);
		ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

		if (fd >= 0)
			close(fd);
		buf[n > 0 ? n : 0] = '\0';
		st = strrchr(buf, ')');
		if (st && st[1] == ' ' && st[2] == 'S')
			return;
		sched_yield();
	}
}

static void *lock_and_die(void *arg)
{
	pthread_mutex_lock(arg);
	return NULL;			/* exits holding it */
}

/* A robust mutex whose owner thread, or process, dies holding it: the
 * next locker gets EOWNERDEAD (the kernel walked the dead thread's
 * robust list) and can make it consistent again. */
static int robust_mutex_owner_dies(void)
{
	pthread_mutexattr_t ma;
	pthread_mutex_t m, *shm;
	pthread_t t;
	pid_t pid;

	CHECK(pthread_mutexattr_init(&ma) == 0);
	CHECK(pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST) == 0);
	CHECK(pthread_mutex_init(&m, &ma) == 0);
	CHECK(pthread_create(&t, NULL, lock_and_die, &m) == 0);
	CHECK(pthread_join(t, NULL) == 0);
	CHECK(pthread_mutex_lock(&m) == EOWNERDEAD);
	CHECK(pthread_mutex_consistent(&m) == 0);
	CHECK(pthread_mutex_unlock(&m) == 0);
	CHECK(pthread_mutex_lock(&m) == 0);
	CHECK(pthread_mutex_unlock(&m) == 0);
	/* Shared between processes, with the parent already waiting. */
	CHECK(pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED) == 0);
	shm = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		   -1, 0);
	CHECK(shm != MAP_FAILED && pthread_mutex_init(shm, &ma) == 0);
	pid = fork();
	if (pid == 0) {
		pthread_mutex_lock(shm);
		*(volatile int *)(shm + 1) = 1;	/* locked */
		wait_sleeping(getppid());	/* in the lock, waiting */
		_exit(0);
	}
	while (!*(volatile int *)(shm + 1))
		sched_yield();
	CHECK(pthread_mutex_lock(shm) == EOWNERDEAD);
	CHECK(waitpid(pid, NULL, 0) == pid);
	CHECK(pthread_mutex_consistent(shm) == 0);
	CHECK(pthread_mutex_unlock(shm) == 0);
	munmap(shm, 4096);
	return 0;
}

/* Free memory in pages (sysinfo). */
static long free_pages(void)
{
	struct sysinfo si;

	return sysinfo(&si) == 0 ? (long)(si.freeram * si.mem_unit / 4096) : -1;
}

#define NPINNED 128

/* A pidfd on a reaped process pins only its struct pid, not the task
 * and its kernel stack block: closing NPINNED of them gives back far
 * less than a stack block each. */
static int pins_little(void)
{
	int fds[NPINNED], st;
	long before, after;

	for (int i = 0; i < NPINNED; i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		CHECK(pid > 0 && (fds[i] = pidfd_open(pid, 0)) >= 0);
		CHECK(waitpid(pid, &st, 0) == pid);
	}
	CHECK(pidfd_info_pid(fds[0]) == -1);	/* reaped */
	before = free_pages();
	for (int i = 0; i < NPINNED; i++)
		close(fds[i]);
	after = free_pages();
	if (after - before >= NPINNED)	/* a page or more each */
		return tap_fail("closing %d pidfds of reaped processes gave "
				"back %ld pages", NPINNED, after - before);
	return 0;
}

/* The next pid is @pid again (ns_last_pid := pid - 1). */
static int reuse_pid(pid_t pid)
{
	char num[16];

	snprintf(num, sizeof(num), "%d", (int)pid - 1);
	return procfs_write("/proc/sys/kernel/ns_last_pid", num);
}

/* /proc/<pid> of a new process that got a dead one's pid is not the old
 * one's inode (Linux numbers each anew; LTP's pidfd_send_signal03 warns
 * otherwise), and readdir of /proc gives each pid the number stat does. */
static int proc_ino_reuse(void)
{
	struct stat old, now;
	char path[288];
	int wa, wb, tries;
	pid_t a = 0, b = -1;

	for (tries = 0; tries < 5 && b != a; tries++) {
		a = waiting_child(&wa);
		CHECK(a > 0);
		snprintf(path, sizeof(path), "/proc/%d", (int)a);
		CHECK(stat(path, &old) == 0);
		close(wa);		/* it exits */
		CHECK(waitpid(a, NULL, 0) == a);
		CHECK(reuse_pid(a) == 0);
		b = waiting_child(&wb);
		CHECK(b > 0);
		if (b == a)
			EXPECT(stat(path, &now) == 0 && now.st_ino != old.st_ino);
		close(wb);
		CHECK(waitpid(b, NULL, 0) == b);
	}
	EXPECT(b == a);
	{
		DIR *d = opendir("/proc");
		struct dirent *e;
		int checked = 0;

		CHECK(d != NULL);
		while ((e = readdir(d))) {
			if (e->d_name[0] < '1' || e->d_name[0] > '9')
				continue;
			snprintf(path, sizeof(path), "/proc/%s", e->d_name);
			if (stat(path, &now) < 0)
				continue;	/* gone meanwhile */
			EXPECT(now.st_ino == e->d_ino);
			checked++;
		}
		closedir(d);
		EXPECT(checked > 2);
	}
	return 0;
}

static const struct tap_test tests[] = {
	{ "open_flags_and_errors", open_flags_and_errors },
	{ "poll_and_epoll_on_exit", poll_and_epoll_on_exit },
	{ "waitid_pidfd", waitid_pidfd },
	{ "send_signal", send_signal },
	{ "send_signal_eperm", send_signal_eperm },
	{ "getfd", getfd },
	{ "getfd_eperm", getfd_eperm },
	{ "clone_pidfd", clone_pidfd },
	{ "kcmp_files_and_order", kcmp_files_and_order },
	{ "kcmp_clone_shared", kcmp_clone_shared },
	{ "kcmp_eperm", kcmp_eperm },
	{ "ioprio", ioprio },
	{ "ioprio_eperm", ioprio_eperm },
	{ "robust_list", robust_list },
	{ "robust_mutex_owner_dies", robust_mutex_owner_dies },
	{ "membarrier_cmds", membarrier_cmds },
	{ "cpu_clocks", cpu_clocks },
	{ "acct_records", acct_records },
	{ "sched_attr", sched_attr },
	{ "pins_little", pins_little },
	{ "proc_ino_reuse", proc_ino_reuse },
};

int main(int argc, char **argv)
{
	return tap_run("pidfdtests", tests, sizeof(tests) / sizeof(tests[0]),
		       TEST_TIMEOUT, argc, argv);
}
