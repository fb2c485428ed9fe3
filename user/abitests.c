/*
 * abitests: the Linux system calls that real programs and LTP reach for
 * (issue 17), each with its error cases, tested from user space.
 *
 *   abitests [NAME]...     run every test, or only the ones named
 *
 * Prints TAP like usertests: "1..N", "ok N - name" or "not ok N - name:
 * reason", then "# abitests: P passed, F failed"; exit status 1 if a test
 * failed. Each test runs in its own forked child under alarm() (the
 * runner is user/lib/tap.c tap_run()).
 *
 * System calls exercised: poll, ppoll, select, pselect6 (pipes, eventfd,
 * regular and /proc files, the console; timeouts, signals and masks,
 * Linux's errors), sendfile, fadvise64, execveat, timerfd_create,
 * timerfd_settime, timerfd_gettime, signalfd, signalfd4, fcntl record
 * locks (F_GETLK, F_SETLK, F_SETLKW, F_OFD_*), leases (F_SETLEASE,
 * F_GETLEASE, their break and lease-break-time), clone3, rseq, and the
 * queue of real-time signals (rt_sigqueueinfo, rt_sigtimedwait).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "tap.h"
#include "ulib.h"

#define TEST_TIMEOUT 20		/* seconds one test may take */

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

/* An O_PATH descriptor is not open for poll and select (Linux's fdget()
 * skips it): POLLNVAL and EBADF. Taskbase's has no file operations. */
static int test_poll_o_path(void)
{
	struct pollfd p;
	fd_set rd;
	int fd;

	CHECK((fd = open("/tmp", O_PATH)) >= 0);
	p = (struct pollfd){ fd, POLLIN | POLLOUT, 0 };
	CHECK(poll(&p, 1, 0) == 1 && p.revents == POLLNVAL);
	FD_ZERO(&rd);
	FD_SET(fd, &rd);
	errno = 0;
	CHECK(select(fd + 1, &rd, NULL, NULL, &(struct timeval){ 0, 0 }) == -1 &&
	      errno == EBADF);
	close(fd);
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

/* ---- sendfile, fadvise64 -------------------------------------------------- */

/* A file holding "hello world", open for reading at position 0. */
static int hello_file(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || write(fd, "hello world", 11) != 11)
		return -1;
	lseek(fd, 0, SEEK_SET);
	return fd;
}

/* sendfile from an offset (which moves, the file position does not) and
 * from the file position; Linux's errors. */
static int test_sendfile(void)
{
	char buf[16] = "";
	off_t off = 6;
	int fd, wr, fds[2];

	CHECK((fd = hello_file("/tmp/abitests.sf")) >= 0);
	CHECK(pipe(fds) == 0);
	CHECK(sendfile(fds[1], fd, &off, 5) == 5 && off == 11);
	CHECK(lseek(fd, 0, SEEK_CUR) == 0);
	CHECK(read(fds[0], buf, sizeof(buf)) == 5 && memcmp(buf, "world", 5) == 0);
	CHECK(sendfile(fds[1], fd, NULL, 100) == 11 && lseek(fd, 0, SEEK_CUR) == 11);
	CHECK(sendfile(fds[1], fd, NULL, 100) == 0);	/* end of file */
	errno = 0;
	CHECK(sendfile(fds[0], fd, NULL, 1) == -1 && errno == EBADF);
	CHECK((wr = open("/tmp/abitests.sf", O_WRONLY)) >= 0);
	errno = 0;
	CHECK(sendfile(fds[1], wr, NULL, 1) == -1 && errno == EBADF);
	close(wr);
	CHECK((wr = open("/tmp/abitests.sf2", O_WRONLY | O_CREAT | O_APPEND, 0600)) >= 0);
	errno = 0;
	CHECK(sendfile(wr, fd, NULL, 1) == -1 && errno == EINVAL);
	off = -1;
	errno = 0;
	CHECK(sendfile(fds[1], fd, &off, 1) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(sendfile(fds[1], fd, BAD_PTR, 1) == -1 && errno == EFAULT);
	off = 0;
	errno = 0;
	CHECK(sendfile(fds[1], fds[0], &off, 1) == -1 && errno == ESPIPE);
	unlink("/tmp/abitests.sf");
	unlink("/tmp/abitests.sf2");
	return 0;
}

/* posix_fadvise: accepted on files; EINVAL, ESPIPE, EBADF as Linux. */
static int test_fadvise(void)
{
	int fd, fds[2];

	CHECK((fd = hello_file("/tmp/abitests.fa")) >= 0);
	unlink("/tmp/abitests.fa");
	CHECK(pipe(fds) == 0);
	CHECK(posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL) == 0);
	CHECK(posix_fadvise(fd, 0, 4096, POSIX_FADV_DONTNEED) == 0);
	CHECK(posix_fadvise(fd, 0, 0, 99) == EINVAL);
	CHECK(posix_fadvise(fd, 0, -1, POSIX_FADV_NORMAL) == EINVAL);
	CHECK(posix_fadvise(fds[0], 0, 0, POSIX_FADV_NORMAL) == ESPIPE);
	CHECK(posix_fadvise(200, 0, 0, POSIX_FADV_NORMAL) == EBADF);
	return 0;
}

/* ---- execveat -------------------------------------------------------------- */

static const char *self_path = "/bin/abitests";

/* Fork; the child runs execveat(@dfd, @name, @flags) of "abitests
 * --exit 7". The child's exit status, or -errno of a failed execveat. */
static int execveat_status(int dfd, const char *name, int flags)
{
	char *argv[] = { "abitests", "--exit", "7", NULL };
	char *envp[] = { NULL };
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		syscall(SYS_execveat, dfd, name, argv, envp, flags);
		_exit(100 + errno);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1000;
	status = WEXITSTATUS(status);
	return status >= 100 ? -(status - 100) : status;
}

/* execveat relative to a directory fd, of an open file (AT_EMPTY_PATH),
 * and an absolute name (the fd is ignored); Linux's errors. */
static int test_execveat(void)
{
	const char *base = strrchr(self_path, '/') + 1;
	int dir, fd;

	CHECK((dir = open("/bin", O_RDONLY | O_DIRECTORY)) >= 0);
	CHECK((fd = open(self_path, O_RDONLY)) >= 0);
	CHECK(execveat_status(dir, base, 0) == 7);
	CHECK(execveat_status(fd, "", AT_EMPTY_PATH) == 7);
	CHECK(execveat_status(-1, self_path, 0) == 7);
	CHECK(execveat_status(dir, base, 0x4) == -EINVAL);
	CHECK(execveat_status(-1, base, 0) == -EBADF);
	CHECK(execveat_status(fd, base, 0) == -ENOTDIR);
	CHECK(execveat_status(dir, "", 0) == -ENOENT);
	unlink("/tmp/abitests.link");
	CHECK(symlink(self_path, "/tmp/abitests.link") == 0);
	CHECK(execveat_status(AT_FDCWD, "/tmp/abitests.link", 0) == 7);
	CHECK(execveat_status(AT_FDCWD, "/tmp/abitests.link", AT_SYMLINK_NOFOLLOW) == -ELOOP);
	unlink("/tmp/abitests.link");
	return 0;
}

/* ---- timerfd ---------------------------------------------------------------- */

/* One shot: nothing to read before, poll wakes at expiry, 1 expiration;
 * periodic: the expirations add up between reads; absolute times. */
static int test_timerfd(void)
{
	struct itimerspec once = { { 0, 0 }, { 0, 50000000 } };
	struct itimerspec every = { { 0, 20000000 }, { 0, 20000000 } };
	struct itimerspec cur, abs = { { 0, 0 }, { 0, 0 } };
	struct pollfd p;
	struct timespec now;
	uint64_t n;
	long t0;
	int fd;

	CHECK((fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)) >= 0);
	CHECK(read(fd, &n, 8) == -1 && errno == EAGAIN);
	CHECK(timerfd_settime(fd, 0, &once, NULL) == 0);
	p = (struct pollfd){ fd, POLLIN, 0 };
	CHECK(poll(&p, 1, 2000) == 1 && p.revents == POLLIN);
	CHECK(read(fd, &n, 8) == 8 && n == 1);
	CHECK(read(fd, &n, 8) == -1 && errno == EAGAIN);
	t0 = ulib_now_ms();
	CHECK(timerfd_settime(fd, 0, &every, NULL) == 0);
	ulib_sleep_ms(200);
	CHECK(read(fd, &n, 8) == 8);
	/* Every 20 ms since t0: at least 5 in 200 ms, and no more than the
	 * time passed allows (a loaded host may sleep us longer). */
	CHECK(n >= 5 && (long)n <= (ulib_now_ms() - t0) / 20 + 1);
	CHECK(timerfd_gettime(fd, &cur) == 0 && cur.it_interval.tv_nsec == 20000000);
	CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec <= 20000000);
	close(fd);
	CHECK((fd = timerfd_create(CLOCK_REALTIME, 0)) >= 0);
	clock_gettime(CLOCK_REALTIME, &now);
	abs.it_value.tv_sec = now.tv_sec + (now.tv_nsec >= 900000000);
	abs.it_value.tv_nsec = (now.tv_nsec + 100000000) % 1000000000;
	CHECK(timerfd_settime(fd, TFD_TIMER_ABSTIME, &abs, NULL) == 0);
	CHECK(read(fd, &n, 8) == 8 && n == 1);		/* blocks until then */
	once.it_value.tv_sec = 10;
	CHECK(timerfd_settime(fd, 0, &once, NULL) == 0);
	CHECK(timerfd_settime(fd, 0, &abs, &cur) == 0);	/* old setting back */
	CHECK(cur.it_value.tv_sec >= 8 && cur.it_value.tv_sec <= 10);
	return 0;
}

