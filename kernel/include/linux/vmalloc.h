/*
 * vmalloc(): scattered pages mapped into one virtually contiguous range
 * of the vmalloc area (VMALLOC_START..VMALLOC_END), for a buffer too large
 * for kmalloc()'s physically contiguous blocks. vmalloc(), vzalloc(),
 * vfree() and is_vmalloc_addr() are kernel/mm/vmalloc.c's; kvmalloc()
 * tries kmalloc() first and falls back to vmalloc(), as Linux's does, and
 * kvfree() frees either.
 */
#ifndef _LINUX_VMALLOC_H
#define _LINUX_VMALLOC_H

#include <linux/slab.h>
#include "asm/memlayout.h"
#include "kernel/mm/vmalloc.h"

static inline void *kvmalloc(size_t size, gfp_t flags)
{
	void *p = kmalloc(size, flags | __GFP_NOWARN);

	return p ? p : vmalloc(size);
}

static inline void *kvzalloc(size_t size, gfp_t flags)
{
	void *p = kzalloc(size, flags | __GFP_NOWARN);

	return p ? p : vzalloc(size);
}

static inline void kvfree(const void *addr)
{
	if (is_vmalloc_addr(addr))
		vfree(addr);
	else
		kfree(addr);
}

#endif
