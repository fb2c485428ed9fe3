/*
 * Record locks (Linux's fs/locks.c): fcntl F_GETLK, F_SETLK, F_SETLKW
 * and the open-file-description forms F_OFD_GETLK/SETLK/SETLKW, and
 * BSD's flock(2): whole-file locks of an open file, a class of their
 * own that never meets the record locks (as on Linux). (Leases,
 * which Linux keeps here too, are kernel/fs/fcntl.c's, beside the
 * fasync lists that tell their holders of a break.)
 *
 * A lock covers bytes [start, end] of an inode, shared (F_RDLCK) or
 * exclusive (F_WRLCK), for an owner. A POSIX lock's owner is the
 * process's descriptor table (threads sharing it share the locks); it
 * goes away when the process closes ANY descriptor of the file, or
 * exits. An OFD lock's owner is the open file itself; it goes when the
 * last descriptor of that file closes. Two locks conflict when their
 * owners differ, their ranges meet and one is exclusive. An owner's own
 * locks never conflict: a new lock replaces what the owner had in its
 * range (splitting older locks), and joins adjacent locks of its type.
 *
 * Taskbase keeps every lock of the system on one list under one
 * spinlock, and F_SETLKW waiters sleep on one wait queue, woken by any
 * unlock: simple, and enough for the handful of locks a teaching system
 * holds. Deadlock detection follows Linux: before a POSIX owner sleeps,
 * follow "owner X waits for a lock held by Y" from the blocker; coming
 * back to ourselves is EDEADLK.
 */
#include "kernel/fs/locks.h"
#include "kernel/mm/slab.h"
#include "kernel/signal.h"
#include "lib/errno.h"

#define OFFSET_MAX 0x7fffffffffffffffll
#define MAX_DEADLK_DEPTH 10

/* struct flock as x86_64 lays it out. */
struct flock {
	short l_type, l_whence;
	s64 l_start, l_len;
	int l_pid;
};

struct file_lock {
	struct list_head link;		/* on all_locks */
	struct inode *inode;
	const void *owner;		/* files_struct (POSIX) or file (OFD);
					 * flock: flock_owner(file) */
	bool ofd;
	bool flock;			/* flock(2)'s, not a record lock */
	pid_t pid;			/* the setter's process (F_GETLK) */
	int type;			/* F_RDLCK or F_WRLCK */
	s64 start, end;			/* bytes, inclusive */
};

/* A POSIX owner asleep in F_SETLKW, and who holds what it waits for. */
struct lock_waiter {
	struct list_head link;
	const void *owner, *blocker;
};

static DEFINE_SPINLOCK(locks_lock);
static LIST_HEAD(all_locks);
static LIST_HEAD(waiters);
static DECLARE_WAIT_QUEUE_HEAD(locks_wait);

static bool overlap(const struct file_lock *a, const struct file_lock *b)
{
	return a->inode == b->inode && a->start <= b->end && b->start <= a->end;
}

static bool conflicts(const struct file_lock *held, const struct file_lock *req)
{
	return held->owner != req->owner && held->flock == req->flock &&
	       overlap(held, req) &&
	       (held->type == F_WRLCK || req->type == F_WRLCK);
}

/* locks_lock held: the lock that keeps @req out, or NULL; of several,
 * the one that starts first (Linux keeps an inode's locks in that order
 * and reports the first it meets). */
static struct file_lock *find_conflict(const struct file_lock *req)
{
	struct file_lock *l, *first = NULL;

	list_for_each_entry(l, &all_locks, link)
		if (conflicts(l, req) && (!first || l->start < first->start))
			first = l;
	return first;
}

/* locks_lock held: would @owner waiting on @blocker close a cycle? */
static bool would_deadlock(const void *owner, const void *blocker)
{
	for (int depth = 0; depth < MAX_DEADLK_DEPTH; depth++) {
		struct lock_waiter *w;
		const void *next = NULL;

		if (blocker == owner)
			return true;
		list_for_each_entry(w, &waiters, link)
			if (w->owner == blocker)
				next = w->blocker;
		if (!next)
			return false;
		blocker = next;
	}
	return false;
}

/*
 * locks_lock held: @owner's locks changed, so the waiters it blocked will
 * look again (and queue again if still blocked). As in Linux, such a
 * waiter no longer counts as waiting: one about to get its lock must not
 * look like half of a deadlock. Waiters blocked by others stay.
 */
static void unblock_waiters(const void *owner)
{
	struct lock_waiter *w, *tmp;

	list_for_each_entry_safe(w, tmp, &waiters, link)
		if (w->blocker == owner)
			list_del_init(&w->link);
}

static struct file_lock *lock_copy(const struct file_lock *l, s64 start, s64 end)
{
	struct file_lock *n = kmalloc(sizeof(*n), GFP_KERNEL);

	if (n) {
		*n = *l;
		n->start = start;
		n->end = end;
	}
	return n;
}

/*
 * locks_lock held: take [req->start, req->end] out of req->owner's locks
 * on the inode, splitting a lock that reaches past both ends. The
 * split-off right part comes from @spare (allocated by the caller, as we
 * may not sleep here); *@spare is NULL if it was used.
 */
