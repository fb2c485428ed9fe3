/*
 * mqtests: POSIX message queues (kernel/ipc/mqueue.c, mq_syscalls.c) and
 * the System V and memory calls that came with them, checked against
 * what Linux 6.1 answers; the same binary passes on Linux (as root).
 *
 *   mqtests [NAME]...     run every test, or only the ones named
 *
 * Prints TAP (user/lib/tap.c).
 *
 *   open       mq_open: O_CREAT, O_EXCL, attributes and their EINVAL,
 *              ENOENT, EEXIST, ENAMETOOLONG, EACCES, close-on-exec
 *   limits     /proc/sys/fs/mqueue: defaults, ranges, queues_max
 *              (ENOSPC), msg_max (EINVAL) for a user, RLIMIT_MSGQUEUE
 *              (EMFILE), RLIMIT_NOFILE (EMFILE)
 *   sendrecv   priorities, FIFO within one, EMSGSIZE, EINVAL, EBADF for
 *              the wrong mode or file, EAGAIN, ETIMEDOUT, EFAULT
 *   block      a receiver and a sender that wait, EINTR
 *   notify     SIGEV_SIGNAL's siginfo, SIGEV_NONE, EBUSY, EINVAL, only
 *              for a message into the empty queue, the queue file's line
 *   thread     SIGEV_THREAD: the cookie on a netlink socket (a message,
 *              a removal), ECONNREFUSED, ENOTSOCK, EBADF, EFAULT; the C
 *              library's thread runs the function
 *   attr       mq_getattr/mq_setattr: O_NONBLOCK, EINVAL
 *   unlink     ENOENT, EPERM for another's queue, an unlinked queue
 *              lives while open
 *   fs         mount -t mqueue: ls, cat, rm, open(O_CREAT), poll
 *   nextid     /proc/sys/kernel/{msg,shm,sem}_next_id
 *   msgcopy    msgrcv's MSG_COPY
 *   remap      remap_file_pages: pages moved, EINVAL, a removed
 *              segment's last attach (EIDRM)
 *   hint       mmap takes a free hint address
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lib/procfs.h"
#include "lib/tap.h"

#define TEST_TIMEOUT 20
#define STUDENT 1000
#define Q "/mqtests"
#define FAILS(call, e) CHECK((long)(call) == -1 && errno == (e))
#define BAD_PTR ((void *)8)
#define MSG_COPY 040000

static long read_long(const char *path)
{
	char buf[64] = "";
	int fd = open(path, O_RDONLY);

	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) < 0)
		buf[0] = 'x';
	if (fd >= 0)
		close(fd);
	return buf[0] == 'x' ? -99 : strtol(buf, NULL, 10);
}

static mqd_t qopen(int oflag, long maxmsg, long msgsize)
{
	struct mq_attr a = { .mq_maxmsg = maxmsg, .mq_msgsize = msgsize };

	mq_unlink(Q);
	return mq_open(Q, oflag | O_CREAT | O_EXCL, 0600, maxmsg ? &a : NULL);
}

static int t_open(void)
{
	struct mq_attr a = { .mq_maxmsg = 0, .mq_msgsize = 16 }, got;
	char name[300];
	mqd_t q = qopen(O_RDWR, 0, 0);

	CHECK(q >= 0 && mq_getattr(q, &got) == 0);
	CHECK(got.mq_maxmsg == 10 && got.mq_msgsize == 8192 && got.mq_curmsgs == 0);
	CHECK(fcntl(q, F_GETFD) == FD_CLOEXEC);
	char link[64], path[32];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", q);
	long n = readlink(path, link, sizeof(link) - 1);
	CHECK(n == 8 && !memcmp(link, "/mqtests", 8));	/* in the queues' root */
	FAILS(mq_open(Q, O_RDWR | O_CREAT | O_EXCL, 0600, NULL), EEXIST);
	FAILS(mq_open(Q, O_RDWR | O_WRONLY), EINVAL);
	mqd_t q2 = mq_open(Q, O_RDONLY | O_CREAT, 0600, &a);	/* exists: attr unread */
	CHECK(q2 >= 0 && close(q2) == 0 && close(q) == 0 && mq_unlink(Q) == 0);
	FAILS(mq_open("/mqtests-none", O_RDONLY), ENOENT);
	FAILS(mq_open(Q, O_RDWR | O_CREAT, 0600, &a), EINVAL);
	a = (struct mq_attr){ .mq_maxmsg = 2, .mq_msgsize = 0 };
	FAILS(mq_open(Q, O_RDWR | O_CREAT, 0600, &a), EINVAL);
	a = (struct mq_attr){ .mq_maxmsg = 65537, .mq_msgsize = 1 };
	FAILS(mq_open(Q, O_RDWR | O_CREAT, 0600, &a), EINVAL);	/* even root */
	a = (struct mq_attr){ .mq_maxmsg = 20, .mq_msgsize = 16384 };
	q = mq_open(Q, O_RDWR | O_CREAT, 0600, &a);		/* root passes msg_max */
	CHECK(q >= 0 && mq_getattr(q, &got) == 0 && got.mq_maxmsg == 20 &&
	      got.mq_msgsize == 16384);
	CHECK(close(q) == 0 && mq_unlink(Q) == 0);
	memset(name, 'a', sizeof(name));
	name[256] = '\0';
	FAILS(syscall(SYS_mq_open, name, O_RDWR | O_CREAT, 0600, NULL), ENAMETOOLONG);
	name[255] = '\0';
	q = (mqd_t)syscall(SYS_mq_open, name, O_RDWR | O_CREAT, 0600, NULL);
	CHECK(q >= 0 && close(q) == 0 && syscall(SYS_mq_unlink, name) == 0);
	FAILS(syscall(SYS_mq_open, "a/b", O_RDWR | O_CREAT, 0600, NULL), EACCES);
	FAILS(syscall(SYS_mq_open, "", O_RDWR | O_CREAT, 0600, NULL), ENOENT);
	FAILS(syscall(SYS_mq_open, BAD_PTR, O_RDWR, 0600, NULL), EFAULT);
	FAILS(syscall(SYS_mq_open, "x", O_RDWR | O_CREAT, 0600, BAD_PTR), EFAULT);
	return 0;
}

