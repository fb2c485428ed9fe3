/*
 * soak: keep the kernel busy with ordinary work for a while, on every
 * CPU, and check that all of it went right and that everything it made
 * is gone at the end.
 *
 *   soak [-t SECONDS] [-j JOBS]
 *
 *   -t  how long (default 60 s)
 *   -j  jobs at a time (default 6), each a process doing one activity
 *       after another, chosen at random:
 *
 *   fork     fork a child that exits with a code; wait for it, check it
 *   exec     fork, execve /bin/true; check its status
 *   threads  4 threads add to a counter under a mutex; join, check sum
 *   pipe     a child checksums 256 KiB sent through a pipe; compare
 *   pingpong two threads bounce a token 200 times over two pipes
 *   sleep    nanosleep 1-20 ms; check that at least that much passed
 *   fault    a child reads address 0; check it died of SIGSEGV
 *   memory   mmap 2 MiB, write every page, check, munmap; grow and
 *            shrink the heap with brk (malloc)
 *   signal   a child waits in pause(); SIGTERM it; check the status
 *
 * Each job reports its counts and its failures (with a message) through a
 * pipe when the time is up. The summary gives how many of each ran, the
 * tasks created, the failures, and the task count (sysinfo procs) before
 * and after; the last line is "soak: ok" or "soak: FAIL: ..." (exit
 * status 0 or 1). It refuses to run anywhere but Taskbase.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ulib.h"

#define MAX_JOBS 32
#define PIPE_BYTES (256 * 1024)

enum { A_FORK, A_EXEC, A_THREADS, A_PIPE, A_PINGPONG, A_SLEEP, A_FAULT,
       A_MEMORY, A_SIGNAL, NR_ACT };

static const char *const act_names[NR_ACT] = {
	"fork", "exec", "threads", "pipe", "pingpong", "sleep", "fault",
	"memory", "signal",
};

/* What a job sends back at the end. */
struct job_report {
	long runs[NR_ACT];
	long failures;
	long tasks;		/* processes and threads it created */
	char first_failure[160];
};

