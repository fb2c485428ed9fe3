/*
 * Kernel stack blocks in the stack area (see kstack.h). A bitmap records
 * which slots are taken; each block is backed by THREAD_PAGES single
 * pages (no large contiguous allocation is needed, so fragmentation does
 * not limit the number of threads).
 */
#include "kernel/mm/kstack.h"
#include "asm/pgtable.h"
#include "asm/tlbflush.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/locking/spinlock.h"
#include "lib/bug.h"

#define SLOT_SPAN (2ull * THREAD_SIZE)	/* guard + block */

_Static_assert(KSTACK_SLOTS % 64 == 0, "whole bitmap words");

static u64 slot_bitmap[KSTACK_SLOTS / 64];
static u64 nr_used;
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

/*
 * Unmap the first @n pages of the block at @base, flush every CPU's TLB,
 * then free the pages and, if it became empty, their page table: a page
 * may only be reused once no CPU can reach it through a stale entry.
 */
static void unmap_pages(u64 base, int n)
{
	struct page *pages[THREAD_PAGES];
	u64 pt;

	for (int i = 0; i < n; i++) {
		u64 *pte = kernel_lookup_pte(base + i * PAGE_SIZE);

		BUG_ON(!pte);
		pages[i] = pte_page(*pte);
		kernel_unmap_page(base + i * PAGE_SIZE);
	}
	pt = kernel_prune_page_table(base);
	flush_tlb_kernel_range(base, base + THREAD_SIZE);
	for (int i = 0; i < n; i++)
		__free_pages(pages[i], 0);
	if (pt)
		__free_pages(pfn_to_page(pt >> PAGE_SHIFT), 0);
}

void *kstack_alloc(void)
{
	s64 slot = slot_get();
	u64 base;

	if (slot < 0)
		return NULL;
	base = slot_base(slot);
	for (int i = 0; i < THREAD_PAGES; i++) {
		struct page *page = alloc_pages(__GFP_ZERO | __GFP_NOWARN, 0);

		if (page && kernel_map_page(base + i * PAGE_SIZE,
					    page_to_pfn(page) << PAGE_SHIFT,
					    PAGE_KERNEL)) {
			__free_pages(page, 0);
			page = NULL;
		}
		if (!page) {
			unmap_pages(base, i);
			slot_put(slot);
			return NULL;
		}
	}
	return (void *)base;
}

void kstack_free(void *p)
{
	u64 base = (u64)p;

	BUG_ON(base < KSTACK_START || (base - KSTACK_START) % SLOT_SPAN != THREAD_SIZE);
	unmap_pages(base, THREAD_PAGES);
	slot_put((base - KSTACK_START) / SLOT_SPAN);
}

u64 kstack_nr_used(void)
{
	return READ_ONCE(nr_used);
}

bool kstack_addr_in_guard(u64 addr)
{
	return addr >= KSTACK_START && addr < KSTACK_END &&
	       (addr - KSTACK_START) % SLOT_SPAN < THREAD_SIZE;
}
