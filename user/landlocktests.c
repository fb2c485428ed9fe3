/*
 * landlocktests: Landlock (Linux 6.1, ABI 2) from user space: the errno
 * of every bad argument of landlock_create_ruleset(2),
 * landlock_add_rule(2) and landlock_restrict_self(2); a sandboxed child
 * that may read one directory only; making and removing files; moving
 * files between directories (REFER, EXDEV); the domain kept across fork
 * and exec and across KEYCTL_SESSION_TO_PARENT; stacked layers; and the
 * no_new_privs rule.
 *
 *   landlocktests [NAME]...     run every test, or only the ones named
 *
 * Prints TAP (user/lib/tap.c tap_run()). Each test builds its files
 * under /tmp/ll, then sandboxes a grandchild (a domain is for good) and
 * removes the files once it is gone. Every expectation is Linux 6.1's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#define TEST_TIMEOUT 30
#define NOBODY 65534
#define DIR_A "/tmp/ll/a"
#define DIR_B "/tmp/ll/b"

/* Linux's <linux/landlock.h> (musl ships none). */
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#define LANDLOCK_RULE_PATH_BENEATH 1
#define FS_EXECUTE (1ULL << 0)
#define FS_WRITE_FILE (1ULL << 1)
#define FS_READ_FILE (1ULL << 2)
#define FS_READ_DIR (1ULL << 3)
#define FS_REMOVE_DIR (1ULL << 4)
#define FS_REMOVE_FILE (1ULL << 5)
#define FS_MAKE_DIR (1ULL << 7)
#define FS_MAKE_REG (1ULL << 8)
#define FS_MAKE_FIFO (1ULL << 10)
#define FS_MAKE_SYM (1ULL << 12)
#define FS_REFER (1ULL << 13)
#define FS_TRUNCATE (1ULL << 14)	/* ABI 3: unknown to Linux 6.1 */

#define KEYCTL_GET_KEYRING_ID 0
#define KEYCTL_JOIN_SESSION_KEYRING 1
#define KEYCTL_SESSION_TO_PARENT 18
#define KEY_SPEC_SESSION_KEYRING -3

struct ruleset_attr {
	uint64_t handled_access_fs;
};

struct path_beneath_attr {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

static long create_ruleset(const void *attr, size_t size, unsigned int flags)
{
	return syscall(444, attr, size, flags);
}

static long add_rule(int fd, int type, const void *attr, unsigned int flags)
{
	return syscall(445, fd, type, attr, flags);
}

static long restrict_self(int fd, unsigned int flags)
{
	return syscall(446, fd, flags);
}

/* A ruleset handling @handled, or -1. */
static int ruleset(uint64_t handled)
{
	struct ruleset_attr attr = { handled };

	return (int)create_ruleset(&attr, sizeof(attr), 0);
}

/* Allow @access beneath @path in ruleset @fd: 0 or -1 (errno). */
static int allow(int fd, const char *path, uint64_t access)
{
	struct path_beneath_attr pb = { access, open(path, O_PATH | O_CLOEXEC) };
	int ret;

	if (pb.parent_fd < 0)
		return -1;
	ret = (int)add_rule(fd, LANDLOCK_RULE_PATH_BENEATH, &pb, 0);
	close(pb.parent_fd);
	return ret;
}

/* no_new_privs, then ruleset @fd as a new layer (closed): 0 or -1. */
static int enforce(int fd)
{
	int ret;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -1;
	ret = (int)restrict_self(fd, 0);
	close(fd);
	return ret;
}

/* The errno of a call that should fail: -1 (not failed) otherwise. */
static int err_of(long ret)
{
	return ret == -1 ? errno : -1;
}

/* Can @path be opened with @flags? 0, or the errno. */
static int try_open(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC, 0644);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);

	if (fd >= 0) {
		if (write(fd, text, strlen(text)) < 0)
			perror("write");
		close(fd);
	}
}

/* /tmp/ll/{a,b} with a file "f" in each. */
static int make_tree(void)
{
	if (system("rm -rf /tmp/ll") || mkdir("/tmp/ll", 0755) ||
	    mkdir(DIR_A, 0755) || mkdir(DIR_B, 0755))
		return tap_fail("cannot make /tmp/ll: %s", strerror(errno));
	write_file(DIR_A "/f", "a\n");
	write_file(DIR_B "/f", "b\n");
	return 0;
}

