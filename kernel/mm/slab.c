/*
 * kmalloc() and kfree(): eight size classes, 16 to 2048 bytes, each a
 * struct kmem_cache. A cache carves single pages (slabs) into equal objects;
 * the free objects of a slab are chained through their first eight bytes,
 * and the slab's struct page records the cache, that freelist and how many
 * objects are handed out:
 *
 *   struct page (PG_slab)       the page: kmalloc-512, 8 objects
 *   +--------------------+      +-----+-----+-----+-----+-----+-----+--
 *   | slab_cache: cache  |      | obj | obj |  o  | obj |NULL | obj | ..
 *   | freelist ----------+----------------->|  |  |     |  ^  |
 *   | slab_inuse: 6      |      +-----+-----+--|--+-----+--|--+-----+--
 *   +--------------------+                     +-----------+
 *
 * A cache keeps the slabs that have a free object on its partial list; full
 * slabs are on no list, and a slab that becomes empty goes straight back to
 * the page allocator, so free memory returns to where it was. Requests
 * above 2048 bytes take a whole block from alloc_pages(), marked
 * PG_large_kmalloc with its order, which is how kfree() knows its size.
 * In-kernel self-tests are at the end of the file.
 */
#include "kernel/mm/slab.h"

#include "kernel/ktest.h"
#include "kernel/mm/kasan.h"
#include "kernel/mm/kmemleak.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/locking/spinlock.h"
#include "lib/atomic.h"
#include "lib/bug.h"
#include "lib/fault-inject.h"
#include "lib/string.h"
#include "kernel/locking/lockdep.h"
#include "kernel/module/module.h"

/*
 * The page size. asm/memlayout.h has PAGE_SIZE too, but it also insists
 * on THREAD_PAGES, which slabs have no business needing.
 */
#define SLAB_PAGE_SIZE 4096ul

/* Largest kmalloc(): the largest block the page allocator has. */
#define KMALLOC_MAX_SIZE (SLAB_PAGE_SIZE << MAX_PAGE_ORDER)

struct kmem_cache {
	const char *name;	/* "kmalloc-64", as Linux's /proc/slabinfo */
	spinlock_t lock;	/* guards the fields below and slab freelists */
	u32 size;		/* object size: a power of two */
	u32 objs_per_slab;
	struct list_head partial;	/* slabs with free objects */
	u64 nr_slabs;		/* slab pages, partial or full */
	u64 nr_inuse;		/* objects handed out */
};

#define KMALLOC_CACHE(i, sz)                                            \
	[i] = {                                                         \
		.name = "kmalloc-" #sz,                                 \
		.lock = __SPIN_LOCK_UNLOCKED(kmalloc_##sz),             \
		.size = sz,                                             \
		.objs_per_slab = SLAB_PAGE_SIZE / sz,                   \
		.partial = LIST_HEAD_INIT(kmalloc_caches[i].partial),   \
	}

/* Ready at compile time, so kmalloc() works from the first line of boot. */
static struct kmem_cache kmalloc_caches[] = {
	KMALLOC_CACHE(0, 16),  KMALLOC_CACHE(1, 32),  KMALLOC_CACHE(2, 64),
	KMALLOC_CACHE(3, 128), KMALLOC_CACHE(4, 256), KMALLOC_CACHE(5, 512),
	KMALLOC_CACHE(6, 1024), KMALLOC_CACHE(7, 2048),
};
_Static_assert(KMALLOC_MIN_SIZE << (ARRAY_SIZE(kmalloc_caches) - 1) ==
	       KMALLOC_MAX_CACHE_SIZE, "size classes double up to the max");

/* Bytes in large kmalloc() blocks; updated without a lock. */
static atomic_long_t kmalloc_large_bytes;

/* The smallest size class that holds @size bytes (1..2048). */
static struct kmem_cache *kmalloc_slab(size_t size)
{
	unsigned int i = 0;

	while ((size_t)KMALLOC_MIN_SIZE << i < size)
		i++;
	return &kmalloc_caches[i];
}

/* True when @p is the start of an object of slab @page. */
static bool obj_in_slab(const struct kmem_cache *s, struct page *page,
			const void *p)
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)page_address(page);

	return off < (uintptr_t)s->objs_per_slab * s->size &&
	       off % s->size == 0;
}

