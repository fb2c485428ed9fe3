/*
 * Huge pages (Linux's mm/hugetlb.c; the idea: kernel/mm/hugetlb.h): the
 * pool, reservations, the objects behind shared huge mappings, and the
 * fault that maps a 2 MiB page with one page-directory entry.
 *
 * The pool holds order-9 blocks of the buddy allocator, each marked
 * PG_hugetlb and kept with one reference while free. A mapped huge page
 * has one reference per page-directory entry mapping it and one from its
 * object; the last put_page_testzero() (unmap_range(), like any page)
 * ends in free_huge_page(), which puts it back on the pool's list.
 *
 * Reservations: a private mapping reserves a page for each 2 MiB of it
 * (vm_huge_resv counts what its faults have not taken yet); a shared one
 * reserves the object's pages up to the end it maps (resv_upto), once
 * for all its mappings. free - resv is what a new reservation may take;
 * an unreserved page (a fork's copy-on-write) takes from that too, and
 * a fault that finds none is SIGBUS, as in Linux.
 *
 * Lock order: mm->lock, then an object's lock, then hugetlb_lock.
 */
#include "kernel/mm/hugetlb.h"
#include "asm/io.h"
#include "asm/irqflags.h"
#include "asm/page.h"
#include "asm/pgtable.h"
#include "asm/tlbflush.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/buddy.h"
#include "kernel/mm/internal.h"
#include "kernel/mm/slab.h"
#include "lib/errno.h"
#include "lib/string.h"

struct hugetlb_obj {
	refcount_t ref;
	spinlock_t lock;		/* pages, size, resv_upto */
	u64 size;			/* bytes */
	u64 nr;				/* slots in pages[] */
	struct page **pages;		/* by 2 MiB index, NULL: none yet */
	u64 resv_upto;			/* indexes below are reserved or have
					 * a page */
	u64 resv;			/* reserved ones without a page */
};

static DEFINE_SPINLOCK(hugetlb_lock);
static LIST_HEAD(hugepage_freelist);
static u64 nr_huge_pages, free_huge_pages, resv_huge_pages;

void hugetlb_counts(struct hugetlb_counts *c)
{
	unsigned long irq = spin_lock_irqsave(&hugetlb_lock);

	c->total = nr_huge_pages;
	c->free = free_huge_pages;
	c->resv = resv_huge_pages;
	c->surplus = 0;
	spin_unlock_irqrestore(&hugetlb_lock, irq);
}

/* One more block from the buddy allocator into the pool; false if none. */
static bool pool_grow(void)
{
	struct page *page = alloc_pages(__GFP_NOWARN, HUGETLB_ORDER);
	unsigned long irq;

	if (!page)
		return false;
	page->flags |= PG_hugetlb;
	irq = spin_lock_irqsave(&hugetlb_lock);
	list_add(&page->lru, &hugepage_freelist);
	nr_huge_pages++;
	free_huge_pages++;
	spin_unlock_irqrestore(&hugetlb_lock, irq);
	return true;
}

/* One free, unreserved page out of the pool back to the buddy allocator
 * while the pool is above @n; false when it may not shrink more. */
static bool pool_shrink(u64 n)
{
	unsigned long irq = spin_lock_irqsave(&hugetlb_lock);
	struct page *page = NULL;

	if (nr_huge_pages > n && free_huge_pages > resv_huge_pages) {
		page = list_first_entry(&hugepage_freelist, struct page, lru);
		list_del(&page->lru);
		nr_huge_pages--;
		free_huge_pages--;
	}
	spin_unlock_irqrestore(&hugetlb_lock, irq);
	if (!page)
		return false;
	page->flags &= ~PG_hugetlb;
	__free_pages(page, HUGETLB_ORDER);
	return true;
}

void hugetlb_set_pool(u64 n)
{
	while (READ_ONCE(nr_huge_pages) < n && pool_grow())
		;
	while (READ_ONCE(nr_huge_pages) > n && pool_shrink(n))
		;
}

