/*
 * Address spaces (see mm.h): creation, fork's copy-on-write sharing,
 * teardown, and the bookkeeping of the user pages they map. The VMA
 * index is vma.c, faults and copy-on-write memory.c, munmap, mprotect
 * and mremap mmap.c; the helpers they share are internal.h. Page tables
 * are reached through the arch's user_pte(); page contents through the
 * direct map.
 *
 * Anonymous and file pages (Linux's MM_ANONPAGES, MM_FILEPAGES): a page
 * an mm allocates (a fault, a copy) is anonymous (PG_anon), counted in
 * AnonPages and freed by the last mm that drops it. A page mapped by
 * vm_insert_page() belongs to its owner (a file's page that exec maps),
 * which keeps a reference: it is never written in place (a write gets an
 * anonymous copy, see page_exclusive()), and an mm frees it only if its
 * owner let go of it first. The pages of a memory object (a tmpfs file,
 * shared memory: filemap.h) are file pages of the same kind, the object
 * their owner. mm->rss counts both kinds, mm->rss_file the second.
 */
#include "kernel/mm/mm.h"
#include "asm/pgtable.h"
#include "asm/tlbflush.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/hugetlb.h"
#include "kernel/mm/internal.h"
#include "kernel/mm/userfaultfd_k.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/mm/slab.h"
#include "kernel/module/module.h"
#include "kernel/task.h"
#include "lib/bug.h"
#include "lib/errno.h"
#include "lib/string.h"

struct mm_struct init_mm = {
	.mm_users = REFCOUNT_INIT(2),
	.lock = __SPIN_LOCK_UNLOCKED(init_mm.lock),
	.mmap = LIST_HEAD_INIT(init_mm.mmap),
};

/* Anonymous user pages in use, each counted once however many mms map
 * it; file pages (vm_insert_page) never. */
static atomic_long_t anon_pages;

u64 nr_anon_pages(void)
{
	return atomic_long_read(&anon_pages);
}

struct page *alloc_user_page(gfp_t gfp)
{
	struct page *page;

	if (free_pages_below_min())	/* the kernel's reserve */
		return NULL;
	page = alloc_pages(gfp | __GFP_NOWARN, 0);
	if (page) {
		page->flags |= PG_anon;
		atomic_long_add(1, &anon_pages);
	}
	return page;
}

/* Free a user page nobody maps any more. A file page gets here only if
 * its owner let go of it while it was still mapped. */
static void free_user_page(struct page *page)
{
	if (PageHuge(page)) {
		free_huge_page(page);	/* back to the pool */
		return;
	}
	if (PageAnon(page)) {
		page->flags &= ~PG_anon;
		atomic_long_sub(1, &anon_pages);
	}
	page->flags &= ~PG_shmem;
	__free_pages(page, 0);
}

/* @mm maps @nr more (or, negative, fewer) pages like @page (a huge page
 * counts for nothing). mm->lock held, or @mm seen by no other task:
 * dup_mm()'s copy as it is filled, mmput()'s once the last user has gone. */
void add_mm_rss(struct mm_struct *mm, struct page *page, s64 nr)
{
	if (PageHuge(page))
		return;		/* huge pages are not in RSS (Linux) */
	mm->rss += nr;
	if (!PageAnon(page))
		mm->rss_file += nr;
	if (PageShmem(page))
		mm->rss_shmem += nr;
}

/* May a PTE map @page writable, and the kernel write it in place? Only
 * an anonymous page that no other mm (and no owner) holds. */
bool page_exclusive(struct page *page)
{
	return PageAnon(page) && page_count(page) == 1;
}

