/*
 * The module area (MODULES_VADDR..MODULES_END, arch/x86_64/memlayout.h):
 * where a module's sections live, within 2 GiB of the kernel's text so
 * that code compiled with -mcmodel=kernel reaches the kernel's symbols
 * with 32-bit displacements, as on Linux. A bitmap of pages says what is
 * taken; each allocation is backed by single pages and followed by an
 * unmapped guard page, so running off the end of a module's data faults.
 */
#include "kernel/module/internal.h"
#include "asm/pgtable.h"
#include "asm/tlbflush.h"
#include "kernel/locking/spinlock.h"
#include "kernel/mm/page_alloc.h"
#include "lib/bug.h"

#define MODULE_PAGES ((MODULES_END - MODULES_VADDR) / PAGE_SIZE)

_Static_assert(MODULE_PAGES % 64 == 0, "whole bitmap words");

static u64 area_bitmap[MODULE_PAGES / 64];
static DEFINE_SPINLOCK(area_lock);

static bool page_taken(u64 i)
{
	return area_bitmap[i / 64] & (1ull << (i % 64));
}

static void mark(u64 first, u64 n, bool taken)
{
	for (u64 i = first; i < first + n; i++) {
		if (taken)
			area_bitmap[i / 64] |= 1ull << (i % 64);
		else
			area_bitmap[i / 64] &= ~(1ull << (i % 64));
	}
}

/* Claim the first run of @n free pages; -1 if there is none. */
static s64 area_get(u64 n)
{
	unsigned long flags = spin_lock_irqsave(&area_lock);
	u64 run = 0;
	s64 found = -1;

	for (u64 i = 0; i < MODULE_PAGES && found < 0; i++) {
		run = page_taken(i) ? 0 : run + 1;
		if (run == n) {
			found = (s64)(i + 1 - n);
			mark(found, n, true);
		}
	}
	spin_unlock_irqrestore(&area_lock, flags);
	return found;
}

static void area_put(u64 first, u64 n)
{
	unsigned long flags = spin_lock_irqsave(&area_lock);

	mark(first, n, false);
	spin_unlock_irqrestore(&area_lock, flags);
}

#define UNMAP_BATCH 64	/* pages unmapped per TLB shootdown */

/*
 * Unmap and free the first @n pages at @base, then their emptied page
 * tables. A page is freed only after every CPU's TLB has forgotten it;
 * one shootdown covers a batch of pages (a 64 MiB image is 16384 pages).
 */
static void unmap_pages(u64 base, u64 n)
{
	struct page *batch[UNMAP_BATCH];

	for (u64 done = 0; done < n;) {
		u64 k = MIN(n - done, (u64)UNMAP_BATCH);
		u64 start = base + done * PAGE_SIZE;

		for (u64 i = 0; i < k; i++) {
			u64 *pte = kernel_lookup_pte(start + i * PAGE_SIZE);

			BUG_ON(!pte || !pte_present(*pte));
			batch[i] = pte_page(*pte);
			kernel_unmap_page(start + i * PAGE_SIZE);
		}
		flush_tlb_kernel_range(start, start + k * PAGE_SIZE);
		for (u64 i = 0; i < k; i++)
			__free_pages(batch[i], 0);
		done += k;
	}
	for (u64 va = base; va < base + n * PAGE_SIZE;
	     va = ALIGN_DOWN(va, HPAGE_SIZE) + HPAGE_SIZE) {
		u64 pt = kernel_prune_page_table(va);

		if (pt) {
			flush_tlb_kernel_range(va, va + PAGE_SIZE);
			__free_pages(pfn_to_page(pt >> PAGE_SHIFT), 0);
		}
	}
}

void *module_alloc(u64 size)
{
	u64 n = ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE;
	s64 first = n ? area_get(n + 1) : -1;	/* + 1: the guard page */
	u64 base;

	if (first < 0)
		return NULL;
	base = MODULES_VADDR + (u64)first * PAGE_SIZE;
	for (u64 i = 0; i < n; i++) {
		struct page *page = alloc_pages(__GFP_ZERO | __GFP_NOWARN, 0);

		if (page && kernel_map_page(base + i * PAGE_SIZE,
					    page_to_pfn(page) << PAGE_SHIFT,
					    PAGE_KERNEL)) {
			__free_pages(page, 0);
			page = NULL;
		}
		if (!page) {
			unmap_pages(base, i);
			area_put(first, n + 1);
			return NULL;
		}
	}
	return (void *)base;
}

void module_memfree(void *p, u64 size)
{
	u64 n = ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE;
	u64 base = (u64)p;

	if (!p)
		return;
	BUG_ON(base < MODULES_VADDR || base >= MODULES_END || base % PAGE_SIZE);
	unmap_pages(base, n);
	area_put((base - MODULES_VADDR) / PAGE_SIZE, n + 1);
}

void module_set_prot(void *p, u64 size, u64 prot)
{
	u64 base = (u64)p;

	for (u64 va = base; va < base + size; va += PAGE_SIZE) {
		u64 *pte = kernel_lookup_pte(va);

		BUG_ON(!pte || !pte_present(*pte));
		BUG_ON(kernel_map_page(va, *pte & PTE_ADDR_MASK, prot));
	}
	flush_tlb_kernel_range(base, base + size);
}
