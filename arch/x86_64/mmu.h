/*
 * Building the kernel's page tables, private to arch/x86_64 (mmu.c).
 * Early in boot the direct map covers the first 4 GiB (boot/boot.S);
 * mmu_init_tables() then maps all RAM and gives the kernel image its
 * rights. What the generic kernel uses of the page tables is in
 * asm/pgtable.h, the direct map's conversions in asm/page.h.
 */
#ifndef ARCH_X86_64_MMU_H
#define ARCH_X86_64_MMU_H

#include "asm/pgtable.h"
#include "lib/types.h"

struct boot_info;

/* Build the kernel's final page tables from the memory map; switch to them. */
void mmu_init_tables(const struct boot_info *bi);
/* Called once the buddy allocator works: page tables come from it now. */
void mmu_buddy_ready(void);
/* A temporary identity map of low memory for the SMP trampoline. */
void identity_map_low(u64 phys, u64 size);
void identity_unmap_low(void);

#endif
