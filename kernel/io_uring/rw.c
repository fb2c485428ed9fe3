/*
 * Reads, writes and fsync through the ring (Linux's io_uring/rw.c and
 * sync.c): READ/WRITE (one buffer at addr, len bytes), READV/WRITEV (an
 * iovec array at addr of len entries), READ_FIXED/WRITE_FIXED (a range
 * inside registered buffer buf_index, reached through its pinned pages,
 * so no user page table is walked), at offset off, or at the file's
 * position when off is -1 (IORING_FEAT_RW_CUR_POS). A file that cannot
 * seek (a pipe, a socket) ignores off, as on Linux. Each goes through
 * vfs_read()/vfs_write() as read(2) and write(2) do.
 */
#include "kernel/io_uring/io_uring.h"
#include "kernel/fs/syscalls.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/mm/slab.h"
#include "lib/err.h"
#include "lib/errno.h"

/* The kernel segments of registered buffer range [addr, addr + len) (the
 * direct-map addresses of its pinned pages), kmalloc'ed, their number in
 * *@nr; ERR_PTR(-EFAULT) when the range is not inside buffer @index. */
static struct iovec *io_import_fixed(struct io_ring_ctx *ctx, u32 index,
				     u64 addr, u64 len, unsigned long *nr)
{
	struct io_mapped_ubuf *b;
	struct iovec *v;
	u64 off, page;

	if (index >= ctx->nr_user_bufs)
		return ERR_PTR(-EFAULT);
	b = &ctx->user_bufs[index];
	if (addr < b->ubuf || len > b->len || addr - b->ubuf > b->len - len)
		return ERR_PTR(-EFAULT);
	off = addr - (b->ubuf & ~(u64)(PAGE_SIZE - 1));
	v = kmalloc(sizeof(*v) * (len / PAGE_SIZE + 2), GFP_KERNEL);
	if (!v)
		return ERR_PTR(-ENOMEM);
	for (*nr = 0, page = off / PAGE_SIZE; len; page++, (*nr)++) {
		u64 in = off % PAGE_SIZE, n = MIN(len, PAGE_SIZE - in);

		BUG_ON(page >= b->nr_pages);
		v[*nr].iov_base = (void __user *)((u8 *)page_address(b->pages[page]) + in);
		v[*nr].iov_len = n;
		off += n;
		len -= n;
	}
	return v;
}

/* The buffer of read or write @req as an iov_iter in @it; its segments
 * (kfree them unless @one) or ERR_PTR(-errno). */
static struct iovec *io_import(struct io_ring_ctx *ctx, struct io_kiocb *req,
			       struct iovec *one, struct iov_iter *it)
{
	const struct io_uring_sqe *sqe = &req->sqe;
	u8 op = sqe->opcode;
	unsigned long nr = 1;
	size_t total = sqe->len;
	struct iovec *v = one;

	if (op == IORING_OP_READ_FIXED || op == IORING_OP_WRITE_FIXED) {
		v = io_import_fixed(ctx, sqe->buf_index, sqe->addr, sqe->len, &nr);
		if (!IS_ERR(v))
			iov_iter_init(it, false, v, nr, sqe->len);
		return v;
	}
	if (sqe->buf_index)
		return ERR_PTR(-EINVAL);
	if (op == IORING_OP_READV || op == IORING_OP_WRITEV) {
		v = import_iovec((const struct iovec __user *)sqe->addr, sqe->len, &total);
		nr = sqe->len;
	} else {
		*one = (struct iovec){ (void __user *)sqe->addr,
				       MIN((size_t)sqe->len, (size_t)MAX_RW_COUNT) };
		total = one->iov_len;
		if (!access_ok(one->iov_base, one->iov_len))
			v = ERR_PTR(-EFAULT);
	}
	if (!IS_ERR(v))
		iov_iter_init(it, true, v, nr, total);
	return v;
}

/* Read or write @req at its position: bytes, or -errno. */
static long io_rw(struct io_ring_ctx *ctx, struct io_kiocb *req, bool write)
{
	struct file *f = req->file;
	loff_t pos = (loff_t)req->sqe.off, *ppos = &pos;
	struct iovec one, *v;
	struct iov_iter it;
	long ret;

	if (!(f->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
		return -EBADF;
	if (req->sqe.op_flags)
		return -EOPNOTSUPP;	/* RWF_* flags: none done here */
	if (ctx->flags & IORING_SETUP_IOPOLL)
		return -EOPNOTSUPP;	/* no file here does polled I/O */
	if (pos == -1 || !(f->f_mode & FMODE_LSEEK))
		ppos = &f->f_pos;
	else if (pos < 0)
		return -EINVAL;
	v = io_import(ctx, req, &one, &it);
	if (IS_ERR(v))
		return PTR_ERR(v);
	ret = write ? vfs_write(f, &it, ppos) : vfs_read(f, &it, ppos);
	if (v != &one)
		kfree(v);
	return ret;
}

/* IORING_OP_READ, READV, READ_FIXED. */
long io_read(struct io_ring_ctx *ctx, struct io_kiocb *req)
{
	return io_rw(ctx, req, false);
}

/* IORING_OP_WRITE, WRITEV, WRITE_FIXED. */
long io_write(struct io_ring_ctx *ctx, struct io_kiocb *req)
{
	return io_rw(ctx, req, true);
}

/* IORING_OP_FSYNC (IORING_FSYNC_DATASYNC too): as fsync(2). */
long io_fsync(struct io_ring_ctx *ctx, struct io_kiocb *req)
{
	const struct io_uring_sqe *sqe = &req->sqe;

	if (sqe->addr || sqe->buf_index || sqe->file_index)
		return -EINVAL;
	if (sqe->op_flags & ~IORING_FSYNC_DATASYNC)
		return -EINVAL;
	return vfs_fsync(req->file);
}
