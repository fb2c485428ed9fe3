/*
 * io_uring_setup(2), the ring descriptor's mmap and close, and
 * io_uring_enter(2) (Linux's io_uring/io_uring.c).
 *
 * Setup allocates two objects of whole pages: the rings (struct io_rings:
 * the SQ and CQ indexes, the CQEs, then the SQ array) and the SQEs. Each
 * is a memory object (kernel/mm/filemap.h) that mmap on the descriptor
 * maps MAP_SHARED into the program, while the kernel reaches the same
 * pages through their direct-map address: one copy of the bytes, two
 * views. The object keeps its pages until its last mapping and the
 * context are gone, so an munmap or a close in either order is safe.
 *
 * io_uring_enter() takes SQEs from the SQ head to the tail the program
 * published, runs each in the caller's context (its files, mm, root and
 * credentials, as the system call would), and posts a CQE for it. A
 * request whose file is not ready (a read of an empty pipe) is not run:
 * it waits on ctx->pending (poll.c) and is retried when its file polls
 * ready, at the next io_uring_enter() of its submitter or while that one
 * waits for completions, so the ring is never held by a sleeping op.
 */
#include "kernel/io_uring/io_uring.h"
#include "kernel/fork.h"
#include "kernel/fs/anon_inodes.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/filemap.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/mm/slab.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "lib/atomic.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

/* A CQE that found the CQ full, kept until the program makes room
 * (IORING_FEAT_NODROP). */
struct io_overflow_cqe {
	struct list_head list;
	struct io_uring_cqe cqe;
};

static const struct file_operations io_uring_fops;

bool io_is_uring_fops(const struct file *f)
{
	return f->f_op == &io_uring_fops;
}

/* ---- the shared memory ---- */

/* @size bytes of zeroed, contiguous pages lent to a new memory object
 * (*@obj, referenced once); their kernel address, or NULL. */
static void *io_mem_alloc(u64 size, struct address_space **obj)
{
	u64 len = ALIGN_UP(size, PAGE_SIZE);
	u8 *mem = alloc_pages_exact(len, __GFP_ZERO);
	u64 i;

	if (!mem)
		return NULL;
	*obj = mapping_alloc(len);
	for (i = 0; *obj && i < len / PAGE_SIZE; i++)
		if (filemap_add_page(*obj, i, virt_to_page(mem + i * PAGE_SIZE)))
			break;
	if (*obj && i == len / PAGE_SIZE)
		return mem;
	/* The object frees the pages it took; the rest are ours. */
	for (u64 j = i; j < len / PAGE_SIZE; j++)
		free_pages(mem + j * PAGE_SIZE, 0);
	if (*obj)
		mapping_put(*obj);
	*obj = NULL;
	return NULL;
}

/* Bytes of the rings for @sq and @cq entries; the SQ array's offset in
 * *@array (after the CQEs, on a cache line of its own, as Linux; CQE32
 * in @flags: Linux's rings_size() doubles all before it, header too). */
static u64 rings_size(u32 sq, u32 cq, u32 flags, u32 *array)
{
	u64 off = offsetof(struct io_rings, cqes) +
		  (u64)cq * sizeof(struct io_uring_cqe);

	off = ALIGN_UP(off << !!(flags & IORING_SETUP_CQE32), 64);

	*array = (u32)off;
	return off + (u64)sq * sizeof(u32);
}

/* ---- the context ---- */

/*
 * Free @ctx: its pending requests, overflowed CQEs, registrations, and
 * its hold on the rings (a mapping may keep their pages). Nobody can
 * reach it any more (its file is gone, or was never installed), so
 * uring_lock is not taken: this may run under another ring's uring_lock
 * (the last fput of a ring a request of that ring held).
 */
static void io_ring_ctx_free(struct io_ring_ctx *ctx)
{
	struct io_overflow_cqe *o, *n;

	BUG_ON(mutex_is_locked(&ctx->uring_lock));
	io_tctx_ring_free(ctx);
	io_poll_cancel_all(ctx);
	list_for_each_entry_safe(o, n, &ctx->overflow, list) {
		list_del(&o->list);
		kfree(o);
	}
	io_sqe_buffers_unregister(ctx);
	io_sqe_files_unregister(ctx);
	if (ctx->ring_obj)
		mapping_put(ctx->ring_obj);
	if (ctx->sqe_obj)
		mapping_put(ctx->sqe_obj);
	kfree(ctx);
}

