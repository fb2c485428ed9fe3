/*
 * nstests: namespaces as Linux answers them (issue 17: what LTP's
 * unshare, setns, clone and ioctl_ns tests taught), tested from user
 * space: unshare(2), setns(2), clone and clone3 with CLONE_NEW* flags,
 * the /proc/<pid>/ns links and the NS_GET_* ioctls, with their errors.
 *
 *   nstests [NAME]...     run every test, or only the ones named
 *
 * Prints TAP like abitests; each test runs in a forked child of its own
 * (user/lib/tap.c tap_run()), so a test that renames its machine in a new
 * UTS namespace leaves the rest alone. Runs as root; the same binary runs
 * on Linux, where every expectation is Linux 6.1's (except the kinds of
 * namespace Taskbase cannot make, which are EINVAL here).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/sysinfo.h>
#include <sys/timerfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "tap.h"

#define TEST_TIMEOUT 20		/* seconds one test may take */
#define STUDENT 1000		/* an unprivileged user */

#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
/* <linux/nsfs.h>, which musl lacks. */
#define NS_GET_USERNS 0xb701
#define NS_GET_PARENT 0xb702
#define NS_GET_NSTYPE 0xb703
#define NS_GET_OWNER_UID 0xb704

/* The initial namespaces' inode numbers (Linux's proc_ns.h). */
#define UTS_INIT_INO 4026531838u
#define USER_INIT_INO 4026531837u

struct clone_args_k {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

/* clone(2) without a new stack: a fork with @flags shared or new. */
static pid_t clone_flags(unsigned long flags)
{
	return (pid_t)syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);
}

static int hostname_is(const char *name)
{
	struct utsname u;

	return uname(&u) == 0 && strcmp(u.nodename, name) == 0;
}

/* The number in the link /proc/self/ns/@kind ("uts:[N]"), or 0. */
static unsigned long ns_ino(const char *kind)
{
	char path[64], buf[64], want[32];
	ssize_t n;
	unsigned long ino;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", kind);
	n = readlink(path, buf, sizeof(buf) - 1);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	snprintf(want, sizeof(want), "%.*s:[%%lu]",
		 (int)strcspn(kind, "_"), kind);
	return sscanf(buf, want, &ino) == 1 ? ino : 0;
}

static int open_ns(const char *kind)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/ns/%s", kind);
	return open(path, O_RDONLY);
}

/* A new UTS namespace keeps a host name of its own: the parent's is
 * unchanged after the child renamed its machine. */
static int test_unshare_uts(void)
{
	struct utsname before;
	pid_t pid;

	CHECK(uname(&before) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		if (unshare(CLONE_NEWUTS) || sethostname("nschild", 7) ||
		    !hostname_is("nschild"))
			_exit(1);
		_exit(ns_ino("uts") != UTS_INIT_INO ? 0 : 2);
	}
	CHECK(tap_wait_status(pid) == 0);
	CHECK(hostname_is(before.nodename));
	CHECK(ns_ino("uts") == UTS_INIT_INO);
	return 0;
}

/* clone(CLONE_NEWUTS) and clone3 do the same for the child alone. */
static int test_clone_newuts(void)
{
	struct clone_args_k a = { .flags = CLONE_NEWUTS, .exit_signal = SIGCHLD };
	struct utsname before;
	pid_t pid;

	CHECK(uname(&before) == 0);
	pid = clone_flags(CLONE_NEWUTS);
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(sethostname("cloned", 6) || !hostname_is("cloned"));
	CHECK(tap_wait_status(pid) == 0);
	pid = (pid_t)syscall(SYS_clone3, &a, sizeof(a));
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(sethostname("clone3d", 7) || !hostname_is("clone3d"));
	CHECK(tap_wait_status(pid) == 0);
	CHECK(hostname_is(before.nodename));
	return 0;
}

/* /proc/self/status has Linux's NStgid/NSpid/NSpgid/NSsid lines, one id
 * each in the one PID namespace. */
