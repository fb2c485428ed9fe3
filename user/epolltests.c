/*
 * epolltests: epoll(7) from user space (kernel/fs/anon/eventpoll.c),
 * checked against what Linux answers; the same binary passes on Linux.
 *
 *   epolltests [NAME]...     run every test, or only the ones named
 *
 * Prints TAP (user/lib/tap.c).
 *
 *   create     epoll_create (size > 0), epoll_create1 (EPOLL_CLOEXEC),
 *              /proc/self/fd/N "anon_inode:[eventpoll]"
 *   ctl        ADD, MOD, DEL and their errnos: EBADF, EPERM, EEXIST,
 *              ENOENT, EINVAL, EFAULT; EPOLLEXCLUSIVE's rules
 *   loop       ELOOP: an epoll in itself through another, or nested
 *              more than five deep
 *   level      level-triggered: a pipe, a socket pair, an eventfd stay
 *              reported while ready; POLLHUP when the writer goes
 *   edge       EPOLLET reports a new readiness once
 *   rotate     more ready than maxevents: reported round robin
 *   oneshot    EPOLLONESHOT reports once until EPOLL_CTL_MOD
 *   wait       epoll_wait's errnos (EINVAL, EFAULT, EBADF), timeouts,
 *              a wake-up from another process
 *   pwait      epoll_pwait's mask and EINTR; epoll_pwait2's timespec
 *   hangup     a waiter sleeps (state S) and is woken by the other end's last close (HUP, ERR)
 *   close      a watched file closed for the last time leaves the set
 *   cycles     many epolls made, nested and closed
 *   nested     an epoll in poll(2) and in another epoll
 *   exclusive  EPOLLEXCLUSIVE: of several epolls watching one pipe, each
 *              write wakes one (LTP epoll_wait16)
 *   poll_excl  poll(2) of an epoll with an EPOLLEXCLUSIVE item and of a
 *              pipe: two such pollers both wake when the pipe does
 *   mounts     /proc/self/mounts says EPOLLPRI after a mount and after
 *              an umount, once each (LTP epoll_wait10)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "lib/tap.h"

#define TEST_TIMEOUT 20
#define NR_epoll_pwait2 441
#define FAILS(call, e) CHECK((call) == -1 && errno == (e))
#define BAD_PTR ((void *)8)
#define KERNEL_PTR ((void *)0xffffffff80000000ul)

static int add(int ep, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

/* Wait up to @ms for one event into *@ev; what epoll_wait returned. */
static int wait1(int ep, struct epoll_event *ev, int ms)
{
	return epoll_wait(ep, ev, 1, ms);
}

static int test_create(void)
{
	char path[64], link[64];
	int ep, n;

	FAILS(syscall(SYS_epoll_create, 0), EINVAL);	/* musl skips it */
	FAILS(syscall(SYS_epoll_create, -1), EINVAL);
	FAILS(epoll_create1(1), EINVAL);
	CHECK((ep = epoll_create(1)) >= 0);
	CHECK(fcntl(ep, F_GETFD) == 0);
	CHECK(close(ep) == 0);
	CHECK((ep = epoll_create1(EPOLL_CLOEXEC)) >= 0);
	CHECK(fcntl(ep, F_GETFD) == FD_CLOEXEC);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", ep);
	CHECK((n = readlink(path, link, sizeof(link) - 1)) > 0);
	link[n] = 0;
	CHECK(strcmp(link, "anon_inode:[eventpoll]") == 0);
	CHECK(close(ep) == 0);
	return 0;
}

static int test_ctl(void)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int ep = epoll_create1(0), p[2], file;

	CHECK(ep >= 0 && pipe(p) == 0);
	CHECK((file = open("/tmp/epoll.reg", O_CREAT | O_RDWR, 0600)) >= 0);
	FAILS(epoll_ctl(ep, EPOLL_CTL_ADD, file, &ev), EPERM);
	FAILS(epoll_ctl(ep, EPOLL_CTL_ADD, 999, &ev), EBADF);
	FAILS(epoll_ctl(999, EPOLL_CTL_ADD, p[0], &ev), EBADF);
	FAILS(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL);
	FAILS(epoll_ctl(p[1], EPOLL_CTL_ADD, p[0], &ev), EINVAL);
	FAILS(epoll_ctl(ep, 42, p[0], &ev), EINVAL);
	FAILS(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], BAD_PTR), EFAULT);
	FAILS(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev), ENOENT);
	FAILS(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], &ev), ENOENT);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0);
	FAILS(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EEXIST);
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == 0);
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL) == 0);
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	FAILS(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev), EINVAL);
	ev.events = EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT;
	FAILS(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EINVAL);
	ev.events = EPOLLIN | EPOLLEXCLUSIVE;
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0);
	ev.events = EPOLLIN;
	FAILS(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev), EINVAL);
	unlink("/tmp/epoll.reg");
	return 0;
}

