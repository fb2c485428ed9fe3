/*
 * xattrtests: extended attributes as Linux has them, checked from user
 * space: the twelve calls ({,l,f}{set,get,list,remove}xattr) on tmpfs
 * files, their flags (XATTR_CREATE, XATTR_REPLACE), sizes (a zero size
 * asks for the size, a short buffer is ERANGE, a value over 64 KiB
 * E2BIG), names (empty or over 255 bytes: ERANGE; an unknown namespace:
 * EOPNOTSUPP), the namespaces' rules (user.* only on regular files and
 * directories, and in a sticky directory only for its owner; trusted.*
 * root's; security.* written by root only), the ordinary user's
 * permissions, the file systems without attributes (proc, sysfs, pipes,
 * sockets: EOPNOTSUPP), the read-only root (EROFS), O_PATH descriptors
 * (EBADF), and the budget of a tmpfs instance (ENOSPC, given back when
 * an attribute or its file goes), and ENOMEM when an allocation fails
 * (on the debug kernel, whose failslab can fail one).
 *
 *   xattrtests [NAME]...   run every test, or only the ones named
 *
 * TAP like the other test programs (user/lib/tap.c tap_run()), ending in
 * "# xattrtests: P passed, F failed". Run it as root: the tests that
 * check the ordinary user's view become uid 1000 in their own child.
 * Every file it makes it removes, so memory comes back afterwards.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/sysmacros.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "tap.h"

#define STUDENT 1000
#define TEST_TIMEOUT 30
#define SIZE_MAX_XATTR 65536

/* A fresh regular file @path (mode @mode) of root's. */
static int make_file(const char *path, mode_t mode)
{
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, mode);

	if (fd < 0)
		return -1;
	close(fd);
	return chmod(path, mode);
}

/* Did the call return -1 with errno @e? */
static int fails(long ret, int e)
{
	return ret == -1 && errno == e;
}

/* Run @fn as the ordinary user in a child: its exit status is the
 * test's (0 passed). */
static int as_student(int (*fn)(void))
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		if (tap_become(STUDENT, 0))
			_exit(2);
		_exit(fn() ? 1 : 0);
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st));
	if (WEXITSTATUS(st))
		return tap_fail("as uid %d: %s", STUDENT, tap_reason);
	return 0;
}

static int set_get_remove(void)
{
	const char *f = "/tmp/xa_basic";
	char buf[16];

	CHECK(make_file(f, 0644) == 0);
	CHECK(setxattr(f, "user.colour", "blue", 4, 0) == 0);
	CHECK(getxattr(f, "user.colour", NULL, 0) == 4);
	CHECK(getxattr(f, "user.colour", buf, sizeof(buf)) == 4);
	CHECK(!memcmp(buf, "blue", 4));
	CHECK(fails(getxattr(f, "user.colour", buf, 3), ERANGE));
	CHECK(setxattr(f, "user.colour", "green", 5, 0) == 0);
	CHECK(getxattr(f, "user.colour", buf, sizeof(buf)) == 5);
	CHECK(!memcmp(buf, "green", 5));
	CHECK(setxattr(f, "user.empty", "", 0, 0) == 0);
	CHECK(getxattr(f, "user.empty", buf, sizeof(buf)) == 0);
	CHECK(removexattr(f, "user.colour") == 0);
	CHECK(fails(getxattr(f, "user.colour", buf, sizeof(buf)), ENODATA));
	CHECK(fails(removexattr(f, "user.colour"), ENODATA));
	CHECK(fails(getxattr("/tmp/xa_none", "user.a", buf, 1), ENOENT));
	CHECK(unlink(f) == 0);
	return 0;
}

static int create_replace_flags(void)
{
	const char *f = "/tmp/xa_flags";

	CHECK(make_file(f, 0644) == 0);
	CHECK(fails(setxattr(f, "user.a", "1", 1, XATTR_REPLACE), ENODATA));
	CHECK(setxattr(f, "user.a", "1", 1, XATTR_CREATE) == 0);
	CHECK(fails(setxattr(f, "user.a", "2", 1, XATTR_CREATE), EEXIST));
	CHECK(setxattr(f, "user.a", "2", 1, XATTR_REPLACE) == 0);
	CHECK(fails(setxattr(f, "user.a", "3", 1, 4), EINVAL));
	CHECK(unlink(f) == 0);
	return 0;
}

