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
 * System calls exercised: renameat2 (RENAME_NOREPLACE, RENAME_EXCHANGE).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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

static const struct tap_test tests[] = {
	{ "rename_noreplace", test_rename_noreplace },
	{ "rename_exchange", test_rename_exchange },
	{ "rename_exchange_dir", test_rename_exchange_dir },
};

#define NTESTS ((int)(sizeof(tests) / sizeof(tests[0])))

int main(int argc, char **argv)
{
	return tap_run("vfstests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