/* A context for the checked @p (entries rounded), its rings written;
 * or NULL when out of memory. */
static struct io_ring_ctx *io_ring_ctx_alloc(struct io_uring_params *p)
{
	struct io_ring_ctx *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	u32 array;

	if (!ctx)
		return NULL;
	mutex_init(&ctx->uring_lock);
	INIT_LIST_HEAD(&ctx->overflow);
	INIT_LIST_HEAD(&ctx->pending);
	INIT_LIST_HEAD(&ctx->tctx_list);
	init_waitqueue_head(&ctx->cq_wait);
	ctx->flags = p->flags;
	ctx->sq_entries = p->sq_entries;
	ctx->cq_entries = p->cq_entries;
	ctx->rings_size = rings_size(p->sq_entries, p->cq_entries, p->flags,
				     &array);
	ctx->sqes_size = ((u64)p->sq_entries * sizeof(struct io_uring_sqe)) <<
			 io_sqe_shift(ctx);
	ctx->rings = io_mem_alloc(ctx->rings_size, &ctx->ring_obj);
	if (ctx->rings)
		ctx->sqes = io_mem_alloc(ctx->sqes_size, &ctx->sqe_obj);
	if (!ctx->sqes) {
		io_ring_ctx_free(ctx);
		return NULL;
	}
	ctx->sq_array = (u32 *)((u8 *)ctx->rings + array);
	ctx->rings->sq_ring_mask = p->sq_entries - 1;
	ctx->rings->cq_ring_mask = p->cq_entries - 1;
	ctx->rings->sq_ring_entries = p->sq_entries;
	ctx->rings->cq_ring_entries = p->cq_entries;
	p->sq_off = (struct io_sqring_offsets){
		offsetof(struct io_rings, sq.head), offsetof(struct io_rings, sq.tail),
		offsetof(struct io_rings, sq_ring_mask),
		offsetof(struct io_rings, sq_ring_entries),
		offsetof(struct io_rings, sq_flags),
		offsetof(struct io_rings, sq_dropped), array, 0, 0 };
	p->cq_off = (struct io_cqring_offsets){
		offsetof(struct io_rings, cq.head), offsetof(struct io_rings, cq.tail),
		offsetof(struct io_rings, cq_ring_mask),
		offsetof(struct io_rings, cq_ring_entries),
		offsetof(struct io_rings, cq_overflow),
		offsetof(struct io_rings, cqes), offsetof(struct io_rings, cq_flags), 0, 0 };
	io_submitter_set(ctx);
	return ctx;
}

static int io_uring_release(struct inode *inode, struct file *f)
{
	io_ring_ctx_free(f->private_data);
	return 0;
}

/* mmap of the descriptor: the rings at IORING_OFF_SQ_RING or _CQ_RING
 * (the same object), the SQEs at IORING_OFF_SQES; EINVAL for another
 * offset or more bytes than the object has. */
static int io_uring_mmap_object(struct file *f, u64 off, u64 len,
				struct mmap_object *obj)
{
	struct io_ring_ctx *ctx = f->private_data;
	bool sqes = off == IORING_OFF_SQES;

	if (off != IORING_OFF_SQ_RING && off != IORING_OFF_CQ_RING && !sqes)
		return -EINVAL;
	if (len > ALIGN_UP(sqes ? ctx->sqes_size : ctx->rings_size, PAGE_SIZE))
		return -EINVAL;
	obj->mapping = sqes ? ctx->sqe_obj : ctx->ring_obj;
	mapping_get(obj->mapping);
	obj->may_write = true;
	strscpy(obj->name, "anon_inode:[io_uring]", sizeof(obj->name));
	return 0;
}

static const struct file_operations io_uring_fops = {
	.release = io_uring_release,
	.mmap = io_uring_mmap_object,
};

/* ---- io_uring_setup ---- */

