/*
 * misctests: smaller system calls and /proc/sys files as Linux 6.1 answers
 * them (issue 17: what LTP's syslog, ioctl07, fallocate/mremap06,
 * futex_waitv and clock-setting tests taught), tested from user space:
 * syslog(2) and the console's log levels, /proc/sys/kernel/random and
 * the ioctls of /dev/urandom, fallocate(2) on tmpfs, futex_waitv(2),
 * setting the clock (clock_settime, settimeofday, adjtimex with its leap
 * seconds, clock_adjtime), /proc/sys/vm/min_free_kbytes (LTP's
 * tst_pollute_memory() reads it).
 *
 *   misctests [NAME]...     run every test, or only the ones named
 *
 * Prints TAP ("1..N", "ok N - name", "# misctests: P passed, F failed");
 * each test runs in a forked child of its own (user/lib/tap.c tap_run()).
 * The same binary runs on Linux: every expectation is Linux 6.1's. Tests
 * that change a system setting put it back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "tap.h"

#define TEST_TIMEOUT 20		/* seconds one test may take */
#define NOBODY 65534

/* syslog(2)'s actions (<sys/klog.h> names none of them). */
enum { LOG_CLOSE, LOG_OPEN, LOG_READ, LOG_READ_ALL, LOG_READ_CLEAR,
       LOG_CLEAR, LOG_CONSOLE_OFF, LOG_CONSOLE_ON, LOG_CONSOLE_LEVEL,
       LOG_SIZE_UNREAD, LOG_SIZE_BUFFER };

static long klog(int type, char *buf, int len)
{
	return syscall(SYS_syslog, type, buf, len);
}

/* Write @text to the /proc/sys file @path; 0 or the errno. */
static int write_file(const char *path, const char *text)
{
	return procfs_write(path, text) ? errno : 0;
}

/* The console's level: /proc/sys/kernel/printk's first number. */
static int console_level(void)
{
	char buf[64];

	if (procfs_read("/proc/sys/kernel/printk", buf, sizeof(buf)) < 0)
		return -1;
	return atoi(buf);
}

