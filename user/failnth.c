/*
 * failnth: systematic fault injection with Linux's fail-nth (issue 19;
 * the debug kernel's /proc/thread-self/fail-nth, kernel/mm/fault_inject.c).
 * Writing N there makes this thread's N-th allocation from now fail,
 * whatever failslab and fail_page_alloc say. For each scenario below (a
 * few system calls that allocate: a mount, a pipe, a fork...) failnth
 * runs the scenario with its 1st allocation failing, then its 2nd, and so
 * on, until a run ends before its N-th allocation: every failure path of
 * the scenario taken once. The kernel must answer each with an error
 * (ENOMEM mostly) and leak nothing: the test (test_fault_inject.py) then
 * asks kmemleak and compares free pages. What syzkaller does to Linux,
 * in small.
 *
 *   failnth [SCENARIO]...   every scenario, or the ones named
 *
 * Prints TAP (user/lib/tap.c), one test per scenario, and a "#" line with
 * how many allocations it made and how the failed runs ended. A test
 * fails if the scenario does not work with nothing failing, makes no
 * allocation, or makes more than MAX_NTH. It refuses to run anywhere but
 * Taskbase (it mounts and makes files in /tmp).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/ptrace.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "aio_abi.h"
#include "tap.h"
#include "ulib.h"

#define TEST_TIMEOUT 60
#define MAX_NTH 3000		/* allocations one scenario may make */
#define NTH_FILE "/proc/thread-self/fail-nth"
#define DIR "/tmp/failnth"

/* Linux's uapi, not in musl's headers: what this program uses of
 * native AIO (its records: aio_abi.h) and of userfaultfd. */
#define IOCB_CMD_PWRITE 1
#define UFFD_API 0xAAull
#define UFFDIO_API 0xc018aa3f
#define UFFDIO_REGISTER 0xc020aa00
#define UFFDIO_COPY 0xc028aa03
#define UFFDIO_REGISTER_MODE_MISSING 1

static int nth_fd = -1;

static void set_nth(unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	if (pwrite(nth_fd, buf, (size_t)len, 0) != len)
		_exit(3);
}

/* The count left; 0 when the failure happened (or reading failed: the
 * read's own allocation was the N-th). */
static unsigned int get_nth(void)
{
	char buf[16] = { 0 };

	if (pread(nth_fd, buf, sizeof(buf) - 1, 0) <= 0)
		return 0;
	return (unsigned int)strtoul(buf, NULL, 10);
}

/* Each scenario does its calls and undoes what it made, whatever failed;
 * it returns 0, or the errno of the first call that failed. */
#define TRY(call) do { if ((call) < 0) { err = errno; goto out; } } while (0)

/* A failed mount must leave nothing mounted: if it did, failnth says
 * "State not recoverable" (ENOTRECOVERABLE). umount allocates too: it is
 * tried again until it has worked. */
static int sc_mount_tmpfs(void)
{
	int err = 0;

	if (mount("none", DIR, "tmpfs", 0, "size=1m,mode=0700") < 0) {
		err = errno;
		if (umount(DIR) == 0)
			err = ENOTRECOVERABLE;
	}
	while (!err && umount(DIR) < 0 && errno == ENOMEM)
		;
	return err;
}

static int sc_file(void)
{
	static char block[6000];
	int err = 0, fd;

	TRY(fd = open(DIR "/f", O_CREAT | O_RDWR | O_TRUNC, 0600));
	if (write(fd, block, sizeof(block)) < 0 || link(DIR "/f", DIR "/g") < 0 ||
	    rename(DIR "/g", DIR "/h") < 0 || symlink("f", DIR "/s") < 0)
		err = errno;
	close(fd);
	unlink(DIR "/f");
	unlink(DIR "/g");
	unlink(DIR "/h");
	unlink(DIR "/s");
out:
	return err;
}

