/*
 * POSIX message queues' system calls (Linux's ipc/mqueue.c): mq_open,
 * mq_unlink, mq_timedsend, mq_timedreceive and mq_getsetattr.
 * The C library's mq_send() and mq_receive() are the timed calls with no
 * timeout, mq_close() is close(2), mq_getattr()/mq_setattr() are
 * mq_getsetattr. A queue is a file of the mqueue file system (mqueue.c);
 * a descriptor is an open file on it, O_NONBLOCK and its access mode its
 * own.
 *
 * A sender waits while the queue is full, a receiver while it is empty,
 * both on the queue's one wait queue (with pollers): every change bumps
 * info->gen and wakes them all, and each looks again, as System V's
 * msg.c does. A message goes in after every message of its priority or
 * higher, so a receiver always takes the list's head.
 * A message into the empty queue may be due to a process that asked
 * with mq_notify (mq_notify.c).
 */
#include "kernel/ipc/mqueue_internal.h"
#include "kernel/mm/slab.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/time/time_kernel.h"
#include "kernel/uaccess.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

struct mqueue_inode_info *mq_fget(int fd, struct file **fp)
{
	struct file *f = fd < 0 ? NULL : fget((unsigned int)fd);

	if (f && f->f_op != &mqueue_file_operations) {
		fput(f);
		f = NULL;
	}
	*fp = f;
	return f ? f->f_inode->i_private : NULL;
}

/* The queue name at @u_name (no leading '/': the C library took it off)
 * in a kmalloc'ed buffer: ERR_PTR(-ENOENT) for "", -ENAMETOOLONG past
 * NAME_MAX, -EACCES with a '/' (Linux's lookup_one_len()). */
static char *mq_getname(const char __user *u_name, size_t *len)
{
	char *name = getname(u_name, false);

	if (IS_ERR(name))
		return name;
	*len = strlen(name);
	if (*len > NAME_MAX || strchr(name, '/')) {
		putname(name);
		return ERR_PTR(*len > NAME_MAX ? -ENAMETOOLONG : -EACCES);
	}
	return name;
}

/* The queue @name of instance @sb for mq_open: found (checked against
 * @oflag) or made. */
