/*
 * vfstests: the path-walk and open extensions of Linux that LTP's
 * openat2, openat03, memfd_create01, renameat2 and pipe15 tests need
 * (issue 17), each with its error cases, tested from user space.
 *
 *   vfstests [NAME]...     run every test, or only the ones named
 *
 * Prints TAP (user/lib/tap.c tap_run()): "ok N - name" or "not ok N -
 * name: reason", then "# vfstests: P passed, F failed"; exit status 1
 * if a test failed. Every test works in a directory of its own under
 * /tmp (a tmpfs), which it removes.
 *
 * System calls exercised: renameat2 (RENAME_NOREPLACE, RENAME_EXCHANGE),
 * openat2 (struct open_how and its size, RESOLVE_*), open(O_TMPFILE)
 * and linkat() of such a file, open() and stat() through the magic
 * links /proc/self/fd/N, cwd and exe; setrlimit(RLIMIT_NOFILE) and a
 * descriptor table that grows to it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#define TEST_TIMEOUT 20		/* seconds one test may take */

#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#define RENAME_WHITEOUT 4

/* The test's own directory, made by test_dir(). */
static char dir[64];

/* Make and enter a fresh directory under /tmp for the running test. */
static int test_dir(void)
{
	snprintf(dir, sizeof(dir), "/tmp/vfst.%d", getpid());
	if (mkdir(dir, 0755) || chdir(dir))
		return tap_fail("mkdir %s: %s", dir, strerror(errno));
	return 0;
}