/* Run @fn in a child that became nobody; its exit status (0: passed). */
static int as_nobody(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(tap_become(NOBODY, 0) ? 100 : fn());
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* syslog's errnos: bad type, NULL buffer, negative length, levels
 * outside 1-8; close, open and zero-length reads do nothing. */
static int test_syslog_errors(void)
{
	char c;

	errno = 0;
	EXPECT(klog(100, &c, 0) == -1 && errno == EINVAL);
	EXPECT(klog(LOG_READ, NULL, 0) == -1 && errno == EINVAL);
	EXPECT(klog(LOG_READ_ALL, NULL, 1) == -1 && errno == EINVAL);
	EXPECT(klog(LOG_READ_ALL, &c, -1) == -1 && errno == EINVAL);
	EXPECT(klog(LOG_CONSOLE_LEVEL, &c, 0) == -1 && errno == EINVAL);
	EXPECT(klog(LOG_CONSOLE_LEVEL, &c, 9) == -1 && errno == EINVAL);
	EXPECT(klog(LOG_READ_ALL, (char *)8, 4096) == -1 && errno == EFAULT);
	EXPECT(klog(LOG_CLOSE, NULL, 0) == 0);
	EXPECT(klog(LOG_OPEN, NULL, 0) == 0);
	EXPECT(klog(LOG_READ, &c, 0) == 0);
	EXPECT(klog(LOG_READ_ALL, &c, 0) == 0);
	EXPECT(klog(LOG_SIZE_BUFFER, NULL, 0) > 0);
	EXPECT(klog(LOG_SIZE_UNREAD, NULL, 0) >= 0);
	return 0;
}

/* CONSOLE_LEVEL sets the first number of /proc/sys/kernel/printk;
 * CONSOLE_OFF drops it to the minimum (the third) and CONSOLE_ON brings
 * it back. */
static int test_syslog_console_level(void)
{
	char saved[64];
	int level;

	CHECK(procfs_read("/proc/sys/kernel/printk", saved, sizeof(saved)) > 0);
	CHECK(klog(LOG_CONSOLE_LEVEL, NULL, 5) == 0);
	EXPECT(console_level() == 5);
	CHECK(klog(LOG_CONSOLE_OFF, NULL, 0) == 0);
	EXPECT(console_level() == 1);
	CHECK(klog(LOG_CONSOLE_OFF, NULL, 0) == 0);	/* still saves 5 */
	CHECK(klog(LOG_CONSOLE_ON, NULL, 0) == 0);
	EXPECT(console_level() == 5);
	CHECK(write_file("/proc/sys/kernel/printk", "4 6 3 7") == 0);
	CHECK(klog(LOG_CONSOLE_LEVEL, NULL, 2) == 0);
	level = console_level();
	EXPECT(level == 3);	/* never below minimum_console_loglevel */
	CHECK(write_file("/proc/sys/kernel/printk", saved) == 0);
	return 0;
}

/* /proc/sys/kernel/printk: four tab-separated numbers; a write sets the
 * first ones given. */
static int test_printk_file(void)
{
	char saved[64], buf[64];
	int a, b, c, d;

	CHECK(procfs_read("/proc/sys/kernel/printk", saved, sizeof(saved)) > 0);
	CHECK(sscanf(saved, "%d\t%d\t%d\t%d\n", &a, &b, &c, &d) == 4);
	EXPECT(c == 1 && d == 7);
	CHECK(write_file("/proc/sys/kernel/printk", "3\n") == 0);
	CHECK(procfs_read("/proc/sys/kernel/printk", buf, sizeof(buf)) > 0);
	EXPECT(sscanf(buf, "%d\t%d\t%d\t%d\n", &a, &b, &c, &d) == 4 && a == 3 &&
	       c == 1 && d == 7);
	EXPECT(write_file("/proc/sys/kernel/printk", "x") == EINVAL);
	CHECK(write_file("/proc/sys/kernel/printk", saved) == 0);
	return 0;
}

/* SYSLOG_ACTION_READ takes what it has not returned before. */
static int test_syslog_read(void)
{
	char buf[4096];
	long n;

	CHECK(write_file("/dev/kmsg", "misctests syslog_read\n") == 0);
	CHECK(klog(LOG_SIZE_UNREAD, NULL, 0) > 0);
	n = klog(LOG_READ, buf, sizeof(buf) - 1);
	CHECK(n > 0);
	while (klog(LOG_SIZE_UNREAD, NULL, 0) > 0)
		CHECK(klog(LOG_READ, buf, sizeof(buf) - 1) > 0);
	EXPECT(klog(LOG_SIZE_UNREAD, NULL, 0) == 0);
	return 0;
}

/* What nobody may do: read the whole log and its size (not with
 * dmesg_restrict 1), nothing else (EPERM, even for a bad type). */
static int nobody_syslog(void)
{
	char buf[64];

	if (klog(LOG_READ_ALL, buf, sizeof(buf)) < 0 ||
	    klog(LOG_SIZE_BUFFER, NULL, 0) <= 0)
		return 1;
	if (klog(LOG_CONSOLE_LEVEL, NULL, 7) != -1 || errno != EPERM ||
	    klog(LOG_READ, buf, sizeof(buf)) != -1 || errno != EPERM ||
	    klog(LOG_CLEAR, NULL, 0) != -1 || errno != EPERM ||
	    klog(100, NULL, 0) != -1 || errno != EPERM)
		return 2;
	return write_file("/proc/sys/kernel/dmesg_restrict", "0") == EACCES ? 0 : 3;
}

static int nobody_restricted(void)
{
	char buf[64];

	return klog(LOG_READ_ALL, buf, sizeof(buf)) == -1 && errno == EPERM ? 0 : 1;
}

static int test_syslog_permissions(void)
{
	char saved[16];

	CHECK(procfs_read("/proc/sys/kernel/dmesg_restrict", saved, sizeof(saved)) > 0);
	CHECK(write_file("/proc/sys/kernel/dmesg_restrict", "0") == 0);
	EXPECT(as_nobody(nobody_syslog) == 0);
	CHECK(write_file("/proc/sys/kernel/dmesg_restrict", "1") == 0);
	EXPECT(as_nobody(nobody_restricted) == 0);
	EXPECT(write_file("/proc/sys/kernel/dmesg_restrict", "2") == EINVAL);
	CHECK(write_file("/proc/sys/kernel/dmesg_restrict", saved) == 0);
	return 0;
}

/* Is @s a version-4 UUID ("xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx\n")? */
static int is_uuid4(const char *s)
{
	for (int i = 0; i < 36; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !strchr("0123456789abcdef", s[i]) || !s[i])
			return 0;
	}
	return s[14] == '4' && strchr("89ab", s[19]) && s[36] == '\n' && !s[37];
}

/* /proc/sys/kernel/random: a seeded pool of 256 bits, one boot_id, a new
 * uuid per read, two writable tunables. */
static int test_random_proc(void)
{
	char a[64], b[64];

	CHECK(procfs_read("/proc/sys/kernel/random/entropy_avail", a, sizeof(a)) > 0);
	EXPECT(atoi(a) == 256);
	CHECK(procfs_read("/proc/sys/kernel/random/poolsize", a, sizeof(a)) > 0);
	EXPECT(atoi(a) == 256);
	CHECK(procfs_read("/proc/sys/kernel/random/boot_id", a, sizeof(a)) > 0);
	CHECK(procfs_read("/proc/sys/kernel/random/boot_id", b, sizeof(b)) > 0);
	EXPECT(is_uuid4(a) && strcmp(a, b) == 0);
	CHECK(procfs_read("/proc/sys/kernel/random/uuid", a, sizeof(a)) > 0);
	CHECK(procfs_read("/proc/sys/kernel/random/uuid", b, sizeof(b)) > 0);
	EXPECT(is_uuid4(a) && is_uuid4(b) && strcmp(a, b) != 0);
	CHECK(procfs_read("/proc/sys/kernel/random/urandom_min_reseed_secs", a,
			  sizeof(a)) > 0);
	EXPECT(atoi(a) == 60);
	CHECK(write_file("/proc/sys/kernel/random/urandom_min_reseed_secs", a) == 0);
	CHECK(procfs_read("/proc/sys/kernel/random/write_wakeup_threshold", a,
			  sizeof(a)) > 0);
	EXPECT(atoi(a) == 256);
	EXPECT(write_file("/proc/sys/kernel/random/entropy_avail", "1") == EACCES);
	return 0;
}

