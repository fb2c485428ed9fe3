/*
 * Unix-domain sockets (Linux's net/unix/af_unix.c), the life of a socket
 * and its connections; af_unix_addr.c has the names (bind and lookup),
 * af_unix_msg.c and af_unix_dgram.c move the messages; af_unix.h draws
 * the objects and says why one lock.
 *
 * Connections. A stream or seqpacket connect() makes the server's end
 * at once, an "embryo" sock already connected to the client, and queues
 * it on the listener (at most backlog + 1 wait; then connect waits, or
 * is EAGAIN for a non-blocking socket); accept() gives the embryo a
 * socket and a descriptor. A datagram connect() only sets the default
 * destination (AF_UNSPEC: none). Closing one end makes the other see end
 * of file, or ECONNRESET if it closed with bytes unread; messages still
 * queued on the closed socket are freed with the descriptors in flight
 * in them.
 */
#include "kernel/mm/slab.h"
#include "kernel/net/af_unix.h"
#include "kernel/net/net_namespace.h"
#include "kernel/signal.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

DEFINE_SPINLOCK(unix_lock);
LIST_HEAD(unix_all);

static const struct proto_ops unix_stream_ops, unix_dgram_ops,
	unix_seqpacket_ops;

static bool unix_connection_type(int type)
{
	return type == SOCK_STREAM || type == SOCK_SEQPACKET;
}

void unix_sock_destruct(struct sock *sk)
{
	struct unix_sock *u = unix_sk(sk);

	BUG_ON(!list_empty(&u->receive_queue) || u->peer);
	spin_lock(&unix_lock);
	list_del(&u->all);
	spin_unlock(&unix_lock);
	unix_addr_put(u->addr);
	kfree(u);
}

struct unix_sock *unix_sock_alloc(struct net *net, int family, int type,
				  size_t size)
{
	struct unix_sock *u = kzalloc(size, GFP_KERNEL);

	if (!u)
		return NULL;
	sock_init_data(&u->sk, net, family, type);
	u->sk.sk_state = TCP_CLOSE;
	u->sk.sk_destruct = unix_sock_destruct;
	INIT_LIST_HEAD(&u->receive_queue);
	INIT_LIST_HEAD(&u->accept_queue);
	INIT_LIST_HEAD(&u->accept_link);
	INIT_LIST_HEAD(&u->bound);
	init_waitqueue_head(&u->peer_wait);
	mutex_init(&u->iolock);
	mutex_init(&u->bindlock);
	spin_lock(&unix_lock);
	list_add_tail(&u->all, &unix_all);
	spin_unlock(&unix_lock);
	return u;
}

static int unix_create(struct socket *sock, int protocol)
{
	struct unix_sock *u;

	if (protocol && protocol != AF_UNIX)
		return -EPROTONOSUPPORT;
	switch (sock->type) {
	case SOCK_STREAM:
		sock->ops = &unix_stream_ops;
		break;
	case SOCK_RAW:		/* Linux's old alias for datagrams */
		sock->type = SOCK_DGRAM;
		/* fall through */
	case SOCK_DGRAM:
		sock->ops = &unix_dgram_ops;
		break;
	case SOCK_SEQPACKET:
		sock->ops = &unix_seqpacket_ops;
		break;
	default:
		return -ESOCKTNOSUPPORT;
	}
	u = unix_sock_alloc(current_net(), AF_UNIX, sock->type, sizeof(*u));
	if (!u) {
		sock->ops = NULL;
		return -ENOMEM;
	}
	sock->sk = &u->sk;
	u->sk.sk_socket = sock;
	return 0;
}

/* Move every entry of list @from to the tail of @to. */
static void list_take_all(struct list_head *from, struct list_head *to)
{
	while (!list_empty(from))
		list_move_tail(from->next, to);
}

/* Close @u (a socket's sock, or an embryo never accepted): cut it from
 * its peer and its name, free what is queued on it, drop its reference. */