/* Write @text as file @name (created or truncated). */
static int put_file(const char *name, const char *text)
{
	int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Does file @name hold exactly @text? */
static int has_text(const char *name, const char *text)
{
	char buf[64];
	int fd = open(name, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return 0;
	buf[n] = 0;
	return strcmp(buf, text) == 0;
}

static long renameat2(int odfd, const char *o, int ndfd, const char *n,
		      unsigned int flags)
{
	return syscall(SYS_renameat2, odfd, o, ndfd, n, flags);
}

/* renameat2's flag checks and RENAME_NOREPLACE. */
static int test_rename_noreplace(void)
{
	CHECK(test_dir() == 0);
	CHECK(put_file("a", "A") == 0 && put_file("b", "B") == 0);
	errno = 0;
	CHECK(renameat2(AT_FDCWD, "a", AT_FDCWD, "b", 8) == -1 &&
	      errno == EINVAL);
	CHECK(renameat2(AT_FDCWD, "a", AT_FDCWD, "b",
			RENAME_NOREPLACE | RENAME_EXCHANGE) == -1 &&
	      errno == EINVAL);
	CHECK(renameat2(AT_FDCWD, "a", AT_FDCWD, "b",
			RENAME_WHITEOUT | RENAME_EXCHANGE) == -1 &&
	      errno == EINVAL);
	CHECK(renameat2(AT_FDCWD, "a", AT_FDCWD, "b", RENAME_NOREPLACE) == -1 &&
	      errno == EEXIST);
	CHECK(has_text("a", "A") && has_text("b", "B"));
	CHECK(renameat2(AT_FDCWD, "a", AT_FDCWD, "c", RENAME_NOREPLACE) == 0);
	CHECK(has_text("c", "A"));
	CHECK(access("a", F_OK) == -1 && errno == ENOENT);
	CHECK(renameat2(AT_FDCWD, "a", AT_FDCWD, "d", RENAME_NOREPLACE) == -1 &&
	      errno == ENOENT);
	CHECK(renameat2(AT_FDCWD, "c", AT_FDCWD, "d", RENAME_WHITEOUT) == -1 &&
	      errno == EINVAL);
	CHECK(unlink("b") == 0 && unlink("c") == 0 && rmdir(dir) == 0);
	return 0;
}

/* rename() between two hard links of one file does nothing: both names
 * stay (Linux's vfs_rename() returns before the file system sees it). */
static int test_rename_hard_links(void)
{
	struct stat st;

	CHECK(test_dir() == 0);
	CHECK(mkdir("d", 0700) == 0 && put_file("a", "A") == 0);
	CHECK(link("a", "b") == 0 && link("a", "d/c") == 0);
	CHECK(rename("a", "b") == 0 && rename("d/c", "a") == 0);
	CHECK(renameat2(AT_FDCWD, "b", AT_FDCWD, "d/c", RENAME_EXCHANGE) == 0);
	CHECK(has_text("a", "A") && has_text("b", "A") && has_text("d/c", "A"));
	CHECK(stat("a", &st) == 0 && st.st_nlink == 3);
	CHECK(unlink("a") == 0 && unlink("b") == 0 && unlink("d/c") == 0);
	CHECK(rmdir("d") == 0 && rmdir(dir) == 0);
	return 0;
}

/* RENAME_EXCHANGE of two files in two directories (LTP renameat202). */
static int test_rename_exchange(void)
{
	int d1, d2;

	CHECK(test_dir() == 0);
	CHECK(mkdir("d1", 0700) == 0 && mkdir("d2", 0700) == 0);
	CHECK(put_file("d1/f", "one") == 0 && put_file("d2/g", "two") == 0);
	CHECK((d1 = open("d1", O_DIRECTORY)) >= 0);
	CHECK((d2 = open("d2", O_DIRECTORY)) >= 0);
	CHECK(renameat2(d1, "f", d2, "g", RENAME_EXCHANGE) == 0);
	CHECK(has_text("d1/f", "two") && has_text("d2/g", "one"));
	CHECK(renameat2(d1, "f", d2, "g", RENAME_EXCHANGE) == 0);
	CHECK(has_text("d1/f", "one") && has_text("d2/g", "two"));
	CHECK(renameat2(d1, "f", d2, "none", RENAME_EXCHANGE) == -1 &&
	      errno == ENOENT);
	CHECK(renameat2(d1, "none", d2, "g", RENAME_EXCHANGE) == -1 &&
	      errno == ENOENT);
	CHECK(renameat2(d1, "f", d1, "f", RENAME_EXCHANGE) == 0);
	CHECK(unlink("d1/f") == 0 && unlink("d2/g") == 0);
	CHECK(rmdir("d1") == 0 && rmdir("d2") == 0 && rmdir(dir) == 0);
	return 0;
}

/* RENAME_EXCHANGE of a directory and a file: the directory's ".." is its
 * new parent, and both parents' link counts follow. */
static int test_rename_exchange_dir(void)
{
	struct stat st;

	CHECK(test_dir() == 0);
	CHECK(mkdir("p", 0755) == 0 && mkdir("p/sub", 0755) == 0);
	CHECK(put_file("p/sub/in", "in") == 0 && put_file("file", "F") == 0);
	CHECK(stat("p", &st) == 0 && st.st_nlink == 3);
	CHECK(renameat2(AT_FDCWD, "p/sub", AT_FDCWD, "file",
			RENAME_EXCHANGE) == 0);
	CHECK(stat("file", &st) == 0 && S_ISDIR(st.st_mode));
	CHECK(stat("p/sub", &st) == 0 && S_ISREG(st.st_mode));
	CHECK(has_text("file/in", "in") && has_text("p/sub", "F"));
	CHECK(stat("p", &st) == 0 && st.st_nlink == 2);
	CHECK(stat(".", &st) == 0 && st.st_nlink == 4);
	CHECK(chdir("file") == 0 && has_text("../p/sub", "F") && chdir("..") == 0);
	/* A directory cannot trade places with its own descendant. */
	CHECK(renameat2(AT_FDCWD, "p", AT_FDCWD, "p/sub",
			RENAME_EXCHANGE) == -1 && errno == EINVAL);
	CHECK(unlink("file/in") == 0 && rmdir("file") == 0);
	CHECK(unlink("p/sub") == 0 && rmdir("p") == 0 && rmdir(dir) == 0);
	return 0;
}

/* ---- openat2 ---- */

struct open_how {
	unsigned long long flags, mode, resolve;
};

#define RESOLVE_NO_XDEV 0x01
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_NO_SYMLINKS 0x04
#define RESOLVE_BENEATH 0x08
#define RESOLVE_IN_ROOT 0x10
#define RESOLVE_CACHED 0x20

static long openat2(int dfd, const char *path, unsigned long long flags,
		    unsigned long long mode, unsigned long long resolve)
{
	struct open_how how = { flags, mode, resolve };

	return syscall(SYS_openat2, dfd, path, &how, sizeof(how));
}

/* Did the open succeed? The descriptor is closed. */
static int opens(long fd)
{
	if (fd < 0)
		return 0;
	close((int)fd);
	return 1;
}

/* Did the open fail with @err? A descriptor it opened is closed. */
static int fails(long fd, int err)
{
	if (fd >= 0) {
		close((int)fd);
		return 0;
	}
	return errno == err;
}

/* openat2's argument checks (LTP openat203). */
static int test_openat2_args(void)
{
	struct { struct open_how how; unsigned long long pad; } big = {
		{ O_RDWR | O_CREAT, 0600, 0 }, 0 };
	long fd;

	CHECK(test_dir() == 0);
	CHECK(fails(openat2(-1, "f", O_RDWR | O_CREAT, 0600, 0), EBADF));
	CHECK(fails(openat2(AT_FDCWD, NULL, O_RDONLY | O_CREAT, 0600, 0),
		    EFAULT));
	CHECK(fails(openat2(AT_FDCWD, "f", O_RDONLY, 0600, 0), EINVAL));
	CHECK(fails(openat2(AT_FDCWD, "f", O_RDWR | O_CREAT, -1ull, 0),
		    EINVAL));
	CHECK(fails(openat2(AT_FDCWD, "f", O_RDWR | O_CREAT, 0600, -1ull),
		    EINVAL));
	CHECK(fails(openat2(AT_FDCWD, "f", O_RDWR | (1ull << 40), 0, 0),
		    EINVAL));
	CHECK(fails(openat2(AT_FDCWD, ".", O_PATH | O_RDWR, 0, 0), EINVAL));
	CHECK(fails(openat2(AT_FDCWD, "f", O_RDONLY, 0,
			    RESOLVE_BENEATH | RESOLVE_IN_ROOT), EINVAL));
	CHECK(fails(openat2(AT_FDCWD, "f", O_RDWR | O_CREAT, 0600,
			    RESOLVE_CACHED), EAGAIN));
	CHECK(fails(syscall(SYS_openat2, AT_FDCWD, "f", &big.how, 0), EINVAL));
	CHECK(fails(syscall(SYS_openat2, AT_FDCWD, "f", &big.how, 23), EINVAL));
	CHECK(fails(syscall(SYS_openat2, AT_FDCWD, "f", &big.how, 5000), E2BIG));
	big.pad = 1;
	CHECK(fails(syscall(SYS_openat2, AT_FDCWD, "f", &big.how, sizeof(big)),
		    E2BIG));
	big.pad = 0;
	fd = syscall(SYS_openat2, AT_FDCWD, "f", &big.how, sizeof(big));
	CHECK(fd >= 0 && close((int)fd) == 0);
	CHECK(unlink("f") == 0 && rmdir(dir) == 0);
	return 0;
}

/* RESOLVE_*: what each refuses, and that it still opens the rest
 * (LTP openat201, openat202). */
static int test_openat2_resolve(void)
{
	int d;

	CHECK(test_dir() == 0);
	CHECK(mkdir("sub", 0755) == 0 && put_file("top", "T") == 0);
	CHECK(put_file("sub/f", "F") == 0);
	CHECK(symlink("/proc/version", "abs") == 0);
	CHECK(symlink("f", "sub/rel") == 0 && symlink("../top", "sub/up") == 0);
	CHECK((d = open("sub", O_DIRECTORY)) >= 0);
	CHECK(opens(openat2(d, "rel", O_RDONLY, 0, 0)));
	CHECK(fails(openat2(d, "rel", O_RDONLY, 0, RESOLVE_NO_SYMLINKS), ELOOP));
	CHECK(opens(openat2(d, "f", O_RDONLY, 0, RESOLVE_NO_SYMLINKS)));
	CHECK(fails(openat2(AT_FDCWD, "/proc/version", O_RDONLY, 0,
			    RESOLVE_NO_XDEV), EXDEV));
	CHECK(opens(openat2(AT_FDCWD, "abs", O_RDONLY, 0, 0)));
	CHECK(fails(openat2(AT_FDCWD, "/proc/self/exe", O_RDONLY, 0,
			    RESOLVE_NO_MAGICLINKS), ELOOP));
	CHECK(opens(openat2(AT_FDCWD, "/proc/self/exe", O_RDONLY, 0, 0)));
	/* BENEATH: nothing above the start, no absolute path. */
	CHECK(fails(openat2(d, "../top", O_RDONLY, 0, RESOLVE_BENEATH), EXDEV));
	CHECK(fails(openat2(d, "up", O_RDONLY, 0, RESOLVE_BENEATH), EXDEV));
	CHECK(fails(openat2(d, "/proc/version", O_RDONLY, 0, RESOLVE_BENEATH),
		    EXDEV));
	CHECK(fails(openat2(d, "./x/../f", O_RDONLY, 0, RESOLVE_BENEATH),
		    ENOENT));
	CHECK(opens(openat2(d, "rel", O_RDONLY, 0, RESOLVE_BENEATH)));
	/* IN_ROOT: the start is "/", ".." stops there. */
	CHECK(opens(openat2(d, "/f", O_RDONLY, 0, RESOLVE_IN_ROOT)));
	CHECK(opens(openat2(d, "../../f", O_RDONLY, 0, RESOLVE_IN_ROOT)));
	CHECK(fails(openat2(d, "/proc/version", O_RDONLY, 0, RESOLVE_IN_ROOT),
		    ENOENT));
	CHECK(opens(openat2(d, "new", O_RDWR | O_CREAT, 0600,
			    RESOLVE_BENEATH)));
	CHECK(access("sub/new", F_OK) == 0);
	close(d);
	CHECK(unlink("sub/new") == 0 && unlink("sub/f") == 0);
	CHECK(unlink("sub/rel") == 0 && unlink("sub/up") == 0);
	CHECK(unlink("abs") == 0 && unlink("top") == 0 && rmdir("sub") == 0);
	CHECK(rmdir(dir) == 0);
	return 0;
}

/* ---- O_TMPFILE ---- */

#ifndef O_TMPFILE
#define O_TMPFILE (020000000 | O_DIRECTORY)
#endif

/* Is directory @path empty? */
static int dir_empty(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	char buf[512];
	long n, off;

	if (fd < 0)
		return 0;
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0)
		for (off = 0; off < n;) {
			const char *name = buf + off + 19;

			if (strcmp(name, ".") && strcmp(name, "..")) {
				close(fd);
				return 0;
			}
			off += *(unsigned short *)(buf + off + 16);
		}
	close(fd);
	return n == 0;
}

/* An unnamed file: no name in the directory, nlink 0, linkat() names it
 * through /proc/self/fd (LTP openat03); O_EXCL forbids that. */
static int test_tmpfile(void)
{
	char path[64];
	struct stat st;
	int fd, ex;

	CHECK(test_dir() == 0);
	CHECK(fails(open(".", O_TMPFILE | O_RDONLY, 0600), EINVAL));
	CHECK(fails(open(".", O_TMPFILE | O_RDWR | O_CREAT, 0600), EINVAL));
	CHECK(fails(open("/proc", O_TMPFILE | O_RDWR, 0600), EOPNOTSUPP));
	CHECK(fails(open("/etc", O_TMPFILE | O_RDWR, 0600), EROFS));
	CHECK(fails(open("none", O_TMPFILE | O_RDWR, 0600), ENOENT));
	CHECK((fd = open(".", O_TMPFILE | O_RDWR, 0640)) >= 0);
	CHECK(write(fd, "tmp", 3) == 3);
	CHECK(fstat(fd, &st) == 0 && st.st_nlink == 0 && S_ISREG(st.st_mode));
	CHECK(st.st_size == 3 && (st.st_mode & 0777) == (0640 & ~umask(022)));
	CHECK(dir_empty("."));
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	CHECK(linkat(AT_FDCWD, path, AT_FDCWD, "named", AT_SYMLINK_FOLLOW) == 0);
	CHECK(has_text("named", "tmp"));
	CHECK(fstat(fd, &st) == 0 && st.st_nlink == 1);
	CHECK(close(fd) == 0 && has_text("named", "tmp"));
	CHECK((ex = open(".", O_TMPFILE | O_WRONLY | O_EXCL, 0600)) >= 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", ex);
	CHECK(linkat(AT_FDCWD, path, AT_FDCWD, "excl", AT_SYMLINK_FOLLOW) == -1 &&
	      errno == ENOENT);
	CHECK(linkat(ex, "", AT_FDCWD, "excl", AT_EMPTY_PATH) == -1 &&
	      errno == ENOENT);
	CHECK(close(ex) == 0 && access("excl", F_OK) == -1);
	CHECK((fd = open(".", O_TMPFILE | O_WRONLY, 0600)) >= 0);
	CHECK(linkat(fd, "", AT_FDCWD, "empty", AT_EMPTY_PATH) == 0);
	CHECK(close(fd) == 0 && access("empty", F_OK) == 0);
	CHECK(unlink("named") == 0 && unlink("empty") == 0 && rmdir(dir) == 0);
	return 0;
}

/* ---- /proc/<pid>/fd/N as magic links ---- */

/* A memfd, a pipe and an unlinked file reopen through /proc/self/fd/N
 * with new flags; stat() follows; the new open is a file of its own. */
static int test_proc_fd_reopen(void)
{
	char path[64], buf[8];
	struct stat a, b;
	int m, r, p[2], u;

	CHECK(test_dir() == 0);
	CHECK((m = (int)syscall(SYS_memfd_create, "vfst", 0)) >= 0);
	CHECK(write(m, "memfd", 5) == 5);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", m);
	CHECK((r = open(path, O_RDONLY)) >= 0);
	CHECK(read(r, buf, 5) == 5 && memcmp(buf, "memfd", 5) == 0);
	CHECK(lseek(m, 0, SEEK_CUR) == 5 && lseek(r, 0, SEEK_CUR) == 5);
	CHECK(fstat(m, &a) == 0 && stat(path, &b) == 0);
	CHECK(a.st_ino == b.st_ino && a.st_dev == b.st_dev && b.st_size == 5);
	CHECK(write(r, "x", 1) == -1 && errno == EBADF);
	close(r);
	CHECK((r = open(path, O_RDWR | O_TRUNC)) >= 0);
	CHECK(fstat(m, &a) == 0 && a.st_size == 0);
	close(r);
	CHECK(fails(open(path, O_RDONLY | O_NOFOLLOW), ELOOP));
	CHECK(pipe(p) == 0 && write(p[1], "pp", 2) == 2);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", p[0]);
	CHECK((r = open(path, O_RDONLY | O_NONBLOCK)) >= 0);
	CHECK(read(r, buf, 2) == 2 && memcmp(buf, "pp", 2) == 0);
	close(r);
	CHECK(put_file("gone", "G") == 0 && (u = open("gone", O_RDONLY)) >= 0);
	CHECK(unlink("gone") == 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", u);
	CHECK((r = open(path, O_RDONLY)) >= 0);
	CHECK(read(r, buf, 1) == 1 && buf[0] == 'G');
	close(r);
	CHECK(stat("/proc/self/cwd", &a) == 0 && stat(".", &b) == 0);
	CHECK(a.st_ino == b.st_ino && S_ISDIR(a.st_mode));
	CHECK(stat("/proc/self/exe", &a) == 0 && S_ISREG(a.st_mode));
	CHECK(readlink("/proc/self/cwd", path, sizeof(path)) == (ssize_t)strlen(dir));
	close(m);
	close(u);
	CHECK(rmdir(dir) == 0);
	return 0;
}

/* A memfd needs no /tmp: it lives on the kernel's own tmpfs (Linux's
 * shm_mnt), so it works in a chroot without one, is a tmpfs file
 * (fstatfs), and its pages count against no mounted tmpfs's size. */
static int test_memfd_no_tmp(void)
{
	struct statfs sf;
	char buf[8];
	pid_t pid;
	int st, m;

	CHECK(test_dir() == 0 && mkdir("root", 0755) == 0);
	CHECK((pid = fork()) >= 0);
	if (pid == 0) {
		if (chroot("root") || chdir("/") || access("/tmp", F_OK) == 0)
			_exit(2);
		m = (int)syscall(SYS_memfd_create, "vfst", 0);
		_exit(m < 0 ? 3 : write(m, "mfd", 3) != 3 ? 4 :
		      pread(m, buf, 3, 0) != 3 || memcmp(buf, "mfd", 3) ? 5 :
		      fstatfs(m, &sf) || sf.f_type != 0x01021994 ? 6 : 0);
	}
	CHECK(waitpid(pid, &st, 0) == pid);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		return tap_fail("memfd in a chroot without /tmp: child status %#x", st);
	CHECK(rmdir("root") == 0 && chdir("/") == 0 && rmdir(dir) == 0);
	return 0;
}

/* ---- the descriptor table follows RLIMIT_NOFILE ---- */

/* Up to the hard limit once raised (LTP pipe15): a high descriptor
 * works, survives fork, shows in /proc/self/fd, and FD_CLOEXEC on it
 * holds; past the limit EBADF / EMFILE as before. */
static int test_fd_table_grows(void)
{
	struct rlimit rl;
	char path[64], link[64];
	int status, p[2];
	pid_t pid;

	CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_max >= 4096);
	CHECK(dup2(0, 2000) == -1 && errno == EBADF);	/* soft 1024 */
	rl.rlim_cur = rl.rlim_max;
	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0);
	CHECK(pipe(p) == 0 && dup2(p[1], 4000) == 4000 && close(p[1]) == 0);
	CHECK(fcntl(4000, F_SETFD, FD_CLOEXEC) == 0);
	CHECK(fcntl(4000, F_GETFD) == FD_CLOEXEC);
	CHECK(fcntl(0, F_DUPFD, 3000) == 3000 && close(3000) == 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", 4000);
	CHECK(readlink(path, link, sizeof(link)) > 0 &&
	      strncmp(link, "pipe:[", 6) == 0);
	pid = fork();
	if (pid == 0)
		_exit(write(4000, "k", 1) == 1 &&
		      fcntl(4000, F_GETFD) == FD_CLOEXEC ? 0 : 1);
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(read(p[0], link, 1) == 1 && link[0] == 'k');
	CHECK(dup2(0, (int)rl.rlim_max) == -1 && errno == EBADF);
	CHECK(close(4000) == 0 && fcntl(4000, F_GETFD) == -1 && errno == EBADF);
	return 0;
}

static const struct tap_test tests[] = {
	{ "rename_noreplace", test_rename_noreplace },
	{ "rename_hard_links", test_rename_hard_links },
	{ "rename_exchange", test_rename_exchange },
	{ "rename_exchange_dir", test_rename_exchange_dir },
	{ "openat2_args", test_openat2_args },
	{ "openat2_resolve", test_openat2_resolve },
	{ "tmpfile", test_tmpfile },
	{ "proc_fd_reopen", test_proc_fd_reopen },
	{ "memfd_no_tmp", test_memfd_no_tmp },
	{ "fd_table_grows", test_fd_table_grows },
};

#define NTESTS ((int)(sizeof(tests) / sizeof(tests[0])))

int main(int argc, char **argv)
{
	return tap_run("vfstests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
