/*
 * Unix-domain sockets (Linux's net/unix/af_unix.c): moving bytes, and
 * streams (datagrams are af_unix_dgram.c). A send copies the caller's
 * bytes into an sk_buff (no lock held: the copy may fault), charges it
 * to the sender's sk_wmem_alloc and queues it on the receiver under
 * unix_lock; reading it frees it and gives the charge back, waking the
 * sender. So SO_SNDBUF bounds what one socket has sent and not yet had
 * read: the sender waits (SO_SNDTIMEO at most), or gets EAGAIN when
 * non-blocking. poll and ioctl are here too.
 *
 *   stream     bytes; a send is cut into sk_buffs of at most half the
 *              send buffer, a receive takes bytes across them (stopping
 *              before one that carries descriptors, so they come with
 *              their own bytes). EOF once the peer shut down or closed;
 *              a send then is EPIPE and SIGPIPE (not with MSG_NOSIGNAL).
 *   datagram,  one sk_buff per message (af_unix_dgram.c).
 *   seqpacket
 *
 * Each socket has one reader at a time (iolock), so a reader copies out
 * of the sk_buff at the head of its queue with no lock held: only the
 * reader takes sk_buffs off its own queue (and release, which no reader
 * can race: it runs at the last close of the file).
 */
#include "kernel/mm/slab.h"
#include "kernel/net/af_unix.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define FIONREAD 0x541B		/* SIOCINQ */
#define TIOCOUTQ 0x5411		/* SIOCOUTQ */
#define STREAM_SKB_MAX (16384 - sizeof(struct sk_buff))

static long sk_wmem(struct sock *sk)
{
	return __atomic_load_n(&sk->sk_wmem_alloc, __ATOMIC_RELAXED);
}

void kfree_skb(struct sk_buff *skb)
{
	struct sock *sk = skb->sk;

	__atomic_sub_fetch(&sk->sk_wmem_alloc, (long)skb->truesize,
			   __ATOMIC_RELAXED);
	sk_write_space(sk);
	sock_put(sk);
	unix_addr_put(skb->addr);
	scm_destroy(&skb->scm);
	if (skb->carries_unix)
		atomic_long_sub(1, &unix_tot_inflight);
	kfree(skb);
}

void skb_queue_purge(struct list_head *list)
{
	while (!list_empty(list)) {
		struct sk_buff *skb = list_first_entry(list, struct sk_buff, list);

		list_del(&skb->list);
		kfree_skb(skb);
	}
}

/* Wait until @sk may send more (or it can send no more), for at most
 * SO_SNDTIMEO (not at all when @nonblock); 0 or -errno. */
static long sock_wait_for_wmem(struct sock *sk, bool nonblock)
{
	u64 timeo = nonblock ? 0 : READ_ONCE(sk->sk_sndtimeo);

	return sk_wait_event(sk->sk_wait,
		sk_wmem(sk) < READ_ONCE(sk->sk_sndbuf) ||
		(READ_ONCE(sk->sk_shutdown) & SEND_SHUTDOWN) ||
		READ_ONCE(sk->sk_err), &timeo);
}

struct sk_buff *unix_skb_alloc(struct sock *sk, struct msghdr *m,
				      size_t len)
{
	long err = sock_wait_for_wmem(sk, m->msg_flags & MSG_DONTWAIT);
	struct sk_buff *skb;

	if (err)
		return ERR_PTR(err);
	skb = kzalloc(sizeof(*skb) + len, GFP_KERNEL);
	if (!skb)
		return ERR_PTR(-ENOMEM);
	skb->sk = sk;
	sock_hold(sk);
	skb->len = len;
	skb->truesize = len + SKB_OVERHEAD;
	__atomic_add_fetch(&sk->sk_wmem_alloc, (long)skb->truesize,
			   __ATOMIC_RELAXED);
	if (copy_from_iter(skb->data, len, &m->msg_iter) != len) {
		kfree_skb(skb);
		return ERR_PTR(-EFAULT);
	}
	return skb;
}

void unix_queue_skb(struct unix_sock *u, struct sk_buff *skb, int level)
{
	if (level > 0 && !skb->carries_unix) {	/* a Unix socket in flight */
		skb->carries_unix = true;
		atomic_long_add(1, &unix_tot_inflight);
	}
	list_add_tail(&skb->list, &u->receive_queue);
	u->qlen++;
	u->rmem += skb->len;
	u->level = MAX(u->level, level);
}

/*
 * Closing a socket frees its queue, which puts the files in flight in it,
 * which may be sockets whose queues hold sockets...: fput() releases at
 * once, on this kernel stack, so the chain must be short. As Linux did
 * before its fput() was deferred, a socket whose queue nests sockets
 * UNIX_MAX_LEVEL deep may not be sent (ETOOMANYREFS).
 */
int unix_scm_level(const struct scm_cookie *scm)
{
	int level = 0;

	for (int i = 0; scm->fp && i < scm->fp->count; i++) {
		struct socket *s = sock_from_file(scm->fp->fp[i]);

		if (s && s->sk && s->sk->sk_family == AF_UNIX)
			level = MAX(level, READ_ONCE(unix_sk(s->sk)->level) + 1);
	}
	return level > UNIX_MAX_LEVEL ? -ETOOMANYREFS : level;
}

