/*
 * fhandletests: file handles, name_to_handle_at(2) and
 * open_by_handle_at(2), as Linux has them on tmpfs: a handle of a file
 * and of a directory opens them again (same inode, same bytes, the
 * directory's path), EOVERFLOW with the size needed, ESTALE once the
 * inode is gone or its generation does not match, EPERM without
 * CAP_DAC_READ_SEARCH, EOPNOTSUPP on /proc, EINVAL for bad flags and
 * sizes, AT_EMPTY_PATH, symlinks (ELOOP unless O_PATH), and the mount id
 * as /proc/self/mountinfo shows it.
 *
 *   fhandletests [NAME]...   run every test, or only the ones named
 *
 * TAP like the other test programs (user/lib/tap.c tap_run()), ending in
 * "# fhandletests: P passed, F failed". Every test works in a directory
 * of its own under /tmp and removes it. Runs as root.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#define TEST_TIMEOUT 30
#define MAX_HANDLE_SZ 128
#define TMPFS_HANDLE_BYTES 12	/* shmem's: generation, ino split in two */

/* struct file_handle with room for the largest handle. */
struct fh {
	unsigned int handle_bytes;
	int handle_type;
	unsigned char f_handle[MAX_HANDLE_SZ];
};

static int name_to_handle(int dfd, const char *name, struct fh *h,
			  int *mnt_id, int flags)
{
	return (int)syscall(SYS_name_to_handle_at, dfd, name, h, mnt_id, flags);
}

static int open_by_handle(int mount_fd, struct fh *h, int flags)
{
	return (int)syscall(SYS_open_by_handle_at, mount_fd, h, flags);
}

/* @name's handle (room: MAX_HANDLE_SZ) into @h: 0 or -1. */
static int get_handle(const char *name, struct fh *h, int flags)
{
	int mnt_id;

	h->handle_bytes = MAX_HANDLE_SZ;
	return name_to_handle(AT_FDCWD, name, h, &mnt_id, flags);
}

/* Make directory @dir with a file "f" holding "hello" in it. */
static int setup(const char *dir)
{
	char path[64];
	int fd;

	CHECK(mkdir(dir, 0755) == 0);
	snprintf(path, sizeof(path), "%s/f", dir);
	fd = open(path, O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0 && write(fd, "hello", 5) == 5);
	close(fd);
	return 0;
}

static int file_and_dir(void)
{
	struct stat st, got;
	char buf[16], link[64], proc[32];
	struct fh h;
	int mfd, fd, dfd;

	CHECK(setup("/tmp/fh_a") == 0);
	CHECK(get_handle("/tmp/fh_a/f", &h, 0) == 0);
	CHECK(h.handle_bytes == TMPFS_HANDLE_BYTES && h.handle_type == 1);
	mfd = open("/tmp", O_RDONLY | O_DIRECTORY);
	CHECK(mfd >= 0);
	fd = open_by_handle(mfd, &h, O_RDONLY);
	CHECK(fd >= 0);
	CHECK(read(fd, buf, sizeof(buf)) == 5 && !memcmp(buf, "hello", 5));
	CHECK(fstat(fd, &got) == 0 && stat("/tmp/fh_a/f", &st) == 0);
	CHECK(got.st_ino == st.st_ino && got.st_dev == st.st_dev);
	close(fd);
	/* A directory: opened again with its path, entries reachable. */
	CHECK(get_handle("/tmp/fh_a", &h, 0) == 0);
	dfd = open_by_handle(mfd, &h, O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0);
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", dfd);
	memset(link, 0, sizeof(link));
	CHECK(readlink(proc, link, sizeof(link) - 1) > 0);
	CHECK(!strcmp(link, "/tmp/fh_a"));
	fd = openat(dfd, "f", O_RDONLY);
	CHECK(fd >= 0 && read(fd, buf, sizeof(buf)) == 5);
	close(fd);
	close(dfd);
	CHECK(open_by_handle(mfd, &h, O_RDWR) == -1 && errno == EISDIR);
	/* The mount fd may be any file on the file system, or the cwd. */
	CHECK(chdir("/tmp/fh_a") == 0);
	dfd = open_by_handle(AT_FDCWD, &h, O_PATH);
	CHECK(dfd >= 0);
	close(dfd);
	close(mfd);
	CHECK(unlink("/tmp/fh_a/f") == 0 && rmdir("/tmp/fh_a") == 0);
	return 0;
}

