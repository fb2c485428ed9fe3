/*
 * poll(2), ppoll(2), select(2) and pselect6(2) (Linux's fs/select.c):
 * wait until one of several files is ready.
 *
 * Every call comes down to poll_loop(): ask each file its events with
 * vfs_poll(). The first pass hands the files a poll_table, and each file
 * queues us (one poll_table_entry each) on the wait queues whose wake-up
 * may change its answer. If nothing is ready we sleep, interruptibly and
 * at most until the deadline; any of those wake-ups, a signal or the
 * deadline sends us round again. Later passes only look: we stay queued
 * until poll_freewait() takes us off every queue at the end.
 *
 *   poll_wqueues --> table page --> entry: wait (on pipe rd_wait), file
 *                                   entry: wait (on tty read_wait), file
 *
 * An entry holds a reference to its file, because the wait queue lives
 * in the file's object and another thread may close the descriptor
 * while we sleep. Timeouts are deadlines on the monotonic clock; select,
 * pselect6 and ppoll write back the time left, as Linux does. ppoll and
 * pselect6 swap in a signal mask for the wait; when a signal ends the
 * wait the old mask comes back only after its handler has been set up
 * (the handler's frame records it), so the signal is not lost.
 */
#include "kernel/fs/poll.h"
#include "kernel/fs/syscalls.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/slab.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/time/time_kernel.h"
#include "lib/errno.h"
#include "lib/string.h"

#define NS_PER_TICK (NSEC_PER_SEC / HZ)
#define USEC_PER_SEC 1000000ull

/* select's classes of events (Linux's POLLIN_SET, ...). */
#define POLLIN_SET (EPOLLRDNORM | EPOLLRDBAND | EPOLLIN | EPOLLHUP | EPOLLERR)
#define POLLOUT_SET (EPOLLWRBAND | EPOLLWRNORM | EPOLLOUT | EPOLLERR)
#define POLLEX_SET EPOLLPRI

__poll_t vfs_poll(struct file *file, struct poll_table *pt)
{
	if (!file->f_op->poll)
		return DEFAULT_POLLMASK;
	return file->f_op->poll(file, pt);
}

/* A free entry of @pw, or NULL (out of memory). */
static struct poll_table_entry *poll_get_entry(struct poll_wqueues *pw)
{
	struct poll_table_page *page = pw->pages;

	if (!page || page->used == ENTRIES_PER_PAGE) {
		page = kmalloc(sizeof(*page), GFP_KERNEL);
		if (!page)
			return NULL;
		page->used = 0;
		page->next = pw->pages;
		pw->pages = page;
	}
	return &page->entries[page->used++];
}

/* poll_table's qproc: queue current on @wq for as long as the call lasts. */
static void __pollwait(struct file *file, struct wait_queue_head *wq,
		       struct poll_table *pt)
{
	struct poll_wqueues *pw = container_of(pt, struct poll_wqueues, pt);
	struct poll_table_entry *e = poll_get_entry(pw);

	if (!e) {
		pw->error = -ENOMEM;
		return;
	}
	e->file = get_file(file);
	e->wq = wq;
	e->wait.task = current;
	INIT_LIST_HEAD(&e->wait.entry);
	if (pt->exclusive)
		prepare_to_wait_exclusive(wq, &e->wait, TASK_RUNNING);
	else
		prepare_to_wait(wq, &e->wait, TASK_RUNNING);
}

void poll_initwait(struct poll_wqueues *pw)
{
	pw->pt.qproc = __pollwait;
	pw->pt.exclusive = false;
	pw->pages = NULL;
	pw->error = 0;
}

/* Off every wait queue, files released, pages freed. */
void poll_freewait(struct poll_wqueues *pw)
{
	struct poll_table_page *page = pw->pages, *next;

	for (; page; page = next) {
		for (unsigned int i = 0; i < page->used; i++) {
			finish_wait(page->entries[i].wq, &page->entries[i].wait);
			fput(page->entries[i].file);
		}
		next = page->next;
		kfree(page);
	}
	pw->pages = NULL;
}

/* Ticks from @now until @deadline, rounded up. */
static u64 ticks_until(u64 deadline, u64 now)
{
	if (deadline == POLL_FOREVER)
		return MAX_SCHEDULE_TIMEOUT;
	return (deadline - now + NS_PER_TICK - 1) / NS_PER_TICK;
}

/*
 * Call @scan(@arg, pt) until it finds something ready (> 0) or fails
 * (< 0), a signal comes (-ERESTARTNOHAND) or @deadline passes (0).
 * The first scan registers on the wait queues; later ones run with our
 * state already TASK_INTERRUPTIBLE, so no wake-up after them is lost.
 */
