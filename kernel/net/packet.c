/*
 * Packet sockets (Linux's net/packet/af_packet.c) on lo: a program with
 * CAP_NET_RAW in the user namespace that owns its network namespace
 * opens socket(AF_PACKET, SOCK_RAW or SOCK_DGRAM, htons(protocol)),
 * and sees the link-layer frames sent on lo in that namespace.
 *
 * A send on lo (packet_xmit()) goes, as on Linux, twice past the
 * sockets: first out (dev_queue_xmit_nit(): every ETH_P_ALL socket but
 * the sender, sll_pkttype PACKET_OUTGOING), then in again, as lo hands
 * its frames back (eth_type_trans(): the protocol from the frame,
 * PACKET_HOST for the zero address): every socket bound to ETH_P_ALL or
 * to that protocol, the sender too. A SOCK_RAW socket sends and reads
 * whole Ethernet frames; a SOCK_DGRAM one the payload, the header built
 * from sockaddr_ll on send and cut off on receive. A socket with an RX
 * ring gets its frames there instead of on its queue (packet_ring.c).
 * A socket in a fanout group gets only the frames its group hands it
 * (packet_fanout.c).
 *
 * Only packet sockets send such frames: Taskbase's TCP and UDP over lo
 * are no IP packets (docs/net.md), so a packet socket does not see them.
 */
#include "kernel/fs/poll.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/slab.h"
#include "kernel/net/inet.h"
#include "kernel/net/packet.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/time/time_kernel.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define FIONREAD 0x541B
#define TIOCOUTQ 0x5411

/* Every packet socket, of every namespace; the mutex also orders the
 * deliveries (one frame goes past all sockets before the next). */
LIST_HEAD(packet_list);
DEFINE_MUTEX(packet_list_lock);

void packet_fill_sll(struct sockaddr_ll *sll, const u8 *source, u8 pkttype,
		     u16 proto)
{
	memset(sll, 0, sizeof(*sll));
	sll->sll_family = AF_PACKET;
	sll->sll_protocol = proto;
	sll->sll_ifindex = LO_IFINDEX;
	sll->sll_hatype = ARPHRD_LOOPBACK;
	sll->sll_pkttype = pkttype;
	sll->sll_halen = ETH_ALEN;
	memcpy(sll->sll_addr, source, ETH_ALEN);
}

/* Queue a copy of the frame for @ps's readers, or count it dropped
 * (receive buffer full, out of memory). packet_list_lock held. */
static void packet_queue(struct packet_sock *ps, const u8 *frame, size_t len,
			 size_t origlen, u8 pkttype, u16 proto)
{
	struct packet_skb *skb = kmalloc(sizeof(*skb) + len, GFP_KERNEL);
	unsigned long irq;
	bool full;

	if (skb) {
		skb->len = len;
		skb->origlen = origlen;
		skb->protocol = proto;
		skb->pkttype = pkttype;
		memcpy(skb->source, frame + ETH_ALEN, ETH_ALEN);
		memcpy(skb->data, frame, len);
	}
	irq = spin_lock_irqsave(&ps->lock);
	full = ps->qbytes >= (u64)READ_ONCE(ps->sk.sk_rcvbuf);
	if (!skb || full) {
		ps->tp_drops++;
	} else {
		list_add_tail(&skb->list, &ps->queue);
		ps->qbytes += len + PACKET_SKB_OVERHEAD;
		ps->tp_packets++;
	}
	spin_unlock_irqrestore(&ps->lock, irq);
	if (skb && full)
		kfree(skb);
	else if (skb)
		sk_data_ready(&ps->sk);
}

void packet_rcv(struct packet_sock *ps, const u8 *frame, size_t len,
		u8 pkttype, u16 proto)
{
	size_t off = ps->sk.sk_type == SOCK_DGRAM ? ETH_HLEN : 0;
	u32 snaplen = sk_run_filter_frame(&ps->sk, frame, len, off, pkttype,
					  proto);

	lockdep_assert_held(&packet_list_lock);
	if (!snaplen)			/* the filter's: not a drop it counts */
		return;
	if (READ_ONCE(ps->rx.pages))
		tpacket_rcv(ps, frame, len, snaplen, pkttype, proto);
	else
		packet_queue(ps, frame, MIN(len, off + snaplen), len, pkttype,
			     proto);
}

