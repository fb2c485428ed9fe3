/*
 * Unix-domain datagram and seqpacket sockets (Linux's
 * net/unix/af_unix.c, unix_dgram_* and unix_seqpacket_*): one sk_buff per
 * message. A datagram goes to the name given or to the connected peer;
 * a receiver connected to another socket refuses it (EPERM), and one not
 * connected back holds at most 10 (net.unix.max_dgram_qlen) before
 * senders wait or get EAGAIN. A sender whose peer closed gets
 * ECONNREFUSED once and is disconnected. A receive takes one whole
 * message: a short buffer truncates it (MSG_TRUNC in msg_flags; the
 * whole length returned with the MSG_TRUNC flag). A seqpacket socket
 * sends and receives the same way over a connection (ENOTCONN without
 * one, EPIPE once the peer is gone).
 */
#include "kernel/net/af_unix.h"
#include "kernel/signal.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

/*
 * Pollers waiting for room in a full receiver's queue. One queue for all:
 * a poller may not sleep on the receiver's own peer_wait, which goes
 * with the receiver when it is freed (a datagram socket's peer can change
 * and die while poll sleeps); whoever takes a datagram off a queue, or
 * closes a socket, wakes them all to look again.
 */
DECLARE_WAIT_QUEUE_HEAD(unix_dgram_room);

/* Under unix_lock: may @u queue datagram @skb on @other now? 0, 1 (wait:
 * its queue is full), 2 (drop it: UDP's full receive buffer), or -errno. */
static long unix_dgram_send_check(struct unix_sock *u, struct unix_sock *other,
				  struct sk_buff *skb)
{
	if (other->sk.sk_dead)
		return u->sk.sk_type == SOCK_SEQPACKET ? -EPIPE : -ECONNREFUSED;
	if (other->peer && other->peer != u)
		return -EPERM;
	if (other->sk.sk_shutdown & RCV_SHUTDOWN)
		return -EPIPE;
	if (other->sk.sk_family != AF_UNIX)
		return other->rmem + skb->len > (size_t)other->sk.sk_rcvbuf ? 2 : 0;
	if (other->peer != u && other->qlen > UNIX_MAX_DGRAM_QLEN)
		return 1;
	return 0;
}

/* Queue @skb on @other, waiting for room; 0 or -errno (@skb freed). */
static long unix_dgram_queue(struct unix_sock *u, struct unix_sock *other,
			     struct sk_buff *skb, int level, bool nonblock)
{
	u64 timeo = nonblock ? 0 : READ_ONCE(u->sk.sk_sndtimeo);
	long err;

	for (;;) {
		spin_lock(&unix_lock);
		err = unix_dgram_send_check(u, other, skb);
		if (!err)
			unix_queue_skb(other, skb, level);
		if (err == -ECONNREFUSED && u->peer == other) {
			u->peer = NULL;		/* it died: forget it */
			u->sk.sk_state = TCP_CLOSE;
			sock_put(&other->sk);	/* the peer's reference */
		}
		spin_unlock(&unix_lock);
		if (err != 1)
			break;
		err = sk_wait_event(other->peer_wait,
			READ_ONCE(other->qlen) <= UNIX_MAX_DGRAM_QLEN ||
			READ_ONCE(other->sk.sk_dead), &timeo);
		if (err)
			break;
	}
	if (err)
		kfree_skb(skb);
	else
		sk_data_ready(&other->sk);
	return err == 2 ? 0 : err;
}

/* The destination of a datagram: the name in @m or the peer,
 * referenced; ERR_PTR. */
static struct unix_sock *unix_dgram_dest(struct unix_sock *u, struct msghdr *m)
{
	struct unix_sock *other;

	if (m->msg_name)
		return unix_find_name(u, m->msg_name, m->msg_namelen);
	spin_lock(&unix_lock);
	other = u->peer;
	if (other)
		sock_hold(&other->sk);
	spin_unlock(&unix_lock);
	return other ? other : ERR_PTR(-ENOTCONN);
}

long unix_dgram_send_to(struct socket *sock, struct unix_sock *other,
			struct msghdr *m, size_t len, struct unix_address *from,
			const struct inet_skb_parm *ip)
{
	struct unix_sock *u = unix_sk(sock->sk);
	struct scm_cookie scm = { 0 };
	struct sk_buff *skb;
	int level;
	long err = unix_passes_scm(sock->sk) ? scm_send(sock, m, &scm) : 0;

	if (err)
		return err;
	level = unix_scm_level(&scm);
	if (level < 0) {
		scm_destroy(&scm);
		return level;
	}
	skb = unix_skb_alloc(&u->sk, m, len);
	if (IS_ERR(skb)) {
		scm_destroy(&scm);
		return PTR_ERR(skb);
	}
	skb->scm = scm;
	if (ip)
		skb->ip = *ip;
	spin_lock(&unix_lock);
	skb->addr = from ? from : u->addr;
	if (skb->addr)
		refcount_inc(&skb->addr->refcnt);
	spin_unlock(&unix_lock);
	/* After the address: a UDP socket's filter reads its port. */
	if (sk_filter(&other->sk, skb)) {	/* dropped, silently */
		kfree_skb(skb);
		return (long)len;
	}
	err = unix_dgram_queue(u, other, skb, level, m->msg_flags & MSG_DONTWAIT);
	return err ? err : (long)len;
}

