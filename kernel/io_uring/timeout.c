/*
 * Timeouts through the ring (Linux's io_uring/timeout.c):
 * IORING_OP_TIMEOUT, IORING_OP_TIMEOUT_REMOVE, IORING_OP_LINK_TIMEOUT.
 *
 * A TIMEOUT (addr: a struct __kernel_timespec, len 1) completes
 *   -ETIME      when its time comes (relative, or IORING_TIMEOUT_ABS on
 *               CLOCK_MONOTONIC, _BOOTTIME or _REALTIME);
 *   0           once `off` other CQEs were posted after it was queued
 *               (off 0: a pure timer);
 *   -ECANCELED  when TIMEOUT_REMOVE takes it, or its submitter exits or
 *               execs (tctx.c); a ring that goes drops it unposted.
 * TIMEOUT_REMOVE (addr: the timeout's user_data) gets 0, -ENOENT, or
 * -EALREADY when its timer already fired; with IORING_TIMEOUT_UPDATE it
 * restarts the timeout's timer for the timespec at addr2 instead.
 *
 * A LINK_TIMEOUT follows a request R in a link chain and limits it: if
 * R is still waiting when the time comes, R completes -ECANCELED and the
 * LINK_TIMEOUT -ETIME (the rest of the chain is cancelled, as after any
 * failed member); if R completes first, the LINK_TIMEOUT completes
 * -ECANCELED and the chain goes on. R waits on ctx->pending with the
 * LINK_TIMEOUT right after it (a chain is parked in one piece), which is
 * how each sees the other go.
 *
 * Where the CQE is posted. The timer (struct io_timeout_data, a
 * kernel/time/timer.c timer) runs in softirq context, and CQEs are
 * written only under the ring's uring_lock, a mutex that cannot be taken
 * there. So the timer only marks the timeout fired and wakes the ring's
 * waiters (ctx->cq_wait); the CQE is posted in process context. The
 * timeout waits on ctx->pending, like a request whose file is not ready
 * (poll.c), and is ready once it is done: the next io_uring_enter() of
 * any task on the ring posts it, and one that waits for CQEs is woken to
 * do so. Linux posts it from a task_work of the submitter, which also
 * runs at any return to user mode; here a program that only reads the CQ,
 * never entering the ring, does not see it.
 *
 * Counting (Linux's, to the letter): the sequence is the CQEs posted
 * less those of timeouts themselves (ctx->cq_timeouts); a TIMEOUT with
 * off n is done when the sequence passes where it was plus n.
 * io_flush_timeouts() looks after every CQE that goes into the CQ.
 *
 * Its timer starts when it is submitted, also when it is linked behind a
 * request still waiting (Linux starts it when it is issued); its CQE
 * still comes after that request's.
 */
#include "kernel/io_uring/io_uring.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/slab.h"
#include "kernel/sched/sched.h"
#include "kernel/time/time_kernel.h"
#include "kernel/time/timer.h"
#include "lib/errno.h"

#define IORING_TIMEOUT_ABS (1u << 0)
#define IORING_TIMEOUT_UPDATE (1u << 1)
#define IORING_TIMEOUT_BOOTTIME (1u << 2)
#define IORING_TIMEOUT_REALTIME (1u << 3)
#define IORING_LINK_TIMEOUT_UPDATE (1u << 4)
#define IORING_TIMEOUT_ETIME_SUCCESS (1u << 5)
#define IORING_TIMEOUT_CLOCK_MASK \
	(IORING_TIMEOUT_BOOTTIME | IORING_TIMEOUT_REALTIME)
#define IORING_TIMEOUT_UPDATE_MASK \
	(IORING_TIMEOUT_UPDATE | IORING_LINK_TIMEOUT_UPDATE)

#define IO_NS_MAX ((s64)(~0ull >> 1))		/* Linux's KTIME_MAX */
#define IO_NS_MIN (-IO_NS_MAX - 1)
#define IO_FOREVER_SEC 100000000ull		/* years: never comes */

/* A timeout's state; its request waits on ctx->pending meanwhile. */
struct io_timeout_data {
	struct timer_list timer;	/* io_timeout_fn(), softirq */
	struct io_ring_ctx *ctx;
	struct wait_deadline dl;	/* when, on its clock */
	u32 flags;			/* IORING_TIMEOUT_* */
	u32 off;			/* CQEs it waits for; 0: a pure timer */
	u32 target_seq;			/* the sequence that completes it */
	bool fired;			/* set by the timer: -ETIME */
	bool done;			/* set under uring_lock: res below */
	int res;			/* 0 (its count), -ECANCELED */
	struct io_kiocb *head;		/* LINK_TIMEOUT: the pending request it
					 * limits; NULL once that is gone */
};