/* Run @cond in a child become STUDENT: 0 when it held, else -1. */
#define as_student(cond) ({ pid_t pid_ = fork(); int st_ = -1; \
	if (pid_ == 0) _exit(tap_become(STUDENT, 0) ? 2 : (cond) ? 0 : 1); \
	pid_ > 0 && waitpid(pid_, &st_, 0) == pid_ && WIFEXITED(st_) && \
	!WEXITSTATUS(st_) ? 0 : -1; })

static int t_limits(void)
{
	struct mq_attr big = { .mq_maxmsg = 11, .mq_msgsize = 8 };
	struct rlimit r;
	mqd_t q;

	CHECK(read_long("/proc/sys/fs/mqueue/msg_max") == 10);
	CHECK(read_long("/proc/sys/fs/mqueue/msgsize_max") == 8192);
	CHECK(read_long("/proc/sys/fs/mqueue/queues_max") == 256);
	CHECK(read_long("/proc/sys/fs/mqueue/msg_default") == 10);
	CHECK(read_long("/proc/sys/fs/mqueue/msgsize_default") == 8192);
	FAILS(procfs_write("/proc/sys/fs/mqueue/msg_max", "0"), EINVAL);
	FAILS(procfs_write("/proc/sys/fs/mqueue/msgsize_max", "127"), EINVAL);
	CHECK(getrlimit(RLIMIT_MSGQUEUE, &r) == 0 && r.rlim_cur == 819200);
	q = qopen(O_RDWR, 0, 0);
	CHECK(q >= 0);
	r.rlim_cur = 0;
	CHECK(setrlimit(RLIMIT_NOFILE, &r) == 0);
	FAILS(mq_open(Q, O_RDWR), EMFILE);
	r.rlim_cur = 64;
	CHECK(setrlimit(RLIMIT_NOFILE, &r) == 0);
	CHECK(procfs_write("/proc/sys/fs/mqueue/queues_max", "1") == 0);
	int st = as_student(mq_open("/mqtests-user", O_RDWR | O_CREAT, 0600, NULL) == -1 &&
			    errno == ENOSPC);
	CHECK(procfs_write("/proc/sys/fs/mqueue/queues_max", "256") == 0);
	CHECK(st == 0);
	CHECK(as_student(mq_open("/mqtests-user", O_RDWR | O_CREAT, 0600, &big) == -1 &&
			 errno == EINVAL) == 0);
	struct mq_attr a = { .mq_maxmsg = 10, .mq_msgsize = 8192 };
	r = (struct rlimit){ 8192 * 10, 8192 * 10 };		/* no room for the overhead */
	CHECK(setrlimit(RLIMIT_MSGQUEUE, &r) == 0);
	FAILS(mq_open("/mqtests-big", O_RDWR | O_CREAT, 0600, &a), EMFILE);
	CHECK(close(q) == 0 && mq_unlink(Q) == 0);
	return 0;
}

