/*
 * Linux's native asynchronous I/O (fs/aio.c): io_setup makes a context,
 * io_submit hands it iocbs, io_getevents collects their completions,
 * io_cancel and io_destroy end them.
 *
 * A context is a ring of struct io_event in the caller's memory (its
 * address is the aio_context_t the program holds, as on Linux, where
 * libaio reads completions straight from it) plus a struct kioctx here:
 *
 *   user: ctx -> [ aio_ring: id nr head tail magic ... | io_event[nr] ]
 *   kernel: kioctx { mm, user_id = ctx, ring object, tail, pending }
 *
 * The ring is a shared memory object mapped into the caller (kernel/mm/
 * filemap.h), so its VMAs' open and close tell when the last mapping is
 * gone (an munmap, or the process's exit: Linux's exit_aio()) and the
 * context dies. Completions are written into the ring with copy_to_user
 * by the thread that completes them, always one of the context's mm.
 *
 * Reads and writes complete at submit, as Linux's buffered I/O does:
 * Taskbase's files are memory. IOCB_CMD_POLL completes at submit when
 * the file is ready; otherwise it waits on the pending list, polled
 * again by io_getevents (whose sleep poll_loop() queues on the files'
 * wait queues) until it is ready or io_cancel ends it. Only a POLL can
 * be cancelled, as on Linux. A completion another thread makes does not
 * wake a waiting io_getevents (Linux's does); the waiter sees it at its
 * next wake-up or deadline. io_getevents is aio_getevents.c.
 */
#include "kernel/fs/aio/internal.h"
#include "kernel/fs/poll.h"
#include "kernel/fs/syscalls.h"
#include "kernel/mm/filemap.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/slab.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/workqueue.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/refcount.h"
#include "lib/string.h"

unsigned long aio_nr, aio_max_nr = 0x10000;
static LIST_HEAD(aio_list);
static DEFINE_SPINLOCK(aio_lock);	/* aio_list, aio_nr, maps */

/* ---- the context's life ---- */

static void free_ioctx(struct work_struct *w)
{
	struct kioctx *ctx = container_of(w, struct kioctx, free_work);
	struct aio_poll *p, *n;

	list_for_each_entry_safe(p, n, &ctx->pending, list) {
		fput(p->file);
		kfree(p);
	}
	mapping_put(ctx->ring);
	kfree(ctx);
}

void put_ioctx(struct kioctx *ctx)
{
	if (refcount_dec_and_test(&ctx->users))
		schedule_work(&ctx->free_work);
}

/* aio_lock held: off the list, out of aio_nr, the list's reference gone;
 * false if already dead. */
static bool kill_ioctx_locked(struct kioctx *ctx)
{
	if (list_empty(&ctx->list))
		return false;
	list_del_init(&ctx->list);
	aio_nr -= ctx->max_reqs;
	ctx->ring->private_data = NULL;
	return true;
}

static void ring_vm_open(struct address_space *m)
{
	unsigned long irq = spin_lock_irqsave(&aio_lock);
	struct kioctx *ctx = m->private_data;

	if (ctx)
		ctx->maps++;
	spin_unlock_irqrestore(&aio_lock, irq);
}

/* The last mapping of the ring gone (munmap, exit): the context dies. */
static void ring_vm_close(struct address_space *m)
{
	unsigned long irq = spin_lock_irqsave(&aio_lock);
	struct kioctx *ctx = m->private_data;
	bool killed = ctx && --ctx->maps == 0 && kill_ioctx_locked(ctx);

	spin_unlock_irqrestore(&aio_lock, irq);
	if (killed)
		put_ioctx(ctx);
}

static const struct mapping_vm_ops aio_ring_vm_ops = {
	.open = ring_vm_open,
	.close = ring_vm_close,
};

struct kioctx *lookup_ioctx(u64 id)
{
	unsigned long irq = spin_lock_irqsave(&aio_lock);
	struct kioctx *ctx, *found = NULL;

	list_for_each_entry(ctx, &aio_list, list) {
		if (ctx->user_id == id && ctx->mm == current->mm) {
			refcount_inc(&ctx->users);
			found = ctx;
			break;
		}
	}
	spin_unlock_irqrestore(&aio_lock, irq);
	return found;
}

/* A context of @nr_events for current, counted in aio_nr, its ring not
 * yet mapped; or ERR_PTR(-EINVAL, -EAGAIN, -ENOMEM). */
static struct kioctx *ioctx_alloc(unsigned int nr_events)
{
	unsigned int max_reqs = nr_events;
	u64 len;
	struct kioctx *ctx;
	unsigned long irq;

