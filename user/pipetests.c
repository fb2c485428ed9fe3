/*
 * pipetests: pipes and named pipes (FIFOs) as Linux has them, tested from
 * user space (issue 17: the LTP tests dup05, fcntl07, fsync03, lseek02,
 * read03, select01, write04, fcntl30, fcntl35, fcntl37, pipe2_04 and
 * fcntl31 taught these).
 *
 *   pipetests [NAME]...     run every test, or only the ones named
 *   pipetests --tty-sigio   O_ASYNC on the terminal (fd 0): wait for the
 *                           F_SETSIG signal a typed line sends, and say
 *                           what its siginfo held (test_pipetests.py)
 *
 * Prints TAP (user/lib/tap.c): "1..N", "ok N - name" or "not ok N - name:
 * reason", then "# pipetests: P passed, F failed"; exit status 1 if a
 * test failed.
 *
 * What is tested: a FIFO's open rules (a reader waits for a writer and a
 * writer for a reader; O_NONBLOCK; O_RDWR; a signal ends the wait or
 * restarts it), one buffer shared by every open of the FIFO and gone
 * with the last close, EOF, SIGPIPE, poll and select, lseek and fsync;
 * the pipe size (F_GETPIPE_SZ, F_SETPIPE_SZ, /proc/sys/fs/pipe-max-size);
 * and O_ASYNC: SIGIO, or the F_SETSIG signal with si_fd and si_band,
 * sent to the owner (F_SETOWN, F_SETOWN_EX) when the pipe changes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "ulib.h"

#define TEST_TIMEOUT 20		/* seconds one test may take */
#define FIFO "/tmp/pipetests.fifo"
#define MAX_SIZE_FILE "/proc/sys/fs/pipe-max-size"

static volatile sig_atomic_t got_signal;
static volatile siginfo_t got_info;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_signal = sig;
	got_info = *si;
}

/* Catch @sig; @flags SA_RESTART or 0. */
static void catch_signal(int sig, int flags)
{
	struct sigaction sa = { .sa_sigaction = on_signal,
				.sa_flags = SA_SIGINFO | flags };

	sigaction(sig, &sa, NULL);
	got_signal = 0;
}

/* A fresh FIFO at FIFO; 0 or -1. */
static int make_fifo(void)
{
	unlink(FIFO);
	return mkfifo(FIFO, 0600);
}

/* A child that sleeps @ms, opens FIFO with @flags, writes @msg (if any)
 * and exits; its pid. */
static pid_t child_opens(int ms, int flags, const char *msg)
{
	pid_t pid = fork();

	if (pid == 0) {
		int fd;

		usleep(ms * 1000);
		fd = open(FIFO, flags);
		if (fd < 0)
			_exit(1);
		if (msg && write(fd, msg, strlen(msg)) != (ssize_t)strlen(msg))
			_exit(2);
		_exit(0);
	}
	return pid;
}

/* Did child @pid exit with status 0? */
static int child_ok(pid_t pid)
{
	int st;

	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	       WEXITSTATUS(st) == 0;
}

/* Is there something to read on @fd within @ms? */
static int readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

/* ---- FIFO opens ---------------------------------------------------------- */

/* A reader's open waits for the writer, then reads its bytes and EOF. */
static int test_fifo_open_pair(void)
{
	char buf[8] = "";
	pid_t pid;
	int fd;

	CHECK(make_fifo() == 0);
	pid = child_opens(100, O_WRONLY, "hi");
	fd = open(FIFO, O_RDONLY);
	CHECK(fd >= 0);
	CHECK(read(fd, buf, sizeof(buf)) == 2 && memcmp(buf, "hi", 2) == 0);
	CHECK(child_ok(pid));
	CHECK(read(fd, buf, sizeof(buf)) == 0);	/* the writer is gone */
	close(fd);
	return 0;
}