static int sc_pipe(void)
{
	static char block[9000];
	int err = 0, p[2];

	TRY(pipe2(p, O_NONBLOCK));
	if (write(p[1], block, sizeof(block)) < 0 || read(p[0], block, 100) < 0)
		err = errno;
	close(p[0]);
	close(p[1]);
out:
	return err;
}

static int sc_socketpair(void)
{
	int err = 0, s[2];
	char buf[64] = "hello";

	TRY(socketpair(AF_UNIX, SOCK_DGRAM, 0, s));
	if (send(s[0], buf, 6, 0) < 0 || recv(s[1], buf, sizeof(buf), 0) < 0)
		err = errno;
	close(s[0]);
	close(s[1]);
out:
	return err;
}

static int sc_epoll(void)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int err = 0, ep, efd = -1;
	unsigned long long one = 1;

	TRY(ep = epoll_create1(0));
	if ((efd = eventfd(0, 0)) < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev) < 0 ||
	    write(efd, &one, 8) < 0 || epoll_wait(ep, &ev, 1, 0) < 0)
		err = errno;
	if (efd >= 0)
		close(efd);
	close(ep);
out:
	return err;
}

/* DIR/w exists (main()): opening it makes no inode, so every failure
 * here is inotify's or the open's file (ENOMEM). An event lost for want
 * of memory must read as IN_Q_OVERFLOW: a silent loss is EBADMSG. */
static int sc_inotify(void)
{
	char buf[512] __attribute__((aligned(8)));
	unsigned int seen = 0;
	int err = 0, in, fd;
	ssize_t len, off;

	TRY(in = inotify_init1(IN_NONBLOCK));
	if (inotify_add_watch(in, DIR "/w", IN_OPEN | IN_CLOSE) < 0 ||
	    (fd = open(DIR "/w", O_RDONLY)) < 0)
		err = errno;
	else
		close(fd);
	while (!err && (len = read(in, buf, sizeof(buf))) > 0)
		for (off = 0; off < len; ) {
			struct inotify_event *e = (struct inotify_event *)(buf + off);

			seen |= e->mask;
			off += (ssize_t)(sizeof(*e) + e->len);
		}
	if (!err && !(seen & IN_Q_OVERFLOW) &&
	    (seen & (IN_OPEN | IN_CLOSE_NOWRITE)) != (IN_OPEN | IN_CLOSE_NOWRITE))
		err = EBADMSG;
	close(in);
out:
	return err;
}

static int sc_timerfd_signalfd(void)
{
	struct itimerspec its = { .it_value = { 0, 1000 } };
	sigset_t set;
	int err = 0, tfd, sfd = -1;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	TRY(tfd = timerfd_create(CLOCK_MONOTONIC, 0));
	if (timerfd_settime(tfd, 0, &its, NULL) < 0 ||
	    (sfd = signalfd(-1, &set, 0)) < 0)
		err = errno;
	if (sfd >= 0)
		close(sfd);
	close(tfd);
out:
	return err;
}

static int sc_memfd_mmap(void)
{
	int err = 0, fd;
	char *p;

	TRY(fd = memfd_create("failnth", 0));
	if (ftruncate(fd, 65536) < 0) {
		err = errno;
	} else if ((p = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_SHARED,
			     fd, 0)) == MAP_FAILED) {
		err = errno;
	} else {
		/* A fault that cannot get its page is SIGBUS, not an errno:
		 * only what the system calls answer is checked. */
		if (mprotect(p, 4096, PROT_READ) < 0)
			err = errno;
		munmap(p, 65536);
	}
	close(fd);
out:
	return err;
}

static int sc_anon_mmap(void)
{
	int err = 0;
	char *p, *q;

	p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return errno;
	q = mremap(p, 1 << 20, 2 << 20, MREMAP_MAYMOVE);
	if (q == MAP_FAILED) {
		err = errno;
		munmap(p, 1 << 20);
		return err;
	}
	/* Three VMAs out of one, then one again. */
	if (mprotect(q + 4096, 8192, PROT_READ) < 0 ||
	    mprotect(q + 4096, 8192, PROT_READ | PROT_WRITE) < 0)
		err = errno;
	munmap(q, 2 << 20);
	return err;
}

