/*
 * bench: microbenchmarks of the kernel paths a process takes. One static
 * binary, run unchanged on Taskbase and on Linux (scripts/bench.py boots
 * both in the same QEMU and compares; docs/performance.md explains).
 *
 *   bench           every microbenchmark
 *   bench quick     the same with a few iterations (tests: it still works)
 *   bench scale [MAX]  threads until the kernel refuses (or MAX); a /proc
 *                   walk and ps -LA timed at 1,000 and 4,000 threads
 *   bench only NAME [TIMES]   one microbenchmark, TIMES over (profiling)
 *
 * Output, one result a line, for scripts/bench.py:
 *
 *   BENCH <name> <value> <unit>
 *   BENCH-SKIP <name> <reason>
 *   BENCH-INFO <key> <text>
 *   BENCH-DONE <mode>
 *
 * A time is the median over REPS batches of the batch time divided by the
 * operations in it, from clock_gettime(CLOCK_MONOTONIC). Under QEMU with
 * -icount shift=0 guest time is the instruction count: 1 ns = 1 instruction.
 * The microbenchmarks run pinned to CPU 0 (threads and children inherit it),
 * so every switch is a same-CPU switch and runs are repeatable.
 *
 * As pid 1 (init=/bin/bench on Taskbase, /init in the Linux VM) it opens the
 * console, mounts /proc on Linux, and powers the machine off at the end:
 * only when uname says Taskbase, or says Linux and the kernel command line
 * carries "taskbase_bench=1" (scripts/bench.py adds it), so a stray pid 1 on a
 * real machine does not switch it off.
 *
 * System calls: getpid, clock_gettime (the vDSO where there is one),
 * sched_yield, sched_setaffinity, getrusage, kill, futex, clone, fork,
 * execve, wait4, exit, pipe, read, write, mmap, munmap, mprotect, open, mkdir,
 * close, getdents64, sysinfo, uname, mount, reboot, finit_module,
 * delete_module, ptrace, and on Taskbase tb_bare_syscall.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/reboot.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ulib.h"
#include "../arch/x86_64/bare_syscall.h"

#define MAX_REPS 15
#define FULL_REPS 11
#define QUICK_REPS 3
#define QUICK_DIV 50		/* quick mode: iterations / QUICK_DIV */
#define NOSUCH_SYSCALL 1023	/* no kernel has it: entry and exit only */
#define TINY_PROGRAM "/bin/true"
#define BUSYBOX_PROGRAM "/bin/busybox"	/* Debian's: static glibc, ~2 MiB */
#define PS_PROGRAM "/bin/ps"
#define STRACE_PROGRAM "/usr/bin/strace"	/* Debian's (build-strace.sh) */
#define PTRACETEST "/bin/ptracetest"	/* its tracee: --getppid N */
#define PROC_STATUS "/proc/self/status"
/* A file in a directory four levels deep: every level is a name lookup
 * with its search-permission check (issue 16's row). */
#define DEEP_DIRS { "/tmp", "/tmp/bench1", "/tmp/bench1/l2", "/tmp/bench1/l2/l3" }
#define DEEP_FILE "/tmp/bench1/l2/l3/file"
#define BENCH_MODULE "/lib/modules/benchmod.ko"	/* scripts/benchmod/ */
#define BENCH_MODULE_NAME "benchmod"
#define FAULT_PAGES 256		/* 1 MiB: below THP's 2 MiB, one fault a page */
#define SCALE_MAX 32768
#define SCALE_CHUNK 1000
#define VM_MARKER "taskbase_bench"
#define FUTEX_WAIT 0		/* <linux/futex.h>, which musl lacks */
#define FUTEX_WAKE 1
#define FUTEX_PRIVATE_FLAG 128

typedef uint64_t u64;

static int reps = FULL_REPS;
static int quick;

/* ---- time and raw system calls ------------------------------------------ */

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
}

static inline u64 rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