/* A writer's open waits for a reader. */
static int test_fifo_writer_waits(void)
{
	char buf[8] = "";
	pid_t pid;
	int fd;

	CHECK(make_fifo() == 0);
	pid = fork();
	if (pid == 0) {
		usleep(100 * 1000);
		fd = open(FIFO, O_RDONLY);
		_exit(fd >= 0 && read(fd, buf, 3) == 3 && !memcmp(buf, "abc", 3) ?
		      0 : 1);
	}
	fd = open(FIFO, O_WRONLY);
	CHECK(fd >= 0);
	CHECK(write(fd, "abc", 3) == 3);
	CHECK(child_ok(pid));
	close(fd);
	return 0;
}

/* O_NONBLOCK: a reader opens at once and reads EOF, without EPOLLHUP
 * until a writer has come; a writer without a reader gets ENXIO. */
static int test_fifo_nonblock(void)
{
	struct pollfd p;
	char c;
	int rd, wr;

	CHECK(make_fifo() == 0);
	CHECK(open(FIFO, O_WRONLY | O_NONBLOCK) == -1 && errno == ENXIO);
	rd = open(FIFO, O_RDONLY | O_NONBLOCK);
	CHECK(rd >= 0);
	CHECK(read(rd, &c, 1) == 0);
	p = (struct pollfd){ .fd = rd, .events = POLLIN };
	CHECK(poll(&p, 1, 0) == 0);
	wr = open(FIFO, O_WRONLY | O_NONBLOCK);
	CHECK(wr >= 0);
	CHECK(read(rd, &c, 1) == -1 && errno == EAGAIN);
	close(wr);
	CHECK(poll(&p, 1, 0) == 1 && (p.revents & POLLHUP));
	close(rd);
	return 0;
}

/* O_RDWR never waits: the one file reads what it wrote. */
static int test_fifo_rdwr(void)
{
	char buf[8] = "";
	int fd;

	CHECK(make_fifo() == 0);
	fd = open(FIFO, O_RDWR);
	CHECK(fd >= 0);
	CHECK(write(fd, "xyz", 3) == 3);
	CHECK(read(fd, buf, sizeof(buf)) == 3 && !memcmp(buf, "xyz", 3));
	close(fd);
	return 0;
}

/* Every open shares one buffer, which goes with the last close. */
static int test_fifo_shared_buffer(void)
{
	char buf[8] = "";
	int a, b, c;

	CHECK(make_fifo() == 0);
	a = open(FIFO, O_RDWR);
	b = open(FIFO, O_WRONLY);
	c = open(FIFO, O_RDONLY | O_NONBLOCK);
	CHECK(a >= 0 && b >= 0 && c >= 0);
	CHECK(write(b, "12", 2) == 2 && write(a, "3", 1) == 1);
	CHECK(read(c, buf, sizeof(buf)) == 3 && !memcmp(buf, "123", 3));
	CHECK(write(b, "left", 4) == 4);
	close(a);
	close(b);
	close(c);
	a = open(FIFO, O_RDWR);
	CHECK(a >= 0);
	CHECK(fcntl(a, F_SETFL, O_NONBLOCK) == 0);
	CHECK(read(a, buf, sizeof(buf)) == -1 && errno == EAGAIN);
	close(a);
	return 0;
}

/* A signal ends a waiting open: EINTR, or a restart under SA_RESTART. */
static int test_fifo_open_eintr(void)
{
	struct itimerval t = { .it_value = { 0, 100 * 1000 } };
	pid_t pid;
	int fd;

	CHECK(make_fifo() == 0);
	catch_signal(SIGALRM, 0);
	CHECK(setitimer(ITIMER_REAL, &t, NULL) == 0);
	CHECK(open(FIFO, O_RDONLY) == -1 && errno == EINTR);
	CHECK(got_signal == SIGALRM);
	catch_signal(SIGALRM, SA_RESTART);
	CHECK(setitimer(ITIMER_REAL, &t, NULL) == 0);
	pid = child_opens(400, O_WRONLY, "r");
	fd = open(FIFO, O_RDONLY);
	CHECK(fd >= 0 && got_signal == SIGALRM);
	CHECK(readable(fd, 2000));
	CHECK(child_ok(pid));
	close(fd);
	return 0;
}

