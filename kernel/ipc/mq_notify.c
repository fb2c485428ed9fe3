/*
 * mq_notify(2) (Linux's ipc/mqueue.c): one process per queue may ask to
 * be told when a message arrives in the empty queue and no receiver is
 * waiting for it (mq_syscalls.c calls mq_notify_due()), by a signal
 * (SIGEV_SIGNAL: si_code SI_MESGQ, the sender's pid and uid) or not at
 * all (SIGEV_NONE); the registration goes with that one notification,
 * or when the process closes a descriptor of the queue.
 *
 * SIGEV_THREAD is the C library's: it hands the kernel a netlink socket
 * (kernel/net/af_netlink.c) and a 32-byte cookie, which the kernel sends
 * there, marked NOTIFY_WOKENUP, or NOTIFY_REMOVED when the registration
 * goes unused; the library's own thread reads it and starts the caller's
 * function.
 *
 * What is due is taken under the queue's lock (struct mq_pending) and
 * delivered after it is dropped: a signal takes tasklist_lock, a socket
 * its own lock.
 */
#include "kernel/ipc/mqueue_internal.h"
#include "kernel/net/net.h"
#include "kernel/pid.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/tasklist.h"
#include "kernel/uaccess.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

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

void mq_deliver(const struct mq_pending *p)
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

void mq_notify_due(struct mqueue_inode_info *info, struct mq_pending *p)
{
	if (info->notify_owner && info->attr.mq_curmsgs == 1 && !info->receivers)
		mq_take_notification(info, NOTIFY_WOKENUP, p);
}

/* Register @ev for current's process on @info, with SIGEV_THREAD's
 * socket @sk and @cookie (taken over on success). 0 or -EBUSY. */
static long mq_register(struct mqueue_inode_info *info, const struct sigevent *ev,
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
static struct sock *mq_thread_socket(const struct sigevent *ev, char *cookie)
{
	if (copy_from_user(cookie, (const void __user *)ev->sigev_value,
			   NOTIFY_COOKIE_LEN))
		return ERR_PTR(-EFAULT);
	return netlink_getsockbyfd(ev->sigev_signo);
}

/* mq_notify(2): ask for (@u_ev) or give up (NULL) the notification of a
 * message arriving in queue @mqdes while it is empty. */
long sys_mq_notify(int mqdes, const struct sigevent __user *u_ev)
{
	char cookie[NOTIFY_COOKIE_LEN];
	struct mqueue_inode_info *info;
	struct sock *sk = NULL;
	struct sigevent ev;
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