/* The bare instruction, no libc wrapper: both kernels see the same loop. */
static inline long raw_syscall0(long nr)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr)
			 : "rcx", "r11", "memory");
	return ret;
}

static inline long raw_syscall1(long nr, long a0)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a0)
			 : "rcx", "r11", "memory");
	return ret;
}

static long futex(int *uaddr, int op, int val)
{
	return syscall(SYS_futex, uaddr, op | FUTEX_PRIVATE_FLAG, val, NULL,
		       NULL, 0);
}

static void pin_to_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		printf("BENCH-INFO warning sched_setaffinity: %s\n",
		       strerror(errno));
}

static void die(const char *what)
{
	printf("BENCH-INFO error %s: %s\n", what, strerror(errno));
	fflush(stdout);
	_exit(1);
}

/* ---- the microbenchmarks: each does n operations, returns elapsed ns ----- */

static u64 b_enosys(long n)
{
	u64 t0 = now_ns();

	for (long i = 0; i < n; i++)
		raw_syscall0(NOSUCH_SYSCALL);
	return now_ns() - t0;
}

/*
 * Taskbase only: the bare syscall+sysret pair, the physical limit of a
 * system call. tb_bare_syscall(1) points this CPU's syscall entry at a
 * stub that returns at once for rax == TB_BARE_SYSCALL_MAGIC (the caller
 * is pinned to the CPU); the loop is the same as b_enosys's.
 */
static u64 b_syscall_bare(long n)
{
	u64 t0;

	if (raw_syscall1(__NR_tb_bare_syscall, 1))
		die("tb_bare_syscall");
	t0 = now_ns();
	for (long i = 0; i < n; i++)
		raw_syscall0(TB_BARE_SYSCALL_MAGIC);
	t0 = now_ns() - t0;
	raw_syscall1(__NR_tb_bare_syscall, 0);
	return t0;
}

/* Why syscall_bare cannot run here (not Taskbase), or NULL. */
static const char *bare_syscall_missing(void)
{
	if (raw_syscall1(__NR_tb_bare_syscall, 1))
		return "no tb_bare_syscall (Taskbase only)";
	raw_syscall1(__NR_tb_bare_syscall, 0);
	return NULL;
}

static u64 b_getpid(long n)
{
	u64 t0 = now_ns();

	for (long i = 0; i < n; i++)
		raw_syscall0(SYS_getpid);
	return now_ns() - t0;
}

static u64 b_clock_gettime(long n)
{
	struct timespec ts;
	u64 t0 = now_ns();

	for (long i = 0; i < n; i++)
		clock_gettime(CLOCK_MONOTONIC, &ts);
	return now_ns() - t0;
}

/*
 * The yield rows measure a switch, so they check that one happens. Linux's
 * CFS gives a new task a vruntime a slice ahead (START_DEBIT), and until
 * the older task has caught up its sched_yield() picks itself again: a
 * loop that only counts yields would time yields that switch nothing.
 */
static volatile long yield_turn;	/* even: main's turn; odd: the peer's */

static void *yield_peer(void *arg)
{
	long n = (long)arg;

	for (long i = 0; i < n; i++) {
		while (!(yield_turn & 1))
			sched_yield();
		yield_turn++;
	}
	return NULL;
}

/* Main's side of n handoffs: wait for its turn, then pass the turn on. */
static void yield_handoffs(long n)
{
	for (long i = 0; i < n; i++) {
		while (yield_turn & 1)
			sched_yield();
		yield_turn++;
	}
}

#define YIELD_WARMUP 64		/* handoffs before the clock starts */

/* Two threads on one CPU handing a turn to each other by sched_yield():
 * n round trips, 2n switches, timed once alternation has started. */
static u64 b_yield_thread(long n)
{
	pthread_t t;
	u64 t0;

	yield_turn = 0;
	if (pthread_create(&t, NULL, yield_peer, (void *)(n + YIELD_WARMUP)))
		die("pthread_create");
	yield_handoffs(YIELD_WARMUP);
	t0 = now_ns();
	yield_handoffs(n);
	t0 = now_ns() - t0;
	pthread_join(t, NULL);
	return t0;
}

