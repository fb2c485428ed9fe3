/*
 * signalfd (Linux's fs/signalfd.c): take signals by reading a descriptor
 * instead of running handlers. The descriptor holds a signal mask; a
 * read takes pending signals of that mask from the reader (its own and
 * its process's, like rt_sigtimedwait) and returns one 128-byte struct
 * signalfd_siginfo for each, as many as fit; it blocks while none is
 * pending (EAGAIN with SFD_NONBLOCK). The program blocks the signals
 * too, or they are delivered the usual way first.
 *
 * A blocked signal does not wake its target, so every send also wakes
 * signalfd_wait (signalfd_notify(), called by kernel/signal.c), the one
 * queue on which all signalfd readers and pollers wait; each re-checks
 * its own pending set. Simpler than Linux's queue per handler table,
 * at the price of waking readers that find nothing for them.
 */
#include "kernel/fs/anon_inodes.h"
#include "kernel/fs/syscalls.h"
#include "kernel/mm/slab.h"
#include "kernel/signal.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define SFD_CLOEXEC O_CLOEXEC
#define SFD_NONBLOCK O_NONBLOCK

/* What a read returns per signal (Linux's struct signalfd_siginfo). */
struct signalfd_siginfo {
	u32 ssi_signo;
	s32 ssi_errno, ssi_code;
	u32 ssi_pid, ssi_uid;
	s32 ssi_fd;
	u32 ssi_tid, ssi_band, ssi_overrun, ssi_trapno;
	s32 ssi_status, ssi_int;
	u64 ssi_ptr, ssi_utime, ssi_stime, ssi_addr;
	u16 ssi_addr_lsb;
	u8 __pad[46];
};
_Static_assert(sizeof(struct signalfd_siginfo) == 128, "Linux's layout");

struct signalfd_ctx {
	u64 sigmask;			/* the signals this descriptor takes */
};

static DECLARE_WAIT_QUEUE_HEAD(signalfd_wait);
static const struct file_operations signalfd_fops;

void signalfd_notify(void)
{
	wake_up(&signalfd_wait);
}

/* Is a signal of @mask pending for current? */
static bool pending_in(u64 mask)
{
	struct task_struct *t = current;

	return (READ_ONCE(t->pending.sig) |
		READ_ONCE(t->signal->shared_pending.sig)) & mask;
}

/* Take one signal of @mask into @u; false if none is pending. */
static bool take_one(u64 mask, struct signalfd_siginfo *u)
{
	struct ksiginfo info;
	int sig = dequeue_signal(mask, &info);

	if (!sig)
		return false;
	memset(u, 0, sizeof(*u));
	u->ssi_signo = (u32)sig;
	u->ssi_code = info.si_code;
	if (info.sigpoll) {
		u->ssi_fd = info.si_fd;
		u->ssi_band = (u32)info.si_band;
		return true;
	}
	u->ssi_pid = (u32)info.si_pid;
	u->ssi_uid = info.si_uid;
	u->ssi_int = (s32)info.si_value;
	u->ssi_ptr = info.si_value;
	return true;
}

static long signalfd_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct signalfd_ctx *ctx = f->private_data;
	u64 mask = READ_ONCE(ctx->sigmask);
	struct signalfd_siginfo u;
	long done = 0, ret;

	if (to->count < sizeof(u))
		return -EINVAL;
	while (to->count >= sizeof(u)) {
		if (!take_one(mask, &u)) {
			if (done)
				break;
			if (f->f_flags & O_NONBLOCK)
				return -EAGAIN;
			ret = wait_event_interruptible(signalfd_wait, pending_in(mask));
			if (ret)
				return ret;
			continue;
		}
		if (copy_to_iter(&u, sizeof(u), to) != sizeof(u))
			return done ? done : -EFAULT;
		done += (long)sizeof(u);
	}
	return done;
}

static __poll_t signalfd_poll(struct file *f, struct poll_table *pt)
{
	struct signalfd_ctx *ctx = f->private_data;

	poll_wait(f, &signalfd_wait, pt);
	return pending_in(READ_ONCE(ctx->sigmask)) ? EPOLLIN | EPOLLRDNORM : 0;
}

static int signalfd_release(struct inode *inode, struct file *f)
{
	kfree(f->private_data);
	return 0;
}

static const struct file_operations signalfd_fops = {
	.read = signalfd_read,
	.poll = signalfd_poll,
	.release = signalfd_release,
};

/* Change the mask of the signalfd at @fd: 0, -EBADF, or -EINVAL when it
 * is not a signalfd. */
static long signalfd_update(int fd, u64 mask)
{
	struct file *f = fget((unsigned int)fd);
	long ret = 0;

	if (!f)
		return -EBADF;
	if (f->f_op == &signalfd_fops)
		WRITE_ONCE(((struct signalfd_ctx *)f->private_data)->sigmask, mask);
	else
		ret = -EINVAL;
	fput(f);
	if (!ret)
		signalfd_notify();	/* readers re-check with the new mask */
	return ret ? ret : fd;
}

/* signalfd4(2): a new signalfd for @umask (@ufd -1), or a new mask for
 * signalfd @ufd; SFD_CLOEXEC, SFD_NONBLOCK. The descriptor or -errno. */
long sys_signalfd4(int ufd, const sigset_t __user *umask, size_t sizemask,
		   int flags)
{
	struct signalfd_ctx *ctx;
	sigset_t m;
	long err = copy_sigset_from_user(&m, umask, sizemask);
	int fd;

	if (err)
		return err;
	if (flags & ~(SFD_CLOEXEC | SFD_NONBLOCK))
		return -EINVAL;
	if (ufd != -1)
		return ufd < 0 ? -EBADF : signalfd_update(ufd, m.sig);
	ctx = kmalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->sigmask = m.sig;
	fd = anon_inode_getfd(&signalfd_fops, ctx, flags);
	if (fd < 0)
		kfree(ctx);
	return fd;
}

/* signalfd(2): signalfd4 with no flags. */
long sys_signalfd(int ufd, const sigset_t __user *umask, size_t sizemask)
{
	return sys_signalfd4(ufd, umask, sizemask, 0);
}
