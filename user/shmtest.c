/*
 * shmtest: memory shared as Linux shares it, and the memory calls' edge
 * cases: MAP_SHARED mappings of tmpfs files and memfds, anonymous
 * MAP_SHARED memory across fork, msync, truncation and SIGBUS, mprotect
 * and mremap of shared mappings, the mlock calls, madvise, mincore, and
 * races that once broke the address space (MAP_FIXED against a second
 * thread's mmap). Each test runs in a child of its own (user/lib/tap.c
 * tap_run()); the output is TAP like usertests', ending in "# shmtest: N
 * passed, M failed". Run with tests' names to run just those. The same
 * binary runs on Linux.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"

#define PG 4096ul
#define FUTEX_WAIT 0		/* Linux's futex ops, shared (not _PRIVATE) */
#define FUTEX_WAKE 1
#define FUTEX_CMP_REQUEUE 4
#define TEST_TIMEOUT 60

/* ---- helpers --------------------------------------------------------------- */

/* Run @fn in a child; its wait status. */
static int in_child(int (*fn)(void *), void *arg)
{
	int st;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn(arg));
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

static int touch_byte(void *p)
{
	return *(volatile char *)p;
}

static int write_byte(void *p)
{
	*(volatile char *)p = 1;
	return 0;
}

/* A new tmpfs file of @size bytes, open read-write. */
static int tmp_file(const char *name, off_t size)
{
	int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (fd >= 0 && ftruncate(fd, size)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The value of field @key (kB) in /proc/self/status, or -1. */
static long status_kb(const char *key)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			v = atol(line + strlen(key) + 1);
	if (f)
		fclose(f);
	return v;
}

/* ---- anonymous shared memory ----------------------------------------------- */

/* MAP_SHARED|MAP_ANONYMOUS: parent and child see each other's writes,
 * on pages touched before the fork and on pages first touched after. */
static int test_anon_shared_fork(void)
{
	volatile int *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid;
	int st;

	CHECK(p != MAP_FAILED);
	p[0] = 1;
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		p[0] = 2;
		p[PG / sizeof(int)] = 3;	/* first touch, after fork */
		while (p[1] != 4)
			usleep(1000);
		p[2] = 5;
		_exit(0);
	}
	while (p[0] != 2 || p[PG / sizeof(int)] != 3)
		usleep(1000);
	p[1] = 4;
	CHECK(waitpid(pid, &st, 0) == pid && st == 0);
	CHECK(p[2] == 5);
	CHECK(munmap((void *)p, 2 * PG) == 0);
	return 0;
}

/* Shared memory's pages count in RssShmem (and VmRSS), not RssFile;
 * unmapped, they count no more. */
static int test_rss_shmem(void)
{
	long shmem = status_kb("RssShmem:"), file = status_kb("RssFile:");
	char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED && shmem >= 0 && file >= 0);
	p[0] = p[PG] = p[2 * PG] = 1;
	CHECK(status_kb("RssShmem:") == shmem + 12);
	CHECK(status_kb("RssFile:") == file);
	CHECK(munmap(p, 4 * PG) == 0);
	CHECK(status_kb("RssShmem:") == shmem);
	return 0;
}

/* mprotect on shared memory: read-only stops writes (SIGSEGV), and
 * read-write again keeps the sharing (no copy-on-write). */
static int test_anon_shared_mprotect(void)
{
	volatile char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int st;

	CHECK(p != MAP_FAILED);
	p[0] = 7;
	CHECK(mprotect((void *)p, PG, PROT_READ) == 0);
	st = in_child(write_byte, (void *)p);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	CHECK(mprotect((void *)p, PG, PROT_READ | PROT_WRITE) == 0);
	st = in_child(write_byte, (void *)p);
	CHECK(WIFEXITED(st) && p[0] == 1);
	CHECK(munmap((void *)p, PG) == 0);
	return 0;
}

/* A write through /proc/<pid>/mem lands in the shared page itself (and
 * does not loop trying to give this mm a private copy of it). */
static int test_proc_mem_writes_shared(void)
{
	volatile char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int fd = open("/proc/self/mem", O_RDWR), st;

	CHECK(p != MAP_FAILED && fd >= 0);
	p[0] = 'a';
	st = in_child(write_byte, (void *)(p + 1));
	CHECK(WIFEXITED(st) && p[1] == 1);
	CHECK(pwrite(fd, "Q", 1, (off_t)(uintptr_t)p) == 1 && p[0] == 'Q');
	CHECK(mprotect((void *)p, PG, PROT_READ) == 0);
	CHECK(pwrite(fd, "R", 1, (off_t)(uintptr_t)p) == 1 && p[0] == 'R');
	close(fd);
	CHECK(munmap((void *)p, PG) == 0);
	return 0;
}