/* Context switches this thread has made so far (voluntary + involuntary:
 * Linux counts a switch out of sched_yield() as involuntary). */
static long switches(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_THREAD, &ru))
		die("getrusage");
	return ru.ru_nvcsw + ru.ru_nivcsw;
}

/*
 * The same between two processes: every switch changes address space.
 * With no shared memory for a turn, the parent checks alternation with its
 * own switch count: it yields until every one of YIELD_WARMUP yields in a
 * row switched, and the timed n yields must each switch too.
 */
static u64 b_yield_process(long n)
{
	long warm = 0, s0, tries = 0;
	int p[2];
	char c = 0;
	pid_t pid;
	u64 t0;

	if (pipe(p))
		die("pipe");
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			_exit(1);
		for (;;)
			sched_yield();
	}
	close(p[0]);
	write(p[1], &c, 1);
	while (warm < YIELD_WARMUP && tries++ < 1000000) {
		s0 = switches();
		sched_yield();
		warm = switches() > s0 ? warm + 1 : 0;
	}
	s0 = switches();
	t0 = now_ns();
	for (long i = 0; i < n; i++)
		sched_yield();
	t0 = now_ns() - t0;
	if (switches() - s0 < n)
		printf("BENCH-INFO warning yield_process: %ld of %ld yields "
		       "switched\n", switches() - s0, n);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(p[1]);
	return t0;
}

/* One byte there and back between two processes: n round trips. */
static u64 b_pipe_roundtrip(long n)
{
	int there[2], back[2];
	char c = 'x';
	pid_t pid;
	u64 t0;

	if (pipe(there) || pipe(back))
		die("pipe");
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(there[1]);
		close(back[0]);
		while (read(there[0], &c, 1) == 1)
			write(back[1], &c, 1);
		_exit(0);
	}
	close(there[0]);
	close(back[1]);
	t0 = now_ns();
	for (long i = 0; i < n; i++) {
		write(there[1], &c, 1);
		read(back[0], &c, 1);
	}
	t0 = now_ns() - t0;
	close(there[1]);
	waitpid(pid, NULL, 0);
	close(back[0]);
	return t0;
}

static int futex_turn;		/* 0: main's turn, 1: the partner's */

static void *futex_partner(void *arg)
{
	long n = (long)arg;

	for (long i = 0; i < n; i++) {
		while (__atomic_load_n(&futex_turn, __ATOMIC_ACQUIRE) == 0)
			futex(&futex_turn, FUTEX_WAIT, 0);
		__atomic_store_n(&futex_turn, 0, __ATOMIC_RELEASE);
		futex(&futex_turn, FUTEX_WAKE, 1);
	}
	return NULL;
}

/* Wake the other thread, sleep until it wakes us: 2n hand-offs. */
static u64 b_futex_handoff(long n)
{
	pthread_t t;
	u64 t0;

	futex_turn = 0;
	if (pthread_create(&t, NULL, futex_partner, (void *)n))
		die("pthread_create");
	t0 = now_ns();
	for (long i = 0; i < n; i++) {
		__atomic_store_n(&futex_turn, 1, __ATOMIC_RELEASE);
		futex(&futex_turn, FUTEX_WAKE, 1);
		while (__atomic_load_n(&futex_turn, __ATOMIC_ACQUIRE) == 1)
			futex(&futex_turn, FUTEX_WAIT, 1);
	}
	t0 = now_ns() - t0;
	pthread_join(t, NULL);
	return t0;
}

static void *nothing(void *arg)
{
	return arg;
}

static u64 b_thread_create_join(long n)
{
	u64 t0 = now_ns();

	for (long i = 0; i < n; i++) {
		pthread_t t;

		if (pthread_create(&t, NULL, nothing, NULL))
			die("pthread_create");
		pthread_join(t, NULL);
	}
	return now_ns() - t0;
}