/* A user struct __kernel_timespec at @uts in *@ns (Linux's
 * get_timespec64() and timespec64_to_ktime(): unchecked, saturated);
 * 0, or -EFAULT. *@neg: a field of it was negative. */
static int io_get_timespec_ns(const void __user *uts, s64 *ns, bool *neg)
{
	struct timespec ts;

	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	*neg = ts.tv_sec < 0 || ts.tv_nsec < 0;
	if (ts.tv_sec >= IO_NS_MAX / (s64)NSEC_PER_SEC)
		*ns = IO_NS_MAX;
	else if (__builtin_mul_overflow(ts.tv_sec, (s64)NSEC_PER_SEC, ns) ||
		 __builtin_add_overflow(*ns, ts.tv_nsec, ns))
		*ns = ts.tv_sec < 0 ? IO_NS_MIN : IO_NS_MAX;
	return 0;
}

long io_timespec_deadline(const void __user *uts, u64 *deadline)
{
	u64 now = ktime_get_ns();
	bool neg;
	s64 ns;
	long ret = io_get_timespec_ns(uts, &ns, &neg);

	if (ret)
		return ret;
	if (ns <= 0)
		*deadline = now;
	else if ((u64)ns / NSEC_PER_SEC > IO_FOREVER_SEC)
		*deadline = POLL_FOREVER;
	else
		*deadline = now + (u64)ns;
	return 0;
}

/* @d's deadline for @ns (>= 0): with @abs a time on its clock
 * (CLOCK_REALTIME, or the monotonic one that BOOTTIME is here), else
 * from now on the monotonic clock. */
static void io_timeout_deadline(struct io_timeout_data *d, s64 ns, bool abs)
{
	d->dl.realtime = abs && (d->flags & IORING_TIMEOUT_REALTIME);
	if (abs)
		d->dl.ns = (u64)ns;
	else if ((u64)ns / NSEC_PER_SEC > IO_FOREVER_SEC)
		d->dl.ns = WAIT_NEVER;
	else
		d->dl.ns = ktime_get_ns() + (u64)ns;
}

/* Start @d's timer toward its deadline; one that passed fires now. */
static void io_timeout_arm(struct io_timeout_data *d)
{
	u64 ticks = deadline_ticks(&d->dl);

	if (!ticks)
		d->fired = true;
	else if (ticks != MAX_SCHEDULE_TIMEOUT)
		mod_timer(&d->timer, jiffies + ticks);
}

/*
 * The timer, in softirq context: no uring_lock here, so no CQE. Early
 * on its clock (a tick is coarse, a realtime deadline moves with the
 * clock), it waits on; else it marks the timeout fired and wakes the
 * ring's waiters, one of which posts the CQE. del_timer() waits for us,
 * so @d and its ring outlive this.
 */
static void io_timeout_fn(void *data)
{
	struct io_timeout_data *d = data;
	u64 ticks = deadline_ticks(&d->dl);

	if (ticks) {
		if (ticks != MAX_SCHEDULE_TIMEOUT)
			mod_timer(&d->timer, jiffies + ticks);
		return;
	}
	WRITE_ONCE(d->fired, true);
	wake_up(&d->ctx->cq_wait);
}

/* Stop @d's timer: true if it had not fired (then it will not, until
 * armed again); false when its -ETIME is on the way. */
static bool io_timeout_stop(struct io_timeout_data *d)
{
	del_timer(&d->timer);		/* and waits for io_timeout_fn() */
	return !READ_ONCE(d->fired);
}

/* Linux's __io_timeout_prep() and io_timeout() in one: EINVAL for a
 * field or flag, more than one clock, a negative time, a count on a
 * LINK_TIMEOUT (@link); EFAULT. The timer is not started yet. */
static int __io_timeout_prep(struct io_ring_ctx *ctx, struct io_kiocb *req,
			     bool link, s64 *ns)
{
	const struct io_uring_sqe *sqe = &req->sqe;
	u32 flags = sqe->op_flags, tail;
	struct io_timeout_data *d;
	bool neg;
	int ret;

	lockdep_assert_held(&ctx->uring_lock);
	if (sqe->buf_index || sqe->len != 1 || sqe->file_index)
		return -EINVAL;
	if (sqe->off && link)
		return -EINVAL;
	if (flags & ~(IORING_TIMEOUT_ABS | IORING_TIMEOUT_CLOCK_MASK |
		      IORING_TIMEOUT_ETIME_SUCCESS))
		return -EINVAL;
	if ((flags & IORING_TIMEOUT_CLOCK_MASK) == IORING_TIMEOUT_CLOCK_MASK)
		return -EINVAL;		/* two clocks */
	ret = io_get_timespec_ns((const void __user *)sqe->addr, ns, &neg);
	if (ret)
		return ret;
	if (neg)
		return -EINVAL;
	if (link && (!ctx->link_open || ctx->link_last_op == IORING_OP_LINK_TIMEOUT))
		return -EINVAL;		/* no request to limit */
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	timer_setup(&d->timer, io_timeout_fn, d);
	d->ctx = ctx;
	d->flags = flags;
	d->off = (u32)sqe->off;
	if (d->off) {
		tail = ctx->cached_cq_tail - ctx->cq_timeouts;
		d->target_seq = tail + d->off;
		ctx->cq_last_tm_flush = tail;
		ctx->nr_seq_timeouts++;
	}
	io_timeout_deadline(d, *ns, flags & IORING_TIMEOUT_ABS);
	req->timeout = d;
	return 0;
}