/* EOF when the last writer closes; EPIPE and SIGPIPE with no reader. */
static int test_fifo_eof_epipe(void)
{
	char c;
	int rd, wr, wr2;

	CHECK(make_fifo() == 0);
	rd = open(FIFO, O_RDONLY | O_NONBLOCK);
	wr = open(FIFO, O_WRONLY);
	wr2 = open(FIFO, O_WRONLY);
	CHECK(rd >= 0 && wr >= 0 && wr2 >= 0);
	CHECK(fcntl(rd, F_SETFL, 0) == 0);
	close(wr);
	CHECK(write(wr2, "z", 1) == 1);
	close(wr2);
	CHECK(read(rd, &c, 1) == 1 && c == 'z');
	CHECK(read(rd, &c, 1) == 0);
	wr = open(FIFO, O_WRONLY | O_NONBLOCK);
	CHECK(wr >= 0);
	close(rd);
	catch_signal(SIGPIPE, 0);
	CHECK(write(wr, "z", 1) == -1 && errno == EPIPE);
	CHECK(got_signal == SIGPIPE);
	close(wr);
	return 0;
}

/* What a FIFO is not: seekable, syncable. select sees it as a pipe. */
static int test_fifo_kinds(void)
{
	struct timeval tv = { 0, 0 };
	struct stat st;
	fd_set r, w;
	int fd;

	CHECK(make_fifo() == 0);
	CHECK(stat(FIFO, &st) == 0 && S_ISFIFO(st.st_mode));
	fd = open(FIFO, O_RDWR);
	CHECK(fd >= 0);
	CHECK(lseek(fd, 0, SEEK_SET) == -1 && errno == ESPIPE);
	CHECK(fsync(fd) == -1 && errno == EINVAL);
	CHECK(fcntl(fd, F_GETPIPE_SZ) == 65536);
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(fd, &r);
	FD_SET(fd, &w);
	CHECK(select(fd + 1, &r, &w, NULL, &tv) == 1 && FD_ISSET(fd, &w) &&
	      !FD_ISSET(fd, &r));
	CHECK(write(fd, "s", 1) == 1);
	FD_SET(fd, &r);
	CHECK(select(fd + 1, &r, NULL, NULL, &tv) == 1 && FD_ISSET(fd, &r));
	close(fd);
	CHECK(open(FIFO, 3 | O_NONBLOCK) == -1 && errno == EINVAL);	/* ioctl only */
	return 0;
}

/* ---- the pipe size ------------------------------------------------------- */

/* Fill @fd (non-blocking) to the brim: the bytes it took. */
static long fill(int fd)
{
	static char buf[4096];
	long total = 0, n;

	while ((n = write(fd, buf, sizeof(buf))) > 0)
		total += n;
	return total;
}

/* F_SETPIPE_SZ rounds up to a power-of-two number of pages, and the
 * pipe really holds that much; Linux's errors. */
static int test_pipe_size(void)
{
	int p[2], fd;
	char buf[8192];

	CHECK(pipe2(p, O_NONBLOCK) == 0);
	CHECK(fcntl(p[0], F_GETPIPE_SZ) == 65536);
	CHECK(fcntl(p[0], F_SETPIPE_SZ, 0) == 4096);
	CHECK(fcntl(p[1], F_GETPIPE_SZ) == 4096);
	CHECK(fill(p[1]) == 4096 && errno == EAGAIN);
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 5000) == 8192);
	CHECK(write(p[1], buf, 4096) == 4096);
	CHECK(write(p[1], buf, 1) == -1 && errno == EAGAIN);
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 4096) == -1 && errno == EBUSY);
	CHECK(read(p[0], buf, 8192) == 8192);
	CHECK(fcntl(p[1], F_SETPIPE_SZ, (1u << 31) + 1) == -1 && errno == EINVAL);
	fd = open("/proc/self/status", O_RDONLY);
	CHECK(fcntl(fd, F_GETPIPE_SZ) == -1 && errno == EBADF);
	return 0;
}