static int overflow_and_sizes(void)
{
	struct fh h;
	int mnt_id = -1;

	CHECK(setup("/tmp/fh_o") == 0);
	memset(&h, 0, sizeof(h));
	CHECK(name_to_handle(AT_FDCWD, "/tmp/fh_o/f", &h, &mnt_id, 0) == -1);
	CHECK(errno == EOVERFLOW && h.handle_bytes == TMPFS_HANDLE_BYTES);
	CHECK(mnt_id > 0);		/* written even so */
	h.handle_bytes = 8;
	CHECK(name_to_handle(AT_FDCWD, "/tmp/fh_o/f", &h, &mnt_id, 0) == -1);
	CHECK(errno == EOVERFLOW && h.handle_bytes == TMPFS_HANDLE_BYTES);
	h.handle_bytes = MAX_HANDLE_SZ + 1;
	CHECK(name_to_handle(AT_FDCWD, "/tmp/fh_o/f", &h, &mnt_id, 0) == -1);
	CHECK(errno == EINVAL);
	CHECK(name_to_handle(AT_FDCWD, "/tmp/fh_o/f", (struct fh *)8, &mnt_id,
			     0) == -1 && errno == EFAULT);
	h.handle_bytes = MAX_HANDLE_SZ;
	CHECK(name_to_handle(AT_FDCWD, "/tmp/fh_o/f", &h, (int *)8, 0) == -1);
	CHECK(errno == EFAULT);
	/* open_by_handle_at: 0 bytes and too many are EINVAL. */
	h.handle_bytes = 0;
	CHECK(open_by_handle(AT_FDCWD, &h, O_RDONLY) == -1 && errno == EINVAL);
	h.handle_bytes = MAX_HANDLE_SZ + 1;
	CHECK(open_by_handle(AT_FDCWD, &h, O_RDONLY) == -1 && errno == EINVAL);
	CHECK(open_by_handle(AT_FDCWD, (struct fh *)8, O_RDONLY) == -1 &&
	      errno == EFAULT);
	CHECK(unlink("/tmp/fh_o/f") == 0 && rmdir("/tmp/fh_o") == 0);
	return 0;
}

static int stale(void)
{
	struct fh h, again;
	int mfd, fd;

	CHECK(setup("/tmp/fh_s") == 0);
	mfd = open("/tmp", O_RDONLY | O_DIRECTORY);
	CHECK(mfd >= 0);
	CHECK(get_handle("/tmp/fh_s/f", &h, 0) == 0);
	/* Another generation: not this inode (a reused number would be). */
	again = h;
	again.f_handle[0] ^= 1;
	CHECK(open_by_handle(mfd, &again, O_RDONLY) == -1 && errno == ESTALE);
	/* Another file system: no inode of that number and generation. */
	fd = open("/dev/shm", O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0);
	CHECK(open_by_handle(fd, &h, O_RDONLY) == -1 && errno == ESTALE);
	close(fd);
	/* Gone: stale, and a new file in its place is another inode. */
	CHECK(unlink("/tmp/fh_s/f") == 0);
	CHECK(open_by_handle(mfd, &h, O_RDONLY) == -1 && errno == ESTALE);
	CHECK(setup("/tmp/fh_s/d") == 0);
	CHECK(rename("/tmp/fh_s/d/f", "/tmp/fh_s/f") == 0);
	CHECK(open_by_handle(mfd, &h, O_RDONLY) == -1 && errno == ESTALE);
	CHECK(get_handle("/tmp/fh_s/f", &again, 0) == 0);
	CHECK(memcmp(again.f_handle, h.f_handle, TMPFS_HANDLE_BYTES) != 0);
	close(mfd);
	CHECK(unlink("/tmp/fh_s/f") == 0 && rmdir("/tmp/fh_s/d") == 0);
	CHECK(rmdir("/tmp/fh_s") == 0);
	return 0;
}