/* The sandboxed grandchild's checks: report and count, go on. */
static int failures;
#define SEE(cond) do { if (!(cond)) { printf("#   %s:%d: %s (errno %d)\n", \
	__func__, __LINE__, #cond, errno); failures++; } } while (0)

/* Run @fn in a child (it sandboxes itself), then remove /tmp/ll. */
static int in_sandbox(void (*fn)(void))
{
	pid_t pid;
	int status;

	if (make_tree())
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		fn();
		fflush(stdout);
		_exit(failures ? 1 : 0);
	}
	status = tap_wait_status(pid);
	if (system("rm -rf /tmp/ll"))
		return tap_fail("cannot remove /tmp/ll");
	return status == 0 ? 0 : tap_fail("the sandboxed child failed (%d)",
					  status);
}

/* ---- the system calls' errors ---- */

/* The ABI version, and create_ruleset's size and flag rules. */
static int test_create_ruleset_errors(void)
{
	struct { struct ruleset_attr a; uint64_t tail; } big = { { FS_READ_FILE }, 0 };
	struct ruleset_attr attr = { FS_READ_FILE };
	char link[64], path[32];
	int fd;

	EXPECT(create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION) == 2);
	EXPECT(err_of(create_ruleset(&attr, 0, LANDLOCK_CREATE_RULESET_VERSION)) == EINVAL);
	EXPECT(err_of(create_ruleset(&attr, sizeof(attr), 2)) == EINVAL);
	EXPECT(err_of(create_ruleset(&attr, sizeof(attr) - 1, 0)) == EINVAL);
	EXPECT(err_of(create_ruleset(&attr, 4097, 0)) == E2BIG);
	EXPECT(err_of(create_ruleset(NULL, sizeof(attr), 0)) == EFAULT);
	attr.handled_access_fs = 0;
	EXPECT(err_of(create_ruleset(&attr, sizeof(attr), 0)) == ENOMSG);
	attr.handled_access_fs = FS_TRUNCATE;
	EXPECT(err_of(create_ruleset(&attr, sizeof(attr), 0)) == EINVAL);
	big.tail = 1;
	EXPECT(err_of(create_ruleset(&big, sizeof(big), 0)) == E2BIG);
	big.tail = 0;
	fd = (int)create_ruleset(&big, sizeof(big), 0);
	CHECK(fd >= 0);
	EXPECT(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	memset(link, 0, sizeof(link));
	EXPECT(readlink(path, link, sizeof(link) - 1) > 0 &&
	       !strcmp(link, "anon_inode:[landlock-ruleset]"));
	close(fd);
	return 0;
}

/* add_rule's checks, in Linux's order. */
static int test_add_rule_errors(void)
{
	int fd = ruleset(FS_READ_FILE | FS_READ_DIR | FS_EXECUTE);
	int file = open("/etc/passwd", O_RDONLY | O_CLOEXEC), p[2];
	struct path_beneath_attr pb = { FS_READ_FILE, open("/tmp", O_PATH) };

	CHECK(fd >= 0 && file >= 0 && pb.parent_fd >= 0 && pipe(p) == 0);
	EXPECT(err_of(add_rule(fd, LANDLOCK_RULE_PATH_BENEATH, &pb, 1)) == EINVAL);
	EXPECT(err_of(add_rule(-1, LANDLOCK_RULE_PATH_BENEATH, &pb, 0)) == EBADF);
	EXPECT(err_of(add_rule(file, LANDLOCK_RULE_PATH_BENEATH, &pb, 0)) == EBADFD);
	EXPECT(err_of(add_rule(fd, 0, &pb, 0)) == EINVAL);
	EXPECT(err_of(add_rule(fd, 2, &pb, 0)) == EINVAL);
	EXPECT(err_of(add_rule(fd, LANDLOCK_RULE_PATH_BENEATH, NULL, 0)) == EFAULT);
	pb.allowed_access = FS_WRITE_FILE;	/* not handled */
	EXPECT(err_of(add_rule(fd, LANDLOCK_RULE_PATH_BENEATH, &pb, 0)) == EINVAL);
	pb.allowed_access = 0;
	EXPECT(err_of(add_rule(fd, LANDLOCK_RULE_PATH_BENEATH, &pb, 0)) == ENOMSG);
	pb.allowed_access = FS_READ_FILE | FS_READ_DIR;
	EXPECT(add_rule(fd, LANDLOCK_RULE_PATH_BENEATH, &pb, 0) == 0);
	close(pb.parent_fd);
	pb.parent_fd = -1;
	EXPECT(err_of(add_rule(fd, LANDLOCK_RULE_PATH_BENEATH, &pb, 0)) == EBADF);
	pb.parent_fd = fd;
	EXPECT(err_of(add_rule(fd, LANDLOCK_RULE_PATH_BENEATH, &pb, 0)) == EBADFD);
	pb.parent_fd = p[0];
	EXPECT(err_of(add_rule(fd, LANDLOCK_RULE_PATH_BENEATH, &pb, 0)) == EBADFD);
	pb.parent_fd = file;	/* a file: READ_DIR means nothing there */
	EXPECT(err_of(add_rule(fd, LANDLOCK_RULE_PATH_BENEATH, &pb, 0)) == EINVAL);
	pb.allowed_access = FS_READ_FILE | FS_EXECUTE;
	EXPECT(add_rule(fd, LANDLOCK_RULE_PATH_BENEATH, &pb, 0) == 0);
	return 0;
}