static int names(void)
{
	const char *f = "/tmp/xa_names";
	char name[300], buf[4];

	CHECK(make_file(f, 0644) == 0);
	memset(name, 'n', sizeof(name));
	memcpy(name, "user.", 5);
	name[255] = '\0';		/* 255 bytes: the longest */
	CHECK(setxattr(f, name, "x", 1, 0) == 0);
	CHECK(getxattr(f, name, buf, sizeof(buf)) == 1);
	name[255] = 'n';
	name[256] = '\0';		/* 256 */
	CHECK(fails(setxattr(f, name, "x", 1, 0), ERANGE));
	CHECK(fails(getxattr(f, name, buf, sizeof(buf)), ERANGE));
	CHECK(fails(removexattr(f, name), ERANGE));
	CHECK(fails(setxattr(f, "", "x", 1, 0), ERANGE));
	CHECK(fails(setxattr(f, NULL, "x", 1, 0), EFAULT));
	CHECK(fails(setxattr(f, "user.a", (void *)8, 1, 0), EFAULT));
	CHECK(fails(setxattr(f, "user.", "x", 1, 0), EINVAL));
	CHECK(fails(setxattr(f, "nonsense.a", "x", 1, 0), EOPNOTSUPP));
	CHECK(fails(getxattr(f, "nonsense.a", buf, 1), EOPNOTSUPP));
	CHECK(fails(setxattr(f, "system.a", "x", 1, 0), EOPNOTSUPP));
	CHECK(unlink(f) == 0);
	return 0;
}

static int value_sizes(void)
{
	const char *f = "/tmp/xa_sizes";
	char *big = calloc(1, SIZE_MAX_XATTR + 1);

	CHECK(big && make_file(f, 0644) == 0);
	CHECK(fails(setxattr(f, "user.big", big, SIZE_MAX_XATTR + 1, 0), E2BIG));
	big[SIZE_MAX_XATTR - 1] = 'z';
	CHECK(setxattr(f, "user.big", big, SIZE_MAX_XATTR, 0) == 0);
	memset(big, 0, SIZE_MAX_XATTR);
	CHECK(getxattr(f, "user.big", big, SIZE_MAX_XATTR + 1) == SIZE_MAX_XATTR);
	CHECK(big[SIZE_MAX_XATTR - 1] == 'z');
	CHECK(fails(getxattr(f, "user.big", big, 100), ERANGE));
	CHECK(fails(getxattr(f, "user.big", (void *)8, 100000), EFAULT));
	free(big);
	CHECK(unlink(f) == 0);
	return 0;
}

static int list_format(void)
{
	const char *f = "/tmp/xa_list";
	static const char want[] = "user.third\0user.second\0user.first";
	char buf[64];

	CHECK(make_file(f, 0644) == 0);
	CHECK(listxattr(f, buf, sizeof(buf)) == 0);
	CHECK(setxattr(f, "user.first", "1", 1, 0) == 0);
	CHECK(setxattr(f, "user.second", "2", 1, 0) == 0);
	CHECK(setxattr(f, "user.third", "3", 1, 0) == 0);
	CHECK(setxattr(f, "user.second", "22", 2, 0) == 0);	/* keeps place */
	CHECK(listxattr(f, NULL, 0) == sizeof(want));
	CHECK(listxattr(f, buf, sizeof(buf)) == sizeof(want));
	CHECK(!memcmp(buf, want, sizeof(want)));
	CHECK(fails(listxattr(f, buf, sizeof(want) - 1), ERANGE));
	CHECK(fails(listxattr(f, (void *)8, sizeof(buf)), EFAULT));
	CHECK(unlink(f) == 0);
	return 0;
}

/* A list longer than XATTR_LIST_MAX (64 KiB): size 0 still says how
 * long; a buffer at the limit is E2BIG rather than ERANGE, as Linux. */