/* n times: fork, execve @path as @argv0 with no environment (NULL: the
 * child just exits), wait. */
static u64 fork_exec_loop(long n, const char *path, char *argv0)
{
	char *const argv[] = { argv0, NULL };
	char *const envp[] = { NULL };
	u64 t0;

	fflush(stdout);
	t0 = now_ns();
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0) {
			if (path)
				execve(path, argv, envp);
			_exit(path ? 127 : 0);
		}
		waitpid(pid, NULL, 0);
	}
	return now_ns() - t0;
}

static u64 b_fork_exit_wait(long n)
{
	return fork_exec_loop(n, NULL, NULL);
}

static u64 b_fork_exec_wait(long n)
{
	return fork_exec_loop(n, TINY_PROGRAM, TINY_PROGRAM);
}

/* fork, then execve of BusyBox as "true" (a large static glibc program), wait. */
static u64 b_fork_exec_busybox(long n)
{
	return fork_exec_loop(n, BUSYBOX_PROGRAM, "true");
}

/* n pages of fresh anonymous memory, one write each: n page faults. */
static u64 b_page_fault(long n)
{
	size_t len = (size_t)n * 4096;
	volatile char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	u64 t0;

	if (p == MAP_FAILED)
		die("mmap");
	t0 = now_ns();
	for (long i = 0; i < n; i++)
		p[i * 4096] = 1;
	t0 = now_ns() - t0;
	munmap((void *)p, len);
	return t0;
}

static u64 b_mmap_munmap(long n)
{
	u64 t0 = now_ns();

	for (long i = 0; i < n; i++) {
		void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			die("mmap");
		munmap(p, 4096);
	}
	return now_ns() - t0;
}

/* Read a whole file with open/read/close; returns bytes read or -1. */
static long read_file(const char *path)
{
	char buf[4096];
	long total = 0, r;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((r = read(fd, buf, sizeof(buf))) > 0)
		total += r;
	close(fd);
	return total;
}

static u64 b_proc_status(long n)
{
	u64 t0 = now_ns();

	for (long i = 0; i < n; i++)
		if (read_file(PROC_STATUS) <= 0)
			die(PROC_STATUS);
	return now_ns() - t0;
}

/*
 * A ptrace syscall-stop round trip: the tracee makes getppid, the tracer
 * resumes it with PTRACE_SYSCALL at entry and at exit (two stops, two
 * wait4s, two context switches each way per call).
 */
static u64 b_ptrace_syscall(long n)
{
	pid_t pid;
	int st;
	u64 t0;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		for (long i = 0; i < n; i++)
			raw_syscall0(SYS_getppid);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	t0 = now_ns();
	do
		ptrace(PTRACE_SYSCALL, pid, 0, 0);
	while (waitpid(pid, &st, 0) == pid && WIFSTOPPED(st));
	return now_ns() - t0;
}

/* strace -c -o /dev/null of n getppid calls, per call (startup included). */
static u64 b_strace_getppid(long n)
{
	char count[24];
	char *const argv[] = { STRACE_PROGRAM, "-c", "-o", "/dev/null",
			       PTRACETEST, "--getppid", count, NULL };
	char *const envp[] = { NULL };
	pid_t pid;
	u64 t0;

	snprintf(count, sizeof(count), "%ld", n);
	fflush(stdout);
	t0 = now_ns();
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		execve(STRACE_PROGRAM, argv, envp);
		_exit(127);
	}
	waitpid(pid, NULL, 0);
	return now_ns() - t0;
}

static u64 b_open_close_deep(long n)
{
	u64 t0 = now_ns();

	for (long i = 0; i < n; i++) {
		int fd = open(DEEP_FILE, O_RDONLY);

		if (fd < 0)
			die(DEEP_FILE);
		close(fd);
	}
	return now_ns() - t0;
}