/* The protocol and packet type lo gives a frame it hands back
 * (Linux's eth_type_trans() for a device whose address is zero). */
static u16 eth_type_trans(const u8 *frame, size_t len, u8 *pkttype)
{
	static const u8 zero[ETH_ALEN];
	u16 proto;

	memcpy(&proto, frame + 2 * ETH_ALEN, 2);
	if (!memcmp(frame, zero, ETH_ALEN))
		*pkttype = PACKET_HOST;
	else if (frame[0] & 1)		/* lo has no broadcast address */
		*pkttype = PACKET_MULTICAST;
	else
		*pkttype = PACKET_OTHERHOST;
	if (pkt_htons(proto) >= ETH_P_802_3_MIN)
		return proto;
	if (len >= ETH_HLEN + 2 && frame[ETH_HLEN] == 0xff &&
	    frame[ETH_HLEN + 1] == 0xff)
		return pkt_htons(ETH_P_802_3);	/* raw 802.3 (IPX) */
	return pkt_htons(ETH_P_802_2);
}

bool packet_running(struct packet_sock *ps)
{
	BUG_ON(!lockdep_is_held(&ps->bind_lock) &&
	       !lockdep_is_held(&packet_list_lock));
	return ps->num && (ps->ifindex == 0 || dev_lo_up(sock_net(&ps->sk)));
}

/* Does @ps take frames of @want from @net's lo itself (not through a
 * group)? */
static bool packet_wants(struct packet_sock *ps, struct net *net, u16 want)
{
	return !ps->fanout &&
	       packet_hook_wants(sock_net(&ps->sk), READ_ONCE(ps->num),
				 READ_ONCE(ps->ifindex), net, want);
}

/* One pass of a frame past the sockets and groups of @net that take
 * @want: going out from @sender (not to it, nor to a socket that
 * ignores outgoing frames), or coming in (@sender NULL). */
static void packet_deliver(struct net *net, struct packet_sock *sender,
			   u16 want, const u8 *frame, size_t len, u8 pkttype,
			   u16 proto)
{
	struct packet_sock *ps;

	list_for_each_entry(ps, &packet_list, list)
		if (packet_wants(ps, net, want) && (!sender ||
		    (ps != sender && !READ_ONCE(ps->ignore_outgoing))))
			packet_rcv(ps, frame, len, pkttype, proto);
	fanout_deliver(net, sender, want, frame, len, pkttype, proto);
}

/* Send the Ethernet frame @frame of @len bytes on @sender's lo: it is
 * delivered to the packet sockets of its namespace, to the ETH_P_ALL
 * taps going out and to those of its protocol coming in again. */
static void packet_xmit(struct packet_sock *sender, const u8 *frame,
			size_t len, u16 proto)
{
	struct net *net = sock_net(&sender->sk);
	u8 pkttype;
	u16 in_proto = eth_type_trans(frame, len, &pkttype);

	mutex_lock(&packet_list_lock);
	packet_deliver(net, sender, pkt_htons(ETH_P_ALL), frame, len,
		       PACKET_OUTGOING, proto);
	packet_deliver(net, NULL, in_proto, frame, len, pkttype, in_proto);
	mutex_unlock(&packet_list_lock);
	dev_lo_count(net, len);
}

/* The destination and protocol of a send: from @m's sockaddr_ll, or the
 * bound ones. 0 or -EINVAL, -ENXIO (not lo), -ENETDOWN (lo down). */
static int packet_snd_addr(struct packet_sock *ps, struct msghdr *m,
			   u16 *proto, const u8 **daddr)
{
	struct sockaddr_ll *sa = m->msg_name;
	int ifindex = ps->ifindex;

	*proto = READ_ONCE(ps->num);
	*daddr = NULL;
	if (sa) {
		if (m->msg_namelen < (int)sizeof(*sa) ||
		    m->msg_namelen < sa->sll_halen + SLL_ADDR_OFF)
			return -EINVAL;
		*proto = sa->sll_protocol;
		ifindex = sa->sll_ifindex;
		if (ps->sk.sk_type == SOCK_DGRAM)
			*daddr = sa->sll_addr;
	}
	if (ifindex != LO_IFINDEX)
		return -ENXIO;
	return dev_lo_up(sock_net(&ps->sk)) ? 0 : -ENETDOWN;
}

