/*
 * credtests: what credentials decide between processes and at exec
 * (issue 16), checked from user space as root and as the ordinary user.
 *
 *   credtests [NAME]...     run every test, or only the ones named
 *
 * Prints TAP like usertests: "1..N", "ok N - name" or "not ok N - name:
 * reason", then "# credtests: P passed, F failed"; exit status 1 if a
 * test failed. Run it as root: each test forks children that drop to
 * the student (uid 1000) and checks what the student may and may not do
 * to a process of root's (the victim) and to its own:
 *
 *   prio        setpriority (EPERM on others, EACCES for a lower nice),
 *               sched_setscheduler/sched_setparam, sched_setaffinity,
 *               prlimit64
 *   proc        /proc/<pid>/mem, environ, stack and maps of another user
 *   signals     kill, tkill, tgkill and sigqueue to another user
 *   at_secure   AT_SECURE and the ids after exec of set-user-ID and
 *               set-group-ID programs (showids), and on a nosuid mount
 *   ptrace      PTRACE_ATTACH and PTRACE_SEIZE of root's process and of
 *               pid 1 (EPERM) and of the student's own child; root with
 *               the student's euid attaches by its real uid
 *   ptrace_exec a set-ID exec after PTRACE_TRACEME: kept ids under a
 *               tracer that is not root (nobody, the student), new ids
 *               under root's; a set-user-ID root program's
 *               PTRACE_TRACEME to the student is EPERM
 *   sgid_dir    new files and directories in a set-group-ID directory
 *   remove_privs  a write or truncate clears a program's set-ID bits
 *   gid_calls   setregid, getresgid, setfsgid, lchown, fchmodat, and the
 *               student's refusals among them
 *   dir_ops     mkdir, rmdir, unlink, rename in root's directory and in
 *               sticky /tmp
 *   attrs       utimensat on root's files (now needs write permission,
 *               a given time ownership), truncate; mknod of a device
 *               needs root
 *   machine     sethostname and syslog's clear and console level: root's
 *   musl_setuid a set-user-ID copy of this program (musl's start-up
 *               polls fds 0-2 when AT_SECURE is set and reopens a closed
 *               one on /dev/null)
 *
 *   credtests --ids     print "uid=R/E/S gid=R/E/S secure=N fd0=open|closed"
 *                       (the musl_setuid test runs this)
 *   credtests --traceme print "traceme=E", PTRACE_TRACEME's errno or 0
 *                       (ptrace_exec runs this)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/fsuid.h>
#include <sys/ptrace.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "ulib.h"

#define STUDENT 1000
#define NOBODY 65534
#define OTHER_GID 4242		/* a group the student is not in */
#define TEST_TIMEOUT 20

static pid_t victim;		/* root's process the student pokes at */

static int become_student(gid_t extra)
{
	return tap_become(STUDENT, extra);
}

/* In a child: become nobody (uid and gid 65534). */
static int become_nobody(gid_t extra)
{
	return tap_become(NOBODY, extra);
}

/* Run @fn as the user @be makes us in a child, passing its reason up
 * a pipe. */