static int t_sendrecv(void)
{
	char buf[64];
	unsigned int prio;
	struct timespec past = { 1, 0 }, bad = { 0, 1000000000 };
	mqd_t q = qopen(O_RDWR, 4, 32), ro, nb;

	CHECK(q >= 0);
	CHECK(mq_send(q, "one", 3, 1) == 0 && mq_send(q, "two", 3, 5) == 0);
	CHECK(mq_send(q, "three", 5, 1) == 0 && mq_send(q, "four", 4, 5) == 0);
	FAILS(mq_timedsend(q, "x", 1, 0, &past), ETIMEDOUT);
	CHECK(mq_receive(q, buf, 64, &prio) == 3 && prio == 5 && !memcmp(buf, "two", 3));
	CHECK(mq_receive(q, buf, 64, &prio) == 4 && prio == 5 && !memcmp(buf, "four", 4));
	CHECK(mq_receive(q, buf, 64, &prio) == 3 && prio == 1 && !memcmp(buf, "one", 3));
	CHECK(mq_receive(q, buf, 64, NULL) == 5 && !memcmp(buf, "three", 5));
	FAILS(mq_timedreceive(q, buf, 64, NULL, &past), ETIMEDOUT);
	FAILS(mq_timedreceive(q, buf, 64, NULL, &bad), EINVAL);
	FAILS(mq_send(q, buf, 33, 0), EMSGSIZE);
	FAILS(mq_receive(q, buf, 31, NULL), EMSGSIZE);
	FAILS(mq_send(q, buf, 1, 32768), EINVAL);
	FAILS(mq_send(q, BAD_PTR, 4, 0), EFAULT);
	FAILS(syscall(SYS_mq_timedsend, q, buf, 1, 0, BAD_PTR), EFAULT);
	CHECK(mq_send(q, "z", 1, 32767) == 0);
	FAILS(mq_receive(q, BAD_PTR, 64, NULL), EFAULT);	/* and it is gone */
	struct mq_attr a;
	CHECK(mq_getattr(q, &a) == 0 && a.mq_curmsgs == 0);
	FAILS(mq_send(-1, buf, 1, 0), EBADF);
	FAILS(mq_send(0, buf, 1, 0), EBADF);
	ro = mq_open(Q, O_RDONLY);
	CHECK(ro >= 0);
	FAILS(mq_send(ro, buf, 1, 0), EBADF);
	nb = mq_open(Q, O_WRONLY | O_NONBLOCK);
	CHECK(nb >= 0);
	FAILS(mq_receive(nb, buf, 64, NULL), EBADF);
	for (int i = 0; i < 4; i++)
		CHECK(mq_send(nb, "m", 1, 0) == 0);
	FAILS(mq_send(nb, "m", 1, 0), EAGAIN);
	CHECK(close(ro) == 0 && close(nb) == 0 && close(q) == 0 && mq_unlink(Q) == 0);
	return 0;
}

