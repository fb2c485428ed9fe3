/*
 * The IP and TCP socket options (Linux's ip_setsockopt(), ipv6's,
 * do_tcp_setsockopt(), udp's): setsockopt(2) and getsockopt(2) at the
 * levels SOL_IP, SOL_IPV6, SOL_TCP and SOL_UDP. With no packets, none of
 * them changes what a socket does, except IPV6_V6ONLY (an AF_INET6
 * socket bound to :: then takes no IPv4), UDP_CORK (udp.c's pending
 * datagram), UDP_SEGMENT and UDP_GRO (udp.c's segmented sends),
 * IP_HDRINCL (a raw socket's sends carry their IP header:
 * raw.c; only raw sockets set it) and IP_TOS, IP_TTL,
 * IPV6_UNICAST_HOPS and IPV6_TCLASS, which go into the headers raw
 * sockets build and with every datagram (ip_sockglue.c); IP_PKTINFO,
 * IP_RECVTTL, IP_RECVTOS, IPV6_RECV{PKTINFO,HOPLIMIT,TCLASS} and
 * IPV6_2292{PKTINFO,HOPLIMIT} ask for ip_sockglue.c's control
 * messages; IPV6_RTHDR keeps a routing header (that no packet over lo
 * carries); the others are kept and read back, so
 * that programs that set TCP_NODELAY or SO_KEEPALIVE's timers work, and
 * an option Linux does not have is ENOPROTOOPT. As Linux's
 * do_ip_setsockopt(), an SOL_IP value may be an int or one byte (0
 * bytes: 0), and getsockopt gives one byte for a buffer under an int.
 */
#include "kernel/mm/slab.h"
#include "kernel/net/inet.h"
#include "kernel/net/net_namespace.h"
#include "lib/bug.h"
#include "lib/errno.h"

#define IPV6_V6ONLY 26
#define IPV6_MTU 24
#define IPV6_RTHDR 57
#define IPV6_MIN_MTU 1280
#define IPV6_SRCRT_TYPE_2 2		/* Mobile IPv6's */
#define IPV6_SRCRT_TYPE_4 4		/* segment routing (SRv6) */
#define IP_HDRINCL 3

struct inet_opt {
	int level, opt;
	int def;		/* what getsockopt says before a setsockopt */
	int min, max;		/* the values setsockopt takes */
};

/* The options kept: inet_sock.opts[n] is option n's value XOR its
 * default, so a new (zeroed) socket has every default. */
static const struct inet_opt inet_opts[INET_OPTS] = {
	{ SOL_IP, 1, 0, 0, 255 },		/* IP_TOS */
	{ SOL_IP, 2, 64, 1, 255 },		/* IP_TTL */
	{ SOL_IP, 10, 1, 0, 5 },		/* IP_MTU_DISCOVER */
	{ SOL_IP, 11, 0, 0, 1 },		/* IP_RECVERR */
	{ SOL_IPV6, 16, 64, -1, 255 },		/* IPV6_UNICAST_HOPS */
	{ SOL_IPV6, IPV6_V6ONLY, 0, 0, 1 },
	{ SOL_TCP, 1, 0, 0, 1 },		/* TCP_NODELAY */
	{ SOL_TCP, 2, 536, 88, 32767 },		/* TCP_MAXSEG */
	{ SOL_TCP, 3, 0, 0, 1 },		/* TCP_CORK */
	{ SOL_TCP, 4, 7200, 1, 32767 },		/* TCP_KEEPIDLE */
	{ SOL_TCP, 5, 75, 1, 32767 },		/* TCP_KEEPINTVL */
	{ SOL_TCP, 6, 9, 1, 127 },		/* TCP_KEEPCNT */
	{ SOL_UDP, 1, 0, 0, 1 },		/* UDP_CORK */
	{ SOL_UDP, UDP_SEGMENT, 0, 0, 65535 },
	{ SOL_UDP, UDP_GRO, 0, 0, 1 },
	{ SOL_IPV6, IPV6_MTU, 0, 0, INT32_MAX },	/* 0 or >= 1280 */
	/* ip_sockglue.c's control messages, and IPv6's traffic class: */
	{ SOL_IP, 8, 0, 0, 1 },			/* IP_PKTINFO */
	{ SOL_IP, 12, 0, 0, 1 },		/* IP_RECVTTL */
	{ SOL_IP, 13, 0, 0, 1 },		/* IP_RECVTOS */
	{ SOL_IPV6, 49, 0, 0, 1 },		/* IPV6_RECVPKTINFO */
	{ SOL_IPV6, 51, 0, 0, 1 },		/* IPV6_RECVHOPLIMIT */
	{ SOL_IPV6, 66, 0, 0, 1 },		/* IPV6_RECVTCLASS */
	{ SOL_IPV6, 67, 0, -1, 255 },		/* IPV6_TCLASS, -1: 0 */
	{ SOL_IPV6, 2, 0, 0, 1 },		/* IPV6_2292PKTINFO */
	{ SOL_IPV6, 8, 0, 0, 1 },		/* IPV6_2292HOPLIMIT */
};

