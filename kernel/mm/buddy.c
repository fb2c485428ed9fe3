/*
 * The binary buddy allocator: free memory is kept as naturally aligned
 * blocks of 2^order pages, one free list per order. buddy_alloc() takes the
 * smallest block that fits and splits it; buddy_free() merges a block with
 * its buddy for as long as the buddy is free too. Pure logic over a map of
 * struct page: the kernel wraps it in kernel/mm/page_alloc.c, the host tests
 * in tests/host/test_buddy.c.
 *
 * Finding the buddy. A block of order k starts at a pfn that is a multiple
 * of 2^k; its buddy is the other half of the order k+1 block around it,
 * so the two pfns differ only in bit k:
 *
 *     buddy_pfn = pfn ^ (1 << k)        merged block starts at pfn & ~(1 << k)
 *
 *   order 2 block at pfn 8:   [ 8  9 10 11 ]
 *   split to order 1:         [ 8  9 ] [10 11]     buddy of 8 is 8 ^ 2 = 10
 *   split to order 0:         [ 8 ] [ 9 ]          buddy of 8 is 8 ^ 1 = 9
 *
 * Allocating one page from the order 2 block above hands out pfn 8 and
 * leaves [9] on the order 0 list and [10 11] on the order 1 list. Freeing
 * pfn 8 runs the picture backwards: 8 ^ 1 = 9 is free with order 0, merge
 * into [8 9]; 8 ^ 2 = 10 is free with order 1, merge into [8 .. 11].
 */
#include "kernel/mm/buddy.h"

#include "lib/bug.h"

/* True when @pfn has a struct page in this allocator's map. */
static bool buddy_pfn_valid(const struct buddy *b, u64 pfn)
{
	return pfn >= b->base_pfn && pfn - b->base_pfn < b->nr_pages;
}

/* Page frame number of @page, which must lie in the map. */
u64 buddy_page_to_pfn(const struct buddy *b, const struct page *page)
{
	BUG_ON(page < b->map || page >= b->map + b->nr_pages);
	return b->base_pfn + (u64)(page - b->map);
}

/* struct page of @pfn, which must lie in the map. */
struct page *buddy_pfn_to_page(const struct buddy *b, u64 pfn)
{
	BUG_ON(!buddy_pfn_valid(b, pfn));
	return &b->map[pfn - b->base_pfn];
}

/* Cover @nr_pages frames from @base_pfn with @map; all start reserved. */
void buddy_init(struct buddy *b, struct page *map, u64 base_pfn, u64 nr_pages)
{
	u64 i;

	BUG_ON(!map && nr_pages);
	b->map = map;
	b->base_pfn = base_pfn;
	b->nr_pages = nr_pages;
	for (i = 0; i < NR_PAGE_ORDERS; i++) {
		INIT_LIST_HEAD(&b->free_area[i]);
		b->nr_free[i] = 0;
	}
	b->free_pages = 0;
	b->managed_pages = 0;
	for (i = 0; i < nr_pages; i++) {
		INIT_LIST_HEAD(&map[i].lru);
		map[i].flags = PG_reserved;
		map[i].order = 0;
		map[i].slab_cache = NULL;
		map[i].freelist = NULL;
		map[i].slab_inuse = 0;
		refcount_set(&map[i]._refcount, 0);
	}
}

/* Put the free block at @page on the list of its order. */
static void free_area_add(struct buddy *b, struct page *page,
			  unsigned int order)
{
	page->flags = PG_buddy;
	page->order = order;
	list_add(&page->lru, &b->free_area[order]);
	b->nr_free[order]++;
}

/* Take the free block at @page off its list; it becomes a plain page. */
static void free_area_del(struct buddy *b, struct page *page)
{
	list_del(&page->lru);
	b->nr_free[page->order]--;
	page->flags = 0;
}

/* True when the block of @order at @pfn is free as one whole block. */
static bool buddy_is_free(const struct buddy *b, u64 pfn, unsigned int order)
{
	const struct page *page;

	if (!buddy_pfn_valid(b, pfn))
		return false;
	page = &b->map[pfn - b->base_pfn];
	return PageBuddy(page) && page->order == order;
}

/*
 * Merge the block of @order at @pfn with its buddy while the buddy is free
 * too, then list the result. A buddy of a different order is partly in use,
 * so merging stops there.
 */
static void buddy_merge_and_add(struct buddy *b, u64 pfn, unsigned int order)
{
	while (order < MAX_PAGE_ORDER) {
		u64 buddy_pfn = pfn ^ (1ull << order);

		if (!buddy_is_free(b, buddy_pfn, order))
			break;
		free_area_del(b, buddy_pfn_to_page(b, buddy_pfn));
		pfn &= ~(1ull << order);
		order++;
	}
	free_area_add(b, buddy_pfn_to_page(b, pfn), order);
}

