/*
 * The opcodes io_uring does here and how one SQE becomes a request
 * (Linux's io_uring/opdef.c and io_submit_sqe()): the op's table entry,
 * its file (a descriptor, or a registered one with IOSQE_FIXED_FILE),
 * the IOSQE_* flags, then the op itself, run at once in the submitter's
 * context, or left pending (poll.c) while its file is not ready.
 *
 * Links (IOSQE_IO_LINK, _HARDLINK): the members of a chain run in order;
 * once one fails (res < 0, and it was not a hard link) the rest complete
 * with -ECANCELED; once one waits, the rest wait behind it. A drain
 * (IOSQE_IO_DRAIN) waits for every request pending before it, and the
 * requests after it wait for it (and for all before them, more than
 * Linux asks). NOP, OPENAT and CLOSE live here; rw.c, net.c, poll.c
 * and timeout.c hold the others.
 *
 * An IOPOLL ring (IORING_SETUP_IOPOLL: Linux's polled block I/O, which
 * its io_uring_enter() spins on instead of sleeping) takes NOP and the
 * reads and writes only (else -EINVAL), and since no file here does
 * polled I/O, those fail with -EOPNOTSUPP as on Linux for such a file;
 * nothing is left pending, and its GETEVENTS never waits.
 */
#include "kernel/io_uring/io_uring.h"
#include "kernel/fs/syscalls.h"
#include "kernel/locking/lockdep.h"
#include "lib/errno.h"

#define SQE_VALID_FLAGS (IOSQE_FIXED_FILE | IOSQE_IO_DRAIN | IOSQE_IO_LINK | \
			 IOSQE_IO_HARDLINK | IOSQE_ASYNC | IOSQE_CQE_SKIP_SUCCESS)

static long io_nop(struct io_ring_ctx *ctx, struct io_kiocb *req)
{
	return 0;
}

/* IORING_OP_OPENAT: openat(fd, addr, open_flags, len) by the submitter. */
static long io_openat(struct io_ring_ctx *ctx, struct io_kiocb *req)
{
	const struct io_uring_sqe *sqe = &req->sqe;

	if (sqe->buf_index || sqe->file_index)
		return -EINVAL;
	if (sqe->flags & IOSQE_FIXED_FILE)
		return -EBADF;
	return sys_openat(sqe->fd, (const char __user *)sqe->addr,
			  (int)sqe->op_flags, (umode_t)sqe->len);
}

/* IORING_OP_CLOSE: close(fd); a ring may not close a ring (EBADF). */
static long io_close(struct io_ring_ctx *ctx, struct io_kiocb *req)
{
	const struct io_uring_sqe *sqe = &req->sqe;
	struct file *f;
	bool ring;

	if (sqe->off || sqe->addr || sqe->len || sqe->op_flags || sqe->buf_index ||
	    sqe->file_index)
		return -EINVAL;
	if (sqe->flags & IOSQE_FIXED_FILE)
		return -EBADF;
	f = fget((unsigned int)sqe->fd);
	if (!f)
		return -EBADF;
	ring = io_is_uring_fops(f);
	fput(f);
	return ring ? -EBADF : sys_close((unsigned int)sqe->fd);
}

#define FILE_OP(nm, ev, fn) { .name = nm, .needs_file = true, .poll_event = ev, .issue = fn }
/* One of the reads and writes, which an IOPOLL ring takes. */
#define RW_OP(nm, ev, fn) { .name = nm, .needs_file = true, .poll_event = ev, \
			    .iopoll = true, .issue = fn }

static const struct io_op_def io_op_defs[IORING_OP_LAST] = {
	[IORING_OP_NOP] = { .name = "NOP", .iopoll = true, .issue = io_nop },
	[IORING_OP_READV] = RW_OP("READV", EPOLLIN, io_read),
	[IORING_OP_WRITEV] = RW_OP("WRITEV", EPOLLOUT, io_write),
	[IORING_OP_FSYNC] = FILE_OP("FSYNC", 0, io_fsync),
	[IORING_OP_READ_FIXED] = RW_OP("READ_FIXED", EPOLLIN, io_read),
	[IORING_OP_WRITE_FIXED] = RW_OP("WRITE_FIXED", EPOLLOUT, io_write),
	[IORING_OP_POLL_ADD] = FILE_OP("POLL_ADD", 0, io_poll_add),
	[IORING_OP_SENDMSG] = FILE_OP("SENDMSG", EPOLLOUT, io_sendmsg),
	[IORING_OP_RECVMSG] = FILE_OP("RECVMSG", EPOLLIN, io_recvmsg),
	[IORING_OP_TIMEOUT] = { .name = "TIMEOUT", .prep = io_timeout_prep,
				.issue = io_timeout },
	[IORING_OP_TIMEOUT_REMOVE] = { .name = "TIMEOUT_REMOVE",
				       .issue = io_timeout_remove },
	[IORING_OP_LINK_TIMEOUT] = { .name = "LINK_TIMEOUT",
				     .prep = io_link_timeout_prep,
				     .issue = io_link_timeout },
	[IORING_OP_OPENAT] = { .name = "OPENAT", .issue = io_openat },
	[IORING_OP_CLOSE] = { .name = "CLOSE", .issue = io_close },
	[IORING_OP_READ] = RW_OP("READ", EPOLLIN, io_read),
	[IORING_OP_WRITE] = RW_OP("WRITE", EPOLLOUT, io_write),
};