static int as_user(int (*be)(gid_t), int (*fn)(void), gid_t extra)
{
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	CHECK(pipe(fds) == 0 && (pid = fork()) >= 0);
	if (pid == 0) {
		int r = be(extra) ? -1 : fn();

		close(fds[0]);
		if (r)
			write(fds[1], tap_reason, strlen(tap_reason));
		_exit(r ? 1 : 0);
	}
	close(fds[1]);
	n = read(fds[0], tap_reason, sizeof(tap_reason) - 1);
	tap_reason[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	CHECK(waitpid(pid, &status, 0) == pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return tap_reason[0] ? -1 : tap_fail("student: status %#x", status);
	return 0;
}

static int as_student(int (*fn)(void), gid_t extra)
{
	return as_user(become_student, fn, extra);
}

/* A root process that sleeps until killed: the victim. */
static pid_t start_victim(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		execl("/bin/sleep", "sleep", "30", (char *)NULL);
		_exit(127);
	}
	usleep(50000);		/* let it exec */
	return pid;
}

static void stop_victim(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static long set_sched(pid_t pid, int policy, int prio)
{
	struct sched_param sp = { .sched_priority = prio };

	/* musl's wrappers answer ENOSYS: the raw calls. */
	if (policy < 0)
		return syscall(SYS_sched_setparam, pid, &sp);
	return syscall(SYS_sched_setscheduler, pid, policy, &sp);
}

/* ---- prio: priorities, policies, CPUs and limits of others ---- */

static int student_prio(void)
{
	struct rlimit r;
	cpu_set_t set;
	pid_t own;

	CHECK(setpriority(PRIO_PROCESS, victim, 5) < 0 && errno == EPERM);
	errno = 0;
	CHECK(getpriority(PRIO_PROCESS, victim) == -3 && errno == 0);	/* reading is fine */
	CHECK(setpriority(PRIO_PGRP, 0, 5) < 0 && errno == EPERM);	/* root's in it */
	CHECK(setpriority(PRIO_PROCESS, 0, 10) == 0);
	CHECK(getpriority(PRIO_PROCESS, 0) == 10);
	CHECK(setpriority(PRIO_PROCESS, 0, 9) < 0 && errno == EACCES);
	CHECK(setpriority(PRIO_USER, 0, 12) == 0 && getpriority(PRIO_PROCESS, 0) == 12);
	CHECK(set_sched(victim, SCHED_OTHER, 0) < 0 && errno == EPERM);
	CHECK(set_sched(victim, -1, 0) < 0 && errno == EPERM);
	CHECK(set_sched(0, SCHED_FIFO, 1) < 0 && errno == EPERM);	/* RLIMIT_RTPRIO 0 */
	CHECK(set_sched(0, SCHED_BATCH, 0) == 0 && set_sched(0, SCHED_OTHER, 0) == 0);
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	CHECK(sched_setaffinity(victim, sizeof(set), &set) < 0 && errno == EPERM);
	CHECK(prlimit(victim, RLIMIT_NOFILE, NULL, &r) < 0 && errno == EPERM);
	r = (struct rlimit){ 0, 0 };
	CHECK(prlimit(victim, RLIMIT_CORE, &r, NULL) < 0 && errno == EPERM);
	/* The student's own process: all of it allowed. */
	own = fork();
	if (own == 0) {
		pause();
		_exit(0);
	}
	CHECK(own > 0);
	CHECK(setpriority(PRIO_PROCESS, own, 15) == 0);
	CHECK(set_sched(own, SCHED_BATCH, 0) == 0);
	CHECK(sched_setaffinity(own, sizeof(set), &set) == 0);
	CHECK(prlimit(own, RLIMIT_NOFILE, NULL, &r) == 0);
	CHECK(kill(own, SIGKILL) == 0 && waitpid(own, NULL, 0) == own);
	return 0;
}

/* Another user's process refuses changes to its scheduling and limits;
 * root's own checks are its rlimits, and root is never refused. */
static int test_prio(void)
{
	struct rlimit r;

	victim = start_victim();
	CHECK(victim > 0);
	CHECK(setpriority(PRIO_PROCESS, victim, -3) == 0);	/* root lowers */
	CHECK(getrlimit(RLIMIT_NICE, &r) == 0 && r.rlim_cur == 0);
	CHECK(getrlimit(RLIMIT_RTPRIO, &r) == 0 && r.rlim_cur == 0);
	if (as_student(student_prio, 0)) {
		stop_victim(victim);
		return -1;
	}
	CHECK(set_sched(victim, SCHED_FIFO, 10) == 0);
	CHECK(set_sched(victim, SCHED_OTHER, 0) == 0);
	stop_victim(victim);
	return 0;
}

/* ---- proc: another user's private /proc files ---- */

static int student_proc(void)
{
	static const char *const files[] = { "mem", "environ", "stack", "maps" };
	char path[64];
	struct stat st;
	pid_t own = start_victim();	/* the student's, after its exec */

	snprintf(path, sizeof(path), "/proc/%d/environ", own);
	for (int i = 0; i < 100 && (stat(path, &st) || st.st_uid != STUDENT); i++)
		usleep(10000);
	for (int i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "/proc/%d/%s", victim, files[i]);
		if (open(path, O_RDONLY) >= 0 || errno != EACCES)
			return tap_fail("%s: not refused (errno %d)", path, errno);
		snprintf(path, sizeof(path), "/proc/%d/%s", own, files[i]);
		if (open(path, O_RDONLY) < 0)
			return tap_fail("own %s: %s", path, strerror(errno));
	}
	stop_victim(own);
	snprintf(path, sizeof(path), "/proc/%d/mem", victim);
	CHECK(open(path, O_RDWR) < 0 && errno == EACCES);
	CHECK(open("/proc/1/mem", O_RDONLY) < 0 && errno == EACCES);
	CHECK(open("/proc/1/environ", O_RDONLY) < 0 && errno == EACCES);
	snprintf(path, sizeof(path), "/proc/%d/status", victim);
	CHECK(open(path, O_RDONLY) >= 0);
	return 0;
}

/* mem, environ, stack and maps need ptrace access; status does not. */
static int test_proc(void)
{
	int r;

	victim = start_victim();
	CHECK(victim > 0);
	r = as_student(student_proc, 0);
	stop_victim(victim);
	return r;
}

/* ---- signals: every way to send one checks the ids ---- */

static int student_signals(void)
{
	union sigval v = { .sival_int = 1 };
	pid_t own;

	CHECK(kill(victim, 0) < 0 && errno == EPERM);
	CHECK(kill(victim, SIGKILL) < 0 && errno == EPERM);
	CHECK(syscall(SYS_tkill, victim, SIGKILL) < 0 && errno == EPERM);
	CHECK(syscall(SYS_tgkill, victim, victim, SIGKILL) < 0 && errno == EPERM);
	CHECK(sigqueue(victim, SIGKILL, v) < 0 && errno == EPERM);
	own = fork();
	if (own == 0) {
		pause();
		_exit(0);
	}
	CHECK(own > 0 && sigqueue(own, SIGTERM, v) == 0);
	CHECK(waitpid(own, NULL, 0) == own);
	return 0;
}

/* kill, tkill, tgkill and sigqueue all refuse another user's process. */
static int test_signals(void)
{
	int r;

	victim = start_victim();
	CHECK(victim > 0);
	r = as_student(student_signals, 0);
	CHECK(kill(victim, 0) == 0);	/* it survived all of them */
	stop_victim(victim);
	return r;
}

/* ---- at_secure: set-ID exec and what the C library is told ---- */

/* Run @path (with @arg, or none) in a child, as @be makes it (NULL: as
 * we are), traced by us after PTRACE_TRACEME when @trace; it must exit
 * 0 having printed the one line @want. */
static int run_after_exec(const char *path, const char *arg,
			  int (*be)(gid_t), bool trace, const char *want)
{
	char out[128];
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	CHECK(pipe(fds) == 0 && (pid = fork()) >= 0);
	if (pid == 0) {
		dup2(fds[1], 1);
		if ((be && be(0)) || (trace && ptrace(PTRACE_TRACEME, 0, 0, 0)))
			_exit(2);
		execl(path, path, arg, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	/* The exec's SIGTRAP stop (and any other) goes on without a signal. */
	while (waitpid(pid, &status, 0) == pid && WIFSTOPPED(status))
		ptrace(PTRACE_CONT, pid, 0, 0);
	n = read(fds[0], out, sizeof(out) - 1);
	close(fds[0]);
	out[n > 0 ? n : 0] = '\0';
	if (!WIFEXITED(status) || WEXITSTATUS(status) || strcmp(out, want))
		return tap_fail("%s%s: status %#x, \"%.60s\", want \"%.60s\"", path,
			    trace ? " traced" : "", status, out, want);
	return 0;
}

#define ids_after_exec(path, be, trace, want) \
	run_after_exec(path, NULL, be, trace, want)

/* AT_SECURE is 1 exactly when the exec raised or changed the ids. */
static int test_at_secure(void)
{
	const char *u = "uid=1000/1000/1000 gid=1000/1000/1000 secure=0\n";
	struct statvfs sv;

	CHECK(ids_after_exec("/bin/showids", NULL, false,
			   "uid=0/1000/1000 gid=0/1000/1000 secure=1\n") == 0);
	CHECK(ids_after_exec("/bin/showids", become_student, false, u) == 0);
	CHECK(ulib_copy_file("/bin/showids", "/tmp/ut_showids", 04755) == 0);
	CHECK(ids_after_exec("/tmp/ut_showids", become_student, false,
			   "uid=1000/0/0 gid=1000/1000/1000 secure=1\n") == 0);
	CHECK(chmod("/tmp/ut_showids", 02755) == 0);
	CHECK(ids_after_exec("/tmp/ut_showids", become_student, false,
			   "uid=1000/1000/1000 gid=1000/0/0 secure=1\n") == 0);
	CHECK(chmod("/tmp/ut_showids", 02745) == 0);	/* no group x: no sgid */
	CHECK(ids_after_exec("/tmp/ut_showids", become_student, false, u) == 0);
	CHECK(chmod("/tmp/ut_showids", 04755) == 0);
	CHECK(ids_after_exec("/tmp/ut_showids", NULL, false,
			   "uid=0/0/0 gid=0/0/0 secure=0\n") == 0);
	CHECK(unlink("/tmp/ut_showids") == 0);
	/* /dev/shm is mounted nosuid: the bits are there, exec ignores them. */
	CHECK(statvfs("/dev/shm", &sv) == 0 && (sv.f_flag & ST_NOSUID));
	CHECK(statvfs("/tmp", &sv) == 0 && !(sv.f_flag & ST_NOSUID));
	CHECK(ulib_copy_file("/bin/showids", "/dev/shm/ut_showids", 06755) == 0);
	CHECK(ids_after_exec("/dev/shm/ut_showids", become_student, false, u) == 0);
	CHECK(unlink("/dev/shm/ut_showids") == 0);
	return 0;
}

/* ---- ptrace: tracing another user's process ---- */

/* ptrace(@req, @pid) for PTRACE_ATTACH or PTRACE_SEIZE: 0 or its errno. */
static int attach_errno(int req, pid_t pid)
{
	errno = 0;
	return ptrace(req, pid, 0, 0) == 0 ? 0 : errno;
}

/* The student attaches to its own child both ways, never to root's. */
static int student_ptrace(void)
{
	char path[64];
	struct stat st;
	int status;
	pid_t own;

	CHECK(attach_errno(PTRACE_ATTACH, victim) == EPERM);
	CHECK(attach_errno(PTRACE_SEIZE, victim) == EPERM);
	CHECK(attach_errno(PTRACE_ATTACH, 1) == EPERM);
	CHECK(attach_errno(PTRACE_SEIZE, 1) == EPERM);
	/* Dropping to the student made this process undumpable, as in
	 * Linux, and a child shares that until it execs. */
	own = start_victim();
	CHECK(own > 0);
	snprintf(path, sizeof(path), "/proc/%d/environ", own);
	for (int i = 0; i < 100 && (stat(path, &st) || st.st_uid != STUDENT); i++)
		usleep(10000);
	CHECK(attach_errno(PTRACE_ATTACH, own) == 0);
	CHECK(waitpid(own, &status, 0) == own && WIFSTOPPED(status) &&
	      WSTOPSIG(status) == SIGSTOP);
	CHECK(ptrace(PTRACE_DETACH, own, 0, 0) == 0);
	CHECK(attach_errno(PTRACE_SEIZE, own) == 0);
	CHECK(kill(own, SIGKILL) == 0 && waitpid(own, &status, 0) == own &&
	      WIFSIGNALED(status));
	return 0;
}

static pid_t students;		/* a process of the student's, exec'd */

/* In a child: root with the student's effective (and fs) uid only. */
static int seteuid_student(gid_t extra)
{
	(void)extra;
	CHECK(setresuid(-1, STUDENT, -1) == 0);
	return 0;
}

/* An attach goes by the real ids, as Linux's (PTRACE_MODE_REALCREDS). */
static int seteuid_ptrace(void)
{
	CHECK(attach_errno(PTRACE_ATTACH, students) == EPERM);
	CHECK(attach_errno(PTRACE_SEIZE, victim) == 0);
	return 0;
}

/* PTRACE_ATTACH and PTRACE_SEIZE of root's process are EPERM for the
 * student; of its own child they work; root's victim is untouched.
 * Root acting as the student (seteuid) may attach to root's only. */
static int test_ptrace(void)
{
	char path[64];
	struct stat st;
	int r;

	victim = start_victim();
	CHECK(victim > 0);
	r = as_student(student_ptrace, 0);
	CHECK(kill(victim, 0) == 0);
	students = fork();
	if (students == 0) {
		if (become_student(0) == 0)
			execl("/bin/sleep", "sleep", "30", (char *)NULL);
		_exit(127);
	}
	snprintf(path, sizeof(path), "/proc/%d/environ", students);
	for (int i = 0; i < 100 && (stat(path, &st) || st.st_uid != STUDENT); i++)
		usleep(10000);
	if (!r)
		r = as_user(seteuid_student, seteuid_ptrace, 0);
	stop_victim(students);
	stop_victim(victim);
	return r;
}

/* nobody runs the student's showids: untraced it gets the student's
 * ids; traced by nobody the exec keeps nobody's (AT_SECURE still 1, as
 * Linux sets it for a set-ID file whatever the tracer). */
static int nobody_ptrace_exec(void)
{
	CHECK(ids_after_exec("/bin/showids", NULL, false,
		"uid=65534/1000/1000 gid=65534/1000/1000 secure=1\n") == 0);
	CHECK(ids_after_exec("/bin/showids", NULL, true,
		"uid=65534/65534/65534 gid=65534/65534/65534 secure=1\n") == 0);
	return 0;
}

/* The student traced by itself runs root's set-user-ID copy as itself. */
static int student_ptrace_exec(void)
{
	CHECK(ids_after_exec("/tmp/ut_pt_showids", NULL, true,
		"uid=1000/1000/1000 gid=1000/1000/1000 secure=1\n") == 0);
	CHECK(ids_after_exec("/tmp/ut_pt_showids", NULL, false,
		"uid=1000/0/0 gid=1000/1000/1000 secure=1\n") == 0);
	return 0;
}

/* A program that got root's ids may not ask the student to trace it. */
static int student_traceme(void)
{
	CHECK(run_after_exec("/tmp/ut_pt_self", "--traceme", NULL, false,
			     "traceme=1\n") == 0);	/* EPERM */
	return 0;
}

/* Without them it may. */
static int student_traceme_plain(void)
{
	CHECK(run_after_exec("/tmp/ut_pt_self", "--traceme", NULL, false,
			     "traceme=0\n") == 0);
	return 0;
}

/* A set-ID exec under a tracer that is not root keeps the old ids;
 * under root's tracing it is honoured. */
static int test_ptrace_exec(void)
{
	int r;

	CHECK(ids_after_exec("/bin/showids", become_nobody, true,
		"uid=65534/1000/1000 gid=65534/1000/1000 secure=1\n") == 0);
	r = as_user(become_nobody, nobody_ptrace_exec, 0);
	if (r)
		return r;
	CHECK(ulib_copy_file("/bin/showids", "/tmp/ut_pt_showids", 04755) == 0);
	r = as_student(student_ptrace_exec, 0);
	CHECK(unlink("/tmp/ut_pt_showids") == 0);
	if (r)
		return r;
	CHECK(ulib_copy_file("/proc/self/exe", "/tmp/ut_pt_self", 04755) == 0);
	r = as_student(student_traceme, 0);
	CHECK(chmod("/tmp/ut_pt_self", 0755) == 0);
	if (!r)
		r = as_student(student_traceme_plain, 0);
	CHECK(unlink("/tmp/ut_pt_self") == 0);
	return r;
}

/* ---- sgid_dir: set-group-ID directories ---- */

#define SGID_DIR "/tmp/ut_sgid"

/* The owner group and set-ID/permission bits of @path are @gid, @mode? */
static int owned(const char *path, gid_t gid, mode_t mode)
{
	struct stat st;

	CHECK(stat(path, &st) == 0);
	if (st.st_gid != gid || (st.st_mode & 07777) != mode)
		return tap_fail("%s: gid %u mode %04o, want gid %u mode %04o", path,
			    st.st_gid, st.st_mode & 07777, gid, mode);
	return 0;
}

static int student_in_sgid_dir(void)
{
	int fd;

	umask(0);
	fd = open(SGID_DIR "/f", O_CREAT | O_WRONLY, 02755);
	CHECK(fd >= 0 && close(fd) == 0);
	/* The directory's group; not the student's, so no S_ISGID. */
	CHECK(owned(SGID_DIR "/f", OTHER_GID, 0755) == 0);
	CHECK(mkdir(SGID_DIR "/d", 0755) == 0);
	CHECK(owned(SGID_DIR "/d", OTHER_GID, 02755) == 0);
	fd = open(SGID_DIR "/d/g", O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0 && close(fd) == 0);
	CHECK(owned(SGID_DIR "/d/g", OTHER_GID, 0644) == 0);
	/* chmod by the owner, not in the file's group: S_ISGID dropped. */
	CHECK(chmod(SGID_DIR "/f", 02755) == 0);
	CHECK(owned(SGID_DIR "/f", OTHER_GID, 0755) == 0);
	fd = open("/tmp/ut_sgid_plain", O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0 && close(fd) == 0);
	CHECK(owned("/tmp/ut_sgid_plain", STUDENT, 0644) == 0);
	CHECK(unlink("/tmp/ut_sgid_plain") == 0 && unlink(SGID_DIR "/d/g") == 0);
	CHECK(rmdir(SGID_DIR "/d") == 0 && unlink(SGID_DIR "/f") == 0);
	return 0;
}

static int member_in_sgid_dir(void)
{
	int fd;

	umask(0);
	fd = open(SGID_DIR "/m", O_CREAT | O_WRONLY, 02755);
	CHECK(fd >= 0 && close(fd) == 0);
	CHECK(owned(SGID_DIR "/m", OTHER_GID, 02755) == 0);	/* a member keeps it */
	CHECK(unlink(SGID_DIR "/m") == 0);
	return 0;
}

/* New names in a set-group-ID directory take its group (directories
 * its bit too); a non-member cannot make a set-group-ID file of it. */
static int test_sgid_dir(void)
{
	rmdir(SGID_DIR);
	CHECK(mkdir(SGID_DIR, 0777) == 0);
	CHECK(chown(SGID_DIR, 0, OTHER_GID) == 0 && chmod(SGID_DIR, 02777) == 0);
	CHECK(owned(SGID_DIR, OTHER_GID, 02777) == 0);
	if (as_student(student_in_sgid_dir, 0) || as_student(member_in_sgid_dir, OTHER_GID))
		return -1;
	CHECK(mkdir(SGID_DIR "/r", 0700) == 0);
	CHECK(owned(SGID_DIR "/r", OTHER_GID, 02700) == 0);
	CHECK(rmdir(SGID_DIR "/r") == 0 && rmdir(SGID_DIR) == 0);
	return 0;
}

/* ---- remove_privs: writes clear set-ID bits ---- */

#define PRIV "/tmp/ut_priv"

static int student_writes(void)
{
	int fd;

	CHECK(owned(PRIV, 0, 06777) == 0);
	fd = open(PRIV, O_WRONLY);
	CHECK(fd >= 0 && write(fd, "x", 1) == 1 && close(fd) == 0);
	CHECK(owned(PRIV, 0, 0777) == 0);	/* root's program, changed */
	unlink(PRIV "2");
	fd = open(PRIV "2", O_CREAT | O_WRONLY, 0755);
	CHECK(fd >= 0 && fchmod(fd, 06755) == 0);
	CHECK(ftruncate(fd, 10) == 0 && close(fd) == 0);
	CHECK(owned(PRIV "2", STUDENT, 0755) == 0);	/* even its owner's */
	CHECK(chmod(PRIV "2", 02644) == 0);
	fd = open(PRIV "2", O_WRONLY | O_TRUNC);
	CHECK(fd >= 0 && write(fd, "x", 1) == 1 && close(fd) == 0);
	CHECK(owned(PRIV "2", STUDENT, 02644) == 0);	/* no group x: kept */
	CHECK(chmod(PRIV "2", 04755) == 0);
	fd = open(PRIV "2", O_WRONLY | O_TRUNC);
	CHECK(fd >= 0 && close(fd) == 0);
	CHECK(owned(PRIV "2", STUDENT, 0755) == 0);	/* O_TRUNC too */
	CHECK(unlink(PRIV "2") == 0);
	return 0;
}

/* Root (CAP_FSETID) writes keep the bits; anyone else's clear them. */
static int test_remove_privs(void)
{
	int fd;

	unlink(PRIV);
	fd = open(PRIV, O_CREAT | O_WRONLY, 0700);
	CHECK(fd >= 0 && fchmod(fd, 06777) == 0);
	CHECK(write(fd, "x", 1) == 1 && ftruncate(fd, 0) == 0 && close(fd) == 0);
	CHECK(owned(PRIV, 0, 06777) == 0);
	if (as_student(student_writes, 0))
		return -1;
	CHECK(unlink(PRIV) == 0);
	return 0;
}

/* ---- gid_calls: the gid calls and the *at/l* owner calls ---- */

/* Are current's real, effective and saved gids @r, @e and @s? */
static bool resgid_is(gid_t r, gid_t e, gid_t s)
{
	gid_t a, b, c;

	return getresgid(&a, &b, &c) == 0 && a == r && b == e && c == s;
}

static int student_gid_calls(void)
{
	CHECK(resgid_is(STUDENT, STUDENT, STUDENT));
	CHECK(setregid(0, (gid_t)-1) < 0 && errno == EPERM);
	CHECK(setregid((gid_t)-1, 0) < 0 && errno == EPERM);
	CHECK(setresgid((gid_t)-1, 0, (gid_t)-1) < 0 && errno == EPERM);
	CHECK(setgid(0) < 0 && errno == EPERM);
	CHECK(setfsgid(0) == STUDENT && setfsgid((gid_t)-1) == STUDENT);	/* silently kept */
	CHECK(setregid(STUDENT, STUDENT) == 0 && resgid_is(STUDENT, STUDENT, STUDENT));
	CHECK(lchown("/tmp/ut_lnk", 0, (gid_t)-1) < 0 && errno == EPERM);
	CHECK(fchmodat(AT_FDCWD, "/tmp/ut_lnk_target", 0666, 0) < 0 && errno == EPERM);
	return 0;
}

/* A process that kept other gids as its saved ones after dropping root. */
static int dropped_root_gid_moves(void)
{
	CHECK(setresgid(STUDENT, 2000, 3000) == 0);
	CHECK(setresuid(STUDENT, STUDENT, STUDENT) == 0);	/* no CAP_SETGID now */
	CHECK(setregid((gid_t)-1, 3000) == 0 && resgid_is(STUDENT, 3000, 3000));
	CHECK(setregid(2000, (gid_t)-1) < 0 && errno == EPERM);
	CHECK(setregid(3000, (gid_t)-1) == 0 && resgid_is(3000, 3000, 3000));
	CHECK(setfsgid(STUDENT) == 3000 && setfsgid((gid_t)-1) == 3000);
	return 0;
}

/* setregid, getresgid, setfsgid by POSIX's rules; lchown changes the
 * link, not its target; fchmodat from a directory descriptor. */
static int test_gid_calls(void)
{
	struct stat st;
	int fd, dfd, status;
	pid_t pid;

	unlink("/tmp/ut_lnk");
	unlink("/tmp/ut_lnk_target");
	fd = open("/tmp/ut_lnk_target", O_CREAT | O_WRONLY, 0600);
	CHECK(fd >= 0 && close(fd) == 0 && symlink("ut_lnk_target", "/tmp/ut_lnk") == 0);
	CHECK(lchown("/tmp/ut_lnk", 0, 0) == 0 && lstat("/tmp/ut_lnk", &st) == 0);
	CHECK(st.st_uid == 0);
	CHECK(lchown("/tmp/ut_lnk", STUDENT, STUDENT) == 0);
	CHECK(lstat("/tmp/ut_lnk", &st) == 0 && st.st_uid == STUDENT && st.st_gid == STUDENT);
	CHECK(stat("/tmp/ut_lnk", &st) == 0 && st.st_uid == 0);	/* the target */
	dfd = open("/tmp", O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0 && fchmodat(dfd, "ut_lnk_target", 0640, 0) == 0 && close(dfd) == 0);
	CHECK(stat("/tmp/ut_lnk_target", &st) == 0 && (st.st_mode & 07777) == 0640);
	CHECK(as_student(student_gid_calls, 0) == 0);
	pid = fork();
	if (pid == 0)
		_exit(dropped_root_gid_moves() ? 1 : 0);
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	if (status)
		return tap_fail("dropped root: %s", "gid moves wrong");
	CHECK(setresgid(STUDENT, STUDENT, 0) == 0 && resgid_is(STUDENT, STUDENT, 0));
	CHECK(setfsgid(7) == STUDENT && setfsgid((gid_t)-1) == 7);	/* root may */
	CHECK(unlink("/tmp/ut_lnk") == 0 && unlink("/tmp/ut_lnk_target") == 0);
	return 0;
}

/* ---- dir_ops: the directory operations on others' directories ---- */

#define RO_DIR "/tmp/ut_ro"

static int student_dir_ops(void)
{
	int fd = open("/tmp/ut_mine", O_CREAT | O_WRONLY, 0644);

	CHECK(fd >= 0 && close(fd) == 0);
	/* Root's 0755 directory: searchable, not writable. */
	CHECK(mkdir(RO_DIR "/x", 0755) < 0 && errno == EACCES);
	CHECK(rmdir(RO_DIR "/sub") < 0 && errno == EACCES);
	CHECK(unlink(RO_DIR "/f") < 0 && errno == EACCES);
	CHECK(rename(RO_DIR "/f", RO_DIR "/g") < 0 && errno == EACCES);
	CHECK(rename("/tmp/ut_mine", RO_DIR "/mine") < 0 && errno == EACCES);
	CHECK(rename(RO_DIR "/f", "/tmp/ut_stolen") < 0 && errno == EACCES);
	/* Root's names in sticky /tmp: not the student's to move or remove. */
	CHECK(rename("/tmp/ut_rootfile", "/tmp/ut_moved") < 0 && errno == EPERM);
	CHECK(rename("/tmp/ut_mine", "/tmp/ut_rootfile") < 0 && errno == EPERM);
	CHECK(rmdir(RO_DIR) < 0 && (errno == EPERM || errno == ENOTEMPTY));
	/* Its own: all of it. */
	CHECK(rename("/tmp/ut_mine", "/tmp/ut_mine2") == 0 && unlink("/tmp/ut_mine2") == 0);
	return 0;
}

/* mkdir, rmdir, unlink and rename need write and search permission on
 * the directories, and sticky /tmp keeps root's names root's. */
static int test_dir_ops(void)
{
	int fd;

	unlink(RO_DIR "/f");
	rmdir(RO_DIR "/sub");
	rmdir(RO_DIR);
	unlink("/tmp/ut_mine");
	CHECK(mkdir(RO_DIR, 0755) == 0 && mkdir(RO_DIR "/sub", 0777) == 0);
	fd = open(RO_DIR "/f", O_CREAT | O_WRONLY, 0666);
	CHECK(fd >= 0 && close(fd) == 0);
	fd = open("/tmp/ut_rootfile", O_CREAT | O_WRONLY, 0666);
	CHECK(fd >= 0 && close(fd) == 0);
	if (as_student(student_dir_ops, 0))
		return -1;
	CHECK(rename(RO_DIR "/f", RO_DIR "/g") == 0);	/* root may */
	CHECK(unlink(RO_DIR "/g") == 0 && rmdir(RO_DIR "/sub") == 0);
	CHECK(rmdir(RO_DIR) == 0 && unlink("/tmp/ut_rootfile") == 0);
	return 0;
}

/* ---- attrs: times and device nodes ---- */

static int student_attrs(void)
{
	struct timespec old[2] = { { 1000, 0 }, { 2000, 0 } };
	struct stat st;

	/* Root's file the student may write: "now" yes, a time of its own no. */
	CHECK(utimensat(AT_FDCWD, "/tmp/ut_rw", NULL, 0) == 0);
	CHECK(utimensat(AT_FDCWD, "/tmp/ut_rw", old, 0) < 0 && errno == EPERM);
	/* Root's file the student may only read: neither. */
	CHECK(utimensat(AT_FDCWD, "/tmp/ut_ro_file", NULL, 0) < 0 && errno == EACCES);
	CHECK(utimensat(AT_FDCWD, "/tmp/ut_ro_file", old, 0) < 0 && errno == EPERM);
	CHECK(stat("/tmp/ut_ro_file", &st) == 0 && st.st_mtime == 5000);
	CHECK(truncate("/tmp/ut_ro_file", 0) < 0 && errno == EACCES);
	CHECK(stat("/tmp/ut_ro_file", &st) == 0 && st.st_size == 3);
	CHECK(truncate("/tmp/ut_rw", 0) == 0);
	/* Device nodes are root's to make; a FIFO is anyone's. */
	CHECK(mknod("/tmp/ut_dev", S_IFCHR | 0666, makedev(5, 1)) < 0 && errno == EPERM);
	CHECK(mknod("/tmp/ut_dev", S_IFBLK | 0666, makedev(1, 0)) < 0 && errno == EPERM);
	CHECK(mknod("/tmp/ut_fifo", S_IFIFO | 0600, 0) == 0 && unlink("/tmp/ut_fifo") == 0);
	return 0;
}

/* utimensat's owner and write rules, truncate's write permission;
 * mknod of a device needs root. */
static int test_attrs(void)
{
	struct timespec t[2] = { { 5000, 0 }, { 5000, 0 } };
	int fd;

	unlink("/tmp/ut_rw");
	unlink("/tmp/ut_ro_file");
	unlink("/tmp/ut_dev");
	fd = open("/tmp/ut_rw", O_CREAT | O_WRONLY, 0666);
	CHECK(fd >= 0 && fchmod(fd, 0666) == 0 && close(fd) == 0);
	fd = open("/tmp/ut_ro_file", O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0 && write(fd, "abc", 3) == 3);
	CHECK(futimens(fd, t) == 0 && close(fd) == 0);
	if (as_student(student_attrs, 0))
		return -1;
	CHECK(mknod("/tmp/ut_dev", S_IFCHR | 0600, makedev(1, 3)) == 0);	/* root may */
	CHECK(unlink("/tmp/ut_dev") == 0 && unlink("/tmp/ut_rw") == 0);
	CHECK(unlink("/tmp/ut_ro_file") == 0);
	return 0;
}

/* ---- machine: what belongs to the machine's owner ---- */

#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_CLEAR 5
#define SYSLOG_ACTION_CONSOLE_LEVEL 8
#define SYSLOG_ACTION_SIZE_BUFFER 10

static int student_machine(void)
{
	char buf[64];

	CHECK(sethostname("mine", 4) < 0 && errno == EPERM);
	CHECK(syscall(SYS_syslog, SYSLOG_ACTION_CLEAR, NULL, 0) < 0 && errno == EPERM);
	CHECK(syscall(SYS_syslog, SYSLOG_ACTION_CONSOLE_LEVEL, NULL, 1) < 0 &&
	      errno == EPERM);
	CHECK(syscall(SYS_syslog, SYSLOG_ACTION_READ_ALL, buf, sizeof(buf)) > 0);
	CHECK(syscall(SYS_syslog, SYSLOG_ACTION_SIZE_BUFFER, NULL, 0) > 0);
	CHECK(open("/proc/sys/kernel/hostname", O_WRONLY) < 0 && errno == EACCES);
	return 0;
}

/* The host name and the kernel log's clearing and console level are
 * root's; reading the log is anyone's. */
static int test_machine(void)
{
	char name[65];

	CHECK(gethostname(name, sizeof(name)) == 0);
	if (as_student(student_machine, 0))
		return -1;
	CHECK(sethostname(name, strlen(name)) == 0);	/* root may */
	return 0;
}

/* ---- musl_setuid: a C library's set-user-ID start-up ---- */

/* credtests --ids: what a set-ID run of this program sees. */
static int print_ids(void)
{
	uid_t u[3];
	gid_t g[3];

	if (getresuid(&u[0], &u[1], &u[2]) || getresgid(&g[0], &g[1], &g[2]))
		return 1;
	printf("uid=%u/%u/%u gid=%u/%u/%u secure=%lu fd0=%s\n", u[0], u[1], u[2],
	       g[0], g[1], g[2], getauxval(AT_SECURE),
	       fcntl(0, F_GETFD) >= 0 ? "open" : "closed");
	return 0;
}

/* In a child: become the student with fd 0 closed (musl_setuid). */
static int become_student_no_stdin(gid_t extra)
{
	close(0);
	return become_student(extra);
}

/* musl's start-up in a set-user-ID program: it checks fds 0-2 with
 * poll(2) and puts /dev/null on a closed one, so the program cannot be
 * tricked into writing its output over a file it opens next. */
static int test_musl_setuid(void)
{
	CHECK(ulib_copy_file("/proc/self/exe", "/tmp/ut_musl", 04755) == 0);
	CHECK(run_after_exec("/tmp/ut_musl", "--ids", become_student_no_stdin, false,
			"uid=1000/0/0 gid=1000/1000/1000 secure=1 fd0=open\n") == 0);
	CHECK(chmod("/tmp/ut_musl", 0755) == 0);
	CHECK(run_after_exec("/tmp/ut_musl", "--ids", become_student_no_stdin, false,
			"uid=1000/1000/1000 gid=1000/1000/1000 secure=0 fd0=closed\n") == 0);
	CHECK(unlink("/tmp/ut_musl") == 0);
	return 0;
}

/* ---- the tests ---- */

static const struct tap_test tests[] = {
	{ "prio", test_prio },
	{ "proc", test_proc },
	{ "signals", test_signals },
	{ "at_secure", test_at_secure },
	{ "ptrace", test_ptrace },
	{ "ptrace_exec", test_ptrace_exec },
	{ "sgid_dir", test_sgid_dir },
	{ "remove_privs", test_remove_privs },
	{ "gid_calls", test_gid_calls },
	{ "dir_ops", test_dir_ops },
	{ "attrs", test_attrs },
	{ "machine", test_machine },
	{ "musl_setuid", test_musl_setuid },
};

#define NTESTS (int)(sizeof(tests) / sizeof(tests[0]))

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--ids"))
		return print_ids();
	if (argc == 2 && !strcmp(argv[1], "--traceme"))
		return printf("traceme=%d\n", ptrace(PTRACE_TRACEME, 0, 0, 0) ?
			      errno : 0) < 0;
	return tap_run_as_root("credtests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
