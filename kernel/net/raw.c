/*
 * Raw IPv4 sockets over lo (Linux's net/ipv4/raw.c): socket(AF_INET,
 * SOCK_RAW, protocol) by a caller with CAP_NET_RAW over its network
 * namespace. A raw socket sends whole IP packets: by default the kernel
 * builds the 20-byte header (raw_build_hdr(): IP_TOS, IP_TTL, the
 * socket's protocol, DF as IP_MTU_DISCOVER says) in front of what the
 * user gives; with IP_HDRINCL (always on for IPPROTO_RAW) the user gives
 * the header too and raw_send_hdrinc() checks it as Linux does: under
 * 20 bytes, or an ihl past the packet, EINVAL; over lo's MTU EMSGSIZE;
 * then fills in the total length, the checksum, and a zero source or ID.
 * sendmsg reads IP_HDRINCL once (CVE-2017-17712 was a send that read it
 * twice while another thread changed it).
 *
 * The packet goes over the namespace's lo (ENETDOWN while lo is down;
 * 0.0.0.0 means this machine, as Linux's route lookup makes it) and is
 * received as Linux's ip_rcv() would: a bad version, header length,
 * checksum or total length, or a destination not on lo, and it is
 * dropped. Every raw socket of its protocol in that namespace then gets
 * a copy, header included (raw_v4_input()), unless it is bound to
 * another address or connected to another source; an ICMP echo request
 * is answered with an echo reply, which they see too (icmp_echo()), and
 * a UDP datagram no socket takes with a port unreachable (icmp_send()). A
 * receiver whose SO_RCVBUF is full misses the packet. recvmsg gives the
 * whole packet, its source in a sockaddr_in with port 0. A sound UDP
 * datagram reaches its UDP socket too (udp.c udp_rcv()); raw packets do
 * not reach TCP sockets, nor TCP's segments raw ones; MSG_MORE is
 * ignored. AF_INET6 raw sockets are made and bound here and send and
 * receive in raw_ipv6.c.
 */
#include "kernel/mm/slab.h"
#include "kernel/net/inet.h"
#include "kernel/net/net_namespace.h"
#include "lib/errno.h"
#include "lib/string.h"

#define ICMP_FILTER 1			/* SOL_RAW: ICMP types not delivered */
#define IP_TOS 1			/* the SOL_IP options a header uses */
#define IP_TTL 2
#define IP_MTU_DISCOVER 10
#define IP_PMTUDISC_WANT 1		/* IP_MTU_DISCOVER's values */
#define IP_PMTUDISC_DO 2
#define IP_PMTUDISC_PROBE 3
#define IP_PMTUDISC_OMIT 5
#define ICMP_ECHOREPLY 0
#define ICMP_ECHO 8
#define ICMP_ERR_ROOM 576		/* an ICMP error's packet at most */
#define IPTOS_TOS_MASK 0x1e
#define IPTOS_PREC_INTERNETCONTROL 0xc0

/* Raw IPv4 sockets, on it through u.bound from creation to close.
 * raw_lock orders the list and is held across a delivery, so that a
 * socket on it is not released while it is given a packet (copies go
 * with MSG_DONTWAIT: nothing waits under it); their names (u.addr,
 * daddr) are still read under unix_lock. */
static LIST_HEAD(raw_table);
static DEFINE_MUTEX(raw_lock);
static const struct proto_ops inet_raw_ops;

/* The IP checksum of @len bytes at @p (Linux's ip_fast_csum() over a
 * header; 0 when a header with its checksum in is correct). */
static u16 ip_csum(const void *p, size_t len)
{
	return csum_fold(csum_partial(p, len, 0));
}

/* The IPv4 address (network order) in mapped address @a. */
static u32 raw_v4(const struct sockaddr_in6 *a)
{
	u32 v;

	memcpy(&v, a->sin6_addr + 12, 4);
	return v;
}

/* @v (network order) as a mapped address, port @port. */
static struct sockaddr_in6 raw_mapped(u32 v, u16 port)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = port };

	ipv6_addr_set_v4mapped(v, a.sin6_addr);
	return a;
}

/* Does raw ICMP socket @o filter out ICMP packet @pkt (@len bytes,
 * checked) (Linux's icmp_filter())? Yes for a type (< 32) set in its
 * ICMP_FILTER, and for a packet too short for an ICMP header. */
