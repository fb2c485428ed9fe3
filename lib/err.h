/*
 * Error pointers, as Linux's include/linux/err.h: a function returning a
 * pointer can return -errno in it instead; the top 4095 addresses are
 * never valid pointers.
 */
#ifndef LIB_ERR_H
#define LIB_ERR_H

#include "lib/types.h"

#ifndef MAX_ERRNO
#define MAX_ERRNO 4095
#endif

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return (unsigned long)ptr >= (unsigned long)-MAX_ERRNO;
}

#endif
