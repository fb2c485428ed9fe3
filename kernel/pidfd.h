/*
 * Process file descriptors (kernel/fs/anon/pidfd.c): what fork, exit,
 * wait and the signal calls need of them. A pidfd's file holds a
 * reference on its process's struct pid (kernel/pid.h).
 */
#ifndef KERNEL_PIDFD_H
#define KERNEL_PIDFD_H

#include "kernel/task.h"
#include "kernel/uaccess.h"

#define PIDFD_NONBLOCK 04000		/* O_NONBLOCK */

struct file;

/* The process descriptor @fd names, referenced (put_task_struct it),
 * ERR_PTR(-ESRCH) once it has been reaped, or ERR_PTR(-EBADF) if it is
 * no pidfd (nor, with @proc_dir, an open /proc/<tgid> directory);
 * *@f_flags (if not NULL) its file's flags. */
struct task_struct *pidfd_get_task(int fd, bool proc_dir,
				   unsigned int *f_flags);
/* Has @p been reaped (its pid given back)? Then a pidfd on it reaches
 * nothing: ESRCH. */
bool pidfd_task_reaped(struct task_struct *p);
/* Process @p (its leader) has exited, every thread of it: wake the
 * pollers of its pidfds (exit_notify(), under tasklist_lock; Linux's
 * do_notify_pidfd()). */
void do_notify_pidfd(struct task_struct *p);

/*
 * CLONE_PIDFD (kernel/fork.c): before the child exists, reserve a
 * descriptor (*@fd), make its file and write the number to @upidfd;
 * the file or ERR_PTR (-EFAULT, -EMFILE...). pidfd_install() then
 * installs it on child @p, or with @p an ERR_PTR undoes it all.
 */
struct file *pidfd_prepare(int __user *upidfd, int *fd);
void pidfd_install(struct file *f, int fd, struct task_struct *p);

#endif
