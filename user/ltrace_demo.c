/*
 * ltrace_demo: a program with known library calls, for ltrace's tests
 * and for trying ltrace (docs/concepts.md, row ltrace).
 *
 *   ltrace_demo           strings, a printf, malloc/free, qsort whose
 *                         comparison calls strcmp (a nested call), write
 *   ltrace_demo fork      fork: the child and the parent each puts()
 *   ltrace_demo threads   two threads, each strlen() and puts()
 *   ltrace_demo race      two threads, each strlen() 500 times at once
 *   ltrace_demo tick      every 200 ms: printf("tick %d\n", n), forever
 *
 * Its own functions are static: in the symbol table only main and libc's
 * functions are global, so ltrace's default set is libc's API.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Through a volatile pointer, so gcc calls strlen and strcpy instead of
 * working them out at compile time. */
static const char *volatile word = "taskbase";
static const char *volatile text = "a tab\there, a quote \" and a very long tail";

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int basic(void)
{
	const char *fruit[] = { "pear", "apple", "fig" };
	char *copy;

	puts("hello");
	printf("len %d\n", (int)strlen(word));
	printf("hi %d %s %c\n", 3, "there", '!');
	copy = malloc(64);
	strcpy(copy, text);
	puts(copy);
	free(copy);
	qsort(fruit, 3, sizeof(fruit[0]), by_name);
	printf("%s %s %s\n", fruit[0], fruit[1], fruit[2]);
	fflush(stdout);
	return write(1, "bye\n", 4) == 4 ? 0 : 1;
}

static int forking(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		puts("child");
		_exit(3);
	}
	waitpid(pid, NULL, 0);
	puts("parent");
	return 0;
}

static void *worker(void *arg)
{
	usleep(100000 * (long)arg);	/* one after the other */
	puts(strlen(word) == 8 ? "thread" : "?");
	return NULL;
}

static int threaded(void)
{
	pthread_t t[2];

	for (long i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, worker, (void *)(i + 1));
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	puts("joined");
	return 0;
}

static void *racer(void *arg)
{
	size_t sum = 0;

	(void)arg;
	for (int i = 0; i < 500; i++)
		sum += strlen(word);
	return (void *)sum;
}

/* Both threads run through strlen's breakpoint while the other is
 * stepped over it: ltrace must see all 1000 calls. */
static int race(void)
{
	pthread_t t[2];
	void *sum[2];

	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, racer, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], &sum[i]);
	printf("%zu\n", (size_t)sum[0] + (size_t)sum[1]);
	return 0;
}

static void __attribute__((noreturn)) tick(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int n = 0;; n++) {
		printf("tick %d\n", n);
		usleep(200000);
	}
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (strcmp(mode, "fork") == 0)
		return forking();
	if (strcmp(mode, "threads") == 0)
		return threaded();
	if (strcmp(mode, "race") == 0)
		return race();
	if (strcmp(mode, "tick") == 0)
		tick();
	return basic();
}
