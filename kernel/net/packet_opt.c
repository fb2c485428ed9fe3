/*
 * The SOL_PACKET options of a packet socket (Linux's packet_setsockopt()
 * and packet_getsockopt() in net/packet/af_packet.c), with Linux's
 * errno for each bad length or value: the ring header version
 * (PACKET_VERSION), the room kept before each frame in a ring
 * (PACKET_RESERVE), the virtio_net_hdr before each frame
 * (PACKET_VNET_HDR), the rings themselves (PACKET_RX_RING,
 * PACKET_TX_RING: packet_ring.c), the counters (PACKET_STATISTICS, read
 * and reset), the header length of a version (PACKET_HDRLEN), the
 * receive's PACKET_AUXDATA control message, and the fanout group
 * (PACKET_FANOUT, PACKET_FANOUT_DATA, PACKET_ROLLOVER_STATS:
 * packet_fanout.c). The options that fix a ring's layout are EBUSY
 * while a ring exists.
 */
#include "kernel/net/packet.h"
#include "lib/errno.h"
#include "lib/string.h"

#define INT_MAX_U 0x7fffffffu

struct tpacket_stats_v3 {
	unsigned int tp_packets, tp_drops, tp_freeze_q_cnt;
};

struct tpacket_auxdata {		/* PACKET_AUXDATA's control message */
	u32 tp_status, tp_len, tp_snaplen;
	u16 tp_mac, tp_net, tp_vlan_tci, tp_vlan_tpid;
};

void packet_put_auxdata(struct packet_sock *ps, struct msghdr *m,
			const struct packet_skb *skb)
{
	bool dgram = ps->sk.sk_type == SOCK_DGRAM;
	size_t off = dgram ? ETH_HLEN : 0;
	struct tpacket_auxdata aux = {
		.tp_status = TP_STATUS_USER,	/* lo's frames: no VLAN */
		.tp_len = (u32)(skb->origlen - off),
		.tp_snaplen = (u32)(skb->len > off ? skb->len - off : 0),
		.tp_net = dgram ? 0 : ETH_HLEN,	/* skb_network_offset() */
	};

	put_cmsg(m, SOL_PACKET, PACKET_AUXDATA, &aux, sizeof(aux));
}

/* The int at @val, which must be exactly an int long (@exact) or at
 * least one; 0 or -EINVAL, -EFAULT. */
static int packet_int_opt(const void __user *val, int len, bool exact,
			  unsigned int *v)
{
	if (exact ? len != (int)sizeof(int) : len < (int)sizeof(int))
		return -EINVAL;
	return get_user_u32(v, (const u32 __user *)val) ? -EFAULT : 0;
}

/* The options a ring's layout depends on: EBUSY while one exists. */
static int packet_set_layout(struct packet_sock *ps, int opt, unsigned int v)
{
	int err = 0;

	mutex_lock(&ps->optlock);
	if (ps->rx.pages || ps->tx.pages)
		err = -EBUSY;
	else if (opt == PACKET_VERSION)
		ps->version = (int)v;
	else if (opt == PACKET_RESERVE)
		ps->reserve = v;
	else if (opt == PACKET_VNET_HDR)
		WRITE_ONCE(ps->vnet_hdr, v != 0);
	else if (opt == PACKET_LOSS)
		ps->loss = v != 0;
	else
		ps->tx_has_off = v != 0;
	mutex_unlock(&ps->optlock);
	return err;
}

/* The on/off options that change nothing else. */
static int packet_set_flag(struct packet_sock *ps, int opt, unsigned int v)
{
	switch (opt) {
	case PACKET_AUXDATA:
		ps->auxdata = v != 0;
		return 0;
	case PACKET_ORIGDEV:
		ps->origdev = v != 0;
		return 0;
	case PACKET_QDISC_BYPASS:
		ps->qdisc_bypass = v != 0;
		return 0;
	case PACKET_TIMESTAMP:
		ps->tstamp = (int)v;
		return 0;
	case PACKET_COPY_THRESH:	/* Linux's tpacket_rcv() tuning: none here */
		return 0;
	default:			/* PACKET_IGNORE_OUTGOING */
		if (v > 1)
			return -EINVAL;
		WRITE_ONCE(ps->ignore_outgoing, v != 0);
		return 0;
	}
}

/* PACKET_ADD_MEMBERSHIP, PACKET_DROP_MEMBERSHIP (struct packet_mreq):
 * lo takes every frame anyway; the interface must exist. */
static int packet_membership(const void __user *val, int len)
{
	int ifindex;

	if (len < 16)			/* sizeof(struct packet_mreq) */
		return -EINVAL;
	if (copy_from_user(&ifindex, val, sizeof(ifindex)))
		return -EFAULT;
	return ifindex == LO_IFINDEX ? 0 : -ENODEV;
}

