/*
 * UDP over lo (Linux's net/ipv4/udp.c, at the socket API): a datagram is
 * AF_UNIX's (af_unix_dgram.c): one sk_buff, copied once from the
 * sender into the receiver's queue. What UDP adds is here. The receiver
 * is found by address and port (__inet_lookup()); with none the
 * datagram is dropped, and a connected sender learns it as Linux's
 * sender does from the ICMP "port unreachable" that comes back: its
 * next send or receive fails with ECONNREFUSED (sk_err). A full receive
 * buffer (SO_RCVBUF) drops the datagram too: UDP never makes a sender
 * wait for a receiver. The name a receiver sees is the sender's bound
 * address, or for a sender bound to the wildcard the loopback address
 * it sent from (inet_source()). ICMP echo and raw sockets share these
 * calls, but Taskbase carries no such packets: their sends are
 * ENETUNREACH, and nothing arrives for them.
 */
#include "kernel/net/inet.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define UDP_MAX_PAYLOAD 65507		/* 65535 - the IP and UDP headers */
#define UDP6_MAX_PAYLOAD 65527		/* 65535 - the UDP header */

/* The destination of a datagram: @m's name, or the connected address. */
static int udp_dest(struct inet_sock *i, struct msghdr *m,
		    struct sockaddr_in6 *d)
{
	if (m->msg_name)
		return inet_dest(&i->u.sk, m->msg_name, m->msg_namelen, d);
	spin_lock(&unix_lock);
	*d = i->daddr;
	spin_unlock(&unix_lock);
	return d->sin6_family ? 0 : -EDESTADDRREQ;
}

/* The name @i's datagram to @d carries, referenced; NULL without memory. */
static struct unix_address *udp_source(struct inet_sock *i,
				       const struct sockaddr_in6 *d)
{
	struct sockaddr_in6 s;

	spin_lock(&unix_lock);
	s = inet_source(i, d);
	if (!inet_addr_any(inet_local(i))) {
		refcount_inc(&i->u.addr->refcnt);
		spin_unlock(&unix_lock);
		return i->u.addr;
	}
	spin_unlock(&unix_lock);
	return unix_addr_alloc(&s, sizeof(s), NULL);
}

long udp_sendmsg(struct socket *sock, struct msghdr *m, size_t len)
{
	struct inet_sock *i = inet_sk(sock->sk);
	size_t max = sock->sk->sk_family == AF_INET6 ? UDP6_MAX_PAYLOAD :
		     UDP_MAX_PAYLOAD;
	struct unix_address *from;
	struct unix_sock *other;
	struct sockaddr_in6 d;
	long err;

	if (m->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (i->protocol != IPPROTO_UDP)	/* ICMP, raw: no such packets here */
		return m->msg_name || i->daddr.sin6_family ? -ENETUNREACH :
		       -EDESTADDRREQ;
	if (len > max)
		return -EMSGSIZE;
	err = udp_dest(i, m, &d) ?: sock_error(sock->sk) ?: inet_autobind(i);
	if (err)
		return err;
	if (!d.sin6_port)
		return -EINVAL;		/* no one can be at port 0 */
	other = __inet_lookup(i, &d);
	if (!other) {
		if (!m->msg_name)	/* connected: the ICMP error comes back */
			WRITE_ONCE(i->u.sk.sk_err, ECONNREFUSED);
		return (long)len;
	}
	from = udp_source(i, &d);
	err = from ? unix_dgram_send_to(sock, other, m, len, from) : -ENOMEM;
	if (err >= 0)
		dev_lo_count(len);
	unix_addr_put(from);
	sock_put(&other->sk);
	return err;
}

long udp_recvmsg(struct socket *sock, struct msghdr *m, size_t len,
		 int flags)
{
	struct sockaddr_in6 from;
	long ret;

	if (flags & MSG_ERRQUEUE)
		return -EAGAIN;		/* no ICMP errors queue here */
	ret = sock_error(sock->sk);
	if (ret)
		return ret;
	m->msg_namelen = 0;
	ret = unix_dgram_recvmsg(sock, m, len, flags);
	if (ret >= 0 && m->msg_name && m->msg_namelen == (int)sizeof(from)) {
		memcpy(&from, m->msg_name, sizeof(from));
		m->msg_namelen = inet_name_out(sock->sk, &from, m->msg_name);
	}
	return ret;
}
