/*
 * io_uring_register(2) (Linux's io_uring/register.c and rsrc.c): what a
 * ring keeps between requests so that each need not look it up again.
 *
 *   IORING_REGISTER_BUFFERS   iovecs whose pages are pinned: READ_FIXED
 *                             and WRITE_FIXED copy through them, and
 *                             they stay valid after an munmap until
 *                             UNREGISTER_BUFFERS or the ring's close
 *   IORING_REGISTER_FILES     descriptors whose files the ring holds:
 *                             IOSQE_FIXED_FILE names them by index
 *   IORING_REGISTER_PROBE     which opcodes this kernel does
 *   IORING_REGISTER_RESTRICTIONS  on a ring set up disabled
 *                             (IORING_SETUP_R_DISABLED), which register
 *                             opcodes, SQE opcodes and SQE flags it will
 *                             allow: a sandbox's ring, handed to code
 *                             that may do no more (EACCES)
 *   IORING_REGISTER_ENABLE_RINGS  the disabled ring starts taking SQEs,
 *                             its restrictions in force
 *   IORING_REGISTER_RING_FDS  ring descriptors the calling task holds
 *                             by index (tctx.c), for io_uring_enter()'s
 *                             IORING_ENTER_REGISTERED_RING
 *
 * Pinned memory is not charged to RLIMIT_MEMLOCK here (Linux does,
 * without CAP_IPC_LOCK).
 */
#include "kernel/io_uring/io_uring.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/slab.h"
#include "kernel/syscalls.h"
#include "lib/errno.h"
#include "lib/string.h"

#define IORING_REGISTER_BUFFERS 0
#define IORING_UNREGISTER_BUFFERS 1
#define IORING_REGISTER_FILES 2
#define IORING_UNREGISTER_FILES 3
#define IORING_REGISTER_PROBE 8
#define IORING_REGISTER_RESTRICTIONS 11
#define IORING_REGISTER_ENABLE_RINGS 12
#define IORING_REGISTER_RING_FDS 20
#define IORING_UNREGISTER_RING_FDS 21
#define IORING_REGISTER_LAST 26		/* Linux 6.1's count */

#define IORING_RESTRICTION_REGISTER_OP 0
#define IORING_RESTRICTION_SQE_OP 1
#define IORING_RESTRICTION_SQE_FLAGS_ALLOWED 2
#define IORING_RESTRICTION_SQE_FLAGS_REQUIRED 3
#define IORING_RESTRICTION_LAST 4
#define IORING_MAX_RESTRICTIONS (IORING_RESTRICTION_LAST + \
				 IORING_REGISTER_LAST + IORING_OP_LAST)

_Static_assert(IORING_REGISTER_LAST <= 32, "io_restriction.register_op");
_Static_assert(IORING_OP_LAST <= 64, "io_restriction.sqe_op");

#define IORING_MAX_REG_BUFFERS (1u << 14)
#define IORING_MAX_FIXED_FILES (1u << 20)
#define SZ_1G (1ull << 30)
#define IO_URING_OP_SUPPORTED (1u << 0)

struct io_uring_probe_op {
	u8 op, resv;
	u16 flags;			/* IO_URING_OP_SUPPORTED */
	u32 resv2;
};

struct io_uring_restriction {		/* 16 bytes, Linux's */
	u16 opcode;			/* IORING_RESTRICTION_* */
	u8 arg;				/* register_op, sqe_op or sqe_flags */
	u8 resv;
	u32 resv2[3];
};
_Static_assert(sizeof(struct io_uring_restriction) == 16, "Linux's");

struct io_uring_probe {
	u8 last_op;			/* the last opcode Linux 6.1 knows */
	u8 ops_len;			/* entries filled in ops[] */
	u16 resv;
	u32 resv2[3];
	struct io_uring_probe_op ops[];
};

/* ---- buffers ---- */

