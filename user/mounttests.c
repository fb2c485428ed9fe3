/*
 * mounttests: mount(2) and umount2(2) with Linux's semantics, every flag
 * and every errno, checked from user space (issue 17). Run it as root;
 * each test mounts on scratch directories under /tmp and unmounts them.
 *
 *   mounttests [NAME]...     run every test, or only the ones named
 *
 * Prints TAP through user/lib/tap.c: "1..N", "ok N - name" or "not ok N
 * - name: reason", then "# mounttests: P passed, F failed".
 *
 *   tmpfs        a new tmpfs: its own device, statfs type, files; gone at
 *                umount; ".." out of its root; EXDEV across mounts
 *   options      mode=, uid=, gid=, size= (shown in /proc/mounts); an
 *                unknown option EINVAL
 *   mount_errors ENODEV, EFAULT, ENOENT, ENOTDIR, EINVAL, EBUSY, EPERM
 *   umount_errors EINVAL, ENOENT, EFAULT, EBUSY (cwd, open file), EPERM,
 *                MNT_DETACH, MNT_EXPIRE, "/"
 *   rdonly       EROFS from every write path on a read-only mount
 *   remount      ro refused (EBUSY) while a file is open for writing;
 *                rw again
 *   noexec       execve EACCES, mmap PROT_EXEC EPERM; exec after remount
 *   nodev        a device node cannot be opened (EACCES)
 *   nosuid       statfs says ST_NOSUID
 *   proc_sysfs   a second mount of proc, sysfs and devtmpfs
 *   bind         MS_BIND of a directory
 *   proc_mounts  /proc/mounts, /proc/self/mountinfo, /etc/mtab
 *   big_file     a tmpfs file grows past 256 MiB (sparse), EFBIG past
 *                2 GiB; every page back at umount
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include "tap.h"

#define TEST_TIMEOUT 30
#define TMPFS_MAGIC 0x01021994
#define PROC_SUPER_MAGIC 0x9fa0
#define SYSFS_MAGIC 0x62656572
#define BAD_PTR ((void *)1)

static char mnt[64], mnt2[64];

/* Fresh scratch directories mnt and mnt2 under /tmp. */
static int scratch(void)
{
	snprintf(mnt, sizeof(mnt), "/tmp/mt.%d", getpid());
	snprintf(mnt2, sizeof(mnt2), "/tmp/mt2.%d", getpid());
	if (mkdir(mnt, 0755) || mkdir(mnt2, 0755))
		return tap_fail("mkdir %s: %s", mnt, strerror(errno));
	return 0;
}

static char *at(const char *dir, const char *name)
{
	static char buf[4][128];
	static int n;
	char *p = buf[n++ % 4];

	snprintf(p, sizeof(buf[0]), "%s/%s", dir, name);
	return p;
}

/* Does /proc/self/mounts have a line containing @text? */
static int mounts_has(const char *file, const char *text)
{
	char line[512];
	FILE *f = fopen(file, "r");
	int found = 0;

	while (f && !found && fgets(line, sizeof(line), f))
		found = strstr(line, text) != NULL;
	if (f)
		fclose(f);
	return found;
}

static int write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd < 0)
		return -1;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		close(fd);
		return -1;
	}
	return close(fd);
}

/* Run @path with no arguments: its exit status, or -1. */
static int run(const char *path)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		execl(path, path, (char *)NULL);
		_exit(126);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* The errno of @call, 0 when it succeeded. */
#define ERR(call) ((call) < 0 ? errno : 0)

