/*
 * The receive side's control messages of IP datagram sockets (Linux's
 * ip_cmsg_recv_offset() in net/ipv4/ip_sockglue.c and
 * ip6_datagram_recv_ctl() in net/ipv6/datagram.c): what a receiver
 * asked for with setsockopt (inet_opt.c keeps the flags) comes with
 * each datagram, made from the header fields it carried (struct
 * inet_skb_parm in its sk_buff, filled at send time here):
 *
 *   IPv4 (SOL_IP)    IP_PKTINFO  struct in_pktinfo: lo's index, the
 *                                local address a reply comes from, the
 *                                datagram's destination
 *                    IP_RECVTTL  IP_TTL, an int: the sender's TTL
 *                    IP_RECVTOS  IP_TOS, one byte
 *   IPv6 (SOL_IPV6)  IPV6_RECVPKTINFO   IPV6_PKTINFO, struct in6_pktinfo
 *                    IPV6_RECVHOPLIMIT  IPV6_HOPLIMIT, an int
 *                    IPV6_RECVTCLASS    IPV6_TCLASS, an int
 *                    IPV6_2292PKTINFO   the same, RFC 2292's
 *                    IPV6_2292HOPLIMIT  names (BusyBox's ping6 asks
 *                                       for this one)
 *
 * in that order. An AF_INET6 socket given an IPv4 datagram (a mapped
 * address) gets IPV6_PKTINFO (its address mapped) and the IPv4 ones, as
 * Linux's udpv6_recvmsg(); an IPv6 datagram never brings the IPv4 ones.
 * A control buffer too small cuts the message that does not fit and
 * drops the rest (MSG_CTRUNC: put_cmsg()).
 *
 * The send side (Linux's ip_cmsg_send() and ip6_datagram_send_ctl()):
 * a sendmsg's control messages set one datagram's fields over the
 * socket's options (struct ipcm_cookie), by the destination's version:
 *
 *   IPv4 (SOL_IP)    IP_TTL (1-255), IP_TOS (an int or a byte), and
 *                    IP_PKTINFO: ipi_spec_dst its source address (on
 *                    lo, 127.0.0.0/8), ipi_ifindex its interface (lo);
 *                    an AF_INET6 socket may give IPV6_PKTINFO with a
 *                    mapped address instead; SOL_IPV6 ones are ignored
 *   IPv6 (SOL_IPV6)  IPV6_HOPLIMIT, IPV6_TCLASS (-1: the socket's),
 *                    IPV6_PKTINFO (source ::1), IPV6_FLOWINFO,
 *                    IPV6_DONTFRAG; RFC 2292's PKTINFO and HOPLIMIT
 *   SOL_SOCKET       SO_MARK (CAP_NET_ADMIN) and SO_TIMESTAMPING are
 *                    checked, nothing more (no marks, no transmit
 *                    timestamps here); SCM_RIGHTS and SCM_CREDENTIALS
 *                    are AF_UNIX's, ignored, as Linux ignores them;
 *                    TCP's sends take these alone (sock_cmsg_send())
 *
 * A malformed message, an unknown type at the IP level or a value out
 * of range is EINVAL; an interface other than lo ENODEV. IPv4 options
 * (IP_RETOPTS) and IPv6 extension headers are not carried: EINVAL too.
 */
#include "kernel/capability.h"
#include "kernel/net/inet.h"
#include "kernel/net/net_namespace.h"
#include "kernel/ns/user_namespace.h"
#include "lib/errno.h"
#include "lib/string.h"

#define IP_TOS 1
#define IP_TTL 2
#define IP_PKTINFO 8
#define IP_RECVTTL 12
#define IP_RECVTOS 13
#define IP_RETOPTS 7
#define IPV6_2292PKTINFO 2		/* RFC 2292's names, BusyBox ping6's */
#define IPV6_2292HOPLIMIT 8
#define IPV6_FLOWINFO 11
#define IPV6_UNICAST_HOPS 16
#define IPV6_RECVPKTINFO 49
#define IPV6_PKTINFO 50
#define IPV6_RECVHOPLIMIT 51
#define IPV6_HOPLIMIT 52
#define IPV6_DONTFRAG 62
#define IPV6_RECVTCLASS 66
#define IPV6_TCLASS 67
#define SO_MARK 36			/* SOL_SOCKET's, on an IP socket */
#define SO_TIMESTAMPING_OLD 37
#define SCM_RIGHTS 1
#define SCM_CREDENTIALS 2
#define SOF_TX_RECORD_MASK 0x303	/* SOF_TIMESTAMPING_TX_{HARD,SOFT}WARE,
					 * _TX_SCHED, _TX_ACK */