/* Send the @len bytes at @buf + ETH_HLEN (room for a SOCK_DGRAM
 * socket's link header before them) to @daddr as @proto: @len, or
 * -EINVAL for a SOCK_RAW frame shorter than its header. */
static long packet_send_frame(struct packet_sock *ps, u8 *buf, size_t len,
			      u16 proto, const u8 *daddr)
{
	u8 *frame = buf;

	if (ps->sk.sk_type == SOCK_DGRAM) {	/* Linux's eth_header() */
		u16 type = pkt_htons(proto), wire = proto;

		if (type == ETH_P_802_3 || type == ETH_P_802_2)
			wire = pkt_htons((u16)len);	/* a length */
		memset(frame, 0, ETH_HLEN);
		if (daddr)
			memcpy(frame, daddr, ETH_ALEN);
		memcpy(frame + 2 * ETH_ALEN, &wire, 2);
		packet_xmit(ps, frame, len + ETH_HLEN, proto);
		return (long)len;
	}
	frame += ETH_HLEN;
	if (len < ETH_HLEN)
		return -EINVAL;		/* dev_validate_header() */
	if (!proto || proto == pkt_htons(ETH_P_ALL))	/* from the frame */
		memcpy(&proto, frame + 2 * ETH_ALEN, 2);
	packet_xmit(ps, frame, len, proto);
	return (long)len;
}

/* Linux's packet_snd(): one frame from @m's bytes; @len bytes or -errno. */
static long packet_snd(struct packet_sock *ps, struct msghdr *m, size_t len)
{
	u8 vnet[VNET_HDR_LEN], *buf;
	const u8 *daddr;
	u16 proto;
	long err = packet_snd_addr(ps, m, &proto, &daddr);

	if (err)
		return err;
	if (READ_ONCE(ps->vnet_hdr)) {	/* a virtio_net_hdr first: no offloads */
		if (len < VNET_HDR_LEN)
			return -EINVAL;
		if (copy_from_iter(vnet, VNET_HDR_LEN, &m->msg_iter) != VNET_HDR_LEN)
			return -EFAULT;
		len -= VNET_HDR_LEN;
	}
	if (len > (size_t)dev_lo_mtu(sock_net(&ps->sk)) +
		  (ps->sk.sk_type == SOCK_DGRAM ? 0 : ETH_HLEN))
		return -EMSGSIZE;
	buf = kmalloc(ETH_HLEN + len, GFP_KERNEL);
	if (!buf)
		return -ENOBUFS;
	if (copy_from_iter(buf + ETH_HLEN, len, &m->msg_iter) != len)
		err = -EFAULT;
	else
		err = packet_send_frame(ps, buf, len, proto, daddr);
	kfree(buf);
	return err;
}

/* ---- the TX ring (Linux's tpacket_snd()) ---- */

/* The length and data offset the user wrote into TX frame @h. */
static void tx_frame_len(struct packet_sock *ps, u8 *h, u32 *len, u32 *off)
{
	unsigned int base = ps->hdrlen - sizeof(struct sockaddr_ll);
	u16 mac, net;

	if (ps->version == TPACKET_V1) {
		struct tpacket_hdr *h1 = (void *)h;

		*len = READ_ONCE(h1->tp_len), mac = READ_ONCE(h1->tp_mac), net = READ_ONCE(h1->tp_net);
	} else if (ps->version == TPACKET_V2) {
		struct tpacket2_hdr *h2 = (void *)h;

		*len = READ_ONCE(h2->tp_len), mac = READ_ONCE(h2->tp_mac), net = READ_ONCE(h2->tp_net);
	} else {
		struct tpacket3_hdr *h3 = (void *)h;

		*len = READ_ONCE(h3->tp_len), mac = READ_ONCE(h3->tp_mac), net = READ_ONCE(h3->tp_net);
	}
	*off = base;
	if (ps->tx_has_off)	/* the user says where the data starts */
		*off = ps->sk.sk_type == SOCK_DGRAM ? net : mac;
}