static u32 roundup_pow_of_two(u32 n)
{
	u32 p = 1;

	while (p < n)
		p <<= 1;
	return p;
}

/* Linux's checks of @entries and @p (io_uring_create()): the rounded
 * sizes into @p, or -EINVAL. */
static long io_uring_check_params(u32 entries, struct io_uring_params *p)
{
	if (!entries)
		return -EINVAL;
	if (entries > IORING_MAX_ENTRIES) {
		if (!(p->flags & IORING_SETUP_CLAMP))
			return -EINVAL;
		entries = IORING_MAX_ENTRIES;
	}
	p->sq_entries = roundup_pow_of_two(entries);
	if (!(p->flags & IORING_SETUP_CQSIZE)) {
		p->cq_entries = 2 * p->sq_entries;
		return 0;
	}
	if (!p->cq_entries)
		return -EINVAL;
	if (p->cq_entries > IORING_MAX_CQ_ENTRIES) {
		if (!(p->flags & IORING_SETUP_CLAMP))
			return -EINVAL;
		p->cq_entries = IORING_MAX_CQ_ENTRIES;
	}
	p->cq_entries = roundup_pow_of_two(p->cq_entries);
	return p->cq_entries < p->sq_entries ? -EINVAL : 0;
}

/* The setup flags' own rules, and the one not done here: SQPOLL (no
 * poller thread) is EINVAL. ATTACH_WQ's ring is checked, then
 * ignored (there is no worker pool to share). */
static long io_uring_check_flags(const struct io_uring_params *p)
{
	u32 f = p->flags;
	struct file *wq;
	bool ring;

	if ((f & IORING_SETUP_SQ_AFF) && !(f & IORING_SETUP_SQPOLL))
		return -EINVAL;
	if ((f & IORING_SETUP_TASKRUN_FLAG) &&
	    !(f & (IORING_SETUP_COOP_TASKRUN | IORING_SETUP_DEFER_TASKRUN)))
		return -EINVAL;
	if ((f & IORING_SETUP_DEFER_TASKRUN) && !(f & IORING_SETUP_SINGLE_ISSUER))
		return -EINVAL;
	if (f & IORING_SETUP_SQPOLL)
		return -EINVAL;
	if (!(f & IORING_SETUP_ATTACH_WQ))
		return 0;
	wq = fget(p->wq_fd);
	if (!wq)
		return -EBADF;
	ring = io_is_uring_fops(wq);
	fput(wq);
	return ring ? 0 : -EINVAL;
}

/* The new ring's descriptor (O_RDWR, close-on-exec), or -errno (@ctx
 * freed then). */
static long io_uring_install_fd(struct io_ring_ctx *ctx)
{
	struct file *f;
	int fd = get_unused_fd_flags(O_CLOEXEC);

	if (fd < 0) {
		io_ring_ctx_free(ctx);
		return fd;
	}
	f = anon_inode_getfile("[io_uring]", &io_uring_fops, ctx, O_RDWR | O_CLOEXEC);
	if (IS_ERR(f)) {
		put_unused_fd(fd);
		io_ring_ctx_free(ctx);
		return PTR_ERR(f);
	}
	ctx->ring_file = f;
	fd_install(fd, f);
	return fd;
}

/* io_uring_setup(2): a ring of @entries SQEs (rounded up to a power of
 * two) described by *@params, which returns the sizes, offsets and
 * features; its descriptor, or EFAULT, EINVAL (a flag, a resv field,
 * entries 0 or too many), EBADF (ATTACH_WQ), ENOMEM, EMFILE. */
long sys_io_uring_setup(u32 entries, struct io_uring_params __user *params)
{
	struct io_uring_params p;
	struct io_ring_ctx *ctx;
	long ret;

	if (copy_from_user(&p, params, sizeof(p)))
		return -EFAULT;
	for (int i = 0; i < 3; i++)
		if (p.resv[i])
			return -EINVAL;
	if (p.flags & ~IORING_SETUP_ALL)
		return -EINVAL;
	ret = io_uring_check_params(entries, &p);
	if (!ret)
		ret = io_uring_check_flags(&p);
	if (ret)
		return ret;
	ctx = io_ring_ctx_alloc(&p);
	if (!ctx)
		return -ENOMEM;
	p.features = IORING_FEAT_SINGLE_MMAP | IORING_FEAT_NODROP |
		     IORING_FEAT_SUBMIT_STABLE | IORING_FEAT_RW_CUR_POS |
		     IORING_FEAT_FAST_POLL | IORING_FEAT_POLL_32BITS |
		     IORING_FEAT_EXT_ARG;
	if (copy_to_user(params, &p, sizeof(p))) {
		io_ring_ctx_free(ctx);
		return -EFAULT;
	}
	return io_uring_install_fd(ctx);
}

