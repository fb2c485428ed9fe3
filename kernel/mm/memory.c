/*
 * Faults and copy-on-write (Linux's mm/memory.c): demand paging, the
 * main stack growing down, mapping an owner's page (vm_insert_page()),
 * and the kernel reading and writing an address space through the direct
 * map (exec's mm_write(), /proc/<pid>/mem's access_remote_vm()), so it
 * can fill another address space without loading it.
 *
 * Copy-on-write: fork (dup_mm(), mm.c) maps each present page into the
 * child too, read-only in both, and takes a reference on it (get_page). A
 * user page is shared exactly when page_count() > 1, and a shared page is
 * never writable in any PTE, except in a MAP_SHARED VMA: there every mm
 * maps the memory object's own page (kernel/mm/filemap.h,
 * map_object_page()) and writes it in place. The first write to it faults; unshare() then
 * gives the writer its own copy, or, when the writer holds the last
 * reference, simply makes the PTE writable again. Kernel writes that
 * bypass the MMU (exec's mm_write, /proc/<pid>/mem) unshare first as well.
 */
#include "kernel/events/perf_event.h"
#include "kernel/mm/mm.h"
#include "asm/io.h"
#include "asm/irqflags.h"
#include "asm/pgtable.h"
#include "asm/pkru.h"
#include "asm/page.h"
#include "asm/tlbflush.h"
#include "kernel/exit.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/filemap.h"
#include "kernel/mm/hugetlb.h"
#include "kernel/mm/internal.h"
#include "kernel/mm/oom.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/mm/userfaultfd_k.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/bug.h"
#include "lib/errno.h"
#include "lib/fault-inject.h"
#include "lib/string.h"

