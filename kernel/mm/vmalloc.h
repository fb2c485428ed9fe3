/*
 * Kernel address ranges backed by single pages: the kernel stack area
 * (kernel/mm/kstack.c) and the module area (kernel/module/alloc.c) each
 * pick their own range, then map fresh pages into it and take them back
 * with these two, as Linux's vmalloc area backs both its stacks and its
 * modules (mm/vmalloc.c).
 */
#ifndef KERNEL_MM_VMALLOC_H
#define KERNEL_MM_VMALLOC_H

#include "lib/types.h"

/* Map @n fresh zeroed pages read-write at @base (page-aligned, unmapped):
 * 0, or -ENOMEM with nothing left mapped. */
int vmap_fresh_pages(u64 base, u64 n);
/* Unmap the @n pages at @base, free them once no CPU's TLB holds them,
 * and free the page tables that became empty. Process context. */
void vunmap_free_pages(u64 base, u64 n);

#endif
