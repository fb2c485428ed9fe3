/*
 * userfaultfd's side in the address space (Linux's mm/userfaultfd.c and
 * the fault half of fs/userfaultfd.c): which faults a registration
 * catches, the sleep of a faulting thread, and the ioctls that resolve
 * faults by placing pages or lifting write protection.
 *
 * A registered VMA carries VM_UFFD_* flags and a pointer to its context
 * (vm_uffd_ctx). A caught fault puts a struct userfaultfd_wait on the
 * context's list while still holding mm->lock, so a UFFDIO_COPY that
 * places the page (under the same lock) cannot come between and miss it;
 * the faulting thread then drops the lock and sleeps until a handler
 * wakes its page's address. Write protection is a software PTE bit
 * (_PAGE_UFFD_WP, bit 10 as in Linux) on a read-only PTE: the write
 * faults, and the fault handler tells it from copy-on-write by that bit.
 */
#include "kernel/mm/userfaultfd_k.h"
#include "asm/irqflags.h"
#include "asm/page.h"
#include "asm/pgtable.h"
#include "asm/tlbflush.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/filemap.h"
#include "kernel/mm/internal.h"
#include "kernel/mm/slab.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"
#include "lib/string.h"

unsigned int sysctl_unprivileged_userfaultfd;

struct userfaultfd_ctx *userfaultfd_ctx_alloc(unsigned int flags)
{
	struct userfaultfd_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	if (!ctx)
		return NULL;
	spin_lock_init(&ctx->lock, "userfaultfd");
	INIT_LIST_HEAD(&ctx->faults);
	init_waitqueue_head(&ctx->fd_wqh);
	init_waitqueue_head(&ctx->fault_wqh);
	refcount_set(&ctx->refs, 1);
	ctx->flags = flags;
	ctx->mm = current->mm;
	mmgrab(ctx->mm);
	return ctx;
}

void userfaultfd_ctx_put(struct userfaultfd_ctx *ctx)
{
	if (!refcount_dec_and_test(&ctx->refs))
		return;
	mmdrop(ctx->mm);
	kfree(ctx);
}

/* Wake the sleeping faults that @match(@w, @a, @b) picks. */
static void wake_faults(struct userfaultfd_ctx *ctx,
			bool (*match)(struct userfaultfd_wait *w, u64 a, u64 b),
			u64 a, u64 b)
{
	struct userfaultfd_wait *w, *n;
	unsigned long irq = spin_lock_irqsave(&ctx->lock);

	list_for_each_entry_safe(w, n, &ctx->faults, list) {
		if (!match(w, a, b))
			continue;
		list_del_init(&w->list);
		WRITE_ONCE(w->woken, true);
	}
	spin_unlock_irqrestore(&ctx->lock, irq);
	wake_up(&ctx->fault_wqh);
}

static bool in_range(struct userfaultfd_wait *w, u64 start, u64 end)
{
	return w->page >= start && w->page < end;
}

void userfaultfd_wake(struct userfaultfd_ctx *ctx, u64 start, u64 len)
{
	wake_faults(ctx, in_range, start, start + len);
}

void userfaultfd_release(struct userfaultfd_ctx *ctx)
{
	struct mm_struct *mm = ctx->mm;
	struct vm_area_struct *v;
	unsigned long irq;

	WRITE_ONCE(ctx->released, true);
	if (mmget_not_zero(mm)) {
		irq = spin_lock_irqsave(&mm->lock);
		list_for_each_entry(v, &mm->mmap, list)
			if (v->vm_uffd_ctx == ctx)
				userfaultfd_clear_vma(v);
		spin_unlock_irqrestore(&mm->lock, irq);
		mmput(mm);
	}
	wake_faults(ctx, in_range, 0, ~0ull);
	wake_up(&ctx->fd_wqh);
	userfaultfd_ctx_put(ctx);
}

/* Does @v's object hold the page behind @va? mm->lock held. */
static bool object_has_page(struct vm_area_struct *v, u64 va)
{
	u64 index = v->vm_pgoff + ((va - v->vm_start) >> PAGE_SHIFT);
	struct page *page = filemap_get_page(v->vm_mapping, index, false);

	if (page)
		filemap_put_page(page);
	return page;
}

u64 userfaultfd_reason(struct mm_struct *mm, struct vm_area_struct *v, u64 addr,
		       bool write)
{
	u64 va = ALIGN_DOWN(addr, PAGE_SIZE);
	u64 *pte;

	lockdep_assert_held(&mm->lock);
	if (!v->vm_uffd_ctx)
		return 0;
	pte = user_pte(mm->pgd, va, false);
	if (pte && pte_present(*pte))
		return write && (*pte & _PAGE_UFFD_WP) ? v->vm_flags & VM_UFFD_WP : 0;
	if (v->vm_mapping && object_has_page(v, va))
		return v->vm_flags & VM_UFFD_MINOR;
	return v->vm_flags & VM_UFFD_MISSING;
}