/* insmod + rmmod of one small module: finit_module(2), delete_module(2). */
static u64 b_module_load_unload(long n)
{
	int fd = open(BENCH_MODULE, O_RDONLY | O_CLOEXEC);
	u64 t0 = now_ns(), t;

	if (fd < 0)
		die(BENCH_MODULE);
	for (long i = 0; i < n; i++) {
		if (syscall(SYS_finit_module, fd, "", 0))
			die("finit_module");
		if (syscall(SYS_delete_module, BENCH_MODULE_NAME, O_NONBLOCK))
			die("delete_module");
	}
	t = now_ns() - t0;
	close(fd);
	return t;
}

/* ---- running them ---------------------------------------------------------- */

/* The files three rows need (a row's missing(): why it cannot run, or NULL). */
static const char *no_tiny_program(void)
{
	return access(TINY_PROGRAM, F_OK) ? "no " TINY_PROGRAM : NULL;
}

static const char *no_busybox(void)
{
	return access(BUSYBOX_PROGRAM, X_OK) ? "no " BUSYBOX_PROGRAM : NULL;
}

static const char *no_proc_status(void)
{
	return access(PROC_STATUS, F_OK) ? "no " PROC_STATUS : NULL;
}

static const char *no_strace(void)
{
	if (access(STRACE_PROGRAM, X_OK))
		return "no " STRACE_PROGRAM;
	return access(PTRACETEST, X_OK) ? "no " PTRACETEST : NULL;
}

/* Make DEEP_FILE (its directories too); why not, or NULL. */
static const char *no_deep_file(void)
{
	static const char *const dirs[] = DEEP_DIRS;
	int fd;

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (mkdir(dirs[i], 0755) < 0 && errno != EEXIST)
			return "cannot make " DEEP_FILE;
	fd = open(DEEP_FILE, O_CREAT | O_WRONLY, 0644);
	if (fd < 0)
		return "cannot make " DEEP_FILE;
	close(fd);
	return NULL;
}