static int status_has_ns_ids(void)
{
	char text[4096], want[128];
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof(text) - 1);

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	snprintf(want, sizeof(want), "\nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n",
		 getpid(), (int)syscall(SYS_gettid), getpgrp(), getsid(0));
	return strstr(text, want) != NULL;
}

/* The links name the initial namespaces by Linux's numbers, and the file
 * an open lands on has that number as its inode. */
static int test_ns_links(void)
{
	static const struct { const char *kind; unsigned long ino; } init[] = {
		{ "uts", 4026531838u }, { "user", 4026531837u },
		{ "pid", 4026531836u }, { "pid_for_children", 4026531836u },
		{ "ipc", 4026531839u }, { "cgroup", 4026531835u },
		{ "time", 4026531834u }, { "time_for_children", 4026531834u },
	};
	struct stat st;
	char buf[64], path[64];
	ssize_t n;
	int fd;

	for (unsigned int i = 0; i < sizeof(init) / sizeof(init[0]); i++)
		EXPECT(ns_ino(init[i].kind) == init[i].ino);
	EXPECT(ns_ino("net") != 0 && ns_ino("mnt") != 0);
	n = readlink("/proc/self/ns/uts", buf, sizeof(buf));
	CHECK(n == 16 && memcmp(buf, "uts:[4026531838]", 16) == 0);
	fd = open_ns("uts");
	CHECK(fd >= 0);
	CHECK(fstat(fd, &st) == 0 && st.st_ino == UTS_INIT_INO && S_ISREG(st.st_mode));
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, buf, sizeof(buf));
	CHECK(n == 16 && memcmp(buf, "uts:[4026531838]", 16) == 0);
	CHECK(lstat("/proc/self/ns/uts", &st) == 0 && S_ISLNK(st.st_mode));
	CHECK(status_has_ns_ids());
	close(fd);
	return 0;
}

/* setns(2) back into the namespace a descriptor kept: the host name is
 * the old one again. */
static int test_setns_uts(void)
{
	struct utsname before;
	int fd = open_ns("uts");

	CHECK(fd >= 0 && uname(&before) == 0);
	CHECK(unshare(CLONE_NEWUTS) == 0);
	CHECK(sethostname("inner", 5) == 0 && hostname_is("inner"));
	CHECK(setns(fd, CLONE_NEWUTS) == 0);
	CHECK(hostname_is(before.nodename));
	CHECK(ns_ino("uts") == UTS_INIT_INO);
	close(fd);
	return 0;
}

/* An open namespace file keeps the namespace after its last task exits:
 * joining it shows the name that task gave it. */
static int test_ns_outlives_tasks(void)
{
	int up[2], down[2], fd;
	char path[64], c;
	pid_t pid;

	CHECK(pipe(up) == 0 && pipe(down) == 0);
	pid = clone_flags(CLONE_NEWUTS);
	CHECK(pid >= 0);
	if (pid == 0) {
		if (sethostname("gone", 4) == 0)
			write(up[1], "x", 1);
		read(down[0], &c, 1);	/* until the parent has its file */
		_exit(0);
	}
	CHECK(read(up[0], &c, 1) == 1);
	snprintf(path, sizeof(path), "/proc/%d/ns/uts", pid);
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0);
	CHECK(write(down[1], "y", 1) == 1 && tap_wait_status(pid) == 0);
	CHECK(setns(fd, 0) == 0 && hostname_is("gone"));
	close(fd);
	return 0;
}

/* A new network namespace (still empty) and a new cgroup namespace get
 * numbers of their own (user namespaces: user/usernstests.c). */
static int test_unshare_kinds(void)
{
	unsigned long net = ns_ino("net"), cg = ns_ino("cgroup"), ipc = ns_ino("ipc");

	CHECK(unshare(CLONE_NEWNET | CLONE_NEWCGROUP) == 0);
	CHECK(ns_ino("net") != net && ns_ino("net") != 0);
	CHECK(ns_ino("cgroup") != cg && ns_ino("cgroup") != 0);
	errno = 0;	/* pid namespaces: user/pidnstests.c */
	CHECK(unshare(CLONE_NEWIPC) == 0);	/* more in user/ipcnstests.c */
	CHECK(ns_ino("ipc") != ipc && ns_ino("ipc") != 0);
	return 0;
}