	nr_events = MAX(nr_events, 4u) * 2;	/* as Linux: room to spare */
	if (nr_events < max_reqs || nr_events > 0x10000000u / sizeof(struct io_event))
		return ERR_PTR(-EINVAL);
	if (max_reqs > aio_max_nr)
		return ERR_PTR(-EAGAIN);
	len = ALIGN_UP(sizeof(struct aio_ring) + (u64)nr_events * sizeof(struct io_event),
		       PAGE_SIZE);
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return ERR_PTR(-ENOMEM);
	ctx->ring = mapping_alloc(len);
	if (!ctx->ring) {
		kfree(ctx);
		return ERR_PTR(-ENOMEM);
	}
	ctx->ring->vm_ops = &aio_ring_vm_ops;
	ctx->ring_len = len;
	ctx->nr = (u32)((len - sizeof(struct aio_ring)) / sizeof(struct io_event));
	ctx->max_reqs = max_reqs;
	ctx->mm = current->mm;
	refcount_set(&ctx->users, 1);
	mutex_init(&ctx->lock);
	INIT_LIST_HEAD(&ctx->list);
	INIT_LIST_HEAD(&ctx->pending);
	INIT_LIST_HEAD(&ctx->free_work.entry);
	ctx->free_work.func = free_ioctx;
	irq = spin_lock_irqsave(&aio_lock);
	if (aio_nr + max_reqs > aio_max_nr || aio_nr + max_reqs < aio_nr) {
		spin_unlock_irqrestore(&aio_lock, irq);
		mapping_put(ctx->ring);
		kfree(ctx);
		return ERR_PTR(-EAGAIN);
	}
	aio_nr += max_reqs;
	spin_unlock_irqrestore(&aio_lock, irq);
	return ctx;
}

/* The ring's VMA at @addr stays out of a fork's child, as Linux's
 * (VM_DONTCOPY): the child's copy would keep a context of the parent's
 * mm, and the parent's exit would leave it pointing at a freed mm. */
static void ring_dontcopy(u64 addr)
{
	struct mm_struct *mm = current->mm;
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	struct vm_area_struct *v = find_vma(mm, addr);

	if (v)
		v->vm_flags |= VM_DONTCOPY;
	spin_unlock_irqrestore(&mm->lock, irq);
}

/* Map @ctx's ring into current, write its header and list it (the list
 * takes ioctx_alloc()'s reference; a failed map drops it); 0 or -errno. */
static long ioctx_map(struct kioctx *ctx)
{
	struct mmap_object obj = { .mapping = ctx->ring, .may_write = true };
	struct aio_ring hdr = { .nr = ctx->nr, .magic = AIO_RING_MAGIC,
				.compat_features = 1,
				.header_length = sizeof(struct aio_ring) };
	unsigned long irq;
	long addr;

	strscpy(obj.name, "[aio]", sizeof(obj.name));
	addr = do_mmap(0, ctx->ring_len, PROT_READ | PROT_WRITE, MAP_SHARED, &obj);
	if (addr >= 0)
		ring_dontcopy((u64)addr);
	irq = spin_lock_irqsave(&aio_lock);
	ctx->ring->private_data = ctx;
	ctx->maps = addr < 0 ? 0 : 1;
	ctx->user_id = (u64)addr;
	if (addr >= 0)
		list_add(&ctx->list, &aio_list);
	else
		aio_nr -= ctx->max_reqs;
	spin_unlock_irqrestore(&aio_lock, irq);
	if (addr < 0) {
		put_ioctx(ctx);
		return addr;
	}
	hdr.id = (u32)addr;
	return copy_to_user((void __user *)addr, &hdr, sizeof(hdr)) ? -EFAULT : 0;
}

/* Kill @ctx (referenced by the caller) and unmap its ring from current. */
static void kill_ioctx(struct kioctx *ctx)
{
	unsigned long irq = spin_lock_irqsave(&aio_lock);
	bool killed = kill_ioctx_locked(ctx);

	spin_unlock_irqrestore(&aio_lock, irq);
	if (killed) {
		do_munmap(current->mm, ctx->user_id, ctx->ring_len);
		put_ioctx(ctx);
	}
}

/* io_setup(2): a context for @nr_events into *@ctxp, which must hold 0.
 * EFAULT, EINVAL (*@ctxp not 0, @nr_events 0 or too many), EAGAIN (past
 * aio-max-nr), ENOMEM. */
