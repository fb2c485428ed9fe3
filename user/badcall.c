/*
 * badcall MODE: one nasty system-call pattern at a time, each a minimal
 * reproduction of a problem the fuzzer found (or could find), with the
 * answer Linux gives. It prints what happened and "badcall: MODE: ok" when
 * the kernel behaved like Linux, or "badcall: MODE: BUG: what" when not
 * (exit status 0 or 1). A kernel that hangs or panics on one of them says
 * so by itself.
 *
 *   munmap-huge      munmap(0x10000000, 64 TiB): Linux returns at once
 *   munmap-past-end  munmap(0x10000000, ~0): EINVAL
 *   mmap-fixed-huge  mmap(0x10000000, 64 TiB, PROT_NONE, MAP_FIXED)
 *   madvise-huge     madvise(0x10000000, 64 TiB, MADV_DONTNEED)
 *   fork-huge-vma    mmap 1 TiB PROT_NONE (nothing touched), then fork
 *   leader-exit-fork the main thread exits (SYS_exit), another thread
 *                    forks, the process ends, then the child exits
 *   leader-exit-kill the main thread exits (SYS_exit), another thread
 *                    lives on; kill(pid, SIGKILL) must still end it
 *   vfork-stopped    a vfork child stops itself; SIGKILL to the parent
 *                    must still end the parent
 *   clone-parent-sig clone(CLONE_PARENT | SIGUSR1): the grandparent must
 *                    get SIGCHLD (the caller's exit signal), not SIGUSR1
 *   orphan-stopped   a stopped process whose group becomes orphaned gets
 *                    SIGHUP and SIGCONT (POSIX), so it does not linger
 *   tty-atomic       two threads write whole lines to the console: no
 *                    line is cut by the other's
 *   kill-int-min     kill(INT_MIN, 0): ESRCH, as Linux (negating INT_MIN
 *                    is undefined: the debug kernel's UBSAN said so)
 *   wait-int-min     wait4(INT_MIN, ...): ESRCH, as Linux (the same)
 *   setown-int-min   fcntl(F_SETOWN, INT_MIN): EINVAL, as Linux (UBSAN)
 *   poll-misaligned  poll() of a pollfd array at an odd address works
 *                    (UBSAN: revents was written through a misaligned
 *                    member access)
 *   capget-misaligned  capget() with its header at an odd address: the
 *                    version and pid are read by byte offset (UBSAN)
 *   mremap-fixed-self  mremap(addr, 0, len, MAYMOVE|FIXED, addr) of a
 *                    shared mapping: the target range takes the mapping
 *                    away, EFAULT as Linux (the kernel used the VMA it
 *                    had just unmapped; the long fuzz, seed 36)
 *   seq-lseek-overflow  lseek(SEEK_CUR or SEEK_END, LLONG_MAX) on a /proc
 *                    file: EINVAL, the sum checked before it overflows
 *                    (UBSAN; the long fuzz, seed 35)
 *   sched-attr-misaligned  sched_setattr() with its struct at an odd
 *                    address: the size is read by byte offset (UBSAN;
 *                    the long fuzz, seeds 31 and 32)
 *   list             print the modes
 *
 * Every mode is bounded in time (alarm or polling with a deadline). It
 * refuses to run anywhere but Taskbase: some modes take a Linux host's
 * resources for a while, and none of them is useful there.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ulib.h"

#define TIB (1ul << 40)
static const char *mode;

static int ok(void)
{
	printf("badcall: %s: ok\n", mode);
	return 0;
}

static int bug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int bug(const char *fmt, ...)
{
	va_list ap;

	printf("badcall: %s: BUG: ", mode);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return 1;
}

/* Wait up to @ms for @pid; its status, or -1 if it is still there. */
static int wait_ms(pid_t pid, long ms)
{
	long until = ulib_now_ms() + ms;
	int status;

	while (ulib_now_ms() < until) {
		pid_t r = waitpid(pid, &status, WNOHANG | __WALL);

		if (r == pid)
			return status;
		if (r < 0)
			return -2;
		ulib_sleep_ms(10);
	}
	return -1;
}

