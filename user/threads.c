/*
 * threads: start N threads and show that each has its own user stack.
 *
 *   threads [N]        N threads (default 4); runs until killed (Ctrl-C)
 *
 * Each thread prints one line:
 *   thread tid=<gettid> tgid=<getpid> stack=<lo>-<hi> local=<addr>
 * where lo-hi is the thread's own stack (pthread_getattr_np) and local is
 * the address of one of its local variables, which lies inside it. Every
 * thread has its own tid but they share one tgid, the process id: look at
 * them with `ps -LA` or /proc/<tgid>/task/. The main thread prints a
 * "main" line; its stack is the process stack, the [stack] line of
 * /proc/self/maps.
 *
 * System calls: mmap(PROT_NONE) + mprotect (each thread's stack above its
 * guard pages), clone(CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|
 * CLONE_THREAD|CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|
 * CLONE_CHILD_CLEARTID|CLONE_DETACHED), rt_sigprocmask, gettid, getpid,
 * open/read (/proc/self/maps), ioctl(TIOCGWINSZ), writev, pause,
 * futex (pthread_join waits for the kernel to clear the child tid).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ulib.h"

#define MAX_THREADS 1024

/* The [stack] line of /proc/self/maps, or 0 if there is none. */
static int main_stack_range(unsigned long *lo, unsigned long *hi)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	int found = 0;

	if (f == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, "[stack]") && sscanf(line, "%lx-%lx", lo, hi) == 2;
	fclose(f);
	return found;
}

static void *thread_main(void *arg)
{
	pthread_attr_t attr;
	void *base = NULL;
	size_t size = 0;
	int local = 0;

	(void)arg;
	if (pthread_getattr_np(pthread_self(), &attr) == 0) {
		pthread_attr_getstack(&attr, &base, &size);
		pthread_attr_destroy(&attr);
	}
	printf("thread tid=%d tgid=%d stack=%#lx-%#lx local=%p\n",
	       (int)gettid(), (int)getpid(), (unsigned long)base,
	       (unsigned long)base + size, (void *)&local);
	fflush(stdout);
	for (;;)
		pause();
	return NULL;
}

static void print_main_line(void)
{
	unsigned long lo = 0, hi = 0;
	int local = 0;

	if (main_stack_range(&lo, &hi))
		printf("main tid=%d tgid=%d stack=%#lx-%#lx local=%p\n",
		       (int)gettid(), (int)getpid(), lo, hi, (void *)&local);
	else
		printf("main tid=%d tgid=%d stack=? local=%p\n",
		       (int)gettid(), (int)getpid(), (void *)&local);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	static pthread_t tids[MAX_THREADS];
	long n = 4;
	int i, err;

	if (argc > 1 && (ulib_parse_long(argv[1], &n) < 0 || n < 1 || n > MAX_THREADS)) {
		ulib_err("threads", "usage: threads [N]   (1 <= N <= %d)", MAX_THREADS);
		return 1;
	}
	print_main_line();
	for (i = 0; i < n; i++) {
		err = pthread_create(&tids[i], NULL, thread_main, NULL);
		if (err) {
			ulib_err("threads", "pthread_create: %s", strerror(err));
			return 1;
		}
	}
	for (i = 0; i < n; i++)
		pthread_join(tids[i], NULL);
	return 0;
}