long poll_loop(struct poll_wqueues *pw,
		      long (*scan)(void *arg, struct poll_table *pt),
		      void *arg, u64 deadline)
{
	long n = scan(arg, &pw->pt);

	while (!n && !pw->error) {
		u64 now = ktime_get_ns();

		if (signal_pending(current))
			return -ERESTARTNOHAND;
		if (now >= deadline)
			break;
		set_current_state(TASK_INTERRUPTIBLE);
		n = scan(arg, NULL);
		if (!n && !signal_pending(current))
			schedule_timeout(ticks_until(deadline, now));
		__set_current_state(TASK_RUNNING);
	}
	return n ? n : pw->error;
}

/* The deadline @sec s + @nsec ns from now; 0 for a zero timeout. */
u64 deadline_after(u64 sec, u64 nsec)
{
	if (!sec && !nsec)
		return 0;
	if (sec > 100000000)		/* years: for ever */
		return POLL_FOREVER;
	return ktime_get_ns() + sec * NSEC_PER_SEC + nsec;
}

/* Nanoseconds left until @deadline (0 when passed). */
static u64 time_left(u64 deadline)
{
	u64 now = ktime_get_ns();

	return deadline > now ? deadline - now : 0;
}

/* ---- signal masks (ppoll, pselect6) ---- */

/* Block @umask (user, @size bytes; NULL: keep the mask) for the wait. */
long set_user_sigmask(const sigset_t __user *umask, u64 size)
{
	sigset_t m;
	long ret;

	if (!umask)
		return 0;
	ret = copy_sigset_from_user(&m, umask, size);
	if (!ret)
		set_restore_blocked(m);
	return ret;
}

/* After the wait: put the old mask back now, unless a signal ended the
 * wait (@ret); then the return to user mode does it, after the handler's
 * frame has recorded it. */
void restore_user_sigmask(long ret)
{
	struct task_struct *t = current;
	unsigned long flags;

	if (ret == -ERESTARTNOHAND || !t->restore_sigmask)
		return;
	flags = spin_lock_irqsave(&t->sighand->siglock);
	t->blocked = t->saved_sigmask;
	t->restore_sigmask = false;
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
}

/* ---- poll, ppoll ---- */

struct pollfd {
	int fd;
	short events, revents;
};

struct poll_list {
	struct pollfd *fds;
	unsigned int nfds;
};

/* The events of one pollfd: revents, POLLNVAL for a closed fd. */
static __poll_t pollfd_events(struct pollfd *p, struct poll_table *pt)
{
	struct file *f;
	__poll_t mask;

	if (p->fd < 0)
		return 0;
	f = fget((unsigned int)p->fd);	/* NULL for O_PATH too */
	if (!f)
		return EPOLLNVAL;
	mask = vfs_poll(f, pt) & ((u16)p->events | EPOLLERR | EPOLLHUP);
	fput(f);
	return mask;
}

/* poll_loop's scan for poll: the number of pollfds with revents. */
static long poll_scan(void *arg, struct poll_table *pt)
{
	struct poll_list *l = arg;
	long n = 0;

	for (unsigned int i = 0; i < l->nfds; i++) {
		l->fds[i].revents = (short)pollfd_events(&l->fds[i], pt);
		n += l->fds[i].revents != 0;
	}
	return n;
}

/* poll over @nfds user pollfds until @deadline; the count or -errno. */
static long do_sys_poll(struct pollfd __user *ufds, unsigned int nfds,
			u64 deadline)
{
	struct poll_list l = { NULL, nfds };
	struct poll_wqueues pw;
	size_t size = (size_t)nfds * sizeof(struct pollfd);
	long ret;

	if (nfds > current->signal->rlim[RLIMIT_NOFILE].rlim_cur)
		return -EINVAL;
	l.fds = kmalloc(size, GFP_KERNEL);
	if (!l.fds)
		return -ENOMEM;
	ret = copy_from_user(l.fds, ufds, size) ? -EFAULT : 0;
	if (!ret) {
		poll_initwait(&pw);
		ret = poll_loop(&pw, poll_scan, &l, deadline);
		poll_freewait(&pw);
	}
	/* By byte offset: the user's array need not be aligned, and naming
	 * a member through a misaligned pointer is undefined (UBSAN). */
	for (unsigned int i = 0; ret >= 0 && i < nfds; i++)
		if (copy_to_user((char __user *)ufds + i * sizeof(struct pollfd) +
				 offsetof(struct pollfd, revents),
				 &l.fds[i].revents, sizeof(short)))
			ret = -EFAULT;
	kfree(l.fds);
	return ret;
}

/* A timed poll a signal without a handler interrupted goes on, to the
 * same deadline, through restart_syscall (as Linux). */
static long poll_timed(struct pollfd __user *ufds, unsigned int nfds,
		       u64 deadline);

