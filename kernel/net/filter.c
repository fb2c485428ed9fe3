/*
 * Socket filters (Linux's net/core/filter.c): a program attached to a
 * socket sees each packet the socket is about to queue (Unix datagram and
 * seqpacket, UDP, raw, packet sockets) and says how many of its bytes to
 * keep, as a u32: 0 drops it, fewer than its length trims it. The sender
 * is not told (its send succeeds). The program is eBPF's, of type
 * BPF_PROG_TYPE_SOCKET_FILTER (SO_ATTACH_BPF), or classic BPF's
 * (SO_ATTACH_FILTER: lib/bpf_filter.c runs it). A UDP socket's filter sees
 * the UDP header before the payload, as on Linux, and a trim keeps at
 * least the header; a raw IPv4 socket's sees the packet from its IP
 * header; a packet socket's the frame from its link header (SOCK_RAW) or
 * its network header (SOCK_DGRAM). SO_LOCK_FILTER makes the
 * filter stay as it is. One lock guards every socket's filter pointer; a
 * run holds its own reference to the program, so a detach or a close
 * meanwhile frees nothing under it.
 */
#include "asm/percpu.h"
#include "kernel/bpf/bpf.h"
#include "kernel/locking/spinlock.h"
#include "kernel/mm/slab.h"
#include "kernel/net/inet.h"
#include "kernel/net/packet.h"
#include "kernel/random.h"
#include "lib/bpf_filter.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define ARPHRD_LOOPBACK 772		/* lo's dev->type */

static DEFINE_SPINLOCK(sk_filter_lock);

/* Put @prog (may be NULL) in @sk's place, the program it replaces in
 * *@old; -EPERM when @sk's filter is locked and @force is not set. */
static int sk_filter_swap(struct sock *sk, struct bpf_prog *prog,
			  struct bpf_prog **old, bool force)
{
	int err = 0;

	spin_lock(&sk_filter_lock);
	if (sk->sk_filter_locked && !force) {
		err = -EPERM;
	} else {
		*old = sk->sk_filter;
		sk->sk_filter = prog;
	}
	spin_unlock(&sk_filter_lock);
	return err;
}

/* Attach @prog (our reference is consumed) in place of @sk's filter. */
static int sk_attach_prog(struct sock *sk, struct bpf_prog *prog)
{
	struct bpf_prog *old;
	int err = sk_filter_swap(sk, prog, &old, false);

	if (err)
		bpf_prog_put(prog);
	else if (old)
		bpf_prog_put(old);
	return err;
}

static bool sk_filter_locked(struct sock *sk)
{
	return READ_ONCE(sk->sk_filter_locked);
}

int sk_attach_bpf(struct sock *sk, int fd)
{
	struct bpf_prog *prog;

	if (sk_filter_locked(sk))
		return -EPERM;
	prog = bpf_prog_get_type(fd, BPF_PROG_TYPE_SOCKET_FILTER);
	if (IS_ERR(prog))
		return (int)PTR_ERR(prog);
	return sk_attach_prog(sk, prog);
}

struct bpf_prog *bpf_prog_create_from_user(const struct sock_fprog *fprog)
{
	struct bpf_prog *prog;
	u32 size = fprog->len * (u32)sizeof(struct sock_filter);
	u16 *masks;
	int err;

	if (!fprog->filter || !fprog->len || fprog->len > BPF_MAXINSNS)
		return ERR_PTR(-EINVAL);
	prog = bpf_prog_alloc(0);
	masks = kmalloc(fprog->len * sizeof(*masks), GFP_KERNEL);
	if (prog)
		prog->orig_prog = kmalloc(size, GFP_KERNEL);
	if (!prog || !prog->orig_prog || !masks)
		err = -ENOMEM;
	else if (copy_from_user(prog->orig_prog,
				(const void __user *)fprog->filter, size))
		err = -EFAULT;
	else
		err = bpf_check_classic(prog->orig_prog, fprog->len, masks);
	kfree(masks);
	if (err) {
		if (prog)
			bpf_prog_put(prog);
		return ERR_PTR(err);
	}
	prog->orig_len = fprog->len;
	return prog;
}

int copy_bpf_fprog_from_user(struct sock_fprog *fprog, const void __user *val,
			     int len)
{
	if (len != (int)sizeof(*fprog))
		return -EINVAL;
	return copy_from_user(fprog, val, sizeof(*fprog)) ? -EFAULT : 0;
}

int sk_attach_filter(struct sock *sk, const void __user *val, int len)
{
	struct sock_fprog fprog;
	struct bpf_prog *prog;
	int err = copy_bpf_fprog_from_user(&fprog, val, len);

	if (err)
		return err;
	if (sk_filter_locked(sk))
		return -EPERM;
	prog = bpf_prog_create_from_user(&fprog);
	if (IS_ERR(prog))
		return (int)PTR_ERR(prog);
	return sk_attach_prog(sk, prog);
}

int sk_detach_filter(struct sock *sk)
{
	struct bpf_prog *prog;
	int err = sk_filter_swap(sk, NULL, &prog, false);

	if (err)
		return err;
	if (!prog)
		return -ENOENT;
	bpf_prog_put(prog);
	return 0;
}

