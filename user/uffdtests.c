/*
 * uffdtests: userfaultfd(2) from user space (kernel/fs/anon/userfaultfd.c,
 * kernel/mm/userfaultfd.c), huge pages (kernel/mm/hugetlb.c) and
 * protection keys (kernel/mm/pkeys.c), checked against what Linux
 * answers; the same binary passes on Linux 6.1 (as root, with no huge
 * pages in use).
 *
 *   uffdtests [NAME]...     run every test, or only the ones named
 *
 * Prints TAP (user/lib/tap.c).
 *
 *   create     flags, O_CLOEXEC, EINVAL, the anon_inode link; EPERM for
 *              a user without UFFD_USER_MODE_ONLY unless
 *              /proc/sys/vm/unprivileged_userfaultfd is 1
 *   api        UFFDIO_API first (EINVAL before), its features and ioctls,
 *              unknown features, a second call; poll before it: POLLERR
 *   register   UFFDIO_REGISTER's errnos: alignment, modes, holes, MINOR
 *              on anonymous memory, EBUSY for a second descriptor
 *   copy       a missing-page fault blocks the thread and queues one
 *              message (poll, read, O_NONBLOCK's EAGAIN); UFFDIO_COPY
 *              places the page and wakes it; EEXIST the second time
 *   zeropage   UFFDIO_ZEROPAGE resolves a fault with zeroes
 *   wake       UFFDIO_WAKE wakes without a page: the fault comes again
 *   wp         UFFDIO_WRITEPROTECT: a write faults with WP|WRITE and
 *              waits, unseen, until the protection is lifted
 *   minor      a memfd page whose PTE is gone: a MINOR fault, resolved
 *              by UFFDIO_CONTINUE with the page's new bytes
 *   close      closing the descriptor wakes a waiting fault (zero page)
 *   kernel     a kernel access (write(2) from the range) waits for the
 *              handler too; with UFFD_USER_MODE_ONLY it is EFAULT
 *   sigbus     UFFD_FEATURE_SIGBUS: the fault is SIGBUS, no message
 *   fork       a child does not inherit the registration
 *   dontunmap  mremap(MREMAP_DONTUNMAP): the pages move, the old range
 *              stays registered and faults (LTP's mremap07)
 *   dev        /dev/userfaultfd's USERFAULTFD_IOC_NEW
 *   huge_pool  huge pages: /proc/sys/vm/nr_hugepages, /proc/meminfo's
 *              HugePages_*, MAP_HUGETLB's reservation and fault, ENOMEM
 *              past the pool, munmap of part of a huge page EINVAL,
 *              MADV_DONTNEED of whole huge pages only
 *   huge_fork  a shared huge page shared with a child, a private one
 *              copied on write; mprotect of a huge mapping
 *   huge_memfd memfd_create(MFD_HUGETLB): ENODEV for other sizes, write
 *              EINVAL, read, a writable mapping's growth in fstat and
 *              lseek, ftruncate in whole huge pages, shared
 *              mappings
 *   pkeys      pkey_alloc/free/mprotect's errnos, 15 keys; a key's
 *              rights stop user reads and writes (SIGSEGV, present page
 *              or not) and the kernel's copies (EFAULT); skipped
 *              without PKU
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/procfs.h"
#include "lib/tap.h"

#define TEST_TIMEOUT 20
#define PAGE 4096ul
#define FAILS(call, e) CHECK((long)(call) == -1 && errno == (e))

/* The ABI (Linux's uapi/linux/userfaultfd.h), not in musl's headers. */
#define NR_userfaultfd 323
#define UFFD_API 0xAAull
#define UFFD_USER_MODE_ONLY 1
#define UFFD_EVENT_PAGEFAULT 0x12
#define FLAG_WRITE 1
#define FLAG_WP 2
#define FLAG_MINOR 4
#define FEATURE_WP (1ull << 0)
#define FEATURE_EVENT_FORK (1ull << 1)
#define FEATURE_SIGBUS (1ull << 7)
#define FEATURE_MINOR_SHMEM (1ull << 10)
#define MODE_MISSING 1
#define MODE_WP 2
#define MODE_MINOR 4
#define UFFDIO_API 0xc018aa3f
#define UFFDIO_REGISTER 0xc020aa00
#define UFFDIO_UNREGISTER 0x8010aa01
#define UFFDIO_WAKE 0x8010aa02
#define UFFDIO_COPY 0xc028aa03
#define UFFDIO_ZEROPAGE 0xc020aa04
#define UFFDIO_WRITEPROTECT 0xc018aa06
#define UFFDIO_CONTINUE 0xc020aa07
#define USERFAULTFD_IOC_NEW 0xaa00
#define MREMAP_DONTUNMAP 4

