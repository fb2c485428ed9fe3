/*
 * fcntl(2), as Linux's fs/fcntl.c: descriptor flags (F_GETFD/F_SETFD),
 * status flags (F_GETFL/F_SETFL), F_DUPFD, the pipe size, record locks
 * (handed to kernel/fs/locks.c), and signal-driven I/O:
 *
 *   fcntl(fd, F_SETOWN, pid)     who is told (F_SETOWN_EX: a thread,
 *                                a process or a process group)
 *   fcntl(fd, F_SETSIG, sig)     with which signal (0: plain SIGIO)
 *   fcntl(fd, F_SETFL, O_ASYNC)  start: f_op->fasync puts the file on
 *                                its object's fasync list
 *
 * When the object (a pipe, a tty, later a socket) becomes readable or
 * writable it calls kill_fasync() on its list, which sends each file's
 * owner SIGIO, or the F_SETSIG signal with si_fd and si_band in its
 * siginfo (send_sigio()). One spinlock (fasync_lock, taken with
 * interrupts off: a tty calls in from its interrupt) guards every owner
 * and every list, which a teaching kernel's few async files never
 * contend for.
 *
 * Leases ride on the same lists: F_SETLEASE puts the holder's file on
 * its lease's list, and an open that conflicts (break_lease(), from
 * dentry_open()) signals it with POLL_MSG, then waits for the holder to
 * let go or for lease-break-time to pass. One list of every lease in the
 * system (all_leases, lease_lock), as locks.c keeps its record locks.
 */
#include "kernel/fs/memfd.h"
#include "kernel/fs/notify/dnotify.h"
#include "kernel/fs/syscalls.h"
#include "kernel/fs/locks.h"
#include "kernel/fs/pipe_fs_i.h"
#include "kernel/pid.h"
#include "kernel/ns/pid_namespace.h"
#include "kernel/signal.h"
#include "kernel/tasklist.h"
#include "kernel/cred.h"
#include "kernel/mm/slab.h"
#include "kernel/sched/sched.h"
#include "kernel/time/time.h"
#include "lib/bug.h"
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

static DEFINE_SPINLOCK(fasync_lock);

/* One file on an object's fasync list: whom to tell is in its f_owner. */
struct fasync_struct {
	int fa_fd;			/* reported as si_fd */
	struct file *fa_file;
	struct fasync_struct *fa_next;
};

/* fasync_lock held: @f's entry on *@fapp, or NULL. */
static struct fasync_struct **fasync_find(struct fasync_struct **fapp,
					  struct file *f)
{
	for (; *fapp; fapp = &(*fapp)->fa_next)
		if ((*fapp)->fa_file == f)
			return fapp;
	return NULL;
}

int fasync_helper(int fd, struct file *f, int on, struct fasync_struct **fapp)
{
	struct fasync_struct *new = on ? kzalloc(sizeof(*new), GFP_KERNEL) : NULL;
	unsigned long flags;
	struct fasync_struct **old, *gone = NULL;

	if (on && !new)
		return -ENOMEM;
	flags = spin_lock_irqsave(&fasync_lock);
	old = fasync_find(fapp, f);
	if (old && on) {
		(*old)->fa_fd = fd;	/* already on: a new descriptor */
	} else if (old) {
		gone = *old;
		*old = gone->fa_next;
	} else if (on) {
		*new = (struct fasync_struct){ fd, f, *fapp };
		*fapp = new;
		new = NULL;
	}
	spin_unlock_irqrestore(&fasync_lock, flags);
	kfree(new);
	kfree(gone);
	return on && !old ? 1 : 0;
}

/* What si_band says for each POLL_* reason (Linux's band_table). */
static const long band_table[] = {
	[POLL_IN - 1] = EPOLLIN | EPOLLRDNORM,
	[POLL_OUT - 1] = EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND,
	[POLL_MSG - 1] = EPOLLIN | EPOLLRDNORM | EPOLLMSG,
	[POLL_ERR - 1] = EPOLLERR,
	[POLL_PRI - 1] = EPOLLPRI | EPOLLRDBAND,
	[POLL_HUP - 1] = EPOLLHUP | EPOLLERR,
};

/* May the owner who set @f's f_owner signal @p (Linux's sigio_perm():
 * root, or a real or effective id matching @p's real or saved one)? */
