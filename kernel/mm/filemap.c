/*
 * Memory objects and their pages (see filemap.h): the page index of a
 * tmpfs file or of MAP_SHARED anonymous memory, the fault path's lookup,
 * and truncation, which must take the pages it removes out of every
 * address space that maps them (Linux's truncate_pagecache() and
 * unmap_mapping_range()). The index is a flat array of page pointers,
 * grown by doubling: objects here are small (tmpfs files are at most
 * 4 MiB).
 */
#include "kernel/mm/filemap.h"
#include "asm/pgtable.h"
#include "asm/tlbflush.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/internal.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/mm/slab.h"
#include "lib/atomic.h"
#include "lib/errno.h"
#include "lib/string.h"

#define MAX_SLOTS ((4ul << 20) / sizeof(struct page *))	/* one kmalloc */

static atomic_long_t shmem_pages;

u64 nr_shmem_pages(void)
{
	return atomic_long_read(&shmem_pages);
}

struct address_space *mapping_alloc(u64 size)
{
	struct address_space *m = kzalloc(sizeof(*m), GFP_KERNEL);

	if (!m)
		return NULL;
	refcount_set(&m->count, 1);
	spin_lock_init(&m->lock, "mapping");
	INIT_LIST_HEAD(&m->i_mmap);
	m->size = size;
	return m;
}

struct filemap_quota *filemap_quota_alloc(u64 max_pages)
{
	struct filemap_quota *q = kzalloc(sizeof(*q), GFP_KERNEL);

	if (q) {
		refcount_set(&q->count, 1);
		q->max = max_pages;
	}
	return q;
}

void filemap_quota_put(struct filemap_quota *q)
{
	if (q && refcount_dec_and_test(&q->count)) {
		BUG_ON(atomic_long_read(&q->used));
		kfree(q);
	}
}

void mapping_set_quota(struct address_space *m, struct filemap_quota *q)
{
	BUG_ON(m->quota || m->nr_slots);
	refcount_inc(&q->count);
	m->quota = q;
}

/* Count one more page against @q (NULL: no limit); false when spent. */
static bool quota_charge(struct filemap_quota *q)
{
	if (!q)
		return true;
	if ((u64)atomic_long_inc_return(&q->used) <= READ_ONCE(q->max))
		return true;
	atomic_long_sub(1, &q->used);
	return false;
}

static void quota_uncharge(struct filemap_quota *q)
{
	if (q)
		atomic_long_sub(1, &q->used);
}

void mapping_get(struct address_space *m)
{
	refcount_inc(&m->count);
}

/*
 * Take page @i out of @m (m->lock held, or the last reference gone): the
 * page, whose reference passes to the caller, or NULL for a hole. Shmem
 * counts the pages an object made (PG_shmem), not those lent to it by
 * filemap_add_page() (a root file's).
 */
static struct page *take_page(struct address_space *m, u64 i)
{
	struct page *page = m->pages[i];

	m->pages[i] = NULL;
	if (page && PageShmem(page)) {
		atomic_long_sub(1, &shmem_pages);
		quota_uncharge(m->quota);
	}
	return page;
}

void mapping_put(struct address_space *m)
{
	if (!refcount_dec_and_test(&m->count))
		return;
	for (u64 i = 0; i < m->nr_slots; i++) {
		struct page *page = take_page(m, i);

		if (page)
			put_user_page(page);
	}
	kfree(m->pages);
	filemap_quota_put(m->quota);
	kfree(m);
}

/* Room in pages[] for @index. m->lock held (kmalloc does not sleep). */
static bool ensure_slot(struct address_space *m, u64 index)
{
	struct page **p;
	u64 n;

	lockdep_assert_held(&m->lock);
	if (index < m->nr_slots)
		return true;
	if (index >= MAX_SLOTS)
		return false;
	n = MIN(MAX(MAX(index + 1, m->nr_slots * 2), 16ul), MAX_SLOTS);
	p = kzalloc(n * sizeof(*p), GFP_KERNEL);
	if (!p)
		return false;
	if (m->nr_slots)
		memcpy(p, m->pages, m->nr_slots * sizeof(*p));
	kfree(m->pages);
	m->pages = p;
	m->nr_slots = n;
	return true;
}

/* Page @index, referenced, created if @create (*@full set when the
 * quota refused it). m->lock held. */