int sk_lock_filter(struct sock *sk, bool lock)
{
	int err = 0;

	spin_lock(&sk_filter_lock);
	if (sk->sk_filter_locked && !lock)
		err = -EPERM;
	else
		sk->sk_filter_locked = lock;
	spin_unlock(&sk_filter_lock);
	return err;
}

void sk_filter_release(struct sock *sk)
{
	struct bpf_prog *prog;

	if (!READ_ONCE(sk->sk_filter))	/* the last close: no one attaches */
		return;			/* meanwhile, and most have none */
	sk_filter_swap(sk, NULL, &prog, true);
	if (prog)
		bpf_prog_put(prog);
}

/* @sk's filter, referenced, or NULL. */
static struct bpf_prog *sk_filter_get(struct sock *sk)
{
	struct bpf_prog *prog;

	if (!READ_ONCE(sk->sk_filter))
		return NULL;
	spin_lock(&sk_filter_lock);
	prog = sk->sk_filter;
	if (prog)
		refcount_inc(&prog->refcnt);
	spin_unlock(&sk_filter_lock);
	return prog;
}

int sk_get_filter(struct sock *sk, void __user *ubuf, u32 len)
{
	struct bpf_prog *prog = sk_filter_get(sk);
	int ret;

	if (!prog)
		return 0;
	if (!prog->orig_prog)		/* eBPF's: nothing classic to give */
		ret = -EACCES;
	else if (!len)			/* only asking how many */
		ret = (int)prog->orig_len;
	else if (len < prog->orig_len)
		ret = -EINVAL;
	else if (copy_to_user(ubuf, prog->orig_prog,
			      prog->orig_len * sizeof(struct sock_filter)))
		ret = -EFAULT;
	else
		ret = (int)prog->orig_len;
	bpf_prog_put(prog);
	return ret;
}

/* Linux's skb_get_poff(), for SKF_AD_PAY_OFFSET: where the payload
 * starts after the transport header, from the network header of @ctx
 * (IPv4 or IPv6; 0 for other protocols). */
static u32 skb_pay_offset(const struct bpf_skb_ctx *ctx)
{
	const u8 *ip = ctx->net;
	u32 n = ctx->net_len, thoff, l4;

	if (!ip)			/* a UDP socket's: from its header */
		return ctx->hlen;
	if (ntohs((u16)ctx->protocol) == 0x0800 && n >= 20 && (ip[0] & 15) >= 5) {
		thoff = (ip[0] & 15) * 4u;
		l4 = ip[9];
		if ((ip[6] & 0x1f) || ip[7])	/* a later fragment */
			l4 = 0;
	} else if (ntohs((u16)ctx->protocol) == 0x86dd && n >= 40) {
		thoff = 40;
		l4 = ip[6];
	} else {
		return 0;
	}
	if (l4 == IPPROTO_TCP && n >= thoff + 13)
		thoff += MAX(20u, (ip[thoff + 12] & 0xf0u) >> 2);
	else if (l4 == IPPROTO_UDP || l4 == 136 || l4 == IPPROTO_ICMP ||
		 l4 == IPPROTO_ICMPV6 || l4 == 2)	/* UDP-Lite, IGMP */
		thoff += 8;
	else if (l4 == 33 || l4 == 132)		/* DCCP, SCTP */
		thoff += 12;
	return (u32)(ip - ctx->data) + ctx->hlen + thoff;
}

/* The SKF_AD_* values of the packet of @arg, a struct bpf_skb_ctx, as
 * Linux's convert_bpf_extensions() reads them from the sk_buff. */
static bool skb_ancillary(void *arg, u32 which, u32 *val)
{
	const struct bpf_skb_ctx *ctx = arg;

	switch (which) {
	case SKF_AD_PROTOCOL: *val = ntohs((u16)ctx->protocol); break;
	case SKF_AD_PKTTYPE: *val = ctx->pkt_type; break;
	case SKF_AD_IFINDEX:
	case SKF_AD_HATYPE:
		if (!ctx->ifindex)	/* no device: the program ends, A kept */
			return false;
		*val = which == SKF_AD_IFINDEX ? ctx->ifindex : ARPHRD_LOOPBACK;
		break;
	case SKF_AD_MARK: *val = ctx->mark; break;
	case SKF_AD_QUEUE: *val = ctx->queue_mapping; break;
	case SKF_AD_RXHASH: *val = ctx->hash; break;
	case SKF_AD_CPU: *val = smp_processor_id(); break;
	case SKF_AD_VLAN_TAG: *val = ctx->vlan_tci; break;
	case SKF_AD_VLAN_TAG_PRESENT: *val = ctx->vlan_present; break;
	case SKF_AD_VLAN_TPID: *val = ntohs((u16)ctx->vlan_proto); break;
	case SKF_AD_PAY_OFFSET: *val = skb_pay_offset(ctx); break;
	default: *val = (u32)get_random_u64(); break;	/* SKF_AD_RANDOM */
	}
	return true;
}

