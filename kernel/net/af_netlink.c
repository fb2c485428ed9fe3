/*
 * Netlink sockets (Linux's net/netlink/af_netlink.c), as far as Taskbase
 * has a use for them: a socket the kernel sends datagrams to. The one
 * sender is POSIX message queues' SIGEV_THREAD notification
 * (kernel/ipc/mq_syscalls.c): the C library's mq_notify() opens a
 * netlink socket, has a thread of its own wait in recv() on it, and the
 * kernel delivers the 32-byte cookie it was given there when a message
 * arrives (or when the registration goes), whereupon that thread starts
 * the caller's function.
 *
 * No kernel protocol listens (no NETLINK_ROUTE, no uevents): a send is
 * ECONNREFUSED, so the C library's routing queries fall back at once
 * instead of waiting for an answer. bind() records a port id (0: the
 * caller's tgid), getsockname() shows it.
 */
#include "kernel/net/net.h"
#include "kernel/net/net_namespace.h"
#include "kernel/locking/spinlock.h"
#include "kernel/mm/slab.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define NETLINK_MAX_LINKS 32		/* protocols 0..31, as Linux's MAX_LINKS */

struct sockaddr_nl {
	u16 nl_family;
	u16 nl_pad;
	u32 nl_pid;
	u32 nl_groups;
};

/* A datagram from the kernel. */
struct nl_skb {
	struct list_head list;
	size_t len;
	char data[];
};

struct netlink_sock {
	struct sock sk;			/* first: nlk_sk() */
	spinlock_t lock;		/* the queue and portid */
	struct mutex iolock;		/* one reader at a time: a peeked
					 * datagram stays until it is copied */
	struct list_head queue;
	u64 qbytes;			/* against sk_rcvbuf */
	u32 portid;
};

static struct netlink_sock *nlk_sk(struct sock *sk)
{
	return container_of(sk, struct netlink_sock, sk);
}

static void netlink_sock_destruct(struct sock *sk)
{
	struct netlink_sock *nlk = nlk_sk(sk);
	struct nl_skb *skb, *n;

	list_for_each_entry_safe(skb, n, &nlk->queue, list)
		kfree(skb);
	kfree(nlk);
}

static int netlink_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	spin_lock(&nlk_sk(sk)->lock);
	sk->sk_socket = NULL;
	sk->sk_dead = true;
	spin_unlock(&nlk_sk(sk)->lock);
	sock->sk = NULL;
	sock_put(sk);			/* a registered queue may hold more */
	return 0;
}

static int netlink_bind(struct socket *sock, struct sockaddr *addr, int len)
{
	struct netlink_sock *nlk = nlk_sk(sock->sk);
	struct sockaddr_nl *nl = (struct sockaddr_nl *)addr;

	if (len < (int)sizeof(*nl) || nl->nl_family != AF_NETLINK)
		return -EINVAL;
	spin_lock(&nlk->lock);
	nlk->portid = nl->nl_pid ? nl->nl_pid : (u32)current->tgid;
	spin_unlock(&nlk->lock);
	return 0;
}

static int netlink_getname(struct socket *sock, struct sockaddr *addr, bool peer)
{
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };

	if (!peer)
		nl.nl_pid = READ_ONCE(nlk_sk(sock->sk)->portid);
	memcpy(addr, &nl, sizeof(nl));
	return sizeof(nl);
}

static __poll_t netlink_poll(struct file *file, struct socket *sock,
			     struct poll_table *pt)
{
	struct netlink_sock *nlk = nlk_sk(sock->sk);
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;

	poll_wait(file, &nlk->sk.sk_wait, pt);
	spin_lock(&nlk->lock);
	if (!list_empty(&nlk->queue))
		mask |= EPOLLIN | EPOLLRDNORM;
	spin_unlock(&nlk->lock);
	return mask;
}

/* Nothing in the kernel answers a netlink request here. */
static long netlink_sendmsg(struct socket *sock, struct msghdr *m, size_t len)
{
	return -ECONNREFUSED;
}

/* The next datagram (taken unless MSG_PEEK), waiting for one. */
static struct nl_skb *netlink_next(struct netlink_sock *nlk, int flags)
{
	u64 timeo = flags & MSG_DONTWAIT ? 0 : READ_ONCE(nlk->sk.sk_rcvtimeo);
	struct nl_skb *skb = NULL;
	long err = 0;

