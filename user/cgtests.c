/*
 * cgtests: control groups v2 (cgroup2) as Linux 6.1 has them, from user
 * space: the hierarchy mounted at /sys/fs/cgroup and again anywhere,
 * mkdir and rmdir with their rules, moving a process by writing its pid
 * to cgroup.procs, /proc/<pid>/cgroup, fork inheritance, cgroup.events,
 * cgroup.subtree_control, the pids controller, clone3's
 * CLONE_INTO_CGROUP and its errors, the cgroup namespace, and the counts
 * under moves racing with fork and exit.
 *
 *   cgtests [NAME]...     run every test, or only the ones named
 *
 * Every test works below /sys/fs/cgroup/cgtests, made afresh for it and
 * removed after it. Prints TAP (user/lib/tap.c); runs as root.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#define TEST_TIMEOUT 60
#define STUDENT 1000
#define ROOT "/sys/fs/cgroup"
#define CG ROOT "/cgtests"
#define CGROUP2_SUPER_MAGIC 0x63677270
#define CLONE_INTO_CGROUP 0x200000000ull
#ifndef SYS_clone3
#define SYS_clone3 435
#endif

struct clone_args_k {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
	uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

/* ---- helpers ---- */

/* Write @s to @path in one write(): 0, or -1 with errno. */
static int put(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), n, e;

	if (fd < 0)
		return -1;
	n = (int)write(fd, s, strlen(s));
	e = errno;
	close(fd);
	errno = e;
	return n < 0 ? -1 : 0;
}

static int putf(const char *path, long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld\n", v);
	return put(path, buf);
}

/* The contents of @path (at most 4 KiB), "" when unreadable. */
static const char *get(const char *path)
{
	static char buf[4096];
	int fd = open(path, O_RDONLY), n = 0;

	buf[0] = '\0';
	if (fd >= 0) {
		n = (int)read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static int exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* Move every process of cgroup directory @dir to the root, then remove
 * @dir and everything below it. */
static void destroy(const char *dir)
{
	char path[512], pids[4096], *p;
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		destroy(path);
	}
	if (d)
		closedir(d);
	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	strcpy(pids, get(path));
	for (p = strtok(pids, "\n"); p; p = strtok(NULL, "\n"))
		put(ROOT "/cgroup.procs", p);
	rmdir(dir);
}

/* A fresh CG; the caller's process stays where it is. */
static int fresh(void)
{
	destroy(CG);
	put(ROOT "/cgroup.subtree_control", "-pids");
	if (mkdir(CG, 0755))
		return tap_fail("mkdir %s: %s", CG, strerror(errno));
	return 0;
}

/* Back to the root, CG gone. */
static void done(void)
{
	putf(ROOT "/cgroup.procs", getpid());
	destroy(CG);
	put(ROOT "/cgroup.subtree_control", "-pids");
}

/* A child that waits until its pipe closes (kill_child()), or NULL. */
static pid_t sleeper(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		pause();
		_exit(0);
	}
	return pid;
}

static int reap(pid_t pid)
{
	kill(pid, SIGKILL);
	return tap_wait_status(pid);
}

/* Is "0::@want\n" what /proc/@pid/cgroup says? */
static int in_cgroup(pid_t pid, const char *want)
{
	char path[64], line[300];

	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	snprintf(line, sizeof(line), "0::%s\n", want);
	return strcmp(get(path), line) == 0;
}

static pid_t clone3_into(int cgfd, size_t size, uint64_t flags)
{
	struct clone_args_k a;

	memset(&a, 0, sizeof(a));
	a.flags = CLONE_INTO_CGROUP | flags;
	a.exit_signal = (flags & CLONE_THREAD) ? 0 : SIGCHLD;
	a.cgroup = (uint64_t)cgfd;
	return (pid_t)syscall(SYS_clone3, &a, size);
}

/* ---- tests ---- */

/* Boot mounts the hierarchy at /sys/fs/cgroup; a second mount shows the
 * same tree; statfs says cgroup2; no mount option is known here. */
