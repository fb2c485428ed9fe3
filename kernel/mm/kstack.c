/*
 * Kernel stack blocks in the stack area (see kstack.h). A bitmap records
 * which slots are taken; each block is backed by THREAD_PAGES single
 * pages (no large contiguous allocation is needed, so fragmentation does
 * not limit the number of threads).
 *
 * A freed block is zeroed and unmapped at once (only this CPU's TLB is
 * flushed), but keeps its slot and its pages in a small cache, where the
 * next kstack_alloc() takes it from: it maps the same pages at the same
 * address again. A stale TLB entry another CPU may hold still points at
 * those pages, so reuse needs no shootdown. Only when the cache is full
 * are its blocks really freed, all with one shootdown (Linux keeps two
 * still-mapped stacks per CPU, kernel/fork.c cached_stacks[], and frees
 * vmalloc ranges lazily, lazy_max_pages(); unmapped, the cache can be
 * one for all CPUs, and a freed stack still faults when touched).
 */
#include "kernel/mm/kstack.h"
#include "kernel/mm/vmalloc.h"
#include "asm/irqflags.h"
#include "asm/pgtable.h"
#include "kernel/locking/spinlock.h"
#include "asm/tlbflush.h"
#include "kernel/mm/page_alloc.h"
#include "lib/bug.h"
#include "lib/string.h"
#include "asm/page.h"
#include "kernel/preempt.h"

#define SLOT_SPAN (2ull * THREAD_SIZE)	/* guard + block */

_Static_assert(KSTACK_SLOTS % 64 == 0, "whole bitmap words");

#define KSTACK_CACHE 16	/* freed blocks kept for reuse, one shootdown each 17 */

/* A freed block: its slot still taken, its pages unmapped but kept. */
struct cached_stack {
	u64 base;
	struct page *pages[THREAD_PAGES];
};

static u64 slot_bitmap[KSTACK_SLOTS / 64];
static u64 nr_used;		/* slots taken, the cached blocks' too */
static struct cached_stack cached_stacks[KSTACK_CACHE];
static u32 nr_cached;
static u64 nr_purges;		/* shootdowns made to free cached blocks */
static DEFINE_SPINLOCK(kstack_lock);

_Static_assert(KSTACK_START + KSTACK_SLOTS * SLOT_SPAN <= KSTACK_END,
	       "the stack slots must fit in the stack area");

static u64 slot_base(u32 slot)
{
	return KSTACK_START + slot * SLOT_SPAN + THREAD_SIZE;
}

/*
 * Claim the lowest free slot; -1 when all are taken. Lowest first keeps
 * the live stacks packed at the bottom of the area, so they share as few
 * page tables as possible (64 slots to a table with 4-page stacks) and an
 * emptied table is given back instead of staying pinned by one task.
 */
static s64 slot_get(void)
{
	unsigned long flags = spin_lock_irqsave(&kstack_lock);
	s64 found = -1;

	for (u32 w = 0; w < KSTACK_SLOTS / 64; w++) {
		if (slot_bitmap[w] != ~0ull) {
			u32 bit = (u32)__builtin_ctzll(~slot_bitmap[w]);

			slot_bitmap[w] |= 1ull << bit;
			nr_used++;
			found = w * 64 + bit;
			break;
		}
	}
	spin_unlock_irqrestore(&kstack_lock, flags);
	return found;
}

static void slot_put(u32 s)
{
	unsigned long flags = spin_lock_irqsave(&kstack_lock);

	BUG_ON(!(slot_bitmap[s / 64] & (1ull << (s % 64))));
	slot_bitmap[s / 64] &= ~(1ull << (s % 64));
	nr_used--;
	spin_unlock_irqrestore(&kstack_lock, flags);
}

/* Take the most recently cached block into *@c; false when none. */
static bool cache_pop(struct cached_stack *c)
{
	unsigned long flags = spin_lock_irqsave(&kstack_lock);
	bool found = nr_cached > 0;

	if (found)
		*c = cached_stacks[--nr_cached];
	spin_unlock_irqrestore(&kstack_lock, flags);
	return found;
}

/* Cache @c unless the cache is full (false). */
static bool cache_push(const struct cached_stack *c)
{
	unsigned long flags = spin_lock_irqsave(&kstack_lock);
	bool room = nr_cached < KSTACK_CACHE;

	if (room)
		cached_stacks[nr_cached++] = *c;
	spin_unlock_irqrestore(&kstack_lock, flags);
	return room;
}

/*
 * Free @n unmapped blocks for good: one shootdown for all (their stale
 * translations may be on any CPU), then their pages, the page tables
 * left empty (a second shootdown, for the paging-structure caches) and
 * the slots. Process context, interrupts on.
 */
