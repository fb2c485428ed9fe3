/*
 * Raw IPv6 sockets over lo (Linux's net/ipv6/raw.c, and the echo reply
 * of net/ipv6/icmp.c): socket(AF_INET6, SOCK_RAW, protocol), made and
 * bound by raw.c, send and receive here.
 *
 * Unlike an IPv4 raw socket, an IPv6 one never sees the IP header: a
 * send gives the payload, and the kernel builds the 40-byte header in
 * front of it (next header: the socket's protocol, hop limit:
 * IPV6_UNICAST_HOPS, 64 by default, traffic class: IPV6_TCLASS, or a
 * send's IPV6_HOPLIMIT and IPV6_TCLASS messages: ip_sockglue.c;
 * IPPROTO_RAW sockets give the header themselves); a receive gets the
 * payload, its source in a sockaddr_in6 with port 0. The kernel fills
 * in a checksum at the socket's IPV6_CHECKSUM offset over the
 * pseudo-header (RFC 8200 8.1): always at 2 for ICMPv6, whose sockets
 * may not change it (RFC 3542), off for the others until set. ICMP6_FILTER (level SOL_ICMPV6) drops the ICMPv6
 * types whose bit is set, as BusyBox's ping6 sets it to take only echo
 * replies.
 *
 * The only destinations are this machine: ::1 and :: (which means ::1).
 * lo delivers the packet to every raw IPv6 socket of its next header in
 * the namespace (no extension headers are followed), a sound UDP
 * datagram to its UDP socket (udpv6_rcv(); none there: a port
 * unreachable, icmp6_send()), and answers an
 * ICMPv6 echo request with an echo reply (Linux's icmpv6_echo_reply()).
 */
#include "kernel/mm/slab.h"
#include "kernel/net/inet.h"
#include "kernel/net/net_namespace.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define ICMPV6_FILTER 1			/* SOL_ICMPV6 */
#define IPV6_CHECKSUM 7			/* SOL_RAW or SOL_IPV6 */
#define IPV6_MAXPLEN 65535
#define ICMPV6_DEST_UNREACH 1
#define ICMPV6_PORT_UNREACH 4
#define IPV6_MIN_MTU 1280
#define ICMPV6_ECHO_REQUEST 128
#define ICMPV6_ECHO_REPLY 129

struct ipv6hdr {
	u8 ver_tc, tc_flow, flow_lbl[2];	/* version 6 << 4 */
	u16 payload_len;			/* network byte order */
	u8 nexthdr, hop_limit;
	u8 saddr[16], daddr[16];
};
_Static_assert(sizeof(struct ipv6hdr) == IPV6_HLEN, "RFC 8200's header");


/* The checksum of the upper-layer packet @p of @len bytes from @saddr to
 * @daddr, next header @proto (the pseudo-header of RFC 8200 8.1), with
 * the 16 bits at @p + @off taken as 0. */
static u16 csum_ipv6(const u8 *saddr, const u8 *daddr, u8 proto,
		     const u8 *p, size_t len, size_t off)
{
	u8 pseudo[40];
	u32 sum, n = htons((u16)(len >> 16)) | (u32)htons((u16)len) << 16;

	memcpy(pseudo, saddr, 16);
	memcpy(pseudo + 16, daddr, 16);
	memcpy(pseudo + 32, &n, 4);
	memset(pseudo + 36, 0, 3);
	pseudo[39] = proto;
	sum = csum_partial(pseudo, sizeof(pseudo), 0);
	sum = csum_partial(p, off, sum);
	return csum_fold(csum_partial(p + off + 2, len - off - 2, sum));
}

int rawv6_name(struct inet_sock *i, const struct sockaddr *sa, int len,
	       struct sockaddr_in6 *a)
{
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;

	if (len < 24 || s6->sin6_family != AF_INET6)
		return -EINVAL;
	if (memcmp(s6->sin6_addr, in6addr_any, 16) &&
	    memcmp(s6->sin6_addr, in6addr_loopback, 16))
		return -EADDRNOTAVAIL;
	*a = (struct sockaddr_in6){ .sin6_family = AF_INET6,
				    .sin6_port = htons((u16)i->protocol) };
	memcpy(a->sin6_addr, s6->sin6_addr, 16);
	return 0;
}