#define RNDGETENTCNT 0x80045200
#define RNDADDTOENTCNT 0x40045201
#define RNDADDENTROPY 0x40085203
#define RNDZAPENTCNT 0x5204
#define RNDCLEARPOOL 0x5206

static int nobody_rnd(void)
{
	int fd = open("/dev/urandom", O_RDONLY), cnt = 0, one = 1;

	if (fd < 0 || ioctl(fd, RNDGETENTCNT, &cnt) || cnt != 256)
		return 1;
	if (ioctl(fd, RNDADDTOENTCNT, &one) != -1 || errno != EPERM ||
	    ioctl(fd, RNDCLEARPOOL) != -1 || errno != EPERM)
		return 2;
	return 0;
}

/* The ioctls of /dev/urandom (LTP's ioctl07 compares the count with
 * entropy_avail): root may feed and "empty" the pool, nobody may not. */
static int test_random_ioctls(void)
{
	struct { int count, size; char buf[8]; } add = { 64, 8, "entropy" };
	int fd = open("/dev/urandom", O_RDONLY), cnt = 0, v;

	CHECK(fd >= 0);
	CHECK(ioctl(fd, RNDGETENTCNT, &cnt) == 0);
	EXPECT(cnt == 256);
	EXPECT(ioctl(fd, RNDGETENTCNT, (int *)8) == -1 && errno == EFAULT);
	v = 8;
	EXPECT(ioctl(fd, RNDADDTOENTCNT, &v) == 0);
	v = -1;
	EXPECT(ioctl(fd, RNDADDTOENTCNT, &v) == -1 && errno == EINVAL);
	EXPECT(ioctl(fd, RNDADDENTROPY, &add) == 0);
	add.size = 4096;
	EXPECT(ioctl(fd, RNDADDENTROPY, &add) == -1 && errno == EFAULT);
	EXPECT(ioctl(fd, RNDZAPENTCNT) == 0);
	EXPECT(ioctl(fd, RNDCLEARPOOL) == 0);
	EXPECT(ioctl(fd, 0x5299) == -1 && errno == EINVAL);
	CHECK(ioctl(fd, RNDGETENTCNT, &cnt) == 0);
	EXPECT(cnt == 256);
	EXPECT(as_nobody(nobody_rnd) == 0);
	close(fd);
	return 0;
}

#define PAGE 4096
#define FALLOC_FL_COLLAPSE_RANGE 0x08	/* <linux/falloc.h>: musl has two */
#define FALLOC_FL_ZERO_RANGE 0x10

/* fallocate on tmpfs: mode 0 makes pages and grows the file, KEEP_SIZE
 * only makes them, PUNCH_HOLE | KEEP_SIZE frees them: zeroes, a hole
 * SEEK_HOLE finds, also in a MAP_SHARED mapping. */
static int test_fallocate_tmpfs(void)
{
	int fd = open("/tmp/misctests.falloc", O_RDWR | O_CREAT | O_TRUNC, 0600);
	char page[PAGE], *map;
	struct stat st;

	CHECK(fd >= 0);
	unlink("/tmp/misctests.falloc");
	CHECK(fallocate(fd, 0, 0, 3 * PAGE) == 0);
	CHECK(fstat(fd, &st) == 0);
	EXPECT(st.st_size == 3 * PAGE);
	EXPECT(lseek(fd, 0, SEEK_HOLE) == 3 * PAGE);	/* all allocated */
	CHECK(fallocate(fd, FALLOC_FL_KEEP_SIZE, 3 * PAGE, PAGE) == 0);
	CHECK(fstat(fd, &st) == 0);
	EXPECT(st.st_size == 3 * PAGE);
	memset(page, 'x', sizeof(page));
	for (int i = 0; i < 3; i++)
		CHECK(pwrite(fd, page, PAGE, i * PAGE) == PAGE);
	map = mmap(NULL, 3 * PAGE, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(map != MAP_FAILED);
	EXPECT(map[PAGE] == 'x');
	CHECK(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, PAGE, PAGE) == 0);
	EXPECT(lseek(fd, 0, SEEK_HOLE) == PAGE);
	EXPECT(lseek(fd, PAGE, SEEK_DATA) == 2 * PAGE);
	/* (a fault fills the hole with a page again, as on Linux) */
	EXPECT(map[PAGE] == 0 && map[PAGE - 1] == 'x' && map[2 * PAGE] == 'x');
	CHECK(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 100, 50) == 0);
	CHECK(pread(fd, page, 200, 0) == 200);
	EXPECT(page[99] == 'x' && page[100] == 0 && page[149] == 0 && page[150] == 'x');
	CHECK(fstat(fd, &st) == 0);
	EXPECT(st.st_size == 3 * PAGE);
	CHECK(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 8 * PAGE) == 0);
	EXPECT(lseek(fd, 0, SEEK_DATA) == -1 && errno == ENXIO);
	munmap(map, 3 * PAGE);
	close(fd);
	return 0;
}

/* fallocate's errnos, as Linux's vfs_fallocate() and shmem_fallocate()
 * give them. */