/* unshare's errors (LTP unshare02): unknown flags are EINVAL, new
 * namespaces need CAP_SYS_ADMIN (EPERM), and so do setns and clone. */
static int test_unshare_errors(void)
{
	int fd = open_ns("uts"), null = open("/dev/null", O_RDONLY);

	CHECK(fd >= 0 && null >= 0);
	errno = 0;
	CHECK(unshare(-1) == -1 && errno == EINVAL);
	CHECK(unshare(CLONE_PARENT) == -1 && errno == EINVAL);
	CHECK(setns(null, 0) == -1 && errno == EINVAL);
	CHECK(setns(fd, CLONE_NEWNET) == -1 && errno == EINVAL);
	CHECK(setns(-1, 0) == -1 && errno == EBADF);
	CHECK(setns(open_ns("user"), 0) == -1 && errno == EINVAL);
	if (tap_become(STUDENT, 0))
		return -1;
	CHECK(unshare(CLONE_NEWUTS) == -1 && errno == EPERM);
	CHECK(unshare(CLONE_NEWNET) == -1 && errno == EPERM);
	CHECK(setns(fd, 0) == -1 && errno == EPERM);
	CHECK(clone_flags(CLONE_NEWUTS) == -1 && errno == EPERM);
	CHECK(clone_flags(CLONE_NEWPID) == -1 && errno == EPERM);
	CHECK(unshare(CLONE_FS | CLONE_FILES) == 0);	/* no privilege needed */
	return 0;
}

/* clone3 with set_tid: EPERM without privilege (LTP clone304); Taskbase
 * cannot choose pids, so EINVAL with it. */
static int test_clone3_set_tid(void)
{
	pid_t tid = 4242;
	struct clone_args_k a = { .exit_signal = SIGCHLD,
				  .set_tid = (uintptr_t)&tid, .set_tid_size = 1 };

	if (tap_become(STUDENT, 0))
		return -1;
	errno = 0;
	CHECK(syscall(SYS_clone3, &a, sizeof(a)) == -1 && errno == EPERM);
	a.flags = CLONE_NEWUTS;
	a.set_tid = a.set_tid_size = 0;
	CHECK(syscall(SYS_clone3, &a, sizeof(a)) == -1 && errno == EPERM);
	return 0;
}

/* The NS_GET_* ioctls (LTP ioctl_ns01-04, 06): every namespace is owned
 * by the initial user namespace, whose owner is not visible (EPERM);
 * only PID and user namespaces have parents. */
static int test_ns_ioctls(void)
{
	int uts = open_ns("uts"), user = open_ns("user"), pid = open_ns("pid");
	struct stat st;
	uid_t uid = 99;
	int fd;

	CHECK(uts >= 0 && user >= 0 && pid >= 0);
	CHECK(ioctl(uts, NS_GET_NSTYPE) == CLONE_NEWUTS);
	CHECK(ioctl(pid, NS_GET_NSTYPE) == CLONE_NEWPID);
	errno = 0;
	CHECK(ioctl(uts, NS_GET_PARENT) == -1 && errno == EINVAL);
	CHECK(ioctl(pid, NS_GET_PARENT) == -1 && errno == EPERM);
	CHECK(ioctl(user, NS_GET_USERNS) == -1 && errno == EPERM);
	CHECK(ioctl(uts, NS_GET_OWNER_UID, &uid) == -1 && errno == EINVAL);
	CHECK(ioctl(user, NS_GET_OWNER_UID, &uid) == 0 && uid == 0);
	CHECK(ioctl(user, NS_GET_OWNER_UID, NULL) == -1 && errno == EFAULT);
	CHECK(ioctl(uts, 0xb7ff) == -1 && errno == ENOTTY);
	fd = ioctl(uts, NS_GET_USERNS);
	CHECK(fd >= 0 && fstat(fd, &st) == 0 && st.st_ino == USER_INIT_INO);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	close(fd);
	return 0;
}

