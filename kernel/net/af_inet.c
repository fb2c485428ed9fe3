/*
 * AF_INET and AF_INET6 over the loopback interface only (Linux's
 * net/ipv4/af_inet.c, tcp.c, udp.c and their IPv6 twins, as a Linux with
 * only `lo` up shows them at the socket API). There is no IP: no
 * packets, no checksums, no routes beyond 127.0.0.0/8 and ::1, no
 * retransmission. A TCP connection is AF_UNIX's stream connection and a
 * UDP socket AF_UNIX's datagram socket (an inet_sock embeds a
 * unix_sock: af_unix.h): the bytes go straight from the sender's
 * sk_buff into the receiver's queue. What is IP's own is here: the
 * names (address and port), the port table (bind, the ephemeral port,
 * EADDRINUSE, SO_REUSEADDR), how a name finds a socket (inet_lookup()),
 * and the errors a network gives (ECONNREFUSED, ENETUNREACH).
 *
 * Every address is kept as an IPv6 one, an IPv4 address mapped into it
 * (::ffff:a.b.c.d), so that an AF_INET6 socket bound to :: is reached
 * from IPv4 too, as on Linux; getsockname and friends give each socket
 * its own family's form (inet_name_out()).
 */
#include "kernel/capability.h"
#include "kernel/cred.h"
#include "kernel/mm/slab.h"
#include "kernel/net/inet.h"
#include "kernel/net/net_namespace.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define SIOCATMARK 0x8905
#define PROT_SOCK 1024			/* ports below are root's */

const u8 in6addr_any[16], in6addr_loopback[16] = { [15] = 1 };
LIST_HEAD(inet_table);			/* bound inet_socks, under unix_lock */
unsigned int inet_port_range[2] = { 32768, 60999 };

static const struct proto_ops inet_stream_ops, inet_dgram_ops;

bool inet_addr_mapped(const struct sockaddr_in6 *a)
{
	static const u8 prefix[12] = { [10] = 0xff, [11] = 0xff };

	return !memcmp(a->sin6_addr, prefix, 12);
}

bool inet_addr_any(const struct sockaddr_in6 *a)
{
	return !memcmp(a->sin6_addr, in6addr_any, 16) ||
	       (inet_addr_mapped(a) && !memcmp(a->sin6_addr + 12, in6addr_any, 4));
}

/* Is @a on lo: 127.0.0.0/8 or ::1? */
static bool inet_addr_loopback(const struct sockaddr_in6 *a)
{
	return inet_addr_mapped(a) ? a->sin6_addr[12] == 127 :
	       !memcmp(a->sin6_addr, in6addr_loopback, 16);
}

/* @a's loopback address: 127.0.0.1 for an IPv4 one, else ::1. */
static void inet_addr_set_loopback(struct sockaddr_in6 *a, bool v4)
{
	if (v4)
		ipv6_addr_set_v4mapped(INADDR_LOOPBACK_NET, a->sin6_addr);
	else
		memcpy(a->sin6_addr, in6addr_loopback, 16);
}

/* A user's sockaddr of @len bytes for socket @sk into *@a; 0 or -EINVAL,
 * -EAFNOSUPPORT. */
static int inet_name_in(struct sock *sk, const void *name, int len,
			struct sockaddr_in6 *a)
{
	memset(a, 0, sizeof(*a));
	a->sin6_family = AF_INET6;
	if (sk->sk_family == AF_INET6) {
		const struct sockaddr_in6 *s = name;

		if (len < 24)		/* SIN6_LEN_RFC2133 */
			return -EINVAL;
		if (s->sin6_family != AF_INET6)
			return -EAFNOSUPPORT;
		a->sin6_port = s->sin6_port;
		memcpy(a->sin6_addr, s->sin6_addr, 16);
	} else {
		const struct sockaddr_in *s = name;

		if (len < (int)sizeof(*s))
			return -EINVAL;
		if (s->sin_family != AF_INET &&
		    (s->sin_family != AF_UNSPEC || s->sin_addr))
			return -EAFNOSUPPORT;
		a->sin6_port = s->sin_port;
		a->sin6_addr[10] = a->sin6_addr[11] = 0xff;
		memcpy(a->sin6_addr + 12, &s->sin_addr, 4);
	}
	return 0;
}

