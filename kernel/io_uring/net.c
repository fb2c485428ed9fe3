/*
 * Messages through the ring (Linux's io_uring/net.c): IORING_OP_SENDMSG
 * and IORING_OP_RECVMSG take a struct msghdr at addr and msg_flags, and
 * do what sendmsg(2) and recvmsg(2) do, in the submitter's context: a
 * Unix socket's path is looked up from the submitter's root and working
 * directory (so a chroot holds: CVE-2020-29373, LTP's io_uring02). As
 * on Linux, a send never raises SIGPIPE (MSG_NOSIGNAL).
 */
#include "kernel/io_uring/io_uring.h"
#include "kernel/net/syscalls.h"
#include "lib/errno.h"

/* The fields a message op leaves zero. */
static bool io_msg_bad(const struct io_uring_sqe *sqe)
{
	return sqe->off || sqe->buf_index || sqe->file_index || sqe->addr3;
}

/* IORING_OP_SENDMSG: bytes sent, or -errno. */
long io_sendmsg(struct io_ring_ctx *ctx, struct io_kiocb *req)
{
	const struct io_uring_sqe *sqe = &req->sqe;

	if (io_msg_bad(sqe))
		return -EINVAL;
	return sendmsg_file(req->file, (struct user_msghdr __user *)sqe->addr,
			    sqe->op_flags | MSG_NOSIGNAL);
}

/* IORING_OP_RECVMSG: bytes received (the msghdr updated), or -errno. */
long io_recvmsg(struct io_ring_ctx *ctx, struct io_kiocb *req)
{
	const struct io_uring_sqe *sqe = &req->sqe;

	if (io_msg_bad(sqe))
		return -EINVAL;
	return recvmsg_file(req->file, (struct user_msghdr __user *)sqe->addr,
			    sqe->op_flags);
}