static int test_loop(void)
{
	int e[7];

	for (int i = 0; i < 7; i++)
		CHECK((e[i] = epoll_create1(0)) >= 0);
	CHECK(add(e[0], e[1], EPOLLIN, 0) == 0);
	FAILS(add(e[1], e[0], EPOLLIN, 0), ELOOP);
	/* e0 > e1 > e2 > e3 > e4 is the deepest chain Linux allows. */
	for (int i = 1; i < 4; i++)
		CHECK(add(e[i], e[i + 1], EPOLLIN, 0) == 0);
	FAILS(add(e[4], e[5], EPOLLIN, 0), ELOOP);
	FAILS(add(e[5], e[0], EPOLLIN, 0), ELOOP);
	return 0;
}

/* @fd (ready to read) is reported with @bits by @ep, again and again. */
static int level_on(int fd, uint32_t want)
{
	struct epoll_event ev;
	int ep = epoll_create1(0);

	CHECK(ep >= 0 && add(ep, fd, EPOLLIN | EPOLLOUT, 7) == 0);
	for (int i = 0; i < 2; i++) {
		CHECK(wait1(ep, &ev, 0) == 1);
		CHECK(ev.data.u64 == 7 && (ev.events & want) == want);
	}
	return close(ep);
}

static int test_level(void)
{
	struct epoll_event ev;
	int p[2], s[2], efd = eventfd(1, 0), ep = epoll_create1(0);
	uint64_t v;

	CHECK(ep >= 0 && efd >= 0 && pipe(p) == 0);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, s) == 0);
	CHECK(add(ep, p[0], EPOLLIN, 1) == 0);
	CHECK(wait1(ep, &ev, 0) == 0);
	CHECK(write(p[1], "x", 1) == 1);
	CHECK(level_on(p[0], EPOLLIN) == 0);
	CHECK(level_on(p[1], EPOLLOUT) == 0);
	CHECK(write(s[1], "x", 1) == 1);
	CHECK(level_on(s[0], EPOLLIN | EPOLLOUT) == 0);
	CHECK(level_on(efd, EPOLLIN | EPOLLOUT) == 0);
	CHECK(read(efd, &v, 8) == 8);
	CHECK(level_on(efd, EPOLLOUT) == 0);
	CHECK(wait1(ep, &ev, 0) == 1 && ev.events == EPOLLIN && ev.data.u64 == 1);
	CHECK(close(p[1]) == 0);
	CHECK(wait1(ep, &ev, 0) == 1 && ev.events == (EPOLLIN | EPOLLHUP));
	return 0;
}

static int test_edge(void)
{
	struct epoll_event ev;
	int p[2], ep = epoll_create1(0);
	char c;

	CHECK(ep >= 0 && pipe(p) == 0);
	CHECK(add(ep, p[0], EPOLLIN | EPOLLET, 3) == 0);
	CHECK(wait1(ep, &ev, 0) == 0);
	CHECK(write(p[1], "ab", 2) == 2);
	CHECK(wait1(ep, &ev, 0) == 1 && ev.events == EPOLLIN);
	CHECK(wait1(ep, &ev, 0) == 0);
	CHECK(read(p[0], &c, 1) == 1);
	CHECK(wait1(ep, &ev, 0) == 0);
	CHECK(read(p[0], &c, 1) == 1);
	CHECK(wait1(ep, &ev, 0) == 0);
	CHECK(write(p[1], "c", 1) == 1);
	CHECK(wait1(ep, &ev, 0) == 1 && ev.data.u64 == 3);
	return 0;
}

/* More ready than maxevents: every wait reports the ones the last did
 * not, so none starves (LTP's epoll_wait14). */
