/*
 * uringtests: io_uring as Linux 6.1 presents it to user space, through
 * the raw system calls (no liburing): io_uring_setup's parameters and
 * errors, the rings mapped with mmap and driven by hand (SQ tail, SQ
 * array, CQ head), NOP, READV, READ/WRITE, fixed buffers and files,
 * OPENAT/CLOSE, SENDMSG under chroot, waiting with min_complete, a read
 * of an empty pipe that does not hang io_uring_enter, CQ overflow,
 * links, the probe, a ring shared by fork, requests cancelled when their
 * submitter exits or execs (rings kept alive by each other's requests
 * freed), timeouts (TIMEOUT, TIMEOUT_REMOVE and its update, counts,
 * clocks, LINK_TIMEOUT, EXT_ARG waits), a disabled ring's restrictions
 * (R_DISABLED, RESTRICTIONS, ENABLE_RINGS), an IOPOLL ring, 128-byte
 * SQEs and 32-byte CQEs, SINGLE_ISSUER, registered ring descriptors,
 * and the errno cases.
 *
 *   uringtests [NAME]...     run every test, or only the ones named
 *
 * Prints TAP (user/lib/tap.c); runs as root (the chroot test).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "tap.h"

#define TEST_TIMEOUT 30
#define MIN(a, b) ((a) < (b) ? (a) : (b))

/* ---- the ABI (include/uapi/linux/io_uring.h) ---- */

struct sqe {
	uint8_t opcode, flags;
	uint16_t ioprio;
	int32_t fd;
	uint64_t off, addr;
	uint32_t len, op_flags;
	uint64_t user_data;
	uint16_t buf_index, personality;
	uint32_t file_index;
	uint64_t addr3, pad;
};

struct cqe {
	uint64_t user_data;
	int32_t res;
	uint32_t flags;
};

struct params {
	uint32_t sq_entries, cq_entries, flags, sq_thread_cpu, sq_thread_idle;
	uint32_t features, wq_fd, resv[3];
	uint32_t sq_head, sq_tail, sq_mask, sq_ring_entries, sq_flags, sq_dropped,
		 sq_array, sq_resv1;
	uint64_t sq_resv2;
	uint32_t cq_head, cq_tail, cq_mask, cq_ring_entries, cq_overflow, cq_cqes,
		 cq_flags, cq_resv1;
	uint64_t cq_resv2;
};

enum { OP_NOP, OP_READV, OP_WRITEV, OP_FSYNC, OP_READ_FIXED, OP_WRITE_FIXED,
       OP_POLL_ADD, OP_SENDMSG = 9, OP_RECVMSG = 10, OP_TIMEOUT = 11,
       OP_TIMEOUT_REMOVE = 12, OP_LINK_TIMEOUT = 15, OP_OPENAT = 18,
       OP_CLOSE = 19, OP_READ = 22, OP_WRITE = 23 };

#define SETUP_CQSIZE (1u << 3)
#define SETUP_CLAMP (1u << 4)
#define FEAT_SINGLE_MMAP 1u
#define FEAT_NODROP 2u
#define FEAT_EXT_ARG (1u << 8)
#define SQE_IO_DRAIN 2u
#define SQE_CQE_SKIP_SUCCESS (1u << 6)
#define TIMEOUT_ABS 1u
#define TIMEOUT_UPDATE 2u
#define TIMEOUT_BOOTTIME 4u
#define TIMEOUT_REALTIME 8u
#define LINK_TIMEOUT_UPDATE 16u
#define TIMEOUT_ETIME_SUCCESS 32u
#define ENTER_EXT_ARG 8u
#define SQE_FIXED_FILE 1u
#define SQE_IO_LINK 4u
#define SQ_CQ_OVERFLOW 2u
#define ENTER_GETEVENTS 1u
#define OFF_SQ_RING 0ull
#define OFF_CQ_RING 0x8000000ull
#define OFF_SQES 0x10000000ull
#define REG_BUFFERS 0
#define UNREG_BUFFERS 1
#define REG_FILES 2
#define REG_PROBE 8
#define REG_RESTRICTIONS 11
#define REG_ENABLE_RINGS 12
#define SETUP_R_DISABLED (1u << 6)
#define SETUP_IOPOLL 1u
#define SETUP_SINGLE_ISSUER (1u << 12)
#define REG_RING_FDS 20
#define UNREG_RING_FDS 21
#define ENTER_REGISTERED_RING 16u
#define SETUP_SQE128 (1u << 10)
#define SETUP_CQE32 (1u << 11)
#define SQE_ASYNC (1u << 4)

/* struct io_uring_restriction: IORING_RESTRICTION_* and its argument */
struct restriction {
	uint16_t opcode;
	uint8_t arg, resv;
	uint32_t resv2[3];
};

enum { RESTRICT_REGISTER_OP, RESTRICT_SQE_OP, RESTRICT_SQE_FLAGS_ALLOWED,
       RESTRICT_SQE_FLAGS_REQUIRED };

static long uring_setup(unsigned int n, struct params *p)
{
	return syscall(425, n, p);
}

static long uring_enter(int fd, unsigned int sub, unsigned int min,
			unsigned int flags)
{
	return syscall(426, fd, sub, min, flags, NULL, 8);
}

/* struct __kernel_timespec, and EXT_ARG's struct io_uring_getevents_arg */
struct kts {
	int64_t sec, nsec;
};

struct getevents_arg {
	uint64_t sigmask;
	uint32_t sigmask_sz, pad;
	uint64_t ts;
};

static long uring_enter_arg(int fd, unsigned int sub, unsigned int min,
			    unsigned int flags, void *arg, size_t size)
{
	return syscall(426, fd, sub, min, flags, arg, size);
}

static long uring_register(int fd, unsigned int op, void *arg, unsigned int n)
{
	return syscall(427, fd, op, arg, n);
}

/* A ring as a program holds it: the mappings and the pointers into them. */
struct ring {
	int fd;
	struct params p;
	uint8_t *rings;
	struct sqe *sqes;
	volatile uint32_t *sq_head, *sq_tail, *sq_flags, *sq_array;
	volatile uint32_t *cq_head, *cq_tail, *cq_overflow;
	struct cqe *cqes;
	size_t rings_len;
};

/* Set up @r with @n entries and setup @flags and map it: 0, or -1
 * after tap_fail(). */
static int ring_init_flags(struct ring *r, unsigned int n, uint32_t flags)
{
	memset(r, 0, sizeof(*r));
	r->p.flags = flags;
	r->fd = (int)uring_setup(n, &r->p);
	if (r->fd < 0)
		return tap_fail("io_uring_setup: %s", strerror(errno));
	r->rings_len = r->p.sq_array + r->p.sq_entries * 4;
	r->rings = mmap(NULL, r->rings_len, PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_POPULATE, r->fd, OFF_SQ_RING);
	r->sqes = mmap(NULL, r->p.sq_entries * sizeof(struct sqe),
		       PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, OFF_SQES);
	if (r->rings == MAP_FAILED || r->sqes == MAP_FAILED)
		return tap_fail("mmap: %s", strerror(errno));
	r->sq_head = (uint32_t *)(r->rings + r->p.sq_head);
	r->sq_tail = (uint32_t *)(r->rings + r->p.sq_tail);
	r->sq_flags = (uint32_t *)(r->rings + r->p.sq_flags);
	r->sq_array = (uint32_t *)(r->rings + r->p.sq_array);
	r->cq_head = (uint32_t *)(r->rings + r->p.cq_head);
	r->cq_tail = (uint32_t *)(r->rings + r->p.cq_tail);
	r->cq_overflow = (uint32_t *)(r->rings + r->p.cq_overflow);
	r->cqes = (struct cqe *)(r->rings + r->p.cq_cqes);
	return 0;
}

static int ring_init(struct ring *r, unsigned int n)
{
	return ring_init_flags(r, n, 0);
}

static void ring_exit(struct ring *r)
{
	munmap(r->sqes, r->p.sq_entries * sizeof(struct sqe));
	munmap(r->rings, r->rings_len);
	close(r->fd);
}

/* Queue one SQE (not yet submitted): the slot to fill in. */
static struct sqe *ring_sqe(struct ring *r, uint8_t op, int fd, uint64_t addr,
			    uint32_t len, uint64_t off, uint64_t data)
{
	uint32_t tail = *r->sq_tail, i = tail & (r->p.sq_entries - 1);
	struct sqe *s = &r->sqes[i];

	memset(s, 0, sizeof(*s));
	*s = (struct sqe){ .opcode = op, .fd = fd, .addr = addr, .len = len,
			   .off = off, .user_data = data };
	r->sq_array[i] = i;
	__atomic_store_n(r->sq_tail, tail + 1, __ATOMIC_RELEASE);
	return s;
}

/* Take the next CQE into *@c: 1, or 0 when the CQ is empty. */
static int ring_cqe(struct ring *r, struct cqe *c)
{
	uint32_t head = *r->cq_head;

	if (head == __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE))
		return 0;
	*c = r->cqes[head & (r->p.cq_entries - 1)];
	__atomic_store_n(r->cq_head, head + 1, __ATOMIC_RELEASE);
	return 1;
}

/* Submit what is queued and wait for one CQE into *@c: 0, or -1. */
static int ring_run1(struct ring *r, struct cqe *c)
{
	if (uring_enter(r->fd, 1, 1, ENTER_GETEVENTS) != 1)
		return tap_fail("io_uring_enter: %s", strerror(errno));
	if (!ring_cqe(r, c))
		return tap_fail("no CQE after io_uring_enter");
	return 0;
}

