/*
 * notifytests: inotify as Linux 6.1 has it, checked from user space
 * (kernel/fs/notify/: the fsnotify core and inotify_user.c): a file's
 * own events and a directory's with its entries' names, the cookie that
 * pairs a rename's halves, IN_MOVE_SELF, IN_DELETE_SELF and IN_IGNORED,
 * IN_UNMOUNT, IN_ONESHOT, IN_EXCL_UNLINK, IN_MASK_ADD and
 * IN_MASK_CREATE, equal events merged, IN_Q_OVERFLOW at
 * max_queued_events, the per-user limits of /proc/sys/fs/inotify/
 * (EMFILE, ENOSPC), read()'s EINVAL and EAGAIN, FIONREAD, poll and
 * epoll readiness, /proc/self/fd's "anon_inode:inotify" and fdinfo's
 * "inotify wd:" lines, and every errno of the three calls; and
 * fanotify's notification class: its records with a descriptor on the
 * object and the pid, FAN_ONDIR and FAN_EVENT_ON_CHILD, ignore masks,
 * FAN_MARK_FLUSH, mount marks, permission events answered with
 * FAN_ALLOW and FAN_DENY (EPERM), a mount mark on tracefs seeing kprobe
 * events defined and switched (LTP fanotify25), and the errnos of its
 * two calls.
 *
 *   notifytests [NAME]...   run every test, or only the ones named
 *
 * TAP like the other test programs (user/lib/tap.c tap_run()), ending in
 * "# notifytests: P passed, F failed". Every test works in a directory
 * of its own under /tmp and removes it. Run as root (the limits).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/fanotify.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "procfs.h"
#include "tap.h"

#define TEST_TIMEOUT 30
#define MAXEV 64

/* One event as read, its name copied. */
struct ev {
	int wd;
	unsigned int mask, cookie;
	char name[64];
};

static struct ev evs[MAXEV];

/* Read what is queued on non-blocking @fd into evs[]: how many. */
static int drain(int fd)
{
	static char buf[8192] __attribute__((aligned(8)));
	int n = 0;
	ssize_t len;

	while ((len = read(fd, buf, sizeof(buf))) > 0) {
		for (char *p = buf; p < buf + len && n < MAXEV; n++) {
			struct inotify_event *e = (struct inotify_event *)p;

			evs[n].wd = e->wd;
			evs[n].mask = e->mask;
			evs[n].cookie = e->cookie;
			snprintf(evs[n].name, sizeof(evs[n].name), "%s",
				 e->len ? e->name : "");
			p += sizeof(*e) + e->len;
		}
	}
	return n;
}

/* Is event @i @mask on @wd with @name? Reports the difference. */
static int is(int i, int wd, unsigned int mask, const char *name)
{
	if (evs[i].wd == wd && evs[i].mask == mask &&
	    !strcmp(evs[i].name, name))
		return 1;
	printf("#   event %d: wd %d mask %#x \"%s\", expected wd %d mask %#x "
	       "\"%s\"\n", i, evs[i].wd, evs[i].mask, evs[i].name, wd, mask,
	       name);
	return 0;
}

/* A directory of the test's own, and a file "f" in it with 3 bytes. */
static int setup(const char *dir)
{
	char f[64];
	int fd;

	snprintf(f, sizeof(f), "%s/f", dir);
	if (mkdir(dir, 0755))
		return -1;
	fd = open(f, O_CREAT | O_RDWR, 0644);
	if (fd < 0 || write(fd, "abc", 3) != 3)
		return -1;
	return close(fd);
}

static int write_proc(const char *path, unsigned int v)
{
	char s[16];

	snprintf(s, sizeof(s), "%u", v);
	return procfs_write(path, s);
}

static unsigned int read_proc(const char *path)
{
	char s[16] = "";
	int fd = open(path, O_RDONLY);

	if (fd >= 0) {
		if (read(fd, s, sizeof(s) - 1) < 0)
			s[0] = '\0';
		close(fd);
	}
	return (unsigned int)strtoul(s, NULL, 10);
}

static int init_flags(void)
{
	char path[64], link[64] = "";
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC), plain = inotify_init();

	CHECK(fd >= 0 && plain >= 0);
	CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK(!(fcntl(plain, F_GETFL) & O_NONBLOCK) && fcntl(plain, F_GETFD) == 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	CHECK(readlink(path, link, sizeof(link) - 1) == 18);
	link[18] = '\0';
	CHECK(!strcmp(link, "anon_inode:inotify"));
	CHECK(inotify_init1(1) == -1 && errno == EINVAL);
	CHECK(inotify_init1(IN_NONBLOCK << 1) == -1 && errno == EINVAL);
	close(fd);
	close(plain);
	return 0;
}

