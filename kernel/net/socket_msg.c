/*
 * The send and receive system calls (Linux's net/socket.c, the second
 * half): sendto, recvfrom, sendmsg and recvmsg build one struct msghdr
 * (kernel/net/net.h) from their arguments (the peer's name copied into
 * the kernel, the data buffers as an iov_iter on user memory, the
 * control buffer left in user memory for scm.c) and hand it to the
 * socket's family. A descriptor opened O_NONBLOCK sends and receives as
 * with MSG_DONTWAIT. read(2) and write(2) on a socket come the same way
 * through socket.c's file operations.
 */
#include "kernel/fs/syscalls.h"
#include "kernel/mm/slab.h"
#include "kernel/net/net.h"
#include "kernel/net/syscalls.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "kernel/time/time.h"

/* Flags a send or receive call takes from its descriptor. */
static unsigned int file_msg_flags(struct file *f, unsigned int flags)
{
	return f->f_flags & O_NONBLOCK ? flags | MSG_DONTWAIT : flags;
}

/* Send @m on the socket at @fd; bytes sent or -errno. */
static long sock_sendmsg_fd(int fd, struct msghdr *m, unsigned int flags)
{
	struct file *f;
	struct socket *sock = sockfd_lookup(fd, &f);
	long ret;

	if (IS_ERR(sock))
		return PTR_ERR(sock);
	m->msg_flags = file_msg_flags(f, flags);
	ret = sock->ops->sendmsg(sock, m, m->msg_iter.count);
	fput(f);
	return ret;
}

/* Receive into @m from the socket at @fd; bytes or -errno. */
static long sock_recvmsg_fd(int fd, struct msghdr *m, unsigned int flags)
{
	struct file *f;
	struct socket *sock = sockfd_lookup(fd, &f);
	long ret;

	if (IS_ERR(sock))
		return PTR_ERR(sock);
	m->msg_flags = 0;
	ret = sock->ops->recvmsg(sock, m, m->msg_iter.count,
				 (int)file_msg_flags(f, flags));
	fput(f);
	return ret;
}

/* sendto(2), and send(2) with no address: @len bytes of @buf. */
long sys_sendto(int fd, const void __user *buf, size_t len, unsigned int flags,
		const void __user *uaddr, int addrlen)
{
	char addr[SOCKADDR_MAX];
	struct iovec iov = { (void __user *)buf, MIN(len, (size_t)MAX_RW_COUNT) };
	struct msghdr m = { 0 };
	long err;

	if (!access_ok(buf, iov.iov_len))
		return -EFAULT;
	iov_iter_init(&m.msg_iter, true, &iov, 1, iov.iov_len);
	if (uaddr) {
		err = move_addr_to_kernel(uaddr, addrlen, addr);
		if (err)
			return err;
		m.msg_name = addr;
		m.msg_namelen = addrlen;
	}
	return sock_sendmsg_fd(fd, &m, flags);
}

/* recvfrom(2), and recv(2) with no address: up to @len bytes into @buf,
 * the sender's name to @uaddr. */
long sys_recvfrom(int fd, void __user *buf, size_t len, unsigned int flags,
		  void __user *uaddr, int __user *ulen)
{
	char addr[SOCKADDR_MAX];
	struct iovec iov = { buf, MIN(len, (size_t)MAX_RW_COUNT) };
	struct msghdr m = { .msg_name = addr };
	long ret, err;

	if (!access_ok(buf, iov.iov_len))
		return -EFAULT;
	iov_iter_init(&m.msg_iter, true, &iov, 1, iov.iov_len);
	ret = sock_recvmsg_fd(fd, &m, flags);
	if (ret >= 0 && uaddr) {
		err = move_addr_to_user(addr, m.msg_namelen, uaddr, ulen);
		if (err)
			return err;
	}
	return ret;
}

/* The user's msghdr at @umsg into *@um and @m, its iovec array copied
 * (*@iov, kfree it); 0 or -errno. */
static long copy_msghdr_from_user(struct user_msghdr __user *umsg,
				  struct user_msghdr *um, struct msghdr *m,
				  struct iovec **iov)
{
	size_t total = 0;

