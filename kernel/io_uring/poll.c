/*
 * Requests that wait for their file (Linux's io_uring/poll.c, its
 * "fast poll" of IORING_FEAT_FAST_POLL), and IORING_OP_POLL_ADD.
 *
 * An op that would sleep (a read of an empty pipe, a recvmsg with no
 * message, a write to a full pipe) is not started: the request is copied
 * to ctx->pending and io_uring_enter() returns. Each later
 * io_uring_enter() of its submitter polls the files of its pending
 * requests and runs those that are ready; one that waits for CQEs
 * sleeps on those files' wait queues too (poll_loop()), so a write into
 * the pipe wakes it, the read runs and its CQE is posted. Linux runs
 * the retry from a task_work of the submitter; here it is the
 * submitter's own io_uring_enter(), which also keeps its mm, files and
 * credentials right: another task (a forked child sharing the ring)
 * leaves the request alone. A submitter's exit or exec cancels its
 * requests on every ring (tctx.c), so none is left without a task to
 * run it.
 *
 * The check is made on the file's ->poll before the op: a file without
 * one (a regular file) is always ready; a descriptor opened O_NONBLOCK,
 * or a message op with MSG_DONTWAIT, runs at once and may return
 * -EAGAIN, as on Linux.
 */
#include "kernel/io_uring/io_uring.h"
#include "kernel/fork.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/slab.h"
#include "kernel/net/net.h"
#include "lib/errno.h"

/* The events @req waits for, polling its file with @pt (NULL: no
 * queueing): 0 when it may run now. */
static __poll_t io_req_wait_mask(struct io_kiocb *req, struct poll_table *pt)
{
	const struct io_op_def *def = io_op_def(req->sqe.opcode);
	struct file *f = req->file;
	__poll_t want;

	if (req->timeout)		/* waits for its time, not a file */
		return io_timeout_done(req) ? 0 : EPOLLIN;
	if (req->sqe.opcode == IORING_OP_POLL_ADD)
		want = req->sqe.op_flags | EPOLLERR | EPOLLHUP;
	else if (!def->poll_event || !f || !f->f_op->poll || (f->f_flags & O_NONBLOCK))
		return 0;
	else if ((req->sqe.opcode == IORING_OP_SENDMSG ||
		  req->sqe.opcode == IORING_OP_RECVMSG) &&
		 (req->sqe.op_flags & MSG_DONTWAIT))
		return 0;
	else
		want = def->poll_event | EPOLLERR | EPOLLHUP;
	return vfs_poll(f, pt) & want ? 0 : want;
}

__poll_t io_wait_events(struct io_kiocb *req)
{
	return io_req_wait_mask(req, NULL);
}

/* IORING_OP_POLL_ADD (one shot, 32-bit events): the events the file has
 * of those asked for, plus EPOLLERR and EPOLLHUP. */
long io_poll_add(struct io_ring_ctx *ctx, struct io_kiocb *req)
{
	const struct io_uring_sqe *sqe = &req->sqe;

	if (sqe->buf_index || sqe->off || sqe->addr || sqe->len)
		return -EINVAL;
	return vfs_poll(req->file, NULL) & (sqe->op_flags | EPOLLERR | EPOLLHUP);
}

bool io_poll_park(struct io_ring_ctx *ctx, struct io_kiocb *req)
{
	struct io_kiocb *p = kmalloc(sizeof(*p), GFP_KERNEL);

	lockdep_assert_held(&ctx->uring_lock);
	if (!p)
		return false;
	if (io_tctx_add(ctx)) {		/* so that our exit cancels it */
		kfree(p);
		return false;
	}
	*p = *req;
	p->task = current;
	get_task_struct(current);
	list_add_tail(&p->list, &ctx->pending);
	if (p->sqe.flags & IOSQE_IO_DRAIN)
		ctx->nr_drain_pending++;
	return true;
}

/* Pending @p off the list and freed: its file put, and its task. */
static void io_poll_free(struct io_ring_ctx *ctx, struct io_kiocb *p)
{
	io_link_timeout_disarm(ctx, p);
	list_del(&p->list);
	if (p->sqe.flags & IOSQE_IO_DRAIN)
		ctx->nr_drain_pending--;
	if (p->file)
		fput(p->file);
	io_timeout_free(ctx, p);
	put_task_struct(p->task);
	kfree(p);
}

/* After pending @p failed as a soft link: the members of its chain
 * that wait behind it complete with -ECANCELED. */
static void io_poll_cancel_chain(struct io_ring_ctx *ctx, struct io_kiocb *p)
{
	while (p->list.next != &ctx->pending) {
		struct io_kiocb *n = list_entry(p->list.next, struct io_kiocb, list);
		bool more = n->sqe.flags & (IOSQE_IO_LINK | IOSQE_IO_HARDLINK);

		if (!n->linked)
			return;
		io_post_cqe(ctx, n->sqe.user_data, -ECANCELED, 0);
		io_poll_free(ctx, n);
		if (!more)
			return;
	}
}

/* May current run @p now (polling its file with @pt)? */
static bool io_poll_runnable(struct io_ring_ctx *ctx, struct io_kiocb *p,
			     struct poll_table *pt)
{
	if (p->task != current && !p->timeout)
		return false;		/* a timeout needs no one's context */
	if (p->after_prev && p->list.prev != &ctx->pending)
		return false;
	return !io_req_wait_mask(p, pt);
}

/* The first pending request current can run now, or NULL. */
static struct io_kiocb *io_poll_first_ready(struct io_ring_ctx *ctx)
{
	struct io_kiocb *p;

	list_for_each_entry(p, &ctx->pending, list)
		if (io_poll_runnable(ctx, p, NULL))
			return p;
	return NULL;
}

void io_poll_run_pending(struct io_ring_ctx *ctx)
{
	struct io_kiocb *p;
	bool failed;

	lockdep_assert_held(&ctx->uring_lock);
	/* From the list's head each time: running one may free those
	 * after it (its chain) and let the next one (after_prev) run. */
	while ((p = io_poll_first_ready(ctx))) {
		failed = io_issue(ctx, p);	/* puts the file */
		if (failed && (p->sqe.flags & IOSQE_IO_LINK))
			io_poll_cancel_chain(ctx, p);
		io_poll_free(ctx, p);
	}
}

bool io_poll_any_ready(struct io_ring_ctx *ctx, struct poll_table *pt)
{
	struct io_kiocb *p;
	bool ready = false;

	lockdep_assert_held(&ctx->uring_lock);
	list_for_each_entry(p, &ctx->pending, list)
		if (io_poll_runnable(ctx, p, pt))
			ready = true;	/* on: every file must queue us */
	return ready;
}

void io_poll_cancel_req(struct io_ring_ctx *ctx, struct io_kiocb *p)
{
	lockdep_assert_held(&ctx->uring_lock);
	io_post_cqe(ctx, p->sqe.user_data, -ECANCELED, 0);
	io_poll_free(ctx, p);
}

void io_poll_cancel_task(struct io_ring_ctx *ctx, struct task_struct *task)
{
	struct io_kiocb *p, *n;

	lockdep_assert_held(&ctx->uring_lock);
	list_for_each_entry_safe(p, n, &ctx->pending, list)
		if (p->task == task) {
			io_post_cqe(ctx, p->sqe.user_data, -ECANCELED, 0);
			io_poll_free(ctx, p);
		}
}

void io_poll_cancel_all(struct io_ring_ctx *ctx)
{
	while (!list_empty(&ctx->pending))
		io_poll_free(ctx, list_first_entry(&ctx->pending, struct io_kiocb, list));
}