static int file_events(void)
{
	char buf[8];
	int in, wd, fd;

	CHECK(setup("/tmp/in_file") == 0);
	in = inotify_init1(IN_NONBLOCK);
	wd = inotify_add_watch(in, "/tmp/in_file/f", IN_ALL_EVENTS);
	CHECK(in >= 0 && wd == 1);
	fd = open("/tmp/in_file/f", O_RDWR);
	CHECK(read(fd, buf, sizeof(buf)) == 3 && write(fd, "d", 1) == 1);
	CHECK(write(fd, "e", 1) == 1);		/* merged into the last */
	CHECK(chmod("/tmp/in_file/f", 0600) == 0 && ftruncate(fd, 1) == 0);
	close(fd);
	close(open("/tmp/in_file/f", O_RDONLY));
	CHECK(drain(in) == 8);
	CHECK(is(0, wd, IN_OPEN, "") && is(1, wd, IN_ACCESS, ""));
	CHECK(is(2, wd, IN_MODIFY, "") && is(3, wd, IN_ATTRIB, ""));
	CHECK(is(4, wd, IN_MODIFY, "") && is(5, wd, IN_CLOSE_WRITE, ""));
	CHECK(is(6, wd, IN_OPEN, "") && is(7, wd, IN_CLOSE_NOWRITE, ""));
	CHECK(evs[0].cookie == 0);
	close(in);
	CHECK(unlink("/tmp/in_file/f") == 0 && rmdir("/tmp/in_file") == 0);
	return 0;
}

static int dir_events(void)
{
	int in, wd, fd;

	CHECK(setup("/tmp/in_dir") == 0);
	in = inotify_init1(IN_NONBLOCK);
	wd = inotify_add_watch(in, "/tmp/in_dir", IN_ALL_EVENTS);
	CHECK(wd > 0);
	fd = open("/tmp/in_dir/a", O_CREAT | O_WRONLY, 0644);
	CHECK(fd >= 0 && close(fd) == 0);
	CHECK(mkdir("/tmp/in_dir/d", 0755) == 0);
	CHECK(rename("/tmp/in_dir/a", "/tmp/in_dir/b") == 0);
	CHECK(chmod("/tmp/in_dir/f", 0600) == 0);
	CHECK(unlink("/tmp/in_dir/b") == 0 && rmdir("/tmp/in_dir/d") == 0);
	CHECK(chmod("/tmp/in_dir", 0700) == 0);
	CHECK(drain(in) == 10);
	CHECK(is(0, wd, IN_CREATE, "a") && is(1, wd, IN_OPEN, "a"));
	CHECK(is(2, wd, IN_CLOSE_WRITE, "a"));
	CHECK(is(3, wd, IN_CREATE | IN_ISDIR, "d"));
	CHECK(is(4, wd, IN_MOVED_FROM, "a") && is(5, wd, IN_MOVED_TO, "b"));
	CHECK(evs[4].cookie != 0 && evs[4].cookie == evs[5].cookie);
	CHECK(is(6, wd, IN_ATTRIB, "f") && is(7, wd, IN_DELETE, "b"));
	CHECK(is(8, wd, IN_DELETE | IN_ISDIR, "d"));
	CHECK(is(9, wd, IN_ATTRIB | IN_ISDIR, ""));
	close(in);
	CHECK(unlink("/tmp/in_dir/f") == 0 && rmdir("/tmp/in_dir") == 0);
	return 0;
}

static int move_between_dirs(void)
{
	int in, w1, w2, wf;

	CHECK(setup("/tmp/in_mv") == 0 && mkdir("/tmp/in_mv/o", 0755) == 0);
	in = inotify_init1(IN_NONBLOCK);
	w1 = inotify_add_watch(in, "/tmp/in_mv", IN_MOVE);
	w2 = inotify_add_watch(in, "/tmp/in_mv/o", IN_MOVE);
	wf = inotify_add_watch(in, "/tmp/in_mv/f", IN_MOVE_SELF);
	CHECK(w1 == 1 && w2 == 2 && wf == 3);
	CHECK(rename("/tmp/in_mv/f", "/tmp/in_mv/o/g") == 0);
	CHECK(rename("/tmp/in_mv/o/g", "/tmp/in_mv/f") == 0);
	CHECK(drain(in) == 6);
	CHECK(is(0, w1, IN_MOVED_FROM, "f") && is(1, w2, IN_MOVED_TO, "g"));
	CHECK(is(2, wf, IN_MOVE_SELF, ""));
	CHECK(is(3, w2, IN_MOVED_FROM, "g") && is(4, w1, IN_MOVED_TO, "f"));
	CHECK(evs[0].cookie == evs[1].cookie && evs[3].cookie == evs[4].cookie);
	CHECK(evs[0].cookie != evs[3].cookie);
	close(in);
	CHECK(unlink("/tmp/in_mv/f") == 0 && rmdir("/tmp/in_mv/o") == 0);
	CHECK(rmdir("/tmp/in_mv") == 0);
	return 0;
}

