/*
 * epoll(7) (Linux's fs/eventpoll.c): a descriptor that keeps an interest
 * list of other files, so a program registers them once and then asks
 * "which are ready?" without handing over the whole set on every call.
 *
 * This epoll is the simple kind. Each epoll_wait() walks the interest
 * list and asks every file its events with vfs_poll(), through select.c's
 * poll_loop(): the first walk queues the waiter on each file's wait
 * queues, later walks only look. A nested epoll's ->poll walks its own
 * list and passes the poll_table down, so the waiter sleeps on the leaf
 * files' queues. Items hold no reference to their file: the file's last
 * fput() calls eventpoll_release(), which takes it out of every set.
 *
 * One spinlock, ep_lock, guards every interest list. It is never held
 * while a ->poll runs (a walk copies the list first, with a reference to
 * each file), so no ->poll lock nests inside it. It is a spinlock, not a
 * mutex, because poll_loop() scans again with current already in
 * TASK_INTERRUPTIBLE, and taking a mutex (a wait_event) would set it
 * back to running: the wait would spin instead of sleeping.
 *
 * Edge-triggered items (EPOLLET) report bits that were not set when the
 * item was last looked at; one-shot items (EPOLLONESHOT) go quiet after
 * one report until EPOLL_CTL_MOD arms them again.
 */
#include "kernel/fs/anon_inodes.h"
#include "kernel/fs/poll.h"
#include "kernel/fs/syscalls.h"
#include "kernel/fs/vfs.h"
#include "kernel/locking/spinlock.h"
#include "kernel/mm/slab.h"
#include "kernel/signal.h"
#include "lib/err.h"
#include "lib/errno.h"

#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define EPOLL_CTL_MOD 3
#define EPOLLEXCLUSIVE (1u << 28)
#define EPOLLWAKEUP (1u << 29)
#define EPOLLONESHOT (1u << 30)
#define EPOLLET (1u << 31)
#define EPOLL_CLOEXEC O_CLOEXEC
#define EP_PRIVATE_BITS (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)
#define EP_EXCLUSIVE_OK (EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | \
			 EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE)
#define EP_MAX_NESTS 4			/* epolls inside epolls, as Linux */
#define EP_MAX_BATCH 1024		/* events one wait returns at most */

/* The user's event: packed on x86_64, as Linux declares it. */
struct epoll_event {
	u32 events;
	u64 data;
} __attribute__((packed));

#define EP_MAX_EVENTS (0x7fffffff / (int)sizeof(struct epoll_event))

struct eventpoll {
	struct list_head items;		/* epitem.link */
	struct list_head all;		/* on all_eps */
	unsigned int nitems;
};

struct epitem {
	struct list_head link;
	struct file *file;		/* not referenced: see the top */
	int fd;
	u32 events;			/* no poll bits: a fired ONESHOT */
	u64 data;
	__poll_t seen;			/* EPOLLET: bits at the last look */
	u64 id;				/* tells a freed item from a new one */
};

/* One item's look: what a walk copied from it and found. */
struct ep_look {
	struct file *file;		/* referenced for the look */
	u64 id;
	u32 events;
	__poll_t mask;
};

static DEFINE_SPINLOCK(ep_lock);
static LIST_HEAD(all_eps);		/* every eventpoll, for fput */
static u64 ep_next_id;

static const struct file_operations eventpoll_fops;

static bool is_file_epoll(struct file *f)
{
	return f->f_op == &eventpoll_fops;
}

/* The armed items of @ep, each file referenced; the count or -ENOMEM.
 * *@out is the array to kfree(), NULL when there is none. */
