/*
 * usernstests: user namespaces as Linux 6.1 has them (issue 17: LTP's
 * ioctl_ns06 and clone304, and the network tests' unshare -U), tested
 * from user space: unshare and clone with CLONE_NEWUSER as an ordinary
 * user, the overflow id 65534 before the maps are written,
 * /proc/<pid>/uid_map, gid_map and setgroups with their rules and errors,
 * capabilities that count in the new namespace only, the NS_GET_*
 * ioctls on user namespaces, the nesting limit and ids seen through
 * stat and /proc/<pid>/status.
 *
 *   usernstests [NAME]...     run every test, or only the ones named
 *
 * Runs as root (each test in a forked child of its own, user/lib/tap.c);
 * most tests first become the student (uid 1000). The same binary runs
 * on Linux, where every expectation is Linux 6.1's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <grp.h>
#include <unistd.h>

#include "tap.h"

#define TEST_TIMEOUT 20		/* seconds one test may take */
#define STUDENT 1000		/* an unprivileged user */
#define OVERFLOW_ID 65534	/* an unmapped id, as seen from inside */

/* <linux/nsfs.h>, which musl lacks. */
#define NS_GET_USERNS 0xb701
#define NS_GET_PARENT 0xb702
#define NS_GET_OWNER_UID 0xb704
#define USER_INIT_INO 4026531837u	/* the initial user namespace */

/* Write @text to @path: 0, or -1 with errno. */
static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	if (n < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	return 0;
}

/* Read @path into @buf (NUL-terminated): its length, or -1. */
static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return (int)n;
}

/* The inode number of @fd's namespace, or 0. */
static unsigned long fd_ino(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 ? (unsigned long)st.st_ino : 0;
}

/* The inode number of /proc/<pid>/ns/<kind> (pid 0: self), or 0. */
static unsigned long ns_ino(int pid, const char *kind)
{
	char path[64];
	struct stat st;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", pid, kind);
	else
		snprintf(path, sizeof(path), "/proc/self/ns/%s", kind);
	return stat(path, &st) == 0 ? (unsigned long)st.st_ino : 0;
}

/* Become the student, dumpable again (as after an exec) so that it owns
 * its /proc/<pid> files, uid_map among them: a change of ids makes a
 * process undumpable and its /proc files root's, on Linux too. */
static int become_student(void)
{
	CHECK(tap_become(STUDENT, 0) == 0);
	CHECK(prctl(PR_SET_DUMPABLE, 1) == 0);
	return 0;
}

/* Map current's own ids to 0 in the user namespace it just made, as
 * `unshare -r` does: setgroups "deny" first, then the one-line maps. */
static int map_self_root(uid_t uid, gid_t gid)
{
	char line[64];

	CHECK(write_file("/proc/self/setgroups", "deny") == 0);
	snprintf(line, sizeof(line), "0 %u 1", uid);
	CHECK(write_file("/proc/self/uid_map", line) == 0);
	snprintf(line, sizeof(line), "0 %u 1", gid);
	CHECK(write_file("/proc/self/gid_map", line) == 0);
	return 0;
}

/* A child that makes its own user namespace (and the @extra kinds),
 * then waits for a byte on @go; its pid. *@ready is read when it is in. */
static int spawn_in_new_userns(int extra, int go[2], int ready[2])
{
	int pid;
	char c;

	if (pipe(go) || pipe(ready))
		return -1;
	pid = fork();
	if (pid == 0) {
		int ok = unshare(CLONE_NEWUSER | extra) == 0;

		if (write(ready[1], ok ? "y" : "n", 1) != 1)
			_exit(2);
		if (read(go[0], &c, 1) != 1)
			_exit(3);
		_exit(getuid() == 1 ? 0 : 1);
	}
	if (pid < 0 || read(ready[0], &c, 1) != 1 || c != 'y')
		return -1;
	return pid;
}

/* An ordinary user may make a user namespace; inside, until the maps
 * are written, every id is the overflow id and the maps read empty. */
static int test_unshare_unprivileged(void)
{
	unsigned long before = ns_ino(0, "user");
	char buf[128];

	CHECK(become_student() == 0);
	CHECK(before == USER_INIT_INO);
	CHECK(unshare(CLONE_NEWUSER) == 0);
	CHECK(ns_ino(0, "user") != before && ns_ino(0, "user") != 0);
	CHECK(getuid() == OVERFLOW_ID && geteuid() == OVERFLOW_ID);
	CHECK(getgid() == OVERFLOW_ID && getegid() == OVERFLOW_ID);
	CHECK(read_file("/proc/self/uid_map", buf, sizeof(buf)) == 0);
	CHECK(read_file("/proc/self/setgroups", buf, sizeof(buf)) > 0 &&
	      strcmp(buf, "allow\n") == 0);
	CHECK(setuid(0) == -1 && errno == EINVAL);	/* 0 is not mapped */
	return 0;
}