/* restrict_self: flags, fds, and at most 16 layers. */
static int test_restrict_self_errors(void)
{
	int fd = ruleset(FS_EXECUTE), file = open("/etc/passwd", O_RDONLY);

	CHECK(fd >= 0 && file >= 0);
	CHECK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0);
	EXPECT(err_of(restrict_self(fd, 1)) == EINVAL);
	EXPECT(err_of(restrict_self(-1, 0)) == EBADF);
	EXPECT(err_of(restrict_self(file, 0)) == EBADFD);
	for (int i = 0; i < 16; i++)
		EXPECT(restrict_self(fd, 0) == 0);
	EXPECT(err_of(restrict_self(fd, 0)) == E2BIG);
	return 0;
}

/* Without no_new_privs only CAP_SYS_ADMIN may: nobody gets EPERM until
 * it sets no_new_privs; root may without it. */
static int test_no_new_privs_rule(void)
{
	int fd = ruleset(FS_EXECUTE), status;
	pid_t pid;

	CHECK(fd >= 0);
	pid = fork();
	if (pid == 0) {
		if (tap_become(NOBODY, 0))
			_exit(3);
		if (err_of(restrict_self(fd, 0)) != EPERM)
			_exit(4);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || restrict_self(fd, 0))
			_exit(5);
		_exit(0);
	}
	status = tap_wait_status(pid);
	CHECK(status == 0);
	EXPECT(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 0);
	EXPECT(restrict_self(fd, 0) == 0);	/* root: CAP_SYS_ADMIN */
	return 0;
}

/* ---- enforcement ---- */

static void read_one_dir(void)
{
	int fd = ruleset(FS_READ_FILE | FS_READ_DIR | FS_WRITE_FILE);
	DIR *d;

	SEE(fd >= 0 && allow(fd, DIR_A, FS_READ_FILE | FS_READ_DIR) == 0);
	SEE(allow(fd, "/dev/null", FS_WRITE_FILE) == 0);
	SEE(enforce(fd) == 0);
	SEE(try_open(DIR_A "/f", O_RDONLY) == 0);
	SEE(try_open(DIR_B "/f", O_RDONLY) == EACCES);
	SEE(try_open(DIR_A "/f", O_WRONLY) == EACCES);
	SEE(try_open(DIR_A "/f", O_RDWR) == EACCES);
	SEE(try_open("/etc/passwd", O_RDONLY) == EACCES);
	SEE(try_open(DIR_B "/f", O_PATH) == 0);		/* no access asked */
	SEE(try_open("/dev/null", O_WRONLY) == 0);	/* a rule on a file */
	SEE(try_open("/dev/null", O_RDONLY) == EACCES);
	d = opendir(DIR_A);
	SEE(d != NULL);
	if (d)
		closedir(d);
	SEE(opendir(DIR_B) == NULL && errno == EACCES);
	SEE(opendir("/") == NULL && errno == EACCES);
	/* Not handled: still allowed. */
	SEE(mkdir(DIR_B "/new", 0755) == 0);
}

/* The sandboxed child reads beneath DIR_A and nowhere else. */
static int test_read_only_one_dir(void)
{
	return in_sandbox(read_one_dir);
}

