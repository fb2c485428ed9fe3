/*
 * dnotifytests: directory change notification (fcntl F_NOTIFY) as Linux
 * has it, checked from user space: each DN_* event where Linux raises
 * it (a file in the directory read, written, truncated, its attributes
 * changed, a name made, removed or renamed) and where it does not (a
 * rename between directories is a delete and a create), the directory's
 * own attribute change told to its watch and its parent's, one-shot and
 * DN_MULTISHOT watches, requests adding up, 0 and close ending a watch,
 * the signal (SIGIO, or F_SETSIG's with si_fd and si_code POLL_MSG), the
 * owner F_NOTIFY sets, ENOTDIR and EBADF.
 *
 *   dnotifytests [NAME]...   run every test, or only the ones named
 *
 * TAP like the other test programs (user/lib/tap.c tap_run()), ending in
 * "# dnotifytests: P passed, F failed". Every test works in a directory
 * of its own under /tmp and removes it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "tap.h"

#define TEST_TIMEOUT 30
#define SIG (SIGRTMIN + 1)

/* What the handler saw: a count per descriptor (si_fd), the last code. */
static volatile int seen[64], seen_code, seen_sigio;

static void on_sig(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (sig == SIGIO)
		seen_sigio++;
	else if (si->si_fd >= 0 && si->si_fd < 64)
		seen[si->si_fd]++;
	seen_code = si->si_code;
}

static void catch(int sig)
{
	struct sigaction sa = { .sa_sigaction = on_sig, .sa_flags = SA_SIGINFO };

	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* Open directory @path and watch it for @events, told by SIG; the
 * descriptor, or -1. */
static int watch(const char *path, unsigned int events)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);

	if (fd < 0 || fd >= 64 || fcntl(fd, F_SETSIG, SIG) ||
	    fcntl(fd, F_NOTIFY, events))
		return -1;
	seen[fd] = 0;
	return fd;
}

/* A directory of the test's own, and a file "f" in it with 3 bytes. */
static int setup(const char *dir)
{
	char f[64];
	int fd;

	catch(SIG);
	catch(SIGIO);
	snprintf(f, sizeof(f), "%s/f", dir);
	if (mkdir(dir, 0755))
		return -1;
	fd = open(f, O_CREAT | O_RDWR, 0644);
	if (fd < 0 || write(fd, "abc", 3) != 3)
		return -1;
	return close(fd);
}

static int parent_and_self_attrib(void)
{
	int pfd, sfd;

	CHECK(setup("/tmp/dn_attr") == 0 && mkdir("/tmp/dn_attr/sub", 0700) == 0);
	pfd = watch("/tmp/dn_attr", DN_ATTRIB | DN_MULTISHOT);
	sfd = watch("/tmp/dn_attr/sub", DN_ATTRIB | DN_MULTISHOT);
	CHECK(pfd >= 0 && sfd >= 0);
	CHECK(chmod("/tmp/dn_attr/sub", 0755) == 0);
	CHECK(seen[pfd] == 1 && seen[sfd] == 1);
	CHECK(seen_code == POLL_MSG);
	CHECK(chmod("/tmp/dn_attr/f", 0600) == 0);		/* a child */
	CHECK(seen[pfd] == 2 && seen[sfd] == 1);
	CHECK(chown("/tmp/dn_attr/f", 5, 5) == 0);
	CHECK(utimensat(AT_FDCWD, "/tmp/dn_attr/f", NULL, 0) == 0);
	CHECK(setxattr("/tmp/dn_attr/f", "user.a", "1", 1, 0) == 0);
	CHECK(seen[pfd] == 5 && seen[sfd] == 1);
	close(pfd);
	close(sfd);
	CHECK(unlink("/tmp/dn_attr/f") == 0 && rmdir("/tmp/dn_attr/sub") == 0);
	CHECK(rmdir("/tmp/dn_attr") == 0);
	return 0;
}

static int access_and_modify(void)
{
	char buf[8];
	int afd, mfd, fd;

	CHECK(setup("/tmp/dn_rw") == 0);
	afd = watch("/tmp/dn_rw", DN_ACCESS | DN_MULTISHOT);
	mfd = watch("/tmp/dn_rw", DN_MODIFY | DN_MULTISHOT);
	CHECK(afd >= 0 && mfd >= 0);
	fd = open("/tmp/dn_rw/f", O_RDWR);
	CHECK(fd >= 0);
	CHECK(seen[afd] == 0 && seen[mfd] == 0);	/* an open is neither */
	CHECK(read(fd, buf, sizeof(buf)) == 3);
	CHECK(seen[afd] == 1 && seen[mfd] == 0);
	CHECK(read(fd, buf, sizeof(buf)) == 0);		/* nothing read */
	CHECK(seen[afd] == 1);
	CHECK(write(fd, "d", 1) == 1);
	CHECK(seen[afd] == 1 && seen[mfd] == 1);
	CHECK(ftruncate(fd, 1) == 0);
	CHECK(seen[mfd] == 2);
	close(fd);
	close(afd);
	close(mfd);
	CHECK(unlink("/tmp/dn_rw/f") == 0 && rmdir("/tmp/dn_rw") == 0);
	return 0;
}

