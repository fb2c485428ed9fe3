/*
 * mremap(2) (Linux's mm/mremap.c): shrink a mapping in place, grow it in
 * place when the room above is free, or move it (MREMAP_MAYMOVE) to a
 * free gap or to a given address (MREMAP_FIXED, replacing what is
 * there), leaving the old range mapped but empty with MREMAP_DONTUNMAP.
 * Moving moves the page-table entries, not the pages. A mapping of a
 * memory object (MAP_SHARED, a file) keeps its object offset wherever it
 * goes; old_len 0 on such a mapping maps the same pages a second time.
 *
 * Everything happens under one hold of mm->lock, and a move prepares
 * every page table it needs before it moves the first entry: it either
 * completes or leaves the address space as it was (no page can be left
 * behind at an address no VMA covers, where nothing would ever free it).
 */
#include "kernel/mm/mm.h"
#include "asm/pgtable.h"
#include "asm/tlbflush.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/internal.h"
#include "kernel/mm/userfaultfd_k.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "lib/errno.h"

#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#define MREMAP_DONTUNMAP 4

/* Create every page table that moving the present PTEs of [old, old +
 * len) to @new will write; after this, move_ptes() cannot fail. mm->lock
 * held. 0, or -ENOMEM with nothing moved. */
static int prepare_ptes(struct mm_struct *mm, u64 old, u64 new, u64 len)
{
	lockdep_assert_held(&mm->lock);
	for (u64 off = 0, next; off < len; off = next - old) {
		u64 *src = user_pte_next(mm->pgd, old + off, &next);

		if (src && pte_present(*src) && !user_pte(mm->pgd, new + off, true))
			return -ENOMEM;
	}
	return 0;
}

/* Move the present PTEs of [old, old + len) to start at @new (tables
 * made by prepare_ptes()). mm->lock held. */
static void move_ptes(struct mm_struct *mm, u64 old, u64 new, u64 len)
{
	lockdep_assert_held(&mm->lock);
	for (u64 off = 0, next; off < len; off = next - old) {
		u64 *src = user_pte_next(mm->pgd, old + off, &next), *dst;

		if (!src || !pte_present(*src))
			continue;
		dst = user_pte(mm->pgd, new + off, false);
		*dst = *src;
		*src = 0;
	}
}

/* Unmap [start, end) into @pages. mm->lock held. */
static int cut(struct mm_struct *mm, u64 start, u64 end, struct list_head *pages)
{
	int ret = start < end ? split_out(mm, start, end) : 0;

	if (!ret && start < end)
		unmap_range(mm, start, end, pages);
	return ret;
}

/*
 * Move the VMA range [old, old + old_len) to [new, new + new_len), which
 * is free, with its pages; with @keep, an empty copy of it stays at
 * @old (MREMAP_DONTUNMAP). mm->lock held. @new or -ENOMEM (unchanged).
 */
static long move_vma(struct mm_struct *mm, u64 old, u64 old_len, u64 new,
		     u64 new_len, bool keep)
{
	struct vm_area_struct *mid, *stay = NULL;
	int ret;

	lockdep_assert_held(&mm->lock);
	ret = split_at(mm, old) ?: split_at(mm, old + old_len) ?:
	      prepare_ptes(mm, old, new, old_len);
	mid = find_vma(mm, old);
	if (!ret && keep && (!may_add_vma(mm) || !(stay = vma_dup(mm, mid))))
		ret = -ENOMEM;
	if (ret)
		return ret;
	vma_account(mm, mid, -1);
	vma_unlink(mm, mid);
	vma_range_freed(mm, old, old + old_len);
	move_ptes(mm, old, new, old_len);
	mid->vm_start = new;
	mid->vm_end = new + new_len;
	/* A userfaultfd range stays where it was registered (with
	 * DONTUNMAP, on the copy left there): no UFFD_FEATURE_EVENT_REMAP
	 * tells the handler of the move. */
	userfaultfd_clear_vma(mid);
	insert_vma(mm, mid);
	if (stay)
		insert_vma(mm, stay);
	return (long)new;
}

/* old_len 0 on a MAP_SHARED mapping: map the same object pages again at
 * @new. mm->lock held. */
static long map_again(struct mm_struct *mm, struct vm_area_struct *v, u64 old,
		      u64 new, u64 new_len)
{
	struct vm_area_struct *c;

	lockdep_assert_held(&mm->lock);
	if (!(v->vm_flags & VM_SHARED) || !v->vm_mapping)
		return -EINVAL;
	c = vma_dup(mm, v);
	if (!c)
		return -ENOMEM;
	c->vm_pgoff += (old - v->vm_start) >> PAGE_SHIFT;
	c->vm_start = new;
	c->vm_end = new + new_len;
	return insert_new_vma(mm, c) ?: (long)new;
}