static long poll_restart(struct restart_block *rb)
{
	return poll_timed(rb->uaddr, (unsigned int)rb->nr, rb->expires);
}

static long poll_timed(struct pollfd __user *ufds, unsigned int nfds,
		       u64 deadline)
{
	long ret = do_sys_poll(ufds, nfds, deadline);

	if (ret == -ERESTARTNOHAND && deadline != POLL_FOREVER) {
		current->restart_block = (struct restart_block){
			.fn = poll_restart, .expires = deadline,
			.uaddr = ufds, .nr = nfds,
		};
		ret = -ERESTART_RESTARTBLOCK;
	}
	return ret;
}

/* poll(2): wait up to @timeout_ms (negative: for ever) for @ufds. */
long sys_poll(struct pollfd __user *ufds, unsigned int nfds, int timeout_ms)
{
	u64 deadline = POLL_FOREVER;

	if (timeout_ms >= 0)
		deadline = deadline_after((u64)timeout_ms / 1000,
					  (u64)(timeout_ms % 1000) * 1000000);
	return poll_timed(ufds, nfds, deadline);
}

/* A user timespec as a deadline (NULL: for ever). 0 or -errno. */
long timespec_deadline(const struct timespec __user *uts, u64 *deadline)
{
	struct timespec ts;

	*deadline = POLL_FOREVER;
	if (!uts)
		return 0;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (s64)NSEC_PER_SEC)
		return -EINVAL;
	*deadline = deadline_after((u64)ts.tv_sec, (u64)ts.tv_nsec);
	return 0;
}

#define STICKY_TIMEOUTS 0x4000000	/* a personality(2) flag */

/* Does current keep its timeouts as given (personality STICKY_TIMEOUTS,
 * as Linux's poll_select_finish())? */
static bool timeout_sticky(void)
{
	return current->personality & STICKY_TIMEOUTS;
}

/*
 * Write the time left to @uts. A fault is ignored (Linux's rule: the
 * update is a courtesy, the wait's result stands), but then an
 * interrupted call may not restart with the old timeout: -EINTR.
 */
static long put_timespec_left(struct timespec __user *uts, u64 deadline,
			      long ret)
{
	u64 left = time_left(deadline);
	struct timespec ts = { (s64)(left / NSEC_PER_SEC),
			       (s64)(left % NSEC_PER_SEC) };

	if (!uts || !deadline || deadline == POLL_FOREVER || timeout_sticky())
		return ret;
	if (copy_to_user(uts, &ts, sizeof(ts)) && ret == -ERESTARTNOHAND)
		return -EINTR;
	return ret;
}

/* ppoll(2): poll with a timespec timeout and a signal mask for the wait. */
long sys_ppoll(struct pollfd __user *ufds, unsigned int nfds,
	       struct timespec __user *tsp, const sigset_t __user *sigmask,
	       u64 sigsetsize)
{
	u64 deadline;
	long ret = timespec_deadline(tsp, &deadline);

	if (!ret)
		ret = set_user_sigmask(sigmask, sigsetsize);
	if (ret)
		return ret;
	ret = do_sys_poll(ufds, nfds, deadline);
	restore_user_sigmask(ret);
	return put_timespec_left(tsp, deadline, ret);
}

/* ---- select, pselect6 ---- */

/* select's sets stop here: past FD_SETSIZE (1024) only for a program
 * that made its own larger fd_set; INR_OPEN_MAX covers the default
 * hard RLIMIT_NOFILE. */
#define FDS_WORDS (INR_OPEN_MAX / 64)

/* select's three sets in and out, as kernel bitmaps of @n bits. */
struct fd_sets {
	unsigned int n;
	u64 in[FDS_WORDS], out[FDS_WORDS], ex[FDS_WORDS];
	u64 res_in[FDS_WORDS], res_out[FDS_WORDS], res_ex[FDS_WORDS];
};

static bool fd_isset(const u64 *set, unsigned int fd)
{
	return set[fd / 64] >> (fd % 64) & 1;
}

/* Poll fd @fd for what @s asks of it; -EBADF if it asks of a closed fd. */
static long select_one(struct fd_sets *s, unsigned int fd, struct poll_table *pt)
{
	bool in = fd_isset(s->in, fd), out = fd_isset(s->out, fd);
	bool ex = fd_isset(s->ex, fd);
	u64 bit = 1ull << (fd % 64);
	struct file *f;
	__poll_t mask;
	long n = 0;

	if (!in && !out && !ex)
		return 0;
	f = fget(fd);
	if (!f)
		return -EBADF;
	mask = vfs_poll(f, pt);
	fput(f);
	if (in && (mask & POLLIN_SET) && ++n)
		s->res_in[fd / 64] |= bit;
	if (out && (mask & POLLOUT_SET) && ++n)
		s->res_out[fd / 64] |= bit;
	if (ex && (mask & POLLEX_SET) && ++n)
		s->res_ex[fd / 64] |= bit;
	return n;
}