/* Queue one SQE, submit it and wait for its CQE into *@c: 0, or -1. */
static int ring_do(struct ring *r, struct cqe *c, uint8_t op, int fd,
		   uint64_t addr, uint32_t len, uint64_t off, uint64_t data)
{
	ring_sqe(r, op, fd, addr, len, off, data);
	return ring_run1(r, c);
}

/* A file of @n bytes 'a' + i % 26 at @path. */
static int make_file(const char *path, size_t n)
{
	char buf[260];			/* ten alphabets: i % 26 all along */
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (char)('a' + i % 26);
	for (size_t done = 0; fd >= 0 && done < n; done += sizeof(buf))
		if (write(fd, buf, MIN(sizeof(buf), n - done)) < 0)
			return -1;
	return fd;
}

/* ---- the tests ---- */

/* io_uring_setup's sizes, features and errors. */
static int test_setup_params(void)
{
	struct params p;
	char link[64], path[32];
	int fd;

	memset(&p, 0, sizeof(p));
	CHECK(uring_setup(4, NULL) == -1 && errno == EFAULT);
	CHECK(uring_setup(0, &p) == -1 && errno == EINVAL);
	p.resv[1] = 1;
	CHECK(uring_setup(4, &p) == -1 && errno == EINVAL);
	memset(&p, 0, sizeof(p));
	p.flags = 1u << 20;
	CHECK(uring_setup(4, &p) == -1 && errno == EINVAL);
	memset(&p, 0, sizeof(p));
	CHECK(uring_setup(32769, &p) == -1 && errno == EINVAL);
	p.flags = SETUP_CQSIZE;
	CHECK(uring_setup(4, &p) == -1 && errno == EINVAL);	/* cq 0 */
	p.cq_entries = 2;
	CHECK(uring_setup(4, &p) == -1 && errno == EINVAL);	/* cq < sq */
	p.cq_entries = 5;
	fd = (int)uring_setup(3, &p);
	CHECK(fd >= 0);
	CHECK(p.sq_entries == 4 && p.cq_entries == 8);
	CHECK((p.features & (FEAT_SINGLE_MMAP | FEAT_NODROP | FEAT_EXT_ARG)) ==
	      (FEAT_SINGLE_MMAP | FEAT_NODROP | FEAT_EXT_ARG));
	CHECK(p.sq_array >= p.cq_cqes + 8 * sizeof(struct cqe));
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	memset(link, 0, sizeof(link));
	CHECK(readlink(path, link, sizeof(link) - 1) > 0);
	CHECK(strcmp(link, "anon_inode:[io_uring]") == 0);
	close(fd);
	memset(&p, 0, sizeof(p));
	p.flags = SETUP_CQSIZE | SETUP_CLAMP;
	p.cq_entries = 1u << 20;
	fd = (int)uring_setup(8, &p);
	CHECK(fd >= 0 && p.cq_entries == 65536 && p.sq_entries == 8);
	close(fd);
	return 0;
}

/* mmap offsets and lengths, and the calls on a wrong descriptor. */
static int test_errno_cases(void)
{
	struct ring r;
	char buf[16];
	struct iovec iov = { buf, sizeof(buf) };

	if (ring_init(&r, 4))
		return -1;
	CHECK(mmap(NULL, 4096, PROT_READ, MAP_SHARED, r.fd, 0x4000000) == MAP_FAILED &&
	      errno == EINVAL);
	CHECK(mmap(NULL, 1 << 20, PROT_READ, MAP_SHARED, r.fd, OFF_SQES) == MAP_FAILED &&
	      errno == EINVAL);
	CHECK(uring_enter(-1, 0, 0, 0) == -1 && errno == EBADF);
	CHECK(uring_enter(0, 0, 0, 0) == -1 && errno == EOPNOTSUPP);
	CHECK(uring_enter(r.fd, 0, 0, 1u << 7) == -1 && errno == EINVAL);
	CHECK(uring_register(r.fd, 1000, NULL, 0) == -1 && errno == EINVAL);
	CHECK(uring_register(555, REG_BUFFERS, &iov, 1) == -1 && errno == EBADF);
	CHECK(uring_register(r.fd, UNREG_BUFFERS, NULL, 0) == -1 && errno == ENXIO);
	CHECK(uring_register(r.fd, REG_BUFFERS, NULL, 1) == -1 && errno == EFAULT);
	CHECK(uring_register(r.fd, REG_BUFFERS, &iov, 1) == 0);
	CHECK(uring_register(r.fd, REG_BUFFERS, &iov, 1) == -1 && errno == EBUSY);
	CHECK(uring_register(r.fd, REG_FILES, (int[]){ r.fd }, 1) == -1 && errno == EBADF);
	ring_exit(&r);
	return 0;
}

/* A NOP's user_data comes back; an unknown opcode gets -EINVAL, a bad
 * descriptor -EBADF, a SENDMSG on what is no socket -ENOTSOCK. */
static int test_nop_round_trip(void)
{
	struct ring r;
	struct cqe c;

	if (ring_init(&r, 4))
		return -1;
	if (ring_do(&r, &c, OP_NOP, -1, 0, 0, 0, 0xdeadbeefcafeull))
		return -1;
	CHECK(c.user_data == 0xdeadbeefcafeull && c.res == 0);
	CHECK(*r.sq_head == 1);
	if (ring_do(&r, &c, 200, -1, 0, 0, 0, 7))
		return -1;
	CHECK(c.user_data == 7 && c.res == -EINVAL);
	if (ring_do(&r, &c, OP_READ, 555, 0, 0, 0, 8))
		return -1;
	CHECK(c.user_data == 8 && c.res == -EBADF);
	if (ring_do(&r, &c, OP_SENDMSG, r.fd, 0, 0, 0, 9))
		return -1;
	CHECK(c.user_data == 9 && c.res == -ENOTSOCK);	/* before the msghdr */
	ring_exit(&r);
	return 0;
}

