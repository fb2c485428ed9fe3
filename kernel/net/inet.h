/*
 * IP sockets inside (af_inet.c, udp.c, raw.c, inet_opt.c, inet_proc.c):
 * an inet_sock is a unix_sock (af_unix.h: queues, connections, poll)
 * with an IP name. Its bound name is u->addr, always a sockaddr_in6 (an
 * IPv4 address mapped into IPv6: ::ffff:a.b.c.d), on inet_table through
 * u->bound while bound (a raw socket: on raw_table from its creation);
 * everything here is under unix_lock, but a UDP socket's pending
 * (corked) datagram, which is under its cork_lock.
 */
#ifndef KERNEL_NET_INET_H
#define KERNEL_NET_INET_H

#include "kernel/net/af_unix.h"
#include "lib/checksum.h"
#include "lib/string.h"

struct net;

#define IPPROTO_IP 0
#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define IPPROTO_IPV6 41
#define IPPROTO_ICMPV6 58
#define IPPROTO_RAW 255
/* The socket option levels of IP and its protocols: their numbers. */
#define SOL_IP 0
#define SOL_TCP 6
#define SOL_UDP 17
#define SOL_IPV6 41
#define SOL_ICMPV6 58
#define SOL_RAW 255
#define UDP_CORK 1			/* SOL_UDP: udp.c's pending datagram */
#define UDP_SEGMENT 103			/* SOL_UDP: a send's segment size */
#define UDP_GRO 104			/* SOL_UDP: take segmented sends whole */
#define INET_OPTS 25		/* the IP and TCP options kept: inet_opt.c */

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

/* What a sendmsg's control messages ask of its datagram (Linux's
 * struct ipcm_cookie and ipcm6_cookie); -1: the socket's option. */
struct ipcm_cookie {
	int ttl;			/* IP_TTL, IPV6_HOPLIMIT */
	int tos;			/* IP_TOS, IPV6_TCLASS */
	bool has_saddr;			/* a source from IP(V6)_PKTINFO: */
	u8 saddr[16];			/* IPv4 mapped */
	u16 gso_size;			/* UDP_SEGMENT: 0, or the segments' size */
};

struct inet_sock {
	struct unix_sock u;		/* first: a unix_sock * is one */
	struct sockaddr_in6 daddr;	/* connected to (family 0: not) */
	int protocol;			/* IPPROTO_TCP, _UDP, _ICMP, raw's */
	bool v6only;			/* IPV6_V6ONLY */
	int opts[INET_OPTS];		/* setsockopt's values (inet_opt.c) */
	bool raw;			/* a SOCK_RAW socket (raw.c) */
	bool hdrincl;			/* IP_HDRINCL: raw sends carry the header */
	u32 icmp_filter;		/* raw ICMP: ICMP_FILTER, bit n set: type
					 * n (< 32) is not delivered */
	u32 icmp6_filter[8];		/* raw ICMPv6: ICMP6_FILTER, the same
					 * for types 0-255 */
	int v6_csum_off;		/* raw IPv6: IPV6_CHECKSUM, -1: none */
	u8 *rthdr;			/* IPV6_RTHDR's header, kmalloc'd, */
	u32 rthdr_len;			/* under cork_lock */
	/* UDP corking (MSG_MORE, UDP_CORK: udp.c), under cork_lock: */
	struct mutex cork_lock;		/* Linux's lock_sock() for the cork */
	bool pending;			/* a datagram pends */
	struct sockaddr_in6 cork_daddr;	/* where the pending one goes */
	struct ipcm_cookie cork_ipc;	/* its first send's control messages */
	size_t cork_len, cork_size;	/* its bytes; cork_buf's room */
	u8 *cork_buf;
};

static inline struct inet_sock *inet_sk(struct sock *sk)
{
	return (struct inet_sock *)sk;
}

/* The bound name of @i (bound: u->addr set). */
static inline const struct sockaddr_in6 *inet_local(const struct inet_sock *i)
{
	return (const struct sockaddr_in6 *)&i->u.addr->name;
}

static inline u16 htons(u16 v)
{
	return (u16)(v << 8 | v >> 8);
}

#define ntohs htons

/* Is IPv4 address @addr (network order) a loopback one, 127.0.0.0/8? */
static inline bool ipv4_is_loopback(u32 addr)
{
	return (addr & 0xff) == 127;	/* the first byte in network order */
}

/* :: and ::1 (Linux's, net/ipv6/addrconf_core.c), in af_inet.c. */
extern const u8 in6addr_any[16], in6addr_loopback[16];

