/*
 * splicetests: splice(2), tee(2), vmsplice(2), the small calls on file
 * data (copy_file_range, sync_file_range, readahead, ustat, vhangup) and
 * native AIO (io_setup and the other io_* calls), checked against what
 * Linux 6.1 answers (issue 17: LTP's splice01-07, tee01-02,
 * vmsplice01-04, copy_file_range03, sync_file_range01, readahead01,
 * ustat01-02, vhangup01-02, io_setup02, io_submit02/03, io_cancel01,
 * io_destroy02 and io_getevents01 taught these). The same binary passes
 * on Linux.
 *
 *   splicetests [NAME]...     run every test, or only the ones named
 *
 * Prints TAP (user/lib/tap.c).
 *
 *   file_pipe    file -> pipe -> file, with and without offsets; offsets
 *                move, file positions stay
 *   pipe_pipe    pipe -> pipe, the data leaves the first; EOF gives 0
 *   pipe_socket  pipe -> Unix socket -> pipe
 *   errors       EBADF, EINVAL (two files, same pipe, O_APPEND, a
 *                directory, an eventfd, bad flags), ESPIPE (an offset on
 *                a pipe), EINVAL (an offset on a socket), len 0
 *   nonblock     SPLICE_F_NONBLOCK and O_NONBLOCK: EAGAIN on an empty
 *                or a full pipe; EPIPE and SIGPIPE with no reader
 *   tee          copies and leaves the data; EINVAL for a file or one
 *                pipe both ends
 *   vmsplice     user memory into a pipe (what fits), a pipe into user
 *                memory; EBADF, EINVAL (too many segments), EAGAIN
 *   copy_range   copy_file_range: data, offsets, mtime; EBADF, EISDIR,
 *                EINVAL (flags, a pipe, overlap), EXDEV (another mount)
 *   sync_range   sync_file_range: EBADF, EINVAL, ESPIPE; 0 on a file
 *   readahead    EBADF, EINVAL (a pipe, a directory); 0 on a file
 *   ustat        the root's device: 0; a bad one: EINVAL; EFAULT
 *   vhangup      EPERM as an unprivileged user; 0 without a terminal
 *   aio_setup    io_setup's errnos (EFAULT, EINVAL, EAGAIN past
 *                aio-max-nr), the ring's header, aio-nr up and down,
 *                io_destroy; a context dies with its process
 *   aio_rw       io_submit of PWRITE, PREAD, PWRITEV, PREADV, FSYNC and
 *                their events; io_submit's and io_getevents' errnos
 *   aio_poll     IOCB_CMD_POLL: pending until the pipe has data, then
 *                its mask; io_cancel (EINPROGRESS, EINVAL, EFAULT);
 *                io_pgetevents
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "aio_abi.h"
#include "tap.h"

#define TEST_TIMEOUT 20
#define FILE_A "/tmp/splicetests.a"
#define FILE_B "/tmp/splicetests.b"
#define ALPHABET "abcdefghijklmnopqrstuvwxyz"

/* A file at @path holding @s; its fd opened O_RDWR, or -1. */
static int file_with(const char *path, const char *s)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (fd >= 0 && write(fd, s, strlen(s)) != (ssize_t)strlen(s)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Read @n bytes of @fd at 0 and compare them with @s. */
static int holds(int fd, const char *s, size_t n)
{
	char buf[256] = "";

	return n < sizeof(buf) && pread(fd, buf, n, 0) == (ssize_t)n &&
	       !memcmp(buf, s, n);
}

static int test_file_pipe(void)
{
	int in = file_with(FILE_A, ALPHABET), out = file_with(FILE_B, "");
	int p[2];
	loff_t off = 3;
	char buf[32] = "";

	CHECK(in >= 0 && out >= 0 && pipe(p) == 0);
	CHECK(lseek(in, 0, SEEK_SET) == 0);
	/* From the file position: it moves. */
	CHECK(splice(in, NULL, p[1], NULL, 5, 0) == 5);
	CHECK(lseek(in, 0, SEEK_CUR) == 5);
	/* From an offset: the offset moves, the position stays. */
	CHECK(splice(in, &off, p[1], NULL, 4, SPLICE_F_MOVE | SPLICE_F_MORE) == 4);
	CHECK(off == 7 && lseek(in, 0, SEEK_CUR) == 5);
	CHECK(read(p[0], buf, 2) == 2 && !memcmp(buf, "ab", 2));
	/* Pipe to file at an offset, then at the position. */
	off = 10;
	CHECK(splice(p[0], NULL, out, &off, 3, 0) == 3 && off == 13);
	CHECK(lseek(out, 0, SEEK_CUR) == 0);
	CHECK(splice(p[0], NULL, out, NULL, 100, 0) == 4);
	CHECK(lseek(out, 0, SEEK_CUR) == 4);
	CHECK(pread(out, buf, 13, 0) == 13);
	CHECK(!memcmp(buf, "defg", 4) && !memcmp(buf + 10, "cde", 3));
	/* Past the input's end: 0. */
	off = 26;
	CHECK(splice(in, &off, p[1], NULL, 10, 0) == 0);
	close(in), close(out), close(p[0]), close(p[1]);
	return 0;
}

static int test_pipe_pipe(void)
{
	int a[2], b[2];
	char buf[32] = "";

	CHECK(pipe(a) == 0 && pipe(b) == 0);
	CHECK(write(a[1], ALPHABET, 26) == 26);
	CHECK(splice(a[0], NULL, b[1], NULL, 10, 0) == 10);
	CHECK(read(b[0], buf, sizeof(buf)) == 10 && !memcmp(buf, ALPHABET, 10));
	CHECK(splice(a[0], NULL, b[1], NULL, 100, 0) == 16);
	close(a[1]);
	CHECK(splice(a[0], NULL, b[1], NULL, 100, 0) == 0);	/* EOF */
	CHECK(read(b[0], buf, sizeof(buf)) == 16 && !memcmp(buf, ALPHABET + 10, 16));
	close(a[0]), close(b[0]), close(b[1]);
	return 0;
}

static int test_pipe_socket(void)
{
	int a[2], b[2], sv[2];
	char buf[32] = "";

	CHECK(pipe(a) == 0 && pipe(b) == 0);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CHECK(write(a[1], ALPHABET, 26) == 26);
	CHECK(splice(a[0], NULL, sv[0], NULL, 26, 0) == 26);
	CHECK(splice(sv[1], NULL, b[1], NULL, 26, 0) == 26);
	CHECK(read(b[0], buf, sizeof(buf)) == 26 && !memcmp(buf, ALPHABET, 26));
	return 0;
}

/* splice(@in, @off_in, @out, @off_out, 4, @flags) fails with @err. */
static int splice_fails(int in, loff_t *off_in, int out, loff_t *off_out,
			unsigned int flags, int err)
{
	errno = 0;
	return splice(in, off_in, out, off_out, 4, flags) == -1 && errno == err;
}

static int test_errors(void)
{
	int f = file_with(FILE_A, ALPHABET), ro = open(FILE_A, O_RDONLY);
	int app = open(FILE_B, O_WRONLY | O_CREAT | O_APPEND, 0644);
	int dir = open("/tmp", O_RDONLY | O_DIRECTORY), efd = eventfd(0, 0);
	int p[2], sv[2];
	loff_t off = 0;

	CHECK(f >= 0 && ro >= 0 && app >= 0 && dir >= 0 && efd >= 0);
	CHECK(pipe(p) == 0 && write(p[1], "xyz", 3) == 3);
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	EXPECT(splice_fails(-1, NULL, p[1], NULL, 0, EBADF));
	EXPECT(splice_fails(p[0], NULL, 99, NULL, 0, EBADF));
	EXPECT(splice_fails(app, NULL, p[1], NULL, 0, EBADF));	/* not readable */
	EXPECT(splice_fails(p[0], NULL, ro, NULL, 0, EBADF));	/* not writable */
	EXPECT(splice_fails(p[1], NULL, f, NULL, 0, EBADF));	/* write end in */
	EXPECT(splice_fails(f, NULL, f, NULL, 0, EINVAL));	/* no pipe */
	EXPECT(splice_fails(p[0], NULL, p[1], NULL, 0, EINVAL));	/* same pipe */
	EXPECT(splice_fails(p[0], NULL, app, NULL, 0, EINVAL));	/* O_APPEND */
	EXPECT(splice_fails(dir, NULL, p[1], NULL, 0, EINVAL));
	EXPECT(splice_fails(efd, NULL, p[1], NULL, 0, EINVAL));
	EXPECT(splice_fails(p[0], NULL, efd, NULL, 0, EINVAL));
	EXPECT(splice_fails(p[0], &off, f, NULL, 0, ESPIPE));
	EXPECT(splice_fails(f, NULL, p[1], &off, 0, ESPIPE));
	EXPECT(splice_fails(p[0], NULL, sv[0], &off, 0, EINVAL));	/* unseekable */
	EXPECT(splice_fails(f, NULL, p[1], NULL, 0x10, EINVAL));	/* bad flag */
	EXPECT(splice_fails(f, (loff_t *)8, p[1], NULL, 0, EFAULT));
	off = -1;
	EXPECT(splice_fails(f, &off, p[1], NULL, 0, EINVAL));
	EXPECT(splice(-1, NULL, -1, NULL, 0, 0) == 0);		/* len 0 */
	return 0;
}

static int test_nonblock(void)
{
	int p[2], f = file_with(FILE_A, ALPHABET), out = file_with(FILE_B, "");
	loff_t off = 0;

	CHECK(f >= 0 && out >= 0 && pipe(p) == 0);
	EXPECT(splice_fails(p[0], NULL, out, NULL, SPLICE_F_NONBLOCK, EAGAIN));
	CHECK(fcntl(p[1], F_SETPIPE_SZ, 4096) == 4096);
	while (splice(f, &off, p[1], NULL, 26, SPLICE_F_NONBLOCK) > 0)
		off = 0;
	EXPECT(errno == EAGAIN);
	CHECK(fcntl(p[0], F_SETFL, O_NONBLOCK) == 0);
	CHECK(splice(p[0], NULL, out, NULL, 8192, 0) == 4096);
	EXPECT(splice_fails(p[0], NULL, out, NULL, 0, EAGAIN));
	/* No reader: EPIPE and SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	close(p[0]);
	EXPECT(splice_fails(f, &off, p[1], NULL, 0, EPIPE));
	return 0;
}

static int test_tee(void)
{
	int a[2], b[2], f = file_with(FILE_A, "");
	char buf[32] = "";

	CHECK(f >= 0 && pipe(a) == 0 && pipe(b) == 0);
	CHECK(write(a[1], ALPHABET, 26) == 26);
	CHECK(tee(a[0], b[1], 10, 0) == 10);
	CHECK(read(b[0], buf, sizeof(buf)) == 10 && !memcmp(buf, ALPHABET, 10));
	CHECK(read(a[0], buf, sizeof(buf)) == 26 && !memcmp(buf, ALPHABET, 26));
	errno = 0;
	EXPECT(tee(a[0], b[1], 10, SPLICE_F_NONBLOCK) == -1 && errno == EAGAIN);
	EXPECT(tee(f, b[1], 10, 0) == -1 && errno == EINVAL);
	EXPECT(tee(a[0], f, 10, 0) == -1 && errno == EINVAL);
	EXPECT(tee(a[0], a[1], 10, 0) == -1 && errno == EINVAL);
	EXPECT(tee(a[1], b[1], 10, 0) == -1 && errno == EBADF);
	EXPECT(tee(a[0], b[1], 10, 0x20) == -1 && errno == EINVAL);
	close(a[1]);
	EXPECT(tee(a[0], b[1], 10, 0) == 0);
	return 0;
}

static int test_vmsplice(void)
{
	static char big[65536], back[65536];
	struct iovec iov[2] = { { (void *)"abc", 3 }, { (void *)"defg", 4 } };
	struct iovec out = { back, sizeof(back) }, all = { big, sizeof(big) };
	int p[2], f = file_with(FILE_A, "");

	CHECK(f >= 0 && pipe(p) == 0);
	CHECK(vmsplice(p[1], iov, 2, 0) == 7);
	CHECK(vmsplice(p[0], &out, 1, 0) == 7 && !memcmp(back, "abcdefg", 7));
	memset(big, 'x', sizeof(big));
	CHECK(vmsplice(p[1], &all, 1, SPLICE_F_GIFT) == (ssize_t)sizeof(big));
	errno = 0;
	EXPECT(vmsplice(p[1], iov, 1, SPLICE_F_NONBLOCK) == -1 && errno == EAGAIN);
	CHECK(vmsplice(p[0], &out, 1, 0) == (ssize_t)sizeof(back));
	EXPECT(back[0] == 'x' && back[sizeof(back) - 1] == 'x');
	errno = 0;
	EXPECT(vmsplice(p[0], &out, 1, SPLICE_F_NONBLOCK) == -1 && errno == EAGAIN);
	EXPECT(vmsplice(-1, iov, 1, 0) == -1 && errno == EBADF);
	EXPECT(vmsplice(f, iov, 1, 0) == -1 && errno == EBADF);
	EXPECT(vmsplice(p[1], iov, 1025, 0) == -1 && errno == EINVAL);
	EXPECT(vmsplice(p[1], iov, 1, 0x40) == -1 && errno == EINVAL);
	EXPECT(vmsplice(p[1], iov, 0, 0) == 0);
	return 0;
}

static long copy_range(int in, loff_t *oin, int out, loff_t *oout, size_t n,
		       unsigned int flags)
{
	return syscall(SYS_copy_file_range, in, oin, out, oout, n, flags);
}

static int test_copy_range(void)
{
	int in = file_with(FILE_A, ALPHABET), out = file_with(FILE_B, "");
	int ro = open(FILE_B, O_RDONLY), app = open(FILE_B, O_WRONLY | O_APPEND);
	int dir = open("/tmp", O_RDONLY | O_DIRECTORY), p[2];
	int other = open("/proc/self/status", O_RDONLY);
	loff_t oin = 2, oout = 0;
	struct stat before, after;

	CHECK(in >= 0 && out >= 0 && ro >= 0 && app >= 0 && dir >= 0 && pipe(p) == 0);
	CHECK(fstat(out, &before) == 0);
	usleep(50000);
	CHECK(copy_range(in, &oin, out, &oout, 5, 0) == 5 && oin == 7 && oout == 5);
	CHECK(holds(out, "cdefg", 5) && lseek(in, 0, SEEK_CUR) == 26);
	CHECK(fstat(out, &after) == 0);
	EXPECT(after.st_mtim.tv_sec > before.st_mtim.tv_sec ||
	       after.st_mtim.tv_nsec > before.st_mtim.tv_nsec);
	/* Positions when no offsets: the output's moves. */
	CHECK(lseek(in, 20, SEEK_SET) == 20);
	CHECK(copy_range(in, NULL, out, NULL, 100, 0) == 6);
	CHECK(lseek(in, 0, SEEK_CUR) == 26 && lseek(out, 0, SEEK_CUR) == 6);
	CHECK(copy_range(in, NULL, out, NULL, 100, 0) == 0);	/* at the end */
	oin = 0;
	EXPECT(copy_range(in, &oin, out, NULL, 5, 1) == -1 && errno == EINVAL);
	EXPECT(copy_range(-1, &oin, out, NULL, 5, 0) == -1 && errno == EBADF);
	EXPECT(copy_range(in, &oin, ro, NULL, 5, 0) == -1 && errno == EBADF);
	EXPECT(copy_range(in, &oin, app, NULL, 5, 0) == -1 && errno == EBADF);
	EXPECT(copy_range(in, &oin, dir, NULL, 5, 0) == -1 && errno == EISDIR);
	EXPECT(copy_range(in, &oin, p[1], NULL, 5, 0) == -1 && errno == EINVAL);
	oout = 1;
	EXPECT(copy_range(in, &oin, in, &oout, 5, 0) == -1 && errno == EINVAL);
	if (other >= 0)		/* procfs and /tmp: two super blocks */
		EXPECT(copy_range(other, NULL, out, NULL, 5, 0) == -1 && errno == EXDEV);
	EXPECT(copy_range(in, (loff_t *)8, out, NULL, 5, 0) == -1 && errno == EFAULT);
	return 0;
}

static int test_sync_range(void)
{
	int f = file_with(FILE_A, ALPHABET), null = open("/dev/null", O_RDWR), p[2];

	CHECK(f >= 0 && null >= 0 && pipe(p) == 0);
	EXPECT(sync_file_range(f, 0, 10, SYNC_FILE_RANGE_WRITE) == 0);
	EXPECT(sync_file_range(f, 0, 0, 7) == 0);
	EXPECT(sync_file_range(-1, 0, 1, 0) == -1 && errno == EBADF);
	EXPECT(sync_file_range(null, 0, 1, 0) == -1 && errno == ESPIPE);
	EXPECT(sync_file_range(p[0], 0, 1, 0) == -1 && errno == ESPIPE);
	EXPECT(sync_file_range(f, -1, 1, 0) == -1 && errno == EINVAL);
	EXPECT(sync_file_range(f, 0, -1, 0) == -1 && errno == EINVAL);
	EXPECT(sync_file_range(f, 0, 1, 8) == -1 && errno == EINVAL);
	return 0;
}

static int test_readahead(void)
{
	int f = file_with(FILE_A, ALPHABET), wo = open(FILE_A, O_WRONLY);
	int dir = open("/tmp", O_RDONLY | O_DIRECTORY), p[2];
	int efd = eventfd(0, 0);

	CHECK(f >= 0 && wo >= 0 && dir >= 0 && efd >= 0 && pipe(p) == 0);
	EXPECT(readahead(f, 0, 4096) == 0);
	EXPECT(readahead(-1, 0, 4096) == -1 && errno == EBADF);
	EXPECT(readahead(wo, 0, 4096) == -1 && errno == EBADF);
	EXPECT(readahead(p[0], 0, 4096) == -1 && errno == EINVAL);
	EXPECT(readahead(dir, 0, 4096) == -1 && errno == EINVAL);
	EXPECT(readahead(efd, 0, 4096) == -1 && errno == EINVAL);
	return 0;
}

/* struct ustat as Linux x86_64 has it. */
struct ustat_buf {
	int f_tfree;
	unsigned long f_tinode;
	char f_fname[6], f_fpack[6];
};

static int test_ustat(void)
{
	struct ustat_buf u;
	struct stat st;

	CHECK(stat("/tmp", &st) == 0);
	CHECK(syscall(SYS_ustat, (unsigned int)st.st_dev, &u) == 0);
	EXPECT(u.f_tfree > 0);
	EXPECT(syscall(SYS_ustat, (unsigned int)-1, &u) == -1 && errno == EINVAL);
	EXPECT(syscall(SYS_ustat, (unsigned int)st.st_dev, (void *)-1) == -1 &&
	       errno == EFAULT);
	return 0;
}

/* In a child: @become (as nobody, or in a new session), then vhangup;
 * the child's exit status is its errno (0: success). */
static int vhangup_in_child(int nobody)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		if (nobody && setreuid(65534, 65534))
			_exit(100);
		if (!nobody && setsid() < 0)
			_exit(101);
		_exit(syscall(SYS_vhangup) ? errno : 0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int test_vhangup(void)
{
	EXPECT(vhangup_in_child(1) == EPERM);
	EXPECT(vhangup_in_child(0) == 0);
	return 0;
}

/* ---- native AIO (include/uapi/linux/aio_abi.h) ---- */

#define CMD_PREAD 0
#define CMD_PWRITE 1
#define CMD_FSYNC 2
#define CMD_POLL 5
#define CMD_PREADV 7
#define CMD_PWRITEV 8
#define AIO_NR "/proc/sys/fs/aio-nr"
#define AIO_MAX_NR "/proc/sys/fs/aio-max-nr"

static long read_number(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;

	if (f && fscanf(f, "%ld", &v) != 1)
		v = -1;
	if (f)
		fclose(f);
	return v;
}

static long io_setup_(unsigned int nr, uint64_t *ctx)
{
	return syscall(SYS_io_setup, nr, ctx);
}

/* Submit one iocb of @op on @fd (buffer @buf of @n bytes at @off). */
static long submit1(uint64_t ctx, struct aio_iocb *cb, int op, int fd,
		    void *buf, uint64_t n, int64_t off)
{
	struct aio_iocb *list[1] = { cb };

	*cb = (struct aio_iocb){ .data = 0x1234 + op, .opcode = op, .fd = fd,
				 .buf = (uintptr_t)buf, .nbytes = n, .offset = off };
	return syscall(SYS_io_submit, ctx, 1L, list);
}

/* One event within a second, checked against @cb and @res. */
static int got_event(uint64_t ctx, struct aio_iocb *cb, int64_t res)
{
	struct timespec ts = { 1, 0 };
	struct aio_event ev;

	return syscall(SYS_io_getevents, ctx, 1L, 1L, &ev, &ts) == 1 &&
	       ev.obj == (uintptr_t)cb && ev.data == cb->data && ev.res == res;
}

static int test_aio_setup(void)
{
	uint64_t ctx = 1;
	long nr = read_number(AIO_NR), max = read_number(AIO_MAX_NR);
	const uint32_t *ring;
	pid_t pid;
	int status;

	CHECK(nr >= 0 && max > 0);
	EXPECT(io_setup_(1, NULL) == -1 && errno == EFAULT);
	EXPECT(io_setup_(1, &ctx) == -1 && errno == EINVAL);	/* not 0 */
	ctx = 0;
	EXPECT(io_setup_(0, &ctx) == -1 && errno == EINVAL);
	EXPECT(io_setup_(-1, &ctx) == -1 && errno == EINVAL);
	EXPECT(io_setup_(max + 1, &ctx) == -1 && errno == EAGAIN);
	CHECK(io_setup_(16, &ctx) == 0 && ctx);
	ring = (const uint32_t *)(uintptr_t)ctx;
	EXPECT(ring[4] == 0xa10a10a1 && ring[1] >= 16 && ring[7] == 32);
	EXPECT(read_number(AIO_NR) == nr + 16);
	pid = fork();
	if (pid == 0)		/* the ring is not copied: its range is free */
		_exit(mmap((void *)ring, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
			   MAP_FIXED_NOREPLACE, -1, 0) == ring ? 0 : 1);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	CHECK(syscall(SYS_io_destroy, ctx) == 0);
	EXPECT(read_number(AIO_NR) == nr);
	EXPECT(syscall(SYS_io_destroy, ctx) == -1 && errno == EINVAL);
	EXPECT(syscall(SYS_io_destroy, ~0ull) == -1 && errno == EINVAL);
	pid = fork();
	if (pid == 0) {
		ctx = 0;
		_exit(io_setup_(8, &ctx) ? 1 : 0);	/* never destroyed */
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	EXPECT(read_number(AIO_NR) == nr);
	return 0;
}

static int test_aio_rw(void)
{
	int f = file_with(FILE_A, ""), ro = open(FILE_A, O_RDONLY), p[2];
	char buf[32] = "", a[4] = "", b[4] = "";
	struct iovec iov[2] = { { a, 3 }, { b, 3 } };
	struct aio_iocb cb, *null_list[1] = { NULL };
	struct aio_event ev;
	struct timespec zero = { 0, 0 };
	uint64_t ctx = 0;

	CHECK(f >= 0 && ro >= 0 && pipe(p) == 0 && io_setup_(8, &ctx) == 0);
	CHECK(submit1(ctx, &cb, CMD_PWRITE, f, ALPHABET, 26, 0) == 1);
	CHECK(got_event(ctx, &cb, 26) && holds(f, ALPHABET, 26));
	CHECK(submit1(ctx, &cb, CMD_PREAD, f, buf, 5, 3) == 1);
	CHECK(got_event(ctx, &cb, 5) && !memcmp(buf, "defgh", 5));
	CHECK(submit1(ctx, &cb, CMD_PREADV, f, iov, 2, 20) == 1);
	CHECK(got_event(ctx, &cb, 6) && !memcmp(a, "uvw", 3) && !memcmp(b, "xyz", 3));
	CHECK(submit1(ctx, &cb, CMD_PWRITEV, f, iov, 2, 0) == 1);
	CHECK(got_event(ctx, &cb, 6) && holds(f, "uvwxyz", 6));
	CHECK(submit1(ctx, &cb, CMD_FSYNC, f, NULL, 0, 0) == 1);
	CHECK(got_event(ctx, &cb, 0));
	EXPECT(syscall(SYS_io_getevents, ctx, 0L, 1L, &ev, &zero) == 0);
	EXPECT(syscall(SYS_io_getevents, ctx, 1L, 1L, &ev, &zero) == 0);
	EXPECT(syscall(SYS_io_getevents, ctx, 2L, 1L, &ev, NULL) == -1 && errno == EINVAL);
	EXPECT(syscall(SYS_io_getevents, 0L, 0L, 1L, &ev, NULL) == -1 && errno == EINVAL);
	EXPECT(submit1(ctx, &cb, CMD_PREAD, -1, buf, 5, 0) == -1 && errno == EBADF);
	EXPECT(submit1(ctx, &cb, CMD_PWRITE, ro, buf, 5, 0) == -1 && errno == EBADF);
	EXPECT(submit1(ctx, &cb, CMD_FSYNC, p[0], NULL, 0, 0) == -1 && errno == EINVAL);
	EXPECT(submit1(ctx, &cb, 99, f, buf, 5, 0) == -1 && errno == EINVAL);
	/* A buffer that faults while the read runs: the event says so. */
	CHECK(submit1(ctx, &cb, CMD_PREAD, f, (void *)8, 5, 0) == 1);
	EXPECT(got_event(ctx, &cb, -EFAULT));
	EXPECT(submit1(0, &cb, CMD_PREAD, f, buf, 5, 0) == -1 && errno == EINVAL);
	EXPECT(syscall(SYS_io_submit, ctx, -1L, null_list) == -1 && errno == EINVAL);
	EXPECT(syscall(SYS_io_submit, ctx, 1L, null_list) == -1 && errno == EFAULT);
	EXPECT(syscall(SYS_io_submit, ctx, 0L, null_list) == 0);
	return syscall(SYS_io_destroy, ctx) == 0 ? 0 : tap_fail("io_destroy");
}

static int test_aio_poll(void)
{
	struct aio_iocb cb, cb2, other = { 0 };
	struct aio_event ev;
	struct timespec zero = { 0, 0 };
	uint64_t ctx = 0;
	int p[2];

	CHECK(pipe(p) == 0 && io_setup_(8, &ctx) == 0);
	CHECK(submit1(ctx, &cb, CMD_POLL, p[0], (void *)(uintptr_t)POLLIN, 0, 0) == 1);
	EXPECT(syscall(SYS_io_getevents, ctx, 1L, 1L, &ev, &zero) == 0);	/* pending */
	CHECK(write(p[1], "x", 1) == 1);
	EXPECT(got_event(ctx, &cb, POLLIN));
	/* Ready at submit. */
	CHECK(submit1(ctx, &cb, CMD_POLL, p[1], (void *)(uintptr_t)POLLOUT, 0, 0) == 1);
	EXPECT(got_event(ctx, &cb, POLLOUT));
	EXPECT(submit1(ctx, &cb, CMD_POLL, p[0], (void *)0x10000, 0, 0) == -1 && errno == EINVAL);
	/* Cancelled: EINPROGRESS, and its event says 0. */
	CHECK(read(p[0], &ev, 1) == 1);
	CHECK(submit1(ctx, &cb2, CMD_POLL, p[0], (void *)(uintptr_t)POLLIN, 0, 0) == 1);
	EXPECT(syscall(SYS_io_cancel, ctx, &cb2, &ev) == -1 && errno == EINPROGRESS);
	EXPECT(syscall(SYS_io_pgetevents, ctx, 1L, 1L, &ev, &zero, NULL) == 1 &&
	       ev.obj == (uintptr_t)&cb2 && ev.res == 0);
	EXPECT(syscall(SYS_io_cancel, ctx, &cb2, &ev) == -1 && errno == EINVAL);
	other.key = 7;
	EXPECT(syscall(SYS_io_cancel, ctx, &other, &ev) == -1 && errno == EINVAL);
	EXPECT(syscall(SYS_io_cancel, 0L, NULL, NULL) == -1 && errno == EFAULT);
	return syscall(SYS_io_destroy, ctx) == 0 ? 0 : tap_fail("io_destroy");
}

static const struct tap_test tests[] = {
	{ "file_pipe", test_file_pipe }, { "pipe_pipe", test_pipe_pipe },
	{ "pipe_socket", test_pipe_socket }, { "errors", test_errors },
	{ "nonblock", test_nonblock }, { "tee", test_tee },
	{ "vmsplice", test_vmsplice }, { "copy_range", test_copy_range },
	{ "sync_range", test_sync_range }, { "readahead", test_readahead },
	{ "ustat", test_ustat }, { "vhangup", test_vhangup },
	{ "aio_setup", test_aio_setup }, { "aio_rw", test_aio_rw },
	{ "aio_poll", test_aio_poll },
};

int main(int argc, char **argv)
{
	int ret;

	setvbuf(stdout, NULL, _IONBF, 0);
	ret = tap_run("splicetests", tests, sizeof(tests) / sizeof(tests[0]),
		      TEST_TIMEOUT, argc, argv);
	unlink(FILE_A);
	unlink(FILE_B);
	return ret;
}