/* Map a zeroed page at @va with @v's rights. mm->lock held. */
static int map_new_page(struct mm_struct *mm, struct vm_area_struct *v, u64 va)
{
	struct page *page;
	u64 *pte;

	lockdep_assert_held(&mm->lock);
	pte = user_pte(mm->pgd, va, true);
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

/*
 * A fault on an absent page of a VMA mapping an object (filemap.h): its
 * page at that offset, writable in a MAP_SHARED VMA that allows writing
 * (every mapping sees every write), read-only in a private one (the
 * first write copies it, unshare()). Past the object's end: SIGBUS.
 * mm->lock held.
 */
static int map_object_page(struct mm_struct *mm, struct vm_area_struct *v,
			   u64 va)
{
	u64 index = v->vm_pgoff + ((va - v->vm_start) >> PAGE_SHIFT);
	u64 flags = user_pte_flags(v->vm_flags);
	struct page *page;
	bool sigbus;
	u64 *pte;

	lockdep_assert_held(&mm->lock);
	pte = user_pte(mm->pgd, va, true);
	if (!pte)
		return -ENOMEM;
	page = filemap_fault(v->vm_mapping, index, &sigbus);
	if (!page)
		return sigbus ? SIGBUS : -ENOMEM;
	if (!(v->vm_flags & VM_SHARED))
		flags &= ~(u64)_PAGE_RW;
	*pte = (page_to_pfn(page) << PAGE_SHIFT) | flags;
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

/* Would growing stack @v down to @addr come within STACK_GUARD_GAP
 * (Linux's stack_guard_gap) of an accessible mapping below it? Then a
 * runaway stack faults before it can run into another mapping. */
static bool in_stack_guard_gap(struct mm_struct *mm, struct vm_area_struct *v,
			       u64 addr)
{
	struct vm_area_struct *prev;

	if (v->list.prev == &mm->mmap)
		return false;
	prev = list_entry(v->list.prev, struct vm_area_struct, list);
	if (prev->vm_flags & VM_GROWSDOWN)
		return false;
	if (!(prev->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return false;	/* a PROT_NONE guard is a gap itself */
	return addr < STACK_GUARD_GAP || prev->vm_end > addr - STACK_GUARD_GAP;
}

/* The main stack grows down into the gap below it, up to RLIMIT_STACK.
 * mm->lock held. */
static struct vm_area_struct *grow_stack(struct mm_struct *mm, u64 addr)
{
	u64 limit = current->signal ? current->signal->rlim[RLIMIT_STACK].rlim_cur
				    : 8ull << 20;
	struct vm_area_struct *v;

	lockdep_assert_held(&mm->lock);
	/* The VMA just above the fault (none contains it: the caller
	 * looked), so nothing lies in between; it must be a stack. */
	v = vma_end_above(mm, addr);
	if (!v || !(v->vm_flags & VM_GROWSDOWN) || addr >= v->vm_start)
		return NULL;
	if (v->vm_end - ALIGN_DOWN(addr, PAGE_SIZE) > limit)
		return NULL;	/* past RLIMIT_STACK: SIGSEGV */
	if (in_stack_guard_gap(mm, v, ALIGN_DOWN(addr, PAGE_SIZE)))
		return NULL;	/* too near the mapping below: SIGSEGV */
	vma_account(mm, v, -1);
	v->vm_start = ALIGN_DOWN(addr, PAGE_SIZE);
	vma_account(mm, v, 1);
	return v;
}

/*
 * Can no CPU but this one ever hold TLB entries of @mm? Yes when current
 * is its only user: no other thread can load it, and a CPU drops a user
 * mm's entries when it switches away (no lazy TLB, see switch_mm()). Its
 * cpu_mask then holds this CPU alone, and flush_tlb_mm_range() sends no
 * IPI, so it may run with interrupts off. mm->lock held.
 */
bool mm_only_here(struct mm_struct *mm)
{
	lockdep_assert_held(&mm->lock);
	if (mm != current->mm || refcount_read(&mm->mm_users) != 1)
		return false;
	smp_acquire__after_ctrl_dep();	/* after the other users' mmput() */
	return true;
}

/*
 * fork write-protects the parent's PTEs under mm->lock but can only flush
 * the TLBs after dropping it, so until then other threads may still write
 * through old writable entries. Nobody may copy or reuse a shared page of
 * @mm meanwhile: wait. mm->lock held (*@irq: its saved flags); it may be
 * dropped and taken again.
 */
void wait_fork_flush(struct mm_struct *mm, unsigned long *irq)
{
	lockdep_assert_held(&mm->lock);
	while (atomic_read_acquire(&mm->tlb_flush_pending)) {
		spin_unlock_irqrestore(&mm->lock, *irq);
		cpu_relax();
		*irq = spin_lock_irqsave(&mm->lock);
	}
}

/*
 * Give @mm a private copy of the present page at @va, unless it is
 * anonymous and its reference the only one (page_exclusive()), or the
 * VMA is MAP_SHARED (the write goes to the object): then the page is
 * reused. The PTE becomes writable if the VMA is. The old page
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

	lockdep_assert_held(&mm->lock);
	va = ALIGN_DOWN(va, PAGE_SIZE);
	wait_fork_flush(mm, irq);
	v = find_vma(mm, va);
	pte = user_pte(mm->pgd, va, false);
	if (!pte || !pte_present(*pte))
		return 0;		/* unmapped meanwhile: the caller sees */
	if (!v)
		return -EFAULT;
	old = pte_page(*pte);
	if (page_exclusive(old) || (v->vm_flags & VM_SHARED)) {
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
	u64 *pte;

	lockdep_assert_held(&mm->lock);
	pte = user_pte(mm->pgd, va, false);
	if ((!pte || !pte_present(*pte)) && v->vm_mapping) {
		int err = map_object_page(mm, v, va);

		return err == SIGBUS ? VM_FAULT_SIGBUS : err ? SIGBUS : 0;
	}
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
	if (!exec && !pkru_allows((v->vm_flags & VM_PKEY_MASK) >> VM_PKEY_SHIFT,
				  write))
		return false;		/* the protection key's rights */
	return v->vm_flags & (VM_READ | VM_WRITE | VM_EXEC);
}

/*
 * Out of memory in a fault: @sig (SIGBUS) goes to the OOM killer (the
 * arch's fault handler). Not init's, whose death panics: since fork
 * shares pages, even its next write to its own stack may need a new
 * page. Init has the OOM killer take another process (it never takes
 * init) and wait for it, then retries; a failure injected on purpose
 * only waits.
 */
static int oom_wait(int sig)
{
	if (current->group_leader != child_reaper || arch_irqs_disabled())
		return sig;
	if (fault_injected())
		msleep(10);
	else
		out_of_memory();
	return 0;
}

int handle_mm_fault(u64 addr, bool write, bool exec, bool user)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *v;
	unsigned long irq;
	int ret = SIGSEGV;

	perf_sw_event(PERF_COUNT_SW_PAGE_FAULTS, 1, user);
	if (!mm || addr >= TASK_SIZE_MAX)
		return SIGSEGV;
	irq = spin_lock_irqsave(&mm->lock);
	v = find_vma(mm, addr);
	if (!v)
		v = grow_stack(mm, addr);
	if (v && access_allowed(v, write, exec)) {
		u64 reason = 0;

		if (unlikely(v->vm_uffd_ctx))
			reason = userfaultfd_reason(mm, v, addr, write);
		if (v->vm_flags & VM_HUGETLB)
			ret = hugetlb_fault(mm, v, addr, write, &irq);
		else if (reason)
			ret = handle_userfault(mm, v, addr, reason, write, user, &irq);
		else
			ret = fault_in(mm, v, addr, write, exec, &irq);
		current->min_flt++;	/* every fault is minor: no swap, no disk */
		perf_sw_event(PERF_COUNT_SW_PAGE_FAULTS_MIN, 1, user);
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	return ret == SIGBUS ? oom_wait(ret) : ret;
}

/* The page behind @va in @mm, allocated if needed and never shared, for
 * the kernel to write (exec). mm->lock held (*@irq). */
static void *page_for(struct mm_struct *mm, u64 va, unsigned long *irq)
{
	lockdep_assert_held(&mm->lock);
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

/* The MAP_SHARED VMA at @va (its pages are written in place, never
 * unshared), or NULL. */
static struct vm_area_struct *shared_vma(struct mm_struct *mm, u64 va)
{
	struct vm_area_struct *v = find_vma(mm, va);

	return v && (v->vm_flags & VM_SHARED) ? v : NULL;
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
			struct vm_area_struct *v = shared_vma(mm, va);

			/* A file's pages the mapping may not write (open
			 * read-only, a root file) are not the kernel's either. */
			if (v && !(v->vm_flags & VM_MAYWRITE))
				break;
			if (!v && unshare(mm, va, &irq))
				break;
			if (!v)
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
