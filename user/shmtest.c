/*
 * shmtest: memory shared as Linux shares it, and the memory calls' edge
 * cases: MAP_SHARED mappings of tmpfs files and memfds, anonymous
 * MAP_SHARED memory across fork, msync, truncation and SIGBUS, mprotect
 * and mremap of shared mappings, the mlock calls, madvise, mincore, and
 * races that once broke the address space (MAP_FIXED against a second
 * thread's mmap). Each test runs in a child of its own; the output is
 * TAP-like, ending in "# shmtest: N passed, M failed". Run with a test's
 * name to run just that one. The same binary runs on Linux.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096ul
#define TEST_TIMEOUT 60

static char reason[256];

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	return 1;
}

#define CHECK(cond) do { if (!(cond)) return fail("line %d: %s (errno %d: %s)", \
	__LINE__, #cond, errno, strerror(errno)); } while (0)

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
		return fail("MAP_FIXED failed in round %d (errno %d)", bad - 1, errno);
	return 0;
}

/* ---- the runner ---------------------------------------------------------- */

struct test {
	const char *name;
	int (*fn)(void);
};

static const struct test tests[] = {
	{ "map_fixed_race", test_map_fixed_race },
};

#define NTESTS (int)(sizeof(tests) / sizeof(tests[0]))

/* Run @t in a child; print its line; 1 if it passed. */
static int run_test(int n, const struct test *t)
{
	int fds[2], status;
	char why[sizeof(reason)] = "";
	ssize_t len;
	pid_t pid;

	if (pipe(fds))
		return 0;
	pid = fork();
	if (pid == 0) {
		int r;

		close(fds[0]);
		alarm(TEST_TIMEOUT);
		r = t->fn();
		if (r && !reason[0])
			strcpy(reason, "failed");
		write(fds[1], reason, strlen(reason));
		_exit(r != 0);
	}
	close(fds[1]);
	len = read(fds[0], why, sizeof(why) - 1);
	why[len > 0 ? len : 0] = '\0';
	close(fds[0]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		status = -1;
	if (status == 0) {
		printf("ok %d %s\n", n, t->name);
		return 1;
	}
	if (!why[0] && WIFSIGNALED(status))
		snprintf(why, sizeof(why), "killed by signal %d", WTERMSIG(status));
	printf("not ok %d %s # %s\n", n, t->name, why[0] ? why : "failed");
	return 0;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 0; i < NTESTS; i++) {
		if (argc > 1 && strcmp(argv[1], tests[i].name))
			continue;
		if (run_test(i + 1, &tests[i]))
			passed++;
		else
			failed++;
	}
	printf("# shmtest: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
