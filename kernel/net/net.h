/*
 * Sockets below the system calls (Linux's include/linux/net.h and
 * include/net/sock.h, cut down): a socket is a file on an S_IFSOCK inode
 * of the never-mounted "sockfs", whose private_data is a struct socket;
 * the socket's family (AF_UNIX: af_unix.c) keeps its state in a struct
 * sock, reached as sock->sk.
 *
 *   fd -> struct file --private_data--> struct socket --sk--> struct sock
 *         f_op: socket_file_ops         ops: proto_ops        (unix_sock)
 *
 * socket.c makes sockets and their files and answers the descriptor
 * calls, socket_msg.c the send and receive calls (struct msghdr), sock.c
 * the SOL_SOCKET options, scm.c the control messages (SCM_RIGHTS,
 * SCM_CREDENTIALS). Taskbase has no network stack: AF_INET and AF_INET6
 * sockets exist but reach nothing (af_inet.c).
 */
#ifndef KERNEL_NET_NET_H
#define KERNEL_NET_NET_H

#include "kernel/fs/vfs.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/list.h"
#include "lib/refcount.h"
#include "lib/types.h"

/* Address families (include/linux/socket.h). */
#define AF_UNSPEC 0
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
#define AF_NETLINK 16
#define AF_PACKET 17
#define AF_MAX 46

/* Socket types and socket(2)'s flags in the type argument. */
#define SOCK_STREAM 1
#define SOCK_DGRAM 2
#define SOCK_RAW 3
#define SOCK_SEQPACKET 5
#define SOCK_MAX 11
#define SOCK_TYPE_MASK 0xf
#define SOCK_NONBLOCK O_NONBLOCK
#define SOCK_CLOEXEC O_CLOEXEC

/* send/recv flags. */
#define MSG_OOB 0x1
#define MSG_PEEK 0x2
#define MSG_DONTROUTE 0x4
#define MSG_CTRUNC 0x8
#define MSG_TRUNC 0x20
#define MSG_DONTWAIT 0x40
#define MSG_EOR 0x80
#define MSG_WAITALL 0x100
#define MSG_ERRQUEUE 0x2000
#define MSG_NOSIGNAL 0x4000
#define MSG_MORE 0x8000
#define MSG_CMSG_CLOEXEC 0x40000000

/* shutdown(2) */
#define SHUT_RD 0
#define SHUT_WR 1
#define SHUT_RDWR 2
#define RCV_SHUTDOWN 1		/* sk_shutdown bits */
#define SEND_SHUTDOWN 2
#define SHUTDOWN_MASK 3

/* Options (asm-generic/socket.h). */
#define SOL_SOCKET 1
#define SO_DEBUG 1
#define SO_REUSEADDR 2
#define SO_TYPE 3
#define SO_ERROR 4
#define SO_DONTROUTE 5
#define SO_BROADCAST 6
#define SO_SNDBUF 7
#define SO_RCVBUF 8
#define SO_KEEPALIVE 9
#define SO_OOBINLINE 10
#define SO_NO_CHECK 11
#define SO_LINGER 13
#define SO_REUSEPORT 15
#define SO_PASSCRED 16
#define SO_PEERCRED 17
#define SO_RCVLOWAT 18
#define SO_SNDLOWAT 19
#define SO_RCVTIMEO 20
#define SO_SNDTIMEO 21
#define SO_ATTACH_FILTER 26
#define SO_GET_FILTER SO_ATTACH_FILTER
#define SO_DETACH_FILTER 27
#define SO_DETACH_BPF SO_DETACH_FILTER
#define SO_ACCEPTCONN 30
#define SO_SNDBUFFORCE 32
#define SO_RCVBUFFORCE 33
#define SO_PROTOCOL 38
#define SO_DOMAIN 39
#define SO_LOCK_FILTER 44
#define SO_ATTACH_BPF 50
#define SCM_RIGHTS 1
#define SCM_CREDENTIALS 2

#define SOCK_MIN_SNDBUF 4608	/* Linux's floors and defaults */
#define SOCK_MIN_RCVBUF 2304
#define SK_MEM_DEFAULT 212992	/* net.core.wmem_default, rmem_default */
#define SK_MEM_MAX 212992	/* net.core.wmem_max, rmem_max */
#define SOMAXCONN 4096		/* net.core.somaxconn */

struct sockaddr {
	u16 sa_family;
	char sa_data[14];
};

#define SOCKADDR_MAX 128	/* sizeof(struct sockaddr_storage) */