/* @a (16 bytes) := IPv4 address @v4 (network order) mapped into IPv6,
 * ::ffff:a.b.c.d (Linux's ipv6_addr_set_v4mapped()). */
static inline void ipv6_addr_set_v4mapped(u32 v4, u8 *a)
{
	memset(a, 0, 10);
	a[10] = a[11] = 0xff;
	memcpy(a + 12, &v4, 4);
}

#define INADDR_LOOPBACK_NET 0x0100007f	/* 127.0.0.1 in network order */

extern struct list_head inet_table;
/* net.ipv4.ip_local_port_range: the ephemeral ports, both ends in. */
extern unsigned int inet_port_range[2];

/* af_inet.c */
/* A new inet_sock of @family with @type's queues in network namespace
 * @net, referenced once; NULL without memory. */
struct inet_sock *inet_sock_alloc(struct net *net, int family, int type);
/* Is @a an IPv4 address mapped into IPv6 (::ffff:a.b.c.d)? */
bool inet_addr_mapped(const struct sockaddr_in6 *a);
/* Is @a a wildcard (:: or 0.0.0.0)? */
bool inet_addr_any(const struct sockaddr_in6 *a);
/* @a in @sk's family's sockaddr at @out (SOCKADDR_MAX bytes); its
 * length. */
int inet_name_out(struct sock *sk, const struct sockaddr_in6 *a, void *out);
/* Under unix_lock: @i's own name and the name it talks to (family 0:
 * none); is it connected? */
bool inet_names(struct inet_sock *i, struct sockaddr_in6 *local,
		struct sockaddr_in6 *peer);
/* getsockname (or with @peer getpeername): its length or -ENOTCONN. */
int inet_getname(struct socket *sock, struct sockaddr *sa, bool peer);
/* A destination name from the user into *@d (the wildcard: this
 * machine); 0 or -EINVAL, -EAFNOSUPPORT, -ENETUNREACH (not on lo, or
 * lo is down in @sk's network namespace). */
int inet_dest(struct sock *sk, const void *name, int len,
	      struct sockaddr_in6 *d);
/* connect(2) of a datagram or raw socket: @sa's address (AF_UNSPEC:
 * disconnect); 0 or -errno. */
int inet_dgram_connect(struct socket *sock, struct sockaddr *sa, int len,
		       int flags);
/* Bind an unbound @i to the wildcard and an ephemeral port; 0 or -errno. */
int inet_autobind(struct inet_sock *i);
/* Under unix_lock: the address @i's traffic to @d comes from. */
struct sockaddr_in6 inet_source(struct inet_sock *i,
				const struct sockaddr_in6 *d);
/* The socket of @net and @protocol that takes what comes from @s to @d
 * (a listener, a connected UDP socket whose peer is @s, or one bound to
 * @d's port), referenced, or NULL. */
struct unix_sock *inet_lookup_from(struct net *net, int protocol,
				   const struct sockaddr_in6 *s,
				   const struct sockaddr_in6 *d);
/* The socket that takes what @i sends to @d, referenced, or NULL. */
struct unix_sock *__inet_lookup(struct inet_sock *i,
				const struct sockaddr_in6 *d);

/* udp.c */
#define UDP_MAX_PAYLOAD 65507		/* 65535 - the IP and UDP headers */
#define UDP6_MAX_PAYLOAD 65527		/* 65535 - the UDP header */
/* A datagram to @m's name or the connected address; @len or -errno. No
 * receiver: dropped (a connected sender's next call is ECONNREFUSED). */
long udp_sendmsg(struct socket *sock, struct msghdr *m, size_t len);
/* The next datagram, its sender's name in @sk's family. */
long udp_recvmsg(struct socket *sock, struct msghdr *m, size_t len,
		 int flags);
/* UDP_CORK was turned off on @i (its opts[] already say so): the
 * pending datagram, if one is, is sent (udp_push_pending_frames()); as
 * Linux's setsockopt, whatever the send gives is not reported. */
void udp_uncork(struct inet_sock *i);
/* connect(2) of a UDP socket to @d (family 0: disconnect): a pending
 * datagram now goes to @d, as Linux's connect rewrites the corked
 * flow. */
void udp_cork_connect(struct inet_sock *i, const struct sockaddr_in6 *d);
/* close: the pending datagram is dropped (udp_destroy_sock()). */
int udp_release(struct socket *sock);
/* A UDP datagram's @len bytes of payload at @data from @s to @d, with
 * header fields @ip, given to the UDP socket that takes it in @sock's
 * namespace (Linux's udp_queue_rcv_skb()); false if none does. @sock, a
 * raw socket that sent it, is charged while it is queued. */