static int list_over_64k(void)
{
	const char *f = "/tmp/xa_biglist";
	static char buf[SIZE_MAX_XATTR + 100];
	char name[256];
	int i;

	CHECK(make_file(f, 0644) == 0);
	memset(name, 'x', sizeof(name));
	memcpy(name, "user.", 5);
	name[255] = '\0';
	for (i = 0; i < 300; i++) {
		snprintf(name + 5, 6, "%05d", i);
		name[10] = 'x';
		CHECK(setxattr(f, name, "", 0, 0) == 0);
	}
	CHECK(listxattr(f, NULL, 0) == 300 * 256);
	CHECK(fails(listxattr(f, buf, SIZE_MAX_XATTR), E2BIG));
	CHECK(fails(listxattr(f, buf, sizeof(buf)), E2BIG));
	CHECK(fails(listxattr(f, buf, 1000), ERANGE));
	CHECK(unlink(f) == 0);
	return 0;
}

static int symlinks_and_l_calls(void)
{
	const char *f = "/tmp/xa_target", *l = "/tmp/xa_link";
	char buf[16];

	CHECK(make_file(f, 0644) == 0);
	CHECK(symlink(f, l) == 0);
	CHECK(setxattr(l, "user.via", "1", 1, 0) == 0);	/* followed */
	CHECK(getxattr(f, "user.via", buf, sizeof(buf)) == 1);
	CHECK(fails(lsetxattr(l, "user.on", "1", 1, 0), EPERM));
	CHECK(fails(lgetxattr(l, "user.via", buf, sizeof(buf)), ENODATA));
	CHECK(fails(lremovexattr(l, "user.via"), EPERM));
	CHECK(lsetxattr(l, "trusted.on", "L", 1, 0) == 0);
	CHECK(lgetxattr(l, "trusted.on", buf, sizeof(buf)) == 1 && buf[0] == 'L');
	CHECK(fails(getxattr(l, "trusted.on", buf, sizeof(buf)), ENODATA));
	CHECK(llistxattr(l, buf, sizeof(buf)) == 11 && !strcmp(buf, "trusted.on"));
	CHECK(listxattr(l, buf, sizeof(buf)) == 9 && !strcmp(buf, "user.via"));
	CHECK(lremovexattr(l, "trusted.on") == 0);
	CHECK(llistxattr(l, buf, sizeof(buf)) == 0);
	CHECK(unlink(l) == 0 && unlink(f) == 0);
	return 0;
}

static int special_files(void)
{
	const char *fifo = "/tmp/xa_fifo", *dev = "/tmp/xa_null";
	char buf[4];

	CHECK(mkfifo(fifo, 0666) == 0);
	CHECK(mknod(dev, S_IFCHR | 0666, makedev(1, 3)) == 0);
	CHECK(fails(setxattr(fifo, "user.a", "1", 1, 0), EPERM));
	CHECK(fails(getxattr(fifo, "user.a", buf, sizeof(buf)), ENODATA));
	CHECK(fails(setxattr(dev, "user.a", "1", 1, 0), EPERM));
	CHECK(setxattr(fifo, "trusted.a", "1", 1, 0) == 0);
	CHECK(setxattr(dev, "security.a", "1", 1, 0) == 0);
	CHECK(getxattr(dev, "security.a", buf, sizeof(buf)) == 1);
	CHECK(mkdir("/tmp/xa_dir", 0755) == 0);
	CHECK(setxattr("/tmp/xa_dir", "user.d", "1", 1, 0) == 0);
	CHECK(rmdir("/tmp/xa_dir") == 0);
	CHECK(unlink(fifo) == 0 && unlink(dev) == 0);
	return 0;
}