static struct job_report rep;
static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
	va_list ap;

	if (!rep.failures++) {
		va_start(ap, fmt);
		vsnprintf(rep.first_failure, sizeof(rep.first_failure), fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Wait for @pid and return its raw status, or -1. */
static int reap(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return status;
}

/* ---- the activities --------------------------------------------------- */

static int act_fork(void)
{
	int code = (int)(rnd() % 200), status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(code);
	if (pid < 0)
		return fail("fork: %s", strerror(errno));
	rep.tasks++;
	status = reap(pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != code)
		return fail("fork: child status %#x, expected exit %d", status, code);
	return 0;
}

static int act_exec(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		char *argv[] = { "true", NULL };

		execve("/bin/true", argv, environ);
		_exit(127);
	}
	if (pid < 0)
		return fail("fork: %s", strerror(errno));
	rep.tasks++;
	status = reap(pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return fail("exec /bin/true: status %#x", status);
	return 0;
}

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *adder(void *arg)
{
	for (int i = 0; i < 1000; i++) {
		pthread_mutex_lock(&counter_lock);
		counter += (long)arg;
		pthread_mutex_unlock(&counter_lock);
		if (i % 100 == 0)
			sched_yield();
	}
	return NULL;
}

static int act_threads(void)
{
	pthread_t t[4];
	int n = 0;

	counter = 0;
	for (; n < 4; n++)
		if (pthread_create(&t[n], NULL, adder, (void *)1L))
			break;
	rep.tasks += n;
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	if (n < 4)
		return fail("pthread_create: only %d of 4", n);
	if (counter != 4000)
		return fail("threads: counter %ld, expected 4000", counter);
	return 0;
}

static uint32_t checksum(const unsigned char *p, size_t n, uint32_t sum)
{
	for (size_t i = 0; i < n; i++)
		sum = sum * 31 + p[i];
	return sum;
}

/* The child end of act_pipe: checksum what comes, exit 0 if it matches. */
static __attribute__((noreturn)) void pipe_reader(int fd, uint32_t want)
{
	unsigned char buf[4096];
	uint32_t sum = 0;
	size_t total = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		sum = checksum(buf, (size_t)n, sum);
		total += (size_t)n;
	}
	_exit(total == PIPE_BYTES && sum == want ? 0 : 1);
}

static int act_pipe(void)
{
	static unsigned char data[PIPE_BYTES];
	int fds[2], status;
	uint32_t want;
	pid_t pid;

	for (size_t i = 0; i < sizeof(data); i += 8) {
		uint64_t v = rnd();

		memcpy(data + i, &v, 8);
	}
	want = checksum(data, sizeof(data), 0);
	if (pipe(fds) < 0)
		return fail("pipe: %s", strerror(errno));
	pid = fork();
	if (pid == 0) {
		close(fds[1]);
		pipe_reader(fds[0], want);
	}
	close(fds[0]);
	if (pid < 0) {
		close(fds[1]);
		return fail("fork: %s", strerror(errno));
	}
	rep.tasks++;
	for (size_t off = 0; off < sizeof(data);) {
		size_t chunk = 1 + rnd() % 8192;
		ssize_t n = write(fds[1], data + off,
				  chunk < sizeof(data) - off ? chunk : sizeof(data) - off);

		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(fds[1]);
	status = reap(pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return fail("pipe: the reader saw other bytes (status %#x)", status);
	return 0;
}

struct pingpong {
	int in, out;
};

static void *ponger(void *arg)
{
	struct pingpong *p = arg;
	char c;

	while (read(p->in, &c, 1) == 1 && c != 'q')
		if (write(p->out, &c, 1) != 1)
			break;
	return NULL;
}

static int act_pingpong(void)
{
	int a[2], b[2], ok = 1;
	struct pingpong p;
	pthread_t t;
	char c = 'x';

	if (pipe(a) < 0)
		return fail("pipe: %s", strerror(errno));
	if (pipe(b) < 0) {
		close(a[0]);
		close(a[1]);
		return fail("pipe: %s", strerror(errno));
	}
	p = (struct pingpong){ a[0], b[1] };
	if (pthread_create(&t, NULL, ponger, &p) == 0) {
		rep.tasks++;
		for (int i = 0; i < 200 && ok; i++)
			ok = write(a[1], &c, 1) == 1 && read(b[0], &c, 1) == 1;
		c = 'q';
		if (write(a[1], &c, 1) != 1)
			ok = 0;
		pthread_join(t, NULL);
	} else {
		ok = 0;
	}
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
	return ok ? 0 : fail("pingpong: a bounce went missing");
}

static int act_sleep(void)
{
	long ms = 1 + (long)(rnd() % 20), t0 = ulib_now_ms();
	struct timespec ts = { 0, ms * 1000000 };

	while (nanosleep(&ts, &ts) < 0)
		if (errno != EINTR)
			return fail("nanosleep: %s", strerror(errno));
	if (ulib_now_ms() - t0 < ms - 1)
		return fail("nanosleep(%ld ms) came back after %ld ms", ms,
			    ulib_now_ms() - t0);
	return 0;
}

static int act_fault(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		(void)*(volatile int *)0;
		_exit(0);
	}
	if (pid < 0)
		return fail("fork: %s", strerror(errno));
	rep.tasks++;
	status = reap(pid);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGSEGV)
		return fail("fault: child status %#x, expected SIGSEGV", status);
	return 0;
}

static int act_memory(void)
{
	size_t len = 2u << 20, page = 4096;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *heap;

	if (p == MAP_FAILED)
		return fail("mmap 2 MiB: %s", strerror(errno));
	for (size_t i = 0; i < len; i += page)
		p[i] = (unsigned char)(i / page);
	for (size_t i = 0; i < len; i += page)
		if (p[i] != (unsigned char)(i / page)) {
			munmap(p, len);
			return fail("memory: page %zu lost its byte", i / page);
		}
	munmap(p, len);
	heap = malloc(100000 + rnd() % 100000);
	if (!heap)
		return fail("malloc: %s", strerror(errno));
	memset(heap, 1, 100000);
	free(heap);
	return 0;
}

static int act_signal(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		for (;;)
			pause();
	}
	if (pid < 0)
		return fail("fork: %s", strerror(errno));
	rep.tasks++;
	kill(pid, SIGTERM);
	status = reap(pid);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGTERM)
		return fail("signal: child status %#x, expected SIGTERM", status);
	return 0;
}

