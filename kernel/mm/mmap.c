/*
 * The memory system calls: brk (the heap), mmap/munmap, mprotect, each
 * next to what it does to an address space (mmap_region(), do_munmap(),
 * mm_protect(); Linux keeps mprotect in a file of its own; mremap is
 * mremap.c, madvise, mincore and msync madvise.c, the mlock calls
 * mlock.c), and remap_file_pages (as Linux 6.1 emulates it: a new
 * mapping of the same object at another offset). mmap maps anonymous memory, private or shared, and memory
 * objects (kernel/mm/filemap.h: the VMA holds a reference), which the
 * file side of mmap(2), kernel/fs/mmap.c, finds for a file.
 * Memory is only promised here (VMAs, vma.c); pages appear when first
 * touched (memory.c).
 */
#include "kernel/mm/mm.h"
#include "asm/pgtable.h"
#include "asm/tlbflush.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/filemap.h"
#include "kernel/mm/hugetlb.h"
#include "kernel/mm/internal.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

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

/* The VMA an mmap() asks for (not placed yet): anonymous memory, or
 * @obj's object; an ERR_PTR when out of memory. */
/* Huge pages: anonymous MAP_HUGETLB memory, or a hugetlbfs file's. */
static bool is_huge(unsigned long flags, const struct mmap_object *obj)
{
	return obj ? obj->huge != NULL : (flags & MAP_HUGETLB) != 0;
}

/* mmap_vma() for huge pages: the VMA and its reservation (-ENOMEM when
 * the pool cannot cover it); shared anonymous memory gets an object of
 * its own, which fork shares. */
static struct vm_area_struct *mmap_huge_vma(struct mm_struct *mm, u64 len,
					    u64 vmf, const struct mmap_object *obj)
{
	bool shared_anon = !obj && (vmf & VM_SHARED);
	struct hugetlb_obj *o = obj ? obj->huge : NULL;
	struct vm_area_struct *v;
	int err;

	if (shared_anon && !(o = hugetlb_obj_alloc(len)))
		return ERR_PTR(-ENOMEM);
	v = vma_new(mm, vmf, obj ? obj->name : shared_anon ? "/anon_hugepage (deleted)" : "",
		    NULL, obj ? obj->pgoff : 0);
	err = v ? hugetlb_vma_setup(v, o, len) : -ENOMEM;
	if (shared_anon)
		hugetlb_obj_put(o);	/* the VMA holds its own */
	if (v && obj) {
		v->vm_dev = obj->dev;
		v->vm_ino = obj->ino;
	}
	if (err && v)
		vma_free(v);
	return err ? ERR_PTR(err) : v;
}

static struct vm_area_struct *mmap_vma(struct mm_struct *mm, u64 len,
				       unsigned long prot, unsigned long flags,
				       const struct mmap_object *obj)
{
	u64 vmf = prot_to_vm(prot) | ((flags & MAP_TYPE) != MAP_PRIVATE ? VM_SHARED : 0);
	struct address_space *m = obj ? obj->mapping : NULL;
	struct vm_area_struct *v;

	if (flags & MAP_GROWSDOWN)
		vmf |= VM_GROWSDOWN;
	if (flags & MAP_LOCKED)
		vmf |= VM_LOCKED;
	if (!obj && (vmf & VM_SHARED) && !is_huge(flags, obj)) {
		/* Shared anonymous memory: an object of its own, which fork
		 * shares (Linux's /dev/zero shmem file). */
		m = mapping_alloc(len);
		if (!m)
			return ERR_PTR(-ENOMEM);
	}
	if ((vmf & VM_SHARED) && (!obj || obj->may_write))
		vmf |= VM_MAYWRITE;
	if (is_huge(flags, obj))
		return mmap_huge_vma(mm, len, vmf, obj);
	v = vma_new(mm, vmf, obj ? obj->name : m ? "/dev/zero (deleted)" : "", m,
		    obj ? obj->pgoff : 0);
	if (v && obj) {
		v->vm_dev = obj->dev;
		v->vm_ino = obj->ino;
	}
	if (m && !obj)
		mapping_put(m);		/* the VMA holds its own */
	return v ?: ERR_PTR(-ENOMEM);
}

/* A free range of @len bytes, 2 MiB-aligned for huge pages. mm->lock
 * held. */