static void unix_release_sock(struct unix_sock *u, bool embryo)
{
	struct sock *sk = &u->sk;
	struct unix_sock *peer;
	LIST_HEAD(queue);
	LIST_HEAD(embryos);

	spin_lock(&unix_lock);
	sk->sk_socket = NULL;
	sk->sk_dead = true;
	sk->sk_shutdown = SHUTDOWN_MASK;
	sk->sk_state = TCP_CLOSE;
	list_del_init(&u->bound);
	peer = u->peer;
	u->peer = NULL;
	if (peer && unix_connection_type(sk->sk_type) && peer->peer == u) {
		peer->sk.sk_shutdown = SHUTDOWN_MASK;
		if (!list_empty(&u->receive_queue) || embryo)
			peer->sk.sk_err = ECONNRESET;
	}
	list_take_all(&u->receive_queue, &queue);
	u->qlen = 0;
	u->rmem = 0;
	list_take_all(&u->accept_queue, &embryos);
	u->accept_qlen = 0;
	spin_unlock(&unix_lock);
	wake_up(&u->peer_wait);
	wake_up(&unix_dgram_room);
	if (peer) {
		wake_up(&peer->sk.sk_wait);
		wake_up(&peer->peer_wait);
		sock_put(&peer->sk);
	}
	skb_queue_purge(&queue);
	while (!list_empty(&embryos)) {
		struct unix_sock *e = list_first_entry(&embryos, struct unix_sock,
						       accept_link);

		list_del_init(&e->accept_link);
		unix_release_sock(e, true);
	}
	sock_put(sk);
	if (!embryo)
		unix_gc();	/* this one may have held the last way in */
}

int unix_release(struct socket *sock)
{
	unix_release_sock(unix_sk(sock->sk), false);
	sock->sk = NULL;
	return 0;
}

/* Under unix_lock: @a and @b (streams) are each other's peer now. */
static void unix_link(struct unix_sock *a, struct unix_sock *b)
{
	sock_hold(&b->sk);
	a->peer = b;
	a->sk.sk_state = TCP_ESTABLISHED;
	if (a->sk.sk_socket)
		a->sk.sk_socket->state = SS_CONNECTED;
}

static int unix_socketpair(struct socket *sa, struct socket *sb)
{
	struct unix_sock *a = unix_sk(sa->sk), *b = unix_sk(sb->sk);

	a->sk.sk_peercred = b->sk.sk_peercred = current_ucred();
	spin_lock(&unix_lock);
	unix_link(a, b);
	unix_link(b, a);
	spin_unlock(&unix_lock);
	return 0;
}

/* Under unix_lock: why @u cannot connect to @other now, or 0. -EAGAIN
 * means the backlog is full. */
static int unix_connect_check(struct unix_sock *u, struct unix_sock *other)
{
	if (other->sk.sk_dead || other->sk.sk_state != TCP_LISTEN)
		return -ECONNREFUSED;
	if (u->sk.sk_state == TCP_ESTABLISHED)
		return -EISCONN;
	if (u->sk.sk_state == TCP_LISTEN)
		return -EINVAL;
	if (other->accept_qlen > other->backlog)
		return -EAGAIN;
	return 0;
}

/* Under unix_lock: connect @u to listener @other through new sock @e. */
static void unix_connect_embryo(struct unix_sock *u, struct unix_sock *other,
				struct unix_sock *e)
{
	e->sk.sk_family = other->sk.sk_family;	/* a v6 listener's v4 client */
	e->sk.sk_peercred = current_ucred();
	u->sk.sk_peercred = other->sk.sk_peercred;
	refcount_inc(&other->addr->refcnt);
	e->addr = other->addr;
	unix_link(e, u);
	unix_link(u, e);
	list_add_tail(&e->accept_link, &other->accept_queue);
	other->accept_qlen++;
}