/* Is @level one that @sk answers: its IP version's, or its protocol's? */
static bool inet_level_ok(struct sock *sk, int level)
{
	struct inet_sock *i = inet_sk(sk);

	if (level == SOL_IP || (level == SOL_IPV6 && sk->sk_family == AF_INET6))
		return true;
	return level == i->protocol;
}

/* The index of option @opt at @level, or -ENOPROTOOPT. */
static int inet_opt_find(struct sock *sk, int level, int opt)
{
	if (!inet_level_ok(sk, level))
		return -ENOPROTOOPT;
	for (int n = 0; n < INET_OPTS; n++)
		if (inet_opts[n].level == level && inet_opts[n].opt == opt)
			return n;
	return -ENOPROTOOPT;
}

int inet_opt_get(struct inet_sock *i, int level, int opt)
{
	for (int n = 0; n < INET_OPTS; n++)
		if (inet_opts[n].level == level && inet_opts[n].opt == opt)
			return READ_ONCE(i->opts[n]) ^ inet_opts[n].def;
	BUG();
}

/* The value of a setsockopt into *@v: an int, or at SOL_IP one byte
 * (none: 0); 0 or -EINVAL, -EFAULT. */
static int inet_opt_value(int level, const void __user *val, int len, u32 *v)
{
	u8 c = 0;

	if (len >= (int)sizeof(int))
		return get_user_u32(v, (const u32 __user *)val) ? -EFAULT : 0;
	if (level != SOL_IP)
		return -EINVAL;
	if (len > 0 && copy_from_user(&c, val, 1))
		return -EFAULT;
	*v = c;
	return 0;
}

/* IP_HDRINCL: raw IPv4 sockets only (ENOPROTOOPT). */
static int inet_set_hdrincl(struct inet_sock *i, const void __user *val,
			    int len)
{
	u32 v;
	int err;

	if (!i->raw || i->u.sk.sk_family != AF_INET)
		return -ENOPROTOOPT;
	err = inet_opt_value(SOL_IP, val, len, &v);
	if (!err)
		WRITE_ONCE(i->hdrincl, v != 0);
	return err;
}

/* Linux's seg6_validate_srh() for a whole (not reduced) segment routing
 * header @h of @len bytes: its length, segment indexes, and TLVs that
 * fill the rest exactly. */
static bool seg6_validate_srh(const u8 *h, u32 len)
{
	u32 first = h[4], left = h[3], off, tlv_len;

	if (h[2] != IPV6_SRCRT_TYPE_4 || ((u32)h[1] + 1) * 8 != len ||
	    left > first || first > (u32)h[1] / 2 - 1)
		return false;
	for (off = 8 + (first + 1) * 16; off < len; off += tlv_len) {
		if (len - off < 2)
			return false;
		tlv_len = 2 + (u32)h[off + 1];
		if (tlv_len > len - off)
			return false;
	}
	return off == len;
}

/* IPV6_RTHDR (Linux's ipv6_set_opt_hdr()): the routing header an
 * AF_INET6 socket's packets would carry, kept and read back. Its length
 * a multiple of 8 up to 2040 and the header's own, a Mobile IPv6 (type 2)
 * or segment routing (type 4) header that Linux's checks pass; 0 bytes
 * removes it. Taskbase's packets over lo carry none. */
static int ipv6_set_rthdr(struct inet_sock *i, const void __user *val,
			  int len)
{
	u8 *h = NULL, *old;
	bool ok;

	if (i->u.sk.sk_family != AF_INET6)
		return -ENOPROTOOPT;
	if (len > 0) {
		if (!val || len < 8 || (len & 7) || len > 8 * 255)
			return -EINVAL;
		h = kmalloc((size_t)len, GFP_KERNEL);
		if (!h)
			return -ENOMEM;
		if (copy_from_user(h, val, (size_t)len)) {
			kfree(h);
			return -EFAULT;
		}
		ok = ((u32)h[1] + 1) * 8 <= (u32)len &&
		     (h[2] == IPV6_SRCRT_TYPE_4 ? seg6_validate_srh(h, (u32)len) :
		      h[2] == IPV6_SRCRT_TYPE_2 && h[1] == 2 && h[3] == 1);
		if (!ok) {
			kfree(h);
			return -EINVAL;
		}
	}
	mutex_lock(&i->cork_lock);
	old = i->rthdr;
	i->rthdr = h;
	i->rthdr_len = h ? (u32)len : 0;
	mutex_unlock(&i->cork_lock);
	kfree(old);
	return 0;
}

