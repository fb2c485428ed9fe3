/*
 * userfaultfd(2) and /dev/userfaultfd (Linux's fs/userfaultfd.c): the
 * descriptor through which a thread handles another thread's page faults
 * (the idea and the address-space side: kernel/mm/userfaultfd_k.h).
 *
 * The descriptor starts unusable: UFFDIO_API agrees on the API and the
 * features first (every other ioctl, read and poll are EINVAL or EPOLLERR
 * until then). UFFDIO_REGISTER then names ranges and the faults to catch
 * there; read(2) returns one struct uffd_msg per caught fault not read
 * yet (blocking, or EAGAIN with O_NONBLOCK), and poll(2) says when one
 * waits. UFFDIO_COPY, UFFDIO_ZEROPAGE, UFFDIO_CONTINUE place pages,
 * UFFDIO_WRITEPROTECT protects or releases, and each wakes the faults on
 * its range unless told DONTWAKE; UFFDIO_WAKE only wakes. The last close
 * unregisters everything and wakes every sleeping fault.
 *
 * Who may: with /proc/sys/vm/unprivileged_userfaultfd 0 (Linux's
 * default), userfaultfd(2) needs CAP_SYS_PTRACE unless it asks for
 * UFFD_USER_MODE_ONLY (faults in user mode only: a kernel access to a
 * registered range fails with EFAULT instead of waiting, so a process
 * cannot stall the kernel at a moment of its choosing). /dev/userfaultfd
 * (USERFAULTFD_IOC_NEW) lets whoever may open it, by its mode, without.
 */
#include "kernel/fs/anon_inodes.h"
#include "kernel/fs/poll.h"
#include "kernel/fs/syscalls.h"
#include "kernel/fs/vfs.h"
#include "kernel/capability.h"
#include "kernel/cred.h"
#include "kernel/mm/userfaultfd_k.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"
#include "lib/string.h"

/* The ioctls: _IOWR/_IOR(0xAA, nr, struct) as Linux encodes them. */
#define UFFDIO_API 0xc018aa3f
#define UFFDIO_REGISTER 0xc020aa00
#define UFFDIO_UNREGISTER 0x8010aa01
#define UFFDIO_WAKE 0x8010aa02
#define UFFDIO_COPY 0xc028aa03
#define UFFDIO_ZEROPAGE 0xc020aa04
#define UFFDIO_WRITEPROTECT 0xc018aa06
#define UFFDIO_CONTINUE 0xc020aa07
#define USERFAULTFD_IOC_NEW 0xaa00	/* _IO(0xAA, 0), /dev/userfaultfd's */
/* UFFDIO_API's and UFFDIO_REGISTER's answers: bit nr of each ioctl. */
#define UFFD_API_IOCTLS ((1ull << 0x3f) | (1ull << 0) | (1ull << 1))
#define UFFD_API_RANGE_IOCTLS ((1ull << 2) | (1ull << 3) | (1ull << 4) | \
			       (1ull << 6) | (1ull << 7))

struct uffdio_range {
	u64 start, len;
};

struct uffdio_api {
	u64 api, features, ioctls;
};

struct uffdio_register {
	struct uffdio_range range;
	u64 mode, ioctls;
};

/* UFFDIO_COPY's; ZEROPAGE, WRITEPROTECT and CONTINUE are a range, a
 * mode and (not WRITEPROTECT) a result. */
struct uffdio_copy {
	u64 dst, src, len, mode;
	s64 copy;
};

struct uffdio_range_mode {
	struct uffdio_range range;
	u64 mode;
	s64 result;
};

/* Linux's validate_range(): page-aligned, not empty, inside user space. */
static int validate_range(u64 start, u64 len)
{
	if ((start | len) & (PAGE_SIZE - 1) || !len || start < PAGE_SIZE ||
	    start >= TASK_SIZE_MAX || len > TASK_SIZE_MAX - start)
		return -EINVAL;
	return 0;
}

static long uffdio_api(struct userfaultfd_ctx *ctx, void __user *arg)
{
	struct uffdio_api api;

	if (ctx->api_done)
		return -EINVAL;
	if (copy_from_user(&api, arg, sizeof(api)))
		return -EFAULT;
	if (api.api != UFFD_API || (api.features & ~UFFD_API_FEATURES)) {
		memset(&api, 0, sizeof(api));
		return copy_to_user(arg, &api, sizeof(api)) ? -EFAULT : -EINVAL;
	}
	ctx->features = api.features;
	api.features = UFFD_API_FEATURES;
	api.ioctls = UFFD_API_IOCTLS;
	if (copy_to_user(arg, &api, sizeof(api)))
		return -EFAULT;
	ctx->api_done = true;
	return 0;
}