/* Does raw ICMPv6 socket @o filter out @pkt's payload of @len bytes
 * (Linux's icmpv6_filter())? Yes for a type whose bit is set, and for a
 * payload with no type at all. */
static bool icmpv6_filter(struct inet_sock *o, const u8 *payload, size_t len)
{
	if (len < 1)
		return true;
	return READ_ONCE(o->icmp6_filter[payload[0] >> 5]) &
	       (1u << (payload[0] & 31));
}

/* Under unix_lock: does raw IPv6 socket @o take packet @p (p->len bytes
 * of payload after its header)? */
static bool rawv6_match(struct inet_sock *o, const struct raw_packet *p)
{
	const struct ipv6hdr *h = (const struct ipv6hdr *)p->pkt;
	const struct sockaddr_in6 *local = inet_local(o);
	struct net *net = p->net;
	size_t len = p->len;

	if (sock_net(&o->u.sk) != net || o->u.sk.sk_family != AF_INET6 ||
	    o->protocol != h->nexthdr)
		return false;
	if (memcmp(local->sin6_addr, in6addr_any, 16) &&
	    memcmp(local->sin6_addr, h->daddr, 16))
		return false;
	if (o->daddr.sin6_family && memcmp(o->daddr.sin6_addr, h->saddr, 16))
		return false;
	return h->nexthdr != IPPROTO_ICMPV6 ||
	       !icmpv6_filter(o, (const u8 *)(h + 1), len);
}

/* Give the payload of packet @pkt (@len bytes of payload after its
 * header) to every raw IPv6 socket that takes it (Linux's
 * ipv6_raw_deliver()); @sock, the sender, is charged for the copies. */
static void rawv6_input(struct socket *sock, struct net *net, const u8 *pkt,
			size_t len)
{
	const struct ipv6hdr *h = (const struct ipv6hdr *)pkt;
	struct sockaddr_in6 src = { .sin6_family = AF_INET6 };
	struct raw_packet p = { .net = net, .pkt = pkt, .len = len };

	inet_skb_parm_v6(&p.ip, pkt);	/* IPV6_RECVHOPLIMIT's, ... */
	memcpy(src.sin6_addr, h->saddr, 16);
	raw_deliver(sock, &p, pkt + IPV6_HLEN, len, &src, rawv6_match);
}

/* The kernel's answer to the ICMPv6 echo request @pkt (@len bytes of
 * payload): the echo reply from the address asked to the asker, the
 * same identifier, sequence and data. */
static void icmpv6_echo_reply(struct socket *sock, struct net *net,
			      const u8 *pkt, size_t len)
{
	u8 *r = kmalloc(IPV6_HLEN + len, GFP_KERNEL);
	struct ipv6hdr *h = (struct ipv6hdr *)r;
	u16 sum;

	if (!r)
		return;
	memcpy(r, pkt, IPV6_HLEN + len);
	memcpy(h->saddr, ((const struct ipv6hdr *)pkt)->daddr, 16);
	memcpy(h->daddr, ((const struct ipv6hdr *)pkt)->saddr, 16);
	h->hop_limit = 64;
	r[IPV6_HLEN] = ICMPV6_ECHO_REPLY;
	sum = csum_ipv6(h->saddr, h->daddr, IPPROTO_ICMPV6, r + IPV6_HLEN,
			len, 2);
	memcpy(r + IPV6_HLEN + 2, &sum, 2);
	rawv6_input(sock, net, r, len);
	kfree(r);
}

/* The kernel's ICMPv6 error @type, @code about packet @pkt (@plen bytes
 * of payload), back to its source (Linux's icmp6_send()): hop limit 64,
 * then as much of @pkt as fits in IPv6's minimum MTU, 1280 bytes. */