/* poll_loop's scan for select: the number of bits in the result sets. */
static long select_scan(void *arg, struct poll_table *pt)
{
	struct fd_sets *s = arg;
	long n = 0;

	for (unsigned int fd = 0; fd < s->n; fd++) {
		long r = select_one(s, fd, pt);

		if (r < 0)
			return r;
		n += r;
	}
	return n;
}

/* Copy @n bits of user set @u (NULL: empty) into @k. */
static long get_fd_set(u64 *k, const u64 __user *u, unsigned int n)
{
	size_t bytes = (n + 63) / 64 * 8;

	memset(k, 0, FDS_WORDS * 8);
	if (!u || !n)
		return 0;
	if (copy_from_user(k, u, bytes))
		return -EFAULT;
	if (n % 64)
		k[n / 64] &= (1ull << (n % 64)) - 1;
	return 0;
}

static long put_fd_set(u64 __user *u, const u64 *k, unsigned int n)
{
	size_t bytes = (n + 63) / 64 * 8;

	return u && n && copy_to_user(u, k, bytes) ? -EFAULT : 0;
}

/* select over @n descriptors until @deadline: bits set, or -errno. */
static long core_sys_select(int n, u64 __user *inp, u64 __user *outp,
			    u64 __user *exp, u64 deadline)
{
	struct fd_sets *s;
	struct poll_wqueues pw;
	long ret;

	if (n < 0)
		return -EINVAL;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	/* Bits past the descriptor table are ignored, as in Linux. */
	s->n = MIN((unsigned int)n, (unsigned int)INR_OPEN_MAX);
	ret = get_fd_set(s->in, inp, s->n);
	if (!ret)
		ret = get_fd_set(s->out, outp, s->n);
	if (!ret)
		ret = get_fd_set(s->ex, exp, s->n);
	if (!ret) {
		poll_initwait(&pw);
		ret = poll_loop(&pw, select_scan, s, deadline);
		poll_freewait(&pw);
	}
	if (ret >= 0 && (put_fd_set(inp, s->res_in, s->n) ||
			 put_fd_set(outp, s->res_out, s->n) ||
			 put_fd_set(exp, s->res_ex, s->n)))
		ret = -EFAULT;
	kfree(s);
	return ret;
}

struct timeval {
	s64 tv_sec, tv_usec;
};

/* select(2): @tvp is a timeval (NULL: for ever), updated to the time left. */
long sys_select(int n, u64 __user *inp, u64 __user *outp, u64 __user *exp,
		struct timeval __user *tvp)
{
	u64 deadline = POLL_FOREVER, left;
	struct timeval tv;
	long ret;

	if (tvp) {
		if (copy_from_user(&tv, tvp, sizeof(tv)))
			return -EFAULT;
		if (tv.tv_sec < 0 || tv.tv_usec < 0)
			return -EINVAL;
		deadline = deadline_after((u64)tv.tv_sec + (u64)tv.tv_usec / USEC_PER_SEC,
					  (u64)tv.tv_usec % USEC_PER_SEC * 1000);
	}
	ret = core_sys_select(n, inp, outp, exp, deadline);
	if (!tvp || !deadline || deadline == POLL_FOREVER || timeout_sticky())
		return ret;
	left = time_left(deadline);
	tv = (struct timeval){ (s64)(left / NSEC_PER_SEC),
			       (s64)(left % NSEC_PER_SEC / 1000) };
	if (copy_to_user(tvp, &tv, sizeof(tv)) && ret == -ERESTARTNOHAND)
		return -EINTR;
	return ret;
}

/* pselect6's sixth argument: the mask and its size, packed. */
struct sigset_argpack {
	const sigset_t __user *p;
	u64 size;
};

/* pselect6(2): select with a timespec and a signal mask for the wait. */
long sys_pselect6(int n, u64 __user *inp, u64 __user *outp, u64 __user *exp,
		  struct timespec __user *tsp, const void __user *sig)
{
	struct sigset_argpack pack = { NULL, 0 };
	u64 deadline;
	long ret;

	if (sig && copy_from_user(&pack, sig, sizeof(pack)))
		return -EFAULT;
	ret = timespec_deadline(tsp, &deadline);
	if (!ret)
		ret = set_user_sigmask(pack.p, pack.size);
	if (ret)
		return ret;
	ret = core_sys_select(n, inp, outp, exp, deadline);
	restore_user_sigmask(ret);
	return put_timespec_left(tsp, deadline, ret);
}