/* ---- memory ranges: every page of a huge range, one at a time? ---- */

static int timed_call(const char *what, long ret, long t0, long expect)
{
	long ms = ulib_now_ms() - t0;

	printf("badcall: %s returned %ld (%s) in %ld ms\n", what, ret,
	       ret < 0 ? strerror(errno) : "success", ms);
	if (ret != expect)
		return bug("%s: expected %ld", what, expect);
	if (ms > 1000)
		return bug("%s took %ld ms (Linux: at once)", what, ms);
	return ok();
}

static int m_munmap_huge(void)
{
	long t0 = ulib_now_ms();
	long r = munmap((void *)0x10000000, 64 * TIB);

	return timed_call("munmap(0x10000000, 64 TiB)", r, t0, 0);
}

static int m_munmap_past_end(void)
{
	long t0 = ulib_now_ms();
	long r = munmap((void *)0x10000000, ~0ul);

	if (r == 0)
		return bug("munmap(0x10000000, ~0) succeeded: Linux says EINVAL");
	if (errno != EINVAL)
		return bug("munmap(0x10000000, ~0): %s, not EINVAL", strerror(errno));
	return timed_call("munmap(0x10000000, ~0)", r, t0, -1);
}

static int m_mmap_fixed_huge(void)
{
	long t0 = ulib_now_ms();
	void *p = mmap((void *)0x10000000, 64 * TIB, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
		       -1, 0);
	long ms = ulib_now_ms() - t0;

	printf("badcall: mmap(0x10000000, 64 TiB, MAP_FIXED) = %p in %ld ms\n",
	       p, ms);
	if (ms > 1000)
		return bug("mmap MAP_FIXED of 64 TiB took %ld ms", ms);
	return ok();
}

static int m_madvise_huge(void)
{
	long t0 = ulib_now_ms();
	long r = madvise((void *)0x10000000, 64 * TIB, MADV_DONTNEED);

	/* Linux: ENOMEM (the range is not all mapped), at once. */
	printf("badcall: madvise(0x10000000, 64 TiB, MADV_DONTNEED) = %ld (%s) "
	       "in %ld ms\n", r, r ? strerror(errno) : "success", ulib_now_ms() - t0);
	if (ulib_now_ms() - t0 > 1000)
		return bug("madvise of 64 TiB took %ld ms", ulib_now_ms() - t0);
	return ok();
}

static int m_fork_huge_vma(void)
{
	void *p = mmap(NULL, TIB, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	long t0 = ulib_now_ms(), ms;
	pid_t pid;
	int status;

	if (p == MAP_FAILED) {
		printf("badcall: mmap of 1 TiB refused: %s\n", strerror(errno));
		return ok();
	}
	pid = fork();
	if (pid == 0)
		_exit(0);
	ms = ulib_now_ms() - t0;
	printf("badcall: fork with an untouched 1 TiB mapping: %ld ms\n", ms);
	if (pid < 0)
		return bug("fork: %s", strerror(errno));
	status = wait_ms(pid, 10000);
	ms = ulib_now_ms() - t0;
	printf("badcall: child gone after %ld ms\n", ms);
	if (status == -1)
		return bug("the child did not exit within 10 s");
	return ms > 2000 ? bug("fork + exit took %ld ms", ms) : ok();
}

/* ---- task lifetimes ----------------------------------------------- */

static void *fork_later(void *arg)
{
	(void)arg;
	ulib_sleep_ms(200);		/* the main thread has exited by now */
	if (fork() == 0) {
		ulib_sleep_ms(500);	/* outlive the process that forked us */
		_exit(0);
	}
	return NULL;		/* the last thread: the process ends */
}

static int m_leader_exit_fork(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		pthread_t t;

		setpgid(0, 0);
		pthread_create(&t, NULL, fork_later, NULL);
		syscall(SYS_exit, 0);	/* only the main thread */
	}
	status = wait_ms(pid, 3000);
	printf("badcall: process whose main thread exited first: %s\n",
	       status >= 0 ? "reaped" : "not reaped");
	ulib_sleep_ms(1000);		/* its child exits now, an orphan */
	printf("badcall: its child, forked by the other thread, has exited\n");
	if (status < 0)
		return bug("the process was not reaped");
	return ok();
}