static int test_fallocate_errors(void)
{
	int fd = open("/tmp/misctests.falloc2", O_RDWR | O_CREAT | O_TRUNC, 0600);
	int ro, pfd[2], null = open("/dev/null", O_WRONLY);
	struct rlimit rl = { 2 * PAGE, RLIM_INFINITY };

	CHECK(fd >= 0 && null >= 0 && pipe(pfd) == 0);
	ro = open("/tmp/misctests.falloc2", O_RDONLY);
	unlink("/tmp/misctests.falloc2");
	EXPECT(fallocate(-1, 0, 0, PAGE) == -1 && errno == EBADF);
	EXPECT(fallocate(ro, 0, 0, PAGE) == -1 && errno == EBADF);
	EXPECT(fallocate(fd, 0, 0, 0) == -1 && errno == EINVAL);
	EXPECT(fallocate(fd, 0, -1, PAGE) == -1 && errno == EINVAL);
	EXPECT(fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, PAGE) == -1 && errno == EOPNOTSUPP);
	EXPECT(fallocate(fd, FALLOC_FL_ZERO_RANGE, 0, PAGE) == -1 && errno == EOPNOTSUPP);
	EXPECT(fallocate(fd, FALLOC_FL_COLLAPSE_RANGE, 0, PAGE) == -1 && errno == EOPNOTSUPP);
	EXPECT(fallocate(fd, FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_KEEP_SIZE, 0, PAGE) == -1 &&
	       errno == EINVAL);
	EXPECT(fallocate(fd, 0x100, 0, PAGE) == -1 && errno == EOPNOTSUPP);
	EXPECT(fallocate(fd, 0, 0x7fffffffffffff00LL, PAGE) == -1 && errno == EFBIG);
	EXPECT(fallocate(pfd[1], 0, 0, PAGE) == -1 && errno == ESPIPE);
	EXPECT(fallocate(pfd[0], 0, 0, PAGE) == -1 && errno == EBADF);
	EXPECT(fallocate(null, 0, 0, PAGE) == -1 && errno == ENODEV);
	/* More than the memory (the guest has 256 MiB): ENOSPC up front
	 * (tmpfs's limit, half of memory on Linux), and no page is kept. */
	EXPECT(fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 0x7fff0000) == -1 && errno == ENOSPC);
	signal(SIGXFSZ, SIG_IGN);
	CHECK(setrlimit(RLIMIT_FSIZE, &rl) == 0);
	EXPECT(fallocate(fd, 0, 0, 4 * PAGE) == -1 && errno == EFBIG);
	EXPECT(fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 4 * PAGE) == -1 && errno == EFBIG);
	EXPECT(fallocate(fd, 0, 0, 2 * PAGE) == 0);
	return 0;
}

/* The seals of a memfd hold for fallocate too: F_SEAL_GROW refuses
 * growing, F_SEAL_WRITE punching (EPERM). */
static int test_fallocate_seals(void)
{
	int fd = memfd_create("misctests", MFD_ALLOW_SEALING);

	CHECK(fd >= 0);
	CHECK(fallocate(fd, 0, 0, PAGE) == 0);
	CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW) == 0);
	EXPECT(fallocate(fd, 0, 0, 2 * PAGE) == -1 && errno == EPERM);
	EXPECT(fallocate(fd, 0, 0, PAGE) == 0);
	CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE) == 0);
	EXPECT(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, PAGE) == -1 &&
	       errno == EPERM);
	return 0;
}

/* futex_waitv(2) (musl has no wrapper, nor <linux/futex.h>'s names). */
#define NR_futex_waitv 449
#define FUTEX_32 2
#define FUTEX_PRIVATE 128
#define FUTEX_WAKE 1

struct futex_waitv {
	uint64_t val, uaddr;
	uint32_t flags, reserved;
};

static long waitv(struct futex_waitv *w, unsigned int n, unsigned int flags,
		  struct timespec *ts, int clockid)
{
	return syscall(NR_futex_waitv, w, n, flags, ts, clockid);
}

/* An absolute time @ms from now on @clockid. */
static struct timespec deadline(int clockid, long ms)
{
	struct timespec ts;