static int test_rotate(void)
{
	struct epoll_event ev[2];
	int seen[5] = { 0 }, ep = epoll_create1(0), efd;

	CHECK(ep >= 0);
	for (int i = 0; i < 5; i++)
		CHECK((efd = eventfd(1, 0)) >= 0 && add(ep, efd, EPOLLIN, i) == 0);
	for (int round = 0; round < 5; round++) {
		CHECK(epoll_wait(ep, ev, 2, 0) == 2);
		seen[ev[0].data.u64]++;
		seen[ev[1].data.u64]++;
	}
	for (int i = 0; i < 5; i++)
		CHECK(seen[i] == 2);
	return 0;
}

static int test_oneshot(void)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLONESHOT };
	int p[2], ep = epoll_create1(0);

	CHECK(ep >= 0 && pipe(p) == 0 && write(p[1], "x", 1) == 1);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0);
	CHECK(wait1(ep, &ev, 0) == 1);
	CHECK(wait1(ep, &ev, 0) == 0);
	ev.events = EPOLLIN | EPOLLONESHOT;
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == 0);
	CHECK(wait1(ep, &ev, 0) == 1);
	return 0;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static int test_wait(void)
{
	struct epoll_event ev[4];
	struct timespec t0;
	int p[2], ep = epoll_create1(0);
	pid_t pid;

	CHECK(ep >= 0 && pipe(p) == 0 && add(ep, p[0], EPOLLIN, 9) == 0);
	FAILS(epoll_wait(ep, ev, 0, 0), EINVAL);
	FAILS(epoll_wait(ep, ev, -1, 0), EINVAL);
	FAILS(epoll_wait(ep, ev, INT32_MAX / 12 + 1, 0), EINVAL);
	FAILS(epoll_wait(ep, KERNEL_PTR, 1, 0), EFAULT);
	FAILS(epoll_wait(999, ev, 1, 0), EBADF);
	FAILS(epoll_wait(p[0], ev, 1, 0), EINVAL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(epoll_wait(ep, ev, 4, 100) == 0 && ms_since(&t0) >= 90);
	CHECK((pid = fork()) >= 0);
	if (!pid) {
		usleep(50000);
		_exit(write(p[1], "x", 1) != 1);
	}
	CHECK(epoll_wait(ep, ev, 4, -1) == 1 && ev[0].data.u64 == 9);
	FAILS(epoll_wait(ep, BAD_PTR, 1, 0), EFAULT);	/* faults on the copy */
	CHECK(waitpid(pid, NULL, 0) == pid);
	return 0;
}

static void on_alarm(int sig)
{
	(void)sig;
}

static int test_pwait(void)
{
	struct epoll_event ev;
	struct timespec ts = { 0, 50000000 };
	struct sigaction sa = { .sa_handler = on_alarm };
	sigset_t block;
	int p[2], ep = epoll_create1(0);

	CHECK(ep >= 0 && pipe(p) == 0 && add(ep, p[0], EPOLLIN, 0) == 0);
	CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
	alarm(1);
	FAILS(epoll_wait(ep, &ev, 1, -1), EINTR);
	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	CHECK(epoll_pwait(ep, &ev, 1, 0, &block) == 0);
	FAILS(syscall(SYS_epoll_pwait, ep, &ev, 1, 0, &block, 4), EINVAL);
	CHECK(syscall(NR_epoll_pwait2, ep, &ev, 1, &ts, NULL, 8) == 0);
	ts.tv_nsec = -1;
	FAILS(syscall(NR_epoll_pwait2, ep, &ev, 1, &ts, NULL, 8), EINVAL);
	FAILS(syscall(NR_epoll_pwait2, ep, &ev, 1, BAD_PTR, NULL, 8), EFAULT);
	CHECK(write(p[1], "x", 1) == 1);
	CHECK(syscall(NR_epoll_pwait2, ep, &ev, 1, NULL, NULL, 8) == 1);
	return 0;
}

static int test_close(void)
{
	struct epoll_event ev;
	int p[2], ep = epoll_create1(0), dup_fd;

	CHECK(ep >= 0 && pipe(p) == 0 && write(p[1], "x", 1) == 1);
	CHECK(add(ep, p[0], EPOLLIN, 0) == 0);
	CHECK((dup_fd = dup(p[0])) >= 0);
	CHECK(close(p[0]) == 0);
	CHECK(wait1(ep, &ev, 0) == 1);	/* a reference is left: still there */
	CHECK(close(dup_fd) == 0);
	CHECK(wait1(ep, &ev, 0) == 0);
	CHECK(pipe(p) == 0);
	CHECK(add(ep, p[0], EPOLLIN, 0) == 0);
	return 0;
}

static int test_nested(void)
{
	struct epoll_event ev;
	int p[2], in = epoll_create1(0), out = epoll_create1(0);
	struct pollfd pfd = { .fd = in, .events = POLLIN };
	pid_t pid;

	CHECK(in >= 0 && out >= 0 && pipe(p) == 0);
	CHECK(add(in, p[0], EPOLLIN, 1) == 0 && add(out, in, EPOLLIN, 2) == 0);
	CHECK(poll(&pfd, 1, 0) == 0 && wait1(out, &ev, 0) == 0);
	CHECK((pid = fork()) >= 0);
	if (!pid) {
		usleep(50000);
		_exit(write(p[1], "x", 1) != 1);
	}
	CHECK(wait1(out, &ev, 5000) == 1 && ev.data.u64 == 2);
	CHECK(poll(&pfd, 1, 0) == 1 && pfd.revents == POLLIN);
	CHECK(waitpid(pid, NULL, 0) == pid);
	return 0;
}

/* @pid's state letter from /proc/PID/stat, or '?'. */
static char state_of(pid_t pid)
{
	struct procfs_stat st;
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	return procfs_stat(path, &st) == 0 ? st.state : '?';
}

/* A child waits on an epoll it shares; the parent's close of the last
 * writer wakes it with EPOLLHUP, of the last reader with EPOLLERR
 * (LTP's epoll_wait11 and epoll_wait12). */
static int hangup_wakes(int close_end, uint32_t events, uint32_t want)
{
	struct epoll_event ev = { .events = events };
	int p[2], ep = epoll_create1(0), st;
	pid_t pid;

	CHECK(ep >= 0 && pipe(p) == 0);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[1 - close_end], &ev) == 0);
	CHECK((pid = fork()) >= 0);
	if (!pid) {
		close(p[close_end]);
		_exit(epoll_wait(ep, &ev, 1, 5000) != 1 || !(ev.events & want));
	}
	usleep(100000);
	CHECK(state_of(pid) == 'S');	/* asleep, not spinning */
	CHECK(close(p[close_end]) == 0);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st));
	return 0;
}

