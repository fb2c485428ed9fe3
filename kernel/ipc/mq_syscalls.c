/*
 * POSIX message queues' system calls (Linux's ipc/mqueue.c): mq_open,
 * mq_unlink, mq_timedsend, mq_timedreceive, mq_notify and mq_getsetattr.
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
 *
 * mq_notify: one process per queue may ask to be told (a signal, or
 * nothing: SIGEV_NONE) when a message arrives in the empty queue and no
 * receiver is waiting for it; the registration goes with that one
 * notification. SIGEV_THREAD is the C library's: it hands the kernel a
 * netlink socket (kernel/net/af_netlink.c) and a 32-byte cookie, which
 * the kernel sends there, marked NOTIFY_WOKENUP, or NOTIFY_REMOVED when
 * the registration goes unused; the library's own thread reads it and
 * starts the caller's function.
 */
#include "kernel/ipc/mqueue_internal.h"
#include "kernel/mm/slab.h"
#include "kernel/net/net.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/tasklist.h"
#include "kernel/pid.h"
#include "kernel/time/time_kernel.h"
#include "kernel/uaccess.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

/* The queue behind descriptor @fd, with the file referenced in *@fp;
 * NULL (EBADF) for any other file. */
static struct mqueue_inode_info *mq_fget(int fd, struct file **fp)
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