static long ep_snapshot(struct eventpoll *ep, struct ep_look **out)
{
	unsigned int size = READ_ONCE(ep->nitems);
	struct ep_look *l;
	struct epitem *it;
	long n = 0;

	*out = NULL;
	/* Allocated outside the lock; again if items came meanwhile. */
	l = size ? kmalloc(size * sizeof(*l), GFP_KERNEL) : NULL;
	if (size && !l)
		return -ENOMEM;
	spin_lock(&ep_lock);
	if (ep->nitems > size) {
		spin_unlock(&ep_lock);
		kfree(l);
		return ep_snapshot(ep, out);
	}
	list_for_each_entry(it, &ep->items, link) {
		if (!(it->events & ~EP_PRIVATE_BITS) ||
		    !refcount_inc_not_zero(&it->file->f_count))
			continue;
		l[n++] = (struct ep_look){ it->file, it->id, it->events, 0 };
	}
	spin_unlock(&ep_lock);
	*out = l;
	return n;
}

/* Ask each file of @l its events (@pt: queue the poller, exclusively on
 * an EPOLLEXCLUSIVE item's file when @exclusive: an epoll_wait), then
 * drop the references. How many have an event asked for. */
static long ep_look_all(struct ep_look *l, long n, struct poll_table *pt,
			bool exclusive)
{
	bool saved = pt && pt->exclusive;
	long ready = 0;

	for (long i = 0; i < n; i++) {
		/* EPOLLEXCLUSIVE: one of the sets watching the file wakes
		 * for an event, not all (the target is never an epoll). */
		if (pt)
			pt->exclusive = exclusive &&
					(l[i].events & EPOLLEXCLUSIVE);
		l[i].mask = vfs_poll(l[i].file, pt) & l[i].events &
			    ~EP_PRIVATE_BITS;
		ready += l[i].mask != 0;
		fput(l[i].file);
	}
	if (pt)		/* poll()'s next files are not exclusive */
		pt->exclusive = saved;
	return ready;
}

/* @ep's item with id @id, or NULL if it left meanwhile. Under ep_lock. */
static struct epitem *ep_item_by_id(struct eventpoll *ep, u64 id)
{
	struct epitem *it;

	list_for_each_entry(it, &ep->items, link)
		if (it->id == id)
			return it;
	return NULL;
}

/* The item of @ep watching @file at @fd, or NULL. Under ep_lock. */
static struct epitem *ep_find(struct eventpoll *ep, struct file *file, int fd)
{
	struct epitem *it;

	list_for_each_entry(it, &ep->items, link)
		if (it->file == file && it->fd == fd)
			return it;
	return NULL;
}

struct file *get_epoll_tfile_raw_ptr(struct file *file, int tfd, u64 toff)
{
	struct file *f = ERR_PTR(-ENOENT);
	struct eventpoll *ep;
	struct epitem *it;

	if (!is_file_epoll(file))
		return ERR_PTR(-EINVAL);
	ep = file->private_data;
	spin_lock(&ep_lock);
	list_for_each_entry(it, &ep->items, link)
		if (it->fd == tfd && !toff--) {
			f = it->file;
			break;
		}
	spin_unlock(&ep_lock);
	return f;
}

static void ep_remove(struct epitem *it, struct eventpoll *ep)
{
	list_del(&it->link);
	ep->nitems--;
	it->file->f_ep--;
	kfree(it);
}

/* What one epoll_wait collects into. */
struct ep_wait {
	struct eventpoll *ep;
	struct epoll_event *ev;
	int max;
};

/* Under ep_lock: turn @l's findings into events, applying EPOLLET and
 * EPOLLONESHOT to the items. The number of events. */
static long ep_report(struct ep_wait *w, struct ep_look *l, long n)
{
	long out = 0;

	for (long i = 0; i < n && out < w->max; i++) {
		struct epitem *it = ep_item_by_id(w->ep, l[i].id);
		__poll_t fresh = l[i].mask;

		if (!it)
			continue;
		if (it->events & EPOLLET)
			fresh &= ~it->seen;
		it->seen = l[i].mask;
		if (!fresh || !(it->events & ~EP_PRIVATE_BITS))
			continue;
		if (it->events & EPOLLONESHOT)
			it->events &= EP_PRIVATE_BITS;
		/* To the back: with more ready than fit, the next wait
		 * reports the others first (round robin, as Linux). */
		list_move_tail(&it->link, &w->ep->items);
		w->ev[out++] = (struct epoll_event){ l[i].mask, it->data };
	}
	return out;
}