static void release_blocks(struct cached_stack *c, u32 n)
{
	LIST_HEAD(tables);

	flush_tlb_kernel_range(KSTACK_START, KSTACK_END);
	for (u32 i = 0; i < n; i++) {
		vprune_tables(c[i].base, THREAD_PAGES, &tables);
		for (u32 p = 0; p < THREAD_PAGES; p++)
			__free_pages(c[i].pages[p], 0);
	}
	vfree_tables(&tables, KSTACK_START, KSTACK_END);
	for (u32 i = 0; i < n; i++)
		slot_put((c[i].base - KSTACK_START) / SLOT_SPAN);
	WRITE_ONCE(nr_purges, nr_purges + 1);
}

/* Map a cached block's pages again; on failure (no page table) free it. */
static void *cache_remap(struct cached_stack *c)
{
	for (u32 p = 0; p < THREAD_PAGES; p++) {
		u64 va = c->base + p * PAGE_SIZE;

		if (kernel_map_page(va, page_to_pfn(c->pages[p]) << PAGE_SHIFT,
				    PAGE_KERNEL)) {
			while (p--)
				kernel_unmap_page(c->base + p * PAGE_SIZE);
			release_blocks(c, 1);
			return NULL;
		}
	}
	return (void *)c->base;
}

void *kstack_alloc(void)
{
	struct cached_stack c;
	s64 slot;
	u64 base;

	if (cache_pop(&c))
		return cache_remap(&c);
	slot = slot_get();
	if (slot < 0)
		return NULL;
	base = slot_base(slot);
	if (vmap_fresh_pages(base, THREAD_PAGES)) {
		slot_put(slot);
		return NULL;
	}
	return (void *)base;
}

/* Take everything out of the cache and free it (one shootdown). */
static void cache_purge(const struct cached_stack *extra)
{
	struct cached_stack batch[KSTACK_CACHE + 1];
	unsigned long flags = spin_lock_irqsave(&kstack_lock);
	u32 n = nr_cached;

	memcpy(batch, cached_stacks, n * sizeof(batch[0]));
	nr_cached = 0;
	spin_unlock_irqrestore(&kstack_lock, flags);
	if (extra)
		batch[n++] = *extra;
	if (n)
		release_blocks(batch, n);
}

void kstack_free(void *p)
{
	struct cached_stack c = { .base = (u64)p };

	BUG_ON(!in_task());
	BUG_ON(c.base < KSTACK_START ||
	       (c.base - KSTACK_START) % SLOT_SPAN != THREAD_SIZE);
	for (u32 i = 0; i < THREAD_PAGES; i++)	/* what kstack_alloc() promises */
		clear_page((void *)(c.base + i * PAGE_SIZE));
	vunmap_pages(c.base, THREAD_PAGES, c.pages);	/* this CPU's TLB only */
	if (!cache_push(&c))
		cache_purge(&c);
}

void kstack_drain(void)
{
	if (READ_ONCE(nr_cached) && in_task() && !in_atomic() &&
	    !arch_irqs_disabled())
		cache_purge(NULL);
}

#define SLOTS_PER_TABLE (HPAGE_SIZE / SLOT_SPAN)

_Static_assert(KSTACK_START % HPAGE_SIZE == 0 && HPAGE_SIZE % SLOT_SPAN == 0,
	       "each page table maps whole slots");

/* Would release_blocks() prune the page table of cached block @i: are
 * all the taken slots it maps cached ones, and @i the first of them?
 * kstack_lock held. */
static bool table_freed_by_purge(u32 i)
{
	u64 table = ALIGN_DOWN(cached_stacks[i].base, HPAGE_SIZE);
	u32 first = (table - KSTACK_START) / SLOT_SPAN, taken = 0, cached = 0;

	for (u32 j = 0; j < nr_cached; j++) {
		if (ALIGN_DOWN(cached_stacks[j].base, HPAGE_SIZE) != table)
			continue;
		if (j < i)
			return false;	/* counted with block j */
		cached++;
	}
	for (u32 s = first; s < first + SLOTS_PER_TABLE; s++)
		taken += !!(slot_bitmap[s / 64] & (1ull << (s % 64)));
	return taken == cached;
}

u64 kstack_nr_cached_pages(void)
{
	unsigned long flags = spin_lock_irqsave(&kstack_lock);
	u64 pages = (u64)nr_cached * THREAD_PAGES;

	for (u32 i = 0; i < nr_cached; i++)
		pages += table_freed_by_purge(i);
	spin_unlock_irqrestore(&kstack_lock, flags);
	return pages;
}

u64 kstack_nr_purges(void)
{
	return READ_ONCE(nr_purges);
}

u64 kstack_nr_used(void)
{
	return READ_ONCE(nr_used) - READ_ONCE(nr_cached);
}

bool kstack_addr_in_guard(u64 addr)
{
	return addr >= KSTACK_START && addr < KSTACK_END &&
	       (addr - KSTACK_START) % SLOT_SPAN < THREAD_SIZE;
}