static int test_hangup(void)
{
	CHECK(hangup_wakes(1, EPOLLIN, EPOLLHUP) == 0);
	CHECK(hangup_wakes(0, 0, EPOLLERR) == 0);
	return 0;
}

/* Many epolls made, nested, filled and closed (test_epoll checks that
 * every page comes back). */
static int test_cycles(void)
{
	for (int i = 0; i < 200; i++) {
		int p[2], in = epoll_create1(0), out = epoll_create1(0);

		CHECK(in >= 0 && out >= 0 && pipe(p) == 0);
		CHECK(add(in, p[0], EPOLLIN, 0) == 0 && add(in, p[1], EPOLLOUT, 1) == 0);
		CHECK(add(out, in, EPOLLIN, 2) == 0);
		CHECK(close(p[0]) == 0 && close(in) == 0);
		CHECK(close(p[1]) == 0 && close(out) == 0);
	}
	return 0;
}

#define NEXCL 4

/* One of NEXCL waiters of test_exclusive: its own epoll on @rfd; counts
 * its wake-up in *@woken and says so on @done. */
static void exclusive_waiter(int rfd, int done, volatile int *woken)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET | EPOLLEXCLUSIVE };
	int ep = epoll_create1(0);

	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, rfd, &ev) < 0)
		_exit(1);
	if (epoll_wait(ep, &ev, 1, 5000) != 1)
		_exit(2);
	__atomic_add_fetch(woken, 1, __ATOMIC_SEQ_CST);
	_exit(write(done, "w", 1) == 1 ? 0 : 3);
}

/* NEXCL processes each wait in an epoll of their own on one pipe with
 * EPOLLEXCLUSIVE: each byte written wakes exactly one of them (the wait
 * queue's exclusive waiters, kernel/sched/wait.c), not the herd. */