/* getsockopt(IPV6_RTHDR): the header kept, cut to the room; 0 bytes
 * without one. */
static int ipv6_get_rthdr(struct inet_sock *i, void __user *val, u32 len,
			  int __user *lenp)
{
	int err = 0;

	mutex_lock(&i->cork_lock);
	len = MIN(len, i->rthdr_len);
	if (len && copy_to_user(val, i->rthdr, len))
		err = -EFAULT;
	mutex_unlock(&i->cork_lock);
	return err ?: (put_user_u32(len, (u32 __user *)lenp) ? -EFAULT : 0);
}

void inet_opt_release(struct inet_sock *i)
{
	kfree(i->rthdr);
	i->rthdr = NULL;
}

int inet_setsockopt(struct sock *sk, int level, int opt,
		    const void __user *val, int len)
{
	struct inet_sock *i = inet_sk(sk);
	int n = inet_opt_find(sk, level, opt);
	u32 v;

	if (level == SOL_IP && opt == IP_HDRINCL)
		return inet_set_hdrincl(i, val, len);
	if (level == SOL_IPV6 && opt == IPV6_RTHDR)
		return ipv6_set_rthdr(i, val, len);
	if (n < 0)
		return n;
	n = inet_opt_value(level, val, len, &v) ?: n;
	if (n < 0)
		return n;
	if (inet_opts[n].max == 1 && (int)v)
		v = 1;			/* an on/off option: any non-zero is on */
	if ((int)v < inet_opts[n].min || (int)v > inet_opts[n].max)
		return -EINVAL;
	if ((int)v == -1)		/* IPV6_UNICAST_HOPS: the default */
		v = (u32)inet_opts[n].def;
	if (level == SOL_IPV6 && opt == IPV6_MTU && v && v < IPV6_MIN_MTU)
		return -EINVAL;
	if (opt == IPV6_V6ONLY && level == SOL_IPV6) {
		if (READ_ONCE(i->u.addr))
			return -EINVAL;	/* too late: it is bound */
		WRITE_ONCE(i->v6only, v != 0);
	}
	WRITE_ONCE(i->opts[n], (int)v ^ inet_opts[n].def);
	if (level == SOL_UDP && opt == UDP_CORK && !v)
		udp_uncork(i);
	return 0;
}

int inet_getsockopt(struct sock *sk, int level, int opt, void __user *val,
		    int __user *lenp)
{
	int n = inet_opt_find(sk, level, opt);
	u32 len;
	int v;

	if (!inet_level_ok(sk, level))
		return -EOPNOTSUPP;	/* another protocol's level: Linux's getsockopt */
	if ((level == SOL_IP && opt == IP_HDRINCL) ||
	    (level == SOL_IPV6 && opt == IPV6_RTHDR))
		n = 0;
	if (n < 0)
		return n;
	if (get_user_u32(&len, (const u32 __user *)lenp))
		return -EFAULT;
	if ((int)len < 0)
		return -EINVAL;
	if (level == SOL_IPV6 && opt == IPV6_RTHDR)
		return ipv6_get_rthdr(inet_sk(sk), val, len, lenp);
	if (level == SOL_IP && opt == IP_HDRINCL)
		v = READ_ONCE(inet_sk(sk)->hdrincl);
	else if (level == SOL_IPV6 && opt == IPV6_MTU)	/* the route's */
		v = READ_ONCE(inet_sk(sk)->daddr.sin6_family) ?
		    dev_lo_mtu(sock_net(sk)) : -ENOTCONN;
	else
		v = READ_ONCE(inet_sk(sk)->opts[n]) ^ inet_opts[n].def;
	if (v == -ENOTCONN)
		return v;
	if (level == SOL_IP && len > 0 && len < sizeof(int) && v >= 0 &&
	    v <= 255)
		len = 1;		/* do_ip_getsockopt()'s one byte */
	len = MIN(len, (u32)sizeof(int));
	if (copy_to_user(val, &v, len))
		return -EFAULT;
	return put_user_u32(len, (u32 __user *)lenp) ? -EFAULT : 0;
}