struct ucred {
	u32 pid;
	u32 uid;
	u32 gid;
};

/* The user's struct msghdr and struct cmsghdr (x86_64 layouts). */
struct user_msghdr {
	void __user *msg_name;
	int msg_namelen;
	struct iovec __user *msg_iov;
	size_t msg_iovlen;
	void __user *msg_control;
	size_t msg_controllen;
	unsigned int msg_flags;
};

struct cmsghdr {
	size_t cmsg_len;	/* header and data */
	int cmsg_level;
	int cmsg_type;
};

#define CMSG_ALIGN(len) (((len) + sizeof(long) - 1) & ~(sizeof(long) - 1))
#define CMSG_LEN(len) (sizeof(struct cmsghdr) + (len))
#define CMSG_SPACE(len) (sizeof(struct cmsghdr) + CMSG_ALIGN(len))

/* One send or receive below the system call: the name in kernel memory,
 * the data as an iov_iter, the control buffer still in user memory. */
struct msghdr {
	void *msg_name;			/* SOCKADDR_MAX bytes, or NULL */
	int msg_namelen;		/* in: its length; out: the sender's */
	struct iov_iter msg_iter;
	void __user *msg_control;
	size_t msg_controllen;		/* out: bytes of control written */
	unsigned int msg_flags;		/* out: MSG_TRUNC, MSG_CTRUNC */
};

#define SCM_MAX_FD 253

/* Descriptors in flight: files referenced by a message (SCM_RIGHTS). */
struct scm_fp_list {
	int count;
	struct file *fp[SCM_MAX_FD];
};

/* What a message carries beside its bytes (scm.c). */
struct scm_cookie {
	struct scm_fp_list *fp;		/* NULL: no descriptors */
	struct ucred creds;		/* the sender's, or what it claimed */
};

/* sk_state: Linux keeps TCP's names for every family's states. */
#define TCP_ESTABLISHED 1
#define TCP_CLOSE 7
#define TCP_LISTEN 10

#define SS_UNCONNECTED 1
#define SS_CONNECTED 3

struct socket;
struct sock;
struct mmap_object;
struct net;

/* A family's operations on its sockets: 0 (or bytes) or -errno.
 * connect, socketpair, accept, listen, shutdown, ioctl and mmap may be
 * NULL: the call is then EOPNOTSUPP (ioctl ENOTTY, mmap ENODEV), as
 * Linux's sock_no_*() answer. */
struct proto_ops {
	int family;
	int (*release)(struct socket *sock);
	int (*bind)(struct socket *sock, struct sockaddr *addr, int len);
	int (*connect)(struct socket *sock, struct sockaddr *addr, int len,
		       int flags);
	int (*socketpair)(struct socket *a, struct socket *b);
	/* A new connection's sock, for accept(2) to wrap. */
	int (*accept)(struct socket *sock, struct sock **newsk, int flags);
	/* The bound name (@peer: the peer's) into @addr; its length. */
	int (*getname)(struct socket *sock, struct sockaddr *addr, bool peer);
	__poll_t (*poll)(struct file *file, struct socket *sock,
			 struct poll_table *pt);
	long (*ioctl)(struct socket *sock, unsigned int cmd, unsigned long arg);
	int (*listen)(struct socket *sock, int backlog);
	int (*shutdown)(struct socket *sock, int how);
	long (*sendmsg)(struct socket *sock, struct msghdr *m, size_t len);
	long (*recvmsg)(struct socket *sock, struct msghdr *m, size_t len,
			int flags);
	/* Options of the family's own level (SOL_PACKET): 0 or -errno; a
	 * family without them answers as sock.c's sock_other_level(). */
	int (*setsockopt)(struct socket *sock, int level, int opt,
			  const void __user *val, int len);
	int (*getsockopt)(struct socket *sock, int level, int opt,
			  void __user *val, int __user *lenp);
	/* mmap(2) of the socket (packet rings): @obj filled, referenced. */
	int (*mmap)(struct socket *sock, u64 len, u64 off,
		    struct mmap_object *obj);
};

/* The file side of a socket. */
struct socket {
	short type;			/* SOCK_STREAM ... */
	short state;			/* SS_* */
	struct file *file;		/* the file whose private_data we are */
	struct sock *sk;		/* the family's state */
	const struct proto_ops *ops;
};

/* A family's state of one endpoint; the family's own struct embeds it
 * first (struct unix_sock). */
struct bpf_prog;
struct sk_buff;

