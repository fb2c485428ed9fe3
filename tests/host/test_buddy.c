/*
 * Host unit tests for the buddy allocator (kernel/mm/buddy.c): exact block
 * layouts for small ranges, memory with holes and odd boundaries, natural
 * alignment at every order, exhaustion, full coalescing after freeing
 * everything, splitting an allocated block into pages, a seeded random
 * stress run that checks no two live blocks overlap, and the BUG_ON()
 * checks that catch bad frees.
 */
#include "kernel/mm/buddy.h"
#include "tests/host/htest.h"

#include <string.h>

/* --- helpers ------------------------------------------------------------ */

static struct page *new_map(u64 nr_pages)
{
	struct page *map = calloc(nr_pages ? nr_pages : 1, sizeof(*map));

	if (!map) {
		printf("Bail out! out of memory\n");
		exit(2);
	}
	return map;
}

static bool counts_equal(const u64 a[NR_PAGE_ORDERS],
			 const u64 b[NR_PAGE_ORDERS])
{
	return memcmp(a, b, sizeof(u64) * NR_PAGE_ORDERS) == 0;
}

static void print_counts(const char *what, const struct buddy *b)
{
	unsigned int i;

	printf("# %s:", what);
	for (i = 0; i < NR_PAGE_ORDERS; i++)
		printf(" %llu", (unsigned long long)b->nr_free[i]);
	printf("  (free %llu)\n", (unsigned long long)b->free_pages);
}

/* One free list is consistent: sizes, alignment, flags, no free buddy. */
static bool free_list_ok(const struct buddy *b, unsigned int order,
			 u64 *pages)
{
	const struct page *page;
	u64 n = 0;

	list_for_each_entry(page, &b->free_area[order], lru) {
		u64 pfn = buddy_page_to_pfn(b, page);
		u64 buddy = pfn ^ (1ull << order);

		if (page->flags != PG_buddy || page->order != order ||
		    !IS_ALIGNED(pfn, 1ull << order) ||
		    pfn + (1ull << order) > b->base_pfn + b->nr_pages)
			return false;
		/* Fully merged: no free buddy of the same order. */
		if (order < MAX_PAGE_ORDER && buddy >= b->base_pfn &&
		    buddy < b->base_pfn + b->nr_pages &&
		    b->map[buddy - b->base_pfn].flags == PG_buddy &&
		    b->map[buddy - b->base_pfn].order == order)
			return false;
		n++;
		*pages += 1ull << order;
	}
	return n == b->nr_free[order];
}

/*
 * Every invariant of the allocator: each list matches its count, free_pages
 * is their sum, free blocks are fully merged, and the pages inside a free
 * block other than its head carry no flags.
 */
static bool buddy_consistent(const struct buddy *b)
{
	u64 pages = 0, pfn;
	unsigned int order;

	for (order = 0; order < NR_PAGE_ORDERS; order++)
		if (!free_list_ok(b, order, &pages))
			return false;
	if (pages != b->free_pages || b->free_pages > b->managed_pages)
		return false;
	for (pfn = 0; pfn < b->nr_pages; pfn++) {
		const struct page *page = &b->map[pfn];
		u64 i;

		if (page->flags != PG_buddy)
			continue;
		for (i = 1; i < (1ull << page->order); i++)
			if (page[i].flags != 0)
				return false;
	}
	return true;
}

/* A tiny deterministic generator (xorshift64), so failures reproduce. */
static u64 rng_state = 0x9e3779b97f4a7c15ull;

static u64 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* --- exact layouts ------------------------------------------------------ */