int unix_connect_to(struct socket *sock, unix_find_t find, void *name,
		    int len, struct unix_sock *e, int flags)
{
	struct unix_sock *u = unix_sk(sock->sk), *other;
	u64 timeo = flags & O_NONBLOCK ? 0 : READ_ONCE(u->sk.sk_sndtimeo);
	bool done = false;
	int err;

	for (;;) {
		other = find(u, name, len);
		if (IS_ERR(other)) {
			err = (int)PTR_ERR(other);
			break;
		}
		spin_lock(&unix_lock);
		err = unix_connect_check(u, other);
		done = !err;
		if (done)
			unix_connect_embryo(u, other, e);
		spin_unlock(&unix_lock);
		if (done)
			sk_data_ready(&other->sk);
		if (err == -EAGAIN)
			err = sk_wait_event(other->peer_wait,
				READ_ONCE(other->accept_qlen) <= other->backlog ||
				READ_ONCE(other->sk.sk_state) != TCP_LISTEN, &timeo);
		sock_put(&other->sk);
		if (err || done)
			break;
	}
	if (err)
		sock_put(&e->sk);
	return err;
}

struct unix_sock *unix_find_name(struct unix_sock *u, void *name,
					int len)
{
	int err = unix_validate_addr(name, len);

	return err ? ERR_PTR(err) : unix_find_other(sock_net(&u->sk), name, len,
						    u->sk.sk_type);
}

static int unix_stream_connect(struct socket *sock, struct sockaddr *sa,
			       int len, int flags)
{
	int err = unix_validate_addr((struct sockaddr_un *)sa, len);
	struct unix_sock *e;

	if (err)
		return err;
	e = unix_sock_alloc(sock_net(sock->sk), AF_UNIX, sock->type,
			    sizeof(*e));
	if (!e)
		return -ENOMEM;
	return unix_connect_to(sock, unix_find_name, sa, len, e, flags);
}

static int unix_dgram_connect(struct socket *sock, struct sockaddr *sa,
			      int len, int flags)
{
	struct unix_sock *u = unix_sk(sock->sk), *other = NULL, *old;
	int err = 0;

	if (len < (int)sizeof(sa->sa_family))
		return -EINVAL;
	if (sa->sa_family != AF_UNSPEC) {
		other = unix_find_name(u, sa, len);
		if (IS_ERR(other))
			return (int)PTR_ERR(other);
	}
	spin_lock(&unix_lock);
	if (other && other->peer && other->peer != u && other != u)
		err = -EPERM;	/* it takes messages from its peer only */
	old = err ? NULL : u->peer;
	if (!err) {
		u->peer = other;
		u->sk.sk_state = other ? TCP_ESTABLISHED : TCP_CLOSE;
		sock->state = other ? SS_CONNECTED : SS_UNCONNECTED;
	}
	spin_unlock(&unix_lock);
	if (old)
		sock_put(&old->sk);
	if (err && other)
		sock_put(&other->sk);
	return err;
}

int unix_listen(struct socket *sock, int backlog)
{
	struct unix_sock *u = unix_sk(sock->sk);
	int err = 0;

	if (sock->type != SOCK_STREAM && sock->type != SOCK_SEQPACKET)
		return -EOPNOTSUPP;
	spin_lock(&unix_lock);
	if (!u->addr || (u->sk.sk_state != TCP_CLOSE &&
			 u->sk.sk_state != TCP_LISTEN))
		err = -EINVAL;
	if (!err) {
		u->backlog = (unsigned int)backlog;
		u->sk.sk_state = TCP_LISTEN;
		u->sk.sk_peercred = current_ucred();
	}
	spin_unlock(&unix_lock);
	wake_up(&u->peer_wait);		/* a bigger backlog takes more */
	return err;
}

/* Under unix_lock: the next connection waiting on listener @u, or NULL. */
static struct unix_sock *unix_accept_one(struct unix_sock *u)
{
	struct unix_sock *e;

	if (list_empty(&u->accept_queue))
		return NULL;
	e = list_first_entry(&u->accept_queue, struct unix_sock, accept_link);
	list_del_init(&e->accept_link);
	u->accept_qlen--;
	return e;
}