static struct inode *mq_open_inode(struct super_block *sb, const char *name,
				   size_t len, int oflag, umode_t mode,
				   const struct mq_attr *attr)
{
	static const int acc[] = { MAY_READ, MAY_WRITE, MAY_READ | MAY_WRITE };
	struct inode *inode = mq_lookup(sb, name, len);
	int err = 0;

	if (!inode && !(oflag & O_CREAT))
		return ERR_PTR(-ENOENT);
	if (!inode) {
		err = inode_permission(sb->s_root, MAY_WRITE | MAY_EXEC);
		inode = err ? ERR_PTR(err)
			    : mq_create(sb, name, len, mode & ~(umode_t)current_umask(), attr);
		/* Made by another meanwhile: without O_EXCL, open that one. */
		if (inode == ERR_PTR(-EEXIST) && !(oflag & O_EXCL))
			return mq_open_inode(sb, name, len, oflag, mode, attr);
		return inode;
	}
	if ((oflag & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		err = -EEXIST;
	else if ((oflag & O_ACCMODE) == O_ACCMODE)
		err = -EINVAL;
	else
		err = inode_permission(inode, acc[oflag & O_ACCMODE]);
	if (err) {
		iput(inode);
		return ERR_PTR(err);
	}
	return inode;
}

/* A descriptor on the queue @name (its inode's reference taken over). */
static long mq_install(int fd, struct inode *inode, const char *name, size_t len,
		       int oflag)
{
	struct dentry *root = mq_root_dentry();
	struct dentry *d = root ? d_alloc(root, name, len, inode) : NULL;
	struct file *f;

	dput(root);
	if (!d) {
		iput(inode);
		return -ENOMEM;
	}
	f = dentry_open(d, oflag & (O_ACCMODE | O_NONBLOCK));
	dput(d);
	if (IS_ERR(f))
		return PTR_ERR(f);
	fd_install((unsigned int)fd, f);
	return fd;
}

/* mq_open(2): queue @u_name of current's IPC namespace, made with @mode
 * and @u_attr (NULL: the defaults) under O_CREAT; a close-on-exec
 * descriptor. */
long sys_mq_open(const char __user *u_name, int oflag, unsigned int mode,
		 const struct mq_attr __user *u_attr)
{
	struct super_block *sb = mq_get_sb();
	struct mq_attr attr;
	struct inode *inode;
	size_t len;
	char *name;
	long fd;

	if (u_attr && copy_from_user(&attr, u_attr, sizeof(attr)))
		return -EFAULT;
	if (!sb)
		return -ENOMEM;
	name = mq_getname(u_name, &len);
	if (IS_ERR(name))
		return PTR_ERR(name);
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd >= 0) {
		inode = mq_open_inode(sb, name, len, oflag, mode, u_attr ? &attr : NULL);
		if (IS_ERR(inode)) {
			put_unused_fd((unsigned int)fd);
			fd = PTR_ERR(inode);
		} else {
			long ret = mq_install((int)fd, inode, name, len, oflag);

			if (ret < 0)
				put_unused_fd((unsigned int)fd);
			fd = ret;
		}
	}
	putname(name);
	return fd;
}

/* mq_unlink(2): remove queue @u_name's name; its open descriptors keep
 * it. The directory is sticky: only the owner or root (else EPERM, which
 * the C library reports as EACCES). */
long sys_mq_unlink(const char __user *u_name)
{
	struct super_block *sb = mq_get_sb();
	struct inode *inode, *dir;
	size_t len;
	char *name = mq_getname(u_name, &len);
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	inode = sb ? mq_lookup(sb, name, len) : NULL;
	putname(name);
	if (!inode)
		return -ENOENT;
	dir = sb->s_root;
	err = inode_permission(dir, MAY_WRITE | MAY_EXEC) ?: check_sticky(dir, inode);
	if (!err)
		err = mq_remove(inode);
	iput(inode);
	return err;
}

/*
 * Sleep until @info changes, the deadline @dl passes on its clock or a
 * signal comes; called and returns with info->lock held. 0 to look
 * again, -ETIMEDOUT, or -ERESTARTSYS (EINTR for a handler without
 * SA_RESTART).
 */
static int mq_wait(struct mqueue_inode_info *info, const struct wait_deadline *dl)
{
	DEFINE_WAIT(w);
	u64 gen = info->gen, ticks;

	spin_unlock(&info->lock);
	for (;;) {
		prepare_to_wait(&info->wait, &w, TASK_INTERRUPTIBLE);
		if (READ_ONCE(info->gen) != gen || signal_pending(current) ||
		    !(ticks = deadline_ticks(dl)))
			break;
		schedule_timeout(ticks);
	}
	finish_wait(&info->wait, &w);
	spin_lock(&info->lock);
	if (info->gen != gen)
		return 0;
	return signal_pending(current) ? -ERESTARTSYS : -ETIMEDOUT;
}

/* The absolute CLOCK_REALTIME deadline at @u_ts (NULL: none): 0,
 * -EFAULT, -EINVAL. */
static long mq_timeout(const void __user *u_ts, struct wait_deadline *dl)
{
	*dl = (struct wait_deadline){ WAIT_NEVER, false };
	return u_ts ? timeout_to_deadline(u_ts, true, true, dl) : 0;
}

/* Put @m in @info after every message of its priority or higher. */
static void msg_insert(struct mqueue_inode_info *info, struct mq_msg *m)
{
	struct mq_msg *pos;

	list_for_each_entry(pos, &info->messages, list)
		if (pos->prio < m->prio)
			break;
	list_add_tail(&m->list, &pos->list);
	info->attr.mq_curmsgs++;
	info->qsize += m->len;
}

/* Queue @m on @info of @f, waiting until @dl for room. 0 or -errno;
 * on success the queue owns @m. */
static long mq_enqueue(struct mqueue_inode_info *info, struct file *f,
		       struct mq_msg *m, const struct wait_deadline *dl)
{
	struct mq_pending p = { 0 };
	long ret = 0;

	spin_lock(&info->lock);
	while (!ret && info->attr.mq_curmsgs >= info->attr.mq_maxmsg)
		ret = f->f_flags & O_NONBLOCK ? -EAGAIN : mq_wait(info, dl);
	if (!ret) {
		msg_insert(info, m);
		mq_notify_due(info, &p);
		mq_changed(info);
	}
	spin_unlock(&info->lock);
	mq_deliver(&p);
	return ret;
}

/* mq_timedsend(2): @msg_len bytes at @u_msg with priority @msg_prio,
 * waiting for room until the CLOCK_REALTIME time at @u_ts (NULL: for
 * ever) unless O_NONBLOCK. */
long sys_mq_timedsend(int mqdes, const char __user *u_msg, size_t msg_len,
		      unsigned int msg_prio, const void __user *u_ts)
{
	struct mqueue_inode_info *info;
	struct mq_msg *m = NULL;
	struct file *f;
	struct wait_deadline dl;
	long ret;

	if (msg_prio >= MQ_PRIO_MAX)
		return -EINVAL;
	ret = mq_timeout(u_ts, &dl);
	if (ret)
		return ret;
	info = mq_fget(mqdes, &f);
	if (!info)
		return -EBADF;
	if (!(f->f_mode & FMODE_WRITE))
		ret = -EBADF;
	else if (msg_len > (size_t)info->attr.mq_msgsize)
		ret = -EMSGSIZE;
	else if (!(m = kmalloc(sizeof(*m) + msg_len, GFP_KERNEL)))
		ret = -ENOMEM;
	else if (copy_from_user(m->data, u_msg, msg_len))
		ret = -EFAULT;
	if (!ret) {
		m->prio = msg_prio;
		m->len = msg_len;
		ret = mq_enqueue(info, f, m, &dl);
	}
	if (ret)
		kfree(m);
	fput(f);
	return ret;
}

/* Take the head message of @info of @f, waiting until @dl for one:
 * the message (the caller's now) in *@out, or -errno. */
static long mq_dequeue(struct mqueue_inode_info *info, struct file *f,
			 const struct wait_deadline *dl,
		       struct mq_msg **out)
{
	long ret = 0;

	spin_lock(&info->lock);
	while (!ret && !info->attr.mq_curmsgs) {
		if (f->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		info->receivers++;
		ret = mq_wait(info, dl);
		info->receivers--;
	}
	if (!ret) {
		*out = list_first_entry(&info->messages, struct mq_msg, list);
		list_del(&(*out)->list);
		info->attr.mq_curmsgs--;
		info->qsize -= (*out)->len;
		mq_changed(info);
	}
	spin_unlock(&info->lock);
	return ret;
}

/* mq_timedreceive(2): the oldest message of the highest priority into
 * @u_msg (@msg_len at least the queue's mq_msgsize: else EMSGSIZE), its
 * priority at @u_prio (may be NULL); its length. Waits as mq_timedsend. */
long sys_mq_timedreceive(int mqdes, char __user *u_msg, size_t msg_len,
			 unsigned int __user *u_prio, const void __user *u_ts)
{
	struct mqueue_inode_info *info;
	struct mq_msg *m;
	struct file *f;
	struct wait_deadline dl;
	long ret = mq_timeout(u_ts, &dl);

	if (ret)
		return ret;
	info = mq_fget(mqdes, &f);
	if (!info)
		return -EBADF;
	if (!(f->f_mode & FMODE_READ))
		ret = -EBADF;
	else if (msg_len < (size_t)info->attr.mq_msgsize)
		ret = -EMSGSIZE;
	else
		ret = mq_dequeue(info, f, &dl, &m);
	fput(f);
	if (ret)
		return ret;
	ret = (long)m->len;		/* a fault loses the message, as on Linux */
	if ((u_prio && put_user_u32(m->prio, (u32 __user *)u_prio)) ||
	    copy_to_user(u_msg, m->data, m->len))
		ret = -EFAULT;
	kfree(m);
	return ret;
}

/* mq_getsetattr(2): the queue's attributes and the descriptor's
 * O_NONBLOCK into @u_old; O_NONBLOCK from @u_new (no other flag: EINVAL). */
long sys_mq_getsetattr(int mqdes, const struct mq_attr __user *u_new,
		       struct mq_attr __user *u_old)
{
	struct mqueue_inode_info *info;
	struct mq_attr new, old;
	struct file *f;

	if (u_new && copy_from_user(&new, u_new, sizeof(new)))
		return -EFAULT;
	if (u_new && (new.mq_flags & ~(long)O_NONBLOCK))
		return -EINVAL;
	info = mq_fget(mqdes, &f);
	if (!info)
		return -EBADF;
	spin_lock(&info->lock);
	old = info->attr;
	old.mq_flags = f->f_flags & O_NONBLOCK;
	if (u_new)
		f->f_flags = (f->f_flags & ~(unsigned int)O_NONBLOCK) |
			     (unsigned int)(new.mq_flags & O_NONBLOCK);
	spin_unlock(&info->lock);
	fput(f);
	return u_old && copy_to_user(u_old, &old, sizeof(old)) ? -EFAULT : 0;
}
