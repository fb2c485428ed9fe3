/*
 * perftests: perf_event_open(2) with software counters, as Linux 6.1
 * has them without a hardware PMU (QEMU TCG): a program counts what the
 * kernel does for it. Context switches of a sleeper, page faults of
 * fresh pages, task-clock that grows with work and not with sleep,
 * counters inherited by children, enable_on_exec, groups, read_format,
 * the ioctls and prctl, perf_event_paranoid, and Linux's errors.
 *
 *   perftests [NAME]...   run every test, or only the ones named
 *
 * Prints TAP (user/lib/tap.c); runs as root (some tests become the
 * student to see the permission rules).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "tap.h"

#define TEST_TIMEOUT 60
#define STUDENT 1000
#define PARANOID "/proc/sys/kernel/perf_event_paranoid"

/* Linux 6.1's struct perf_event_attr (uapi/linux/perf_event.h). */
struct perf_attr {
	uint32_t type, size;
	uint64_t config, sample_period, sample_type, read_format, flags;
	uint32_t wakeup_events, bp_type;
	uint64_t config1, config2, branch_sample_type, sample_regs_user;
	uint32_t sample_stack_user;
	int32_t clockid;
	uint64_t sample_regs_intr;
	uint32_t aux_watermark;
	uint16_t sample_max_stack, reserved_2;
	uint32_t aux_sample_size, reserved_3;
	uint64_t sig_data;
};

enum { HW = 0, SW = 1, HW_CACHE = 3, RAW = 4 };
enum { CPU_CLOCK, TASK_CLOCK, PAGE_FAULTS, CONTEXT_SWITCHES, CPU_MIGRATIONS,
       PAGE_FAULTS_MIN, PAGE_FAULTS_MAJ, ALIGNMENT_FAULTS, EMULATION_FAULTS,
       DUMMY, SW_MAX = 12 };
/* attr.flags bits */
#define DISABLED (1ull << 0)
#define INHERIT (1ull << 1)
#define EXCLUDE_USER (1ull << 4)
#define EXCLUDE_KERNEL (1ull << 5)
#define FREQ (1ull << 10)
#define ENABLE_ON_EXEC (1ull << 12)
#define REMOVE_ON_EXEC (1ull << 36)
/* read_format */
#define F_ENABLED 1
#define F_RUNNING 2
#define F_ID 4
#define F_GROUP 8
/* ioctls */
#define IOC_ENABLE 0x2400
#define IOC_DISABLE 0x2401
#define IOC_RESET 0x2403
#define IOC_PERIOD 0x40082404
#define IOC_ID 0x80082407
#define IOC_FLAG_GROUP 1
#define FLAG_FD_CLOEXEC 8
#define PR_TASK_PERF_EVENTS_DISABLE 31
#define PR_TASK_PERF_EVENTS_ENABLE 32

static long perf_open(struct perf_attr *a, int pid, int cpu, int group,
		      unsigned long flags)
{
	return syscall(SYS_perf_event_open, a, pid, cpu, group, flags);
}

/* A counter of software event @config for @pid with attr.flags @flags. */
static int sw_open(int config, uint64_t flags, int pid, int cpu, int group)
{
	struct perf_attr a = { .type = SW, .size = sizeof(a), .config = config,
			       .flags = flags };

	return (int)perf_open(&a, pid, cpu, group, 0);
}