/* A fresh slab page for @s, its objects chained in address order. */
static struct page *slab_new(struct kmem_cache *s, gfp_t gfp)
{
	struct page *page = alloc_pages(gfp & ~__GFP_ZERO, 0);
	char *base;
	u32 i;

	if (!page)
		return NULL;
	base = page_address(page);
	for (i = 0; i + 1 < s->objs_per_slab; i++)
		*(void **)(base + i * s->size) = base + (i + 1) * s->size;
	*(void **)(base + i * s->size) = NULL;
	kasan_poison_slab(base, SLAB_PAGE_SIZE);
	page->flags |= PG_slab;
	page->slab_cache = s;
	page->freelist = base;
	page->slab_inuse = 0;
	return page;
}

/* Give an empty slab page back to the page allocator. */
static void slab_destroy(struct page *page)
{
	page->flags &= ~PG_slab;
	page->slab_cache = NULL;
	page->freelist = NULL;
	__free_pages(page, 0);
}

/* Take the first free object of @page; called with the cache lock held. */
static void *slab_pop(struct kmem_cache *s, struct page *page)
{
	void *obj = page->freelist;
	void *next = *(void **)obj;

	lockdep_assert_held(&s->lock);
	/* A bad link means someone wrote to an object after kfree(). */
	BUG_ON(next && !obj_in_slab(s, page, next));
	page->freelist = next;
	/* The link would point at the next object handed out: a stale
	 * reference for kmemleak's scan, hiding that object's leak. */
	*(void **)obj = NULL;
	page->slab_inuse++;
	s->nr_inuse++;
	if (!next)
		list_del(&page->lru);	/* now full: off the partial list */
	return obj;
}

/* One object from cache @s, growing it by a slab when none is free. */
static void *cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	unsigned long flags;
	struct page *page;
	void *obj;

	flags = spin_lock_irqsave(&s->lock);
	if (list_empty(&s->partial)) {
		/* Never call the page allocator with a cache lock held. */
		spin_unlock_irqrestore(&s->lock, flags);
		page = slab_new(s, gfp);
		if (!page)
			return NULL;
		flags = spin_lock_irqsave(&s->lock);
		list_add(&page->lru, &s->partial);
		s->nr_slabs++;
	}
	page = list_first_entry(&s->partial, struct page, lru);
	obj = slab_pop(s, page);
	spin_unlock_irqrestore(&s->lock, flags);
	return obj;
}

/* Put @obj back on its slab; an emptied slab goes to the page allocator. */
static void cache_free(struct kmem_cache *s, struct page *page, void *obj)
{
	unsigned long flags;
	bool was_full, empty;

	flags = spin_lock_irqsave(&s->lock);
	BUG_ON(page->slab_inuse == 0);
	BUG_ON(obj == page->freelist);	/* kfree() twice in a row */
	was_full = page->freelist == NULL;
	*(void **)obj = page->freelist;
	page->freelist = obj;
	page->slab_inuse--;
	s->nr_inuse--;
	empty = page->slab_inuse == 0;
	if (empty) {
		if (!was_full)
			list_del(&page->lru);
		s->nr_slabs--;
	} else if (was_full) {
		list_add(&page->lru, &s->partial);
	}
	spin_unlock_irqrestore(&s->lock, flags);
	if (empty)
		slab_destroy(page);
}

/* The bytes to find room for when @size are asked: in the debug kernel
 * one more, for KASAN's redzone (but never past the largest block). */
static size_t kmalloc_fit(size_t size)
{
	return size < KMALLOC_MAX_SIZE ? size + KASAN_KMALLOC_REDZONE : size;
}

/* Smallest order whose block holds @size bytes (size <= KMALLOC_MAX_SIZE). */
static unsigned int kmalloc_order(size_t size)
{
	unsigned int order = 0;

	while (SLAB_PAGE_SIZE << order < size)
		order++;
	return order;
}

/* A whole block of pages for a request too big for the size classes. */
static void *kmalloc_large(size_t size, gfp_t gfp)
{
	unsigned int order;
	struct page *page;

	if (size > KMALLOC_MAX_SIZE)
		return NULL;
	order = kmalloc_order(kmalloc_fit(size));
	page = alloc_pages(gfp, order);
	if (!page)
		return NULL;
	page->flags |= PG_large_kmalloc;
	page->order = order;
	atomic_long_add(SLAB_PAGE_SIZE << order, &kmalloc_large_bytes);
	kasan_kmalloc(page_address(page), size, SLAB_PAGE_SIZE << order,
		      KASAN_PAGE_REDZONE);
	kmemleak_alloc(page_address(page), size, SLAB_PAGE_SIZE << order, gfp);
	return page_address(page);
}

