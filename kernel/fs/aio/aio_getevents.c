/*
 * io_getevents(2) and io_pgetevents(2) (Linux's fs/aio.c read_events()):
 * wait until a context's ring holds enough completions, then take them
 * out. The wait is poll_loop()'s (kernel/fs/select.c): each pass first
 * completes the context's pending IOCB_CMD_POLLs whose files are ready,
 * and the first pass queues the waiter on those files' wait queues, so
 * their wake-ups end the sleep. Completions made by another thread of
 * the process are seen at the next wake-up or at the deadline.
 */
#include "kernel/fs/aio/internal.h"
#include "kernel/mm/slab.h"
#include "kernel/signal.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"

struct __aio_sigset {
	const sigset_t __user *sigmask;
	size_t sigsetsize;
};

struct getevents {
	struct kioctx *ctx;
	long min_nr;
	long error;
};

/* poll_loop's scan: complete the pending polls that are ready (queueing
 * on their files the first time), then are there min_nr events? */
static long getevents_scan(void *arg, struct poll_table *pt)
{
	struct getevents *g = arg;
	struct kioctx *ctx = g->ctx;
	struct aio_poll *p, *n;
	u32 head, avail;

	mutex_lock(&ctx->lock);
	list_for_each_entry_safe(p, n, &ctx->pending, list) {
		__poll_t mask = vfs_poll(p->file, pt) & p->events;

		if (!mask || aio_complete(ctx, p->obj, p->data, mask))
			continue;
		aio_poll_free(ctx, p);
	}
	g->error = ring_state(ctx, &head, &avail);
	mutex_unlock(&ctx->lock);
	return g->error ? g->error : avail >= (u32)g->min_nr;
}

/* Up to @nr events out of the ring into @events; how many, or -EFAULT. */
static long copy_events(struct kioctx *ctx, long nr, struct io_event __user *events)
{
	struct aio_ring __user *r = (struct aio_ring __user *)ctx->user_id;
	struct io_event ev;
	u32 head, avail;
	long n = 0, ret;

	mutex_lock(&ctx->lock);
	ret = ring_state(ctx, &head, &avail);
	for (; !ret && n < nr && n < (long)avail; n++) {
		if (copy_from_user(&ev, &r->io_events[head], sizeof(ev)) ||
		    copy_to_user(events + n, &ev, sizeof(ev)))
			ret = -EFAULT;
		else
			head = (head + 1) % ctx->nr;
	}
	if (n && put_user_u32(head, &r->head))
		ret = -EFAULT;
	mutex_unlock(&ctx->lock);
	return n ? n : ret;
}

/* io_getevents without the mask: wait for @min_nr events (until
 * @timeout), then take up to @nr. */
static long do_io_getevents(u64 id, long min_nr, long nr,
			    struct io_event __user *events,
			    struct timespec __user *timeout)
{
	struct getevents g = { .min_nr = min_nr };
	struct poll_wqueues pw;
	u64 deadline;
	long ret = timespec_deadline(timeout, &deadline);

	if (ret)
		return ret;
	g.ctx = lookup_ioctx(id);
	if (!g.ctx)
		return -EINVAL;
	if (min_nr > nr || min_nr < 0) {
		put_ioctx(g.ctx);
		return -EINVAL;
	}
	poll_initwait(&pw);
	ret = poll_loop(&pw, getevents_scan, &g, deadline);
	poll_freewait(&pw);
	if (ret >= 0)
		ret = copy_events(g.ctx, nr, events);
	put_ioctx(g.ctx);
	return ret == -ERESTARTNOHAND ? -EINTR : ret;
}

/* io_getevents(2): at least @min_nr and at most @nr completions of
 * context @id into @events, waiting up to @timeout (NULL: as long as it
 * takes); how many (0 at the deadline), or EINVAL (no such context,
 * @min_nr past @nr or negative), EFAULT, EINTR. */
long sys_io_getevents(u64 id, long min_nr, long nr,
		      struct io_event __user *events,
		      struct timespec __user *timeout)
{
	return do_io_getevents(id, min_nr, nr, events, timeout);
}

/* io_pgetevents(2): io_getevents with @usig's signal mask while it
 * waits (NULL: the mask stays). */
long sys_io_pgetevents(u64 id, long min_nr, long nr,
		       struct io_event __user *events,
		       struct timespec __user *timeout,
		       const struct __aio_sigset __user *usig)
{
	struct __aio_sigset ksig = { NULL, 0 };
	long ret;

	if (usig && copy_from_user(&ksig, usig, sizeof(ksig)))
		return -EFAULT;
	ret = set_user_sigmask(ksig.sigmask, ksig.sigsetsize);
	if (ret)
		return ret;
	ret = do_io_getevents(id, min_nr, nr, events, timeout);
	restore_user_sigmask(ret == -EINTR ? -ERESTARTNOHAND : ret);
	return ret;
}
