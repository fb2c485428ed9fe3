/*
 * Memory protection keys (Linux's mm/mprotect.c pkey calls and
 * arch/x86/include/asm/pkeys.h; the hardware side: asm/pkru.h).
 *
 * pkey_alloc() hands out one of the 15 keys (key 0 is every page's by
 * default) and sets the calling thread's rights for it; pkey_mprotect()
 * is mprotect() that also stamps the key into the range's VMAs and PTEs;
 * pkey_free() gives the key back (pages that still carry it keep it, as
 * in Linux). Allocation is per address space (mm->pkey_allocation_map),
 * rights are per thread (PKRU). Without PKU on the CPU pkey_alloc()
 * fails with ENOSPC, as in Linux, and the other two with EINVAL.
 */
#include "kernel/mm/mm.h"
#include "asm/pkru.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "lib/errno.h"

#define PKEY_DISABLE_ACCESS 0x1
#define PKEY_DISABLE_WRITE 0x2
#define PKEY_ACCESS_MASK (PKEY_DISABLE_ACCESS | PKEY_DISABLE_WRITE)
#define NR_PKEYS 16

static bool pkey_allocated(struct mm_struct *mm, int pkey)
{
	return pkey >= 0 && pkey < NR_PKEYS &&
	       (READ_ONCE(mm->pkey_allocation_map) & (1u << pkey));
}

/* A free key of @mm, now allocated, or -1. */
static int mm_pkey_alloc(struct mm_struct *mm)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	int pkey = -1;

	for (int k = 1; k < NR_PKEYS && pkey < 0; k++)
		if (!(mm->pkey_allocation_map & (1u << k)))
			pkey = k;
	if (pkey > 0)
		mm->pkey_allocation_map |= 1u << pkey;
	spin_unlock_irqrestore(&mm->lock, irq);
	return pkey;
}

/* pkey_alloc(2): a new key with current's rights @init_val; flags must
 * be 0. The key, or -EINVAL, -ENOSPC (none left, or no PKU). */
long sys_pkey_alloc(unsigned long flags, unsigned long init_val)
{
	int pkey;

	if (flags || (init_val & ~(unsigned long)PKEY_ACCESS_MASK))
		return -EINVAL;
	if (!arch_pkeys_enabled() || !current->mm)
		return -ENOSPC;
	pkey = mm_pkey_alloc(current->mm);
	if (pkey < 0)
		return -ENOSPC;
	arch_set_user_pkey_access(pkey, init_val);
	return pkey;
}

/* pkey_free(2): give back key @pkey; -EINVAL if it is not allocated. */
long sys_pkey_free(int pkey)
{
	struct mm_struct *mm = current->mm;
	unsigned long irq;

	if (!mm || !pkey_allocated(mm, pkey))
		return -EINVAL;
	irq = spin_lock_irqsave(&mm->lock);
	mm->pkey_allocation_map &= ~(1u << pkey);
	spin_unlock_irqrestore(&mm->lock, irq);
	return 0;
}

/* pkey_mprotect(2): mprotect(@start, @len, @prot) that gives the range
 * key @pkey (-1: keep each VMA's); -EINVAL for a key not allocated. */
long sys_pkey_mprotect(u64 start, u64 len, unsigned long prot, int pkey)
{
	if (!current->mm || (pkey != -1 && !pkey_allocated(current->mm, pkey)))
		return -EINVAL;
	return do_mprotect_pkey(start, len, prot, pkey);
}