static int test_tmpfs(void)
{
	struct stat st, tmp, up;
	struct statfs sf;

	CHECK(scratch() == 0);
	CHECK(mount("none", mnt, "tmpfs", 0, NULL) == 0);
	CHECK(statfs(mnt, &sf) == 0 && sf.f_type == TMPFS_MAGIC);
	CHECK(stat(mnt, &st) == 0 && stat("/tmp", &tmp) == 0);
	EXPECT(st.st_dev != tmp.st_dev);
	EXPECT((st.st_mode & 07777) == 01777);
	CHECK(write_file(at(mnt, "f"), "hello", 0644) == 0);
	EXPECT(mkdir(at(mnt, "d"), 0755) == 0);
	EXPECT(stat(at(mnt, ".."), &up) == 0 && up.st_ino == tmp.st_ino &&
	       up.st_dev == tmp.st_dev);
	EXPECT(ERR(rename(at(mnt, "f"), "/tmp/mt.moved")) == EXDEV);
	EXPECT(ERR(link(at(mnt, "f"), "/tmp/mt.linked")) == EXDEV);
	CHECK(chdir(mnt) == 0);
	EXPECT(stat("..", &up) == 0 && up.st_ino == tmp.st_ino);
	CHECK(chdir("/") == 0);
	CHECK(umount(mnt) == 0);
	EXPECT(ERR(access(at(mnt, "f"), F_OK)) == ENOENT);
	EXPECT(stat(mnt, &st) == 0 && st.st_dev == tmp.st_dev);
	rmdir(mnt);
	rmdir(mnt2);
	return 0;
}

static int test_options(void)
{
	struct stat st;
	char want[128];

	CHECK(scratch() == 0);
	CHECK(mount("opts", mnt, "tmpfs", 0, "mode=700,uid=5,gid=6,size=2m") == 0);
	CHECK(stat(mnt, &st) == 0);
	EXPECT((st.st_mode & 07777) == 0700 && st.st_uid == 5 && st.st_gid == 6);
	snprintf(want, sizeof(want), "opts %s tmpfs rw,relatime,size=2048k,mode=700,uid=5,gid=6 0 0",
		 mnt);
	EXPECT(mounts_has("/proc/self/mounts", want));
	CHECK(umount(mnt) == 0);
	EXPECT(ERR(mount("none", mnt, "tmpfs", 0, "bogus=1")) == EINVAL);
	EXPECT(ERR(mount("none", mnt, "tmpfs", 0, "mode=9")) == EINVAL);
	EXPECT(ERR(mount("none", mnt, "tmpfs", 0, "size=12q")) == EINVAL);
	CHECK(mount("none", mnt, "ramfs", MS_MGC_VAL, NULL) == 0);
	EXPECT(mounts_has("/proc/mounts", " ramfs rw,relatime 0 0"));
	CHECK(umount(mnt) == 0);
	rmdir(mnt);
	rmdir(mnt2);
	return 0;
}