static struct page *get_page_locked(struct address_space *m, u64 index,
				    bool create, bool *full)
{
	struct page *page = index < m->nr_slots ? m->pages[index] : NULL;

	lockdep_assert_held(&m->lock);
	if (!page && create) {
		if (!quota_charge(m->quota)) {
			*full = true;
			return NULL;
		}
		page = ensure_slot(m, index) ?
		       alloc_pages(__GFP_ZERO | __GFP_NOWARN, 0) : NULL;
		if (!page) {
			quota_uncharge(m->quota);	/* out of memory */
			return NULL;
		}
		page->flags |= PG_shmem;	/* RssShmem */
		m->pages[index] = page;
		atomic_long_add(1, &shmem_pages);
	}
	if (page)
		get_page(page);
	return page;
}

struct page *filemap_get_page(struct address_space *m, u64 index, bool create)
{
	unsigned long irq = spin_lock_irqsave(&m->lock);
	bool full = false;
	struct page *page = get_page_locked(m, index, create, &full);

	spin_unlock_irqrestore(&m->lock, irq);
	return page;
}

void filemap_put_page(struct page *page)
{
	put_user_page(page);
}

int filemap_add_page(struct address_space *m, u64 index, struct page *page)
{
	unsigned long irq = spin_lock_irqsave(&m->lock);
	bool ok = ensure_slot(m, index) && !m->pages[index];

	if (ok)
		m->pages[index] = page;
	spin_unlock_irqrestore(&m->lock, irq);
	return ok ? 0 : -ENOMEM;
}

struct page *filemap_fault(struct address_space *m, u64 index, bool *sigbus)
{
	unsigned long irq = spin_lock_irqsave(&m->lock);
	struct page *page = NULL;

	*sigbus = index >= ALIGN_UP(m->size, PAGE_SIZE) >> PAGE_SHIFT;
	if (!*sigbus)
		page = get_page_locked(m, index, true, sigbus);
	spin_unlock_irqrestore(&m->lock, irq);
	return page;
}

void filemap_grow(struct address_space *m, u64 size)
{
	unsigned long irq = spin_lock_irqsave(&m->lock);

	if (size > m->size)
		m->size = size;
	spin_unlock_irqrestore(&m->lock, irq);
}

u64 filemap_nr_pages(struct address_space *m)
{
	unsigned long irq = spin_lock_irqsave(&m->lock);
	u64 n = 0;

	for (u64 i = 0; i < m->nr_slots; i++)
		n += m->pages[i] != NULL;
	spin_unlock_irqrestore(&m->lock, irq);
	return n;
}

/*
 * The next mm with a VMA on @m's i_mmap not yet zapped in walk @gen,
 * referenced (mmput() it), its VMAs marked; NULL when none is left. An
 * mm whose last user is gone is skipped: mmput() unmaps it whole.
 */
static struct mm_struct *next_mm(struct address_space *m, u64 gen)
{
	unsigned long irq = spin_lock_irqsave(&m->lock);
	struct vm_area_struct *v, *w;
	struct mm_struct *mm = NULL;

	list_for_each_entry(v, &m->i_mmap, shared) {
		if (v->vm_zap_gen == gen)
			continue;
		list_for_each_entry(w, &m->i_mmap, shared)
			if (w->vm_mm == v->vm_mm)
				w->vm_zap_gen = gen;
		if (mmget_not_zero(v->vm_mm)) {
			mm = v->vm_mm;
			break;
		}
	}
	spin_unlock_irqrestore(&m->lock, irq);
	return mm;
}

/* Clear @mm's PTEs of pages @first to @last - 1 of @m (private copies
 * of them too, as Linux's truncation does). */
static void zap_mm(struct mm_struct *mm, struct address_space *m, u64 first,
		   u64 last)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	struct vm_area_struct *v;
	LIST_HEAD(pages);

	list_for_each_entry(v, &mm->mmap, list) {
		u64 end = v->vm_pgoff + ((v->vm_end - v->vm_start) >> PAGE_SHIFT);
		u64 from = MAX(first, v->vm_pgoff), to = MIN(last, end);

		if (v->vm_mapping == m && from < to)
			unmap_range(mm, v->vm_start + (from - v->vm_pgoff) * PAGE_SIZE,
				    v->vm_start + (to - v->vm_pgoff) * PAGE_SIZE,
				    &pages);
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	flush_tlb_mm_range(mm, 0, TASK_SIZE_MAX);
	free_page_list(&pages);
}