static bool icmp_filter(struct inet_sock *o, const u8 *pkt, size_t len)
{
	size_t ihl = (size_t)(pkt[0] & 0xf) * 4;
	u8 type;

	if (len < ihl + 8)
		return true;
	type = pkt[ihl];
	return type < 32 && (READ_ONCE(o->icmp_filter) & (1u << type));
}

/* Under unix_lock: does raw socket @o take packet @p (checked)? */
static bool raw_v4_match(struct inet_sock *o, const struct raw_packet *p)
{
	const struct iphdr *iph = (const struct iphdr *)p->pkt;
	const u8 *pkt = p->pkt;
	struct net *net = p->net;
	size_t len = p->len;
	u32 local = raw_v4(inet_local(o));

	if (sock_net(&o->u.sk) != net || o->protocol != iph->protocol ||
	    o->u.sk.sk_family != AF_INET)
		return false;
	if (local && local != iph->daddr)
		return false;
	if (o->daddr.sin6_family && raw_v4(&o->daddr) != iph->saddr)
		return false;
	return iph->protocol != IPPROTO_ICMP || !icmp_filter(o, pkt, len);
}

void raw_deliver(struct socket *sock, const struct raw_packet *p,
		 const void *data, size_t len, const struct sockaddr_in6 *src,
		 bool (*match)(struct inet_sock *o, const struct raw_packet *p))
{
	struct unix_address *from = unix_addr_alloc(src, sizeof(*src), NULL);
	struct inet_sock *o;
	bool take;

	if (!from)
		return;		/* lost, as a full queue loses it */
	mutex_lock(&raw_lock);
	list_for_each_entry(o, &raw_table, u.bound) {
		struct iovec iov = { (void __user *)data, len };
		struct msghdr km = { .msg_flags = MSG_DONTWAIT };

		spin_lock(&unix_lock);
		take = match(o, p);
		spin_unlock(&unix_lock);
		if (!take)
			continue;
		/* never wait for the sender's buffer: a copy that does not
		 * fit is lost, as UDP's */
		iov_iter_init(&km.msg_iter, false, &iov, 1, len);
		unix_dgram_send_to(sock, &o->u, &km, len, from, &p->ip);
	}
	mutex_unlock(&raw_lock);
	unix_addr_put(from);
}

void raw_v4_input(struct socket *sock, struct net *net, const u8 *pkt,
		  size_t len)
{
	const struct iphdr *iph = (const struct iphdr *)pkt;
	struct sockaddr_in6 src = raw_mapped(iph->saddr, 0);
	struct raw_packet p = { .net = net, .pkt = pkt, .len = len };

	inet_skb_parm_v4(&p.ip, pkt);	/* for IP_PKTINFO, IP_RECVTTL, ... */
	raw_deliver(sock, &p, pkt, len, &src, raw_v4_match);
}

/* The kernel's answer to an ICMP echo request @pkt of @len bytes: the
 * echo reply, from the address asked to the asker (Linux's
 * icmp_echo()), delivered as any packet. */
static void icmp_echo(struct socket *sock, struct net *net, const u8 *pkt,
		      size_t len)
{
	const struct iphdr *req = (const struct iphdr *)pkt;
	size_t ihl = (size_t)(req->ihl_version & 0xf) * 4;
	u8 *r = kmalloc(len, GFP_KERNEL);
	struct iphdr *iph = (struct iphdr *)r;

	if (!r)
		return;
	memcpy(r, pkt, len);
	iph->saddr = req->daddr;
	iph->daddr = req->saddr;
	iph->ttl = 64;
	iph->check = 0;
	iph->check = ip_csum(r, ihl);
	r[ihl] = ICMP_ECHOREPLY;
	r[ihl + 2] = r[ihl + 3] = 0;
	memcpy(r + ihl + 2, &(u16){ ip_csum(r + ihl, len - ihl) }, 2);
	raw_v4_input(sock, net, r, len);
	kfree(r);
}

/* lo receives packet @pkt of @len bytes (Linux's ip_rcv_core() checks,
 * then local delivery): dropped if it is not a sound IPv4 packet to an
 * address on lo. */
