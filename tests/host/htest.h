/*
 * A minimal host unit-test framework for lib/ and other pure kernel logic.
 * Each check prints one TAP line ("ok N - what" / "not ok N - what"); the
 * program ends with "# N passed, M failed" and exits non-zero on failure.
 * tests/run_tests.py counts these lines.
 *
 * Include it in exactly one .c file per test program (it defines panic()).
 */
#ifndef TESTS_HOST_HTEST_H
#define TESTS_HOST_HTEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static int htest_passed, htest_failed, htest_n;

/* Set while a test expects panic(): panic() then longjmps back. */
static jmp_buf *htest_panic_jmp;

#define CHECK(cond, ...)                                                \
	do {                                                            \
		htest_n++;                                              \
		if (cond) {                                             \
			htest_passed++;                                 \
			printf("ok %d - ", htest_n);                    \
		} else {                                                \
			htest_failed++;                                 \
			printf("not ok %d - %s:%d: ", htest_n,          \
			       __FILE__, __LINE__);                     \
		}                                                       \
		printf(__VA_ARGS__);                                    \
		printf("\n");                                           \
	} while (0)

/* True when running @stmt calls panic() (BUG_ON and friends). */
#define PANICS(stmt)                                                    \
	({                                                              \
		jmp_buf __jb;                                           \
		int __p = 0;                                            \
		htest_panic_jmp = &__jb;                                \
		if (setjmp(__jb) == 0) {                                \
			stmt;                                           \
		} else {                                                \
			__p = 1;                                        \
		}                                                       \
		htest_panic_jmp = NULL;                                 \
		__p;                                                    \
	})

void panic(const char *fmt, ...)
{
	va_list ap;

	if (htest_panic_jmp)
		longjmp(*htest_panic_jmp, 1);
	va_start(ap, fmt);
	printf("not ok - panic: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	exit(2);
}

void warn_slowpath(const char *file, int line, const char *cond)
{
	printf("# WARN_ON(%s) at %s:%d\n", cond, file, line);
}

/* Warnings printed so far (warn_slowpath_fmt), and the last one's text. */
static int htest_warnings;
static char htest_last_warning[160];

void warn_slowpath_fmt(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	htest_warnings++;
	va_start(ap, fmt);
	vsnprintf(htest_last_warning, sizeof(htest_last_warning), fmt, ap);
	va_end(ap);
	printf("# WARNING at %s:%d: %s", file, line, htest_last_warning);
}

static inline int htest_done(void)
{
	printf("# %d passed, %d failed\n", htest_passed, htest_failed);
	return htest_failed ? 1 : 0;
}

#endif