static int delete_self(void)
{
	int in, wf, wd, fd;

	CHECK(setup("/tmp/in_del") == 0 && mkdir("/tmp/in_del/d", 0755) == 0);
	in = inotify_init1(IN_NONBLOCK);
	wf = inotify_add_watch(in, "/tmp/in_del/f", IN_ALL_EVENTS);
	wd = inotify_add_watch(in, "/tmp/in_del/d", IN_ALL_EVENTS);
	CHECK(rmdir("/tmp/in_del/d") == 0);
	fd = open("/tmp/in_del/f", O_RDONLY);
	CHECK(unlink("/tmp/in_del/f") == 0);
	CHECK(drain(in) == 4);		/* the file is open: it lives on */
	CHECK(is(0, wd, IN_DELETE_SELF, "") && is(1, wd, IN_IGNORED, ""));
	CHECK(is(2, wf, IN_OPEN, "") && is(3, wf, IN_ATTRIB, ""));
	close(fd);
	CHECK(drain(in) == 3);
	CHECK(is(0, wf, IN_CLOSE_NOWRITE, "") && is(1, wf, IN_DELETE_SELF, ""));
	CHECK(is(2, wf, IN_IGNORED, ""));
	CHECK(inotify_rm_watch(in, wf) == -1 && errno == EINVAL);
	close(in);
	CHECK(rmdir("/tmp/in_del") == 0);
	return 0;
}

static int rm_watch(void)
{
	int in = inotify_init1(IN_NONBLOCK), p[2], wd;

	CHECK(setup("/tmp/in_rm") == 0 && pipe(p) == 0);
	wd = inotify_add_watch(in, "/tmp/in_rm/f", IN_MODIFY);
	CHECK(wd > 0 && inotify_rm_watch(in, wd) == 0);
	CHECK(drain(in) == 1 && is(0, wd, IN_IGNORED, ""));
	CHECK(inotify_rm_watch(in, wd) == -1 && errno == EINVAL);
	CHECK(inotify_rm_watch(in, -1) == -1 && errno == EINVAL);
	CHECK(inotify_rm_watch(p[0], 1) == -1 && errno == EINVAL);
	CHECK(inotify_rm_watch(-1, 1) == -1 && errno == EBADF);
	CHECK(inotify_rm_watch(999, 1) == -1 && errno == EBADF);
	/* A new watch gets a new wd: the old one is not reused at once. */
	CHECK(inotify_add_watch(in, "/tmp/in_rm/f", IN_MODIFY) == wd + 1);
	close(in);
	close(p[0]);
	close(p[1]);
	CHECK(unlink("/tmp/in_rm/f") == 0 && rmdir("/tmp/in_rm") == 0);
	return 0;
}