/* timerfd's errors, as Linux's. */
static int test_timerfd_errors(void)
{
	struct itimerspec v = { { 0, 0 }, { 1, 0 } }, bad = { { 0, 0 }, { 0, 1000000000 } };
	uint32_t small;
	int fd, fds[2];

	errno = 0;
	CHECK(timerfd_create(-1, 0) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(timerfd_create(CLOCK_MONOTONIC, 0x1234) == -1 && errno == EINVAL);
	CHECK((fd = timerfd_create(CLOCK_MONOTONIC, 0)) >= 0);
	CHECK(pipe(fds) == 0);
	errno = 0;
	CHECK(timerfd_settime(200, 0, &v, NULL) == -1 && errno == EBADF);
	errno = 0;
	CHECK(timerfd_settime(fds[0], 0, &v, NULL) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(timerfd_settime(fd, 0, &bad, NULL) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(timerfd_settime(fd, 4, &v, NULL) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(timerfd_settime(fd, 0, BAD_PTR, NULL) == -1 && errno == EFAULT);
	errno = 0;
	CHECK(timerfd_gettime(fd, BAD_PTR) == -1 && errno == EFAULT);
	errno = 0;
	CHECK(timerfd_gettime(fds[1], &v) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(read(fd, &small, 4) == -1 && errno == EINVAL);
	return 0;
}

/* ---- signalfd ---------------------------------------------------------------- */

/* Blocked signals are read from the descriptor with their sender; poll
 * sees them; a read blocks until one comes; the mask can be changed. */
static int test_signalfd(void)
{
	struct signalfd_siginfo si[2];
	sigset_t set;
	struct pollfd p;
	pthread_t t;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	CHECK((fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC)) >= 0);
	CHECK(read(fd, si, sizeof(si)) == -1 && errno == EAGAIN);
	p = (struct pollfd){ fd, POLLIN, 0 };
	CHECK(poll(&p, 1, 0) == 0);
	CHECK(kill(getpid(), SIGUSR1) == 0 && kill(getpid(), SIGUSR2) == 0);
	CHECK(poll(&p, 1, 0) == 1 && p.revents == POLLIN);
	CHECK(read(fd, si, sizeof(si)) == 2 * (ssize_t)sizeof(si[0]));
	CHECK(si[0].ssi_signo == SIGUSR1 && si[1].ssi_signo == SIGUSR2);
	CHECK(si[0].ssi_code == SI_USER && si[0].ssi_pid == (uint32_t)getpid());
	sigdelset(&set, SIGUSR1);
	CHECK(signalfd(fd, &set, 0) == fd);	/* now only SIGUSR2 */
	CHECK(kill(getpid(), SIGUSR1) == 0);
	CHECK(read(fd, si, sizeof(si)) == -1 && errno == EAGAIN);
	close(fd);
	sigaddset(&set, SIGUSR1);
	CHECK((fd = signalfd(-1, &set, 0)) >= 0);
	CHECK(read(fd, si, sizeof(si[0])) == sizeof(si[0]) && si[0].ssi_signo == SIGUSR1);
	main_thread = pthread_self();
	CHECK(pthread_create(&t, NULL, late_signal, NULL) == 0);
	CHECK(read(fd, si, sizeof(si[0])) == sizeof(si[0]) && si[0].ssi_signo == SIGUSR1);
	pthread_join(t, NULL);
	return 0;
}

/* signalfd's errors, as Linux's. */
static int test_signalfd_errors(void)
{
	sigset_t set;
	char small[64];
	int fd, fds[2];

	sigemptyset(&set);
	errno = 0;
	CHECK(syscall(SYS_signalfd4, -1, &set, 4, 0) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(syscall(SYS_signalfd4, -1, &set, 8, 0x1) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(syscall(SYS_signalfd4, -1, BAD_PTR, 8, 0) == -1 && errno == EFAULT);
	errno = 0;
	CHECK(syscall(SYS_signalfd4, 200, &set, 8, 0) == -1 && errno == EBADF);
	CHECK(pipe(fds) == 0);
	errno = 0;
	CHECK(syscall(SYS_signalfd4, fds[0], &set, 8, 0) == -1 && errno == EINVAL);
	CHECK((fd = signalfd(-1, &set, 0)) >= 0);
	errno = 0;
	CHECK(read(fd, small, sizeof(small)) == -1 && errno == EINVAL);
	return 0;
}

/* ---- fcntl record locks --------------------------------------------------------- */

/* fcntl(@fd, @cmd) on the range [@start, @start + @len) of type @type;
 * the result, with *@fl what the kernel wrote back. */
static int lk(int fd, int cmd, short type, off_t start, off_t len, struct flock *fl)
{
	*fl = (struct flock){ .l_type = type, .l_whence = SEEK_SET,
			      .l_start = start, .l_len = len };
	return fcntl(fd, cmd, fl);
}

/* The lock type another process sees at [@start, +@len) of @path (F_GETLK
 * for a write lock from a child), its start and length in *@fl. */
static int seen_by_child(const char *path, off_t start, off_t len, struct flock *out)
{
	int fds[2], status;
	pid_t pid;

	if (pipe(fds) < 0 || (pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		struct flock fl;
		int fd = open(path, O_RDWR);

		if (fd < 0 || lk(fd, F_GETLK, F_WRLCK, start, len, &fl) < 0)
			_exit(1);
		write(fds[1], &fl, sizeof(fl));
		_exit(0);
	}
	close(fds[1]);
	status = read(fds[0], out, sizeof(*out)) == sizeof(*out) ? 0 : -1;
	close(fds[0]);
	waitpid(pid, NULL, 0);
	return status ? -1 : out->l_type;
}

/* POSIX locks: another process sees them (F_GETLK names the holder),
 * ranges split and merge, any close of the file drops them. */
static int test_fcntl_locks(void)
{
	const char *path = "/tmp/abitests.lk";
	struct flock fl;
	int fd, dup_fd;

	CHECK((fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600)) >= 0);
	CHECK(lk(fd, F_SETLK, F_WRLCK, 0, 10, &fl) == 0);
	CHECK(seen_by_child(path, 5, 1, &fl) == F_WRLCK);
	CHECK(fl.l_start == 0 && fl.l_len == 10 && fl.l_pid == getpid());
	CHECK(seen_by_child(path, 10, 5, &fl) == F_UNLCK);
	CHECK(lk(fd, F_SETLK, F_WRLCK, 0, 100, &fl) == 0);
	CHECK(lk(fd, F_SETLK, F_UNLCK, 40, 20, &fl) == 0);	/* split */
	CHECK(seen_by_child(path, 45, 10, &fl) == F_UNLCK);
	CHECK(seen_by_child(path, 50, 100, &fl) == F_WRLCK && fl.l_start == 60 && fl.l_len == 40);
	CHECK(lk(fd, F_SETLK, F_RDLCK, 0, 60, &fl) == 0);	/* merge with... */
	CHECK(lk(fd, F_SETLK, F_RDLCK, 60, 0, &fl) == 0);	/* ...to the end */
	CHECK(seen_by_child(path, 0, 1000, &fl) == F_RDLCK && fl.l_start == 0 && fl.l_len == 0);
	CHECK(lk(fd, F_SETLK, F_WRLCK, 10, 5, &fl) == 0);
	CHECK(lk(fd, F_SETLK, F_RDLCK, 1, 5, &fl) == 0);
	/* Of several conflicts F_GETLK names the first by offset (LTP's
	 * fcntl11 and fcntl21). */
	CHECK(seen_by_child(path, 0, 0, &fl) == F_RDLCK && fl.l_start == 0);
	CHECK(lk(fd, F_SETLK, F_UNLCK, 0, 0, &fl) == 0);
	CHECK(lk(fd, F_SETLK, F_WRLCK, 10, 5, &fl) == 0);
	CHECK(lk(fd, F_SETLK, F_RDLCK, 1, 5, &fl) == 0);
	CHECK(seen_by_child(path, 0, 0, &fl) == F_RDLCK && fl.l_start == 1 && fl.l_len == 5);
	/* A negative start is EINVAL before a negative length is added to
	 * it: their sum would overflow (UBSAN's report in kernel/fs/locks.c). */
	CHECK(lk(fd, F_SETLK, F_WRLCK, -8133332944278255674LL,
		 -8968560001788716775LL, &fl) == -1 && errno == EINVAL);
	CHECK((dup_fd = open(path, O_RDONLY)) >= 0);
	close(dup_fd);				/* any close drops them */
	CHECK(seen_by_child(path, 0, 0, &fl) == F_UNLCK);
	unlink(path);
	return 0;
}

/* F_SETLKW waits for the holder; waiting on each other is EDEADLK; a
 * process's locks go when it exits. */
static int test_fcntl_setlkw(void)
{
	const char *path = "/tmp/abitests.lkw";
	struct flock fl;
	int fd, fds[2];
	char c;
	pid_t pid;
	long t0;

	CHECK((fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600)) >= 0);
	CHECK(pipe(fds) == 0);
	CHECK(lk(fd, F_SETLK, F_WRLCK, 0, 1, &fl) == 0);		/* A */
	CHECK((pid = fork()) >= 0);
	if (pid == 0) {
		int cfd = open(path, O_RDWR);

		if (lk(cfd, F_SETLK, F_WRLCK, 1, 1, &fl) != 0)	/* B */
			_exit(1);
		write(fds[1], "b", 1);
		if (lk(cfd, F_SETLKW, F_WRLCK, 0, 1, &fl) != 0)	/* waits for A */
			_exit(2);
		ulib_sleep_ms(300);
		_exit(0);
	}
	CHECK(read(fds[0], &c, 1) == 1);
	ulib_sleep_ms(100);
	errno = 0;
	CHECK(lk(fd, F_SETLKW, F_WRLCK, 1, 1, &fl) == -1 && errno == EDEADLK);
	errno = 0;
	CHECK(lk(fd, F_SETLK, F_WRLCK, 1, 1, &fl) == -1 && errno == EAGAIN);
	CHECK(lk(fd, F_SETLK, F_UNLCK, 0, 1, &fl) == 0);	/* the child gets A */
	t0 = ulib_now_ms();
	CHECK(lk(fd, F_SETLKW, F_WRLCK, 0, 2, &fl) == 0);	/* free at its exit */
	CHECK(ulib_now_ms() - t0 >= 100);
	CHECK(waitpid(pid, &fl.l_pid, 0) == pid && fl.l_pid == 0);
	unlink(path);
	return 0;
}

/* Child of test_fcntl_deadlock: lock [@start, +5), say so on @ready,
 * then (after a byte on @go, if any) wait for [@wstart, +@wlen). Exit 0
 * when that wait ends as @want says (0: the lock, else that errno). */
static void lock_then_wait(const char *path, int ready, int go, off_t start,
			   off_t wstart, off_t wlen, int want)
{
	struct flock fl;
	int fd = open(path, O_RDWR);
	char c;

	if (fd < 0 || lk(fd, F_SETLK, F_WRLCK, start, 5, &fl) != 0)
		_exit(10);
	write(ready, "r", 1);
	if (go >= 0 && read(go, &c, 1) != 1)
		_exit(11);
	if (lk(fd, F_SETLKW, F_WRLCK, wstart, wlen, &fl) == 0)
		_exit(want == 0 ? 0 : 12);
	_exit(errno == want ? 0 : 13);
}

/*
 * LTP's fcntl17: A holds [2,7), B [9,14), C [17,22). B waits for C's
 * bytes; C waits for [2,16), held by A and B. While A holds its part C
 * just waits; once A lets go, C's wait would close the circle with B:
 * EDEADLK for C, whose exit then lets B have its lock.
 */
static int test_fcntl_deadlock(void)
{
	const char *path = "/tmp/abitests.dl";
	int ready[2], go[2], fd, sb, sc;
	struct flock fl;
	pid_t b, c;
	char ch;

	CHECK((fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600)) >= 0);
	CHECK(pipe(ready) == 0 && pipe(go) == 0);
	CHECK(lk(fd, F_SETLK, F_WRLCK, 2, 5, &fl) == 0);		/* A */
	CHECK((c = fork()) >= 0);
	if (c == 0)
		lock_then_wait(path, ready[1], go[0], 17, 2, 14, EDEADLK);
	CHECK(read(ready[0], &ch, 1) == 1);
	CHECK((b = fork()) >= 0);
	if (b == 0)
		lock_then_wait(path, ready[1], -1, 9, 17, 5, 0);
	CHECK(read(ready[0], &ch, 1) == 1);
	ulib_sleep_ms(100);			/* B waits for C */
	CHECK(write(go[1], "g", 1) == 1);
	ulib_sleep_ms(100);			/* C waits for A */
	CHECK(lk(fd, F_SETLK, F_UNLCK, 2, 5, &fl) == 0);
	CHECK(waitpid(c, &sc, 0) == c && waitpid(b, &sb, 0) == b);
	if (!WIFEXITED(sc) || WEXITSTATUS(sc) || !WIFEXITED(sb) || WEXITSTATUS(sb))
		return tap_fail("C status %#x, B status %#x", sc, sb);
	unlink(path);
	return 0;
}

/* fsync and fdatasync: 0 for files and directories, EINVAL for what
 * cannot be synced (LTP's fdatasync02: /dev/null). */
/* ---- leases ---- */

#define LEASE_FILE "/tmp/abitests.lease"
#define LEASE_TIME "/proc/sys/fs/lease-break-time"

/* A child that opens LEASE_FILE with @flags (breaking a lease); 0 from
 * it when the open succeeded. */
static pid_t lease_breaker(int flags)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(open(LEASE_FILE, flags) >= 0 ? 0 : 1);
	return pid;
}

static int exited_ok(pid_t pid)
{
	int st;

	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* F_SETLEASE's rules, Linux's errors. */
static int test_lease_rules(void)
{
	int fd, rw, p[2];
	pid_t pid;

	signal(SIGIO, SIG_IGN);		/* our own open breaks our lease */
	CHECK((rw = open(LEASE_FILE, O_RDWR | O_CREAT | O_TRUNC, 0644)) >= 0);
	CHECK(fcntl(rw, F_SETLEASE, F_RDLCK) == -1 && errno == EAGAIN);
	CHECK(fcntl(rw, F_SETLEASE, 5) == -1 && errno == EINVAL);
	CHECK(fcntl(rw, F_SETLEASE, F_WRLCK) == 0);
	CHECK(fcntl(rw, F_GETLEASE) == F_WRLCK);
	CHECK(open(LEASE_FILE, O_RDONLY | O_NONBLOCK) == -1 && errno == EWOULDBLOCK);
	CHECK(fcntl(rw, F_GETLEASE) == F_RDLCK);	/* asked to go down */
	CHECK(fcntl(rw, F_SETLEASE, F_UNLCK) == 0);
	CHECK(fcntl(rw, F_SETLEASE, F_UNLCK) == -1 && errno == EAGAIN);
	close(rw);
	CHECK((fd = open(LEASE_FILE, O_RDONLY)) >= 0);
	CHECK(fcntl(fd, F_SETLEASE, F_RDLCK) == 0 && fcntl(fd, F_GETLEASE) == F_RDLCK);
	pid = lease_breaker(O_RDONLY);		/* readers share a read lease */
	CHECK(exited_ok(pid));
	CHECK(fcntl(fd, F_GETLEASE) == F_RDLCK);
	pid = fork();
	if (pid == 0)				/* not the file's owner */
		_exit(setuid(65534) == 0 && fcntl(fd, F_SETLEASE, F_RDLCK) == -1 &&
		      errno == EACCES ? 0 : 1);
	CHECK(exited_ok(pid));
	CHECK(pipe(p) == 0);
	CHECK(fcntl(p[0], F_SETLEASE, F_RDLCK) == -1 && errno == EINVAL);
	return 0;
}

/* An open for writing breaks a read lease: the holder gets its F_SETSIG
 * signal (POLL_MSG, si_fd), the opener waits until it lets go. */
static int test_lease_break(void)
{
	struct timespec t = { 5, 0 };
	sigset_t set;
	siginfo_t si;
	pid_t pid;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	CHECK(close(open(LEASE_FILE, O_RDWR | O_CREAT | O_TRUNC, 0644)) == 0);
	CHECK((fd = open(LEASE_FILE, O_RDONLY)) >= 0);
	CHECK(fcntl(fd, F_SETSIG, SIGUSR1) == 0);
	CHECK(fcntl(fd, F_SETLEASE, F_RDLCK) == 0);
	CHECK(fcntl(fd, F_GETOWN) == getpid());	/* the holder is told */
	pid = lease_breaker(O_WRONLY);
	CHECK(sigtimedwait(&set, &si, &t) == SIGUSR1);
	CHECK(si.si_code == POLL_MSG && si.si_fd == fd);
	CHECK(fcntl(fd, F_GETLEASE) == F_UNLCK);	/* asked to go */
	usleep(100 * 1000);
	CHECK(waitpid(pid, NULL, WNOHANG) == 0);	/* still waiting */
	CHECK(fcntl(fd, F_SETLEASE, F_UNLCK) == 0);
	CHECK(exited_ok(pid));
	return 0;
}

/* A holder that does not answer loses its lease after lease-break-time. */
static int test_lease_break_time(void)
{
	struct timespec t0, t1;
	long ms;
	int fd, tf;
	pid_t pid;

	signal(SIGIO, SIG_IGN);
	CHECK(close(open(LEASE_FILE, O_RDWR | O_CREAT | O_TRUNC, 0644)) == 0);
	CHECK((tf = open(LEASE_TIME, O_WRONLY)) >= 0 && write(tf, "1", 1) == 1);
	CHECK((fd = open(LEASE_FILE, O_RDONLY)) >= 0);
	CHECK(fcntl(fd, F_SETLEASE, F_RDLCK) == 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = lease_breaker(O_RDWR);
	CHECK(exited_ok(pid));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK(pwrite(tf, "45", 2, 0) == 2);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	if (ms < 900 || ms > 20000)	/* 45 s, the default, would be a failure */
		return tap_fail("the opener waited %ld ms, not about 1000", ms);
	CHECK(fcntl(fd, F_GETLEASE) == F_UNLCK);	/* it is gone */
	return 0;
}

static int test_fsync_kinds(void)
{
	int fd, dev, fds[2];

	CHECK((fd = open("/tmp", O_RDONLY | O_DIRECTORY)) >= 0);
	CHECK(fsync(fd) == 0 && fdatasync(fd) == 0);
	CHECK((dev = open("/dev/null", O_RDONLY)) >= 0);
	CHECK(pipe(fds) == 0);
	errno = 0;
	CHECK(fdatasync(dev) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(fsync(fds[0]) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(fsync(200) == -1 && errno == EBADF);
	return 0;
}

/* OFD locks belong to the open file: two opens in one process conflict,
 * F_OFD_GETLK reports pid -1, the last close drops them; the errors. */
static int test_fcntl_ofd_locks(void)
{
	const char *path = "/tmp/abitests.ofd";
	struct flock fl;
	int a, b, wo;

	CHECK((a = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600)) >= 0);
	CHECK((b = open(path, O_RDWR)) >= 0);
	CHECK(lk(a, F_OFD_SETLK, F_WRLCK, 0, 10, &fl) == 0);
	CHECK(lk(b, F_OFD_GETLK, F_RDLCK, 0, 1, &fl) == 0 && fl.l_type == F_WRLCK && fl.l_pid == -1);
	errno = 0;
	CHECK(lk(b, F_OFD_SETLK, F_RDLCK, 5, 1, &fl) == -1 && errno == EAGAIN);
	errno = 0;
	CHECK(lk(b, F_SETLK, F_RDLCK, 5, 1, &fl) == -1 && errno == EAGAIN);	/* POSIX too */
	close(a);
	CHECK(lk(b, F_OFD_GETLK, F_WRLCK, 0, 0, &fl) == 0 && fl.l_type == F_UNLCK);
	fl = (struct flock){ .l_type = F_RDLCK, .l_pid = 1 };
	errno = 0;
	CHECK(fcntl(b, F_OFD_SETLK, &fl) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(lk(b, F_SETLK, 7, 0, 1, &fl) == -1 && errno == EINVAL);
	fl = (struct flock){ .l_type = F_RDLCK, .l_whence = 9 };
	errno = 0;
	CHECK(fcntl(b, F_SETLK, &fl) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(lk(b, F_SETLK, F_RDLCK, -5, 1, &fl) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(lk(b, F_GETLK, F_UNLCK, 0, 1, &fl) == -1 && errno == EINVAL);
	CHECK((wo = open(path, O_WRONLY)) >= 0);
	errno = 0;
	CHECK(lk(wo, F_SETLK, F_RDLCK, 0, 1, &fl) == -1 && errno == EBADF);
	errno = 0;
	CHECK(fcntl(b, F_SETLK, BAD_PTR) == -1 && errno == EFAULT);
	unlink(path);
	return 0;
}

/* ---- clone3 ------------------------------------------------------------------ */

/* struct clone_args as Linux 6.1 has it (88 bytes). */
struct clone_args_k {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

/*
 * clone3(@a, @size) where the child, touching no memory, exits at once
 * with 0 if its stack pointer is @expect_sp and 1 if not. The parent's
 * result: the child's pid or -errno.
 */
static long clone3_raw_exit(struct clone_args_k *a, size_t size, uint64_t expect_sp)
{
	register uint64_t r12 __asm__("r12") = expect_sp;
	long ret;

	__asm__ volatile("syscall\n\t"
			 "test %%rax, %%rax\n\t"
			 "jnz 1f\n\t"
			 "xor %%edi, %%edi\n\t"
			 "cmp %%rsp, %%r12\n\t"
			 "setne %%dil\n\t"
			 "mov $60, %%eax\n\t"
			 "syscall\n"
			 "1:"
			 : "=a"(ret)
			 : "a"(435L), "D"(a), "S"(size), "r"(r12)
			 : "rcx", "r11", "memory");
	return ret;
}

/* The exit status of child @pid (or -1). */
static int status_of(long pid)
{
	int st;

	if (pid <= 0 || waitpid((pid_t)pid, &st, __WALL) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* clone3 as fork, with any version of the structure, and with a stack of
 * its own; the child starts at base + size. */
static int test_clone3(void)
{
	static char stack[4096] __attribute__((aligned(16)));
	struct { struct clone_args_k a; uint64_t newer[4]; } big;
	struct clone_args_k a;
	int tid = 0;

	a = (struct clone_args_k){ .exit_signal = SIGCHLD };
	CHECK(status_of(clone3_raw_exit(&a, 64, 0)) == 1);	/* sp: ours */
	a.flags = CLONE_PARENT_SETTID;
	a.parent_tid = (uint64_t)&tid;
	long pid = clone3_raw_exit(&a, sizeof(a), 0);
	CHECK(pid > 0 && tid == pid && status_of(pid) == 1);
	memset(&big, 0, sizeof(big));
	big.a.exit_signal = SIGCHLD;
	CHECK(status_of(clone3_raw_exit(&big.a, sizeof(big), 0)) == 1);
	a = (struct clone_args_k){ .flags = CLONE_VM | CLONE_VFORK,
		.exit_signal = SIGCHLD, .stack = (uint64_t)stack,
		.stack_size = sizeof(stack) };
	CHECK(status_of(clone3_raw_exit(&a, sizeof(a), (uint64_t)stack + sizeof(stack))) == 0);
	return 0;
}

#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ull
#endif

/* In a CLONE_CLEAR_SIGHAND child: is @sig's action @handler, with no
 * flags (SA_RESTART gone) and an empty mask? */
static int action_cleared(int sig, void (*handler)(int))
{
	struct sigaction sa;

	return sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == handler &&
	       !(sa.sa_flags & SA_RESTART) && !sigismember(&sa.sa_mask, SIGUSR2);
}

/* CLONE_CLEAR_SIGHAND: the child starts with every caught signal back
 * to SIG_DFL, flags and masks cleared as exec clears them; SIG_IGN stays. */
static int test_clone3_clear_sighand(void)
{
	struct sigaction sa = { .sa_handler = on_signal, .sa_flags = SA_RESTART };
	struct clone_args_k a = { .flags = CLONE_CLEAR_SIGHAND,
				  .exit_signal = SIGCHLD };
	long pid;

	sigaddset(&sa.sa_mask, SIGUSR2);
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
	CHECK(signal(SIGUSR2, SIG_IGN) != SIG_ERR);
	pid = syscall(435, &a, sizeof(a));
	if (pid == 0)
		_exit(action_cleared(SIGUSR1, SIG_DFL) &&
		      action_cleared(SIGUSR2, SIG_IGN) ? 0 : 1);
	CHECK(status_of(pid) == 0);
	CHECK(action_cleared(SIGUSR1, on_signal) == 0);	/* ours kept it */
	return 0;
}

/* clone3's errors, as Linux's. */
static int test_clone3_errors(void)
{
	struct { struct clone_args_k a; uint64_t newer; } big;
	struct clone_args_k a, ok = { .exit_signal = SIGCHLD };
	int bad;

#define E3(args, size, err) do { a = (args); errno = 0; \
	CHECK(syscall(435, &a, (size_t)(size)) == -1 && errno == (err)); } while (0)
	E3(ok, 63, EINVAL);
	E3(ok, 4097, E2BIG);
	errno = 0;
	CHECK(syscall(435, BAD_PTR, sizeof(a)) == -1 && errno == EFAULT);
	memset(&big, 0, sizeof(big));
	big.newer = 1;
	errno = 0;
	CHECK(syscall(435, &big, sizeof(big)) == -1 && errno == E2BIG);
	E3(((struct clone_args_k){ .exit_signal = 256 }), sizeof(a), EINVAL);
	E3(((struct clone_args_k){ .flags = SIGCHLD }), sizeof(a), EINVAL);
	E3(((struct clone_args_k){ .flags = CLONE_SIGHAND, .exit_signal = SIGCHLD }), sizeof(a), EINVAL);
	E3(((struct clone_args_k){ .flags = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM,
				   .exit_signal = SIGCHLD }), sizeof(a), EINVAL);
	E3(((struct clone_args_k){ .exit_signal = SIGCHLD, .stack = 4096 }), sizeof(a), EINVAL);
	E3(((struct clone_args_k){ .exit_signal = SIGCHLD, .stack_size = 4096 }), sizeof(a), EINVAL);
	E3(((struct clone_args_k){ .flags = CLONE_FS | CLONE_NEWNS, .exit_signal = SIGCHLD }), sizeof(a), EINVAL);
	E3(((struct clone_args_k){ .exit_signal = SIGCHLD, .set_tid_size = 1 }), sizeof(a), EINVAL);
	E3(((struct clone_args_k){ .flags = CLONE_PIDFD, .pidfd = 1, .exit_signal = SIGCHLD }), sizeof(a), EFAULT);
	(void)bad;
#undef E3
	return 0;
}

/* ---- the siginfo of the kernel's own signals ------------------------------------ */

static sigjmp_buf fault_jmp;
static volatile int fault_code;
static void *volatile fault_addr;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	fault_code = si->si_code;
	fault_addr = si->si_addr;
	siglongjmp(fault_jmp, 1);
}

/* Run @fn with an SA_SIGINFO handler for @sig; 0 once the handler ran. */
static int fault_in(int sig, void (*fn)(void))
{
	struct sigaction sa = { .sa_sigaction = on_fault, .sa_flags = SA_SIGINFO };

	fault_code = -1;
	if (sigaction(sig, &sa, NULL))
		return -1;
	if (sigsetjmp(fault_jmp, 1) == 0) {
		fn();
		return -1;
	}
	signal(sig, SIG_DFL);
	return 0;
}

static void touch_bad(void)
{
	volatile int *volatile p = (volatile int *)16;	/* hide it from gcc */

	*p = 1;
}

static void run_int3(void)
{
	__asm__ volatile("int3");
}

/* A fault or trap is the kernel's, never SI_USER (kill's): a handler
 * gets what PTRACE_GETSIGINFO shows (SI_KERNEL for int3, as Linux), and
 * a SIGSEGV the address. */
static int test_fault_siginfo(void)
{
	CHECK(fault_in(SIGSEGV, touch_bad) == 0);
	CHECK(fault_code != SI_USER && fault_addr == (void *)16);
	CHECK(fault_in(SIGTRAP, run_int3) == 0);
	CHECK(fault_code == SI_KERNEL);
	return 0;
}

/* ---- rseq ---------------------------------------------------------------------- */

#define RSEQ_SIG 0x53053053

/* Linux 6.1's struct rseq and struct rseq_cs. */
struct rseq_k {
	uint32_t cpu_id_start, cpu_id;
	uint64_t rseq_cs;
	uint32_t flags, pad[3];
} __attribute__((aligned(32)));

struct rseq_cs_k {
	uint32_t version, flags;
	uint64_t start_ip, post_commit_offset, abort_ip;
} __attribute__((aligned(32)));

static struct rseq_k rs;
static struct rseq_cs_k rcs;

static long rseq_call(void *r, uint32_t len, int flags, uint32_t sig)
{
	return syscall(334, r, len, flags, sig);
}

/* Pin to @cpu; the CPU number rseq then reports. */
static int cpu_seen_on(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0)
		return -2;
	sched_yield();
	return (int)rs.cpu_id;
}

/* Registered, the kernel keeps cpu_id current (on whichever CPU we are
 * pinned to); unregistered, it is -1 again; Linux's errors. */
static int test_rseq(void)
{
	static char misaligned[64] __attribute__((aligned(32)));

	rs.cpu_id = (uint32_t)-1;
	CHECK(rseq_call(&rs, 32, 0, RSEQ_SIG) == 0);
	getpid();
	CHECK(rs.cpu_id < 64 && rs.cpu_id_start == rs.cpu_id);
	CHECK(cpu_seen_on(0) == 0);
	if (sysconf(_SC_NPROCESSORS_ONLN) > 1)
		CHECK(cpu_seen_on(1) == 1);
	errno = 0;
	CHECK(rseq_call(&rs, 32, 0, RSEQ_SIG) == -1 && errno == EBUSY);
	errno = 0;
	CHECK(rseq_call(&rs, 32, 0, RSEQ_SIG + 1) == -1 && errno == EPERM);
	errno = 0;
	CHECK(rseq_call(misaligned, 32, 0, RSEQ_SIG) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(rseq_call(&rs, 32, 2, RSEQ_SIG) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(rseq_call(&rs, 32, 1, RSEQ_SIG + 1) == -1 && errno == EPERM);
	errno = 0;
	CHECK(rseq_call(&rs, 64, 1, RSEQ_SIG) == -1 && errno == EINVAL);
	CHECK(rseq_call(&rs, 32, 1, RSEQ_SIG) == 0 && rs.cpu_id == (uint32_t)-1);
	errno = 0;
	CHECK(rseq_call(misaligned + 8, 32, 0, RSEQ_SIG) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(rseq_call(&rs, 31, 0, RSEQ_SIG) == -1 && errno == EINVAL);
	errno = 0;
	CHECK(rseq_call((void *)0xffff800000000000ull, 32, 0, RSEQ_SIG) == -1 && errno == EFAULT);
	return 0;
}

/*
 * Run a critical section [2:, 3:) that sends itself SIGUSR1: the signal
 * arrives inside it, so the kernel must resume at the abort handler 4:
 * (preceded by the signature). 1 if it aborted, 0 if it ran through.
 */
static long rseq_cs_signalled(void)
{
	register long r8 __asm__("r8") = -1;

	__asm__ volatile("lea 2f(%%rip), %%rax\n\t"
			 "mov %%rax, 8(%[cs])\n\t"
			 "lea 3f(%%rip), %%rcx\n\t"
			 "sub %%rax, %%rcx\n\t"
			 "mov %%rcx, 16(%[cs])\n\t"
			 "lea 4f(%%rip), %%rax\n\t"
			 "mov %%rax, 24(%[cs])\n\t"
			 "mov %[cs], (%[field])\n\t"
			 "2:\n\t"
			 "mov $234, %%eax\n\t"
			 "syscall\n\t"
			 "xor %%r8d, %%r8d\n\t"
			 "3:\n\t"
			 "jmp 5f\n\t"
			 ".long 0x53053053\n\t"
			 "4:\n\t"
			 "mov $1, %%r8d\n\t"
			 "5:"
			 : "+r"(r8)
			 : [cs] "r"(&rcs), [field] "r"(&rs.rseq_cs),
			   "D"((long)getpid()), "S"((long)gettid()), "d"((long)SIGUSR1)
			 : "rax", "rcx", "r11", "memory");
	return r8;
}

/* A signal inside a registered critical section aborts it; without a
 * registration the same code runs through. */
static int test_rseq_abort(void)
{
	catch_signal(SIGUSR1);
	CHECK(rseq_cs_signalled() == 0 && got_signal == SIGUSR1);
	rs.rseq_cs = 0;
	CHECK(rseq_call(&rs, 32, 0, RSEQ_SIG) == 0);
	got_signal = 0;
	CHECK(rseq_cs_signalled() == 1 && got_signal == SIGUSR1);
	CHECK(rs.rseq_cs == 0);		/* the kernel cleared it */
	return 0;
}

/* A struct rseq the kernel can no longer write (made read-only after
 * registering it): the next return to user mode after a switch kills the
 * thread with SIGSEGV, as Linux's. It looped in the kernel before,
 * SIGKILL included (the fuzzer's unkillable worker of seeds 44 and 54). */
static int test_rseq_unwritable(void)
{
	int status = 0, n;
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED || rseq_call(p, 32, 0, RSEQ_SIG) != 0 ||
		    mprotect(p, 4096, PROT_READ) != 0)
			_exit(1);
		for (;;)
			usleep(1000);	/* a switch: cpu_id is written on return */
	}
	for (n = 0; n < 500 && waitpid(pid, &status, WNOHANG) == 0; n++)
		usleep(10000);
	if (n == 500)
		kill(pid, SIGKILL);	/* in vain if the kernel loops */
	EXPECT(n < 500 && WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
	return 0;
}

/* ---- queued real-time signals ------------------------------------------------ */

/* A real-time signal sent three times while blocked is taken three
 * times, in order, each with its own value; a standard one only once;
 * RLIMIT_SIGPENDING caps the queue (EAGAIN for sigqueue). */
static int test_rt_queue(void)
{
	struct timespec zero = { 0, 0 };
	struct rlimit rl = { 2, 2 };
	int rt = SIGRTMIN + 1;
	siginfo_t si;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, rt);
	sigaddset(&set, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	for (int v = 1; v <= 3; v++)
		CHECK(sigqueue(getpid(), rt, (union sigval){ .sival_int = v }) == 0);
	CHECK(kill(getpid(), SIGUSR1) == 0 && kill(getpid(), SIGUSR1) == 0);
	CHECK(sigtimedwait(&set, &si, &zero) == SIGUSR1);	/* lowest first */
	for (int v = 1; v <= 3; v++) {
		CHECK(sigtimedwait(&set, &si, &zero) == rt);
		CHECK(si.si_value.sival_int == v && si.si_code == SI_QUEUE);
		CHECK(si.si_pid == getpid());
	}
	errno = 0;		/* the second SIGUSR1 was not queued */
	CHECK(sigtimedwait(&set, &si, &zero) == -1 && errno == EAGAIN);
	CHECK(setrlimit(RLIMIT_SIGPENDING, &rl) == 0);
	CHECK(sigqueue(getpid(), rt, (union sigval){ .sival_int = 1 }) == 0);
	CHECK(sigqueue(getpid(), rt, (union sigval){ .sival_int = 2 }) == 0);
	errno = 0;
	CHECK(sigqueue(getpid(), rt, (union sigval){ .sival_int = 3 }) == -1 && errno == EAGAIN);
	CHECK(sigtimedwait(&set, &si, &zero) == rt && si.si_value.sival_int == 1);
	CHECK(sigtimedwait(&set, &si, &zero) == rt && si.si_value.sival_int == 2);
	errno = 0;
	CHECK(sigtimedwait(&set, &si, &zero) == -1 && errno == EAGAIN);
	/* A limit of 0 refuses even the first (LTP's tgkill02), except to
	 * kill(), whose signal is not queued but still pending. */
	rl = (struct rlimit){ 0, 0 };
	CHECK(setrlimit(RLIMIT_SIGPENDING, &rl) == 0);
	errno = 0;
	CHECK(syscall(SYS_tgkill, getpid(), gettid(), rt) == -1 && errno == EAGAIN);
	CHECK(kill(getpid(), rt) == 0 && sigtimedwait(&set, &si, &zero) == rt);
	return 0;
}

/* Setting SIG_IGN discards a pending signal even while it is blocked
 * (POSIX, Linux), with every queued instance of a real-time one: none
 * of the three comes back once a handler is set again. */
static int test_rt_queue_ignored(void)
{
	struct timespec zero = { 0, 0 };
	int rt = SIGRTMIN + 2;
	siginfo_t si;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, rt);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	for (int v = 1; v <= 3; v++)
		CHECK(sigqueue(getpid(), rt, (union sigval){ .sival_int = v }) == 0);
	CHECK(signal(rt, SIG_IGN) != SIG_ERR);
	catch_signal(rt);
	CHECK(sigpending(&set) == 0 && !sigismember(&set, rt));
	CHECK(sigqueue(getpid(), rt, (union sigval){ .sival_int = 9 }) == 0);
	sigemptyset(&set);
	sigaddset(&set, rt);
	CHECK(sigtimedwait(&set, &si, &zero) == rt && si.si_value.sival_int == 9);
	errno = 0;
	CHECK(sigtimedwait(&set, &si, &zero) == -1 && errno == EAGAIN);
	return 0;
}

/* ---- exec in a threaded process --------------------------------------------- */

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* A thread that runs "abitests --pid-is N": exit 0 if getpid() is N. */
static void *exec_from_thread(void *arg)
{
	char pid[16];
	char *argv[] = { "abitests", "--pid-is", pid, NULL };

	snprintf(pid, sizeof(pid), "%ld", (long)arg);
	execv(self_path, argv);
	_exit(100 + errno);
}

/* Fork a process of 3 threads where the leader (@from_thread 0) or a
 * second thread (1) execs; its exit status (0: the program ran with the
 * process's pid, the other threads gone). */
static int exec_in_threads(int from_thread)
{
	pthread_t t;
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		pthread_create(&t, NULL, sleeper, NULL);
		if (from_thread) {
			pthread_create(&t, NULL, exec_from_thread, (void *)(long)getpid());
			sleeper(NULL);
		}
		pthread_create(&t, NULL, sleeper, NULL);
		exec_from_thread((void *)(long)getpid());
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1000 + WTERMSIG(status);
}

/* execve kills the other threads, from the leader and (as Linux does it:
 * the caller takes the leader's pid) from any other thread. */
static int test_exec_threads(void)
{
	int r;

	if ((r = exec_in_threads(0)) != 0)
		return tap_fail("exec from the leader: status %d", r);
	if ((r = exec_in_threads(1)) != 0)
		return tap_fail("exec from a second thread: status %d", r);
	return 0;
}

/* Fork; the child chdirs to @dir and execs @path with @argv; its status. */
static int exec_status(const char *dir, const char *path, char **argv)
{
	char *envp[] = { NULL };
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (chdir(dir) == 0)
			execve(path, argv, envp);
		_exit(100 + errno);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* What LTP's execve06 and glibc's $ORIGIN taught: an empty argv gets an
 * empty argv[0] (argc 1, as Linux since 5.18), and /proc/self/exe is
 * absolute after an exec by a relative name. */
static int test_exec_args(void)
{
	char *none[] = { NULL }, *abs[] = { "abitests", "--exe-is", NULL, NULL };
	char rel[64];

	abs[2] = (char *)self_path;
	CHECK(exec_status("/", self_path, none) == 42);
	snprintf(rel, sizeof(rel), "./%s", strrchr(self_path, '/') + 1);
	*strrchr(strcpy(rel + 32, self_path), '/') = '\0';
	CHECK(exec_status(rel + 32, rel, abs) == 0);
	return 0;
}

/* arch_prctl's CPUID controls (LTP's arch_prctl01): CPUID is on (1), and
 * without CPUID faulting it cannot be turned off (ENODEV). */
static int test_arch_prctl_cpuid(void)
{
	CHECK(syscall(SYS_arch_prctl, 0x1011, 0) == 1);
	errno = 0;
	CHECK(syscall(SYS_arch_prctl, 0x1012, 0) == -1 && errno == ENODEV);
	return 0;
}

/* clock_nanosleep on the calling thread's CPU clock: EOPNOTSUPP, as
 * Linux (LTP's clock_nanosleep01). */
static int test_nanosleep_thread_clock(void)
{
	struct timespec ts = { 0, 1000 };

	errno = 0;
	CHECK(syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &ts, NULL) == -1 &&
	      errno == EOPNOTSUPP);
	return 0;
}

/* RLIMIT_NOFILE says what the descriptor table holds: a program can
 * open right up to it (LTP's dup06, dup205, creat05), Linux's 1024 and
 * 4096 at first; root may raise it to /proc/sys/fs/nr_open, not past
 * (EPERM), and the table grows to follow (LTP's pipe15). */
static int test_nofile_limit(void)
{
	struct rlimit rl, big;
	unsigned long nr_open = 0;
	int fd, last = -1;
	FILE *f = fopen("/proc/sys/fs/nr_open", "r");

	CHECK(f && fscanf(f, "%lu", &nr_open) == 1 && nr_open == 1048576);
	fclose(f);
	CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0);
	CHECK(rl.rlim_cur == 1024 && rl.rlim_max == 4096);
	while ((fd = dup(0)) >= 0)
		last = fd;
	CHECK(errno == EMFILE && last == (int)rl.rlim_cur - 1);
	big = (struct rlimit){ nr_open + 1, nr_open + 1 };
	errno = 0;
	CHECK(setrlimit(RLIMIT_NOFILE, &big) == -1 && errno == EPERM);
	rl.rlim_cur = rl.rlim_max;
	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0);
	while ((fd = dup(0)) >= 0)
		last = fd;
	CHECK(errno == EMFILE && last == (int)rl.rlim_max - 1);
	CHECK(dup2(0, (int)rl.rlim_max) == -1 && errno == EBADF);
	CHECK(close(last) == 0 && dup2(0, last) == last);
	CHECK(fcntl(0, F_DUPFD, (int)rl.rlim_max) == -1 && errno == EINVAL);
	return 0;
}

/* /dev/urandom and /dev/random give random bytes (LTP's tests open
 * /dev/urandom for data). */
static int test_dev_random(void)
{
	uint64_t a[4], b[4];
	int fd;

	CHECK((fd = open("/dev/urandom", O_RDWR)) >= 0);
	CHECK(read(fd, a, sizeof(a)) == sizeof(a) && read(fd, b, sizeof(b)) == sizeof(b));
	CHECK(memcmp(a, b, sizeof(a)) != 0 && write(fd, a, 8) == 8);
	close(fd);
	CHECK((fd = open("/dev/random", O_RDONLY)) >= 0);
	CHECK(read(fd, a, 5) == 5);
	/* RNDGETENTCNT (LTP's ioctl07): the pool is always full. */
	CHECK(ioctl(fd, 0x80045200, &fd) == 0 && fd > 0);
	return 0;
}

/* open(O_CREAT) of an existing directory, or of a symlink to one, is
 * EISDIR even for O_RDONLY (LTP's open11). */
static int test_open_creat_dir(void)
{
	unlink("/tmp/abitests.dirlink");
	CHECK(symlink("/tmp", "/tmp/abitests.dirlink") == 0);
	CHECK(open("/tmp", O_RDONLY | O_CREAT, 0600) < 0 && errno == EISDIR);
	CHECK(open("/tmp/abitests.dirlink", O_RDONLY | O_CREAT, 0600) < 0 &&
	      errno == EISDIR);
	CHECK(unlink("/tmp/abitests.dirlink") == 0);
	return 0;
}

/* rt_sigqueueinfo to a thread's id reaches its process, as in Linux
 * (LTP's rt_sigqueueinfo01). */
static int test_sigqueue_to_thread_id(void)
{
	siginfo_t si = { .si_signo = SIGUSR2, .si_code = SI_QUEUE };
	struct timespec zero = { 0, 0 };
	pthread_t t;
	sigset_t set;
	long tid = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
	CHECK(pthread_create(&t, NULL, sleeper, NULL) == 0);
	for (DIR *d = opendir("/proc/self/task"); d; d = NULL) {
		struct dirent *e;

		while ((e = readdir(d)))
			if (atol(e->d_name) > 0 && atol(e->d_name) != gettid())
				tid = atol(e->d_name);
		closedir(d);
	}
	CHECK(tid > 0);
	si.si_value.sival_int = 7;
	CHECK(syscall(SYS_rt_sigqueueinfo, tid, SIGUSR2, &si) == 0);
	CHECK(sigtimedwait(&set, &si, &zero) == SIGUSR2 && si.si_value.sival_int == 7);
	return 0;
}

/*
 * An O_PATH descriptor names a file and does no I/O (LTP's open13): read,
 * write, lseek, ioctl, mmap, fchmod, fchown, fsync and ftruncate are
 * EBADF; fstat, fstatfs, dup, fchdir, the *at() calls and fcntl's
 * F_GETFL/F_GETFD/F_SETFD/F_DUPFD work, other fcntls are EBADF.
 */
static int test_o_path(void)
{
	struct stat st;
	struct statfs sf;
	char c = 0;
	int fd, dfd, fd2;

	CHECK((fd = open("/tmp/o_path_file", O_CREAT | O_RDWR, 0600)) >= 0);
	close(fd);
	CHECK((fd = open("/tmp/o_path_file", O_PATH)) >= 0);
	CHECK(read(fd, &c, 1) == -1 && errno == EBADF);
	CHECK(write(fd, &c, 1) == -1 && errno == EBADF);
	CHECK(lseek(fd, 0, SEEK_SET) == -1 && errno == EBADF);
	CHECK(ioctl(fd, FIONREAD, &fd2) == -1 && errno == EBADF);
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) == MAP_FAILED &&
	      errno == EBADF);
	/* musl retries these through /proc/self/fd: ask the kernel itself */
	CHECK(syscall(SYS_fchmod, fd, 0644) == -1 && errno == EBADF);
	CHECK(syscall(SYS_fchown, fd, 0, 0) == -1 && errno == EBADF);
	CHECK(fsync(fd) == -1 && errno == EBADF);
	CHECK(ftruncate(fd, 0) == -1 && errno == EBADF);
	CHECK(fcntl(fd, F_SETFL, O_NONBLOCK) == -1 && errno == EBADF);
	CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode));
	CHECK(fstatfs(fd, &sf) == 0);
	CHECK((fcntl(fd, F_GETFL) & O_PATH) && fcntl(fd, F_SETFD, FD_CLOEXEC) == 0);
	CHECK((fd2 = dup(fd)) >= 0 && (fcntl(fd2, F_GETFL) & O_PATH));
	CHECK(read(fd2, &c, 1) == -1 && errno == EBADF);
	close(fd2);
	CHECK((dfd = open("/tmp", O_PATH | O_DIRECTORY)) >= 0);
	CHECK(fstatat(dfd, "o_path_file", &st, 0) == 0 && S_ISREG(st.st_mode));
	CHECK((fd2 = openat(dfd, "o_path_file", O_RDONLY)) >= 0 && read(fd2, &c, 1) == 0);
	close(fd2);
	CHECK(fchdir(dfd) == 0 && access("o_path_file", F_OK) == 0);
	close(dfd);
	close(fd);
	unlink("/tmp/o_path_file");
	return 0;
}

/*
 * readlinkat() with an empty path reads the symlink its descriptor names
 * (O_PATH | O_NOFOLLOW), as Linux does since 2.6.39 (LTP's readlinkat01);
 * an empty path on anything else is ENOENT.
 */
static int test_readlinkat_empty(void)
{
	char buf[64] = "";
	int fd, rfd;

	unlink("/tmp/rl_link");
	CHECK(symlink("rl_target", "/tmp/rl_link") == 0);
	CHECK((fd = open("/tmp/rl_link", O_PATH | O_NOFOLLOW)) >= 0);
	CHECK(readlinkat(fd, "", buf, sizeof(buf)) == 9 && !memcmp(buf, "rl_target", 9));
	CHECK((rfd = open("/tmp", O_PATH)) >= 0);
	CHECK(readlinkat(rfd, "", buf, sizeof(buf)) == -1 && errno == ENOENT);
	CHECK(readlinkat(rfd, "rl_link", buf, sizeof(buf)) == 9);
	CHECK(readlink("/tmp", buf, sizeof(buf)) == -1 && errno == EINVAL);
	CHECK(readlinkat(AT_FDCWD, "", buf, sizeof(buf)) == -1 && errno == ENOENT);
	close(rfd);
	close(fd);
	unlink("/tmp/rl_link");
	return 0;
}

/*
 * reboot(2)'s Ctrl-Alt-Del setting (LTP's reboot01): CAD_OFF and CAD_ON
 * with both magic numbers, seen in /proc/sys/kernel/ctrl-alt-del; a wrong
 * second magic number is EINVAL.
 */
static int test_reboot_cad(void)
{
	char buf[8] = "";

	CHECK(syscall(SYS_reboot, 0xfee1dead, 672274793, 0, NULL) == 0);
	CHECK(procfs_read("/proc/sys/kernel/ctrl-alt-del", buf, sizeof(buf)) > 0 &&
	      buf[0] == '0');
	CHECK(syscall(SYS_reboot, 0xfee1dead, 0x20112000, 0x89abcdef, NULL) == 0);
	CHECK(procfs_read("/proc/sys/kernel/ctrl-alt-del", buf, sizeof(buf)) > 0 &&
	      buf[0] == '1');
	CHECK(syscall(SYS_reboot, 0xfee1dead, 12345, 0, NULL) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_reboot, 0xfee1dead, 672274793, 0x1234, NULL) == -1 &&
	      errno == EINVAL);
	return 0;
}

#define FUTEX_WAIT_PRIVATE 128	/* FUTEX_WAIT | FUTEX_PRIVATE_FLAG */

static volatile int futex_word, waiter_tid;

/* Block SIGRTMIN, allow no queued signal, then FUTEX_WAIT for 1 s; the
 * result (0 or errno) and the seconds it took, in *@arg. */
static void *timed_futex_waiter(void *arg)
{
	struct rlimit none = { 0, 0 };
	struct timespec t = { 1, 0 }, a, b;
	double *out = arg;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	setrlimit(RLIMIT_SIGPENDING, &none);
	clock_gettime(CLOCK_MONOTONIC, &a);
	waiter_tid = gettid();
	out[0] = syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, 0, &t) ? errno : 0;
	clock_gettime(CLOCK_MONOTONIC, &b);
	out[1] = (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
	return NULL;
}

/*
 * A FUTEX_WAIT with a timeout lasts its time even when something else
 * wakes the thread for nothing (here a real-time signal that
 * RLIMIT_SIGPENDING 0 then refuses to queue): it reports ETIMEDOUT only
 * when the time is up (LTP's tgkill02 waited on a checkpoint like this).
 */
static int test_futex_wait_spurious(void)
{
	double out[2] = { -1, -1 };
	pthread_t t;

	CHECK(pthread_create(&t, NULL, timed_futex_waiter, out) == 0);
	while (!waiter_tid)
		usleep(1000);
	usleep(100 * 1000);		/* let it reach FUTEX_WAIT */
	CHECK(syscall(SYS_tgkill, getpid(), waiter_tid, SIGRTMIN) == -1 &&
	      errno == EAGAIN);
	CHECK(pthread_join(t, NULL) == 0);
	CHECK(out[0] == ETIMEDOUT);
	CHECK(out[1] >= 0.95 && out[1] < 10);
	return 0;
}

/*
 * O_NOATIME only for the file's owner (or CAP_FOWNER), at open and by
 * F_SETFL: anyone else is EPERM (LTP's open02). The child drops to uid
 * 1000 to be "anyone else".
 */
static int test_o_noatime(void)
{
	int fd, st;
	pid_t pid;

	CHECK((fd = open("/tmp/noatime", O_CREAT | O_RDWR, 0644)) >= 0);
	close(fd);
	CHECK((fd = open("/tmp/noatime", O_RDONLY | O_NOATIME)) >= 0);	/* root */
	close(fd);
	CHECK((pid = fork()) >= 0);
	if (pid == 0) {
		if (setgid(1000) || setuid(1000))
			_exit(2);
		if (open("/tmp/noatime", O_RDONLY | O_NOATIME) != -1 || errno != EPERM)
			_exit(3);
		fd = open("/tmp/noatime", O_RDONLY);
		if (fd < 0 || fcntl(fd, F_SETFL, O_NOATIME) != -1 || errno != EPERM)
			_exit(4);
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	unlink("/tmp/noatime");
	return 0;
}

/* statx()'s own EINVALs (LTP's statx03): a reserved mask bit, both sync
 * types at once; and the path errors every *at() call has. */
static int test_statx_errors(void)
{
	char buf[512], longname[300];

	memset(longname, '@', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	CHECK(syscall(SYS_statx, AT_FDCWD, "/", 0, 0x80000000u, buf) == -1 &&
	      errno == EINVAL);
	CHECK(syscall(SYS_statx, AT_FDCWD, "/", 0x6000, 0, buf) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_statx, AT_FDCWD, "/", 0, 0x7fffffffu, buf) == 0);
	CHECK(syscall(SYS_statx, -1, "x", 0, 0, buf) == -1 && errno == EBADF);
	CHECK(syscall(SYS_statx, AT_FDCWD, "", 0, 0, buf) == -1 && errno == ENOENT);
	CHECK(syscall(SYS_statx, 1, "x", 0, 0, buf) == -1 && errno == ENOTDIR);
	CHECK(syscall(SYS_statx, AT_FDCWD, longname, 0, 0, buf) == -1 &&
	      errno == ENAMETOOLONG);
	return 0;
}

/* /proc/filesystems lists what mount(2) takes; sysfs(2) numbers the
 * same types (1: index of a name, 2: name of an index, 3: count). */
static int test_filesystems(void)
{
	char buf[512] = { 0 }, name[32] = { 0 };
	long n = syscall(SYS_sysfs, 3), i = syscall(SYS_sysfs, 1, "tmpfs");

	EXPECT(procfs_read("/proc/filesystems", buf, sizeof(buf)) > 0 &&
	       strstr(buf, "nodev\ttmpfs\n") && strstr(buf, "nodev\tproc\n"));
	EXPECT(strstr(buf, "nodev\tmqueue\n"));	/* every type mount takes */
	EXPECT(n >= 5 && i >= 0 && i < n);
	EXPECT(n >= 6 && syscall(SYS_sysfs, 1, "mqueue") >= 0);
	EXPECT(syscall(SYS_sysfs, 2, i, name) == 0 && !strcmp(name, "tmpfs"));
	EXPECT(syscall(SYS_sysfs, 1, "ext9") == -1 && errno == EINVAL);
	EXPECT(syscall(SYS_sysfs, 2, n, name) == -1 && errno == EINVAL);
	EXPECT(syscall(SYS_sysfs, 2, 0, (char *)1) == -1 && errno == EFAULT);
	EXPECT(syscall(SYS_sysfs, 4) == -1 && errno == EINVAL);
	return 0;
}

/* setdomainname(2): uname's domainname and /proc/sys/kernel/domainname,
 * "(none)" until set; EINVAL past 64 bytes, EPERM for a user. */
static int test_setdomainname(void)
{
	struct utsname u;
	char buf[80] = { 0 };
	pid_t pid;
	int st = -1;

	EXPECT(uname(&u) == 0 && !strcmp(u.domainname, "(none)"));
	EXPECT(setdomainname("course.example", 14) == 0);
	EXPECT(uname(&u) == 0 && !strcmp(u.domainname, "course.example"));
	EXPECT(procfs_read("/proc/sys/kernel/domainname", buf, sizeof(buf)) > 0 &&
	       !strcmp(buf, "course.example\n"));
	EXPECT(setdomainname(buf, 65) == -1 && errno == EINVAL);
	EXPECT(setdomainname(buf, -1) == -1 && errno == EINVAL);
	pid = fork();
	if (pid == 0)
		_exit(setuid(1000) == 0 && setdomainname("x", 1) == -1 &&
		      errno == EPERM ? 0 : 1);
	EXPECT(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st));
	EXPECT(setdomainname("(none)", 6) == 0);
	return 0;
}

/* close_range(2) closes (or marks close-on-exec) what is open in the
 * range and skips the rest; getcpu(2) names an online CPU and node 0. */
static int test_close_range_getcpu(void)
{
	int base = fcntl(0, F_DUPFD, 40), a = dup2(0, 41), b = dup2(0, 42);
	unsigned int cpu = 99, node = 99;

	EXPECT(base == 40 && a == 41 && b == 42);
	EXPECT(syscall(SYS_close_range, a, b, 0x4) == 0);	/* CLOEXEC */
	EXPECT(fcntl(a, F_GETFD) == FD_CLOEXEC && fcntl(base, F_GETFD) == 0);
	EXPECT(syscall(SYS_close_range, base, 200, 0) == 0);
	EXPECT(fcntl(base, F_GETFD) == -1 && errno == EBADF);
	EXPECT(fcntl(b, F_GETFD) == -1 && errno == EBADF);
	EXPECT(fcntl(0, F_GETFD) >= 0);
	EXPECT(syscall(SYS_close_range, 5, 4, 0) == -1 && errno == EINVAL);
	EXPECT(syscall(SYS_close_range, 0, 0, 0x1) == -1 && errno == EINVAL);
	EXPECT(syscall(SYS_getcpu, &cpu, &node, NULL) == 0);
	EXPECT(cpu < (unsigned)sysconf(_SC_NPROCESSORS_CONF) && node == 0);
	EXPECT(syscall(SYS_getcpu, NULL, NULL, NULL) == 0);
	EXPECT(syscall(SYS_getcpu, (void *)1, NULL, NULL) == -1 && errno == EFAULT);
	return 0;
}

/* chroot(2): "/" and ".." stop at the new root, the old tree is out of
 * reach; EPERM without CAP_SYS_CHROOT, the walk's errors first. A cwd
 * left outside is "(unreachable)..." to the getcwd call (LTP realpath01;
 * the C library's getcwd() then fails with ENOENT). */
static int test_chroot(void)
{
	pid_t pid;
	int st = -1, fd;

	mkdir("/tmp/jail", 0755);
	mkdir("/tmp/jail/etc", 0755);
	fd = open("/tmp/jail/etc/marker", O_WRONLY | O_CREAT, 0644);
	EXPECT(fd >= 0);
	close(fd);
	pid = fork();
	if (pid == 0) {
		char cwd[64];
		int ok = chdir("/tmp") == 0 && chroot("/tmp/jail") == 0 &&
			 syscall(SYS_getcwd, cwd, sizeof(cwd)) == 18 &&
			 !strcmp(cwd, "(unreachable)/tmp") &&
			 chdir("/etc") == 0 && getcwd(cwd, sizeof(cwd)) &&
			 !strcmp(cwd, "/etc") && chdir("/") == 0 &&
			 access("/etc/marker", F_OK) == 0 &&
			 access("../../etc/marker", F_OK) == 0 &&
			 access("/tmp/jail", F_OK) != 0;

		if (ok && setuid(1000) == 0)
			ok = chroot("/etc") == -1 && errno == EPERM;
		_exit(ok ? 0 : 1);
	}
	EXPECT(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	       WEXITSTATUS(st) == 0);
	EXPECT(chroot("/nonexistent") == -1 && errno == ENOENT);
	EXPECT(chroot("/tmp/jail/etc/marker") == -1 && errno == ENOTDIR);
	unlink("/tmp/jail/etc/marker");
	rmdir("/tmp/jail/etc");
	rmdir("/tmp/jail");
	return 0;
}

/* Ring 3 at I/O ports: 0x80 is the POST code port (a write goes
 * nowhere), 0x81 a DMA page register (a read changes nothing). */
static void outb_80(void)
{
	__asm__ __volatile__("outb %%al, $0x80" : : "a"(0));
}

static void inb_81(void)
{
	unsigned char v;

	__asm__ __volatile__("inb $0x81, %%al" : "=a"(v));
}

static void do_cli(void)
{
	__asm__ __volatile__("cli");
}

/* @fn in a child: 1 if it returned, 0 if it died of SIGSEGV. */
static int child_survives(void (*fn)(void))
{
	pid_t pid = fork();
	int st = 0;

	if (pid == 0) {
		fn();
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 1;
	return WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV ? 0 : -1;
}

/* ioperm(2) and iopl(2) (arch/x86_64/ioport.c): the TSS's I/O bitmap
 * lets a thread at the ports it was given, and its forked children;
 * iopl(3) at all ports but not at cli; EINVAL past port 65535 and above
 * level 3, EPERM to raise without CAP_SYS_RAWIO (LTP ioperm01/02,
 * iopl01/02). */
static int test_ioperm_iopl(void)
{
	pid_t pid;
	int st = -1;

	EXPECT(child_survives(outb_80) == 0);
	EXPECT(syscall(SYS_ioperm, 0x80, 1, 1) == 0);
	outb_80();				/* this thread, at once */
	EXPECT(child_survives(outb_80) == 1);	/* a child inherits */
	EXPECT(child_survives(inb_81) == 0);	/* only that port */
	EXPECT(syscall(SYS_ioperm, 0x80, 1, 0) == 0);
	EXPECT(child_survives(outb_80) == 0);
	EXPECT(syscall(SYS_iopl, 3) == 0);
	EXPECT(child_survives(inb_81) == 1 && child_survives(outb_80) == 1);
	EXPECT(child_survives(do_cli) == 0);	/* emulated: no IOPL 3 */
	EXPECT(syscall(SYS_iopl, 0) == 0);
	EXPECT(child_survives(inb_81) == 0);
	EXPECT(syscall(SYS_ioperm, 0x10000, 1, 1) == -1 && errno == EINVAL);
	EXPECT(syscall(SYS_ioperm, 0xffff, 2, 1) == -1 && errno == EINVAL);
	EXPECT(syscall(SYS_ioperm, 0x80, 0, 1) == -1 && errno == EINVAL);
	EXPECT(syscall(SYS_iopl, 4) == -1 && errno == EINVAL);
	pid = fork();
	if (pid == 0) {
		int ok = setuid(1000) == 0 &&
			 syscall(SYS_ioperm, 0x80, 1, 1) == -1 && errno == EPERM &&
			 syscall(SYS_iopl, 3) == -1 && errno == EPERM &&
			 syscall(SYS_ioperm, 0x80, 1, 0) == 0 &&
			 syscall(SYS_iopl, 0) == 0;

		_exit(ok ? 0 : 1);
	}
	EXPECT(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	       WEXITSTATUS(st) == 0);
	return 0;
}

/* flock(2): shared locks share, an exclusive one excludes (LOCK_NB:
 * EWOULDBLOCK), each open file holds its own lock (a dup shares it), a
 * record lock on the same file does not meet it, the last close lets
 * go, bad operations are EINVAL (Linux's BSD locks). */
static int test_flock(void)
{
	int a = open("/tmp/flock", O_RDWR | O_CREAT | O_TRUNC, 0600);
	int b = open("/tmp/flock", O_RDONLY), c = dup(a);
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

	EXPECT(a >= 0 && b >= 0 && c >= 0);
	EXPECT(flock(a, LOCK_SH) == 0 && flock(b, LOCK_SH | LOCK_NB) == 0);
	EXPECT(flock(a, LOCK_EX | LOCK_NB) == -1 && errno == EWOULDBLOCK);
	EXPECT(flock(b, LOCK_UN) == 0);
	EXPECT(flock(a, LOCK_EX | LOCK_NB) == 0);	/* a conversion */
	EXPECT(flock(c, LOCK_EX | LOCK_NB) == 0);	/* the same open file */
	EXPECT(flock(b, LOCK_SH | LOCK_NB) == -1 && errno == EWOULDBLOCK);
	EXPECT(fcntl(a, F_SETLK, &fl) == 0);		/* another class */
	close(a);
	EXPECT(flock(b, LOCK_SH | LOCK_NB) == -1 && errno == EWOULDBLOCK);
	close(c);					/* the last close */
	EXPECT(flock(b, LOCK_EX | LOCK_NB) == 0);
	EXPECT(flock(b, 0) == -1 && errno == EINVAL);
	EXPECT(flock(b, LOCK_SH | LOCK_EX) == -1 && errno == EINVAL);
	EXPECT(flock(-1, LOCK_SH) == -1 && errno == EBADF);
	close(b);
	unlink("/tmp/flock");
	return 0;
}

/* preadv/pwritev at an offset leave the file position; the "2" forms
 * take -1 for it and RWF_APPEND; a pipe is ESPIPE, a negative offset
 * EINVAL, an unknown flag EOPNOTSUPP, a write-only file EBADF (Linux). */
static int test_preadv_pwritev(void)
{
	char a[4] = "abcd", b[3] = "xyz", r1[4], r2[3];
	struct iovec w[2] = { { a, 4 }, { b, 3 } }, rd[2] = { { r1, 4 }, { r2, 3 } };
	int fd = open("/tmp/preadv", O_RDWR | O_CREAT | O_TRUNC, 0600), p[2];
	char all[16] = { 0 };

	EXPECT(fd >= 0 && write(fd, "0123456789", 10) == 10);
	EXPECT(syscall(SYS_pwritev, fd, w, 2, 2L, 0L) == 7);
	EXPECT(lseek(fd, 0, SEEK_CUR) == 10);
	EXPECT(syscall(SYS_preadv, fd, rd, 2, 2L, 0L) == 7);
	EXPECT(!memcmp(r1, "abcd", 4) && !memcmp(r2, "xyz", 3));
	EXPECT(pread(fd, all, sizeof(all), 0) == 10 && !strcmp(all, "01abcdxyz9"));
	EXPECT(syscall(SYS_pwritev2, fd, w, 1, -1L, 0L, 0) == 4);	/* at 10 */
	EXPECT(lseek(fd, 0, SEEK_CUR) == 14);
	EXPECT(syscall(SYS_pwritev2, fd, w + 1, 1, 0L, 0L, 0x10) == 3);
	EXPECT(lseek(fd, 0, SEEK_END) == 17);
	EXPECT(syscall(SYS_preadv, fd, rd, 1, -1L, 0L) == -1 && errno == EINVAL);
	EXPECT(syscall(SYS_preadv2, fd, rd, 1, 0L, 0L, 0x100) == -1 &&
	       errno == EOPNOTSUPP);
	EXPECT(pipe(p) == 0);
	EXPECT(syscall(SYS_preadv, p[0], rd, 1, 0L, 0L) == -1 && errno == ESPIPE);
	EXPECT(syscall(SYS_preadv, p[1], rd, 1, 0L, 0L) == -1 && errno == ESPIPE);
	close(p[0]);
	close(p[1]);
	close(fd);
	fd = open("/tmp/preadv", O_WRONLY);
	EXPECT(syscall(SYS_preadv, fd, rd, 1, 0L, 0L) == -1 && errno == EBADF);
	close(fd);
	unlink("/tmp/preadv");
	return 0;
}

/* voluntary_ctxt_switches of @pid, or -1. */
static long vol_switches(pid_t pid)
{
	char path[64], buf[32];

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (procfs_status_field(path, "voluntary_ctxt_switches", buf, sizeof(buf)))
		return -1;
	return atol(buf);
}

/*
 * A child's exit wakes its own parent's wait4() and nobody else's
 * (Linux's signal->wait_chldexit): a process waiting for a child of its
 * own sleeps on while another reaps two hundred children.
 */
static int test_wait_wakes_only_parent(void)
{
	pid_t waiter = fork(), c;
	long before, after;

	if (waiter == 0) {
		pid_t g;

		setpgid(0, 0);		/* the two die together below */
		g = fork();

		if (g == 0) {
			pause();
			_exit(0);
		}
		_exit(waitpid(g, NULL, 0) == g ? 0 : 1);
	}
	EXPECT(waiter > 0);
	usleep(200000);
	before = vol_switches(waiter);
	for (int i = 0; i < 200; i++) {
		c = fork();
		if (c == 0)
			_exit(0);
		EXPECT(c > 0 && waitpid(c, NULL, 0) == c);
	}
	after = vol_switches(waiter);
	EXPECT(before >= 0 && after - before < 20);
	kill(-waiter, SIGKILL);
	EXPECT(waitpid(waiter, NULL, 0) == waiter);
	return 0;
}

/*
 * lseek's SEEK_DATA and SEEK_HOLE (LTP's lseek11): a tmpfs file's pages
 * that were never written are holes, the end of the file is one, and
 * past the end (or with no data after the offset) is ENXIO.
 */
static int test_seek_data_hole(void)
{
	int fd = open("/tmp/holes", O_CREAT | O_TRUNC | O_RDWR, 0600), p[2];
	off_t size = 3 * 4096 + 11;
	struct stat st;

	CHECK(fd >= 0);
	CHECK(pwrite(fd, "a", 1, 0) == 1 && pwrite(fd, "b", 1, size - 1) == 1);
	CHECK(lseek(fd, 0, SEEK_DATA) == 0 && lseek(fd, 0, SEEK_HOLE) == 4096);
	CHECK(lseek(fd, 100, SEEK_HOLE) == 4096 && lseek(fd, 4096, SEEK_DATA) == 3 * 4096);
	CHECK(lseek(fd, 5000, SEEK_DATA) == 3 * 4096 && lseek(fd, 0, SEEK_CUR) == 3 * 4096);
	CHECK(lseek(fd, 3 * 4096 + 5, SEEK_DATA) == 3 * 4096 + 5);
	CHECK(lseek(fd, 3 * 4096, SEEK_HOLE) == size);
	CHECK(lseek(fd, size, SEEK_DATA) == -1 && errno == ENXIO);
	CHECK(lseek(fd, size, SEEK_HOLE) == -1 && errno == ENXIO);
	CHECK(lseek(fd, -1, SEEK_DATA) == -1 && errno == ENXIO);
	CHECK(ftruncate(fd, 6 * 4096) == 0);
	CHECK(lseek(fd, 4 * 4096, SEEK_DATA) == -1 && errno == ENXIO);
	CHECK(lseek(fd, 4 * 4096, SEEK_HOLE) == 4 * 4096);
	CHECK(lseek(fd, 0, 5) == -1 && errno == EINVAL);
	close(fd);
	unlink("/tmp/holes");
	CHECK((fd = open("/bin/busybox", O_RDONLY)) >= 0 && fstat(fd, &st) == 0);
	CHECK(lseek(fd, 10, SEEK_DATA) == 10 && lseek(fd, 10, SEEK_HOLE) == st.st_size);
	close(fd);
	CHECK(pipe(p) == 0);
	CHECK(lseek(p[0], 0, SEEK_DATA) == -1 && errno == ESPIPE);
	close(p[0]);
	close(p[1]);
	return 0;
}

/* ---- the tests ----------------------------------------------------------- */

static const struct tap_test tests[] = {
	{ "poll_pipe", test_poll_pipe },
	{ "poll_wait", test_poll_wait },
	{ "poll_kinds", test_poll_kinds },
	{ "poll_errors", test_poll_errors },
	{ "poll_o_path", test_poll_o_path },
	{ "poll_eintr", test_poll_eintr },
	{ "ppoll_sigmask", test_ppoll_sigmask },
	{ "select", test_select },
	{ "pselect", test_pselect },
	{ "sendfile", test_sendfile },
	{ "fadvise", test_fadvise },
	{ "execveat", test_execveat },
	{ "timerfd", test_timerfd },
	{ "timerfd_errors", test_timerfd_errors },
	{ "signalfd", test_signalfd },
	{ "signalfd_errors", test_signalfd_errors },
	{ "fcntl_locks", test_fcntl_locks },
	{ "fcntl_setlkw", test_fcntl_setlkw },
	{ "fcntl_ofd_locks", test_fcntl_ofd_locks },
	{ "fcntl_deadlock", test_fcntl_deadlock },
	{ "fsync_kinds", test_fsync_kinds },
	{ "lease_rules", test_lease_rules },
	{ "lease_break", test_lease_break },
	{ "lease_break_time", test_lease_break_time },
	{ "clone3", test_clone3 },
	{ "clone3_errors", test_clone3_errors },
	{ "clone3_clear_sighand", test_clone3_clear_sighand },
	{ "fault_siginfo", test_fault_siginfo },
	{ "rseq", test_rseq },
	{ "rseq_abort", test_rseq_abort },
	{ "rseq_unwritable", test_rseq_unwritable },
	{ "rt_queue", test_rt_queue },
	{ "rt_queue_ignored", test_rt_queue_ignored },
	{ "exec_threads", test_exec_threads },
	{ "exec_args", test_exec_args },
	{ "arch_prctl_cpuid", test_arch_prctl_cpuid },
	{ "nanosleep_thread_clock", test_nanosleep_thread_clock },
	{ "nofile_limit", test_nofile_limit },
	{ "dev_random", test_dev_random },
	{ "open_creat_dir", test_open_creat_dir },
	{ "sigqueue_to_thread_id", test_sigqueue_to_thread_id },
	{ "o_path", test_o_path },
	{ "readlinkat_empty", test_readlinkat_empty },
	{ "reboot_cad", test_reboot_cad },
	{ "futex_wait_spurious", test_futex_wait_spurious },
	{ "o_noatime", test_o_noatime },
	{ "statx_errors", test_statx_errors },
	{ "seek_data_hole", test_seek_data_hole },
	{ "wait_wakes_only_parent", test_wait_wakes_only_parent },
	{ "preadv_pwritev", test_preadv_pwritev },
	{ "flock", test_flock },
	{ "chroot", test_chroot },
	{ "close_range_getcpu", test_close_range_getcpu },
	{ "setdomainname", test_setdomainname },
	{ "filesystems", test_filesystems },
	{ "ioperm_iopl", test_ioperm_iopl },
};

#define NTESTS (int)(sizeof(tests) / sizeof(tests[0]))

int main(int argc, char **argv)
{
	main_thread = pthread_self();
	if (argc == 1 && argv[0][0] == '\0')
		return 42;		/* test_exec_args: execve with no argv */
	if (argc == 3 && strcmp(argv[1], "--exe-is") == 0) {	/* test_exec_args */
		char exe[256] = "";

		return readlink("/proc/self/exe", exe, sizeof(exe) - 1) > 0 &&
		       strcmp(exe, argv[2]) == 0 ? 0 : 1;
	}
	if (argc == 3 && strcmp(argv[1], "--exit") == 0)
		return atoi(argv[2]);	/* the program test_execveat runs */
	if (argc == 3 && strcmp(argv[1], "--pid-is") == 0)	/* test_exec_threads */
		return getpid() == atoi(argv[2]) && gettid() == getpid() ? 0 : 3;
	if (argv[0][0] == '/')
		self_path = argv[0];
	return tap_run("abitests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