int io_timeout_prep(struct io_ring_ctx *ctx, struct io_kiocb *req)
{
	s64 ns;
	int ret = __io_timeout_prep(ctx, req, false, &ns);

	if (!ret)
		io_timeout_arm(req->timeout);
	return ret;
}

/* The request before it either waits, last on ctx->pending (a member of
 * the chain waited, so all after it do), or is done: then it completes
 * at once, -ECANCELED, as Linux's when its request completed inline. */
int io_link_timeout_prep(struct io_ring_ctx *ctx, struct io_kiocb *req)
{
	struct io_timeout_data *d;
	s64 ns;
	int ret = __io_timeout_prep(ctx, req, true, &ns);

	if (ret)
		return ret;
	d = req->timeout;
	if (!ctx->link_parked) {
		d->done = true;
		d->res = -ECANCELED;
		return 0;
	}
	d->head = list_last_entry(&ctx->pending, struct io_kiocb, list);
	io_timeout_arm(d);
	return 0;
}

bool io_timeout_done(const struct io_kiocb *req)
{
	const struct io_timeout_data *d = req->timeout;

	if (req->sqe.opcode == IORING_OP_LINK_TIMEOUT && !d->head)
		return true;
	return READ_ONCE(d->fired) || d->done;
}

void io_link_timeout_disarm(struct io_ring_ctx *ctx, struct io_kiocb *p)
{
	struct io_kiocb *n;

	if (p->list.next == &ctx->pending)
		return;
	n = list_entry(p->list.next, struct io_kiocb, list);
	if (n->timeout && n->timeout->head == p)
		n->timeout->head = NULL;
}

/* IORING_OP_LINK_TIMEOUT, once done: -ETIME after cancelling the request
 * it limits (the chain fails with it, unless that was a hard link), or
 * -ECANCELED, which fails nothing, when that request went first. */
long io_link_timeout(struct io_ring_ctx *ctx, struct io_kiocb *req)
{
	struct io_timeout_data *d = req->timeout;
	struct io_kiocb *head = d->head;

	lockdep_assert_held(&ctx->uring_lock);
	if (!head || d->done) {
		req->res_no_fail = true;
		return -ECANCELED;
	}
	BUG_ON(!READ_ONCE(d->fired));
	d->head = NULL;
	req->res_no_fail = head->sqe.flags & IOSQE_IO_HARDLINK;
	io_poll_cancel_req(ctx, head);
	return -ETIME;
}

void io_timeout_free(struct io_ring_ctx *ctx, struct io_kiocb *req)
{
	struct io_timeout_data *d = req->timeout;

	if (!d)
		return;
	del_timer(&d->timer);
	if (d->off)
		ctx->nr_seq_timeouts--;
	kfree(d);
	req->timeout = NULL;
}

/* IORING_OP_TIMEOUT, once done: its res. Its CQE leaves the sequence
 * that counting timeouts see (unless it was removed, as Linux). */
long io_timeout(struct io_ring_ctx *ctx, struct io_kiocb *req)
{
	struct io_timeout_data *d = req->timeout;
	long res = d->res;

	lockdep_assert_held(&ctx->uring_lock);
	BUG_ON(!io_timeout_done(req));
	if (!d->done) {			/* fired */
		res = -ETIME;
		req->res_no_fail = d->flags & IORING_TIMEOUT_ETIME_SUCCESS;
	}
	if (res != -ECANCELED &&
	    (res < 0 || !(req->sqe.flags & IOSQE_CQE_SKIP_SUCCESS)))
		ctx->cq_timeouts++;
	return res;
}

/*
 * Linux's comparison, safe across the u32 wrap: the events since the
 * last flush against those each timeout still needed then. A sequence
 * behind the last flush (a timeout's CQE counted out, not yet in the
 * CQ) waits for the CQE.
 */