static uint64_t count(int fd)
{
	uint64_t v = ~0ull;

	if (read(fd, &v, sizeof(v)) != sizeof(v))
		return ~0ull;
	return v;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Spin on the CPU for about @ms milliseconds of wall time. */
static void busy(int ms)
{
	uint64_t end = now_ns() + (uint64_t)ms * 1000000ull;

	while (now_ns() < end)
		;
}

/* Touch @n fresh anonymous pages: @n page faults. */
static int touch_pages(int n)
{
	char *p = mmap(NULL, (size_t)n * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	for (int i = 0; i < n; i++)
		((volatile char *)p)[i * 4096] = 1;
	munmap(p, (size_t)n * 4096);
	return 0;
}

/* The contents of @path (at most 255 bytes), "" when unreadable. */
static const char *get(const char *path)
{
	static char buf[256];

	if (procfs_read(path, buf, sizeof(buf)) < 0)
		buf[0] = '\0';
	return buf;
}

/* ---- tests ---- */

/* The file the man page names as "perf is here", Linux's default 2,
 * writable by root only. */
static int test_paranoid_sysctl(void)
{
	CHECK(strcmp(get(PARANOID), "2\n") == 0);
	CHECK(atoi(get("/proc/sys/kernel/perf_event_max_sample_rate")) > 0);
	CHECK(procfs_write(PARANOID, "1") == 0);
	CHECK(strcmp(get(PARANOID), "1\n") == 0);
	CHECK(procfs_write(PARANOID, "x") == -1 && errno == EINVAL);
	CHECK(procfs_write(PARANOID, "2") == 0);
	CHECK(tap_become(STUDENT, 0) == 0);
	CHECK(procfs_write(PARANOID, "-1") == -1 && errno == EACCES);
	CHECK(strcmp(get(PARANOID), "2\n") == 0);
	return 0;
}

/* Linux's size rules: 0 is VER0 (64), under it or over a page is E2BIG
 * with the kernel's size written back, a bigger attr needs a zero tail. */
static int test_attr_size(void)
{
	static char big[512];
	struct perf_attr *a = (struct perf_attr *)big;
	int fd;

	a->type = SW;
	a->config = DUMMY;
	a->flags = EXCLUDE_KERNEL;
	a->size = 0;
	CHECK((fd = (int)perf_open(a, 0, -1, -1, 0)) >= 0);
	close(fd);
	a->size = 32;
	CHECK(perf_open(a, 0, -1, -1, 0) == -1 && errno == E2BIG);
	CHECK(a->size == 128);
	a->size = 8192;
	CHECK(perf_open(a, 0, -1, -1, 0) == -1 && errno == E2BIG);
	CHECK(a->size == 128);
	a->size = 256;
	CHECK((fd = (int)perf_open(a, 0, -1, -1, 0)) >= 0);
	close(fd);
	big[200] = 1;
	CHECK(perf_open(a, 0, -1, -1, 0) == -1 && errno == E2BIG);
	CHECK(a->size == 128);
	return 0;
}

/* The errors of Linux 6.1 with no hardware PMU. */
static int test_errors(void)
{
	struct perf_attr a = { .type = SW, .size = sizeof(a), .config = DUMMY,
			       .flags = EXCLUDE_KERNEL };
	int p[2], fd;

	CHECK(perf_open(NULL, 0, -1, -1, 0) == -1 && errno == EFAULT);
	CHECK(perf_open((void *)8, 0, -1, -1, 0) == -1 && errno == EFAULT);
	CHECK(perf_open(&a, 0, -1, -1, 1ul << 4) == -1 && errno == EINVAL);
	/* No PMU takes these: hardware, cache, raw, an unknown type. (Linux
	 * answers EINVAL for tracepoint and breakpoint types with this attr:
	 * its PMUs exist there and refuse it.) */
	for (int i = 0; i < 4; i++) {
		static const uint32_t types[] = { HW, HW_CACHE, RAW, 1000 };
		struct perf_attr h = a;

		h.type = types[i];
		EXPECT(perf_open(&h, 0, -1, -1, 0) == -1 && errno == ENOENT);
	}
	a.config = SW_MAX;
	CHECK(perf_open(&a, 0, -1, -1, 0) == -1 && errno == ENOENT);
	a.config = DUMMY;
	CHECK(perf_open(&a, -1, -1, -1, 0) == -1 && errno == EINVAL);
	CHECK(perf_open(&a, 0, 64, -1, 0) == -1 && errno == EINVAL);
	CHECK(perf_open(&a, 0, -2, -1, 0) == -1 && errno == EINVAL);
	CHECK(perf_open(&a, 999999, -1, -1, 0) == -1 && errno == ESRCH);
	CHECK(perf_open(&a, 0, -1, 99, 0) == -1 && errno == EBADF);
	CHECK(pipe(p) == 0);
	CHECK(perf_open(&a, 0, -1, p[0], 0) == -1 && errno == EBADF);
	a.flags |= 1ull << 40;		/* __reserved_1 */
	CHECK(perf_open(&a, 0, -1, -1, 0) == -1 && errno == EINVAL);
	a.flags = EXCLUDE_KERNEL;
	a.read_format = 1 << 5;
	CHECK(perf_open(&a, 0, -1, -1, 0) == -1 && errno == EINVAL);
	a.read_format = 0;
	a.sample_period = 1ull << 63;
	CHECK(perf_open(&a, 0, -1, -1, 0) == -1 && errno == EINVAL);
	a.sample_period = 1000000000;
	a.flags |= FREQ;
	CHECK(perf_open(&a, 0, -1, -1, 0) == -1 && errno == EINVAL);
	a.sample_period = 0;
	a.flags = EXCLUDE_KERNEL | ENABLE_ON_EXEC | REMOVE_ON_EXEC;
	CHECK(perf_open(&a, 0, -1, -1, 0) == -1 && errno == EINVAL);
	a.flags = EXCLUDE_KERNEL;
	a.reserved_2 = 1;
	CHECK(perf_open(&a, 0, -1, -1, 0) == -1 && errno == EINVAL);
	a.reserved_2 = 0;
	CHECK((fd = (int)perf_open(&a, 0, -1, -1, FLAG_FD_CLOEXEC)) >= 0);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC);
	close(fd);
	return 0;
}

/* perf_event_paranoid 2: a user counts its own user side only; CPU-wide
 * counters and other users' tasks are root's (CAP_PERFMON's). */
static int test_permissions(void)
{
	int fd;

	CHECK((fd = sw_open(PAGE_FAULTS, 0, -1, 0, -1)) >= 0);	/* root: all */
	close(fd);
	CHECK(tap_become(STUDENT, 0) == 0);
	CHECK(sw_open(PAGE_FAULTS, 0, 0, -1, -1) == -1 && errno == EACCES);
	CHECK((fd = sw_open(PAGE_FAULTS, EXCLUDE_KERNEL, 0, -1, -1)) >= 0);
	close(fd);
	CHECK(sw_open(PAGE_FAULTS, EXCLUDE_KERNEL, -1, 0, -1) == -1 &&
	      errno == EACCES);
	CHECK(sw_open(PAGE_FAULTS, EXCLUDE_KERNEL, 1, -1, -1) == -1 &&
	      errno == EACCES);
	return 0;
}

/* Each sleep is a switch away from the sleeper: at least N of them. */
static int test_context_switches(void)
{
	int fd = sw_open(CONTEXT_SWITCHES, 0, 0, -1, -1);
	int ku = sw_open(CONTEXT_SWITCHES, EXCLUDE_KERNEL, 0, -1, -1);
	uint64_t n, u;

	CHECK(fd >= 0 && ku >= 0);
	for (int i = 0; i < 20; i++)
		usleep(2000);
	n = count(fd);
	u = count(ku);
	printf("# 20 sleeps: %llu context switches (%llu with exclude_kernel)\n",
	       (unsigned long long)n, (unsigned long long)u);
	CHECK(n >= 20 && n < 1000);
	CHECK(u == 0);		/* Linux counts a switch in kernel mode */
	close(fd);
	close(ku);
	return 0;
}

/* Touching N fresh pages is N (minor) faults, in user mode. */
static int test_page_faults(void)
{
	int all = sw_open(PAGE_FAULTS, 0, 0, -1, -1);
	int min = sw_open(PAGE_FAULTS_MIN, 0, 0, -1, -1);
	int maj = sw_open(PAGE_FAULTS_MAJ, 0, 0, -1, -1);
	int kern = sw_open(PAGE_FAULTS, EXCLUDE_USER, 0, -1, -1);
	uint64_t a0, m0, k0, a, m, k;

	CHECK(all >= 0 && min >= 0 && maj >= 0 && kern >= 0);
	a0 = count(all);
	m0 = count(min);
	k0 = count(kern);
	CHECK(touch_pages(100) == 0);
	a = count(all) - a0;
	m = count(min) - m0;
	k = count(kern) - k0;
	printf("# 100 pages: %llu faults, %llu minor, %llu in the kernel\n",
	       (unsigned long long)a, (unsigned long long)m, (unsigned long long)k);
	CHECK(a >= 100 && a < 200);
	CHECK(m >= 100 && m < 200);
	CHECK(k < 10);
	CHECK(count(maj) == 0);
	return 0;
}

/* task-clock is time on the CPU: it grows while busy, not while asleep;
 * enabled == running for a software counter (no multiplexing). */
static int test_task_clock(void)
{
	struct perf_attr a = { .type = SW, .size = sizeof(a), .config = TASK_CLOCK,
			       .read_format = F_ENABLED | F_RUNNING };
	uint64_t v0[3], v1[3], v2[3];
	int fd = (int)perf_open(&a, 0, -1, -1, 0);

	CHECK(fd >= 0);
	CHECK(read(fd, v0, sizeof(v0)) == sizeof(v0));
	busy(100);
	CHECK(read(fd, v1, sizeof(v1)) == sizeof(v1));
	usleep(300000);
	CHECK(read(fd, v2, sizeof(v2)) == sizeof(v2));
	printf("# busy 100 ms: +%llu ns; asleep 300 ms: +%llu ns\n",
	       (unsigned long long)(v1[0] - v0[0]),
	       (unsigned long long)(v2[0] - v1[0]));
	CHECK(v1[0] - v0[0] >= 50000000ull);
	CHECK(v2[0] - v1[0] < 30000000ull);
	CHECK(v2[1] == v2[2]);
	CHECK(v2[0] <= v2[1] + 1000000 && v2[0] + 1000000 >= v2[1]);
	close(fd);
	return 0;
}

/* A child made after the open counts into the parent's counter (perf
 * stat relies on it); without inherit, it does not. */
static int test_inherit(void)
{
	int cs = sw_open(CONTEXT_SWITCHES, INHERIT, 0, -1, -1);
	int tc = sw_open(TASK_CLOCK, INHERIT, 0, -1, -1);
	int own = sw_open(TASK_CLOCK, 0, 0, -1, -1);
	uint64_t c, t, o;
	pid_t pid;

	CHECK(cs >= 0 && tc >= 0 && own >= 0);
	pid = fork();
	if (pid == 0) {
		if (fork() == 0) {	/* a grandchild counts too */
			busy(50);
			_exit(0);
		}
		for (int i = 0; i < 10; i++)
			usleep(2000);
		busy(100);
		wait(NULL);
		_exit(0);
	}
	CHECK(tap_wait_status(pid) == 0);
	c = count(cs);
	t = count(tc);
	o = count(own);
	printf("# children: %llu switches, task-clock %llu ns (own %llu ns)\n",
	       (unsigned long long)c, (unsigned long long)t, (unsigned long long)o);
	CHECK(c >= 10);
	CHECK(t >= 100000000ull && t > o + 100000000ull);
	CHECK(o < 50000000ull);
	return 0;
}

/* Disabled at open, ENABLE, DISABLE (count frozen), RESET, ID, PERIOD
 * on a counting counter, unknown requests, a short read. */
static int test_ioctls(void)
{
	struct perf_attr a = { .type = SW, .size = sizeof(a), .config = PAGE_FAULTS,
			       .flags = DISABLED, .read_format = F_ID };
	uint64_t v[2], id = 0, period = 100;
	int fd = (int)perf_open(&a, 0, -1, -1, 0);

	CHECK(fd >= 0);
	CHECK(touch_pages(10) == 0);
	CHECK(read(fd, v, sizeof(v)) == sizeof(v) && v[0] == 0);
	CHECK(ioctl(fd, IOC_ENABLE, 0) == 0);
	CHECK(touch_pages(10) == 0);
	CHECK(ioctl(fd, IOC_DISABLE, 0) == 0);
	CHECK(read(fd, v, sizeof(v)) == sizeof(v) && v[0] >= 10);
	CHECK(touch_pages(10) == 0);
	CHECK(read(fd, v + 1, 8) == -1 && errno == ENOSPC);
	CHECK(ioctl(fd, IOC_ID, &id) == 0 && id == v[1] && id != 0);
	CHECK(ioctl(fd, IOC_RESET, 0) == 0);
	CHECK(read(fd, v, sizeof(v)) == sizeof(v) && v[0] == 0);
	CHECK(ioctl(fd, IOC_ID, (void *)8) == -1 && errno == EFAULT);
	CHECK(ioctl(fd, IOC_PERIOD, &period) == -1 && errno == EINVAL);
	CHECK(ioctl(fd, 0x24ff, 0) == -1 && errno == ENOTTY);
	close(fd);
	return 0;
}

/* A group reads as one (PERF_FORMAT_GROUP), follows its leader's state,
 * and PERF_IOC_FLAG_GROUP turns all of it on. */
static int test_group(void)
{
	struct perf_attr a = { .type = SW, .size = sizeof(a), .config = PAGE_FAULTS,
			       .flags = DISABLED, .read_format = F_GROUP | F_ID };
	uint64_t v[5], id0, id1;
	int lead = (int)perf_open(&a, 0, -1, -1, 0), sib;

	CHECK(lead >= 0);
	a.config = PAGE_FAULTS_MIN;
	a.flags = 0;
	CHECK((sib = (int)perf_open(&a, 0, -1, lead, 0)) >= 0);
	CHECK(perf_open(&a, 0, -1, sib, 0) == -1 && errno == EINVAL);
	CHECK(perf_open(&a, 0, 0, lead, 0) == -1 && errno == EINVAL);
	CHECK(touch_pages(10) == 0);
	CHECK(read(lead, v, sizeof(v)) == sizeof(v));
	CHECK(v[0] == 2 && v[1] == 0 && v[3] == 0);	/* leader off: all off */
	CHECK(ioctl(lead, IOC_ID, &id0) == 0 && ioctl(sib, IOC_ID, &id1) == 0);
	CHECK(v[2] == id0 && v[4] == id1);
	CHECK(ioctl(lead, IOC_DISABLE, 0) == 0);
	CHECK(ioctl(sib, IOC_DISABLE, 0) == 0);
	CHECK(ioctl(lead, IOC_ENABLE, IOC_FLAG_GROUP) == 0);
	CHECK(touch_pages(10) == 0);
	CHECK(read(sib, v, sizeof(v)) == sizeof(v));	/* the leader's group */
	CHECK(v[0] == 2 && v[1] >= 10 && v[3] >= 10);
	close(lead);			/* the member goes on alone */
	CHECK(touch_pages(10) == 0);
	CHECK(read(sib, v, sizeof(v)) == 3 * 8 && v[0] == 1 && v[1] >= 20);
	close(sib);
	return 0;
}

/* A group read while another process adds and removes members: each
 * read gives the group as it was at one moment, { nr, { value, id } * nr }
 * and its length, never a stale size (zeros, or words past nr). */
static int test_group_read_while_it_changes(void)
{
	struct perf_attr a = { .type = SW, .size = sizeof(a), .config = PAGE_FAULTS,
			       .read_format = F_GROUP | F_ID };
	uint64_t v[1 + 2 * 8];
	int lead = (int)perf_open(&a, 0, -1, -1, 0), parent = getpid(), bad = 0;
	long n;
	pid_t pid;

	CHECK(lead >= 0);
	pid = fork();
	if (pid == 0) {
		for (;;) {		/* one member comes and goes */
			int fd = (int)perf_open(&a, parent, -1, lead, 0);

			if (fd < 0)
				_exit(1);
			close(fd);
		}
	}
	CHECK(pid > 0);
	for (int i = 0; i < 20000 && !bad; i++) {
		n = read(lead, v, sizeof(v));
		bad = v[0] < 1 || v[0] > 2 || n != (long)(8 + 16 * v[0]);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (bad)
		printf("# read %ld bytes: nr %llu\n", n, (unsigned long long)v[0]);
	CHECK(!bad);
	close(lead);
	return 0;
}

/* prctl turns off and on every counter the task opened. */
static int test_prctl(void)
{
	int fd = sw_open(PAGE_FAULTS, 0, 0, -1, -1);
	uint64_t c0, c1;

	CHECK(fd >= 0);
	CHECK(prctl(PR_TASK_PERF_EVENTS_DISABLE, 0, 0, 0, 0) == 0);
	c0 = count(fd);
	CHECK(touch_pages(10) == 0);
	CHECK(count(fd) == c0);
	CHECK(prctl(PR_TASK_PERF_EVENTS_ENABLE, 0, 0, 0, 0) == 0);
	CHECK(touch_pages(10) == 0);
	c1 = count(fd);
	CHECK(c1 >= c0 + 10);
	close(fd);
	return 0;
}

/* perf stat's way: a counter on a waiting child, disabled, enable_on_exec;
 * it starts at exec (not during the 50 ms of work before) and keeps its
 * count after the child exits. */
static int test_enable_on_exec(void)
{
	struct perf_attr a = { .type = SW, .size = sizeof(a), .config = TASK_CLOCK,
			       .flags = DISABLED | ENABLE_ON_EXEC | INHERIT };
	int go[2], fd;
	uint64_t t;
	pid_t pid;
	char c = 0;

	CHECK(pipe(go) == 0);
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		if (read(go[0], &c, 1) != 1)
			_exit(1);
		busy(50);		/* before exec: not counted */
		execl("/bin/true", "true", (char *)NULL);
		_exit(2);
	}
	close(go[0]);
	CHECK((fd = (int)perf_open(&a, pid, -1, -1, 0)) >= 0);
	CHECK(write(go[1], &c, 1) == 1);
	CHECK(tap_wait_status(pid) == 0);
	t = count(fd);
	printf("# task-clock of /bin/true after its exec: %llu ns\n",
	       (unsigned long long)t);
	CHECK(t > 0 && t < 40000000ull);
	close(fd);
	close(go[1]);
	return 0;
}

/* A CPU's counters (pid -1): its cpu-clock is wall time. */
static int test_cpu_wide(void)
{
	int clk = sw_open(CPU_CLOCK, 0, -1, 0, -1);
	int cs = sw_open(CONTEXT_SWITCHES, 0, -1, 0, -1);
	uint64_t t0, c;

	CHECK(clk >= 0 && cs >= 0);
	t0 = count(clk);
	usleep(200000);
	c = count(clk) - t0;
	printf("# cpu 0, 200 ms: cpu-clock %llu ns, %llu switches\n",
	       (unsigned long long)c, (unsigned long long)count(cs));
	CHECK(c >= 150000000ull && c < 2000000000ull);
	close(clk);
	close(cs);
	return 0;
}

/* Moving between CPUs with sched_setaffinity() is a migration. */
static int test_migrations(void)
{
	int fd = sw_open(CPU_MIGRATIONS, 0, 0, -1, -1);
	cpu_set_t set;

	CHECK(fd >= 0);
	if (sysconf(_SC_NPROCESSORS_ONLN) < 2) {
		close(fd);
		return 0;
	}
	for (int i = 0; i < 4; i++) {
		CPU_ZERO(&set);
		CPU_SET(i & 1, &set);
		CHECK(sched_setaffinity(0, sizeof(set), &set) == 0);
		usleep(1000);
	}
	printf("# 4 moves: %llu migrations\n", (unsigned long long)count(fd));
	CHECK(count(fd) >= 3);
	close(fd);
	return 0;
}

/* Counters on a task that exits keep their count; many opens and closes
 * leave nothing behind (the debug kernel's kmemleak looks). */
static int test_exit_and_close(void)
{
	int fds[64];
	pid_t pid = fork();
	int fd;

	if (pid == 0) {
		usleep(100000);
		touch_pages(20);
		_exit(0);
	}
	CHECK((fd = sw_open(PAGE_FAULTS, 0, pid, -1, -1)) >= 0);
	CHECK(tap_wait_status(pid) == 0);
	CHECK(count(fd) >= 20);
	close(fd);
	for (int round = 0; round < 20; round++) {
		for (int i = 0; i < 64; i++) {
			fds[i] = sw_open(i % 10, INHERIT, 0, -1, i ? fds[0] : -1);
			CHECK(fds[i] >= 0);
		}
		if (fork() == 0)
			_exit(0);
		wait(NULL);
		for (int i = 0; i < 64; i++)
			close(fds[(i + round) % 64]);
	}
	return 0;
}

#define T(name) { #name, test_##name }
static const struct tap_test tests[] = {
	T(paranoid_sysctl),
	T(attr_size),
	T(errors),
	T(permissions),
	T(context_switches),
	T(page_faults),
	T(task_clock),
	T(inherit),
	T(ioctls),
	T(group),
	T(group_read_while_it_changes),
	T(prctl),
	T(enable_on_exec),
	T(cpu_wide),
	T(migrations),
	T(exit_and_close),
};
#define NTESTS ((int)(sizeof(tests) / sizeof(tests[0])))

int main(int argc, char **argv)
{
	return tap_run_as_root("perftests", tests, NTESTS, TEST_TIMEOUT, argc, argv);
}