/* Why @u cannot send a stream's bytes now (under unix_lock), or 0. */
static long unix_stream_send_check(struct unix_sock *u)
{
	struct unix_sock *other = u->peer;

	if (!other)
		return -ENOTCONN;
	if ((u->sk.sk_shutdown & SEND_SHUTDOWN) || other->sk.sk_dead ||
	    (other->sk.sk_shutdown & RCV_SHUTDOWN))
		return -EPIPE;
	return 0;
}

/* Queue one piece of a stream; 0 or -errno (@skb freed). */
static long unix_stream_send_skb(struct unix_sock *u, struct sk_buff *skb,
				 int level)
{
	struct unix_sock *other;
	long err;

	spin_lock(&unix_lock);
	err = unix_stream_send_check(u);
	other = u->peer;
	if (!err)
		unix_queue_skb(other, skb, level);
	spin_unlock(&unix_lock);
	if (err)
		kfree_skb(skb);
	else
		sk_data_ready(&other->sk);
	return err;
}

long unix_stream_sendmsg(struct socket *sock, struct msghdr *m, size_t len)
{
	struct unix_sock *u = unix_sk(sock->sk);
	struct scm_cookie scm = { 0 };
	size_t sent = 0;
	int level;
	long err;

	if (m->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (m->msg_name)
		return READ_ONCE(u->sk.sk_state) == TCP_ESTABLISHED ?
		       -EISCONN : -EOPNOTSUPP;
	err = unix_passes_scm(sock->sk) ? scm_send(sock, m, &scm) : 0;
	if (err)
		return err;
	level = unix_scm_level(&scm);
	spin_lock(&unix_lock);
	err = level < 0 ? level : unix_stream_send_check(u);
	spin_unlock(&unix_lock);
	while (!err && sent < len) {
		size_t size = MIN(len - sent, (size_t)READ_ONCE(u->sk.sk_sndbuf) / 2 - 64);
		struct sk_buff *skb;

		skb = unix_skb_alloc(&u->sk, m, MIN(size, STREAM_SKB_MAX));
		if (IS_ERR(skb)) {
			err = PTR_ERR(skb);
			break;
		}
		skb->scm.creds = scm.creds;
		skb->scm.fp = scm.fp;		/* with the first piece only */
		scm.fp = NULL;
		size = skb->len;	/* once queued, the reader may free it */
		err = unix_stream_send_skb(u, skb, level);
		if (!err)
			sent += size;
	}
	scm_destroy(&scm);
	if (err == -EPIPE && !sent && !(m->msg_flags & MSG_NOSIGNAL))
		send_sig(SIGPIPE, current);
	return sent ? (long)sent : err;
}

/* Under unix_lock: the sk_buff holding the byte @*skip bytes into @u's
 * queue (*@skip then the offset past its read part), or NULL. */
static struct sk_buff *skb_peek_at(struct unix_sock *u, size_t *skip)
{
	struct sk_buff *skb;

	list_for_each_entry(skb, &u->receive_queue, list) {
		size_t avail = skb->len - skb->consumed;

		if (*skip < avail)
			return skb;
		*skip -= avail;
	}
	return NULL;
}

long unix_wait_data(struct unix_sock *u, size_t skip, u64 *timeo)
{
	struct sock *sk = &u->sk;
	long err = sock_error(sk);
	bool queued, shut;

	if (err)
		return err;
	/* Bytes may have come, then the shutdown, since the caller found
	 * the queue empty: look at both under the lock their writers take,
	 * so that the end of file never comes before them. */
	spin_lock(&unix_lock);
	queued = u->rmem > skip || (!skip && u->qlen);
	shut = sk->sk_shutdown & RCV_SHUTDOWN;
	spin_unlock(&unix_lock);
	if (queued)
		return 1;
	if (shut)
		return 0;
	if (!*timeo)
		return -EAGAIN;
	mutex_unlock(&u->iolock);
	err = sk_wait_event(sk->sk_wait,
		READ_ONCE(u->rmem) > skip || (!skip && READ_ONCE(u->qlen)) ||
		READ_ONCE(sk->sk_err) ||
		(READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN), timeo);
	mutex_lock(&u->iolock);
	return err ? err : 1;
}

/* The reader has taken @n bytes of @skb (at the queue's head). */
static void unix_consume(struct unix_sock *u, struct sk_buff *skb, size_t n)
{
	bool done;

	spin_lock(&unix_lock);
	skb->consumed += n;
	u->rmem -= n;
	done = skb->consumed == skb->len;
	if (done) {
		list_del(&skb->list);
		u->qlen--;
	}
	spin_unlock(&unix_lock);
	if (done) {
		wake_up(&u->peer_wait);
		kfree_skb(skb);
	}
}

/* Copy what @skb has past @off; bytes, or -EFAULT. Its descriptors
 * (a copy of them for MSG_PEEK) go to @scm. */
static long unix_stream_copy(struct unix_sock *u, struct sk_buff *skb,
			     size_t off, struct msghdr *m,
			     struct scm_cookie *scm, int flags)
{
	size_t chunk = MIN(skb->len - skb->consumed - off, m->msg_iter.count);
	size_t n;

	if (!chunk)		/* recv of 0 bytes: take nothing, no descriptors */
		return 0;
	n = copy_to_iter(skb->data + skb->consumed + off, chunk, &m->msg_iter);
	if (!n)
		return -EFAULT;
	scm->creds = skb->scm.creds;
	if (flags & MSG_PEEK) {
		if (skb->scm.fp)
			scm->fp = scm_fp_dup(skb->scm.fp);
	} else {
		spin_lock(&unix_lock);	/* unix_gc() counts the queued ones */
		scm->fp = skb->scm.fp;
		skb->scm.fp = NULL;
		spin_unlock(&unix_lock);
		unix_consume(u, skb, n);
	}
	return (long)n;
}

/* One pass of a stream receive: bytes copied, 0 (stop), or -errno. */
static long unix_stream_read_one(struct unix_sock *u, struct msghdr *m,
				 size_t *skip, size_t copied,
				 struct scm_cookie *scm, int flags)
{
	struct sk_buff *skb;
	size_t off = *skip;

	spin_lock(&unix_lock);
	skb = skb_peek_at(u, &off);
	spin_unlock(&unix_lock);
	if (!skb)
		return -EAGAIN;		/* the caller waits or stops */
	if (copied && skb->scm.fp)
		return 0;		/* its descriptors come with its bytes */
	return unix_stream_copy(u, skb, off, m, scm, flags);
}

long unix_stream_recvmsg(struct socket *sock, struct msghdr *m, size_t len,
			 int flags)
{
	struct unix_sock *u = unix_sk(sock->sk);
	size_t target = flags & MSG_WAITALL ? MAX(len, (size_t)1) : 1;
	struct scm_cookie scm = { 0 };
	size_t copied = 0, skip = 0;
	u64 timeo = flags & MSG_DONTWAIT ? 0 : READ_ONCE(u->sk.sk_rcvtimeo);
	long err = 0, n;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (READ_ONCE(u->sk.sk_state) != TCP_ESTABLISHED)
		return -EINVAL;
	if (mutex_lock_interruptible(&u->iolock))
		return -ERESTARTSYS;
	for (;;) {
		n = unix_stream_read_one(u, m, &skip, copied, &scm, flags);
		if (n == -EAGAIN) {
			if (copied >= target)
				break;
			n = unix_wait_data(u, skip, &timeo);
			if (n == 1)
				continue;
		}
		if (n <= 0) {
			err = n;
			break;
		}
		copied += (size_t)n;
		if (flags & MSG_PEEK)
			skip += (size_t)n;
		if (scm.fp || !m->msg_iter.count)
			break;
	}
	mutex_unlock(&u->iolock);
	if (copied && unix_passes_scm(sock->sk))
		scm_recv(sock, m, &scm, flags);
	scm_destroy(&scm);
	return copied ? (long)copied : err;
}

__poll_t unix_poll(struct file *file, struct socket *sock,
		   struct poll_table *pt)
{
	struct unix_sock *u = unix_sk(sock->sk);
	struct sock *sk = &u->sk;
	__poll_t mask = 0;
	u8 shutdown, state;

	poll_wait(file, &sk->sk_wait, pt);	/* first: then no change is missed */
	shutdown = READ_ONCE(sk->sk_shutdown);
	state = READ_ONCE(sk->sk_state);
	if (READ_ONCE(sk->sk_err))
		mask |= EPOLLERR;
	if (shutdown == SHUTDOWN_MASK)
		mask |= EPOLLHUP;
	if (shutdown & RCV_SHUTDOWN)
		mask |= EPOLLRDHUP | EPOLLIN | EPOLLRDNORM;
	if (READ_ONCE(u->qlen) || READ_ONCE(u->accept_qlen))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (sk->sk_type != SOCK_DGRAM && state == TCP_CLOSE)
		mask |= EPOLLHUP;
	if (state != TCP_LISTEN && sk_wmem(sk) * 4 <= READ_ONCE(sk->sk_sndbuf) &&
	    (sk->sk_type != SOCK_DGRAM || unix_dgram_peer_writable(file, u, pt)))
		mask |= EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND;
	return mask;
}

long unix_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	struct unix_sock *u = unix_sk(sock->sk);
	long n;

	switch (cmd) {
	case TIOCOUTQ:
		n = sk_wmem(&u->sk);
		break;
	case FIONREAD:
		if (READ_ONCE(u->sk.sk_state) == TCP_LISTEN)
			return -EINVAL;
		spin_lock(&unix_lock);
		n = (long)u->rmem;
		if (sock->type != SOCK_STREAM)
			n = list_empty(&u->receive_queue) ? 0 : (long)
			    list_first_entry(&u->receive_queue, struct sk_buff,
					     list)->len;
		spin_unlock(&unix_lock);
		break;
	default:
		return -ENOTTY;
	}
	return put_user_u32((u32)n, (u32 __user *)arg) ? -EFAULT : 0;
}
