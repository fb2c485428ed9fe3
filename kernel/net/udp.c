/*
 * UDP over lo (Linux's net/ipv4/udp.c, at the socket API): a datagram is
 * AF_UNIX's (af_unix_dgram.c): one sk_buff, copied once from the
 * sender into the receiver's queue. What UDP adds is here. The receiver
 * is found by address and port (inet_lookup_from()); with none the
 * datagram is dropped, and a connected sender learns it as Linux's
 * sender does from the ICMP "port unreachable" that comes back: its
 * next send or receive fails with ECONNREFUSED (sk_err). A full receive
 * buffer (SO_RCVBUF) drops the datagram too: UDP never makes a sender
 * wait for a receiver. The name a receiver sees is the sender's bound
 * address, or for a sender bound to the wildcard the loopback address
 * it sent from (inet_source()), or the one its IP_PKTINFO control
 * message names. With each datagram go the header fields it would
 * carry (TTL or hop limit, TOS or traffic class: the socket's options
 * or its sendmsg's control messages, ip_cmsg_send(); its destination),
 * for the receiver's control messages (ip_sockglue.c: IP_PKTINFO,
 * IPV6_RECVHOPLIMIT, ...). ICMP echo sockets (SOCK_DGRAM of
 * IPPROTO_ICMP) share these calls, but Taskbase carries no ICMP echo for
 * them: their sends are ENETUNREACH, and nothing arrives for them (raw
 * sockets are raw.c's).
 *
 * Raw sockets of IPPROTO_UDP see the datagrams sent over IPv4, headers
 * and all, as Linux's see every packet lo delivers (udp_raw_tap()):
 * then the packet is built once in the kernel for them, and the
 * receiver's copy is taken from its payload; raw ICMP sockets get the
 * port unreachable a datagram no socket takes earns (icmp_send()),
 * which traceroute waits for. The other way, a UDP
 * datagram a raw socket sends (IPv4: udp_rcv(), IPv6: raw_ipv6.c) goes
 * to the UDP socket it is addressed to when its length and checksum
 * are right (udp_queue_rcv()), with the source its header names.
 *
 * Segmentation offload (UDP_SEGMENT, Linux's UDP GSO): a send longer
 * than the size named is cut into datagrams of that size on the
 * receiver's side (Linux's udp_rcv_segment()); lo, raw sockets and a
 * receiver with UDP_GRO (told the size) see it whole.
 *
 * Corking (Linux's up->pending): a send with MSG_MORE, or any send while
 * UDP_CORK is on, does not send; it starts (or adds to) one pending
 * datagram, kept in cork_buf, to the address of the send that started
 * it. The next send without MSG_MORE (UDP_CORK off) adds its bytes and
 * sends the whole as one datagram; turning UDP_CORK off sends it too.
 * As on Linux, a send while one pends goes to the pending one's address
 * whatever name it gives; a datagram that would pass 65507 bytes (65527
 * over IPv6) is EMSGSIZE and the pending bytes are dropped; connect
 * sends the pending one to the new address when it goes; close drops
 * it.
 */
#include "kernel/net/inet.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/slab.h"
#include "lib/string.h"

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

/* The source of @i's datagram to @d: its bound address, the one it is
 * sent from (inet_source()), or @ipc's (IP_PKTINFO); its port. */
static struct sockaddr_in6 udp_source_addr(struct inet_sock *i,
					   const struct sockaddr_in6 *d,
					   const struct ipcm_cookie *ipc)
{
	struct sockaddr_in6 s;

	spin_lock(&unix_lock);
	s = inet_source(i, d);
	spin_unlock(&unix_lock);
	if (ipc->has_saddr)
		memcpy(s.sin6_addr, ipc->saddr, 16);
	return s;
}

/* The name of @i's datagram from @s (udp_source_addr()), referenced:
 * @i's own when it is its bound one, else a new one; NULL without
 * memory. */
static struct unix_address *udp_source(struct inet_sock *i,
				       const struct sockaddr_in6 *s,
				       const struct ipcm_cookie *ipc)
{
	spin_lock(&unix_lock);
	if (!inet_addr_any(inet_local(i)) && !ipc->has_saddr) {
		refcount_inc(&i->u.addr->refcnt);
		spin_unlock(&unix_lock);
		return i->u.addr;
	}
	spin_unlock(&unix_lock);
	return unix_addr_alloc(s, sizeof(*s), NULL);
}