static void test_exact_layouts(void)
{
	struct page *map = new_map(4096);
	struct buddy b;
	u64 want[NR_PAGE_ORDERS] = { 0 };

	buddy_init(&b, map, 0, 4096);
	CHECK(b.free_pages == 0 && b.managed_pages == 0 &&
	      PageReserved(&map[0]) && PageReserved(&map[4095]),
	      "after buddy_init every page is reserved, nothing is free");
	CHECK(buddy_alloc(&b, 0) == NULL, "an empty allocator returns NULL");

	buddy_free_range(&b, 1, 8);	/* [1] [2 3] [4..7] */
	want[0] = want[1] = want[2] = 1;
	CHECK(counts_equal(b.nr_free, want) && b.free_pages == 7,
	      "[1,8) is split as [1] [2,3] [4..7]");

	buddy_free_range(&b, 0, 1);	/* merges up to order 3 */
	memset(want, 0, sizeof(want));
	want[3] = 1;
	CHECK(counts_equal(b.nr_free, want) && buddy_consistent(&b),
	      "adding pfn 0 later merges [0,8) into one order 3 block");

	buddy_free_range(&b, 8, 2048);
	memset(want, 0, sizeof(want));
	want[10] = 2;
	CHECK(counts_equal(b.nr_free, want) && b.free_pages == 2048,
	      "[0,2048) handed over in pieces ends as two order 10 blocks");
	CHECK(b.managed_pages == 2048, "managed_pages counts every page given");

	buddy_free_range(&b, 2048, 2048);
	CHECK(b.free_pages == 2048, "an empty range changes nothing");
	free(map);
}

/* Splitting one order 2 block for one page: the picture in buddy.c. */
static void test_split_picture(void)
{
	struct page *map = new_map(16);
	struct buddy b;
	struct page *p;
	u64 want[NR_PAGE_ORDERS] = { 0 };

	buddy_init(&b, map, 8, 4);
	buddy_free_range(&b, 8, 12);
	p = buddy_alloc(&b, 0);
	want[0] = want[1] = 1;
	CHECK(p && buddy_page_to_pfn(&b, p) == 8 &&
	      counts_equal(b.nr_free, want) && PageBuddy(&map[1]) &&
	      PageBuddy(&map[2]) && map[2].order == 1,
	      "one page from [8..11] leaves [9] at order 0, [10 11] at 1");
	CHECK(p && p->flags == PG_head && p->order == 0,
	      "the allocated head is PG_head with its order");
	buddy_free(&b, p, 0);
	memset(want, 0, sizeof(want));
	want[2] = 1;
	CHECK(counts_equal(b.nr_free, want) && buddy_consistent(&b),
	      "freeing it merges back into [8..11]");
	free(map);
}

/* An order 3 block split into 8 pages (split_page): each one is freed on
 * its own, in any order, and the 8 merge back into one block. */
static void test_split_block(void)
{
	struct page *map = new_map(16);
	struct buddy b;
	struct page *p;
	u64 want[NR_PAGE_ORDERS] = { 0 };
	static const int order_of_frees[8] = { 5, 0, 7, 2, 1, 6, 3, 4 };
	bool ok = true;

	buddy_init(&b, map, 0, 16);
	buddy_free_range(&b, 0, 16);
	p = buddy_alloc(&b, 3);
	CHECK(p && PANICS(buddy_split(&b, p, 2)) &&
	      PANICS(buddy_split(&b, p + 1, 0)),
	      "BUG: split with the wrong order, or of a page inside a block");
	buddy_split(&b, p, 3);
	for (int i = 0; i < 8; i++)
		ok &= p[i].flags == PG_head && p[i].order == 0;
	CHECK(ok && b.free_pages == 8, "split: 8 allocated order 0 blocks");
	buddy_free(&b, p + 5, 0);
	CHECK(PANICS(buddy_free(&b, p + 5, 0)),
	      "BUG: double free of a split page");
	for (int i = 1; i < 8; i++)
		buddy_free(&b, p + order_of_frees[i], 0);
	want[4] = 1;
	CHECK(counts_equal(b.nr_free, want) && buddy_consistent(&b),
	      "split pages freed one by one merge back into one block");
	CHECK(PANICS(buddy_split(&b, p, 3)), "BUG: split of a free block");
	free(map);
}

/* --- memory with holes -------------------------------------------------- */

/* A machine with holes: an unaligned base, odd range starts and ends. */
#define HOLES_BASE 37ull
#define HOLES_PAGES 6000ull
static const u64 holes_ranges[][2] = {
	{ 40, 41 },		/* a single page */
	{ 43, 1100 },
	{ 1101, 4000 },		/* holds the order 10 block [2048,3072) */
	{ 4101, 5999 },
	{ 6000, 6036 },		/* next to the previous one after a hole */
};

static struct page *holes_map;

static void holes_init(struct buddy *b)
{
	size_t i;

	memset(holes_map, 0xa5, HOLES_PAGES * sizeof(*holes_map));
	buddy_init(b, holes_map, HOLES_BASE, HOLES_PAGES);
	for (i = 0; i < ARRAY_SIZE(holes_ranges); i++)
		buddy_free_range(b, holes_ranges[i][0], holes_ranges[i][1]);
}