/* In a child: as user 1000, a file it may not read is EACCES. */
static int eacces_as_user(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		int in = inotify_init();

		if (tap_become(1000, 0))
			_exit(2);
		_exit(inotify_add_watch(in, "/tmp/in_err/secret", IN_OPEN) == -1 &&
		      errno == EACCES ? 0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return 0;
}

static int add_watch_errors(void)
{
	int in = inotify_init(), p[2], wd;

	CHECK(setup("/tmp/in_err") == 0 && pipe(p) == 0);
	close(open("/tmp/in_err/secret", O_CREAT | O_WRONLY, 0600));
	CHECK(symlink("f", "/tmp/in_err/l") == 0);
	CHECK(inotify_add_watch(-1, "/tmp", IN_OPEN) == -1 && errno == EBADF);
	CHECK(inotify_add_watch(p[0], "/tmp", IN_OPEN) == -1 && errno == EINVAL);
	CHECK(inotify_add_watch(in, "/tmp", 0) == -1 && errno == EINVAL);
	CHECK(inotify_add_watch(in, "/tmp", IN_OPEN | IN_MASK_ADD | IN_MASK_CREATE) == -1 &&
	      errno == EINVAL);
	CHECK(inotify_add_watch(in, "/tmp/in_err/none", IN_OPEN) == -1 && errno == ENOENT);
	CHECK(inotify_add_watch(in, "/tmp/in_err/f", IN_OPEN | IN_ONLYDIR) == -1 &&
	      errno == ENOTDIR);
	CHECK(inotify_add_watch(in, (char *)1, IN_OPEN) == -1 && errno == EFAULT);
	wd = inotify_add_watch(in, "/tmp/in_err/f", IN_OPEN | IN_MASK_CREATE);
	CHECK(wd > 0);
	CHECK(inotify_add_watch(in, "/tmp/in_err/f", IN_OPEN | IN_MASK_CREATE) == -1 &&
	      errno == EEXIST);
	CHECK(inotify_add_watch(in, "/tmp/in_err/l", IN_OPEN) == wd);	/* followed */
	CHECK(inotify_add_watch(in, "/tmp/in_err/l", IN_OPEN | IN_DONT_FOLLOW) > wd);
	CHECK(eacces_as_user() == 0);
	close(in);
	close(p[0]);
	close(p[1]);
	CHECK(unlink("/tmp/in_err/l") == 0 && unlink("/tmp/in_err/secret") == 0);
	CHECK(unlink("/tmp/in_err/f") == 0 && rmdir("/tmp/in_err") == 0);
	return 0;
}

/* The mask fdinfo shows for @in's first watch; or 0. */
static unsigned int fdinfo_mask(int in)
{
	char path[64], buf[512], *p;
	unsigned int wd, mask = 0;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", in);
	if (procfs_read(path, buf, sizeof(buf)) < 0)
		return 0;
	p = strstr(buf, "inotify wd:");
	if (p && sscanf(p, "inotify wd:%x ino:%*x sdev:%*x mask:%x", &wd, &mask) != 2)
		mask = 0;
	return mask;
}

static int masks_and_fdinfo(void)
{
	int in = inotify_init(), wd;

	CHECK(setup("/tmp/in_mask") == 0);
	wd = inotify_add_watch(in, "/tmp/in_mask/f", IN_MODIFY | IN_ONESHOT);
	CHECK(fdinfo_mask(in) == (IN_MODIFY | IN_ONESHOT));
	CHECK(inotify_add_watch(in, "/tmp/in_mask/f", IN_ACCESS | IN_MASK_ADD) == wd);
	CHECK(fdinfo_mask(in) == (IN_MODIFY | IN_ACCESS | IN_ONESHOT));
	CHECK(inotify_add_watch(in, "/tmp/in_mask/f", IN_OPEN | IN_EXCL_UNLINK) == wd);
	CHECK(fdinfo_mask(in) == (IN_OPEN | IN_EXCL_UNLINK));
	close(in);
	CHECK(unlink("/tmp/in_mask/f") == 0 && rmdir("/tmp/in_mask") == 0);
	return 0;
}

static int oneshot_and_excl_unlink(void)
{
	int in = inotify_init1(IN_NONBLOCK), w1, w2, fd;

	CHECK(setup("/tmp/in_one") == 0);
	w1 = inotify_add_watch(in, "/tmp/in_one/f", IN_MODIFY | IN_ONESHOT);
	w2 = inotify_add_watch(in, "/tmp/in_one", IN_MODIFY | IN_EXCL_UNLINK);
	fd = open("/tmp/in_one/f", O_WRONLY);
	CHECK(write(fd, "x", 1) == 1 && write(fd, "y", 1) == 1);
	CHECK(unlink("/tmp/in_one/f") == 0);
	CHECK(write(fd, "z", 1) == 1);		/* unlinked: not told */
	close(fd);
	CHECK(drain(in) == 4);		/* the parent is told first */
	CHECK(is(0, w2, IN_MODIFY, "f") && is(1, w1, IN_MODIFY, ""));
	CHECK(is(2, w1, IN_IGNORED, "") && is(3, w2, IN_MODIFY, "f"));
	close(in);
	CHECK(rmdir("/tmp/in_one") == 0);
	return 0;
}

static int overflow(void)
{
	const char *q = "/proc/sys/fs/inotify/max_queued_events";
	unsigned int old = read_proc(q);
	int in, wd, fd, n;
	char c;

	CHECK(old == 16384 && write_proc(q, 8) == 0);
	in = inotify_init1(IN_NONBLOCK);
	CHECK(write_proc(q, old) == 0);
	CHECK(setup("/tmp/in_ovf") == 0);
	wd = inotify_add_watch(in, "/tmp/in_ovf/f", IN_ACCESS | IN_MODIFY);
	fd = open("/tmp/in_ovf/f", O_RDWR);
	for (int i = 0; i < 10; i++)
		CHECK(pread(fd, &c, 1, 0) == 1 && pwrite(fd, &c, 1, 0) == 1);
	close(fd);
	n = drain(in);
	CHECK(n == 9);
	CHECK(is(7, wd, IN_MODIFY, "") && is(8, -1, IN_Q_OVERFLOW, ""));
	close(in);
	CHECK(unlink("/tmp/in_ovf/f") == 0 && rmdir("/tmp/in_ovf") == 0);
	return 0;
}

static int limits(void)
{
	const char *i = "/proc/sys/fs/inotify/max_user_instances";
	const char *w = "/proc/sys/fs/inotify/max_user_watches";
	int a, b, c;

	CHECK(read_proc(i) == 128 && read_proc(w) == 8192);
	CHECK(setup("/tmp/in_lim") == 0);
	a = inotify_init();
	CHECK(write_proc(i, 2) == 0);
	b = inotify_init();
	c = inotify_init();
	CHECK(write_proc(i, 128) == 0);
	CHECK(a >= 0 && b >= 0 && c == -1 && errno == EMFILE);
	CHECK(write_proc(w, 1) == 0);
	CHECK(inotify_add_watch(a, "/tmp/in_lim/f", IN_OPEN) == 1);
	c = inotify_add_watch(b, "/tmp/in_lim", IN_OPEN);
	CHECK(write_proc(w, 8192) == 0);
	CHECK(c == -1 && errno == ENOSPC);
	CHECK(inotify_add_watch(a, "/tmp/in_lim/f", IN_CLOSE) == 1); /* not new */
	close(a);
	close(b);
	CHECK(unlink("/tmp/in_lim/f") == 0 && rmdir("/tmp/in_lim") == 0);
	return 0;
}

static int read_poll_fionread(void)
{
	struct epoll_event ee = { .events = EPOLLIN };
	struct inotify_event small;
	struct pollfd pfd;
	char buf[64];
	int in = inotify_init1(IN_NONBLOCK), ep = epoll_create1(0), avail = -1;

	CHECK(setup("/tmp/in_rd") == 0);
	pfd = (struct pollfd){ .fd = in, .events = POLLIN };
	CHECK(inotify_add_watch(in, "/tmp/in_rd", IN_CREATE) == 1);
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, in, &ee) == 0);
	CHECK(poll(&pfd, 1, 0) == 0 && epoll_wait(ep, &ee, 1, 0) == 0);
	CHECK(read(in, buf, sizeof(buf)) == -1 && errno == EAGAIN);
	CHECK(ioctl(in, FIONREAD, &avail) == 0 && avail == 0);
	CHECK(mkdir("/tmp/in_rd/long_name_x", 0755) == 0);	/* 11 + NUL: 16 */
	CHECK(poll(&pfd, 1, 0) == 1 && pfd.revents == POLLIN);
	CHECK(epoll_wait(ep, &ee, 1, 0) == 1);
	CHECK(ioctl(in, FIONREAD, &avail) == 0 && avail == 32);
	CHECK(read(in, &small, sizeof(small)) == -1 && errno == EINVAL);
	CHECK(read(in, buf, sizeof(buf)) == 32);
	CHECK(((struct inotify_event *)buf)->len == 16);
	CHECK(!strcmp(((struct inotify_event *)buf)->name, "long_name_x"));
	close(ep);
	close(in);
	CHECK(rmdir("/tmp/in_rd/long_name_x") == 0);
	CHECK(unlink("/tmp/in_rd/f") == 0 && rmdir("/tmp/in_rd") == 0);
	return 0;
}

