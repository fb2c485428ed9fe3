/*
 * timerfd (Linux's fs/timerfd.c): a timer read through a descriptor.
 * timerfd_settime() arms it (relative, or TFD_TIMER_ABSTIME: a time on
 * its clock) with an optional interval; read() blocks until it has
 * expired and returns the number of expirations since the last read as
 * 8 bytes; poll() says EPOLLIN once there is one.
 *
 * The deadline is kept in nanoseconds on the timer's clock (CLOCK_REALTIME
 * or CLOCK_MONOTONIC; CLOCK_BOOTTIME is the monotonic one here, Taskbase
 * never suspends). A kernel timer (kernel/time/timer.h) wakes us on the
 * first tick at or after it; timerfd_fire() then counts the expirations
 * the clock says have passed (more than one for an interval shorter
 * than the delay) and re-arms for the next.
 */
#include "kernel/fs/anon_inodes.h"
#include "kernel/fs/syscalls.h"
#include "kernel/mm/slab.h"
#include "kernel/signal.h"
#include "kernel/time/clockid.h"
#include "kernel/time/namespace.h"
#include "kernel/time/time_kernel.h"
#include "kernel/time/timer.h"
#include "lib/err.h"
#include "lib/errno.h"

#define TFD_CLOEXEC O_CLOEXEC
#define TFD_NONBLOCK O_NONBLOCK
#define TFD_TIMER_ABSTIME 1
#define TFD_TIMER_CANCEL_ON_SET 2
#define NS_PER_TICK (NSEC_PER_SEC / HZ)

struct itimerspec {
	struct timespec it_interval, it_value;
};

struct timerfd_ctx {
	spinlock_t lock;		/* everything below; timer softirq too */
	int clockid;			/* CLOCK_REALTIME or CLOCK_MONOTONIC */
	int uclock;			/* as created: BOOTTIME's offset in a
					 * time namespace is its own */
	u64 expires;			/* ns on the clock; 0: disarmed */
	u64 interval;			/* ns; 0: fires once */
	u64 ticks;			/* expirations not yet read */
	struct timer_list timer;
	struct wait_queue_head wqh;	/* readers and pollers */
};

static const struct file_operations timerfd_fops;

static u64 timerfd_now(const struct timerfd_ctx *ctx)
{
	return ctx->clockid == CLOCK_REALTIME ? ktime_get_real_ns() : ktime_get_ns();
}

/* Lock held: let the kernel timer wake us at ctx->expires. */
static void timerfd_arm(struct timerfd_ctx *ctx, u64 now)
{
	u64 delta = ctx->expires > now ? ctx->expires - now : 0;

	mod_timer(&ctx->timer, jiffies + delta / NS_PER_TICK + 1);
}

/* Lock held: count what has expired by @now, re-arm or disarm. */
static void timerfd_update(struct timerfd_ctx *ctx, u64 now)
{
	u64 n;

	if (!ctx->expires || now < ctx->expires)
		return;
	n = ctx->interval ? 1 + (now - ctx->expires) / ctx->interval : 1;
	ctx->ticks += n;
	ctx->expires = ctx->interval ? ctx->expires + n * ctx->interval : 0;
}

/* The kernel timer's function (softirq): expirations, then a wake-up. */
static void timerfd_fire(void *data)
{
	struct timerfd_ctx *ctx = data;
	unsigned long flags = spin_lock_irqsave(&ctx->lock);
	u64 now = timerfd_now(ctx);

	timerfd_update(ctx, now);
	if (ctx->expires)
		timerfd_arm(ctx, now);
	spin_unlock_irqrestore(&ctx->lock, flags);
	if (READ_ONCE(ctx->ticks))
		wake_up(&ctx->wqh);
}

/* Take the expirations, 0 if none yet. */
static u64 timerfd_take(struct timerfd_ctx *ctx)
{
	unsigned long flags = spin_lock_irqsave(&ctx->lock);
	u64 ticks;

	timerfd_update(ctx, timerfd_now(ctx));
	ticks = ctx->ticks;
	ctx->ticks = 0;
	spin_unlock_irqrestore(&ctx->lock, flags);
	return ticks;
}

static long timerfd_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct timerfd_ctx *ctx = f->private_data;
	u64 ticks;
	long ret;

	if (to->count < sizeof(ticks))
		return -EINVAL;
	ticks = timerfd_take(ctx);
	if (!ticks && (f->f_flags & O_NONBLOCK))
		return -EAGAIN;
	if (!ticks) {
		ret = wait_event_interruptible(ctx->wqh, (ticks = timerfd_take(ctx)));
		if (ret)
			return ret;
	}
	return copy_to_iter(&ticks, sizeof(ticks), to) == sizeof(ticks) ?
	       (long)sizeof(ticks) : -EFAULT;
}

static __poll_t timerfd_poll(struct file *f, struct poll_table *pt)
{
	struct timerfd_ctx *ctx = f->private_data;
	unsigned long flags;
	bool ready;

	poll_wait(f, &ctx->wqh, pt);
	flags = spin_lock_irqsave(&ctx->lock);
	timerfd_update(ctx, timerfd_now(ctx));
	ready = ctx->ticks != 0;
	spin_unlock_irqrestore(&ctx->lock, flags);
	return ready ? EPOLLIN | EPOLLRDNORM : 0;
}