/* ---- files ------------------------------------------------------------------ */

/* A MAP_SHARED mapping of a tmpfs file is the file: writes through it
 * show in read() and in a second mapping, write() shows in it, and the
 * bytes stay after munmap. */
static int test_file_shared(void)
{
	int fd = tmp_file("/tmp/shm_a", 2 * PG);
	char *a, *b, buf[8];
	int st;

	CHECK(fd >= 0);
	a = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	b = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, PG);
	CHECK(a != MAP_FAILED && b != MAP_FAILED);
	CHECK(a[0] == 0 && a[PG] == 0);
	memcpy(a + PG, "hello", 6);
	CHECK(!strcmp(b, "hello"));
	CHECK(pread(fd, buf, 6, PG) == 6 && !strcmp(buf, "hello"));
	CHECK(pwrite(fd, "world", 6, 0) == 6);
	CHECK(!strcmp(a, "world"));
	CHECK(msync(a, 2 * PG, MS_SYNC) == 0);
	CHECK(msync(a, PG, MS_ASYNC | MS_INVALIDATE) == 0);
	st = in_child(write_byte, a + 100);
	CHECK(WIFEXITED(st) && a[100] == 1);
	CHECK(munmap(a, 2 * PG) == 0 && munmap(b, PG) == 0);
	CHECK(pread(fd, buf, 6, PG) == 6 && !strcmp(buf, "hello"));
	close(fd);
	CHECK(unlink("/tmp/shm_a") == 0);
	return 0;
}

/* MAP_PRIVATE of a file: reads see the file, writes stay private. */
static int test_file_private(void)
{
	int fd = tmp_file("/tmp/shm_p", PG);
	char *p, c;

	CHECK(fd >= 0 && pwrite(fd, "abc", 3, 0) == 3);
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED && p[0] == 'a' && p[2] == 'c');
	p[0] = 'X';
	CHECK(pread(fd, &c, 1, 0) == 1 && c == 'a');
	CHECK(munmap(p, PG) == 0);
	close(fd);
	unlink("/tmp/shm_p");
	return 0;
}

/* A root file system file (read-only here) maps its own bytes, for a
 * shared mapping too; a private one copies on write and leaves the file
 * as it was; a shared writable one needs the file open for writing. */
static int test_root_file(void)
{
	int fd = open("/bin/sh", O_RDONLY);
	char head[64], c;
	char *p, *q;

	CHECK(fd >= 0 && pread(fd, head, sizeof(head), 0) == sizeof(head));
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	q = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED && !memcmp(p, head, sizeof(head)));
	CHECK(q != MAP_FAILED && !memcmp(q, head, sizeof(head)));
	q[0] = 'X';
	CHECK(p[0] == head[0] && pread(fd, &c, 1, 0) == 1 && c == head[0]);
	CHECK(mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) ==
	      MAP_FAILED && errno == EACCES);
	CHECK(munmap(p, PG) == 0 && munmap(q, PG) == 0);
	close(fd);
	return 0;
}

/* A write through /proc/self/mem into a shared mapping of a file open
 * read-only fails (Linux: EIO) and leaves the file alone: not a root
 * file, whose pages every process running it maps, nor a tmpfs file. */
static int test_proc_mem_readonly_file(void)
{
	const char *paths[] = { "/bin/sh", "/tmp/shm_r" };
	int mem = open("/proc/self/mem", O_RDWR), tmp = tmp_file("/tmp/shm_r", PG);
	char *p, c, was;

	CHECK(mem >= 0 && tmp >= 0 && pwrite(tmp, "r", 1, 0) == 1);
	close(tmp);
	for (int i = 0; i < 2; i++) {
		int fd = open(paths[i], O_RDONLY);

		CHECK(fd >= 0 && pread(fd, &was, 1, 0) == 1);
		p = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
		CHECK(p != MAP_FAILED && p[0] == was);
		CHECK(pwrite(mem, "X", 1, (off_t)(uintptr_t)p) == -1 && errno == EIO);
		CHECK(p[0] == was && pread(fd, &c, 1, 0) == 1 && c == was);
		CHECK(munmap(p, PG) == 0);
		close(fd);
	}
	close(mem);
	unlink("/tmp/shm_r");
	return 0;
}