int packet_setsockopt(struct socket *sock, int level, int opt,
		      const void __user *val, int len)
{
	struct packet_sock *ps = pkt_sk(sock->sk);
	bool exact = opt != PACKET_AUXDATA && opt != PACKET_ORIGDEV &&
		     opt != PACKET_VNET_HDR;
	unsigned int v;
	int err;

	if (level != SOL_PACKET)
		return -ENOPROTOOPT;
	switch (opt) {
	case PACKET_ADD_MEMBERSHIP: case PACKET_DROP_MEMBERSHIP:
		return packet_membership(val, len);
	case PACKET_RX_RING: case PACKET_TX_RING:
		mutex_lock(&ps->optlock);
		err = packet_set_ring(ps, val, len, opt == PACKET_TX_RING);
		mutex_unlock(&ps->optlock);
		return err;
	case PACKET_VERSION: case PACKET_RESERVE: case PACKET_VNET_HDR:
	case PACKET_LOSS: case PACKET_TX_HAS_OFF:
		if (opt == PACKET_VNET_HDR && sock->type != SOCK_RAW)
			return -EINVAL;
		err = packet_int_opt(val, len, exact, &v);
		if (!err && opt == PACKET_VERSION && v > TPACKET_V3)
			err = -EINVAL;
		if (!err && opt == PACKET_RESERVE && v > INT_MAX_U)
			err = -EINVAL;	/* CVE-2020-14386's overflow */
		return err ? err : packet_set_layout(ps, opt, v);
	case PACKET_AUXDATA: case PACKET_ORIGDEV: case PACKET_QDISC_BYPASS:
	case PACKET_TIMESTAMP: case PACKET_COPY_THRESH:
	case PACKET_IGNORE_OUTGOING:
		err = packet_int_opt(val, len, exact, &v);
		return err ? err : packet_set_flag(ps, opt, v);
	case PACKET_FANOUT:
		return packet_fanout_setsockopt(ps, val, len);
	case PACKET_FANOUT_DATA:
		return fanout_set_data(ps, val, len);
	default:
		return -ENOPROTOOPT;
	}
}

/* PACKET_STATISTICS into @st: the counters since the last read, reset;
 * its length (V3's struct has tp_freeze_q_cnt). */
static int packet_stats(struct packet_sock *ps, struct tpacket_stats_v3 *st)
{
	unsigned long irq = spin_lock_irqsave(&ps->lock);

	st->tp_drops = ps->tp_drops;
	st->tp_packets = ps->tp_packets + ps->tp_drops;	/* as Linux */
	st->tp_freeze_q_cnt = ps->freeze_q_cnt;
	ps->tp_packets = ps->tp_drops = ps->freeze_q_cnt = 0;
	spin_unlock_irqrestore(&ps->lock, irq);
	return ps->version == TPACKET_V3 ? 12 : 8;
}

/* PACKET_HDRLEN: the header length of the version the user wrote. */
static int packet_hdrlen(void __user *val, int len, unsigned int *v)
{
	if (len < (int)sizeof(int))
		return -EINVAL;
	if (get_user_u32(v, (const u32 __user *)val))
		return -EFAULT;
	switch (*v) {
	case TPACKET_V1: *v = TPACKET_HDRLEN; return 0;
	case TPACKET_V2: *v = TPACKET2_HDRLEN; return 0;
	case TPACKET_V3: *v = TPACKET3_HDRLEN; return 0;
	default: return -EINVAL;
	}
}

/* The int value of option @opt, or -ENOPROTOOPT. */
static int packet_int_value(struct packet_sock *ps, int opt, unsigned int *v)
{
	switch (opt) {
	case PACKET_AUXDATA: *v = ps->auxdata; return 0;
	case PACKET_ORIGDEV: *v = ps->origdev; return 0;
	case PACKET_VNET_HDR: *v = ps->vnet_hdr; return 0;
	case PACKET_VERSION: *v = (unsigned int)ps->version; return 0;
	case PACKET_RESERVE: *v = ps->reserve; return 0;
	case PACKET_LOSS: *v = (unsigned int)ps->loss; return 0;
	case PACKET_TIMESTAMP: *v = (unsigned int)ps->tstamp; return 0;
	case PACKET_FANOUT: *v = fanout_getsockopt_value(ps); return 0;
	case PACKET_IGNORE_OUTGOING: *v = ps->ignore_outgoing; return 0;
	case PACKET_TX_HAS_OFF: *v = ps->tx_has_off; return 0;
	case PACKET_QDISC_BYPASS: *v = ps->qdisc_bypass; return 0;
	default: return -ENOPROTOOPT;
	}
}

int packet_getsockopt(struct socket *sock, int level, int opt,
		      void __user *val, int __user *lenp)
{
	struct packet_sock *ps = pkt_sk(sock->sk);
	struct tpacket_rollover_stats rst;
	struct tpacket_stats_v3 st;
	const void *data = &st;
	unsigned int v;
	int len, lv = sizeof(int), err;

	if (level != SOL_PACKET)
		return -ENOPROTOOPT;
	if (get_user_u32((u32 *)&len, (u32 __user *)lenp))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (opt == PACKET_STATISTICS) {
		lv = packet_stats(ps, &st);
	} else if (opt == PACKET_ROLLOVER_STATS) {
		err = fanout_rollover_stats(ps, &rst);
		if (err)
			return err;
		data = &rst, lv = sizeof(rst);
	} else {
		err = opt == PACKET_HDRLEN ? packet_hdrlen(val, len, &v) :
					     packet_int_value(ps, opt, &v);
		if (err)
			return err;
		data = &v;
	}
	len = MIN(len, lv);
	if (put_user_u32((u32)len, (u32 __user *)lenp) ||
	    copy_to_user(val, data, (u64)len))
		return -EFAULT;
	return 0;
}
