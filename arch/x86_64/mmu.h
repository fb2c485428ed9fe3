/*
 * Page tables and the kernel's view of physical memory. Every physical
 * address has a direct-map alias at PAGE_OFFSET + phys (arch/x86_64/
 * memlayout.h); phys_to_virt()/virt_to_phys() convert between them.
 * Early in boot the direct map covers the first 4 GiB (boot/boot.S);
 * mmu_init_tables() then maps all RAM and gives the kernel image its rights.
 */
#ifndef ARCH_X86_64_MMU_H
#define ARCH_X86_64_MMU_H

#include "arch/x86_64/memlayout.h"
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
#define _PAGE_NX (1ull << 63)
#define PTE_ADDR_MASK 0x000ffffffffff000ull

#define PAGE_KERNEL (_PAGE_PRESENT | _PAGE_RW | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_RO (_PAGE_PRESENT | _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_EXEC (_PAGE_PRESENT | _PAGE_GLOBAL)
#define PAGE_KERNEL_NOCACHE (PAGE_KERNEL | _PAGE_PCD | _PAGE_PWT)

static inline void *phys_to_virt(u64 phys)
{
	return (void *)(phys + PAGE_OFFSET);
}

/* Physical address of a direct-map or kernel-image address. */
static inline u64 virt_to_phys(const void *virt)
{
	u64 v = (u64)virt;

	if (v >= __START_KERNEL_map)
		return v - __START_KERNEL_map;
	return v - PAGE_OFFSET;
}

struct boot_info;

/* Build the kernel's final page tables from the memory map; switch to them. */
void mmu_init_tables(const struct boot_info *bi);
/* Called once the buddy allocator works: page tables come from it now. */
void mmu_buddy_ready(void);
/* Map MMIO [phys, phys + size) uncached in the direct map; returns it. */
void *ioremap(u64 phys, u64 size);
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
/* A temporary identity map of low memory for the SMP trampoline. */
void identity_map_low(u64 phys, u64 size);
void identity_unmap_low(void);
/* The page-table entry that maps @va in the kernel tables, or NULL. */
u64 *kernel_lookup_pte(u64 va);

#endif