/* The queue @name for mq_open: found (checked against @oflag) or made. */
static struct inode *mq_open_inode(const char *name, size_t len, int oflag,
				   umode_t mode, const struct mq_attr *attr)
{
	static const int acc[] = { MAY_READ, MAY_WRITE, MAY_READ | MAY_WRITE };
	struct inode *inode = mq_lookup(name, len), *dir;
	int err = 0;

	if (!inode && !(oflag & O_CREAT))
		return ERR_PTR(-ENOENT);
	if (!inode) {
		dir = mq_get_sb()->s_root;
		err = inode_permission(dir, MAY_WRITE | MAY_EXEC);
		inode = err ? ERR_PTR(err)
			    : mq_create(name, len, mode & ~(umode_t)current_umask(), attr);
		/* Made by another meanwhile: without O_EXCL, open that one. */
		if (inode == ERR_PTR(-EEXIST) && !(oflag & O_EXCL))
			return mq_open_inode(name, len, oflag, mode, attr);
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

/* mq_open(2): queue @u_name, made with @mode and @u_attr (NULL: the
 * defaults) under O_CREAT; a close-on-exec descriptor. */
long sys_mq_open(const char __user *u_name, int oflag, unsigned int mode,
		 const struct mq_attr __user *u_attr)
{
	struct mq_attr attr;
	struct inode *inode;
	size_t len;
	char *name;
	long fd;

	if (u_attr && copy_from_user(&attr, u_attr, sizeof(attr)))
		return -EFAULT;
	if (!mq_get_sb())
		return -ENOMEM;
	name = mq_getname(u_name, &len);
	if (IS_ERR(name))
		return PTR_ERR(name);
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd >= 0) {
		inode = mq_open_inode(name, len, oflag, mode, u_attr ? &attr : NULL);
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
	struct inode *inode, *dir;
	size_t len;
	char *name = mq_getname(u_name, &len);
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	inode = mq_lookup(name, len);
	putname(name);
	if (!inode)
		return -ENOENT;
	dir = mq_get_sb()->s_root;	/* made by the queue's mq_open */
	err = inode_permission(dir, MAY_WRITE | MAY_EXEC) ?: check_sticky(dir, inode);
	if (!err)
		err = mq_remove(inode);
	iput(inode);
	return err;
}

/*
 * Sleep until @info changes, *@ticks run out or a signal comes; called
 * and returns with info->lock held. 0 to look again, -ETIMEDOUT, or
 * -ERESTARTSYS (EINTR for a handler without SA_RESTART).
 */
static int mq_wait(struct mqueue_inode_info *info, u64 *ticks)
{
	struct wait_queue_entry w = { current, LIST_HEAD_INIT(w.entry) };
	u64 gen = info->gen;

	spin_unlock(&info->lock);
	for (;;) {
		prepare_to_wait(&info->wait, &w, TASK_INTERRUPTIBLE);
		if (READ_ONCE(info->gen) != gen || signal_pending(current) || !*ticks)
			break;
		*ticks = schedule_timeout(*ticks);
	}
	finish_wait(&info->wait, &w);
	spin_lock(&info->lock);
	if (info->gen != gen)
		return 0;
	return signal_pending(current) ? -ERESTARTSYS : -ETIMEDOUT;
}

/* The timeout at @u_ts (NULL: none) in ticks: 0, -EFAULT, -EINVAL. */
static long mq_timeout(const void __user *u_ts, u64 *ticks)
{
	*ticks = MAX_SCHEDULE_TIMEOUT;
	return u_ts ? timeout_to_ticks(u_ts, true, true, ticks) : 0;
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

/* A notification taken from a queue under its lock, delivered after
 * the lock is dropped. */
struct mq_pending {
	pid_t owner;			/* 0: nothing to deliver */
	struct mq_sigevent ev;
	struct sock *sk;		/* SIGEV_THREAD's socket, referenced */
	char cookie[NOTIFY_COOKIE_LEN];	/* its last byte: @why */
};

/* End @info's registration into *@p, as @why (NOTIFY_WOKENUP or
 * NOTIFY_REMOVED). info->lock held. */
static void mq_take_notification(struct mqueue_inode_info *info, int why,
				 struct mq_pending *p)
{
	p->owner = info->notify_owner;
	p->ev = info->notify;
	p->sk = info->notify_sock;
	memcpy(p->cookie, info->notify_cookie, NOTIFY_COOKIE_LEN);
	p->cookie[NOTIFY_COOKIE_LEN - 1] = (char)why;
	info->notify_owner = 0;
	info->notify_sock = NULL;
}

/* The signal of a notification to process @p->owner, from current,
 * whatever the permissions (the owner asked for it). */
static void mq_send_signal(const struct mq_pending *p)
{
	struct ksiginfo info = { .from_sender = true, .si_code = SI_MESGQ,
				 .si_pid = current->tgid,
				 .si_uid = current->cred->uid.val,
				 .si_value = p->ev.sigev_value };
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *t = find_task_by_pid(p->owner);

	if (t && t->tgid == p->owner)
		send_sig_info(p->ev.sigev_signo, &info, t, true);
	spin_unlock_irqrestore(&tasklist_lock, irq);
}

/* Deliver what mq_take_notification() took: a SIGEV_THREAD socket gets
 * its cookie either way, a SIGEV_SIGNAL owner its signal only when a
 * message came. */
static void mq_deliver(const struct mq_pending *p)
{
	if (p->sk) {
		netlink_sendskb(p->sk, p->cookie, NOTIFY_COOKIE_LEN);
		sock_put(p->sk);
	} else if (p->owner && p->cookie[NOTIFY_COOKIE_LEN - 1] == NOTIFY_WOKENUP &&
		   p->ev.sigev_notify == SIGEV_SIGNAL && p->ev.sigev_signo) {
		mq_send_signal(p);
	}
}

void mq_notify_drop(struct mqueue_inode_info *info, bool any)
{
	struct mq_pending p = { 0 };

	spin_lock(&info->lock);
	if (info->notify_owner && (any || info->notify_owner == current->tgid))
		mq_take_notification(info, NOTIFY_REMOVED, &p);
	spin_unlock(&info->lock);
	mq_deliver(&p);
}

/* A message arrived in @info: a registered notification is due when the
 * queue was empty and no receiver takes the message (into *@p).
 * info->lock held. */
static void mq_notify_due(struct mqueue_inode_info *info, struct mq_pending *p)
{
	if (info->notify_owner && info->attr.mq_curmsgs == 1 && !info->receivers)
		mq_take_notification(info, NOTIFY_WOKENUP, p);
}

/* Queue @m on @info of @f, waiting up to @ticks for room. 0 or -errno;
 * on success the queue owns @m. */
static long mq_enqueue(struct mqueue_inode_info *info, struct file *f,
		       struct mq_msg *m, u64 ticks)
{
	struct mq_pending p = { 0 };
	long ret = 0;

	spin_lock(&info->lock);
	while (!ret && info->attr.mq_curmsgs >= info->attr.mq_maxmsg)
		ret = f->f_flags & O_NONBLOCK ? -EAGAIN : mq_wait(info, &ticks);
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
	u64 ticks;
	long ret;

	if (msg_prio >= MQ_PRIO_MAX)
		return -EINVAL;
	ret = mq_timeout(u_ts, &ticks);
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
		ret = mq_enqueue(info, f, m, ticks);
	}
	if (ret)
		kfree(m);
	fput(f);
	return ret;
}

/* Take the head message of @info of @f, waiting up to @ticks for one:
 * the message (the caller's now) in *@out, or -errno. */
static long mq_dequeue(struct mqueue_inode_info *info, struct file *f, u64 ticks,
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
		ret = mq_wait(info, &ticks);
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
	u64 ticks;
	long ret = mq_timeout(u_ts, &ticks);

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
		ret = mq_dequeue(info, f, ticks, &m);
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

/* Register @ev for current's process on @info, with SIGEV_THREAD's
 * socket @sk and @cookie (taken over on success). 0 or -EBUSY. */
static long mq_register(struct mqueue_inode_info *info, const struct mq_sigevent *ev,
			struct sock *sk, const char *cookie)
{
	long ret = 0;

	spin_lock(&info->lock);
	if (info->notify_owner) {
		ret = -EBUSY;
	} else {
		info->notify = *ev;
		info->notify_owner = current->tgid;
		info->notify_sock = sk;
		if (sk)
			memcpy(info->notify_cookie, cookie, NOTIFY_COOKIE_LEN);
	}
	spin_unlock(&info->lock);
	return ret;
}

/* SIGEV_THREAD (the C library's mq_notify() makes it of a thread's
 * function): the 32-byte cookie at the user's sigev_value, and the
 * netlink socket sigev_signo names, referenced; or an ERR_PTR. */
static struct sock *mq_thread_socket(const struct mq_sigevent *ev, char *cookie)
{
	if (copy_from_user(cookie, (const void __user *)ev->sigev_value,
			   NOTIFY_COOKIE_LEN))
		return ERR_PTR(-EFAULT);
	return netlink_getsockbyfd(ev->sigev_signo);
}

/* mq_notify(2): ask for (@u_ev) or give up (NULL) the notification of a
 * message arriving in queue @mqdes while it is empty. */
long sys_mq_notify(int mqdes, const struct mq_sigevent __user *u_ev)
{
	char cookie[NOTIFY_COOKIE_LEN];
	struct mqueue_inode_info *info;
	struct sock *sk = NULL;
	struct mq_sigevent ev;
	struct file *f;
	long ret = 0;

	if (u_ev) {
		if (copy_from_user(&ev, u_ev, sizeof(ev)))
			return -EFAULT;
		if (ev.sigev_notify != SIGEV_NONE && ev.sigev_notify != SIGEV_SIGNAL &&
		    ev.sigev_notify != SIGEV_THREAD)
			return -EINVAL;
		if (ev.sigev_notify == SIGEV_SIGNAL &&
		    (ev.sigev_signo < 0 || ev.sigev_signo > _NSIG))
			return -EINVAL;
		if (ev.sigev_notify == SIGEV_THREAD)
			sk = mq_thread_socket(&ev, cookie);
		if (IS_ERR(sk))
			return PTR_ERR(sk);
	}
	info = mq_fget(mqdes, &f);
	if (!info)
		ret = -EBADF;
	else if (u_ev)
		ret = mq_register(info, &ev, sk, cookie);
	else
		mq_notify_drop(info, false);
	if (info)
		fput(f);
	if (ret && sk)
		sock_put(sk);
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