/* Zero bytes [@from, @to) of page @index of @m if it is there; m->lock
 * held. */
static void zero_part(struct address_space *m, u64 index, u64 from, u64 to)
{
	if (from < to && index < m->nr_slots && m->pages[index])
		memset((char *)page_address(m->pages[index]) + from, 0, to - from);
}

/*
 * Take pages @first to @last - 1 out of @m (m->lock held by the caller,
 * who passes its flags in @irq and loses the lock), out of every mm that
 * maps them, and drop the object's references.
 */
static void remove_pages(struct address_space *m, u64 first, u64 last,
			 unsigned long irq)
{
	u64 gen = ++m->zap_gen;
	struct mm_struct *mm;
	struct page *p, *n;
	LIST_HEAD(gone);

	/* Our references go after the zap: until then ->lru is ours. */
	for (u64 i = first; i < MIN(last, m->nr_slots); i++) {
		struct page *page = take_page(m, i);

		if (page)
			list_add(&page->lru, &gone);
	}
	spin_unlock_irqrestore(&m->lock, irq);
	while ((mm = next_mm(m, gen))) {
		zap_mm(mm, m, first, last);
		mmput(mm);
	}
	list_for_each_entry_safe(p, n, &gone, lru) {
		list_del(&p->lru);
		put_user_page(p);
	}
}

void filemap_truncate(struct address_space *m, u64 size)
{
	u64 first = ALIGN_UP(size, PAGE_SIZE) >> PAGE_SHIFT;
	unsigned long irq = spin_lock_irqsave(&m->lock);

	if (size >= m->size) {
		m->size = size;
		spin_unlock_irqrestore(&m->lock, irq);
		return;
	}
	m->size = size;
	/* The bytes past the end in the last page read as zeroes if the
	 * file grows again. */
	if (size & (PAGE_SIZE - 1))
		zero_part(m, first - 1, size & (PAGE_SIZE - 1), PAGE_SIZE);
	remove_pages(m, first, ~0ull, irq);
}

void filemap_punch_hole(struct address_space *m, u64 start, u64 end)
{
	u64 first = ALIGN_UP(start, PAGE_SIZE) >> PAGE_SHIFT;
	u64 last = end >> PAGE_SHIFT;
	unsigned long irq = spin_lock_irqsave(&m->lock);

	if (first > last) {	/* within one page */
		zero_part(m, last, start & (PAGE_SIZE - 1), end & (PAGE_SIZE - 1));
		spin_unlock_irqrestore(&m->lock, irq);
		return;
	}
	if (start & (PAGE_SIZE - 1))
		zero_part(m, first - 1, start & (PAGE_SIZE - 1), PAGE_SIZE);
	zero_part(m, last, 0, end & (PAGE_SIZE - 1));
	remove_pages(m, first, last, irq);
}

s64 filemap_seek_data_hole(struct address_space *m, u64 offset, bool data)
{
	unsigned long irq = spin_lock_irqsave(&m->lock);
	u64 size = m->size, i = offset >> PAGE_SHIFT;
	s64 ret;

	for (; i << PAGE_SHIFT < size; i++) {
		bool present = i < m->nr_slots && m->pages[i];

		if (present == data)
			break;
	}
	spin_unlock_irqrestore(&m->lock, irq);
	if (offset >= size || (data && i << PAGE_SHIFT >= size))
		return -ENXIO;
	ret = (s64)MAX(offset, i << PAGE_SHIFT);
	return MIN(ret, (s64)size);
}

bool filemap_mapped(struct address_space *m)
{
	unsigned long irq = spin_lock_irqsave(&m->lock);
	bool mapped = !list_empty(&m->i_mmap);

	spin_unlock_irqrestore(&m->lock, irq);
	return mapped;
}

bool filemap_mapped_writable(struct address_space *m)
{
	unsigned long irq = spin_lock_irqsave(&m->lock);
	struct vm_area_struct *v;
	bool found = false;

	list_for_each_entry(v, &m->i_mmap, shared)
		if ((v->vm_flags & (VM_SHARED | VM_MAYWRITE)) ==
		    (VM_SHARED | VM_MAYWRITE))
			found = true;
	spin_unlock_irqrestore(&m->lock, irq);
	return found;
}