static int sc_fork(void)
{
	int err = 0, pid, st;

	TRY(pid = fork());
	if (pid == 0)
		_exit(0);
	waitpid(pid, &st, 0);
out:
	return err;
}

static int sc_sysv(void)
{
	struct { long type; char text[32]; } m = { 1, "x" };
	struct sembuf op = { 0, 1, 0 };
	int err = 0, shm, msq = -1, sem = -1;
	void *p;

	TRY(shm = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0600));
	if ((p = shmat(shm, NULL, 0)) == (void *)-1)
		err = errno;
	else
		shmdt(p);
	shmctl(shm, IPC_RMID, NULL);
	if (err)
		goto out;
	if ((msq = msgget(IPC_PRIVATE, IPC_CREAT | 0600)) < 0 ||
	    msgsnd(msq, &m, sizeof(m.text), 0) < 0 ||
	    msgrcv(msq, &m, sizeof(m.text), 0, 0) < 0 ||
	    (sem = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600)) < 0 ||
	    semop(sem, &op, 1) < 0)
		err = errno;
	if (msq >= 0)
		msgctl(msq, IPC_RMID, NULL);
	if (sem >= 0)
		semctl(sem, 0, IPC_RMID);
out:
	return err;
}

static int sc_mqueue(void)
{
	struct mq_attr a = { .mq_maxmsg = 4, .mq_msgsize = 64 };
	char buf[64] = "m";
	int err = 0;
	mqd_t q;

	TRY(q = mq_open("/failnth", O_CREAT | O_RDWR, 0600, &a));
	if (mq_send(q, buf, 2, 0) < 0 || mq_receive(q, buf, sizeof(buf), NULL) < 0)
		err = errno;
	mq_close(q);
	mq_unlink("/failnth");
out:
	return err;
}

static int sc_posix_timer(void)
{
	struct sigevent sev = { .sigev_notify = SIGEV_NONE };
	struct itimerspec its = { .it_value = { 1, 0 } };
	int err = 0;
	timer_t t;

	TRY(timer_create(CLOCK_MONOTONIC, &sev, &t));
	if (timer_settime(t, 0, &its, NULL) < 0)
		err = errno;
	timer_delete(t);
out:
	return err;
}

static int sc_keys(void)
{
	long key;
	int err = 0;

	/* add_key("user", "failnth", "data", 4, KEY_SPEC_PROCESS_KEYRING) */
	TRY(key = syscall(SYS_add_key, "user", "failnth", "data", 4, -2));
	syscall(SYS_keyctl, 3 /* KEYCTL_REVOKE */, key);
	syscall(SYS_keyctl, 9 /* KEYCTL_UNLINK */, key, -2);
out:
	return err;
}

static int sc_pidfd(void)
{
	struct pollfd p = { .events = POLLIN };
	int err = 0;

	TRY(p.fd = (int)syscall(SYS_pidfd_open, getpid(), 0));
	if (poll(&p, 1, 0) < 0)
		err = errno;
	close(p.fd);
out:
	return err;
}

static int sc_unshare_mounts(void)
{
	int err = 0;

	TRY(unshare(CLONE_NEWNS));
out:
	return err;
}

static int sc_proc_read(void)
{
	char buf[4096];
	int err = 0, fd;

	TRY(fd = open("/proc/self/maps", O_RDONLY));
	if (read(fd, buf, sizeof(buf)) < 0)
		err = errno;
	close(fd);
out:
	return err;
}

static void *thread_fn(void *arg)
{
	return arg;
}

static int sc_thread(void)
{
	pthread_t t;
	int err = pthread_create(&t, NULL, thread_fn, NULL);

	if (!err)
		pthread_join(t, NULL);
	return err;
}