static void raw_ip_rcv(struct socket *sock, struct net *net, u8 *pkt,
		       size_t len)
{
	const struct iphdr *iph = (const struct iphdr *)pkt;
	size_t ihl = (size_t)(iph->ihl_version & 0xf) * 4;
	size_t tot = ntohs(iph->tot_len);

	if (len < sizeof(*iph) || iph->ihl_version >> 4 != 4 || ihl < 20 ||
	    ihl > len || ip_csum(pkt, ihl) || tot < ihl || tot > len)
		return;
	if (!ipv4_is_loopback(iph->daddr))
		return;		/* not ours, and no forwarding */
	raw_v4_input(sock, net, pkt, tot);
	if (iph->protocol == IPPROTO_UDP)
		udp_rcv(sock, pkt, tot);
	if (iph->protocol == IPPROTO_ICMP && tot >= ihl + 8 &&
	    pkt[ihl] == ICMP_ECHO && !ip_csum(pkt + ihl, tot - ihl))
		icmp_echo(sock, net, pkt, tot);
}

/* The route to @daddr (network order; 0: this machine) in @net: 0 and
 * *@saddr, *@daddr set, or -ENETUNREACH (not on lo, or lo down). */
static int raw_route(struct inet_sock *i, u32 *saddr, u32 *daddr)
{
	spin_lock(&unix_lock);
	*saddr = raw_v4(inet_local(i));
	spin_unlock(&unix_lock);
	if (!*daddr) {		/* Linux: to the source, or 127.0.0.1 */
		if (!*saddr)
			*saddr = INADDR_LOOPBACK_NET;
		*daddr = *saddr;
		return 0;
	}
	if (!ipv4_is_loopback(*daddr) || !dev_lo_up(sock_net(&i->u.sk)))
		return -ENETUNREACH;
	if (!*saddr)
		*saddr = INADDR_LOOPBACK_NET;	/* lo's address: the route's source */
	return 0;
}

static u16 raw_next_id(void)
{
	static u16 id;

	return htons(__atomic_add_fetch(&id, 1, __ATOMIC_RELAXED));
}

void icmp_send(struct socket *sock, const u8 *pkt, size_t len, u8 type,
	       u8 code)
{
	const struct iphdr *orig = (const struct iphdr *)pkt;
	size_t n = MIN(len, ICMP_ERR_ROOM - IPV4_HLEN - 8);
	u8 *r = kmalloc(IPV4_HLEN + 8 + n, GFP_KERNEL);
	struct iphdr *iph = (struct iphdr *)r;

	if (!r)
		return;
	*iph = (struct iphdr){ .ihl_version = 0x45,
		.tos = (orig->tos & IPTOS_TOS_MASK) | IPTOS_PREC_INTERNETCONTROL,
		.tot_len = htons((u16)(IPV4_HLEN + 8 + n)), .id = raw_next_id(),
		.ttl = 64, .protocol = IPPROTO_ICMP,
		.saddr = orig->daddr, .daddr = orig->saddr };
	iph->check = ip_csum(r, IPV4_HLEN);
	memset(r + IPV4_HLEN, 0, 8);
	r[IPV4_HLEN] = type;
	r[IPV4_HLEN + 1] = code;
	memcpy(r + IPV4_HLEN + 8, pkt, n);
	memcpy(r + IPV4_HLEN + 2, &(u16){ ip_csum(r + IPV4_HLEN, 8 + n) }, 2);
	raw_v4_input(sock, sock_net(sock->sk), r, IPV4_HLEN + 8 + n);
	kfree(r);
}

/* Send the packet @pkt of @len bytes, its header complete, over lo. */
static long raw_xmit(struct socket *sock, u8 *pkt, size_t len)
{
	struct net *net = sock_net(sock->sk);

	if (!dev_lo_up(net))
		return -ENETDOWN;
	dev_lo_count(net, len);
	raw_ip_rcv(sock, net, pkt, len);
	return 0;
}

/*
 * IP_HDRINCL's send (Linux's raw_send_hdrinc()): @len bytes of @m are a
 * whole packet from @saddr. Its header is checked for what would
 * overrun the buffer, then finished as Linux finishes it.
 */
