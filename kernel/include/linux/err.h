/* ERR_PTR(), PTR_ERR(), IS_ERR(): an errno inside a pointer (lib/err.h). */
#ifndef _LINUX_ERR_H
#define _LINUX_ERR_H

#include "lib/err.h"

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR(ptr);
}

static inline void *ERR_CAST(const void *ptr)
{
	return (void *)ptr;
}

static inline int PTR_ERR_OR_ZERO(const void *ptr)
{
	return IS_ERR(ptr) ? (int)PTR_ERR(ptr) : 0;
}

#endif
