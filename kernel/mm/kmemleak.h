/*
 * kmemleak, the kernel memory leak detector (DEBUG_KERNEL=1 builds only,
 * kernel/mm/kmemleak.c): every kmalloc() and vmalloc() object is recorded
 * with its allocating stack, and a scan, as a garbage collector's mark
 * phase, looks for objects that no pointer reaches any more. Reading
 * /proc/kmemleak (Linux's /sys/kernel/debug/kmemleak) lists them; writing
 * "scan" runs a scan, "clear" forgets the leaks found so far.
 *
 * In the default build every hook is an empty inline function.
 */
#ifndef KERNEL_MM_KMEMLEAK_H
#define KERNEL_MM_KMEMLEAK_H

#include "kernel/mm/page_alloc.h"
#include "lib/types.h"

struct seq_buf;

#ifdef CONFIG_DEBUG_KMEMLEAK
/* kmalloc() returned @ptr for @size bytes; the caller may use @scan_size
 * (its ksize()). Nothing is recorded with __GFP_NOLEAKTRACE. */
void kmemleak_alloc(const void *ptr, size_t size, size_t scan_size,
		    gfp_t gfp);
/* vmalloc() mapped @size bytes at @ptr. */
void kmemleak_vmalloc(const void *ptr, size_t size);
/* @ptr (from kmalloc() or vmalloc()) is being freed: forget it. */
void kmemleak_free(const void *ptr);
/* One scan; the number of leaks it found that were not reported before. */
int kmemleak_scan(void);
/* /proc/kmemleak: the leaks found, in Linux's format; "scan" or "clear". */
int proc_kmemleak_show(struct seq_buf *m, void *pi);
int proc_kmemleak_store(void *pi, const char *buf, size_t len);
#else
static inline void kmemleak_alloc(const void *ptr, size_t size,
				  size_t scan_size, gfp_t gfp) {}
static inline void kmemleak_vmalloc(const void *ptr, size_t size) {}
static inline void kmemleak_free(const void *ptr) {}
#endif

#endif