/* READV of a file into two buffers. */
static int test_readv_file(void)
{
	struct ring r;
	struct cqe c;
	char a[100], b[50];
	struct iovec v[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	int fd = make_file("/tmp/uring_readv", 1000);

	CHECK(fd >= 0);
	if (ring_init(&r, 2))
		return -1;
	if (ring_do(&r, &c, OP_READV, fd, (uint64_t)v, 2, 10, 1))
		return -1;
	CHECK(c.res == 150);
	CHECK(a[0] == 'a' + 10 % 26 && b[0] == 'a' + 110 % 26 && b[49] == 'a' + 159 % 26);
	close(fd);
	unlink("/tmp/uring_readv");
	ring_exit(&r);
	return 0;
}

/* WRITE then READ back, at an offset and at the file position (-1). */
static int test_write_read_back(void)
{
	struct ring r;
	struct cqe c;
	char out[64] = "io_uring wrote this", in[64] = { 0 };
	int fd = open("/tmp/uring_wr", O_RDWR | O_CREAT | O_TRUNC, 0644);

	CHECK(fd >= 0);
	if (ring_init(&r, 2))
		return -1;
	if (ring_do(&r, &c, OP_WRITE, fd, (uint64_t)out, 20, 100, 1))
		return -1;
	CHECK(c.res == 20);
	if (ring_do(&r, &c, OP_READ, fd, (uint64_t)in, 64, 100, 2))
		return -1;
	CHECK(c.res == 20 && strcmp(in, out) == 0);
	if (ring_do(&r, &c, OP_WRITE, fd, (uint64_t)"pos", 3, (uint64_t)-1, 3))
		return -1;
	CHECK(c.res == 3 && lseek(fd, 0, SEEK_CUR) == 3);
	if (ring_do(&r, &c, OP_FSYNC, fd, 0, 0, 0, 4))
		return -1;
	CHECK(c.res == 0);
	close(fd);
	unlink("/tmp/uring_wr");
	ring_exit(&r);
	return 0;
}

/* READ_FIXED into a registered buffer; the buffer outlives its munmap:
 * WRITE_FIXED from it afterwards still writes what was read. */
static int test_fixed_buffers(void)
{
	struct ring r;
	struct cqe c;
	char *buf = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct iovec iov = { buf, 8192 };
	int in = make_file("/tmp/uring_fin", 8192);
	int out = open("/tmp/uring_fout", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char check[8192];

	CHECK(buf != MAP_FAILED && in >= 0 && out >= 0);
	if (ring_init(&r, 2))
		return -1;
	CHECK(uring_register(r.fd, REG_BUFFERS, &iov, 1) == 0);
	if (ring_do(&r, &c, OP_READ_FIXED, in, (uint64_t)buf + 100, 5000, 0, 1))
		return -1;
	CHECK(c.res == 5000 && buf[100] == 'a' && buf[5099] == 'a' + 4999 % 26);
	if (ring_do(&r, &c, OP_READ_FIXED, in, (uint64_t)buf + 8000, 500, 0, 2))
		return -1;
	CHECK(c.res == -EFAULT);		/* past the buffer's end */
	CHECK(munmap(buf, 8192) == 0);
	if (ring_do(&r, &c, OP_WRITE_FIXED, out, (uint64_t)buf + 100, 5000, 0, 3))
		return -1;
	CHECK(c.res == 5000);
	CHECK(pread(out, check, 5000, 0) == 5000);
	CHECK(check[0] == 'a' && check[4999] == 'a' + 4999 % 26);
	CHECK(uring_register(r.fd, UNREG_BUFFERS, NULL, 0) == 0);
	if (ring_do(&r, &c, OP_WRITE_FIXED, out, (uint64_t)buf + 100, 10, 0, 4))
		return -1;
	CHECK(c.res == -EFAULT);
	close(in);
	close(out);
	unlink("/tmp/uring_fin");
	unlink("/tmp/uring_fout");
	ring_exit(&r);
	return 0;
}

/* IOSQE_FIXED_FILE: a registered file by index, after its close. */
static int test_fixed_files(void)
{
	struct ring r;
	struct cqe c;
	char buf[8] = { 0 };
	int fd = make_file("/tmp/uring_ff", 100);
	struct sqe *s;

	CHECK(fd >= 0);
	if (ring_init(&r, 2))
		return -1;
	CHECK(uring_register(r.fd, REG_FILES, (int[]){ -1, fd }, 2) == 0);
	close(fd);
	s = ring_sqe(&r, OP_READ, 1, (uint64_t)buf, 3, 1, 1);
	s->flags = SQE_FIXED_FILE;
	if (ring_run1(&r, &c))
		return -1;
	CHECK(c.res == 3 && strcmp(buf, "bcd") == 0);
	s = ring_sqe(&r, OP_READ, 0, (uint64_t)buf, 3, 1, 2);
	s->flags = SQE_FIXED_FILE;
	if (ring_run1(&r, &c))
		return -1;
	CHECK(c.res == -EBADF);		/* an empty slot */
	unlink("/tmp/uring_ff");
	ring_exit(&r);
	return 0;
}

/* OPENAT and CLOSE ops: the descriptor is the submitter's. */
static int test_openat_close(void)
{
	struct ring r;
	struct cqe c;
	char buf[4] = { 0 };

	close(make_file("/tmp/uring_open", 10));
	if (ring_init(&r, 2))
		return -1;
	if (ring_do(&r, &c, OP_OPENAT, AT_FDCWD, (uint64_t)"/tmp/uring_open",
		    0, 0, 1))
		return -1;
	CHECK(c.res >= 0 && read(c.res, buf, 3) == 3 && strcmp(buf, "abc") == 0);
	if (ring_do(&r, &c, OP_CLOSE, c.res, 0, 0, 0, 2))
		return -1;
	CHECK(c.res == 0);
	if (ring_do(&r, &c, OP_CLOSE, r.fd, 0, 0, 0, 3))
		return -1;
	CHECK(c.res == -EBADF);		/* not the ring itself */
	unlink("/tmp/uring_open");
	ring_exit(&r);
	return 0;
}

/* GETEVENTS waits for min_complete CQEs: three NOPs, three CQEs. */
static int test_min_complete(void)
{
	struct ring r;
	struct cqe c;
	int n = 0;

	if (ring_init(&r, 4))
		return -1;
	for (int i = 0; i < 3; i++)
		ring_sqe(&r, OP_NOP, -1, 0, 0, 0, 10 + i);
	CHECK(uring_enter(r.fd, 3, 3, ENTER_GETEVENTS) == 3);
	CHECK(*r.cq_tail - *r.cq_head == 3);
	while (ring_cqe(&r, &c))
		CHECK(c.user_data == 10u + n++);
	CHECK(n == 3);
	CHECK(uring_enter(r.fd, 0, 0, ENTER_GETEVENTS) == 0);
	ring_exit(&r);
	return 0;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* A READ of an empty pipe does not hang io_uring_enter: the enter
 * returns, the read completes when a child writes, and a waiter sees
 * it; a signal ends a wait with EINTR. */
static int test_blocked_op_completes_later(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct ring r;
	struct cqe c;
	char buf[16] = { 0 };
	int p[2], pid;

	CHECK(pipe(p) == 0);
	if (ring_init(&r, 4))
		return -1;
	ring_sqe(&r, OP_READ, p[0], (uint64_t)buf, sizeof(buf), 0, 42);
	alarm(5);				/* a hang fails the test */
	CHECK(uring_enter(r.fd, 1, 0, 0) == 1);
	CHECK(!ring_cqe(&r, &c));
	ring_sqe(&r, OP_NOP, -1, 0, 0, 0, 43);	/* the ring is not held */
	CHECK(uring_enter(r.fd, 1, 1, ENTER_GETEVENTS) == 1);
	CHECK(ring_cqe(&r, &c) && c.user_data == 43);
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	CHECK(uring_enter(r.fd, 0, 1, ENTER_GETEVENTS) == -1 && errno == EINTR);
	pid = fork();
	if (pid == 0) {
		usleep(200000);
		_exit(write(p[1], "late", 4) == 4 ? 0 : 1);
	}
	alarm(5);
	CHECK(uring_enter(r.fd, 0, 1, ENTER_GETEVENTS) == 0);
	alarm(0);
	CHECK(ring_cqe(&r, &c) && c.user_data == 42 && c.res == 4);
	CHECK(strcmp(buf, "late") == 0);
	CHECK(tap_wait_status(pid) == 0);
	ring_exit(&r);
	return 0;
}

/* A full CQ: the CQEs that do not fit wait (IORING_SQ_CQ_OVERFLOW),
 * submitting more is EBUSY, and reaping lets them all through in order. */
static int test_cq_overflow(void)
{
	struct ring r;
	struct cqe c;
	uint64_t want = 0;

	if (ring_init(&r, 1))			/* 1 SQE, 2 CQEs */
		return -1;
	for (int i = 0; i < 3; i++) {
		ring_sqe(&r, OP_NOP, -1, 0, 0, 0, (uint64_t)i);
		CHECK(uring_enter(r.fd, 1, 0, 0) == 1);
	}
	CHECK(*r.cq_tail - *r.cq_head == 2 && (*r.sq_flags & SQ_CQ_OVERFLOW));
	ring_sqe(&r, OP_NOP, -1, 0, 0, 0, 3);
	CHECK(uring_enter(r.fd, 1, 0, 0) == -1 && errno == EBUSY);
	while (want < 4) {
		CHECK(uring_enter(r.fd, want == 2, 1, ENTER_GETEVENTS) >= 0);
		while (ring_cqe(&r, &c))
			CHECK(c.user_data == want++);
	}
	CHECK(!(*r.sq_flags & SQ_CQ_OVERFLOW) && *r.cq_overflow == 0);
	ring_exit(&r);
	return 0;
}

/* SENDMSG to a Unix socket path resolves in the submitter's root: after
 * chroot the path outside is ENOENT (CVE-2020-29373). */
static int test_sendmsg_chroot(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX,
				    .sun_path = "/tmp/uring_sock" };
	char data[] = "beef";
	struct iovec iov = { data, 4 };
	struct msghdr m = { .msg_name = &addr, .msg_namelen = sizeof(addr),
			    .msg_iov = &iov, .msg_iovlen = 1 };
	struct ring r;
	struct cqe c;
	int rx = socket(AF_UNIX, SOCK_DGRAM, 0), tx = socket(AF_UNIX, SOCK_DGRAM, 0);
	char got[8] = { 0 };
	int old;

	unlink(addr.sun_path);
	CHECK(rx >= 0 && tx >= 0);
	CHECK(bind(rx, (struct sockaddr *)&addr, sizeof(addr)) == 0);
	if (ring_init(&r, 512))
		return -1;
	if (ring_do(&r, &c, OP_SENDMSG, tx, (uint64_t)&m, 0, 0, 1))
		return -1;
	CHECK(c.res == 4 && recv(rx, got, sizeof(got), 0) == 4);
	mkdir("/tmp/uring_root", 0755);
	CHECK((old = open("/", O_RDONLY | O_DIRECTORY)) >= 0);
	CHECK(chroot("/tmp/uring_root") == 0);
	if (ring_do(&r, &c, OP_SENDMSG, tx, (uint64_t)&m, 0, 0, 2))
		return -1;
	CHECK(c.user_data == 2 && c.res == -ENOENT);
	/* Back out (root may), to clean up. */
	CHECK(fchdir(old) == 0 && chroot(".") == 0);
	CHECK(unlink(addr.sun_path) == 0 && rmdir("/tmp/uring_root") == 0);
	ring_exit(&r);
	return 0;
}

/* RECVMSG on an empty socket waits without holding the enter. */
static int test_recvmsg_waits(void)
{
	int sv[2];
	char buf[8] = { 0 };
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct ring r;
	struct cqe c;

	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
	if (ring_init(&r, 2))
		return -1;
	ring_sqe(&r, OP_RECVMSG, sv[0], (uint64_t)&m, 0, 0, 5);
	alarm(5);
	CHECK(uring_enter(r.fd, 1, 0, 0) == 1 && !ring_cqe(&r, &c));
	CHECK(send(sv[1], "hi", 2, 0) == 2);
	CHECK(uring_enter(r.fd, 0, 1, ENTER_GETEVENTS) == 0);
	CHECK(ring_cqe(&r, &c) && c.user_data == 5 && c.res == 2 && !strcmp(buf, "hi"));
	ring_exit(&r);
	return 0;
}

/* A link whose first member fails: the next one is -ECANCELED. */
static int test_link_cancels(void)
{
	struct ring r;
	struct cqe c;
	struct sqe *s;

	if (ring_init(&r, 4))
		return -1;
	s = ring_sqe(&r, OP_READ, 555, 0, 0, 0, 1);
	s->flags = SQE_IO_LINK;
	ring_sqe(&r, OP_NOP, -1, 0, 0, 0, 2);
	ring_sqe(&r, OP_NOP, -1, 0, 0, 0, 3);
	CHECK(uring_enter(r.fd, 3, 3, ENTER_GETEVENTS) == 3);
	CHECK(ring_cqe(&r, &c) && c.user_data == 1 && c.res == -EBADF);
	CHECK(ring_cqe(&r, &c) && c.user_data == 2 && c.res == -ECANCELED);
	CHECK(ring_cqe(&r, &c) && c.user_data == 3 && c.res == 0);
	ring_exit(&r);
	return 0;
}

/* IORING_REGISTER_PROBE: what is done here, and nothing else. */
static int test_probe(void)
{
	struct {
		uint8_t last_op, ops_len;
		uint16_t resv;
		uint32_t resv2[3];
		struct { uint8_t op, resv; uint16_t flags; uint32_t resv2; } ops[64];
	} p;
	struct ring r;

	memset(&p, 0, sizeof(p));
	if (ring_init(&r, 2))
		return -1;
	CHECK(uring_register(r.fd, REG_PROBE, &p, 64) == 0);
	CHECK(p.last_op == 48 && p.ops_len == 49);
	CHECK(p.ops[OP_NOP].flags == 1 && p.ops[OP_READ_FIXED].flags == 1 &&
	      p.ops[OP_SENDMSG].flags == 1 && p.ops[OP_WRITE].flags == 1);
	CHECK(p.ops[OP_TIMEOUT].flags == 1 && p.ops[OP_TIMEOUT_REMOVE].flags == 1 &&
	      p.ops[OP_LINK_TIMEOUT].flags == 1);
	CHECK(p.ops[13].flags == 0 && p.ops[13].op == 13);	/* ACCEPT */
	p.resv = 1;
	CHECK(uring_register(r.fd, REG_PROBE, &p, 64) == -1 && errno == EINVAL);
	ring_exit(&r);
	return 0;
}

/* The CQE res of one NOP with SQE flags @flags (opcode @op) on @r. */
static int restricted_res(struct ring *r, uint8_t op, uint8_t flags)
{
	struct cqe c;

	ring_sqe(r, op, -1, 0, 0, 0, 7)->flags = flags;
	return ring_run1(r, &c) ? -1000 : c.res;
}

/* Linux 6.1 (io_register_restrictions(), io_register_enable_rings(),
 * io_check_restriction()): a ring set up disabled (R_DISABLED) takes
 * no SQEs (EBADFD) until ENABLE_RINGS; restrictions, registered once
 * before that, then allow only their register opcodes, SQE opcodes and
 * SQE flags (the rest EACCES, before an opcode's own checks); a bad
 * record keeps none; a ring not disabled takes neither call. */
static int test_restrictions(void)
{
	struct restriction res[] = {
		{ RESTRICT_REGISTER_OP, REG_PROBE, 0, { 0 } },
		{ RESTRICT_SQE_OP, OP_NOP, 0, { 0 } },
		{ RESTRICT_SQE_FLAGS_REQUIRED, SQE_ASYNC, 0, { 0 } },
		{ RESTRICT_SQE_FLAGS_ALLOWED, SQE_IO_LINK, 0, { 0 } },
	}, bad_op = { RESTRICT_SQE_OP, 49, 0, { 0 } }, bad = { 4, 0, 0, { 0 } };
	uint8_t probe[16 + 8 * 8];
	struct ring r;
	struct cqe c;

	if (ring_init(&r, 2))
		return -1;
	CHECK(uring_register(r.fd, REG_RESTRICTIONS, res, 4) == -1 && errno == EBADFD);
	CHECK(uring_register(r.fd, REG_ENABLE_RINGS, NULL, 0) == -1 && errno == EBADFD);
	ring_exit(&r);
	if (ring_init_flags(&r, 4, SETUP_R_DISABLED))
		return -1;
	CHECK(r.p.flags == SETUP_R_DISABLED);
	ring_sqe(&r, OP_NOP, -1, 0, 0, 0, 1);
	CHECK(uring_enter(r.fd, 1, 0, 0) == -1 && errno == EBADFD);
	CHECK(uring_register(r.fd, REG_RESTRICTIONS, NULL, 1) == -1 && errno == EINVAL);
	CHECK(uring_register(r.fd, REG_RESTRICTIONS, res, 4 + 26 + 49 + 1) == -1 &&
	      errno == EINVAL);
	CHECK(uring_register(r.fd, REG_RESTRICTIONS, &bad_op, 1) == -1 && errno == EINVAL);
	CHECK(uring_register(r.fd, REG_RESTRICTIONS, &bad, 1) == -1 && errno == EINVAL);
	CHECK(uring_register(r.fd, REG_RESTRICTIONS, (void *)8, 1) == -1 && errno == EFAULT);
	CHECK(uring_register(r.fd, REG_RESTRICTIONS, res, 4) == 0);
	CHECK(uring_register(r.fd, REG_RESTRICTIONS, res, 4) == -1 && errno == EBUSY);
	CHECK(uring_register(r.fd, REG_ENABLE_RINGS, res, 0) == -1 && errno == EINVAL);
	CHECK(uring_register(r.fd, REG_ENABLE_RINGS, NULL, 0) == 0);
	/* the NOP queued while it was disabled goes now: no ASYNC, EACCES */
	CHECK(uring_enter(r.fd, 1, 1, ENTER_GETEVENTS) == 1 && ring_cqe(&r, &c) &&
	      c.user_data == 1 && c.res == -EACCES);
	CHECK(restricted_res(&r, OP_NOP, SQE_ASYNC) == 0);
	CHECK(restricted_res(&r, OP_NOP, SQE_ASYNC | SQE_IO_LINK) == 0);
	CHECK(restricted_res(&r, OP_NOP, SQE_ASYNC | SQE_IO_DRAIN) == -EACCES);
	CHECK(restricted_res(&r, OP_WRITE, SQE_ASYNC) == -EACCES);
	CHECK(restricted_res(&r, 13, SQE_ASYNC) == -EACCES);	/* not done here */
	CHECK(restricted_res(&r, 60, SQE_ASYNC) == -EINVAL);	/* no such op */
	memset(probe, 0, sizeof(probe));
	CHECK(uring_register(r.fd, REG_PROBE, probe, 8) == 0 && probe[1] == 8);
	CHECK(uring_register(r.fd, REG_FILES, &r.fd, 1) == -1 && errno == EACCES);
	CHECK(uring_register(r.fd, REG_ENABLE_RINGS, NULL, 0) == -1 && errno == EACCES);
	CHECK(uring_register(r.fd, 26, NULL, 0) == -1 && errno == EINVAL);
	ring_exit(&r);
	/* enabled without restrictions: anything, and once only */
	if (ring_init_flags(&r, 2, SETUP_R_DISABLED))
		return -1;
	CHECK(uring_register(r.fd, REG_ENABLE_RINGS, NULL, 0) == 0);
	CHECK(uring_register(r.fd, REG_ENABLE_RINGS, NULL, 0) == -1 && errno == EBADFD);
	CHECK(restricted_res(&r, OP_NOP, SQE_IO_DRAIN) == 0);
	ring_exit(&r);
	return 0;
}

/* Linux 6.1 with no file that does polled I/O (io_init_req(),
 * io_rw_init_file(), io_iopoll_check()): an IOPOLL ring takes NOP and
 * the reads and writes, which fail with -EOPNOTSUPP (a file not open
 * for it: -EBADF first), even on an empty pipe, and no other op
 * (-EINVAL); GETEVENTS with nothing to come returns at once. */
static int test_iopoll(void)
{
	struct kts ts = { 1, 0 };
	struct ring r;
	struct cqe c;
	char buf[4];
	int fds[2];

	CHECK(pipe(fds) == 0);
	if (ring_init_flags(&r, 4, SETUP_IOPOLL))
		return -1;
	CHECK(r.p.flags == SETUP_IOPOLL);
	CHECK(ring_do(&r, &c, OP_NOP, -1, 0, 0, 0, 1) == 0 && c.res == 0);
	CHECK(ring_do(&r, &c, OP_READ, fds[0], (uint64_t)buf, 4, 0, 2) == 0 &&
	      c.user_data == 2 && c.res == -EOPNOTSUPP);
	CHECK(ring_do(&r, &c, OP_WRITE, fds[1], (uint64_t)"ab", 2, 0, 3) == 0 &&
	      c.res == -EOPNOTSUPP);
	CHECK(ring_do(&r, &c, OP_WRITE, fds[0], (uint64_t)"ab", 2, 0, 4) == 0 &&
	      c.res == -EBADF);
	CHECK(ring_do(&r, &c, OP_POLL_ADD, fds[0], 0, 0, 0, 5) == 0 &&
	      c.res == -EINVAL);
	CHECK(ring_do(&r, &c, OP_TIMEOUT, -1, (uint64_t)&ts, 1, 0, 6) == 0 &&
	      c.res == -EINVAL);
	CHECK(uring_enter(r.fd, 0, 1, ENTER_GETEVENTS) == 0 && !ring_cqe(&r, &c));
	CHECK(fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0 &&	/* nothing went */
	      read(fds[0], buf, sizeof(buf)) == -1 && errno == EAGAIN);
	ring_exit(&r);
	close(fds[0]), close(fds[1]);
	return 0;
}

/* Linux 6.1 (rings_size(), io_fill_cqe_req()): SQE128 makes each SQE
 * 128 bytes and CQE32 each CQE 32 (the second halves for URING_CMD,
 * not done here: an SQE's is not read, a CQE's comes as zeros); the
 * rings' size doubles everything before the SQ array, as Linux's. */
static int test_big_entries(void)
{
	struct params p;
	uint8_t *rings, *sqes;
	uint32_t *tail, *array, cqes_end, n = 4;
	int fd;

	memset(&p, 0, sizeof(p));
	p.flags = SETUP_SQE128 | SETUP_CQE32;
	CHECK((fd = (int)uring_setup(n, &p)) >= 0);
	cqes_end = p.cq_cqes + p.cq_entries * 16;
	CHECK(p.sq_array == ((cqes_end * 2 + 63) & ~63u));
	rings = mmap(NULL, p.sq_array + n * 4, PROT_READ | PROT_WRITE,
		     MAP_SHARED, fd, OFF_SQ_RING);
	sqes = mmap(NULL, n * 128, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		    OFF_SQES);
	CHECK(rings != MAP_FAILED && sqes != MAP_FAILED);
	tail = (uint32_t *)(rings + p.sq_tail);
	array = (uint32_t *)(rings + p.sq_array);
	memset(sqes, 0xff, n * 128);
	memset(rings + p.cq_cqes, 0xff, 3 * 32);
	for (uint32_t i = 0; i < 3; i++) {	/* NOPs in slots 1, 2, 3 */
		struct sqe *e = (struct sqe *)(sqes + (i + 1) * 128);

		memset(e, 0, sizeof(*e));	/* the second half stays 0xff */
		e->user_data = 100 + i;
		array[i] = i + 1;
	}
	__atomic_store_n(tail, 3, __ATOMIC_RELEASE);
	CHECK(uring_enter(fd, 3, 3, ENTER_GETEVENTS) == 3);
	for (uint32_t i = 0; i < 3; i++) {
		struct cqe *c = (struct cqe *)(rings + p.cq_cqes + i * 32);
		const uint8_t *big = (const uint8_t *)(c + 1);

		CHECK(c->user_data == 100 + i && c->res == 0 && c->flags == 0);
		for (int k = 0; k < 16; k++)
			CHECK(big[k] == 0);
	}
	munmap(sqes, n * 128);
	munmap(rings, p.sq_array + n * 4);
	close(fd);
	return 0;
}

/* Linux 6.1 (io_uring_create(), __io_uring_add_tctx_node_from_submit(),
 * __io_uring_register()): a SINGLE_ISSUER ring's submitter is the task
 * that set it up, or with R_DISABLED the one that enables it; any other
 * task's submit or register is EEXIST, its wait without submitting is
 * not. */
static int test_single_issuer(void)
{
	uint8_t probe[16 + 8 * 8];
	struct ring r;
	struct cqe c;
	int pid;

	if (ring_init_flags(&r, 2, SETUP_SINGLE_ISSUER))
		return -1;
	CHECK(ring_do(&r, &c, OP_NOP, -1, 0, 0, 0, 1) == 0 && c.res == 0);
	pid = fork();
	if (pid == 0) {
		ring_sqe(&r, OP_NOP, -1, 0, 0, 0, 2);
		_exit(uring_enter(r.fd, 1, 0, 0) == -1 && errno == EEXIST &&
		      uring_register(r.fd, REG_PROBE, probe, 8) == -1 &&
		      errno == EEXIST && uring_enter(r.fd, 0, 0, ENTER_GETEVENTS) == 0 ?
		      0 : 1);
	}
	CHECK(tap_wait_status(pid) == 0);
	CHECK(uring_enter(r.fd, 1, 1, ENTER_GETEVENTS) == 1 && ring_cqe(&r, &c) &&
	      c.user_data == 2);	/* the child's SQE, submitted here */
	memset(probe, 0, sizeof(probe));
	CHECK(uring_register(r.fd, REG_PROBE, probe, 8) == 0);
	ring_exit(&r);
	/* disabled: whoever enables it submits */
	if (ring_init_flags(&r, 2, SETUP_SINGLE_ISSUER | SETUP_R_DISABLED))
		return -1;
	pid = fork();
	if (pid == 0)
		_exit(uring_register(r.fd, REG_ENABLE_RINGS, NULL, 0) == 0 &&
		      ring_do(&r, &c, OP_NOP, -1, 0, 0, 0, 3) == 0 ? 0 : 1);
	CHECK(tap_wait_status(pid) == 0);
	ring_sqe(&r, OP_NOP, -1, 0, 0, 0, 4);
	CHECK(uring_enter(r.fd, 1, 0, 0) == -1 && errno == EEXIST);
	ring_exit(&r);
	return 0;
}

/* struct io_uring_rsrc_update: a registered ring's slot and descriptor */
struct ringfd_reg {
	uint32_t offset, resv;
	uint64_t data;
};

/* Register one ring descriptor @fd at slot @slot (-1: any) with @resv
 * through ring @via: io_uring_register()'s result; the slot in *@slot. */
static long ringfd_reg1(int via, int fd, uint32_t *slot, uint32_t resv)
{
	struct ringfd_reg reg = { *slot, resv, (uint64_t)fd };
	long ret = uring_register(via, REG_RING_FDS, &reg, 1);

	*slot = reg.offset;
	return ret;
}

/* Linux 6.1 (io_ringfd_register(), io_ringfd_unregister(),
 * io_uring_enter()): a task holds ring descriptors in 16 slots of its
 * own (-1: the first free one) and enters by slot with
 * IORING_ENTER_REGISTERED_RING, the descriptor closed or not; a child
 * has none; a partly done registration counts what it did. */
static int test_registered_ring(void)
{
	struct ringfd_reg regs[2] = { { (uint32_t)-1, 0, 0 }, { 5, 0, 0 } };
	uint32_t slot;
	struct ring r;
	struct cqe c;
	int fds[2], pid;

	CHECK(pipe(fds) == 0);
	if (ring_init(&r, 2))
		return -1;
	regs[0].data = regs[1].data = (uint64_t)r.fd;
	CHECK(uring_register(r.fd, REG_RING_FDS, regs, 2) == 2 &&
	      regs[0].offset == 0 && regs[1].offset == 5);
	ring_sqe(&r, OP_NOP, -1, 0, 0, 0, 1);
	CHECK(uring_enter(5, 1, 1, ENTER_GETEVENTS | ENTER_REGISTERED_RING) == 1 &&
	      ring_cqe(&r, &c) && c.user_data == 1);
	CHECK(uring_enter(3, 0, 0, ENTER_REGISTERED_RING) == -1 && errno == EBADF);
	CHECK(uring_enter(16, 0, 0, ENTER_REGISTERED_RING) == -1 && errno == EINVAL);
	slot = 5;
	CHECK(ringfd_reg1(r.fd, r.fd, &slot, 0) == -1 && errno == EBUSY);
	slot = (uint32_t)-1;
	CHECK(ringfd_reg1(r.fd, fds[0], &slot, 0) == -1 && errno == EOPNOTSUPP);
	CHECK(ringfd_reg1(r.fd, 999, &slot, 0) == -1 && errno == EBADF);
	CHECK(ringfd_reg1(r.fd, r.fd, &slot, 1) == -1 && errno == EINVAL);
	slot = 16;
	CHECK(ringfd_reg1(r.fd, r.fd, &slot, 0) == -1 && errno == EINVAL);
	CHECK(uring_register(r.fd, REG_RING_FDS, regs, 0) == -1 && errno == EINVAL);
	CHECK(uring_register(r.fd, REG_RING_FDS, regs, 17) == -1 && errno == EINVAL);
	regs[0].offset = regs[1].offset = 1;	/* the second finds it taken */
	CHECK(uring_register(r.fd, REG_RING_FDS, regs, 2) == 1);
	pid = fork();
	if (pid == 0)				/* the slots are the parent's */
		_exit(uring_enter(5, 0, 0, ENTER_REGISTERED_RING) == -1 &&
		      errno == EINVAL ? 0 : 1);
	CHECK(tap_wait_status(pid) == 0);
	/* unregister: slots 0 and 1 go; bad records */
	regs[0] = (struct ringfd_reg){ 0, 0, 0 };
	regs[1] = (struct ringfd_reg){ 1, 0, 0 };
	CHECK(uring_register(r.fd, UNREG_RING_FDS, regs, 2) == 2);
	CHECK(uring_enter(0, 0, 0, ENTER_REGISTERED_RING) == -1 && errno == EBADF);
	regs[0].data = 1;
	CHECK(uring_register(r.fd, UNREG_RING_FDS, regs, 1) == -1 && errno == EINVAL);
	regs[0] = (struct ringfd_reg){ 16, 0, 0 };
	CHECK(uring_register(r.fd, UNREG_RING_FDS, regs, 1) == -1 && errno == EINVAL);
	/* slot 5 holds the ring with its descriptor closed */
	ring_sqe(&r, OP_NOP, -1, 0, 0, 0, 2);
	close(r.fd);
	CHECK(uring_enter(5, 1, 1, ENTER_GETEVENTS | ENTER_REGISTERED_RING) == 1 &&
	      ring_cqe(&r, &c) && c.user_data == 2);
	r.fd = -1;
	ring_exit(&r);
	close(fds[0]), close(fds[1]);
	return 0;
}

/* After fork the ring is one: the child's NOP shows in the parent's CQ. */
static int test_fork_shares_ring(void)
{
	struct ring r;
	struct cqe c;
	int pid;

	if (ring_init(&r, 2))
		return -1;
	pid = fork();
	if (pid == 0) {
		ring_sqe(&r, OP_NOP, -1, 0, 0, 0, 99);
		_exit(uring_enter(r.fd, 1, 0, 0) == 1 ? 0 : 1);
	}
	CHECK(tap_wait_status(pid) == 0);
	CHECK(ring_cqe(&r, &c) && c.user_data == 99);
	ring_exit(&r);
	return 0;
}

/* Run @child (which parks requests, then returns its exit status) in 64
 * processes, one after another: their rings must not outlive them, so
 * no 512-byte contexts are left behind (a leaked one keeps its file,
 * inode, rings and task for good). */
static int forks_leave_no_ring(int (*child)(void))
{
	long before = procfs_slab_objects("kmalloc-512"), after;

	for (int i = 0; i < 64; i++) {
		int pid = fork();

		if (pid == 0)
			_exit(child());
		CHECK(tap_wait_status(pid) == 0);
	}
	after = procfs_slab_objects("kmalloc-512");
	CHECK(before > 0 && after > 0);
	EXPECT(after - before < 32);
	return 0;
}

/* A request parked on the ring's own descriptor (POLL_ADD of an event
 * it never has). */
static int park_on_own_ring(void)
{
	struct ring r;

	if (ring_init(&r, 2))
		return 1;
	ring_sqe(&r, OP_POLL_ADD, r.fd, 0, 0, 0, 1)->op_flags = POLLPRI;
	return uring_enter(r.fd, 1, 0, 0) == 1 && *r.cq_tail == 0 ? 0 : 2;
}

/* Two rings, each with a request parked on the other's descriptor: a
 * cycle of references that only the submitter's exit breaks, by
 * cancelling its requests (Linux's io_uring_files_cancel()). */
static int park_on_each_other(void)
{
	struct ring a, b;

	if (ring_init(&a, 2) || ring_init(&b, 2))
		return 1;
	ring_sqe(&a, OP_POLL_ADD, b.fd, 0, 0, 0, 1)->op_flags = POLLPRI;
	ring_sqe(&b, OP_POLL_ADD, a.fd, 0, 0, 0, 2)->op_flags = POLLPRI;
	return uring_enter(a.fd, 1, 0, 0) == 1 &&
	       uring_enter(b.fd, 1, 0, 0) == 1 ? 0 : 2;
}

static int test_self_poll_freed(void)
{
	return forks_leave_no_ring(park_on_own_ring);
}

static int test_ring_cycle_freed(void)
{
	return forks_leave_no_ring(park_on_each_other);
}

/* A child's request parked on a shared ring completes with -ECANCELED
 * when the child exits, before anyone enters the ring again. */
static int test_exit_cancels(void)
{
	struct ring r;
	struct cqe c;
	int p[2], pid;

	CHECK(pipe(p) == 0);
	if (ring_init(&r, 2))
		return -1;
	pid = fork();
	if (pid == 0) {
		ring_sqe(&r, OP_POLL_ADD, p[0], 0, 0, 0, 7)->op_flags = POLLIN;
		_exit(uring_enter(r.fd, 1, 0, 0) == 1 && *r.cq_tail == 0 ? 0 : 1);
	}
	CHECK(tap_wait_status(pid) == 0);
	CHECK(ring_cqe(&r, &c) && c.user_data == 7 && c.res == -ECANCELED);
	ring_exit(&r);
	close(p[0]), close(p[1]);
	return 0;
}

/* A child's request parked on a shared ring completes with -ECANCELED
 * when the child execs (Linux's begin_new_exec()), while the new program
 * still runs: here a shell that waits on a pipe we hold. */
static int test_exec_cancels(void)
{
	struct ring r;
	struct cqe c;
	int p[2], q[2], pid, n = 0;

	CHECK(pipe(p) == 0 && pipe(q) == 0);
	if (ring_init(&r, 2))
		return -1;
	pid = fork();
	if (pid == 0) {
		ring_sqe(&r, OP_POLL_ADD, p[0], 0, 0, 0, 8)->op_flags = POLLIN;
		if (uring_enter(r.fd, 1, 0, 0) != 1 || dup2(q[0], 0) != 0)
			_exit(1);
		close(q[1]);
		execl("/bin/sh", "sh", "-c", "read x; true", (char *)NULL);
		_exit(2);
	}
	close(q[0]);
	while (__atomic_load_n(r.cq_tail, __ATOMIC_ACQUIRE) == 0 && n++ < 500)
		usleep(10000);		/* at most 5 s for the exec */
	CHECK(ring_cqe(&r, &c) && c.user_data == 8 && c.res == -ECANCELED);
	CHECK(kill(pid, 0) == 0);	/* the shell still runs */
	close(q[1]);			/* its read ends: it exits */
	CHECK(tap_wait_status(pid) == 0);
	ring_exit(&r);
	close(p[0]), close(p[1]);
	return 0;
}

/* ---- timeouts ---- */

static int64_t now_ns(clockid_t clk)
{
	struct timespec t;

	clock_gettime(clk, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* Queue a TIMEOUT of *@ts (@count CQEs, @flags), user_data @data. */
static struct sqe *ring_timeout(struct ring *r, struct kts *ts, uint64_t count,
				uint32_t flags, uint64_t data)
{
	struct sqe *s = ring_sqe(r, OP_TIMEOUT, -1, (uint64_t)ts, 1, count, data);

	s->op_flags = flags;
	return s;
}

/* A pure timeout: not there at once, -ETIME after its 100 ms, never
 * before (the ring's own wait, no EXT_ARG). */
static int test_timeout_fires(void)
{
	struct kts ts = { 0, 100000000 };
	struct ring r;
	struct cqe c;
	int64_t t0;

	if (ring_init(&r, 4))
		return -1;
	t0 = now_ns(CLOCK_MONOTONIC);
	ring_timeout(&r, &ts, 0, 0, 11);
	CHECK(uring_enter(r.fd, 1, 0, 0) == 1 && !ring_cqe(&r, &c));
	CHECK(uring_enter(r.fd, 0, 1, ENTER_GETEVENTS) == 0);
	CHECK(ring_cqe(&r, &c) && c.user_data == 11 && c.res == -ETIME);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 100000000);
	EXPECT(now_ns(CLOCK_MONOTONIC) - t0 < 3000000000ll);
	ts.nsec = 0;				/* 0: at once */
	ring_timeout(&r, &ts, 0, TIMEOUT_BOOTTIME, 12);
	CHECK(uring_enter(r.fd, 1, 1, ENTER_GETEVENTS) == 1);
	CHECK(ring_cqe(&r, &c) && c.user_data == 12 && c.res == -ETIME);
	ring_exit(&r);
	return 0;
}

/* A timeout counting 2 CQEs completes with 0 after the second NOP, not
 * the first; one whose count never comes times out; another timeout's
 * CQE does not count. */
static int test_timeout_count(void)
{
	struct kts ts = { 10, 0 }, short_ts = { 0, 20000000 };
	struct ring r;
	struct cqe c;

	if (ring_init(&r, 8))
		return -1;
	ring_timeout(&r, &ts, 2, 0, 1);
	CHECK(uring_enter(r.fd, 1, 0, 0) == 1);
	ring_timeout(&r, &short_ts, 0, 0, 2);	/* its CQE is no event */
	CHECK(uring_enter(r.fd, 1, 1, ENTER_GETEVENTS) == 1);
	CHECK(ring_cqe(&r, &c) && c.user_data == 2 && c.res == -ETIME);
	ring_sqe(&r, OP_NOP, -1, 0, 0, 0, 3);
	CHECK(uring_enter(r.fd, 1, 1, ENTER_GETEVENTS) == 1);
	CHECK(ring_cqe(&r, &c) && c.user_data == 3 && !ring_cqe(&r, &c));
	ring_sqe(&r, OP_NOP, -1, 0, 0, 0, 4);
	CHECK(uring_enter(r.fd, 1, 0, 0) == 1);	/* posted by return */
	CHECK(ring_cqe(&r, &c) && c.user_data == 4 && c.res == 0);
	CHECK(ring_cqe(&r, &c) && c.user_data == 1 && c.res == 0);
	ring_timeout(&r, &short_ts, 5, 0, 5);	/* count not reached */
	CHECK(uring_enter(r.fd, 1, 1, ENTER_GETEVENTS) == 1);
	CHECK(ring_cqe(&r, &c) && c.user_data == 5 && c.res == -ETIME);
	ring_exit(&r);
	return 0;
}

/* TIMEOUT_REMOVE: 0 and the timeout -ECANCELED; then -ENOENT; flags
 * it does not know -EINVAL. */
static int test_timeout_remove(void)
{
	struct kts ts = { 10, 0 };
	struct ring r;
	struct cqe c;

	if (ring_init(&r, 4))
		return -1;
	ring_timeout(&r, &ts, 0, 0, 5);
	CHECK(uring_enter(r.fd, 1, 0, 0) == 1);
	ring_sqe(&r, OP_TIMEOUT_REMOVE, -1, 5, 0, 0, 6);
	CHECK(uring_enter(r.fd, 1, 2, ENTER_GETEVENTS) == 1);
	CHECK(ring_cqe(&r, &c) && c.user_data == 6 && c.res == 0);
	CHECK(ring_cqe(&r, &c) && c.user_data == 5 && c.res == -ECANCELED);
	if (ring_do(&r, &c, OP_TIMEOUT_REMOVE, -1, 5, 0, 0, 7))
		return -1;
	CHECK(c.user_data == 7 && c.res == -ENOENT);
	ring_timeout(&r, &ts, 0, 0, 8);
	CHECK(uring_enter(r.fd, 1, 0, 0) == 1);
	ring_sqe(&r, OP_TIMEOUT_REMOVE, -1, 8, 0, 0, 9)->op_flags = TIMEOUT_ABS;
	if (ring_run1(&r, &c))
		return -1;
	CHECK(c.user_data == 9 && c.res == -EINVAL);	/* no update: no flags */
	if (ring_do(&r, &c, OP_TIMEOUT_REMOVE, -1, 8, 1, 0, 10))
		return -1;
	CHECK(c.user_data == 10 && c.res == -EINVAL);	/* len */
	ring_exit(&r);				/* 8 still pending: freed */
	return 0;
}

/* IORING_TIMEOUT_UPDATE: a 10 s timeout made 50 ms fires soon; one
 * that counted CQEs becomes a pure timer; an unknown one -ENOENT. */
static int test_timeout_update(void)
{
	struct kts ts = { 10, 0 }, soon = { 0, 50000000 };
	struct ring r;
	struct cqe c;
	struct sqe *s;
	int64_t t0;

	if (ring_init(&r, 4))
		return -1;
	ring_timeout(&r, &ts, 1, 0, 20);
	CHECK(uring_enter(r.fd, 1, 0, 0) == 1);
	t0 = now_ns(CLOCK_MONOTONIC);
	s = ring_sqe(&r, OP_TIMEOUT_REMOVE, -1, 20, 0, (uint64_t)&soon, 21);
	s->op_flags = TIMEOUT_UPDATE;
	CHECK(uring_enter(r.fd, 1, 1, ENTER_GETEVENTS) == 1);
	/* The update's own CQE did not complete the count: it is a timer. */
	CHECK(ring_cqe(&r, &c) && c.user_data == 21 && c.res == 0);
	CHECK(uring_enter(r.fd, 0, 1, ENTER_GETEVENTS) == 0);
	CHECK(ring_cqe(&r, &c) && c.user_data == 20 && c.res == -ETIME);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 50000000);
	EXPECT(now_ns(CLOCK_MONOTONIC) - t0 < 3000000000ll);
	s = ring_sqe(&r, OP_TIMEOUT_REMOVE, -1, 20, 0, (uint64_t)&soon, 22);
	s->op_flags = TIMEOUT_UPDATE;
	if (ring_run1(&r, &c))
		return -1;
	CHECK(c.user_data == 22 && c.res == -ENOENT);
	s = ring_sqe(&r, OP_TIMEOUT_REMOVE, -1, 20, 0, 16, 23);
	s->op_flags = TIMEOUT_UPDATE;
	if (ring_run1(&r, &c))
		return -1;
	CHECK(c.user_data == 23 && c.res == -EFAULT);
	s = ring_sqe(&r, OP_TIMEOUT_REMOVE, -1, 20, 0, (uint64_t)&soon, 24);
	s->op_flags = TIMEOUT_UPDATE | TIMEOUT_REALTIME;
	if (ring_run1(&r, &c))
		return -1;
	CHECK(c.user_data == 24 && c.res == -EINVAL);
	ring_exit(&r);
	return 0;
}

/* IORING_TIMEOUT_ABS on CLOCK_REALTIME fires when that clock reaches
 * it, not before; on the monotonic clock in the past, at once. */
static int test_timeout_abs_realtime(void)
{
	int64_t at = now_ns(CLOCK_REALTIME) + 100000000;
	struct kts ts = { at / 1000000000, at % 1000000000 };
	struct ring r;
	struct cqe c;

	if (ring_init(&r, 4))
		return -1;
	ring_timeout(&r, &ts, 0, TIMEOUT_ABS | TIMEOUT_REALTIME, 30);
	CHECK(uring_enter(r.fd, 1, 1, ENTER_GETEVENTS) == 1);
	CHECK(ring_cqe(&r, &c) && c.user_data == 30 && c.res == -ETIME);
	CHECK(now_ns(CLOCK_REALTIME) >= at);
	EXPECT(now_ns(CLOCK_REALTIME) - at < 3000000000ll);
	ts = (struct kts){ 0, 1 };			/* long past */
	ring_timeout(&r, &ts, 0, TIMEOUT_ABS, 31);
	CHECK(uring_enter(r.fd, 1, 1, ENTER_GETEVENTS) == 1);
	CHECK(ring_cqe(&r, &c) && c.user_data == 31 && c.res == -ETIME);
	ring_exit(&r);
	return 0;
}

/* A timeout in a link: its -ETIME cancels the next member, unless
 * IORING_TIMEOUT_ETIME_SUCCESS; a drain waits for it. */
static int test_timeout_link(void)
{
	struct kts ts = { 0, 20000000 };
	struct ring r;
	struct cqe c;

	if (ring_init(&r, 4))
		return -1;
	ring_timeout(&r, &ts, 0, 0, 40)->flags = SQE_IO_LINK;
	ring_sqe(&r, OP_NOP, -1, 0, 0, 0, 41);
	CHECK(uring_enter(r.fd, 2, 2, ENTER_GETEVENTS) == 2);
	CHECK(ring_cqe(&r, &c) && c.user_data == 40 && c.res == -ETIME);
	CHECK(ring_cqe(&r, &c) && c.user_data == 41 && c.res == -ECANCELED);
	ring_timeout(&r, &ts, 0, TIMEOUT_ETIME_SUCCESS, 42)->flags = SQE_IO_LINK;
	ring_sqe(&r, OP_NOP, -1, 0, 0, 0, 43);
	CHECK(uring_enter(r.fd, 2, 2, ENTER_GETEVENTS) == 2);
	CHECK(ring_cqe(&r, &c) && c.user_data == 42 && c.res == -ETIME);
	CHECK(ring_cqe(&r, &c) && c.user_data == 43 && c.res == 0);
	ring_timeout(&r, &ts, 0, 0, 44);
	ring_sqe(&r, OP_NOP, -1, 0, 0, 0, 45)->flags = SQE_IO_DRAIN;
	CHECK(uring_enter(r.fd, 2, 0, 0) == 2 && !ring_cqe(&r, &c));
	CHECK(uring_enter(r.fd, 0, 2, ENTER_GETEVENTS) == 0);
	CHECK(ring_cqe(&r, &c) && c.user_data == 44 && c.res == -ETIME);
	CHECK(ring_cqe(&r, &c) && c.user_data == 45 && c.res == 0);
	ring_exit(&r);
	return 0;
}

/* LINK_TIMEOUT after a read of an empty pipe: the read is cancelled
 * when the time comes and the rest of the chain with it; after a NOP
 * that is done at once, it is -ECANCELED and the chain goes on; a read
 * that completes first cancels it; IORING_LINK_TIMEOUT_UPDATE restarts
 * it; with no request before it, -EINVAL. */
static int test_link_timeout(void)
{
	struct kts t50 = { 0, 50000000 }, t10 = { 10, 0 };
	struct ring r;
	struct cqe c;
	struct sqe *s;
	char buf[8];
	int p[2];
	int64_t t0;

	CHECK(pipe(p) == 0);
	if (ring_init(&r, 8))
		return -1;
	t0 = now_ns(CLOCK_MONOTONIC);
	ring_sqe(&r, OP_READ, p[0], (uint64_t)buf, sizeof(buf), 0, 80)->flags = SQE_IO_LINK;
	ring_sqe(&r, OP_LINK_TIMEOUT, -1, (uint64_t)&t50, 1, 0, 81)->flags = SQE_IO_LINK;
	ring_sqe(&r, OP_NOP, -1, 0, 0, 0, 82);
	CHECK(uring_enter(r.fd, 3, 3, ENTER_GETEVENTS) == 3);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 50000000);
	CHECK(ring_cqe(&r, &c) && c.user_data == 80 && c.res == -ECANCELED);
	CHECK(ring_cqe(&r, &c) && c.user_data == 81 && c.res == -ETIME);
	CHECK(ring_cqe(&r, &c) && c.user_data == 82 && c.res == -ECANCELED);
	ring_sqe(&r, OP_NOP, -1, 0, 0, 0, 83)->flags = SQE_IO_LINK;
	ring_sqe(&r, OP_LINK_TIMEOUT, -1, (uint64_t)&t10, 1, 0, 84)->flags = SQE_IO_LINK;
	ring_sqe(&r, OP_NOP, -1, 0, 0, 0, 85);
	CHECK(uring_enter(r.fd, 3, 0, 0) == 3);
	CHECK(ring_cqe(&r, &c) && c.user_data == 83 && c.res == 0);
	CHECK(ring_cqe(&r, &c) && c.user_data == 84 && c.res == -ECANCELED);
	CHECK(ring_cqe(&r, &c) && c.user_data == 85 && c.res == 0);
	ring_sqe(&r, OP_READ, p[0], (uint64_t)buf, sizeof(buf), 0, 86)->flags = SQE_IO_LINK;
	ring_sqe(&r, OP_LINK_TIMEOUT, -1, (uint64_t)&t10, 1, 0, 87);
	CHECK(uring_enter(r.fd, 2, 0, 0) == 2 && !ring_cqe(&r, &c));
	CHECK(write(p[1], "y", 1) == 1);
	CHECK(uring_enter(r.fd, 0, 2, ENTER_GETEVENTS) == 0);
	CHECK(ring_cqe(&r, &c) && c.user_data == 86 && c.res == 1);
	CHECK(ring_cqe(&r, &c) && c.user_data == 87 && c.res == -ECANCELED);
	t0 = now_ns(CLOCK_MONOTONIC);
	ring_sqe(&r, OP_READ, p[0], (uint64_t)buf, sizeof(buf), 0, 88)->flags = SQE_IO_LINK;
	ring_sqe(&r, OP_LINK_TIMEOUT, -1, (uint64_t)&t10, 1, 0, 89);
	s = ring_sqe(&r, OP_TIMEOUT_REMOVE, -1, 89, 0, (uint64_t)&t50, 90);
	s->op_flags = TIMEOUT_UPDATE | LINK_TIMEOUT_UPDATE;
	CHECK(uring_enter(r.fd, 3, 3, ENTER_GETEVENTS) == 3);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 < 5000000000ll);
	CHECK(ring_cqe(&r, &c) && c.user_data == 90 && c.res == 0);
	CHECK(ring_cqe(&r, &c) && c.user_data == 88 && c.res == -ECANCELED);
	CHECK(ring_cqe(&r, &c) && c.user_data == 89 && c.res == -ETIME);
	if (ring_do(&r, &c, OP_LINK_TIMEOUT, -1, (uint64_t)&t50, 1, 0, 91))
		return -1;
	CHECK(c.user_data == 91 && c.res == -EINVAL);	/* nothing to limit */
	ring_sqe(&r, OP_NOP, -1, 0, 0, 0, 92)->flags = SQE_IO_LINK;
	ring_sqe(&r, OP_LINK_TIMEOUT, -1, (uint64_t)&t50, 1, 1, 93);	/* a count */
	CHECK(uring_enter(r.fd, 2, 2, ENTER_GETEVENTS) == 2);
	CHECK(ring_cqe(&r, &c) && c.user_data == 92 && c.res == 0);
	CHECK(ring_cqe(&r, &c) && c.user_data == 93 && c.res == -EINVAL);
	ring_exit(&r);
	close(p[0]), close(p[1]);
	return 0;
}

