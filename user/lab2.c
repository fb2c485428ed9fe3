/*
 * lab2: print the kernel stack of the calling thread, as the system call
 * of lab 2 reports it (docs/labs/lab2-syscall.md).
 *
 *   lab2 [N]         the main thread, then N more threads (default 2)
 *
 * One line per thread:
 *   tid=<tid> kstack base=0x<base> size=<bytes> used=<bytes> in_use=<bytes> task_struct=<bytes> cpu=<n>
 * base is the lowest address of the thread's kernel stack block (where its
 * task_struct lies), size is THREAD_SIZE, used the deepest the thread has
 * ever gone (high-water mark), in_use how much of it the system call itself
 * is using. Then two lines that check the error path:
 *   bad pointer: EFAULT
 *   kernel pointer: EFAULT
 * A kernel without the call prints "tb_stackinfo: Function not implemented"
 * and exits with status 1.
 *
 * System calls: tb_stackinfo (500, Taskbase's own), clone (pthreads),
 * futex, writev, exit_group.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../kernel/lab_syscall.h"

#define MAX_THREADS 64

/* The system call, as libc would wrap it: -1 and errno on failure. */
static long tb_stackinfo(struct tb_stackinfo *info)
{
	return syscall(__NR_tb_stackinfo, info);
}

static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;
/* All threads are alive when they ask: no two can share a stack block. */
static pthread_barrier_t all_started;

/* Ask the kernel, print one line; 0 on success. */
static int report(void)
{
	struct tb_stackinfo info;

	memset(&info, 0, sizeof(info));
	if (tb_stackinfo(&info) < 0) {
		fprintf(stderr, "tb_stackinfo: %s\n", strerror(errno));
		return 1;
	}
	pthread_mutex_lock(&print_lock);
	printf("tid=%ld kstack base=0x%lx size=%lu used=%lu in_use=%lu "
	       "task_struct=%lu cpu=%ld\n", info.tid, info.base, info.size,
	       info.used, info.in_use, info.task_size, info.cpu);
	fflush(stdout);
	pthread_mutex_unlock(&print_lock);
	return 0;
}

static void *thread_main(void *unused)
{
	(void)unused;
	pthread_barrier_wait(&all_started);
	return (void *)(long)report();
}

/* A bad pointer must give EFAULT, never crash the kernel. */
static void check_efault(const char *what, void *ptr)
{
	long r = tb_stackinfo(ptr);

	printf("%s: %s\n", what, r < 0 && errno == EFAULT ? "EFAULT" :
	       r < 0 ? strerror(errno) : "accepted (wrong)");
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 2;
	pthread_t tids[MAX_THREADS];
	int failed;

	if (n < 0 || n > MAX_THREADS) {
		fprintf(stderr, "usage: lab2 [0..%d]\n", MAX_THREADS);
		return 2;
	}
	failed = report();
	if (failed)
		return 1;
	if (n)
		pthread_barrier_init(&all_started, NULL, n);
	for (int i = 0; i < n; i++)
		if (pthread_create(&tids[i], NULL, thread_main, NULL)) {
			fprintf(stderr, "lab2: cannot create thread %d\n", i);
			return 1;
		}
	for (int i = 0; i < n; i++) {
		void *res;

		pthread_join(tids[i], &res);
		failed |= (int)(long)res;
	}
	check_efault("bad pointer", (void *)16);
	check_efault("kernel pointer", (void *)0xffffffff80100000ul);
	return failed;
}