/* Reserve @n pages (0, or -ENOMEM when fewer are free and unreserved). */
static int reserve(u64 n)
{
	unsigned long irq = spin_lock_irqsave(&hugetlb_lock);
	int ret = -ENOMEM;

	if (free_huge_pages - resv_huge_pages >= n) {
		resv_huge_pages += n;
		ret = 0;
	}
	spin_unlock_irqrestore(&hugetlb_lock, irq);
	return ret;
}

static void unreserve(u64 n)
{
	unsigned long irq = spin_lock_irqsave(&hugetlb_lock);

	resv_huge_pages -= n;
	spin_unlock_irqrestore(&hugetlb_lock, irq);
}

/* A zeroed page from the pool with one reference, taking a reservation
 * (@reserved) or an unreserved page; NULL when there is none. */
static struct page *alloc_huge_page(bool reserved)
{
	unsigned long irq = spin_lock_irqsave(&hugetlb_lock);
	struct page *page = NULL;

	if (!list_empty(&hugepage_freelist) &&
	    (reserved || free_huge_pages > resv_huge_pages)) {
		page = list_first_entry(&hugepage_freelist, struct page, lru);
		list_del(&page->lru);
		free_huge_pages--;
		if (reserved)
			resv_huge_pages--;
	}
	spin_unlock_irqrestore(&hugetlb_lock, irq);
	if (page)
		memset(page_address(page), 0, HPAGE_SIZE);
	return page;
}

void free_huge_page(struct page *page)
{
	unsigned long irq;

	refcount_set(&page->_refcount, 1);	/* the pool's */
	irq = spin_lock_irqsave(&hugetlb_lock);
	list_add(&page->lru, &hugepage_freelist);
	free_huge_pages++;
	spin_unlock_irqrestore(&hugetlb_lock, irq);
}

static void put_huge_page(struct page *page)
{
	if (put_page_testzero(page))
		free_huge_page(page);
}

int hugetlb_size_ok(unsigned long flags)
{
	unsigned long log = (flags >> HUGETLB_FLAG_ENCODE_SHIFT) &
			    HUGETLB_FLAG_ENCODE_MASK;

	return !log || log == HPAGE_SHIFT ? 0 : -EINVAL;
}

/* ---- objects ---- */