static int needs_cap_dac_read_search(void)
{
	struct fh h;
	int pid, mfd, fd;

	CHECK(setup("/tmp/fh_p") == 0);
	CHECK(chmod("/tmp/fh_p/f", 0644) == 0);
	pid = fork();
	if (pid == 0) {
		if (tap_become(1000, 0))
			_exit(2);
		mfd = open("/tmp", O_RDONLY | O_DIRECTORY);
		/* Making a handle needs nothing; opening one the capability. */
		if (mfd < 0 || get_handle("/tmp/fh_p/f", &h, 0))
			_exit(3);
		fd = open_by_handle(mfd, &h, O_RDONLY);
		_exit(fd == -1 && errno == EPERM ? 0 : 4);
	}
	CHECK(pid > 0 && tap_wait_status(pid) == 0);
	CHECK(unlink("/tmp/fh_p/f") == 0 && rmdir("/tmp/fh_p") == 0);
	return 0;
}

static int proc_has_none(void)
{
	struct fh h;
	int mnt_id, pfd, fd;

	h.handle_bytes = MAX_HANDLE_SZ;
	CHECK(name_to_handle(AT_FDCWD, "/proc/self/status", &h, &mnt_id, 0) == -1);
	CHECK(errno == EOPNOTSUPP);
	CHECK(setup("/tmp/fh_n") == 0);
	CHECK(get_handle("/tmp/fh_n/f", &h, 0) == 0);
	pfd = open("/proc", O_RDONLY | O_DIRECTORY);
	CHECK(pfd >= 0);
	fd = open_by_handle(pfd, &h, O_RDONLY);
	CHECK(fd == -1 && errno == ESTALE);	/* proc cannot decode it */
	close(pfd);
	CHECK(unlink("/tmp/fh_n/f") == 0 && rmdir("/tmp/fh_n") == 0);
	return 0;
}

static int flags_and_empty_path(void)
{
	struct fh h, by_fd;
	int mnt_id, fd;

	CHECK(setup("/tmp/fh_e") == 0);
	h.handle_bytes = MAX_HANDLE_SZ;
	CHECK(name_to_handle(AT_FDCWD, "/tmp/fh_e/f", &h, &mnt_id, -1) == -1);
	CHECK(errno == EINVAL);
	CHECK(name_to_handle(AT_FDCWD, "/tmp/fh_e/f", &h, &mnt_id,
			     AT_SYMLINK_NOFOLLOW) == -1 && errno == EINVAL);
	CHECK(name_to_handle(AT_FDCWD, "", &h, &mnt_id, 0) == -1 &&
	      errno == ENOENT);
	CHECK(name_to_handle(-1, "f", &h, &mnt_id, 0) == -1 && errno == EBADF);
	CHECK(open_by_handle(-1, &h, O_RDONLY) == -1 && errno == EBADF);
	/* AT_EMPTY_PATH: the file open as dfd, the same handle. */
	CHECK(get_handle("/tmp/fh_e/f", &h, 0) == 0);
	fd = open("/tmp/fh_e/f", O_RDONLY);
	CHECK(fd >= 0);
	CHECK(name_to_handle(fd, "f", &by_fd, &mnt_id, AT_EMPTY_PATH) == -1 &&
	      errno == ENOTDIR);
	by_fd.handle_bytes = MAX_HANDLE_SZ;
	CHECK(name_to_handle(fd, "", &by_fd, &mnt_id, AT_EMPTY_PATH) == 0);
	CHECK(by_fd.handle_bytes == h.handle_bytes &&
	      !memcmp(by_fd.f_handle, h.f_handle, h.handle_bytes));
	close(fd);
	CHECK(unlink("/tmp/fh_e/f") == 0 && rmdir("/tmp/fh_e") == 0);
	return 0;
}