#define LOOPBACK_IFINDEX 1		/* lo's, the only interface */

struct in_pktinfo {
	int ipi_ifindex;
	u32 ipi_spec_dst;		/* network byte order */
	u32 ipi_addr;
};

struct in6_pktinfo {
	u8 ipi6_addr[16];
	int ipi6_ifindex;
};

/* ---- sending ---- */

struct cmsg_send_ctx {
	struct sock *sk;
	struct ipcm_cookie *ipc;
	int oif;			/* the interface asked for, 0: any */
};

/* The int of a message that must hold exactly one; -EINVAL if not. */
static int cmsg_int(const struct cmsghdr *c, int *v)
{
	if (c->cmsg_len != CMSG_LEN(sizeof(int)))
		return -EINVAL;
	memcpy(v, c + 1, sizeof(int));
	return 0;
}

/* SOL_SOCKET on an IP socket (Linux's __sock_cmsg_send()). */
static int __sock_cmsg_send(struct sock *sk, const struct cmsghdr *c)
{
	u32 v;

	switch (c->cmsg_type) {
	case SO_MARK:
		if (!ns_capable(sock_net(sk)->ns.user_ns, CAP_NET_ADMIN))
			return -EPERM;
		return c->cmsg_len == CMSG_LEN(sizeof(u32)) ? 0 : -EINVAL;
	case SO_TIMESTAMPING_OLD:
		if (c->cmsg_len != CMSG_LEN(sizeof(u32)))
			return -EINVAL;
		memcpy(&v, c + 1, sizeof(v));
		return v & ~(u32)SOF_TX_RECORD_MASK ? -EINVAL : 0;
	case SCM_RIGHTS:		/* AF_UNIX's */
	case SCM_CREDENTIALS:
		return 0;
	default:
		return -EINVAL;
	}
}

/* IP_PKTINFO, or an AF_INET6 socket's IPV6_PKTINFO of a mapped address
 * (Linux's ip_cmsg_send() with allow_ipv6): the source and interface. */
static int ip_cmsg_pktinfo(struct cmsg_send_ctx *x, const struct cmsghdr *c)
{
	struct ipcm_cookie *ipc = x->ipc;
	u32 spec_dst;

	if (c->cmsg_level == SOL_IP) {
		struct in_pktinfo info;

		if (c->cmsg_len != CMSG_LEN(sizeof(info)))
			return -EINVAL;
		memcpy(&info, c + 1, sizeof(info));
		x->oif = info.ipi_ifindex;
		spec_dst = info.ipi_spec_dst;
	} else {
		struct in6_pktinfo info6;

		if (c->cmsg_len < CMSG_LEN(sizeof(info6)))
			return -EINVAL;
		memcpy(&info6, c + 1, sizeof(info6));
		if (memcmp(info6.ipi6_addr, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12))
			return -EINVAL;		/* not a mapped address */
		if (info6.ipi6_ifindex)
			x->oif = info6.ipi6_ifindex;
		memcpy(&spec_dst, info6.ipi6_addr + 12, 4);
	}
	ipc->has_saddr = spec_dst != 0;
	ipv6_addr_set_v4mapped(spec_dst, ipc->saddr);
	return 0;
}

/* One message of a send to an IPv4 address (Linux's ip_cmsg_send()). */
static int ip_cmsg_one(const struct cmsghdr *c, void *arg)
{
	struct cmsg_send_ctx *x = arg;
	int v;

	if (c->cmsg_level == SOL_SOCKET)
		return __sock_cmsg_send(x->sk, c);
	if (x->sk->sk_family == AF_INET6 && c->cmsg_level == SOL_IPV6 &&
	    c->cmsg_type == IPV6_PKTINFO)
		return ip_cmsg_pktinfo(x, c);
	if (c->cmsg_level != SOL_IP)
		return 0;
	switch (c->cmsg_type) {
	case IP_RETOPTS:	/* no options are carried: only none */
		return c->cmsg_len == CMSG_LEN(0) ? 0 : -EINVAL;
	case IP_PKTINFO:
		return ip_cmsg_pktinfo(x, c);
	case IP_TTL:
		if (cmsg_int(c, &v) || v < 1 || v > 255)
			return -EINVAL;
		x->ipc->ttl = v;
		return 0;
	case IP_TOS:
		if (c->cmsg_len == CMSG_LEN(sizeof(u8)))
			v = *(const u8 *)(c + 1);
		else if (cmsg_int(c, &v))
			return -EINVAL;
		if (v < 0 || v > 255)
			return -EINVAL;
		x->ipc->tos = v;
		return 0;
	default:
		return -EINVAL;
	}
}