int inet_name_out(struct sock *sk, const struct sockaddr_in6 *a, void *out)
{
	if (sk->sk_family == AF_INET6) {
		memcpy(out, a, sizeof(*a));
		return (int)sizeof(*a);
	}
	struct sockaddr_in *s = out;

	memset(s, 0, sizeof(*s));
	s->sin_family = AF_INET;
	s->sin_port = a->sin6_port;
	memcpy(&s->sin_addr, a->sin6_addr + 12, 4);
	return (int)sizeof(*s);
}

/* The last reference to an inet sock is gone: its options, then as a
 * unix_sock. */
static void inet_sock_destruct(struct sock *sk)
{
	inet_opt_release(inet_sk(sk));
	unix_sock_destruct(sk);
}

struct inet_sock *inet_sock_alloc(struct net *net, int family, int type)
{
	struct unix_sock *u = unix_sock_alloc(net, family, type,
					      sizeof(struct inet_sock));

	if (!u)
		return NULL;
	u->sk.sk_destruct = inet_sock_destruct;
	mutex_init(&inet_sk(&u->sk)->cork_lock);
	return inet_sk(&u->sk);
}

/* Does bound address @x (of a socket with @v6only) take in @y? */
static bool inet_addr_covers(const struct sockaddr_in6 *x, bool v6only,
			     const struct sockaddr_in6 *y)
{
	if (!memcmp(x->sin6_addr, y->sin6_addr, 16))
		return true;
	if (!inet_addr_any(x))
		return false;
	return inet_addr_mapped(x) ? inet_addr_mapped(y) :
	       !(v6only && inet_addr_mapped(y));
}

/* Under unix_lock: may @i bind @a, or is a socket of its network
 * namespace there (EADDRINUSE)? */
static bool inet_port_used(struct inet_sock *i, const struct sockaddr_in6 *a)
{
	bool reuse = sock_flag(&i->u.sk, SO_REUSEADDR);
	struct inet_sock *o;

	list_for_each_entry(o, &inet_table, u.bound) {
		const struct sockaddr_in6 *b = inet_local(o);

		if (o->protocol != i->protocol || b->sin6_port != a->sin6_port ||
		    sock_net(&o->u.sk) != sock_net(&i->u.sk))
			continue;
		if (!inet_addr_covers(b, o->v6only, a) &&
		    !inet_addr_covers(a, i->v6only, b))
			continue;
		if (reuse && sock_flag(&o->u.sk, SO_REUSEADDR) &&
		    o->u.sk.sk_state != TCP_LISTEN)
			continue;
		return true;
	}
	return false;
}

/* Under unix_lock: a free ephemeral port for @i at @a (network order),
 * or 0. */
static u16 inet_pick_port(struct inet_sock *i, struct sockaddr_in6 *a)
{
	static unsigned int next;
	unsigned int low = READ_ONCE(inet_port_range[0]);
	unsigned int n = READ_ONCE(inet_port_range[1]) - low + 1;

	for (unsigned int k = 0; k < n; k++) {
		a->sin6_port = htons((u16)(low + (next++ % n)));
		if (!inet_port_used(i, a))
			return a->sin6_port;
	}
	return 0;
}

/* Give @i the name @a (port 0: an ephemeral one); 0 or -errno. */
static int inet_bind_addr(struct inet_sock *i, struct sockaddr_in6 a)
{
	struct unix_address *addr;
	int err = 0;

	/* lo's addresses are local while it is up (Linux's inet_bind()
	 * asks the local routes, which go with it) */
	if (!inet_addr_any(&a) &&
	    (!inet_addr_loopback(&a) || !dev_lo_up(sock_net(&i->u.sk))))
		return -EADDRNOTAVAIL;
	if (ntohs(a.sin6_port) && ntohs(a.sin6_port) < PROT_SOCK &&
	    !ns_capable(sock_net(&i->u.sk)->ns.user_ns, CAP_NET_BIND_SERVICE))
		return -EACCES;
	addr = unix_addr_alloc(&a, sizeof(a), NULL);
	if (!addr)
		return -ENOMEM;
	spin_lock(&unix_lock);
	if (i->u.addr)
		err = -EINVAL;
	else if (!a.sin6_port && !inet_pick_port(i, &a))
		err = -EADDRINUSE;
	else if (inet_port_used(i, &a))
		err = -EADDRINUSE;
	if (!err) {
		memcpy(&addr->name, &a, sizeof(a));
		i->u.addr = addr;
		list_add_tail(&i->u.bound, &inet_table);
	}
	spin_unlock(&unix_lock);
	if (err)
		unix_addr_put(addr);
	return err;
}