static void icmp6_send(struct socket *sock, const u8 *pkt, size_t plen,
		       u8 type, u8 code)
{
	size_t n = MIN(IPV6_HLEN + plen, IPV6_MIN_MTU - IPV6_HLEN - 8);
	u8 *r = kzalloc(IPV6_HLEN + 8 + n, GFP_KERNEL);
	struct ipv6hdr *h = (struct ipv6hdr *)r;
	u16 sum;

	if (!r)
		return;
	*h = (struct ipv6hdr){ .ver_tc = 6 << 4, .nexthdr = IPPROTO_ICMPV6,
			       .payload_len = htons((u16)(8 + n)),
			       .hop_limit = 64 };
	memcpy(h->saddr, ((const struct ipv6hdr *)pkt)->daddr, 16);
	memcpy(h->daddr, ((const struct ipv6hdr *)pkt)->saddr, 16);
	r[IPV6_HLEN] = type;
	r[IPV6_HLEN + 1] = code;
	memcpy(r + IPV6_HLEN + 8, pkt, n);
	sum = csum_ipv6(h->saddr, h->daddr, IPPROTO_ICMPV6, r + IPV6_HLEN,
			8 + n, 2);
	memcpy(r + IPV6_HLEN + 2, &sum, 2);
	rawv6_input(sock, sock_net(sock->sk), r, 8 + n);
	kfree(r);
}

/* lo's delivery of a UDP datagram over IPv6 (@plen bytes after the
 * header at @pkt) that a raw socket sent (Linux's udpv6_rcv()): its
 * length must fit, and its checksum, which IPv6 requires, be right;
 * taken by no socket, it earns a port unreachable. */
static void udpv6_rcv(struct socket *sock, const u8 *pkt, size_t plen)
{
	const struct ipv6hdr *h = (const struct ipv6hdr *)pkt;
	struct sockaddr_in6 s = { .sin6_family = AF_INET6 }, d = s;
	const u8 *uh = pkt + IPV6_HLEN;
	struct inet_skb_parm ip;
	u16 ulen, sum;

	if (plen < 8)
		return;
	memcpy(&ulen, uh + 4, 2);
	ulen = ntohs(ulen);
	if (ulen < 8 || ulen > plen)
		return;
	sum = csum_ipv6(h->saddr, h->daddr, IPPROTO_UDP, uh, ulen, 6) ?: 0xffff;
	if (memcmp(uh + 6, &sum, 2))
		return;
	memcpy(s.sin6_addr, h->saddr, 16);
	memcpy(d.sin6_addr, h->daddr, 16);
	memcpy(&s.sin6_port, uh, 2);
	memcpy(&d.sin6_port, uh + 2, 2);
	inet_skb_parm_v6(&ip, pkt);
	if (!udp_queue_rcv(sock, &s, &d, uh + 8, ulen - 8u, &ip))
		icmp6_send(sock, pkt, plen, ICMPV6_DEST_UNREACH,
			   ICMPV6_PORT_UNREACH);
}

/* lo receives IPv6 packet @pkt of @len bytes (Linux's ipv6_rcv() checks,
 * then local delivery): dropped if it is not a sound IPv6 packet to ::1. */
static void ipv6_rcv(struct socket *sock, struct net *net, const u8 *pkt,
		     size_t len)
{
	const struct ipv6hdr *h = (const struct ipv6hdr *)pkt;
	size_t plen;

	if (len < IPV6_HLEN || h->ver_tc >> 4 != 6)
		return;
	plen = ntohs(h->payload_len);
	if (plen > len - IPV6_HLEN || memcmp(h->daddr, in6addr_loopback, 16))
		return;
	rawv6_input(sock, net, pkt, plen);
	if (h->nexthdr == IPPROTO_UDP)
		udpv6_rcv(sock, pkt, plen);
	if (h->nexthdr == IPPROTO_ICMPV6 && plen >= 8 &&
	    pkt[IPV6_HLEN] == ICMPV6_ECHO_REQUEST && !pkt[IPV6_HLEN + 1] &&
	    !memcmp(pkt + IPV6_HLEN + 2, &(u16){ csum_ipv6(h->saddr, h->daddr,
		    IPPROTO_ICMPV6, pkt + IPV6_HLEN, plen, 2) }, 2))
		icmpv6_echo_reply(sock, net, pkt, plen);
}