/* A TIMEOUT's bad arguments: -EINVAL, -EFAULT in its CQE. */
static int test_timeout_einval(void)
{
	static const struct { int64_t sec, nsec; uint32_t len, flags; int res; } bad[] = {
		{ 1, 0, 0, 0, -EINVAL }, { 1, 0, 2, 0, -EINVAL },
		{ 1, 0, 1, 1u << 6, -EINVAL },		/* unknown flag */
		{ 1, 0, 1, TIMEOUT_UPDATE, -EINVAL },
		{ 1, 0, 1, TIMEOUT_BOOTTIME | TIMEOUT_REALTIME, -EINVAL },
		{ -1, 0, 1, 0, -EINVAL }, { 0, -1, 1, 0, -EINVAL },
		{ 1, -5, 1, TIMEOUT_ABS, -EINVAL },
	};
	struct ring r;
	struct cqe c;
	struct kts ts;

	if (ring_init(&r, 4))
		return -1;
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ts = (struct kts){ bad[i].sec, bad[i].nsec };
		ring_timeout(&r, &ts, 0, bad[i].flags, i)->len = bad[i].len;
		if (ring_run1(&r, &c))
			return -1;
		if (c.user_data != i || c.res != bad[i].res)
			return tap_fail("case %u: res %d", i, c.res);
	}
	if (ring_do(&r, &c, OP_TIMEOUT, -1, 16, 1, 0, 50))
		return -1;
	CHECK(c.user_data == 50 && c.res == -EFAULT);
	ring_timeout(&r, &ts, 0, 0, 51)->buf_index = 1;
	if (ring_run1(&r, &c))
		return -1;
	CHECK(c.user_data == 51 && c.res == -EINVAL);
	ring_exit(&r);
	return 0;
}