static u64 huge_area(struct mm_struct *mm, u64 len)
{
	u64 a = get_unmapped_area(mm, len + HPAGE_SIZE - PAGE_SIZE);

	return a ? ALIGN_UP(a, HPAGE_SIZE) : 0;
}

/* May an mmap without MAP_FIXED take its hint @addr (page-aligned up)
 * for @len bytes? Where it is free, above 64 KiB, below the top, and
 * clear of a stack's guard gap, as Linux's get_unmapped_area() takes it.
 * mm->lock held. */
static bool hint_fits(struct mm_struct *mm, u64 addr, u64 len)
{
	struct vm_area_struct *next;

	addr = ALIGN_UP(addr, PAGE_SIZE);
	if (!addr || addr < 0x10000 || addr > TASK_SIZE_MAX - len)
		return false;
	next = vma_end_above(mm, addr);
	return !next || addr + len +
		(next->vm_flags & VM_GROWSDOWN ? STACK_GUARD_GAP : 0) <= next->vm_start;
}

/*
 * Place new VMA @v of @len bytes: at @addr, replacing what is there
 * (MAP_FIXED), at @addr only if free (MAP_FIXED_NOREPLACE: -EEXIST), at
 * the hint @addr if free there (hint_fits()), or in the highest free gap. All under one hold of mm->lock, so no other
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
		if (v->vm_flags & VM_HUGETLB)
			addr = huge_area(mm, len);
		else if (hint_fits(mm, addr, len))
			addr = ALIGN_UP(addr, PAGE_SIZE);
		else
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

long mmap_check(u64 addr, u64 len, unsigned long flags, u64 off)
{
	unsigned long type = flags & MAP_TYPE;

	if (!current->mm || !len || (off & (PAGE_SIZE - 1)))
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
	if ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) &&
	    (addr & (PAGE_SIZE - 1) || addr > TASK_SIZE_MAX - len || addr < 0x10000))
		return -EINVAL;
	return 0;
}

long do_mmap(u64 addr, u64 len, unsigned long prot, unsigned long flags,
	     const struct mmap_object *obj)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *v;
	long err;

	len = ALIGN_UP(len, PAGE_SIZE);
	if (is_huge(flags, obj)) {
		/* Whole huge pages, at a 2 MiB boundary. */
		len = ALIGN_UP(len, HPAGE_SIZE);
		if (hugetlb_size_ok(flags) ||
		    ((flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) &&
		     !IS_ALIGNED(addr, HPAGE_SIZE)))
			return -EINVAL;
	}
	if ((flags & MAP_LOCKED) && !mlock_allowed(mm, len >> PAGE_SHIFT, &err))
		return err == -ENOMEM ? -EAGAIN : err;
	v = mmap_vma(mm, len, prot, flags, obj);
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
	u64 keep;

	lockdep_assert_held(&mm->lock);
	for (u64 va = start, next; va < end; va = next) {
		u64 *pte = user_pte_next(mm->pgd, va, &next);

		if (!pte || !pte_present(*pte))
			continue;
		/* A userfaultfd's write protection stays, and a huge page's
		 * entry stays one. */
		keep = *pte & (_PAGE_UFFD_WP | (vm_flags & VM_HUGETLB ? _PAGE_PSE : 0));
		*pte = (*pte & PTE_ADDR_MASK) |
		       (shared || page_exclusive(pte_page(*pte)) ? flags : flags & ~_PAGE_RW);
		if (keep & _PAGE_UFFD_WP)
			*pte &= ~_PAGE_RW;
		*pte |= keep;
	}
}

int mm_protect(struct mm_struct *mm, u64 start, u64 len, u64 vm_flags)
{
	return mm_protect_pkey(mm, start, len, vm_flags, -1);
}

int mm_protect_pkey(struct mm_struct *mm, u64 start, u64 len, u64 vm_flags,
		    int pkey)
{
	u64 mask = VM_READ | VM_WRITE | VM_EXEC;
	u64 end = start + len;
	unsigned long irq;
	int ret = 0;

	if (pkey >= 0) {
		mask |= VM_PKEY_MASK;
		vm_flags |= (u64)pkey << VM_PKEY_SHIFT;
	}
	irq = spin_lock_irqsave(&mm->lock);
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
		v->vm_flags = (v->vm_flags & ~mask) | vm_flags;
		vma_account(mm, v, 1);
		change_pte_range(mm, va, v->vm_end, v->vm_flags);
		va = v->vm_end;
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	flush_tlb_mm_range(mm, start, end);
	return ret;
}