/* The bytes keep their order through a resize of a wrapped ring. */
static int test_pipe_resize_keeps_data(void)
{
	unsigned char out[3000], in[3000];
	int p[2];

	for (int i = 0; i < 3000; i++)
		out[i] = (unsigned char)(i * 7);
	CHECK(pipe(p) == 0);
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 4096) == 4096);
	CHECK(write(p[1], out, 3000) == 3000 && read(p[0], in, 3000) == 3000);
	CHECK(write(p[1], out, 3000) == 3000);	/* wraps round the ring */
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 16384) == 16384);
	CHECK(read(p[0], in, 3000) == 3000 && !memcmp(in, out, 3000));
	return 0;
}

/* A writer asleep on a full pipe goes on when the pipe grows. */
static int test_pipe_grow_wakes_writer(void)
{
	static char buf[8192];
	pid_t pid;
	int p[2];

	CHECK(pipe(p) == 0);
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 4096) == 4096);
	pid = fork();
	if (pid == 0)
		_exit(write(p[1], buf, 8192) == 8192 ? 0 : 1);
	usleep(100 * 1000);
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 8192) == 8192);
	CHECK(child_ok(pid));
	CHECK(read(p[0], buf, 8192) == 8192);
	return 0;
}

static long read_max_size(void)
{
	char buf[32] = "";
	int fd = open(MAX_SIZE_FILE, O_RDONLY);
	long n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	if (fd >= 0)
		close(fd);
	return n > 0 ? atol(buf) : -1;
}

static int write_max_size(const char *v)
{
	int fd = open(MAX_SIZE_FILE, O_WRONLY);
	int ok = fd >= 0 && write(fd, v, strlen(v)) == (ssize_t)strlen(v);

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

/* The unprivileged child of test_pipe_max_size: 0 if all holds. */
static int max_size_child(void)
{
	int p[2];

	if (setuid(65534) != 0 || pipe(p) != 0)
		return 1;
	if (fcntl(p[0], F_GETPIPE_SZ) != 4096)
		return 2;	/* a new pipe keeps to pipe-max-size */
	if (fcntl(p[0], F_SETPIPE_SZ, 8192) != -1 || errno != EPERM)
		return 3;
	if (write_max_size("8192") != -1 || errno != EACCES)
		return 4;
	return 0;
}

/* /proc/sys/fs/pipe-max-size: Linux's default, rounded when root writes
 * it, binding users but not root (CAP_SYS_RESOURCE). */
static int test_pipe_max_size(void)
{
	int p[2], ret;
	pid_t pid;

	CHECK(read_max_size() == 1048576);
	CHECK(write_max_size("5000") == 0 && read_max_size() == 8192);
	CHECK(write_max_size("4294967295") == -1 && errno == EINVAL);
	CHECK(write_max_size("4096") == 0);
	pid = fork();
	if (pid == 0)
		_exit(max_size_child());
	ret = child_ok(pid);
	CHECK(pipe(p) == 0 && fcntl(p[0], F_GETPIPE_SZ) == 65536);
	CHECK(fcntl(p[0], F_SETPIPE_SZ, 2 << 20) == 2 << 20);
	CHECK(write_max_size("1048576") == 0);
	if (!ret)
		return tap_fail("the unprivileged child failed");
	return 0;
}

/* ---- O_ASYNC: SIGIO -------------------------------------------------------- */

/* Block @sig and wait up to 2 s for it: the signal taken, or -1. */
static int wait_signal(int sig, siginfo_t *si, int ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	return sigtimedwait(&set, si, &t);
}

static void block_signal(int sig)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_BLOCK, &set, NULL);
}

