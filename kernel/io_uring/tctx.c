/*
 * The rings a task has requests pending on (Linux's io_uring/tctx.c,
 * cut down to what exit and exec need): when the task exits, or execs,
 * its pending requests are cancelled on each of them
 * (io_uring_files_cancel(), as Linux's do_exit() does before the files
 * go; io_uring_task_cancel(), as its begin_new_exec()).
 *
 * Without it, a request holds a reference on its file while it waits,
 * and a ring's pending requests go only when its last reference does:
 * a request of ring A parked on ring B's descriptor and one of B parked
 * on A's kept both rings, their pages and their submitters'
 * task_structs for ever once the process was gone (make fuzz found such
 * leaks; uringtests ring_cycle_freed). Cancelling at exit breaks every
 * such cycle, whatever its length, a ring parked on itself included.
 *
 * The same per-task record keeps the task's registered rings (Linux's
 * tctx->registered_rings[], IORING_REGISTER_RING_FDS): files it holds,
 * which io_uring_enter() with IORING_ENTER_REGISTERED_RING names by
 * index instead of by descriptor; they go at exit and exec too.
 *
 * A node links a task and a ring, on both lists, under io_tctx_lock:
 * the task adds it when it first parks a request on the ring
 * (io_tctx_add()); the ring's release unlinks its nodes
 * (io_tctx_ring_free()); the task's exit takes them one by one. Lock
 * order: a ring's uring_lock, then io_tctx_lock.
 */
#include "kernel/io_uring/io_uring.h"
#include "kernel/fork.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/slab.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "lib/err.h"
#include "lib/errno.h"

#define IO_RINGFD_REG_MAX 16		/* registered rings a task may have */

/* current->io_uring: the rings of one task. Only the task itself uses
 * it (its registered rings without a lock). */
struct io_uring_task {
	struct list_head ctx_list;	/* struct io_tctx_node.task_node */
	struct file *registered_rings[IO_RINGFD_REG_MAX];	/* held */
};

/* IORING_REGISTER_RING_FDS' record (Linux's io_uring_rsrc_update). */
struct io_uring_rsrc_update {
	u32 offset;			/* the index; -1: any free one */
	u32 resv;
	u64 data;			/* the ring's descriptor */
};

struct io_tctx_node {
	struct list_head task_node;	/* on io_uring_task.ctx_list */
	struct list_head ctx_node;	/* on io_ring_ctx.tctx_list */
	struct io_ring_ctx *ctx;
};

static DEFINE_MUTEX(io_tctx_lock);

/* io_tctx_lock held: current's node for @ctx, or NULL. */
static struct io_tctx_node *io_tctx_find(struct io_ring_ctx *ctx)
{
	struct io_tctx_node *node;

	lockdep_assert_held(&io_tctx_lock);
	list_for_each_entry(node, &current->io_uring->ctx_list, task_node)
		if (node->ctx == ctx)
			return node;
	return NULL;
}

/* current's rings, made on first use; NULL without memory. */
static struct io_uring_task *io_tctx_get(void)
{
	struct io_uring_task *tctx = current->io_uring;

	if (!tctx) {
		tctx = kzalloc(sizeof(*tctx), GFP_KERNEL);
		if (!tctx)
			return NULL;
		INIT_LIST_HEAD(&tctx->ctx_list);
		current->io_uring = tctx;
	}
	return tctx;
}

/*
 * Only current adds nodes to its list, and @ctx cannot be released
 * meanwhile (io_uring_enter() holds its file), so a node not found
 * under the lock is still missing when it is added.
 */
int io_tctx_add(struct io_ring_ctx *ctx)
{
	struct io_uring_task *tctx = io_tctx_get();
	struct io_tctx_node *node;
	bool found;

	lockdep_assert_held(&ctx->uring_lock);
	if (!tctx)
		return -ENOMEM;
	mutex_lock(&io_tctx_lock);
	found = io_tctx_find(ctx);
	mutex_unlock(&io_tctx_lock);
	if (found)
		return 0;	/* the usual case: noted at its first park */
	node = kzalloc(sizeof(*node), GFP_KERNEL);
	if (!node)
		return -ENOMEM;
	node->ctx = ctx;
	mutex_lock(&io_tctx_lock);
	list_add_tail(&node->task_node, &tctx->ctx_list);
	list_add_tail(&node->ctx_node, &ctx->tctx_list);
	mutex_unlock(&io_tctx_lock);
	return 0;
}

