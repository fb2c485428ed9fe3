/*
 * user/ltrace/output.c: ltrace's lines, and its -c table.
 *
 * A call is printed in two halves: "name(args" when it is entered and
 * ") = value" when it returns, the "=" in column 50 (ltrace's default
 * alignment). If anything else is printed in between (a call it makes,
 * another thread's call, a signal), the first half is closed with
 * " <unfinished ...>" and the return gets a line of its own,
 * "<... name resumed> ) = value". -n N indents each line by N spaces per
 * call depth; -f prefixes "[pid N] " (with -o FILE, or -p and -f, just
 * "N "); -i the caller's address.
 *
 * -c counts instead: calls and time (entry to return, wall clock) per
 * function, printed as ltrace's table when the traced program ends.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ltrace.h"

#define ALIGN 50

struct options opt;

static int column;
static pid_t open_tid;		/* whose line is unfinished, or 0 */
static int open_depth;

void out(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(opt.out, fmt, ap);
	va_end(ap);
	if (n > 0)
		column += n;
}

void out_close_line(void)
{
	if (open_tid) {
		out(" <unfinished ...>\n");
		open_tid = 0;
	}
	column = 0;
}

static void begin_line(pid_t tid, int depth, uint64_t ip, int show_ip)
{
	column = 0;
	if (opt.to_file && (opt.attach || opt.follow))
		out("%d ", tid);
	else if (opt.follow)
		out("[pid %d] ", tid);
	if (opt.show_ip && show_ip)
		out("[%#llx] ", (unsigned long long)ip);
	if (opt.indent > 0 && depth > 0)
		out("%*s", opt.indent * depth, "");
}

void out_call(pid_t tid, int depth, uint64_t ip, const char *name)
{
	out_close_line();
	begin_line(tid, depth, ip, 1);
	out("%s(", name);
	open_tid = tid;
	open_depth = depth;
}

void out_resumed(pid_t tid, int depth, uint64_t ip, const char *name)
{
	if (open_tid && (open_tid != tid || open_depth != depth))
		out_close_line();
	if (open_tid != tid) {
		begin_line(tid, depth, ip, 1);
		out("<... %s resumed> ", name);
	}
	open_tid = 0;
}

void out_result_column(void)
{
	if (column < ALIGN - 1)
		out("%*s", ALIGN - 1 - column, "");
	out("= ");
}

void out_end_line(void)
{
	out("\n");
	open_tid = 0;
	column = 0;
}

void out_note(pid_t tid, const char *fmt, ...)
{
	va_list ap;

	out_close_line();
	begin_line(tid, 0, 0, 0);
	va_start(ap, fmt);
	vfprintf(opt.out, fmt, ap);
	va_end(ap);
	fputc('\n', opt.out);
	column = 0;
}

/* ---- -c ---------------------------------------------------------------- */

struct count {
	char name[64];
	unsigned long calls;
	long long ns;
};

static struct count *counts;
static int ncounts, capcounts;

void summary_add(const char *name, long long ns)
{
	int i;

	for (i = 0; i < ncounts; i++)
		if (strcmp(counts[i].name, name) == 0)
			break;
	if (i == ncounts) {
		if (ncounts == capcounts) {
			int cap = capcounts ? capcounts * 2 : 64;
			struct count *v = realloc(counts, cap * sizeof(*v));

			if (v == NULL)
				return;
			counts = v;
			capcounts = cap;
		}
		memset(&counts[i], 0, sizeof(counts[i]));
		snprintf(counts[i].name, sizeof(counts[i].name), "%s", name);
		ncounts++;
	}
	counts[i].calls++;
	counts[i].ns += ns;
}

static int by_time(const void *x, const void *y)
{
	const struct count *a = x, *b = y;

	return (a->ns < b->ns) - (a->ns > b->ns);
}

void summary_print(void)
{
	static const char rule[] = "------ ----------- ----------- --------- --------------------\n";
	unsigned long long total_us = 0, total_calls = 0;

	qsort(counts, ncounts, sizeof(counts[0]), by_time);
	for (int i = 0; i < ncounts; i++) {
		total_us += counts[i].ns / 1000;
		total_calls += counts[i].calls;
	}
	fprintf(opt.out, "%% time     seconds  usecs/call     calls      function\n%s", rule);
	for (int i = 0; i < ncounts; i++) {
		unsigned long long us = counts[i].ns / 1000;
		unsigned long long p = total_us ? 100000 * us / total_us + 5 : 0;

		fprintf(opt.out, "%3llu.%02llu %4llu.%06llu %11llu %9lu %s\n",
			p / 1000, (p / 10) % 100, us / 1000000, us % 1000000,
			us / counts[i].calls, counts[i].calls, counts[i].name);
	}
	fprintf(opt.out, "%s100.00 %4llu.%06llu             %9llu total\n", rule,
		total_us / 1000000, total_us % 1000000, total_calls);
}

long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}