static int blocking_read(void)
{
	char buf[64];
	int in = inotify_init(), status;
	pid_t pid;

	CHECK(setup("/tmp/in_blk") == 0);
	CHECK(inotify_add_watch(in, "/tmp/in_blk/f", IN_ATTRIB) == 1);
	pid = fork();
	if (pid == 0) {
		usleep(20000);
		_exit(chmod("/tmp/in_blk/f", 0600) ? 1 : 0);
	}
	CHECK(read(in, buf, sizeof(buf)) == 16);	/* waits for it */
	CHECK(((struct inotify_event *)buf)->mask == IN_ATTRIB);
	CHECK(waitpid(pid, &status, 0) == pid && status == 0);
	close(in);
	CHECK(unlink("/tmp/in_blk/f") == 0 && rmdir("/tmp/in_blk") == 0);
	return 0;
}

static int unmount(void)
{
	int in = inotify_init1(IN_NONBLOCK), wd;

	CHECK(mkdir("/tmp/in_mnt", 0755) == 0);
	CHECK(mount("none", "/tmp/in_mnt", "tmpfs", 0, NULL) == 0);
	close(open("/tmp/in_mnt/f", O_CREAT | O_WRONLY, 0644));
	wd = inotify_add_watch(in, "/tmp/in_mnt/f", IN_OPEN);
	CHECK(wd > 0 && umount("/tmp/in_mnt") == 0);	/* a watch is no user */
	CHECK(drain(in) == 2);
	CHECK(is(0, wd, IN_UNMOUNT, "") && is(1, wd, IN_IGNORED, ""));
	close(in);
	CHECK(rmdir("/tmp/in_mnt") == 0);
	return 0;
}

/* ---- fanotify ---- */

#define FAN_EVS (FAN_OPEN | FAN_MODIFY | FAN_CLOSE | FAN_ACCESS)

/* Read @fd's records: their masks into masks[] (pids checked against
 * ours, each descriptor checked to be @ino's unless @ino is 0, then
 * closed). How many, or -1 after a report. */
static int fan_drain(int fd, unsigned long long *masks, int max, ino_t ino)
{
	static char buf[4096] __attribute__((aligned(8)));
	struct fanotify_event_metadata *m;
	struct stat st;
	ssize_t len;
	int n = 0;

	while ((len = read(fd, buf, sizeof(buf))) > 0) {
		for (m = (void *)buf; FAN_EVENT_OK(m, len) && n < max;
		     m = FAN_EVENT_NEXT(m, len)) {
			masks[n++] = m->mask;
			if (m->vers != FANOTIFY_METADATA_VERSION ||
			    m->event_len != sizeof(*m) || m->pid != getpid() ||
			    m->fd < 0 || fstat(m->fd, &st) ||
			    (ino && st.st_ino != ino)) {
				printf("#   record %d: vers %d len %u pid %d fd %d\n",
				       n, m->vers, m->event_len, m->pid, m->fd);
				return -1;
			}
			close(m->fd);	/* no event of its own */
		}
	}
	return n;
}