/* IPV6_PKTINFO (either name): the interface and the source, ::1. */
static int ip6_cmsg_pktinfo(struct cmsg_send_ctx *x, const struct cmsghdr *c)
{
	struct in6_pktinfo info;

	if (c->cmsg_len < CMSG_LEN(sizeof(info)))
		return -EINVAL;
	memcpy(&info, c + 1, sizeof(info));
	if (info.ipi6_ifindex) {
		if (x->oif && info.ipi6_ifindex != x->oif)
			return -EINVAL;
		x->oif = info.ipi6_ifindex;
	}
	if (x->oif && x->oif != LOOPBACK_IFINDEX)
		return -ENODEV;
	if (!memcmp(info.ipi6_addr, in6addr_any, 16))
		return 0;
	if (memcmp(info.ipi6_addr, in6addr_loopback, 16))
		return -EINVAL;		/* not one of ours */
	x->ipc->has_saddr = true;
	memcpy(x->ipc->saddr, info.ipi6_addr, 16);
	return 0;
}

/* One message of a send to an IPv6 address (Linux's
 * ip6_datagram_send_ctl()). */
static int ip6_cmsg_one(const struct cmsghdr *c, void *arg)
{
	struct cmsg_send_ctx *x = arg;
	int v;

	if (c->cmsg_level == SOL_SOCKET)
		return __sock_cmsg_send(x->sk, c);
	if (c->cmsg_level != SOL_IPV6)
		return 0;
	switch (c->cmsg_type) {
	case IPV6_PKTINFO:
	case IPV6_2292PKTINFO:
		return ip6_cmsg_pktinfo(x, c);
	case IPV6_FLOWINFO:	/* no flow labels here: checked only */
		return c->cmsg_len < CMSG_LEN(sizeof(u32)) ? -EINVAL : 0;
	case IPV6_HOPLIMIT:
	case IPV6_2292HOPLIMIT:
		if (cmsg_int(c, &v) || v < -1 || v > 255)
			return -EINVAL;
		x->ipc->ttl = v;
		return 0;
	case IPV6_TCLASS:
		if (cmsg_int(c, &v) || v < -1 || v > 255)
			return -EINVAL;
		x->ipc->tos = v;
		return 0;
	case IPV6_DONTFRAG:	/* lo does not fragment */
		return cmsg_int(c, &v);
	default:		/* the extension headers too: not carried */
		return -EINVAL;
	}
}

static int sock_cmsg_one(const struct cmsghdr *c, void *arg)
{
	return c->cmsg_level == SOL_SOCKET ? __sock_cmsg_send(arg, c) : 0;
}

int sock_cmsg_send(struct sock *sk, struct msghdr *m)
{
	return cmsg_send_each(m, sock_cmsg_one, sk);
}

int ip_cmsg_send(struct sock *sk, struct msghdr *m, bool v4,
		 struct ipcm_cookie *ipc)
{
	struct cmsg_send_ctx x = { sk, ipc, 0 };
	int err;

	*ipc = (struct ipcm_cookie){ .ttl = -1, .tos = -1 };
	err = cmsg_send_each(m, v4 ? ip_cmsg_one : ip6_cmsg_one, &x);
	if (!err && x.oif && x.oif != LOOPBACK_IFINDEX)
		err = -ENODEV;		/* no such interface */
	if (!err && v4 && ipc->has_saddr) {
		u32 a;

		memcpy(&a, ipc->saddr + 12, 4);
		if (!ipv4_is_loopback(a))
			err = -EINVAL;	/* not lo's: no route from it */
	}
	return err;
}

u8 ipc_ttl(struct inet_sock *i, const struct ipcm_cookie *ipc, bool v4)
{
	if (ipc->ttl >= 0)
		return (u8)ipc->ttl;
	return (u8)(v4 ? inet_opt_get(i, IPPROTO_IP, IP_TTL) :
		    inet_opt_get(i, IPPROTO_IPV6, IPV6_UNICAST_HOPS));
}

u8 ipc_tos(struct inet_sock *i, const struct ipcm_cookie *ipc, bool v4)
{
	if (ipc->tos >= 0)
		return (u8)ipc->tos;
	return (u8)(v4 ? inet_opt_get(i, IPPROTO_IP, IP_TOS) :
		    inet_opt_get(i, IPPROTO_IPV6, IPV6_TCLASS));
}

void inet_skb_parm_send(struct inet_sock *i, const struct sockaddr_in6 *d,
			const struct ipcm_cookie *ipc, struct inet_skb_parm *ip)
{
	bool v4 = inet_addr_mapped(d);

	ip->version = v4 ? 4 : 6;
	ip->ttl = ipc_ttl(i, ipc, v4);
	ip->tos = ipc_tos(i, ipc, v4);
	memcpy(ip->daddr, d->sin6_addr, 16);
	ip->gso_size = 0;
}