static int test_mount(void)
{
	char line[256];
	struct statfs st;
	FILE *f = fopen("/proc/self/mounts", "r");
	int seen = 0;

	CHECK(f);
	while (fgets(line, sizeof(line), f))
		seen |= !strncmp(line, "cgroup2 /sys/fs/cgroup cgroup2 ", 31);
	fclose(f);
	CHECK(seen);
	CHECK(statfs(ROOT, &st) == 0 && st.f_type == CGROUP2_SUPER_MAGIC);
	CHECK(fresh() == 0);
	mkdir("/tmp/cgmnt", 0755);
	CHECK(mount("none", "/tmp/cgmnt", "cgroup2", 0, "bogus_option") == -1 &&
	      errno == EINVAL);
	CHECK(mount("none", "/tmp/cgmnt", "cgroup2", 0, NULL) == 0);
	CHECK(exists("/tmp/cgmnt/cgtests/cgroup.procs"));
	CHECK(mkdir("/tmp/cgmnt/cgtests/via2", 0755) == 0);
	CHECK(exists(CG "/via2/cgroup.events"));
	CHECK(umount("/tmp/cgmnt") == 0);
	rmdir("/tmp/cgmnt");
	done();
	return 0;
}

/* mkdir makes a cgroup with the core files; the root has no
 * cgroup.events or cgroup.type; rmdir only of an empty cgroup. */
static int test_mkdir_rmdir(void)
{
	pid_t pid;

	CHECK(fresh() == 0);
	CHECK(!exists(ROOT "/cgroup.events") && !exists(ROOT "/cgroup.type"));
	CHECK(exists(ROOT "/cgroup.procs") && exists(ROOT "/cgroup.stat"));
	CHECK(mkdir(CG "/a", 0755) == 0);
	CHECK(mkdir(CG "/a", 0755) == -1 && errno == EEXIST);
	CHECK(!strcmp(get(CG "/a/cgroup.type"), "domain\n"));
	CHECK(!strcmp(get(CG "/a/cgroup.events"), "populated 0\nfrozen 0\n"));
	CHECK(!strcmp(get(CG "/a/cgroup.procs"), ""));
	CHECK(open(CG "/a/newfile", O_CREAT | O_WRONLY, 0644) == -1);
	CHECK(unlink(CG "/a/cgroup.procs") == -1);
	CHECK(mkdir(CG "/a/b", 0755) == 0);
	CHECK(!strcmp(get(CG "/cgroup.stat"),
		      "nr_descendants 2\nnr_dying_descendants 0\n"));
	CHECK(rmdir(CG "/a") == -1 && errno == EBUSY);		/* a child */
	CHECK(rmdir(CG "/a/b") == 0);
	CHECK(!exists(CG "/a/b"));
	pid = sleeper();
	CHECK(pid > 0);
	EXPECT(putf(CG "/a/cgroup.procs", pid) == 0);
	EXPECT(rmdir(CG "/a") == -1 && errno == EBUSY);		/* a task */
	EXPECT(reap(pid) >= -1);
	EXPECT(rmdir(CG "/a") == 0);
	done();
	return 0;
}

/* cgroup.max.descendants and cgroup.max.depth: mkdir past them EAGAIN. */
static int test_max_limits(void)
{
	CHECK(fresh() == 0);
	CHECK(!strcmp(get(CG "/cgroup.max.descendants"), "max\n"));
	CHECK(put(CG "/cgroup.max.descendants", "-1") == -1 && errno == EINVAL);
	CHECK(put(CG "/cgroup.max.descendants", "1") == 0);
	CHECK(mkdir(CG "/a", 0755) == 0);
	CHECK(mkdir(CG "/b", 0755) == -1 && errno == EAGAIN);
	CHECK(put(CG "/cgroup.max.descendants", "max") == 0);
	CHECK(put(CG "/cgroup.max.depth", "1") == 0);
	CHECK(!strcmp(get(CG "/cgroup.max.depth"), "1\n"));
	CHECK(mkdir(CG "/b", 0755) == 0);
	CHECK(mkdir(CG "/a/deeper", 0755) == -1 && errno == EAGAIN);
	done();
	return 0;
}