/* Past the end of the file: SIGBUS, also for pages a truncation took
 * away after they were touched; the rest of the last page reads 0. */
static int test_file_truncate_sigbus(void)
{
	int fd = tmp_file("/tmp/shm_t", 3 * PG);
	char *p;
	int st;

	CHECK(fd >= 0);
	p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	memset(p, 'x', 3 * PG);
	st = in_child(touch_byte, p + 3 * PG);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS);
	CHECK(ftruncate(fd, 100) == 0);
	st = in_child(touch_byte, p + 2 * PG);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS);
	st = in_child(touch_byte, p + PG);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGBUS);
	CHECK(p[99] == 'x' && p[100] == 0 && p[PG - 1] == 0);
	CHECK(ftruncate(fd, 2 * PG) == 0);
	CHECK(p[PG] == 0 && p[2 * PG - 1] == 0);
	CHECK(munmap(p, 4 * PG) == 0);
	close(fd);
	unlink("/tmp/shm_t");
	return 0;
}

/* memfd_create's file maps like any tmpfs file. */
static int test_memfd_mmap(void)
{
	int fd = memfd_create("shmtest", 0);
	char *p, buf[4];

	CHECK(fd >= 0 && ftruncate(fd, PG) == 0);
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	memcpy(p, "mfd", 4);
	CHECK(pread(fd, buf, 4, 0) == 4 && !strcmp(buf, "mfd"));
	CHECK(munmap(p, PG) == 0);
	close(fd);
	return 0;
}

/* /proc/<pid>/maps marks shared mappings 's'. */
static int test_maps_shows_shared(void)
{
	char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char line[256], want[32];
	int found = 0;
	FILE *f;

	CHECK(p != MAP_FAILED);
	snprintf(want, sizeof(want), "%lx-", (unsigned long)p);
	f = fopen("/proc/self/maps", "r");
	CHECK(f != NULL);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, want, strlen(want)))
			found = strstr(line, " rw-s ") != NULL;
	fclose(f);
	CHECK(found);
	CHECK(munmap(p, PG) == 0);
	return 0;
}

/* mmap's and msync's errors, as Linux gives them. */
static int test_mmap_msync_errors(void)
{
	int fd = tmp_file("/tmp/shm_e", PG), ro, pfd[2];
	char *p;

	CHECK(fd >= 0 && (ro = open("/tmp/shm_e", O_RDONLY)) >= 0 && pipe(pfd) == 0);
	errno = 0;
	CHECK(mmap(NULL, PG, PROT_READ, MAP_SHARED, 99, 0) == MAP_FAILED && errno == EBADF);
	CHECK(mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED &&
	      errno == EACCES);
	CHECK(mmap(NULL, PG, PROT_READ, MAP_SHARED, pfd[0], 0) == MAP_FAILED && errno == ENODEV);
	CHECK(mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL);
	CHECK(mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 100) == MAP_FAILED && errno == EINVAL);
	CHECK(mmap(NULL, PG, PROT_READ, MAP_SHARED_VALIDATE | 0x40000000, fd, 0) == MAP_FAILED &&
	      errno == EOPNOTSUPP);
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, ro, 0);
	CHECK(p != MAP_FAILED);
	CHECK(mprotect(p, PG, PROT_READ | PROT_WRITE) == -1 && errno == EACCES);
	CHECK(msync(p + 1, PG, MS_SYNC) == -1 && errno == EINVAL);
	CHECK(msync(p, PG, MS_SYNC | MS_ASYNC) == -1 && errno == EINVAL);
	CHECK(msync(p, PG, 0x100) == -1 && errno == EINVAL);
	CHECK(munmap(p, PG) == 0);
	CHECK(msync(p, PG, MS_SYNC) == -1 && errno == ENOMEM);
	close(fd);
	close(ro);
	unlink("/tmp/shm_e");
	return 0;
}

/* ---- mremap ----------------------------------------------------------------- */

/* A shared mapping moved by mremap stays shared; old_len 0 maps the same
 * pages once more. */
static int test_mremap_shared(void)
{
	char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0), *q, *r;
	int st;

	CHECK(p != MAP_FAILED);
	p[0] = 'a';
	r = mremap(p, 0, PG, MREMAP_MAYMOVE);
	CHECK(r != MAP_FAILED && r != p && r[0] == 'a');
	r[1] = 'b';
	CHECK(p[1] == 'b');
	q = mremap(p, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, p + 64 * PG);
	CHECK(q == p + 64 * PG && q[0] == 'a');
	st = in_child(write_byte, q + 2);
	CHECK(WIFEXITED(st) && q[2] == 1 && r[2] == 1);
	CHECK(munmap(q, PG) == 0 && munmap(r, PG) == 0);
	p = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(mremap(p, 0, PG, MREMAP_MAYMOVE) == MAP_FAILED && errno == EINVAL);
	CHECK(munmap(p, PG) == 0);
	return 0;
}