static bool sigio_perm(struct task_struct *p, const struct file *f)
{
	const struct cred *c = p->real_cred;
	u32 uid = f->f_owner.uid, euid = f->f_owner.euid;

	return euid == 0 || euid == c->suid.val || euid == c->uid.val ||
	       uid == c->suid.val || uid == c->uid.val;
}

/* Tell @p (a thread, or with @group its process) that @fd is ready. */
static void send_sigio_to_task(struct task_struct *p, const struct file *f,
			       int fd, int reason, bool group)
{
	int sig = f->f_owner.signum;
	struct ksiginfo info = { .si_code = reason, .sigpoll = true,
				 .si_band = band_table[reason - 1], .si_fd = fd };

	if (!sigio_perm(p, f))
		return;
	if (!sig || send_sig_info(sig, &info, p, group))
		send_sig_info(SIGIO, NULL, p, group);
}

/* fasync_lock held: signal @f's owner, thread, process or group. */
static void send_sigio(const struct file *f, int fd, int reason)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	pid_t pid = f->f_owner.pid;
	struct task_struct *p;

	if (f->f_owner.type == F_OWNER_PGRP) {
		for_each_process(p)
			if (p->signal && p->signal->pgrp == pid &&
			    !process_dead(p))
				send_sigio_to_task(p, f, fd, reason, true);
	} else if (pid && (p = find_task_by_pid(pid))) {
		if (f->f_owner.type == F_OWNER_TID)
			send_sigio_to_task(p, f, fd, reason, false);
		else if (p->tgid == pid)
			send_sigio_to_task(p, f, fd, reason, true);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

void kill_fasync(struct fasync_struct **fapp, int sig, int reason)
{
	unsigned long flags;

	if (!READ_ONCE(*fapp))
		return;
	BUG_ON(reason < POLL_IN || reason > POLL_HUP);
	flags = spin_lock_irqsave(&fasync_lock);
	for (struct fasync_struct *fa = *fapp; fa; fa = fa->fa_next)
		if (!(sig == SIGURG && fa->fa_file->f_owner.signum == 0))
			send_sigio(fa->fa_file, fa->fa_fd, reason);
	spin_unlock_irqrestore(&fasync_lock, flags);
}

/* ---- leases (F_SETLEASE, F_GETLEASE: see kernel/fs/locks.h) ---- */

#define NO_BREAK (-1)		/* file_lease.target: no break under way */

struct file_lease {
	struct list_head link;		/* on all_leases */
	struct file *file;		/* the holder's open file */
	int type;			/* F_RDLCK or F_WRLCK */
	int target;			/* what a break asks: F_UNLCK, F_RDLCK */
	u64 deadline;			/* jiffies: the breaker waits no more */
	struct fasync_struct *fasync;	/* the holder, told of a break */
};

static DEFINE_SPINLOCK(lease_lock);	/* all_leases and each lease */
static LIST_HEAD(all_leases);
static DECLARE_WAIT_QUEUE_HEAD(lease_wait);
unsigned int lease_break_time = 45;	/* seconds */

/* lease_lock held: @f's lease, or NULL. */
static struct file_lease *lease_of(const struct file *f)
{
	struct file_lease *l;

	list_for_each_entry(l, &all_leases, link)
		if (l->file == f)
			return l;
	return NULL;
}

static bool lease_on(const struct file_lease *l, const struct inode *inode)
{
	return l->file->f_inode == inode;
}

/* lease_lock held: may @f take a lease of @type (Linux's
 * check_conflicting_open() and the other files' leases)? 0 or -EAGAIN. */
static int lease_may_add(const struct file *f, int type)
{
	struct inode *inode = f->f_inode;
	int self_w = !!(f->f_mode & FMODE_WRITE);
	int self_r = !self_w && (f->f_mode & FMODE_READ);
	struct file_lease *l;

	if (type == F_RDLCK && atomic_read(&inode->i_writecount) > 0)
		return -EAGAIN;
	if (type == F_WRLCK && (atomic_read(&inode->i_writecount) != self_w ||
				atomic_read(&inode->i_readcount) != self_r))
		return -EAGAIN;
	list_for_each_entry(l, &all_leases, link)
		if (lease_on(l, inode) && l->file != f &&
		    (type == F_WRLCK || l->type == F_WRLCK || l->target != NO_BREAK))
			return -EAGAIN;
	return 0;
}

/* Leases gone from the list: let their holders' fasync entries go. */
static void dispose_leases(struct list_head *dispose)
{
	struct file_lease *l, *tmp;

	list_for_each_entry_safe(l, tmp, dispose, link) {
		fasync_helper(-1, l->file, 0, &l->fasync);
		kfree(l);
	}
	wake_up(&lease_wait);
}

/* lease_lock held: carry out the breaks of @inode's leases whose holder
 * did not answer in time (gone, or down to F_RDLCK). */
static void time_out_leases(const struct inode *inode, struct list_head *dispose)
{
	struct file_lease *l, *tmp;

	list_for_each_entry_safe(l, tmp, &all_leases, link) {
		if (!lease_on(l, inode) || l->target == NO_BREAK ||
		    (s64)(jiffies - l->deadline) < 0)
			continue;
		if (l->target == F_UNLCK) {
			list_move_tail(&l->link, dispose);
		} else {
			l->type = F_RDLCK;
			l->target = NO_BREAK;
		}
	}
}

/* lease_lock held: tell the holders of @inode's leases that an open
 * (for writing: @want_write) conflicts; the earliest deadline, or 0
 * when nothing conflicts. */
static u64 start_breaks(const struct inode *inode, bool want_write)
{
	int target = want_write ? F_UNLCK : F_RDLCK;
	struct file_lease *l;
	u64 first = 0;

	list_for_each_entry(l, &all_leases, link) {
		if (!lease_on(l, inode) || (!want_write && l->type != F_WRLCK))
			continue;
		if (l->target == NO_BREAK || l->target > target) {
			l->target = target;	/* F_UNLCK asks more than F_RDLCK */
			l->deadline = jiffies + (u64)lease_break_time * HZ + 1;
			kill_fasync(&l->fasync, SIGIO, POLL_MSG);
		}
		if (!first || (s64)(l->deadline - first) < 0)
			first = l->deadline;
	}
	return first;
}

/* Until @inode's conflicting leases are gone, @deadline, or a signal. */
static int lease_sleep(const struct inode *inode, bool want_write, u64 deadline)
{
	DEFINE_WAIT(w);
	unsigned long flags;
	int ret = 0;
	bool busy;

	for (;;) {
		prepare_to_wait(&lease_wait, &w, TASK_INTERRUPTIBLE);
		flags = spin_lock_irqsave(&lease_lock);
		busy = start_breaks(inode, want_write) != 0;
		spin_unlock_irqrestore(&lease_lock, flags);
		if (!busy || (s64)(jiffies - deadline) >= 0)
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule_timeout(deadline - jiffies);
	}
	finish_wait(&lease_wait, &w);
	return ret;
}

int break_lease(struct inode *inode, unsigned int flags)
{
	bool want_write = (flags & O_ACCMODE) != O_RDONLY;
	LIST_HEAD(dispose);
	unsigned long irq;
	u64 deadline;

	if (list_empty(&all_leases))	/* the usual case */
		return 0;
	for (;;) {
		irq = spin_lock_irqsave(&lease_lock);
		time_out_leases(inode, &dispose);
		deadline = start_breaks(inode, want_write);
		spin_unlock_irqrestore(&lease_lock, irq);
		dispose_leases(&dispose);
		if (!deadline)
			return 0;
		if (flags & O_NONBLOCK)
			return -EWOULDBLOCK;
		if (lease_sleep(inode, want_write, deadline))
			return -ERESTARTSYS;
	}
}

/* lease_lock held: F_SETLEASE's change, with @new for a first lease
 * (taken: *@new = NULL) and what goes on @dispose. 0 or -errno. */
static long lease_change(struct file *f, long type, struct file_lease **new,
			 struct list_head *dispose)
{
	struct file_lease *l = lease_of(f);
	long ret;

	if (type == F_UNLCK) {
		if (!l)
			return -EAGAIN;
		list_move_tail(&l->link, dispose);
		return 0;
	}
	ret = lease_may_add(f, (int)type);
	if (ret)
		return ret;
	if (!l) {
		l = *new;
		*new = NULL;
		list_add(&l->link, &all_leases);
	}
	l->type = (int)type;
	l->target = NO_BREAK;
	return 0;
}

long fcntl_setlease(unsigned int fd, struct file *f, long type)
{
	struct inode *inode = f->f_inode;
	struct file_lease *new = NULL;
	LIST_HEAD(dispose);
	unsigned long flags;
	long ret;

	if (!S_ISREG(inode->i_mode) ||
	    (type != F_UNLCK && type != F_RDLCK && type != F_WRLCK))
		return -EINVAL;
	if (current->cred->fsuid.val != inode->i_uid && !capable(CAP_LEASE))
		return -EACCES;
	if (type != F_UNLCK) {
		new = kzalloc(sizeof(*new), GFP_KERNEL);
		if (!new || fasync_helper((int)fd, f, 1, &new->fasync) < 0) {
			kfree(new);
			return -ENOMEM;
		}
		new->file = f;
	}
	flags = spin_lock_irqsave(&lease_lock);
	ret = lease_change(f, type, &new, &dispose);
	spin_unlock_irqrestore(&lease_lock, flags);
	if (new)
		list_add(&new->link, &dispose);
	dispose_leases(&dispose);
	return ret;
}

long fcntl_getlease(struct file *f)
{
	unsigned long flags = spin_lock_irqsave(&lease_lock);
	struct file_lease *l = lease_of(f);
	long type = !l ? F_UNLCK : l->target != NO_BREAK ? l->target : l->type;

	spin_unlock_irqrestore(&lease_lock, flags);
	return type;
}

void lease_remove_file(struct file *f)
{
	LIST_HEAD(dispose);
	unsigned long flags;

	if (list_empty(&all_leases))
		return;
	flags = spin_lock_irqsave(&lease_lock);
	lease_change(f, F_UNLCK, NULL, &dispose);	/* -EAGAIN: had none */
	spin_unlock_irqrestore(&lease_lock, flags);
	if (!list_empty(&dispose))
		dispose_leases(&dispose);
}

/* F_SETFL: O_NOATIME only for the owner (or CAP_FOWNER); O_ASYNC on or
 * off calls the file's fasync; then the flags. */
static long setfl(int fd, struct file *f, unsigned long arg)
{
	if (((arg ^ f->f_flags) & O_NOATIME) &&
	    !inode_owner_or_capable(f->f_inode))
		return -EPERM;
	if (((arg ^ f->f_flags) & FASYNC) && f->f_op && f->f_op->fasync) {
		int err = f->f_op->fasync(fd, f, (arg & FASYNC) != 0);

		if (err < 0)
			return err;
	}
	WRITE_ONCE(f->f_flags, (f->f_flags & ~SETFL_MASK) |
		   ((unsigned int)arg & SETFL_MASK));
	return 0;
}

/* The kernel-side id of owner @type/@vnr (current's pid namespace's
 * number) if it names a live thread, process or group; else 0. */
static pid_t owner_global(int type, pid_t vnr)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	pid_t nr = global_pid_of_vnr(vnr);
	struct task_struct *p;
	bool found = false;

	if (type == F_OWNER_PGRP) {
		for_each_process(p)
			if (p->signal && p->signal->pgrp == nr)
				found = true;
	} else {
		p = find_task_by_pid(nr);
		found = p && (type == F_OWNER_TID || p->tgid == nr);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return found ? nr : 0;
}

/* The owner's id as current's pid namespace knows it (0: it cannot). */
static pid_t owner_vnr(const struct file *f)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	pid_t nr = global_pid_vnr(READ_ONCE(f->f_owner.pid));

	spin_unlock_irqrestore(&tasklist_lock, flags);
	return nr;
}