/* Send TX frame @h; bytes or -errno (the frame then WRONG_FORMAT). */
static long tpacket_send_one(struct packet_sock *ps, u8 *h, u16 proto,
			     const u8 *daddr)
{
	struct packet_ring *ring = &ps->tx;
	u32 len, off;
	u8 *buf;
	long ret;

	tx_frame_len(ps, h, &len, &off);
	if (off < ps->hdrlen - sizeof(struct sockaddr_ll) || off > ring->frame_size ||
	    len > ring->frame_size - off)
		return -EMSGSIZE;
	if (len > (size_t)dev_lo_mtu(sock_net(&ps->sk)) +
		  (ps->sk.sk_type == SOCK_DGRAM ? 0 : ETH_HLEN))
		return -EMSGSIZE;
	buf = kmalloc(ETH_HLEN + len, GFP_KERNEL);
	if (!buf)
		return -ENOBUFS;
	memcpy(buf + ETH_HLEN, h + off, len);
	ret = packet_send_frame(ps, buf, len, proto, daddr);
	kfree(buf);
	return ret;
}

/* send() on a socket with a TX ring: every frame marked
 * TP_STATUS_SEND_REQUEST from the head on, once round at most; the
 * bytes sent, or the first error (that frame TP_STATUS_WRONG_FORMAT,
 * unless PACKET_LOSS skips it). optlock held. */
static long tpacket_snd(struct packet_sock *ps, struct msghdr *m)
{
	struct packet_ring *ring = &ps->tx;
	const u8 *daddr;
	u16 proto;
	long total = 0, ret = packet_snd_addr(ps, m, &proto, &daddr);

	if (ret)
		return ret;
	for (unsigned int n = 0; n < ring->frame_nr; n++) {	/* one lap at most */
		u8 *h = ring_frame(ring, ring->head);
		if (frame_status(ps, h) != TP_STATUS_SEND_REQUEST)
			return total;
		frame_set_status(ps, h, TP_STATUS_SENDING);
		ret = tpacket_send_one(ps, h, proto, daddr);
		if (ret < 0 && !ps->loss) {
			frame_set_status(ps, h, TP_STATUS_WRONG_FORMAT);
			return ret;
		}
		frame_set_status(ps, h, TP_STATUS_AVAILABLE);
		ring->head = ring->head + 1 == ring->frame_nr ? 0 : ring->head + 1;
		if (ret > 0)
			total += ret;
	}
	return total;
}

static long packet_sendmsg(struct socket *sock, struct msghdr *m, size_t len)
{
	struct packet_sock *ps = pkt_sk(sock->sk);
	long ret;

	if (!READ_ONCE(ps->tx.pages))
		return packet_snd(ps, m, len);
	mutex_lock(&ps->optlock);
	ret = ps->tx.pages ? tpacket_snd(ps, m) : packet_snd(ps, m, len);
	mutex_unlock(&ps->optlock);
	return ret;
}

/* The next queued frame (taken unless MSG_PEEK), waiting for one;
 * ERR_PTR(-EAGAIN, -ERESTARTSYS, -EINTR, or a pending sk_err). */
static struct packet_skb *packet_next(struct packet_sock *ps, int flags)
{
	u64 timeo = flags & MSG_DONTWAIT ? 0 : READ_ONCE(ps->sk.sk_rcvtimeo);
	struct packet_skb *skb = NULL;
	unsigned long irq;
	long err = 0;

	for (;;) {
		irq = spin_lock_irqsave(&ps->lock);
		if (!list_empty(&ps->queue)) {
			skb = list_first_entry(&ps->queue, struct packet_skb, list);
			if (!(flags & MSG_PEEK)) {
				list_del(&skb->list);
				ps->qbytes -= skb->len + PACKET_SKB_OVERHEAD;
			}
		}
		spin_unlock_irqrestore(&ps->lock, irq);
		if (skb || err)
			return skb ? skb : ERR_PTR(err);
		err = sock_error(&ps->sk);
		if (!err)
			err = sk_wait_event(ps->sk.sk_wait,
					    !list_empty(&ps->queue), &timeo);
	}
}

