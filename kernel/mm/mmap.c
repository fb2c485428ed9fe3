/*
 * The memory system calls: brk (the heap), mmap/munmap, mprotect, each
 * next to what it does to an address space (mmap_region(), do_munmap(),
 * mm_protect(); Linux keeps mprotect in a file of its own; mremap is
 * mremap.c, madvise, mincore and msync madvise.c, the mlock calls
 * mlock.c). mmap maps anonymous memory, private or shared, and tmpfs
 * files (kernel/mm/filemap.h: the VMA holds the file's memory object).
 * Memory is only promised here (VMAs, vma.c); pages appear when first
 * touched (memory.c).
 */
#include "kernel/mm/mm.h"
#include "asm/pgtable.h"
#include "asm/tlbflush.h"
#include "kernel/fs/vfs.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/filemap.h"
#include "kernel/mm/internal.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define PROT_READ 0x1
#define PROT_WRITE 0x2
#define PROT_EXEC 0x4
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE 0x0f
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_GROWSDOWN 0x0100
#define MAP_DENYWRITE 0x0800
#define MAP_EXECUTABLE 0x1000
#define MAP_LOCKED 0x2000
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE 0x8000
#define MAP_NONBLOCK 0x10000
#define MAP_STACK 0x20000
#define MAP_FIXED_NOREPLACE 0x100000
/* What MAP_SHARED_VALIDATE accepts (Linux's LEGACY_MAP_MASK and more). */
#define MAP_KNOWN (MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_GROWSDOWN | \
		   MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED | MAP_NORESERVE | \
		   MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_FIXED_NOREPLACE)
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

/* What mmap maps for a file: @f's object (referenced) or an ERR_PTR;
 * *@may_write: a shared mapping of it may be made writable. */
static struct address_space *file_object(struct file *f, unsigned long flags,
					 unsigned long prot, bool *may_write)
{
	bool shared = (flags & MAP_TYPE) != MAP_PRIVATE;
	struct address_space *m;

	if (!(f->f_mode & FMODE_READ))
		return ERR_PTR(-EACCES);
	m = ramfs_file_mapping(f->f_inode, may_write);
	if (IS_ERR(m))
		return m;
	*may_write = *may_write && (f->f_mode & FMODE_WRITE) &&
		     !(f->f_flags & O_APPEND);
	if (shared && (prot & PROT_WRITE) && !*may_write) {
		mapping_put(m);
		return ERR_PTR(-EACCES);
	}
	return m;
}

/* @v's maps columns for file @f: path, device, inode. */
static void name_file_vma(struct vm_area_struct *v, struct file *f)
{
	char path[128];

	v->vm_dev = f->f_inode->i_sb->s_dev;
	v->vm_ino = f->f_inode->i_ino;
	if (!f->f_dentry || d_path(f->f_dentry, path, sizeof(path)) < 0)
		strlcpy(path, "/memfd: (deleted)", sizeof(path));
	strlcpy(v->name, path, sizeof(v->name));
}

/* The VMA an mmap() asks for (not placed yet), or an ERR_PTR. */
static struct vm_area_struct *mmap_vma(struct mm_struct *mm, u64 len,
				       unsigned long prot, unsigned long flags,
				       long fd, u64 off)
{
	u64 vmf = prot_to_vm(prot) | ((flags & MAP_TYPE) != MAP_PRIVATE ? VM_SHARED : 0);
	struct address_space *m = NULL;
	struct vm_area_struct *v;
	struct file *f = NULL;
	bool may_write = false;

	if (flags & MAP_GROWSDOWN)
		vmf |= VM_GROWSDOWN;
	if (flags & MAP_LOCKED)
		vmf |= VM_LOCKED;
	if (!(flags & MAP_ANONYMOUS)) {
		f = fget((unsigned int)fd);
		if (!f)
			return ERR_PTR(-EBADF);
		m = file_object(f, flags, prot, &may_write);
		if (may_write)
			vmf |= VM_MAYWRITE;
	} else if (vmf & VM_SHARED) {
		vmf |= VM_MAYWRITE;
		/* Shared anonymous memory: an object of its own, which fork
		 * shares (Linux's /dev/zero shmem file). */
		m = mapping_alloc(len) ?: ERR_PTR(-ENOMEM);
		off = 0;
	}
	if (IS_ERR(m)) {
		if (f)
			fput(f);
		return (struct vm_area_struct *)m;
	}
	v = vma_new(mm, vmf, m && !f ? "/dev/zero (deleted)" : "", m,
		    off >> PAGE_SHIFT);
	if (v && f)
		name_file_vma(v, f);
	if (m)
		mapping_put(m);		/* the VMA holds its own */
	if (f)
		fput(f);
	return v ?: ERR_PTR(-ENOMEM);
}

