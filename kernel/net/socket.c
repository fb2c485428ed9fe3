/*
 * Sockets as files (Linux's net/socket.c): socket(2) makes a struct
 * socket, has its family fill it in, and wraps it in a file on a fresh
 * S_IFSOCK inode of "sockfs", a pseudo file system never mounted. From
 * then on the socket is an ordinary descriptor: dup, fork, close,
 * fstat (S_IFSOCK), poll and select through ->poll, read and write
 * (a recv and a send with no flags), lseek (ESPIPE). The system calls
 * that only sockets have find the socket behind the descriptor
 * (sockfd_lookup(): ENOTSOCK for any other file) and call its family's
 * proto_ops. This file has the calls that make and name connections;
 * socket_msg.c has send and receive.
 */
#include "kernel/cred.h"
#include "kernel/fs/poll.h"
#include "kernel/fs/proc/proc_fs.h"
#include "kernel/printk/printk.h"
#include "kernel/mm/slab.h"
#include "kernel/net/net.h"
#include "kernel/net/net_namespace.h"
#include "kernel/net/syscalls.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

static struct super_block *sock_sb;

static const struct file_operations socket_file_ops;

void sock_init(void)
{
	if (!get_pseudo_sb(&sock_sb, "sockfs", NULL))
		pr_warn("net: cannot make sockfs\n");
	if (proc_net_create("unix", unix_proc_show))
		pr_warn("net: cannot make /proc/net/unix\n");
	inet_proc_init();
	packet_proc_init();
	dev_net_init(&init_net);
}

struct socket *sock_from_file(struct file *f)
{
	return f->f_op == &socket_file_ops ? f->private_data : NULL;
}

struct socket *sockfd_lookup(int fd, struct file **fp)
{
	struct file *f = fd < 0 ? NULL : fget((unsigned int)fd);
	struct socket *sock;

	if (!f)
		return ERR_PTR(-EBADF);
	if (f->f_flags & O_PATH) {	/* a name, no socket to act on */
		fput(f);
		return ERR_PTR(-EBADF);
	}
	sock = sock_from_file(f);
	if (!sock) {
		fput(f);
		return ERR_PTR(-ENOTSOCK);
	}
	*fp = f;
	return sock;
}

struct ucred current_ucred(void)
{
	const struct cred *c = current->cred;

	return (struct ucred){ (u32)current->tgid, c->euid.val, c->egid.val };
}

void sock_init_data(struct sock *sk, struct net *net, int family, int type)
{
	sk->sk_net = to_net(get_ns(&net->ns));
	sk->sk_family = (u16)family;
	sk->sk_type = (u16)type;
	sk->sk_sndbuf = SK_MEM_DEFAULT;
	sk->sk_rcvbuf = SK_MEM_DEFAULT;
	sk->sk_sndtimeo = sk->sk_rcvtimeo = MAX_SCHEDULE_TIMEOUT;
	sk->sk_peercred = (struct ucred){ 0, (u32)-1, (u32)-1 };
	refcount_set(&sk->sk_refcnt, 1);
	init_waitqueue_head(&sk->sk_wait);
}

void sock_hold(struct sock *sk)
{
	refcount_inc(&sk->sk_refcnt);
}

void sock_put(struct sock *sk)
{
	struct net *net = sk->sk_net;

	if (refcount_dec_and_test(&sk->sk_refcnt)) {
		sk->sk_destruct(sk);	/* frees it */
		put_ns(&net->ns);
	}
}

void sk_data_ready(struct sock *sk)
{
	wake_up(&sk->sk_wait);
	kill_fasync(&sk->sk_fasync, SIGIO, POLL_IN);
}

void sk_write_space(struct sock *sk)
{
	wake_up(&sk->sk_wait);
	if (__atomic_load_n(&sk->sk_wmem_alloc, __ATOMIC_RELAXED) * 2 <=
	    READ_ONCE(sk->sk_sndbuf))
		kill_fasync(&sk->sk_fasync, SIGIO, POLL_OUT);
}

int sock_error(struct sock *sk)
{
	return -__atomic_exchange_n(&sk->sk_err, 0, __ATOMIC_RELAXED);
}

/* ---- the file ---- */

static long sock_read_iter(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct socket *sock = f->private_data;
	struct msghdr m = { .msg_iter = *to };
	long ret;

	if (!to->count)
		return 0;
	ret = sock->ops->recvmsg(sock, &m, to->count,
				 f->f_flags & O_NONBLOCK ? MSG_DONTWAIT : 0);
	*to = m.msg_iter;
	return ret;
}