/* The message a fault at @addr sends. */
static void fill_msg(struct uffd_msg *msg, struct userfaultfd_ctx *ctx,
		     u64 addr, u64 reason, bool write)
{
	memset(msg, 0, sizeof(*msg));
	msg->event = UFFD_EVENT_PAGEFAULT;
	if (write)
		msg->arg.pagefault.flags |= UFFD_PAGEFAULT_FLAG_WRITE;
	if (reason == VM_UFFD_WP)
		msg->arg.pagefault.flags |= UFFD_PAGEFAULT_FLAG_WP;
	if (reason == VM_UFFD_MINOR)
		msg->arg.pagefault.flags |= UFFD_PAGEFAULT_FLAG_MINOR;
	msg->arg.pagefault.address = ctx->features & UFFD_FEATURE_EXACT_ADDRESS ?
				     addr : ALIGN_DOWN(addr, PAGE_SIZE);
	if (ctx->features & UFFD_FEATURE_THREAD_ID)
		msg->arg.pagefault.ptid = current->pid;
}

int handle_userfault(struct mm_struct *mm, struct vm_area_struct *v, u64 addr,
		     u64 reason, bool write, bool user, unsigned long *irq)
{
	struct userfaultfd_ctx *ctx = v->vm_uffd_ctx;
	struct userfaultfd_wait w = { .page = ALIGN_DOWN(addr, PAGE_SIZE) };
	unsigned long flags;
	int err;

	lockdep_assert_held(&mm->lock);
	if ((ctx->features & UFFD_FEATURE_SIGBUS) ||
	    (!user && (ctx->flags & UFFD_USER_MODE_ONLY)) ||
	    !(*irq & X86_EFLAGS_IF))
		return VM_FAULT_SIGBUS;
	fill_msg(&w.msg, ctx, addr, reason, write);
	refcount_inc(&ctx->refs);
	flags = spin_lock_irqsave(&ctx->lock);
	list_add_tail(&w.list, &ctx->faults);
	spin_unlock_irqrestore(&ctx->lock, flags);
	spin_unlock_irqrestore(&mm->lock, *irq);
	wake_up(&ctx->fd_wqh);
	err = wait_event_interruptible(ctx->fault_wqh, READ_ONCE(w.woken));
	flags = spin_lock_irqsave(&ctx->lock);
	if (!w.woken)
		list_del(&w.list);
	spin_unlock_irqrestore(&ctx->lock, flags);
	userfaultfd_ctx_put(ctx);
	*irq = spin_lock_irqsave(&mm->lock);
	/* A user fault takes the signal and faults again; the kernel's
	 * access gives up (EFAULT) rather than spin with a signal pending. */
	return err && !user ? VM_FAULT_SIGBUS : 0;
}

/*
 * Call @fn(@v, @d) (if any) on each VMA of [start, end), split at the
 * ends first, if @ok(@v, @d) accepts them all (else its -errno) and,
 * with @hole nonzero, no part of the range is unmapped (else @hole); at
 * least one VMA must be there (-EINVAL). mm->lock held.
 */
static int for_each_vma_in(struct mm_struct *mm, u64 start, u64 end,
			   int (*ok)(struct vm_area_struct *v, void *d),
			   void (*fn)(struct vm_area_struct *v, void *d),
			   void *d, int hole)
{
	struct vm_area_struct *v;
	int err, seen = 0;

	lockdep_assert_held(&mm->lock);
	for (u64 va = start; va < end; va = v->vm_end, seen++) {
		v = vma_end_above(mm, va);
		if ((!v || v->vm_start >= end) && hole)
			return hole;
		if (!v || v->vm_start >= end)
			break;
		if (hole && v->vm_start > va)
			return hole;
		err = ok ? ok(v, d) : 0;
		if (err)
			return err;
	}
	if (!seen)
		return -EINVAL;
	if (!fn)
		return 0;		/* only the check */
	if (split_at(mm, start) || split_at(mm, end))
		return -ENOMEM;
	for (u64 va = start; (v = vma_end_above(mm, va)) && v->vm_start < end;
	     va = v->vm_end)
		fn(v, d);
	return 0;
}

/* Run @fn(@mm, @a) under mm->lock, holding a user reference on ctx->mm
 * (a handler in another process may outlive it): -ESRCH once it exited. */
struct uffd_op {
	struct userfaultfd_ctx *ctx;
	u64 start, end;
	u64 flags;			/* VM_UFFD_* to register; wp */
};

