/*
 * Address spaces and VMAs (see mm.h): creation, fork's copy-on-write
 * sharing, teardown, the VMA list, and demand paging. Page tables are
 * reached through the arch's user_pte(); page contents through the direct
 * map, so the kernel can fill another address space (exec) without
 * loading it.
 *
 * Copy-on-write: fork maps each present page into the child too, read-only
 * in both, and takes a reference on it (get_page). A user page is shared
 * exactly when page_count() > 1, and a shared page is never writable in
 * any PTE. The first write to it faults; unshare() then gives the writer
 * its own copy, or, when the writer holds the last reference, simply makes
 * the PTE writable again. Kernel writes that bypass the MMU (exec's
 * mm_write, /proc/<pid>/mem) unshare first as well.
 *
 * Anonymous and file pages (Linux's MM_ANONPAGES, MM_FILEPAGES): a page
 * an mm allocates (a fault, a copy) is anonymous (PG_anon), counted in
 * AnonPages and freed by the last mm that drops it. A page mapped by
 * vm_insert_page() belongs to its owner (a file's page that exec maps),
 * which keeps a reference: it is never written in place (a write gets an
 * anonymous copy, see page_exclusive()), and an mm frees it only if its
 * owner let go of it first. mm->rss counts both kinds, mm->rss_file the
 * second.
 */
#include "kernel/mm/mm.h"
#include "asm/io.h"
#include "asm/irqflags.h"
#include "asm/pgtable.h"
#include "asm/page.h"
#include "asm/tlbflush.h"
#include "kernel/exit.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/mm/slab.h"
#include "kernel/task.h"
#include "lib/bug.h"
#include "lib/errno.h"
#include "lib/string.h"

struct mm_struct init_mm = {
	.mm_users = 2,
	.lock = __SPIN_LOCK_UNLOCKED(init_mm.lock),
	.mmap = LIST_HEAD_INIT(init_mm.mmap),
};

/* Anonymous user pages in use, each counted once however many mms map
 * it; file pages (vm_insert_page) never. */
static u64 anon_pages;

u64 nr_anon_pages(void)
{
	return __atomic_load_n(&anon_pages, __ATOMIC_RELAXED);
}

static struct page *alloc_user_page(gfp_t gfp)
{
	struct page *page = alloc_pages(gfp | __GFP_NOWARN, 0);

	if (page) {
		page->flags |= PG_anon;
		__atomic_add_fetch(&anon_pages, 1, __ATOMIC_RELAXED);
	}
	return page;
}

/* Free a user page nobody maps any more. A file page gets here only if
 * its owner let go of it while it was still mapped. */
static void free_user_page(struct page *page)
{
	if (PageAnon(page)) {
		page->flags &= ~PG_anon;
		__atomic_sub_fetch(&anon_pages, 1, __ATOMIC_RELAXED);
	}
	__free_pages(page, 0);
}

/* @mm maps @nr more (or, negative, fewer) pages like @page. mm->lock held. */
static void add_mm_rss(struct mm_struct *mm, struct page *page, s64 nr)
{
	mm->rss += nr;
	if (!PageAnon(page))
		mm->rss_file += nr;
}

/* May a PTE map @page writable, and the kernel write it in place? Only
 * an anonymous page that no other mm (and no owner) holds. */
static bool page_exclusive(struct page *page)
{
	return PageAnon(page) && page_count(page) == 1;
}

/* Drop one mm's reference on a user page; the last one frees it. */
static void put_user_page(struct page *page)
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
	mm->mm_users = 1;
	spin_lock_init(&mm->lock, "mm");
	INIT_LIST_HEAD(&mm->mmap);
	mm->mm_rb = RB_ROOT;
	mm->free_area_hint = MMAP_BASE;
	return mm;
}

/* ---- the VMA index: list and red-black tree together ---- */

static struct vm_area_struct *rb_vma(struct rb_node *n)
{
	return n ? rb_entry(n, struct vm_area_struct, vm_rb) : NULL;
}

