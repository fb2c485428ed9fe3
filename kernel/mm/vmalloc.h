/*
 * Kernel address ranges backed by single pages: the kernel stack area
 * (kernel/mm/kstack.c) and the module area (kernel/module/alloc.c) each
 * pick their own range, then map fresh pages into it and take them back
 * with these two, as Linux's vmalloc area backs both its stacks and its
 * modules (mm/vmalloc.c). vmalloc() itself has an area of its own.
 */
#ifndef KERNEL_MM_VMALLOC_H
#define KERNEL_MM_VMALLOC_H

#include "lib/list.h"
#include "lib/types.h"

struct page;

/* Map @n fresh zeroed pages read-write at @base (page-aligned, unmapped):
 * 0, or -ENOMEM with nothing left mapped. */
int vmap_fresh_pages(u64 base, u64 n);
/* Unmap the @n pages at @base, free them once no CPU's TLB holds them,
 * and free the page tables that became empty. Process context. */
void vunmap_free_pages(u64 base, u64 n);
/* The parts of vunmap_free_pages() for a caller that batches its own
 * shootdowns (kernel/mm/kstack.c): unmap the @n pages at @base, their
 * struct pages into @pages, flushing this CPU's TLB only; */
void vunmap_pages(u64 base, u64 n, struct page **pages);
/* take the page tables [base, base + @n pages) left empty out of the
 * page directory, onto @tables (by their ->lru); */
void vprune_tables(u64 base, u64 n, struct list_head *tables);
/* and, after one flush of [start, end) from every TLB, free them. */
void vfree_tables(struct list_head *tables, u64 start, u64 end);

/* @size bytes (page-rounded) of zeroed, virtually contiguous memory in the
 * vmalloc area, read-write, no-execute; NULL when out of memory or room.
 * Process context: it may sleep. */
void *vmalloc(unsigned long size);
/* The same (vmalloc() memory is zeroed already). */
void *vzalloc(unsigned long size);
/* Free what vmalloc() returned (NULL: nothing; anything else warns).
 * Process context (Linux also allows interrupts). */
void vfree(const void *addr);
/* The @n pages @pages (each referenced by the caller, who keeps them)
 * mapped read-write at one virtually contiguous address in the vmalloc
 * area (Linux's vmap()); NULL when out of room or memory. Process
 * context. A packet socket's ring is written by the kernel this way. */
void *vmap(struct page **pages, u64 n);
/* Take back a vmap() range; its pages stay the caller's. */
void vunmap(const void *addr);
/* Is @addr in the vmalloc area? */
bool is_vmalloc_addr(const void *addr);

#endif
