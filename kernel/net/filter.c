/*
 * Socket filters (Linux's net/core/filter.c, the eBPF half): a program of
 * type BPF_PROG_TYPE_SOCKET_FILTER attached to a socket with
 * setsockopt(SO_ATTACH_BPF) sees each datagram the socket is about to
 * queue (Unix datagram and seqpacket, UDP, raw) and says how many of its
 * bytes to keep: 0 drops it, fewer than its length trims it. The sender
 * is not told (its send succeeds). One lock guards every socket's filter pointer; a run holds
 * its own reference to the program, so a detach or a close meanwhile
 * frees nothing under it.
 */
#include "kernel/bpf/bpf.h"
#include "kernel/locking/spinlock.h"
#include "kernel/net/af_unix.h"
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
	struct bpf_prog *prog = sk_filter_swap(sk, NULL);

	if (prog)
		bpf_prog_put(prog);
}

long sk_filter_run(struct sock *sk, const void *data, size_t len)
{
	struct bpf_skb_ctx ctx;
	struct bpf_prog *prog;
	u64 keep;

	if (!READ_ONCE(sk->sk_filter))
		return (long)len;
	spin_lock(&sk_filter_lock);
	prog = sk->sk_filter;
	if (prog)
		refcount_inc(&prog->refcnt);
	spin_unlock(&sk_filter_lock);
	if (!prog)
		return (long)len;
	memset(&ctx, 0, sizeof(ctx));
	ctx.len = (u32)len;
	ctx.data = data;
	if (sk->sk_family != AF_UNIX) {	/* it came over lo */
		ctx.protocol = sk->sk_family == AF_INET6 ? 0xdd86 : 0x0008;
		ctx.ifindex = ctx.ingress_ifindex = 1;	/* htons(ETH_P_IP*) */
	}
	keep = bpf_prog_run(prog, &ctx);
	bpf_prog_put(prog);
	return keep ? (long)MIN(keep, (u64)len) : -EPERM;
}