static void on_alarm(int sig)
{
	(void)sig;
}

static int t_block(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	char buf[16];
	mqd_t q = qopen(O_RDWR, 1, 16);
	pid_t pid;
	int st;

	CHECK(q >= 0);
	pid = fork();
	if (pid == 0) {
		usleep(100000);
		_exit(mq_send(q, "hi", 2, 3) == 0 ? 0 : 1);
	}
	CHECK(mq_receive(q, buf, 16, NULL) == 2 && !memcmp(buf, "hi", 2));
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(mq_send(q, "a", 1, 0) == 0);
	pid = fork();
	if (pid == 0) {
		usleep(100000);
		_exit(mq_receive(q, buf, 16, NULL) == 1 ? 0 : 1);
	}
	CHECK(mq_send(q, "b", 1, 0) == 0);		/* waited for room */
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(sigaction(SIGALRM, &sa, NULL) == 0);
	alarm(1);
	FAILS(mq_send(q, "c", 1, 0), EINTR);
	CHECK(close(q) == 0 && mq_unlink(Q) == 0);
	return 0;
}

static volatile siginfo_t got_info;
static volatile int got_sig;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	got_info = *si;
	got_sig = 1;
}

static int queue_line(const char *name, char *buf, size_t size)
{
	int fd = open(name, O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, size - 1);

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return n > 0 ? 0 : -1;
}

/*
 * Does the queue file @path read (in a child: Linux drops a notification
 * at every close by the process that registered it) with @a and @b in
 * its line? 0 or -1.
 */
static int child_line_has(const char *path, const char *a, const char *b)
{
	char line[128];
	pid_t pid = fork();
	int st;

	if (pid == 0)
		_exit(!queue_line(path, line, sizeof(line)) && strstr(line, a) &&
		      strstr(line, b) ? 0 : 1);
	return pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	       !WEXITSTATUS(st) ? 0 : -1;
}