static long raw_send_hdrinc(struct socket *sock, struct msghdr *m, size_t len,
			    u32 saddr)
{
	struct inet_sock *i = inet_sk(sock->sk);
	struct iphdr *iph;
	size_t ihl;
	long err = -EINVAL;
	u8 *pkt;

	if (len > (size_t)dev_lo_mtu(sock_net(&i->u.sk)))
		return -EMSGSIZE;
	if (len < sizeof(*iph))
		return -EINVAL;
	pkt = kmalloc(len, GFP_KERNEL);
	if (!pkt)
		return -ENOMEM;
	iph = (struct iphdr *)pkt;
	if (copy_from_iter(pkt, len, &m->msg_iter) != len) {
		kfree(pkt);
		return -EFAULT;
	}
	ihl = (size_t)(iph->ihl_version & 0xf) * 4;
	if (ihl <= len) {
		if (ihl >= sizeof(*iph)) {	/* a short one goes as it is */
			if (!iph->saddr)
				iph->saddr = saddr;
			iph->tot_len = htons((u16)len);
			if (!iph->id)
				iph->id = raw_next_id();
			iph->check = 0;
			iph->check = ip_csum(pkt, ihl);
		}
		err = raw_xmit(sock, pkt, len);
	}
	kfree(pkt);
	return err;
}

/* Does a packet of @tot bytes from a socket with IP_MTU_DISCOVER
 * @pmtudisc on a lo of MTU @mtu go don't-fragment? */
static bool raw_dont_frag(int pmtudisc, size_t tot, size_t mtu)
{
	return pmtudisc == IP_PMTUDISC_DO || pmtudisc == IP_PMTUDISC_PROBE ||
	       (pmtudisc == IP_PMTUDISC_WANT && tot <= mtu);
}

/* The header of a packet of @len bytes of payload from @i, @saddr to
 * @daddr, at @iph, don't-fragment if @df, with @ipc's TTL and TOS
 * (Linux's __ip_make_skb()). */
static void raw_build_hdr(struct inet_sock *i, const struct ipcm_cookie *ipc,
			  struct iphdr *iph, size_t len, u32 saddr, u32 daddr,
			  bool df)
{
	*iph = (struct iphdr){
		.ihl_version = 0x45,
		.tos = ipc_tos(i, ipc, true),
		.tot_len = htons((u16)(len + sizeof(*iph))),
		.frag_off = df ? htons(IP_DF) : 0,
		.ttl = ipc_ttl(i, ipc, true),
		.protocol = (u8)i->protocol,
		.saddr = saddr,
		.daddr = daddr,
	};
	/* ip_select_ident(): an unconnected DF packet has ID 0 */
	if (!df || READ_ONCE(i->daddr.sin6_family))
		iph->id = raw_next_id();
	iph->check = ip_csum(iph, sizeof(*iph));
}

/* A send without IP_HDRINCL: the header built, @len bytes of @m after
 * it (Linux's ip_append_data() and ip_push_pending_frames()). */
static long raw_send_built(struct socket *sock, struct msghdr *m, size_t len,
			   const struct ipcm_cookie *ipc, u32 saddr, u32 daddr)
{
	struct inet_sock *i = inet_sk(sock->sk);
	int pmtudisc = inet_opt_get(i, IPPROTO_IP, IP_MTU_DISCOVER);
	size_t mtu = (size_t)dev_lo_mtu(sock_net(&i->u.sk));
	size_t tot = len + sizeof(struct iphdr);
	size_t max = pmtudisc < IP_PMTUDISC_DO || pmtudisc == IP_PMTUDISC_OMIT ?
		     IP_MAX_MTU : mtu;
	bool df = raw_dont_frag(pmtudisc, tot, mtu);
	long err = -EFAULT;
	u8 *pkt;

	if (tot > max)
		return -EMSGSIZE;
	pkt = kmalloc(tot, GFP_KERNEL);
	if (!pkt)
		return -ENOMEM;
	raw_build_hdr(i, ipc, (struct iphdr *)pkt, len, saddr, daddr, df);
	if (copy_from_iter(pkt + sizeof(struct iphdr), len, &m->msg_iter) == len)
		err = raw_xmit(sock, pkt, tot);
	kfree(pkt);
	return err;
}

bool raw_v4_listening(struct net *net, int protocol)
{
	struct inet_sock *o;
	bool found = false;

	if (list_empty(&raw_table))	/* the common case, without the lock */
		return false;
	mutex_lock(&raw_lock);
	list_for_each_entry(o, &raw_table, u.bound)
		found |= o->protocol == protocol && sock_net(&o->u.sk) == net &&
			 o->u.sk.sk_family == AF_INET;
	mutex_unlock(&raw_lock);
	return found;
}

