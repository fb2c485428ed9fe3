/*
 * The memory system calls: brk (the heap), mmap/munmap of anonymous
 * private memory, mprotect, mremap, madvise, each next to what it does
 * to an address space (do_munmap(), mm_protect(), mm_remap(),
 * mm_drop_pages(); Linux keeps mprotect and mremap in files of their
 * own). Memory is only promised here (VMAs, vma.c); pages appear when
 * first touched (memory.c).
 */
#include "kernel/mm/mm.h"
#include "asm/pgtable.h"
#include "asm/tlbflush.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/internal.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/task.h"
#include "lib/errno.h"

#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_GROWSDOWN 0x0100
#define MAP_FIXED_NOREPLACE 0x100000
#define MREMAP_MAYMOVE 1
#define MADV_DONTNEED 4
#define HEAP_MAX (1ull << 40)	/* brk never goes further than this */

static u64 prot_to_vm(unsigned long prot)
{
	return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
}

long sys_brk(u64 brk)
{
	struct mm_struct *mm = current->mm;
	u64 old_end, new_end;

	if (!mm || brk < mm->start_brk || brk > mm->start_brk + HEAP_MAX)
		return mm ? (long)mm->brk : 0;
	old_end = ALIGN_UP(mm->brk, PAGE_SIZE);
	new_end = ALIGN_UP(brk, PAGE_SIZE);
	if (new_end > old_end) {
		/* The heap VMA grows: add the new part (merged in maps). */
		if (vma_add(mm, old_end, new_end, VM_READ | VM_WRITE, "[heap]"))
			return (long)mm->brk;
	} else if (new_end < old_end) {
		do_munmap(mm, new_end, old_end - new_end);
	}
	mm->brk = brk;
	return (long)brk;
}

/* mmap(2) of anonymous private memory only (-ENODEV otherwise): a new VMA
 * at @addr (MAP_FIXED / _NOREPLACE) or anywhere; pages come at first touch. */
long sys_mmap(u64 addr, u64 len, unsigned long prot, unsigned long flags,
	      long fd, u64 off)
{
	struct mm_struct *mm = current->mm;
	u64 vmf = prot_to_vm(prot);
	long err;

	if (!mm || !len || len > TASK_SIZE_MAX || (off & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS) || (flags & MAP_SHARED))
		return -ENODEV;	/* only anonymous private memory */
	len = ALIGN_UP(len, PAGE_SIZE);
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & (PAGE_SIZE - 1) || addr > TASK_SIZE_MAX - len ||
		    addr < 0x10000)
			return -EINVAL;
	}
	if (flags & MAP_GROWSDOWN)
		vmf |= VM_GROWSDOWN;
	if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) == MAP_FIXED) {
		LIST_HEAD(pages);

		err = vma_replace(mm, addr, addr + len, vmf, &pages);
		flush_tlb_mm_range(mm, addr, addr + len);
		free_page_list(&pages);
		return err ?: (long)addr;
	}
	if (!(flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)))
		return vma_add_anywhere(mm, len, vmf, "");
	err = vma_add(mm, addr, addr + len, vmf, "");
	if (err)
		return err == -EEXIST ? -EEXIST : err;
	return (long)addr;
}

int do_munmap(struct mm_struct *mm, u64 start, u64 len)
{
	LIST_HEAD(pages);
	unsigned long irq;
	u64 end;
	int ret;

	if (!IS_ALIGNED(start, PAGE_SIZE) || !len || start >= TASK_SIZE_MAX ||
	    len > TASK_SIZE_MAX - start)
		return -EINVAL;
	end = ALIGN_UP(start + len, PAGE_SIZE);
	irq = spin_lock_irqsave(&mm->lock);
	ret = split_out(mm, start, end);
	if (!ret)
		unmap_range(mm, start, end, &pages);
	spin_unlock_irqrestore(&mm->lock, irq);
	flush_tlb_mm_range(mm, start, end);
	free_page_list(&pages);
	return ret;
}

/* munmap(2): remove [@addr, @addr + @len) from current's address space. */
long sys_munmap(u64 addr, u64 len)
{
	if (!current->mm)
		return -EINVAL;
	return do_munmap(current->mm, addr, len);
}

/* New rights for the present PTEs of [start, end) (Linux's
 * change_pte_range()); a shared page stays read-only, to be unshared by
 * the first write. mm->lock held. */
static void change_pte_range(struct mm_struct *mm, u64 start, u64 end,
			     u64 vm_flags)
{
	u64 flags = user_pte_flags(vm_flags);

	lockdep_assert_held(&mm->lock);
	for (u64 va = start, next; va < end; va = next) {
		u64 *pte = user_pte_next(mm->pgd, va, &next);

		if (!pte || !pte_present(*pte))
			continue;
		*pte = (*pte & PTE_ADDR_MASK) |
		       (page_exclusive(pte_page(*pte)) ? flags : flags & ~_PAGE_RW);
	}
}