	clock_gettime(clockid, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += ms % 1000 * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	return ts;
}

/* futex_waitv's errnos: flags, counts, clocks, timeouts, each waiter's
 * flags, alignment and memory, a word that changed, a deadline passed. */
static int test_futex_waitv_errors(void)
{
	static uint32_t words[2];
	struct futex_waitv w[129] = { { 0, (uintptr_t)&words[0], FUTEX_32, 0 } };
	struct timespec past = { 0, 0 }, bad = { 0, 1000000000 };

	for (int i = 1; i < 129; i++)
		w[i] = w[0];
	EXPECT(waitv(w, 1, 1, NULL, 0) == -1 && errno == EINVAL);
	EXPECT(waitv(w, 0, 0, NULL, 0) == -1 && errno == EINVAL);
	EXPECT(waitv(w, 129, 0, NULL, 0) == -1 && errno == EINVAL);
	EXPECT(waitv(NULL, 1, 0, NULL, 0) == -1 && errno == EINVAL);
	EXPECT(waitv(w, 1, 0, &past, CLOCK_BOOTTIME) == -1 && errno == EINVAL);
	EXPECT(waitv(w, 1, 0, &bad, CLOCK_MONOTONIC) == -1 && errno == EINVAL);
	EXPECT(waitv(w, 1, 0, (struct timespec *)8, CLOCK_MONOTONIC) == -1 &&
	       errno == EFAULT);
	EXPECT(waitv((struct futex_waitv *)8, 1, 0, NULL, 0) == -1 && errno == EFAULT);
	EXPECT(waitv(w, 128, 0, &past, CLOCK_MONOTONIC) == -1 && errno == ETIMEDOUT);
	EXPECT(waitv(w, 1, 0, &past, CLOCK_REALTIME) == -1 && errno == ETIMEDOUT);
	w[1].val = 1;		/* the second word holds 0, not 1 */
	EXPECT(waitv(w, 2, 0, NULL, 0) == -1 && errno == EAGAIN);
	w[1] = w[0];
	w[1].flags = 0;		/* no size */
	EXPECT(waitv(w, 2, 0, NULL, 0) == -1 && errno == EINVAL);
	w[1].flags = FUTEX_32 | 4;
	EXPECT(waitv(w, 2, 0, NULL, 0) == -1 && errno == EINVAL);
	w[1] = w[0];
	w[1].reserved = 1;
	EXPECT(waitv(w, 2, 0, NULL, 0) == -1 && errno == EINVAL);
	w[1] = w[0];
	w[1].uaddr = (uintptr_t)&words[0] + 1;
	EXPECT(waitv(w, 2, 0, NULL, 0) == -1 && errno == EINVAL);
	w[1].uaddr = 8;
	w[1].flags = FUTEX_32 | FUTEX_PRIVATE;
	EXPECT(waitv(w, 2, 0, NULL, 0) == -1 && errno == EFAULT);
	return 0;
}

/* A deadline on either clock ends the wait with ETIMEDOUT, not before. */
static int test_futex_waitv_timeout(void)
{
	static uint32_t word;
	struct futex_waitv w = { 0, (uintptr_t)&word, FUTEX_32 | FUTEX_PRIVATE, 0 };
	int clocks[] = { CLOCK_MONOTONIC, CLOCK_REALTIME };

	for (int i = 0; i < 2; i++) {
		struct timespec ts = deadline(clocks[i], 50), now;

		EXPECT(waitv(&w, 1, 0, &ts, clocks[i]) == -1 && errno == ETIMEDOUT);
		clock_gettime(clocks[i], &now);
		EXPECT(now.tv_sec > ts.tv_sec ||
		       (now.tv_sec == ts.tv_sec && now.tv_nsec >= ts.tv_nsec));
	}
	return 0;
}

/* A child waits on three shared futexes; a wake of the third from its
 * parent (another process: keyed by the shared page) ends the wait with
 * index 2. */
static int test_futex_waitv_wake(void)
{
	uint32_t *words = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int status, woke = 0;
	pid_t pid;

	CHECK(words != MAP_FAILED);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		struct futex_waitv w[3];
		struct timespec ts = deadline(CLOCK_MONOTONIC, 5000);

		for (int i = 0; i < 3; i++)
			w[i] = (struct futex_waitv){ 0, (uintptr_t)&words[i * 8],
						     FUTEX_32, 0 };
		words[100] = 1;		/* about to wait */
		_exit(waitv(w, 3, 0, &ts, CLOCK_MONOTONIC) == 2 ? 0 : 1);
	}
	while (!__atomic_load_n(&words[100], __ATOMIC_SEQ_CST))
		usleep(1000);
	for (int tries = 0; tries < 200 && !woke; tries++) {
		usleep(5000);
		woke = syscall(SYS_futex, &words[16], FUTEX_WAKE, 1, NULL, NULL, 0);
	}
	EXPECT(woke == 1);
	CHECK(waitpid(pid, &status, 0) == pid);
	EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	munmap(words, PAGE);
	return 0;
}

/* ---- setting the clock: every test puts it back ---- */

static int64_t clock_ns(int clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

static int set_realtime_ns(int64_t ns)
{
	struct timespec ts = { ns / 1000000000, ns % 1000000000 };

	return clock_settime(CLOCK_REALTIME, &ts);
}

/* Where CLOCK_REALTIME should be now: @real at @mono, plus the time since. */
static void restore_realtime(int64_t real, int64_t mono)
{
	set_realtime_ns(real + clock_ns(CLOCK_MONOTONIC) - mono);
}

/* clock_settime(CLOCK_REALTIME) moves the real time (gettimeofday and
 * time() too, which musl reads in the vDSO) and not CLOCK_MONOTONIC. */
static int test_settime_realtime(void)
{
	int64_t real = clock_ns(CLOCK_REALTIME), mono = clock_ns(CLOCK_MONOTONIC);
	int64_t later = real + 1000 * 1000000000ll, now;
	struct timeval tv;

	CHECK(set_realtime_ns(later) == 0);
	now = clock_ns(CLOCK_REALTIME);
	gettimeofday(&tv, NULL);
	restore_realtime(real, mono);
	EXPECT(now >= later && now < later + 1000000000ll);
	EXPECT(tv.tv_sec >= later / 1000000000 && tv.tv_sec <= later / 1000000000 + 1);
	EXPECT(clock_ns(CLOCK_MONOTONIC) - mono < 1000000000ll);
	EXPECT(llabs(clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_MONOTONIC) -
		     (real - mono)) < 100000000ll);
	return 0;
}

/* settimeofday's time zone (musl's settimeofday() drops it). */
static long set_tz(int minuteswest)
{
	struct timezone tz = { minuteswest, 0 };

	return syscall(SYS_settimeofday, NULL, &tz);
}