static long sock_write_iter(struct file *f, struct iov_iter *from,
			    loff_t *pos)
{
	struct socket *sock = f->private_data;
	struct msghdr m = { .msg_iter = *from };
	long ret;

	m.msg_flags = f->f_flags & O_NONBLOCK ? MSG_DONTWAIT : 0;
	ret = sock->ops->sendmsg(sock, &m, from->count);
	*from = m.msg_iter;
	return ret;
}

static __poll_t sock_poll(struct file *f, struct poll_table *pt)
{
	struct socket *sock = f->private_data;

	return sock->ops->poll(f, sock, pt);
}

static long sock_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct socket *sock = f->private_data;
	/* interfaces: any socket, about the namespace it was made in */
	long err = dev_ioctl(sock_net(sock->sk), cmd, (void __user *)arg);

	if (err != -ENOIOCTLCMD)
		return err;
	return sock->ops->ioctl ? sock->ops->ioctl(sock, cmd, arg) : -ENOTTY;
}

/* O_ASYNC on or off: the list is the sock's, where the data arrives. */
static int sock_fasync(int fd, struct file *f, int on)
{
	struct socket *sock = f->private_data;

	return sock->sk ? fasync_helper(fd, f, on, &sock->sk->sk_fasync) : 0;
}

/* The last close: the family lets go of its state, then the socket. */
static int sock_close(struct inode *inode, struct file *f)
{
	struct socket *sock = f->private_data;

	if (sock->sk)
		sk_filter_release(sock->sk);
	if (sock->ops)
		sock->ops->release(sock);
	kfree(sock);
	return 0;
}

/* mmap(2): only a family with memory to map (packet rings) has it. */
static int sock_mmap(struct file *f, u64 off, u64 len, struct mmap_object *obj)
{
	struct socket *sock = f->private_data;

	return sock->ops->mmap ? sock->ops->mmap(sock, len, off, obj) : -ENODEV;
}

static const struct file_operations socket_file_ops = {
	.mmap = sock_mmap,
	.read = sock_read_iter,
	.write = sock_write_iter,
	.poll = sock_poll,
	.ioctl = sock_ioctl,
	.fasync = sock_fasync,
	.release = sock_close,
};

/* A socket of @type in a file of its own (O_NONBLOCK from @flags), not
 * yet given to a family (ops NULL); ERR_PTR(-ENFILE, -ENOMEM). */
static struct socket *sock_alloc_file(int type, int flags)
{
	struct super_block *sb = get_pseudo_sb(&sock_sb, "sockfs", NULL);
	struct inode *inode = sb ? new_inode(sb, S_IFSOCK | 0777) : NULL;
	struct socket *sock = kzalloc(sizeof(*sock), GFP_KERNEL);

	if (!inode || !sock) {
		kfree(sock);
		if (inode)
			iput(inode);
		return ERR_PTR(-ENFILE);	/* Linux: "no more sockets" */
	}
	sock->type = (short)type;
	sock->state = SS_UNCONNECTED;
	sock->file = alloc_file(inode, O_RDWR | (flags & O_NONBLOCK),
				&socket_file_ops);
	if (!sock->file) {
		iput(inode);
		kfree(sock);
		return ERR_PTR(-ENOMEM);
	}
	sock->file->private_data = sock;
	return sock;
}

/* Put @sock's file at a new descriptor (O_CLOEXEC from @flags); the
 * descriptor, or -EMFILE with the socket closed. */
static int sock_map_fd(struct socket *sock, int flags)
{
	int fd = get_unused_fd_flags(flags & O_CLOEXEC);

	if (fd < 0) {
		fput(sock->file);
		return fd;
	}
	fd_install((unsigned int)fd, sock->file);
	return fd;
}

static const struct net_proto_family *net_family(int family)
{
	switch (family) {
	case AF_UNIX:
		return &unix_family_ops;
	case AF_INET:
		return &inet_family_ops;
	case AF_INET6:
		return &inet6_family_ops;
	case AF_NETLINK:
		return &netlink_family_ops;
	case AF_PACKET:
		return &packet_family_ops;
	default:
		return NULL;
	}
}

/* A new socket of @family, @type (flags included) and @protocol;
 * ERR_PTR(-EINVAL, -EAFNOSUPPORT, -ESOCKTNOSUPPORT, ...). */