static long packet_recvmsg(struct socket *sock, struct msghdr *m, size_t len,
			   int flags)
{
	struct packet_sock *ps = pkt_sk(sock->sk);
	size_t off = sock->type == SOCK_DGRAM ? ETH_HLEN : 0, vlen = 0;
	static const u8 vnet[VNET_HDR_LEN];
	struct packet_skb *skb;
	long ret;

	if (flags & ~(MSG_PEEK | MSG_DONTWAIT | MSG_TRUNC | MSG_ERRQUEUE |
		      MSG_CMSG_CLOEXEC))
		return -EINVAL;
	if (flags & MSG_ERRQUEUE)
		return -EAGAIN;		/* no transmit timestamps here */
	if (READ_ONCE(ps->vnet_hdr)) {
		if (len < VNET_HDR_LEN)
			return -EINVAL;
		vlen = VNET_HDR_LEN;
	}
	if (mutex_lock_interruptible(&ps->iolock))
		return -ERESTARTSYS;
	skb = packet_next(ps, flags);
	if (IS_ERR(skb)) {
		mutex_unlock(&ps->iolock);
		return PTR_ERR(skb);
	}
	if (vlen && copy_to_iter(vnet, vlen, &m->msg_iter) != vlen)
		ret = -EFAULT;
	else
		ret = datagram_copy_msg(m, skb->data + off, skb->len - off,
					len - vlen, flags);
	if (m->msg_name) {	/* under iolock: a peeked skb stays queued */
		packet_fill_sll(m->msg_name, skb->source, skb->pkttype, skb->protocol);
		m->msg_namelen = sizeof(struct sockaddr_ll);
	}
	if (ret >= 0 && READ_ONCE(ps->auxdata))
		packet_put_auxdata(ps, m, skb);
	mutex_unlock(&ps->iolock);
	if (!(flags & MSG_PEEK))
		kfree(skb);
	return ret < 0 ? ret : ret + (long)vlen;
}

static __poll_t packet_poll(struct file *file, struct socket *sock,
			    struct poll_table *pt)
{
	struct packet_sock *ps = pkt_sk(sock->sk);
	__poll_t mask = EPOLLOUT | EPOLLWRNORM | EPOLLWRBAND;
	unsigned long irq;

	poll_wait(file, &ps->sk.sk_wait, pt);
	irq = spin_lock_irqsave(&ps->lock);
	if (!list_empty(&ps->queue) || (ps->rx.pages && packet_ring_readable(ps)))
		mask |= EPOLLIN | EPOLLRDNORM;
	spin_unlock_irqrestore(&ps->lock, irq);
	if (READ_ONCE(ps->sk.sk_err))
		mask |= EPOLLERR;
	return mask;
}

/* SIOCINQ: the next frame's length (as recv would give it); SIOCOUTQ: 0,
 * lo sends at once. */
static long packet_ioctl(struct socket *sock, unsigned int cmd,
			 unsigned long arg)
{
	struct packet_sock *ps = pkt_sk(sock->sk);
	unsigned long irq;
	int n = 0;

	if (cmd != FIONREAD && cmd != TIOCOUTQ)
		return -ENOTTY;
	irq = spin_lock_irqsave(&ps->lock);
	if (cmd == FIONREAD && !list_empty(&ps->queue))
		n = (int)list_first_entry(&ps->queue, struct packet_skb, list)->len -
		    (sock->type == SOCK_DGRAM ? ETH_HLEN : 0);
	spin_unlock_irqrestore(&ps->lock, irq);
	return put_user_u32((u32)n, (u32 __user *)arg) ? -EFAULT : 0;
}

static int packet_bind(struct socket *sock, struct sockaddr *addr, int len)
{
	struct packet_sock *ps = pkt_sk(sock->sk);
	struct sockaddr_ll *sll = (struct sockaddr_ll *)addr;
	u16 proto;

	if (len < (int)sizeof(*sll) || sll->sll_family != AF_PACKET)
		return -EINVAL;
	if (sll->sll_ifindex && sll->sll_ifindex != LO_IFINDEX)
		return -ENODEV;
	/* Under the bind lock, as Linux since CVE-2017-15649: a member of
	 * a fanout group stays as it joined (its group's protocol and
	 * interface), and fanout_add() sees this bind whole or not at all. */
	mutex_lock(&ps->bind_lock);
	if (ps->fanout) {
		mutex_unlock(&ps->bind_lock);
		return -EINVAL;
	}
	mutex_lock(&packet_list_lock);
	proto = sll->sll_protocol ? sll->sll_protocol : ps->num;
	WRITE_ONCE(ps->ifindex, sll->sll_ifindex);
	WRITE_ONCE(ps->num, proto);
	mutex_unlock(&packet_list_lock);
	mutex_unlock(&ps->bind_lock);
	if (proto && sll->sll_ifindex && !dev_lo_up(sock_net(&ps->sk)))
		WRITE_ONCE(ps->sk.sk_err, ENETDOWN);	/* as Linux: noted */
	return 0;
}