/* IORING_ENTER_EXT_ARG: a wait bounded by its timespec (-ETIME when
 * nothing comes; 0 when a CQE is there, even short of min_complete),
 * and one that returns when a completion comes; its size and pad. */
static int test_ext_arg_wait(void)
{
	struct kts ts = { 0, 100000000 }, t50 = { 0, 50000000 };
	struct getevents_arg arg = { .ts = (uint64_t)&ts };
	struct ring r;
	struct cqe c;
	char buf[8];
	int p[2], pid;
	int64_t t0;

	CHECK(pipe(p) == 0);
	if (ring_init(&r, 4))
		return -1;
	t0 = now_ns(CLOCK_MONOTONIC);
	CHECK(uring_enter_arg(r.fd, 0, 1, ENTER_GETEVENTS | ENTER_EXT_ARG, &arg,
			      sizeof(arg)) == -1 && errno == ETIME);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 >= 100000000);
	CHECK(uring_enter_arg(r.fd, 0, 1, ENTER_GETEVENTS | ENTER_EXT_ARG, &arg,
			      sizeof(arg) - 1) == -1 && errno == EINVAL);
	CHECK(uring_enter_arg(r.fd, 0, 1, ENTER_GETEVENTS | ENTER_EXT_ARG, (void *)16,
			      sizeof(arg)) == -1 && errno == EFAULT);
	arg.pad = 1;
	CHECK(uring_enter_arg(r.fd, 0, 1, ENTER_GETEVENTS | ENTER_EXT_ARG, &arg,
			      sizeof(arg)) == -1 && errno == EINVAL);
	arg = (struct getevents_arg){ .ts = 16 };
	CHECK(uring_enter_arg(r.fd, 0, 1, ENTER_GETEVENTS | ENTER_EXT_ARG, &arg,
			      sizeof(arg)) == -1 && errno == EFAULT);
	CHECK(uring_enter_arg(r.fd, 0, 1, ENTER_EXT_ARG, &arg, 3) == 0);
	/* One CQE of the two asked for: the time runs out, yet 0. */
	arg.ts = (uint64_t)&t50;
	ring_sqe(&r, OP_NOP, -1, 0, 0, 0, 60);
	CHECK(uring_enter_arg(r.fd, 1, 2, ENTER_GETEVENTS | ENTER_EXT_ARG, &arg,
			      sizeof(arg)) == 1);
	CHECK(uring_enter_arg(r.fd, 0, 2, ENTER_GETEVENTS | ENTER_EXT_ARG, &arg,
			      sizeof(arg)) == 0);
	CHECK(ring_cqe(&r, &c) && c.user_data == 60 && !ring_cqe(&r, &c));
	/* A read that a child's write completes ends a 5 s wait early. */
	ts = (struct kts){ 5, 0 };
	arg.ts = (uint64_t)&ts;
	ring_sqe(&r, OP_READ, p[0], (uint64_t)buf, sizeof(buf), 0, 61);
	CHECK(uring_enter(r.fd, 1, 0, 0) == 1);
	pid = fork();
	if (pid == 0) {
		usleep(100000);
		_exit(write(p[1], "x", 1) == 1 ? 0 : 1);
	}
	t0 = now_ns(CLOCK_MONOTONIC);
	CHECK(uring_enter_arg(r.fd, 0, 1, ENTER_GETEVENTS | ENTER_EXT_ARG, &arg,
			      sizeof(arg)) == 0);
	CHECK(now_ns(CLOCK_MONOTONIC) - t0 < 4000000000ll);
	CHECK(ring_cqe(&r, &c) && c.user_data == 61 && c.res == 1);
	CHECK(tap_wait_status(pid) == 0);
	ring_exit(&r);
	close(p[0]), close(p[1]);
	return 0;
}