struct sock {
	u16 sk_family, sk_type;
	u16 sk_protocol;		/* SO_PROTOCOL of netlink, packet */
	u8 sk_shutdown;			/* RCV_SHUTDOWN | SEND_SHUTDOWN */
	bool sk_dead;			/* its socket is closed */
	u8 sk_state;			/* TCP_ESTABLISHED, TCP_LISTEN, TCP_CLOSE */
	u32 sk_flags;			/* on/off options: bit SO_* (sock_flag()) */
	int sk_err;			/* SO_ERROR: taken by the next call */
	int sk_sndbuf, sk_rcvbuf;	/* limits in bytes (doubled, as Linux) */
	u64 sk_sndtimeo, sk_rcvtimeo;	/* ticks a wait may last (SO_*TIMEO) */
	long sk_wmem_alloc;		/* bytes sent and not yet read */
	struct ucred sk_peercred;	/* SO_PEERCRED */
	struct bpf_prog *sk_filter;	/* SO_ATTACH_BPF's or SO_ATTACH_FILTER's,
					 * referenced */
	bool sk_filter_locked;		/* SO_LOCK_FILTER */
	struct net *sk_net;		/* its network namespace, referenced
					 * (sock_net()) */
	struct socket *sk_socket;	/* NULL while not accepted / closed */
	refcount_t sk_refcnt;
	struct wait_queue_head sk_wait;	/* readers, writers, accepters */
	struct fasync_struct *sk_fasync;	/* O_ASYNC files (the socket's) */
	void (*sk_destruct)(struct sock *sk);	/* the last sock_put() */
};

/* A family's socket(2): fill @sock (ops, sk) for @type and @protocol. */
struct net_proto_family {
	int family;
	int (*create)(struct socket *sock, int protocol);
};

/*
 * Sleep on @wq until @cond, a signal, or the end of the *@timeo ticks
 * left (MAX_SCHEDULE_TIMEOUT: no end; 0: do not sleep at all), *@timeo
 * then what is still left: 0, -EAGAIN (time is up), or for a signal
 * -ERESTARTSYS without a time limit and -EINTR with one (Linux's
 * sock_intr_errno(): a wait with SO_RCVTIMEO is not restarted).
 */
#define sk_wait_event(wq, cond, timeo)					\
	({								\
		DEFINE_WAIT(__w); \
		u64 *__t = (timeo);					\
		long __ret = 0;						\
		for (;;) {						\
			prepare_to_wait(&(wq), &__w, TASK_INTERRUPTIBLE); \
			if (cond)					\
				break;					\
			if (!*__t) {					\
				__ret = -EAGAIN;			\
				break;					\
			}						\
			if (signal_pending(current)) {			\
				__ret = *__t == MAX_SCHEDULE_TIMEOUT ?	\
					-ERESTARTSYS : -EINTR;		\
				break;					\
			}						\
			*__t = schedule_timeout(*__t);			\
		}							\
		finish_wait(&(wq), &__w);				\
		__ret;							\
	})

/* ---- socket.c ---- */

/* Boot: sockfs and the families' files in /proc/net. */
void sock_init(void);
/* The socket behind file @f, or NULL when @f is no socket. */
struct socket *sock_from_file(struct file *f);
/* The socket at descriptor @fd with its file referenced in *@fp (fput it
 * when done); ERR_PTR(-EBADF, -ENOTSOCK). */
struct socket *sockfd_lookup(int fd, struct file **fp);
/* Initialise @sk's generic part for a socket of @type in network
 * namespace @net (the defaults of the SOL_SOCKET options), referenced
 * once; it holds @net until its last sock_put(). */
void sock_init_data(struct sock *sk, struct net *net, int family, int type);
/* The network namespace @sk was made in, for good (Linux's sock_net()):
 * the one whose lo, names and sockets it sees. */
static inline struct net *sock_net(const struct sock *sk)
{
	return sk->sk_net;
}
/* Another reference on @sk. */
void sock_hold(struct sock *sk);
/* Is on/off option @opt (SO_PASSCRED, SO_REUSEADDR, ...) set on @sk? */
static inline bool sock_flag(const struct sock *sk, int opt)
{
	return sk->sk_flags & (1u << opt);
}

/* Something arrived for @sk (bytes, a datagram, a connection): wake its
 * readers and send SIGIO to its O_ASYNC owners (POLL_IN). */
void sk_data_ready(struct sock *sk);
/* @sk's sent bytes were read: wake its writers, and SIGIO (POLL_OUT)
 * once at most half its send buffer is in use. */