/* ---- completions ---- */

/* CQEs posted and not yet consumed by the program (its head may lie). */
static u32 io_cqring_events(struct io_ring_ctx *ctx)
{
	return ctx->cached_cq_tail - smp_load_acquire(&ctx->rings->cq.head);
}

/* Write one CQE at the tail and publish it: the program sees the tail
 * move only after the entry is written (release). Then the timeouts
 * that count CQEs look (timeout.c). */
static bool io_fill_cqe(struct io_ring_ctx *ctx, const struct io_uring_cqe *cqe)
{
	struct io_rings *r = ctx->rings;
	u32 idx = (ctx->cached_cq_tail & (ctx->cq_entries - 1)) <<
		  io_cqe_shift(ctx);

	if (io_cqring_events(ctx) >= ctx->cq_entries)
		return false;		/* full (acquire: the slot was read) */
	r->cqes[idx] = *cqe;
	if (ctx->flags & IORING_SETUP_CQE32)	/* big_cqe[]: no op fills it */
		r->cqes[idx + 1] = (struct io_uring_cqe){ 0 };
	ctx->cached_cq_tail++;
	smp_store_release(&r->cq.tail, ctx->cached_cq_tail);
	io_flush_timeouts(ctx);
	return true;
}

/* ctx->uring_lock held: move overflowed CQEs into the CQ while it has
 * room; the IORING_SQ_CQ_OVERFLOW flag goes when none is left. */
static void io_cqring_overflow_flush(struct io_ring_ctx *ctx)
{
	struct io_overflow_cqe *o, *n;

	lockdep_assert_held(&ctx->uring_lock);
	list_for_each_entry_safe(o, n, &ctx->overflow, list) {
		if (!io_fill_cqe(ctx, &o->cqe))
			return;
		list_del(&o->list);
		kfree(o);
	}
	__atomic_and_fetch(&ctx->rings->sq_flags, ~IORING_SQ_CQ_OVERFLOW,
			   __ATOMIC_RELEASE);
}

void io_post_cqe(struct io_ring_ctx *ctx, u64 user_data, s32 res, u32 flags)
{
	struct io_uring_cqe cqe = { user_data, res, flags };
	struct io_overflow_cqe *o;

	lockdep_assert_held(&ctx->uring_lock);
	if (!list_empty(&ctx->overflow) || !io_fill_cqe(ctx, &cqe)) {
		o = kmalloc(sizeof(*o), GFP_KERNEL);
		if (!o) {		/* lost: counted, as Linux */
			WRITE_ONCE(ctx->rings->cq_overflow, ctx->rings->cq_overflow + 1);
		} else {
			o->cqe = cqe;
			list_add_tail(&o->list, &ctx->overflow);
			__atomic_or_fetch(&ctx->rings->sq_flags, IORING_SQ_CQ_OVERFLOW,
					  __ATOMIC_RELEASE);
		}
	}
	wake_up(&ctx->cq_wait);
}

/* ---- submission ---- */

/* ctx->uring_lock held: take up to @nr SQEs the program published and
 * run them; how many were taken. The SQ array says which SQE each slot
 * means; a bad index is dropped (sq_dropped) and ends the batch. */