/* unshare(CLONE_FS) and (CLONE_FILES) end the sharing a clone began:
 * a chdir or an open after it is the child's alone. */
static int test_unshare_fs_files(void)
{
	char cwd[256], now[256];
	pid_t pid;
	int fd;

	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	pid = clone_flags(CLONE_FS | CLONE_FILES);
	CHECK(pid >= 0);
	if (pid == 0) {
		if (unshare(CLONE_FS | CLONE_FILES) || chdir("/proc"))
			_exit(255);
		_exit(open("/dev/null", O_RDONLY));	/* its number */
	}
	fd = tap_wait_status(pid);
	CHECK(fd > 2 && fd < 255);
	CHECK(getcwd(now, sizeof(now)) && strcmp(now, cwd) == 0);
	CHECK(fcntl(fd, F_GETFD) == -1 && errno == EBADF);
	return 0;
}

static void *idle_thread(void *arg)
{
	pause();
	return arg;
}

/* A shared address space or thread group cannot be unshared: fine while
 * nothing shares it, EINVAL once a second thread does. */
static int test_unshare_threads(void)
{
	pthread_t t;

	CHECK(unshare(CLONE_VM | CLONE_SIGHAND | CLONE_THREAD) == 0);
	CHECK(pthread_create(&t, NULL, idle_thread, NULL) == 0);
	errno = 0;
	CHECK(unshare(CLONE_VM) == -1 && errno == EINVAL);
	CHECK(unshare(CLONE_THREAD) == -1 && errno == EINVAL);
	CHECK(unshare(CLONE_NEWUTS) == 0);	/* per thread, as Linux */
	return 0;
}

/* ---- time namespaces ---- */

#define OFF_MONO 100		/* seconds a child's CLOCK_MONOTONIC is ahead */
#define OFF_BOOT 3600		/* and its CLOCK_BOOTTIME, uptime */

static long long mono_ns(int clk, int raw)
{
	struct timespec ts;

	if (raw)
		syscall(SYS_clock_gettime, clk, &ts);
	else
		clock_gettime(clk, &ts);	/* the vDSO's answer */
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static int write_offsets(const char *text)
{
	int fd = open("/proc/self/timens_offsets", O_WRONLY), ret;

	if (fd < 0)
		return -1;
	ret = write(fd, text, strlen(text)) < 0 ? -1 : 0;
	close(fd);
	return ret;
}

/* sysinfo's uptime is /proc/uptime's rounded up to a second, as Linux
 * rounds it (LTP sysinfo03 compares the two). */
static int uptime_agrees(void)
{
	struct sysinfo si;
	long sec, hundredths, proc;
	FILE *f = fopen("/proc/uptime", "r");
	int n;

	if (!f)
		return 0;
	n = fscanf(f, "%ld.%ld", &sec, &hundredths);
	fclose(f);
	proc = sec + (hundredths ? 1 : 0);	/* read first: sysinfo's is later */
	return n == 2 && sysinfo(&si) == 0 && (long)si.uptime >= proc &&
	       (long)si.uptime <= proc + 1;
}

/* What the child in the new namespace checks: its clocks are ahead by
 * the offsets (system call and vDSO alike), and its absolute sleeps and
 * timers are on its clock, not the kernel's (LTP clock_nanosleep03,
 * timerfd04, sysinfo03). A bit set per failure. */
static int timens_child(long long parent_mono, long parent_uptime)
{
	struct itimerspec it = { { 0, 0 }, { 0, 0 } };
	struct timespec ts;
	struct sysinfo si;
	long long now = mono_ns(CLOCK_MONOTONIC, 1), d;
	unsigned long long exp;
	int bad = 0, fd;

	d = now - parent_mono - OFF_MONO * 1000000000ll;
	bad |= (d < 0 || d > 2000000000ll) << 0;
	d = mono_ns(CLOCK_MONOTONIC, 0) - now;
	bad |= (d < 0 || d > 2000000000ll) << 1;
	bad |= (mono_ns(CLOCK_BOOTTIME, 1) - now < (OFF_BOOT - OFF_MONO - 2) * 1000000000ll) << 2;
	bad |= (sysinfo(&si) || (long)si.uptime < parent_uptime + OFF_BOOT ||
		(long)si.uptime > parent_uptime + OFF_BOOT + 2) << 3;
	bad |= !uptime_agrees() << 7;
	now = mono_ns(CLOCK_MONOTONIC, 1) + 50000000;
	ts.tv_sec = now / 1000000000;
	ts.tv_nsec = now % 1000000000;
	bad |= (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) != 0 ||
		mono_ns(CLOCK_MONOTONIC, 1) < now) << 4;
	fd = timerfd_create(CLOCK_BOOTTIME, 0);
	now = mono_ns(CLOCK_BOOTTIME, 1) + 50000000;
	it.it_value.tv_sec = now / 1000000000;
	it.it_value.tv_nsec = now % 1000000000;
	bad |= (fd < 0 || timerfd_settime(fd, TFD_TIMER_ABSTIME, &it, NULL) ||
		read(fd, &exp, sizeof(exp)) != sizeof(exp) || exp != 1) << 5;
	bad |= (write_offsets("monotonic 1 0") == 0 || errno != EACCES) << 6;
	return bad;
}