static int nobody_settime(void)
{
	struct timespec ts;
	struct timex tx = { .modes = ADJ_MAXERROR };

	clock_gettime(CLOCK_REALTIME, &ts);
	if (clock_settime(CLOCK_REALTIME, &ts) != -1 || errno != EPERM)
		return 1;
	if (set_tz(0) != -1 || errno != EPERM)
		return 2;
	if (adjtimex(&tx) != -1 || errno != EPERM)
		return 3;
	tx.modes = 0;
	if (adjtimex(&tx) < 0)
		return 4;
	tx.modes = ADJ_OFFSET_SS_READ;
	return adjtimex(&tx) < 0 ? 5 : 0;
}

/* The errnos of clock_settime and settimeofday, and the time zone. */
static int test_settime_errors(void)
{
	struct timespec ok, bad = { 0, 1000000000 }, neg = { -1, 0 };
	struct timeval tv = { 0, 1000001 };
	struct timezone tz;

	clock_gettime(CLOCK_REALTIME, &ok);
	EXPECT(clock_settime(CLOCK_MONOTONIC, &ok) == -1 && errno == EINVAL);
	EXPECT(clock_settime(CLOCK_BOOTTIME, &ok) == -1 && errno == EINVAL);
	EXPECT(clock_settime(100, &ok) == -1 && errno == EINVAL);
	EXPECT(clock_settime(CLOCK_PROCESS_CPUTIME_ID, &ok) == -1 && errno == EINVAL);
	EXPECT(clock_settime(CLOCK_THREAD_CPUTIME_ID, &ok) == -1 && errno == EINVAL);
	EXPECT(syscall(SYS_clock_settime, CLOCK_REALTIME, NULL) == -1 && errno == EFAULT);
	EXPECT(clock_settime(CLOCK_REALTIME, &bad) == -1 && errno == EINVAL);
	EXPECT(clock_settime(CLOCK_REALTIME, &neg) == -1 && errno == EINVAL);
	/* Before CLOCK_MONOTONIC's zero (the epoch itself, after boot). */
	EXPECT(clock_settime(CLOCK_REALTIME, &(struct timespec){ 0, 0 }) == -1 &&
	       errno == EINVAL);
	EXPECT(syscall(SYS_settimeofday, &tv, NULL) == -1 && errno == EINVAL);
	EXPECT(syscall(SYS_settimeofday, (void *)8, NULL) == -1 && errno == EFAULT);
	EXPECT(set_tz(16 * 60) == -1 && errno == EINVAL);
	CHECK(set_tz(-60) == 0);
	CHECK(syscall(SYS_gettimeofday, NULL, &tz) == 0);
	EXPECT(tz.tz_minuteswest == -60);
	CHECK(gettimeofday(&tv, &tz) == 0);	/* the vDSO's answer */
	EXPECT(tz.tz_minuteswest == -60);
	CHECK(set_tz(0) == 0);
	EXPECT(as_nobody(nobody_settime) == 0);
	return 0;
}

static int64_t ms_since(int64_t mono)
{
	return (clock_ns(CLOCK_MONOTONIC) - mono) / 1000000;
}

/* A sleep until an absolute CLOCK_REALTIME time sees the clock set: set
 * forward past the time, it ends at once; set back, it lasts longer.
 * A relative sleep on CLOCK_REALTIME does not move (LTP's
 * clock_settime04). */
static int test_settime_sleepers(void)
{
	int64_t real = clock_ns(CLOCK_REALTIME), mono = clock_ns(CLOCK_MONOTONIC);
	int status, i;
	pid_t pid;

	for (i = 0; i < 3; i++) {
		int64_t start = clock_ns(CLOCK_MONOTONIC);
		/* The one that must wake at once sleeps toward 5 s from now:
		 * waking well before that is the point, even on a loaded host. */
		int64_t target = clock_ns(CLOCK_REALTIME) +
				 (i == 0 ? 5000000000ll : 500000000ll);

		pid = fork();
		CHECK(pid >= 0);
		if (pid == 0) {
			struct timespec ts = { target / 1000000000, target % 1000000000 };

			if (i == 2)
				ts = (struct timespec){ 0, 500000000 };
			_exit(clock_nanosleep(CLOCK_REALTIME, i == 2 ? 0 : TIMER_ABSTIME,
					      &ts, NULL));
		}
		usleep(200000);
		/* 0: 10 s forward (wakes now); 1: 1 s back (wakes 1 s
		 * later); 2: 10 s forward (the relative sleep goes on). The
		 * upper bounds are loose: a loaded host delays the ticks. */
		set_realtime_ns(clock_ns(CLOCK_REALTIME) + (i == 1 ? -1000000000ll :
							    10000000000ll));
		CHECK(waitpid(pid, &status, 0) == pid);
		EXPECT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		if (i == 0)
			EXPECT(ms_since(start) < 4000);
		else if (i == 1)
			EXPECT(ms_since(start) >= 1450 && ms_since(start) < 10000);
		else
			EXPECT(ms_since(start) >= 500);
		restore_realtime(real, mono);
	}
	return 0;
}

/* adjtimex and clock_adjtime: the NTP state read and set as Linux keeps
 * it, the errnos, and ADJ_SETOFFSET stepping the clock. */