/* O_ASYNC with an owner: SIGIO when another process writes; none once
 * O_ASYNC is off again. */
static int test_sigio_pipe(void)
{
	siginfo_t si;
	pid_t pid;
	int p[2];
	char c;

	block_signal(SIGIO);
	CHECK(pipe(p) == 0);
	CHECK(fcntl(p[0], F_GETSIG) == 0);
	CHECK(fcntl(p[0], F_SETOWN, getpid()) == 0);
	CHECK(fcntl(p[0], F_SETFL, O_ASYNC) == 0);
	CHECK(fcntl(p[0], F_GETFL) & O_ASYNC);
	pid = fork();
	if (pid == 0)
		_exit(write(p[1], "a", 1) == 1 ? 0 : 1);
	CHECK(wait_signal(SIGIO, &si, 2000) == SIGIO);
	CHECK(child_ok(pid));
	CHECK(read(p[0], &c, 1) == 1);
	CHECK(fcntl(p[0], F_SETFL, 0) == 0);
	CHECK(write(p[1], "b", 1) == 1);
	CHECK(wait_signal(SIGIO, &si, 100) == -1 && errno == EAGAIN);
	return 0;
}

/* F_SETSIG: that signal, with si_code, si_fd and si_band; a reader's
 * read tells the writer's owner of room (POLL_OUT). */
static int test_sigio_setsig_info(void)
{
	siginfo_t si;
	int p[2];
	char c;

	block_signal(SIGRTMIN);
	CHECK(pipe(p) == 0);
	CHECK(fcntl(p[0], F_SETSIG, 65) == -1 && errno == EINVAL);
	CHECK(fcntl(p[0], F_SETSIG, SIGRTMIN) == 0);
	CHECK(fcntl(p[0], F_GETSIG) == SIGRTMIN);
	CHECK(fcntl(p[1], F_SETSIG, SIGRTMIN) == 0);
	CHECK(fcntl(p[0], F_SETOWN, getpid()) == 0);
	CHECK(fcntl(p[1], F_SETOWN, getpid()) == 0);
	CHECK(fcntl(p[0], F_SETFL, O_ASYNC) == 0);
	CHECK(write(p[1], "a", 1) == 1);
	CHECK(wait_signal(SIGRTMIN, &si, 2000) == SIGRTMIN);
	CHECK(si.si_code == POLL_IN && si.si_fd == p[0]);
	CHECK((si.si_band & (POLLIN | POLLRDNORM)) == (POLLIN | POLLRDNORM));
	CHECK(fcntl(p[1], F_SETFL, O_ASYNC) == 0);
	CHECK(read(p[0], &c, 1) == 1);
	CHECK(wait_signal(SIGRTMIN, &si, 2000) == SIGRTMIN);
	CHECK(si.si_code == POLL_OUT && si.si_fd == p[1]);
	CHECK(si.si_band & POLLOUT);
	return 0;
}

/* signalfd reads O_ASYNC's signal with ssi_fd and ssi_band. */
static int test_sigio_signalfd(void)
{
	struct signalfd_siginfo ssi;
	sigset_t set;
	int p[2], sfd;

	block_signal(SIGRTMIN + 1);
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 1);
	CHECK((sfd = signalfd(-1, &set, 0)) >= 0);
	CHECK(pipe(p) == 0);
	CHECK(fcntl(p[0], F_SETSIG, SIGRTMIN + 1) == 0);
	CHECK(fcntl(p[0], F_SETOWN, getpid()) == 0);
	CHECK(fcntl(p[0], F_SETFL, O_ASYNC) == 0);
	CHECK(write(p[1], "s", 1) == 1);
	CHECK(read(sfd, &ssi, sizeof(ssi)) == sizeof(ssi));
	CHECK((int)ssi.ssi_signo == SIGRTMIN + 1 && ssi.ssi_code == POLL_IN);
	CHECK(ssi.ssi_fd == p[0] && (ssi.ssi_band & POLLIN) && ssi.ssi_pid == 0);
	return 0;
}