static long uffdio_register(struct userfaultfd_ctx *ctx,
			    struct uffdio_register __user *arg)
{
	u64 modes = UFFDIO_REGISTER_MODE_MISSING | UFFDIO_REGISTER_MODE_WP |
		    UFFDIO_REGISTER_MODE_MINOR;
	u64 ioctls = UFFD_API_RANGE_IOCTLS;
	struct uffdio_register reg;
	long ret;

	if (copy_from_user(&reg, arg, offsetof(struct uffdio_register, ioctls)))
		return -EFAULT;
	if (!reg.mode || (reg.mode & ~modes))
		return -EINVAL;
	ret = validate_range(reg.range.start, reg.range.len) ?:
	      userfaultfd_register(ctx, reg.range.start, reg.range.len, reg.mode);
	if (!ret && copy_to_user(&arg->ioctls, &ioctls, sizeof(ioctls)))
		ret = -EFAULT;
	return ret;
}

static long uffdio_range(struct userfaultfd_ctx *ctx, unsigned int cmd,
			 void __user *arg)
{
	struct uffdio_range r;
	long ret;

	if (copy_from_user(&r, arg, sizeof(r)))
		return -EFAULT;
	ret = validate_range(r.start, r.len);
	if (ret)
		return ret;
	if (cmd == UFFDIO_UNREGISTER)
		return userfaultfd_unregister(ctx, r.start, r.len);
	userfaultfd_wake(ctx, r.start, r.len);
	return 0;
}

/* What a placing ioctl ends with: @done bytes of @len placed (or -errno)
 * reported at @result, the range's faults woken unless @dontwake; 0, or
 * EAGAIN when only part was placed. */
static long mfill_done(struct userfaultfd_ctx *ctx, long done, u64 dst,
		       u64 len, bool dontwake, s64 __user *result)
{
	s64 r = done;

	if (copy_to_user(result, &r, sizeof(r)))
		return -EFAULT;
	if (done < 0)
		return done;
	if (!dontwake)
		userfaultfd_wake(ctx, dst, (u64)done);
	return (u64)done == len ? 0 : -EAGAIN;
}

static long uffdio_copy(struct userfaultfd_ctx *ctx, struct uffdio_copy __user *arg)
{
	struct uffdio_copy c;
	long ret;

	if (copy_from_user(&c, arg, offsetof(struct uffdio_copy, copy)))
		return -EFAULT;
	if (c.mode & ~(UFFDIO_COPY_MODE_DONTWAKE | UFFDIO_COPY_MODE_WP))
		return -EINVAL;
	ret = validate_range(c.dst, c.len);
	if (!ret && ((c.src & (PAGE_SIZE - 1)) || c.src + c.len < c.src ||
		     (c.src < c.dst + c.len && c.dst < c.src + c.len)))
		ret = -EINVAL;		/* unaligned, wrapping, overlapping */
	if (ret)
		return ret;
	ret = mfill_copy(ctx, c.dst, c.src, c.len, c.mode & UFFDIO_COPY_MODE_WP);
	return mfill_done(ctx, ret, c.dst, c.len,
			  c.mode & UFFDIO_COPY_MODE_DONTWAKE, &arg->copy);
}

/* UFFDIO_ZEROPAGE, UFFDIO_CONTINUE, UFFDIO_WRITEPROTECT. */
static long uffdio_range_mode(struct userfaultfd_ctx *ctx, unsigned int cmd,
			      struct uffdio_range_mode __user *arg)
{
	u64 wp_modes = UFFDIO_WRITEPROTECT_MODE_WP |
		       UFFDIO_WRITEPROTECT_MODE_DONTWAKE;
	struct uffdio_range_mode m;
	bool wp;
	long ret;

	if (copy_from_user(&m, arg, offsetof(struct uffdio_range_mode, result)))
		return -EFAULT;
	if (cmd == UFFDIO_WRITEPROTECT ? (m.mode & ~wp_modes) || m.mode == wp_modes
				       : m.mode & ~UFFDIO_DONTWAKE)
		return -EINVAL;
	ret = validate_range(m.range.start, m.range.len);
	if (ret)
		return ret;
	if (cmd == UFFDIO_ZEROPAGE)
		ret = mfill_copy(ctx, m.range.start, 0, m.range.len, false);
	else if (cmd == UFFDIO_CONTINUE)
		ret = mfill_continue(ctx, m.range.start, m.range.len);
	if (cmd != UFFDIO_WRITEPROTECT)
		return mfill_done(ctx, ret, m.range.start, m.range.len,
				  m.mode & UFFDIO_DONTWAKE, &arg->result);
	wp = m.mode & UFFDIO_WRITEPROTECT_MODE_WP;
	ret = mwriteprotect_range(ctx, m.range.start, m.range.len, wp);
	if (!ret && !wp && !(m.mode & UFFDIO_WRITEPROTECT_MODE_DONTWAKE))
		userfaultfd_wake(ctx, m.range.start, m.range.len);
	return ret;
}