static void *live_on(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static int m_leader_exit_kill(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		pthread_t t;

		pthread_create(&t, NULL, live_on, NULL);
		syscall(SYS_exit, 0);	/* only the main thread */
	}
	ulib_sleep_ms(300);
	kill(pid, SIGKILL);
	status = wait_ms(pid, 2000);
	printf("badcall: process whose main thread exited, after SIGKILL: %s\n",
	       status >= 0 ? "dead" : "still running");
	if (status < 0) {
		return bug("kill(pid, SIGKILL) does not end a process whose main "
			   "thread has exited (its other thread lives on)");
	}
	return ok();
}

static int m_vfork_stopped(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		setpgid(0, 0);
		if (vfork() == 0) {
			kill(getpid(), SIGSTOP);
			_exit(0);
		}
		_exit(0);
	}
	setpgid(pid, pid);
	ulib_sleep_ms(300);
	kill(pid, SIGKILL);
	status = wait_ms(pid, 2000);
	printf("badcall: vfork parent after SIGKILL: %s\n",
	       status >= 0 ? "dead" : "still there");
	kill(-pid, SIGKILL);		/* the stopped child too */
	if (status < 0) {
		wait_ms(pid, 2000);
		return bug("SIGKILL does not end a parent waiting in vfork "
			   "for a stopped child");
	}
	return ok();
}

static volatile sig_atomic_t got_usr1, got_chld;

static void on_sig(int sig)
{
	if (sig == SIGUSR1)
		got_usr1++;
	else
		got_chld++;
}

static int m_clone_parent_sig(void)
{
	struct sigaction sa;
	pid_t pid;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sig;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	pid = fork();
	if (pid == 0) {
		long c = syscall(SYS_clone, CLONE_PARENT | SIGUSR1, 0, 0, 0, 0);

		if (c == 0)
			_exit(0);
		ulib_sleep_ms(300);
		_exit(c < 0);
	}
	ulib_sleep_ms(1000);
	while (waitpid(-1, NULL, WNOHANG | __WALL) > 0)
		;
	printf("badcall: the grandparent got SIGUSR1 %d times, SIGCHLD %d "
	       "times\n", (int)got_usr1, (int)got_chld);
	if (got_usr1)
		return bug("clone(CLONE_PARENT) lets a child pick the signal its "
			   "exit sends to its grandparent (Linux sends the "
			   "caller's own exit signal)");
	return ok();
}

static int m_orphan_stopped(void)
{
	pid_t pid, child;
	int fds[2], status;

	if (pipe(fds) < 0)
		return bug("pipe: %s", strerror(errno));
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		child = fork();
		if (child == 0) {
			kill(getpid(), SIGSTOP);
			_exit(0);
		}
		write(fds[1], &child, sizeof(child));
		ulib_sleep_ms(200);
		_exit(0);	/* the group is orphaned, a member stopped */
	}
	close(fds[1]);
	if (read(fds[0], &child, sizeof(child)) != sizeof(child))
		return bug("no child pid");
	wait_ms(pid, 2000);
	ulib_sleep_ms(1000);
	status = kill(child, 0);
	printf("badcall: the stopped orphan %d is %s\n", child,
	       status == 0 ? "still there" : "gone");
	if (status == 0) {
		kill(child, SIGKILL);
		return bug("a stopped process in an orphaned process group "
			   "lingers (POSIX: SIGHUP + SIGCONT)");
	}
	return ok();
}

/* ---- the console ----------------------------------------------------- */