static int packet_getname(struct socket *sock, struct sockaddr *addr, bool peer)
{
	struct packet_sock *ps = pkt_sk(sock->sk);
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };

	if (peer)
		return -EOPNOTSUPP;
	sll.sll_protocol = READ_ONCE(ps->num);
	sll.sll_ifindex = READ_ONCE(ps->ifindex);
	if (sll.sll_ifindex) {
		sll.sll_hatype = ARPHRD_LOOPBACK;
		sll.sll_halen = ETH_ALEN;	/* lo's address: zeroes */
	}
	memcpy(addr, &sll, sizeof(sll));
	return SLL_ADDR_OFF + sll.sll_halen;
}

static void packet_sock_destruct(struct sock *sk)
{
	struct packet_sock *ps = pkt_sk(sk);
	struct packet_skb *skb, *n;

	list_for_each_entry_safe(skb, n, &ps->queue, list)
		kfree(skb);
	kfree(ps);
}

static int packet_release(struct socket *sock)
{
	struct packet_sock *ps = pkt_sk(sock->sk);

	mutex_lock(&ps->bind_lock);
	mutex_lock(&packet_list_lock);	/* no frame comes after this */
	list_del(&ps->list);
	if (ps->fanout)
		__fanout_unlink(ps);
	mutex_unlock(&packet_list_lock);
	mutex_unlock(&ps->bind_lock);
	fanout_release(ps);
	mutex_lock(&ps->optlock);
	packet_free_rings(ps);
	mutex_unlock(&ps->optlock);
	ps->sk.sk_socket = NULL;
	ps->sk.sk_dead = true;
	sock->sk = NULL;
	sock_put(&ps->sk);
	return 0;
}

static const struct proto_ops packet_ops = {
	.family = AF_PACKET,
	.release = packet_release,
	.bind = packet_bind,
	.getname = packet_getname,
	.poll = packet_poll,
	.ioctl = packet_ioctl,
	.sendmsg = packet_sendmsg,
	.recvmsg = packet_recvmsg,
	.setsockopt = packet_setsockopt,
	.getsockopt = packet_getsockopt,
	.mmap = packet_mmap,
};

/* socket(AF_PACKET): CAP_NET_RAW where current's network namespace
 * belongs first, then the type, as Linux's packet_create(). A non-zero
 * @protocol takes frames from now on. */
static int packet_create(struct socket *sock, int protocol)
{
	struct net *net = current_net();
	struct packet_sock *ps;

	if (!ns_capable(net->ns.user_ns, CAP_NET_RAW))
		return -EPERM;
	if (sock->type != SOCK_RAW && sock->type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;	/* SOCK_PACKET is not there */
	ps = kzalloc(sizeof(*ps), GFP_KERNEL);
	if (!ps)
		return -ENOMEM;
	sock_init_data(&ps->sk, net, AF_PACKET, sock->type);
	ps->sk.sk_destruct = packet_sock_destruct;
	ps->sk.sk_protocol = (u16)protocol;
	ps->sk.sk_socket = sock;
	mutex_init(&ps->optlock);
	mutex_init(&ps->bind_lock);
	mutex_init(&ps->iolock);
	spin_lock_init(&ps->lock, "packet");
	INIT_LIST_HEAD(&ps->queue);
	ps->num = (u16)protocol;
	sock->ops = &packet_ops;
	sock->sk = &ps->sk;
	mutex_lock(&packet_list_lock);
	list_add_tail(&ps->list, &packet_list);
	mutex_unlock(&packet_list_lock);
	return 0;
}

const struct net_proto_family packet_family_ops = {
	.family = AF_PACKET,
	.create = packet_create,
};