static int test_adjtimex(void)
{
	struct timex tx = { .modes = ADJ_STATUS, .status = STA_PLL };
	int64_t real = clock_ns(CLOCK_REALTIME), mono = clock_ns(CLOCK_MONOTONIC);

	CHECK(adjtimex(&tx) >= 0);
	tx = (struct timex){ .modes = ADJ_STATUS, .status = 0 };
	/* PLL off: state TIME_OK, and STA_UNSYNC, not read-only, goes too */
	EXPECT(adjtimex(&tx) == TIME_OK && tx.status == 0);
	tx = (struct timex){ .modes = ADJ_MAXERROR | ADJ_ESTERROR | ADJ_TIMECONST |
				      ADJ_FREQUENCY | ADJ_TICK | ADJ_STATUS,
			     .maxerror = 1000, .esterror = 200, .constant = 3,
			     .freq = 65536 * 10, .tick = 10001, .status = 0 };
	EXPECT(adjtimex(&tx) == TIME_OK);
	EXPECT(tx.maxerror == 1000 && tx.esterror == 200 && tx.constant == 7 &&
	       tx.freq == 655360 && tx.tick == 10001 && tx.status == 0 &&
	       tx.precision == 1 && tx.tolerance == 32768000);
	EXPECT(llabs(tx.time.tv_sec - time(NULL)) <= 1);
	tx = (struct timex){ .modes = ADJ_FREQUENCY, .freq = 65536 * 1000 };
	EXPECT(adjtimex(&tx) >= 0 && tx.freq == 32768000);	/* 500 ppm at most */
	tx = (struct timex){ .modes = ADJ_TICK, .tick = 8999 };
	EXPECT(adjtimex(&tx) == -1 && errno == EINVAL);
	tx.tick = 11001;
	EXPECT(adjtimex(&tx) == -1 && errno == EINVAL);
	EXPECT(adjtimex((struct timex *)8) == -1 && errno == EFAULT);
	tx = (struct timex){ .modes = 0x8000 };	/* ADJ_ADJTIME without ADJ_OFFSET */
	EXPECT(adjtimex(&tx) == -1 && errno == EINVAL);
	/* adjtime()'s single shot: the old offset comes back */
	tx = (struct timex){ .modes = ADJ_OFFSET_SINGLESHOT, .offset = 1234 };
	CHECK(adjtimex(&tx) >= 0);
	tx = (struct timex){ .modes = ADJ_OFFSET_SS_READ };
	EXPECT(adjtimex(&tx) >= 0 && tx.offset == 1234);
	tx = (struct timex){ .modes = ADJ_OFFSET_SINGLESHOT, .offset = 0 };
	CHECK(adjtimex(&tx) >= 0);
	/* ADJ_SETOFFSET steps CLOCK_REALTIME, not CLOCK_MONOTONIC */
	tx = (struct timex){ .modes = ADJ_SETOFFSET, .time = { 100, 0 } };
	CHECK(adjtimex(&tx) >= 0);
	EXPECT(llabs(clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_MONOTONIC) -
		     (real - mono) - 100000000000ll) < 100000000ll);
	tx = (struct timex){ .modes = ADJ_SETOFFSET, .time = { 0, 1000000 } };
	EXPECT(adjtimex(&tx) == -1 && errno == EINVAL);
	restore_realtime(real, mono);
	EXPECT(clock_adjtime(CLOCK_MONOTONIC, &tx) == -1 && errno == EOPNOTSUPP);
	EXPECT(clock_adjtime(100, &tx) == -1 && errno == EINVAL);
	tx = (struct timex){ .modes = ADJ_STATUS | ADJ_TICK | ADJ_MAXERROR |
				      ADJ_FREQUENCY | ADJ_TIMECONST,
			     .status = 0, .tick = 10000, .maxerror = 16000000, .constant = 0 };
	EXPECT(clock_adjtime(CLOCK_REALTIME, &tx) >= 0 && tx.tick == 10000);
	tx = (struct timex){ .modes = ADJ_STATUS, .status = STA_UNSYNC };
	CHECK(adjtimex(&tx) >= 0);
	return 0;
}

/* A leap second, as LTP's leapsec01 asks for it: STA_INS two seconds
 * before midnight; 23:59:59 comes twice (CLOCK_REALTIME steps back once)
 * and adjtimex says TIME_INS, TIME_OOP, then TIME_WAIT; CLOCK_MONOTONIC
 * runs on. */
static int test_leap_second(void)
{
	int64_t real = clock_ns(CLOCK_REALTIME), mono = clock_ns(CLOCK_MONOTONIC);
	int64_t midnight = (real / 1000000000 / 86400 + 1) * 86400;
	struct timex tx = { .modes = ADJ_STATUS, .status = STA_PLL };
	int seen[6] = { 0 }, backs = 0, state;
	int64_t prev, now;

	CHECK(set_realtime_ns((midnight - 2) * 1000000000ll) == 0);
	adjtimex(&tx);
	tx = (struct timex){ .modes = ADJ_STATUS | ADJ_MAXERROR, .status = 0 };
	adjtimex(&tx);
	tx = (struct timex){ .modes = ADJ_STATUS, .status = STA_INS };
	state = adjtimex(&tx);
	prev = clock_ns(CLOCK_REALTIME);
	for (int i = 0; i < 40; i++) {
		usleep(100000);
		tx = (struct timex){ .modes = 0 };
		state = adjtimex(&tx);
		if (state >= 0 && state < 6)
			seen[state] = 1;
		now = clock_ns(CLOCK_REALTIME);
		backs += now < prev;
		prev = now;
	}
	tx = (struct timex){ .modes = ADJ_STATUS | ADJ_MAXERROR, .status = STA_PLL,
			     .maxerror = 16000000 };
	adjtimex(&tx);
	tx = (struct timex){ .modes = ADJ_STATUS, .status = 0 };
	state = adjtimex(&tx);
	restore_realtime(real, mono);	/* the leap's second taken out too */
	EXPECT(seen[TIME_INS] && seen[TIME_OOP] && seen[TIME_WAIT]);
	EXPECT(backs == 1);
	EXPECT(prev / 1000000000 >= midnight + 1);
	return 0;
}

