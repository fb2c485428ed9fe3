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
 */
#include "kernel/net/inet.h"
#include "lib/string.h"

#define SOL_IP 0
#define SOL_IPV6 41
#define IP_TOS 1
#define IP_TTL 2
#define IP_PKTINFO 8
#define IP_RECVTTL 12
#define IP_RECVTOS 13
#define IPV6_2292PKTINFO 2		/* RFC 2292's names, BusyBox ping6's */
#define IPV6_2292HOPLIMIT 8
#define IPV6_UNICAST_HOPS 16
#define IPV6_RECVPKTINFO 49
#define IPV6_PKTINFO 50
#define IPV6_RECVHOPLIMIT 51
#define IPV6_HOPLIMIT 52
#define IPV6_RECVTCLASS 66
#define IPV6_TCLASS 67
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

void inet_skb_parm_send(struct inet_sock *i, const struct sockaddr_in6 *d,
			struct inet_skb_parm *ip)
{
	bool v4 = inet_addr_mapped(d);

	ip->version = v4 ? 4 : 6;
	ip->ttl = (u8)(v4 ? inet_opt_get(i, IPPROTO_IP, IP_TTL) :
		       inet_opt_get(i, IPPROTO_IPV6, IPV6_UNICAST_HOPS));
	ip->tos = (u8)(v4 ? inet_opt_get(i, IPPROTO_IP, IP_TOS) :
		       inet_opt_get(i, IPPROTO_IPV6, IPV6_TCLASS));
	memcpy(ip->daddr, d->sin6_addr, 16);
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