/* Timeouts, one counting, pending when the ring is closed (then the
 * process lives on past them: a timer left armed would fire on freed
 * memory), or when the process exits with the ring open. */
static int timeouts_then_close(void)
{
	struct kts ts = { 0, 20000000 }, never = { 100, 0 };
	struct ring r;

	if (ring_init(&r, 4))
		return 1;
	ring_timeout(&r, &ts, 0, 0, 1);
	ring_timeout(&r, &never, 3, 0, 2);
	if (uring_enter(r.fd, 2, 0, 0) != 2)
		return 2;
	ring_exit(&r);
	usleep(50000);
	return 0;
}

static int timeouts_then_exit(void)
{
	struct kts ts = { 0, 20000000 }, never = { 100, 0 };
	struct ring r;

	if (ring_init(&r, 4))
		return 1;
	ring_timeout(&r, &ts, 0, 0, 1);
	never.sec = 100000;			/* since boot: a day */
	ring_timeout(&r, &never, 3, TIMEOUT_ABS, 2);
	return uring_enter(r.fd, 2, 0, 0) == 2 ? 0 : 2;
}

static int test_timeout_ring_gone(void)
{
	struct kts never = { 100, 0 };
	struct ring r;
	struct cqe c;
	int pid;

	if (forks_leave_no_ring(timeouts_then_close) ||
	    forks_leave_no_ring(timeouts_then_exit))
		return -1;
	/* A child's timeout on a shared ring: -ECANCELED at its exit. */
	if (ring_init(&r, 2))
		return -1;
	pid = fork();
	if (pid == 0) {
		ring_timeout(&r, &never, 0, 0, 70);
		_exit(uring_enter(r.fd, 1, 0, 0) == 1 && *r.cq_tail == 0 ? 0 : 1);
	}
	CHECK(tap_wait_status(pid) == 0);
	CHECK(ring_cqe(&r, &c) && c.user_data == 70 && c.res == -ECANCELED);
	ring_exit(&r);
	return 0;
}

