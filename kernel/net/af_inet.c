/*
 * AF_INET and AF_INET6 without a network. Taskbase has no network stack
 * (no interfaces, no routes, no ports), so these sockets are what a Linux
 * machine with every interface down offers: socket(2) makes one (TCP,
 * UDP, ICMP echo, or raw for root), and it is an ordinary
 * descriptor (close, fstat, poll, the SOL_SOCKET options, fcntl), but it
 * reaches nothing: connect and sendto are ENETUNREACH, a stream send on
 * an unconnected socket is EPIPE, a receive or an accept waits for ever
 * (or EAGAIN). bind takes only the wildcard address (no other is local:
 * EADDRNOTAVAIL) and a port, which is then taken (EADDRINUSE; below 1024
 * only root's, EACCES; 0 picks a free one from 32768 on), so a server can
 * bind and listen, and wait for a client that cannot come.
 * Programs that only probe for IP sockets, and tests that need some
 * socket to close, work; nothing pretends to carry a packet.
 */
#include "kernel/cred.h"
#include "kernel/locking/spinlock.h"
#include "kernel/mm/slab.h"
#include "kernel/net/net.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "lib/string.h"

#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define IPPROTO_ICMPV6 58
#define PROT_SOCK 1024			/* ports below are root's */
#define EPHEMERAL_LOW 32768		/* net.ipv4.ip_local_port_range */
#define EPHEMERAL_HIGH 60999

/* sockaddr_in and sockaddr_in6, as far as bind looks. */
struct sockaddr_in {
	u16 sin_family;
	u16 sin_port;			/* network byte order */
	u32 sin_addr;
	char zero[8];
};

struct sockaddr_in6 {
	u16 sin6_family;
	u16 sin6_port;
	u32 sin6_flowinfo;
	u8 sin6_addr[16];
	u32 sin6_scope_id;
};

struct inet_sock {
	struct sock sk;			/* first: a struct sock * is one */
	u16 port;			/* host order; 0: unbound */
	struct list_head bound;		/* in inet_ports, when bound */
};

static DEFINE_SPINLOCK(inet_lock);
static LIST_HEAD(inet_ports);		/* bound inet_socks, under inet_lock */

static struct inet_sock *inet_sk(struct sock *sk)
{
	return (struct inet_sock *)sk;
}

static u16 swab16(u16 v)
{
	return (u16)(v << 8 | v >> 8);
}

static void inet_sock_destruct(struct sock *sk)
{
	kfree(inet_sk(sk));
}

static int inet_release(struct socket *sock)
{
	spin_lock(&inet_lock);
	list_del_init(&inet_sk(sock->sk)->bound);
	spin_unlock(&inet_lock);
	wake_up(&sock->sk->sk_wait);
	sock->sk->sk_dead = true;
	sock_put(sock->sk);
	sock->sk = NULL;
	return 0;
}

/* Under inet_lock: is @port of @type taken? */
static bool inet_port_used(int type, u16 port)
{
	struct inet_sock *i;

	list_for_each_entry(i, &inet_ports, bound)
		if (i->sk.sk_type == type && i->port == port)
			return true;
	return false;
}

/* Take @port (0: a free ephemeral one) for @i; 0 or -errno. */
static int inet_get_port(struct inet_sock *i, u16 port)
{
	static u16 next = EPHEMERAL_LOW;
	int err = 0;

	spin_lock(&inet_lock);
	for (int n = 0; !port && n <= EPHEMERAL_HIGH - EPHEMERAL_LOW; n++) {
		u16 p = next;

		next = next == EPHEMERAL_HIGH ? EPHEMERAL_LOW : next + 1;
		if (!inet_port_used(i->sk.sk_type, p))
			port = p;
	}
	if (i->port)
		err = -EINVAL;
	else if (!port || inet_port_used(i->sk.sk_type, port))
		err = -EADDRINUSE;
	if (!err) {
		i->port = port;
		list_add_tail(&i->bound, &inet_ports);
	}
	spin_unlock(&inet_lock);
	return err;
}

/* The port a bind asks for (host order), or -errno for the address. */
static int inet_bind_port(struct sock *sk, struct sockaddr *addr, int len)
{
	static const u8 any6[16];

	if (sk->sk_family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)addr;

		if (len < 24)		/* SIN6_LEN_RFC2133 */
			return -EINVAL;
		if (a->sin6_family != AF_INET6)
			return -EAFNOSUPPORT;
		return memcmp(a->sin6_addr, any6, 16) ? -EADDRNOTAVAIL :
		       swab16(a->sin6_port);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)addr;

		if (len < (int)sizeof(*a))
			return -EINVAL;
		if (a->sin_family != AF_INET &&
		    (a->sin_family != AF_UNSPEC || a->sin_addr))
			return -EAFNOSUPPORT;
		return a->sin_addr ? -EADDRNOTAVAIL : swab16(a->sin_port);
	}
}

static int inet_bind(struct socket *sock, struct sockaddr *addr, int len)
{
	int port = inet_bind_port(sock->sk, addr, len);

	if (port < 0)
		return port;
	if (port && port < PROT_SOCK && !capable(CAP_NET_BIND_SERVICE))
		return -EACCES;
	return inet_get_port(inet_sk(sock->sk), (u16)port);
}

