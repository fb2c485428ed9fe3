/*
 * The socket system calls of the Linux x86_64 ABI (socket.c,
 * socket_msg.c, sock.c), for kernel/syscall_table.c, and the address
 * helpers they share.
 */
#ifndef KERNEL_NET_SYSCALLS_H
#define KERNEL_NET_SYSCALLS_H

#include "kernel/net/net.h"

long sys_socket(int family, int type, int protocol);
long sys_socketpair(int family, int type, int protocol, int __user *usv);
long sys_bind(int fd, const void __user *uaddr, int len);
long sys_connect(int fd, const void __user *uaddr, int len);
long sys_listen(int fd, int backlog);
/* accept(2): accept4(2) without flags. */
long sys_accept(int fd, void __user *uaddr, int __user *ulen);
long sys_accept4(int fd, void __user *uaddr, int __user *ulen, int flags);
long sys_getsockname(int fd, void __user *uaddr, int __user *ulen);
long sys_getpeername(int fd, void __user *uaddr, int __user *ulen);
long sys_shutdown(int fd, int how);
long sys_sendto(int fd, const void __user *buf, size_t len, unsigned int flags,
		const void __user *uaddr, int addrlen);
long sys_recvfrom(int fd, void __user *buf, size_t len, unsigned int flags,
		  void __user *uaddr, int __user *ulen);
long sys_sendmsg(int fd, struct user_msghdr __user *umsg, unsigned int flags);
long sys_recvmsg(int fd, struct user_msghdr __user *umsg, unsigned int flags);
/* sendmsg(2) and recvmsg(2) on @file (referenced by the caller): ENOTSOCK
 * for a file that is not a socket (io_uring's IORING_OP_SENDMSG/RECVMSG). */
long sendmsg_file(struct file *file, struct user_msghdr __user *umsg,
		  unsigned int flags);
long recvmsg_file(struct file *file, struct user_msghdr __user *umsg,
		  unsigned int flags);
struct mmsghdr;
long sys_sendmmsg(int fd, struct mmsghdr __user *mmsg, unsigned int vlen,
		  unsigned int flags);
long sys_recvmmsg(int fd, struct mmsghdr __user *mmsg, unsigned int vlen,
		  unsigned int flags, struct kernel_timespec __user *uts);
long sys_setsockopt(int fd, int level, int opt, const void __user *val,
		    int len);
long sys_getsockopt(int fd, int level, int opt, void __user *val,
		    int __user *lenp);

/* A user address of @len bytes into @kaddr (SOCKADDR_MAX bytes): 0,
 * -EINVAL for a bad length, -EFAULT. */
long move_addr_to_kernel(const void __user *uaddr, int len, void *kaddr);
/* @klen bytes of @kaddr to @uaddr, cut to the user's *@ulen, which then
 * says @klen: 0, -EINVAL (negative *@ulen) or -EFAULT. */
long move_addr_to_user(const void *kaddr, int klen, void __user *uaddr,
		       int __user *ulen);

#endif