/* The destination of a send into *@daddr: @m's sockaddr_in6 or the
 * connected one; :: means ::1. 0, or -EINVAL, -EAFNOSUPPORT,
 * -EDESTADDRREQ, -ENETUNREACH (anything but this machine). */
static int rawv6_dest(struct inet_sock *i, struct msghdr *m, u8 *daddr)
{
	const struct sockaddr_in6 *sin6 = m->msg_name;
	u16 proto;

	if (sin6) {
		if (m->msg_namelen < 24)	/* SIN6_LEN_RFC2133 */
			return -EINVAL;
		if (sin6->sin6_family && sin6->sin6_family != AF_INET6)
			return -EAFNOSUPPORT;
		proto = ntohs(sin6->sin6_port);	/* 0 or the protocol */
		if (proto && proto != i->protocol && i->protocol != IPPROTO_RAW)
			return -EINVAL;
		memcpy(daddr, sin6->sin6_addr, 16);
	} else {
		spin_lock(&unix_lock);
		memcpy(daddr, i->daddr.sin6_addr, 16);
		spin_unlock(&unix_lock);
		if (!READ_ONCE(i->daddr.sin6_family))
			return -EDESTADDRREQ;
	}
	if (!memcmp(daddr, in6addr_any, 16))
		daddr[15] = 1;
	if (memcmp(daddr, in6addr_loopback, 16) ||
	    !dev_lo_up(sock_net(&i->u.sk)))
		return -ENETUNREACH;
	return 0;
}

/* The packet of a send without a header of the user's: @len bytes of @m
 * after one built from @i's options and @ipc's hop limit and traffic
 * class, its checksum filled in; ERR_PTR. */
static u8 *rawv6_build(struct inet_sock *i, struct msghdr *m, size_t len,
		       const struct ipcm_cookie *ipc, const u8 *daddr)
{
	u8 tclass = ipc_tos(i, ipc, false);
	int off = READ_ONCE(i->v6_csum_off);
	u8 *pkt = kmalloc(IPV6_HLEN + len, GFP_KERNEL);
	struct ipv6hdr *h = (struct ipv6hdr *)pkt;
	u16 sum;

	if (!pkt)
		return ERR_PTR(-ENOMEM);
	*h = (struct ipv6hdr){ .ver_tc = (u8)(6 << 4 | tclass >> 4),
			       .tc_flow = (u8)(tclass << 4),
			       .nexthdr = (u8)i->protocol,
			       .payload_len = htons((u16)len),
			       .hop_limit = ipc_ttl(i, ipc, false) };
	memcpy(h->saddr, in6addr_loopback, 16);	/* lo's, the route's */
	memcpy(h->daddr, daddr, 16);
	if (copy_from_iter(pkt + IPV6_HLEN, len, &m->msg_iter) != len) {
		kfree(pkt);
		return ERR_PTR(-EFAULT);
	}
	if (off >= 0 && (size_t)off + 1 >= len) {	/* no room for it */
		kfree(pkt);
		return ERR_PTR(-EINVAL);
	}
	if (off >= 0) {
		sum = csum_ipv6(h->saddr, h->daddr, h->nexthdr, pkt + IPV6_HLEN,
				len, (size_t)off);
		if (!sum && h->nexthdr == IPPROTO_UDP)
			sum = 0xffff;	/* CSUM_MANGLED_0: 0 is "none" */
		memcpy(pkt + IPV6_HLEN + off, &sum, 2);
	}
	return pkt;
}

