/*
 * Pages and physical addresses (Linux's asm/page.h). Every physical
 * address has a direct-map alias at PAGE_OFFSET + phys (asm/memlayout.h);
 * phys_to_virt()/virt_to_phys() convert between them. Whole-page clear
 * and copy are Linux's clear_page()/copy_page(): one "rep stosq"/"rep
 * movsq" of 512 quadwords. The string instructions are what the CPU (and
 * QEMU) does fastest for a whole aligned page; the generic memset/memcpy
 * in lib/string.c are loops written for any size and alignment.
 */
#ifndef ASM_X86_64_PAGE_H
#define ASM_X86_64_PAGE_H

#include "asm/memlayout.h"
#include "lib/types.h"

/* The direct-map address of physical address @phys. */
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

/* Linux's short names for the conversions, and page frame numbers. */
#define __pa(x) virt_to_phys((const void *)(x))
#define __va(x) phys_to_virt((u64)(x))
#define PHYS_PFN(x) ((unsigned long)((x) >> PAGE_SHIFT))
#define PFN_PHYS(x) ((u64)(x) << PAGE_SHIFT)
/* A kernel address in the direct map or the kernel image. */
#define virt_addr_valid(kaddr) ((unsigned long)(kaddr) >= PAGE_OFFSET)

/* Zero the page at @page (a page-aligned kernel address). */
static inline void clear_page(void *page)
{
	u64 n = PAGE_SIZE / 8;

	__asm__ __volatile__("rep stosq"
			     : "+D"(page), "+c"(n)
			     : "a"(0ull)
			     : "memory");
}

/* Copy the page at @from to the page at @to (both page-aligned). */
static inline void copy_page(void *to, const void *from)
{
	u64 n = PAGE_SIZE / 8;

	__asm__ __volatile__("rep movsq"
			     : "+D"(to), "+S"(from), "+c"(n)
			     :
			     : "memory");
}

#endif