static long userfaultfd_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct userfaultfd_ctx *ctx = f->private_data;
	void __user *p = (void __user *)arg;

	if (cmd == UFFDIO_API)
		return uffdio_api(ctx, p);
	if (!ctx->api_done)
		return -EINVAL;
	switch (cmd) {
	case UFFDIO_REGISTER:
		return uffdio_register(ctx, p);
	case UFFDIO_UNREGISTER: case UFFDIO_WAKE:
		return uffdio_range(ctx, cmd, p);
	case UFFDIO_COPY:
		return uffdio_copy(ctx, p);
	case UFFDIO_ZEROPAGE: case UFFDIO_CONTINUE: case UFFDIO_WRITEPROTECT:
		return uffdio_range_mode(ctx, cmd, p);
	}
	return -ENOTTY;
}

/* Take the oldest fault not read yet into *@msg: whether there was one. */
static bool take_msg(struct userfaultfd_ctx *ctx, struct uffd_msg *msg)
{
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	struct userfaultfd_wait *w;
	bool found = false;

	list_for_each_entry(w, &ctx->faults, list) {
		if (w->read)
			continue;
		w->read = found = true;
		*msg = w->msg;
		break;
	}
	spin_unlock_irqrestore(&ctx->lock, irq);
	return found;
}

/* As many whole messages as fit, waiting for the first unless O_NONBLOCK. */
static long userfaultfd_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct userfaultfd_ctx *ctx = f->private_data;
	struct uffd_msg msg;
	long done = 0;

	if (!ctx->api_done || to->count < sizeof(msg))
		return -EINVAL;
	while (to->count >= sizeof(msg)) {
		if (!take_msg(ctx, &msg)) {
			long err;

			if (done || (f->f_flags & O_NONBLOCK))
				return done ?: -EAGAIN;
			err = wait_event_interruptible(ctx->fd_wqh,
						       take_msg(ctx, &msg));
			if (err)
				return err;
		}
		if (copy_to_iter(&msg, sizeof(msg), to) != sizeof(msg))
			return done ?: -EFAULT;
		done += sizeof(msg);
	}
	return done;
}

static bool has_unread(struct userfaultfd_ctx *ctx)
{
	unsigned long irq = spin_lock_irqsave(&ctx->lock);
	struct userfaultfd_wait *w;
	bool found = false;

	list_for_each_entry(w, &ctx->faults, list)
		found |= !w->read;
	spin_unlock_irqrestore(&ctx->lock, irq);
	return found;
}

static __poll_t userfaultfd_poll(struct file *f, struct poll_table *pt)
{
	struct userfaultfd_ctx *ctx = f->private_data;

	poll_wait(f, &ctx->fd_wqh, pt);
	if (!ctx->api_done)
		return EPOLLERR;
	return has_unread(ctx) ? EPOLLIN : 0;
}

static int userfaultfd_file_release(struct inode *inode, struct file *f)
{
	userfaultfd_release(f->private_data);
	return 0;
}

static const struct file_operations userfaultfd_fops = {
	.read = userfaultfd_read,
	.poll = userfaultfd_poll,
	.ioctl = userfaultfd_ioctl,
	.release = userfaultfd_file_release,
};

static long new_userfaultfd(unsigned long flags)
{
	struct userfaultfd_ctx *ctx;
	int fd;

	if (flags & ~(unsigned long)(O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY))
		return -EINVAL;
	ctx = userfaultfd_ctx_alloc(flags & UFFD_USER_MODE_ONLY);
	if (!ctx)
		return -ENOMEM;
	fd = anon_inode_getfd_name("[userfaultfd]", &userfaultfd_fops, ctx,
				   flags & (O_CLOEXEC | O_NONBLOCK));
	if (fd < 0)
		userfaultfd_ctx_put(ctx);
	return fd;
}

/* userfaultfd(2): a new descriptor for current's address space; flags
 * O_CLOEXEC, O_NONBLOCK, UFFD_USER_MODE_ONLY. The descriptor or -errno. */
long sys_userfaultfd(int flags)
{
	if (!READ_ONCE(sysctl_unprivileged_userfaultfd) &&
	    !(flags & UFFD_USER_MODE_ONLY) && !capable(CAP_SYS_PTRACE))
		return -EPERM;
	return new_userfaultfd((unsigned int)flags);
}

static long userfaultfd_dev_ioctl(struct file *f, unsigned int cmd,
				  unsigned long arg)
{
	return cmd == USERFAULTFD_IOC_NEW ? new_userfaultfd(arg) : -EINVAL;
}

const struct file_operations userfaultfd_dev_fops = {
	.ioctl = userfaultfd_dev_ioctl,
};