/* Room in @o for indexes below @n. o->lock held; 0 or -ENOMEM. */
static int obj_grow(struct hugetlb_obj *o, u64 n)
{
	struct page **pages;

	if (n <= o->nr)
		return 0;
	pages = kzalloc(n * sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	if (o->nr)
		memcpy(pages, o->pages, o->nr * sizeof(*pages));
	kfree(o->pages);
	o->pages = pages;
	o->nr = n;
	return 0;
}

struct hugetlb_obj *hugetlb_obj_alloc(u64 size)
{
	struct hugetlb_obj *o = kzalloc(sizeof(*o), GFP_KERNEL);

	if (!o)
		return NULL;
	refcount_set(&o->ref, 1);
	spin_lock_init(&o->lock, "hugetlb_obj");
	o->size = size;
	return o;
}

void hugetlb_obj_get(struct hugetlb_obj *o)
{
	refcount_inc(&o->ref);
}

/* Give back the pages and reservations of indexes @from on. o->lock
 * held, or @o unreachable. */
static void obj_truncate(struct hugetlb_obj *o, u64 from)
{
	for (u64 i = from; i < o->nr; i++) {
		if (o->pages[i])
			put_huge_page(o->pages[i]);
		else if (i < o->resv_upto)
			o->resv--, unreserve(1);
		o->pages[i] = NULL;
	}
	o->resv_upto = MIN(o->resv_upto, from);
}

void hugetlb_obj_put(struct hugetlb_obj *o)
{
	if (!refcount_dec_and_test(&o->ref))
		return;
	obj_truncate(o, 0);
	kfree(o->pages);
	kfree(o);
}

u64 hugetlb_obj_size(struct hugetlb_obj *o)
{
	return READ_ONCE(o->size);
}

int hugetlb_obj_resize(struct hugetlb_obj *o, u64 size)
{
	unsigned long irq;

	if (size & (HPAGE_SIZE - 1))
		return -EINVAL;
	irq = spin_lock_irqsave(&o->lock);
	if (size < o->size)
		obj_truncate(o, size >> HPAGE_SHIFT);
	o->size = size;
	spin_unlock_irqrestore(&o->lock, irq);
	return 0;
}

/* Reserve @o's pages below index @end (those not reserved yet). */
static int obj_reserve(struct hugetlb_obj *o, u64 end)
{
	unsigned long irq = spin_lock_irqsave(&o->lock);
	int ret = obj_grow(o, end);

	if (!ret && end > o->resv_upto) {
		ret = reserve(end - o->resv_upto);
		if (!ret) {
			o->resv += end - o->resv_upto;
			o->resv_upto = end;
		}
	}
	spin_unlock_irqrestore(&o->lock, irq);
	return ret;
}

/* Page @i of @o with a reference for the caller, made (from its
 * reservation) if missing; NULL past the end or when none is left. */
static struct page *obj_page(struct hugetlb_obj *o, u64 i, bool create)
{
	unsigned long irq = spin_lock_irqsave(&o->lock);
	struct page *page = NULL;

	if (i < o->nr && i < (o->size >> HPAGE_SHIFT)) {
		page = o->pages[i];
		if (!page && create) {
			bool reserved = i < o->resv_upto;

			page = o->pages[i] = alloc_huge_page(reserved);
			if (page && reserved)
				o->resv--;
		}
		if (page)
			get_page(page);
	}
	spin_unlock_irqrestore(&o->lock, irq);
	return page;
}

struct page *hugetlb_obj_page(struct hugetlb_obj *o, u64 index)
{
	return obj_page(o, index, false);
}

void hugetlb_page_put(struct page *page)
{
	put_huge_page(page);
}

/* ---- mappings ---- */

int hugetlb_vma_setup(struct vm_area_struct *v, struct hugetlb_obj *o,
		      u64 len)
{
	u64 end = (v->vm_pgoff >> HUGETLB_ORDER) + (len >> HPAGE_SHIFT);
	unsigned long irq;
	int ret;

	v->vm_flags |= VM_HUGETLB;
	if (o && (v->vm_flags & VM_WRITE)) {
		/* A writable mapping past the end makes the file longer
		 * (Linux's hugetlbfs_file_mmap()). */
		irq = spin_lock_irqsave(&o->lock);
		o->size = MAX(o->size, end << HPAGE_SHIFT);
		spin_unlock_irqrestore(&o->lock, irq);
	}
	if (!(v->vm_flags & VM_SHARED)) {
		ret = reserve(len >> HPAGE_SHIFT);
		v->vm_huge_resv = ret ? 0 : len >> HPAGE_SHIFT;
	} else {
		ret = obj_reserve(o, end);
	}
	if (!ret && o)
		hugetlb_obj_get(o);
	v->vm_huge = ret ? NULL : o;
	return ret;
}

void hugetlb_vma_dup(struct vm_area_struct *c)
{
	c->vm_huge_resv = 0;		/* the parent's, not the child's */
	if (c->vm_huge)
		hugetlb_obj_get(c->vm_huge);
}

void hugetlb_vma_free(struct vm_area_struct *v)
{
	if (v->vm_huge_resv)
		unreserve(v->vm_huge_resv);
	if (v->vm_huge)
		hugetlb_obj_put(v->vm_huge);
}

/*
 * A write to a read-only private huge page (shared with a fork) at @va:
 * reuse it if this is its only mapping, else copy it. The old page is
 * put after every CPU has dropped its 2 MiB TLB entry, so mm->lock is
 * dropped and retaken (*@irq), as unshare() does; a fork still flushing
 * is waited for and the write faults again. 0 or VM_FAULT_SIGBUS.
 */
static int huge_wp(struct mm_struct *mm, u64 va, u64 *pmd, u64 flags,
		   unsigned long *irq)
{
	struct page *old = pte_page(*pmd), *new;

	if (atomic_read_acquire(&mm->tlb_flush_pending)) {
		wait_fork_flush(mm, irq);
		return 0;
	}
	if (page_count(old) == 1) {
		*pmd |= _PAGE_RW;
		return 0;
	}
	if (!mm_only_here(mm) && !(*irq & X86_EFLAGS_IF))
		return VM_FAULT_SIGBUS;	/* the flush could not wait for IPIs */
	new = alloc_huge_page(false);
	if (!new)
		return VM_FAULT_SIGBUS;
	memcpy(page_address(new), page_address(old), HPAGE_SIZE);
	*pmd = (page_to_pfn(new) << PAGE_SHIFT) | flags;
	spin_unlock_irqrestore(&mm->lock, *irq);
	flush_tlb_mm_range(mm, va, va + HPAGE_SIZE);
	put_huge_page(old);
	*irq = spin_lock_irqsave(&mm->lock);
	return 0;
}

/* A new page for index @i of private huge VMA @v: from its reservation
 * while it has one, holding its file's bytes if the file has the page. */
static struct page *private_page(struct vm_area_struct *v, u64 i)
{
	struct page *page = alloc_huge_page(v->vm_huge_resv > 0), *src;

	if (page && v->vm_huge_resv)
		v->vm_huge_resv--;
	src = page && v->vm_huge ? obj_page(v->vm_huge, i, false) : NULL;
	if (src) {
		memcpy(page_address(page), page_address(src), HPAGE_SIZE);
		put_huge_page(src);
	}
	return page;
}

/*
 * An empty page table left by small pages that were mapped here before:
 * out of the page directory, and freed only after every CPU's TLB (and
 * its cache of the walk) forgot it, since another thread could still
 * walk through it. mm->lock is dropped meanwhile (*@irq); 0 to fault
 * again, VM_FAULT_SIGBUS if no flush can be waited for.
 */
static int drop_stale_table(struct mm_struct *mm, u64 va, void *table,
			    unsigned long *irq)
{
	if (!(*irq & X86_EFLAGS_IF))
		return VM_FAULT_SIGBUS;
	spin_unlock_irqrestore(&mm->lock, *irq);
	flush_tlb_mm_range(mm, va, va + HPAGE_SIZE);
	free_pages(table, 0);
	*irq = spin_lock_irqsave(&mm->lock);
	return 0;
}

int hugetlb_fault(struct mm_struct *mm, struct vm_area_struct *v, u64 addr,
		  bool write, unsigned long *irq)
{
	u64 va = ALIGN_DOWN(addr, HPAGE_SIZE);
	u64 i = (v->vm_pgoff >> HUGETLB_ORDER) + ((va - v->vm_start) >> HPAGE_SHIFT);
	u64 flags = user_pte_flags(v->vm_flags) | _PAGE_PSE;
	void *table = user_pmd_detach_table(mm->pgd, va);
	u64 *pmd;
	struct page *page;

	lockdep_assert_held(&mm->lock);
	if (table)
		return drop_stale_table(mm, va, table, irq);
	pmd = user_pmd(mm->pgd, va, true);
	if (!pmd)
		return VM_FAULT_SIGBUS;
	if (*pmd & _PAGE_PRESENT) {
		if (write && !(*pmd & _PAGE_RW) && (v->vm_flags & VM_WRITE) &&
		    !(v->vm_flags & VM_SHARED))
			return huge_wp(mm, va, pmd, flags, irq);
		return 0;		/* another CPU's stale entry */
	}
	if (v->vm_huge && i >= (hugetlb_obj_size(v->vm_huge) >> HPAGE_SHIFT))
		return VM_FAULT_SIGBUS;	/* past the end of the file */
	page = v->vm_flags & VM_SHARED ? obj_page(v->vm_huge, i, true)
				       : private_page(v, i);
	if (!page)
		return VM_FAULT_SIGBUS;	/* the pool ran dry */
	*pmd = (page_to_pfn(page) << PAGE_SHIFT) | flags;
	invlpg(va);
	return 0;
}