static void *writer(void *arg)
{
	char line[81];

	memset(line, *(char *)arg, 79);
	line[79] = '\n';
	for (int i = 0; i < 40; i++)
		if (write(1, line, 80) != 80)
			break;
	return NULL;
}

static int m_tty_atomic(void)
{
	pthread_t a, b;
	char ca = 'A', cb = 'B';

	printf("badcall: two threads write 40 lines each; look for mixed "
	       "lines\n");
	fflush(stdout);
	pthread_create(&a, NULL, writer, &ca);
	pthread_create(&b, NULL, writer, &cb);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("badcall: %s: done (the test checks the lines)\n", mode);
	return 0;
}

/* ---- main ----------------------------------------------------------- */

struct mode {
	const char *name;
	int (*run)(void);
};

static int m_kill_int_min(void)
{
	long r = kill(INT32_MIN, 0);

	if (r == 0)
		return bug("kill(INT_MIN, 0) succeeded: Linux says ESRCH");
	if (errno != ESRCH)
		return bug("kill(INT_MIN, 0): %s, not ESRCH", strerror(errno));
	return ok();
}

static int m_wait_int_min(void)
{
	long r = wait4(INT32_MIN, NULL, WNOHANG, NULL);

	if (r >= 0)
		return bug("wait4(INT_MIN) returned %ld: Linux says ESRCH", r);
	if (errno != ESRCH)
		return bug("wait4(INT_MIN): %s, not ESRCH", strerror(errno));
	return ok();
}

/* poll() on an array at an odd address: the kernel writes each revents
 * back by byte offset (UBSAN reported a member access through the
 * misaligned user pointer). */
static int m_poll_misaligned(void)
{
	static char buf[2 * sizeof(struct pollfd) + 1];
	struct pollfd pfd = { .events = POLLIN };
	int p[2];
	long r;

	if (pipe(p) || write(p[1], "x", 1) != 1)
		return bug("pipe: %s", strerror(errno));
	pfd.fd = p[0];
	memcpy(buf + 1, &pfd, sizeof(pfd));
	r = syscall(SYS_poll, buf + 1, 1, 0);
	memcpy(&pfd, buf + 1, sizeof(pfd));
	close(p[0]);
	close(p[1]);
	if (r != 1 || !(pfd.revents & POLLIN))
		return bug("poll of a misaligned array: %ld, revents %#x", r,
			   (unsigned)pfd.revents);
	return ok();
}

/* fcntl(F_SETOWN, INT_MIN): EINVAL, as Linux (negating INT_MIN for a
 * process group is undefined: UBSAN said so). */
static int m_setown_int_min(void)
{
	int p[2];
	long r;

	if (pipe(p))
		return bug("pipe: %s", strerror(errno));
	r = fcntl(p[0], F_SETOWN, INT32_MIN);
	close(p[0]);
	close(p[1]);
	if (r == 0)
		return bug("F_SETOWN INT_MIN succeeded: Linux says EINVAL");
	if (errno != EINVAL)
		return bug("F_SETOWN INT_MIN: %s, not EINVAL", strerror(errno));
	return ok();
}

/* capget() with an unknown version in a header at an odd address: EINVAL
 * and version 3 written back (UBSAN reported the member access through
 * the misaligned pointer, as for poll). */
static int m_capget_misaligned(void)
{
	static char buf[2 * sizeof(uint32_t) + 1];
	uint32_t hdr[2] = { 0x12345678, 0 }, data[6];
	long r;

	memcpy(buf + 1, hdr, sizeof(hdr));
	r = syscall(SYS_capget, buf + 1, data);
	memcpy(hdr, buf + 1, sizeof(hdr));
	if (r != -1 || errno != EINVAL || hdr[0] != 0x20080522)
		return bug("capget of a misaligned header: %ld (%s), version %#x",
			   r, strerror(errno), hdr[0]);
	return ok();
}

/* A sched_attr whose size field is bad (E2BIG) is read, and answered,
 * at an odd address: the size comes back as the kernel's own (56). */