/* The one-line map of one's own ids: uid_map at once, gid_map only
 * after setgroups "deny"; each map once; then the ids read 0. */
static int test_map_own_ids(void)
{
	char buf[128];

	CHECK(become_student() == 0);
	CHECK(unshare(CLONE_NEWUSER) == 0);
	errno = 0;
	CHECK(write_file("/proc/self/uid_map", "0 1001 1") == -1 && errno == EPERM);
	CHECK(write_file("/proc/self/uid_map", "0 1000 2") == -1 && errno == EPERM);
	CHECK(write_file("/proc/self/uid_map", "0 1000 1") == 0);
	CHECK(getuid() == 0 && geteuid() == 0);
	CHECK(write_file("/proc/self/uid_map", "0 1000 1") == -1 && errno == EPERM);
	CHECK(read_file("/proc/self/uid_map", buf, sizeof(buf)) > 0);
	CHECK(strcmp(buf, "         0       1000          1\n") == 0);
	/* gid_map: not while setgroups(2) could drop groups. */
	CHECK(write_file("/proc/self/gid_map", "0 1000 1") == -1 && errno == EPERM);
	CHECK(write_file("/proc/self/setgroups", "deny") == 0);
	CHECK(write_file("/proc/self/setgroups", "allow") == -1 && errno == EPERM);
	CHECK(write_file("/proc/self/gid_map", "0 1000 1") == 0);
	CHECK(getgid() == 0 && getegid() == 0);
	/* Once gid_map is written, not even "deny" again (Linux). */
	CHECK(write_file("/proc/self/setgroups", "deny") == -1 && errno == EPERM);
	CHECK(setgroups(0, NULL) == -1 && errno == EPERM);
	CHECK(setuid(0) == 0 && setuid(7) == -1 && errno == EINVAL);
	return 0;
}

/* Malformed maps are EINVAL (Linux's map_write()), before any
 * privilege is asked: junk, a zero or wrapping count, -1, overlapping
 * lines. (A sixth line is EINVAL on Taskbase only: Linux takes 340.) */
static int test_map_errors(void)
{
	static const char *const bad[] = {
		"junk", "0 1000", "0 1000 1 x", "0 1000 0", "4294967295 1000 1",
		"0 4294967295 1", "0 1000 4294967295", "0 0 10\n5 100 1",
	};

	CHECK(become_student() == 0);
	CHECK(unshare(CLONE_NEWUSER) == 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		if (write_file("/proc/self/uid_map", bad[i]) != -1 || errno != EINVAL)
			return tap_fail("map \"%s\": errno %d, not EINVAL", bad[i], errno);
	}
	return 0;
}

/* Root of the parent may write any map for a child's namespace, in
 * several lines; the child then sees its (global 0) uid as 1. */
static int test_map_by_parent(void)
{
	int go[2], ready[2], pid = spawn_in_new_userns(0, go, ready);
	char path[64], buf[256];

	CHECK(pid > 0);
	snprintf(path, sizeof(path), "/proc/%d/uid_map", pid);
	CHECK(write_file(path, "1 0 1\n0 1000 1\n10 2000 5") == 0);
	CHECK(read_file(path, buf, sizeof(buf)) > 0);
	CHECK(strstr(buf, "         1          0          1\n") != NULL);
	CHECK(strstr(buf, "        10       2000          5\n") != NULL);
	CHECK(write(go[1], "g", 1) == 1);
	CHECK(tap_wait_status(pid) == 0);
	return 0;
}

/* Full capabilities inside, none over the initial namespaces: the host
 * name of the initial UTS namespace stays root's; a UTS namespace the
 * new user namespace owns may be renamed. */
static int test_caps_in_namespace_only(void)
{
	char name[65];

	CHECK(become_student() == 0);
	CHECK(sethostname("x", 1) == -1 && errno == EPERM);
	CHECK(unshare(CLONE_NEWUSER) == 0);
	CHECK(sethostname("x", 1) == -1 && errno == EPERM);
	CHECK(mount("none", "/tmp", "tmpfs", 0, NULL) == -1 && errno == EPERM);
	CHECK(unshare(CLONE_NEWUTS) == 0);
	CHECK(sethostname("inner", 5) == 0);
	CHECK(gethostname(name, sizeof(name)) == 0 && strcmp(name, "inner") == 0);
	return 0;
}

