/*
 * The kernel's string and memory functions, for modules: Taskbase's
 * lib/string.c (exported), plus Linux's small inline extras.
 */
#ifndef _LINUX_STRING_H
#define _LINUX_STRING_H

#include <linux/types.h>
#include "lib/string.h"
#include "lib/vsprintf.h"

/* strcpy/strcat/strncpy: the unbounded forms, inline over the bounded ones. */
static inline char *strcpy(char *dst, const char *src)
{
	return memcpy(dst, src, strlen(src) + 1);
}

static inline char *strcat(char *dst, const char *src)
{
	strcpy(dst + strlen(dst), src);
	return dst;
}

static inline char *strncpy(char *dst, const char *src, size_t n)
{
	size_t len = strnlen(src, n);

	memcpy(dst, src, len);
	memset(dst + len, 0, n - len);
	return dst;
}

static inline char *strncat(char *dst, const char *src, size_t n)
{
	size_t d = strlen(dst), len = strnlen(src, n);

	memcpy(dst + d, src, len);
	dst[d + len] = '\0';
	return dst;
}

#endif