/* MREMAP_FIXED, MREMAP_DONTUNMAP and mremap's errors. */
static int test_mremap_fixed(void)
{
	char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *to, *q;
	unsigned char vec[2];
	int st;

	CHECK(p != MAP_FAILED);
	to = p + 2 * PG;
	p[0] = 'm';
	CHECK(mremap(p, PG, PG, MREMAP_FIXED, to) == MAP_FAILED && errno == EINVAL);
	CHECK(mremap(p, PG, PG, 8, to) == MAP_FAILED && errno == EINVAL);
	CHECK(mremap(p, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, p + PG) == MAP_FAILED &&
	      errno == EINVAL);
	CHECK(mremap(p + 1, PG, PG, 0) == MAP_FAILED && errno == EINVAL);
	CHECK(mremap(p, PG, 0, 0) == MAP_FAILED && errno == EINVAL);
	q = mremap(p, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, to);
	CHECK(q == to && q[0] == 'm');
	st = in_child(touch_byte, p);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	CHECK(mremap(p, PG, 2 * PG, MREMAP_MAYMOVE) == MAP_FAILED && errno == EFAULT);
	q = mremap(to, PG, PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP);
	CHECK(q != MAP_FAILED && q != to && q[0] == 'm');
	CHECK(mincore(to, PG, vec) == 0 && vec[0] == 0);
	CHECK(to[0] == 0);		/* still mapped, empty */
	CHECK(mremap(to, PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP) == MAP_FAILED &&
	      errno == EINVAL);
	CHECK(munmap(q, PG) == 0 && munmap(p, 4 * PG) == 0);
	return 0;
}

/* ---- mlock, madvise, mincore ---------------------------------------------- */

static int test_mlock(void)
{
	char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long base = status_kb("VmLck:");

	CHECK(p != MAP_FAILED && base >= 0);
	CHECK(mlock(p + 10, 2 * PG) == 0);	/* 3 pages: [p, p + 3 PG) */
	CHECK(status_kb("VmLck:") == base + 12);
	CHECK(madvise(p, PG, MADV_DONTNEED) == -1 && errno == EINVAL);
	CHECK(munlock(p, 4 * PG) == 0 && status_kb("VmLck:") == base);
	CHECK(syscall(SYS_mlock2, p, PG, 2) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_mlock2, p, PG, 1) == 0 && status_kb("VmLck:") == base + 4);
	CHECK(munlock(p, PG) == 0);
	CHECK(mlock(p + 8 * PG, PG) == -1 && errno == ENOMEM);
	CHECK(munmap(p, 4 * PG) == 0);
	CHECK(mlockall(0) == -1 && errno == EINVAL);
	CHECK(mlockall(MCL_ONFAULT) == -1 && errno == EINVAL);
	CHECK(mlockall(MCL_CURRENT | MCL_FUTURE) == 0 && status_kb("VmLck:") > 0);
	CHECK(munlockall() == 0 && status_kb("VmLck:") == 0);
	return 0;
}

/* Unprivileged, RLIMIT_MEMLOCK holds: EPERM at 0, ENOMEM (mlock) and
 * EAGAIN (MAP_LOCKED) past it. */
static int mlock_limits_child(void *arg)
{
	struct rlimit zero = { 0, 0 }, one = { PG, PG };
	char *p = arg;

	if (setrlimit(RLIMIT_MEMLOCK, &zero) || setuid(1000))
		return 10;
	if (mlock(p, PG) != -1 || errno != EPERM)
		return 11;
	if (setrlimit(RLIMIT_MEMLOCK, &one) == 0)
		return 12;	/* raising the hard limit needs privilege */
	return 0;
}

static int mlock_limits_child2(void *arg)
{
	struct rlimit one = { PG, PG };
	char *p = arg;

	if (setrlimit(RLIMIT_MEMLOCK, &one) || setuid(1000))
		return 10;
	if (mlock(p, 2 * PG) != -1 || errno != ENOMEM)
		return 11;
	if (mlock(p, PG) != 0)
		return 12;
	if (mmap(NULL, 2 * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED,
		 -1, 0) != MAP_FAILED || errno != EAGAIN)
		return 13;
	return 0;
}