static const struct tap_test tests[] = {
	{ "setup_params", test_setup_params },
	{ "errno_cases", test_errno_cases },
	{ "nop_round_trip", test_nop_round_trip },
	{ "readv_file", test_readv_file },
	{ "write_read_back", test_write_read_back },
	{ "fixed_buffers", test_fixed_buffers },
	{ "fixed_files", test_fixed_files },
	{ "openat_close", test_openat_close },
	{ "min_complete", test_min_complete },
	{ "blocked_op_completes_later", test_blocked_op_completes_later },
	{ "recvmsg_waits", test_recvmsg_waits },
	{ "cq_overflow", test_cq_overflow },
	{ "sendmsg_chroot", test_sendmsg_chroot },
	{ "link_cancels", test_link_cancels },
	{ "probe", test_probe },
	{ "restrictions", test_restrictions },
	{ "iopoll", test_iopoll },
	{ "big_entries", test_big_entries },
	{ "single_issuer", test_single_issuer },
	{ "registered_ring", test_registered_ring },
	{ "fork_shares_ring", test_fork_shares_ring },
	{ "self_poll_freed", test_self_poll_freed },
	{ "ring_cycle_freed", test_ring_cycle_freed },
	{ "exit_cancels", test_exit_cancels },
	{ "exec_cancels", test_exec_cancels },
	{ "timeout_fires", test_timeout_fires },
	{ "timeout_count", test_timeout_count },
	{ "timeout_remove", test_timeout_remove },
	{ "timeout_update", test_timeout_update },
	{ "timeout_abs_realtime", test_timeout_abs_realtime },
	{ "timeout_link", test_timeout_link },
	{ "link_timeout", test_link_timeout },
	{ "timeout_einval", test_timeout_einval },
	{ "ext_arg_wait", test_ext_arg_wait },
	{ "timeout_ring_gone", test_timeout_ring_gone },
};
#define NTESTS (sizeof(tests) / sizeof(tests[0]))

int main(int argc, char **argv)
{
	return tap_run_as_root("uringtests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