/* The largest payload of one datagram on @i. */
static size_t udp_max_payload(struct inet_sock *i)
{
	return i->u.sk.sk_family == AF_INET6 ? UDP6_MAX_PAYLOAD :
	       UDP_MAX_PAYLOAD;
}

#define UDP_HLEN 8			/* the UDP header: ports, length, sum */
#define UDP_MAX_SEGMENTS 64		/* of one UDP_SEGMENT send (Linux 6.1) */

/* The checksum over the IPv4 pseudo-header of @saddr and @daddr (4
 * bytes each, network order) and the @ulen bytes of the UDP datagram
 * at @uh as they stand (RFC 768): what goes into its checksum field
 * while that is 0; 0 when a right one is in. */
static u16 udp_v4_csum(const void *saddr, const void *daddr, const u8 *uh,
		       u16 ulen)
{
	u8 ph[12];			/* saddr, daddr, 0, 17, length */
	u16 len = htons(ulen);

	memcpy(ph, saddr, 4);
	memcpy(ph + 4, daddr, 4);
	ph[8] = 0, ph[9] = IPPROTO_UDP;
	memcpy(ph + 10, &len, 2);
	return csum_fold(csum_partial(uh, ulen, csum_partial(ph, sizeof(ph), 0)));
}

/* Write at @uh the UDP header of @len payload bytes after it, from @s
 * to @d (IPv4), as Linux's carries it: the ports, the length, and the
 * checksum over the IPv4 pseudo-header (0 with SO_NO_CHECK); its
 * addresses (network order) into *@saddr and *@daddr. Lo's checksum
 * offload leaves Linux's raw sockets only the pseudo-header's partial
 * sum; Taskbase's get the whole one. */
static void udp_v4_header(struct inet_sock *i, const struct sockaddr_in6 *s,
			  const struct sockaddr_in6 *d, u8 *uh, size_t len,
			  u32 *saddr, u32 *daddr)
{
	u16 ulen = htons((u16)(UDP_HLEN + len)), sum;

	memcpy(saddr, s->sin6_addr + 12, 4);
	memcpy(daddr, d->sin6_addr + 12, 4);
	memcpy(uh, &s->sin6_port, 2);
	memcpy(uh + 2, &d->sin6_port, 2);
	memcpy(uh + 4, &ulen, 2);
	memset(uh + 6, 0, 2);
	if (sock_flag(&i->u.sk, SO_NO_CHECK))
		return;
	sum = udp_v4_csum(saddr, daddr, uh, (u16)(UDP_HLEN + len)) ?: 0xffff;
	memcpy(uh + 6, &sum, 2);
}

/* @len bytes of @m copied after @head bytes of room into a buffer (kfree
 * it after the send) or ERR_PTR; *@km becomes their message, over *@v. */
static u8 *udp_copy_payload(struct msghdr *m, size_t len, size_t head,
			    struct msghdr *km, struct iovec *v)
{
	u8 *buf = kmalloc(head + len, GFP_KERNEL);

	if (!buf)
		return ERR_PTR(-ENOMEM);
	if (copy_from_iter(buf + head, len, &m->msg_iter) != len) {
		kfree(buf);
		return ERR_PTR(-EFAULT);
	}
	*km = *m;
	*v = (struct iovec){ (void __user *)(buf + head), len };
	iov_iter_init(&km->msg_iter, false, v, 1, len);
	return buf;
}

/* When raw sockets of IPPROTO_UDP watch @sock's namespace, the IPv4
 * packet of @m's @len bytes to @d is built once in the kernel, the
 * payload copied from the user straight after its headers, and given to
 * them (raw_v4_tap()); *@km becomes a kernel message of that payload,
 * so the receiver's copy comes from there. The packet (kfree it after
 * the send), NULL when no one watches, or ERR_PTR. */