/* An unbound socket that sends, connects or listens gets the wildcard
 * address and an ephemeral port, as Linux's autobind. */
int inet_autobind(struct inet_sock *i)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6 };
	int err;

	if (READ_ONCE(i->u.addr))
		return 0;
	if (i->u.sk.sk_family == AF_INET)
		a.sin6_addr[10] = a.sin6_addr[11] = 0xff;
	err = inet_bind_addr(i, a);
	return err == -EINVAL ? 0 : err;	/* bound meanwhile */
}

static int inet_bind(struct socket *sock, struct sockaddr *sa, int len)
{
	struct sockaddr_in6 a;
	int err = inet_name_in(sock->sk, sa, len, &a);

	return err ? err : inet_bind_addr(inet_sk(sock->sk), a);
}

int inet_dest(struct sock *sk, const void *name, int len,
		     struct sockaddr_in6 *d)
{
	int err = inet_name_in(sk, name, len, d);

	if (err)
		return err;
	if (inet_addr_any(d))
		inet_addr_set_loopback(d, inet_addr_mapped(d));
	return inet_addr_loopback(d) && dev_lo_up(sock_net(sk)) ? 0 :
	       -ENETUNREACH;
}

struct sockaddr_in6 inet_source(struct inet_sock *i,
				       const struct sockaddr_in6 *d)
{
	struct sockaddr_in6 s = *inet_local(i);

	if (inet_addr_any(&s))
		inet_addr_set_loopback(&s, inet_addr_mapped(d));
	return s;
}

/* Under unix_lock: does @o take what comes from @s to @d by @protocol
 * in @net? */
static bool inet_match(struct inet_sock *o, struct net *net, int protocol,
		       const struct sockaddr_in6 *s,
		       const struct sockaddr_in6 *d)
{
	const struct sockaddr_in6 *b = inet_local(o);

	if (o->protocol != protocol || b->sin6_port != d->sin6_port ||
	    sock_net(&o->u.sk) != net ||
	    o->u.sk.sk_dead || !inet_addr_covers(b, o->v6only, d))
		return false;
	if (o->u.sk.sk_type == SOCK_STREAM)
		return o->u.sk.sk_state == TCP_LISTEN;
	if (o->daddr.sin6_family)	/* a connected UDP socket: its peer only */
		return s->sin6_port == o->daddr.sin6_port &&
		       !memcmp(s->sin6_addr, o->daddr.sin6_addr, 16);
	return true;
}

struct unix_sock *inet_lookup_from(struct net *net, int protocol,
				   const struct sockaddr_in6 *s,
				   const struct sockaddr_in6 *d)
{
	struct inet_sock *o, *found = NULL;

	spin_lock(&unix_lock);
	list_for_each_entry(o, &inet_table, u.bound)
		if (inet_match(o, net, protocol, s, d)) {
			found = o;
			sock_hold(&o->u.sk);
			break;
		}
	spin_unlock(&unix_lock);
	return found ? &found->u : NULL;
}

struct unix_sock *__inet_lookup(struct inet_sock *i,
				       const struct sockaddr_in6 *d)
{
	struct sockaddr_in6 s;

	spin_lock(&unix_lock);
	s = inet_source(i, d);
	spin_unlock(&unix_lock);
	return inet_lookup_from(sock_net(&i->u.sk), i->protocol, &s, d);
}

/* unix_find_t for IP names: the listener at @name (or ECONNREFUSED). */
static struct unix_sock *inet_lookup(struct unix_sock *u, void *name, int len)
{
	struct unix_sock *o = __inet_lookup(inet_sk(&u->sk), name);

	return o ? o : ERR_PTR(-ECONNREFUSED);
}