/* The owner as a thread (F_SETOWN_EX) or a process group (F_SETOWN -g):
 * each gets the signal; a handler sees si_fd too. A FIFO is a pipe. */
static int test_sigio_owners(void)
{
	struct f_owner_ex ex = { F_OWNER_TID, gettid() }, got;
	int fd;

	CHECK(make_fifo() == 0);
	fd = open(FIFO, O_RDWR);
	CHECK(fd >= 0);
	catch_signal(SIGUSR1, 0);
	CHECK(fcntl(fd, F_SETSIG, SIGUSR1) == 0);
	CHECK(fcntl(fd, F_SETOWN_EX, &ex) == 0);
	CHECK(fcntl(fd, F_GETOWN_EX, &got) == 0 && got.type == F_OWNER_TID &&
	      got.pid == ex.pid);
	CHECK(fcntl(fd, F_SETFL, O_ASYNC | O_NONBLOCK) == 0);
	CHECK(write(fd, "x", 1) == 1);
	CHECK(got_signal == SIGUSR1 && got_info.si_fd == fd);
	CHECK(setpgid(0, 0) == 0);
	CHECK(fcntl(fd, F_SETOWN, -getpgrp()) == 0);
	CHECK(fcntl(fd, F_GETOWN) == -getpgrp());
	got_signal = 0;
	CHECK(write(fd, "y", 1) == 1);
	CHECK(got_signal == SIGUSR1 && got_info.si_code == POLL_IN);
	close(fd);
	return 0;
}

/* --tty-sigio: the terminal's input sends O_ASYNC's signal. */
static int tty_sigio(void)
{
	char line[64];
	siginfo_t si;

	block_signal(SIGUSR1);
	if (fcntl(0, F_SETOWN, getpid()) || fcntl(0, F_SETSIG, SIGUSR1) ||
	    fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_ASYNC))
		return 1;
	printf("tty-sigio: type a line\n");
	fflush(stdout);
	if (wait_signal(SIGUSR1, &si, 10000) != SIGUSR1)
		return 2;
	printf("tty-sigio: signal %d fd %d code %d band %#lx\n", si.si_signo,
	       si.si_fd, si.si_code, (unsigned long)si.si_band);
	fcntl(0, F_SETFL, fcntl(0, F_GETFL) & ~O_ASYNC);
	return read(0, line, sizeof(line)) > 0 ? 0 : 3;
}

/* ---- the tests ----------------------------------------------------------- */

static const struct tap_test tests[] = {
	{ "fifo_open_pair", test_fifo_open_pair },
	{ "fifo_writer_waits", test_fifo_writer_waits },
	{ "fifo_nonblock", test_fifo_nonblock },
	{ "fifo_rdwr", test_fifo_rdwr },
	{ "fifo_shared_buffer", test_fifo_shared_buffer },
	{ "fifo_open_eintr", test_fifo_open_eintr },
	{ "fifo_eof_epipe", test_fifo_eof_epipe },
	{ "fifo_kinds", test_fifo_kinds },
	{ "pipe_size", test_pipe_size },
	{ "pipe_resize_keeps_data", test_pipe_resize_keeps_data },
	{ "pipe_grow_wakes_writer", test_pipe_grow_wakes_writer },
	{ "pipe_max_size", test_pipe_max_size },
	{ "sigio_pipe", test_sigio_pipe },
	{ "sigio_setsig_info", test_sigio_setsig_info },
	{ "sigio_signalfd", test_sigio_signalfd },
	{ "sigio_owners", test_sigio_owners },
};

#define NTESTS (int)(sizeof(tests) / sizeof(tests[0]))

int main(int argc, char **argv)
{
	int ret;

	if (argc == 2 && strcmp(argv[1], "--tty-sigio") == 0)
		return tty_sigio();
	ret = tap_run("pipetests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
	unlink(FIFO);
	return ret;
}