long sys_io_setup(unsigned int nr_events, u64 __user *ctxp)
{
	struct kioctx *ctx;
	u64 old;
	long ret;

	if (get_user_u64(&old, ctxp))
		return -EFAULT;
	if (old || !nr_events)
		return -EINVAL;
	ctx = ioctx_alloc(nr_events);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	/* Ours: the one from ioctx_alloc() becomes the list's (or goes
	 * when the map fails), and another thread's munmap of the new
	 * ring may drop it before we are done here. */
	refcount_inc(&ctx->users);
	ret = ioctx_map(ctx);
	if (!ret && put_user_u64(ctx->user_id, ctxp))
		ret = -EFAULT;
	if (ret)
		kill_ioctx(ctx);	/* nothing if never listed or gone */
	put_ioctx(ctx);
	return ret;
}

/* io_destroy(2): end context @id (its pending polls dropped, its ring
 * unmapped); 0, or EINVAL for no such context. */
long sys_io_destroy(u64 id)
{
	struct kioctx *ctx = lookup_ioctx(id);

	if (!ctx)
		return -EINVAL;
	kill_ioctx(ctx);
	put_ioctx(ctx);
	return 0;
}

/* ---- completions: the ring ---- */

long ring_state(struct kioctx *ctx, u32 *head, u32 *avail)
{
	struct aio_ring __user *r = (struct aio_ring __user *)ctx->user_id;

	if (get_user_u32(head, &r->head))
		return -EFAULT;
	*head %= ctx->nr;
	*avail = (ctx->tail + ctx->nr - *head) % ctx->nr;
	return 0;
}

long aio_complete(struct kioctx *ctx, u64 obj, u64 data, s64 res)
{
	struct aio_ring __user *r = (struct aio_ring __user *)ctx->user_id;
	struct io_event ev = { data, obj, res, 0 };
	u32 tail = ctx->tail;

	if (copy_to_user(&r->io_events[tail], &ev, sizeof(ev)))
		return -EFAULT;
	ctx->tail = (tail + 1) % ctx->nr;
	return put_user_u32(ctx->tail, &r->tail);
}

void aio_poll_free(struct kioctx *ctx, struct aio_poll *p)
{
	list_del(&p->list);
	ctx->npending--;
	fput(p->file);
	kfree(p);
}

/* ---- io_submit ---- */

/* Room in the ring for one more completion (ctx->lock held)? One slot
 * stays empty, so that head == tail means empty; pending polls have
 * theirs kept. */
static long ring_reserve(struct kioctx *ctx)
{
	u32 head, avail;
	long ret = ring_state(ctx, &head, &avail);

	if (!ret && avail + ctx->npending + 1 >= ctx->nr)
		ret = -EAGAIN;
	return ret;
}

/* PREAD, PWRITE, PREADV, PWRITEV on @f: the result the event carries,
 * or (as *@early) an error io_submit returns itself. */