/* poll_loop's scan for epoll_wait: the events found, or -errno. */
static long ep_scan(void *arg, struct poll_table *pt)
{
	struct ep_wait *w = arg;
	struct ep_look *l;
	long n = ep_snapshot(w->ep, &l);

	if (n <= 0) {
		kfree(l);
		return n;
	}
	ep_look_all(l, n, pt, true);
	spin_lock(&ep_lock);		/* EPOLLET wants every look recorded */
	n = ep_report(w, l, n);
	spin_unlock(&ep_lock);
	kfree(l);
	return n;
}

/* An epoll is readable while one of its items has an event (so it can
 * sit in poll, select or another epoll). */
static __poll_t ep_eventpoll_poll(struct file *f, struct poll_table *pt)
{
	struct ep_look *l;
	long n = ep_snapshot(f->private_data, &l);

	if (n > 0)
		n = ep_look_all(l, n, pt, false);
	kfree(l);
	return n > 0 ? EPOLLIN | EPOLLRDNORM : 0;
}

/* The epoll's last close: its items go, the files stay. */
static int ep_eventpoll_release(struct inode *inode, struct file *f)
{
	struct eventpoll *ep = f->private_data;
	struct epitem *it, *next;

	spin_lock(&ep_lock);
	list_for_each_entry_safe(it, next, &ep->items, link)
		ep_remove(it, ep);
	list_del(&ep->all);
	spin_unlock(&ep_lock);
	kfree(ep);
	return 0;
}

static const struct file_operations eventpoll_fops = {
	.poll = ep_eventpoll_poll,
	.release = ep_eventpoll_release,
};

void eventpoll_release(struct file *file)
{
	struct eventpoll *ep;
	struct epitem *it, *next;

	if (!READ_ONCE(file->f_ep))
		return;
	spin_lock(&ep_lock);
	list_for_each_entry(ep, &all_eps, all)
		list_for_each_entry_safe(it, next, &ep->items, link)
			if (it->file == file)
				ep_remove(it, ep);
	spin_unlock(&ep_lock);
}

/* ---- epoll_create, epoll_ctl ---- */

/* epoll_create1(2): a new epoll; @flags EPOLL_CLOEXEC. */
long sys_epoll_create1(int flags)
{
	struct eventpoll *ep;
	int fd;

	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	ep = kzalloc(sizeof(*ep), GFP_KERNEL);
	if (!ep)
		return -ENOMEM;
	INIT_LIST_HEAD(&ep->items);
	spin_lock(&ep_lock);
	list_add_tail(&ep->all, &all_eps);
	spin_unlock(&ep_lock);
	fd = anon_inode_getfd_name("[eventpoll]", &eventpoll_fops, ep, flags);
	if (fd < 0) {
		spin_lock(&ep_lock);
		list_del(&ep->all);
		spin_unlock(&ep_lock);
		kfree(ep);
	}
	return fd;
}

/* epoll_create(2): @size is a hint from the past, but must be > 0. */
long sys_epoll_create(int size)
{
	return size <= 0 ? -EINVAL : sys_epoll_create1(0);
}

/* How many epolls deep below @ep (0: none). Under ep_lock. */
static int ep_depth_below(struct eventpoll *ep, int limit)
{
	struct epitem *it;
	int d = 0;

	if (limit < 0)
		return 1;
	list_for_each_entry(it, &ep->items, link)
		if (is_file_epoll(it->file))
			d = MAX(d, 1 + ep_depth_below(it->file->private_data,
						      limit - 1));
	return d;
}

/* How many epolls deep @ep sits inside others (0: none). Under ep_lock. */
static int ep_depth_above(struct eventpoll *ep, int limit)
{
	struct eventpoll *up;
	struct epitem *it;
	int d = 0;

	if (limit < 0)
		return 1;
	list_for_each_entry(up, &all_eps, all)
		list_for_each_entry(it, &up->items, link)
			if (it->file->private_data == ep &&
			    is_file_epoll(it->file))
				d = MAX(d, 1 + ep_depth_above(up, limit - 1));
	return d;
}