static struct socket *sock_create(int family, int type, int protocol)
{
	const struct net_proto_family *pf;
	struct socket *sock;
	int err;

	if (type & ~(SOCK_TYPE_MASK | SOCK_NONBLOCK | SOCK_CLOEXEC))
		return ERR_PTR(-EINVAL);
	if (family < 0 || family >= AF_MAX)
		return ERR_PTR(-EAFNOSUPPORT);
	if ((type & SOCK_TYPE_MASK) >= SOCK_MAX)
		return ERR_PTR(-EINVAL);
	pf = net_family(family);
	if (!pf)
		return ERR_PTR(-EAFNOSUPPORT);
	sock = sock_alloc_file(type & SOCK_TYPE_MASK, type);
	if (IS_ERR(sock))
		return sock;
	err = pf->create(sock, protocol);
	if (err) {
		fput(sock->file);
		return ERR_PTR(err);
	}
	return sock;
}

/* socket(2): a descriptor for a new, unnamed, unconnected socket. */
long sys_socket(int family, int type, int protocol)
{
	struct socket *sock = sock_create(family, type, protocol);

	return IS_ERR(sock) ? PTR_ERR(sock) : sock_map_fd(sock, type);
}

/* socketpair(2): two sockets connected to each other in @usv[0..1]. */
long sys_socketpair(int family, int type, int protocol, int __user *usv)
{
	struct socket *a, *b;
	int fds[2], err;

	a = sock_create(family, type, protocol);
	if (IS_ERR(a))
		return PTR_ERR(a);
	b = sock_create(family, type, protocol);
	if (IS_ERR(b)) {
		fput(a->file);
		return PTR_ERR(b);
	}
	err = a->ops->socketpair ? a->ops->socketpair(a, b) : -EOPNOTSUPP;
	if (err) {
		fput(a->file);
		fput(b->file);
		return err;
	}
	fds[0] = get_unused_fd_flags(type & O_CLOEXEC);
	fds[1] = fds[0] < 0 ? fds[0] : get_unused_fd_flags(type & O_CLOEXEC);
	err = fds[1] < 0 ? fds[1] :
	      copy_to_user(usv, fds, sizeof(fds)) ? -EFAULT : 0;
	if (err) {
		if (fds[0] >= 0)
			put_unused_fd((unsigned int)fds[0]);
		if (fds[1] >= 0)
			put_unused_fd((unsigned int)fds[1]);
		fput(a->file);
		fput(b->file);
		return err;
	}
	fd_install((unsigned int)fds[0], a->file);
	fd_install((unsigned int)fds[1], b->file);
	return 0;
}

long move_addr_to_kernel(const void __user *uaddr, int len, void *kaddr)
{
	if (len < 0 || len > SOCKADDR_MAX)
		return -EINVAL;
	if (len && copy_from_user(kaddr, uaddr, (u64)len))
		return -EFAULT;
	return 0;
}

long move_addr_to_user(const void *kaddr, int klen, void __user *uaddr,
		       int __user *ulen)
{
	u32 len;

	if (get_user_u32(&len, (const u32 __user *)ulen))
		return -EFAULT;
	if ((int)len < 0)
		return -EINVAL;
	if (len > (u32)klen)
		len = (u32)klen;
	if (len && copy_to_user(uaddr, kaddr, len))
		return -EFAULT;
	return put_user_u32((u32)klen, (u32 __user *)ulen) ? -EFAULT : 0;
}

/* bind(2), connect(2): the address copied in, then the family's call. */
static long sock_addr_call(int fd, const void __user *uaddr, int len,
			   bool connect)
{
	char addr[SOCKADDR_MAX];
	struct file *f;
	struct socket *sock = sockfd_lookup(fd, &f);
	long err;

	if (IS_ERR(sock))
		return PTR_ERR(sock);
	err = move_addr_to_kernel(uaddr, len, addr);
	if (!err && connect)
		err = !sock->ops->connect ? -EOPNOTSUPP :
		      sock->ops->connect(sock, (struct sockaddr *)addr, len,
					 (int)f->f_flags);
	else if (!err)
		err = sock->ops->bind(sock, (struct sockaddr *)addr, len);
	fput(f);
	return err;
}

/* bind(2): give the socket at @fd the name @uaddr. */
long sys_bind(int fd, const void __user *uaddr, int len)
{
	return sock_addr_call(fd, uaddr, len, false);
}

