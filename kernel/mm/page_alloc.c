/*
 * The page allocator: one buddy allocator (kernel/mm/buddy.c) over all RAM,
 * behind a lock, with Linux's interface (kernel/mm/page_alloc.h). mem_map[]
 * has a struct page for every page frame from 0 to max_pfn; pages that are
 * not free RAM stay reserved in it. mem_init() builds it from memblock.
 */
#include "kernel/mm/page_alloc.h"
#include "asm/page.h"
#include "kernel/mm/kasan.h"
#include "kernel/mm/kstack.h"
#include "kernel/mm/memblock.h"
#include "kernel/printk/printk.h"
#include "kernel/locking/spinlock.h"
#include "kernel/time/time.h"
#include "lib/bug.h"
#include "lib/fault-inject.h"
#include "lib/string.h"

struct page *mem_map;
u64 max_pfn;
static struct buddy zone;
static DEFINE_SPINLOCK(zone_lock);
unsigned int min_free_kbytes;

/*
 * Warn of a failed allocation at most once a second: under a fork bomb
 * thousands fail, and printing each on the serial console would stall
 * the machine that is trying to recover. Races between CPUs only cost
 * an extra line.
 */
static void warn_alloc_failure(unsigned int order)
{
	static struct ratelimit_state rs;
	u64 missed;

	if (!__ratelimit(&rs, &missed))
		return;
	if (missed)
		pr_warn("page allocation failure: order:%u (and %lu not shown)\n",
			order, (unsigned long)missed);
	else
		pr_warn("page allocation failure: order:%u\n", order);
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	unsigned long flags;
	struct page *page;

	/* DEBUG_KERNEL=1 only; never kmemleak's own records, whose failure
	 * would turn kmemleak off (as in kmalloc()) */
	if (!(gfp & __GFP_NOLEAKTRACE) && should_fail_alloc_page(order))
		return NULL;
	flags = spin_lock_irqsave(&zone_lock);
	page = buddy_alloc(&zone, order);

	spin_unlock_irqrestore(&zone_lock, flags);
	if (!page) {
		if (!(gfp & __GFP_NOWARN))
			warn_alloc_failure(order);
		return NULL;
	}
	if (gfp & __GFP_ZERO)
		for (u64 i = 0; i < (1ull << order); i++)
			clear_page((u8 *)page_address(page) + i * PAGE_SIZE);
	refcount_set(&page->_refcount, 1);
	kasan_alloc_pages(page, order);
	return page;
}

void __free_pages(struct page *page, unsigned int order)
{
	unsigned long flags;

	BUG_ON(!page);
	kasan_free_pages(page, order);
	flags = spin_lock_irqsave(&zone_lock);
	buddy_free(&zone, page, order);
	spin_unlock_irqrestore(&zone_lock, flags);
}

void split_page(struct page *page, unsigned int order)
{
	unsigned long flags = spin_lock_irqsave(&zone_lock);

	buddy_split(&zone, page, order);
	spin_unlock_irqrestore(&zone_lock, flags);
	for (u64 i = 1; i < (1ull << order); i++)
		refcount_set(&page[i]._refcount, 1);
}

void *alloc_pages_exact(size_t size, gfp_t gfp)
{
	u64 nr = ALIGN_UP((u64)size, PAGE_SIZE) >> PAGE_SHIFT;
	unsigned int order = 0;
	struct page *page;

	if (WARN_ON(!size))
		return NULL;
	while ((1ull << order) < nr)
		order++;
	if (order > MAX_PAGE_ORDER) {
		if (!(gfp & __GFP_NOWARN))
			warn_alloc_failure(order);
		return NULL;
	}
	page = alloc_pages(gfp, order);
	if (!page)
		return NULL;
	split_page(page, order);
	for (u64 i = nr; i < (1ull << order); i++)
		__free_pages(page + i, 0);
	return page_address(page);
}

u64 free_reserved_area(const void *start, const void *end)
{
	u64 first = ALIGN_UP(virt_to_phys(start), PAGE_SIZE) >> PAGE_SHIFT;
	u64 last = ALIGN_DOWN(virt_to_phys(end), PAGE_SIZE) >> PAGE_SHIFT;
	unsigned long flags;

	if (first >= last)
		return 0;
	kasan_poison(phys_to_virt(first << PAGE_SHIFT),
		     (last - first) << PAGE_SHIFT, KASAN_PAGE_FREE);
	flags = spin_lock_irqsave(&zone_lock);
	buddy_free_range(&zone, first, last);
	spin_unlock_irqrestore(&zone_lock, flags);
	return last - first;
}

/* The frame number of @page (its index in mem_map). */
u64 page_to_pfn(const struct page *page)
{
	return (u64)(page - mem_map);
}