/* Writing a pid to cgroup.procs moves the process; /proc/<pid>/cgroup,
 * cgroup.procs and cgroup.events follow, and its exit empties it. */
static int test_procs_move(void)
{
	pid_t pid;
	char want[32];

	CHECK(fresh() == 0);
	CHECK(mkdir(CG "/x", 0755) == 0);
	pid = sleeper();
	CHECK(pid > 0);
	EXPECT(in_cgroup(pid, "/"));
	EXPECT(putf(CG "/x/cgroup.procs", pid) == 0);
	EXPECT(in_cgroup(pid, "/cgtests/x"));
	snprintf(want, sizeof(want), "%d\n", (int)pid);
	EXPECT(!strcmp(get(CG "/x/cgroup.procs"), want));
	EXPECT(!strcmp(get(CG "/x/cgroup.events"), "populated 1\nfrozen 0\n"));
	EXPECT(!strcmp(get(CG "/cgroup.events"), "populated 1\nfrozen 0\n"));
	EXPECT(put(CG "/x/cgroup.procs", "abc") == -1 && errno == EINVAL);
	EXPECT(put(CG "/x/cgroup.procs", "999999") == -1 && errno == ESRCH);
	EXPECT(put(CG "/x/cgroup.procs", "2") == -1 && errno == EINVAL); /* kthreadd */
	reap(pid);
	EXPECT(!strcmp(get(CG "/x/cgroup.procs"), ""));
	EXPECT(!strcmp(get(CG "/x/cgroup.events"), "populated 0\nfrozen 0\n"));
	/* "0" is the writer itself. */
	EXPECT(put(CG "/x/cgroup.procs", "0") == 0);
	EXPECT(in_cgroup(getpid(), "/cgtests/x"));
	done();
	return 0;
}

static int spin(void *arg __attribute__((unused)))
{
	for (;;)
		pause();
	return 0;
}

/* Every thread moves with its process; one thread cannot leave it. */
static int test_threads(void)
{
	char path[64], line[32];
	static char stack[16384] __attribute__((aligned(16)));
	pid_t tid;
	int n = 0;
	const char *p;

	CHECK(fresh() == 0);
	CHECK(mkdir(CG "/x", 0755) == 0 && mkdir(CG "/y", 0755) == 0);
	CHECK(putf(CG "/x/cgroup.procs", getpid()) == 0);
	tid = clone(spin, stack + sizeof(stack),
		    CLONE_VM | CLONE_THREAD | CLONE_SIGHAND | CLONE_FS |
		    CLONE_FILES, NULL);
	CHECK(tid > 0);
	for (p = get(CG "/x/cgroup.threads"); *p; p++)
		n += *p == '\n';
	EXPECT(n == 2);
	snprintf(line, sizeof(line), "%d\n", (int)getpid());
	EXPECT(!strcmp(get(CG "/x/cgroup.procs"), line));
	EXPECT(putf(CG "/y/cgroup.threads", tid) == -1 && errno == EOPNOTSUPP);
	EXPECT(putf(CG "/y/cgroup.procs", tid) == 0);	/* the whole process */
	snprintf(path, sizeof(path), "/proc/%d/task/%d/cgroup", (int)getpid(), (int)tid);
	EXPECT(!strcmp(get(path), "0::/cgtests/y\n"));
	EXPECT(in_cgroup(getpid(), "/cgtests/y"));
	done();
	return 0;
}

/* A child starts in its parent's cgroup. */
static int test_fork_inherits(void)
{
	int status;
	pid_t pid;

	CHECK(fresh() == 0);
	CHECK(mkdir(CG "/x", 0755) == 0);
	CHECK(putf(CG "/x/cgroup.procs", getpid()) == 0);
	pid = fork();
	if (pid == 0)
		_exit(in_cgroup(getpid(), "/cgtests/x") ? 0 : 1);
	status = tap_wait_status(pid);
	done();
	CHECK(status == 0);
	return 0;
}

/* Only who may write the common ancestor's cgroup.procs moves a
 * process; a user given a subtree (chown) moves its own inside it. */