static void make_and_remove(void)
{
	int fd = ruleset(FS_MAKE_REG | FS_MAKE_DIR | FS_MAKE_SYM |
			 FS_MAKE_FIFO | FS_REMOVE_FILE | FS_REMOVE_DIR);

	SEE(mkdir(DIR_B "/sub", 0755) == 0);
	SEE(fd >= 0 && allow(fd, DIR_A, FS_MAKE_REG | FS_REMOVE_FILE) == 0);
	SEE(enforce(fd) == 0);
	SEE(try_open(DIR_A "/new", O_WRONLY | O_CREAT) == 0);
	SEE(unlink(DIR_A "/new") == 0);
	SEE(mknod(DIR_A "/node", S_IFREG | 0644, 0) == 0);
	SEE(err_of(mkdir(DIR_A "/dir", 0755)) == EACCES);
	SEE(err_of(symlink("f", DIR_A "/sym")) == EACCES);
	SEE(err_of(mkfifo(DIR_A "/fifo", 0644)) == EACCES);
	SEE(try_open(DIR_B "/new", O_WRONLY | O_CREAT) == EACCES);
	SEE(try_open(DIR_B "/f", O_WRONLY) == 0);	/* writing: not handled */
	SEE(err_of(unlink(DIR_B "/f")) == EACCES);
	SEE(err_of(rmdir(DIR_B "/sub")) == EACCES);
	SEE(err_of(rmdir(DIR_A)) == EACCES);	/* its parent decides */
}

/* MAKE_* and REMOVE_* are asked of the parent directory. */
static int test_make_and_remove(void)
{
	return in_sandbox(make_and_remove);
}

static void refer_denied(void)
{
	int fd = ruleset(FS_MAKE_REG | FS_REMOVE_FILE);

	SEE(fd >= 0 && allow(fd, "/tmp/ll", FS_MAKE_REG | FS_REMOVE_FILE) == 0);
	SEE(enforce(fd) == 0);
	SEE(rename(DIR_A "/f", DIR_A "/g") == 0);	/* same directory */
	SEE(link(DIR_A "/g", DIR_A "/h") == 0);
	SEE(err_of(rename(DIR_A "/g", DIR_B "/g")) == EXDEV);
	SEE(err_of(link(DIR_A "/g", DIR_B "/g")) == EXDEV);
}

static void refer_allowed(void)
{
	int fd = ruleset(FS_MAKE_REG | FS_REMOVE_FILE | FS_REFER |
			 FS_READ_FILE);

	SEE(fd >= 0 && allow(fd, "/tmp/ll", FS_MAKE_REG | FS_REMOVE_FILE |
			     FS_REFER) == 0);
	SEE(allow(fd, DIR_B, FS_READ_FILE) == 0);
	SEE(enforce(fd) == 0);
	/* b's files may go to a, where they lose READ_FILE ... */
	SEE(rename(DIR_B "/f", DIR_A "/g") == 0);
	SEE(link(DIR_A "/g", DIR_A "/h") == 0);
	/* ... but a's may not go to b, where they would gain it. */
	SEE(err_of(rename(DIR_A "/f", DIR_B "/f")) == EXDEV);
	SEE(err_of(link(DIR_A "/f", DIR_B "/f")) == EXDEV);
	SEE(err_of(rename(DIR_A "/g", "/tmp/g")) == EACCES);	/* no MAKE_REG */
}

/* Reparenting needs REFER (else EXDEV, without the make and remove
 * rights EACCES), and the file must not gain rights by the move. */
static int test_refer_exdev(void)
{
	return in_sandbox(refer_denied) || in_sandbox(refer_allowed);
}

static void exec_inherited(void)
{
	int fd = ruleset(FS_EXECUTE), status;
	pid_t pid;

	SEE(system("cp /bin/true " DIR_A "/true") == 0);
	SEE(fd >= 0 && allow(fd, "/bin", FS_EXECUTE) == 0);
	SEE(enforce(fd) == 0);
	pid = fork();
	if (pid == 0) {		/* the exit status of "true" would be 0 */
		execl(DIR_A "/true", "true", (char *)NULL);
		_exit(errno == EACCES ? 42 : 99);
	}
	SEE(tap_wait_status(pid) == 42);
	pid = fork();		/* fork and exec keep the domain */
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", DIR_A "/true; exit $?", (char *)NULL);
		_exit(99);
	}
	status = tap_wait_status(pid);
	SEE(status == 126);	/* sh ran, but could not run the copy */
	pid = fork();
	if (pid == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(99);
	}
	SEE(tap_wait_status(pid) == 0);
}

/* EXECUTE: /bin's programs run, a copy in /tmp does not, in a forked
 * child and in the program it executes too. */
static int test_exec_and_fork_inherit(void)
{
	return in_sandbox(exec_inherited);
}

