/*
 * Advice and questions about a range of memory (Linux's mm/madvise.c,
 * mm/mincore.c, mm/msync.c): madvise (MADV_DONTNEED drops the pages:
 * private anonymous memory reads zeroes again, a shared or file mapping
 * its object's bytes; MADV_DONTDUMP marks VMAs for the core dumper;
 * the rest of the common advice is accepted),
 * mincore (which pages are in memory), msync (a no-op that checks its
 * arguments: a MAP_SHARED mapping is the file's own pages, so every
 * write is already in the file).
 */
#include "kernel/mm/mm.h"
#include "asm/pgtable.h"
#include "asm/tlbflush.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/filemap.h"
#include "kernel/mm/internal.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"

#define MADV_NORMAL 0
#define MADV_RANDOM 1
#define MADV_SEQUENTIAL 2
#define MADV_WILLNEED 3
#define MADV_DONTNEED 4
#define MADV_FREE 8
#define MADV_DONTFORK 10
#define MADV_DOFORK 11
#define MADV_DONTDUMP 16
#define MADV_DODUMP 17
#define MADV_COLD 20
#define MADV_PAGEOUT 21
#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4

/* MADV_DONTNEED: drop the pages of [start, start + len) from @mm; they
 * come back zeroed (private anonymous) or as their object's bytes. */
static void drop_pages(struct mm_struct *mm, u64 start, u64 len)
{
	LIST_HEAD(pages);
	unsigned long irq = spin_lock_irqsave(&mm->lock);

	if (start < TASK_SIZE_MAX && len <= TASK_SIZE_MAX - start)
		unmap_range(mm, start, start + len, &pages);
	spin_unlock_irqrestore(&mm->lock, irq);
	flush_tlb_mm_range(mm, start, start + len);
	free_page_list(&pages);
}

/* Is [start, end) mapped, and (@unlocked) by no VM_LOCKED VMA, and
 * (@advice MADV_DONTNEED or MADV_FREE) by a huge one only for
 * MADV_DONTNEED from a 2 MiB boundary (Linux 6.1)? mm->lock held. 0,
 * -ENOMEM (a hole) or -EINVAL. */
static int check_range(struct mm_struct *mm, u64 start, u64 end, bool unlocked,
		       int advice)
{
	bool drop = advice == MADV_DONTNEED || advice == MADV_FREE;

	lockdep_assert_held(&mm->lock);
	for (u64 va = start; va < end;) {
		struct vm_area_struct *v = find_vma(mm, va);

		if (!v)
			return -ENOMEM;
		if (unlocked && (v->vm_flags & VM_LOCKED))
			return -EINVAL;
		if (drop && (v->vm_flags & VM_HUGETLB) &&
		    (advice == MADV_FREE || !IS_ALIGNED(va, HPAGE_SIZE)))
			return -EINVAL;
		va = v->vm_end;
	}
	return 0;
}

static bool advice_known(int advice)
{
	switch (advice) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL:
	case MADV_WILLNEED: case MADV_DONTNEED: case MADV_FREE:
	case MADV_DONTFORK: case MADV_DOFORK: case MADV_DONTDUMP:
	case MADV_DODUMP: case MADV_COLD: case MADV_PAGEOUT:
		return true;
	default:
		return false;
	}
}

/* madvise(2): MADV_DONTNEED and MADV_FREE drop the pages (not of a
 * locked VMA: EINVAL; of a huge one MADV_DONTNEED only, from a huge page
 * boundary, and whole huge pages: the length rounds down); MADV_DONTDUMP and MADV_DODUMP keep the range out
 * of a core file or put it back (VM_DONTDUMP); the other advice Linux
 * commonly gets is accepted and changes nothing here. A hole in the
 * range: ENOMEM. */
long sys_madvise(u64 start, u64 len, int advice)
{
	struct mm_struct *mm = current->mm;
	bool drop = advice == MADV_DONTNEED || advice == MADV_FREE;
	unsigned long irq;
	u64 end;
	int ret;

	if (!mm || (start & (PAGE_SIZE - 1)) || !advice_known(advice))
		return -EINVAL;
	end = start + ALIGN_UP(len, PAGE_SIZE);
	if (end < start || end > TASK_SIZE_MAX)
		return -EINVAL;
	if (start == end)
		return 0;
	irq = spin_lock_irqsave(&mm->lock);
	ret = check_range(mm, start, end, drop, advice);
	if (ret != -EINVAL && (advice == MADV_DONTDUMP || advice == MADV_DODUMP))
		ret = vma_modify_flags(mm, start, end, VM_DONTDUMP,
				       advice == MADV_DONTDUMP ? VM_DONTDUMP : 0) ?: ret;
	spin_unlock_irqrestore(&mm->lock, irq);
	if (ret == -EINVAL)
		return ret;
	if (drop)
		drop_pages(mm, start, end - start);
	return ret;
}

/* Is page @va of @v in memory (mapped here, or in its object)? */
static bool page_resident(struct mm_struct *mm, struct vm_area_struct *v,
			  u64 va)
{
	u64 *pte = user_pte(mm->pgd, va, false);
	struct page *page;

	if (pte && pte_present(*pte))
		return true;
	if (!v->vm_mapping)
		return false;
	page = filemap_get_page(v->vm_mapping,
				v->vm_pgoff + ((va - v->vm_start) >> PAGE_SHIFT), false);
	if (page)
		put_user_page(page);
	return page;
}

#define MINCORE_CHUNK 256

/* mincore(2): one byte per page of [start, start + len) into @vec, 1 if
 * the page is in memory. */
long sys_mincore(u64 start, u64 len, unsigned char __user *vec)
{
	struct mm_struct *mm = current->mm;
	unsigned char buf[MINCORE_CHUNK];
	u64 pages;

	if (!mm || (start & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (len > TASK_SIZE_MAX || start > TASK_SIZE_MAX - len)
		return -ENOMEM;
	pages = ALIGN_UP(len, PAGE_SIZE) >> PAGE_SHIFT;
	if (!access_ok(vec, pages))
		return -EFAULT;
	for (u64 done = 0; done < pages;) {
		u64 n = MIN(pages - done, (u64)MINCORE_CHUNK);
		unsigned long irq = spin_lock_irqsave(&mm->lock);

		for (u64 i = 0; i < n; i++) {
			u64 va = start + (done + i) * PAGE_SIZE;
			struct vm_area_struct *v = find_vma(mm, va);

			if (!v) {
				spin_unlock_irqrestore(&mm->lock, irq);
				return -ENOMEM;
			}
			buf[i] = page_resident(mm, v, va);
		}
		spin_unlock_irqrestore(&mm->lock, irq);
		if (copy_to_user(vec + done, buf, n))
			return -EFAULT;
		done += n;
	}
	return 0;
}

/* msync(2): the range must be mapped (ENOMEM); MS_SYNC and MS_ASYNC
 * exclude each other; MS_INVALIDATE of a locked VMA is EBUSY. */
long sys_msync(u64 start, u64 len, int flags)
{
	struct mm_struct *mm = current->mm;
	unsigned long irq;
	u64 end;
	int ret;

	if (!mm || (start & (PAGE_SIZE - 1)) ||
	    (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	end = start + ALIGN_UP(len, PAGE_SIZE);
	if (end < start || end > TASK_SIZE_MAX)
		return -ENOMEM;
	irq = spin_lock_irqsave(&mm->lock);
	ret = check_range(mm, start, end, flags & MS_INVALIDATE, MADV_NORMAL);
	spin_unlock_irqrestore(&mm->lock, irq);
	return ret == -EINVAL ? -EBUSY : ret;
}