static int test_mount_errors(void)
{
	CHECK(scratch() == 0);
	CHECK(write_file(at(mnt2, "file"), "x", 0644) == 0);
	EXPECT(ERR(mount("none", mnt, "nosuchfs", 0, NULL)) == ENODEV);
	EXPECT(ERR(mount("none", mnt, "ext4", 0, NULL)) == ENODEV);
	EXPECT(ERR(mount("none", mnt, NULL, 0, NULL)) == EINVAL);
	EXPECT(ERR(mount("none", BAD_PTR, "tmpfs", 0, NULL)) == EFAULT);
	EXPECT(ERR(mount("none", mnt, BAD_PTR, 0, NULL)) == EFAULT);
	EXPECT(ERR(mount(BAD_PTR, mnt, "tmpfs", 0, NULL)) == EFAULT);
	EXPECT(ERR(mount("none", mnt, "tmpfs", 0, BAD_PTR)) == EFAULT);
	EXPECT(ERR(mount("none", "/tmp/mt.none/x", "tmpfs", 0, NULL)) == ENOENT);
	EXPECT(ERR(mount("none", "", "tmpfs", 0, NULL)) == ENOENT);
	EXPECT(ERR(mount("none", at(mnt2, "file"), "tmpfs", 0, NULL)) == ENOTDIR);
	EXPECT(ERR(mount("none", at(mnt2, "file/x"), "tmpfs", 0, NULL)) == ENOTDIR);
	EXPECT(ERR(mount("none", "/proc/self", "tmpfs", 0, NULL)) == EINVAL);
	CHECK(chdir(mnt) == 0);
	CHECK(mount("none", mnt, "tmpfs", 0, NULL) == 0);
	EXPECT(ERR(mount("none", ".", "tmpfs", 0, NULL)) == EBUSY);	/* covered */
	CHECK(chdir("/") == 0);
	CHECK(umount(mnt) == 0);
	EXPECT(ERR(mount("none", mnt, "tmpfs", MS_NOUSER, NULL)) == EINVAL);
	EXPECT(ERR(mount(NULL, mnt, NULL, MS_REMOUNT, NULL)) == EINVAL);
	EXPECT(ERR(mount(NULL, mnt, NULL, MS_MOVE, NULL)) == EINVAL);
	CHECK(mount("none", mnt, "tmpfs", 0, NULL) == 0);
	EXPECT(ERR(mount("none", mnt, "tmpfs", 0, NULL)) == EBUSY);
	EXPECT(mount(NULL, mnt, NULL, MS_PRIVATE, NULL) == 0);
	EXPECT(ERR(mount(NULL, "/", NULL, MS_REMOUNT, NULL)) == EACCES);
	CHECK(umount(mnt) == 0);
	unlink(at(mnt2, "file"));
	rmdir(mnt);
	rmdir(mnt2);
	return 0;
}

/* As uid 65534 (nobody) in a child: mount and umount2 are EPERM; so is
 * chown of a device node, /dev being a writable devtmpfs (LTP's
 * fchownat03 wants EPERM there, not EROFS). */
static int unprivileged(void)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		if (setuid(65534))
			_exit(2);
		_exit(ERR(mount("none", mnt, "tmpfs", 0, NULL)) != EPERM ||
		      ERR(umount2("/tmp", 0)) != EPERM ||
		      ERR(umount2("/tmp/mt.none", 0)) != ENOENT ||
		      ERR(chown("/dev/null", 65534, 0)) != EPERM);
	}
	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st);
}

static int test_umount_errors(void)
{
	int fd;

	CHECK(scratch() == 0);
	EXPECT(ERR(umount2(mnt, 0)) == EINVAL);
	EXPECT(ERR(umount2("/tmp/mt.none", 0)) == ENOENT);
	EXPECT(ERR(umount2(BAD_PTR, 0)) == EFAULT);
	EXPECT(ERR(umount2("/tmp", 0x100)) == EINVAL);
	EXPECT(ERR(umount2("/", 0)) == EBUSY);
	EXPECT(unprivileged());
	CHECK(mount("none", mnt, "tmpfs", 0, NULL) == 0);
	CHECK(chdir(mnt) == 0);
	EXPECT(ERR(umount2(mnt, 0)) == EBUSY);
	CHECK(chdir("/") == 0);
	fd = open(at(mnt, "f"), O_RDWR | O_CREAT, 0644);
	CHECK(fd >= 0);
	EXPECT(ERR(umount2(mnt, 0)) == EBUSY);
	CHECK(mkdir(at(mnt, "sub"), 0755) == 0);
	CHECK(mount("none", at(mnt, "sub"), "tmpfs", 0, NULL) == 0);
	close(fd);
	EXPECT(ERR(umount2(mnt, 0)) == EBUSY);	/* a mount below it */
	CHECK(umount2(at(mnt, "sub"), 0) == 0);
	EXPECT(ERR(umount2(mnt, MNT_EXPIRE | MNT_DETACH)) == EINVAL);
	EXPECT(ERR(umount2(mnt, MNT_EXPIRE)) == EAGAIN);
	EXPECT(umount2(mnt, MNT_EXPIRE) == 0);
	CHECK(mount("none", mnt, "tmpfs", 0, NULL) == 0);
	fd = open(mnt, O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0);
	EXPECT(umount2(mnt, MNT_DETACH) == 0);
	EXPECT(!mounts_has("/proc/self/mounts", mnt));
	EXPECT(ERR(umount2(mnt, 0)) == EINVAL);
	EXPECT(ERR(mkdirat(fd, "still", 0755)) == 0);	/* lazily: still there */
	close(fd);
	rmdir(mnt);
	rmdir(mnt2);
	return 0;
}

