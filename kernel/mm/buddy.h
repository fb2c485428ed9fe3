/*
 * The binary buddy allocator, as pure logic: it hands out blocks of 2^order
 * physical page frames, naturally aligned (a block of order k starts at a
 * pfn that is a multiple of 2^k), splitting larger blocks on demand and
 * merging freed blocks with their free buddies. It knows nothing of
 * addresses, locks or the CPU, so the host unit tests run it unchanged;
 * kernel/mm/page_alloc.c wraps it with a lock and the direct map.
 *
 * Every page frame the allocator covers has a struct page in a map the
 * caller provides. Each page is in exactly one of these states:
 *
 *   PG_reserved          never given to the allocator (holes, kernel image)
 *   PG_buddy             head of a free block; ->order says its size
 *   PG_head              head of an allocated block; ->order says its size
 *   (no state flag)      any other page inside a free or allocated block
 *
 * An owner may add PG_slab, PG_large_kmalloc or PG_anon to the head of a
 * block it holds, and must take them off again before freeing it.
 */
#ifndef KERNEL_BUDDY_H
#define KERNEL_BUDDY_H

#include "lib/list.h"
#include "lib/refcount.h"
#include "lib/types.h"

/* Orders 0..10: the largest block is 1024 pages, 4 MiB (Linux 6.x names). */
#define MAX_PAGE_ORDER 10
#define NR_PAGE_ORDERS (MAX_PAGE_ORDER + 1)

/* struct page flags. */
#define PG_reserved (1u << 0)	/* not managed: never allocated or freed */
#define PG_buddy (1u << 1)	/* head of a free block */
#define PG_slab (1u << 2)	/* a slab page of kernel/mm/slab.c */
#define PG_head (1u << 3)	/* head of an allocated block */
#define PG_large_kmalloc (1u << 4) /* a kmalloc() block above the slabs */
#define PG_anon (1u << 5)	/* an anonymous user page (kernel/mm/mm.c) */
#define PG_shmem (1u << 6)	/* a memory object's page (kernel/mm/filemap.c) */
#define PG_hugetlb (1u << 7)	/* head of a 2 MiB huge page (kernel/mm/hugetlb.c) */

struct kmem_cache;

/* One per physical page frame: 48 bytes, so mem_map costs 1.2% of RAM. */
struct page {
	struct list_head lru;	/* free_area list, or a cache's partial list */
	u32 flags;		/* PG_* */
	u32 order;		/* block size, on PG_buddy and PG_head pages */
	struct kmem_cache *slab_cache;	/* PG_slab: the cache it belongs to */
	void *freelist;		/* PG_slab: first free object in the page */
	u32 slab_inuse;		/* PG_slab: objects handed out */
	refcount_t _refcount;	/* order-0 pages user space maps: get_page */
};
_Static_assert(sizeof(struct page) <= 48, "struct page must stay small");

/* The pages from base_pfn to base_pfn + nr_pages and their free lists. */
struct buddy {
	struct page *map;	/* map[i] describes pfn base_pfn + i */
	u64 base_pfn;
	u64 nr_pages;
	struct list_head free_area[NR_PAGE_ORDERS];	/* free blocks */
	u64 nr_free[NR_PAGE_ORDERS];	/* blocks on each free_area list */
	u64 free_pages;		/* pages in all free blocks */
	u64 managed_pages;	/* pages ever given by buddy_free_range() */
};

static inline bool PageReserved(const struct page *page)
{
	return page->flags & PG_reserved;
}

static inline bool PageBuddy(const struct page *page)
{
	return page->flags & PG_buddy;
}

static inline bool PageSlab(const struct page *page)
{
	return page->flags & PG_slab;
}

static inline bool PageHead(const struct page *page)
{
	return page->flags & PG_head;
}

static inline bool PageLargeKmalloc(const struct page *page)
{
	return page->flags & PG_large_kmalloc;
}

static inline bool PageAnon(const struct page *page)
{
	return page->flags & PG_anon;
}

static inline bool PageShmem(const struct page *page)
{
	return page->flags & PG_shmem;
}

static inline bool PageHuge(const struct page *page)
{
	return page->flags & PG_hugetlb;
}

/* Cover @nr_pages frames from @base_pfn with @map; all start reserved. */
void buddy_init(struct buddy *b, struct page *map, u64 base_pfn, u64 nr_pages);

/*
 * Give the reserved frames [start_pfn, end_pfn) to the allocator (at boot,
 * or later for boot memory no longer needed), as naturally aligned blocks
 * merged with their buddies.
 */
void buddy_free_range(struct buddy *b, u64 start_pfn, u64 end_pfn);

/*
 * Take a free block of 2^order pages, splitting a larger one if needed.
 * Returns its head page (PG_head, ->order set); NULL when none is free, or
 * with a warning when @order > MAX_PAGE_ORDER.
 */
struct page *buddy_alloc(struct buddy *b, unsigned int order);

/*
 * Give back a block from buddy_alloc() with the same @order; it merges with
 * its free buddies. Bad frees (double, wrong order, reserved) BUG.
 */
void buddy_free(struct buddy *b, struct page *page, unsigned int order);

/*
 * Make the allocated block of @order at @page 2^order allocated blocks of
 * order 0, to be freed one by one (Linux's split_page()). A block that is
 * not allocated with that order BUGs.
 */
void buddy_split(struct buddy *b, struct page *page, unsigned int order);

/* Page frame number of @page, which must lie in the map. */
u64 buddy_page_to_pfn(const struct buddy *b, const struct page *page);
/* struct page of @pfn, which must lie in the map. */
struct page *buddy_pfn_to_page(const struct buddy *b, u64 pfn);

/* Copy the number of free blocks of each order (for /proc/buddyinfo). */
void buddy_counts(const struct buddy *b, u64 out[NR_PAGE_ORDERS]);

#endif