static void owner_cut(const struct file_lock *req, struct file_lock **spare)
{
	struct file_lock *l, *tmp;

	list_for_each_entry_safe(l, tmp, &all_locks, link) {
		if (l->owner != req->owner || !overlap(l, req))
			continue;
		if (l->start < req->start && l->end > req->end && *spare) {
			**spare = *l;
			(*spare)->start = req->end + 1;
			list_add(&(*spare)->link, &l->link);
			*spare = NULL;
			l->end = req->start - 1;
		} else if (l->start < req->start) {
			l->end = req->start - 1;
		} else if (l->end > req->end) {
			l->start = req->end + 1;
		} else {
			list_del(&l->link);
			kfree(l);
		}
	}
}

/* locks_lock held: add @n for its owner, merged with the owner's locks
 * of the same type that touch it. */
static void owner_add(struct file_lock *n)
{
	struct file_lock *l, *tmp;

	list_for_each_entry_safe(l, tmp, &all_locks, link) {
		if (l->owner != n->owner || l->inode != n->inode ||
		    l->type != n->type)
			continue;
		if ((l->end != OFFSET_MAX && l->end + 1 == n->start) ||
		    (n->end != OFFSET_MAX && n->end + 1 == l->start)) {
			n->start = MIN(n->start, l->start);
			n->end = MAX(n->end, l->end);
			list_del(&l->link);
			kfree(l);
		}
	}
	list_add_tail(&n->link, &all_locks);
}

/* Fill @req's range from @fl (whence relative to @f). 0 or -errno. */
static long flock_range(struct file *f, const struct flock *fl,
			struct file_lock *req)
{
	s64 base, start;

	switch (fl->l_whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = f->f_pos; break;
	case SEEK_END: base = (s64)f->f_inode->i_size; break;
	default: return -EINVAL;
	}
	if (__builtin_add_overflow(base, fl->l_start, &start))
		return -EOVERFLOW;
	if (start < 0)		/* first, as Linux: start + a negative l_len */
		return -EINVAL;	/* can then not overflow */
	if (fl->l_len > 0) {
		if (__builtin_add_overflow(start, fl->l_len - 1, &req->end))
			return -EOVERFLOW;
		req->start = start;
	} else if (fl->l_len == 0) {
		req->start = start;
		req->end = OFFSET_MAX;
	} else {
		req->end = start - 1;
		req->start = start + fl->l_len;
	}
	return req->start < 0 ? -EINVAL : 0;
}

/* The request @fl on @f as a file_lock (owner and all). 0 or -errno. */
static long flock_to_lock(struct file *f, const struct flock *fl, bool ofd,
			  struct file_lock *req)
{
	if (fl->l_type != F_RDLCK && fl->l_type != F_WRLCK && fl->l_type != F_UNLCK)
		return -EINVAL;
	if (ofd && fl->l_pid != 0)
		return -EINVAL;
	*req = (struct file_lock){ .inode = f->f_inode, .ofd = ofd,
		.owner = ofd ? (const void *)f : (const void *)current->files,
		.pid = current->tgid, .type = fl->l_type };
	return flock_range(f, fl, req);
}

/* F_GETLK: the first lock that would keep @req out, or F_UNLCK. */
static void do_getlk(const struct file_lock *req, struct flock *fl)
{
	unsigned long flags = spin_lock_irqsave(&locks_lock);
	struct file_lock *l = find_conflict(req);

	if (l) {
		fl->l_type = (short)l->type;
		fl->l_whence = SEEK_SET;
		fl->l_start = l->start;
		fl->l_len = l->end == OFFSET_MAX ? 0 : l->end - l->start + 1;
		fl->l_pid = l->ofd ? -1 : l->pid;
	} else {
		fl->l_type = F_UNLCK;
	}
	spin_unlock_irqrestore(&locks_lock, flags);
}

/*
 * One try at F_SETLK: 0 done, -EAGAIN (a conflict; its owner in
 * *@blocker), -EDEADLK (with @wait, sleeping would deadlock), -ENOMEM.
 * With @wait and a conflict, @w is queued as a waiter.
 */
static long try_setlk(const struct file_lock *req, struct lock_waiter *w,
		      bool wait)
{
	struct file_lock *n = req->type != F_UNLCK ? lock_copy(req, req->start, req->end) : NULL;
	struct file_lock *spare = kmalloc(sizeof(*spare), GFP_KERNEL), *l;
	unsigned long flags = spin_lock_irqsave(&locks_lock);
	long ret = 0;

	l = req->type == F_UNLCK ? NULL : find_conflict(req);
	if (l && wait && !req->ofd && !req->flock &&
	    would_deadlock(req->owner, l->owner)) {
		ret = -EDEADLK;
	} else if (l) {
		ret = -EAGAIN;
		if (wait) {
			w->blocker = l->owner;
			if (list_empty(&w->link))
				list_add(&w->link, &waiters);
		}
	} else if ((req->type != F_UNLCK && !n) || !spare) {
		ret = -ENOLCK;
	} else {
		owner_cut(req, &spare);
		if (n) {
			owner_add(n);
			n = NULL;
		}
		unblock_waiters(req->owner);
	}
	spin_unlock_irqrestore(&locks_lock, flags);
	kfree(n);
	kfree(spare);
	if (!ret)
		wake_up(&locks_wait);	/* what we let go may unblock others */
	return ret;
}