long rawv6_sendmsg(struct socket *sock, struct msghdr *m, size_t len)
{
	struct inet_sock *i = inet_sk(sock->sk);
	bool hdrincl = READ_ONCE(i->hdrincl);
	size_t tot = hdrincl ? len : IPV6_HLEN + len;
	struct ipcm_cookie ipc;
	u8 daddr[16], *pkt;
	long err;

	if (m->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	err = rawv6_dest(i, m, daddr) ?: ip_cmsg_send(sock->sk, m, false, &ipc);
	if (err)
		return err;
	if (!hdrincl && i->protocol == IPPROTO_ICMPV6 && len < 2)
		return -EFAULT;		/* rawv6_probe_proto_opt() */
	if (len > IPV6_MAXPLEN + (hdrincl ? IPV6_HLEN : 0) ||
	    tot > (size_t)dev_lo_mtu(sock_net(sock->sk)))
		return -EMSGSIZE;
	if (hdrincl) {			/* IPPROTO_RAW: the user's header */
		pkt = kmalloc(len, GFP_KERNEL);
		if (!pkt)
			return -ENOMEM;
		if (copy_from_iter(pkt, len, &m->msg_iter) != len) {
			kfree(pkt);
			return -EFAULT;
		}
	} else {
		pkt = rawv6_build(i, m, len, &ipc, daddr);
		if (IS_ERR(pkt))
			return PTR_ERR(pkt);
	}
	dev_lo_count(sock_net(sock->sk), tot);
	ipv6_rcv(sock, sock_net(sock->sk), pkt, tot);
	kfree(pkt);
	return (long)len;
}

bool rawv6_opt(struct sock *sk, int level, int opt)
{
	return sk->sk_family == AF_INET6 &&
	       (level == SOL_ICMPV6 ||
		((level == SOL_RAW || level == SOL_IPV6) && opt == IPV6_CHECKSUM));
}

int rawv6_setsockopt(struct inet_sock *i, int level, int opt,
		     const void __user *val, int len)
{
	bool icmp = i->protocol == IPPROTO_ICMPV6;
	u32 filter[8];
	int v;

	if (level == SOL_ICMPV6) {
		if (!icmp)
			return -EOPNOTSUPP;
		if (opt != ICMPV6_FILTER)
			return -ENOPROTOOPT;
		memcpy(filter, (const void *)i->icmp6_filter, sizeof(filter));
		if (copy_from_user(filter, val, MIN((size_t)len, sizeof(filter))))
			return -EFAULT;
		for (int k = 0; k < 8; k++)
			WRITE_ONCE(i->icmp6_filter[k], filter[k]);
		return 0;
	}
	if (len < (int)sizeof(int))
		return -EINVAL;
	if (get_user_u32((u32 *)&v, (const u32 __user *)val))
		return -EFAULT;
	if (icmp && level == SOL_IPV6)	/* RFC 3542: not on ICMPv6's */
		return -EINVAL;
	if (v > 0 && (v & 1))		/* an odd offset */
		return -EINVAL;
	WRITE_ONCE(i->v6_csum_off, v < 0 ? -1 : v);
	return 0;
}

int rawv6_getsockopt(struct inet_sock *i, int level, int opt,
		     void __user *val, int __user *lenp)
{
	u32 filter[8], len;
	int v = READ_ONCE(i->v6_csum_off);

	if (level == SOL_ICMPV6 && i->protocol != IPPROTO_ICMPV6)
		return -EOPNOTSUPP;
	if (level == SOL_ICMPV6 && opt != ICMPV6_FILTER)
		return -ENOPROTOOPT;
	if (get_user_u32(&len, (const u32 __user *)lenp))
		return -EFAULT;
	if ((int)len < 0)
		return -EINVAL;
	if (level != SOL_ICMPV6) {
		len = MIN(len, (u32)sizeof(v));
		return put_user_u32(len, (u32 __user *)lenp) ||
		       copy_to_user(val, &v, len) ? -EFAULT : 0;
	}
	for (int k = 0; k < 8; k++)
		filter[k] = READ_ONCE(i->icmp6_filter[k]);
	len = MIN(len, (u32)sizeof(filter));
	return put_user_u32(len, (u32 __user *)lenp) ||
	       copy_to_user(val, filter, len) ? -EFAULT : 0;
}
