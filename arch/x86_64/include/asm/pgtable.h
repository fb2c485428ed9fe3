/*
 * User page tables: the x86_64 side of address spaces (kernel/mm/mm.c).
 * A user pgd shares the kernel half (entries 256-511) with init_mm's; the
 * user half (0-255) is its own. User pages are mapped present, user-
 * accessible unless the VMA allows nothing (PROT_NONE), writable only if
 * the VMA is (and the page is not shared copy-on-write), and no-execute
 * unless it is executable.
 */
#ifndef ARCH_X86_64_PGTABLE_H
#define ARCH_X86_64_PGTABLE_H

#include "arch/x86_64/mmu.h"
#include "kernel/mm/page_alloc.h"
#include "lib/types.h"

/* A new top-level table with init_mm's kernel half; NULL if out of memory. */
u64 *pgd_alloc(void);
/* Free @pgd and every user-half page table below it (not the pages they
 * map: the caller has freed those). @pgd must not be loaded anywhere. */
void pgd_free(u64 *pgd);
/* The PTE for user address @va, creating tables when @create; or NULL. */
u64 *user_pte(u64 *pgd, u64 va, bool create);
/* The PTE for @va or NULL, and in *@next where to look next: past a
 * whole absent table when there is one (fast walks of sparse ranges). */
u64 *user_pte_next(u64 *pgd, u64 va, u64 *next);
/* PTE bits for a user page with these VM_* rights. */
u64 user_pte_flags(u64 vm_flags);

static inline bool pte_present(u64 pte)
{
	return pte & 1;
}

/* The struct page a (present) PTE maps, as Linux's pte_page(). */
static inline struct page *pte_page(u64 pte)
{
	return pfn_to_page((pte & PTE_ADDR_MASK) >> PAGE_SHIFT);
}

#endif
