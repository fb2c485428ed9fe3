/*
 * Socket filters (Linux's net/core/filter.c, the eBPF half): a program of
 * type BPF_PROG_TYPE_SOCKET_FILTER attached to a socket with
 * setsockopt(SO_ATTACH_BPF) sees each datagram the socket is about to
 * queue (Unix datagram and seqpacket, UDP, raw) and says how many of its
 * bytes to keep, as a u32: 0 drops it, fewer than its length trims it.
 * The sender is not told (its send succeeds). A UDP socket's filter sees
 * the UDP header before the payload, as on Linux, and a trim keeps at
 * least the header. One lock guards every socket's filter pointer; a run
 * holds its own reference to the program, so a detach or a close
 * meanwhile frees nothing under it.
 */
#include "kernel/bpf/bpf.h"
#include "kernel/locking/spinlock.h"
#include "kernel/net/inet.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

static DEFINE_SPINLOCK(sk_filter_lock);

/* Put @prog (may be NULL) in @sk's place; the program it replaces. */
static struct bpf_prog *sk_filter_swap(struct sock *sk, struct bpf_prog *prog)
{
	struct bpf_prog *old;

	spin_lock(&sk_filter_lock);
	old = sk->sk_filter;
	sk->sk_filter = prog;
	spin_unlock(&sk_filter_lock);
	return old;
}

int sk_attach_bpf(struct sock *sk, int fd)
{
	struct bpf_prog *prog = bpf_prog_get_type(fd, BPF_PROG_TYPE_SOCKET_FILTER);

	if (IS_ERR(prog))
		return (int)PTR_ERR(prog);
	prog = sk_filter_swap(sk, prog);
	if (prog)
		bpf_prog_put(prog);
	return 0;
}

int sk_detach_filter(struct sock *sk)
{
	struct bpf_prog *prog = sk_filter_swap(sk, NULL);

	if (!prog)
		return -ENOENT;
	bpf_prog_put(prog);
	return 0;
}

void sk_filter_release(struct sock *sk)
{
	struct bpf_prog *prog;

	if (!READ_ONCE(sk->sk_filter))	/* the last close: no one attaches */
		return;			/* meanwhile, and most have none */
	prog = sk_filter_swap(sk, NULL);
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
	struct bpf_prog *prog = sk_filter_get(sk);
	bool udp = sk->sk_family != AF_UNIX && sk->sk_type == SOCK_DGRAM;
	struct bpf_skb_ctx ctx;
	u8 uh[8];
	u32 keep;

	if (!prog)
		return 0;
	memset(&ctx, 0, sizeof(ctx));
	if (udp) {
		udp_view(sk, skb, uh);
		ctx.hdr = uh;
		ctx.hlen = 8;
	}
	ctx.len = ctx.hlen + (u32)skb->len;
	ctx.data = (const u8 *)skb->data;
	if (sk->sk_family != AF_UNIX) {	/* it came over lo */
		ctx.protocol = sk->sk_family == AF_INET6 ? 0xdd86 : 0x0008;
		ctx.ifindex = ctx.ingress_ifindex = 1;	/* htons(ETH_P_IP*) */
	}
	keep = (u32)bpf_prog_run(prog, &ctx);
	bpf_prog_put(prog);
	if (!keep)
		return -EPERM;
	if (keep < ctx.len)		/* never below the UDP header */
		skb->len = MAX(keep, ctx.hlen) - ctx.hlen;
	return 0;
}