void inet_skb_parm_v4(struct inet_skb_parm *ip, const u8 *iph)
{
	*ip = (struct inet_skb_parm){ .version = 4, .tos = iph[1],
				      .ttl = iph[8] };
	ip->daddr[10] = ip->daddr[11] = 0xff;
	memcpy(ip->daddr + 12, iph + 16, 4);
}

void inet_skb_parm_v6(struct inet_skb_parm *ip, const u8 *ip6h)
{
	*ip = (struct inet_skb_parm){ .version = 6, .ttl = ip6h[7],
		.tos = (u8)((ip6h[0] & 0xf) << 4 | ip6h[1] >> 4) };
	memcpy(ip->daddr, ip6h + 24, 16);
}

/* IPv4's messages (Linux's ip_cmsg_recv_offset(), the ones lo's
 * datagrams can bring). */
static void ip_cmsg_recv_offset(struct inet_sock *i, struct msghdr *m,
				const struct inet_skb_parm *ip)
{
	struct in_pktinfo info = { .ipi_ifindex = LOOPBACK_IFINDEX };
	int ttl = ip->ttl;

	/* fib_compute_spec_dst(): a local delivery's own destination */
	memcpy(&info.ipi_addr, ip->daddr + 12, 4);
	info.ipi_spec_dst = info.ipi_addr;
	if (inet_opt_get(i, IPPROTO_IP, IP_PKTINFO))
		put_cmsg(m, SOL_IP, IP_PKTINFO, &info, sizeof(info));
	if (inet_opt_get(i, IPPROTO_IP, IP_RECVTTL))
		put_cmsg(m, SOL_IP, IP_TTL, &ttl, sizeof(ttl));
	if (inet_opt_get(i, IPPROTO_IP, IP_RECVTOS))
		put_cmsg(m, SOL_IP, IP_TOS, &ip->tos, 1);
}

/* IPV6_PKTINFO, of either version's datagram (Linux's
 * ip6_datagram_recv_common_ctl()). */
static void ip6_datagram_recv_common_ctl(struct inet_sock *i,
					 struct msghdr *m,
					 const struct inet_skb_parm *ip)
{
	struct in6_pktinfo info = { .ipi6_ifindex = LOOPBACK_IFINDEX };

	memcpy(info.ipi6_addr, ip->daddr, 16);
	if (inet_opt_get(i, IPPROTO_IPV6, IPV6_RECVPKTINFO))
		put_cmsg(m, SOL_IPV6, IPV6_PKTINFO, &info, sizeof(info));
}

/* The hop limit and traffic class of an IPv6 datagram, then RFC 2292's
 * messages (Linux's ip6_datagram_recv_specific_ctl()). */
static void ip6_datagram_recv_specific_ctl(struct inet_sock *i,
					   struct msghdr *m,
					   const struct inet_skb_parm *ip)
{
	struct in6_pktinfo info = { .ipi6_ifindex = LOOPBACK_IFINDEX };
	int hlim = ip->ttl, tclass = ip->tos;

	memcpy(info.ipi6_addr, ip->daddr, 16);
	if (inet_opt_get(i, IPPROTO_IPV6, IPV6_RECVHOPLIMIT))
		put_cmsg(m, SOL_IPV6, IPV6_HOPLIMIT, &hlim, sizeof(hlim));
	if (inet_opt_get(i, IPPROTO_IPV6, IPV6_RECVTCLASS))
		put_cmsg(m, SOL_IPV6, IPV6_TCLASS, &tclass, sizeof(tclass));
	if (inet_opt_get(i, IPPROTO_IPV6, IPV6_2292PKTINFO))
		put_cmsg(m, SOL_IPV6, IPV6_2292PKTINFO, &info, sizeof(info));
	if (inet_opt_get(i, IPPROTO_IPV6, IPV6_2292HOPLIMIT))
		put_cmsg(m, SOL_IPV6, IPV6_2292HOPLIMIT, &hlim, sizeof(hlim));
}

void ip_cmsg_recv(struct sock *sk, struct msghdr *m,
		  const struct inet_skb_parm *ip)
{
	struct inet_sock *i = inet_sk(sk);

	if (!ip->version)
		return;
	if (sk->sk_family == AF_INET6)
		ip6_datagram_recv_common_ctl(i, m, ip);
	if (ip->version == 4)
		ip_cmsg_recv_offset(i, m, ip);
	else if (sk->sk_family == AF_INET6)
		ip6_datagram_recv_specific_ctl(i, m, ip);
}