const struct io_op_def *io_op_def(u8 op)
{
	return op < IORING_OP_LAST && io_op_defs[op].issue ? &io_op_defs[op] : NULL;
}

/* @req's file into req->file, referenced: a registered one for
 * IOSQE_FIXED_FILE (sqe->fd its index), else the descriptor; -EBADF. */
static int io_req_file(struct io_ring_ctx *ctx, struct io_kiocb *req)
{
	u32 idx = (u32)req->sqe.fd;

	if (!(req->sqe.flags & IOSQE_FIXED_FILE))
		req->file = fget(idx);
	else if (idx < ctx->nr_user_files && ctx->file_table[idx])
		req->file = get_file(ctx->file_table[idx]);
	return req->file ? 0 : -EBADF;
}

bool io_issue(struct io_ring_ctx *ctx, struct io_kiocb *req)
{
	const struct io_op_def *def = io_op_def(req->sqe.opcode);
	long res;

	lockdep_assert_held(&ctx->uring_lock);
	BUG_ON(!def);
	res = def->issue(ctx, req);
	if (res == -ERESTARTSYS || res == -ERESTARTNOHAND)
		res = -EINTR;
	if (req->file)
		fput(req->file);
	req->file = NULL;
	io_timeout_free(ctx, req);
	if (!(req->sqe.flags & IOSQE_CQE_SKIP_SUCCESS) || res < 0)
		io_post_cqe(ctx, req->sqe.user_data, (s32)res, 0);
	return res < 0 && !req->res_no_fail && (req->sqe.flags & IOSQE_IO_LINK) &&
	       !(req->sqe.flags & IOSQE_IO_HARDLINK);
}

void io_link_reset(struct io_ring_ctx *ctx)
{
	ctx->link_open = ctx->link_failed = ctx->link_parked = false;
}

/* The chain after @sqe: open while it links on, else closed. */
static void io_link_next(struct io_ring_ctx *ctx, const struct io_uring_sqe *sqe)
{
	if (sqe->flags & (IOSQE_IO_LINK | IOSQE_IO_HARDLINK)) {
		ctx->link_open = true;
		ctx->link_last_op = sqe->opcode;
	} else
		io_link_reset(ctx);
}

/* A request that cannot start: its CQE carries @err; a chain it opens
 * or continues is failed (and the batch goes on, so that the rest of
 * the chain is taken and cancelled); otherwise the batch stops (@err). */
static int io_req_fail(struct io_ring_ctx *ctx, struct io_kiocb *req, int err)
{
	bool links = req->sqe.flags & (IOSQE_IO_LINK | IOSQE_IO_HARDLINK);

	if (req->file)
		fput(req->file);
	io_timeout_free(ctx, req);
	io_post_cqe(ctx, req->sqe.user_data, err, 0);
	if (links)
		ctx->link_failed = true;
	io_link_next(ctx, &req->sqe);
	return links ? 0 : err;
}

int io_submit_sqe(struct io_ring_ctx *ctx, const struct io_uring_sqe *sqe)
{
	struct io_kiocb req = { .sqe = *sqe };
	const struct io_op_def *def = io_op_def(sqe->opcode);
	int ret = 0;

	lockdep_assert_held(&ctx->uring_lock);
	if (sqe->opcode >= IORING_OP_LAST || (sqe->flags & ~SQE_VALID_FLAGS))
		ret = -EINVAL;
	else if (ctx->restricted && !io_check_restriction(ctx, sqe))
		ret = -EACCES;	/* before the opcode's own checks, as Linux */
	else if (!def || sqe->personality)
		ret = -EINVAL;
	else if ((ctx->flags & IORING_SETUP_IOPOLL) && !def->iopoll)
		ret = -EINVAL;	/* Linux's io_init_req(): not a polled op */
	else if (def->needs_file)
		ret = io_req_file(ctx, &req);
	if (ret)
		return io_req_fail(ctx, &req, ret);
	if (ctx->link_open && ctx->link_failed) {
		io_req_fail(ctx, &req, -ECANCELED);
		return 0;
	}
	if (def->prep && (ret = def->prep(ctx, &req)))
		return io_req_fail(ctx, &req, ret);
	req.linked = ctx->link_open && ctx->link_parked;
	req.after_prev = req.linked || ctx->nr_drain_pending ||
			 ((sqe->flags & IOSQE_IO_DRAIN) && !list_empty(&ctx->pending));
	if (sqe->opcode == IORING_OP_LINK_TIMEOUT)
		req.after_prev = false;	/* it watches the one before it */
	if (req.after_prev || (!(ctx->flags & IORING_SETUP_IOPOLL) &&
			       io_wait_events(&req))) {
		if (!io_poll_park(ctx, &req))
			return io_req_fail(ctx, &req, -ENOMEM);
		ctx->link_parked = true;
	} else if (io_issue(ctx, &req)) {
		ctx->link_failed = true;
	}
	io_link_next(ctx, sqe);
	return 0;
}