static u32 io_submit_sqes(struct io_ring_ctx *ctx, u32 nr)
{
	struct io_rings *r = ctx->rings;
	u32 tail = smp_load_acquire(&r->sq.tail);	/* then the SQEs */
	u32 done = 0;

	lockdep_assert_held(&ctx->uring_lock);
	nr = MIN(nr, MIN(tail - ctx->cached_sq_head, ctx->sq_entries));
	io_link_reset(ctx);
	while (done < nr) {
		u32 slot = ctx->cached_sq_head++ & (ctx->sq_entries - 1);
		u32 idx = READ_ONCE(ctx->sq_array[slot]);
		struct io_uring_sqe sqe;

		if (idx >= ctx->sq_entries) {
			WRITE_ONCE(r->sq_dropped, r->sq_dropped + 1);
			break;
		}
		memcpy(&sqe, &ctx->sqes[idx << io_sqe_shift(ctx)], sizeof(sqe));
		done++;
		if (io_submit_sqe(ctx, &sqe) < 0 &&
		    !(ctx->flags & IORING_SETUP_SUBMIT_ALL))
			break;
	}
	io_link_reset(ctx);
	/* The slots are free for the program once it sees the head move. */
	smp_store_release(&r->sq.head, ctx->cached_sq_head);
	return done;
}

/* ---- waiting ---- */

struct io_wait {
	struct io_ring_ctx *ctx;
	u32 min;
};

/* poll_loop()'s scan: enough CQEs, or a pending request of ours ready?
 * The first pass queues us on the CQ's and those files' wait queues. */
static long io_wait_scan(void *arg, struct poll_table *pt)
{
	struct io_wait *w = arg;
	struct io_ring_ctx *ctx = w->ctx;
	long ready;

	mutex_lock(&ctx->uring_lock);
	poll_wait(ctx->ring_file, &ctx->cq_wait, pt);
	ready = io_cqring_events(ctx) >= w->min || io_poll_any_ready(ctx, pt);
	mutex_unlock(&ctx->uring_lock);
	return ready;
}

/* ctx->uring_lock taken here: overflowed CQEs in, our pending requests
 * run; are @min CQEs in the CQ? */
static bool io_cqring_ready(struct io_ring_ctx *ctx, u32 min)
{
	bool ready;

	mutex_lock(&ctx->uring_lock);
	io_cqring_overflow_flush(ctx);
	io_poll_run_pending(ctx);
	io_cqring_overflow_flush(ctx);
	ready = io_cqring_events(ctx) >= min;
	mutex_unlock(&ctx->uring_lock);
	return ready;
}

/*
 * Wait until @min CQEs are in the CQ, running our pending requests as
 * their files become ready, under signal mask @sig (@sigsz bytes), for
 * at most the time at @uts (NULL: no limit). Linux 6.1's
 * io_cqring_wait(): 0 at once when they are there; else 0, or -EINTR
 * (a signal), -ETIME (the time ran out), -EFAULT, -EINVAL, which it
 * returns only while the CQ is empty.
 */
static long io_cqring_wait(struct io_ring_ctx *ctx, u32 min,
			   const sigset_t __user *sig, size_t sigsz,
			   const void __user *uts)
{
	struct io_wait w = { ctx, MIN(min, ctx->cq_entries) };
	u64 deadline = POLL_FOREVER;
	struct poll_wqueues pw;
	long ret;

	if (io_cqring_ready(ctx, w.min))
		return 0;
	ret = set_user_sigmask(sig, sigsz);
	if (ret)
		return ret;
	if (uts && (ret = io_timespec_deadline(uts, &deadline))) {
		restore_user_sigmask(ret);
		return ret;
	}
	while (!ret) {
		poll_initwait(&pw);
		ret = poll_loop(&pw, io_wait_scan, &w, deadline);
		poll_freewait(&pw);
		if (!ret)
			ret = -ETIME;
		else if (ret == -ERESTARTNOHAND)
			ret = -EINTR;
		else if (ret > 0)
			ret = io_cqring_ready(ctx, w.min) ? 1 : 0;
	}
	restore_user_sigmask(ret == -EINTR ? -ERESTARTNOHAND : ret);
	if (ret > 0 || smp_load_acquire(&ctx->rings->cq.head) != ctx->cached_cq_tail)
		return 0;
	return ret;
}

#define IORING_ENTER_VALID (IORING_ENTER_GETEVENTS | IORING_ENTER_SQ_WAKEUP | \
			    IORING_ENTER_SQ_WAIT | IORING_ENTER_EXT_ARG | \
			    IORING_ENTER_REGISTERED_RING)