static bool pfn_in_holes_range(u64 pfn)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(holes_ranges); i++)
		if (pfn >= holes_ranges[i][0] && pfn < holes_ranges[i][1])
			return true;
	return false;
}

static void test_holes_init(struct buddy *b)
{
	u64 total = 0, pfn, bad = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(holes_ranges); i++)
		total += holes_ranges[i][1] - holes_ranges[i][0];
	CHECK(b->free_pages == total && b->managed_pages == total,
	      "holes: %llu pages free and managed",
	      (unsigned long long)total);
	CHECK(buddy_consistent(b), "holes: free lists consistent and merged");
	for (pfn = HOLES_BASE; pfn < HOLES_BASE + HOLES_PAGES; pfn++)
		if (PageReserved(buddy_pfn_to_page(b, pfn)) ==
		    pfn_in_holes_range(pfn))
			bad++;
	CHECK(bad == 0, "holes: exactly the pages outside the ranges are "
	      "reserved");
	CHECK(b->nr_free[MAX_PAGE_ORDER] == 1,
	      "holes: the one aligned 4 MiB block exists as order 10");
	print_counts("holes baseline", b);
}

/* True when no page of the block is a hole, i.e. all were handed over. */
static bool block_in_ranges(const struct buddy *b, struct page *p,
			    unsigned int order)
{
	u64 pfn = buddy_page_to_pfn(b, p), i;

	for (i = 0; i < (1ull << order); i++)
		if (!pfn_in_holes_range(pfn + i))
			return false;
	return true;
}

static void test_every_order_aligned(struct buddy *b)
{
	u64 base[NR_PAGE_ORDERS], free0 = b->free_pages;
	unsigned int order;
	bool ok = true;

	buddy_counts(b, base);
	for (order = 0; order <= MAX_PAGE_ORDER; order++) {
		struct page *p = buddy_alloc(b, order);

		if (!p || !IS_ALIGNED(buddy_page_to_pfn(b, p), 1ull << order) ||
		    p->flags != PG_head || p->order != order ||
		    !block_in_ranges(b, p, order) ||
		    b->free_pages != free0 - (1ull << order)) {
			ok = false;
			printf("# order %u failed\n", order);
			continue;
		}
		buddy_free(b, p, order);
		if (!counts_equal(b->nr_free, base) || b->free_pages != free0)
			ok = false;
	}
	CHECK(ok, "every order 0..10 is naturally aligned, inside usable "
	      "memory, and freeing restores the counts");
}

/* --- exhaustion and full coalescing ------------------------------------- */

/* Allocate @order blocks until NULL; return how many, store them in @out. */
static size_t drain(struct buddy *b, unsigned int order, struct page **out,
		    size_t max)
{
	size_t n = 0;
	struct page *p;

	while (n < max && (p = buddy_alloc(b, order)) != NULL)
		out[n++] = p;
	return n;
}

