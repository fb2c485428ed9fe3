/*
 * Memory locks (Linux's mm/mlock.c): mlock, mlock2, munlock, mlockall
 * and munlockall mark VMAs VM_LOCKED and fault their pages in
 * (MLOCK_ONFAULT: only as they are touched). Taskbase never swaps or
 * reclaims user pages, so a lock changes no page's fate: what it
 * changes is what Linux promises and counts, the VmLck line of
 * /proc/<pid>/status (mm->locked_vm, kept by vma_account()) and
 * RLIMIT_MEMLOCK, which an unprivileged process may not exceed. Locks
 * are not inherited by fork (dup_mm()) and go with exec's new mm.
 */
#include "kernel/mm/mm.h"
#include "kernel/cred.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/internal.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "lib/errno.h"

#define RLIMIT_MEMLOCK 8
#define MLOCK_ONFAULT 1
#define MCL_CURRENT 1
#define MCL_FUTURE 2
#define MCL_ONFAULT 4
#define VM_LOCK_MASK (VM_LOCKED | VM_LOCKONFAULT)

bool mlock_allowed(struct mm_struct *mm, u64 pages, long *err)
{
	u64 lim = current->signal ? current->signal->rlim[RLIMIT_MEMLOCK].rlim_cur
				  : RLIM_INFINITY;

	if (capable(CAP_IPC_LOCK) || lim == RLIM_INFINITY ||
	    (lim && READ_ONCE(mm->locked_vm) + pages <= lim >> PAGE_SHIFT))
		return true;
	*err = lim ? -ENOMEM : -EPERM;
	return false;
}

/* Pages of [start, end) not locked yet. mm->lock held. */
static u64 pages_to_lock(struct mm_struct *mm, u64 start, u64 end)
{
	struct vm_area_struct *v = vma_end_above(mm, start);
	u64 n = 0;

	lockdep_assert_held(&mm->lock);
	for (; v && v->vm_start < end; v = list_is_last(&v->list, &mm->mmap) ?
	     NULL : list_next_entry(v, list))
		if (!(v->vm_flags & VM_LOCKED))
			n += (MIN(v->vm_end, end) - MAX(v->vm_start, start)) >> PAGE_SHIFT;
	return n;
}

/* Fault in the readable pages of [start, end) of current's mm (a lock
 * without MLOCK_ONFAULT). A page that cannot be had now comes later. */
static void populate(u64 start, u64 end)
{
	for (u64 va = start; va < end; va += PAGE_SIZE)
		handle_mm_fault(va, false, false, true);
}

static long do_mlock(u64 addr, u64 len, u64 lock)
{
	struct mm_struct *mm = current->mm;
	u64 start = ALIGN_DOWN(addr, PAGE_SIZE), end;
	unsigned long irq;
	long ret = 0;

	if (!mm || addr >= TASK_SIZE_MAX || len > TASK_SIZE_MAX - addr)
		return -ENOMEM;
	end = ALIGN_UP(addr + len, PAGE_SIZE);
	if (start == end)
		return 0;
	irq = spin_lock_irqsave(&mm->lock);
	if (!range_mapped(mm, start, end))
		ret = -ENOMEM;
	else if (lock && !mlock_allowed(mm, pages_to_lock(mm, start, end), &ret))
		;	/* ret: -EPERM or -ENOMEM */
	else
		ret = vma_modify_flags(mm, start, end, VM_LOCK_MASK, lock);
	spin_unlock_irqrestore(&mm->lock, irq);
	if (!ret && lock == VM_LOCKED)
		populate(start, end);
	return ret;
}

/* mlock(2): lock the pages of [addr, addr + len) in memory. */
long sys_mlock(u64 addr, u64 len)
{
	return do_mlock(addr, len, VM_LOCKED);
}

/* mlock2(2): mlock, or with MLOCK_ONFAULT only the pages touched. */
long sys_mlock2(u64 addr, u64 len, unsigned int flags)
{
	if (flags & ~MLOCK_ONFAULT)
		return -EINVAL;
	return do_mlock(addr, len, VM_LOCKED |
			(flags & MLOCK_ONFAULT ? VM_LOCKONFAULT : 0));
}

/* munlock(2): unlock [addr, addr + len). */
long sys_munlock(u64 addr, u64 len)
{
	return do_mlock(addr, len, 0);
}

/* mlockall(2): MCL_CURRENT locks what is mapped, MCL_FUTURE what will be,
 * MCL_ONFAULT makes either lock on touch only. */
long sys_mlockall(int flags)
{
	struct mm_struct *mm = current->mm;
	u64 lock = VM_LOCKED | (flags & MCL_ONFAULT ? VM_LOCKONFAULT : 0);
	unsigned long irq;
	long ret = 0;

	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) ||
	    flags == MCL_ONFAULT)
		return -EINVAL;
	if (!mm)
		return -EINVAL;
	irq = spin_lock_irqsave(&mm->lock);
	if (!mlock_allowed(mm, (flags & MCL_CURRENT) ? mm->total_vm - mm->locked_vm : 0,
			   &ret)) {
		spin_unlock_irqrestore(&mm->lock, irq);
		return ret;
	}
	mm->def_flags = (flags & MCL_FUTURE) ? lock : 0;
	if (flags & MCL_CURRENT)
		vma_modify_flags(mm, 0, TASK_SIZE_MAX, VM_LOCK_MASK, lock);	/* all */
	spin_unlock_irqrestore(&mm->lock, irq);
	return 0;
}

/* munlockall(2): unlock everything, and no more MCL_FUTURE. */
long sys_munlockall(void)
{
	struct mm_struct *mm = current->mm;
	unsigned long irq;

	if (!mm)
		return -EINVAL;
	irq = spin_lock_irqsave(&mm->lock);
	mm->def_flags = 0;
	vma_modify_flags(mm, 0, TASK_SIZE_MAX, VM_LOCK_MASK, 0);	/* all */
	spin_unlock_irqrestore(&mm->lock, irq);
	return 0;
}
