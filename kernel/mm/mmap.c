/*
 * The memory system calls: brk (the heap), mmap/munmap of anonymous
 * private memory, mprotect, mremap, madvise. Memory is only promised
 * here (VMAs); pages appear when first touched (kernel/mm/mm.c).
 */
#include "kernel/mm/mm.h"
#include "asm/pgtable.h"
#include "asm/tlbflush.h"
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
		if (flags & MAP_FIXED)
			do_munmap(mm, addr, len);
	}
	if (flags & MAP_GROWSDOWN)
		vmf |= VM_GROWSDOWN;
	if (!(flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)))
		return vma_add_anywhere(mm, len, vmf, "");
	err = vma_add(mm, addr, addr + len, vmf, "");
	if (err)
		return err == -EEXIST ? -EEXIST : err;
	return (long)addr;
}

long sys_munmap(u64 addr, u64 len)
{
	if (!current->mm)
		return -EINVAL;
	return do_munmap(current->mm, addr, len);
}

long sys_mprotect(u64 start, u64 len, unsigned long prot)
{
	if (!current->mm || (start & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (!len)
		return 0;
	return mm_protect(current->mm, start, ALIGN_UP(len, PAGE_SIZE),
			  prot_to_vm(prot));
}

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

long sys_madvise(u64 start, u64 len, int advice)
{
	if (!current->mm || (start & (PAGE_SIZE - 1)))
		return -EINVAL;
	/* DONTNEED: the pages go; the next touch gets zeroes. */
	if (advice == MADV_DONTNEED)
		mm_drop_pages(current->mm, start, ALIGN_UP(len, PAGE_SIZE));
	return 0;
}