/* Every write path on a read-only mount answers EROFS. */
static int check_erofs(void)
{
	char f[128], d[128];
	struct timeval tv[2] = { { 1, 0 }, { 2, 0 } };
	struct timespec ts[2] = { { 1, 0 }, { 2, 0 } };
	void *p;
	int fd;

	strcpy(f, at(mnt, "file"));
	strcpy(d, at(mnt, "dir"));
	fd = open(f, O_RDONLY);
	CHECK(fd >= 0);
	EXPECT(ERR(open(f, O_WRONLY)) == EROFS);
	EXPECT(ERR(open(f, O_RDWR)) == EROFS);
	EXPECT(ERR(open(f, O_RDONLY | O_TRUNC)) == EROFS);
	EXPECT(ERR(open(at(mnt, "new"), O_RDWR | O_CREAT, 0644)) == EROFS);
	EXPECT(ERR(creat(at(mnt, "new"), 0644)) == EROFS);
	EXPECT(ERR(open(f, O_RDWR | O_CREAT | O_EXCL, 0644)) == EEXIST);
	EXPECT(ERR(mkdir(at(mnt, "nd"), 0755)) == EROFS);
	EXPECT(ERR(mkdirat(AT_FDCWD, at(mnt, "nd"), 0755)) == EROFS);
	EXPECT(ERR(mkdir(d, 0755)) == EEXIST);
	EXPECT(ERR(mknod(at(mnt, "fifo"), S_IFIFO | 0644, 0)) == EROFS);
	EXPECT(ERR(mknodat(AT_FDCWD, at(mnt, "fifo"), S_IFIFO | 0644, 0)) == EROFS);
	EXPECT(ERR(rmdir(d)) == EROFS);
	EXPECT(ERR(unlink(f)) == EROFS);
	EXPECT(ERR(unlinkat(AT_FDCWD, d, AT_REMOVEDIR)) == EROFS);
	EXPECT(ERR(link(f, at(mnt, "l"))) == EROFS);
	EXPECT(ERR(linkat(AT_FDCWD, f, AT_FDCWD, at(mnt, "l"), 0)) == EROFS);
	EXPECT(ERR(symlink("x", at(mnt, "s"))) == EROFS);
	EXPECT(ERR(rename(f, at(mnt, "g"))) == EROFS);
	EXPECT(ERR(renameat(AT_FDCWD, f, AT_FDCWD, at(mnt, "g"))) == EROFS);
	EXPECT(ERR(chmod(f, 0600)) == EROFS);
	EXPECT(ERR(fchmod(fd, 0600)) == EROFS);
	EXPECT(ERR(fchmodat(AT_FDCWD, f, 0600, 0)) == EROFS);
	EXPECT(ERR(chown(f, 1, 1)) == EROFS);
	EXPECT(ERR(fchown(fd, 1, 1)) == EROFS);
	EXPECT(ERR(lchown(f, 1, 1)) == EROFS);
	EXPECT(ERR(fchownat(AT_FDCWD, f, 1, 1, 0)) == EROFS);
	EXPECT(ERR(utime(f, NULL)) == EROFS);
	EXPECT(ERR(utimes(f, tv)) == EROFS);
	EXPECT(ERR(utimensat(AT_FDCWD, f, ts, 0)) == EROFS);
	EXPECT(ERR(truncate(f, 0)) == EROFS);
	EXPECT(ERR(access(f, W_OK)) == EROFS);
	EXPECT(ERR(access(d, W_OK)) == EROFS);
	EXPECT(access(f, R_OK) == 0);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	EXPECT(p == MAP_FAILED && errno == EACCES);
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	EXPECT(p != MAP_FAILED && !memcmp(p, "file content", 12));
	if (p != MAP_FAILED)
		munmap(p, 4096);
	close(fd);
	return 0;
}