/* The owner (@vnr: as current's pid namespace numbers it), and the ids
 * sigio_perm() will judge it by: current's. */
static long set_owner(struct file *f, int type, pid_t vnr)
{
	unsigned long flags;
	pid_t nr = 0;

	if (type < F_OWNER_TID || type > F_OWNER_PGRP || vnr < 0)
		return -EINVAL;
	if (vnr && !(nr = owner_global(type, vnr)))
		return -ESRCH;
	flags = spin_lock_irqsave(&fasync_lock);
	f->f_owner.type = type;
	f->f_owner.pid = nr;
	f->f_owner.uid = current->cred->uid.val;
	f->f_owner.euid = current->cred->euid.val;
	spin_unlock_irqrestore(&fasync_lock, flags);
	return 0;
}

/* F_SETOWN/F_GETOWN's encoding: a process, or minus a process group. */
static long fcntl_owner(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct f_owner_ex ex;
	int who = (int)arg;

	switch (cmd) {
	case F_SETOWN:
		if (who == INT32_MIN)
			return -EINVAL;	/* -who would overflow, as Linux says */
		return who < 0 ? set_owner(f, F_OWNER_PGRP, -who) :
				 set_owner(f, F_OWNER_PID, who);
	case F_GETOWN:
		who = owner_vnr(f);
		return f->f_owner.type == F_OWNER_PGRP ? -who : who;
	case F_SETOWN_EX:
		if (copy_from_user(&ex, (void __user *)arg, sizeof(ex)))
			return -EFAULT;
		return set_owner(f, ex.type, ex.pid);
	default:		/* F_GETOWN_EX */
		ex.type = f->f_owner.pid ? f->f_owner.type : F_OWNER_PID;
		ex.pid = owner_vnr(f);
		return copy_to_user((void __user *)arg, &ex, sizeof(ex)) ? -EFAULT : 0;
	}
}