static int fd_calls(void)
{
	const char *f = "/tmp/xa_fd";
	char buf[16];
	int fd, pfd;

	CHECK(make_file(f, 0644) == 0);
	fd = open(f, O_RDONLY);
	CHECK(fd >= 0);
	CHECK(fsetxattr(fd, "user.f", "fd", 2, 0) == 0);
	CHECK(fgetxattr(fd, "user.f", buf, sizeof(buf)) == 2);
	CHECK(flistxattr(fd, buf, sizeof(buf)) == 7 && !strcmp(buf, "user.f"));
	CHECK(fremovexattr(fd, "user.f") == 0);
	CHECK(fails(fremovexattr(fd, "user.f"), ENODATA));
	pfd = open(f, O_PATH);
	CHECK(pfd >= 0);
	CHECK(fails(fgetxattr(pfd, "user.f", buf, sizeof(buf)), EBADF));
	CHECK(fails(fsetxattr(pfd, "user.f", "1", 1, 0), EBADF));
	CHECK(fails(flistxattr(pfd, buf, sizeof(buf)), EBADF));
	CHECK(fails(fremovexattr(pfd, "user.f"), EBADF));
	CHECK(fails(fgetxattr(999, "user.f", buf, sizeof(buf)), EBADF));
	CHECK(fails(fgetxattr(-1, "user.f", buf, sizeof(buf)), EBADF));
	close(pfd);
	close(fd);
	CHECK(unlink(f) == 0);
	return 0;
}

/* Pipes, sockets, /proc and /sys keep no attributes. */
static int no_xattr_filesystems(void)
{
	char buf[16];
	int p[2], s[2];

	CHECK(pipe(p) == 0 && socketpair(AF_UNIX, SOCK_STREAM, 0, s) == 0);
	CHECK(fails(fsetxattr(p[0], "trusted.a", "1", 1, 0), EOPNOTSUPP));
	CHECK(fails(fgetxattr(p[0], "trusted.a", buf, sizeof(buf)), EOPNOTSUPP));
	CHECK(fails(fsetxattr(p[1], "user.a", "1", 1, 0), EPERM));
	CHECK(flistxattr(p[0], buf, sizeof(buf)) == 0);
	CHECK(fails(fgetxattr(s[0], "security.a", buf, sizeof(buf)), EOPNOTSUPP));
	CHECK(fails(fsetxattr(s[0], "trusted.a", "1", 1, 0), EOPNOTSUPP));
	CHECK(fails(getxattr("/proc/self/status", "user.a", buf, 4), EOPNOTSUPP));
	CHECK(fails(setxattr("/proc/self/status", "security.a", "1", 1, 0),
		    EOPNOTSUPP));
	CHECK(listxattr("/proc/self/status", buf, sizeof(buf)) == 0);
	CHECK(fails(getxattr("/sys", "security.a", buf, 4), EOPNOTSUPP));
	close(p[0]);
	close(p[1]);
	close(s[0]);
	close(s[1]);
	return 0;
}

/* The root file system is the initramfs, read-only: attributes can be
 * asked for (there are none) but not set. */
static int read_only_root(void)
{
	char buf[4];

	CHECK(fails(setxattr("/bin/sh", "user.a", "1", 1, 0), EROFS));
	CHECK(fails(removexattr("/bin/sh", "user.a"), EROFS));
	CHECK(fails(getxattr("/bin/sh", "user.a", buf, sizeof(buf)), ENODATA));
	CHECK(listxattr("/bin/sh", buf, sizeof(buf)) == 0);
	return 0;
}

