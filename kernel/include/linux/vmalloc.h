/*
 * vmalloc(): Linux maps scattered pages into one virtually contiguous
 * range. Taskbase has no vmalloc area yet, so these take physically
 * contiguous memory from kmalloc() (whole pages above 2 KiB): the same
 * contract for the sizes a module needs, but a large request can fail
 * where Linux's would not.
 */
#ifndef _LINUX_VMALLOC_H
#define _LINUX_VMALLOC_H

#include <linux/slab.h>

static inline void *vmalloc(unsigned long size) { return kmalloc(size, GFP_KERNEL); }
static inline void *vzalloc(unsigned long size) { return kzalloc(size, GFP_KERNEL); }
static inline void vfree(const void *addr) { kfree(addr); }
static inline void *kvmalloc(size_t size, gfp_t flags) { return kmalloc(size, flags); }
static inline void *kvzalloc(size_t size, gfp_t flags) { return kzalloc(size, flags); }
static inline void kvfree(const void *addr) { kfree(addr); }

#endif