/* unshare(CLONE_NEWTIME) makes a namespace for the caller's children;
 * its offsets are set through /proc/self/timens_offsets and fixed once
 * the first child is in it. */
static int test_timens(void)
{
	char buf[128];
	struct sysinfo si;
	long long mono;
	ssize_t n;
	pid_t pid;
	int fd, st;

	CHECK(unshare(CLONE_NEWTIME) == 0);
	CHECK(ns_ino("time") == 4026531834u && ns_ino("time_for_children") != 4026531834u);
	CHECK(write_offsets("monotonic 100 0\n7 3600 0\n") == 0);
	fd = open("/proc/self/timens_offsets", O_RDONLY);
	CHECK(fd >= 0 && (n = read(fd, buf, sizeof(buf) - 1)) > 0);
	buf[n] = '\0';
	CHECK(strcmp(buf, "monotonic 100 0\nboottime 3600 0\n") == 0);
	close(fd);
	mono = mono_ns(CLOCK_MONOTONIC, 1);
	CHECK(sysinfo(&si) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(timens_child(mono, si.uptime));
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st));
	if (WEXITSTATUS(st))
		return tap_fail("child's checks failed: mask %#x", WEXITSTATUS(st));
	/* The parent's clock never moved. */
	CHECK(mono_ns(CLOCK_MONOTONIC, 0) - mono < 5000000000ll);
	errno = 0;
	CHECK(write_offsets("monotonic 5 0") == -1 && errno == EACCES);
	return 0;
}

/* A thread or a shared address space cannot cross into another time
 * namespace, and the offsets' errors. */
static int test_timens_errors(void)
{
	static char stack[16384];

	errno = 0;
	CHECK(write_offsets("monotonic 5 0") == -1 && errno == EACCES);	/* the initial one */
	CHECK(unshare(CLONE_NEWTIME) == 0);
	CHECK(syscall(SYS_clone, CLONE_VM | SIGCHLD, stack + sizeof(stack), 0, 0, 0) == -1 &&
	      errno == EINVAL);
	CHECK(write_offsets("2 5 0") == -1 && errno == EINVAL);
	CHECK(write_offsets("monotonic 5 1000000000") == -1 && errno == EINVAL);
	CHECK(write_offsets("monotonic 5") == -1 && errno == EINVAL);
	CHECK(write_offsets("boottime -100000000 0") == -1 && errno == ERANGE);
	if (tap_become(STUDENT, 0))
		return -1;
	CHECK(write_offsets("monotonic 5 0") == -1 && (errno == EPERM || errno == EACCES));
	return 0;
}

