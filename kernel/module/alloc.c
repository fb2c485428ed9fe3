/*
 * The module area (MODULES_VADDR..MODULES_END, arch/x86_64/memlayout.h):
 * where a module's sections live, within 2 GiB of the kernel's text so
 * that code compiled with -mcmodel=kernel reaches the kernel's symbols
 * with 32-bit displacements, as on Linux. A bitmap of pages says what is
 * taken; each allocation is backed by single pages and followed by an
 * unmapped guard page, so running off the end of a module's data faults.
 */
#include "kernel/module/internal.h"
#include "kernel/mm/vmalloc.h"
#include "asm/pgtable.h"
#include "asm/tlbflush.h"
#include "kernel/locking/spinlock.h"
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

void *module_alloc(u64 size)
{
	u64 n = ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE;
	s64 first = n ? area_get(n + 1) : -1;	/* + 1: the guard page */
	u64 base;

	if (first < 0)
		return NULL;
	base = MODULES_VADDR + (u64)first * PAGE_SIZE;
	if (vmap_fresh_pages(base, n)) {
		area_put(first, n + 1);
		return NULL;
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
	vunmap_free_pages(base, n);
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