/* Give back a block from kmalloc_large(); @p must be its first byte. */
static void kfree_large(struct page *page, const void *p)
{
	unsigned int order = page->order;

	BUG_ON(p != page_address(page));	/* a pointer into the block */
	page->flags &= ~PG_large_kmalloc;
	atomic_long_sub(SLAB_PAGE_SIZE << order, &kmalloc_large_bytes);
	__free_pages(page, order);
}

/*
 * Allocate @size bytes, aligned to the size class (power-of-two sizes are
 * naturally aligned, up to a page). NULL when out of memory or too large.
 */
void *kmalloc(size_t size, gfp_t gfp)
{
	struct kmem_cache *s;
	void *p;

	if (size == 0)
		return ZERO_SIZE_PTR;
	/* DEBUG_KERNEL=1 only (failslab=) */
	if (!(gfp & __GFP_NOLEAKTRACE) && should_failslab(size))
		return NULL;
	if (kmalloc_fit(size) > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(size, gfp); /* alloc_pages zeroes */
	s = kmalloc_slab(kmalloc_fit(size));
	p = cache_alloc(s, gfp);
	if (p && (gfp & __GFP_ZERO)) {
		kasan_unpoison(p, s->size);	/* KASAN checks memset() */
		memset(p, 0, s->size);		/* all ksize() bytes */
	}
	kasan_kmalloc(p, size, s->size, KASAN_SLAB_REDZONE);
	kmemleak_alloc(p, size, s->size, gfp);
	return p;
}
EXPORT_SYMBOL(kmalloc);

/* kmalloc() with the memory zeroed. */
void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}
EXPORT_SYMBOL(kzalloc);

/* Free memory from kmalloc(); NULL and ZERO_SIZE_PTR are ignored. */
void kfree(const void *p)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(p))
		return;
	kmemleak_free(p);
	page = virt_to_page(p);
	if (PageSlab(page)) {
		struct kmem_cache *s = page->slab_cache;

		/* Not the start of an object: a pointer into one? */
		BUG_ON(!s || !obj_in_slab(s, page, p));
		/* The debug kernel's KASAN keeps it in quarantine a while. */
		if (kasan_slab_free(p, s->size))
			return;
		cache_free(s, page, (void *)p);
	} else {
		/* Neither kind: never from kmalloc(), or freed already. */
		BUG_ON(!PageLargeKmalloc(page));
		kfree_large(page, p);
	}
}
EXPORT_SYMBOL(kfree);

void __kfree(const void *p)
{
	struct page *page = virt_to_page(p);

	cache_free(page->slab_cache, page, (void *)p);
}

/* Usable size of a kmalloc() block: its size class, >= the request. */
size_t ksize(const void *p)
{
	size_t size = __ksize(p);

	kasan_unpoison(p, size);	/* the caller may use all of it */
	return size;
}
EXPORT_SYMBOL(ksize);

size_t __ksize(const void *p)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(p))
		return 0;
	page = virt_to_page(p);
	if (PageSlab(page))
		return page->slab_cache->size;
	BUG_ON(!PageLargeKmalloc(page));
	return SLAB_PAGE_SIZE << page->order;
}

/* Bytes handed out by kmalloc() now, and pages held by the slab caches. */
void kmalloc_stats(u64 *bytes_in_use, u64 *slab_pages)
{
	u64 bytes = atomic_long_read(&kmalloc_large_bytes), pages = 0;
	unsigned int i;

	BUG_ON(!bytes_in_use || !slab_pages);
	kasan_quarantine_drain();	/* what waits there counts as free */
	for (i = 0; i < ARRAY_SIZE(kmalloc_caches); i++) {
		struct kmem_cache *s = &kmalloc_caches[i];
		unsigned long flags = spin_lock_irqsave(&s->lock);

		bytes += s->nr_inuse * s->size;
		pages += s->nr_slabs;
		spin_unlock_irqrestore(&s->lock, flags);
	}
	*bytes_in_use = bytes;
	*slab_pages = pages;
}