static int test_mlock_limits(void)
{
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int st;

	CHECK(p != MAP_FAILED);
	if (getuid() != 0)
		return 0;	/* needs root to drop privilege */
	st = in_child(mlock_limits_child, p);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		return tap_fail("child 1: status %#x", st);
	st = in_child(mlock_limits_child2, p);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		return tap_fail("child 2: status %#x", st);
	CHECK(munmap(p, 2 * PG) == 0);
	return 0;
}

static int test_madvise(void)
{
	int fd = tmp_file("/tmp/shm_m", PG);
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *s;

	CHECK(p != MAP_FAILED && fd >= 0);
	p[0] = 'z';
	CHECK(madvise(p, 2 * PG, MADV_NORMAL) == 0);
	CHECK(madvise(p, 2 * PG, MADV_RANDOM) == 0);
	CHECK(madvise(p, 2 * PG, MADV_SEQUENTIAL) == 0);
	CHECK(madvise(p, 2 * PG, MADV_WILLNEED) == 0);
	CHECK(p[0] == 'z');
	CHECK(madvise(p, 2 * PG, MADV_DONTNEED) == 0 && p[0] == 0);
	CHECK(madvise(p + 1, PG, MADV_NORMAL) == -1 && errno == EINVAL);
	CHECK(madvise(p, PG, 12345) == -1 && errno == EINVAL);
	s = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(s != MAP_FAILED);
	s[0] = 'k';
	CHECK(madvise(s, PG, MADV_DONTNEED) == 0 && s[0] == 'k');
	CHECK(munmap(p, 2 * PG) == 0);
	CHECK(madvise(p, PG, MADV_NORMAL) == -1 && errno == ENOMEM);
	CHECK(munmap(s, PG) == 0);
	close(fd);
	unlink("/tmp/shm_m");
	return 0;
}

static int test_mincore(void)
{
	char *p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char vec[3];

	CHECK(p != MAP_FAILED);
	p[PG] = 1;
	CHECK(mincore(p, 3 * PG, vec) == 0);
	CHECK(vec[0] == 0 && vec[1] == 1 && vec[2] == 0);
	CHECK(mincore(p + 1, PG, vec) == -1 && errno == EINVAL);
	CHECK(mincore(p, PG, (void *)8) == -1 && errno == EFAULT);
	CHECK(munmap(p, 3 * PG) == 0);
	CHECK(mincore(p, PG, vec) == -1 && errno == ENOMEM);
	return 0;
}

/* ---- MAP_FIXED against another thread's mmap ----------------------------- */

#define RACE_PAGES 16
#define RACE_ROUNDS 500

static volatile int race_stop;

/* Map and unmap anywhere, as fast as possible: a gap that MAP_FIXED
 * opened for an instant would be taken here. */
static void *mapper(void *arg)
{
	(void)arg;
	while (!race_stop) {
		void *p = mmap(NULL, RACE_PAGES * PG, PROT_READ,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p != MAP_FAILED)
			munmap(p, RACE_PAGES * PG);
	}
	return NULL;
}

/* mmap(MAP_FIXED) replaces what is there in one step: it never fails
 * because another thread's mmap slipped into the range it unmapped. */
static int test_map_fixed_race(void)
{
	char *top = mmap(NULL, RACE_PAGES * PG, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pthread_t t;
	int bad = 0;

	CHECK(top != MAP_FAILED);
	top[0] = 1;
	CHECK(pthread_create(&t, NULL, mapper, NULL) == 0);
	for (int i = 0; i < RACE_ROUNDS && !bad; i++) {
		void *p = mmap(top, RACE_PAGES * PG, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

		if (p != top)
			bad = i + 1;
	}
	race_stop = 1;
	CHECK(pthread_join(t, NULL) == 0);
	if (bad)
		return tap_fail("MAP_FIXED failed in round %d (errno %d)", bad - 1, errno);
	return 0;
}

/*
 * Fork a child that sleeps in FUTEX_WAIT (not _PRIVATE) on w[0] of the
 * shared page @w until w[0] is set, exiting 2 if a 10 s wait times out;
 * return once it has said it is about to sleep (w[1]). Its pid.
 */
static pid_t fork_futex_waiter(volatile uint32_t *w)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct timespec ts = { 10, 0 };

		w[1] = 1;		/* about to sleep */
		while (w[0] == 0)
			if (syscall(SYS_futex, &w[0], FUTEX_WAIT, 0, &ts) &&
			    errno == ETIMEDOUT)
				_exit(2);
		_exit(0);
	}
	while (pid > 0 && w[1] == 0)
		usleep(1000);
	return pid;
}

