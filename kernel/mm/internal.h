/*
 * What the files of kernel/mm/ share among themselves and nobody else
 * (Linux's mm/internal.h): the user page bookkeeping of mm.c, the VMA
 * index's insides from vma.c, for memory.c's faults and mmap.c's munmap,
 * mprotect and mremap. The rest of the kernel uses kernel/mm/mm.h.
 * Every function here that takes an mm wants its mm->lock held unless it
 * says otherwise; those that say so check it (lockdep_assert_held()).
 */
#ifndef KERNEL_MM_INTERNAL_H
#define KERNEL_MM_INTERNAL_H

#include "kernel/mm/mm.h"
#include "kernel/mm/page_alloc.h"

/* ---- user pages (mm.c) ---- */

/* A new anonymous user page (PG_anon, counted in AnonPages), or NULL
 * (without a warning: the caller reports it, as SIGBUS or -ENOMEM).
 * No lock needed. */
struct page *alloc_user_page(gfp_t gfp);
/* Drop one mm's reference on a user page; the last one frees it. No
 * lock needed (unshare() puts the old page after dropping mm->lock). */
void put_user_page(struct page *page);
/* @mm maps @nr more (or, negative, fewer) pages like @page (a huge page
 * counts for nothing: not in RSS, as Linux). mm->lock held, or @mm seen
 * by no other task (dup_mm()'s copy, mmput()'s last). */
void add_mm_rss(struct mm_struct *mm, struct page *page, s64 nr);
/* May a PTE map @page writable, and the kernel write it in place? Only
 * an anonymous page that no other mm (and no owner) holds. */
bool page_exclusive(struct page *page);
/* Clear the PTEs of [start, end) of @mm and drop its references; the
 * pages that had their last one go on @pages, for free_page_list()
 * after the TLB flush. A huge page only if all of its 2 MiB is inside. mm->lock held, or mmput() dropped the last user. */
void unmap_range(struct mm_struct *mm, u64 start, u64 end,
		 struct list_head *pages);
/* Free every page on @pages (unmap_range()'s). No lock needed. */
void free_page_list(struct list_head *pages);

/* May @mm lock @pages more pages (RLIMIT_MEMLOCK, CAP_IPC_LOCK)? If not,
 * *@err says why: -EPERM (a limit of 0) or -ENOMEM. (mlock.c) */
bool mlock_allowed(struct mm_struct *mm, u64 pages, long *err);

/* ---- the VMA index (vma.c) ---- */

/* The first VMA that ends above @addr (it contains @addr, or is the
 * next one up), or NULL: Linux's find_vma(). */
struct vm_area_struct *vma_end_above(struct mm_struct *mm, u64 addr);
/* Put @v, whose range must be free, in the tree and the list. mm->lock
 * held, or @mm seen by no other task yet (dup_mm()'s copy). */
void vma_link(struct mm_struct *mm, struct vm_area_struct *v);
/* Take @v out of the tree and the list (the caller frees or relinks it). */
void vma_unlink(struct mm_struct *mm, struct vm_area_struct *v);
/* [start, end) is no longer mapped: get_unmapped_area() looks again. */
void vma_range_freed(struct mm_struct *mm, u64 start, u64 end);
/* Count @v in (@sign 1) or out of (-1) @mm's totals (total_vm, VmStk,
 * VmData): out before a VMA changes size or flags, in after. */
void vma_account(struct mm_struct *mm, struct vm_area_struct *v, s64 sign);
/* A new VMA of @mm (not linked yet) with @flags (and mm->def_flags),
 * @name, mapping @m from page @pgoff (a reference on @m; NULL: anonymous
 * private memory); NULL when out of memory. Any lock may be held. */
struct vm_area_struct *vma_new(struct mm_struct *mm, u64 flags,
			       const char *name, struct address_space *m,
			       u64 pgoff);
/* A copy of @v for @mm (a split, fork), on @v's object's i_mmap too. */
struct vm_area_struct *vma_dup(struct mm_struct *mm,
			       const struct vm_area_struct *v);
/* Free a VMA that is not (or no longer) linked; its object reference
 * goes. */
void vma_free(struct vm_area_struct *v);
/* Link new @v, joined to the VMA before it when they match; frees @v and
 * returns -EEXIST when it overlaps another, -ENOMEM past MAX_MAP_COUNT. */
int insert_new_vma(struct mm_struct *mm, struct vm_area_struct *v);
/* Insert @v in address order and count it; -EEXIST if it overlaps,
 * -ENOMEM past MAX_MAP_COUNT. */
int insert_vma(struct mm_struct *mm, struct vm_area_struct *v);
/* May @mm hold one more VMA (MAX_MAP_COUNT)? mm->lock held. */
bool may_add_vma(struct mm_struct *mm);
/* Cut [start, end) out of every VMA, splitting where needed (munmap);
 * 0 or -ENOMEM. The pages are the caller's to unmap. */
int split_out(struct mm_struct *mm, u64 start, u64 end);
/* Split the VMA that straddles @addr into two at it; 0 or -ENOMEM. */
int split_at(struct mm_struct *mm, u64 addr);
/* Set the @mask bits of every VMA in [start, end) to @bits, splitting at
 * the ends (mlock, madvise); 0 or -ENOMEM. mm->lock held. */
int vma_modify_flags(struct mm_struct *mm, u64 start, u64 end, u64 mask,
		     u64 bits);
/* Is [start, end) wholly covered by VMAs? */
bool range_mapped(struct mm_struct *mm, u64 start, u64 end);
/* Does any VMA overlap [start, end)? */
bool range_intersects(struct mm_struct *mm, u64 start, u64 end);

/* ---- copy-on-write faults (memory.c) ---- */

/* Can no CPU but this one hold TLB entries of @mm (flush_tlb_mm_range()
 * then sends no IPI)? mm->lock held. */
bool mm_only_here(struct mm_struct *mm);
/* Wait until no fork of @mm still has its TLB flush to do; mm->lock held
 * (*@irq: its saved flags), maybe dropped and taken again meanwhile. */
void wait_fork_flush(struct mm_struct *mm, unsigned long *irq);

#endif