	for (;;) {
		spin_lock(&nlk->lock);
		if (!list_empty(&nlk->queue)) {
			skb = list_first_entry(&nlk->queue, struct nl_skb, list);
			if (!(flags & MSG_PEEK)) {
				list_del(&skb->list);
				nlk->qbytes -= skb->len;
			}
		}
		spin_unlock(&nlk->lock);
		if (skb || err)
			return skb ? skb : ERR_PTR(err);
		err = sk_wait_event(nlk->sk.sk_wait, !list_empty(&nlk->queue), &timeo);
	}
}

static long netlink_recvmsg(struct socket *sock, struct msghdr *m, size_t len,
			    int flags)
{
	struct netlink_sock *nlk = nlk_sk(sock->sk);
	struct sockaddr_nl from = { .nl_family = AF_NETLINK };	/* the kernel */
	struct nl_skb *skb;
	long ret;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (mutex_lock_interruptible(&nlk->iolock))
		return -ERESTARTSYS;
	skb = netlink_next(nlk, flags);
	if (IS_ERR(skb)) {
		mutex_unlock(&nlk->iolock);
		return PTR_ERR(skb);
	}
	ret = datagram_copy_msg(m, skb->data, skb->len, len, flags);
	mutex_unlock(&nlk->iolock);
	if (m->msg_name) {
		memcpy(m->msg_name, &from, sizeof(from));
		m->msg_namelen = sizeof(from);
	}
	if (!(flags & MSG_PEEK))
		kfree(skb);
	return ret;
}

static const struct proto_ops netlink_ops = {
	.family = AF_NETLINK,
	.release = netlink_release,
	.bind = netlink_bind,
	.getname = netlink_getname,
	.poll = netlink_poll,
	.sendmsg = netlink_sendmsg,
	.recvmsg = netlink_recvmsg,
};

static int netlink_create(struct socket *sock, int protocol)
{
	struct netlink_sock *nlk;

	if (sock->type != SOCK_RAW && sock->type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol < 0 || protocol >= NETLINK_MAX_LINKS)
		return -EPROTONOSUPPORT;
	nlk = kzalloc(sizeof(*nlk), GFP_KERNEL);
	if (!nlk)
		return -ENOMEM;
	sock_init_data(&nlk->sk, current_net(), AF_NETLINK, sock->type);
	nlk->sk.sk_destruct = netlink_sock_destruct;
	nlk->sk.sk_protocol = (u16)protocol;
	nlk->sk.sk_socket = sock;
	spin_lock_init(&nlk->lock, "netlink");
	mutex_init(&nlk->iolock);
	INIT_LIST_HEAD(&nlk->queue);
	sock->ops = &netlink_ops;
	sock->sk = &nlk->sk;
	return 0;
}

const struct net_proto_family netlink_family_ops = {
	.family = AF_NETLINK,
	.create = netlink_create,
};

struct sock *netlink_getsockbyfd(int fd)
{
	struct file *f;
	struct socket *sock = sockfd_lookup(fd, &f);
	struct sock *sk;

	if (IS_ERR(sock))
		return (struct sock *)sock;
	sk = sock->sk;
	if (!sk || sk->sk_family != AF_NETLINK)
		sk = ERR_PTR(-ECONNREFUSED);
	else
		sock_hold(sk);
	fput(f);
	return sk;
}

int netlink_sendskb(struct sock *sk, const void *data, size_t len)
{
	struct netlink_sock *nlk = nlk_sk(sk);
	struct nl_skb *skb = kmalloc(sizeof(*skb) + len, GFP_KERNEL);
	int err = 0;

	if (!skb)
		return -ENOMEM;
	skb->len = len;
	memcpy(skb->data, data, len);
	spin_lock(&nlk->lock);
	if (sk->sk_dead)
		err = -ECONNREFUSED;
	else if (nlk->qbytes + len > (u64)READ_ONCE(sk->sk_rcvbuf))
		err = -EAGAIN;
	if (!err) {
		list_add_tail(&skb->list, &nlk->queue);
		nlk->qbytes += len;
	}
	spin_unlock(&nlk->lock);
	if (err)
		kfree(skb);
	else
		sk_data_ready(sk);
	return err;
}