void io_sqe_buffers_unregister(struct io_ring_ctx *ctx)
{
	for (u32 i = 0; i < ctx->nr_user_bufs; i++) {
		unpin_user_pages(ctx->user_bufs[i].pages, ctx->user_bufs[i].nr_pages);
		kfree(ctx->user_bufs[i].pages);
	}
	kfree(ctx->user_bufs);
	ctx->user_bufs = NULL;
	ctx->nr_user_bufs = 0;
}

/* Pin the pages of user buffer @iov into @b: 0, -EFAULT (NULL with a
 * length, empty, over 1 GiB, not mapped writable), -EOVERFLOW, -ENOMEM.
 * A NULL buffer of length 0 is an empty slot, as Linux's sparse ones. */
static long io_buffer_pin(const struct iovec *iov, struct io_mapped_ubuf *b)
{
	u64 start = (u64)iov->iov_base, end, first;
	long ret;

	if (!start)
		return iov->iov_len ? -EFAULT : 0;
	if (!iov->iov_len || iov->iov_len > SZ_1G)
		return -EFAULT;
	if (__builtin_add_overflow(start, (u64)iov->iov_len, &end))
		return -EOVERFLOW;
	first = start & ~(u64)(PAGE_SIZE - 1);
	b->nr_pages = (ALIGN_UP(end, PAGE_SIZE) - first) / PAGE_SIZE;
	b->pages = kmalloc(b->nr_pages * sizeof(*b->pages), GFP_KERNEL);
	if (!b->pages)
		return -ENOMEM;
	ret = pin_user_pages(first, b->nr_pages, true, b->pages);
	if (ret) {
		kfree(b->pages);
		return ret;
	}
	b->ubuf = start;
	b->len = iov->iov_len;
	return 0;
}

/* IORING_REGISTER_BUFFERS: the @nr iovecs at @arg. */
static long io_sqe_buffers_register(struct io_ring_ctx *ctx, void __user *arg,
				    u32 nr)
{
	long ret = 0;

	if (ctx->user_bufs)
		return -EBUSY;
	if (!nr || nr > IORING_MAX_REG_BUFFERS)
		return -EINVAL;
	ctx->user_bufs = kzalloc(nr * sizeof(*ctx->user_bufs), GFP_KERNEL);
	if (!ctx->user_bufs)
		return -ENOMEM;
	for (u32 i = 0; i < nr && !ret; i++) {
		struct iovec iov;

		if (copy_from_user(&iov, (struct iovec __user *)arg + i, sizeof(iov)))
			ret = -EFAULT;
		else
			ret = io_buffer_pin(&iov, &ctx->user_bufs[i]);
		if (!ret)
			ctx->nr_user_bufs = i + 1;
	}
	if (ret)
		io_sqe_buffers_unregister(ctx);
	return ret;
}

/* ---- files ---- */

void io_sqe_files_unregister(struct io_ring_ctx *ctx)
{
	for (u32 i = 0; i < ctx->nr_user_files; i++)
		if (ctx->file_table[i])
			fput(ctx->file_table[i]);
	kfree(ctx->file_table);
	ctx->file_table = NULL;
	ctx->nr_user_files = 0;
}

/* IORING_REGISTER_FILES: the @nr descriptors at @arg (-1: an empty
 * slot). A ring is refused (EBADF): it would hold itself open. */
static long io_sqe_files_register(struct io_ring_ctx *ctx, void __user *arg,
				  u32 nr)
{
	long ret = 0;

	if (ctx->file_table)
		return -EBUSY;
	if (!nr)
		return -EINVAL;
	if (nr > IORING_MAX_FIXED_FILES)
		return -EMFILE;
	ctx->file_table = kzalloc(nr * sizeof(*ctx->file_table), GFP_KERNEL);
	if (!ctx->file_table)
		return -ENOMEM;
	ctx->nr_user_files = nr;
	for (u32 i = 0; i < nr && !ret; i++) {
		s32 fd;
		struct file *f;

		if (copy_from_user(&fd, (s32 __user *)arg + i, sizeof(fd))) {
			ret = -EFAULT;
			continue;
		}
		if (fd == -1)
			continue;
		f = fd < 0 ? NULL : fget((unsigned int)fd);
		if (f && io_is_uring_fops(f)) {
			fput(f);
			f = NULL;
		}
		ctx->file_table[i] = f;
		if (!f)
			ret = -EBADF;
	}
	if (ret)
		io_sqe_files_unregister(ctx);
	return ret;
}