static void shuffle(struct page **v, size_t n)
{
	size_t i;

	for (i = n; i > 1; i--) {
		size_t j = rng() % i;
		struct page *t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

static void test_exhaust_order0(struct buddy *b)
{
	u64 base[NR_PAGE_ORDERS], free0 = b->free_pages, zero[NR_PAGE_ORDERS];
	struct page **v = calloc(HOLES_PAGES, sizeof(*v));
	size_t n, i;

	buddy_counts(b, base);
	memset(zero, 0, sizeof(zero));
	n = drain(b, 0, v, HOLES_PAGES);
	CHECK(n == free0 && b->free_pages == 0 &&
	      counts_equal(b->nr_free, zero),
	      "order 0: exactly free_pages (%zu) single pages, then NULL", n);
	CHECK(buddy_alloc(b, 0) == NULL && buddy_alloc(b, 3) == NULL,
	      "an exhausted allocator keeps returning NULL");
	shuffle(v, n);
	for (i = 0; i < n; i++)
		buddy_free(b, v[i], 0);
	CHECK(b->free_pages == free0 && counts_equal(b->nr_free, base) &&
	      buddy_consistent(b),
	      "freeing every page in random order coalesces back to baseline");
	free(v);
}

static void test_exhaust_high_order(struct buddy *b)
{
	u64 base[NR_PAGE_ORDERS], free0 = b->free_pages;
	struct page *big[8], *small[HOLES_PAGES / 8];
	size_t nbig, nsmall, i;

	buddy_counts(b, base);
	nbig = drain(b, MAX_PAGE_ORDER, big, ARRAY_SIZE(big));
	CHECK(nbig == base[MAX_PAGE_ORDER],
	      "order 10: only the existing 4 MiB blocks, then NULL");
	nsmall = drain(b, 3, small, ARRAY_SIZE(small));
	CHECK(nsmall > 0 && b->nr_free[3] == 0 && b->nr_free[4] == 0 &&
	      b->nr_free[MAX_PAGE_ORDER] == 0,
	      "order 3 takes what is left at orders 3 and up (%zu blocks)",
	      nsmall);
	for (i = 0; i < nbig; i++)
		buddy_free(b, big[i], MAX_PAGE_ORDER);
	for (i = 0; i < nsmall; i++)
		buddy_free(b, small[i], 3);
	CHECK(b->free_pages == free0 && counts_equal(b->nr_free, base) &&
	      buddy_consistent(b), "after freeing, counts equal the baseline");
}

/* --- random stress ------------------------------------------------------ */

#define STRESS_OPS 200000
#define STRESS_LIVE 700

struct live_block {
	struct page *page;
	unsigned int order;
};

/* One bit per page: set for holes and for pages in live blocks. */
static u8 used_bits[(HOLES_PAGES + 7) / 8];

static bool mark_block(u64 idx, unsigned int order, bool set)
{
	u64 i;

	for (i = idx; i < idx + (1ull << order); i++) {
		bool was = used_bits[i / 8] & (1u << (i % 8));

		if (was == set)
			return false;	/* overlap, or freeing a dead block */
		used_bits[i / 8] ^= (u8)(1u << (i % 8));
	}
	return true;
}

static unsigned int random_order(void)
{
	u64 r = rng() % 100;

	if (r < 50)
		return 0;
	if (r < 95)
		return 1 + (unsigned int)(rng() % 4);
	return 5 + (unsigned int)(rng() % (MAX_PAGE_ORDER - 4));
}

/* One random step: alloc (and mark), or free a random live block. */
static bool stress_step(struct buddy *b, struct live_block *live, size_t *n)
{
	if (*n < STRESS_LIVE && (*n == 0 || rng() % 2)) {
		unsigned int order = random_order();
		struct page *p = buddy_alloc(b, order);
		u64 pfn;

		if (!p)
			return true;
		pfn = buddy_page_to_pfn(b, p);
		if (!IS_ALIGNED(pfn, 1ull << order) ||
		    !mark_block(pfn - b->base_pfn, order, true))
			return false;
		live[(*n)++] = (struct live_block){ p, order };
	} else {
		size_t k = rng() % *n;
		struct live_block blk = live[k];

		live[k] = live[--(*n)];
		if (!mark_block(buddy_page_to_pfn(b, blk.page) - b->base_pfn,
				blk.order, false))
			return false;
		buddy_free(b, blk.page, blk.order);
	}
	return true;
}

static void test_stress(struct buddy *b)
{
	static struct live_block live[STRESS_LIVE];
	u64 base[NR_PAGE_ORDERS], free0 = b->free_pages, pfn, live_pages;
	size_t n = 0, i;
	bool ok = true, consistent = true;

	buddy_counts(b, base);
	rng_state = 12345;
	memset(used_bits, 0, sizeof(used_bits));
	for (pfn = HOLES_BASE; pfn < HOLES_BASE + HOLES_PAGES; pfn++)
		if (!pfn_in_holes_range(pfn))
			mark_block(pfn - HOLES_BASE, 0, true);

	for (i = 0; i < STRESS_OPS && ok; i++) {
		ok = stress_step(b, live, &n);
		if (i % 5000 == 0 && !buddy_consistent(b))
			consistent = false;
	}
	for (live_pages = 0, i = 0; i < n; i++)
		live_pages += 1ull << live[i].order;
	CHECK(ok, "stress: %d random ops, no block overlaps another or a hole",
	      STRESS_OPS);
	CHECK(consistent && b->free_pages + live_pages == free0,
	      "stress: free lists stay consistent; free + live = managed");
	while (n > 0) {
		n--;
		buddy_free(b, live[n].page, live[n].order);
	}
	CHECK(b->free_pages == free0 && counts_equal(b->nr_free, base) &&
	      buddy_consistent(b), "stress: freeing the rest restores it all");
}

/* --- bad calls that must BUG ------------------------------------------- */

static void test_bugs(struct buddy *b)
{
	u64 free0 = b->free_pages, base[NR_PAGE_ORDERS];
	struct page *p0, *p1, *p4, *odd, *even, outside, *singles[64];
	size_t nsingle, i;

	buddy_counts(b, base);
	p4 = buddy_alloc(b, 2);
	CHECK(PANICS(buddy_free(b, p4, MAX_PAGE_ORDER + 1)),
	      "BUG: free with order > MAX_PAGE_ORDER");
	CHECK(PANICS(buddy_free(b, p4, 1)), "BUG: free with the wrong order");
	CHECK(PANICS(buddy_free(b, p4 + 1, 0)),
	      "BUG: free of a page inside an allocated block");
	CHECK(PANICS(buddy_free(b, p4 + 2, 1)),
	      "BUG: free of an aligned tail of an allocated block");
	CHECK(PANICS(buddy_free(b, p4 + 1, 1)),
	      "BUG: free of a pfn misaligned for the order");
	p4->flags |= PG_slab;
	CHECK(PANICS(buddy_free(b, p4, 2)), "BUG: free of a PG_slab block");
	p4->flags &= ~PG_slab;
	buddy_free(b, p4, 2);
	CHECK(PANICS(buddy_free(b, p4, 2)), "BUG: double free (page PG_buddy)");

	/* Use up the lone free pages so the next two are split from a pair. */
	nsingle = drain(b, 0, singles,
			MIN(b->nr_free[0], ARRAY_SIZE(singles)));
	p0 = buddy_alloc(b, 0);
	p1 = buddy_alloc(b, 0);
	odd = (buddy_page_to_pfn(b, p0) & 1) ? p0 : p1;
	even = odd == p0 ? p1 : p0;
	CHECK(buddy_page_to_pfn(b, odd) == (buddy_page_to_pfn(b, even) ^ 1),
	      "two single pages come from one split pair");
	buddy_free(b, odd, 0);
	buddy_free(b, even, 0);
	CHECK(PANICS(buddy_free(b, odd, 0)),
	      "BUG: double free of a page merged into its lower buddy");
	for (i = 0; i < nsingle; i++)
		buddy_free(b, singles[i], 0);

	CHECK(PANICS(buddy_free(b, buddy_pfn_to_page(b, 42), 0)),
	      "BUG: free of a reserved page (a hole)");
	CHECK(PANICS(buddy_free(b, &outside, 0)),
	      "BUG: free of a struct page outside the map");
	CHECK(PANICS(buddy_free(b, b->map + b->nr_pages, 0)),
	      "BUG: free of the struct page just past the map");
	CHECK(PANICS(buddy_pfn_to_page(b, HOLES_BASE - 1)) &&
	      PANICS(buddy_pfn_to_page(b, HOLES_BASE + HOLES_PAGES)),
	      "BUG: pfn_to_page outside the map");
	CHECK(PANICS(buddy_free_range(b, 100, 200)),
	      "BUG: handing over memory that is already managed");
	CHECK(PANICS(buddy_free_range(b, HOLES_BASE - 1, HOLES_BASE + 1)) &&
	      PANICS(buddy_free_range(b, 6036, 6038)) &&
	      PANICS(buddy_free_range(b, 42, 41)),
	      "BUG: free_range outside the map or backwards");
	CHECK(buddy_alloc(b, MAX_PAGE_ORDER + 1) == NULL,
	      "alloc with order > MAX_PAGE_ORDER warns and returns NULL");
	CHECK(b->free_pages == free0 && counts_equal(b->nr_free, base) &&
	      buddy_consistent(b), "the caught bugs left the allocator intact");
}

int main(void)
{
	struct buddy b;

	test_exact_layouts();
	test_split_picture();
	test_split_block();

	holes_map = new_map(HOLES_PAGES);
	holes_init(&b);
	test_holes_init(&b);
	test_every_order_aligned(&b);
	test_exhaust_order0(&b);
	test_exhaust_high_order(&b);
	test_stress(&b);
	test_bugs(&b);
	free(holes_map);
	return htest_done();
}