/* Write @text to the sysctl @path: 0, or -1 with errno. */
static int write_sysctl(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY), n;

	if (fd < 0)
		return -1;
	n = (int)write(fd, text, strlen(text));
	close(fd);
	return n < 0 ? -1 : 0;
}

/* With a descriptor past /proc/sys/fs/nr_open, a table cannot be copied:
 * unshare(CLONE_FILES) of a shared one and fork are EMFILE (LTP
 * unshare03); nr_open is 64 at least. */
static int test_nr_open(void)
{
	char old[32] = "";
	FILE *f = fopen("/proc/sys/fs/nr_open", "r");
	int ok;
	pid_t pid;

	CHECK(f && fgets(old, sizeof(old), f));
	fclose(f);
	errno = 0;
	CHECK(write_sysctl("/proc/sys/fs/nr_open", "63") == -1 && errno == EINVAL);
	CHECK(dup2(2, 65) == 65);
	CHECK(write_sysctl("/proc/sys/fs/nr_open", "64") == 0);
	pid = clone_flags(CLONE_FILES);
	if (pid == 0)
		_exit(unshare(CLONE_FILES) == -1 && errno == EMFILE ? 0 : 1);
	ok = pid > 0 && tap_wait_status(pid) == 0;
	errno = 0;
	pid = fork();
	if (pid == 0)
		_exit(0);
	ok = ok && pid == -1 && errno == EMFILE;
	if (pid > 0)
		tap_wait_status(pid);
	CHECK(write_sysctl("/proc/sys/fs/nr_open", old) == 0);
	CHECK(ok);
	CHECK(close(65) == 0);
	return 0;
}

/* Is a line of /proc/self/mounts about @dir? */
static int mounted_at(const char *dir)
{
	char line[512], want[128];
	FILE *f = fopen("/proc/self/mounts", "r");
	int found = 0;

	snprintf(want, sizeof(want), " %s ", dir);
	while (f && fgets(line, sizeof(line), f))
		found |= strstr(line, want) != NULL;
	if (f)
		fclose(f);
	return found;
}

/* In a child in a new mount namespace (unshare(CLONE_NEWNS), LTP
 * unshare01, 04): mount a tmpfs on @dir and unmount @gone; exit 0 when
 * it sees both. The parent's namespace sees neither. */
static int mnt_ns_child(const char *dir, const char *gone)
{
	unsigned long before = ns_ino("mnt");

	if (unshare(CLONE_NEWNS) || ns_ino("mnt") == before)
		return 1;
	if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return 2;	/* propagation: accepted, all private */
	if (mount("none", dir, "tmpfs", 0, NULL) || !mounted_at(dir))
		return 3;
	if (umount2(gone, 0) || mounted_at(gone))
		return 4;
	return 0;
}

/* A new mount namespace copies the table; mounts and unmounts after
 * that stay on their side; setns back into the first one works. */
static int test_mnt_ns(void)
{
	const char *dir = "/tmp/nsmnt", *gone = "/tmp/nsgone";
	int init = open_ns("mnt");
	pid_t pid;

	CHECK(init >= 0);
	CHECK((mkdir(dir, 0755) == 0 || errno == EEXIST) &&
	      (mkdir(gone, 0755) == 0 || errno == EEXIST));
	CHECK(mount("none", gone, "tmpfs", 0, NULL) == 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(mnt_ns_child(dir, gone));
	CHECK(tap_wait_status(pid) == 0);
	CHECK(!mounted_at(dir) && mounted_at(gone));
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0)
		_exit(unshare(CLONE_NEWNS) || mount("none", dir, "tmpfs", 0, NULL) ||
		      setns(init, CLONE_NEWNS) || mounted_at(dir) ? 1 : 0);
	CHECK(tap_wait_status(pid) == 0);
	CHECK(umount2(gone, 0) == 0);
	return 0;
}

/* MemFree of /proc/meminfo, in kB (-1: unreadable). */
static long mem_free_kb(void)
{
	char buf[4096], *p;

	if (procfs_read("/proc/meminfo", buf, sizeof(buf)) < 0 ||
	    !(p = strstr(buf, "MemFree:")))
		return -1;
	return strtol(p + 8, NULL, 10);
}