static int inet_connect(struct socket *sock, struct sockaddr *addr, int len,
			int flags)
{
	if (len < (int)sizeof(addr->sa_family))
		return -EINVAL;
	return -ENETUNREACH;
}

/* No client can come: a listener waits for ever (or EAGAIN). */
static int inet_accept(struct socket *sock, struct sock **newsk, int flags)
{
	struct sock *sk = sock->sk;
	u64 timeo;

	if (sock->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	if (READ_ONCE(sk->sk_state) != TCP_LISTEN)
		return -EINVAL;
	timeo = flags & O_NONBLOCK ? 0 : READ_ONCE(sk->sk_rcvtimeo);
	return sk_wait_event(sk->sk_wait,
			     READ_ONCE(sk->sk_state) != TCP_LISTEN, &timeo) ?:
	       -EINVAL;
}

/* The wildcard address of the family and the bound port. */
static int inet_getname(struct socket *sock, struct sockaddr *addr, bool peer)
{
	struct sock *sk = sock->sk;
	int len = sk->sk_family == AF_INET6 ? 28 : 16;

	if (peer)
		return -ENOTCONN;
	memset(addr, 0, (size_t)len);
	addr->sa_family = sk->sk_family;
	((struct sockaddr_in *)addr)->sin_port = swab16(READ_ONCE(inet_sk(sk)->port));
	return len;
}

static __poll_t inet_poll(struct file *file, struct socket *sock,
			  struct poll_table *pt)
{
	poll_wait(file, &sock->sk->sk_wait, pt);
	if (sock->type == SOCK_STREAM)
		return EPOLLOUT | EPOLLWRNORM | EPOLLHUP;
	return EPOLLOUT | EPOLLWRNORM;
}

/* A listener needs a port: an unbound one gets a free one. */
static int inet_listen(struct socket *sock, int backlog)
{
	struct inet_sock *i = inet_sk(sock->sk);
	int err = 0;

	if (sock->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	if (!READ_ONCE(i->port))
		err = inet_get_port(i, 0);
	if (!err)
		WRITE_ONCE(i->sk.sk_state, TCP_LISTEN);
	return err;
}

static int inet_shutdown(struct socket *sock, int how)
{
	return -ENOTCONN;
}

static long inet_sendmsg(struct socket *sock, struct msghdr *m, size_t len)
{
	if (sock->type != SOCK_STREAM)
		return m->msg_name ? -ENETUNREACH : -EDESTADDRREQ;
	if (!(m->msg_flags & MSG_NOSIGNAL))
		send_sig(SIGPIPE, current);
	return -EPIPE;
}

static long inet_recvmsg(struct socket *sock, struct msghdr *m, size_t len,
			 int flags)
{
	u64 timeo;

	if (sock->type == SOCK_STREAM)
		return -ENOTCONN;
	/* Nothing can arrive: wait for a signal or SO_RCVTIMEO. */
	timeo = flags & MSG_DONTWAIT ? 0 : READ_ONCE(sock->sk->sk_rcvtimeo);
	return sk_wait_event(sock->sk->sk_wait, false, &timeo);
}

static const struct proto_ops inet_ops = {
	.release = inet_release,
	.bind = inet_bind,
	.connect = inet_connect,
	.accept = inet_accept,
	.getname = inet_getname,
	.poll = inet_poll,
	.listen = inet_listen,
	.shutdown = inet_shutdown,
	.sendmsg = inet_sendmsg,
	.recvmsg = inet_recvmsg,
};

/* The protocols a socket of @type may name (0: the default). */
static bool inet_protocol_ok(int family, int type, int protocol)
{
	int icmp = family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;

	if (type == SOCK_STREAM)
		return !protocol || protocol == IPPROTO_TCP;
	if (type == SOCK_RAW)		/* any protocol, but one must be named */
		return protocol > 0 && protocol < 256;
	return !protocol || protocol == IPPROTO_UDP || protocol == icmp;
}

static int inet_create_family(struct socket *sock, int family, int protocol)
{
	struct inet_sock *i;
	struct sock *sk;

	if (sock->type != SOCK_STREAM && sock->type != SOCK_DGRAM &&
	    sock->type != SOCK_RAW)
		return -ESOCKTNOSUPPORT;
	if (!inet_protocol_ok(family, sock->type, protocol))
		return -EPROTONOSUPPORT;
	if (sock->type == SOCK_RAW && !capable(CAP_NET_RAW))
		return -EPERM;
	i = kzalloc(sizeof(*i), GFP_KERNEL);
	if (!i)
		return -ENOMEM;
	INIT_LIST_HEAD(&i->bound);
	sk = &i->sk;
	sock_init_data(sk, family, sock->type);
	sk->sk_state = TCP_CLOSE;
	sk->sk_destruct = inet_sock_destruct;
	sk->sk_socket = sock;
	sock->sk = sk;
	sock->ops = &inet_ops;
	return 0;
}

static int inet_create(struct socket *sock, int protocol)
{
	return inet_create_family(sock, AF_INET, protocol);
}

static int inet6_create(struct socket *sock, int protocol)
{
	return inet_create_family(sock, AF_INET6, protocol);
}

const struct net_proto_family inet_family_ops = {
	.family = AF_INET,
	.create = inet_create,
};

const struct net_proto_family inet6_family_ops = {
	.family = AF_INET6,
	.create = inet6_create,
};