/* No module, or one the kernel refuses: skip the row, not the run. */
static const char *no_bench_module(void)
{
	static char why[128];
	int fd = open(BENCH_MODULE, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return "no " BENCH_MODULE;
	if (syscall(SYS_finit_module, fd, "", 0) ||
	    syscall(SYS_delete_module, BENCH_MODULE_NAME, O_NONBLOCK)) {
		snprintf(why, sizeof(why), "%s: %s", BENCH_MODULE, strerror(errno));
		close(fd);
		return why;
	}
	close(fd);
	return NULL;
}

struct bench {
	const char *name;
	u64 (*run)(long n);
	long n;			/* operations per batch (full mode) */
	long per;		/* operations counted per unit of n */
	const char *(*missing)(void);	/* why it cannot run here, or NULL */
};

static const struct bench benches[] = {
	{ "syscall_bare",	b_syscall_bare,		20000,	1, bare_syscall_missing },
	{ "syscall_enosys",	b_enosys,		20000,	1, NULL },
	{ "getpid",		b_getpid,		20000,	1, NULL },
	{ "clock_gettime",	b_clock_gettime,	20000,	1, NULL },
	{ "yield_thread",	b_yield_thread,		2000,	2, NULL },
	{ "yield_process",	b_yield_process,	2000,	2, NULL },
	{ "pipe_roundtrip",	b_pipe_roundtrip,	1000,	1, NULL },
	{ "futex_handoff",	b_futex_handoff,	1000,	2, NULL },
	{ "thread_create_join",	b_thread_create_join,	100,	1, NULL },
	{ "fork_exit_wait",	b_fork_exit_wait,	40,	1, NULL },
	{ "fork_exec_wait",	b_fork_exec_wait,	20,	1, no_tiny_program },
	{ "fork_exec_busybox",	b_fork_exec_busybox,	20,	1, no_busybox },
	{ "page_fault",		b_page_fault,		FAULT_PAGES, 1, NULL },
	{ "mmap_munmap_4k",	b_mmap_munmap,		2000,	1, NULL },
	{ "proc_status_read",	b_proc_status,		200,	1, no_proc_status },
	{ "open_close_deep",	b_open_close_deep,	2000,	1, no_deep_file },
	{ "module_load_unload",	b_module_load_unload,	10,	1, no_bench_module },
	{ "ptrace_syscall",	b_ptrace_syscall,	2000,	1, NULL },
	{ "strace_c_getppid",	b_strace_getppid,	10000,	1, no_strace },
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median ns per operation over reps batches, after one warm-up batch. */
static double measure(const struct bench *b)
{
	double v[MAX_REPS];
	long n = b->n;

	if (quick)
		n = n / QUICK_DIV > 2 ? n / QUICK_DIV : 2;
	if (b->run == b_page_fault)
		n = FAULT_PAGES;	/* a batch is one fresh region */
	b->run(n);
	for (int r = 0; r < reps; r++)
		v[r] = (double)b->run(n) / (double)(n * b->per);
	qsort(v, (size_t)reps, sizeof(v[0]), cmp_double);
	return v[reps / 2];
}

/* Run every microbenchmark, or only the one called only (for profiling). */
static void run_micro(const char *only)
{
	for (size_t i = 0; i < sizeof(benches) / sizeof(benches[0]); i++) {
		const struct bench *b = &benches[i];
		const char *why;

		if (only && strcmp(b->name, only))
			continue;
		why = b->missing ? b->missing() : NULL;
		if (why) {
			printf("BENCH-SKIP %s %s\n", b->name, why);
			continue;
		}
		printf("BENCH %s %.1f ns\n", b->name, measure(b));
		fflush(stdout);
	}
}

/*
 * The TSC rate against CLOCK_MONOTONIC, in ticks per ns. QEMU's TSC runs
 * at the host's TSC rate (1 GHz under -icount shift=0), so scripts/bench.py
 * compares this with the rate it sees from outside (tsc_start/tsc_end
 * against the host clock): a guest clock that runs slow or fast would
 * otherwise skew every time the guest reports.
 */
static double tsc_per_ns(void)
{
	u64 calib = quick ? 10000000ull : 50000000ull;
	u64 t0 = now_ns(), c0 = rdtsc(), t1, c1;

	do
		t1 = now_ns();
	while (t1 - t0 < calib);
	c1 = rdtsc();
	return (double)(c1 - c0) / (double)(t1 - t0);
}

/*
 * Power-on to the top of main: QEMU's TSC starts at 0 with the machine,
 * so the TSC read first thing in main, over the TSC rate, is the time
 * since power-on (firmware and kernel boot; QEMU's own start-up is not in
 * it).
 */
static void report_boot(u64 tsc_at_main, double ticks_per_ns)
{
	printf("BENCH boot_to_init %.1f ns\n", (double)tsc_at_main / ticks_per_ns);
}

/* ---- scale: threads until the kernel says no ------------------------------ */

static int scale_release;

static void *sleeper(void *arg)
{
	while (!__atomic_load_n(&scale_release, __ATOMIC_ACQUIRE))
		futex(&scale_release, FUTEX_WAIT, 0);
	return arg;
}

static int is_number(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* Read /proc/<pid>/task/<tid>/status of every thread; returns how many. */
static long proc_walk(void)
{
	DIR *d = opendir("/proc"), *td;
	struct dirent *e, *te;
	char path[600];	/* two d_name[256] and the rest */
	long files = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (!is_number(e->d_name))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/task", e->d_name);
		td = opendir(path);
		if (!td)
			continue;
		while ((te = readdir(td))) {
			if (!is_number(te->d_name))
				continue;
			snprintf(path, sizeof(path), "/proc/%s/task/%s/status",
				 e->d_name, te->d_name);
			files += read_file(path) > 0;
		}
		closedir(td);
	}
	closedir(d);
	return files;
}

/* Run ps -LA with its output on a pipe we drain; returns lines or -1. */
static long run_ps(void)
{
	char *const argv[] = { "ps", "-LA", NULL };
	char buf[4096];
	long lines = 0, r;
	int p[2], status;
	pid_t pid;

	if (pipe(p))
		return -1;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execv(PS_PROGRAM, argv);
		_exit(127);
	}
	close(p[1]);
	while ((r = read(p[0], buf, sizeof(buf))) > 0)
		for (long i = 0; i < r; i++)
			lines += buf[i] == '\n';
	close(p[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? lines : -1;
}

static void scale_probe(long threads)
{
	u64 t0;
	long r;

	if (access(PROC_STATUS, F_OK)) {
		printf("BENCH-SKIP proc_walk_%ld no /proc\n", threads);
	} else {
		t0 = now_ns();
		r = proc_walk();
		printf("BENCH proc_walk_%ld %.1f ns\n", threads,
		       (double)(now_ns() - t0));
		printf("BENCH-INFO proc_walk_%ld_files %ld\n", threads, r);
	}
	if (access(PS_PROGRAM, X_OK)) {
		printf("BENCH-SKIP ps_LA_%ld no %s\n", threads, PS_PROGRAM);
	} else {
		t0 = now_ns();
		r = run_ps();
		if (r < 0)
			printf("BENCH-SKIP ps_LA_%ld ps failed\n", threads);
		else
			printf("BENCH ps_LA_%ld %.1f ns\n", threads,
			       (double)(now_ns() - t0));
		printf("BENCH-INFO ps_LA_%ld_lines %ld\n", threads, r);
	}
	fflush(stdout);
}

static void run_scale(long max)
{
	static pthread_t t[SCALE_MAX];
	struct sysinfo before, after;
	long n, probes[] = { 1000, 4000 };
	int err = 0;
	u64 t0, chunk, created, probing = 0;

	sysinfo(&before);
	t0 = chunk = now_ns();
	for (n = 0; n < max; n++) {
		err = pthread_create(&t[n], NULL, sleeper, NULL);
		if (err)
			break;
		if ((n + 1) % SCALE_CHUNK)
			continue;
		/* Every SCALE_CHUNK threads: does creation slow down? */
		printf("BENCH-INFO create_per_thread_at_%ld %.0f ns\n",
		       n + 1, (double)(now_ns() - chunk) / SCALE_CHUNK);
		chunk = now_ns();
		for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
			if (n + 1 == probes[i])
				scale_probe(n + 1);
		probing += now_ns() - chunk;
		chunk = now_ns();
	}
	created = now_ns() - t0 - probing;
	sysinfo(&after);
	printf("BENCH-INFO scale_refused %s\n", err ? strerror(err) : "no (cap)");
	printf("BENCH scale_threads %ld threads\n", n);
	if (n > 0) {
		printf("BENCH scale_create_per_thread %.1f ns\n",
		       (double)created / (double)n);
		printf("BENCH scale_mem_per_thread %.0f bytes\n",
		       ((double)before.freeram - (double)after.freeram) *
		       before.mem_unit / (double)n);
	}
	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		if (n < probes[i])
			printf("BENCH-SKIP proc_walk_%ld only %ld threads\n"
			       "BENCH-SKIP ps_LA_%ld only %ld threads\n",
			       probes[i], n, probes[i], n);
	fflush(stdout);
	t0 = now_ns();
	__atomic_store_n(&scale_release, 1, __ATOMIC_RELEASE);
	futex(&scale_release, FUTEX_WAKE, INT_MAX);
	for (long i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	printf("BENCH scale_join_per_thread %.1f ns\n",
	       n ? (double)(now_ns() - t0) / (double)n : 0.0);
}

/* ---- pid 1 duties ------------------------------------------------------- */

/* Does the kernel command line carry the marker scripts/bench.py adds? */
static int booted_for_bench(void)
{
	char buf[1024];
	ssize_t r;
	int fd = open("/proc/cmdline", O_RDONLY);

	if (fd < 0)
		return 0;
	r = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[r > 0 ? r : 0] = '\0';
	return strstr(buf, VM_MARKER) != NULL;
}

static void print_file_info(const char *key, const char *path)
{
	char buf[256];
	ssize_t r;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return;
	r = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (r <= 0)
		return;
	buf[r] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	printf("BENCH-INFO %s %s\n", key, buf);
}

/*
 * As Linux's /init nothing is mounted: mount /proc (the benchmark reads
 * it) and /sys (to report which CPU-bug mitigations the kernel chose).
 * Returns 1 if this machine may be powered off at the end.
 */
static int init_setup(const struct utsname *u)
{
	if (strcmp(u->sysname, "Taskbase") == 0)
		return 1;
	if (strcmp(u->sysname, "Linux") != 0)
		return 0;
	if (access(PROC_STATUS, F_OK)) {
		mkdir("/proc", 0555);
		mount("proc", "/proc", "proc", 0, NULL);
	}
	if (!booted_for_bench())
		return 0;
	print_file_info("linux_threads_max", "/proc/sys/kernel/threads-max");
	mkdir("/sys", 0555);
	if (mount("sysfs", "/sys", "sysfs", 0, NULL) == 0) {
		print_file_info("linux_meltdown",
				"/sys/devices/system/cpu/vulnerabilities/meltdown");
		print_file_info("linux_spectre_v2",
				"/sys/devices/system/cpu/vulnerabilities/spectre_v2");
		print_file_info("linux_clocksource",
				"/sys/devices/system/clocksource/clocksource0/current_clocksource");
	}
	return 1;
}

int main(int argc, char **argv)
{
	u64 tsc_at_main = rdtsc();
	const char *mode = argc > 1 ? argv[1] : "full";
	const char *only;
	int pid1 = getpid() == 1, may_power_off = 0;
	double ticks_per_ns;
	struct utsname u;

	if (pid1)
		ulib_open_console();
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (uname(&u))
		die("uname");
	if (pid1)
		may_power_off = init_setup(&u);
	quick = strcmp(mode, "quick") == 0;
	only = strcmp(mode, "only") == 0 && argc > 2 ? argv[2] : NULL;
	reps = quick ? QUICK_REPS : FULL_REPS;
	printf("BENCH-INFO kernel %s %s %s\n", u.sysname, u.release, u.version);
	printf("BENCH-INFO mode %s cpus %ld pid1 %d\n", mode,
	       sysconf(_SC_NPROCESSORS_ONLN), pid1);
	printf("BENCH-INFO tsc_start %llu\n", (unsigned long long)rdtsc());
	ticks_per_ns = tsc_per_ns();
	printf("BENCH-INFO tsc_mhz %.3f\n", ticks_per_ns * 1000.0);
	if (strcmp(mode, "scale") == 0) {
		long max = argc > 2 ? atol(argv[2]) : SCALE_MAX;

		run_scale(max > 0 && max < SCALE_MAX ? max : SCALE_MAX);
	} else if (only) {
		pin_to_cpu(0);
		for (int i = 0; i < (argc > 3 ? atoi(argv[3]) : 1); i++)
			run_micro(only);
	} else if (quick || strcmp(mode, "full") == 0) {
		if (pid1)
			report_boot(tsc_at_main, ticks_per_ns);
		else
			printf("BENCH-SKIP boot_to_init not pid 1\n");
		pin_to_cpu(0);
		run_micro(NULL);
	} else {
		ulib_err("bench", "usage: bench [quick|scale [MAX]|only NAME [TIMES]]");
		if (!pid1)
			return 2;
	}
	printf("BENCH-INFO tsc_end %llu\n", (unsigned long long)rdtsc());
	printf("BENCH-DONE %s\n", mode);
	fflush(stdout);
	if (may_power_off) {
		sync();
		reboot(RB_POWER_OFF);
	}
	if (pid1)		/* pid 1 must not exit: the kernel would panic */
		for (;;)
			pause();
	return 0;
}