static int t_notify(void)
{
	struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1,
			       .sigev_value.sival_int = 0x1234 };
	char buf[64], path[64];
	mqd_t q = qopen(O_RDWR, 4, 16);

	CHECK(q >= 0 && sigaction(SIGUSR1, &sa, NULL) == 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", q);
	CHECK(mq_notify(q, &ev) == 0);
	snprintf(buf, sizeof(buf), "SIGNO:%-5d NOTIFY_PID:%-6d", SIGUSR1, getpid());
	CHECK(child_line_has(path, "QSIZE:0 ", "NOTIFY:0 ") == 0);
	CHECK(child_line_has(path, buf, "") == 0);
	FAILS(mq_notify(q, &ev), EBUSY);
	if (fork() == 0)
		_exit(mq_notify(q, &ev) == -1 && errno == EBUSY &&
		      mq_notify(q, NULL) == 0 ? 0 : 1);	/* not its registration */
	int st;
	CHECK(wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(mq_send(q, "abc", 3, 0) == 0);
	for (int i = 0; i < 100 && !got_sig; i++)
		usleep(10000);
	CHECK(got_sig && got_info.si_code == -3 /* SI_MESGQ */ &&
	      got_info.si_value.sival_int == 0x1234 && got_info.si_pid == getpid() &&
	      got_info.si_uid == getuid());
	CHECK(child_line_has(path, "QSIZE:3 ", "NOTIFY_PID:0 ") == 0);
	got_sig = 0;
	CHECK(mq_notify(q, &ev) == 0);			/* once: registered again */
	CHECK(mq_send(q, "d", 1, 0) == 0);		/* not empty before: none */
	usleep(50000);
	CHECK(!got_sig);
	CHECK(mq_notify(q, NULL) == 0 && mq_notify(q, NULL) == 0);
	CHECK(mq_notify(q, &ev) == 0);
	CHECK(close(dup(q)) == 0);			/* any close of ours ends it */
	CHECK(mq_notify(q, &ev) == 0 && mq_notify(q, NULL) == 0);
	ev.sigev_notify = SIGEV_NONE;
	CHECK(mq_notify(q, &ev) == 0);
	FAILS(mq_notify(q, &ev), EBUSY);
	CHECK(mq_notify(q, NULL) == 0);
	ev.sigev_notify = 99;
	FAILS(mq_notify(q, &ev), EINVAL);
	ev = (struct sigevent){ .sigev_notify = SIGEV_SIGNAL, .sigev_signo = 65 };
	FAILS(mq_notify(-1, &ev), EINVAL);		/* before the descriptor */
	ev.sigev_signo = SIGUSR1;
	FAILS(mq_notify(-1, &ev), EBADF);
	FAILS(mq_notify(0, &ev), EBADF);
	FAILS(syscall(SYS_mq_notify, q, BAD_PTR), EFAULT);
	CHECK(close(q) == 0 && mq_unlink(Q) == 0);
	return 0;
}

static volatile int thread_ran;

static void on_message(union sigval v)
{
	thread_ran = v.sival_int;
}

/* SIGEV_THREAD by hand: a netlink socket and a cookie, which comes back
 * on the socket, its last byte 1 (a message) or 2 (removed). */
static int t_thread(void)
{
	struct sockaddr_nl { unsigned short f, pad; unsigned int pid, groups; } nl;
	char cookie[32], got[64];
	struct sigevent ev = { .sigev_notify = SIGEV_THREAD };
	socklen_t len = sizeof(nl);
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0), u[2];
	mqd_t q = qopen(O_RDWR, 2, 16);

	CHECK(s >= 0 && q >= 0 && socketpair(AF_UNIX, SOCK_DGRAM, 0, u) == 0);
	CHECK(getsockname(s, (struct sockaddr *)&nl, &len) == 0 && nl.f == AF_NETLINK);
	FAILS(send(s, "x", 1, 0), ECONNREFUSED);	/* no kernel protocol answers */
	FAILS(recv(s, got, sizeof(got), MSG_DONTWAIT), EAGAIN);
	memset(cookie, 7, sizeof(cookie));
	ev.sigev_value.sival_ptr = cookie;
	ev.sigev_signo = s;
	CHECK(syscall(SYS_mq_notify, q, &ev) == 0);
	CHECK(mq_send(q, "m", 1, 0) == 0);
	CHECK(recv(s, got, sizeof(got), 0) == 32 && got[31] == 1 && got[0] == 7 && got[30] == 7);
	CHECK(syscall(SYS_mq_notify, q, &ev) == 0);
	CHECK(mq_notify(q, NULL) == 0);
	CHECK(recv(s, got, sizeof(got), 0) == 32 && got[31] == 2 && got[0] == 7);
	ev.sigev_signo = u[0];
	FAILS(syscall(SYS_mq_notify, q, &ev), ECONNREFUSED);
	ev.sigev_signo = 0;
	FAILS(syscall(SYS_mq_notify, q, &ev), ENOTSOCK);
	ev.sigev_signo = -1;
	FAILS(syscall(SYS_mq_notify, q, &ev), EBADF);
	ev.sigev_signo = s;
	ev.sigev_value.sival_ptr = BAD_PTR;
	FAILS(syscall(SYS_mq_notify, q, &ev), EFAULT);
	CHECK(close(s) == 0 && close(u[0]) == 0 && close(u[1]) == 0);
	/* The C library's own: its thread runs our function. */
	struct mq_attr a;
	char buf[16];
	CHECK(mq_getattr(q, &a) == 0);
	for (long i = 0; i < a.mq_curmsgs; i++)
		CHECK(mq_receive(q, buf, 16, NULL) >= 0);
	ev = (struct sigevent){ .sigev_notify = SIGEV_THREAD,
				.sigev_notify_function = on_message,
				.sigev_value.sival_int = 42 };
	CHECK(mq_notify(q, &ev) == 0);
	CHECK(mq_send(q, "m", 1, 0) == 0);
	for (int i = 0; i < 200 && !thread_ran; i++)
		usleep(10000);
	CHECK(thread_ran == 42);
	CHECK(close(q) == 0 && mq_unlink(Q) == 0);
	return 0;
}