/* The first VMA that ends above @addr (it contains @addr, or is the
 * next one up), or NULL: Linux's find_vma(). mm->lock held. */
static struct vm_area_struct *vma_end_above(struct mm_struct *mm, u64 addr)
{
	struct rb_node *n = mm->mm_rb.rb_node;
	struct vm_area_struct *found = NULL;

	while (n) {
		struct vm_area_struct *v = rb_vma(n);

		if (v->vm_end > addr) {
			found = v;
			if (v->vm_start <= addr)
				break;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return found;
}

/* The last VMA that starts below @addr, or NULL. mm->lock held. */
static struct vm_area_struct *vma_start_below(struct mm_struct *mm, u64 addr)
{
	struct rb_node *n = mm->mm_rb.rb_node;
	struct vm_area_struct *found = NULL;

	while (n) {
		struct vm_area_struct *v = rb_vma(n);

		if (v->vm_start < addr) {
			found = v;
			n = n->rb_right;
		} else {
			n = n->rb_left;
		}
	}
	return found;
}

static struct vm_area_struct *vma_prev(struct mm_struct *mm,
				       struct vm_area_struct *v)
{
	return v->list.prev == &mm->mmap ? NULL :
	       list_entry(v->list.prev, struct vm_area_struct, list);
}

/* Put @v, whose range must be free, in the tree and the list. */
static void vma_link(struct mm_struct *mm, struct vm_area_struct *v)
{
	struct rb_node **link = &mm->mm_rb.rb_node, *parent = NULL;
	struct vm_area_struct *next = NULL;

	while (*link) {
		parent = *link;
		if (v->vm_start < rb_vma(parent)->vm_start) {
			next = rb_vma(parent);	/* the lowest above so far */
			link = &parent->rb_left;
		} else {
			link = &parent->rb_right;
		}
	}
	rb_link_node(&v->vm_rb, parent, link);
	rb_insert_color(&v->vm_rb, &mm->mm_rb);
	list_add_tail(&v->list, next ? &next->list : &mm->mmap);
	mm->map_count++;
}

/* Take @v out of the tree and the list (the caller frees or relinks it). */
static void vma_unlink(struct mm_struct *mm, struct vm_area_struct *v)
{
	rb_erase(&v->vm_rb, &mm->mm_rb);
	list_del(&v->list);
	mm->map_count--;
}

/* [start, end) is no longer mapped: get_unmapped_area() must look there
 * again. Raising the hint is always safe; it only costs a longer walk. */
static void vma_range_freed(struct mm_struct *mm, u64 start, u64 end)
{
	if (end > mm->free_area_hint)
		mm->free_area_hint = MIN(end, MMAP_BASE);
}

struct vm_area_struct *find_vma(struct mm_struct *mm, u64 addr)
{
	struct vm_area_struct *v = vma_end_above(mm, addr);

	return v && v->vm_start <= addr ? v : NULL;
}

/* Count @v in (@sign 1) or out of (-1) @mm's totals. A VMA that changes
 * size or flags is counted out before and in after. mm->lock held. */
static void account(struct mm_struct *mm, struct vm_area_struct *v, s64 sign)
{
	u64 pages = (v->vm_end - v->vm_start) >> PAGE_SHIFT;

	mm->total_vm += sign * pages;
	if (v->vm_flags & VM_GROWSDOWN)
		mm->stack_vm += sign * pages;
	if ((v->vm_flags & (VM_WRITE | VM_STACK)) == VM_WRITE)
		mm->data_vm += sign * pages;
	if (mm->total_vm > mm->hiwater_vm)
		mm->hiwater_vm = mm->total_vm;
}

/* Insert @v in address order; the range must be free. mm->lock held. */
static int insert_vma(struct mm_struct *mm, struct vm_area_struct *v)
{
	struct vm_area_struct *next = vma_end_above(mm, v->vm_start);

	if (next && next->vm_start < v->vm_end)
		return -EEXIST;		/* overlaps */
	vma_link(mm, v);
	account(mm, v, 1);
	return 0;
}

static bool same_kind(const struct vm_area_struct *a,
		      const struct vm_area_struct *b)
{
	return a->vm_flags == b->vm_flags && !strcmp(a->name, b->name);
}

/* Join @v with the VMA just before it when they touch and match (the
 * heap growing by brk stays one [heap] line). mm->lock held. */
static void merge_with_prev(struct mm_struct *mm, struct vm_area_struct *v)
{
	struct vm_area_struct *prev = vma_prev(mm, v);

	if (!prev || prev->vm_end != v->vm_start || !same_kind(prev, v))
		return;
	vma_unlink(mm, v);
	prev->vm_end = v->vm_end;
	kfree(v);
}

static struct vm_area_struct *vma_alloc(u64 flags, const char *name)
{
	struct vm_area_struct *v = kzalloc(sizeof(*v), GFP_KERNEL);

	if (v) {
		v->vm_flags = flags;
		strlcpy(v->name, name ? name : "", sizeof(v->name));
	}
	return v;
}

/* Link a new VMA, joining it to the one before when they match. mm->lock
 * held; frees @v if it overlaps another. */
static int insert_new_vma(struct mm_struct *mm, struct vm_area_struct *v)
{
	int ret = insert_vma(mm, v);

	if (ret)
		kfree(v);
	else
		merge_with_prev(mm, v);
	return ret;
}

int vma_add(struct mm_struct *mm, u64 start, u64 end, u64 flags,
	    const char *name)
{
	struct vm_area_struct *v;
	unsigned long irq;
	int ret;

	if (!IS_ALIGNED(start | end, PAGE_SIZE) || start >= end ||
	    end > TASK_SIZE_MAX)
		return -EINVAL;
	v = vma_alloc(flags, name);
	if (!v)
		return -ENOMEM;
	v->vm_start = start;
	v->vm_end = end;
	irq = spin_lock_irqsave(&mm->lock);
	ret = insert_new_vma(mm, v);
	spin_unlock_irqrestore(&mm->lock, irq);
	return ret;
}

/* The gap is chosen under the same lock hold as the insert: two threads
 * must not pick the same one. */
long vma_add_anywhere(struct mm_struct *mm, u64 len, u64 flags,
		      const char *name)
{
	struct vm_area_struct *v = vma_alloc(flags, name);
	unsigned long irq;
	u64 start;
	long ret;

	if (!v)
		return -ENOMEM;
	irq = spin_lock_irqsave(&mm->lock);
	start = get_unmapped_area(mm, len);
	v->vm_start = start;
	v->vm_end = start + len;
	if (!start) {
		kfree(v);
		ret = -ENOMEM;
	} else {
		/* @v may be merged away: return the start we chose. */
		ret = insert_new_vma(mm, v) ?: (long)start;
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	return ret;
}

/* Map a zeroed page at @va with @v's rights. mm->lock held. */
static int map_new_page(struct mm_struct *mm, struct vm_area_struct *v, u64 va)
{
	u64 *pte = user_pte(mm->pgd, va, true);
	struct page *page;

	if (!pte)
		return -ENOMEM;
	if (pte_present(*pte))
		return 0;
	page = alloc_user_page(__GFP_ZERO);
	if (!page)
		return -ENOMEM;
	*pte = (page_to_pfn(page) << PAGE_SHIFT) | user_pte_flags(v->vm_flags);
	add_mm_rss(mm, page, 1);
	return 0;
}

int vm_insert_page(struct mm_struct *mm, u64 va, struct page *page)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	struct vm_area_struct *v = find_vma(mm, va);
	u64 *pte = v ? user_pte(mm->pgd, va, true) : NULL;
	int ret = 0;

	BUG_ON(!IS_ALIGNED(va, PAGE_SIZE) || page_count(page) == 0 ||
	       PageAnon(page));
	if (!v)
		ret = -EFAULT;
	else if (!pte)
		ret = -ENOMEM;
	else if (pte_present(*pte))
		ret = -EBUSY;
	if (!ret) {
		get_page(page);
		/* Never writable: its owner keeps a reference, so a write
		 * fault always copies (unshare()). */
		*pte = (page_to_pfn(page) << PAGE_SHIFT) |
		       (user_pte_flags(v->vm_flags) & ~(u64)_PAGE_RW);
		add_mm_rss(mm, page, 1);
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	return ret;
}

/* The main stack grows down into the gap below it, up to RLIMIT_STACK. */
static struct vm_area_struct *grow_stack(struct mm_struct *mm, u64 addr)
{
	/* The VMA just above the fault (none contains it: the caller
	 * looked), so nothing lies in between; it must be a stack. */
	struct vm_area_struct *v = vma_end_above(mm, addr);
	u64 limit = current->signal ? current->signal->rlim[RLIMIT_STACK].rlim_cur
				    : 8ull << 20;

	if (!v || !(v->vm_flags & VM_GROWSDOWN) || addr >= v->vm_start)
		return NULL;
	if (v->vm_end - ALIGN_DOWN(addr, PAGE_SIZE) > limit)
		return NULL;	/* past RLIMIT_STACK: SIGSEGV */
	account(mm, v, -1);
	v->vm_start = ALIGN_DOWN(addr, PAGE_SIZE);
	account(mm, v, 1);
	return v;
}

/*
 * Can no CPU but this one ever hold TLB entries of @mm? Yes when current
 * is its only user: no other thread can load it, and a CPU drops a user
 * mm's entries when it switches away (no lazy TLB, see switch_mm()). Its
 * cpu_mask then holds this CPU alone, and flush_tlb_mm_range() sends no
 * IPI, so it may run with interrupts off. mm->lock held.
 */
static bool mm_only_here(struct mm_struct *mm)
{
	return mm == current->mm &&
	       __atomic_load_n(&mm->mm_users, __ATOMIC_ACQUIRE) == 1;
}

/*
 * fork write-protects the parent's PTEs under mm->lock but can only flush
 * the TLBs after dropping it, so until then other threads may still write
 * through old writable entries. Nobody may copy or reuse a shared page of
 * @mm meanwhile: wait. mm->lock held (*@irq: its saved flags); it may be
 * dropped and taken again.
 */
static void wait_fork_flush(struct mm_struct *mm, unsigned long *irq)
{
	while (__atomic_load_n(&mm->tlb_flush_pending, __ATOMIC_ACQUIRE)) {
		spin_unlock_irqrestore(&mm->lock, *irq);
		cpu_relax();
		*irq = spin_lock_irqsave(&mm->lock);
	}
}

/*
 * Give @mm a private copy of the present page at @va, unless it is
 * anonymous and its reference the only one (page_exclusive()): then the
 * page is reused. The PTE becomes writable if the VMA is. The old page
 * is put after every CPU has dropped its TLB entry, so mm->lock is
 * dropped and retaken (*@irq): the caller must look the PTE up again.
 * mm->lock held, and interrupts on before it was taken if other CPUs
 * may need a flush. 0, -ENOMEM, or -EFAULT when interrupts were off.
 */
static int unshare(struct mm_struct *mm, u64 va, unsigned long *irq)
{
	struct vm_area_struct *v;
	struct page *old, *new;
	u64 *pte;

	va = ALIGN_DOWN(va, PAGE_SIZE);
	wait_fork_flush(mm, irq);
	v = find_vma(mm, va);
	pte = user_pte(mm->pgd, va, false);
	if (!pte || !pte_present(*pte))
		return 0;		/* unmapped meanwhile: the caller sees */
	if (!v)
		return -EFAULT;
	old = pte_page(*pte);
	if (page_exclusive(old)) {
		/* Other CPUs may keep a read-only entry: a spurious fault. */
		*pte = (*pte & PTE_ADDR_MASK) | user_pte_flags(v->vm_flags);
		invlpg(va);
		return 0;
	}
	if (!mm_only_here(mm) && WARN_ON(!(*irq & X86_EFLAGS_IF)))
		return -EFAULT;		/* the flush could not wait for IPIs */
	new = alloc_user_page(0);
	if (!new)
		return -ENOMEM;
	copy_page(page_address(new), page_address(old));
	*pte = (page_to_pfn(new) << PAGE_SHIFT) | user_pte_flags(v->vm_flags);
	add_mm_rss(mm, old, -1);
	add_mm_rss(mm, new, 1);
	spin_unlock_irqrestore(&mm->lock, *irq);
	flush_tlb_mm_range(mm, va, va + PAGE_SIZE);
	put_user_page(old);
	*irq = spin_lock_irqsave(&mm->lock);
	return 0;
}

/*
 * A fault at @addr in VMA @v that allows the access. Absent page: map a
 * zeroed one. Present: a write to a copy-on-write page, or a stale TLB
 * entry (another CPU changed the PTE), which the fault itself dropped.
 * Returns 0 or the signal. mm->lock held (*@irq).
 */
static int fault_in(struct mm_struct *mm, struct vm_area_struct *v, u64 addr,
		    bool write, bool exec, unsigned long *irq)
{
	u64 va = ALIGN_DOWN(addr, PAGE_SIZE);
	u64 *pte = user_pte(mm->pgd, va, false);

	if (!pte || !pte_present(*pte))
		return map_new_page(mm, v, va) ? SIGBUS : 0;
	if (write && !(*pte & _PAGE_RW)) {
		int err = unshare(mm, va, irq);

		return err == -ENOMEM ? SIGBUS : err ? SIGSEGV : 0;
	}
	if (exec && (*pte & _PAGE_NX))
		return SIGSEGV;		/* PTE and VMA disagree: no loop */
	return 0;
}

static bool access_allowed(struct vm_area_struct *v, bool write, bool exec)
{
	if (write && !(v->vm_flags & VM_WRITE))
		return false;
	if (exec && !(v->vm_flags & VM_EXEC))
		return false;
	return v->vm_flags & (VM_READ | VM_WRITE | VM_EXEC);
}

/*
 * Out of memory in a fault: @sig (SIGBUS) kills the process. Not init,
 * whose death panics: since fork shares pages, even its next write to its
 * own stack may need a new page. Init sleeps instead while the others
 * (OOM-killed, exiting, exec'ing) give memory back, then retries.
 */
static int oom_wait(int sig)
{
	if (current->group_leader != child_reaper || arch_irqs_disabled())
		return sig;
	msleep(10);
	return 0;
}

int handle_mm_fault(u64 addr, bool write, bool exec, bool user)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *v;
	unsigned long irq;
	int ret = SIGSEGV;

	if (!mm || addr >= TASK_SIZE_MAX)
		return SIGSEGV;
	irq = spin_lock_irqsave(&mm->lock);
	v = find_vma(mm, addr);
	if (!v)
		v = grow_stack(mm, addr);
	if (v && access_allowed(v, write, exec)) {
		ret = fault_in(mm, v, addr, write, exec, &irq);
		current->min_flt++;
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	return ret == SIGBUS ? oom_wait(ret) : ret;
}

/* The page behind @va in @mm, allocated if needed and never shared, for
 * the kernel to write (exec). mm->lock held (*@irq). */
static void *page_for(struct mm_struct *mm, u64 va, unsigned long *irq)
{
	for (;;) {
		struct vm_area_struct *v = find_vma(mm, va);
		u64 *pte;

		if (!v || map_new_page(mm, v, ALIGN_DOWN(va, PAGE_SIZE)))
			return NULL;
		pte = user_pte(mm->pgd, va, false);
		if (page_exclusive(pte_page(*pte)))
			return phys_to_virt((*pte & PTE_ADDR_MASK) +
					    (va & (PAGE_SIZE - 1)));
		if (unshare(mm, va, irq))
			return NULL;
	}
}

static int mm_fill(struct mm_struct *mm, u64 va, const void *src, u64 len)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	int ret = 0;

	while (len) {
		u64 chunk = MIN(len, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
		void *dst = page_for(mm, va, &irq);

		if (!dst) {
			ret = -ENOMEM;
			break;
		}
		if (src && chunk == PAGE_SIZE)
			copy_page(dst, src);	/* exec: most of a binary */
		else if (src)
			memcpy(dst, src, chunk);
		else if (chunk == PAGE_SIZE)
			clear_page(dst);
		else
			memset(dst, 0, chunk);
		if (src)
			src = (const char *)src + chunk;
		va += chunk;
		len -= chunk;
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	return ret;
}

int mm_write(struct mm_struct *mm, u64 va, const void *src, u64 len)
{
	return mm_fill(mm, va, src, len);
}

int mm_zero(struct mm_struct *mm, u64 va, u64 len)
{
	return mm_fill(mm, va, NULL, len);
}

/*
 * Unmap the pages of [start, end) of @mm (VMAs untouched) and drop its
 * references on them; @pages collects those that had their last one, to
 * free after the TLB flush. A page still shared stays with the other mms
 * (its ->lru is not ours to use). That reference goes before our TLBs are
 * flushed: until they are, another of our threads racing this very unmap
 * could still read the page while its last owner writes it in place.
 * mm->lock held.
 */
static void unmap_range(struct mm_struct *mm, u64 start, u64 end,
			struct list_head *pages)
{
	for (u64 va = start, next; va < end && va >= start; va = next) {
		u64 *pte = user_pte_next(mm->pgd, va, &next);
		struct page *page;

		if (!pte || !pte_present(*pte))
			continue;
		page = pte_page(*pte);
		*pte = 0;
		add_mm_rss(mm, page, -1);
		if (put_page_testzero(page))
			list_add(&page->lru, pages);
	}
}

static void free_page_list(struct list_head *pages)
{
	struct page *p, *n;

	list_for_each_entry_safe(p, n, pages, lru) {
		list_del(&p->lru);
		free_user_page(p);
	}
}

/* Cut [start, end) out of every VMA (splitting where needed). */
static int split_out(struct mm_struct *mm, u64 start, u64 end)
{
	struct vm_area_struct *v = vma_end_above(mm, start), *n;

	vma_range_freed(mm, start, end);
	/* From the first VMA that ends above start, up the list. */
	for (; v && v->vm_start < end; v = n) {
		n = list_is_last(&v->list, &mm->mmap) ? NULL :
		    list_next_entry(v, list);
		account(mm, v, -1);
		if (v->vm_start < start && v->vm_end > end) {
			struct vm_area_struct *hi = kzalloc(sizeof(*hi), GFP_KERNEL);

			if (!hi) {
				account(mm, v, 1);
				return -ENOMEM;
			}
			*hi = *v;
			hi->vm_start = end;
			v->vm_end = start;
			vma_link(mm, hi);
			account(mm, hi, 1);
			n = NULL;	/* nothing else can overlap */
		} else if (v->vm_start < start) {
			v->vm_end = start;
		} else if (v->vm_end > end) {
			v->vm_start = end;
		} else {
			vma_unlink(mm, v);
			kfree(v);
			continue;
		}
		account(mm, v, 1);
	}
	return 0;
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

/*
 * Top-down: the highest gap below MMAP_BASE that fits. [free_area_hint,
 * MMAP_BASE) has no gap at all, so the walk down the VMAs starts there:
 * unmapping raises the hint (vma_range_freed()), and the walk lowers it
 * over the gap-free VMAs it passes. A process that maps thread stack
 * after thread stack so finds its gap at once, not after walking every
 * stack it mapped before (Linux 2.6's free_area_cache, simplified).
 */
u64 get_unmapped_area(struct mm_struct *mm, u64 len)
{
	u64 top = mm->free_area_hint;
	struct vm_area_struct *v = vma_start_below(mm, top);

	len = ALIGN_UP(len, PAGE_SIZE);
	if (!len || len > MMAP_BASE)
		return 0;
	for (; v; v = vma_prev(mm, v)) {
		/* No gap between @v and the gap-free run above: the run,
		 * and so the hint, extends down to @v's start. */
		if (v->vm_end >= top && top == mm->free_area_hint)
			mm->free_area_hint = v->vm_start;
		if (top >= len && v->vm_end <= top - len)
			return top - len;	/* [vm_end, top) fits */
		top = v->vm_start;
	}
	return top >= len + 0x10000 ? top - len : 0;
}

/* Does any VMA overlap [start, end)? mm->lock held. */
static bool range_intersects(struct mm_struct *mm, u64 start, u64 end)
{
	struct vm_area_struct *v = vma_end_above(mm, start);

	return v && v->vm_start < end;
}

/*
 * Share @v's present pages of @old with @new (fork): the same page in
 * both, read-only in both, one more reference. @old's TLBs still hold
 * writable entries until the caller flushes them. old->lock held.
 */
static int share_vma_pages(struct mm_struct *new, struct mm_struct *old,
			   struct vm_area_struct *v)
{
	for (u64 va = v->vm_start, next; va < v->vm_end; va = next) {
		u64 *src = user_pte_next(old->pgd, va, &next), *dst;

		if (!src || !pte_present(*src))
			continue;
		dst = user_pte(new->pgd, va, true);
		if (!dst)
			return -ENOMEM;
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
	return nr_free_pages() >= READ_ONCE(old->rss);
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
	__atomic_add_fetch(&old->tlb_flush_pending, 1, __ATOMIC_RELAXED);
	list_for_each_entry(v, &old->mmap, list) {
		struct vm_area_struct *c = kzalloc(sizeof(*c), GFP_KERNEL);

		if (!c) {
			ret = -ENOMEM;
			break;
		}
		*c = *v;
		vma_link(mm, c);
		ret = share_vma_pages(mm, old, v);
		if (ret)
			break;
	}
	memcpy(&mm->start_code, &old->start_code,
	       sizeof(*mm) - offsetof(struct mm_struct, start_code));
	spin_unlock_irqrestore(&old->lock, irq);
	/* Only the CPUs in old's cpu_mask: none but this one for a process
	 * with one thread. */
	flush_tlb_mm_range(old, 0, TASK_SIZE_MAX);
	__atomic_sub_fetch(&old->tlb_flush_pending, 1, __ATOMIC_RELEASE);
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
	if (__atomic_sub_fetch(&mm->mm_users, 1, __ATOMIC_ACQ_REL))
		return;
	/* Nobody runs on it any more (exit_mm switched away first). */
	list_for_each_entry_safe(v, n, &mm->mmap, list) {
		unmap_range(mm, v->vm_start, v->vm_end, &pages);
		list_del(&v->list);
		kfree(v);
	}
	free_page_list(&pages);
	pgd_free(mm->pgd);
	kfree(mm);
}

/* Split the VMA that straddles @addr into two at it. mm->lock held. */
static int split_at(struct mm_struct *mm, u64 addr)
{
	struct vm_area_struct *v = find_vma(mm, addr), *hi;

	if (!v || v->vm_start == addr)
		return 0;
	hi = kzalloc(sizeof(*hi), GFP_KERNEL);
	if (!hi)
		return -ENOMEM;
	*hi = *v;
	hi->vm_start = addr;
	v->vm_end = addr;
	vma_link(mm, hi);
	return 0;
}

/* Is [start, end) wholly covered by VMAs? mm->lock held. */
static bool range_mapped(struct mm_struct *mm, u64 start, u64 end)
{
	while (start < end) {
		struct vm_area_struct *v = find_vma(mm, start);

		if (!v)
			return false;
		start = v->vm_end;
	}
	return true;
}

/* New rights for a PTE (if present); a shared page stays read-only, to
 * be unshared by the first write. mm->lock held. */
static void protect_pte(u64 *pte, u64 vm_flags)
{
	u64 flags = user_pte_flags(vm_flags);

	if (!pte || !pte_present(*pte))
		return;
	if (!page_exclusive(pte_page(*pte)))
		flags &= ~_PAGE_RW;
	*pte = (*pte & PTE_ADDR_MASK) | flags;
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

		account(mm, v, -1);
		v->vm_flags = (v->vm_flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | vm_flags;
		account(mm, v, 1);
		for (u64 next; va < v->vm_end; va = next)
			protect_pte(user_pte_next(mm->pgd, va, &next), vm_flags);
		va = v->vm_end;
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	flush_tlb_mm_range(mm, start, end);
	return ret;
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

/* Move the page-table entries of [old, old + len) to start at @new. */
static int move_ptes(struct mm_struct *mm, u64 old, u64 new, u64 len)
{
	for (u64 off = 0, next; off < len; off = next - old) {
		u64 *src = user_pte_next(mm->pgd, old + off, &next), *dst;

		if (!src || !pte_present(*src))
			continue;
		dst = user_pte(mm->pgd, new + off, true);
		if (!dst)
			return -ENOMEM;
		*dst = *src;
		*src = 0;
	}
	return 0;
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
		account(mm, v, -1);
		v->vm_end = old + new_len;
		account(mm, v, 1);
		spin_unlock_irqrestore(&mm->lock, irq);
		return (long)old;
	}
	ret = -ENOMEM;
	new = may_move ? get_unmapped_area(mm, new_len) : 0;
	if (new && !split_at(mm, old) && !split_at(mm, old + old_len)) {
		struct vm_area_struct *mid = find_vma(mm, old);

		account(mm, mid, -1);
		vma_unlink(mm, mid);
		vma_range_freed(mm, old, old + old_len);
		ret = move_ptes(mm, old, new, old_len);
		mid->vm_start = new;
		mid->vm_end = new + new_len;
		insert_vma(mm, mid);
		ret = ret ?: (long)new;
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	if (ret > 0)
		flush_tlb_mm_range(mm, old, old + old_len);
	return ret;
}

/* Serialises a task's mm pointer against exit_mm() for get_task_mm(). */
DEFINE_SPINLOCK(task_mm_lock);

struct mm_struct *get_task_mm(struct task_struct *p)
{
	unsigned long irq = spin_lock_irqsave(&task_mm_lock);
	struct mm_struct *mm = p->mm;

	if (mm)
		__atomic_add_fetch(&mm->mm_users, 1, __ATOMIC_RELAXED);
	spin_unlock_irqrestore(&task_mm_lock, irq);
	return mm;
}

u64 access_remote_vm(struct mm_struct *mm, u64 addr, void *buf, u64 len,
		     bool write)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	u64 done = 0;

	while (done < len && addr + done < TASK_SIZE_MAX) {
		u64 va = addr + done;
		u64 chunk = MIN(len - done, PAGE_SIZE - (va & (PAGE_SIZE - 1)));
		u64 *pte = user_pte(mm->pgd, va, false);
		u8 *page;

		if (!pte || !pte_present(*pte))
			break;
		if (write && !page_exclusive(pte_page(*pte))) {
			if (unshare(mm, va, &irq))
				break;
			continue;	/* the lock was dropped: look again */
		}
		page = phys_to_virt((*pte & PTE_ADDR_MASK) + (va & (PAGE_SIZE - 1)));
		if (write)
			memcpy(page, (u8 *)buf + done, chunk);
		else
			memcpy((u8 *)buf + done, page, chunk);
		done += chunk;
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	return done;
}

void vma_set_pgoff(struct mm_struct *mm, u64 addr, u64 pgoff)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	struct vm_area_struct *v = find_vma(mm, addr);

	if (v)
		v->vm_pgoff = pgoff;
	spin_unlock_irqrestore(&mm->lock, irq);
}