static int fan_init_errors(void)
{
	char path[64], link[64] = "";
	int fd = fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK,
			       O_RDONLY), status;
	pid_t pid;

	CHECK(fd >= 0 && fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	CHECK(readlink(path, link, sizeof(link) - 1) == 21);
	CHECK(!strncmp(link, "anon_inode:[fanotify]", 21));
	CHECK(fanotify_init(0x80000000, O_RDONLY) == -1 && errno == EINVAL);
	CHECK(fanotify_init(FAN_CLASS_CONTENT | FAN_CLASS_PRE_CONTENT, O_RDONLY) == -1 &&
	      errno == EINVAL);
	CHECK(fanotify_init(FAN_CLASS_NOTIF, O_ACCMODE) == -1 && errno == EINVAL);
	CHECK(fanotify_init(FAN_CLASS_NOTIF, O_RDONLY | O_CREAT) == -1 && errno == EINVAL);
	pid = fork();
	if (pid == 0) {
		if (tap_become(1000, 0))
			_exit(2);
		_exit(fanotify_init(FAN_CLASS_NOTIF, O_RDONLY) == -1 &&
		      errno == EPERM ? 0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid && status == 0);
	close(fd);
	return 0;
}

static int fan_mark_errors(void)
{
	int fd = fanotify_init(FAN_CLASS_NOTIF, O_RDONLY), in = inotify_init();

	CHECK(setup("/tmp/fan_err") == 0);
	CHECK(fanotify_mark(-1, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, "/tmp") == -1 &&
	      errno == EBADF);
	CHECK(fanotify_mark(in, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, "/tmp") == -1 &&
	      errno == EINVAL);
	CHECK(fanotify_mark(fd, FAN_MARK_ADD | FAN_MARK_REMOVE, FAN_OPEN, AT_FDCWD,
			    "/tmp") == -1 && errno == EINVAL);
	CHECK(fanotify_mark(fd, FAN_MARK_ADD, FAN_OPEN_PERM, AT_FDCWD, "/tmp") == -1 &&
	      errno == EINVAL);
	CHECK(fanotify_mark(fd, FAN_MARK_ADD | FAN_MARK_ONLYDIR, FAN_OPEN, AT_FDCWD,
			    "/tmp/fan_err/f") == -1 && errno == ENOTDIR);
	CHECK(fanotify_mark(fd, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD,
			    "/tmp/fan_err/none") == -1 && errno == ENOENT);
	CHECK(fanotify_mark(fd, FAN_MARK_REMOVE, FAN_OPEN, AT_FDCWD,
			    "/tmp/fan_err/f") == -1 && errno == ENOENT);
	CHECK(fanotify_mark(fd, FAN_MARK_ADD, FAN_OPEN, -1, NULL) == -1 &&
	      errno == EBADF);
	close(fd);
	close(in);
	CHECK(unlink("/tmp/fan_err/f") == 0 && rmdir("/tmp/fan_err") == 0);
	return 0;
}

static int fan_events(void)
{
	unsigned long long m[16];
	int fd = fanotify_init(FAN_CLASS_NOTIF | FAN_NONBLOCK, O_RDONLY), f, n;
	char c;
	struct stat st;

	CHECK(setup("/tmp/fan_ev") == 0 && stat("/tmp/fan_ev/f", &st) == 0);
	CHECK(fanotify_mark(fd, FAN_MARK_ADD, FAN_EVS | FAN_EVENT_ON_CHILD,
			    AT_FDCWD, "/tmp/fan_ev") == 0);
	f = open("/tmp/fan_ev/f", O_RDWR);
	CHECK(write(f, "x", 1) == 1 && close(f) == 0);
	n = fan_drain(fd, m, 16, st.st_ino);	/* one object: merged */
	CHECK(n == 1 && m[0] == (FAN_OPEN | FAN_MODIFY | FAN_CLOSE_WRITE));
	close(open("/tmp/fan_ev", O_RDONLY));	/* no FAN_ONDIR: nothing */
	CHECK(fan_drain(fd, m, 16, 0) == 0);
	CHECK(fanotify_mark(fd, FAN_MARK_ADD, FAN_ONDIR, AT_FDCWD, "/tmp/fan_ev") == 0);
	close(open("/tmp/fan_ev", O_RDONLY));
	CHECK(fan_drain(fd, m, 16, 0) == 1);
	CHECK(m[0] == (FAN_OPEN | FAN_CLOSE_NOWRITE));	/* no FAN_ONDIR */
	CHECK(fanotify_mark(fd, FAN_MARK_REMOVE, FAN_EVENT_ON_CHILD, AT_FDCWD,
			    "/tmp/fan_ev") == 0);
	f = open("/tmp/fan_ev/f", O_RDONLY);
	CHECK(read(f, &c, 1) == 1 && close(f) == 0);
	CHECK(fan_drain(fd, m, 16, 0) == 0);	/* the children: no more */
	close(fd);
	CHECK(unlink("/tmp/fan_ev/f") == 0 && rmdir("/tmp/fan_ev") == 0);
	return 0;
}

/* An event's descriptor is close-on-exec by event_f_flags' O_CLOEXEC,
 * whatever the group's FAN_CLOEXEC says. */
static int fan_event_cloexec(void)
{
	struct fanotify_event_metadata m;
	int i, fd, f;

	CHECK(setup("/tmp/fan_cx") == 0);
	for (i = 0; i < 2; i++) {
		fd = fanotify_init(FAN_CLASS_NOTIF | FAN_NONBLOCK |
				   (i ? 0 : FAN_CLOEXEC), O_RDONLY | (i ? O_CLOEXEC : 0));
		CHECK(fd >= 0 && fanotify_mark(fd, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD,
						"/tmp/fan_cx/f") == 0);
		close(open("/tmp/fan_cx/f", O_RDONLY));
		CHECK(read(fd, &m, sizeof(m)) == sizeof(m) && m.fd >= 0);
		f = fcntl(m.fd, F_GETFD);
		CHECK(f == (i ? FD_CLOEXEC : 0));
		close(m.fd);
		close(fd);
	}
	CHECK(unlink("/tmp/fan_cx/f") == 0 && rmdir("/tmp/fan_cx") == 0);
	return 0;
}

static int fan_ignore_flush_mount(void)
{
	unsigned long long m[16];
	int fd = fanotify_init(FAN_CLASS_NOTIF | FAN_NONBLOCK, O_RDONLY), f;

	CHECK(setup("/tmp/fan_ig") == 0);
	CHECK(fanotify_mark(fd, FAN_MARK_ADD, FAN_OPEN | FAN_MODIFY, AT_FDCWD,
			    "/tmp/fan_ig/f") == 0);
	CHECK(fanotify_mark(fd, FAN_MARK_ADD | FAN_MARK_IGNORED_MASK, FAN_OPEN,
			    AT_FDCWD, "/tmp/fan_ig/f") == 0);
	close(open("/tmp/fan_ig/f", O_RDONLY));
	CHECK(fan_drain(fd, m, 16, 0) == 0);	/* ignored */
	f = open("/tmp/fan_ig/f", O_WRONLY);	/* a change ends ignoring */
	CHECK(write(f, "y", 1) == 1 && close(f) == 0);
	close(open("/tmp/fan_ig/f", O_RDONLY));
	CHECK(fan_drain(fd, m, 16, 0) == 1 && m[0] == (FAN_MODIFY | FAN_OPEN));
	CHECK(fanotify_mark(fd, FAN_MARK_FLUSH, 0, AT_FDCWD, NULL) == 0);
	close(open("/tmp/fan_ig/f", O_RDONLY));
	CHECK(fan_drain(fd, m, 16, 0) == 0);
	CHECK(mkdir("/tmp/fan_ig/m", 0755) == 0);
	CHECK(mount("none", "/tmp/fan_ig/m", "tmpfs", 0, NULL) == 0);
	CHECK(fanotify_mark(fd, FAN_MARK_ADD | FAN_MARK_MOUNT, FAN_OPEN, AT_FDCWD,
			    "/tmp/fan_ig/m") == 0);
	close(open("/tmp/fan_ig/m/a", O_CREAT | O_WRONLY, 0644));
	close(open("/tmp/fan_ig/f", O_RDONLY));	/* another mount */
	CHECK(fan_drain(fd, m, 16, 0) == 1 && m[0] == FAN_OPEN);
	close(fd);
	CHECK(umount("/tmp/fan_ig/m") == 0 && rmdir("/tmp/fan_ig/m") == 0);
	CHECK(unlink("/tmp/fan_ig/f") == 0 && rmdir("/tmp/fan_ig") == 0);
	return 0;
}

/* Write @text to the tracefs file @name: 0 or -1. */
static int tracefs_write(const char *name, const char *text)
{
	char path[96];
	int f, ok;

	snprintf(path, sizeof(path), "/sys/kernel/tracing/%s", name);
	f = open(path, O_WRONLY);
	ok = f >= 0 && write(f, text, strlen(text)) == (ssize_t)strlen(text);
	if (f >= 0)
		close(f);
	return ok ? 0 : -1;
}

/* LTP's fanotify25 (CVE-2023-52879): a mount mark on tracefs sees each
 * write that defines, enables, disables and removes a kprobe event. */
static int fan_tracefs(void)
{
	unsigned long long m[16];
	static const char *const writes[4][2] = {
		{ "kprobe_events", "p:nt_oom oom_kill_process" },
		{ "events/kprobes/nt_oom/enable", "1" },
		{ "events/kprobes/nt_oom/enable", "0" },
		{ "kprobe_events", "-:nt_oom" },
	};
	int fd = fanotify_init(FAN_CLASS_NOTIF | FAN_NONBLOCK, O_RDONLY);
	struct statfs st;

	CHECK(statfs("/sys/kernel/tracing", &st) == 0 && st.f_type == 0x74726163);
	CHECK(fanotify_mark(fd, FAN_MARK_ADD | FAN_MARK_MOUNT, FAN_MODIFY, -1,
			    "/sys/kernel/tracing") == 0);
	for (int i = 0; i < 4; i++) {	/* each read at once, as LTP's */
		CHECK(tracefs_write(writes[i][0], writes[i][1]) == 0);
		CHECK(fan_drain(fd, m, 16, 0) == 1 && m[0] == FAN_MODIFY);
	}
	CHECK(tracefs_write("kprobe_events", "-:nt_oom") == -1 && errno == ENOENT);
	CHECK(fan_drain(fd, m, 16, 0) == 0);	/* a failed write: no event */
	close(fd);
	return 0;
}

/* Answer @fd's next permission record (of @mask) with @answer. */
static int fan_answer(int fd, unsigned long long mask, unsigned int answer)
{
	struct fanotify_event_metadata m;
	struct fanotify_response r;

	if (read(fd, &m, sizeof(m)) != sizeof(m) || m.mask != mask || m.fd < 0)
		return -1;
	r = (struct fanotify_response){ .fd = m.fd, .response = answer };
	if (write(fd, &r, sizeof(r)) != sizeof(r))
		return -1;
	return close(m.fd);
}

static int fan_permission(void)
{
	struct fanotify_response bad = { .fd = 1000, .response = FAN_ALLOW };
	int fd = fanotify_init(FAN_CLASS_CONTENT, O_RDONLY), status, f;
	int notif = fanotify_init(FAN_CLASS_NOTIF, O_RDONLY);
	pid_t pid;
	char c;

	CHECK(setup("/tmp/fan_perm") == 0);
	CHECK(fanotify_mark(notif, FAN_MARK_ADD, FAN_OPEN_PERM, AT_FDCWD,
			    "/tmp/fan_perm/f") == -1 && errno == EINVAL);
	CHECK(fanotify_mark(fd, FAN_MARK_ADD, FAN_OPEN_PERM | FAN_ACCESS_PERM,
			    AT_FDCWD, "/tmp/fan_perm/f") == 0);
	CHECK(write(fd, &bad, sizeof(bad)) == -1 && errno == ENOENT);
	bad.response = 7;
	CHECK(write(fd, &bad, sizeof(bad)) == -1 && errno == EINVAL);
	pid = fork();
	if (pid == 0) {
		int denied;

		close(fd);	/* else the group lives on in us */
		denied = open("/tmp/fan_perm/f", O_RDONLY) == -1 && errno == EPERM;

		f = open("/tmp/fan_perm/f", O_RDONLY);
		if (!denied || f < 0 || read(f, &c, 1) != 1)
			_exit(1);
		close(f);
		f = open("/tmp/fan_perm/f", O_RDONLY);	/* allowed at close */
		_exit(f >= 0 ? 0 : 1);
	}
	CHECK(fan_answer(fd, FAN_OPEN_PERM, FAN_DENY) == 0);
	CHECK(fan_answer(fd, FAN_OPEN_PERM, FAN_ALLOW) == 0);
	CHECK(fan_answer(fd, FAN_ACCESS_PERM, FAN_ALLOW) == 0);
	close(fd);		/* the last question: nobody will answer */
	CHECK(waitpid(pid, &status, 0) == pid && status == 0);
	close(notif);
	CHECK(unlink("/tmp/fan_perm/f") == 0 && rmdir("/tmp/fan_perm") == 0);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct tap_test tests[] = {
		{ "init_flags", init_flags },
		{ "file_events", file_events },
		{ "dir_events", dir_events },
		{ "move_between_dirs", move_between_dirs },
		{ "delete_self", delete_self },
		{ "rm_watch", rm_watch },
		{ "add_watch_errors", add_watch_errors },
		{ "masks_and_fdinfo", masks_and_fdinfo },
		{ "oneshot_and_excl_unlink", oneshot_and_excl_unlink },
		{ "overflow", overflow },
		{ "limits", limits },
		{ "read_poll_fionread", read_poll_fionread },
		{ "blocking_read", blocking_read },
		{ "unmount", unmount },
		{ "fan_init_errors", fan_init_errors },
		{ "fan_mark_errors", fan_mark_errors },
		{ "fan_events", fan_events },
		{ "fan_event_cloexec", fan_event_cloexec },
		{ "fan_ignore_flush_mount", fan_ignore_flush_mount },
		{ "fan_permission", fan_permission },
		{ "fan_tracefs", fan_tracefs },
	};

	return tap_run("notifytests", tests, sizeof(tests) / sizeof(tests[0]),
		       TEST_TIMEOUT, argc, argv);
}