static int t_attr(void)
{
	struct mq_attr a = { .mq_flags = O_NONBLOCK }, old;
	char buf[16];
	mqd_t q = qopen(O_RDWR, 3, 16);

	CHECK(q >= 0 && mq_send(q, "x", 1, 0) == 0);
	CHECK(mq_setattr(q, &a, &old) == 0 && old.mq_flags == 0 && old.mq_curmsgs == 1);
	CHECK(mq_getattr(q, &old) == 0 && old.mq_flags == O_NONBLOCK && old.mq_maxmsg == 3);
	CHECK(fcntl(q, F_GETFL) & O_NONBLOCK);
	CHECK(mq_receive(q, buf, 16, NULL) == 1);
	FAILS(mq_receive(q, buf, 16, NULL), EAGAIN);
	a.mq_flags = O_NONBLOCK | O_APPEND;
	FAILS(mq_setattr(q, &a, NULL), EINVAL);
	FAILS(mq_getattr(-1, &old), EBADF);
	FAILS(syscall(SYS_mq_getsetattr, q, NULL, BAD_PTR), EFAULT);
	CHECK(close(q) == 0 && mq_unlink(Q) == 0);
	return 0;
}

static int t_unlink(void)
{
	char buf[16];
	mqd_t q = qopen(O_RDWR, 2, 16);

	CHECK(q >= 0);
	/* EPERM from the kernel (a sticky directory), EACCES from the C library */
	CHECK(as_student(syscall(SYS_mq_unlink, Q + 1) == -1 && errno == EPERM) == 0);
	CHECK(mq_unlink(Q) == 0);
	FAILS(mq_unlink(Q), ENOENT);
	FAILS(mq_open(Q, O_RDWR), ENOENT);
	CHECK(mq_send(q, "still", 5, 0) == 0 && mq_receive(q, buf, 16, NULL) == 5);
	CHECK(close(q) == 0);
	return 0;
}

/* Does a listing of @dir name both @a and @b (and nothing else)? */
static int lists_both(const char *dir, const char *a, const char *b)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int seen = 0, other = 0;

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, a) && e->d_type == DT_REG)
			seen |= 1;
		else if (!strcmp(e->d_name, b) && e->d_type == DT_REG)
			seen |= 2;
		else if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			other = 1;
	}
	if (d)
		closedir(d);
	return d && seen == 3 && !other;
}