unsigned int kmalloc_cache_info(struct slab_info *info, unsigned int max)
{
	unsigned int i;

	BUG_ON(!info && max);
	kasan_quarantine_drain();
	for (i = 0; i < ARRAY_SIZE(kmalloc_caches) && i < max; i++) {
		struct kmem_cache *s = &kmalloc_caches[i];
		unsigned long flags = spin_lock_irqsave(&s->lock);

		info[i] = (struct slab_info){ s->name, s->size, s->objs_per_slab,
					      s->nr_slabs, s->nr_inuse };
		spin_unlock_irqrestore(&s->lock, flags);
	}
	return ARRAY_SIZE(kmalloc_caches);
}

/* --- in-kernel self-tests ------------------------------------------------ */

/* What ksize() must report for a request of @size bytes (with the debug
 * kernel's one byte more for KASAN's redzone). */
static size_t kt_class_size(size_t size)
{
	size_t c = KMALLOC_MIN_SIZE;

	size += KASAN_KMALLOC_REDZONE;
	while (c < size)
		c <<= 1;
	return c;
}

/* Every size class and large size: ksize() fits, all bytes are writable. */
KTEST(kmalloc_sizes)
{
	static const size_t sizes[] = {
		1, 8, 15, 16, 17, 31, 32, 33, 64, 100, 128, 200, 256, 500,
		512, 1000, 1024, 1025, 2047, 2048, 2049, 4096, 4097, 8192,
		20000, 65536, 1 << 20,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t size = sizes[i];
		unsigned char *p = kmalloc(size, GFP_KERNEL);

		KT_EXPECTF(t, p != NULL, "kmalloc(%lu)", (unsigned long)size);
		if (!p)
			continue;
		KT_EXPECTF(t, ksize(p) == kt_class_size(size),
			   "ksize %lu for kmalloc(%lu)",
			   (unsigned long)ksize(p), (unsigned long)size);
		memset(p, 0x5a, ksize(p));
		KT_EXPECT(t, p[0] == 0x5a && p[ksize(p) - 1] == 0x5a);
		kfree(p);
	}
}

#define KT_NOLEAK_ROUNDS 40
static const size_t kt_noleak_sizes[] = {
	8, 16, 32, 64, 128, 256, 512, 1024, 2048, 3000, 5000, 9000, 17000,
};
#define KT_NOLEAK_N (KT_NOLEAK_ROUNDS * ARRAY_SIZE(kt_noleak_sizes))
static unsigned char *kt_noleak_ptrs[KT_NOLEAK_N];

/* Fill object @i with its own byte; false if another object overwrote it. */
static bool kt_pattern(unsigned int i, bool check)
{
	size_t size = kt_noleak_sizes[i % ARRAY_SIZE(kt_noleak_sizes)];
	unsigned char *p = kt_noleak_ptrs[i];
	size_t j;

	for (j = 0; j < size; j++) {
		if (check && p[j] != (unsigned char)i)
			return false;
		p[j] = (unsigned char)i;
	}
	return true;
}

/*
 * Many live objects of every size at once: none overlaps another, and
 * freeing them in a scrambled order gives every page back.
 */
KTEST(kmalloc_no_leak)
{
	u64 free0 = nr_free_pages(), bytes0, slabs0, bytes, slabs;
	unsigned int i, allocated = 0;
	bool intact = true;

	kmalloc_stats(&bytes0, &slabs0);
	for (i = 0; i < KT_NOLEAK_N; i++) {
		size_t size = kt_noleak_sizes[i % ARRAY_SIZE(kt_noleak_sizes)];

		kt_noleak_ptrs[i] = kmalloc(size, GFP_KERNEL);
		if (kt_noleak_ptrs[i]) {
			allocated++;
			kt_pattern(i, false);
		}
	}
	KT_EXPECT(t, allocated == KT_NOLEAK_N);
	KT_EXPECT(t, nr_free_pages() < free0);
	for (i = 0; i < KT_NOLEAK_N; i++)
		if (kt_noleak_ptrs[i] && !kt_pattern(i, true))
			intact = false;
	KT_EXPECT(t, intact);
	/* 7 and KT_NOLEAK_N (520) are coprime: every index once, scrambled. */
	for (i = 0; i < KT_NOLEAK_N; i++)
		kfree(kt_noleak_ptrs[(i * 7) % KT_NOLEAK_N]);
	kmalloc_stats(&bytes, &slabs);
	KT_EXPECTF(t, nr_free_pages() == free0, "free pages %lu, baseline %lu",
		   (unsigned long)nr_free_pages(), (unsigned long)free0);
	KT_EXPECT(t, bytes == bytes0 && slabs == slabs0);
}
_Static_assert(KT_NOLEAK_N % 7 != 0, "the scramble stride must be coprime");