long unix_dgram_sendmsg(struct socket *sock, struct msghdr *m, size_t len)
{
	struct unix_sock *u = unix_sk(sock->sk), *other;
	long err;

	if (m->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (len > (size_t)READ_ONCE(u->sk.sk_sndbuf) - 32)
		return -EMSGSIZE;
	other = unix_dgram_dest(u, m);
	if (IS_ERR(other))
		return PTR_ERR(other);
	err = unix_dgram_send_to(sock, other, m, len, NULL, NULL);
	sock_put(&other->sk);
	return err;
}

/* Take (or with MSG_PEEK look at) the next datagram, waiting for one;
 * ERR_PTR(-EAGAIN, ...), or NULL at end of file. iolock held. */
static struct sk_buff *unix_dgram_next(struct unix_sock *u, int flags)
{
	u64 timeo = flags & MSG_DONTWAIT ? 0 : READ_ONCE(u->sk.sk_rcvtimeo);
	struct sk_buff *skb = NULL;
	long err;

	for (;;) {
		spin_lock(&unix_lock);
		if (!list_empty(&u->receive_queue)) {
			skb = list_first_entry(&u->receive_queue, struct sk_buff,
					       list);
			if (!(flags & MSG_PEEK)) {
				list_del(&skb->list);
				u->qlen--;
				u->rmem -= skb->len;
			}
		}
		spin_unlock(&unix_lock);
		if (skb) {
			wake_up(&u->peer_wait);
			wake_up(&unix_dgram_room);
			return skb;
		}
		err = unix_wait_data(u, 0, &timeo);
		if (err <= 0)
			return ERR_PTR(err);
	}
}

long __unix_dgram_recvmsg(struct socket *sock, struct msghdr *m, size_t len,
			  int flags, struct inet_skb_parm *ip)
{
	struct unix_sock *u = unix_sk(sock->sk);
	struct scm_cookie scm = { 0 };
	struct sk_buff *skb;
	long ret;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (mutex_lock_interruptible(&u->iolock))
		return -ERESTARTSYS;
	skb = unix_dgram_next(u, flags);
	if (!skb || IS_ERR(skb)) {
		mutex_unlock(&u->iolock);
		return PTR_ERR(skb);
	}
	ret = datagram_copy_msg(m, skb->data, skb->len, len, flags);
	if (m->msg_name && skb->addr) {
		memcpy(m->msg_name, &skb->addr->name, (size_t)skb->addr->len);
		m->msg_namelen = skb->addr->len;
	}
	if (ip)			/* under iolock: a peeked skb stays queued */
		*ip = skb->ip;
	scm.creds = skb->scm.creds;
	if (flags & MSG_PEEK) {
		scm.fp = skb->scm.fp ? scm_fp_dup(skb->scm.fp) : NULL;
	} else {
		scm.fp = skb->scm.fp;
		skb->scm.fp = NULL;
	}
	mutex_unlock(&u->iolock);
	if (ret >= 0 && unix_passes_scm(sock->sk))
		scm_recv(sock, m, &scm, flags);
	scm_destroy(&scm);
	if (!(flags & MSG_PEEK))
		kfree_skb(skb);
	return ret;
}

long unix_dgram_recvmsg(struct socket *sock, struct msghdr *m, size_t len,
			int flags)
{
	return __unix_dgram_recvmsg(sock, m, len, flags, NULL);
}

long unix_seqpacket_sendmsg(struct socket *sock, struct msghdr *m, size_t len)
{
	struct sock *sk = sock->sk;

	if (READ_ONCE(sk->sk_state) != TCP_ESTABLISHED)
		return -ENOTCONN;
	if (READ_ONCE(sk->sk_shutdown) & SEND_SHUTDOWN)
		return -EPIPE;
	m->msg_name = NULL;		/* connected: a name is ignored */
	return unix_dgram_sendmsg(sock, m, len);
}

long unix_seqpacket_recvmsg(struct socket *sock, struct msghdr *m,
			    size_t len, int flags)
{
	if (READ_ONCE(sock->sk->sk_state) != TCP_ESTABLISHED)
		return -ENOTCONN;
	return unix_dgram_recvmsg(sock, m, len, flags);
}

bool unix_dgram_peer_writable(struct file *file, struct unix_sock *u,
				     struct poll_table *pt)
{
	struct unix_sock *other;
	bool ok = true;

	spin_lock(&unix_lock);
	other = u->peer;
	if (other)
		sock_hold(&other->sk);
	spin_unlock(&unix_lock);
	if (!other)
		return true;
	if (READ_ONCE(other->peer) != u) {
		poll_wait(file, &unix_dgram_room, pt);
		ok = READ_ONCE(other->qlen) <= UNIX_MAX_DGRAM_QLEN;
	}
	sock_put(&other->sk);
	return ok;
}
