/*
 * eventfd(2) and eventfd2(2) (Linux's fs/eventfd.c): a descriptor around
 * one 64-bit counter, for one thread or process to wake another. A write
 * of 8 bytes adds to it (blocking while the sum would pass 2^64 - 2); a
 * read of 8 bytes takes the whole count and sets it to 0 (blocking while
 * it is 0), or with EFD_SEMAPHORE takes 1. EFD_NONBLOCK turns blocking
 * into EAGAIN; a signal interrupts a wait. eventfd_poll() tells poll(2)
 * and select(2) when a read or a write would not wait.
 */
#include "kernel/fs/anon_inodes.h"
#include "kernel/fs/syscalls.h"
#include "kernel/fs/vfs.h"
#include "kernel/locking/spinlock.h"
#include "kernel/mm/slab.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/wait.h"
#include "kernel/signal.h"
#include "lib/errno.h"

#define EFD_SEMAPHORE 1
#define EFD_CLOEXEC O_CLOEXEC
#define EFD_NONBLOCK O_NONBLOCK
#define EVENTFD_MAX (~0ull - 1)		/* the largest count */

struct eventfd_ctx {
	spinlock_t lock;
	u64 count;
	bool semaphore;
	struct wait_queue_head wqh;	/* readers and writers that wait */
};

/* Under the lock: if @ready(@ctx, *@v), @act(@ctx, @v). Whether it did. */
static bool eventfd_try(struct eventfd_ctx *ctx, u64 *v,
			bool (*ready)(struct eventfd_ctx *, u64),
			void (*act)(struct eventfd_ctx *, u64 *))
{
	unsigned long flags = spin_lock_irqsave(&ctx->lock);
	bool done = ready(ctx, *v);

	if (done)
		act(ctx, v);
	spin_unlock_irqrestore(&ctx->lock, flags);
	return done;
}

/*
 * Wait until @ready(@ctx, @v) and then @act(@ctx, &@v) under the lock;
 * 0, -EAGAIN (O_NONBLOCK) or -ERESTARTSYS.
 */
static long eventfd_wait(struct file *f, u64 *v,
			 bool (*ready)(struct eventfd_ctx *, u64),
			 void (*act)(struct eventfd_ctx *, u64 *))
{
	struct eventfd_ctx *ctx = f->private_data;
	long ret;

	if (f->f_flags & O_NONBLOCK)
		ret = eventfd_try(ctx, v, ready, act) ? 0 : -EAGAIN;
	else
		ret = wait_event_interruptible(ctx->wqh,
					       eventfd_try(ctx, v, ready, act));
	if (!ret)
		wake_up(&ctx->wqh);	/* the other side may go on now */
	return ret;
}

static bool can_read(struct eventfd_ctx *ctx, u64 v)
{
	return ctx->count > 0;
}

static void do_read(struct eventfd_ctx *ctx, u64 *v)
{
	*v = ctx->semaphore ? 1 : ctx->count;
	ctx->count -= *v;
}

static bool can_write(struct eventfd_ctx *ctx, u64 v)
{
	return EVENTFD_MAX - ctx->count >= v;
}

static void do_write(struct eventfd_ctx *ctx, u64 *v)
{
	ctx->count += *v;
}

static long eventfd_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	u64 v = 0;
	long ret;

	if (to->count < sizeof(v))
		return -EINVAL;
	ret = eventfd_wait(f, &v, can_read, do_read);
	if (ret)
		return ret;
	return copy_to_iter(&v, sizeof(v), to) == sizeof(v) ? (long)sizeof(v) : -EFAULT;
}

static long eventfd_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	u64 v;
	long ret;

	if (from->count < sizeof(v))
		return -EINVAL;
	if (copy_from_iter(&v, sizeof(v), from) != sizeof(v))
		return -EFAULT;
	if (v == ~0ull)
		return -EINVAL;
	ret = eventfd_wait(f, &v, can_write, do_write);
	return ret ? ret : (long)sizeof(v);
}

/* Readable with a count above 0, writable while 1 more still fits. */
static __poll_t eventfd_poll(struct file *f, struct poll_table *pt)
{
	struct eventfd_ctx *ctx = f->private_data;
	u64 count = READ_ONCE(ctx->count);
	__poll_t mask = 0;

	poll_wait(f, &ctx->wqh, pt);
	if (count > 0)
		mask |= EPOLLIN | EPOLLRDNORM;
	if (count < EVENTFD_MAX)
		mask |= EPOLLOUT | EPOLLWRNORM;
	return mask;
}

/* The last close: nothing waits on the counter any more. */
static int eventfd_release(struct inode *inode, struct file *f)
{
	kfree(f->private_data);
	return 0;
}

static const struct file_operations eventfd_fops = {
	.read = eventfd_read,
	.write = eventfd_write,
	.poll = eventfd_poll,
	.release = eventfd_release,
};

/* eventfd2(2): a new eventfd holding @count; EFD_SEMAPHORE, EFD_CLOEXEC,
 * EFD_NONBLOCK. The descriptor, or -errno. */
long sys_eventfd2(unsigned int count, int flags)
{
	struct eventfd_ctx *ctx;
	int fd;

	if (flags & ~(EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK))
		return -EINVAL;
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	spin_lock_init(&ctx->lock, "eventfd");
	init_waitqueue_head(&ctx->wqh);
	ctx->count = count;
	ctx->semaphore = flags & EFD_SEMAPHORE;
	fd = anon_inode_getfd(&eventfd_fops, ctx, flags);
	if (fd < 0)
		kfree(ctx);
	return fd;
}

long sys_eventfd(unsigned int count)
{
	return sys_eventfd2(count, 0);
}