static int test_permissions(void)
{
	int status;
	pid_t pid;

	CHECK(fresh() == 0);
	CHECK(mkdir(CG "/user", 0755) == 0);
	CHECK(chown(CG "/user", STUDENT, STUDENT) == 0);
	CHECK(chown(CG "/user/cgroup.procs", STUDENT, STUDENT) == 0);
	pid = fork();
	if (pid == 0) {
		if (putf(CG "/user/cgroup.procs", getpid()) || tap_become(STUDENT, 0))
			_exit(1);
		if (mkdir(CG "/nope", 0755) == 0 || errno != EACCES)
			_exit(2);
		if (putf(ROOT "/cgroup.procs", getpid()) == 0 || errno != EACCES)
			_exit(3);
		if (mkdir(CG "/user/sub", 0755))
			_exit(4);
		chown(CG "/user/sub/cgroup.procs", STUDENT, STUDENT);
		if (putf(CG "/user/sub/cgroup.procs", getpid()))
			_exit(5);
		_exit(in_cgroup(getpid(), "/cgtests/user/sub") ? 0 : 6);
	}
	status = tap_wait_status(pid);
	done();
	CHECK(status == 0);
	return 0;
}

/* cgroup.controllers and cgroup.subtree_control: "+pids -pids", only
 * what the parent offers (ENOENT), unknown words EINVAL, no disabling
 * what a child still gives below (EBUSY). */
static int test_subtree_control(void)
{
	CHECK(fresh() == 0);
	CHECK(mkdir(CG "/x", 0755) == 0);
	CHECK(strstr(get(ROOT "/cgroup.controllers"), "pids"));
	CHECK(!strcmp(get(CG "/cgroup.controllers"), "\n"));
	CHECK(put(CG "/cgroup.subtree_control", "+pids") == -1 && errno == ENOENT);
	CHECK(put(ROOT "/cgroup.subtree_control", "+nosuch") == -1 && errno == EINVAL);
	CHECK(put(ROOT "/cgroup.subtree_control", "pids") == -1 && errno == EINVAL);
	CHECK(put(ROOT "/cgroup.subtree_control", "+pids") == 0);
	CHECK(strstr(get(ROOT "/cgroup.subtree_control"), "pids"));
	CHECK(!strcmp(get(CG "/cgroup.controllers"), "pids\n"));
	CHECK(exists(CG "/pids.max") && !exists(CG "/x/pids.max"));
	CHECK(put(CG "/cgroup.subtree_control", "+pids") == 0);
	CHECK(exists(CG "/x/pids.max"));
	CHECK(put(ROOT "/cgroup.subtree_control", "-pids") == -1 && errno == EBUSY);
	CHECK(put(CG "/cgroup.subtree_control", "-pids") == 0);
	CHECK(!exists(CG "/x/pids.max"));
	done();
	return 0;
}

/* pids.max: a fork past it in the cgroup is EAGAIN, counted in
 * pids.events; pids.current counts the tasks. */
static int test_pids_max(void)
{
	pid_t kids[3];
	int n = 0, err = 0;

	CHECK(fresh() == 0);
	CHECK(put(ROOT "/cgroup.subtree_control", "+pids") == 0);
	CHECK(!strcmp(get(CG "/pids.max"), "max\n"));
	CHECK(put(CG "/pids.max", "-1") == -1 && errno == EINVAL);
	CHECK(put(CG "/pids.max", "3") == 0);
	CHECK(!strcmp(get(CG "/pids.max"), "3\n"));
	CHECK(putf(CG "/cgroup.procs", getpid()) == 0);
	CHECK(!strcmp(get(CG "/pids.current"), "1\n"));
	while (n < 3) {
		pid_t pid = sleeper();

		if (pid < 0) {
			err = errno;
			break;
		}
		kids[n++] = pid;
	}
	EXPECT(n == 2 && err == EAGAIN);
	EXPECT(!strcmp(get(CG "/pids.current"), "3\n"));
	EXPECT(!strcmp(get(CG "/pids.events"), "max 1\n"));
	while (n > 0)
		reap(kids[--n]);
	EXPECT(!strcmp(get(CG "/pids.current"), "1\n"));
	done();
	return 0;
}