/* mprotect(2): change the protection of whole pages in current's mm. */
long do_mprotect_pkey(u64 start, u64 len, unsigned long prot, int pkey)
{
	if (!current->mm || (start & (PAGE_SIZE - 1)))
		return -EINVAL;
	if (!len)
		return 0;
	return mm_protect_pkey(current->mm, start, ALIGN_UP(len, PAGE_SIZE),
			       prot_to_vm(prot), pkey);
}

long sys_mprotect(u64 start, u64 len, unsigned long prot)
{
	return do_mprotect_pkey(start, len, prot, -1);
}

/*
 * remap_file_pages(2)'s range: in @mm's shared VMA at @start (spanning
 * more only over adjacent VMAs of the same object and flags, as Linux
 * checks), its object, rights and whether it covers that VMA whole into
 * @obj, *@prot, *@flags, *@whole. 0 or -EINVAL. mm->lock held.
 */
static long remap_range(struct mm_struct *mm, u64 start, u64 end,
			struct mmap_object *obj, unsigned long *prot,
			unsigned long *flags, bool *whole)
{
	struct vm_area_struct *v = find_vma(mm, start), *n = v;

	if (!v || !(v->vm_flags & VM_SHARED) || !v->vm_mapping)
		return -EINVAL;
	while (n->vm_end < end) {
		struct vm_area_struct *next = find_vma(mm, n->vm_end);

		if (!next || next->vm_start != n->vm_end ||
		    next->vm_mapping != v->vm_mapping || next->vm_flags != v->vm_flags)
			return -EINVAL;
		n = next;
	}
	*prot = (v->vm_flags & VM_READ ? PROT_READ : 0) |
		(v->vm_flags & VM_WRITE ? PROT_WRITE : 0) |
		(v->vm_flags & VM_EXEC ? PROT_EXEC : 0);
	*flags = MAP_SHARED | MAP_FIXED | (v->vm_flags & VM_LOCKED ? MAP_LOCKED : 0);
	*whole = start == v->vm_start && end == v->vm_end;
	obj->mapping = v->vm_mapping;
	obj->may_write = v->vm_flags & VM_MAYWRITE;
	obj->dev = v->vm_dev;
	obj->ino = v->vm_ino;
	memcpy(obj->name, v->name, sizeof(obj->name));
	mapping_get(obj->mapping);
	return 0;
}

/*
 * remap_file_pages(2), as Linux 6.1 keeps it since the nonlinear
 * mappings went: pages @pgoff on of the object mapped at [@start,
 * @start + @size) now appear there, by a new MAP_FIXED mapping of the
 * same object. @prot must be 0 (the VMA's rights stay); @flags
 * (MAP_NONBLOCK) changes nothing here.
 */
long sys_remap_file_pages(u64 start, u64 size, unsigned long prot, u64 pgoff,
			  unsigned long flags)
{
	struct mm_struct *mm = current->mm;
	struct mmap_object obj = { 0 };
	unsigned long irq, mflags;
	bool whole;
	long ret;

	(void)flags;
	start &= ~(PAGE_SIZE - 1);
	size &= ~(PAGE_SIZE - 1);
	if (prot || !mm || start + size <= start || pgoff + (size >> PAGE_SHIFT) < pgoff)
		return -EINVAL;
	irq = spin_lock_irqsave(&mm->lock);
	ret = remap_range(mm, start, start + size, &obj, &prot, &mflags, &whole);
	spin_unlock_irqrestore(&mm->lock, irq);
	if (ret)
		return ret;
	obj.pgoff = pgoff;
	if (whole && obj.mapping->vm_ops && obj.mapping->vm_ops->remap)
		ret = obj.mapping->vm_ops->remap(obj.mapping);
	if (ret)
		do_munmap(mm, start, size);	/* gone, as on Linux */
	else
		ret = do_mmap(start, size, prot, mflags, &obj);
	mapping_put(obj.mapping);
	return ret < 0 ? ret : 0;
}