void walk_user_pages(struct mm_struct *mm, u64 start, u64 end,
		     void (*fn)(void *data, const struct user_page_state *st),
		     void *data)
{
	lockdep_assert_held(&mm->lock);
	for (u64 va = start, next; va < end && va >= start; va = next) {
		u64 *pte = user_pte_next(mm->pgd, va, &next);
		struct page *page;

		if (!pte || !pte_present(*pte))
			continue;
		page = pte_page(*pte);
		if (PageHuge(page))
			continue;	/* not in Rss, as in Linux */
		/* A file page's owner holds a reference of its own (see
		 * above): the rest are mappings. */
		fn(data, &(struct user_page_state){
			.va = va, .pfn = (*pte & PTE_ADDR_MASK) >> PAGE_SHIFT,
			.anon = PageAnon(page),
			.mapcount = MAX(page_count(page) - !PageAnon(page), 1u),
			.dirty = *pte & _PAGE_DIRTY,
			.young = *pte & _PAGE_ACCESSED,
		});
	}
}

/* Drop one mm's reference on a user page; the last one frees it. */
void put_user_page(struct page *page)
{
	if (put_page_testzero(page))
		free_user_page(page);
}

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm), GFP_KERNEL);

	if (!mm)
		return NULL;
	mm->pgd = pgd_alloc();
	if (!mm->pgd) {
		kfree(mm);
		return NULL;
	}
	refcount_set(&mm->mm_users, 1);
	refcount_set(&mm->mm_count, 1);
	spin_lock_init(&mm->lock, "mm");
	INIT_LIST_HEAD(&mm->mmap);
	mm->mm_rb = RB_ROOT;
	mm->free_area_hint = MMAP_BASE;
	mm->dumpable = SUID_DUMP_USER;
	mm->coredump_filter = MMF_DUMP_FILTER_DEFAULT;
	mm->pkey_allocation_map = 1;	/* key 0: every page's by default */
	return mm;
}

/*
 * Unmap the pages of [start, end) of @mm (VMAs untouched) and drop its
 * references on them; @pages collects those that had their last one, to
 * free after the TLB flush; a huge page not wholly inside stays mapped
 * (MADV_DONTNEED rounds down). A page still shared stays with the other
 * mms (its ->lru is not ours to use). That reference goes before our TLBs are
 * flushed: until they are, another of our threads racing this very unmap
 * could still read the page while its last owner writes it in place.
 * mm->lock held, or (mmput()) the last user gone: nobody else can look.
 */
void unmap_range(struct mm_struct *mm, u64 start, u64 end,
			struct list_head *pages)
{
	for (u64 va = start, next; va < end && va >= start; va = next) {
		u64 *pte = user_pte_next(mm->pgd, va, &next);
		struct page *page;

		if (!pte || !pte_present(*pte))
			continue;
		if ((*pte & _PAGE_PSE) &&
		    (ALIGN_DOWN(va, HPAGE_SIZE) < start || next > end))
			continue;	/* a huge page goes whole or stays */
		page = pte_page(*pte);
		*pte = 0;
		add_mm_rss(mm, page, -1);
		if (put_page_testzero(page))
			list_add(&page->lru, pages);
	}
}

void free_page_list(struct list_head *pages)
{
	struct page *p, *n;

	list_for_each_entry_safe(p, n, pages, lru) {
		list_del(&p->lru);
		free_user_page(p);
	}
}

/*
 * Share @v's present pages of @old with @new (fork): the same page in
 * both, read-only in both (copy-on-write), one more reference. A
 * MAP_SHARED VMA's pages keep their rights: both see every write. @old's
 * TLBs still hold writable entries until the caller flushes them.
 * old->lock held.
 */
static int share_vma_pages(struct mm_struct *new, struct mm_struct *old,
			   struct vm_area_struct *v)
{
	lockdep_assert_held(&old->lock);
	for (u64 va = v->vm_start, next; va < v->vm_end; va = next) {
		u64 *src = user_pte_next(old->pgd, va, &next), *dst;

		if (!src || !pte_present(*src))
			continue;
		dst = v->vm_flags & VM_HUGETLB ? user_pmd(new->pgd, va, true)
					       : user_pte(new->pgd, va, true);
		if (!dst)
			return -ENOMEM;
		if (!(v->vm_flags & VM_SHARED))
			*src &= ~_PAGE_RW;
		get_page(pte_page(*src));
		*dst = *src;
		add_mm_rss(new, pte_page(*src), 1);
	}
	return 0;
}