static u8 *udp_raw_tap(struct socket *sock, const struct sockaddr_in6 *s,
		       const struct sockaddr_in6 *d,
		       const struct ipcm_cookie *ipc, struct msghdr *m,
		       size_t len, struct msghdr *km, struct iovec *v)
{
	u8 *pkt;
	u32 saddr, daddr;

	if (!inet_addr_mapped(d) || IPV4_HLEN + UDP_HLEN + len > IP_MAX_MTU ||
	    !(raw_v4_listening(sock_net(sock->sk), IPPROTO_UDP) ||
	      raw_v4_listening(sock_net(sock->sk), IPPROTO_ICMP)))
		return NULL;
	pkt = udp_copy_payload(m, len, IPV4_HLEN + UDP_HLEN, km, v);
	if (IS_ERR(pkt))
		return pkt;
	udp_v4_header(inet_sk(sock->sk), s, d, pkt + IPV4_HLEN, len, &saddr,
		      &daddr);
	raw_v4_tap(sock, ipc, saddr, daddr, pkt, UDP_HLEN + len);
	return pkt;
}

/* UDP_SEGMENT's checks of a send of @len bytes to @d in segments of
 * @gso bytes (Linux 6.1's udp_send_skb()): 0, or -EINVAL for a segment
 * that would not fit lo's MTU with its headers, more than
 * UDP_MAX_SEGMENTS of them, or IPv4 without checksums (SO_NO_CHECK). */
static int udp_gso_check(struct inet_sock *i, const struct sockaddr_in6 *d,
			 size_t len, u16 gso)
{
	bool v4 = inet_addr_mapped(d);
	size_t hlen = (v4 ? IPV4_HLEN : IPV6_HLEN) + UDP_HLEN;

	if (hlen + gso > (size_t)dev_lo_mtu(sock_net(&i->u.sk)) ||
	    len > (size_t)gso * UDP_MAX_SEGMENTS ||
	    (v4 && sock_flag(&i->u.sk, SO_NO_CHECK)))
		return -EINVAL;
	return 0;
}

/* Give @other @len bytes of @m (a kernel copy) as datagrams of @gso
 * bytes, the last shorter (Linux's udp_rcv_segment()): @len, or the
 * first one's error (a later one that fails is dropped, as Linux's). */
static long udp_send_segments(struct socket *sock, struct unix_sock *other,
			      struct msghdr *m, size_t len, u16 gso,
			      struct unix_address *from,
			      const struct inet_skb_parm *ip)
{
	for (size_t off = 0; off < len; off += gso) {
		long err = unix_dgram_send_to(sock, other, m,
					      MIN(len - off, (size_t)gso),
					      from, ip);

		if (err < 0 && !off)
			return err;
	}
	return (long)len;
}

/* Deliver @len bytes of @m (@in_kernel: a kernel copy) to @other, from
 * @from with @ip's fields: whole, or cut to @ipc's UDP_SEGMENT size
 * unless @other takes such sends whole (UDP_GRO). @len or -errno. */
static long udp_deliver(struct socket *sock, struct unix_sock *other,
			const struct ipcm_cookie *ipc, struct msghdr *m,
			bool in_kernel, size_t len, struct unix_address *from,
			struct inet_skb_parm *ip)
{
	u16 gso = ipc->gso_size;
	struct msghdr km;
	struct iovec v;
	u8 *copy;
	long err;

	if (!gso || len <= gso)
		return unix_dgram_send_to(sock, other, m, len, from, ip);
	if (inet_opt_get(inet_sk(&other->sk), IPPROTO_UDP, UDP_GRO)) {
		ip->gso_size = gso;
		return unix_dgram_send_to(sock, other, m, len, from, ip);
	}
	if (in_kernel)			/* the raw tap's copy */
		return udp_send_segments(sock, other, m, len, gso, from, ip);
	copy = udp_copy_payload(m, len, 0, &km, &v);
	if (IS_ERR(copy))
		return PTR_ERR(copy);
	err = udp_send_segments(sock, other, &km, len, gso, from, ip);
	kfree(copy);
	return err;
}

/* No socket takes @sock's @len bytes of @m (@pkt: its IPv4 packet, or
 * NULL): taken all the same, as Linux's (a bad buffer is EFAULT), then
 * ECONNREFUSED if @connected, and the port unreachable. @len or -errno. */
static long udp_no_receiver(struct socket *sock, struct msghdr *m,
			    size_t len, u8 *pkt, bool connected)
{
	struct msghdr km;
	struct iovec v;

	if (!pkt) {
		u8 *copy = udp_copy_payload(m, len, 0, &km, &v);

		if (IS_ERR(copy))
			return PTR_ERR(copy);
		kfree(copy);
	}
	if (connected)	/* the ICMP error comes back */
		WRITE_ONCE(inet_sk(sock->sk)->u.sk.sk_err, ECONNREFUSED);
	if (pkt)	/* which raw ICMP sockets may see */
		icmp_send(sock, pkt, IPV4_HLEN + UDP_HLEN + len,
			  ICMP_DEST_UNREACH, ICMP_PORT_UNREACH);
	return (long)len;
}

