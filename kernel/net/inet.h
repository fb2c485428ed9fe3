/*
 * IP sockets inside (af_inet.c, udp.c, inet_opt.c, inet_proc.c): an
 * inet_sock is a unix_sock (af_unix.h: queues, connections, poll) with an
 * IP name. Its bound name is u->addr, always a sockaddr_in6 (an IPv4
 * address mapped into IPv6: ::ffff:a.b.c.d), on inet_table through
 * u->bound while bound; everything here is under unix_lock.
 */
#ifndef KERNEL_NET_INET_H
#define KERNEL_NET_INET_H

#include "kernel/net/af_unix.h"

struct net;

#define IPPROTO_IP 0
#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define IPPROTO_IPV6 41
#define IPPROTO_ICMPV6 58
#define INET_OPTS 13		/* the IP and TCP options kept: inet_opt.c */

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
	struct unix_sock u;		/* first: a unix_sock * is one */
	struct sockaddr_in6 daddr;	/* connected to (family 0: not) */
	int protocol;			/* IPPROTO_TCP, _UDP, _ICMP, raw's */
	bool v6only;			/* IPV6_V6ONLY */
	int opts[INET_OPTS];		/* setsockopt's values (inet_opt.c) */
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

extern struct list_head inet_table;
/* net.ipv4.ip_local_port_range: the ephemeral ports, both ends in. */
extern unsigned int inet_port_range[2];

/* af_inet.c */
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
 * machine); 0 or -EINVAL, -EAFNOSUPPORT, -ENETUNREACH (not on lo). */
int inet_dest(struct sock *sk, const void *name, int len,
	      struct sockaddr_in6 *d);
/* Bind an unbound @i to the wildcard and an ephemeral port; 0 or -errno. */
int inet_autobind(struct inet_sock *i);
/* Under unix_lock: the address @i's traffic to @d comes from. */
struct sockaddr_in6 inet_source(struct inet_sock *i,
				const struct sockaddr_in6 *d);
/* The socket that takes what @i sends to @d, referenced, or NULL. */
struct unix_sock *__inet_lookup(struct inet_sock *i,
				const struct sockaddr_in6 *d);

/* udp.c */
/* A datagram to @m's name or the connected address; @len or -errno. No
 * receiver: dropped (a connected sender's next call is ECONNREFUSED). */
long udp_sendmsg(struct socket *sock, struct msghdr *m, size_t len);
/* The next datagram, its sender's name in @sk's family. */
long udp_recvmsg(struct socket *sock, struct msghdr *m, size_t len,
		 int flags);

/* dev.c */
/* The MTU of @net's lo (SIOCGIFMTU): 65536 until SIOCSIFMTU. */
int dev_lo_mtu(struct net *net);
/* lo's counters, for /proc/net/dev: a send of @bytes over lo. */
void dev_lo_count(size_t bytes);
/* /proc/net/dev: lo's line, in Linux's format. */
int dev_proc_show(struct seq_buf *m, void *data);

/* inet_opt.c */
/* setsockopt at an IP level (SOL_IP, SOL_IPV6, SOL_TCP, SOL_UDP). */
int inet_setsockopt(struct sock *sk, int level, int opt,
		    const void __user *val, int len);
/* getsockopt at an IP level. */
int inet_getsockopt(struct sock *sk, int level, int opt, void __user *val,
		    int __user *lenp);

#endif
