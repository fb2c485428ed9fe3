/*
 * Pinning user pages (Linux's mm/gup.c, pin_user_pages()): a reference
 * on each page behind a range of current's memory, for a kernel user
 * that keeps reaching it by its direct-map address after the call
 * returns (io_uring's registered buffers). The page stays allocated
 * while pinned, whatever munmap does to the mapping; a copy-on-write
 * after the pin (a fork, then a write) gives the program a new page the
 * pin does not follow, as on Linux before FOLL_LONGTERM's anon-exclusive
 * rules.
 */
#include "kernel/mm/internal.h"
#include "asm/pgtable.h"
#include "kernel/task.h"
#include "lib/errno.h"

/* The page mapped at @va now (writable, if @write) with a reference,
 * or NULL when a fault must bring it first. */
static struct page *pin_one(struct mm_struct *mm, u64 va, bool write)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	struct vm_area_struct *v = find_vma(mm, va);
	struct page *page = NULL;
	u64 *pte;

	if (v && !(v->vm_flags & VM_HUGETLB)) {
		pte = user_pte(mm->pgd, va, false);
		if (pte && pte_present(*pte) && (!write || (*pte & _PAGE_RW))) {
			page = pte_page(*pte);
			get_page(page);
		}
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	return page;
}

/* Give back the pins of pin_user_pages(): @nr pages of @pages. */
void unpin_user_pages(struct page **pages, u64 nr)
{
	for (u64 i = 0; i < nr; i++)
		put_user_page(pages[i]);
}

/* Pin the @nr pages from page-aligned @start of current's memory into
 * @pages (writable ones when @write, faulting them in): 0, or -EFAULT
 * (nothing pinned) for an address that is not mapped so, or a 2 MiB
 * huge page (not pinned here). Process context, no locks held. */
long pin_user_pages(u64 start, u64 nr, bool write, struct page **pages)
{
	struct mm_struct *mm = current->mm;

	BUG_ON(start & (PAGE_SIZE - 1));
	for (u64 i = 0; i < nr; i++) {
		u64 va = start + i * PAGE_SIZE;

		pages[i] = NULL;
		/* A fault, then the page; a few times, as another thread may
		 * unmap it in between. */
		for (int tries = 0; mm && va < TASK_SIZE_MAX && tries < 4; tries++) {
			pages[i] = pin_one(mm, va, write);
			if (pages[i] || handle_mm_fault(va, write, false, false))
				break;
		}
		if (!pages[i]) {
			unpin_user_pages(pages, i);
			return -EFAULT;
		}
	}
	return 0;
}