static int inet_stream_connect(struct socket *sock, struct sockaddr *sa,
			       int len, int flags)
{
	struct inet_sock *i = inet_sk(sock->sk), *e;
	struct sockaddr_in6 d;
	int err = inet_dest(sock->sk, sa, len, &d);

	if (len >= (int)sizeof(sa->sa_family) && sa->sa_family == AF_UNSPEC &&
	    READ_ONCE(i->u.sk.sk_state) == TCP_CLOSE)
		return 0;		/* "disconnect" an unconnected socket */
	if (err)
		return err;
	if (READ_ONCE(i->u.sk.sk_state) == TCP_ESTABLISHED)
		return -EISCONN;
	err = inet_autobind(i);
	if (err)
		return err;
	e = inet_sock_alloc(sock_net(sock->sk), sock->sk->sk_family,
			    sock->type);
	if (!e)
		return -ENOMEM;
	e->protocol = IPPROTO_TCP;
	spin_lock(&unix_lock);
	if (i->u.sk.sk_state != TCP_ESTABLISHED)
		i->daddr = d;
	spin_unlock(&unix_lock);
	err = unix_connect_to(sock, inet_lookup, &d, sizeof(d), &e->u, flags);
	if (err) {
		spin_lock(&unix_lock);
		if (i->u.sk.sk_state != TCP_ESTABLISHED)
			i->daddr = (struct sockaddr_in6){ 0 };
		spin_unlock(&unix_lock);
	}
	if (!(flags & O_NONBLOCK) || (err && err != -ECONNREFUSED))
		return err;
	/* Non-blocking: Linux answers before the handshake is done. */
	if (err)
		WRITE_ONCE(i->u.sk.sk_err, -err);
	return -EINPROGRESS;
}

int inet_dgram_connect(struct socket *sock, struct sockaddr *sa,
			      int len, int flags)
{
	struct inet_sock *i = inet_sk(sock->sk);
	struct sockaddr_in6 d = { 0 };
	int err = 0;

	if (len < (int)sizeof(sa->sa_family))
		return -EINVAL;
	if (sa->sa_family != AF_UNSPEC) {
		err = inet_dest(sock->sk, sa, len, &d) ?: inet_autobind(i);
		if (err)
			return err;
	}
	spin_lock(&unix_lock);
	i->daddr = d;
	i->u.sk.sk_state = d.sin6_family ? TCP_ESTABLISHED : TCP_CLOSE;
	sock->state = d.sin6_family ? SS_CONNECTED : SS_UNCONNECTED;
	spin_unlock(&unix_lock);
	udp_cork_connect(i, &d);
	return 0;
}