/*
 * Refuse a fork whose pages could not all be copied now. Sharing would
 * succeed, but the child (or the parent) would be OOM-killed at its first
 * writes; at the memory wall fork fails with ENOMEM instead, as it did
 * when it copied every page (a fork bomb is refused, not OOM-killed).
 */
static bool fork_fits(struct mm_struct *old)
{
	return nr_free_pages_approx() >= READ_ONCE(old->rss);
}

struct mm_struct *dup_mm(struct mm_struct *old)
{
	struct mm_struct *mm;
	struct vm_area_struct *v;
	unsigned long irq;
	int ret = 0;

	if (!fork_fits(old))
		return NULL;
	mm = mm_alloc();
	if (!mm)
		return NULL;
	irq = spin_lock_irqsave(&old->lock);
	/* Until old's TLBs forget their writable entries (atomic: another
	 * thread's fork may end its wait outside the lock). */
	atomic_inc(&old->tlb_flush_pending);
	list_for_each_entry(v, &old->mmap, list) {
		struct vm_area_struct *c;

		if (v->vm_flags & VM_DONTCOPY)
			continue;
		c = vma_dup(mm, v);
		if (!c) {
			ret = -ENOMEM;
			break;
		}
		/* Memory locks are not inherited (Linux's fork(2)). */
		c->vm_flags &= ~(VM_LOCKED | VM_LOCKONFAULT);
		/* Nor userfaultfd ranges (no UFFD_FEATURE_EVENT_FORK). */
		userfaultfd_clear_vma(c);
		vma_link(mm, c);
		ret = share_vma_pages(mm, old, v);
		if (ret)
			break;
	}
	memcpy(&mm->start_code, &old->start_code,
	       sizeof(*mm) - offsetof(struct mm_struct, start_code));
	mm->locked_vm = 0;
	mm->def_flags = 0;
	spin_unlock_irqrestore(&old->lock, irq);
	/* Only the CPUs in old's cpu_mask: none but this one for a process
	 * with one thread. */
	flush_tlb_mm_range(old, 0, TASK_SIZE_MAX);
	/* Release: wait_fork_flush()'s acquire then sees the flush done. */
	atomic_fetch_sub_release(1, &old->tlb_flush_pending);
	if (ret) {
		mmput(mm);
		return NULL;
	}
	return mm;
}

void mmput(struct mm_struct *mm)
{
	struct vm_area_struct *v, *n;
	LIST_HEAD(pages);

	BUG_ON(mm == &init_mm);
	if (!refcount_dec_and_test(&mm->mm_users))
		return;
	/* Nobody runs on it any more (exit_mm switched away first). */
	list_for_each_entry_safe(v, n, &mm->mmap, list) {
		unmap_range(mm, v->vm_start, v->vm_end, &pages);
		list_del(&v->list);
		vma_free(v);
	}
	free_page_list(&pages);
	pgd_free(mm->pgd);
	mm->pgd = NULL;
	mmdrop(mm);
}
EXPORT_SYMBOL(mmput);

void mmgrab(struct mm_struct *mm)
{
	refcount_inc(&mm->mm_count);
}

void mmdrop(struct mm_struct *mm)
{
	if (refcount_dec_and_test(&mm->mm_count))
		kfree(mm);
}

bool mmget_not_zero(struct mm_struct *mm)
{
	return refcount_inc_not_zero(&mm->mm_users);
}

/* Serialises a task's mm pointer against exit_mm() for get_task_mm(). */
DEFINE_SPINLOCK(task_mm_lock);

struct mm_struct *get_task_mm(struct task_struct *p)
{
	unsigned long irq = spin_lock_irqsave(&task_mm_lock);
	struct mm_struct *mm = p->mm;

	if (mm)
		refcount_inc(&mm->mm_users);
	spin_unlock_irqrestore(&task_mm_lock, irq);
	return mm;
}
EXPORT_SYMBOL(get_task_mm);
