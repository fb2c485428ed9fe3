/*
 * Between virtual and physical addresses: the direct map and the kernel
 * image (arch/x86_64/mmu.h, memlayout.h draws the map).
 */
#ifndef _ASM_IO_H
#define _ASM_IO_H

#include <linux/types.h>
#include "asm/pgtable.h"

#define __pa(x) virt_to_phys((const void *)(x))
#define __va(x) phys_to_virt((u64)(x))
#define PHYS_PFN(x) ((unsigned long)((x) >> PAGE_SHIFT))
#define PFN_PHYS(x) ((phys_addr_t)(x) << PAGE_SHIFT)
/* A kernel address in the direct map or the kernel image. */
#define virt_addr_valid(kaddr) ((unsigned long)(kaddr) >= PAGE_OFFSET)

#endif