static int symlinks(void)
{
	struct fh link, target, followed;
	struct stat st;
	int mfd, fd;

	CHECK(setup("/tmp/fh_l") == 0);
	CHECK(symlink("f", "/tmp/fh_l/l") == 0);
	CHECK(get_handle("/tmp/fh_l/l", &link, 0) == 0);
	CHECK(get_handle("/tmp/fh_l/f", &target, 0) == 0);
	CHECK(get_handle("/tmp/fh_l/l", &followed, AT_SYMLINK_FOLLOW) == 0);
	CHECK(!memcmp(followed.f_handle, target.f_handle, target.handle_bytes));
	CHECK(memcmp(link.f_handle, target.f_handle, target.handle_bytes));
	mfd = open("/tmp", O_RDONLY | O_DIRECTORY);
	CHECK(mfd >= 0);
	CHECK(open_by_handle(mfd, &link, O_RDWR) == -1 && errno == ELOOP);
	CHECK(open_by_handle(mfd, &link, O_RDONLY) == -1 && errno == ELOOP);
	fd = open_by_handle(mfd, &link, O_PATH | O_NOFOLLOW);
	CHECK(fd >= 0);
	CHECK(fstat(fd, &st) == 0 && S_ISLNK(st.st_mode));
	close(fd);
	close(mfd);
	CHECK(unlink("/tmp/fh_l/l") == 0 && unlink("/tmp/fh_l/f") == 0);
	CHECK(rmdir("/tmp/fh_l") == 0);
	return 0;
}

/* The id of the mount at @dir in /proc/self/mountinfo, or -1. */
static int mountinfo_id(const char *dir)
{
	char line[512], mp[256];
	int id, found = -1;
	FILE *f = fopen("/proc/self/mountinfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%d %*d %*s %*s %255s", &id, mp) == 2 &&
		    !strcmp(mp, dir))
			found = id;		/* the last: the one on top */
	fclose(f);
	return found;
}

static int mount_id(void)
{
	struct fh h;
	int id = -1;

	CHECK(setup("/tmp/fh_m") == 0);
	h.handle_bytes = MAX_HANDLE_SZ;
	CHECK(name_to_handle(AT_FDCWD, "/tmp/fh_m/f", &h, &id, 0) == 0);
	CHECK(id > 0 && id == mountinfo_id("/tmp"));
	h.handle_bytes = MAX_HANDLE_SZ;
	CHECK(name_to_handle(AT_FDCWD, "/tmp", &h, &id, 0) == 0);
	CHECK(id == mountinfo_id("/tmp"));
	h.handle_bytes = MAX_HANDLE_SZ;
	CHECK(name_to_handle(AT_FDCWD, "/dev/shm", &h, &id, 0) == 0);
	CHECK(id == mountinfo_id("/dev/shm"));
	CHECK(unlink("/tmp/fh_m/f") == 0 && rmdir("/tmp/fh_m") == 0);
	return 0;
}

static const struct tap_test tests[] = {
	{ "file_and_dir", file_and_dir },
	{ "overflow_and_sizes", overflow_and_sizes },
	{ "stale", stale },
	{ "needs_cap_dac_read_search", needs_cap_dac_read_search },
	{ "proc_has_none", proc_has_none },
	{ "flags_and_empty_path", flags_and_empty_path },
	{ "symlinks", symlinks },
	{ "mount_id", mount_id },
};

int main(int argc, char **argv)
{
	return tap_run_as_root("fhandletests", tests,
			       sizeof(tests) / sizeof(tests[0]), TEST_TIMEOUT,
			       argc, argv);
}
