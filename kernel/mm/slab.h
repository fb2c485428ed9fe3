/*
 * kmalloc(): the kernel's small-object allocator, with Linux's names. Sizes
 * up to KMALLOC_MAX_CACHE_SIZE come from power-of-two size classes, each a
 * struct kmem_cache that carves whole pages (slabs) into equal objects;
 * larger requests take whole page blocks from alloc_pages(). kfree() finds
 * which of the two a pointer came from through its struct page.
 */
#ifndef KERNEL_SLAB_H
#define KERNEL_SLAB_H

#include "kernel/mm/page_alloc.h"
#include "lib/types.h"

#define KMALLOC_MIN_SIZE 16		/* the smallest size class */
#define KMALLOC_MAX_CACHE_SIZE 2048	/* above this, whole pages */

/*
 * What kmalloc(0) returns, as in Linux: not NULL (that means "out of
 * memory") but an address that faults when used. kfree() and ksize()
 * accept it.
 */
#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

/*
 * Allocate @size bytes, aligned to the size class (power-of-two sizes are
 * naturally aligned, up to a page). NULL when out of memory or too large.
 */
void *kmalloc(size_t size, gfp_t gfp);
/* kmalloc() with the memory zeroed. */
void *kzalloc(size_t size, gfp_t gfp);
/* Free memory from kmalloc(); NULL and ZERO_SIZE_PTR are ignored. */
void kfree(const void *p);
/* Give slab object @p back to its slab, past the debug kernel's
 * quarantine (KASAN's, which calls it when @p leaves the quarantine). */
void __kfree(const void *p);
/* Usable size of a kmalloc() block: its size class, >= the request. */
size_t ksize(const void *p);
/* ksize() without making the whole block accessible to KASAN (its
 * reports ask an object's size). */
size_t __ksize(const void *p);

/* Bytes handed out by kmalloc() now, and pages held by the slab caches. */
void kmalloc_stats(u64 *bytes_in_use, u64 *slab_pages);

/* One size class's counts, a line of /proc/slabinfo. */
struct slab_info {
	const char *name;	/* "kmalloc-64" */
	u32 size;		/* object size */
	u32 objs_per_slab;	/* a slab is one page */
	u64 nr_slabs;		/* slab pages, partial or full */
	u64 nr_inuse;		/* objects handed out */
};

/* The counts of the kmalloc caches, smallest first, into @info (room for
 * @max); how many caches there are. KASAN's quarantine is drained first:
 * what waits there counts as free. */
unsigned int kmalloc_cache_info(struct slab_info *info, unsigned int max);

#endif