bool udp_queue_rcv(struct socket *sock, const struct sockaddr_in6 *s,
		   const struct sockaddr_in6 *d, const u8 *data, size_t len,
		   const struct inet_skb_parm *ip);
/* lo's delivery of IPv4 packet @pkt (@len bytes, its header checked) of
 * protocol UDP, which raw socket @sock sent (Linux's udp_rcv()): a
 * datagram whose length fits and whose checksum is right (or 0) goes
 * to udp_queue_rcv(), or, taken by none, earns a port unreachable
 * (icmp_send()); a fragment or anything else is dropped. */
void udp_rcv(struct socket *sock, const u8 *pkt, size_t len);

/* raw.c */
/* A new SOCK_RAW socket of @family and @protocol in @sock (CAP_NET_RAW
 * checked by the caller); 0 or -ENOMEM. */
int raw_create(struct socket *sock, int family, int protocol);
/* Is there a raw IPv4 socket of @protocol in @net (raw_v4_tap() would
 * give it a copy)? */
bool raw_v4_listening(struct net *net, int protocol);
#define IPV4_HLEN 20			/* an IPv4 header without options */
#define IPV6_HLEN 40			/* IPv6's, without extension headers */
#define IP_DF 0x4000			/* frag_off: don't fragment */

/* The IPv4 header without options (RFC 791). */
struct iphdr {
	u8 ihl_version;			/* version 4 << 4 | header words */
	u8 tos;
	u16 tot_len, id, frag_off;	/* network byte order */
	u8 ttl, protocol;
	u16 check;
	u32 saddr, daddr;		/* network byte order */
};
_Static_assert(sizeof(struct iphdr) == IPV4_HLEN, "raw_v4_tap()'s room");

/* Give a copy of IPv4 packet @pkt (@len bytes, its header checked) to
 * every raw socket of its protocol in @net that takes it, header
 * included (Linux's raw_v4_input()); @sock, the sender, is charged for
 * the copies while they are queued. */
void raw_v4_input(struct socket *sock, struct net *net, const u8 *pkt,
		  size_t len);
#define ICMP_DEST_UNREACH 3
#define ICMP_PORT_UNREACH 3
/* The kernel's ICMP error @type, @code about IPv4 packet @pkt (@len
 * bytes, its header checked) that @sock sent, back to its source
 * (Linux's icmp_send()): an IP and an ICMP header, then as much of @pkt
 * as fits in 576 bytes, delivered on @sock's lo as any packet (raw ICMP
 * sockets see it: traceroute waits for a port unreachable). */
void icmp_send(struct socket *sock, const u8 *pkt, size_t len, u8 type,
	       u8 code);
#define IP_MAX_MTU 0xffff		/* the largest IPv4 packet */
/* A packet of @sock's protocol from @saddr to @daddr (network order),
 * its @len bytes after the IPv4 header at @pkt + IPV4_HLEN, as lo
 * delivers it: the header built in place from @sock's options, then a
 * copy to every raw socket of that protocol in its namespace (Linux's
 * raw_v4_input() sees every packet before UDP does), with @ipc's TTL
 * and TOS. The whole at most IP_MAX_MTU (65535) bytes. */
void raw_v4_tap(struct socket *sock, const struct ipcm_cookie *ipc,
		u32 saddr, u32 daddr, u8 *pkt,
		size_t len);
/* A packet on its way to raw sockets: its namespace, its bytes from the
 * IP header on (@len: all of them for IPv4, the payload's for IPv6),
 * what its receivers' control messages say. */
struct raw_packet {
	struct net *net;
	const u8 *pkt;
	size_t len;
	struct inet_skb_parm ip;
};
/* Give @len bytes at @data (the packet, or its payload), from @src, to
 * every raw socket that @match (called under unix_lock) says takes @p;
 * @sock, the sender, is charged for the copies while they are queued. */
void raw_deliver(struct socket *sock, const struct raw_packet *p,
		 const void *data, size_t len, const struct sockaddr_in6 *src,
		 bool (*match)(struct inet_sock *o, const struct raw_packet *p));

/* raw_ipv6.c */
/* An AF_INET6 raw socket's bind (Linux's rawv6_bind(), for :: and ::1)
 * into *@a; 0 or -EINVAL, -EADDRNOTAVAIL. */
int rawv6_name(struct inet_sock *i, const struct sockaddr *sa, int len,
	       struct sockaddr_in6 *a);
/* sendmsg on an AF_INET6 raw socket (Linux's rawv6_sendmsg()): the
 * packet to ::1 over lo; @len or -errno. */