void io_flush_timeouts(struct io_ring_ctx *ctx)
{
	u32 seq = ctx->cached_cq_tail - ctx->cq_timeouts, last = ctx->cq_last_tm_flush;
	struct io_kiocb *p;

	lockdep_assert_held(&ctx->uring_lock);
	if (!ctx->nr_seq_timeouts || (s32)(seq - last) <= 0)
		return;
	list_for_each_entry(p, &ctx->pending, list) {
		struct io_timeout_data *d = p->timeout;

		if (!d || !d->off || d->done || seq - last < d->target_seq - last)
			continue;
		if (io_timeout_stop(d)) {
			d->done = true;
			d->res = 0;
		}
	}
	ctx->cq_last_tm_flush = seq;
}

/* The pending timeout of opcode @op with @user_data not done yet (a
 * LINK_TIMEOUT: still limiting its request), or NULL. */
static struct io_kiocb *io_timeout_find(struct io_ring_ctx *ctx, u8 op,
					u64 user_data)
{
	struct io_kiocb *p;

	list_for_each_entry(p, &ctx->pending, list)
		if (p->sqe.opcode == op && p->timeout && !io_timeout_done(p) &&
		    p->sqe.user_data == user_data)
			return p;
	list_for_each_entry(p, &ctx->pending, list)
		if (p->sqe.opcode == op && p->timeout && READ_ONCE(p->timeout->fired) &&
		    p->sqe.user_data == user_data)
			return p;	/* fired: -EALREADY */
	return NULL;
}

/* IORING_TIMEOUT_UPDATE of stopped @p: @ns from now (on its own clock
 * at @ns with @abs), a pure timer from now on (Linux's
 * io_timeout_update()). */
static void io_timeout_update(struct io_ring_ctx *ctx, struct io_kiocb *p,
			      s64 ns, bool abs)
{
	struct io_timeout_data *d = p->timeout;

	if (d->off) {
		d->off = 0;
		ctx->nr_seq_timeouts--;
	}
	io_timeout_deadline(d, ns, abs);
	io_timeout_arm(d);
}

/* TIMEOUT_REMOVE's checks (Linux's io_timeout_remove_prep()): the
 * update's time in *@ns. 0, -EINVAL or -EFAULT. */
static int io_timeout_remove_prep(const struct io_uring_sqe *sqe, s64 *ns)
{
	u32 flags = sqe->op_flags;
	bool neg;
	int ret;

	if (sqe->flags & IOSQE_FIXED_FILE)
		return -EINVAL;
	if (sqe->buf_index || sqe->len || sqe->file_index)
		return -EINVAL;
	if (!(flags & IORING_TIMEOUT_UPDATE_MASK))
		return flags ? -EINVAL : 0;
	if ((flags & IORING_TIMEOUT_CLOCK_MASK) == IORING_TIMEOUT_CLOCK_MASK)
		return -EINVAL;
	if (flags & ~(IORING_TIMEOUT_UPDATE_MASK | IORING_TIMEOUT_ABS))
		return -EINVAL;
	ret = io_get_timespec_ns((const void __user *)sqe->off, ns, &neg);
	if (ret)
		return ret;
	return neg ? -EINVAL : 0;
}

/* IORING_OP_TIMEOUT_REMOVE: cancel the TIMEOUT whose user_data is addr
 * (it completes -ECANCELED), or with IORING_TIMEOUT_UPDATE restart it
 * (a LINK_TIMEOUT with IORING_LINK_TIMEOUT_UPDATE too). 0, -ENOENT,
 * -EALREADY (it fired), -EINVAL, -EFAULT. */
long io_timeout_remove(struct io_ring_ctx *ctx, struct io_kiocb *req)
{
	const struct io_uring_sqe *sqe = &req->sqe;
	u32 flags = sqe->op_flags;
	struct io_kiocb *p;
	s64 ns = 0;
	int ret;

	lockdep_assert_held(&ctx->uring_lock);
	ret = io_timeout_remove_prep(sqe, &ns);
	if (ret)
		return ret;
	p = io_timeout_find(ctx, (flags & IORING_TIMEOUT_UPDATE) &&
			    (flags & IORING_LINK_TIMEOUT_UPDATE) ?
			    IORING_OP_LINK_TIMEOUT : IORING_OP_TIMEOUT, sqe->addr);
	if (!p)
		return -ENOENT;
	if (!io_timeout_stop(p->timeout))
		return -EALREADY;
	if (flags & IORING_TIMEOUT_UPDATE) {
		io_timeout_update(ctx, p, ns, flags & IORING_TIMEOUT_ABS);
	} else {
		p->timeout->done = true;
		p->timeout->res = -ECANCELED;
	}
	return 0;
}