struct uffd_msg {
	uint8_t event, reserved1;
	uint16_t reserved2;
	uint32_t reserved3;
	uint64_t flags, address, reserved;
};

struct range_mode {
	uint64_t start, len, mode;
	int64_t result;
};

struct uffdio_copy {
	uint64_t dst, src, len, mode;
	int64_t copy;
};

static int uffd_new(int flags)
{
	return syscall(NR_userfaultfd, flags);
}

/* A descriptor past UFFDIO_API with @features. */
static int uffd_open(int flags, uint64_t features)
{
	uint64_t api[3] = { UFFD_API, features, 0 };
	int fd = uffd_new(flags);

	if (fd >= 0 && ioctl(fd, UFFDIO_API, api) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int uffd_register(int fd, void *p, uint64_t len, uint64_t mode)
{
	uint64_t reg[4] = { (uintptr_t)p, len, mode, 0 };

	return ioctl(fd, UFFDIO_REGISTER, reg);
}

static char *anon_page(void)
{
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* The handler thread: wait for one message, check it, then resolve it
 * with @how (an ioctl on the page, or a close). */
struct handler {
	int fd;
	char *page;
	unsigned long ioctl;	/* 0: close the descriptor */
	uint64_t mode;
	uint64_t want_flags;
	char fill;		/* UFFDIO_COPY's byte */
	struct uffd_msg msg;
	int ok;			/* message as expected, resolved */
	pthread_t thread;
};

static void *handle(void *arg)
{
	struct handler *h = arg;
	struct pollfd pfd = { .fd = h->fd, .events = POLLIN };
	static char src[PAGE] __attribute__((aligned(4096)));
	struct uffdio_copy c = { (uintptr_t)h->page, (uintptr_t)src, PAGE, 0, 0 };
	struct range_mode r = { (uintptr_t)h->page, PAGE, h->mode, 0 };

	if (poll(&pfd, 1, 5000) != 1 || read(h->fd, &h->msg, sizeof(h->msg)) != sizeof(h->msg))
		return NULL;
	if (h->msg.event != UFFD_EVENT_PAGEFAULT || h->msg.address != (uintptr_t)h->page ||
	    h->msg.flags != h->want_flags)
		return NULL;
	memset(src, h->fill, PAGE);
	if (!h->ioctl)
		h->ok = close(h->fd) == 0;
	else if (h->ioctl == UFFDIO_COPY)
		h->ok = ioctl(h->fd, UFFDIO_COPY, &c) == 0 && c.copy == PAGE;
	else
		h->ok = ioctl(h->fd, h->ioctl, &r) == 0;
	return NULL;
}

static int start_handler(struct handler *h)
{
	return pthread_create(&h->thread, NULL, handle, h) == 0 ? 0 : -1;
}

static int finish_handler(struct handler *h)
{
	pthread_join(h->thread, NULL);
	return h->ok;
}

/* As user 65534: userfaultfd(@flags)'s errno, or 0. */
static int unprivileged_errno(int flags)
{
	int st, pid = fork();

	if (pid == 0) {
		int fd;

		if (tap_become(65534, 0))
			_exit(99);
		fd = uffd_new(flags);
		_exit(fd >= 0 ? 0 : errno);
	}
	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int test_create(void)
{
	char path[64], link[64];
	int fd, n;

	FAILS(uffd_new(2), EINVAL);
	FAILS(uffd_new(O_RDWR), EINVAL);
	CHECK((fd = uffd_new(O_CLOEXEC | O_NONBLOCK)) >= 0);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	CHECK((n = readlink(path, link, sizeof(link) - 1)) > 0);
	link[n] = 0;
	CHECK(strcmp(link, "anon_inode:[userfaultfd]") == 0);
	CHECK(close(fd) == 0);
	CHECK(procfs_write("/proc/sys/vm/unprivileged_userfaultfd", "0") == 0);
	CHECK(unprivileged_errno(0) == EPERM);
	CHECK(unprivileged_errno(UFFD_USER_MODE_ONLY) == 0);
	CHECK(procfs_write("/proc/sys/vm/unprivileged_userfaultfd", "1") == 0);
	CHECK(unprivileged_errno(0) == 0);
	CHECK(procfs_write("/proc/sys/vm/unprivileged_userfaultfd", "0") == 0);
	return 0;
}

static int test_api(void)
{
	uint64_t api[3] = { UFFD_API, 0, 0 }, bad[3] = { 0xAB, 0, 0 };
	uint64_t fork_api[3] = { UFFD_API, FEATURE_EVENT_FORK, 0 };
	struct pollfd pfd;
	char *p = anon_page();
	char buf[32];
	int fd;

	CHECK(p && (fd = uffd_new(O_NONBLOCK)) >= 0);
	pfd = (struct pollfd){ .fd = fd, .events = POLLIN };
	CHECK(poll(&pfd, 1, 0) == 1 && pfd.revents == POLLERR);
	FAILS(read(fd, buf, sizeof(buf)), EINVAL);
	FAILS(uffd_register(fd, p, PAGE, MODE_MISSING), EINVAL);
	FAILS(ioctl(fd, UFFDIO_API, bad), EINVAL);
	CHECK(bad[0] == 0 && bad[1] == 0 && bad[2] == 0);
	FAILS(ioctl(fd, UFFDIO_API, fork_api), EINVAL);
	FAILS(ioctl(fd, UFFDIO_API, (void *)8), EFAULT);
	CHECK(ioctl(fd, UFFDIO_API, api) == 0);
	CHECK((api[1] & (FEATURE_WP | FEATURE_MINOR_SHMEM)) ==
	      (FEATURE_WP | FEATURE_MINOR_SHMEM));
	CHECK(api[2] == ((1ull << 0x3f) | 3));
	FAILS(ioctl(fd, UFFDIO_API, api), EINVAL);
	FAILS(read(fd, buf, 8), EINVAL);
	FAILS(read(fd, buf, sizeof(buf)), EAGAIN);
	CHECK(poll(&pfd, 1, 0) == 0);
	FAILS(ioctl(fd, 0x1234, 0), ENOTTY);
	CHECK(close(fd) == 0 && munmap(p, PAGE) == 0);
	return 0;
}

static int test_register(void)
{
	uint64_t reg[4];
	char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd, fd2;

	CHECK(p != MAP_FAILED && (fd = uffd_open(0, 0)) >= 0);
	CHECK((fd2 = uffd_open(0, 0)) >= 0);
	FAILS(uffd_register(fd, p + 1, PAGE, MODE_MISSING), EINVAL);
	FAILS(uffd_register(fd, p, 1, MODE_MISSING), EINVAL);
	FAILS(uffd_register(fd, p, 0, MODE_MISSING), EINVAL);
	FAILS(uffd_register(fd, p, PAGE, 0), EINVAL);
	FAILS(uffd_register(fd, p, PAGE, 8), EINVAL);
	FAILS(uffd_register(fd, p, PAGE, MODE_MINOR), EINVAL);
	CHECK(munmap(p + PAGE, PAGE) == 0);
	FAILS(uffd_register(fd, p, 3 * PAGE, MODE_MISSING), EINVAL);
	reg[0] = (uintptr_t)p, reg[1] = PAGE, reg[2] = MODE_MISSING, reg[3] = 0;
	CHECK(ioctl(fd, UFFDIO_REGISTER, reg) == 0);
	CHECK(reg[3] & (1ull << 3));		/* UFFDIO_COPY offered */
	FAILS(uffd_register(fd2, p, PAGE, MODE_MISSING), EBUSY);
	CHECK(uffd_register(fd, p, PAGE, MODE_MISSING | MODE_WP) == 0);
	/* Unregistering over a hole is fine; then fd2 may take it. */
	reg[0] = (uintptr_t)p, reg[1] = 3 * PAGE;
	CHECK(ioctl(fd, UFFDIO_UNREGISTER, reg) == 0);
	CHECK(uffd_register(fd2, p, PAGE, MODE_MISSING) == 0);
	CHECK(close(fd) == 0 && close(fd2) == 0);
	CHECK(munmap(p, 3 * PAGE) == 0);
	return 0;
}

static int test_copy(void)
{
	struct handler h = { .ioctl = UFFDIO_COPY, .fill = 'X' };
	struct uffdio_copy c;
	static char src[PAGE] __attribute__((aligned(4096)));
	char buf[32];

	CHECK((h.page = anon_page()) && (h.fd = uffd_open(O_NONBLOCK, 0)) >= 0);
	CHECK(uffd_register(h.fd, h.page, PAGE, MODE_MISSING) == 0);
	FAILS(read(h.fd, buf, sizeof(buf)), EAGAIN);
	CHECK(start_handler(&h) == 0);
	CHECK(h.page[0xf] == 'X');	/* blocks until the handler's copy */
	CHECK(finish_handler(&h));
	c = (struct uffdio_copy){ (uintptr_t)h.page, (uintptr_t)src, PAGE, 0, 0 };
	FAILS(ioctl(h.fd, UFFDIO_COPY, &c), EEXIST);
	CHECK(c.copy == -EEXIST);
	c = (struct uffdio_copy){ (uintptr_t)h.page, (uintptr_t)h.page, PAGE, 0, 0 };
	FAILS(ioctl(h.fd, UFFDIO_COPY, &c), EINVAL);	/* overlapping */
	c = (struct uffdio_copy){ (uintptr_t)h.page, (uintptr_t)src, PAGE, 4, 0 };
	FAILS(ioctl(h.fd, UFFDIO_COPY, &c), EINVAL);	/* unknown mode */
	c = (struct uffdio_copy){ (uintptr_t)src, (uintptr_t)h.page, PAGE, 0, 0 };
	FAILS(ioctl(h.fd, UFFDIO_COPY, &c), ENOENT);	/* not registered */
	CHECK(close(h.fd) == 0 && munmap(h.page, PAGE) == 0);
	return 0;
}

static int test_zeropage(void)
{
	struct handler h = { .ioctl = UFFDIO_ZEROPAGE, .want_flags = FLAG_WRITE };

	CHECK((h.page = anon_page()) && (h.fd = uffd_open(0, 0)) >= 0);
	CHECK(uffd_register(h.fd, h.page, PAGE, MODE_MISSING) == 0);
	CHECK(start_handler(&h) == 0);
	h.page[5] = 7;		/* a write fault: FLAG_WRITE */
	CHECK(finish_handler(&h));
	CHECK(h.page[5] == 7 && h.page[4] == 0);
	CHECK(close(h.fd) == 0 && munmap(h.page, PAGE) == 0);
	return 0;
}

/* UFFDIO_WAKE wakes the faulting thread with no page placed: it faults
 * again and a second message comes; a zero page ends it. */
static void *wake_handler(void *arg)
{
	struct handler *h = arg;
	uint64_t r[2] = { (uintptr_t)h->page, PAGE };

	if (read(h->fd, &h->msg, sizeof(h->msg)) != sizeof(h->msg) ||
	    ioctl(h->fd, UFFDIO_WAKE, r) != 0)
		return NULL;
	h->ioctl = UFFDIO_ZEROPAGE;
	return handle(h);
}

static int test_wake(void)
{
	struct handler h = { 0 };

	CHECK((h.page = anon_page()) && (h.fd = uffd_open(0, 0)) >= 0);
	CHECK(uffd_register(h.fd, h.page, PAGE, MODE_MISSING) == 0);
	CHECK(pthread_create(&h.thread, NULL, wake_handler, &h) == 0);
	CHECK(h.page[1] == 0);
	CHECK(finish_handler(&h));
	CHECK(close(h.fd) == 0 && munmap(h.page, PAGE) == 0);
	return 0;
}

static int test_wp(void)
{
	struct handler h = { .ioctl = UFFDIO_WRITEPROTECT, .mode = 0,
			     .want_flags = FLAG_WRITE | FLAG_WP };
	struct range_mode r;

	CHECK((h.page = anon_page()) && (h.fd = uffd_open(0, FEATURE_WP)) >= 0);
	memset(h.page, 0, PAGE);
	CHECK(uffd_register(h.fd, h.page, PAGE, MODE_WP) == 0);
	r = (struct range_mode){ (uintptr_t)h.page, PAGE, 3, 0 };
	FAILS(ioctl(h.fd, UFFDIO_WRITEPROTECT, &r), EINVAL);	/* WP|DONTWAKE */
	r = (struct range_mode){ (uintptr_t)h.page, PAGE, 1, 0 };
	CHECK(ioctl(h.fd, UFFDIO_WRITEPROTECT, &r) == 0);
	/* mprotect keeps the protection. */
	CHECK(mprotect(h.page, PAGE, PROT_READ | PROT_WRITE) == 0);
	CHECK(start_handler(&h) == 0);
	h.page[0xf] = 'W';	/* waits for the handler to lift it */
	CHECK(finish_handler(&h));
	CHECK(h.page[0xf] == 'W');
	CHECK(close(h.fd) == 0 && munmap(h.page, PAGE) == 0);
	return 0;
}

static int test_minor(void)
{
	struct handler h = { .ioctl = UFFDIO_CONTINUE, .want_flags = FLAG_MINOR };
	int memfd = memfd_create("uffd", MFD_CLOEXEC);
	char c = 'A';

	CHECK(memfd >= 0 && ftruncate(memfd, PAGE) == 0);
	CHECK(pwrite(memfd, &c, 1, 0) == 1);
	h.page = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, memfd, 0);
	CHECK(h.page != MAP_FAILED);
	CHECK((h.fd = uffd_open(0, FEATURE_MINOR_SHMEM)) >= 0);
	CHECK(uffd_register(h.fd, h.page, PAGE, MODE_MINOR) == 0);
	CHECK(madvise(h.page, PAGE, MADV_DONTNEED) == 0);
	c = 'Z';
	CHECK(pwrite(memfd, &c, 1, 0) == 1);
	CHECK(start_handler(&h) == 0);
	CHECK(h.page[0] == 'Z');
	CHECK(finish_handler(&h));
	CHECK(close(h.fd) == 0 && munmap(h.page, PAGE) == 0 && close(memfd) == 0);
	return 0;
}

static int test_close(void)
{
	struct handler h = { .ioctl = 0 };

	CHECK((h.page = anon_page()) && (h.fd = uffd_open(0, 0)) >= 0);
	CHECK(uffd_register(h.fd, h.page, PAGE, MODE_MISSING) == 0);
	CHECK(start_handler(&h) == 0);
	CHECK(h.page[3] == 0);	/* woken by the close: an ordinary fault */
	CHECK(finish_handler(&h));
	CHECK(munmap(h.page, PAGE) == 0);
	return 0;
}

static int test_kernel(void)
{
	struct handler h = { .ioctl = UFFDIO_COPY, .fill = 'K' };
	char buf[4];
	int p[2];

	CHECK(pipe(p) == 0);
	CHECK((h.page = anon_page()) && (h.fd = uffd_open(0, 0)) >= 0);
	CHECK(uffd_register(h.fd, h.page, PAGE, MODE_MISSING) == 0);
	CHECK(start_handler(&h) == 0);
	CHECK(write(p[1], h.page, 2) == 2);	/* the kernel's read waits */
	CHECK(finish_handler(&h));
	CHECK(read(p[0], buf, 2) == 2 && buf[0] == 'K');
	CHECK(close(h.fd) == 0 && munmap(h.page, PAGE) == 0);
	CHECK((h.page = anon_page()));
	CHECK((h.fd = uffd_open(UFFD_USER_MODE_ONLY, 0)) >= 0);
	CHECK(uffd_register(h.fd, h.page, PAGE, MODE_MISSING) == 0);
	FAILS(write(p[1], h.page, 2), EFAULT);
	CHECK(close(h.fd) == 0 && munmap(h.page, PAGE) == 0);
	CHECK(close(p[0]) == 0 && close(p[1]) == 0);
	return 0;
}

static int test_sigbus(void)
{
	char *p = anon_page();
	char buf[32];
	int fd, st, pid;

	CHECK(p && (fd = uffd_open(O_NONBLOCK, FEATURE_SIGBUS)) >= 0);
	CHECK(uffd_register(fd, p, PAGE, MODE_MISSING) == 0);
	pid = fork();
	if (pid == 0) {
		/* The child's range is not registered: it may touch. */
		_exit(p[0] == 0 ? 0 : 1);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	signal(SIGBUS, SIG_DFL);
	pid = fork();
	if (pid == 0) {
		int fd2 = uffd_open(0, FEATURE_SIGBUS);
		char *q = anon_page();

		if (fd2 < 0 || !q || uffd_register(fd2, q, PAGE, MODE_MISSING))
			_exit(3);
		_exit(q[0]);	/* SIGBUS */
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS);
	FAILS(read(fd, buf, sizeof(buf)), EAGAIN);
	CHECK(close(fd) == 0 && munmap(p, PAGE) == 0);
	return 0;
}

static int test_dontunmap(void)
{
	struct handler h = { .ioctl = UFFDIO_COPY, .fill = 'B' };
	char *n;

	CHECK((h.page = anon_page()) && (h.fd = uffd_open(0, 0)) >= 0);
	strcpy(h.page, "ABCD");
	CHECK(uffd_register(h.fd, h.page, PAGE, MODE_MISSING) == 0);
	n = mremap(h.page, PAGE, PAGE, MREMAP_DONTUNMAP | MREMAP_MAYMOVE, NULL);
	CHECK(n != MAP_FAILED && strcmp(n, "ABCD") == 0);
	CHECK(start_handler(&h) == 0);
	CHECK(h.page[0] == 'B');	/* empty and still registered */
	CHECK(finish_handler(&h));
	CHECK(close(h.fd) == 0);
	CHECK(munmap(h.page, PAGE) == 0 && munmap(n, PAGE) == 0);
	return 0;
}

static int test_dev(void)
{
	int dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);
	uint64_t api[3] = { UFFD_API, 0, 0 };
	int fd;

	CHECK(dev >= 0);
	FAILS(ioctl(dev, 0x1234, 0), EINVAL);
	FAILS(ioctl(dev, USERFAULTFD_IOC_NEW, 2), EINVAL);
	CHECK((fd = ioctl(dev, USERFAULTFD_IOC_NEW, O_CLOEXEC)) >= 0);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	CHECK(ioctl(fd, UFFDIO_API, api) == 0);
	CHECK(close(fd) == 0 && close(dev) == 0);
	return 0;
}

/* ---- huge pages (kernel/mm/hugetlb.c) ---- */

#define HPAGE (2ul << 20)
#define NR_HUGE "/proc/sys/vm/nr_hugepages"

/* The number in /proc/meminfo's line @key ("HugePages_Free"), or -1. */
static long meminfo(const char *key)
{
	char v[32];

	return procfs_status_field("/proc/meminfo", key, v, sizeof(v)) ? -1 : atol(v);
}

static int set_pool(const char *n)
{
	return procfs_write(NR_HUGE, n);
}

/* The pool, /proc/meminfo's counts, /sys's directory; a private mapping
 * reserves at mmap and takes its page at the first touch. */
static int test_huge_pool(void)
{
	char *p, *a;

	CHECK(set_pool("2") == 0);
	CHECK(meminfo("HugePages_Total") == 2 && meminfo("HugePages_Free") == 2);
	CHECK(meminfo("Hugepagesize") == 2048);
	CHECK(access("/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages", R_OK) == 0);
	p = mmap(NULL, HPAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	CHECK(p != MAP_FAILED && ((uintptr_t)p & (HPAGE - 1)) == 0);
	CHECK(meminfo("HugePages_Rsvd") == 1 && meminfo("HugePages_Free") == 2);
	p[HPAGE - 1] = 1;	/* one fault maps all 2 MiB */
	CHECK(p[0] == 0 && p[HPAGE - 1] == 1);
	CHECK(meminfo("HugePages_Rsvd") == 0 && meminfo("HugePages_Free") == 1);
	FAILS(mmap(NULL, 2 * HPAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
		   MAP_HUGETLB, -1, 0), ENOMEM);	/* only one left */
	FAILS(mmap(NULL, HPAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
		   MAP_HUGETLB | (30 << 26), -1, 0), EINVAL);	/* 1 GiB pages */
	FAILS(munmap(p, 4096), EINVAL);		/* whole huge pages only */
	/* MADV_DONTNEED from a huge page boundary, rounded down (6.1). */
	FAILS(madvise(p + 4096, 4096, MADV_DONTNEED), EINVAL);
	FAILS(madvise(p, HPAGE, MADV_FREE), EINVAL);
	CHECK(madvise(p, 4096, MADV_DONTNEED) == 0 && p[HPAGE - 1] == 1);
	CHECK(madvise(p, HPAGE, MADV_DONTNEED) == 0);
	CHECK(meminfo("HugePages_Free") == 2 && p[HPAGE - 1] == 0);
	CHECK(munmap(p, HPAGE) == 0);
	CHECK(meminfo("HugePages_Free") == 2);
	/* Where small pages were (their empty page table stays behind). */
	p = mmap(NULL, 2 * HPAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED);
	a = (char *)(((uintptr_t)p + HPAGE - 1) & ~(HPAGE - 1));
	a[0] = 1;
	CHECK(munmap(p, 2 * HPAGE) == 0);
	CHECK(mmap(a, HPAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
		   MAP_HUGETLB | MAP_FIXED, -1, 0) == a);
	a[1] = 2;
	CHECK(a[0] == 0 && a[1] == 2 && munmap(a, HPAGE) == 0);
	CHECK(set_pool("0") == 0 && meminfo("HugePages_Total") == 0);
	return 0;
}

/* fork: a shared huge page is the same page in both, a private one is
 * copied at the first write; mprotect reaches the huge entry. */
static int test_huge_fork(void)
{
	char *sh, *pr;
	int st, pid;

	CHECK(set_pool("3") == 0);
	sh = mmap(NULL, HPAGE, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	pr = mmap(NULL, HPAGE, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	CHECK(sh != MAP_FAILED && pr != MAP_FAILED);
	pr[5] = 'p';
	pid = fork();
	if (pid == 0) {
		sh[7] = 's';
		pr[5] = 'c';
		_exit(pr[5] == 'c' ? 0 : 1);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(sh[7] == 's' && pr[5] == 'p');
	CHECK(mprotect(pr, HPAGE, PROT_READ) == 0);
	pid = fork();
	if (pid == 0) {
		pr[0] = 1;	/* SIGSEGV */
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	CHECK(munmap(sh, HPAGE) == 0 && munmap(pr, HPAGE) == 0);
	CHECK(meminfo("HugePages_Free") == 3 && meminfo("HugePages_Rsvd") == 0);
	CHECK(set_pool("0") == 0);
	return 0;
}

/* memfd_create(MFD_HUGETLB): a file of huge pages; write EINVAL, sizes
 * in whole huge pages, two mappings of one page. */
static int test_huge_memfd(void)
{
	char *a, *b, buf[2];
	struct stat st;
	int fd;

	CHECK(set_pool("1") == 0);
	FAILS(memfd_create("h", MFD_HUGETLB | (30 << 26)), ENODEV);
	FAILS(memfd_create("h", 8), EINVAL);
	/* A writable mapping past the end makes the file longer. */
	CHECK((fd = memfd_create("h", MFD_HUGETLB | (21 << 26))) >= 0);
	a = mmap(NULL, HPAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(a != MAP_FAILED && fstat(fd, &st) == 0 && st.st_size == (off_t)HPAGE);
	CHECK(lseek(fd, 0, SEEK_END) == (off_t)HPAGE && pread(fd, buf, 2, 0) == 2);
	CHECK(munmap(a, HPAGE) == 0 && close(fd) == 0);
	CHECK((fd = memfd_create("h", MFD_HUGETLB | (21 << 26))) >= 0);
	FAILS(write(fd, "x", 1), EINVAL);
	FAILS(ftruncate(fd, 4096), EINVAL);
	CHECK(ftruncate(fd, HPAGE) == 0);
	a = mmap(NULL, HPAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	b = mmap(NULL, HPAGE, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(a != MAP_FAILED && b != MAP_FAILED);
	FAILS(mmap(NULL, HPAGE, PROT_READ, MAP_SHARED, fd, 4096), EINVAL);
	a[100] = 'h';
	CHECK(b[100] == 'h');
	CHECK(pread(fd, buf, 2, 100) == 2 && buf[0] == 'h' && buf[1] == 0);
	CHECK(pread(fd, buf, 2, HPAGE - 1) == 1 && pread(fd, buf, 2, HPAGE) == 0);
	CHECK(meminfo("HugePages_Free") == 0);
	CHECK(munmap(a, HPAGE) == 0 && munmap(b, HPAGE) == 0 && close(fd) == 0);
	CHECK(meminfo("HugePages_Free") == 1);
	CHECK(set_pool("0") == 0);
	return 0;
}

/* ---- protection keys (kernel/mm/pkeys.c, asm/pkru.h) ---- */

#define NR_pkey_mprotect 329
#define NR_pkey_alloc 330
#define NR_pkey_free 331
#define PKEY_DISABLE_ACCESS 1
#define PKEY_DISABLE_WRITE 2

static long pkey_alloc_(unsigned long flags, unsigned long rights)
{
	return syscall(NR_pkey_alloc, flags, rights);
}

/* PKRU from user mode (CR4.PKE on: what glibc's pkey_get/pkey_set use). */
static unsigned int rdpkru_u(void)
{
	unsigned int eax, edx;

	__asm__ __volatile__(".byte 0x0f, 0x01, 0xee" : "=a"(eax), "=d"(edx) : "c"(0));
	return eax;
}

static void wrpkru_u(unsigned int v)
{
	__asm__ __volatile__(".byte 0x0f, 0x01, 0xef" : : "a"(v), "c"(0), "d"(0)
			     : "memory");
}

/* How a child that reads (@write 0) or writes @p ends: its signal, or 0. */
static int child_touch(volatile char *p, int write)
{
	int st, pid = fork();

	if (pid == 0) {
		if (write)
			p[0] = 1;
		else
			(void)p[0];
		_exit(0);
	}
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFSIGNALED(st) ? WTERMSIG(st) : 0;
}

/* The calls' errnos; keys run out at 15; a key's rights stop reads or
 * writes of its pages, present or not yet, in user mode and in the
 * kernel's copies (EFAULT); key 0 again lifts it. */
static int test_pkeys(void)
{
	char *p = anon_page(), *q = anon_page();
	int keys[16], n = 0, k, pfd[2];

	k = pkey_alloc_(0, 0);
	if (k < 0 && errno == ENOSPC)
		return 0;		/* no PKU on this CPU: nothing to see */
	CHECK(k > 0 && syscall(NR_pkey_free, k) == 0);
	FAILS(pkey_alloc_(1, 0), EINVAL);
	FAILS(pkey_alloc_(0, 4), EINVAL);	/* no PKEY_DISABLE_EXECUTE */
	FAILS(syscall(NR_pkey_free, k), EINVAL);
	FAILS(syscall(NR_pkey_free, 16), EINVAL);
	FAILS(syscall(NR_pkey_mprotect, p, PAGE, PROT_READ, k), EINVAL);
	while ((k = pkey_alloc_(0, 0)) > 0)
		keys[n++] = k;
	CHECK(n == 15 && errno == ENOSPC);
	while (n)
		CHECK(syscall(NR_pkey_free, keys[--n]) == 0);
	CHECK(p && q && pipe(pfd) == 0);
	CHECK((k = pkey_alloc_(0, PKEY_DISABLE_ACCESS)) > 0);
	CHECK(syscall(NR_pkey_mprotect, p, PAGE, PROT_READ | PROT_WRITE, k) == 0);
	CHECK(child_touch(p, 0) == SIGSEGV);	/* never touched: no page yet */
	FAILS(write(pfd[1], p, 1), EFAULT);
	CHECK(syscall(NR_pkey_mprotect, p, PAGE, PROT_READ | PROT_WRITE, 0) == 0);
	p[0] = 5;
	CHECK(syscall(NR_pkey_mprotect, p, PAGE, PROT_READ | PROT_WRITE, k) == 0);
	CHECK(child_touch(p, 0) == SIGSEGV);	/* present: the CPU's check */
	FAILS(write(pfd[1], p, 1), EFAULT);
	CHECK(syscall(NR_pkey_free, k) == 0);
	CHECK((k = pkey_alloc_(0, PKEY_DISABLE_WRITE)) > 0);
	{
		/* Rights changed in user mode (wrpkru, as glibc's pkey_set)
		 * outlive sleeps: the switch saves them, kernel threads
		 * and the idle task leave the register alone. */
		unsigned int was = rdpkru_u(), v = was ^ (PKEY_DISABLE_ACCESS << (2 * k));

		wrpkru_u(v);
		for (int i = 0; i < 5; i++)
			usleep(5000);
		CHECK(rdpkru_u() == v);
		wrpkru_u(was);
	}
	CHECK(syscall(NR_pkey_mprotect, q, PAGE, PROT_READ | PROT_WRITE, k) == 0);
	CHECK(child_touch(q, 0) == 0 && child_touch(q, 1) == SIGSEGV);
	CHECK(q[0] == 0 && child_touch(q, 1) == SIGSEGV);
	CHECK(write(pfd[1], "x", 1) == 1);
	FAILS(read(pfd[0], q, 1), EFAULT);	/* the kernel's copy too */
	CHECK(syscall(NR_pkey_free, k) == 0);
	CHECK(munmap(p, PAGE) == 0 && munmap(q, PAGE) == 0);
	CHECK(close(pfd[0]) == 0 && close(pfd[1]) == 0);
	return 0;
}

/* Many descriptors, registrations and faults (test_uffd checks that
 * every page comes back). */
static int test_cycles(void)
{
	for (int i = 0; i < 50; i++)
		if (test_copy() || test_close())
			return -1;
	return 0;
}

static const struct tap_test tests[] = {
	{ "create", test_create }, { "api", test_api },
	{ "register", test_register }, { "copy", test_copy },
	{ "zeropage", test_zeropage }, { "wake", test_wake }, { "wp", test_wp },
	{ "minor", test_minor }, { "close", test_close },
	{ "kernel", test_kernel }, { "sigbus", test_sigbus },
	{ "dontunmap", test_dontunmap }, { "dev", test_dev },
	{ "cycles", test_cycles },
	{ "huge_pool", test_huge_pool }, { "huge_fork", test_huge_fork },
	{ "huge_memfd", test_huge_memfd }, { "pkeys", test_pkeys },
};

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	return tap_run("uffdtests", tests, sizeof(tests) / sizeof(tests[0]),
		       TEST_TIMEOUT, argc, argv);
}