static int t_fs(void)
{
	const char *dir = "/tmp/mqtests-fs";
	char line[128];
	struct pollfd p;
	struct mq_attr a;
	mqd_t q = qopen(O_RDWR, 2, 16);
	int fd;

	CHECK(q >= 0);
	mkdir(dir, 0755);
	CHECK(mount("none", dir, "mqueue", 0, NULL) == 0);
	CHECK(mq_send(q, "hello", 5, 0) == 0);
	CHECK(queue_line("/tmp/mqtests-fs/mqtests", line, sizeof(line)) == 0);
	CHECK(!strncmp(line, "QSIZE:5 ", 8) && strstr(line, "NOTIFY:0 ") &&
	      strstr(line, "SIGNO:0 ") && strstr(line, "NOTIFY_PID:0"));
	p = (struct pollfd){ .fd = q, .events = POLLIN | POLLOUT };
	CHECK(poll(&p, 1, 0) == 1 && p.revents == (POLLIN | POLLOUT));
	CHECK(mq_send(q, "x", 1, 0) == 0);
	CHECK(poll(&p, 1, 0) == 1 && p.revents == POLLIN);
	fd = open("/tmp/mqtests-fs/byopen", O_RDWR | O_CREAT, 0644);
	CHECK(fd >= 0 && mq_getattr(fd, &a) == 0 && a.mq_maxmsg == 10);
	CHECK(lists_both(dir, "mqtests", "byopen"));	/* readdir, ls */
	CHECK(close(fd) == 0 && unlink("/tmp/mqtests-fs/byopen") == 0);
	FAILS(mq_unlink("/byopen"), ENOENT);
	CHECK(unlink("/tmp/mqtests-fs/mqtests") == 0);
	FAILS(mq_open(Q, O_RDWR), ENOENT);
	CHECK(umount(dir) == 0 && rmdir(dir) == 0 && close(q) == 0);
	return 0;
}

static int next_id(const char *kind, int (*make)(key_t), int (*rm)(int))
{
	char path[64], val[16];
	int want = 12345, id, id2;

	snprintf(path, sizeof(path), "/proc/sys/kernel/%s_next_id", kind);
	CHECK(read_long(path) == -1);
	snprintf(val, sizeof(val), "%d", want);
	CHECK(procfs_write(path, val) == 0 && read_long(path) == want);
	id = make(IPC_PRIVATE);
	CHECK(id == want && read_long(path) == -1);
	CHECK(procfs_write(path, val) == 0);
	id2 = make(IPC_PRIVATE);		/* the slot is taken: the next */
	CHECK(id2 >= 0 && id2 != want && read_long(path) == -1);
	FAILS(procfs_write(path, "-1"), EINVAL);
	CHECK(rm(id) == 0 && rm(id2) == 0);
	return 0;
}

static int mk_msg(key_t k) { return msgget(k, 0600); }
static int rm_msg(int id) { return msgctl(id, IPC_RMID, NULL); }
static int mk_shm(key_t k) { return shmget(k, 4096, 0600); }
static int rm_shm(int id) { return shmctl(id, IPC_RMID, NULL); }
static int mk_sem(key_t k) { return semget(k, 1, 0600); }
static int rm_sem(int id) { return semctl(id, 0, IPC_RMID); }

static int t_nextid(void)
{
	return next_id("msg", mk_msg, rm_msg) || next_id("shm", mk_shm, rm_shm) ||
	       next_id("sem", mk_sem, rm_sem) ? -1 : 0;
}

static int t_msgcopy(void)
{
	struct { long type; char text[16]; } m = { 1, "first" }, r;
	struct msqid_ds ds;
	int q = msgget(IPC_PRIVATE, 0600);

	CHECK(q >= 0 && msgsnd(q, &m, 6, 0) == 0);
	m = (typeof(m)){ 7, "second" };
	CHECK(msgsnd(q, &m, 7, 0) == 0);
	CHECK(msgrcv(q, &r, 16, 1, MSG_COPY | IPC_NOWAIT) == 7 && r.type == 7 &&
	      !strcmp(r.text, "second"));
	CHECK(msgrcv(q, &r, 16, 0, MSG_COPY | IPC_NOWAIT) == 6 && r.type == 1);
	CHECK(msgctl(q, IPC_STAT, &ds) == 0 && ds.msg_qnum == 2 && ds.msg_lrpid == 0);
	FAILS(msgrcv(q, &r, 16, 2, MSG_COPY | IPC_NOWAIT), ENOMSG);
	FAILS(msgrcv(q, &r, 16, 0, MSG_COPY), EINVAL);
	FAILS(msgrcv(q, &r, 16, 0, MSG_COPY | IPC_NOWAIT | MSG_EXCEPT), EINVAL);
	FAILS(msgrcv(q, &r, 2, 0, MSG_COPY | IPC_NOWAIT), E2BIG);
	CHECK(msgctl(q, IPC_RMID, NULL) == 0);
	return 0;
}