static int timerfd_release(struct inode *inode, struct file *f)
{
	struct timerfd_ctx *ctx = f->private_data;

	del_timer(&ctx->timer);
	kfree(ctx);
	return 0;
}

static const struct file_operations timerfd_fops = {
	.read = timerfd_read,
	.poll = timerfd_poll,
	.release = timerfd_release,
};

/* timerfd_create(2): a disarmed timer on @clockid; TFD_CLOEXEC,
 * TFD_NONBLOCK. The descriptor, or EINVAL for another clock or flag. */
long sys_timerfd_create(int clockid, int flags)
{
	struct timerfd_ctx *ctx;
	int fd;

	if (flags & ~(TFD_CLOEXEC | TFD_NONBLOCK))
		return -EINVAL;
	if (clockid != CLOCK_REALTIME && clockid != CLOCK_MONOTONIC &&
	    clockid != CLOCK_BOOTTIME)
		return -EINVAL;
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	spin_lock_init(&ctx->lock, "timerfd");
	init_waitqueue_head(&ctx->wqh);
	timer_setup(&ctx->timer, timerfd_fire, ctx);
	ctx->clockid = clockid == CLOCK_REALTIME ? CLOCK_REALTIME : CLOCK_MONOTONIC;
	ctx->uclock = clockid;
	fd = anon_inode_getfd(&timerfd_fops, ctx, flags);
	if (fd < 0)
		kfree(ctx);
	return fd;
}

/* The timerfd at @fd, referenced; ERR_PTR(-EBADF) or (not a timerfd)
 * ERR_PTR(-EINVAL). */
static struct file *timerfd_fget(int fd)
{
	struct file *f = fd < 0 ? NULL : fget((unsigned int)fd);

	if (!f)
		return ERR_PTR(-EBADF);
	if (f->f_op != &timerfd_fops) {
		fput(f);
		return ERR_PTR(-EINVAL);
	}
	return f;
}

static u64 ts_ns(const struct timespec *ts)
{
	return (u64)ts->tv_sec * NSEC_PER_SEC + (u64)ts->tv_nsec;
}

static struct timespec ns_ts(u64 ns)
{
	return (struct timespec){ (s64)(ns / NSEC_PER_SEC), (s64)(ns % NSEC_PER_SEC) };
}

static bool ts_valid(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < (s64)NSEC_PER_SEC;
}

/* Lock held: the current setting, as timerfd_gettime() reports it. */
static struct itimerspec timerfd_current(struct timerfd_ctx *ctx)
{
	u64 now = timerfd_now(ctx);

	timerfd_update(ctx, now);
	return (struct itimerspec){ ns_ts(ctx->interval),
		ns_ts(ctx->expires ? ctx->expires - MIN(ctx->expires, now) : 0) };
}

/* Lock held: arm with @v (it_value 0: disarm); @abs: it_value is a time
 * on the clock as current's time namespace shows it. */
static void timerfd_set(struct timerfd_ctx *ctx, const struct itimerspec *v,
			bool abs)
{
	u64 now = timerfd_now(ctx), value = ts_ns(&v->it_value);
	s64 off = abs ? timens_offset(ctx->uclock) : 0;

	if (value && off)	/* to the kernel's clock; past is now */
		value = (s64)value - off > 0 ? (u64)((s64)value - off) : 1;

	ctx->ticks = 0;
	ctx->interval = ts_ns(&v->it_interval);
	ctx->expires = !value ? 0 : abs ? MAX(value, 1) : now + value;
	if (ctx->expires)
		timerfd_arm(ctx, now);
}

/* timerfd_settime(2): arm or disarm @fd with @unew; the old setting to
 * @uold (may be NULL). */
long sys_timerfd_settime(int fd, int flags, const struct itimerspec __user *unew,
			 struct itimerspec __user *uold)
{
	struct itimerspec new, old;
	struct timerfd_ctx *ctx;
	unsigned long irq;
	struct file *f;

	if (copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	if ((flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) ||
	    !ts_valid(&new.it_value) || !ts_valid(&new.it_interval))
		return -EINVAL;
	f = timerfd_fget(fd);
	if (IS_ERR(f))
		return PTR_ERR(f);
	ctx = f->private_data;
	/* Off the timer first: its function must not run while we re-arm. */
	del_timer(&ctx->timer);
	irq = spin_lock_irqsave(&ctx->lock);
	old = timerfd_current(ctx);
	timerfd_set(ctx, &new, flags & TFD_TIMER_ABSTIME);
	spin_unlock_irqrestore(&ctx->lock, irq);
	fput(f);
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* timerfd_gettime(2): time to the next expiration, and the interval. */
long sys_timerfd_gettime(int fd, struct itimerspec __user *ucur)
{
	struct itimerspec cur;
	struct timerfd_ctx *ctx;
	unsigned long irq;
	struct file *f = timerfd_fget(fd);

	if (IS_ERR(f))
		return PTR_ERR(f);
	ctx = f->private_data;
	irq = spin_lock_irqsave(&ctx->lock);
	cur = timerfd_current(ctx);
	spin_unlock_irqrestore(&ctx->lock, irq);
	fput(f);
	return copy_to_user(ucur, &cur, sizeof(cur)) ? -EFAULT : 0;
}