/* ---- probe ---- */

/* IORING_REGISTER_PROBE: a zeroed struct io_uring_probe with room for
 * @nr ops at @arg, filled in. */
static long io_probe(void __user *arg, u32 nr)
{
	struct io_uring_probe *p;
	u64 size;
	long ret = 0;

	nr = MIN(nr, (u32)IORING_OP_LAST);
	size = sizeof(*p) + (u64)nr * sizeof(p->ops[0]);
	p = kzalloc(size, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	if (copy_from_user(p, arg, size))
		ret = -EFAULT;
	for (u64 i = 0; !ret && i < size; i++)
		if (((u8 *)p)[i])
			ret = -EINVAL;
	if (!ret) {
		p->last_op = IORING_OP_LAST - 1;
		for (u32 i = 0; i < nr; i++) {
			p->ops[i].op = (u8)i;
			if (io_op_def((u8)i))
				p->ops[i].flags = IO_URING_OP_SUPPORTED;
		}
		p->ops_len = (u8)nr;
		if (copy_to_user(arg, p, size))
			ret = -EFAULT;
	}
	kfree(p);
	return ret;
}

/* ---- restrictions ---- */

/* Apply restriction record @r to @rs; 0 or -EINVAL. */
static long io_restriction_add(struct io_restriction *rs,
			       const struct io_uring_restriction *r)
{
	switch (r->opcode) {
	case IORING_RESTRICTION_REGISTER_OP:
		if (r->arg >= IORING_REGISTER_LAST)
			return -EINVAL;
		rs->register_op |= 1u << r->arg;
		return 0;
	case IORING_RESTRICTION_SQE_OP:
		if (r->arg >= IORING_OP_LAST)
			return -EINVAL;
		rs->sqe_op |= 1ull << r->arg;
		return 0;
	case IORING_RESTRICTION_SQE_FLAGS_ALLOWED:
		rs->sqe_flags_allowed = r->arg;
		return 0;
	case IORING_RESTRICTION_SQE_FLAGS_REQUIRED:
		rs->sqe_flags_required = r->arg;
		return 0;
	default:
		return -EINVAL;
	}
}

/* IORING_REGISTER_RESTRICTIONS (Linux's io_register_restrictions()):
 * @nr records at @arg, once, on a ring still disabled. 0, or -EBADFD
 * (not disabled), -EBUSY (registered already), -EINVAL (none, too
 * many, a bad record: then none is kept), -EFAULT, -ENOMEM. */
static long io_register_restrictions(struct io_ring_ctx *ctx,
				     const void __user *arg, u32 nr)
{
	struct io_restriction rs = { 0 };
	struct io_uring_restriction *res;
	long ret = 0;

	lockdep_assert_held(&ctx->uring_lock);
	if (!io_ring_disabled(ctx))
		return -EBADFD;
	if (ctx->restrictions.registered)
		return -EBUSY;
	if (!arg || nr > IORING_MAX_RESTRICTIONS)
		return -EINVAL;
	res = kmalloc((size_t)nr * sizeof(*res) ?: 1, GFP_KERNEL);
	if (!res)
		return -ENOMEM;
	if (copy_from_user(res, arg, (size_t)nr * sizeof(*res)))
		ret = -EFAULT;
	for (u32 i = 0; !ret && i < nr; i++)
		ret = io_restriction_add(&rs, &res[i]);
	kfree(res);
	if (ret)
		return ret;
	rs.registered = true;
	ctx->restrictions = rs;
	return 0;
}

/* IORING_REGISTER_ENABLE_RINGS (Linux's io_register_enable_rings()):
 * the disabled ring takes SQEs from now on, restricted if restrictions
 * were registered; -EBADFD if it is not disabled. */
static long io_register_enable_rings(struct io_ring_ctx *ctx)
{
	lockdep_assert_held(&ctx->uring_lock);
	if (!io_ring_disabled(ctx))
		return -EBADFD;
	if (ctx->restrictions.registered)
		ctx->restricted = true;
	WRITE_ONCE(ctx->flags, ctx->flags & ~IORING_SETUP_R_DISABLED);
	io_submitter_set(ctx);
	return 0;
}

bool io_check_restriction(struct io_ring_ctx *ctx,
			  const struct io_uring_sqe *sqe)
{
	const struct io_restriction *rs = &ctx->restrictions;

	lockdep_assert_held(&ctx->uring_lock);
	BUG_ON(!ctx->restricted || sqe->opcode >= IORING_OP_LAST);
	return (rs->sqe_op & (1ull << sqe->opcode)) &&
	       (sqe->flags & rs->sqe_flags_required) == rs->sqe_flags_required &&
	       !(sqe->flags & ~(rs->sqe_flags_allowed | rs->sqe_flags_required));
}

/* ctx->uring_lock held: register opcode @op; first, as Linux's
 * __io_uring_register(), a SINGLE_ISSUER ring's submitter (EEXIST) and a
 * restricted ring's register_op restrictions (EACCES). */
static long io_register(struct io_ring_ctx *ctx, unsigned int op,
			void __user *arg, u32 nr)
{
	lockdep_assert_held(&ctx->uring_lock);
	if (!io_submitter_ok(ctx))
		return -EEXIST;	/* SINGLE_ISSUER: another task's ring */
	if (ctx->restricted && op >= IORING_REGISTER_LAST)
		return -EINVAL;
	if (ctx->restricted && !(ctx->restrictions.register_op & (1u << op)))
		return -EACCES;
	switch (op) {
	case IORING_REGISTER_BUFFERS:
		return io_sqe_buffers_register(ctx, arg, nr);
	case IORING_UNREGISTER_BUFFERS:
		if (arg || nr)
			return -EINVAL;
		if (!ctx->user_bufs)
			return -ENXIO;
		io_sqe_buffers_unregister(ctx);
		return 0;
	case IORING_REGISTER_FILES:
		return io_sqe_files_register(ctx, arg, nr);
	case IORING_UNREGISTER_FILES:
		if (arg || nr)
			return -EINVAL;
		if (!ctx->file_table)
			return -ENXIO;
		io_sqe_files_unregister(ctx);
		return 0;
	case IORING_REGISTER_PROBE:
		return io_probe(arg, nr);
	case IORING_REGISTER_RESTRICTIONS:
		return io_register_restrictions(ctx, arg, nr);
	case IORING_REGISTER_ENABLE_RINGS:
		return arg || nr ? -EINVAL : io_register_enable_rings(ctx);
	case IORING_REGISTER_RING_FDS:
		return io_ringfd_register(ctx, arg, nr);
	case IORING_UNREGISTER_RING_FDS:
		return io_ringfd_unregister(ctx, arg, nr);
	default:
		return -EINVAL;
	}
}

/* io_uring_register(2): @opcode on ring @fd with @arg (@nr_args
 * entries): 0, or EBADF, EOPNOTSUPP (not a ring), EINVAL, EFAULT, EBUSY
 * (already registered), ENXIO (nothing registered), EMFILE, ENOMEM,
 * EACCES (restricted), EBADFD (not disabled). */
long sys_io_uring_register(unsigned int fd, unsigned int opcode,
			   void __user *arg, unsigned int nr_args)
{
	struct file *f = fget(fd);
	struct io_ring_ctx *ctx;
	long ret;

	if (!f)
		return -EBADF;
	if (!io_is_uring_fops(f)) {
		fput(f);
		return -EOPNOTSUPP;
	}
	ctx = f->private_data;
	mutex_lock(&ctx->uring_lock);
	ret = io_register(ctx, opcode, arg, nr_args);
	mutex_unlock(&ctx->uring_lock);
	fput(f);
	return ret;
}