/* unshare(CLONE_NEWUSER | CLONE_NEWUTS) makes the user namespace first,
 * which then owns the new UTS one (NS_GET_USERNS says so). */
static int test_unshare_combined(void)
{
	int uts, user;

	CHECK(become_student() == 0);
	CHECK(unshare(CLONE_NEWUTS) == -1 && errno == EPERM);
	CHECK(unshare(CLONE_NEWUSER | CLONE_NEWUTS | CLONE_NEWNS | CLONE_NEWIPC) == 0);
	CHECK(sethostname("both", 4) == 0);
	uts = open("/proc/self/ns/uts", O_RDONLY);
	user = open("/proc/self/ns/user", O_RDONLY);
	CHECK(uts >= 0 && user >= 0);
	CHECK(fd_ino(ioctl(uts, NS_GET_USERNS)) == fd_ino(user));
	return 0;
}

/* The NS_GET_* ioctls on a user namespace: its parent (USERNS and
 * PARENT alike), the initial one's (EPERM: out of sight), its owner. */
static int test_ns_ioctls(void)
{
	int go[2], ready[2], pid, fd, init;
	char path[64];
	uid_t uid = 99;

	CHECK(become_student() == 0);
	pid = spawn_in_new_userns(CLONE_NEWUTS, go, ready);
	CHECK(pid > 0);
	snprintf(path, sizeof(path), "/proc/%d/ns/user", pid);
	fd = open(path, O_RDONLY);
	init = open("/proc/self/ns/user", O_RDONLY);
	CHECK(fd >= 0 && init >= 0 && fd_ino(fd) != fd_ino(init));
	CHECK(ioctl(fd, NS_GET_OWNER_UID, &uid) == 0 && uid == STUDENT);
	CHECK(fd_ino(ioctl(fd, NS_GET_USERNS)) == USER_INIT_INO);
	CHECK(fd_ino(ioctl(fd, NS_GET_PARENT)) == USER_INIT_INO);
	errno = 0;
	CHECK(ioctl(init, NS_GET_PARENT) == -1 && errno == EPERM);
	CHECK(ioctl(init, NS_GET_USERNS) == -1 && errno == EPERM);
	CHECK(ns_ino(pid, "uts") != ns_ino(0, "uts"));
	snprintf(path, sizeof(path), "/proc/%d/ns/uts", pid);
	close(init);
	init = open(path, O_RDONLY);
	CHECK(init >= 0 && fd_ino(ioctl(init, NS_GET_USERNS)) == fd_ino(fd));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return 0;
}

/* setns(2) into a user namespace its owner made: allowed (the owner has
 * every capability there); into one's own again: EINVAL. */
static int test_setns_userns(void)
{
	int go[2], ready[2], pid, fd, self;
	char path[64];

	CHECK(become_student() == 0);
	pid = spawn_in_new_userns(0, go, ready);
	CHECK(pid > 0);
	snprintf(path, sizeof(path), "/proc/%d/ns/user", pid);
	fd = open(path, O_RDONLY);
	self = open("/proc/self/ns/user", O_RDONLY);
	CHECK(fd >= 0 && self >= 0);
	CHECK(setns(self, CLONE_NEWUSER) == -1 && errno == EINVAL);
	CHECK(setns(fd, CLONE_NEWUTS) == -1 && errno == EINVAL);
	CHECK(setns(fd, CLONE_NEWUSER) == 0);
	CHECK(ns_ino(0, "user") == fd_ino(fd) && getuid() == OVERFLOW_ID);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return 0;
}

static void *idle_thread(void *arg)
{
	pause();
	return arg;
}

/* Linux's flag rules: a user namespace is per process and per cwd:
 * clone with CLONE_FS or CLONE_THREAD, unshare by a threaded process,
 * are EINVAL. clone(CLONE_NEWUSER) gives the child a new one (LTP
 * ioctl_ns06). */