long rawv6_sendmsg(struct socket *sock, struct msghdr *m, size_t len);
/* Is (@level, @opt) an option of raw IPv6 sockets' own (ICMP6_FILTER,
 * IPV6_CHECKSUM) on @sk? Then these set and get it, as Linux's
 * do_rawv6_setsockopt()/getsockopt() and rawv6_seticmpfilter(). */
bool rawv6_opt(struct sock *sk, int level, int opt);
int rawv6_setsockopt(struct inet_sock *i, int level, int opt,
		     const void __user *val, int len);
int rawv6_getsockopt(struct inet_sock *i, int level, int opt,
		     void __user *val, int __user *lenp);

/* ip_sockglue.c */
/* Parse sendmsg @m's control messages on @sk for a datagram to an IPv4
 * (@v4) or IPv6 address into *@ipc (Linux's ip_cmsg_send(),
 * ip6_datagram_send_ctl()). 0 or -EINVAL, -ENODEV, -EPERM, -EFAULT,
 * -ENOBUFS, -ENOMEM. */
int ip_cmsg_send(struct sock *sk, struct msghdr *m, bool v4,
		 struct ipcm_cookie *ipc);
/* sendmsg @m's SOL_SOCKET control messages on IP socket @sk checked
 * (Linux's sock_cmsg_send(), as TCP's sends call it); other levels are
 * ignored. 0 or -EINVAL, -EPERM, -EFAULT, -ENOBUFS, -ENOMEM. */
int sock_cmsg_send(struct sock *sk, struct msghdr *m);
/* The TTL (hop limit) and TOS (traffic class) @i's datagram carries:
 * @ipc's, or the socket's IP_TTL, IP_TOS, IPV6_UNICAST_HOPS (-1 is
 * stored as its 64), IPV6_TCLASS. */
u8 ipc_ttl(struct inet_sock *i, const struct ipcm_cookie *ipc, bool v4);
u8 ipc_tos(struct inet_sock *i, const struct ipcm_cookie *ipc, bool v4);
/* The header fields of @i's datagram to @d (a mapped address: IPv4)
 * into *@ip: ipc_ttl(), ipc_tos() and @d's address, as lo's receiver
 * would read them. */
void inet_skb_parm_send(struct inet_sock *i, const struct sockaddr_in6 *d,
			const struct ipcm_cookie *ipc, struct inet_skb_parm *ip);
/* The same from the IPv4 header at @iph (checked: 20 bytes at least). */
void inet_skb_parm_v4(struct inet_skb_parm *ip, const u8 *iph);
/* The same from the 40-byte IPv6 header at @ip6h. */
void inet_skb_parm_v6(struct inet_skb_parm *ip, const u8 *ip6h);
/* recvmsg of a datagram that carried @ip (version 0: none) on @sk: the
 * control messages its IP_PKTINFO, IP_RECVTTL, IP_RECVTOS,
 * IPV6_RECVPKTINFO, IPV6_RECVHOPLIMIT, IPV6_RECVTCLASS (and RFC
 * 2292's IPV6_2292PKTINFO, IPV6_2292HOPLIMIT) ask for
 * appended to @m (Linux's ip_cmsg_recv_offset() and
 * ip6_datagram_recv_ctl(), as udp_recvmsg() and udpv6_recvmsg() call
 * them). */
void ip_cmsg_recv(struct sock *sk, struct msghdr *m,
		  const struct inet_skb_parm *ip);

/* dev.c */
/* The MTU of @net's lo (SIOCGIFMTU): 65536 until SIOCSIFMTU. */
int dev_lo_mtu(struct net *net);
/* @net's lo counters, for /proc/net/dev: a send of @bytes over lo. */
void dev_lo_count(struct net *net, size_t bytes);
/* /proc/net/dev: lo's line in the reader's namespace, in Linux's
 * format. */
int dev_proc_show(struct seq_buf *m, void *data);

/* inet_opt.c */
/* setsockopt at an IP level (SOL_IP, SOL_IPV6, SOL_TCP, SOL_UDP). */
int inet_setsockopt(struct sock *sk, int level, int opt,
		    const void __user *val, int len);
/* The socket is going: what its options hold (IPV6_RTHDR's header). */
void inet_opt_release(struct inet_sock *i);
/* The value of kept option @opt at @level (BUG if not kept: IP_TOS,
 * IP_TTL, IP_MTU_DISCOVER, ... inet_opts[]). */
int inet_opt_get(struct inet_sock *i, int level, int opt);
/* getsockopt at an IP level. */
int inet_getsockopt(struct sock *sk, int level, int opt, void __user *val,
		    int __user *lenp);

#endif
