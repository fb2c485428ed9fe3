/*
 * AF_INET and AF_INET6 without a network. Taskbase has no network stack
 * (no interfaces, no routes, no ports), so these sockets are what a Linux
 * machine with every interface down offers: socket(2) makes one (TCP,
 * UDP or ICMP echo; raw sockets are refused), and it is an ordinary
 * descriptor (close, fstat, poll, the SOL_SOCKET options, fcntl), but it
 * reaches nothing: connect and sendto are ENETUNREACH, bind (no local
 * address exists) and listen are EADDRNOTAVAIL, a stream send on an
 * unconnected socket is EPIPE, a receive waits for ever (or EAGAIN).
 * Programs that only probe for IP sockets, and tests that need some
 * socket to close, work; nothing pretends to carry a packet.
 */
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

static void inet_sock_destruct(struct sock *sk)
{
	kfree(sk);
}

static int inet_release(struct socket *sock)
{
	sock->sk->sk_dead = true;
	sock_put(sock->sk);
	sock->sk = NULL;
	return 0;
}

static int inet_bind(struct socket *sock, struct sockaddr *addr, int len)
{
	if (len < (int)sizeof(addr->sa_family))
		return -EINVAL;
	return -EADDRNOTAVAIL;
}

static int inet_connect(struct socket *sock, struct sockaddr *addr, int len,
			int flags)
{
	if (len < (int)sizeof(addr->sa_family))
		return -EINVAL;
	return -ENETUNREACH;
}

static int inet_accept(struct socket *sock, struct sock **newsk, int flags)
{
	return sock->type == SOCK_STREAM ? -EINVAL : -EOPNOTSUPP;
}

/* The unspecified address of the family: 16 or 28 bytes of zeros. */
static int inet_getname(struct socket *sock, struct sockaddr *addr, bool peer)
{
	int len = sock->sk->sk_family == AF_INET6 ? 28 : 16;

	if (peer)
		return -ENOTCONN;
	memset(addr, 0, (size_t)len);
	addr->sa_family = sock->sk->sk_family;
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

static int inet_listen(struct socket *sock, int backlog)
{
	return sock->type == SOCK_STREAM ? -EADDRNOTAVAIL : -EOPNOTSUPP;
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
	if (sock->type == SOCK_STREAM)
		return -ENOTCONN;
	if (flags & MSG_DONTWAIT)
		return -EAGAIN;
	/* Nothing can arrive: wait for a signal. */
	return wait_event_interruptible(sock->sk->sk_wait, false);
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
	return !protocol || protocol == IPPROTO_UDP || protocol == icmp;
}

static int inet_create_family(struct socket *sock, int family, int protocol)
{
	struct sock *sk;

	if (sock->type != SOCK_STREAM && sock->type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (!inet_protocol_ok(family, sock->type, protocol))
		return -EPROTONOSUPPORT;
	sk = kzalloc(sizeof(*sk), GFP_KERNEL);
	if (!sk)
		return -ENOMEM;
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