/*
 * FUTEX_CMP_REQUEUE of a shared futex keys both words the way FUTEX_WAIT
 * and FUTEX_WAKE do: the child waiting on w[0] moves to w[2], and a
 * FUTEX_WAKE of w[2] wakes it.
 */
static int test_futex_shared_requeue(void)
{
	volatile uint32_t *w = mmap(NULL, PG, PROT_READ | PROT_WRITE,
				    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	long moved = 0, woken;
	pid_t pid;
	int st;

	CHECK(w != MAP_FAILED);
	CHECK((pid = fork_futex_waiter(w)) > 0);
	for (int i = 0; i < 1000 && moved == 0; i++) {
		usleep(2000);	/* let the child reach FUTEX_WAIT */
		moved = syscall(SYS_futex, &w[0], FUTEX_CMP_REQUEUE, 0,
				(void *)1, &w[2], 0);
	}
	w[0] = 1;
	woken = syscall(SYS_futex, &w[2], FUTEX_WAKE, 1);
	syscall(SYS_futex, &w[0], FUTEX_WAKE, 1);	/* if it never moved */
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(moved == 1);
	CHECK(woken == 1);
	CHECK(munmap((void *)w, PG) == 0);
	return 0;
}

/*
 * A futex word in shared memory is one futex in every process that maps
 * it (the key is the memory object and offset, not the address space):
 * the child sleeps in FUTEX_WAIT (not _PRIVATE) and the parent's
 * FUTEX_WAKE reaches it. LTP's checkpoints between processes are this.
 */
static int test_futex_shared(void)
{
	volatile uint32_t *w = mmap(NULL, PG, PROT_READ | PROT_WRITE,
				    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	long woken = 0;
	pid_t pid;
	int st;

	CHECK(w != MAP_FAILED);
	CHECK((pid = fork_futex_waiter(w)) > 0);
	for (int i = 0; i < 1000 && woken == 0; i++) {
		usleep(2000);	/* let the child reach FUTEX_WAIT */
		woken = syscall(SYS_futex, &w[0], FUTEX_WAKE, 1);
	}
	w[0] = 1;
	syscall(SYS_futex, &w[0], FUTEX_WAKE, 1);
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK(woken == 1);
	CHECK(munmap((void *)w, PG) == 0);
	return 0;
}

/*
 * A futex's address is checked as Linux checks it: misaligned is EINVAL
 * for every op; a shared (not _PRIVATE) futex must be readable memory, so
 * FUTEX_WAKE on an unmapped page, a PROT_NONE page or a file page past the
 * end of its file is EFAULT, while a private wake never touches the word.
 * Negative requeue counts are EINVAL (CVE-2018-6927). LTP: futex_wake05,
 * futex_cmp_requeue02 and 03.
 */
static int test_futex_errors(void)
{
	char *p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char path[] = "/tmp/futex_trunc_XXXXXX";
	uint32_t *w = (uint32_t *)p, *f;
	int fd;

	CHECK(p != MAP_FAILED);
	CHECK(munmap(p + PG, PG) == 0);			/* a hole */
	CHECK(mprotect(p + 2 * PG, PG, PROT_NONE) == 0);
	errno = 0;
	CHECK(syscall(SYS_futex, p + 1, FUTEX_WAKE, 1) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_futex, p + PG, FUTEX_WAKE, 1) == -1 && errno == EFAULT);
	CHECK(syscall(SYS_futex, p + 2 * PG, FUTEX_WAKE, 1) == -1 && errno == EFAULT);
	CHECK(syscall(SYS_futex, p + PG, FUTEX_WAKE | 128, 1) == 0);
	CHECK(syscall(SYS_futex, w, FUTEX_CMP_REQUEUE, 1, (void *)-1, w + 1, 0) == -1 &&
	      errno == EINVAL);
	CHECK(syscall(SYS_futex, w, FUTEX_CMP_REQUEUE, -1, (void *)1, w + 1, 0) == -1 &&
	      errno == EINVAL);
	CHECK(syscall(SYS_futex, w, FUTEX_CMP_REQUEUE, 1, (void *)1, p + PG, 0) == -1 &&
	      errno == EFAULT);
	CHECK(syscall(SYS_futex, w, FUTEX_CMP_REQUEUE, 1, (void *)1, w + 1, 1) == -1 &&
	      errno == EAGAIN);
	fd = mkstemp(path);
	CHECK(fd >= 0 && ftruncate(fd, PG) == 0);
	f = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(f != MAP_FAILED && ftruncate(fd, 0) == 0);
	CHECK(syscall(SYS_futex, f, FUTEX_WAKE, 1) == -1 && errno == EFAULT);
	unlink(path);
	close(fd);
	munmap(f, PG);
	munmap(p, 3 * PG);
	return 0;
}

/*
 * mmap of /dev/zero is anonymous memory, as in Linux: a private mapping is
 * zeroes of one's own (writable even from a read-only descriptor); a
 * shared one is shared across fork, and from a read-only descriptor can
 * be neither mapped nor mprotect()ed writable (LTP's mprotect01).
 */
static int test_dev_zero(void)
{
	int ro = open("/dev/zero", O_RDONLY), rw = open("/dev/zero", O_RDWR);
	int wo = open("/dev/zero", O_WRONLY), st;
	volatile char *p, *s;
	pid_t pid;

	CHECK(ro >= 0 && rw >= 0 && wo >= 0);
	p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
	CHECK(p != MAP_FAILED && p[100] == 0);
	p[100] = 1;
	s = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, rw, 0);
	CHECK(s != MAP_FAILED && s[0] == 0);
	CHECK((pid = fork()) >= 0);
	if (pid == 0) {
		s[0] = 42;
		p[100] = 2;
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st));
	CHECK(s[0] == 42 && p[100] == 1);
	CHECK(mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED &&
	      errno == EACCES);
	CHECK(mmap(NULL, PG, PROT_READ, MAP_PRIVATE, wo, 0) == MAP_FAILED &&
	      errno == EACCES);
	s = mmap(NULL, PG, PROT_READ, MAP_SHARED, ro, 0);
	CHECK(s != MAP_FAILED);
	CHECK(mprotect((void *)s, PG, PROT_WRITE) == -1 && errno == EACCES);
	close(ro);
	close(rw);
	close(wo);
	return 0;
}

