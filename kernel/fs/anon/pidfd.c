/*
 * Process file descriptors (Linux's pidfds: the fops in kernel/fork.c,
 * pidfd_open(2) and pidfd_getfd(2) in kernel/pid.c). A pidfd names one
 * process for good: unlike its number, which a reaped process gives back
 * for reuse, the descriptor keeps meaning that process, so signals
 * (pidfd_send_signal, kernel/sigqueue.c), waits (waitid P_PIDFD,
 * kernel/wait.c) and pidfd_getfd reach it or answer ESRCH/ECHILD, never
 * a newcomer with the same pid.
 *
 * A pidfd pins its process's struct pid (kernel/pid.h), as Linux's does:
 * a few dozen bytes that outlive the task, not the task's whole stack
 * block; pid->task is NULL once the process has been reaped, and then
 * every call on the pidfd answers ESRCH (ECHILD for waitid). It is
 * readable (poll, epoll)
 * once the whole process has exited: do_notify_pidfd() wakes the queue
 * in its struct pid, so an exit wakes only that process's pollers.
 * /proc/<pid>/fd shows it as "anon_inode:[pidfd]".
 */
#include "kernel/fs/anon_inodes.h"
#include "kernel/fs/proc/proc_fs.h"
#include "kernel/fs/syscalls.h"
#include "kernel/cred.h"
#include "kernel/fork.h"
#include "kernel/pid.h"
#include "kernel/ns/pid_namespace.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/pidfd.h"
#include "kernel/tasklist.h"
#include "kernel/locking/lockdep.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"

void do_notify_pidfd(struct task_struct *p)
{
	lockdep_assert_held(&tasklist_lock);
	BUG_ON(!p->thread_pid);
	wake_up(&p->thread_pid->wait_pidfd);
}

bool pidfd_task_reaped(struct task_struct *p)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	bool reaped = !pid_alive(p);

	spin_unlock_irqrestore(&tasklist_lock, flags);
	return reaped;
}

/* Readable once the process has exited, every thread of it (or has
 * been reaped: no task any more). */
static __poll_t pidfd_poll(struct file *f, struct poll_table *pt)
{
	struct pid *pid = f->private_data;
	struct task_struct *p;
	unsigned long flags;
	bool dead;

	poll_wait(f, &pid->wait_pidfd, pt);
	flags = spin_lock_irqsave(&tasklist_lock);
	p = pid->task;
	dead = !p || (p->exit_state && thread_group_empty(p));
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return dead ? EPOLLIN | EPOLLRDNORM : 0;
}

/* The last close lets the struct pid go. */
static int pidfd_release(struct inode *inode, struct file *f)
{
	if (f->private_data)		/* NULL: a clone that failed */
		put_pid(f->private_data);
	return 0;
}

/* /proc/<pid>/fdinfo: "Pid:", the number the reader's pid namespace
 * knows the process by (0: outside it, -1: reaped), as Linux 6.1. */
static void pidfd_show_fdinfo(struct seq_buf *m, struct file *f)
{
	struct pid *pid = f->private_data;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	pid_t nr = pid->task ? pid_nr_ns(pid, task_active_pid_ns(current)) : -1;

	spin_unlock_irqrestore(&tasklist_lock, flags);
	seq_printf(m, "Pid:\t%d\n", nr);
}

static const struct file_operations pidfd_fops = {
	.poll = pidfd_poll,
	.release = pidfd_release,
	.show_fdinfo = pidfd_show_fdinfo,
};

/* The task pidfd @f names, referenced, or ERR_PTR(-ESRCH) once it has
 * been reaped. */
static struct task_struct *pidfd_file_task(const struct file *f)
{
	struct pid *pid = f->private_data;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *p = pid->task;

	if (p)
		get_task_struct(p);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return p ? p : ERR_PTR(-ESRCH);
}