/* clone3(CLONE_INTO_CGROUP): the child starts in the cgroup the
 * descriptor names (an O_PATH one too); the parent stays. */
static int test_clone_into_cgroup(void)
{
	int fd, pfd, status;
	pid_t pid;

	CHECK(fresh() == 0);
	CHECK(mkdir(CG "/x", 0755) == 0);
	fd = open(CG "/x", O_RDONLY | O_DIRECTORY);
	pfd = open(CG "/x", O_PATH | O_DIRECTORY);
	CHECK(fd >= 0 && pfd >= 0);
	pid = clone3_into(fd, sizeof(struct clone_args_k), 0);
	if (pid == 0)
		_exit(in_cgroup(getpid(), "/cgtests/x") ? 0 : 1);
	CHECK(pid > 0);
	status = tap_wait_status(pid);
	CHECK(status == 0);
	CHECK(in_cgroup(getpid(), "/"));
	pid = clone3_into(pfd, sizeof(struct clone_args_k), 0);
	if (pid == 0)
		_exit(in_cgroup(getpid(), "/cgtests/x") ? 0 : 1);
	CHECK(pid > 0 && tap_wait_status(pid) == 0);
	close(fd);
	close(pfd);
	done();
	return 0;
}

/* Linux 6.1's errors: EBADF (no descriptor, or not a cgroup2
 * directory), EINVAL (an older structure without the field, a number
 * past INT_MAX), ENOENT (a removed cgroup), EOPNOTSUPP (a thread into
 * another cgroup), EBUSY (the no-internal-process rule). */
static int test_clone_into_errors(void)
{
	static char stack[16384] __attribute__((aligned(16)));
	struct clone_args_k a;
	int fd, tmp, file;

	CHECK(fresh() == 0);
	CHECK(mkdir(CG "/x", 0755) == 0 && mkdir(CG "/gone", 0755) == 0);
	fd = open(CG "/x", O_RDONLY | O_DIRECTORY);
	tmp = open("/tmp", O_RDONLY | O_DIRECTORY);
	file = open(CG "/x/cgroup.procs", O_RDONLY);
	CHECK(fd >= 0 && tmp >= 0 && file >= 0);
	EXPECT(clone3_into(999, sizeof(a), 0) == -1 && errno == EBADF);
	EXPECT(clone3_into(tmp, sizeof(a), 0) == -1 && errno == EBADF);
	EXPECT(clone3_into(file, sizeof(a), 0) == -1 && errno == EBADF);
	EXPECT(clone3_into(fd, 64, 0) == -1 && errno == EINVAL);
	memset(&a, 0, sizeof(a));
	a.flags = CLONE_INTO_CGROUP;
	a.exit_signal = SIGCHLD;
	a.cgroup = 1ull << 32;
	EXPECT(syscall(SYS_clone3, &a, sizeof(a)) == -1 && errno == EINVAL);
	close(tmp);
	tmp = open(CG "/gone", O_RDONLY | O_DIRECTORY);
	EXPECT(rmdir(CG "/gone") == 0);
	EXPECT(clone3_into(tmp, sizeof(a), 0) == -1 && errno == ENOENT);
	memset(&a, 0, sizeof(a));
	a.flags = CLONE_INTO_CGROUP | CLONE_VM | CLONE_THREAD | CLONE_SIGHAND;
	a.stack = (uintptr_t)stack;
	a.stack_size = sizeof(stack);
	a.cgroup = (uint64_t)fd;
	EXPECT(syscall(SYS_clone3, &a, sizeof(a)) == -1 && errno == EOPNOTSUPP);
	/* x gives pids to a populated child: x itself takes no task. */
	EXPECT(put(ROOT "/cgroup.subtree_control", "+pids") == 0);
	EXPECT(put(CG "/cgroup.subtree_control", "+pids") == 0);
	EXPECT(put(CG "/x/cgroup.subtree_control", "+pids") == 0);
	EXPECT(mkdir(CG "/x/leaf", 0755) == 0);
	pid_t pid = sleeper();
	EXPECT(putf(CG "/x/leaf/cgroup.procs", pid) == 0);
	EXPECT(clone3_into(fd, sizeof(a), 0) == -1 && errno == EBUSY);
	EXPECT(putf(CG "/x/cgroup.procs", getpid()) == -1 && errno == EBUSY);
	reap(pid);
	close(fd);
	close(tmp);
	close(file);
	done();
	return 0;
}