int unix_accept(struct socket *sock, struct sock **newsk, int flags)
{
	struct unix_sock *u = unix_sk(sock->sk), *e;
	u64 timeo = flags & O_NONBLOCK ? 0 : READ_ONCE(u->sk.sk_rcvtimeo);
	int err;

	if (sock->type != SOCK_STREAM && sock->type != SOCK_SEQPACKET)
		return -EOPNOTSUPP;
	for (;;) {
		spin_lock(&unix_lock);
		err = u->sk.sk_state != TCP_LISTEN ? -EINVAL : 0;
		e = err ? NULL : unix_accept_one(u);
		spin_unlock(&unix_lock);
		if (err || e)
			break;
		err = sk_wait_event(u->sk.sk_wait,
			!list_empty(&u->accept_queue) ||
			READ_ONCE(u->sk.sk_state) != TCP_LISTEN, &timeo);
		if (err)
			return err;
	}
	if (err)
		return err;
	wake_up(&u->peer_wait);		/* room in the backlog */
	*newsk = &e->sk;
	return 0;
}

static int unix_getname(struct socket *sock, struct sockaddr *sa, bool peer)
{
	struct unix_sock *u = unix_sk(sock->sk), *p = u;
	int len = (int)sizeof(sa->sa_family);

	spin_lock(&unix_lock);
	if (peer) {
		p = u->peer;
		if (!p || (unix_connection_type(sock->type) &&
			   u->sk.sk_state != TCP_ESTABLISHED)) {
			spin_unlock(&unix_lock);
			return -ENOTCONN;
		}
	}
	if (p->addr) {
		len = p->addr->len;
		memcpy(sa, &p->addr->name, (size_t)len);
	} else {
		sa->sa_family = AF_UNIX;
	}
	spin_unlock(&unix_lock);
	return len;
}

int unix_shutdown(struct socket *sock, int how)
{
	struct unix_sock *u = unix_sk(sock->sk), *peer;
	u8 mode = (u8)(how + 1);	/* SHUT_RD -> RCV_SHUTDOWN, ... */
	u8 peer_mode = (u8)((mode & RCV_SHUTDOWN ? SEND_SHUTDOWN : 0) |
			    (mode & SEND_SHUTDOWN ? RCV_SHUTDOWN : 0));

	spin_lock(&unix_lock);
	u->sk.sk_shutdown |= mode;
	peer = unix_connection_type(sock->type) ? u->peer : NULL;
	if (peer)
		peer->sk.sk_shutdown |= peer_mode;
	spin_unlock(&unix_lock);
	wake_up(&u->sk.sk_wait);
	wake_up(&u->peer_wait);
	if (peer) {
		wake_up(&peer->sk.sk_wait);
		wake_up(&peer->peer_wait);
	}
	return 0;
}

static const struct proto_ops unix_stream_ops = {
	.family = AF_UNIX,
	.release = unix_release,
	.bind = unix_bind,
	.connect = unix_stream_connect,
	.socketpair = unix_socketpair,
	.accept = unix_accept,
	.getname = unix_getname,
	.poll = unix_poll,
	.ioctl = unix_ioctl,
	.listen = unix_listen,
	.shutdown = unix_shutdown,
	.sendmsg = unix_stream_sendmsg,
	.recvmsg = unix_stream_recvmsg,
};

static const struct proto_ops unix_dgram_ops = {
	.family = AF_UNIX,
	.release = unix_release,
	.bind = unix_bind,
	.connect = unix_dgram_connect,
	.socketpair = unix_socketpair,
	.accept = unix_accept,
	.getname = unix_getname,
	.poll = unix_poll,
	.ioctl = unix_ioctl,
	.listen = unix_listen,
	.shutdown = unix_shutdown,
	.sendmsg = unix_dgram_sendmsg,
	.recvmsg = unix_dgram_recvmsg,
};

static const struct proto_ops unix_seqpacket_ops = {
	.family = AF_UNIX,
	.release = unix_release,
	.bind = unix_bind,
	.connect = unix_stream_connect,
	.socketpair = unix_socketpair,
	.accept = unix_accept,
	.getname = unix_getname,
	.poll = unix_poll,
	.ioctl = unix_ioctl,
	.listen = unix_listen,
	.shutdown = unix_shutdown,
	.sendmsg = unix_seqpacket_sendmsg,
	.recvmsg = unix_seqpacket_recvmsg,
};

const struct net_proto_family unix_family_ops = {
	.family = AF_UNIX,
	.create = unix_create,
};