/* Send @len bytes of @m as one datagram from @i to @d, with @ipc's
 * fields; @len or -errno. @connected: a missing receiver is reported as
 * ECONNREFUSED later. */
static long udp_send_to(struct socket *sock, const struct sockaddr_in6 *d,
			const struct ipcm_cookie *ipc, struct msghdr *m,
			size_t len, bool connected)
{
	struct inet_sock *i = inet_sk(sock->sk);
	struct sockaddr_in6 src = udp_source_addr(i, d, ipc);
	struct unix_address *from;
	struct inet_skb_parm ip;
	struct unix_sock *other;
	struct msghdr km;
	struct iovec v;
	long err = ipc->gso_size ? udp_gso_check(i, d, len, ipc->gso_size) : 0;
	u8 *pkt;

	if (err)
		return err;
	pkt = udp_raw_tap(sock, &src, d, ipc, m, len, &km, &v);
	err = (long)len;
	if (IS_ERR(pkt))
		return PTR_ERR(pkt);
	other = inet_lookup_from(sock_net(sock->sk), IPPROTO_UDP, &src, d);
	if (!other) {
		err = udp_no_receiver(sock, m, len, pkt, connected);
		goto out;
	}
	from = udp_source(i, &src, ipc);
	inet_skb_parm_send(i, d, ipc, &ip);	/* what the header carries */
	err = from ? udp_deliver(sock, other, ipc, pkt ? &km : m, pkt, len,
				 from, &ip) : -ENOMEM;
	if (err >= 0)
		dev_lo_count(sock_net(sock->sk), len);
	unix_addr_put(from);
	sock_put(&other->sk);
out:
	kfree(pkt);
	return err;
}

bool udp_queue_rcv(struct socket *sock, const struct sockaddr_in6 *s,
		   const struct sockaddr_in6 *d, const u8 *data, size_t len,
		   const struct inet_skb_parm *ip)
{
	struct unix_sock *other = inet_lookup_from(sock_net(sock->sk),
						   IPPROTO_UDP, s, d);
	struct iovec v = { (void __user *)data, len };
	struct msghdr km = { .msg_flags = MSG_DONTWAIT };
	struct unix_address *from;

	if (!other)
		return false;
	from = unix_addr_alloc(s, sizeof(*s), NULL);
	iov_iter_init(&km.msg_iter, false, &v, 1, len);
	if (from)		/* else lost, as a full queue loses it */
		unix_dgram_send_to(sock, other, &km, len, from, ip);
	unix_addr_put(from);
	sock_put(&other->sk);
	return true;
}

void udp_rcv(struct socket *sock, const u8 *pkt, size_t len)
{
	const struct iphdr *iph = (const struct iphdr *)pkt;
	size_t ihl = (size_t)(iph->ihl_version & 0xf) * 4;
	struct sockaddr_in6 s = { .sin6_family = AF_INET6 }, d = s;
	const u8 *uh = pkt + ihl;
	struct inet_skb_parm ip;
	u16 ulen;

	if (len < ihl + UDP_HLEN || (pkt[6] & 0x3f) || pkt[7])
		return;		/* short, or a fragment: no reassembly here */
	memcpy(&ulen, uh + 4, 2);
	if (ntohs(ulen) < UDP_HLEN || ntohs(ulen) > len - ihl)
		return;
	if ((uh[6] || uh[7]) &&	/* 0: sent without a checksum */
	    udp_v4_csum(&iph->saddr, &iph->daddr, uh, ntohs(ulen)))
		return;
	ipv6_addr_set_v4mapped(iph->saddr, s.sin6_addr);
	ipv6_addr_set_v4mapped(iph->daddr, d.sin6_addr);
	memcpy(&s.sin6_port, uh, 2);
	memcpy(&d.sin6_port, uh + 2, 2);
	inet_skb_parm_v4(&ip, pkt);
	if (!udp_queue_rcv(sock, &s, &d, uh + UDP_HLEN, ntohs(ulen) - UDP_HLEN,
			   &ip))
		icmp_send(sock, pkt, len, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH);
}

