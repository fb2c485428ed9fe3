/*
 * Memory and string helpers for the kernel and the host tests: the C
 * library's mem*() and str*() functions, Linux's bounded copies strlcpy(),
 * strlcat() and strscpy(), and kstrtoull() and friends for parsing numbers
 * (command line, /proc writes). gcc may emit calls to memcpy(), memmove(),
 * memset() and memcmp() on its own, so these four must always exist.
 */
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include "lib/types.h"

/* Copy @n bytes; the areas must not overlap (use memmove() then). */
void *memcpy(void *dst, const void *src, size_t n);
/* Copy @n bytes; the areas may overlap. */
void *memmove(void *dst, const void *src, size_t n);
/* Fill @n bytes at @s with the byte @c. */
void *memset(void *s, int c, size_t n);
/* Compare @n bytes as unsigned chars: <0, 0 or >0. */
int memcmp(const void *a, const void *b, size_t n);
/* The first byte equal to @c in @s[0..n), or NULL. */
void *memchr(const void *s, int c, size_t n);

/* The number of bytes before the terminating NUL. */
size_t strlen(const char *s);
/* Like strlen(), but reads at most @max bytes and returns at most @max. */
size_t strnlen(const char *s, size_t max);
/* Compare as unsigned chars: <0, 0 or >0. */
int strcmp(const char *a, const char *b);
/* Like strcmp(), but looks at no more than @n bytes. */
int strncmp(const char *a, const char *b, size_t n);
/* The first @c in @s, or NULL; strchr(s, 0) finds the terminator. */
char *strchr(const char *s, int c);
/* The last @c in @s, or NULL; strrchr(s, 0) finds the terminator. */
char *strrchr(const char *s, int c);
/* The first occurrence of @needle in @hay, or NULL; "" matches at @hay. */
char *strstr(const char *hay, const char *needle);

/*
 * Copy @src into @dst[size], truncating and NUL-terminating when size > 0.
 * Returns strlen(src): truncation happened when the result is >= size.
 */
size_t strlcpy(char *dst, const char *src, size_t size);
/*
 * Append @src to the string in @dst[size], truncating and NUL-terminating.
 * Returns the length it tried to create: min(strnlen(dst, size), size) +
 * strlen(src); >= size means truncation (or @dst was not terminated).
 */
size_t strlcat(char *dst, const char *src, size_t size);
/*
 * Copy @src into @dst[size], always NUL-terminating when size > 0. Returns
 * the number of characters copied, or -E2BIG when @src did not fit (also
 * when size == 0). Reads @src no further than it needs.
 */
long strscpy(char *dst, const char *src, size_t size);

/*
 * Parse all of @s as an unsigned number in @base (2..16, or 0 to detect a
 * "0x" or "0" prefix); one trailing newline is allowed, and a leading '+'.
 * Returns 0 and sets *@res, or -EINVAL (bad syntax) or -ERANGE (overflow).
 */
int kstrtoull(const char *s, unsigned int base, u64 *res);
/* Like kstrtoull(), but signed: a leading '-' is allowed too. */
int kstrtoll(const char *s, unsigned int base, s64 *res);
/* kstrtoull() for an unsigned int: -ERANGE when the value does not fit. */
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
/* kstrtoll() for an int: -ERANGE when the value does not fit. */
int kstrtoint(const char *s, unsigned int base, int *res);

#endif