/*
 * Place new VMA @v of @len bytes: at @addr, replacing what is there
 * (MAP_FIXED), at @addr only if free (MAP_FIXED_NOREPLACE: -EEXIST), or
 * in the highest free gap. All under one hold of mm->lock, so no other
 * thread's mmap can take the range between MAP_FIXED's unmap and its
 * insert. Frees @v on failure.
 */
static long mmap_region(struct mm_struct *mm, struct vm_area_struct *v,
			u64 addr, u64 len, unsigned long flags)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	bool replace = (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) == MAP_FIXED;
	LIST_HEAD(pages);
	long ret = 0;

	if (replace) {
		ret = split_out(mm, addr, addr + len);
		if (!ret)
			unmap_range(mm, addr, addr + len, &pages);
	} else if (!(flags & (MAP_FIXED | MAP_FIXED_NOREPLACE))) {
		addr = get_unmapped_area(mm, len);
		ret = addr ? 0 : -ENOMEM;
	}
	if (ret) {
		vma_free(v);
	} else {
		v->vm_start = addr;
		v->vm_end = addr + len;
		ret = insert_new_vma(mm, v);
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	if (replace)
		flush_tlb_mm_range(mm, addr, addr + len);
	free_page_list(&pages);
	return ret ?: (long)addr;
}

/*
 * mmap(2): anonymous memory (private, or MAP_SHARED: shared with the
 * children fork makes), or a tmpfs file or memfd (MAP_SHARED: the file's
 * own pages; MAP_PRIVATE: copied at the first write); other files are
 * -ENODEV. Pages come at first touch (memory.c).
 */
long sys_mmap(u64 addr, u64 len, unsigned long prot, unsigned long flags,
	      long fd, u64 off)
{
	struct mm_struct *mm = current->mm;
	unsigned long type = flags & MAP_TYPE;
	struct vm_area_struct *v;
	long err;

	if (!mm || !len || (off & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (type == MAP_SHARED_VALIDATE && (flags & ~MAP_KNOWN))
		return -EOPNOTSUPP;
	if (len > TASK_SIZE_MAX)
		return -ENOMEM;
	len = ALIGN_UP(len, PAGE_SIZE);
	if ((off >> PAGE_SHIFT) + (len >> PAGE_SHIFT) < (off >> PAGE_SHIFT))
		return -EOVERFLOW;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & (PAGE_SIZE - 1) || addr > TASK_SIZE_MAX - len ||
		    addr < 0x10000)
			return -EINVAL;
	}
	if ((flags & MAP_LOCKED) && !mlock_allowed(mm, len >> PAGE_SHIFT, &err))
		return err == -ENOMEM ? -EAGAIN : err;
	v = mmap_vma(mm, len, prot, flags, fd, off);
	if (IS_ERR(v))
		return PTR_ERR(v);
	return mmap_region(mm, v, addr, len, flags);
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
 * change_pte_range()); a page shared copy-on-write stays read-only, to
 * be unshared by the first write; a MAP_SHARED VMA's pages take the
 * rights as they are. mm->lock held. */
static void change_pte_range(struct mm_struct *mm, u64 start, u64 end,
			     u64 vm_flags)
{
	u64 flags = user_pte_flags(vm_flags);
	bool shared = vm_flags & VM_SHARED;

	lockdep_assert_held(&mm->lock);
	for (u64 va = start, next; va < end; va = next) {
		u64 *pte = user_pte_next(mm->pgd, va, &next);

		if (!pte || !pte_present(*pte))
			continue;
		*pte = (*pte & PTE_ADDR_MASK) |
		       (shared || page_exclusive(pte_page(*pte)) ? flags : flags & ~_PAGE_RW);
	}
}

int mm_protect(struct mm_struct *mm, u64 start, u64 len, u64 vm_flags)
{
	u64 end = start + len;
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	int ret = 0;

	if (end > TASK_SIZE_MAX || end < start || !range_mapped(mm, start, end))
		ret = -ENOMEM;
	/* Write access to a shared file mapping needs a writable file. */
	for (u64 va = start; !ret && (vm_flags & VM_WRITE) && va < end;) {
		struct vm_area_struct *v = find_vma(mm, va);

		if ((v->vm_flags & (VM_SHARED | VM_MAYWRITE)) == VM_SHARED)
			ret = -EACCES;
		va = v->vm_end;
	}
	ret = ret ?: split_at(mm, start);
	ret = ret ?: split_at(mm, end);
	for (u64 va = start; !ret && va < end;) {
		struct vm_area_struct *v = find_vma(mm, va);

		vma_account(mm, v, -1);
		v->vm_flags = (v->vm_flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | vm_flags;
		vma_account(mm, v, 1);
		change_pte_range(mm, va, v->vm_end, v->vm_flags);
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