void io_submitter_set(struct io_ring_ctx *ctx)
{
	if ((ctx->flags & IORING_SETUP_SINGLE_ISSUER) && !io_ring_disabled(ctx) &&
	    !ctx->submitter_task) {
		get_task_struct(current);
		WRITE_ONCE(ctx->submitter_task, current);
	}
}

bool io_submitter_ok(struct io_ring_ctx *ctx)
{
	struct task_struct *t = READ_ONCE(ctx->submitter_task);

	return !t || t == current;
}

void io_tctx_ring_free(struct io_ring_ctx *ctx)
{
	struct io_tctx_node *node, *n;

	if (ctx->submitter_task)
		put_task_struct(ctx->submitter_task);
	mutex_lock(&io_tctx_lock);
	list_for_each_entry_safe(node, n, &ctx->tctx_list, ctx_node) {
		list_del(&node->task_node);
		list_del(&node->ctx_node);
		kfree(node);
	}
	mutex_unlock(&io_tctx_lock);
}

/* Take current's first node off both lists: its ring, with its file
 * referenced in *@ring (NULL when the ring's release is under way: that
 * cancels everything); NULL when there is none left. */
static struct io_ring_ctx *io_tctx_take_first(struct file **ring)
{
	struct io_tctx_node *node;
	struct io_ring_ctx *ctx = NULL;

	mutex_lock(&io_tctx_lock);
	node = list_empty(&current->io_uring->ctx_list) ? NULL :
	       list_first_entry(&current->io_uring->ctx_list,
				struct io_tctx_node, task_node);
	if (node) {
		ctx = node->ctx;
		*ring = refcount_inc_not_zero(&ctx->ring_file->f_count) ?
			ctx->ring_file : NULL;
		list_del(&node->task_node);
		list_del(&node->ctx_node);
	}
	mutex_unlock(&io_tctx_lock);
	kfree(node);
	return ctx;
}

/* ---- registered rings ---- */

struct file *io_uring_enter_file(unsigned int fd, u32 flags)
{
	struct io_uring_task *tctx = current->io_uring;
	struct file *f;

	if (flags & IORING_ENTER_REGISTERED_RING) {
		if (!tctx || fd >= IO_RINGFD_REG_MAX)
			return ERR_PTR(-EINVAL);
		f = tctx->registered_rings[fd];
		if (!f)
			return ERR_PTR(-EBADF);
		get_file(f);
	} else {
		f = fget(fd);
		if (!f)
			return ERR_PTR(-EBADF);
	}
	if (!io_is_uring_fops(f)) {
		fput(f);
		return ERR_PTR(-EOPNOTSUPP);
	}
	if (io_ring_disabled(f->private_data)) {
		fput(f);
		return ERR_PTR(-EBADFD);
	}
	return f;
}

/* Let go of @tctx's registered ring in @slot, if one is there. */
static void io_ringfd_drop(struct io_uring_task *tctx, u32 slot)
{
	if (tctx->registered_rings[slot])
		fput(tctx->registered_rings[slot]);
	tctx->registered_rings[slot] = NULL;
}

/* Hold ring descriptor @fd in the first free slot of @tctx from @start
 * to @end: the slot, or -EBUSY (none free), -EBADF, -EOPNOTSUPP. */
static long io_ring_add_registered_fd(struct io_uring_task *tctx, int fd,
				      u32 start, u32 end)
{
	struct file *f;

	for (u32 i = start; i < end; i++) {
		if (tctx->registered_rings[i])
			continue;
		f = fget((unsigned int)fd);
		if (!f)
			return -EBADF;
		if (!io_is_uring_fops(f)) {
			fput(f);
			return -EOPNOTSUPP;
		}
		tctx->registered_rings[i] = f;
		return i;
	}
	return -EBUSY;
}