/*
 * One address space holds at most 65530 VMAs (Linux's vm.max_map_count):
 * mmap past it is ENOMEM, and so are a munmap and an mprotect that would
 * split a mapping in two (LTP's munmap04). Three-page PROT_NONE mappings
 * with a page between them, so that none merge.
 */
static int test_max_map_count(void)
{
	char *base = (char *)0x100000000ul, *p = NULL;
	long n = 0;

	for (;; n++) {
		p = mmap(base + n * 4 * PG, 3 * PG, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		if (p == MAP_FAILED)
			break;
	}
	CHECK(errno == ENOMEM && n > 60000 && n < 65530);
	p = base + (n - 1) * 4 * PG;
	CHECK(munmap(p + PG, PG) == -1 && errno == ENOMEM);
	CHECK(mprotect(p + PG, PG, PROT_READ) == -1 && errno == ENOMEM);
	CHECK(munmap(p, PG) == 0);		/* no split: allowed */
	CHECK(munmap(base, n * 4 * PG) == 0);
	return 0;
}

/* Touch the page below MAP_GROWSDOWN mapping @top in a child, with
 * (@blocker) or without a page mapped @gap pages below it; its status. */
static int touch_below_stack(long gap, int blocker)
{
	char *base = (char *)0x200000000ul, *top = base + 512 * PG;
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		if (mmap(top, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE |
			 MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, -1, 0) != top)
			_exit(3);
		if (blocker && mmap(top - gap * PG, PG, PROT_READ, MAP_PRIVATE |
				    MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
			_exit(4);
		((volatile char *)top)[-1] = 1;		/* grows the stack */
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

/*
 * A MAP_GROWSDOWN mapping grows down on a fault just below it, but never
 * to within 256 pages of an accessible mapping below (Linux's
 * stack_guard_gap): the fault is SIGSEGV instead (LTP's mmap18).
 */
static int test_stack_guard_gap(void)
{
	int st;

	st = touch_below_stack(0, 0);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	st = touch_below_stack(300, 1);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	st = touch_below_stack(100, 1);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV);
	return 0;
}

#ifndef F_ADD_SEALS
#define F_ADD_SEALS 1033
#define F_GET_SEALS 1034
#define F_SEAL_SEAL 0x0001
#define F_SEAL_SHRINK 0x0002
#define F_SEAL_GROW 0x0004
#define F_SEAL_WRITE 0x0008
#define F_SEAL_FUTURE_WRITE 0x0010
#endif

/*
 * File seals (LTP's memfd_create01): a memfd made with MFD_ALLOW_SEALING
 * takes F_ADD_SEALS; each seal refuses what it names with EPERM (shrink,
 * grow, write, a shared writable mapping); F_SEAL_WRITE is EBUSY while a
 * shared mapping may write; F_SEAL_SEAL ends sealing. Without the flag,
 * and for a tmpfs file, the seals start as F_SEAL_SEAL; a pipe is EINVAL.
 */
static int test_memfd_seals(void)
{
	int fd = memfd_create("sealed", MFD_ALLOW_SEALING), p[2];
	char buf[8];
	void *m;

	CHECK(fd >= 0 && ftruncate(fd, 2 * PG) == 0);
	CHECK(fcntl(fd, F_GET_SEALS) == 0);
	CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW) == 0);
	CHECK(fcntl(fd, F_GET_SEALS) == (F_SEAL_SHRINK | F_SEAL_GROW));
	CHECK(ftruncate(fd, PG) == -1 && errno == EPERM);
	CHECK(ftruncate(fd, 3 * PG) == -1 && errno == EPERM);
	CHECK(ftruncate(fd, 2 * PG) == 0);
	CHECK(pwrite(fd, "x", 1, 2 * PG) == -1 && errno == EPERM);
	CHECK(pwrite(fd, "x", 1, 10) == 1);
	m = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED);
	CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE) == -1 && errno == EBUSY);
	CHECK(munmap(m, PG) == 0);
	CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE) == 0);
	CHECK(pwrite(fd, "y", 1, 10) == -1 && errno == EPERM);
	CHECK(pread(fd, buf, 1, 10) == 1 && buf[0] == 'x');
	CHECK(mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED &&
	      errno == EPERM);
	m = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(m != MAP_FAILED);
	CHECK(mprotect(m, PG, PROT_READ | PROT_WRITE) == -1 && errno == EACCES);
	munmap(m, PG);
	m = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(m != MAP_FAILED);		/* a private copy may be written */
	munmap(m, PG);
	CHECK(fcntl(fd, F_ADD_SEALS, 0x100) == -1 && errno == EINVAL);
	CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL) == 0);
	CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE) == -1 && errno == EPERM);
	close(fd);
	CHECK((fd = memfd_create("plain", 0)) >= 0);
	CHECK(fcntl(fd, F_GET_SEALS) == F_SEAL_SEAL);
	CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW) == -1 && errno == EPERM);
	close(fd);
	CHECK((fd = open("/tmp/seal_file", O_CREAT | O_RDWR, 0600)) >= 0);
	CHECK(fcntl(fd, F_GET_SEALS) == F_SEAL_SEAL);
	close(fd);
	unlink("/tmp/seal_file");
	CHECK(pipe(p) == 0);
	CHECK(fcntl(p[0], F_GET_SEALS) == -1 && errno == EINVAL);
	close(p[0]);
	close(p[1]);
	return 0;
}

