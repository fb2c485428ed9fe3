/*
 * Formatted output into a buffer: vsnprintf() and snprintf() with C99
 * semantics, and Linux's scnprintf() and vscnprintf(), which return what
 * was really written and so can be chained to fill a buffer piece by piece.
 * printk(), /proc and the panic path all format through here.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%; lengths hh h l ll z t j;
 * flags - 0 + space #; width and precision, both may be '*'. %s of NULL
 * prints "(null)"; %p prints 0x and 16 hex digits. No floating point.
 */
#ifndef LIB_VSPRINTF_H
#define LIB_VSPRINTF_H

#include "lib/types.h"

/*
 * Format into @buf[size]. Always NUL-terminates when size > 0. Returns the
 * length the whole output would have had: truncation when it is >= size.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
/* vsnprintf() with the arguments inline. */
__printf(3, 4) int snprintf(char *buf, size_t size, const char *fmt, ...);

/*
 * Like vsnprintf(), but returns the number of characters actually stored in
 * @buf, not counting the NUL: 0 when size == 0, at most size - 1.
 */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap);
/* vscnprintf() with the arguments inline. */
__printf(3, 4) int scnprintf(char *buf, size_t size, const char *fmt, ...);

#endif
