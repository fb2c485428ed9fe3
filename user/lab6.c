/*
 * lab6: how fairly does the scheduler share the CPUs? The benchmark of
 * lab 6 (docs/labs/lab6-sched.md).
 *
 *   lab6 [-t THREADS] [-s SECONDS]
 *
 * Starts THREADS busy threads (default: 2 per CPU + 1, so that some always
 * wait on the run queue), lets them count loop iterations for SECONDS
 * (default 2), then prints one line per thread and a summary:
 *
 *   thread 3: 123456789 loops (24.1%)
 *   fairness: min/max 0.91 jain 0.998 threads 5 cpus 2 seconds 2
 *
 * min/max is the slowest thread's count over the fastest one's: 1.0 when
 * every thread got the same CPU time, 0 when one starved. Jain's index
 * (sum x)^2 / (n * sum x^2) is 1 for a perfectly even share and 1/n when
 * a single thread got everything. A round-robin scheduler scores near 1 on
 * both; one that always runs the newest runnable task starves the rest.
 * The same binary runs on Linux, for comparison.
 *
 * System calls: sched_getaffinity (the CPU count), clone, futex, nanosleep,
 * writev, exit_group.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 64

/* Each counter on its own cache line: no false sharing between CPUs. */
struct counter {
	volatile unsigned long loops;
	char pad[64 - sizeof(unsigned long)];
};

static struct counter counters[MAX_THREADS];
static volatile int go, stop;

static void *spin(void *arg)
{
	struct counter *c = arg;

	while (!go)
		;
	while (!stop)
		c->loops++;
	return NULL;
}

static int nr_cpus(void)
{
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 1;
	return CPU_COUNT(&set);
}

static void summarize(int n, int cpus, int seconds)
{
	double sum = 0, sumsq = 0, min = -1, max = 0;

	for (int i = 0; i < n; i++) {
		double x = (double)counters[i].loops;

		sum += x;
		sumsq += x * x;
		min = min < 0 || x < min ? x : min;
		max = x > max ? x : max;
	}
	for (int i = 0; i < n; i++)
		printf("thread %d: %lu loops (%.1f%%)\n", i, counters[i].loops,
		       sum ? 100.0 * counters[i].loops / sum : 0.0);
	printf("fairness: min/max %.2f jain %.3f threads %d cpus %d seconds %d\n",
	       max ? min / max : 0.0, sumsq ? sum * sum / (n * sumsq) : 0.0, n,
	       cpus, seconds);
}

int main(int argc, char **argv)
{
	int cpus = nr_cpus(), n = 2 * cpus + 1, seconds = 2, opt;
	pthread_t tids[MAX_THREADS];
	struct timespec run;

	while ((opt = getopt(argc, argv, "t:s:")) != -1) {
		if (opt == 't')
			n = atoi(optarg);
		else if (opt == 's')
			seconds = atoi(optarg);
		else
			goto usage;
	}
	if (n < 1 || n > MAX_THREADS || seconds < 1)
		goto usage;
	for (int i = 0; i < n; i++)
		if (pthread_create(&tids[i], NULL, spin, &counters[i])) {
			fprintf(stderr, "lab6: cannot create thread %d\n", i);
			return 1;
		}
	run.tv_sec = seconds;
	run.tv_nsec = 0;
	go = 1;
	nanosleep(&run, NULL);
	stop = 1;
	for (int i = 0; i < n; i++)
		pthread_join(tids[i], NULL);
	summarize(n, cpus, seconds);
	return 0;
usage:
	fprintf(stderr, "usage: lab6 [-t 1..%d] [-s SECONDS]\n", MAX_THREADS);
	return 2;
}