/* ---- the tests ----------------------------------------------------------- */

static const struct tap_test tests[] = {
	{ "anon_shared_fork", test_anon_shared_fork },
	{ "anon_shared_mprotect", test_anon_shared_mprotect },
	{ "rss_shmem", test_rss_shmem },
	{ "proc_mem_writes_shared", test_proc_mem_writes_shared },
	{ "file_shared", test_file_shared },
	{ "file_private", test_file_private },
	{ "root_file", test_root_file },
	{ "proc_mem_readonly_file", test_proc_mem_readonly_file },
	{ "file_truncate_sigbus", test_file_truncate_sigbus },
	{ "memfd_mmap", test_memfd_mmap },
	{ "maps_shows_shared", test_maps_shows_shared },
	{ "mmap_msync_errors", test_mmap_msync_errors },
	{ "mremap_shared", test_mremap_shared },
	{ "mremap_fixed", test_mremap_fixed },
	{ "mlock", test_mlock },
	{ "mlock_limits", test_mlock_limits },
	{ "madvise", test_madvise },
	{ "mincore", test_mincore },
	{ "map_fixed_race", test_map_fixed_race },
	{ "futex_shared", test_futex_shared },
	{ "futex_shared_requeue", test_futex_shared_requeue },
	{ "futex_errors", test_futex_errors },
	{ "dev_zero", test_dev_zero },
	{ "max_map_count", test_max_map_count },
	{ "stack_guard_gap", test_stack_guard_gap },
	{ "memfd_seals", test_memfd_seals },
};

#define NTESTS (int)(sizeof(tests) / sizeof(tests[0]))

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	return tap_run("shmtest", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