static int test_rdonly(void)
{
	struct statfs sf;
	char buf[16] = "";
	int fd;

	CHECK(scratch() == 0);
	/* What LTP's needs_rofs set-up does, step by step. */
	CHECK(mount(NULL, mnt, "tmpfs", 0, NULL) == 0);
	CHECK(mkdir(at(mnt, "dir"), 0777) == 0);
	CHECK(write_file(at(mnt, "file"), "file content", 0777) == 0);
	CHECK(mount(NULL, mnt, "tmpfs", MS_REMOUNT | MS_RDONLY, NULL) == 0);
	CHECK(statfs(mnt, &sf) == 0);
	EXPECT(sf.f_flags & ST_RDONLY);
	EXPECT(mounts_has("/proc/self/mounts", " tmpfs ro,"));
	if (check_erofs())
		return -1;
	fd = open(at(mnt, "file"), O_RDONLY);
	EXPECT(fd >= 0 && read(fd, buf, 4) == 4 && !memcmp(buf, "file", 4));
	close(fd);
	CHECK(umount(mnt) == 0);
	/* Mounted read-only from the start. */
	CHECK(mount("none", mnt, "tmpfs", MS_RDONLY, NULL) == 0);
	EXPECT(ERR(mkdir(at(mnt, "x"), 0755)) == EROFS);
	CHECK(umount(mnt) == 0);
	rmdir(mnt);
	rmdir(mnt2);
	return 0;
}

static int test_remount(void)
{
	int fd;

	CHECK(scratch() == 0);
	CHECK(mount("none", mnt, "tmpfs", 0, NULL) == 0);
	fd = open(at(mnt, "w"), O_WRONLY | O_CREAT, 0644);
	CHECK(fd >= 0);
	EXPECT(ERR(mount(NULL, mnt, NULL, MS_REMOUNT | MS_RDONLY, NULL)) == EBUSY);
	EXPECT(write(fd, "x", 1) == 1);
	close(fd);
	fd = open(at(mnt, "w"), O_RDONLY);
	CHECK(fd >= 0);
	EXPECT(mount(NULL, mnt, NULL, MS_REMOUNT | MS_RDONLY, NULL) == 0);
	EXPECT(ERR(open(at(mnt, "w"), O_WRONLY)) == EROFS);
	EXPECT(mount(NULL, mnt, NULL, MS_REMOUNT, NULL) == 0);
	EXPECT(write_file(at(mnt, "w"), "y", 0644) == 0);
	close(fd);
	EXPECT(mount(NULL, mnt, NULL, MS_REMOUNT | MS_BIND | MS_NOSUID, NULL) == 0);
	EXPECT(mounts_has("/proc/self/mounts", " tmpfs rw,nosuid,relatime"));
	CHECK(umount(mnt) == 0);
	rmdir(mnt);
	rmdir(mnt2);
	return 0;
}

/* Copy /bin/true to @path (a program to exec on the mount). */
static int copy_true(const char *path)
{
	char buf[4096];
	int in = open("/bin/true", O_RDONLY);
	int out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	ssize_t n;

	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			break;
	close(in);
	return close(out);
}