struct task_struct *pidfd_get_task(int fd, bool proc_dir,
				   unsigned int *f_flags)
{
	struct file *f = fd >= 0 ? fget(fd) : NULL;
	struct task_struct *p = ERR_PTR(-EBADF), *t;

	if (!f)
		return p;
	if (f->f_op == &pidfd_fops) {
		p = pidfd_file_task(f);
	} else if (proc_dir && (t = tgid_pidfd_to_task(f))) {
		p = t;
		get_task_struct(p);
	}
	if (f_flags)
		*f_flags = f->f_flags;
	fput(f);
	return p;
}

struct file *pidfd_prepare(int __user *upidfd, int *fd)
{
	struct file *f;

	*fd = get_unused_fd_flags(O_CLOEXEC);
	if (*fd < 0)
		return ERR_PTR(*fd);
	f = anon_inode_getfile("[pidfd]", &pidfd_fops, NULL, O_CLOEXEC);
	if (!IS_ERR(f) && put_user_u32((u32)*fd, (u32 __user *)upidfd)) {
		fput(f);
		f = ERR_PTR(-EFAULT);
	}
	if (IS_ERR(f))
		put_unused_fd(*fd);
	return f;
}

/* Give prepared pidfd @f at @fd to child @p, or (@p an ERR_PTR) undo. */
void pidfd_install(struct file *f, int fd, struct task_struct *p)
{
	if (IS_ERR(p)) {
		fput(f);
		put_unused_fd(fd);
		return;
	}
	f->private_data = get_pid(p->thread_pid);	/* a new child's */
	fd_install(fd, f);
}

/* pidfd_open(2): a pidfd on process @pid (its leader's id); flags
 * PIDFD_NONBLOCK only. -EINVAL for a thread that leads no process. */
long sys_pidfd_open(pid_t pid, unsigned int flags)
{
	struct pid *spid = NULL;
	struct task_struct *p;
	unsigned long irq;
	long ret;

	if (flags & ~PIDFD_NONBLOCK || pid <= 0)
		return -EINVAL;
	irq = spin_lock_irqsave(&tasklist_lock);
	p = find_task_by_vpid(pid);
	ret = !p ? -ESRCH : p != p->group_leader ? -EINVAL : 0;
	if (!ret)
		spid = get_pid(p->thread_pid);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (ret)
		return ret;
	ret = anon_inode_getfd_name("[pidfd]", &pidfd_fops, spid,
				    O_CLOEXEC | (flags & PIDFD_NONBLOCK));
	if (ret < 0)
		put_pid(spid);
	return ret;
}

/* Another process's open file @fd, if current may ptrace-attach to it
 * (Linux's PTRACE_MODE_ATTACH_REALCREDS). Referenced, or ERR_PTR. */
static struct file *pidfd_fget(struct task_struct *p, int fd)
{
	struct file *f;

	if (pidfd_task_reaped(p))
		return ERR_PTR(-ESRCH);
	if (!ptrace_may_attach(p))
		return ERR_PTR(-EPERM);
	f = fget_task(p, fd);
	return f ? f : ERR_PTR(-EBADF);
}

/* pidfd_getfd(2): a copy, in current's table (O_CLOEXEC), of the file at
 * descriptor @fd of the process @pidfd names. No flags yet. */
long sys_pidfd_getfd(int pidfd, int fd, unsigned int flags)
{
	struct task_struct *p;
	struct file *f;
	int newfd;

	if (flags)
		return -EINVAL;
	p = pidfd_get_task(pidfd, false, NULL);
	if (IS_ERR(p))
		return PTR_ERR(p);
	f = pidfd_fget(p, fd);
	put_task_struct(p);
	if (IS_ERR(f))
		return PTR_ERR(f);
	newfd = get_unused_fd_flags(O_CLOEXEC);
	if (newfd < 0) {
		fput(f);
		return newfd;
	}
	fd_install(newfd, f);
	return newfd;
}
