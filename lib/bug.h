/*
 * panic(), BUG_ON() and WARN_ON(): the invariant checks used by lib/ and the
 * kernel; warn_slowpath_fmt() for a warning that names its event. The kernel defines panic() in kernel/panic.c; host unit tests
 * define their own (tests/host/htest.h) so the same code is checked on both.
 */
#ifndef LIB_BUG_H
#define LIB_BUG_H

#include "lib/types.h"

/* Print a message and stop for good. Never returns. */
__noreturn __printf(1, 2) void panic(const char *fmt, ...);

/* Report a failed WARN_ON with a stack trace; defined beside panic(). */
void warn_slowpath(const char *file, int line, const char *cond);
/* Print a formatted warning, where it came from and a stack trace; the
 * caller carries on. Defined beside panic(). */
__printf(3, 4) void warn_slowpath_fmt(const char *file, int line,
				      const char *fmt, ...);

#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)

#define BUG_ON(cond)                                                    \
	do {                                                            \
		if (unlikely(cond))                                     \
			panic("BUG_ON(%s) at %s:%d", #cond, __FILE__,   \
			      __LINE__);                                \
	} while (0)

#define WARN_ON(cond)                                                   \
	({                                                              \
		bool __w = !!(cond);                                    \
		if (unlikely(__w))                                      \
			warn_slowpath(__FILE__, __LINE__, #cond);       \
		__w;                                                    \
	})

#endif