	if (copy_from_user(um, umsg, sizeof(*um)))
		return -EFAULT;
	if (um->msg_iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	if (um->msg_controllen > INT32_MAX || um->msg_namelen < 0)
		return -EINVAL;
	*iov = NULL;
	if (um->msg_iovlen) {
		*iov = import_iovec(um->msg_iov, um->msg_iovlen, &total);
		if (IS_ERR(*iov))
			return PTR_ERR(*iov);
	}
	iov_iter_init(&m->msg_iter, true, *iov, um->msg_iovlen, total);
	m->msg_control = um->msg_control;
	m->msg_controllen = um->msg_controllen;
	return 0;
}

long sendmsg_file(struct file *file, struct user_msghdr __user *umsg,
		  unsigned int flags)
{
	struct socket *sock = sock_from_file(file);
	char addr[SOCKADDR_MAX];
	struct user_msghdr um;
	struct msghdr m = { 0 };
	struct iovec *iov;
	long ret;

	if (!sock)
		return -ENOTSOCK;
	ret = copy_msghdr_from_user(umsg, &um, &m, &iov);
	if (ret)
		return ret;
	if (um.msg_name && um.msg_namelen) {
		ret = move_addr_to_kernel(um.msg_name, um.msg_namelen, addr);
		m.msg_name = addr;
		m.msg_namelen = um.msg_namelen;
	}
	if (!ret) {
		m.msg_flags = file_msg_flags(file, flags);
		ret = sock->ops->sendmsg(sock, &m, m.msg_iter.count);
	}
	kfree(iov);
	return ret;
}

/* @fn (sendmsg_file(), recvmsg_file()) on the socket at @fd, which is
 * looked up first (EBADF, ENOTSOCK before EFAULT), as Linux's
 * __sys_sendmsg() and __sys_recvmsg() do. */
static long msg_fd(int fd, struct user_msghdr __user *umsg, unsigned int flags,
		   long (*fn)(struct file *, struct user_msghdr __user *,
			      unsigned int))
{
	struct file *f;
	struct socket *sock = sockfd_lookup(fd, &f);
	long ret;

	if (IS_ERR(sock))
		return PTR_ERR(sock);
	ret = fn(f, umsg, flags);
	fput(f);
	return ret;
}

/* sendmsg(2): the bytes of @umsg's buffers, its control messages, to its
 * name or the connected peer. */
long sys_sendmsg(int fd, struct user_msghdr __user *umsg, unsigned int flags)
{
	return msg_fd(fd, umsg, flags, sendmsg_file);
}

/* recvmsg's results back into the user's msghdr: the sender's name, the
 * control length used, the flags. */
static long copy_msghdr_to_user(struct user_msghdr __user *umsg,
				const struct user_msghdr *um,
				const struct msghdr *m)
{
	char __user *base = (char __user *)umsg;
	int namelen = m->msg_namelen;

	if (um->msg_name) {
		int n = MIN(namelen, um->msg_namelen);

		if (n > 0 && copy_to_user(um->msg_name, m->msg_name, (u64)n))
			return -EFAULT;
	} else {
		namelen = 0;
	}
	/* By offset: the user's pointer need not be aligned, and C forbids
	 * naming a member through a misaligned one. */
	if (put_user_u32((u32)namelen, (u32 __user *)(base +
			 offsetof(struct user_msghdr, msg_namelen))) ||
	    put_user_u64(m->msg_controllen, (u64 __user *)(base +
			 offsetof(struct user_msghdr, msg_controllen))) ||
	    put_user_u32(m->msg_flags, (u32 __user *)(base +
			 offsetof(struct user_msghdr, msg_flags))))
		return -EFAULT;
	return 0;
}

long recvmsg_file(struct file *file, struct user_msghdr __user *umsg,
		  unsigned int flags)
{
	struct socket *sock = sock_from_file(file);
	char addr[SOCKADDR_MAX];
	struct user_msghdr um;
	struct msghdr m = { .msg_name = addr };
	struct iovec *iov;
	long ret, err;

	if (!sock)
		return -ENOTSOCK;
	ret = copy_msghdr_from_user(umsg, &um, &m, &iov);
	if (ret)
		return ret;
	ret = sock->ops->recvmsg(sock, &m, m.msg_iter.count,
				 (int)file_msg_flags(file, flags));
	if (ret >= 0) {
		m.msg_controllen = um.msg_controllen - m.msg_controllen;
		err = copy_msghdr_to_user(umsg, &um, &m);
		if (err)
			ret = err;
	}
	kfree(iov);
	return ret;
}

/* recvmsg(2): one message (or a stream's bytes) into @umsg's buffers,
 * with the sender's name and the control messages that came with it. */
long sys_recvmsg(int fd, struct user_msghdr __user *umsg, unsigned int flags)
{
	return msg_fd(fd, umsg, flags, recvmsg_file);
}

/* The user's struct mmsghdr: a msghdr and the bytes it moved. */
struct mmsghdr {
	struct user_msghdr msg_hdr;
	unsigned int msg_len;
};

#define MSG_WAITFORONE 0x10000

/* Put @n, the bytes message @i moved, into its msg_len. */
static int mmsg_put_len(struct mmsghdr __user *mmsg, unsigned int i, long n)
{
	char __user *p = (char __user *)(mmsg + i);

	return put_user_u32((u32)n, (u32 __user *)(p +
			    offsetof(struct mmsghdr, msg_len))) ? -EFAULT : 0;
}

/* sendmmsg(2): sendmsg() of each of @vlen messages (at most UIO_MAXIOV)
 * in turn; how many went, or the first one's error. */
long sys_sendmmsg(int fd, struct mmsghdr __user *mmsg, unsigned int vlen,
		  unsigned int flags)
{
	unsigned int i;
	long ret = 0;

	vlen = MIN(vlen, (unsigned int)UIO_MAXIOV);
	for (i = 0; i < vlen; i++) {
		ret = sys_sendmsg(fd, (struct user_msghdr __user *)(mmsg + i), flags);
		if (ret >= 0)
			ret = mmsg_put_len(mmsg, i, ret);
		if (ret < 0)
			break;
	}
	return i ? (long)i : ret;
}

/* recvmmsg's time-out: the deadline in ktime_get_ns() time, 0 for none;
 * 0 or -EFAULT, -EINVAL. */
static long mmsg_deadline(const struct kernel_timespec __user *uts, u64 *end)
{
	struct kernel_timespec ts;

	*end = 0;
	if (!uts)
		return 0;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
		return -EINVAL;
	*end = ktime_get_ns() + (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
	return 0;
}

/* recvmmsg(2): recvmsg() into each of @vlen messages in turn, each after
 * the first without waiting with MSG_WAITFORONE, until @uts (checked
 * after each message, as Linux) has passed; how many came, or the first
 * one's error. */
long sys_recvmmsg(int fd, struct mmsghdr __user *mmsg, unsigned int vlen,
		  unsigned int flags, struct kernel_timespec __user *uts)
{
	unsigned int i;
	u64 end;
	long ret = mmsg_deadline(uts, &end);

	if (ret)
		return ret;
	vlen = MIN(vlen, (unsigned int)UIO_MAXIOV);
	for (i = 0; i < vlen; i++) {
		ret = sys_recvmsg(fd, (struct user_msghdr __user *)(mmsg + i),
				  flags & ~MSG_WAITFORONE);
		if (ret >= 0)
			ret = mmsg_put_len(mmsg, i, ret);
		if (ret < 0)
			break;
		if (flags & MSG_WAITFORONE)
			flags |= MSG_DONTWAIT;
		if (end && ktime_get_ns() >= end) {
			i++;
			break;
		}
	}
	return i ? (long)i : ret;
}

long datagram_copy_msg(struct msghdr *m, const void *data, size_t dlen,
		       size_t len, int flags)
{
	size_t n = MIN(len, dlen);
	long ret = copy_to_iter(data, n, &m->msg_iter) == n ? (long)n : -EFAULT;

	if (dlen > len)
		m->msg_flags |= MSG_TRUNC;
	return ret >= 0 && (flags & MSG_TRUNC) ? (long)dlen : ret;
}