static int (*const acts[NR_ACT])(void) = {
	act_fork, act_exec, act_threads, act_pipe, act_pingpong, act_sleep,
	act_fault, act_memory, act_signal,
};

/* ---- jobs and the summary -------------------------------------------- */

static __attribute__((noreturn)) void job(int index, long deadline, int fd)
{
	rng_state = 0x9e3779b97f4a7c15ull * (uint64_t)(index + 1) ^
		    (uint64_t)getpid();
	while (ulib_now_ms() < deadline) {
		/* Faults print a kernel line each: fewer of them. */
		int a = (int)(rnd() % (NR_ACT + 3));

		if (a >= NR_ACT || (a == A_FAULT && rnd() % 4))
			a = A_SLEEP;
		acts[a]();
		rep.runs[a]++;
	}
	if (write(fd, &rep, sizeof(rep)) != sizeof(rep))
		_exit(1);
	_exit(0);
}

static long procs_now(void)
{
	struct sysinfo si;

	return sysinfo(&si) == 0 ? si.procs : -1;
}

static void usage(void)
{
	fprintf(stderr, "usage: soak [-t SECONDS] [-j JOBS]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	long seconds = 60, njobs = 6, procs0, procs1, t0, until;
	struct job_report sum = { 0 }, r;
	int fds[2], c, reports = 0, crashed = 0;
	char first[200] = "";

	while ((c = getopt(argc, argv, "t:j:")) != -1)
		if ((c != 't' && c != 'j') ||
		    ulib_parse_long(optarg, c == 't' ? &seconds : &njobs) < 0)
			usage();
	if (njobs < 1 || njobs > MAX_JOBS || seconds < 1)
		usage();
	if (!ulib_on_taskbase()) {
		ulib_err("soak", "refusing to run: this is not Taskbase");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	procs0 = procs_now();
	printf("soak: %ld jobs for %ld s on %ld CPUs, %ld tasks at the start\n",
	       njobs, seconds, sysconf(_SC_NPROCESSORS_ONLN), procs0);
	if (pipe(fds) < 0) {
		perror("soak: pipe");
		return 1;
	}
	t0 = ulib_now_ms();
	for (int i = 0; i < njobs; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			close(fds[0]);
			job(i, t0 + seconds * 1000, fds[1]);
		}
		if (pid < 0)
			perror("soak: fork");
	}
	close(fds[1]);
	for (long next = t0 + 10000; next < t0 + seconds * 1000; next += 10000) {
		while (ulib_now_ms() < next)
			usleep(100000);
		printf("soak: ... %ld s, %ld tasks\n", (next - t0) / 1000,
		       procs_now());
	}
	while (read(fds[0], &r, sizeof(r)) == sizeof(r)) {
		for (int a = 0; a < NR_ACT; a++)
			sum.runs[a] += r.runs[a];
		sum.failures += r.failures;
		sum.tasks += r.tasks;
		if (r.failures && !first[0])
			snprintf(first, sizeof(first), "%s", r.first_failure);
		reports++;
	}
	for (int status; wait(&status) > 0;)
		crashed += !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	until = ulib_now_ms() + 10000;
	while ((procs1 = procs_now()) > procs0 && ulib_now_ms() < until)
		usleep(50000);

	printf("soak: ran %ld.%ld s:", (ulib_now_ms() - t0) / 1000,
	       (ulib_now_ms() - t0) % 1000 / 100);
	for (int a = 0; a < NR_ACT; a++)
		printf(" %s %ld", act_names[a], sum.runs[a]);
	printf("\n");
	printf("soak: tasks created: %ld (and %ld jobs)\n", sum.tasks, njobs);
	printf("soak: failures: %ld%s%s\n", sum.failures, first[0] ? "; first: " : "",
	       first);
	printf("soak: tasks: %ld before, %ld after\n", procs0, procs1);
	if (sum.failures || crashed || reports != njobs || procs1 != procs0) {
		printf("soak: FAIL: %s\n", sum.failures ? "an activity went wrong" :
		       reports != njobs || crashed ? "a job did not report" :
		       "the task count did not come back");
		return 1;
	}
	printf("soak: ok\n");
	return 0;
}