/* F_SETLEASE (locks.c); a new lease's holder is told of breaks as the
 * file's owner, current's process unless one was set. */
static long setlease(unsigned int fd, struct file *f, long type)
{
	long ret = fcntl_setlease(fd, f, type);

	if (!ret && type != F_UNLCK && !READ_ONCE(f->f_owner.pid))
		set_owner(f, F_OWNER_PID, task_tgid_vnr(current));
	return ret;
}

/* F_NOTIFY (kernel/fs/notify/dnotify.c); the watcher is told as the
 * file's owner, which becomes current's process, as in Linux. */
static long dirnotify(unsigned int fd, struct file *f, u32 arg)
{
	long ret = fcntl_dirnotify((int)fd, f, arg);

	if (!ret && (arg & ~DN_MULTISHOT))
		set_owner(f, F_OWNER_PID, task_tgid_vnr(current));
	return ret;
}

/* The fcntl commands an O_PATH descriptor allows (Linux's
 * check_fcntl_cmd()): it has no I/O, locks or owner. */
static bool fcntl_path_cmd(unsigned int cmd)
{
	return cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC || cmd == F_GETFD ||
	       cmd == F_SETFD || cmd == F_GETFL;
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
		return setfl((int)fd, f, arg);
	case F_GETSIG:
		return f->f_owner.signum;
	case F_SETSIG:
		if (arg > _NSIG)
			return -EINVAL;
		WRITE_ONCE(f->f_owner.signum, (int)arg);
		return 0;
	case F_GETOWN:
	case F_SETOWN:
	case F_GETOWN_EX:
	case F_SETOWN_EX:
		return fcntl_owner(f, cmd, arg);
	case F_ADD_SEALS:
	case F_GET_SEALS:
		return memfd_fcntl(f, cmd, arg);
	case F_GETPIPE_SZ:
	case F_SETPIPE_SZ:
		return pipe_fcntl(f, cmd, arg);		/* pipe.c */
	case F_SETLEASE:
		return setlease(fd, f, (long)arg);
	case F_GETLEASE:
		return fcntl_getlease(f);			/* locks.c */
	case F_NOTIFY:
		return dirnotify(fd, f, (u32)arg);
	case F_GETLK: case F_SETLK: case F_SETLKW:
	case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
		return fcntl_lock(f, cmd, (void __user *)arg);	/* locks.c */
	default:
		return -EINVAL;
	}
}

/* fcntl(2): descriptor and status flags, F_DUPFD, pipe size, the owner
 * and signal of O_ASYNC, record locks (kernel/fs/locks.c). */
long sys_fcntl(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	struct file *f = fget_raw(fd);
	long ret;

	if (!f)
		return -EBADF;
	if ((f->f_flags & O_PATH) && !fcntl_path_cmd(cmd)) {
		fput(f);
		return -EBADF;
	}
	ret = do_fcntl(fd, cmd, arg, f);
	fput(f);
	return ret;
}