/* Scenarios run in a child of their own (CHILD_SCENARIO below): the
 * child sets its own fail-nth to child_n (a fork's starts at 0), runs
 * the scenario and exits with 100 + errno, or with the count left
 * (1..99; 0: the failure happened and was coped with). */
static unsigned int child_n, child_left;

/* Run @body in such a child: 0 (child_left set) or the child's errno. */
static int in_child(int (*body)(void))
{
	int pid, st, r;

	pid = fork();
	if (pid < 0)
		return errno;
	if (pid == 0) {
		nth_fd = open(NTH_FILE, O_RDWR);
		if (nth_fd < 0)
			_exit(100 + (errno & 127));
		if (child_n)
			set_nth(child_n);
		r = body();
		st = errno;
		child_left = get_nth();
		set_nth(0);
		if (r < 0)
			_exit(100 + (st & 127));
		_exit(child_left > 99 ? 99 : (int)child_left);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return ECHILD;
	if (WEXITSTATUS(st) >= 100 && WEXITSTATUS(st) < 228)
		return WEXITSTATUS(st) - 100;
	child_left = WEXITSTATUS(st);
	return 0;
}

/* exec of failnth --left, whose exit status is the count left when the
 * new image starts: exec's own failures come back as the errno. */
static int sc_exec(void)
{
	char arg[] = "--left", *argv[] = { "failnth", arg, NULL };

	return execv("/proc/self/exe", argv);
}

/* Every kind of namespace at once, owned by a new user namespace (in a
 * child: user namespaces nest only 32 deep). A failure path that drops
 * a new namespace without its owner's reference leaks that user
 * namespace, which kmemleak then names. */
static int sc_unshare_all(void)
{
	return unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWUTS |
		       CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP |
		       CLONE_NEWPID | CLONE_NEWTIME);
}

/* The user keyrings of a uid that has no keys yet (a new uid each run):
 * a failed keyring_alloc() freed the uid's key_user, which
 * user_keyrings() then put again (KASAN: double-free). */
static int sc_user_keyring(void)
{
	if (setuid(40000 + child_n) < 0)
		return -1;
	return (int)syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */,
			    -4 /* KEY_SPEC_USER_KEYRING */, 1);
}


static int sc_inet(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int err = 0, l, c = -1, s = -1;
	char buf[16] = "x";

	TRY(l = socket(AF_INET, SOCK_STREAM, 0));
	if (bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(l, 1) < 0 ||
	    getsockname(l, (struct sockaddr *)&a, &len) < 0 ||
	    (c = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
	    connect(c, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    (s = accept(l, NULL, NULL)) < 0 || send(c, buf, 1, 0) < 0 ||
	    recv(s, buf, sizeof(buf), 0) < 0)
		err = errno;
	if (s >= 0)
		close(s);
	if (c >= 0)
		close(c);
	close(l);
out:
	return err;
}

static int sc_locks(void)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
			    .l_start = 0, .l_len = 10 };
	int err = 0, fd;

	TRY(fd = open(DIR "/w", O_RDWR));
	if (fcntl(fd, F_SETLK, &fl) < 0)
		err = errno;
	fl.l_start = 4;			/* split the lock in two */
	fl.l_len = 2;
	fl.l_type = F_UNLCK;
	if (!err && fcntl(fd, F_SETLK, &fl) < 0)
		err = errno;
	if (!err && flock(fd, LOCK_EX) < 0)
		err = errno;
	close(fd);
out:
	return err;
}

static int sc_sigqueue(void)
{
	sigset_t set, old;
	siginfo_t si;
	union sigval v = { .sival_int = 7 };
	int err = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &set, &old);
	/* The second instance is the one queued beside the first. */
	if (sigqueue(getpid(), SIGRTMIN, v) < 0 || sigqueue(getpid(), SIGRTMIN, v) < 0)
		err = errno;
	while (sigtimedwait(&set, &si, &(struct timespec){ 0, 0 }) > 0)
		;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return err;
}