/* Register one record @reg (its offset becomes the slot taken): 0 or
 * -errno. */
static long io_ringfd_register_one(struct io_uring_task *tctx,
				   struct io_uring_rsrc_update *reg)
{
	u32 start = reg->offset, end = reg->offset + 1;
	long slot;

	if (reg->resv)
		return -EINVAL;
	if (reg->offset == (u32)-1)
		start = 0, end = IO_RINGFD_REG_MAX;
	else if (reg->offset >= IO_RINGFD_REG_MAX)
		return -EINVAL;
	slot = io_ring_add_registered_fd(tctx, (int)reg->data, start, end);
	if (slot < 0)
		return slot;
	reg->offset = (u32)slot;
	return 0;
}

long io_ringfd_register(struct io_ring_ctx *ctx, void __user *arg, u32 nr)
{
	struct io_uring_rsrc_update __user *regs = arg;
	struct io_uring_task *tctx = io_tctx_get();
	struct io_uring_rsrc_update reg;
	long ret = 0;
	u32 i;

	lockdep_assert_held(&ctx->uring_lock);
	if (!nr || nr > IO_RINGFD_REG_MAX)
		return -EINVAL;
	if (!tctx)
		return -ENOMEM;
	for (i = 0; i < nr; i++) {
		if (copy_from_user(&reg, &regs[i], sizeof(reg))) {
			ret = -EFAULT;
			break;
		}
		ret = io_ringfd_register_one(tctx, &reg);
		if (ret)
			break;
		if (copy_to_user(&regs[i], &reg, sizeof(reg))) {
			io_ringfd_drop(tctx, reg.offset);
			ret = -EFAULT;
			break;
		}
	}
	return i ? (long)i : ret;
}

long io_ringfd_unregister(struct io_ring_ctx *ctx, void __user *arg, u32 nr)
{
	struct io_uring_rsrc_update __user *regs = arg;
	struct io_uring_task *tctx = current->io_uring;
	struct io_uring_rsrc_update reg;
	long ret = 0;
	u32 i;

	lockdep_assert_held(&ctx->uring_lock);
	if (!nr || nr > IO_RINGFD_REG_MAX)
		return -EINVAL;
	if (!tctx)
		return 0;
	for (i = 0; i < nr; i++) {
		if (copy_from_user(&reg, &regs[i], sizeof(reg))) {
			ret = -EFAULT;
			break;
		}
		if (reg.resv || reg.data || reg.offset >= IO_RINGFD_REG_MAX) {
			ret = -EINVAL;
			break;
		}
		io_ringfd_drop(tctx, reg.offset);
	}
	return i ? (long)i : ret;
}

/* Let go of current's registered rings (Linux's io_uring_unreg_ringfd()). */
static void io_uring_unreg_ringfd(struct io_uring_task *tctx)
{
	for (u32 i = 0; i < IO_RINGFD_REG_MAX; i++)
		io_ringfd_drop(tctx, i);
}

/* ---- exit and exec ---- */

/* Let go of current's registered rings, cancel its pending requests on
 * each of its rings (Linux's __io_uring_cancel()), and forget them. */
static void io_uring_cancel_generic(void)
{
	struct io_ring_ctx *ctx;
	struct file *ring;

	if (!current->io_uring)
		return;
	io_uring_unreg_ringfd(current->io_uring);
	while ((ctx = io_tctx_take_first(&ring))) {
		if (!ring)
			continue;
		mutex_lock(&ctx->uring_lock);
		io_poll_cancel_task(ctx, current);
		mutex_unlock(&ctx->uring_lock);
		fput(ring);	/* perhaps the last: the ring goes */
	}
	kfree(current->io_uring);
	current->io_uring = NULL;
}

void io_uring_files_cancel(void)
{
	BUG_ON(!(current->flags & PF_EXITING));
	io_uring_cancel_generic();
}

void io_uring_task_cancel(void)
{
	io_uring_cancel_generic();
}