void raw_v4_tap(struct socket *sock, const struct ipcm_cookie *ipc,
		u32 saddr, u32 daddr, u8 *pkt, size_t len)
{
	struct inet_sock *i = inet_sk(sock->sk);
	size_t tot = IPV4_HLEN + len;
	bool df = raw_dont_frag(inet_opt_get(i, IPPROTO_IP, IP_MTU_DISCOVER),
				tot, (size_t)dev_lo_mtu(sock_net(sock->sk)));

	BUG_ON(tot > IP_MAX_MTU);
	raw_build_hdr(i, ipc, (struct iphdr *)pkt, len, saddr, daddr, df);
	raw_v4_input(sock, sock_net(sock->sk), pkt, tot);
}

/* The destination of a send: @m's sockaddr_in (family AF_INET, or
 * AF_UNSPEC as Linux lets pass) or the connected address; 0 or -errno. */
static int raw_dest(struct inet_sock *i, struct msghdr *m, u32 *daddr)
{
	const struct sockaddr_in *sin = m->msg_name;

	if (sin) {
		if (m->msg_namelen < (int)sizeof(*sin))
			return -EINVAL;
		if (sin->sin_family != AF_INET && sin->sin_family)
			return -EAFNOSUPPORT;
		*daddr = sin->sin_addr;
		return 0;
	}
	spin_lock(&unix_lock);
	*daddr = raw_v4(&i->daddr);
	spin_unlock(&unix_lock);
	return READ_ONCE(i->daddr.sin6_family) ? 0 : -EDESTADDRREQ;
}

/* sendmsg on a raw socket (Linux's raw_sendmsg()): @len or -errno. */
static long raw_sendmsg(struct socket *sock, struct msghdr *m, size_t len)
{
	struct inet_sock *i = inet_sk(sock->sk);
	struct ipcm_cookie ipc;
	bool hdrincl;
	u32 saddr, daddr;
	long err;

	if (sock->sk->sk_family != AF_INET)
		return rawv6_sendmsg(sock, m, len);
	if (len > IP_MAX_MTU)
		return -EMSGSIZE;
	hdrincl = READ_ONCE(i->hdrincl);	/* once: CVE-2017-17712 */
	if (m->msg_flags & MSG_OOB)
		return -EOPNOTSUPP;
	err = raw_dest(i, m, &daddr) ?: ip_cmsg_send(sock->sk, m, true, &ipc);
	if (err)
		return err;
	/* raw_probe_proto_opt(): ICMP's type and code are read first */
	if (!hdrincl && i->protocol == IPPROTO_ICMP && len < 2)
		return -EFAULT;
	err = raw_route(i, &saddr, &daddr);
	if (err)
		return err;
	if (ipc.has_saddr)	/* IP_PKTINFO's ipi_spec_dst */
		memcpy(&saddr, ipc.saddr + 12, 4);
	err = hdrincl ? raw_send_hdrinc(sock, m, len, saddr) :
	      raw_send_built(sock, m, len, &ipc, saddr, daddr);
	return err ? err : (long)len;
}

/* bind(2) (Linux's raw_bind()): an address on lo or 0.0.0.0, at any
 * time while unconnected; the port stays the protocol. */
static int raw_bind(struct socket *sock, struct sockaddr *sa, int len)
{
	struct inet_sock *i = inet_sk(sock->sk);
	const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;
	struct sockaddr_in6 a;
	struct unix_address *addr, *old;
	int err = 0;

	if (READ_ONCE(sock->sk->sk_state) != TCP_CLOSE)
		return -EINVAL;
	if (sock->sk->sk_family == AF_INET6)
		err = rawv6_name(i, sa, len, &a);
	else if (len < (int)sizeof(*sin))
		err = -EINVAL;
	else if (sin->sin_addr && (!ipv4_is_loopback(sin->sin_addr) ||
				   !dev_lo_up(sock_net(&i->u.sk))))
		err = -EADDRNOTAVAIL;
	else
		a = raw_mapped(sin->sin_addr, htons((u16)i->protocol));
	if (err)
		return err;
	addr = unix_addr_alloc(&a, sizeof(a), NULL);
	if (!addr)
		return -ENOMEM;
	spin_lock(&unix_lock);
	old = i->u.addr;
	i->u.addr = addr;
	spin_unlock(&unix_lock);
	unix_addr_put(old);
	return 0;
}