/* @n children, each in a mount namespace of its own that dies with it. */
static int mnt_ns_churn(int n)
{
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			return -1;
		if (pid == 0)
			_exit(unshare(CLONE_NEWNS) ? 1 : 0);
		if (tap_wait_status(pid) != 0)
			return -1;
	}
	return 0;
}

/* A dead mount namespace gives its mounts back, the copy of /dev too,
 * whose root stays held (every open /dev/console holds it): 800 of them
 * cost at least 800 struct mounts, 25 pages, when they stayed. */
static int test_mnt_ns_freed(void)
{
	long before, after;

	CHECK(mnt_ns_churn(50) == 0);		/* the caches fill first */
	before = mem_free_kb();
	CHECK(before > 0 && mnt_ns_churn(800) == 0);
	for (int i = 0; i < 20 && (after = mem_free_kb()) < before - 32; i++)
		usleep(100000);			/* the last frees are deferred */
	if (after < before - 32)
		return tap_fail("MemFree %ld kB before 800 namespaces, %ld kB after",
				before, after);
	return 0;
}

/* The optional fields of @dir's line in /proc/self/mountinfo ("shared:N
 * master:M") into @out, or "" (no such mount: "?"). */
static void mnt_tags(const char *dir, char *out, size_t size)
{
	char line[512], mp[256], *dash, *opts;
	FILE *f = fopen("/proc/self/mountinfo", "r");

	snprintf(out, size, "?");
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*d %*d %*d:%*d %*s %255s", mp) != 1 || strcmp(mp, dir))
			continue;
		dash = strstr(line, " - ");
		opts = strstr(line, mp) + strlen(mp) + 1;	/* the options */
		opts += strcspn(opts, " ");
		snprintf(out, size, "%.*s", dash && dash > opts ? (int)(dash - opts) : 0, opts);
	}
	if (f)
		fclose(f);
}

struct mount_attr_k {
	uint64_t attr_set, attr_clr, propagation, userns_fd;
};

static long mount_setattr_k(const char *path, unsigned int flags,
			    struct mount_attr_k *a, size_t size)
{
	return syscall(442, -100 /* AT_FDCWD */, path, flags, a, size);
}

/* Propagation as mountinfo shows it (LTP mount_setattr02): MS_SHARED
 * makes a peer group, a bind mount joins it, MS_SLAVE makes a slave of
 * it, MS_PRIVATE leaves both; mount_setattr(2)'s errors. */
static int test_mount_propagation(void)
{
	const char *dir = "/tmp/nsprop", *slave = "/tmp/nsprop/slave";
	struct mount_attr_k a = { 0 };
	char tags[128];

	CHECK(unshare(CLONE_NEWNS) == 0);
	CHECK(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0);
	CHECK(mkdir(dir, 0755) == 0 || errno == EEXIST);
	CHECK(mount("none", dir, "tmpfs", MS_NOATIME, NULL) == 0);
	CHECK(mkdir(slave, 0755) == 0);
	mnt_tags(dir, tags, sizeof(tags));
	CHECK(strcmp(tags, "") == 0);
	CHECK(mount_setattr_k(dir, 0, &a, sizeof(a)) == 0);
	a.propagation = (uint64_t)-1;
	errno = 0;
	CHECK(mount_setattr_k(dir, 0, &a, sizeof(a)) == -1 && errno == EINVAL);
	a.propagation = MS_SHARED;
	CHECK(mount_setattr_k(dir, 0, &a, 24) == -1 && errno == EINVAL);
	CHECK(mount_setattr_k(dir, 0x1, &a, sizeof(a)) == -1 && errno == EINVAL);
	CHECK(mount_setattr_k(dir, 0, &a, sizeof(a)) == 0);
	mnt_tags(dir, tags, sizeof(tags));
	CHECK(strncmp(tags, " shared:", 8) == 0);
	CHECK(mount(dir, slave, NULL, MS_BIND, NULL) == 0);
	mnt_tags(slave, tags, sizeof(tags));
	CHECK(strncmp(tags, " shared:", 8) == 0);
	a.propagation = MS_SLAVE;
	CHECK(mount_setattr_k(slave, 0, &a, sizeof(a)) == 0);
	mnt_tags(slave, tags, sizeof(tags));
	CHECK(strncmp(tags, " master:", 8) == 0);
	CHECK(umount2(slave, 0) == 0);
	CHECK(mount(NULL, dir, NULL, MS_PRIVATE | MS_NOSUID, NULL) == -1 && errno == EINVAL);
	CHECK(mount(NULL, dir, NULL, MS_PRIVATE, NULL) == 0);
	mnt_tags(dir, tags, sizeof(tags));
	CHECK(strcmp(tags, "") == 0);
	CHECK(umount2(dir, 0) == 0);
	return 0;
}