static void stacked(void)
{
	int l1 = ruleset(FS_READ_FILE), l2 = ruleset(FS_READ_FILE),
	    l3 = ruleset(FS_READ_FILE | FS_WRITE_FILE);

	SEE(l1 >= 0 && l2 >= 0 && l3 >= 0);
	SEE(allow(l1, "/tmp/ll", FS_READ_FILE) == 0);
	SEE(allow(l2, DIR_A, FS_READ_FILE) == 0);
	SEE(allow(l3, "/", FS_READ_FILE | FS_WRITE_FILE) == 0);
	SEE(enforce(l1) == 0);
	SEE(try_open(DIR_B "/f", O_RDONLY) == 0);
	SEE(try_open("/etc/passwd", O_RDONLY) == EACCES);
	SEE(enforce(l2) == 0);		/* every layer must agree */
	SEE(try_open(DIR_A "/f", O_RDONLY) == 0);
	SEE(try_open(DIR_B "/f", O_RDONLY) == EACCES);
	SEE(enforce(l3) == 0);		/* a wider layer gives nothing back */
	SEE(try_open(DIR_B "/f", O_RDONLY) == EACCES);
	SEE(try_open(DIR_A "/f", O_RDWR) == 0);	/* WRITE only l3 handles */
}

/* Layers intersect: a new layer can only take rights away. */
static int test_stacking(void)
{
	return in_sandbox(stacked);
}

static void session_to_parent(void)
{
	int fd = ruleset(FS_WRITE_FILE), status;
	long before, after, child_ses;
	pid_t pid;
	int p[2];

	SEE(pipe(p) == 0);
	SEE(fd >= 0 && enforce(fd) == 0);
	SEE(try_open("/dev/null", O_WRONLY) == EACCES);
	before = syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, 0);
	pid = fork();
	if (pid == 0) {
		long ses = syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, 0);

		if (write(p[1], &ses, sizeof(ses)) != sizeof(ses) ||
		    syscall(SYS_keyctl, KEYCTL_SESSION_TO_PARENT))
			_exit(1);
		_exit(0);
	}
	status = tap_wait_status(pid);
	SEE(status == 0);
	SEE(read(p[0], &child_ses, sizeof(child_ses)) == sizeof(child_ses));
	after = syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID,
			KEY_SPEC_SESSION_KEYRING, 0);
	SEE(before > 0 && after == child_ses && after != before);
	SEE(try_open("/dev/null", O_WRONLY) == EACCES);
}

/* KEYCTL_SESSION_TO_PARENT gives the parent a new cred: the session
 * keyring changes, the Landlock domain stays (CVE-2024-42318). */
static int test_session_to_parent_keeps_domain(void)
{
	return in_sandbox(session_to_parent);
}

static void crossing_mounts(void)
{
	int fd = ruleset(FS_READ_FILE);

	SEE(fd >= 0 && allow(fd, "/", FS_READ_FILE) == 0);
	SEE(enforce(fd) == 0);
	fd = ruleset(FS_READ_FILE);
	SEE(fd >= 0 && allow(fd, "/tmp", FS_READ_FILE) == 0);
	SEE(allow(fd, "/proc", FS_READ_FILE) == 0);
	SEE(enforce(fd) == 0);
	SEE(try_open(DIR_A "/f", O_RDONLY) == 0);	/* below tmpfs' root */
	SEE(try_open("/proc/self/status", O_RDONLY) == 0);
	SEE(try_open("/etc/passwd", O_RDONLY) == EACCES);
}

/* A rule on a mount point covers the mounted file system, and the walk
 * goes on above it to "/" (layer 1's rule). */
static int test_path_walk_crosses_mounts(void)
{
	return in_sandbox(crossing_mounts);
}

static const struct tap_test tests[] = {
	{ "create_ruleset_errors", test_create_ruleset_errors },
	{ "add_rule_errors", test_add_rule_errors },
	{ "restrict_self_errors", test_restrict_self_errors },
	{ "no_new_privs_rule", test_no_new_privs_rule },
	{ "read_only_one_dir", test_read_only_one_dir },
	{ "make_and_remove", test_make_and_remove },
	{ "refer_exdev", test_refer_exdev },
	{ "exec_and_fork_inherit", test_exec_and_fork_inherit },
	{ "stacking", test_stacking },
	{ "session_to_parent_keeps_domain", test_session_to_parent_keeps_domain },
	{ "path_walk_crosses_mounts", test_path_walk_crosses_mounts },
};

#define NTESTS (int)(sizeof(tests) / sizeof(tests[0]))

int main(int argc, char **argv)
{
	return tap_run("landlocktests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