static int student_view(void)
{
	char buf[64];

	CHECK(getxattr("/tmp/xa_perm/open", "user.a", buf, sizeof(buf)) == 1);
	CHECK(fails(setxattr("/tmp/xa_perm/open", "user.a", "s", 1, 0), EACCES));
	CHECK(fails(removexattr("/tmp/xa_perm/open", "user.a"), EACCES));
	CHECK(fails(getxattr("/tmp/xa_perm/closed", "user.a", buf, 4), EACCES));
	/* trusted.*: invisible; security.*: readable, not writable */
	CHECK(listxattr("/tmp/xa_perm/open", buf, sizeof(buf)) == 18);
	CHECK(!strcmp(buf, "security.s") && !strcmp(buf + 11, "user.a"));
	CHECK(fails(getxattr("/tmp/xa_perm/open", "trusted.t", buf, 4), ENODATA));
	CHECK(fails(setxattr("/tmp/xa_perm/open", "trusted.t", "1", 1, 0), EPERM));
	CHECK(getxattr("/tmp/xa_perm/open", "security.s", buf, 4) == 1);
	CHECK(fails(setxattr("/tmp/xa_perm/open", "security.s", "1", 1, 0), EPERM));
	CHECK(fails(removexattr("/tmp/xa_perm/open", "security.s"), EPERM));
	/* a sticky directory's user.* is its owner's, write bits or not */
	CHECK(fails(setxattr("/tmp/xa_perm", "user.d", "1", 1, 0), EPERM));
	CHECK(fails(setxattr("/tmp", "user.d", "1", 1, 0), EPERM));
	/* its own file: every call */
	CHECK(make_file("/tmp/xa_perm/mine", 0600) == 0);
	CHECK(setxattr("/tmp/xa_perm/mine", "user.m", "1", 1, 0) == 0);
	CHECK(fails(setxattr("/tmp/xa_perm/mine", "trusted.m", "1", 1, 0), EPERM));
	CHECK(chmod("/tmp/xa_perm/mine", 0400) == 0);
	CHECK(fails(setxattr("/tmp/xa_perm/mine", "user.m", "2", 1, 0), EACCES));
	CHECK(unlink("/tmp/xa_perm/mine") == 0);
	return 0;
}

static int permissions(void)
{
	int ret;

	CHECK(mkdir("/tmp/xa_perm", 01777) == 0 && chmod("/tmp/xa_perm", 01777) == 0);
	CHECK(make_file("/tmp/xa_perm/open", 0644) == 0);
	CHECK(make_file("/tmp/xa_perm/closed", 0600) == 0);
	CHECK(setxattr("/tmp/xa_perm/open", "user.a", "r", 1, 0) == 0);
	CHECK(setxattr("/tmp/xa_perm/open", "security.s", "s", 1, 0) == 0);
	CHECK(setxattr("/tmp/xa_perm/open", "trusted.t", "t", 1, 0) == 0);
	CHECK(setxattr("/tmp/xa_perm/closed", "user.a", "r", 1, 0) == 0);
	ret = as_student(student_view);
	unlink("/tmp/xa_perm/mine");
	CHECK(unlink("/tmp/xa_perm/open") == 0 && unlink("/tmp/xa_perm/closed") == 0);
	CHECK(rmdir("/tmp/xa_perm") == 0);
	return ret;
}

/* A tmpfs with nr_inodes=4 has 4 KiB for attributes: ENOSPC beyond,
 * and what a removed attribute or file held comes back. */
static int budget(void)
{
	const char *mnt = "/tmp/xa_mnt";
	char val[1000] = { 0 };
	int ret = 0;

	CHECK(mkdir(mnt, 0755) == 0);
	CHECK(mount("xa", mnt, "tmpfs", 0, "nr_inodes=4") == 0);
	if (make_file("/tmp/xa_mnt/a", 0644) || make_file("/tmp/xa_mnt/b", 0644) ||
	    setxattr("/tmp/xa_mnt/a", "user.1", val, sizeof(val), 0) ||
	    setxattr("/tmp/xa_mnt/a", "user.2", val, sizeof(val), 0) ||
	    setxattr("/tmp/xa_mnt/a", "user.3", val, sizeof(val), 0))
		ret = tap_fail("three attributes of 1000 bytes: errno %d", errno);
	else if (!fails(setxattr("/tmp/xa_mnt/b", "user.4", val, sizeof(val), 0), ENOSPC))
		ret = tap_fail("the fourth was not ENOSPC");
	else if (removexattr("/tmp/xa_mnt/a", "user.1") ||
		 setxattr("/tmp/xa_mnt/b", "user.4", val, sizeof(val), 0))
		ret = tap_fail("a removed attribute's room was not given back");
	else if (unlink("/tmp/xa_mnt/a") ||
		 setxattr("/tmp/xa_mnt/b", "user.5", val, sizeof(val), 0) ||
		 setxattr("/tmp/xa_mnt/b", "user.6", val, sizeof(val), 0))
		ret = tap_fail("a removed file's room was not given back");
	unlink("/tmp/xa_mnt/a");
	unlink("/tmp/xa_mnt/b");
	CHECK(umount(mnt) == 0 && rmdir(mnt) == 0);
	return ret;
}