static int sc_xattr(void)
{
	char buf[64];
	int err = 0;

	TRY(setxattr(DIR "/w", "user.failnth", "value", 5, 0));
	if (getxattr(DIR "/w", "user.failnth", buf, sizeof(buf)) < 0 ||
	    listxattr(DIR "/w", buf, sizeof(buf)) < 0)
		err = errno;
	removexattr(DIR "/w", "user.failnth");
out:
	return err;
}

static int sc_splice(void)
{
	static char block[5000];
	struct iovec iov = { block, sizeof(block) };
	int err = 0, p[2], q[2] = { -1, -1 };

	TRY(pipe(p));
	if (pipe(q) < 0 || vmsplice(p[1], &iov, 1, 0) < 0 ||
	    tee(p[0], q[1], 4096, 0) < 0 || splice(p[0], NULL, q[1], NULL, 100, 0) < 0)
		err = errno;
	close(p[0]);
	close(p[1]);
	if (q[0] >= 0) {
		close(q[0]);
		close(q[1]);
	}
out:
	return err;
}

static int sc_aio(void)
{
	uint64_t ctx = 0;
	struct aio_iocb cb = { .opcode = IOCB_CMD_PWRITE };
	struct aio_iocb *cbs[1] = { &cb };
	struct aio_event ev;
	static char block[512];
	int err = 0, fd;

	TRY(fd = open(DIR "/w", O_RDWR));
	cb.fd = (uint32_t)fd;
	cb.buf = (uint64_t)(uintptr_t)block;
	cb.nbytes = sizeof(block);
	if (syscall(SYS_io_setup, 4, &ctx) < 0 ||
	    syscall(SYS_io_submit, ctx, 1, cbs) < 0 ||
	    syscall(SYS_io_getevents, ctx, 1, 1, &ev, NULL) < 0)
		err = errno;
	if (ctx)
		syscall(SYS_io_destroy, ctx);
	close(fd);
out:
	return err;
}

static int sc_userfaultfd(void)
{
	uint64_t api[3] = { UFFD_API, 0, 0 };
	uint64_t reg[4] = { 0, 4096, UFFDIO_REGISTER_MODE_MISSING, 0 };
	static char page[4096] __attribute__((aligned(4096)));
	uint64_t copy[5] = { 0, (uint64_t)(uintptr_t)page, 4096, 0, 0 };
	int err = 0, u;
	char *p;

	TRY(u = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK));
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	reg[0] = copy[0] = (uint64_t)(uintptr_t)p;	/* range.start, dst */
	if (p == MAP_FAILED || ioctl(u, UFFDIO_API, api) < 0 ||
	    ioctl(u, UFFDIO_REGISTER, reg) < 0 || ioctl(u, UFFDIO_COPY, copy) < 0)
		err = errno;
	if (p != MAP_FAILED)
		munmap(p, 4096);
	close(u);
out:
	return err;
}

static int sc_ptrace(void)
{
	int err = 0, pid, st;

	TRY(pid = fork());
	if (pid == 0) {
		pause();
		_exit(0);
	}
	if (ptrace(PTRACE_SEIZE, pid, 0, PTRACE_O_TRACESYSGOOD) < 0 ||
	    ptrace(PTRACE_INTERRUPT, pid, 0, 0) < 0 || waitpid(pid, &st, 0) != pid)
		err = errno;
	kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
out:
	return err;
}

/* eBPF and classic socket filters: a map, a program with a bounded
 * loop (the verifier's kept states) that stores in the map, each
 * attached to a datagram socket and run once. */