/* A classic program on the packet of @ctx. */
static u32 bpf_run_classic_skb(const struct bpf_prog *prog,
			       struct bpf_skb_ctx *ctx)
{
	struct bpf_classic_input in = {
		.hdr = ctx->hdr, .hlen = ctx->hlen, .data = ctx->data,
		.len = ctx->len, .mac = ctx->mac, .mac_len = ctx->mac_len,
		.net = ctx->net, .net_len = ctx->net_len,
		.ancillary = skb_ancillary, .arg = ctx,
	};

	return bpf_run_classic_input(prog->orig_prog, prog->orig_len, &in);
}

u32 bpf_prog_run_skb(const struct bpf_prog *prog, struct bpf_skb_ctx *ctx)
{
	return prog->orig_prog ? bpf_run_classic_skb(prog, ctx) :
				 (u32)bpf_prog_run(prog, ctx);
}

u32 sk_run_filter(struct sock *sk, struct bpf_skb_ctx *ctx)
{
	struct bpf_prog *prog = sk_filter_get(sk);
	u32 keep;

	if (!prog)
		return ctx->len;
	keep = bpf_prog_run_skb(prog, ctx);
	bpf_prog_put(prog);
	return keep;
}

/* The context of an Ethernet frame on lo (14 bytes of link header, then
 * the network header) as a program sees it from byte @off (0: the link
 * header, ETH_HLEN: the network header). */
static void frame_ctx(struct bpf_skb_ctx *ctx, const u8 *frame, size_t len,
		      size_t off, u8 pkttype, u16 proto)
{
	BUG_ON(len < ETH_HLEN || off > ETH_HLEN);
	memset(ctx, 0, sizeof(*ctx));
	ctx->data = frame + off;
	ctx->len = (u32)(len - off);
	ctx->mac = frame;
	ctx->mac_len = (u32)len;
	ctx->net = frame + ETH_HLEN;
	ctx->net_len = (u32)(len - ETH_HLEN);
	ctx->pkt_type = pkttype;
	ctx->protocol = proto;
	ctx->ifindex = ctx->ingress_ifindex = LO_IFINDEX;
}

u32 bpf_prog_run_frame(const struct bpf_prog *prog, const u8 *frame,
		       size_t len, size_t off, u8 pkttype, u16 proto)
{
	struct bpf_skb_ctx ctx;

	frame_ctx(&ctx, frame, len, off, pkttype, proto);
	return bpf_prog_run_skb(prog, &ctx);
}

u32 sk_run_filter_frame(struct sock *sk, const u8 *frame, size_t len,
			size_t off, u8 pkttype, u16 proto)
{
	struct bpf_skb_ctx ctx;

	if (!READ_ONCE(sk->sk_filter))
		return UINT32_MAX;
	frame_ctx(&ctx, frame, len, off, pkttype, proto);
	return sk_run_filter(sk, &ctx);
}

/* The UDP header of @skb as the receiver @sk would see it on the wire:
 * the sender's port, @sk's, the length. The checksum reads 0 (lo's
 * offload leaves Linux only a partial sum there). */
static void udp_view(struct sock *sk, const struct sk_buff *skb, u8 uh[8])
{
	u16 ulen = htons((u16)(8 + skb->len));

	memset(uh, 0, 8);
	if (skb->addr)			/* sockaddr_in(6): the port at 2 */
		memcpy(uh, (const u8 *)&skb->addr->name + 2, 2);
	spin_lock(&unix_lock);
	if (unix_sk(sk)->addr)
		memcpy(uh + 2, &inet_local(inet_sk(sk))->sin6_port, 2);
	spin_unlock(&unix_lock);
	memcpy(uh + 4, &ulen, 2);
}

int sk_filter(struct sock *sk, struct sk_buff *skb)
{
	bool inet = sk->sk_family != AF_UNIX;
	bool raw = inet && inet_sk(sk)->raw;	/* a SOCK_DGRAM sock too */
	struct bpf_skb_ctx ctx;
	u8 uh[8];
	u32 keep;

	if (!READ_ONCE(sk->sk_filter))
		return 0;
	memset(&ctx, 0, sizeof(ctx));
	if (inet && !raw) {		/* UDP: its header first */
		udp_view(sk, skb, uh);
		ctx.hdr = uh;
		ctx.hlen = 8;
	}
	ctx.len = ctx.hlen + (u32)skb->len;
	ctx.data = (const u8 *)skb->data;
	if (inet) {			/* it came over lo */
		/* htons(ETH_P_IPV6), htons(ETH_P_IP) */
		ctx.protocol = sk->sk_family == AF_INET6 ? 0xdd86 : 0x0008;
		ctx.ifindex = ctx.ingress_ifindex = LO_IFINDEX;
	}
	if (raw && sk->sk_family == AF_INET) {	/* from the IP header */
		ctx.net = ctx.data;
		ctx.net_len = ctx.len;
	}
	keep = sk_run_filter(sk, &ctx);
	if (!keep)
		return -EPERM;
	if (keep < ctx.len)		/* never below the UDP header */
		skb->len = MAX(keep, ctx.hlen) - ctx.hlen;
	return 0;
}