/* Grow @v's end from @old_end to @new_end in place, if the room is free. */
static bool grow_in_place(struct mm_struct *mm, struct vm_area_struct *v,
			  u64 old_end, u64 new_end)
{
	lockdep_assert_held(&mm->lock);
	if (v->vm_end != old_end || new_end > TASK_SIZE_MAX ||
	    range_intersects(mm, old_end, new_end))
		return false;
	vma_account(mm, v, -1);
	v->vm_end = new_end;
	vma_account(mm, v, 1);
	return true;
}

/* mm->lock held; where the mapping ends up, or -errno. */
static long remap_locked(struct mm_struct *mm, u64 old, u64 old_len,
			 u64 new_len, unsigned long flags, u64 new,
			 struct list_head *pages)
{
	struct vm_area_struct *v = find_vma(mm, old);
	long err;

	if (!v || old + MAX(old_len, 1ul) > v->vm_end)
		return -EFAULT;
	if ((flags & MREMAP_DONTUNMAP) && v->vm_mapping)
		return -EINVAL;
	if (v->vm_flags & VM_HUGETLB)
		return -EINVAL;		/* huge VMAs stay where they are, here */
	if ((v->vm_flags & VM_LOCKED) && new_len > old_len &&
	    !mlock_allowed(mm, (new_len - old_len) >> PAGE_SHIFT, &err))
		return -EAGAIN;
	if (flags & MREMAP_FIXED) {
		err = cut(mm, new, new + new_len, pages);
		if (err)
			return err;
		/* With old_len 0 the new range may start at old and take @v
		 * away: look again, as Linux does after its unmap (EFAULT). */
		v = find_vma(mm, old);
		if (!v || old + MAX(old_len, 1ul) > v->vm_end)
			return -EFAULT;
	} else if (old_len && new_len <= old_len && !(flags & MREMAP_DONTUNMAP)) {
		return cut(mm, old + new_len, old + old_len, pages) ?: (long)old;
	} else if (old_len && !(flags & MREMAP_DONTUNMAP) &&
		   grow_in_place(mm, v, old + old_len, old + new_len)) {
		return (long)old;
	} else if (!(flags & MREMAP_MAYMOVE) || !(new = get_unmapped_area(mm, new_len))) {
		return -ENOMEM;
	}
	if (!old_len)
		return map_again(mm, find_vma(mm, old), old, new, new_len);
	if (new_len < old_len) {
		err = cut(mm, old + new_len, old + old_len, pages);
		if (err)
			return err;
		old_len = new_len;
	}
	return move_vma(mm, old, old_len, new, new_len, flags & MREMAP_DONTUNMAP);
}

/* mremap with Linux's flags (lengths page-aligned, checked). */
static long do_mremap(struct mm_struct *mm, u64 old, u64 old_len, u64 new_len,
		      unsigned long flags, u64 new_addr)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	LIST_HEAD(pages);
	long ret = remap_locked(mm, old, old_len, new_len, flags, new_addr, &pages);

	spin_unlock_irqrestore(&mm->lock, irq);
	flush_tlb_mm_range(mm, old, old + old_len);
	if (flags & MREMAP_FIXED)
		flush_tlb_mm_range(mm, new_addr, new_addr + new_len);
	free_page_list(&pages);
	return ret;
}

long mm_remap(struct mm_struct *mm, u64 old, u64 old_len, u64 new_len,
	      bool may_move)
{
	return do_mremap(mm, old, old_len, new_len,
			 may_move ? MREMAP_MAYMOVE : 0, 0);
}

/* mremap(2): grow, shrink or move a mapping (MREMAP_MAYMOVE,
 * MREMAP_FIXED, MREMAP_DONTUNMAP), with Linux's errors. */
long sys_mremap(u64 old, u64 old_len, u64 new_len, unsigned long flags,
		u64 new_addr)
{
	if (!current->mm || (old & (PAGE_SIZE - 1)) ||
	    (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)))
		return -EINVAL;
	if ((flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) && old_len != new_len)
		return -EINVAL;
	if (old_len > TASK_SIZE_MAX || new_len > TASK_SIZE_MAX ||
	    old > TASK_SIZE_MAX - old_len)
		return -EINVAL;
	old_len = ALIGN_UP(old_len, PAGE_SIZE);
	new_len = ALIGN_UP(new_len, PAGE_SIZE);
	if (!new_len)
		return -EINVAL;
	if (flags & MREMAP_FIXED) {
		if ((new_addr & (PAGE_SIZE - 1)) || new_addr > TASK_SIZE_MAX - new_len ||
		    new_addr < 0x10000)
			return -EINVAL;
		if (new_addr < old + old_len && old < new_addr + new_len)
			return -EINVAL;	/* the two ranges overlap */
	}
	return do_mremap(current->mm, old, old_len, new_len, flags, new_addr);
}