static int test_noexec(void)
{
	struct statfs sf;
	int fd;

	CHECK(scratch() == 0);
	CHECK(mount("none", mnt, "tmpfs", MS_NOEXEC, NULL) == 0);
	CHECK(copy_true(at(mnt, "true")) == 0);
	EXPECT(ERR(execl(at(mnt, "true"), "true", (char *)NULL)) == EACCES);
	EXPECT(ERR(access(at(mnt, "true"), X_OK)) == 0);	/* as Linux */
	fd = open(at(mnt, "true"), O_RDONLY);
	CHECK(fd >= 0);
	EXPECT(mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0) == MAP_FAILED &&
	       errno == EPERM);
	EXPECT(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0) != MAP_FAILED);
	close(fd);
	EXPECT(mounts_has("/proc/self/mounts", " tmpfs rw,noexec,relatime"));
	EXPECT(statfs(mnt, &sf) == 0 && (sf.f_flags & ST_NOEXEC));
	CHECK(mount(NULL, mnt, NULL, MS_REMOUNT, NULL) == 0);
	EXPECT(run(at(mnt, "true")) == 0);
	CHECK(umount(mnt) == 0);
	rmdir(mnt);
	rmdir(mnt2);
	return 0;
}

static int test_nodev(void)
{
	struct statfs sf;
	int fd;

	CHECK(scratch() == 0);
	CHECK(mount("none", mnt, "tmpfs", MS_NODEV, NULL) == 0);
	CHECK(mknod(at(mnt, "null"), S_IFCHR | 0666, makedev(1, 3)) == 0);
	EXPECT(ERR(open(at(mnt, "null"), O_RDONLY)) == EACCES);
	EXPECT(ERR(open(at(mnt, "null"), O_WRONLY)) == EACCES);
	EXPECT(mounts_has("/proc/self/mounts", " tmpfs rw,nodev,relatime"));
	EXPECT(statfs(mnt, &sf) == 0 && (sf.f_flags & ST_NODEV));
	CHECK(mount(NULL, mnt, NULL, MS_REMOUNT, NULL) == 0);
	fd = open(at(mnt, "null"), O_WRONLY);
	EXPECT(fd >= 0 && write(fd, "x", 1) == 1);
	close(fd);
	CHECK(umount(mnt) == 0);
	rmdir(mnt);
	rmdir(mnt2);
	return 0;
}

static int test_nosuid(void)
{
	struct statfs sf;

	CHECK(scratch() == 0);
	CHECK(mount("none", mnt, "tmpfs", MS_NOSUID | MS_NOATIME, NULL) == 0);
	CHECK(statfs(mnt, &sf) == 0);
	EXPECT((sf.f_flags & ST_NOSUID) && !(sf.f_flags & ST_RDONLY));
	EXPECT(mounts_has("/proc/self/mounts", " tmpfs rw,nosuid,noatime 0 0"));
	CHECK(umount(mnt) == 0);
	rmdir(mnt);
	rmdir(mnt2);
	return 0;
}

static int test_proc_sysfs(void)
{
	struct stat st, dn;
	struct statfs sf;
	int shm;
	char want[96];

	CHECK(scratch() == 0);
	/* The kernel's /dev/shm goes (its tmpfs freed) and comes back. */
	shm = umount("/dev/shm");
	EXPECT(shm == 0);
	if (shm == 0)
		EXPECT(mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID, NULL) == 0);
	CHECK(mount("proc", mnt, "proc", 0, NULL) == 0);
	EXPECT(statfs(mnt, &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC);
	EXPECT(access(at(mnt, "self/status"), R_OK) == 0);
	snprintf(want, sizeof(want), "proc %s proc rw,relatime 0 0", mnt);
	EXPECT(mounts_has("/proc/mounts", want));
	CHECK(mount("sysfs", mnt2, "sysfs", 0, NULL) == 0);
	EXPECT(statfs(mnt2, &sf) == 0 && sf.f_type == SYSFS_MAGIC);
	EXPECT(access(at(mnt2, "module"), F_OK) == 0);
	CHECK(umount(mnt) == 0);
	CHECK(umount(mnt2) == 0);
	EXPECT(access(at(mnt, "self"), F_OK) < 0);
	CHECK(mount("devtmpfs", mnt, "devtmpfs", 0, NULL) == 0);
	EXPECT(stat(at(mnt, "null"), &st) == 0 && stat("/dev/null", &dn) == 0 &&
	       st.st_ino == dn.st_ino && st.st_rdev == makedev(1, 3));
	CHECK(umount(mnt) == 0);
	rmdir(mnt);
	rmdir(mnt2);
	return 0;
}