/* In a new mount namespace, chrooted into a tmpfs (LTP pivot_root01):
 * pivot_root's errors, then the tmpfs on /new becomes "/" with the old
 * root on /new/old, seen as /old. Exits 0, or the failed step. */
static int pivot_child(void)
{
	struct stat st, dot;

	if (unshare(CLONE_NEWNS) || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return 1;
	if (syscall(SYS_pivot_root, "/tmp", "/tmp") == 0 || errno != EINVAL)
		return 2;	/* "/" is the initramfs: no mount to pivot */
	if ((mkdir("/tmp/pr", 0755) && errno != EEXIST) ||
	    mount("none", "/tmp/pr", "tmpfs", 0, NULL) || chroot("/tmp/pr") ||
	    chdir("/") || mkdir("/new", 0755) || mkdir("/new/old", 0755))
		return 3;
	if (syscall(SYS_pivot_root, "/new", "/new/old") == 0 || errno != EBUSY)
		return 4;	/* /new is on the root's own file system */
	if (mount("none", "/new", "tmpfs", 0, NULL) || mkdir("/new/old", 0755) ||
	    open("/new/file", O_CREAT | O_WRONLY, 0644) < 0)
		return 5;
	if (syscall(SYS_pivot_root, "/new", "/new/file") == 0 || errno != ENOTDIR)
		return 6;
	if (syscall(SYS_pivot_root, "/new", "/new/old"))
		return 7;
	if (stat("/file", &st) || stat("/old/new", &st) || !S_ISDIR(st.st_mode))
		return 8;	/* new root's file; the old root's /new */
	if (stat(".", &st) || stat("/", &dot) || st.st_ino != dot.st_ino)
		return 9;	/* the cwd, "/" before, moved with the root */
	return umount2("/old", MNT_DETACH) || stat("/old/new", &st) == 0 ? 10 : 0;
}

/* pivot_root(2): the child's checks, and EPERM without CAP_SYS_ADMIN. */
static int test_pivot_root(void)
{
	pid_t pid = fork();
	int st;

	CHECK(pid >= 0);
	if (pid == 0)
		_exit(pivot_child());
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st));
	if (WEXITSTATUS(st))
		return tap_fail("pivot_child failed at step %d", WEXITSTATUS(st));
	if (tap_become(STUDENT, 0))
		return -1;
	errno = 0;
	CHECK(syscall(SYS_pivot_root, "/tmp", "/tmp") == -1 && errno == EPERM);
	return 0;
}

#define T(name) { #name, test_##name }
static const struct tap_test tests[] = {
	T(unshare_uts),
	T(clone_newuts),
	T(ns_links),
	T(setns_uts),
	T(ns_outlives_tasks),
	T(unshare_kinds),
	T(unshare_errors),
	T(clone3_set_tid),
	T(ns_ioctls),
	T(unshare_fs_files),
	T(unshare_threads),
	T(timens),
	T(timens_errors),
	T(mnt_ns),
	T(mnt_ns_freed),
	T(nr_open),
	T(mount_propagation),
	T(pivot_root),
};
#define NTESTS ((int)(sizeof(tests) / sizeof(tests[0])))

int main(int argc, char **argv)
{
	return tap_run("nstests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
