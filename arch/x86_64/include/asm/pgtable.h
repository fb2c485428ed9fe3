/*
 * User page tables: the x86_64 side of address spaces (kernel/mm/).
 * A user pgd shares the kernel half (entries 256-511) with init_mm's; the
 * user half (0-255) is its own. User pages are mapped present, user-
 * accessible unless the VMA allows nothing (PROT_NONE), writable only if
 * the VMA is (and the page is not shared copy-on-write), and no-execute
 * unless it is executable.
 *
 * Also the page-table entry bits and the kernel half's 4 KiB mappings
 * (kernel stacks, MMIO, ACPI tables), as Linux's asm/pgtable.h.
 */
#ifndef ASM_X86_64_PGTABLE_H
#define ASM_X86_64_PGTABLE_H

#include "asm/page.h"
#include "kernel/mm/page_alloc.h"
#include "lib/types.h"

/* Page-table entry bits. */
#define _PAGE_PRESENT (1ull << 0)
#define _PAGE_RW (1ull << 1)
#define _PAGE_USER (1ull << 2)
#define _PAGE_PWT (1ull << 3)
#define _PAGE_PCD (1ull << 4)
#define _PAGE_ACCESSED (1ull << 5)
#define _PAGE_DIRTY (1ull << 6)
#define _PAGE_PSE (1ull << 7)	/* large page in a PD/PDPT entry */
#define _PAGE_GLOBAL (1ull << 8)
/* Software bit (the MMU ignores it): a userfaultfd write protection,
 * kernel/mm/userfaultfd.c; the PTE is read-only while it is set. */
#define _PAGE_UFFD_WP (1ull << 10)
#define _PAGE_NX (1ull << 63)
#define PTE_ADDR_MASK 0x000ffffffffff000ull

#define PAGE_KERNEL (_PAGE_PRESENT | _PAGE_RW | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_RO (_PAGE_PRESENT | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_EXEC (_PAGE_PRESENT | _PAGE_GLOBAL)
#define PAGE_KERNEL_NOCACHE (PAGE_KERNEL | _PAGE_PCD | _PAGE_PWT)

/* Map one 4 KiB page of the kernel half (the kernel stack area, ACPI
 * tables): 0, or -ENOMEM when no page table could be had. */
int kernel_map_page(u64 va, u64 phys, u64 flags);
/* Remove a kernel-half 4 KiB mapping (the caller flushes other CPUs). */
void kernel_unmap_page(u64 va);
/*
 * If the page table holding @va's entry is now empty, unhook it and return
 * its physical address for the caller to free after the TLB flush; else 0.
 */
u64 kernel_prune_page_table(u64 va);
/* The page-table entry that maps @va in the kernel tables, or NULL. */
u64 *kernel_lookup_pte(u64 va);

/* A new top-level table with init_mm's kernel half; NULL if out of memory. */
u64 *pgd_alloc(void);
/* Free @pgd and every user-half page table below it (not the pages they
 * map: the caller has freed those). @pgd must not be loaded anywhere. */
void pgd_free(u64 *pgd);
/* The PTE for user address @va, creating tables when @create; or NULL
 * (also inside a 2 MiB huge page, which has no PTE). */
u64 *user_pte(u64 *pgd, u64 va, bool create);
/* The PTE for @va or NULL, and in *@next where to look next: past a
 * whole absent table when there is one (fast walks of sparse ranges).
 * A 2 MiB huge page's page-directory entry (_PAGE_PSE) is returned as
 * its PTE, with *@next past it: a walk sees one entry per huge page. */
u64 *user_pte_next(u64 *pgd, u64 va, u64 *next);
/* The page-directory entry for 2 MiB-aligned user address @va (its huge
 * page, _PAGE_PSE), creating the tables above when @create; NULL when
 * out of memory or a page table is there. */
u64 *user_pmd(u64 *pgd, u64 va, bool create);
/* Take the empty page table an earlier small-page mapping left at @va's
 * page-directory entry out of it; the table, for the caller to free once
 * no TLB can still walk it, or NULL (none, or not empty). */
void *user_pmd_detach_table(u64 *pgd, u64 va);
/* PTE bits for a user page with these VM_* rights. */
u64 user_pte_flags(u64 vm_flags);

/* True if the entry maps a page. */
static inline bool pte_present(u64 pte)
{
	return pte & _PAGE_PRESENT;
}

/* The struct page a (present) PTE maps, as Linux's pte_page(). */
static inline struct page *pte_page(u64 pte)
{
	return pfn_to_page((pte & PTE_ADDR_MASK) >> PAGE_SHIFT);
}

#endif