static int t_remap(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	int fd = open("/tmp/mqtests-remap", O_RDWR | O_CREAT | O_TRUNC, 0600);
	char *p, *priv;

	CHECK(fd >= 0 && ftruncate(fd, 3 * pg) == 0);
	for (int i = 0; i < 3; i++)
		CHECK(pwrite(fd, "ABC" + i, 1, i * pg) == 1);
	p = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	priv = mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED && priv != MAP_FAILED);
	CHECK(syscall(SYS_remap_file_pages, p, pg, 0, 2, 0) == 0);
	CHECK(p[0] == 'C' && p[pg] == 'B' && p[2 * pg] == 'C');
	p[0] = 'z';					/* the file's page 2 */
	char c = 0;
	CHECK(pread(fd, &c, 1, 2 * pg) == 1 && c == 'z' && p[2 * pg] == 'z');
	CHECK(syscall(SYS_remap_file_pages, p + 1, pg, 0, 0, 0) == 0 && p[0] == 'A');
	FAILS(syscall(SYS_remap_file_pages, p, pg, PROT_READ, 1, 0), EINVAL);
	FAILS(syscall(SYS_remap_file_pages, priv, pg, 0, 1, 0), EINVAL);
	FAILS(syscall(SYS_remap_file_pages, p, 4 * pg, 0, 0, 0), EINVAL);
	FAILS(syscall(SYS_remap_file_pages, p, 0, 0, 0, 0), EINVAL);
	FAILS(syscall(SYS_remap_file_pages, p, pg, 0, -1L, 0), EINVAL);
	CHECK(munmap(p, 3 * pg) == 0 && munmap(priv, pg) == 0);
	FAILS(syscall(SYS_remap_file_pages, p, pg, 0, 0, 0), EINVAL);
	CHECK(close(fd) == 0 && unlink("/tmp/mqtests-remap") == 0);
	int id = shmget(IPC_PRIVATE, pg, 0600);
	char *s = shmat(id, NULL, 0);

	CHECK(id >= 0 && s != (void *)-1);
	CHECK(syscall(SYS_remap_file_pages, s, pg, 0, 0, 0) == 0);
	CHECK(shmctl(id, IPC_RMID, NULL) == 0);
	FAILS(syscall(SYS_remap_file_pages, s, pg, 0, 0, 0), EIDRM);
	FAILS(shmdt(s), EINVAL);			/* the attach went with it */
	return 0;
}

static int t_hint(void)
{
	char *want = (char *)0x48000000, *p;

	p = mmap(want, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p == want);
	char *q = mmap(want, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(q != MAP_FAILED && q != want);		/* taken: elsewhere */
	CHECK(munmap(p, 4096) == 0 && munmap(q, 4096) == 0);
	return 0;
}

static const struct tap_test tests[] = {
	{ "open", t_open },
	{ "limits", t_limits },
	{ "sendrecv", t_sendrecv },
	{ "block", t_block },
	{ "notify", t_notify },
	{ "thread", t_thread },
	{ "attr", t_attr },
	{ "unlink", t_unlink },
	{ "fs", t_fs },
	{ "nextid", t_nextid },
	{ "msgcopy", t_msgcopy },
	{ "remap", t_remap },
	{ "hint", t_hint },
};

int main(int argc, char **argv)
{
	return tap_run_as_root("mqtests", tests, sizeof(tests) / sizeof(tests[0]),
			       TEST_TIMEOUT, argc, argv);
}