static int sc_bpf(void)
{
	struct insn { uint8_t code, regs; int16_t off; int32_t imm; };
	const struct insn prog[] = {
		{ 0xb7, 0, 0, 0 }, { 0xb7, 1, 0, 3 },	/* r0 = 0, r1 = 3 */
		{ 0x0f, 0x10, 0, 0 }, { 0x17, 1, 0, 1 },	/* r0 += r1, r1 -= 1 */
		{ 0x55, 1, -3, 0 }, { 0x95, 0, 0, 0 },	/* if r1 != 0 loop; exit */
	};
	const struct { uint16_t code; uint8_t jt, jf; uint32_t k; } classic[] = {
		{ 0x06, 0, 0, 0xffffffff },		/* ret #-1 */
	};
	const struct { unsigned short len; const void *filter; } fprog = { 1, classic };
	uint32_t attr[36] = { 2, 4, 8, 1 };		/* an array map */
	int err = 0, map = -1, fd = -1, s[2] = { -1, -1 };
	char buf[16] = "bpf";

	TRY(map = (int)syscall(SYS_bpf, 0, attr, sizeof(attr)));
	memset(attr, 0, sizeof(attr));
	attr[0] = 1;					/* socket filter */
	attr[1] = sizeof(prog) / sizeof(prog[0]);
	memcpy(&attr[2], &(uint64_t){ (uintptr_t)prog }, 8);
	memcpy(&attr[4], &(uint64_t){ (uintptr_t)"GPL" }, 8);
	TRY(fd = (int)syscall(SYS_bpf, 5, attr, sizeof(attr)));
	TRY(socketpair(AF_UNIX, SOCK_DGRAM, 0, s));
	TRY(setsockopt(s[1], SOL_SOCKET, 50, &fd, sizeof(fd)));	/* ATTACH_BPF */
	TRY(send(s[0], buf, 4, 0));
	TRY(recv(s[1], buf, sizeof(buf), 0));
	TRY(setsockopt(s[1], SOL_SOCKET, 26, &fprog, sizeof(fprog)));	/* classic */
	TRY(send(s[0], buf, 4, 0));
	TRY(recv(s[1], buf, sizeof(buf), 0));
out:
	close(s[0]);
	close(s[1]);
	close(fd);
	close(map);
	return err;
}

/* Run scenario @fn (in a child of its own if @child) with its 1st, 2nd,
 * ... allocation failing until a run ends before its N-th: -1
 * (tap_fail) if it breaks a rule above. */
static int run_scenario(const char *name, int (*fn)(void), bool child)
{
	unsigned int n, left, ok = 0, enomem = 0, other = 0, errs[256] = { 0 };
	char others[200] = "";
	int err, len = 0;

	/* This thread's own file: the test runs in a child of its own. */
	nth_fd = open(NTH_FILE, O_RDWR);
	if (nth_fd < 0)
		return tap_fail(NTH_FILE ": %s", strerror(errno));
	child_n = 0;
	err = child ? in_child(fn) : fn();	/* nothing failing: it must work */
	if (err)
		return tap_fail("%s fails with nothing failing: %s", name,
				strerror(err));
	for (n = 1; n <= MAX_NTH; n++) {
		if (child) {
			child_n = n;	/* the child counts, not this thread */
			err = in_child(fn);
			left = err ? 0 : child_left;
		} else {
			set_nth(n);
			err = fn();
			left = get_nth();
			set_nth(0);
		}
		if (!err && left)
			break;		/* done before its n-th allocation */
		if (!err)
			ok++;		/* a failure it could do without */
		else if (err == ENOMEM)
			enomem++;
		else
			other++, errs[err & 255]++;
	}
	close(nth_fd);
	if (n > MAX_NTH)
		return tap_fail("%s: more than %d allocations (the last run: "
				"%s, %u left)", name, MAX_NTH, strerror(err), left);
	if (n == 1)
		return tap_fail("%s made no allocation: is fail-nth working?", name);
	for (err = 1; err < 256; err++)
		if (errs[err] && len < (int)sizeof(others) - 24)
			len += snprintf(others + len, sizeof(others) - (size_t)len,
					" %s %u", strerror(err), errs[err]);
	printf("# %s: %u allocations, each failed once: %u ENOMEM, %u other "
	       "errors%s%s, %u coped with\n", name, n - 1, enomem, other,
	       len ? ":" : "", others, ok);
	return 0;
}