/* The struct page of frame @pfn, which must be below max_pfn. */
struct page *pfn_to_page(u64 pfn)
{
	BUG_ON(pfn >= max_pfn);
	return &mem_map[pfn];
}

void *page_address(const struct page *page)
{
	return phys_to_virt(page_to_pfn(page) << PAGE_SHIFT);
}

/* The struct page of direct-map address @addr (BUG outside the map). */
struct page *virt_to_page(const void *addr)
{
	u64 v = (u64)addr;

	BUG_ON(v < PAGE_OFFSET || v >= PAGE_OFFSET + (max_pfn << PAGE_SHIFT));
	return pfn_to_page((v - PAGE_OFFSET) >> PAGE_SHIFT);
}

void *__get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp, order);

	return page ? page_address(page) : NULL;
}

/* Free the 2^@order pages at direct-map address @addr (NULL: nothing). */
void free_pages(void *addr, unsigned int order)
{
	if (addr)
		__free_pages(virt_to_page(addr), order);
}

u64 nr_free_pages(void)
{
	u64 nr;

	kasan_quarantine_drain();	/* what waits there counts as free */
	/* And so do freed stacks' pages, counted (not drained: that costs
	 * shootdowns), after the buddy count: a purge between the two
	 * reads makes the sum short for a moment, never too large. */
	nr = nr_free_pages_approx();
	return nr + kstack_nr_cached_pages();
}

u64 nr_free_pages_approx(void)
{
	return READ_ONCE(zone.free_pages);
}

/* Are free pages at or below @pages? The cheap count first; the drained
 * one only when it is low. */
static bool free_pages_below(u64 pages)
{
	return nr_free_pages_approx() <= pages && nr_free_pages() <= pages;
}

bool free_pages_below_min(void)
{
	return free_pages_below(READ_ONCE(min_free_kbytes) / (PAGE_SIZE / 1024));
}

bool free_pages_below_low(void)
{
	u64 min = READ_ONCE(min_free_kbytes) / (PAGE_SIZE / 1024);

	return free_pages_below(min + min / 4);
}

/* Linux's int_sqrt(): the largest r with r * r <= @x. */
static u64 int_sqrt(u64 x)
{
	u64 r = 0;

	for (u64 bit = 1ull << 31; bit; bit >>= 1)
		if ((r + bit) * (r + bit) <= x)
			r += bit;
	return r;
}

/* Linux's init_per_zone_wmark_min(): min_free_kbytes grows as the
 * square root of memory (4 MiB for 1 GiB), between 128 KiB and 256 MiB. */
static void init_min_free_kbytes(void)
{
	u64 kb = int_sqrt(zone.managed_pages * (PAGE_SIZE / 1024) * 16);

	min_free_kbytes = (unsigned int)MIN(MAX(kb, 128ull), 262144ull);
}

u64 nr_managed_pages(void)
{
	return zone.managed_pages;
}

/* Free blocks per order, for /proc/buddyinfo and the boot log. */
void page_alloc_counts(u64 out[NR_PAGE_ORDERS])
{
	unsigned long flags = spin_lock_irqsave(&zone_lock);

	buddy_counts(&zone, out);
	spin_unlock_irqrestore(&zone_lock, flags);
}

static void free_range(u64 start, u64 end, void *data)
{
	u64 first = ALIGN_UP(start, PAGE_SIZE) >> PAGE_SHIFT;
	u64 last = ALIGN_DOWN(end, PAGE_SIZE) >> PAGE_SHIFT;

	if (first < last) {
		kasan_poison(phys_to_virt(first << PAGE_SHIFT),
			     (last - first) << PAGE_SHIFT, KASAN_PAGE_FREE);
		buddy_free_range(&zone, first, last);
	}
}

/*
 * Build mem_map[] for every frame below the end of RAM and give the buddy
 * allocator all memory memblock has not reserved. After this, memblock is
 * no longer used.
 */
void mem_init(void)
{
	struct memblock_type *m = &memblock_memory;
	u64 size;

	BUG_ON(m->cnt == 0);
	max_pfn = (m->regions[m->cnt - 1].base + m->regions[m->cnt - 1].size)
		  >> PAGE_SHIFT;
	size = ALIGN_UP(max_pfn * sizeof(struct page), PAGE_SIZE);
	mem_map = phys_to_virt(memblock_alloc(size, PAGE_SIZE, ~0ull));
	memset(mem_map, 0, size);
	kasan_init_shadow(max_pfn);
	buddy_init(&zone, mem_map, 0, max_pfn);
	memblock_for_each_free(free_range, NULL);
	init_min_free_kbytes();
}