static int test_bind(void)
{
	struct stat a, b;

	CHECK(scratch() == 0);
	CHECK(write_file(at(mnt, "f"), "bound", 0644) == 0);
	CHECK(mount(mnt, mnt2, NULL, MS_BIND, NULL) == 0);
	EXPECT(stat(at(mnt, "f"), &a) == 0 && stat(at(mnt2, "f"), &b) == 0 &&
	       a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	EXPECT(ERR(mount(mnt, mnt2, NULL, MS_BIND, NULL)) == EBUSY);
	CHECK(umount(mnt2) == 0);
	EXPECT(ERR(access(at(mnt2, "f"), F_OK)) == ENOENT);
	EXPECT(ERR(mount(at(mnt, "f"), mnt2, NULL, MS_BIND, NULL)) == ENOTDIR);
	EXPECT(ERR(mount("/tmp/mt.none", mnt2, NULL, MS_BIND, NULL)) == ENOENT);
	unlink(at(mnt, "f"));
	rmdir(mnt);
	rmdir(mnt2);
	return 0;
}

static int test_proc_mounts(void)
{
	char link[64] = "", want[128];
	ssize_t n;

	CHECK(scratch() == 0);
	EXPECT(mounts_has("/proc/mounts", "proc /proc proc rw"));
	EXPECT(mounts_has("/proc/mounts", "tmpfs /tmp tmpfs rw"));
	EXPECT(mounts_has("/proc/mounts", "tmpfs /dev/shm tmpfs rw,nosuid"));
	EXPECT(mounts_has("/proc/mounts", "rootfs / "));
	EXPECT(mounts_has("/proc/mounts", "devtmpfs /dev devtmpfs rw,nosuid"));
	n = readlink("/etc/mtab", link, sizeof(link) - 1);
	EXPECT(n > 0 && !strcmp(link, "/proc/self/mounts"));
	CHECK(mount("my src", mnt, "tmpfs", MS_RDONLY, NULL) == 0);
	snprintf(want, sizeof(want), "my\\040src %s tmpfs ro,relatime 0 0", mnt);
	EXPECT(mounts_has("/etc/mtab", want));
	snprintf(want, sizeof(want), " / %s ro,relatime - tmpfs my\\040src ro", mnt);
	EXPECT(mounts_has("/proc/self/mountinfo", want));
	EXPECT(mounts_has("/proc/1/mountinfo", want));
	CHECK(umount(mnt) == 0);
	EXPECT(!mounts_has("/proc/self/mountinfo", mnt));
	rmdir(mnt);
	rmdir(mnt2);
	return 0;
}

/* LTP's write01, fsync02 and mremap01 make files of 256 MiB and more. */
static int test_big_file(void)
{
	const off_t mib = 1 << 20;
	struct stat st;
	char c = 0;
	int fd;

	CHECK(scratch() == 0);
	CHECK(mount("none", mnt, "tmpfs", 0, NULL) == 0);
	fd = open(at(mnt, "big"), O_RDWR | O_CREAT, 0644);
	CHECK(fd >= 0);
	EXPECT(pwrite(fd, "x", 1, 256 * mib) == 1);
	EXPECT(fstat(fd, &st) == 0 && st.st_size == 256 * mib + 1);
	EXPECT(pread(fd, &c, 1, 128 * mib) == 1 && c == 0);
	EXPECT(pread(fd, &c, 1, 256 * mib) == 1 && c == 'x');
	EXPECT(ftruncate(fd, 1024 * mib) == 0);
	EXPECT(fstat(fd, &st) == 0 && st.st_size == 1024 * mib);
	EXPECT(ERR(ftruncate(fd, 2048 * mib + 1)) == EFBIG);
	EXPECT(ERR(pwrite(fd, "x", 1, 2048 * mib)) == EFBIG);
	close(fd);
	CHECK(umount(mnt) == 0);
	rmdir(mnt);
	rmdir(mnt2);
	return 0;
}

/* A child that writes pages @from to @to of @p: 0 if it could, else
 * the signal that ended it. */
static int touch_sig(char *p, long from, long to)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		for (long n = from; n <= to; n++)
			p[n * 4096] = 1;
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

/* size= is enforced, as Linux's tmpfs: a write past it is ENOSPC (short
 * first), a fault of a shared mapping SIGBUS, statfs shows it; freed
 * pages count again; the default is half of memory, size=0 no limit. */
static int test_size(void)
{
	static char page[4096];
	struct statfs sf;
	struct sysinfo si;
	long n = 0;
	char *p;
	int fd;

	CHECK(scratch() == 0);
	CHECK(mount("none", mnt, "tmpfs", 0, "size=64k") == 0);
	EXPECT(statfs(mnt, &sf) == 0 && sf.f_blocks == 16 && sf.f_bfree == 16);
	fd = open(at(mnt, "f"), O_RDWR | O_CREAT, 0644);
	CHECK(fd >= 0);
	while (n < 32 && write(fd, page, sizeof(page)) == sizeof(page))
		n++;
	EXPECT(n == 16 && ERR(write(fd, page, 1)) == ENOSPC);
	EXPECT(statfs(mnt, &sf) == 0 && sf.f_bfree == 0 && sf.f_bavail == 0);
	EXPECT(ftruncate(fd, 8 * 4096) == 0 && statfs(mnt, &sf) == 0 &&
	       sf.f_bfree == 8);
	EXPECT(ftruncate(fd, 32 * 4096) == 0);
	p = mmap(NULL, 32 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	EXPECT(touch_sig(p, 0, 15) == 0);		/* 8 new: 16 pages */
	EXPECT(touch_sig(p, 16, 16) == SIGBUS);		/* the 17th: full */
	munmap(p, 32 * 4096);
	close(fd);
	CHECK(umount(mnt) == 0);
	CHECK(mount("none", mnt, "tmpfs", 0, NULL) == 0);	/* the default */
	EXPECT(statfs(mnt, &sf) == 0 && sysinfo(&si) == 0 &&
	       sf.f_blocks == si.totalram * si.mem_unit / 4096 / 2);
	CHECK(umount(mnt) == 0);
	CHECK(mount("none", mnt, "tmpfs", 0, "size=0") == 0);	/* no limit */
	EXPECT(statfs(mnt, &sf) == 0 && sysinfo(&si) == 0 &&
	       sf.f_blocks == si.totalram * si.mem_unit / 4096);
	CHECK(umount(mnt) == 0);
	rmdir(mnt);
	rmdir(mnt2);
	return 0;
}

static const struct tap_test tests[] = {
	{ "tmpfs", test_tmpfs },
	{ "options", test_options },
	{ "mount_errors", test_mount_errors },
	{ "umount_errors", test_umount_errors },
	{ "rdonly", test_rdonly },
	{ "remount", test_remount },
	{ "noexec", test_noexec },
	{ "nodev", test_nodev },
	{ "nosuid", test_nosuid },
	{ "proc_sysfs", test_proc_sysfs },
	{ "bind", test_bind },
	{ "proc_mounts", test_proc_mounts },
	{ "big_file", test_big_file },
	{ "size", test_size },
};

int main(int argc, char **argv)
{
	return tap_run("mounttests", tests, sizeof(tests) / sizeof(tests[0]),
		       TEST_TIMEOUT, argc, argv);
}
