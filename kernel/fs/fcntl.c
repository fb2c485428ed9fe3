/*
 * fcntl(2), as Linux's fs/fcntl.c: descriptor flags (F_GETFD/F_SETFD),
 * status flags (F_GETFL/F_SETFL), F_DUPFD, the owner that would get
 * SIGIO (F_SETOWN and its _EX form), the pipe size, and record locks
 * (handed to kernel/fs/locks.c).
 */
#include "kernel/fs/syscalls.h"
#include "kernel/fs/locks.h"
#include "kernel/fs/pipe_fs_i.h"
#include "kernel/pid.h"
#include "kernel/signal.h"
#include "kernel/tasklist.h"
#include "lib/errno.h"

static long dupfd_from(struct file *f, unsigned long from, unsigned int flags)
{
	int fd = from > NR_OPEN_MAX ? -EINVAL :
		 alloc_fd((unsigned int)from, flags);

	if (fd >= 0)
		fd_install(fd, get_file(f));
	return fd;
}

#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_DIRECT | O_NOATIME | FASYNC)

struct f_owner_ex {
	int type;
	pid_t pid;
};

/* Does the owner @type/@pid name a live thread, process or group? */
static bool owner_exists(int type, pid_t pid)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *p;
	bool found = false;

	if (type == F_OWNER_PGRP) {
		for_each_process(p)
			if (p->signal && p->signal->pgrp == pid)
				found = true;
	} else {
		p = find_task_by_pid(pid);
		found = p && (type == F_OWNER_TID || p->tgid == pid);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return found;
}

static long set_owner(struct file *f, int type, pid_t pid)
{
	if (type < F_OWNER_TID || type > F_OWNER_PGRP || pid < 0)
		return -EINVAL;
	if (pid && !owner_exists(type, pid))
		return -ESRCH;
	f->f_owner.type = type;
	f->f_owner.pid = pid;
	return 0;
}

/* F_SETOWN/F_GETOWN's encoding: a process, or minus a process group. */
static long fcntl_owner(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct f_owner_ex ex;
	int who = (int)arg;

	switch (cmd) {
	case F_SETOWN:
		return who < 0 ? set_owner(f, F_OWNER_PGRP, -who) :
				 set_owner(f, F_OWNER_PID, who);
	case F_GETOWN:
		return f->f_owner.type == F_OWNER_PGRP ? -f->f_owner.pid :
							 f->f_owner.pid;
	case F_SETOWN_EX:
		if (copy_from_user(&ex, (void __user *)arg, sizeof(ex)))
			return -EFAULT;
		return set_owner(f, ex.type, ex.pid);
	default:		/* F_GETOWN_EX */
		ex.type = f->f_owner.pid ? f->f_owner.type : F_OWNER_PID;
		ex.pid = f->f_owner.pid;
		return copy_to_user((void __user *)arg, &ex, sizeof(ex)) ? -EFAULT : 0;
	}
}

static long do_fcntl(unsigned int fd, unsigned int cmd, unsigned long arg,
		     struct file *f)
{
	switch (cmd) {
	case F_DUPFD:
		return dupfd_from(f, arg, 0);
	case F_DUPFD_CLOEXEC:
		return dupfd_from(f, arg, O_CLOEXEC);
	case F_GETFD:
		return get_close_on_exec(fd);
	case F_SETFD:
		return set_close_on_exec(fd, arg & FD_CLOEXEC);
	case F_GETFL:
		return f->f_flags;
	case F_SETFL:
		WRITE_ONCE(f->f_flags, (f->f_flags & ~SETFL_MASK) |
			   ((unsigned int)arg & SETFL_MASK));
		return 0;
	case F_GETOWN:
	case F_SETOWN:
	case F_GETOWN_EX:
	case F_SETOWN_EX:
		return fcntl_owner(f, cmd, arg);
	case F_GETPIPE_SZ:
	case F_SETPIPE_SZ:
		return pipe_fcntl(f, cmd, arg);		/* pipe.c */
	case F_GETLK: case F_SETLK: case F_SETLKW:
	case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
		return fcntl_lock(f, cmd, (void __user *)arg);	/* locks.c */
	default:
		return -EINVAL;
	}
}

/* fcntl(2): descriptor and status flags, F_DUPFD, pipe size, the owner
 * (kept, but no SIGIO is ever sent), record locks (kernel/fs/locks.c). */
long sys_fcntl(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = do_fcntl(fd, cmd, arg, f);
	fput(f);
	return ret;
}