/* Submit up to @to_submit under the ring's lock: how many, or -EBUSY
 * while overflowed CQEs wait for room (IORING_FEAT_NODROP), -EEXIST from
 * a SINGLE_ISSUER ring's other tasks. What became ready meanwhile (a
 * timeout reached by its count) is posted after. */
static long io_enter_submit(struct io_ring_ctx *ctx, u32 to_submit)
{
	long ret;

	if (to_submit && !io_submitter_ok(ctx))
		return -EEXIST;		/* SINGLE_ISSUER: not its submitter */
	mutex_lock(&ctx->uring_lock);
	io_cqring_overflow_flush(ctx);
	io_poll_run_pending(ctx);
	if (to_submit && !list_empty(&ctx->overflow))
		ret = -EBUSY;
	else
		ret = io_submit_sqes(ctx, to_submit);
	io_poll_run_pending(ctx);
	mutex_unlock(&ctx->uring_lock);
	return ret;
}

/* IORING_ENTER_EXT_ARG's struct (Linux's io_uring_getevents_arg). */
struct io_uring_getevents_arg {
	u64 sigmask;
	u32 sigmask_sz;
	u32 pad;
	u64 ts;				/* a struct __kernel_timespec */
};

/* io_uring_enter's @argp, @argsz: a signal mask and its size, or with
 * IORING_ENTER_EXT_ARG a struct io_uring_getevents_arg that holds them
 * and a timeout (Linux's io_get_ext_arg()). 0, -EINVAL, -EFAULT. */
static long io_get_ext_arg(u32 flags, const void __user *argp, size_t *argsz,
			   const void __user **ts, const sigset_t __user **sig)
{
	struct io_uring_getevents_arg arg;

	*sig = argp;
	*ts = NULL;
	if (!(flags & IORING_ENTER_EXT_ARG))
		return 0;
	if (*argsz != sizeof(arg))
		return -EINVAL;
	if (copy_from_user(&arg, argp, sizeof(arg)))
		return -EFAULT;
	if (arg.pad)
		return -EINVAL;
	*sig = (const sigset_t __user *)arg.sigmask;
	*argsz = arg.sigmask_sz;
	*ts = (const void __user *)arg.ts;
	return 0;
}

/* io_uring_enter(2): submit up to @to_submit SQEs, then with
 * IORING_ENTER_GETEVENTS wait for @min_complete CQEs under the signal
 * mask at @argp (@argsz bytes; NULL: the mask stays), or with
 * IORING_ENTER_EXT_ARG as @argp's struct io_uring_getevents_arg says
 * (an IOPOLL ring never waits: nothing of its is left to complete).
 * @fd is a registered ring's index with IORING_ENTER_REGISTERED_RING.
 * The SQEs taken, or EBADF, EOPNOTSUPP (not a ring), EBADFD (a ring
 * not enabled yet: IORING_SETUP_R_DISABLED), EINVAL (flags, sizes),
 * EBUSY, EINTR, ETIME, EFAULT. */
long sys_io_uring_enter(unsigned int fd, u32 to_submit, u32 min_complete,
			u32 flags, const void __user *argp, size_t argsz)
{
	const sigset_t __user *sig;
	struct io_ring_ctx *ctx;
	const void __user *ts;
	struct file *f;
	long submitted, ret = 0;

	if (flags & ~IORING_ENTER_VALID)
		return -EINVAL;
	f = io_uring_enter_file(fd, flags);
	if (IS_ERR(f))
		return PTR_ERR(f);
	ctx = f->private_data;
	submitted = io_enter_submit(ctx, to_submit);
	if (submitted >= 0 && (flags & IORING_ENTER_GETEVENTS)) {
		ret = io_get_ext_arg(flags, argp, &argsz, &ts, &sig);
		if (!ret && !(ctx->flags & IORING_SETUP_IOPOLL))
			ret = io_cqring_wait(ctx, min_complete, sig, argsz, ts);
	}
	fput(f);
	return submitted > 0 ? submitted : submitted < 0 ? submitted : ret;
}