/* cork_lock held: drop the pending datagram (udp_flush_pending_frames()). */
static void udp_flush_pending_frames(struct inet_sock *i)
{
	lockdep_assert_held(&i->cork_lock);
	kfree(i->cork_buf);
	i->cork_buf = NULL;
	i->cork_len = i->cork_size = 0;
	WRITE_ONCE(i->pending, false);
}

/* cork_lock held: send the pending datagram, @flags of the send that
 * ends it (MSG_DONTWAIT); 0 or -errno. It is gone either way. */
static long udp_push_pending_frames(struct socket *sock, unsigned int flags)
{
	struct inet_sock *i = inet_sk(sock->sk);
	struct iovec v = { (void __user *)i->cork_buf, i->cork_len };
	struct msghdr km = { .msg_flags = flags };
	long err;

	lockdep_assert_held(&i->cork_lock);
	BUG_ON(!i->pending);
	iov_iter_init(&km.msg_iter, false, &v, 1, i->cork_len);
	err = udp_send_to(sock, &i->cork_daddr, &i->cork_ipc, &km, i->cork_len,
			  !!i->daddr.sin6_family);
	udp_flush_pending_frames(i);
	return err < 0 ? err : 0;
}

/* cork_lock held, a datagram pending: add @len bytes of @m to it and,
 * unless @corkreq, send it (ip_append_data(), then the push); @len or
 * -errno, which drops what pended. */
static long udp_append_data(struct socket *sock, struct msghdr *m,
			    size_t len, bool corkreq)
{
	struct inet_sock *i = inet_sk(sock->sk);
	size_t need = i->cork_len + len;
	long err = 0;

	if (need > udp_max_payload(i)) {
		err = -EMSGSIZE;
	} else if (need > i->cork_size) {	/* grow: double, to the limit */
		size_t size = MIN(MAX(need, 2 * i->cork_size),
				  udp_max_payload(i));
		u8 *buf = kmalloc(size, GFP_KERNEL);

		if (buf) {
			if (i->cork_len)
				memcpy(buf, i->cork_buf, i->cork_len);
			kfree(i->cork_buf);
			i->cork_buf = buf;
			i->cork_size = size;
		} else {
			err = -ENOMEM;
		}
	}
	if (!err && copy_from_iter(i->cork_buf + i->cork_len, len,
				   &m->msg_iter) != len)
		err = -EFAULT;
	if (err) {
		udp_flush_pending_frames(i);
		return err;
	}
	i->cork_len = need;
	if (!corkreq)
		err = udp_push_pending_frames(sock, m->msg_flags);
	return err ? err : (long)len;
}

/* Add to the datagram pending on @i, if one does; -ENOENT if none. */
static long udp_sendmsg_pending(struct socket *sock, struct msghdr *m,
				size_t len, bool corkreq)
{
	struct inet_sock *i = inet_sk(sock->sk);
	long err = -ENOENT;

	if (!READ_ONCE(i->pending))
		return err;
	mutex_lock(&i->cork_lock);
	if (i->pending)
		err = udp_append_data(sock, m, len, corkreq);
	mutex_unlock(&i->cork_lock);
	return err;
}

/* Start a pending datagram to @d with @len bytes of @m and @ipc's
 * fields; @len or -errno (EINVAL: one pends already, started
 * meanwhile). */
static long udp_sendmsg_cork(struct socket *sock, const struct sockaddr_in6 *d,
			     const struct ipcm_cookie *ipc, struct msghdr *m,
			     size_t len)
{
	struct inet_sock *i = inet_sk(sock->sk);
	long err = -EINVAL;

	mutex_lock(&i->cork_lock);
	if (!i->pending) {
		i->cork_daddr = *d;
		i->cork_ipc = *ipc;
		WRITE_ONCE(i->pending, true);
		err = udp_append_data(sock, m, len, true);
	}
	mutex_unlock(&i->cork_lock);
	return err;
}

/* One control message of a UDP send (Linux's __udp_cmsg_send()): at
 * SOL_UDP, UDP_SEGMENT's u16 into *@arg; its other types are EINVAL,
 * the other levels ip_cmsg_send()'s. */
static int udp_cmsg_one(const struct cmsghdr *c, void *arg)
{
	if (c->cmsg_level != SOL_UDP)
		return 0;
	if (c->cmsg_type != UDP_SEGMENT || c->cmsg_len != CMSG_LEN(sizeof(u16)))
		return -EINVAL;
	memcpy(arg, c + 1, sizeof(u16));
	return 0;
}