/* The calls of connected sockets on a family that has none (netlink):
 * EOPNOTSUPP, as Linux's sock_no_*(); listen() there was a call through
 * a NULL pointer (a kernel panic the fuzzer found). */
static int test_socket_no_stream_calls(void)
{
	int nl = socket(AF_NETLINK, SOCK_RAW, 0);

	CHECK(nl >= 0);
	CHECK(listen(nl, 1) < 0 && errno == EOPNOTSUPP);
	CHECK(shutdown(nl, SHUT_RD) < 0 && errno == EOPNOTSUPP);
	CHECK(accept(nl, NULL, NULL) < 0 && errno == EOPNOTSUPP);
	close(nl);
	return 0;
}

/* A /proc/meminfo field in kB, or -1. */
static long meminfo_kb(const char *field)
{
	static char buf[4096];
	const char *p;

	if (procfs_read("/proc/meminfo", buf, sizeof(buf)) < 0 ||
	    (p = strstr(buf, field)) == NULL)
		return -1;
	return strtol(p + strlen(field) + 1, NULL, 10);
}

/* Linux (init_per_zone_wmark_min(), __alloc_pages() below the min
 * watermark goes to the OOM killer): /proc/sys/vm/min_free_kbytes starts
 * at about sqrt(16 x memory in kB), root may set it, and user memory may
 * not take the last of it: with it raised to 8 MiB under what is free, a
 * child that touches 64 MiB is killed by the OOM killer, and once it is
 * put back the same child runs through. The child is forked before the
 * knob moves: below the low watermark fork() is refused. */
static int test_min_free_kbytes(void)
{
	const char *knob = "/proc/sys/vm/min_free_kbytes";
	long was, free_kb, want, size;
	char buf[32];
	int status;
	pid_t pid;

	CHECK(procfs_read(knob, buf, sizeof(buf)) > 0);
	was = strtol(buf, NULL, 10);
	want = 4;
	while ((want + 1) * (want + 1) <= 16 * meminfo_kb("MemTotal:"))
		want++;
	CHECK(was >= 128 && was <= 262144 && was > want / 2 && was < want * 2);
	CHECK((free_kb = meminfo_kb("MemFree:")) > 128 * 1024);
	size = 64 << 20;
	for (int round = 0; round < 2; round++) {
		int go[2];

		/* Fork first: with so little free memory fork() itself is
		 * refused (kernel/fork.c), and the fault is what we test. */
		CHECK(pipe(go) == 0);
		pid = fork();
		if (pid == 0) {
			char *m = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			procfs_write("/proc/self/oom_score_adj", "1000");
			close(go[1]);
			if (m == MAP_FAILED || read(go[0], buf, 1) != 0)
				_exit(2);
			memset(m, 1, (size_t)size);
			_exit(0);
		}
		CHECK(pid > 0);
		close(go[0]);
		snprintf(buf, sizeof(buf), "%ld", round ? was : free_kb - 8192);
		CHECK(procfs_write(knob, buf) == 0);
		close(go[1]);
		CHECK(waitpid(pid, &status, 0) == pid);
		snprintf(buf, sizeof(buf), "%ld", was);
		CHECK(procfs_write(knob, buf) == 0);
		if (round == 0)
			CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
		else
			CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	errno = 0;
	CHECK(procfs_write(knob, "x") == -1 && errno == EINVAL);
	return 0;
}

static const struct tap_test tests[] = {
	{ "syslog_errors", test_syslog_errors },
	{ "syslog_console_level", test_syslog_console_level },
	{ "printk_file", test_printk_file },
	{ "syslog_read", test_syslog_read },
	{ "syslog_permissions", test_syslog_permissions },
	{ "random_proc", test_random_proc },
	{ "random_ioctls", test_random_ioctls },
	{ "fallocate_tmpfs", test_fallocate_tmpfs },
	{ "fallocate_errors", test_fallocate_errors },
	{ "fallocate_seals", test_fallocate_seals },
	{ "futex_waitv_errors", test_futex_waitv_errors },
	{ "futex_waitv_timeout", test_futex_waitv_timeout },
	{ "futex_waitv_wake", test_futex_waitv_wake },
	{ "settime_realtime", test_settime_realtime },
	{ "settime_errors", test_settime_errors },
	{ "settime_sleepers", test_settime_sleepers },
	{ "adjtimex", test_adjtimex },
	{ "leap_second", test_leap_second },
	{ "socket_no_stream_calls", test_socket_no_stream_calls },
	{ "min_free_kbytes", test_min_free_kbytes },
};

#define NTESTS (int)(sizeof(tests) / sizeof(tests[0]))

int main(int argc, char **argv)
{
	return tap_run("misctests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