static int test_clone_rules(void)
{
	pthread_t t;
	int pid;

	CHECK(become_student() == 0);
	errno = 0;
	CHECK(syscall(SYS_clone, CLONE_NEWUSER | CLONE_FS | SIGCHLD, 0, 0, 0, 0) == -1 &&
	      errno == EINVAL);
	CHECK(syscall(SYS_clone, CLONE_NEWUSER | CLONE_THREAD | CLONE_SIGHAND |
		      CLONE_VM, 0, 0, 0, 0) == -1 && errno == EINVAL);
	pid = (int)syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0)
		_exit(ns_ino(0, "user") != USER_INIT_INO && getuid() == OVERFLOW_ID ? 0 : 1);
	CHECK(pid > 0 && tap_wait_status(pid) == 0);
	CHECK(pthread_create(&t, NULL, idle_thread, NULL) == 0);
	CHECK(unshare(CLONE_NEWUSER) == -1 && errno == EINVAL);
	return 0;
}

/* Nesting stops at 33 levels below the initial namespace (Linux: a
 * parent deeper than 32 is ENOSPC). Each level maps root to root so
 * the next maker has a mapped uid. */
static int test_nesting_limit(void)
{
	int depth = 0;

	while (unshare(CLONE_NEWUSER) == 0) {
		depth++;
		if (map_self_root(0, 0))
			return -1;
		if (depth > 40)
			break;
	}
	CHECK(errno == ENOSPC);
	CHECK(depth == 33);
	return 0;
}

/* Ids of files and processes as the namespace sees them: root's files
 * are the overflow uid, the student's own are 0; /proc/self/status too. */
static int test_ids_seen_inside(void)
{
	char buf[2048], *uid;
	struct stat st;
	int fd;

	CHECK(become_student() == 0);
	fd = open("/tmp/usernstests.own", O_CREAT | O_WRONLY | O_TRUNC, 0600);
	CHECK(fd >= 0);
	close(fd);
	CHECK(unshare(CLONE_NEWUSER) == 0);
	CHECK(stat("/tmp/usernstests.own", &st) == 0 && st.st_uid == OVERFLOW_ID);
	CHECK(map_self_root(STUDENT, STUDENT) == 0);
	CHECK(stat("/", &st) == 0 && st.st_uid == OVERFLOW_ID && st.st_gid == OVERFLOW_ID);
	CHECK(stat("/tmp/usernstests.own", &st) == 0 && st.st_uid == 0 && st.st_gid == 0);
	CHECK(chown("/tmp/usernstests.own", 5, -1) == -1 && errno == EINVAL);
	CHECK(read_file("/proc/self/status", buf, sizeof(buf)) > 0);
	uid = strstr(buf, "Uid:");
	CHECK(uid && strncmp(uid, "Uid:\t0\t0\t0\t0\n", 13) == 0);
	unlink("/tmp/usernstests.own");
	return 0;
}

/* A set-ID program whose owner the namespace cannot name runs with the
 * caller's ids (Linux's bprm_fill_uid()): /bin/showids is set-ID
 * student, and root of a namespace that maps only root stays 0 in it. */
static int test_setid_exec_unmapped(void)
{
	char buf[128];
	int out[2], pid, n;

	CHECK(pipe(out) == 0);
	pid = fork();
	if (pid == 0) {
		dup2(out[1], 1);
		if (unshare(CLONE_NEWUSER) || map_self_root(0, 0))
			_exit(2);
		execl("/bin/showids", "showids", (char *)NULL);
		_exit(3);
	}
	CHECK(pid > 0);
	close(out[1]);
	n = (int)read(out[0], buf, sizeof(buf) - 1);
	CHECK(n > 0);
	buf[n] = '\0';
	CHECK(tap_wait_status(pid) == 0);
	if (strncmp(buf, "uid=0/0/0 gid=0/0/0", 19))
		return tap_fail("showids in the namespace said %s", buf);
	return 0;
}

static const struct tap_test tests[] = {
	{ "unshare_unprivileged", test_unshare_unprivileged },
	{ "map_own_ids", test_map_own_ids },
	{ "map_errors", test_map_errors },
	{ "map_by_parent", test_map_by_parent },
	{ "caps_in_namespace_only", test_caps_in_namespace_only },
	{ "unshare_combined", test_unshare_combined },
	{ "ns_ioctls", test_ns_ioctls },
	{ "setns_userns", test_setns_userns },
	{ "clone_rules", test_clone_rules },
	{ "nesting_limit", test_nesting_limit },
	{ "ids_seen_inside", test_ids_seen_inside },
	{ "setid_exec_unmapped", test_setid_exec_unmapped },
};

int main(int argc, char **argv)
{
	return tap_run_as_root("usernstests", tests,
			       (int)(sizeof(tests) / sizeof(tests[0])),
			       TEST_TIMEOUT, argc, argv);
}