static long with_mm(struct userfaultfd_ctx *ctx,
		    long (*fn)(struct mm_struct *mm, struct uffd_op *a),
		    struct uffd_op *a)
{
	struct mm_struct *mm = ctx->mm;
	unsigned long irq;
	long ret;

	if (!mmget_not_zero(mm))
		return -ESRCH;
	irq = spin_lock_irqsave(&mm->lock);
	ret = fn(mm, a);
	spin_unlock_irqrestore(&mm->lock, irq);
	mmput(mm);
	return ret;
}

/* Set (@wp) or clear the write protection of the present PTEs of @v in
 * [start, end). A released PTE is writable again if the VMA is and the
 * page is not shared copy-on-write. mm->lock held; TLBs: the caller's. */
static void wp_ptes(struct mm_struct *mm, struct vm_area_struct *v, u64 start,
		    u64 end, bool wp)
{
	start = MAX(start, v->vm_start);
	end = MIN(end, v->vm_end);
	for (u64 va = start, next; va < end; va = next) {
		u64 *pte = user_pte_next(mm->pgd, va, &next);

		if (!pte || !pte_present(*pte))
			continue;
		if (wp) {
			*pte = (*pte & ~_PAGE_RW) | _PAGE_UFFD_WP;
			continue;
		}
		if (!(*pte & _PAGE_UFFD_WP))
			continue;
		*pte &= ~_PAGE_UFFD_WP;
		if ((v->vm_flags & VM_WRITE) && ((v->vm_flags & VM_SHARED) ||
						 page_exclusive(pte_page(*pte))))
			*pte |= _PAGE_RW;
	}
}

static int can_register(struct vm_area_struct *v, void *d)
{
	struct uffd_op *a = d;

	if (v->vm_uffd_ctx && v->vm_uffd_ctx != a->ctx)
		return -EBUSY;
	if ((a->flags & VM_UFFD_MINOR) && !v->vm_mapping)
		return -EINVAL;		/* minor faults are an object's */
	if (v->vm_flags & VM_HUGETLB)
		return -EINVAL;		/* not for huge pages here */
	return 0;
}

static void do_register(struct vm_area_struct *v, void *d)
{
	struct uffd_op *a = d;

	v->vm_uffd_ctx = a->ctx;
	v->vm_flags = (v->vm_flags & ~VM_UFFD_ALL) | a->flags;
}

static long register_range(struct mm_struct *mm, struct uffd_op *a)
{
	return for_each_vma_in(mm, a->start, a->end, can_register, do_register,
			       a, -EINVAL);
}

int userfaultfd_register(struct userfaultfd_ctx *ctx, u64 start, u64 len,
			 u64 mode)
{
	struct uffd_op a = { ctx, start, start + len, 0 };

	if (mode & UFFDIO_REGISTER_MODE_MISSING)
		a.flags |= VM_UFFD_MISSING;
	if (mode & UFFDIO_REGISTER_MODE_WP)
		a.flags |= VM_UFFD_WP;
	if (mode & UFFDIO_REGISTER_MODE_MINOR)
		a.flags |= VM_UFFD_MINOR;
	return with_mm(ctx, register_range, &a);
}

static void do_unregister(struct vm_area_struct *v, void *d)
{
	struct uffd_op *a = d;

	if (v->vm_uffd_ctx != a->ctx)
		return;
	wp_ptes(v->vm_mm, v, a->start, a->end, false);
	userfaultfd_clear_vma(v);
}

static long unregister_range(struct mm_struct *mm, struct uffd_op *a)
{
	return for_each_vma_in(mm, a->start, a->end, NULL, do_unregister, a, 0);
}

int userfaultfd_unregister(struct userfaultfd_ctx *ctx, u64 start, u64 len)
{
	struct uffd_op a = { ctx, start, start + len, 0 };
	int ret = with_mm(ctx, unregister_range, &a);

	userfaultfd_wake(ctx, start, len);
	return ret;
}

static int registered_wp(struct vm_area_struct *v, void *d)
{
	struct uffd_op *a = d;

	return v->vm_uffd_ctx == a->ctx && (v->vm_flags & VM_UFFD_WP) ? 0 : -ENOENT;
}

static long wp_range(struct mm_struct *mm, struct uffd_op *a)
{
	struct vm_area_struct *v;
	int err = for_each_vma_in(mm, a->start, a->end, registered_wp, NULL, a,
				  -ENOENT);

	for (u64 va = a->start; !err && (v = vma_end_above(mm, va)) &&
	     v->vm_start < a->end; va = v->vm_end)
		wp_ptes(mm, v, a->start, a->end, a->flags);
	return err;
}