/* Does @from reach @to through nested epolls? Under ep_lock. */
static bool ep_reaches(struct eventpoll *from, struct eventpoll *to, int limit)
{
	struct epitem *it;

	if (from == to || limit < 0)
		return true;
	list_for_each_entry(it, &from->items, link)
		if (is_file_epoll(it->file) &&
		    ep_reaches(it->file->private_data, to, limit - 1))
			return true;
	return false;
}

/* Would putting epoll @child into @ep close a loop or nest too deep? */
static bool ep_loop_check(struct eventpoll *ep, struct eventpoll *child)
{
	if (ep_reaches(child, ep, EP_MAX_NESTS + 1))
		return true;
	return ep_depth_above(ep, EP_MAX_NESTS) + 1 +
	       ep_depth_below(child, EP_MAX_NESTS) > EP_MAX_NESTS;
}

/* Put *@new (allocated by the caller, taken from it here) on @ep. */
static long ep_insert(struct eventpoll *ep, struct file *tf, int fd,
		      const struct epoll_event *ev, struct epitem **new)
{
	struct epitem *it = *new;

	if (is_file_epoll(tf) && ep_loop_check(ep, tf->private_data))
		return -ELOOP;
	if (!it)
		return -ENOMEM;
	*new = NULL;
	it->file = tf;
	it->fd = fd;
	it->events = (ev->events & ~EPOLLWAKEUP) | EPOLLERR | EPOLLHUP;
	it->data = ev->data;
	it->id = ++ep_next_id;
	tf->f_ep++;
	list_add_tail(&it->link, &ep->items);
	ep->nitems++;
	return 0;
}

/* @op on @ep for @tf at @fd, under ep_lock. 0 or -errno. */
static long ep_ctl_locked(struct eventpoll *ep, int op, struct file *tf,
			  int fd, const struct epoll_event *ev,
			  struct epitem **new)
{
	struct epitem *it = ep_find(ep, tf, fd);

	switch (op) {
	case EPOLL_CTL_ADD:
		return it ? -EEXIST : ep_insert(ep, tf, fd, ev, new);
	case EPOLL_CTL_MOD:
		if (!it)
			return -ENOENT;
		if (it->events & EPOLLEXCLUSIVE)
			return -EINVAL;
		it->events = (ev->events & ~EPOLLWAKEUP) | EPOLLERR | EPOLLHUP;
		it->data = ev->data;
		it->seen = 0;
		return 0;
	case EPOLL_CTL_DEL:
		if (!it)
			return -ENOENT;
		ep_remove(it, ep);
		return 0;
	}
	return -EINVAL;
}

/* The checks before the interest list is touched, in Linux's order. */
static long ep_ctl_check(struct file *ef, struct file *tf, int op,
			 const struct epoll_event *ev)
{
	if (!tf->f_op->poll)
		return -EPERM;
	if (ef == tf || !is_file_epoll(ef))
		return -EINVAL;
	if (op != EPOLL_CTL_DEL && (ev->events & EPOLLEXCLUSIVE)) {
		if (op == EPOLL_CTL_MOD || is_file_epoll(tf) ||
		    (ev->events & ~EP_EXCLUSIVE_OK))
			return -EINVAL;
	}
	return 0;
}

/* epoll_ctl(2): add, change or remove @fd in epoll @epfd's interest list. */
long sys_epoll_ctl(int epfd, int op, int fd, struct epoll_event __user *uev)
{
	struct epoll_event ev = { 0, 0 };
	struct file *ef, *tf;
	long ret;

	if (op != EPOLL_CTL_DEL && copy_from_user(&ev, uev, sizeof(ev)))
		return -EFAULT;
	ef = fget((unsigned int)epfd);
	if (!ef)
		return -EBADF;
	tf = fget((unsigned int)fd);
	if (!tf) {
		fput(ef);
		return -EBADF;
	}
	ret = ep_ctl_check(ef, tf, op, &ev);
	if (!ret) {
		struct epitem *new = op == EPOLL_CTL_ADD ?
			kzalloc(sizeof(*new), GFP_KERNEL) : NULL;

		spin_lock(&ep_lock);
		ret = ep_ctl_locked(ef->private_data, op, tf, fd, &ev, &new);
		spin_unlock(&ep_lock);
		kfree(new);
	}
	fput(tf);
	fput(ef);
	return ret;
}

