/*
 * Huge pages (Linux's include/linux/hugetlb.h): 2 MiB pages from a pool
 * set aside in advance, mapped by one page-directory entry each.
 *
 * A 4 KiB page needs four levels of page table; a 2 MiB page stops one
 * level early: its page-directory entry has the PS bit (_PAGE_PSE) and
 * points at 512 contiguous, 2 MiB-aligned frames. One TLB entry then
 * covers 512 times as much memory. Because such blocks are hard to find
 * once memory is fragmented, Linux (and Taskbase) take them at a time of
 * the administrator's choosing into a pool (/proc/sys/vm/nr_hugepages,
 * hugepages= on the command line), and mappings draw on the pool: mmap
 * reserves the pages it will need (HugePages_Rsvd in /proc/meminfo) so a
 * fault later never finds the pool empty, and fails with ENOMEM instead.
 *
 * Three ways in: mmap(MAP_HUGETLB) (anonymous), a memfd_create(MFD_HUGETLB)
 * file, and shmget(SHM_HUGETLB); the last two are a struct hugetlb_obj
 * (the pages by index, shared by every mapping). A huge VMA is never split
 * or moved here (munmap, mprotect of part of it: EINVAL).
 */
#ifndef KERNEL_MM_HUGETLB_H
#define KERNEL_MM_HUGETLB_H

#include "kernel/mm/mm.h"
#include "asm/memlayout.h"		/* HPAGE_SHIFT, HPAGE_SIZE */

#define HUGETLB_ORDER (HPAGE_SHIFT - 12)
#define HPAGE_PMD_NR (1u << HUGETLB_ORDER)	/* small pages in one */
/* MAP_HUGETLB's, MFD_HUGETLB's and SHM_HUGETLB's page-size field: log2 of
 * the size at bit 26 (0: the default, 2 MiB; only 21 exists here). */
#define HUGETLB_FLAG_ENCODE_SHIFT 26
#define HUGETLB_FLAG_ENCODE_MASK 0x3fu

/* The pool's counts (pages), for /proc/meminfo and the sysctls. */
struct hugetlb_counts {
	u64 total, free, resv, surplus;
};
void hugetlb_counts(struct hugetlb_counts *c);
/* Set the pool to @n pages (nr_hugepages): grows as far as memory
 * allows, shrinks by the free, unreserved pages only. */
void hugetlb_set_pool(u64 n);

/* Is the page-size field of @flags (MAP_HUGETLB's, MFD_HUGETLB's) one
 * there are huge pages of? 0, or -EINVAL. */
int hugetlb_size_ok(unsigned long flags);

/* A new object of @size bytes (memfd, shm), one reference; NULL. */
struct hugetlb_obj *hugetlb_obj_alloc(u64 size);
void hugetlb_obj_get(struct hugetlb_obj *o);
/* Drop a reference; the last gives its pages and reservations back. */
void hugetlb_obj_put(struct hugetlb_obj *o);
/* The object's size in bytes, and a new one (a multiple of HPAGE_SIZE:
 * else -EINVAL; a shrink drops the pages past it). */
u64 hugetlb_obj_size(struct hugetlb_obj *o);
/* Huge page @index of @o with a reference (hugetlb_page_put() it), or
 * NULL for a hole or past the end. */
struct page *hugetlb_obj_page(struct hugetlb_obj *o, u64 index);
/* Drop the reference hugetlb_obj_page() gave. */
void hugetlb_page_put(struct page *page);
int hugetlb_obj_resize(struct hugetlb_obj *o, u64 size);

/* mmap: make @v (@len bytes, from page @pgoff of object @o or anonymous)
 * a huge VMA and reserve its pages; 0 or -ENOMEM. */
int hugetlb_vma_setup(struct vm_area_struct *v, struct hugetlb_obj *o,
		      u64 len);
/* A copy of huge VMA @v for fork: the object shared, no reservation. */
void hugetlb_vma_dup(struct vm_area_struct *c);
/* @v goes: its reservations and its object reference with it. */
void hugetlb_vma_free(struct vm_area_struct *v);
/* A fault at @addr in huge VMA @v: 0, or VM_FAULT_SIGBUS when no huge
 * page is left. mm->lock held (*@irq); it may be dropped and retaken
 * (then @v may be gone: the caller only returns). */
int hugetlb_fault(struct mm_struct *mm, struct vm_area_struct *v, u64 addr,
		  bool write, unsigned long *irq);
/* The last reference on huge page @page went: back to the pool. */
void free_huge_page(struct page *page);

#endif