/* connect(2): connect the socket at @fd to the one named @uaddr. */
long sys_connect(int fd, const void __user *uaddr, int len)
{
	return sock_addr_call(fd, uaddr, len, true);
}

/* listen(2): let the bound socket at @fd take connections, at most
 * @backlog (capped at SOMAXCONN) waiting for accept. */
long sys_listen(int fd, int backlog)
{
	struct file *f;
	struct socket *sock = sockfd_lookup(fd, &f);
	long err;

	if (IS_ERR(sock))
		return PTR_ERR(sock);
	if ((unsigned int)backlog > SOMAXCONN)
		backlog = SOMAXCONN;
	err = sock->ops->listen ? sock->ops->listen(sock, backlog) : -EOPNOTSUPP;
	fput(f);
	return err;
}

/* The new connection @newsk in @newsock (made before the accept, so
 * that nothing can fail between taking the connection and giving it a
 * socket), its peer's name to @uaddr, a descriptor; it or -errno, the
 * socket closed on failure. */
static long accept_install(struct socket *newsock, struct sock *newsk,
			   void __user *uaddr, int __user *ulen, int flags)
{
	char addr[SOCKADDR_MAX];

	newsock->sk = newsk;
	newsock->state = SS_CONNECTED;
	newsk->sk_socket = newsock;
	if (uaddr) {
		int len = newsock->ops->getname(newsock,
						(struct sockaddr *)addr, true);
		long err = len < 0 ? len :
			   move_addr_to_user(addr, len, uaddr, ulen);

		if (err) {
			fput(newsock->file);
			return err;
		}
	}
	return sock_map_fd(newsock, flags);
}

/* accept4(2): the next connection waiting on the listening socket at
 * @fd, in a new descriptor (SOCK_NONBLOCK, SOCK_CLOEXEC in @flags). */
long sys_accept4(int fd, void __user *uaddr, int __user *ulen, int flags)
{
	struct socket *sock, *newsock;
	struct sock *newsk;
	struct file *f;
	long err;

	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	sock = sockfd_lookup(fd, &f);
	if (IS_ERR(sock))
		return PTR_ERR(sock);
	newsock = sock_alloc_file(sock->type, flags);
	if (IS_ERR(newsock)) {
		fput(f);
		return PTR_ERR(newsock);
	}
	err = !sock->ops->accept ? -EOPNOTSUPP :
	      sock->ops->accept(sock, &newsk, (int)f->f_flags);
	if (err) {
		fput(newsock->file);	/* no ops yet: nothing to release */
	} else {
		newsock->ops = sock->ops;
		err = accept_install(newsock, newsk, uaddr, ulen, flags);
	}
	fput(f);
	return err;
}

long sys_accept(int fd, void __user *uaddr, int __user *ulen)
{
	return sys_accept4(fd, uaddr, ulen, 0);
}

static long sock_name(int fd, void __user *uaddr, int __user *ulen,
		      bool peer)
{
	char addr[SOCKADDR_MAX];
	struct file *f;
	struct socket *sock = sockfd_lookup(fd, &f);
	long len;

	if (IS_ERR(sock))
		return PTR_ERR(sock);
	len = sock->ops->getname(sock, (struct sockaddr *)addr, peer);
	if (len >= 0)
		len = move_addr_to_user(addr, (int)len, uaddr, ulen);
	fput(f);
	return len;
}

/* getsockname(2): the socket's own name. */
long sys_getsockname(int fd, void __user *uaddr, int __user *ulen)
{
	return sock_name(fd, uaddr, ulen, false);
}

/* getpeername(2): the name of the socket it is connected to. */
long sys_getpeername(int fd, void __user *uaddr, int __user *ulen)
{
	return sock_name(fd, uaddr, ulen, true);
}

/* shutdown(2): stop receiving (SHUT_RD), sending (SHUT_WR) or both. */
long sys_shutdown(int fd, int how)
{
	struct file *f;
	struct socket *sock = sockfd_lookup(fd, &f);
	long err;

	if (IS_ERR(sock))
		return PTR_ERR(sock);
	/* A family without shutdown is EOPNOTSUPP whatever @how is, as
	 * Linux's sock_no_shutdown(): its families check @how themselves. */
	err = !sock->ops->shutdown ? -EOPNOTSUPP :
	      how < SHUT_RD || how > SHUT_RDWR ? -EINVAL :
	      sock->ops->shutdown(sock, how);
	fput(f);
	return err;
}