void sk_write_space(struct sock *sk);
/* Drop a reference; the last calls sk->sk_destruct, then lets go of
 * its namespace. */
void sock_put(struct sock *sk);
/* sk_err, cleared: what the next call reports (0: none). */
int sock_error(struct sock *sk);
/* current's pid and ids, for SO_PEERCRED and SCM_CREDENTIALS. */
struct ucred current_ucred(void);

/* A datagram of @dlen bytes at @data received into @m, which asked for
 * @len: the bytes copied, cut to @len (MSG_TRUNC in msg_flags; with
 * MSG_TRUNC in @flags the datagram's whole length), or -EFAULT
 * (kernel/net/socket_msg.c). */
long datagram_copy_msg(struct msghdr *m, const void *data, size_t dlen,
		       size_t len, int flags);

/* ---- sock.c: SOL_SOCKET options ---- */

/* Set SOL_SOCKET option @opt from the int at @val (@len bytes); 0 or
 * -EINVAL, -EFAULT, -EPERM, -ENOPROTOOPT. */
int sock_setsockopt(struct socket *sock, int opt, const void __user *val,
		    int len);
/* SOL_SOCKET option @opt into @val, cut to *@lenp, which then says the
 * length given; 0 or -EINVAL, -EFAULT, -ENOPROTOOPT. */
int sock_getsockopt(struct socket *sock, int opt, void __user *val,
		    int __user *lenp);
/* An option of another level than SOL_SOCKET, for a family whose ops
 * have no setsockopt or getsockopt of their own, or leave a level to it:
 * EOPNOTSUPP for AF_UNIX, an IP level's from inet_opt.c. A get when
 * @lenp is set, else a set of @len bytes from @val. */
int sock_other_level(struct sock *sk, int level, int opt, void __user *val,
		     int __user *lenp, int len);

/* ---- filter.c: socket filters ---- */

struct bpf_skb_ctx;
struct sock_fprog;

/* Attach the socket filter program behind @fd to @sk, in place of any
 * before; 0, -EBADF, -EINVAL (not a socket filter program) or -EPERM
 * (SO_LOCK_FILTER). */
int sk_attach_bpf(struct sock *sk, int fd);
/* SO_ATTACH_FILTER: attach the classic program of the struct sock_fprog
 * at @val (@len bytes); 0, -EINVAL (a bad length or program), -EFAULT,
 * -ENOMEM or -EPERM (locked). */
int sk_attach_filter(struct sock *sk, const void __user *val, int len);
/* The struct sock_fprog of a setsockopt (@len bytes at @val): 0,
 * -EINVAL (another length) or -EFAULT (Linux's). */
int copy_bpf_fprog_from_user(struct sock_fprog *fprog, const void __user *val,
			     int len);
/* A program of the classic instructions @fprog names (a user pointer),
 * checked, referenced; ERR_PTR(-EINVAL, -EFAULT, -ENOMEM). */
struct bpf_prog *bpf_prog_create_from_user(const struct sock_fprog *fprog);
/* Remove @sk's filter; 0, -ENOENT (none) or -EPERM (locked). */
int sk_detach_filter(struct sock *sk);
/* SO_LOCK_FILTER: lock @sk's filter (or unlock it: -EPERM once locked). */
int sk_lock_filter(struct sock *sk, bool lock);
/* SO_GET_FILTER: copy @sk's classic program to @ubuf if @len (counted in
 * instructions) is enough; its length, 0 without a filter, -EINVAL (too
 * small), -EACCES (an eBPF program), -EFAULT. */
int sk_get_filter(struct sock *sk, void __user *ubuf, u32 len);
/* The socket is closed: its filter, if any, goes. */
void sk_filter_release(struct sock *sk);
/* Run @prog, classic or eBPF, on the packet of @ctx: what it returns. */
u32 bpf_prog_run_skb(const struct bpf_prog *prog, struct bpf_skb_ctx *ctx);
/* Run @sk's filter on the packet of @ctx: how many of its ctx->len
 * bytes to keep (all of them without a filter). Process context. */
u32 sk_run_filter(struct sock *sk, struct bpf_skb_ctx *ctx);
/* The same for an Ethernet frame of lo (packet sockets), seen from byte
 * @off (0, or ETH_HLEN: from the network header); UINT32_MAX without a
 * filter. */