/* Power-of-two classes are naturally aligned; large blocks page-aligned. */
KTEST(kmalloc_alignment)
{
	void *p[20];
	size_t size;
	unsigned int i;

	for (size = KMALLOC_MIN_SIZE; size <= 4 * SLAB_PAGE_SIZE; size <<= 1) {
		size_t align = MIN(size, SLAB_PAGE_SIZE);

		for (i = 0; i < ARRAY_SIZE(p); i++) {
			p[i] = kmalloc(size, GFP_KERNEL);
			KT_EXPECTF(t, p[i] && (uintptr_t)p[i] % align == 0,
				   "kmalloc(%lu) = %lx", (unsigned long)size,
				   (unsigned long)p[i]);
		}
		for (i = 0; i < ARRAY_SIZE(p); i++)
			kfree(p[i]);
	}
	p[0] = kmalloc(24, GFP_KERNEL);
	KT_EXPECT(t, p[0] && (uintptr_t)p[0] % 8 == 0);
	kfree(p[0]);
}

/* kzalloc() hands out zeroes even where kmalloc() left garbage before. */
KTEST(kzalloc_zeroes)
{
	static const size_t sizes[] = { 16, 100, 2048, 5000 };
	unsigned int i;
	size_t j;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		unsigned char *p = kmalloc(sizes[i], GFP_KERNEL);
		bool zero = true;

		if (p)
			memset(p, 0xff, ksize(p));
		kfree(p);
		p = kzalloc(sizes[i], GFP_KERNEL);
		KT_EXPECT(t, p != NULL);
		for (j = 0; p && j < ksize(p); j++)
			zero = zero && p[j] == 0;
		KT_EXPECTF(t, zero, "kzalloc(%lu)", (unsigned long)sizes[i]);
		kfree(p);
	}
}

/* The edges: size 0, NULL, and requests larger than any block. */
KTEST(kmalloc_edges)
{
	KT_EXPECT(t, kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	KT_EXPECT(t, ksize(ZERO_SIZE_PTR) == 0 && ksize(NULL) == 0);
	kfree(ZERO_SIZE_PTR);
	kfree(NULL);
	KT_EXPECT(t, kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL) == NULL);
	KT_EXPECT(t, kmalloc(SIZE_MAX, GFP_KERNEL) == NULL);
}

/* kmalloc_stats() follows allocations by their class size. */
KTEST(kmalloc_stats_count)
{
	u64 bytes0, slabs0, bytes, slabs;
	void *small, *large;

	kmalloc_stats(&bytes0, &slabs0);
	/* No kmemleak record: the debug kernel's would be counted too. */
	small = kmalloc(100, __GFP_NOLEAKTRACE);
	large = kmalloc(5000, __GFP_NOLEAKTRACE);
	kmalloc_stats(&bytes, &slabs);
	KT_EXPECT(t, small && large);
	KT_EXPECT(t, bytes == bytes0 + 128 + 2 * SLAB_PAGE_SIZE);
	KT_EXPECT(t, slabs >= slabs0 && slabs <= slabs0 + 1);
	kfree(small);
	kfree(large);
	kmalloc_stats(&bytes, &slabs);
	KT_EXPECT(t, bytes == bytes0 && slabs == slabs0);
}

/* Run only when named: freeing twice must stop the kernel with a BUG. */
KTEST_CRASH(kfree_double)
{
	void *p = kmalloc(32, GFP_KERNEL);

	kfree(p);
	kfree(p);
	KT_EXPECT(t, false);	/* not reached */
}

/* Run only when named: a pointer into the middle of an object must BUG. */
KTEST_CRASH(kfree_inside_object)
{
	char *p = kmalloc(64, GFP_KERNEL);

	kfree(p + 8);
	KT_EXPECT(t, false);	/* not reached */
}