/* The control messages of a UDP send into @ipc (Linux's udp_cmsg_send(),
 * then ip_cmsg_send()), its segment size UDP_SEGMENT's unless one
 * names another; 0 or -errno. */
static int udp_cmsg_send(struct socket *sock, struct msghdr *m,
			 const struct sockaddr_in6 *d, struct ipcm_cookie *ipc)
{
	u16 gso = (u16)inet_opt_get(inet_sk(sock->sk), IPPROTO_UDP,
				    UDP_SEGMENT);
	int err = cmsg_send_each(m, udp_cmsg_one, &gso);

	err = err ?: ip_cmsg_send(sock->sk, m, inet_addr_mapped(d), ipc);
	ipc->gso_size = gso;
	return err;
}

long udp_sendmsg(struct socket *sock, struct msghdr *m, size_t len)
{
	struct inet_sock *i = inet_sk(sock->sk);
	bool corkreq = (m->msg_flags & MSG_MORE) ||
		       inet_opt_get(i, IPPROTO_UDP, UDP_CORK);
	struct ipcm_cookie ipc;
	struct sockaddr_in6 d;
	long err;

	if (len > 0xffff)
		return -EMSGSIZE;
	if (m->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (i->protocol != IPPROTO_UDP)	/* ICMP echo: no such packets here */
		return m->msg_name || i->daddr.sin6_family ? -ENETUNREACH :
		       -EDESTADDRREQ;
	err = udp_sendmsg_pending(sock, m, len, corkreq);
	if (err != -ENOENT)
		return err;
	err = udp_dest(i, m, &d) ?: sock_error(sock->sk) ?: inet_autobind(i);
	if (err)
		return err;
	if (!d.sin6_port)
		return -EINVAL;		/* no one can be at port 0 */
	err = udp_cmsg_send(sock, m, &d, &ipc);
	if (err)
		return err;
	if (corkreq)
		return udp_sendmsg_cork(sock, &d, &ipc, m, len);
	if (len > udp_max_payload(i))
		return -EMSGSIZE;
	return udp_send_to(sock, &d, &ipc, m, len, !m->msg_name);
}

void udp_uncork(struct inet_sock *i)
{
	if (!READ_ONCE(i->pending))
		return;
	mutex_lock(&i->cork_lock);
	if (i->pending)
		udp_push_pending_frames(i->u.sk.sk_socket, 0);
	mutex_unlock(&i->cork_lock);
}

void udp_cork_connect(struct inet_sock *i, const struct sockaddr_in6 *d)
{
	if (!d->sin6_family || !READ_ONCE(i->pending))
		return;
	mutex_lock(&i->cork_lock);
	if (i->pending)
		i->cork_daddr = *d;
	mutex_unlock(&i->cork_lock);
}

int udp_release(struct socket *sock)
{
	struct inet_sock *i = inet_sk(sock->sk);

	mutex_lock(&i->cork_lock);
	udp_flush_pending_frames(i);
	mutex_unlock(&i->cork_lock);
	return unix_release(sock);
}

long udp_recvmsg(struct socket *sock, struct msghdr *m, size_t len,
		 int flags)
{
	struct inet_skb_parm ip = { 0 };
	struct sockaddr_in6 from;
	long ret;

	if (flags & MSG_ERRQUEUE)
		return -EAGAIN;		/* no ICMP errors queue here */
	ret = sock_error(sock->sk);
	if (ret)
		return ret;
	m->msg_namelen = 0;
	ret = __unix_dgram_recvmsg(sock, m, len, flags, &ip);
	if (ret >= 0 && ip.gso_size && inet_opt_get(inet_sk(sock->sk),
						     IPPROTO_UDP, UDP_GRO)) {
		int gso = ip.gso_size;	/* Linux's udp_cmsg_recv() */

		put_cmsg(m, SOL_UDP, UDP_GRO, &gso, sizeof(gso));
	}
	if (ret >= 0)
		ip_cmsg_recv(sock->sk, m, &ip);
	if (ret >= 0 && m->msg_name && m->msg_namelen == (int)sizeof(from)) {
		memcpy(&from, m->msg_name, sizeof(from));
		m->msg_namelen = inet_name_out(sock->sk, &from, m->msg_name);
	}
	return ret;
}