/* Setting an attribute changes the file's ctime, as any change of its
 * inode does. */
static int ctime_changes(void)
{
	const char *f = "/tmp/xa_ctime";
	struct timespec old = { 1000, 0 };
	struct stat st;
	struct timespec times[2] = { old, old };

	CHECK(make_file(f, 0644) == 0);
	CHECK(utimensat(AT_FDCWD, f, times, 0) == 0);
	CHECK(stat(f, &st) == 0);
	old = st.st_ctim;
	usleep(20000);
	CHECK(setxattr(f, "user.t", "1", 1, 0) == 0);
	CHECK(stat(f, &st) == 0);
	CHECK(st.st_ctim.tv_sec > old.tv_sec ||
	      (st.st_ctim.tv_sec == old.tv_sec && st.st_ctim.tv_nsec > old.tv_nsec));
	CHECK(st.st_mtim.tv_sec == 1000);
	CHECK(unlink(f) == 0);
	return 0;
}

/* Write @val to the file @path: 0, or -1. */
static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	ssize_t n = fd < 0 ? -1 : write(fd, val, strlen(val));

	if (fd >= 0)
		close(fd);
	return n == (ssize_t)strlen(val) ? 0 : -1;
}

/* failslab (the debug kernel's /proc/failslab) fails one allocation of
 * this process, after @space bytes went through. */
static int fail_one_kmalloc(const char *space)
{
	CHECK(write_file("/proc/failslab/task-filter", "1") == 0);
	CHECK(write_file("/proc/failslab/probability", "100") == 0);
	CHECK(write_file("/proc/failslab/space", space) == 0);
	CHECK(write_file("/proc/failslab/times", "1") == 0);
	CHECK(write_file("/proc/self/make-it-fail", "1") == 0);
	return 0;
}

/* An allocation failure is ENOMEM and leaves nothing behind: the copy
 * of the value failing, then the attribute itself (101 bytes let
 * through: the 100-byte copy). Only the debug kernel can fail one. */
static int enomem(void)
{
	const char *f = "/tmp/xa_nomem";
	const char *const spaces[] = { "0", "101" };
	char v[100] = { 0 };
	int fd;

	if (access("/proc/failslab", F_OK)) {
		printf("# enomem: no /proc/failslab (not the debug kernel)\n");
		return 0;
	}
	CHECK(make_file(f, 0644) == 0);
	fd = open(f, O_RDONLY);
	CHECK(fd >= 0);
	for (int i = 0; i < 2; i++) {
		CHECK(fail_one_kmalloc(spaces[i]) == 0);
		CHECK(fails(fsetxattr(fd, "user.a", v, sizeof(v), 0), ENOMEM));
		CHECK(write_file("/proc/self/make-it-fail", "0") == 0);
	}
	CHECK(write_file("/proc/failslab/probability", "0") == 0);
	CHECK(write_file("/proc/failslab/task-filter", "0") == 0);
	CHECK(fails(fgetxattr(fd, "user.a", v, sizeof(v)), ENODATA));
	CHECK(fsetxattr(fd, "user.a", v, sizeof(v), 0) == 0);
	close(fd);
	CHECK(unlink(f) == 0);
	printf("# enomem: both allocations failed with ENOMEM\n");
	return 0;
}

static const struct tap_test tests[] = {
	{ "set_get_remove", set_get_remove },
	{ "create_replace_flags", create_replace_flags },
	{ "names", names },
	{ "value_sizes", value_sizes },
	{ "list_format", list_format },
	{ "list_over_64k", list_over_64k },
	{ "symlinks_and_l_calls", symlinks_and_l_calls },
	{ "special_files", special_files },
	{ "fd_calls", fd_calls },
	{ "no_xattr_filesystems", no_xattr_filesystems },
	{ "read_only_root", read_only_root },
	{ "permissions", permissions },
	{ "budget", budget },
	{ "ctime_changes", ctime_changes },
	{ "enomem", enomem },
};

int main(int argc, char **argv)
{
	return tap_run("xattrtests", tests, sizeof(tests) / sizeof(tests[0]),
		       TEST_TIMEOUT, argc, argv);
}