static int m_sched_attr_misaligned(void)
{
	static char buf[64 + 1];
	uint32_t size = 4, back;
	long r;

	memset(buf, 0, sizeof(buf));
	memcpy(buf + 1, &size, sizeof(size));	/* smaller than any version */
	r = syscall(SYS_sched_setattr, 0, buf + 1, 0);
	memcpy(&back, buf + 1, sizeof(back));
	if (r != -1 || errno != E2BIG || back != 56)
		return bug("sched_setattr of a misaligned struct: %ld (%s), "
			   "size %u", r, strerror(errno), back);
	memset(buf, 0, sizeof(buf));
	size = 4096 + 8;			/* past a page: E2BIG, size told */
	memcpy(buf + 1, &size, sizeof(size));
	r = syscall(SYS_sched_setattr, 0, buf + 1, 0);
	memcpy(&back, buf + 1, sizeof(back));
	if (r != -1 || errno != E2BIG || back != 56)
		return bug("sched_setattr of a misaligned oversized struct: %ld "
			   "(%s), size %u", r, strerror(errno), back);
	return ok();
}

static int m_mremap_fixed_self(void)
{
	char *a = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	void *r;

	if (a == MAP_FAILED)
		return bug("mmap: %s", strerror(errno));
	r = mremap(a, 0, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, a);
	if (r != MAP_FAILED || errno != EFAULT)
		return bug("mremap of a shared page onto itself: %p (%s)", r,
			   strerror(errno));
	munmap(a, 4096);
	return ok();
}

static int m_seq_lseek_overflow(void)
{
	char buf[16];
	int fd = open("/proc/self/status", O_RDONLY);
	off_t a, b;

	if (fd < 0 || read(fd, buf, sizeof(buf)) != sizeof(buf))
		return bug("open /proc/self/status: %s", strerror(errno));
	a = lseek(fd, LLONG_MAX, SEEK_CUR);
	b = lseek(fd, LLONG_MAX, SEEK_END);
	close(fd);
	if (a != -1 || b != -1 || errno != EINVAL)
		return bug("lseek(LLONG_MAX) on /proc: %lld, %lld (%s)",
			   (long long)a, (long long)b, strerror(errno));
	return ok();
}

static const struct mode modes[] = {
	{ "munmap-huge", m_munmap_huge },
	{ "munmap-past-end", m_munmap_past_end },
	{ "mmap-fixed-huge", m_mmap_fixed_huge },
	{ "madvise-huge", m_madvise_huge },
	{ "fork-huge-vma", m_fork_huge_vma },
	{ "leader-exit-fork", m_leader_exit_fork },
	{ "leader-exit-kill", m_leader_exit_kill },
	{ "vfork-stopped", m_vfork_stopped },
	{ "clone-parent-sig", m_clone_parent_sig },
	{ "orphan-stopped", m_orphan_stopped },
	{ "tty-atomic", m_tty_atomic },
	{ "kill-int-min", m_kill_int_min },
	{ "wait-int-min", m_wait_int_min },
	{ "poll-misaligned", m_poll_misaligned },
	{ "setown-int-min", m_setown_int_min },
	{ "capget-misaligned", m_capget_misaligned },
	{ "sched-attr-misaligned", m_sched_attr_misaligned },
	{ "seq-lseek-overflow", m_seq_lseek_overflow },
	{ "mremap-fixed-self", m_mremap_fixed_self },
};
#define NMODES (int)(sizeof(modes) / sizeof(modes[0]))

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: badcall MODE (badcall list)\n");
		return 2;
	}
	if (!strcmp(argv[1], "list")) {
		for (int i = 0; i < NMODES; i++)
			printf("%s\n", modes[i].name);
		return 0;
	}
	if (!ulib_on_taskbase()) {
		ulib_err("badcall", "refusing to run: this is not Taskbase");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	mode = argv[1];
	for (int i = 0; i < NMODES; i++)
		if (!strcmp(modes[i].name, mode))
			return modes[i].run();
	ulib_err("badcall", "unknown mode: %s (badcall list)", mode);
	return 2;
}