static s64 aio_rw(struct file *f, const struct iocb *cb, bool vec, bool write,
		  long *early)
{
	struct iovec one = { (void __user *)cb->aio_buf, cb->aio_nbytes };
	struct iovec *iov = &one;
	struct iov_iter it;
	size_t total = one.iov_len;
	loff_t pos = cb->aio_offset;
	long ret;

	if (!(f->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
		return *early = -EBADF;
	if (cb->aio_rw_flags)
		return *early = -EOPNOTSUPP;
	if (vec)
		iov = import_iovec((const struct iovec __user *)cb->aio_buf,
				   cb->aio_nbytes, &total);
	else if (!access_ok(one.iov_base, one.iov_len))
		iov = ERR_PTR(-EFAULT);
	if (IS_ERR(iov))
		return *early = PTR_ERR(iov);
	iov_iter_init(&it, true, iov, vec ? cb->aio_nbytes : 1, MIN(total, (size_t)MAX_RW_COUNT));
	ret = write ? vfs_write(f, &it, &pos) : vfs_read(f, &it, &pos);
	if (iov != &one)
		kfree(iov);
	return ret == -ERESTARTSYS ? -EINTR : ret;
}

/* IOCB_CMD_POLL: ready now (its mask), or 0 after it joined the pending
 * list; -errno for io_submit. */
static s64 aio_poll(struct kioctx *ctx, struct file *f, const struct iocb *cb,
		    u64 obj, long *early)
{
	__poll_t events = (__poll_t)cb->aio_buf | EPOLLERR | EPOLLHUP;
	__poll_t mask;
	struct aio_poll *p;

	if ((u16)cb->aio_buf != cb->aio_buf || cb->aio_offset ||
	    cb->aio_nbytes || cb->aio_rw_flags)
		return *early = -EINVAL;
	mask = vfs_poll(f, NULL) & events;
	if (mask)
		return mask;
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return *early = -EAGAIN;
	*p = (struct aio_poll){ .file = get_file(f), .obj = obj,
				.data = cb->aio_data, .events = events };
	list_add_tail(&p->list, &ctx->pending);
	ctx->npending++;
	*early = 1;			/* queued: no event yet */
	return 0;
}

/* One iocb at user @ucb, ctx->lock held: done (its event in the ring, or
 * pending), or -errno for io_submit. */
static long io_submit_one(struct kioctx *ctx, struct iocb __user *ucb)
{
	struct iocb cb;
	struct file *f;
	long early = 0;
	s64 res = 0;

	if (copy_from_user(&cb, ucb, sizeof(cb)))
		return -EFAULT;
	if (cb.aio_reserved2 || (s64)cb.aio_nbytes < 0)
		return -EINVAL;
	if (ring_reserve(ctx))
		return -EAGAIN;
	f = fget(cb.aio_fildes);
	if (!f)
		return -EBADF;
	/* eventfd notification (IOCB_FLAG_RESFD) is not kept. */
	if (put_user_u32(KIOCB_KEY, &ucb->aio_key))
		early = -EFAULT;
	else if (cb.aio_lio_opcode == IOCB_CMD_PREAD || cb.aio_lio_opcode == IOCB_CMD_PWRITE ||
		 cb.aio_lio_opcode == IOCB_CMD_PREADV || cb.aio_lio_opcode == IOCB_CMD_PWRITEV)
		res = aio_rw(f, &cb, cb.aio_lio_opcode >= IOCB_CMD_PREADV,
			     cb.aio_lio_opcode == IOCB_CMD_PWRITE ||
			     cb.aio_lio_opcode == IOCB_CMD_PWRITEV, &early);
	else if (cb.aio_lio_opcode == IOCB_CMD_FSYNC || cb.aio_lio_opcode == IOCB_CMD_FDSYNC)
		early = cb.aio_buf || cb.aio_offset || cb.aio_nbytes || cb.aio_rw_flags ||
			!(S_ISREG(f->f_inode->i_mode) || S_ISDIR(f->f_inode->i_mode)) ?
			-EINVAL : 0;	/* memory: nothing to write back */
	else if (cb.aio_lio_opcode == IOCB_CMD_POLL)
		res = aio_poll(ctx, f, &cb, (u64)ucb, &early);
	else
		early = -EINVAL;
	fput(f);
	if (early)
		return early > 0 ? 0 : early;
	return aio_complete(ctx, (u64)ucb, cb.aio_data, res);
}

/* io_submit(2): up to @nr iocbs from @iocbpp; how many were taken (the
 * first failure stops it), or the first one's -errno: EINVAL (@nr < 0,
 * no such context, a bad iocb), EFAULT, EBADF (fd, or a mode that does
 * not fit), EAGAIN (the ring is full). */
long sys_io_submit(u64 id, long nr, struct iocb __user *__user *iocbpp)
{
	struct kioctx *ctx;
	long i, ret = 0;

	if (nr < 0)
		return -EINVAL;
	ctx = lookup_ioctx(id);
	if (!ctx)
		return -EINVAL;
	mutex_lock(&ctx->lock);
	for (i = 0; i < MIN(nr, (long)ctx->nr); i++) {
		u64 ucb;

		ret = get_user_u64(&ucb, (u64 __user *)(iocbpp + i)) ? -EFAULT :
		      io_submit_one(ctx, (struct iocb __user *)ucb);
		if (ret)
			break;
	}
	mutex_unlock(&ctx->lock);
	put_ioctx(ctx);
	return i ? i : ret;
}

/* io_cancel(2): cancel the pending IOCB_CMD_POLL @iocb (its event, mask
 * 0, goes into the ring): -EINPROGRESS, as Linux; EFAULT, EINVAL (a key
 * that is not ours, no such context or request: reads and writes are
 * complete already). @result is not used, as on Linux. */
long sys_io_cancel(u64 id, struct iocb __user *iocb,
		   struct io_event __user *result)
{
	struct kioctx *ctx;
	struct aio_poll *p;
	long ret = -EINVAL;
	u32 key;

	/* By offset: @iocb may be NULL, and naming a member through it is
	 * undefined (UBSAN). */
	if (get_user_u32(&key, (u32 __user *)((char __user *)iocb +
					      offsetof(struct iocb, aio_key))))
		return -EFAULT;
	if (key != KIOCB_KEY)
		return -EINVAL;
	ctx = lookup_ioctx(id);
	if (!ctx)
		return -EINVAL;
	mutex_lock(&ctx->lock);
	list_for_each_entry(p, &ctx->pending, list) {
		if (p->obj == (u64)iocb) {
			aio_complete(ctx, p->obj, p->data, 0);
			aio_poll_free(ctx, p);
			ret = -EINPROGRESS;
			break;
		}
	}
	mutex_unlock(&ctx->lock);
	put_ioctx(ctx);
	return ret;
}
