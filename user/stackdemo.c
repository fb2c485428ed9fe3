/*
 * stackdemo: watch the user stack grow down until RLIMIT_STACK stops it.
 *
 *   stackdemo [-a] [STEP_KIB]
 *
 * Prints the RLIMIT_STACK soft limit (set it with the shell's `ulimit -s`),
 * then recurses, each frame holding a 1 KiB array, and every STEP_KIB
 * (default 256) KiB of depth prints the depth and the address of a local:
 * the addresses go down. The kernel grows the stack on each page fault
 * below it, until the stack would pass the limit: then the fault is a
 * SIGSEGV, and the shell says "Segmentation fault".
 *
 * With -a, a SIGSEGV handler runs on an alternate signal stack
 * (sigaltstack): the normal stack is full, so the handler could not run
 * there. It prints "caught SIGSEGV on the alternate signal stack at depth
 * N KiB" and exits with status 0.
 *
 * System calls: prlimit64 (getrlimit), ioctl(TIOCGWINSZ), writev, page
 * faults below the stack; with -a: mmap or brk (malloc), sigaltstack,
 * rt_sigprocmask + rt_sigaction, then the SIGSEGV delivery itself.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "ulib.h"

/* Give up here: no limit is set, or the kernel does not enforce it. */
#define GIVE_UP_KIB (4UL * 1024 * 1024)

static uintptr_t stack_top;		/* address of a local of main() */
static volatile size_t depth_kib;	/* how deep the recursion is now */
static size_t step_kib = 256;

/* Append the decimal digits of v to buf at *n (no stdio in a handler). */
static void put_number(char *buf, size_t *n, size_t v)
{
	char digits[24];
	int k = 0;

	do {
		digits[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (k > 0)
		buf[(*n)++] = digits[--k];
}

static void put_string(char *buf, size_t *n, const char *s)
{
	while (*s)
		buf[(*n)++] = *s++;
}

/* SIGSEGV handler for -a: runs on the alternate stack; only write(2). */
static void on_segv(int sig)
{
	char buf[128];
	size_t n = 0;

	(void)sig;
	put_string(buf, &n, "caught SIGSEGV on the alternate signal stack at depth ");
	put_number(buf, &n, depth_kib);
	put_string(buf, &n, " KiB\n");
	write(1, buf, n);
	_exit(0);
}

/* Run on_segv on a separate, heap-allocated stack. */
static void install_handler(void)
{
	stack_t ss = { .ss_size = 64 * 1024 };
	struct sigaction sa = { .sa_handler = on_segv, .sa_flags = SA_ONSTACK };

	ss.ss_sp = malloc(ss.ss_size);
	if (ss.ss_sp == NULL || sigaltstack(&ss, NULL) < 0 ||
	    sigaction(SIGSEGV, &sa, NULL) < 0) {
		ulib_err("stackdemo", "cannot install the SIGSEGV handler");
		exit(1);
	}
	printf("alternate signal stack: %p-%p\n", ss.ss_sp,
	       (void *)((char *)ss.ss_sp + ss.ss_size));
}

static void print_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_STACK, &rl) < 0)
		printf("RLIMIT_STACK: unknown\n");
	else if (rl.rlim_cur == RLIM_INFINITY)
		printf("RLIMIT_STACK soft limit: unlimited\n");
	else
		printf("RLIMIT_STACK soft limit: %llu KiB\n",
		       (unsigned long long)rl.rlim_cur / 1024);
	fflush(stdout);
}

/* One 1 KiB frame deeper, until a SIGSEGV (or GIVE_UP_KIB). */
static int recurse(size_t last_print)
{
	volatile char frame[1024];

	frame[0] = 1;
	depth_kib = (stack_top - (uintptr_t)frame) / 1024;
	if (depth_kib >= GIVE_UP_KIB) {
		printf("depth %zu KiB and no SIGSEGV: giving up\n", depth_kib);
		return 1;
	}
	if (depth_kib >= last_print + step_kib) {
		last_print = depth_kib - depth_kib % step_kib;
		printf("depth %5zu KiB: local at %p\n", depth_kib, (void *)frame);
		fflush(stdout);
	}
	return recurse(last_print) + frame[0];
}

int main(int argc, char **argv)
{
	int local = 0, alt_stack = 0, i;
	long step;

	stack_top = (uintptr_t)&local;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-a") == 0) {
			alt_stack = 1;
		} else if (ulib_parse_long(argv[i], &step) == 0 && step > 0) {
			step_kib = (size_t)step;
		} else {
			ulib_err("stackdemo", "usage: stackdemo [-a] [STEP_KIB]");
			return 1;
		}
	}
	if (alt_stack)
		install_handler();
	print_limit();
	printf("main's local at %p; recursing with 1 KiB frames\n", (void *)&local);
	fflush(stdout);
	return recurse(0) ? 2 : 0;
}