#define SCENARIO(fn) static int test_##fn(void) { return run_scenario(#fn, sc_##fn, false); }
#define CHILD_SCENARIO(fn) static int test_##fn(void) { return run_scenario(#fn, sc_##fn, true); }
SCENARIO(mount_tmpfs) SCENARIO(file) SCENARIO(pipe) SCENARIO(socketpair)
SCENARIO(epoll) SCENARIO(inotify) SCENARIO(timerfd_signalfd)
SCENARIO(memfd_mmap) SCENARIO(anon_mmap) SCENARIO(fork) SCENARIO(sysv)
SCENARIO(mqueue) SCENARIO(posix_timer) SCENARIO(keys) SCENARIO(pidfd)
SCENARIO(unshare_mounts) SCENARIO(proc_read) SCENARIO(thread) CHILD_SCENARIO(exec)
SCENARIO(inet) SCENARIO(locks) SCENARIO(sigqueue) SCENARIO(xattr)
SCENARIO(splice) SCENARIO(aio) SCENARIO(userfaultfd) SCENARIO(ptrace)
CHILD_SCENARIO(unshare_all) CHILD_SCENARIO(user_keyring) SCENARIO(bpf)

static const struct tap_test tests[] = {
	{ "mount_tmpfs", test_mount_tmpfs }, { "file", test_file },
	{ "pipe", test_pipe }, { "socketpair", test_socketpair },
	{ "epoll", test_epoll }, { "inotify", test_inotify },
	{ "timerfd_signalfd", test_timerfd_signalfd },
	{ "memfd_mmap", test_memfd_mmap }, { "anon_mmap", test_anon_mmap },
	{ "fork", test_fork }, { "sysv", test_sysv }, { "mqueue", test_mqueue },
	{ "posix_timer", test_posix_timer }, { "keys", test_keys },
	{ "pidfd", test_pidfd }, { "unshare_mounts", test_unshare_mounts },
	{ "proc_read", test_proc_read }, { "thread", test_thread },
	{ "exec", test_exec }, { "inet", test_inet }, { "locks", test_locks },
	{ "sigqueue", test_sigqueue }, { "xattr", test_xattr },
	{ "splice", test_splice }, { "aio", test_aio },
	{ "userfaultfd", test_userfaultfd }, { "ptrace", test_ptrace },
	{ "unshare_all", test_unshare_all }, { "user_keyring", test_user_keyring },
	{ "bpf", test_bpf },
};

/* failnth --left (sc_exec's new image): exit with this thread's count
 * left, 1..99 (99: more; 0 would say the failure happened). */
static int left_after_exec(void)
{
	unsigned int n;

	nth_fd = open(NTH_FILE, O_RDWR);
	if (nth_fd < 0)
		return 99;
	n = get_nth();
	set_nth(0);
	return n ? (n > 99 ? 99 : (int)n) : 1;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--left"))
		return left_after_exec();
	if (!ulib_on_taskbase()) {
		ulib_err("failnth", "refusing to run: this is not Taskbase "
			 "(uname sysname); it mounts and writes in /tmp");
		return 2;
	}
	if (access(NTH_FILE, W_OK) < 0) {
		ulib_err("failnth", NTH_FILE ": %s (a debug kernel, make "
			 "DEBUG_KERNEL=1, has it)", strerror(errno));
		return 2;
	}
	if ((mkdir(DIR, 0700) < 0 && errno != EEXIST) ||
	    close(open(DIR "/w", O_CREAT | O_WRONLY, 0600)) < 0) {
		ulib_err("failnth", DIR ": %s", strerror(errno));
		return 2;
	}
	return tap_run_as_root("failnth", tests,
			       (int)(sizeof(tests) / sizeof(tests[0])),
			       TEST_TIMEOUT, argc, argv);
}
