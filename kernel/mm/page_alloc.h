/*
 * The kernel's page allocator: Linux's interface (alloc_pages,
 * __free_pages, page_address, virt_to_page) over the buddy allocator in
 * kernel/mm/buddy.c, with a lock and the physical <-> direct-map conversions.
 * Every physical page frame has a struct page in mem_map[].
 */
#ifndef KERNEL_PAGE_ALLOC_H
#define KERNEL_PAGE_ALLOC_H

#include "kernel/mm/buddy.h"
#include "lib/bug.h"
#include "lib/refcount.h"

#define GFP_KERNEL 0x0u
#define __GFP_ZERO 0x1u		/* fill the block with zeroes */
#define __GFP_NOWARN 0x2u	/* no message when the allocation fails */
/* kmemleak's own records: not recorded, and never failed on purpose
 * (failslab), so that kmemleak sees every object (kernel/mm/kmemleak.c). */
#define __GFP_NOLEAKTRACE 0x4u
typedef unsigned int gfp_t;

/* Allocate 2^order contiguous, naturally aligned pages; NULL when out.
 * The head page starts with one reference (page_count() == 1). */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
/* Give back a block from alloc_pages() with the same order. */
void __free_pages(struct page *page, unsigned int order);
/*
 * Make an allocated block of @order at @page 2^order pages of order 0,
 * each with one reference, each to be freed with __free_pages(p, 0).
 */
void split_page(struct page *page, unsigned int order);
/*
 * @size bytes (> 0) of whole, physically contiguous pages (Linux's
 * alloc_pages_exact()): order-0 pages with one reference each, freed one
 * by one, the rest of the power-of-two block given back at once. Their
 * direct-map address, or NULL when out of memory or larger than the
 * largest block (4 MiB).
 */
void *alloc_pages_exact(size_t size, gfp_t gfp);
/*
 * Give the whole pages in [start, end) (direct-map addresses), memory
 * reserved at boot that nobody uses any more, to the allocator (Linux's
 * free_reserved_area(), as for the initramfs once unpacked). Returns the
 * number of pages given.
 */
u64 free_reserved_area(const void *start, const void *end);

/*
 * References on an order-0 page that several address spaces map (user
 * pages shared by fork, see kernel/mm/memory.c). A refcount_t: two mms may drop
 * their references at once, each under its own lock. Whoever drops the last
 * (put_page_testzero) frees the page.
 */
static inline u32 page_count(const struct page *page)
{
	u32 n = refcount_read(&page->_refcount);

	/* Acquire: a caller that finds itself the last holder writes the
	 * page only after the others' uses, which put_page released. */
	smp_rmb();
	return n;
}

/* One more reference on @page, which must already hold one (from 0:
 * refcount_t warns and saturates). */
static inline void get_page(struct page *page)
{
	refcount_inc(&page->_refcount);
}

/* Drop a reference on order-0 @page; true when it was the last (the
 * caller now owns the page and must free it). */
static inline bool put_page_testzero(struct page *page)
{
	return refcount_dec_and_test(&page->_refcount);
}

/* Direct-map virtual address of a page, and back. */
void *page_address(const struct page *page);
struct page *virt_to_page(const void *addr);
u64 page_to_pfn(const struct page *page);
struct page *pfn_to_page(u64 pfn);

/* Convenience forms that deal in direct-map addresses. */
void *__get_free_pages(gfp_t gfp, unsigned int order);
void free_pages(void *addr, unsigned int order);

/* Free pages now, for tests that check nothing leaked: the freed stacks
 * cached for reuse count as free (kstack_nr_cached_pages()). */
u64 nr_free_pages(void);
/* Free pages now, without first emptying the debug kernel's KASAN
 * quarantine: for checks made often (fork's), which must neither cost
 * a drain nor cut short the quarantine's use-after-free window. */
u64 nr_free_pages_approx(void);
/* Pages the allocator manages (free or allocated). */
u64 nr_managed_pages(void);
/* vm.min_free_kbytes (Linux's min watermark, in KiB): the free memory a
 * user page may not take, kept for the kernel's own allocations (page
 * tables, slabs, an exiting task's needs) when user space fills memory:
 * a fault that would dip into it goes to the OOM killer instead. */
extern unsigned int min_free_kbytes;
/* Are free pages at or below min_free_kbytes? Below the low watermark,
 * a quarter above it (Linux's WMARK_LOW), where memory is short and a
 * new task is refused (kernel/fork.c)? */
bool free_pages_below_min(void);
bool free_pages_below_low(void);
/* Free blocks per order (for /proc/buddyinfo). */
void page_alloc_counts(u64 out[NR_PAGE_ORDERS]);
/* Build mem_map[] and hand memblock's free memory to the buddy (boot). */
void mem_init(void);

extern struct page *mem_map;
extern u64 max_pfn;

#endif