u32 bpf_prog_run_frame(const struct bpf_prog *prog, const u8 *frame,
		       size_t len, size_t off, u8 pkttype, u16 proto);
u32 sk_run_filter_frame(struct sock *sk, const u8 *frame, size_t len,
			size_t off, u8 pkttype, u16 proto);
/* Run @sk's filter, if any, on @skb, a datagram about to be queued on
 * it: 0 (@skb possibly trimmed) or -EPERM (drop it). Process context. */
int sk_filter(struct sock *sk, struct sk_buff *skb);

/* ---- scm.c: control messages ---- */

/* Append one control message (@level, @type, @len bytes of @data) to
 * @m's buffer (Linux's put_cmsg()); false when none fits (MSG_CTRUNC).
 * @len may be cut to the room left, also MSG_CTRUNC. @data NULL: the
 * data is in place already (scm_detach_fds()). */
bool put_cmsg(struct msghdr *m, int level, int type, const void *data,
	      size_t len);

/* Call @fn(c, @arg) for each control message of sendmsg's @m, copied
 * into the kernel (Linux's for_each_cmsghdr()): 0, @fn's first error,
 * -EINVAL for a header whose length does not fit (!CMSG_OK()),
 * -ENOBUFS past net.core.optmem_max, -EFAULT or -ENOMEM. */
int cmsg_send_each(struct msghdr *m,
		   int (*fn)(const struct cmsghdr *c, void *arg), void *arg);
/* Parse @m's control buffer into @scm (descriptors referenced). 0 or
 * -EINVAL, -EBADF, -EPERM, -EFAULT, -ENOBUFS, -ENOMEM. */
int scm_send(struct socket *sock, struct msghdr *m, struct scm_cookie *scm);
/* Give @scm to the receiver: credentials if SO_PASSCRED, descriptors
 * installed; consumes @scm's descriptors either way. */
void scm_recv(struct socket *sock, struct msghdr *m, struct scm_cookie *scm,
	      int flags);
/* Let go of descriptors @scm still holds. */
void scm_destroy(struct scm_cookie *scm);
/* Another reference on each of @fpl's files (MSG_PEEK), or NULL. */
struct scm_fp_list *scm_fp_dup(const struct scm_fp_list *fpl);
/* Put every file of @fpl (may be NULL) and free it. */
void scm_fp_free(struct scm_fp_list *fpl);

/* ---- the families ---- */

struct seq_buf;
/* /proc/net/unix: every Unix-domain socket, in Linux's format
 * (kernel/net/af_unix_addr.c). */
int unix_proc_show(struct seq_buf *m, void *data);

/* The interface ioctls (SIOCGIFCONF, SIOCGIFFLAGS, ...) of any socket:
 * the answers of lo in @net, the socket's network namespace (not the
 * caller's, as Linux), from kernel/net/dev.c; -ENOIOCTLCMD for another
 * command. */
long dev_ioctl(struct net *net, unsigned int cmd, void __user *arg);
/* Boot: /proc/net/tcp, tcp6, udp, udp6, dev (kernel/net/inet_proc.c). */
void inet_proc_init(void);
/* Boot: /proc/net/packet (packet_proc.c). */
void packet_proc_init(void);
/* /proc/sys/net/ipv4/ip_local_port_range: "LOW\tHIGH", the ephemeral
 * ports; a store takes "LOW HIGH" (-EINVAL unless 1 <= LOW <= HIGH <=
 * 65535). */
int ip_local_port_range_show(struct seq_buf *m, void *data);
int ip_local_port_range_store(void *data, const char *buf, size_t len);

/* The netlink socket at descriptor @fd, referenced (sock_put() it):
 * ERR_PTR(-EBADF, -ENOTSOCK, or -ECONNREFUSED for another family), as
 * Linux's netlink_getsockbyfilp() (kernel/net/af_netlink.c). */
struct sock *netlink_getsockbyfd(int fd);
/* Queue a copy of the @len bytes at @data for netlink socket @sk's
 * readers: 0, or -ECONNREFUSED (closed), -EAGAIN (receive buffer full),
 * -ENOMEM. */
int netlink_sendskb(struct sock *sk, const void *data, size_t len);

extern const struct net_proto_family unix_family_ops;	/* af_unix.c */
extern const struct net_proto_family netlink_family_ops;	/* af_netlink.c */
extern const struct net_proto_family inet_family_ops;	/* af_inet.c */
extern const struct net_proto_family inet6_family_ops;
extern const struct net_proto_family packet_family_ops;	/* packet.c */

#endif