static int test_exclusive(void)
{
	volatile int *woken = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int data[2], done[2], st;
	pid_t pids[NEXCL];
	char c;

	CHECK(woken != MAP_FAILED && pipe(data) == 0 && pipe(done) == 0);
	*woken = 0;
	for (int i = 0; i < NEXCL; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			exclusive_waiter(data[0], done[1], woken);
	}
	for (int i = 0; i < NEXCL; i++)
		for (int t = 0; t < 200 && state_of(pids[i]) != 'S'; t++)
			usleep(10000);
	for (int round = 0; round < NEXCL; round++) {
		CHECK(write(data[1], "x", 1) == 1);
		CHECK(read(done[0], &c, 1) == 1);
		usleep(100000);		/* time for a wrong wake-up to show */
		CHECK(*woken == round + 1);
		CHECK(read(data[0], &c, 1) == 1);
	}
	for (int i = 0; i < NEXCL; i++)
		CHECK(waitpid(pids[i], &st, 0) == pids[i] && WIFEXITED(st) &&
		      WEXITSTATUS(st) == 0);
	close(data[0]);
	close(data[1]);
	close(done[0]);
	close(done[1]);
	munmap((void *)woken, 4096);
	return 0;
}

/* Two processes poll() the epoll @ep (its last item EPOLLEXCLUSIVE on
 * an eventfd) and the pipe @rfd: a write to the pipe wakes both, since
 * the EPOLLEXCLUSIVE of an item does not leak onto poll's next file. */
static int test_poll_excl(void)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLEXCLUSIVE };
	int p[2], ep = epoll_create1(0), efd = eventfd(0, 0), st, left = 2;
	pid_t pids[2];

	CHECK(ep >= 0 && efd >= 0 && pipe(p) == 0);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) == 0);
	for (int i = 0; i < 2; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			struct pollfd fds[2] = { { ep, POLLIN, 0 },
						 { p[0], POLLIN, 0 } };

			_exit(poll(fds, 2, 5000) == 1 &&
			      (fds[1].revents & POLLIN) ? 0 : 1);
		}
	}
	for (int i = 0; i < 2; i++)
		for (int t = 0; t < 200 && state_of(pids[i]) != 'S'; t++)
			usleep(10000);
	CHECK(write(p[1], "x", 1) == 1);
	for (int t = 0; t < 100 && left; t++) {	/* both within a second */
		usleep(10000);
		for (int i = 0; i < 2; i++)
			if (pids[i] && waitpid(pids[i], &st, WNOHANG) == pids[i]) {
				CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
				pids[i] = 0;
				left--;
			}
	}
	for (int i = 0; i < 2; i++)
		if (pids[i])
			waitpid(pids[i], &st, 0);
	CHECK(left == 0);
	close(p[0]);
	close(p[1]);
	close(efd);
	close(ep);
	return 0;
}

/* EPOLLPRI events of @ep within @ms (the mounts file's one item). */
static int mounts_pri(int ep, int ms)
{
	struct epoll_event ev;
	int n = epoll_wait(ep, &ev, 1, ms);

	return n == 1 && (ev.events & EPOLLPRI) ? 1 : n;
}

/* A mount and an umount each make /proc/self/mounts report EPOLLPRI
 * (and EPOLLERR) once, as Linux's mounts_poll() (LTP epoll_wait10). */
static int test_mounts(void)
{
	int fd = open("/proc/self/mounts", O_RDONLY), ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLPRI };

	CHECK(fd >= 0 && ep >= 0);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == 0);
	CHECK(mounts_pri(ep, 0) == 0);
	CHECK(mkdir("/tmp/epoll_mnt", 0755) == 0 || errno == EEXIST);
	CHECK(mount("none", "/tmp/epoll_mnt", "tmpfs", 0, NULL) == 0);
	CHECK(mounts_pri(ep, 1000) == 1);
	CHECK(mounts_pri(ep, 0) == 0);		/* told once */
	CHECK(umount("/tmp/epoll_mnt") == 0);
	CHECK(mounts_pri(ep, 1000) == 1);
	CHECK(rmdir("/tmp/epoll_mnt") == 0);
	close(ep);
	close(fd);
	return 0;
}

static const struct tap_test tests[] = {
	{ "cycles", test_cycles },
	{ "hangup", test_hangup },
	{ "create", test_create }, { "ctl", test_ctl }, { "loop", test_loop },
	{ "level", test_level }, { "edge", test_edge },
	{ "oneshot", test_oneshot }, { "rotate", test_rotate }, { "wait", test_wait },
	{ "pwait", test_pwait }, { "close", test_close },
	{ "nested", test_nested }, { "exclusive", test_exclusive },
	{ "poll_excl", test_poll_excl },
	{ "mounts", test_mounts },
};

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	return tap_run("epolltests", tests, sizeof(tests) / sizeof(tests[0]),
		       TEST_TIMEOUT, argc, argv);
}
