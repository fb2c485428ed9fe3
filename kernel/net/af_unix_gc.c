/*
 * Garbage collection of Unix sockets in flight (Linux's
 * net/unix/garbage.c, its algorithm before 6.10). A socket's file sent
 * with SCM_RIGHTS is held by the message until it is received; a socket
 * whose own queue holds its file, or two that hold each other's, keep
 * each other alive once every descriptor is closed, and nothing would
 * ever free them. unix_gc() finds such sets and purges their queues:
 *
 *   1. count, for every socket, how often its file is in flight (in some
 *      queued message; a listener's embryos' queues count as its own);
 *   2. candidates: sockets whose every file reference is in flight;
 *   3. take away the references candidates' own queues hold: a candidate
 *      with any left is reached from outside, and so is every candidate
 *      its queue holds, transitively;
 *   4. the other candidates are garbage: their queued messages go, and
 *      with them the references that kept the set alive.
 *
 * It runs when a Unix socket is released while messages carrying Unix
 * sockets are queued (unix_tot_inflight), as Linux's unix_release_sock()
 * calls it; one lock, unix_lock, freezes every queue for the count.
 */
#include "kernel/fs/vfs.h"
#include "kernel/net/af_unix.h"
#include "lib/atomic.h"

/* Queued messages carrying a Unix socket (unix_queue_skb(), kfree_skb()). */
atomic_long_t unix_tot_inflight;

static bool gc_running;		/* under unix_lock: no nesting */

/* The unix_sock @f is the file of, or NULL. */
static struct unix_sock *unix_of_file(struct file *f)
{
	struct socket *s = sock_from_file(f);

	return s && s->sk && s->sk->sk_family == AF_UNIX ? unix_sk(s->sk) : NULL;
}

/* Call @fn on every Unix socket in flight in @u's own queue. */
static void scan_queue(struct unix_sock *u, void (*fn)(struct unix_sock *t))
{
	struct sk_buff *skb;

	list_for_each_entry(skb, &u->receive_queue, list)
		for (int i = 0; skb->scm.fp && i < skb->scm.fp->count; i++) {
			struct unix_sock *t = unix_of_file(skb->scm.fp->fp[i]);

			if (t)
				fn(t);
		}
}

/* The same, and in the queues of the embryos waiting on @u (a listener):
 * what they hold, the listener holds (Linux's scan_children()). unix_lock
 * held. */
static void scan_queues(struct unix_sock *u, void (*fn)(struct unix_sock *t))
{
	struct unix_sock *e;

	scan_queue(u, fn);
	list_for_each_entry(e, &u->accept_queue, accept_link)
		scan_queue(e, fn);
}

static void count_inflight(struct unix_sock *t)
{
	t->gc_refs++;
}

static void drop_internal(struct unix_sock *t)
{
	if (t->gc_state == UNIX_GC_CANDIDATE)
		t->gc_refs--;
}

static LIST_HEAD(gc_alive);	/* the worklist of step 3 */

static void make_alive(struct unix_sock *t)
{
	if (t->gc_state != UNIX_GC_CANDIDATE)
		return;
	t->gc_state = UNIX_GC_ALIVE;
	list_add_tail(&t->gc_link, &gc_alive);
}

/* Steps 1-3; the garbage is left marked UNIX_GC_CANDIDATE. */
static void gc_mark(void)
{
	struct unix_sock *u, *t;

	list_for_each_entry(u, &unix_all, all) {
		u->gc_state = UNIX_GC_NONE;
		u->gc_refs = 0;
	}
	list_for_each_entry(u, &unix_all, all)	/* embryos are on it too */
		scan_queue(u, count_inflight);
	list_for_each_entry(u, &unix_all, all)
		if (u->gc_refs && u->sk.sk_socket && u->sk.sk_socket->file &&
		    refcount_read(&u->sk.sk_socket->file->f_count) == u->gc_refs)
			u->gc_state = UNIX_GC_CANDIDATE;
	list_for_each_entry(u, &unix_all, all)
		if (u->gc_state == UNIX_GC_CANDIDATE)
			scan_queues(u, drop_internal);
	list_for_each_entry(u, &unix_all, all)
		if (u->gc_state == UNIX_GC_CANDIDATE && u->gc_refs)
			make_alive(u);
	while (!list_empty(&gc_alive)) {
		t = list_first_entry(&gc_alive, struct unix_sock, gc_link);
		list_del(&t->gc_link);
		scan_queues(t, make_alive);
	}
}

/* Step 4: the messages of @u's own queue onto @hit. unix_lock held. */
static void take_queue(struct unix_sock *u, struct list_head *hit)
{
	list_splice_init(&u->receive_queue, hit);
	u->qlen = 0;
	u->rmem = 0;
}

/* ... and of a garbage socket's embryos' queues too. */
static void take_queues(struct unix_sock *u, struct list_head *hit)
{
	struct unix_sock *e;

	take_queue(u, hit);
	list_for_each_entry(e, &u->accept_queue, accept_link)
		take_queue(e, hit);
}

void unix_gc(void)
{
	struct unix_sock *u;
	LIST_HEAD(hit);

	if (!atomic_long_read(&unix_tot_inflight))
		return;		/* every close: no lock while nothing is in flight */
	spin_lock(&unix_lock);
	if (gc_running || !atomic_long_read(&unix_tot_inflight)) {
		spin_unlock(&unix_lock);
		return;
	}
	gc_running = true;
	gc_mark();
	list_for_each_entry(u, &unix_all, all)
		if (u->gc_state == UNIX_GC_CANDIDATE)
			take_queues(u, &hit);
	spin_unlock(&unix_lock);
	/* Their files' last references go here: the sockets are released,
	 * and their unix_gc() calls find gc_running set. */
	skb_queue_purge(&hit);
	spin_lock(&unix_lock);
	gc_running = false;
	spin_unlock(&unix_lock);
}