/* ---- epoll_wait, epoll_pwait, epoll_pwait2 ---- */

/* Wait on @epfd until @deadline for up to @max events into @uev. The
 * count or -errno; -ERESTARTNOHAND for a signal (callers say EINTR). */
static long ep_wait(int epfd, struct epoll_event __user *uev, int max,
		    u64 deadline)
{
	struct ep_wait w = { NULL, NULL, MIN(max, EP_MAX_BATCH) };
	struct poll_wqueues pw;
	struct file *f;
	long ret;

	if (max <= 0 || max > EP_MAX_EVENTS)
		return -EINVAL;
	if (!access_ok(uev, (u64)max * sizeof(struct epoll_event)))
		return -EFAULT;
	f = fget((unsigned int)epfd);
	if (!f)
		return -EBADF;
	w.ep = f->private_data;
	w.ev = is_file_epoll(f) ? kmalloc((size_t)w.max * sizeof(*w.ev),
					  GFP_KERNEL) : NULL;
	ret = !is_file_epoll(f) ? -EINVAL : !w.ev ? -ENOMEM : 0;
	if (!ret) {
		poll_initwait(&pw);
		ret = poll_loop(&pw, ep_scan, &w, deadline);
		poll_freewait(&pw);
	}
	if (ret > 0 && copy_to_user(uev, w.ev, (size_t)ret * sizeof(*w.ev)))
		ret = -EFAULT;
	kfree(w.ev);
	fput(f);
	return ret;
}

/* A millisecond timeout as a deadline: negative waits for ever. */
static u64 ms_deadline(int timeout)
{
	if (timeout < 0)
		return POLL_FOREVER;
	return deadline_after((u64)timeout / 1000,
			      (u64)(timeout % 1000) * 1000000);
}

static long ep_eintr(long ret)
{
	return ret == -ERESTARTNOHAND ? -EINTR : ret;
}

/* epoll_wait(2): up to @maxevents ready items, waiting @timeout ms. */
long sys_epoll_wait(int epfd, struct epoll_event __user *uev, int maxevents,
		    int timeout)
{
	return ep_eintr(ep_wait(epfd, uev, maxevents, ms_deadline(timeout)));
}

/* The wait of epoll_pwait and epoll_pwait2 with @umask blocked. */
static long ep_wait_masked(int epfd, struct epoll_event __user *uev,
			   int maxevents, u64 deadline,
			   const sigset_t __user *umask, u64 size)
{
	long ret = set_user_sigmask(umask, size);

	if (ret)
		return ret;
	ret = ep_wait(epfd, uev, maxevents, deadline);
	restore_user_sigmask(ret);
	return ep_eintr(ret);
}

/* epoll_pwait(2): epoll_wait with @umask blocked for the wait. */
long sys_epoll_pwait(int epfd, struct epoll_event __user *uev, int maxevents,
		     int timeout, const sigset_t __user *umask, u64 size)
{
	return ep_wait_masked(epfd, uev, maxevents, ms_deadline(timeout),
			      umask, size);
}

/* epoll_pwait2(2): epoll_pwait with a timespec timeout (NULL: none). */
long sys_epoll_pwait2(int epfd, struct epoll_event __user *uev, int maxevents,
		      const struct timespec __user *uts,
		      const sigset_t __user *umask, u64 size)
{
	u64 deadline;
	long ret = timespec_deadline(uts, &deadline);

	if (ret)
		return ret;
	return ep_wait_masked(epfd, uev, maxevents, deadline, umask, size);
}