/* Largest order of an aligned block that starts at @pfn and ends by @end. */
static unsigned int largest_fit(u64 pfn, u64 end)
{
	unsigned int order = 0;

	while (order < MAX_PAGE_ORDER && IS_ALIGNED(pfn, 2ull << order) &&
	       pfn + (2ull << order) <= end)
		order++;
	return order;
}

/*
 * Give the reserved frames [start_pfn, end_pfn) to the allocator (at boot,
 * or later for boot memory no longer needed), as naturally aligned blocks
 * merged with their buddies.
 */
void buddy_free_range(struct buddy *b, u64 start_pfn, u64 end_pfn)
{
	u64 pfn;

	BUG_ON(start_pfn > end_pfn);
	BUG_ON(start_pfn < b->base_pfn ||
	       end_pfn - b->base_pfn > b->nr_pages);
	for (pfn = start_pfn; pfn < end_pfn; pfn++)
		BUG_ON(!PageReserved(buddy_pfn_to_page(b, pfn)));

	for (pfn = start_pfn; pfn < end_pfn; pfn++)
		buddy_pfn_to_page(b, pfn)->flags = 0;
	pfn = start_pfn;
	while (pfn < end_pfn) {
		unsigned int order = largest_fit(pfn, end_pfn);

		buddy_merge_and_add(b, pfn, order);
		pfn += 1ull << order;
	}
	b->managed_pages += end_pfn - start_pfn;
	b->free_pages += end_pfn - start_pfn;
}

/* Smallest order >= @order with a free block, or NR_PAGE_ORDERS if none. */
static unsigned int find_free_order(const struct buddy *b, unsigned int order)
{
	while (order < NR_PAGE_ORDERS && list_empty(&b->free_area[order]))
		order++;
	return order;
}

/*
 * Take a free block of 2^order pages, splitting a larger one if needed.
 * Returns its head page (PG_head, ->order set); NULL when none is free, or
 * with a warning when @order > MAX_PAGE_ORDER.
 */
struct page *buddy_alloc(struct buddy *b, unsigned int order)
{
	unsigned int cur;
	struct page *page;
	u64 pfn;

	if (WARN_ON(order > MAX_PAGE_ORDER))
		return NULL;
	cur = find_free_order(b, order);
	if (cur > MAX_PAGE_ORDER)
		return NULL;

	page = list_first_entry(&b->free_area[cur], struct page, lru);
	free_area_del(b, page);
	pfn = buddy_page_to_pfn(b, page);
	/* Keep the lower half each time; the upper half is its free buddy. */
	while (cur > order) {
		cur--;
		free_area_add(b, buddy_pfn_to_page(b, pfn + (1ull << cur)),
			      cur);
	}
	page->flags = PG_head;
	page->order = order;
	b->free_pages -= 1ull << order;
	return page;
}

/*
 * Give back a block from buddy_alloc() with the same @order; it merges with
 * its free buddies. Bad frees (double, wrong order, reserved) BUG.
 */
void buddy_free(struct buddy *b, struct page *page, unsigned int order)
{
	u64 pfn;

	BUG_ON(order > MAX_PAGE_ORDER);
	pfn = buddy_page_to_pfn(b, page);	/* BUGs outside the map */
	BUG_ON(!IS_ALIGNED(pfn, 1ull << order));
	BUG_ON(PageReserved(page));
	BUG_ON(PageBuddy(page));		/* double free */
	BUG_ON(!PageHead(page));		/* not the head of a block */
	BUG_ON(page->order != order);		/* freed with the wrong order */
	BUG_ON(page->flags != PG_head);		/* owner left PG_slab & co. */

	page->flags = 0;
	b->free_pages += 1ull << order;
	buddy_merge_and_add(b, pfn, order);
}

/*
 * Make the allocated block of @order at @page 2^order allocated blocks of
 * one page each (Linux's split_page()), to be freed one by one.
 */
void buddy_split(struct buddy *b, struct page *page, unsigned int order)
{
	u64 pfn = buddy_page_to_pfn(b, page);	/* BUGs outside the map */

	BUG_ON(order > MAX_PAGE_ORDER || !IS_ALIGNED(pfn, 1ull << order));
	BUG_ON(page->flags != PG_head || page->order != order);
	for (u64 i = 0; i < (1ull << order); i++) {
		page[i].flags = PG_head;
		page[i].order = 0;
	}
}

/* Copy the number of free blocks of each order (for /proc/buddyinfo). */
void buddy_counts(const struct buddy *b, u64 out[NR_PAGE_ORDERS])
{
	unsigned int i;

	for (i = 0; i < NR_PAGE_ORDERS; i++)
		out[i] = b->nr_free[i];
}