int mm_protect(struct mm_struct *mm, u64 start, u64 len, u64 vm_flags)
{
	u64 end = start + len;
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	int ret = 0;

	if (end > TASK_SIZE_MAX || end < start || !range_mapped(mm, start, end))
		ret = -ENOMEM;
	ret = ret ?: split_at(mm, start);
	ret = ret ?: split_at(mm, end);
	for (u64 va = start; !ret && va < end;) {
		struct vm_area_struct *v = find_vma(mm, va);

		vma_account(mm, v, -1);
		v->vm_flags = (v->vm_flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | vm_flags;
		vma_account(mm, v, 1);
		change_pte_range(mm, va, v->vm_end, vm_flags);
		va = v->vm_end;
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	flush_tlb_mm_range(mm, start, end);
	return ret;
}

/* mprotect(2): change the protection of whole pages in current's mm. */
long sys_mprotect(u64 start, u64 len, unsigned long prot)
{
	if (!current->mm || (start & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (!len)
		return 0;
	return mm_protect(current->mm, start, ALIGN_UP(len, PAGE_SIZE),
			  prot_to_vm(prot));
}

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

long mm_remap(struct mm_struct *mm, u64 old, u64 old_len, u64 new_len,
	      bool may_move)
{
	unsigned long irq;
	struct vm_area_struct *v;
	u64 new;
	long ret;

	if (new_len <= old_len) {
		if (new_len < old_len)
			do_munmap(mm, old + new_len, old_len - new_len);
		return (long)old;
	}
	irq = spin_lock_irqsave(&mm->lock);
	v = find_vma(mm, old);
	if (!v || old + old_len > v->vm_end) {
		spin_unlock_irqrestore(&mm->lock, irq);
		return -EFAULT;
	}
	/* Grow in place when the VMA ends here and the room above is free. */
	if (v->vm_end == old + old_len && old + new_len <= TASK_SIZE_MAX &&
	    !range_intersects(mm, v->vm_end, old + new_len)) {
		vma_account(mm, v, -1);
		v->vm_end = old + new_len;
		vma_account(mm, v, 1);
		spin_unlock_irqrestore(&mm->lock, irq);
		return (long)old;
	}
	ret = -ENOMEM;
	new = may_move ? get_unmapped_area(mm, new_len) : 0;
	/* Every page table first: a move that failed halfway would strand
	 * pages where no VMA is (issue 19). */
	if (new && !split_at(mm, old) && !split_at(mm, old + old_len) &&
	    !prepare_ptes(mm, old, new, old_len)) {
		struct vm_area_struct *mid = find_vma(mm, old);

		vma_account(mm, mid, -1);
		vma_unlink(mm, mid);
		vma_range_freed(mm, old, old + old_len);
		move_ptes(mm, old, new, old_len);
		mid->vm_start = new;
		mid->vm_end = new + new_len;
		insert_vma(mm, mid);
		ret = (long)new;
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	if (ret > 0)
		flush_tlb_mm_range(mm, old, old + old_len);
	return ret;
}

/* mremap(2): grow or shrink a mapping, moving it with MREMAP_MAYMOVE. */
long sys_mremap(u64 old, u64 old_len, u64 new_len, unsigned long flags,
		u64 new_addr)
{
	if (!current->mm || (old & (PAGE_SIZE - 1)) || !new_len ||
	    (flags & ~MREMAP_MAYMOVE) || old_len > TASK_SIZE_MAX ||
	    new_len > TASK_SIZE_MAX || old > TASK_SIZE_MAX - old_len)
		return -EINVAL;
	return mm_remap(current->mm, old, ALIGN_UP(old_len, PAGE_SIZE),
			ALIGN_UP(new_len, PAGE_SIZE), flags & MREMAP_MAYMOVE);
}

void mm_drop_pages(struct mm_struct *mm, u64 start, u64 len)
{
	LIST_HEAD(pages);
	unsigned long irq = spin_lock_irqsave(&mm->lock);

	if (start < TASK_SIZE_MAX && len <= TASK_SIZE_MAX - start)
		unmap_range(mm, start, start + len, &pages);
	spin_unlock_irqrestore(&mm->lock, irq);
	flush_tlb_mm_range(mm, start, start + len);
	free_page_list(&pages);
}

/* madvise(2): only MADV_DONTNEED acts (the pages go, zeroes come back);
 * other advice is accepted and ignored. */
long sys_madvise(u64 start, u64 len, int advice)
{
	if (!current->mm || (start & (PAGE_SIZE - 1)))
		return -EINVAL;
	/* DONTNEED: the pages go; the next touch gets zeroes. */
	if (advice == MADV_DONTNEED)
		mm_drop_pages(current->mm, start, ALIGN_UP(len, PAGE_SIZE));
	return 0;
}
