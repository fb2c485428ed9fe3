/*
 * Kernel stack blocks in the stack area (see kstack.h). A bitmap records
 * which slots are taken; each block is backed by THREAD_PAGES single
 * pages (no large contiguous allocation is needed, so fragmentation does
 * not limit the number of threads).
 */
#include "kernel/mm/kstack.h"
#include "kernel/mm/vmalloc.h"
#include "asm/pgtable.h"
#include "kernel/locking/spinlock.h"
#include "lib/bug.h"
#include "kernel/preempt.h"

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

void *kstack_alloc(void)
{
	s64 slot = slot_get();
	u64 base;

	if (slot < 0)
		return NULL;
	base = slot_base(slot);
	if (vmap_fresh_pages(base, THREAD_PAGES)) {
		slot_put(slot);
		return NULL;
	}
	return (void *)base;
}

void kstack_free(void *p)
{
	u64 base = (u64)p;

	BUG_ON(!in_task());
	BUG_ON(base < KSTACK_START || (base - KSTACK_START) % SLOT_SPAN != THREAD_SIZE);
	vunmap_free_pages(base, THREAD_PAGES);
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