/* A listener needs a port: an unbound one gets a free one. */
static int inet_listen(struct socket *sock, int backlog)
{
	int err;

	if (sock->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	err = inet_autobind(inet_sk(sock->sk));
	return err ? err : unix_listen(sock, MIN(MAX(backlog, 0), SOMAXCONN));
}

/* Under unix_lock: the address @i talks to (zero: none). */
static struct sockaddr_in6 inet_peer_addr(struct inet_sock *i)
{
	struct inet_sock *p = i->u.peer ? inet_sk(&i->u.peer->sk) : NULL;

	if (i->u.sk.sk_type != SOCK_STREAM || !p)
		return i->daddr;
	/* an accepted socket: the client's source, toward its daddr */
	return p->daddr.sin6_family ? inet_source(p, &p->daddr) : i->daddr;
}

bool inet_names(struct inet_sock *i, struct sockaddr_in6 *local,
		struct sockaddr_in6 *peer)
{
	*peer = inet_peer_addr(i);
	memset(local, 0, sizeof(*local));
	local->sin6_family = AF_INET6;
	if (i->u.addr)
		*local = peer->sin6_family ? inet_source(i, peer) : *inet_local(i);
	else if (i->u.sk.sk_family == AF_INET)
		local->sin6_addr[10] = local->sin6_addr[11] = 0xff;
	return peer->sin6_family && (i->u.sk.sk_type != SOCK_STREAM ||
				     i->u.sk.sk_state == TCP_ESTABLISHED);
}

int inet_getname(struct socket *sock, struct sockaddr *sa, bool peer)
{
	struct sockaddr_in6 local, remote;
	bool connected;

	spin_lock(&unix_lock);
	connected = inet_names(inet_sk(sock->sk), &local, &remote);
	spin_unlock(&unix_lock);
	if (peer && !connected)
		return -ENOTCONN;
	return inet_name_out(sock->sk, peer ? &remote : &local, sa);
}

static int inet_shutdown(struct socket *sock, int how)
{
	if (sock->type == SOCK_STREAM &&
	    READ_ONCE(sock->sk->sk_state) != TCP_ESTABLISHED)
		return -ENOTCONN;
	return unix_shutdown(sock, how);
}

static long inet_stream_sendmsg(struct socket *sock, struct msghdr *m,
				size_t len)
{
	long err;

	if (READ_ONCE(sock->sk->sk_state) != TCP_ESTABLISHED) {
		err = sock_error(sock->sk);
		if (err)
			return err;
		if (!(m->msg_flags & MSG_NOSIGNAL))
			send_sig(SIGPIPE, current);
		return -EPIPE;
	}
	m->msg_name = NULL;		/* TCP ignores a name */
	if (sock_cmsg_send(sock->sk, m))
		return -EINVAL;		/* tcp_sendmsg_locked()'s one errno */
	err = unix_stream_sendmsg(sock, m, len);
	if (err > 0)
		dev_lo_count(sock_net(sock->sk), (size_t)err);
	return err;
}

static long inet_stream_recvmsg(struct socket *sock, struct msghdr *m,
				size_t len, int flags)
{
	if (flags & MSG_ERRQUEUE)
		return -EAGAIN;		/* no ICMP errors queue here */
	if (READ_ONCE(sock->sk->sk_state) != TCP_ESTABLISHED)
		return sock_error(sock->sk) ?: -ENOTCONN;
	if (flags & MSG_OOB)
		return -EINVAL;		/* no urgent byte has come */
	return unix_stream_recvmsg(sock, m, len, flags);
}

/* SIOCATMARK: with no urgent data, never at the mark; the rest as
 * AF_UNIX's (FIONREAD, TIOCOUTQ). */
static long inet_stream_ioctl(struct socket *sock, unsigned int cmd,
			      unsigned long arg)
{
	if (cmd == SIOCATMARK)
		return put_user_u32(0, (u32 __user *)arg) ? -EFAULT : 0;
	return unix_ioctl(sock, cmd, arg);
}

static const struct proto_ops inet_stream_ops = {
	.release = unix_release,
	.bind = inet_bind,
	.connect = inet_stream_connect,
	.accept = unix_accept,
	.getname = inet_getname,
	.poll = unix_poll,
	.ioctl = inet_stream_ioctl,
	.listen = inet_listen,
	.shutdown = inet_shutdown,
	.sendmsg = inet_stream_sendmsg,
	.recvmsg = inet_stream_recvmsg,
};

static const struct proto_ops inet_dgram_ops = {
	.release = udp_release,
	.bind = inet_bind,
	.connect = inet_dgram_connect,
	.accept = unix_accept,
	.getname = inet_getname,
	.poll = unix_poll,
	.ioctl = unix_ioctl,
	.listen = inet_listen,
	.shutdown = inet_shutdown,
	.sendmsg = udp_sendmsg,
	.recvmsg = udp_recvmsg,
};

/* The protocol a socket of @type is, for @protocol asked (0: the
 * default); -EPROTONOSUPPORT. */
static int inet_protocol(int family, int type, int protocol)
{
	int icmp = family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;

	if (type == SOCK_STREAM)
		return !protocol || protocol == IPPROTO_TCP ? IPPROTO_TCP :
		       -EPROTONOSUPPORT;
	if (type == SOCK_RAW)		/* any protocol, but one must be named */
		return protocol > 0 && protocol < 256 ? protocol :
		       -EPROTONOSUPPORT;
	if (!protocol || protocol == IPPROTO_UDP)
		return IPPROTO_UDP;
	return protocol == icmp ? icmp : -EPROTONOSUPPORT;
}

static int inet_create_family(struct socket *sock, int family, int protocol)
{
	struct inet_sock *i;
	int proto;

	if (sock->type != SOCK_STREAM && sock->type != SOCK_DGRAM &&
	    sock->type != SOCK_RAW)
		return -ESOCKTNOSUPPORT;
	proto = inet_protocol(family, sock->type, protocol);
	if (proto < 0)
		return proto;
	/* Linux's inet_create(): the capability in the user namespace that
	 * owns the network namespace (root of a tst_setup_netns()). */
	if (sock->type == SOCK_RAW)
		return ns_capable(current_net()->ns.user_ns, CAP_NET_RAW) ?
		       raw_create(sock, family, proto) : -EPERM;
	i = inet_sock_alloc(current_net(), family, sock->type);
	if (!i)
		return -ENOMEM;
	i->protocol = proto;
	i->u.sk.sk_socket = sock;
	sock->sk = &i->u.sk;
	sock->ops = sock->type == SOCK_STREAM ? &inet_stream_ops :
		    &inet_dgram_ops;	/* UDP and ICMP echo: udp.c says which */
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