int mwriteprotect_range(struct userfaultfd_ctx *ctx, u64 start, u64 len,
			bool wp)
{
	struct uffd_op a = { ctx, start, start + len, wp };
	int ret = with_mm(ctx, wp_range, &a);

	if (!ret)
		flush_tlb_mm_range(ctx->mm, start, start + len);
	return ret;
}

/*
 * Map @page (a new anonymous page holding the bytes) at @va, or for a
 * MAP_SHARED object mapping put its bytes into the object's page there
 * and map that. -ENOENT outside the context's ranges, -EEXIST when a
 * page is there already. mm->lock held; @page is the caller's to put
 * unless 0 came back for an anonymous mapping.
 */
static int mfill_one(struct mm_struct *mm, struct userfaultfd_ctx *ctx, u64 va,
		     struct page *page, bool wp, bool *taken)
{
	struct vm_area_struct *v = find_vma(mm, va);
	u64 *pte;
	struct page *p;

	if (!v || v->vm_uffd_ctx != ctx)
		return -ENOENT;
	pte = user_pte(mm->pgd, va, true);	/* a table only for a range of ours */
	if (!pte)
		return -ENOMEM;
	if (pte_present(*pte))
		return -EEXIST;
	if (v->vm_mapping && (v->vm_flags & VM_SHARED)) {
		if (object_has_page(v, va))
			return -EEXIST;
		p = filemap_get_page(v->vm_mapping, v->vm_pgoff +
				     ((va - v->vm_start) >> PAGE_SHIFT), true);
		if (!p)
			return -ENOMEM;
		copy_page(page_address(p), page_address(page));
		page = p;
	} else {
		*taken = true;
	}
	*pte = (page_to_pfn(page) << PAGE_SHIFT) | user_pte_flags(v->vm_flags);
	if (wp)
		*pte = (*pte & ~_PAGE_RW) | _PAGE_UFFD_WP;
	add_mm_rss(mm, page, 1);
	return 0;
}

long mfill_copy(struct userfaultfd_ctx *ctx, u64 dst, u64 src, u64 len,
		bool wp)
{
	struct mm_struct *mm = ctx->mm;
	unsigned long irq;
	u64 done = 0;
	int err = 0;

	if (!mmget_not_zero(mm))
		return -ESRCH;
	while (!err && done < len) {
		struct page *page = alloc_user_page(src ? 0 : __GFP_ZERO);
		bool taken = false;

		if (!page) {
			err = -ENOMEM;
			break;
		}
		if (src && copy_from_user(page_address(page),
					  (const void __user *)(src + done), PAGE_SIZE))
			err = -EFAULT;
		irq = spin_lock_irqsave(&mm->lock);
		err = err ?: mfill_one(mm, ctx, dst + done, page, wp, &taken);
		spin_unlock_irqrestore(&mm->lock, irq);
		if (!taken)
			put_user_page(page);
		if (!err)
			done += PAGE_SIZE;
	}
	mmput(mm);
	return done ? (long)done : err;
}

/* UFFDIO_CONTINUE for one page: map the object's page at @va. */
static int continue_one(struct mm_struct *mm, struct userfaultfd_ctx *ctx,
			u64 va)
{
	struct vm_area_struct *v = find_vma(mm, va);
	u64 *pte;
	u64 flags;
	struct page *page;

	if (!v || v->vm_uffd_ctx != ctx)
		return -ENOENT;
	if (!(v->vm_flags & VM_UFFD_MINOR))
		return -EINVAL;
	pte = user_pte(mm->pgd, va, true);
	if (!pte)
		return -ENOMEM;
	if (pte_present(*pte))
		return -EEXIST;
	page = filemap_get_page(v->vm_mapping,
				v->vm_pgoff + ((va - v->vm_start) >> PAGE_SHIFT),
				false);
	if (!page)
		return -EFAULT;		/* no page to continue with */
	flags = user_pte_flags(v->vm_flags);
	if (!(v->vm_flags & VM_SHARED))
		flags &= ~_PAGE_RW;	/* private: the first write copies */
	*pte = (page_to_pfn(page) << PAGE_SHIFT) | flags;
	add_mm_rss(mm, page, 1);
	return 0;
}

long mfill_continue(struct userfaultfd_ctx *ctx, u64 dst, u64 len)
{
	struct mm_struct *mm = ctx->mm;
	unsigned long irq;
	u64 done;
	int err = 0;

	if (!mmget_not_zero(mm))
		return -ESRCH;
	irq = spin_lock_irqsave(&mm->lock);
	for (done = 0; !err && done < len; done += err ? 0 : PAGE_SIZE)
		err = continue_one(mm, ctx, dst + done);
	spin_unlock_irqrestore(&mm->lock, irq);
	mmput(mm);
	return done ? (long)done : err;
}