static int create_delete_rename(void)
{
	int cfd, dfd, rfd, sub;

	CHECK(setup("/tmp/dn_ns") == 0 && mkdir("/tmp/dn_ns/sub", 0755) == 0);
	cfd = watch("/tmp/dn_ns", DN_CREATE | DN_MULTISHOT);
	dfd = watch("/tmp/dn_ns", DN_DELETE | DN_MULTISHOT);
	rfd = watch("/tmp/dn_ns", DN_RENAME | DN_MULTISHOT);
	sub = watch("/tmp/dn_ns/sub", DN_CREATE | DN_RENAME | DN_MULTISHOT);
	CHECK(cfd >= 0 && dfd >= 0 && rfd >= 0 && sub >= 0);
	CHECK(mkdir("/tmp/dn_ns/d", 0755) == 0);
	CHECK(symlink("f", "/tmp/dn_ns/l") == 0);
	CHECK(link("/tmp/dn_ns/f", "/tmp/dn_ns/h") == 0);
	CHECK(seen[cfd] == 3 && seen[dfd] == 0 && seen[rfd] == 0);
	CHECK(rename("/tmp/dn_ns/h", "/tmp/dn_ns/h2") == 0);
	CHECK(seen[rfd] == 1 && seen[cfd] == 3 && seen[dfd] == 0);
	/* between directories: a delete here, a create there, no rename */
	CHECK(rename("/tmp/dn_ns/h2", "/tmp/dn_ns/sub/h") == 0);
	CHECK(seen[rfd] == 1 && seen[dfd] == 1 && seen[sub] == 1);
	CHECK(unlink("/tmp/dn_ns/l") == 0 && rmdir("/tmp/dn_ns/d") == 0);
	CHECK(seen[dfd] == 3 && seen[cfd] == 3);
	CHECK(unlink("/tmp/dn_ns/sub/h") == 0 && unlink("/tmp/dn_ns/f") == 0);
	close(cfd);
	close(dfd);
	close(rfd);
	close(sub);
	CHECK(rmdir("/tmp/dn_ns/sub") == 0 && rmdir("/tmp/dn_ns") == 0);
	return 0;
}

/* Without DN_MULTISHOT a watch tells once and is gone; requests add
 * up; 0 ends a watch, and so does closing the descriptor. */
static int oneshot_add_end(void)
{
	int fd, fd2;

	CHECK(setup("/tmp/dn_one") == 0);
	fd = watch("/tmp/dn_one", DN_CREATE);
	CHECK(fd >= 0);
	CHECK(mkdir("/tmp/dn_one/a", 0755) == 0 && mkdir("/tmp/dn_one/b", 0755) == 0);
	CHECK(seen[fd] == 1);
	CHECK(fcntl(fd, F_NOTIFY, DN_CREATE | DN_MULTISHOT) == 0);
	CHECK(fcntl(fd, F_NOTIFY, DN_DELETE | DN_MULTISHOT) == 0);
	CHECK(rmdir("/tmp/dn_one/a") == 0 && mkdir("/tmp/dn_one/c", 0755) == 0);
	CHECK(seen[fd] == 3);
	CHECK(fcntl(fd, F_NOTIFY, 0) == 0);
	CHECK(rmdir("/tmp/dn_one/b") == 0);
	CHECK(seen[fd] == 3);
	fd2 = watch("/tmp/dn_one", DN_DELETE | DN_MULTISHOT);
	CHECK(fd2 >= 0 && close(fd2) == 0);
	CHECK(rmdir("/tmp/dn_one/c") == 0);
	CHECK(seen[fd2] == 0);
	close(fd);
	CHECK(unlink("/tmp/dn_one/f") == 0 && rmdir("/tmp/dn_one") == 0);
	return 0;
}

/* No F_SETSIG: plain SIGIO; F_NOTIFY makes the caller the owner. */
static int sigio_and_owner(void)
{
	int fd;

	CHECK(setup("/tmp/dn_io") == 0);
	fd = open("/tmp/dn_io", O_RDONLY);
	CHECK(fd >= 0 && fcntl(fd, F_GETOWN) == 0);
	CHECK(fcntl(fd, F_NOTIFY, DN_CREATE) == 0);
	CHECK(fcntl(fd, F_GETOWN) == getpid());
	CHECK(mkdir("/tmp/dn_io/a", 0755) == 0);
	CHECK(seen_sigio == 1);
	close(fd);
	CHECK(rmdir("/tmp/dn_io/a") == 0 && unlink("/tmp/dn_io/f") == 0);
	CHECK(rmdir("/tmp/dn_io") == 0);
	return 0;
}

static int errors(void)
{
	int fd, pfd;

	CHECK(setup("/tmp/dn_err") == 0);
	fd = open("/tmp/dn_err/f", O_RDONLY);
	CHECK(fd >= 0);
	CHECK(fcntl(fd, F_NOTIFY, DN_MODIFY) == -1 && errno == ENOTDIR);
	CHECK(fcntl(fd, F_NOTIFY, 0) == 0);		/* nothing to end */
	pfd = open("/tmp/dn_err", O_PATH);
	CHECK(pfd >= 0);
	CHECK(fcntl(pfd, F_NOTIFY, DN_CREATE) == -1 && errno == EBADF);
	CHECK(fcntl(99, F_NOTIFY, DN_CREATE) == -1 && errno == EBADF);
	close(pfd);
	close(fd);
	CHECK(unlink("/tmp/dn_err/f") == 0 && rmdir("/tmp/dn_err") == 0);
	return 0;
}

static const struct tap_test tests[] = {
	{ "parent_and_self_attrib", parent_and_self_attrib },
	{ "access_and_modify", access_and_modify },
	{ "create_delete_rename", create_delete_rename },
	{ "oneshot_add_end", oneshot_add_end },
	{ "sigio_and_owner", sigio_and_owner },
	{ "errors", errors },
};

int main(int argc, char **argv)
{
	return tap_run("dnotifytests", tests, sizeof(tests) / sizeof(tests[0]),
		       TEST_TIMEOUT, argc, argv);
}