/* F_SETLK, or with @wait F_SETLKW (sleeps until the lock is free; a
 * signal ends the wait with -ERESTARTSYS). */
static long do_setlk(const struct file_lock *req, bool wait)
{
	struct lock_waiter w = { LIST_HEAD_INIT(w.link), req->owner, NULL };
	unsigned long flags;
	long ret;

	for (;;) {
		ret = try_setlk(req, &w, wait);
		if (ret != -EAGAIN || !wait)
			break;
		/* Until the lock is free, or its holder changed its locks
		 * (we were unblocked): then try again, deadlock check and all. */
		ret = wait_event_interruptible(locks_wait, ({
			flags = spin_lock_irqsave(&locks_lock);
			bool again = list_empty(&w.link) || !find_conflict(req);
			spin_unlock_irqrestore(&locks_lock, flags);
			again; }));
		if (ret)
			break;
	}
	flags = spin_lock_irqsave(&locks_lock);
	if (!list_empty(&w.link))
		list_del(&w.link);
	spin_unlock_irqrestore(&locks_lock, flags);
	return ret;
}

long fcntl_lock(struct file *f, unsigned int cmd, void __user *arg)
{
	bool ofd = cmd >= F_OFD_GETLK, get = cmd == F_GETLK || cmd == F_OFD_GETLK;
	struct file_lock req;
	struct flock fl;
	long ret;

	if (copy_from_user(&fl, arg, sizeof(fl)))
		return -EFAULT;
	ret = flock_to_lock(f, &fl, ofd, &req);
	if (ret)
		return ret;
	if (get) {
		if (req.type == F_UNLCK)
			return -EINVAL;
		do_getlk(&req, &fl);
		return copy_to_user(arg, &fl, sizeof(fl)) ? -EFAULT : 0;
	}
	if ((req.type == F_RDLCK && !(f->f_mode & FMODE_READ)) ||
	    (req.type == F_WRLCK && !(f->f_mode & FMODE_WRITE)))
		return -EBADF;
	return do_setlk(&req, cmd == F_SETLKW || cmd == F_OFD_SETLKW);
}

/* Drop every lock of @owner on @inode (any inode: NULL). */
static void remove_owner(const void *owner, const struct inode *inode)
{
	struct file_lock *l, *tmp;
	unsigned long flags;
	bool any = false;

	if (list_empty(&all_locks))	/* the usual case: nothing to do */
		return;
	flags = spin_lock_irqsave(&locks_lock);
	list_for_each_entry_safe(l, tmp, &all_locks, link)
		if (l->owner == owner && (!inode || l->inode == inode)) {
			list_del(&l->link);
			kfree(l);
			any = true;
		}
	if (any)
		unblock_waiters(owner);
	spin_unlock_irqrestore(&locks_lock, flags);
	if (any)
		wake_up(&locks_wait);
}

void locks_remove_posix(struct file *f, struct files_struct *files)
{
	remove_owner(files, f->f_inode);
}

/* flock's owner of @f's locks: a key of its own, so that the file's OFD
 * record locks (owner @f) and its flock lock never cut each other. */
static const void *flock_owner(struct file *f)
{
	return (const char *)f + 1;
}

void locks_remove_file(struct file *f)
{
	remove_owner(f, f->f_inode);
	remove_owner(flock_owner(f), f->f_inode);
	lease_remove_file(f);		/* kernel/fs/fcntl.c */
}

#define LOCK_SH 1		/* flock(2)'s operations */
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8
#define LOCK_MAND 32

long sys_flock(unsigned int fd, unsigned int cmd)
{
	unsigned int op = cmd & ~LOCK_NB;
	int type = op == LOCK_SH ? F_RDLCK : op == LOCK_EX ? F_WRLCK :
		   op == LOCK_UN ? F_UNLCK : -1;
	struct file_lock req = { .start = 0, .end = OFFSET_MAX, .flock = true };
	struct file *f;
	long ret;

	if (cmd & LOCK_MAND)	/* Linux 6.1 ignores it, with a warning */
		return 0;
	if (type < 0)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	req.inode = f->f_inode;
	req.owner = flock_owner(f);
	req.pid = current->tgid;
	/* A change of type lets go first, as Linux: two holders of a shared
	 * lock both asking for an exclusive one must not wait on each other. */
	req.type = F_UNLCK;
	ret = type == F_UNLCK ? 0 : try_setlk(&req, NULL, false);
	req.type = type;
	if (!ret)
		ret = do_setlk(&req, !(cmd & LOCK_NB));
	fput(f);
	return ret == -EAGAIN ? -EWOULDBLOCK : ret;
}