/* close: off raw_table, so that no delivery reaches it any more, then
 * closed as any datagram socket. */
static int raw_release(struct socket *sock)
{
	struct inet_sock *i = inet_sk(sock->sk);

	mutex_lock(&raw_lock);
	list_del_init(&i->u.bound);
	mutex_unlock(&raw_lock);
	return unix_release(sock);
}

int raw_create(struct socket *sock, int family, int protocol)
{
	struct sockaddr_in6 a = raw_mapped(0, htons((u16)protocol));
	struct inet_sock *i = inet_sock_alloc(current_net(), family,
					      SOCK_DGRAM);

	if (!i)
		return -ENOMEM;
	if (family == AF_INET6)
		memset(a.sin6_addr, 0, sizeof(a.sin6_addr));
	i->u.addr = unix_addr_alloc(&a, sizeof(a), NULL);
	if (!i->u.addr) {
		sock_put(&i->u.sk);
		return -ENOMEM;
	}
	i->raw = true;
	i->protocol = protocol;
	i->hdrincl = protocol == IPPROTO_RAW;
	i->v6_csum_off = family == AF_INET6 && protocol == IPPROTO_ICMPV6 ? 2 : -1;
	i->u.sk.sk_socket = sock;
	sock->sk = &i->u.sk;
	sock->ops = &inet_raw_ops;
	mutex_lock(&raw_lock);
	list_add_tail(&i->u.bound, &raw_table);
	mutex_unlock(&raw_lock);
	return 0;
}

/* setsockopt(2) at SOL_RAW: ICMP_FILTER, of raw ICMP sockets alone
 * (EOPNOTSUPP for the others, as Linux's do_raw_setsockopt()); up to
 * four bytes of the filter from @val. Other levels as any IP socket's. */
static int raw_setsockopt(struct socket *sock, int level, int opt,
			  const void __user *val, int len)
{
	struct inet_sock *i = inet_sk(sock->sk);
	u32 filter = READ_ONCE(i->icmp_filter);

	if (rawv6_opt(sock->sk, level, opt))
		return rawv6_setsockopt(i, level, opt, val, len);
	if (level != SOL_RAW)
		return sock_other_level(sock->sk, level, opt, (void __user *)val,
					NULL, len);
	if (opt != ICMP_FILTER || i->u.sk.sk_family != AF_INET)
		return -ENOPROTOOPT;
	if (i->protocol != IPPROTO_ICMP)
		return -EOPNOTSUPP;
	if (copy_from_user(&filter, val, MIN((size_t)len, sizeof(filter))))
		return -EFAULT;
	WRITE_ONCE(i->icmp_filter, filter);
	return 0;
}

/* getsockopt(2) at SOL_RAW: ICMP_FILTER, up to four bytes of it
 * (EINVAL for a negative length). Other levels as any IP socket's. */
static int raw_getsockopt(struct socket *sock, int level, int opt,
			  void __user *val, int __user *lenp)
{
	struct inet_sock *i = inet_sk(sock->sk);
	u32 filter = READ_ONCE(i->icmp_filter);
	u32 len;

	if (rawv6_opt(sock->sk, level, opt))
		return rawv6_getsockopt(i, level, opt, val, lenp);
	if (level != SOL_RAW)
		return sock_other_level(sock->sk, level, opt, val, lenp, 0);
	if (opt != ICMP_FILTER || i->u.sk.sk_family != AF_INET)
		return -ENOPROTOOPT;
	if (i->protocol != IPPROTO_ICMP)
		return -EOPNOTSUPP;
	if (get_user_u32(&len, (const u32 __user *)lenp))
		return -EFAULT;
	if ((int)len < 0)
		return -EINVAL;
	len = MIN(len, (u32)sizeof(filter));
	if (put_user_u32(len, (u32 __user *)lenp) ||
	    copy_to_user(val, &filter, len))
		return -EFAULT;
	return 0;
}

static const struct proto_ops inet_raw_ops = {
	.release = raw_release,
	.bind = raw_bind,
	.connect = inet_dgram_connect,
	.getname = inet_getname,
	.poll = unix_poll,
	.ioctl = unix_ioctl,
	.shutdown = unix_shutdown,
	.sendmsg = raw_sendmsg,
	.recvmsg = udp_recvmsg,
	.setsockopt = raw_setsockopt,
	.getsockopt = raw_getsockopt,
};