/* In a new cgroup namespace /proc/<pid>/cgroup is relative to the
 * cgroup its creator was in: "/" there, "/../y" beside it. */
static int test_cgroup_ns(void)
{
	pid_t pid, other;
	int status;

	CHECK(fresh() == 0);
	CHECK(mkdir(CG "/x", 0755) == 0 && mkdir(CG "/x/in", 0755) == 0 &&
	      mkdir(CG "/y", 0755) == 0);
	other = sleeper();
	CHECK(other > 0 && putf(CG "/y/cgroup.procs", other) == 0);
	pid = fork();
	if (pid == 0) {
		char path[64];

		if (putf(CG "/x/cgroup.procs", getpid()) || unshare(CLONE_NEWCGROUP))
			_exit(1);
		if (!in_cgroup(getpid(), "/"))
			_exit(2);
		if (putf(CG "/x/in/cgroup.procs", getpid()) ||
		    !in_cgroup(getpid(), "/in"))
			_exit(3);
		snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)other);
		_exit(strcmp(get(path), "0::/../y\n") ? 4 : 0);
	}
	status = tap_wait_status(pid);
	reap(other);
	done();
	CHECK(status == 0);
	return 0;
}

/* A process that forks and reaps without pause, moved back and forth
 * 200 times, its short-lived children exiting meanwhile: the counts
 * stay right (pids.current, populated 0 once it is gone, rmdir works). */
static int test_moves_under_fork(void)
{
	pid_t pid;
	int i, ok = 1;

	CHECK(fresh() == 0);
	CHECK(put(ROOT "/cgroup.subtree_control", "+pids") == 0);
	CHECK(put(CG "/cgroup.subtree_control", "+pids") == 0);
	CHECK(mkdir(CG "/a", 0755) == 0 && mkdir(CG "/b", 0755) == 0);
	pid = fork();
	if (pid == 0) {
		for (;;) {
			pid_t c = fork();

			if (c == 0)
				_exit(0);
			if (c > 0)
				waitpid(c, NULL, 0);
		}
	}
	CHECK(pid > 0);
	for (i = 0; i < 200 && ok; i++)
		ok = putf(i % 2 ? CG "/b/cgroup.procs" : CG "/a/cgroup.procs", pid) == 0;
	EXPECT(ok);
	reap(pid);
	/* A last child may still be on its way out, reparented to init. */
	for (i = 0; i < 100 && strcmp(get(CG "/cgroup.events"), "populated 0\nfrozen 0\n"); i++)
		usleep(10000);
	EXPECT(!strcmp(get(CG "/a/pids.current"), "0\n"));
	EXPECT(!strcmp(get(CG "/b/pids.current"), "0\n"));
	EXPECT(!strcmp(get(CG "/cgroup.events"), "populated 0\nfrozen 0\n"));
	EXPECT(rmdir(CG "/a") == 0 && rmdir(CG "/b") == 0);
	done();
	return 0;
}

/* /proc/cgroups: Linux's header and a line per controller. */
static int test_proc_cgroups(void)
{
	const char *s = get("/proc/cgroups");

	CHECK(!strncmp(s, "#subsys_name\thierarchy\tnum_cgroups\tenabled\n", 43));
	CHECK(strstr(s, "\npids\t0\t"));
	return 0;
}

#define T(name) { #name, test_##name }
static const struct tap_test tests[] = {
	T(mount),
	T(mkdir_rmdir),
	T(max_limits),
	T(procs_move),
	T(threads),
	T(fork_inherits),
	T(permissions),
	T(subtree_control),
	T(pids_max),
	T(clone_into_cgroup),
	T(clone_into_errors),
	T(cgroup_ns),
	T(moves_under_fork),
	T(proc_cgroups),
};
#define NTESTS ((int)(sizeof(tests) / sizeof(tests[0])))

int main(int argc, char **argv)
{
	return tap_run_as_root("cgtests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
