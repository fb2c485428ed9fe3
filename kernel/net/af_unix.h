/*
 * Unix-domain sockets inside: what af_unix.c (connections, the life of a
 * socket), af_unix_addr.c (names), af_unix_msg.c (queues, streams,
 * poll) and af_unix_dgram.c (datagrams) share;
 * the rest of the kernel knows only unix_family_ops (kernel/net/net.h).
 *
 *   client unix_sock  --peer-->  server unix_sock (accepted)
 *        ^  <--------peer--------'   | receive_queue: sk_buff, sk_buff
 *        '-- the sk_buffs it sent are charged to its sk_wmem_alloc
 *
 * Every AF_UNIX state change (peer pointers, queues, the name table,
 * sk_state, sk_shutdown) happens under one lock, unix_lock: Linux has a
 * lock per socket and a careful order between two of them; one lock
 * makes every two-socket step (connect, send, close) plainly atomic.
 * Nothing that may sleep or fault runs under it: the bytes are copied
 * into an sk_buff before it is queued, and out of one only by the
 * socket's single reader (iolock), which no one else dequeues from.
 */
#ifndef KERNEL_NET_AF_UNIX_H
#define KERNEL_NET_AF_UNIX_H

#include "kernel/locking/mutex.h"
#include "kernel/locking/spinlock.h"
#include "kernel/net/net.h"

#define UNIX_PATH_MAX 108
#define UNIX_MAX_DGRAM_QLEN 10	/* net.unix.max_dgram_qlen */
#define UNIX_MAX_LEVEL 4	/* sockets in flight in sockets in flight... */
/* What a queued message costs its sender beyond its bytes (Linux counts
 * the sk_buff's truesize); it makes 1-byte messages fill a buffer. */
#define SKB_OVERHEAD 768

struct sockaddr_un {
	u16 sun_family;
	char sun_path[UNIX_PATH_MAX];
};

/* A bound name, shared by a socket and the messages it sent. */
struct unix_address {
	refcount_t refcnt;
	int len;			/* bytes of name, as getsockname says */
	struct inode *inode;		/* a path's S_IFSOCK inode, or NULL */
	struct sockaddr_un name;
};

/* What an IP datagram's header told its receiver (Linux reads it from
 * the skb's own: ip_hdr(), ipv6_hdr(), PKTINFO_SKB_CB()), for the
 * control messages of ip_sockglue.c; version 0 in any other message. */
struct inet_skb_parm {
	u8 version;			/* 4 or 6; 0: not an IP datagram */
	u8 ttl;				/* IPv4 TTL, IPv6 hop limit */
	u8 tos;				/* IPv4 TOS, IPv6 traffic class */
	u8 daddr[16];			/* its destination (IPv4: mapped) */
	u16 gso_size;			/* a UDP_SEGMENT send taken whole
					 * (UDP_GRO): its segments' size */
};

/* One message, or one piece of a stream. */
struct sk_buff {
	struct list_head list;		/* in the receiver's receive_queue */
	bool carries_unix;		/* counted in unix_tot_inflight */
	struct sock *sk;		/* the sender, charged truesize */
	size_t len, consumed;		/* bytes; read so far (streams) */
	size_t truesize;
	struct unix_address *addr;	/* the sender's name, or NULL */
	struct scm_cookie scm;		/* descriptors in flight, creds */
	struct inet_skb_parm ip;	/* an IP datagram's header fields */
	char data[];
};

struct unix_sock {
	struct sock sk;			/* first: a struct sock * is one */
	struct unix_sock *peer;		/* referenced */
	struct unix_address *addr;	/* NULL: unbound */
	struct list_head receive_queue;	/* of sk_buff */
	unsigned int qlen;		/* sk_buffs in it */
	size_t rmem;			/* bytes in it, for FIONREAD */
	struct list_head accept_queue;	/* listeners: new connections */
	struct list_head accept_link;	/* in the listener's accept_queue */
	unsigned int backlog, accept_qlen;
	int level;			/* how deep sockets nest in its queue */
	struct list_head bound;		/* in the name table, when bound */
	struct list_head all;		/* in unix_all, /proc/net/unix's list */
	struct wait_queue_head peer_wait;	/* senders waiting for room */
	struct mutex iolock;		/* one reader at a time */
	struct mutex bindlock;		/* bind and autobind */
	/* unix_gc()'s, under unix_lock while it runs (af_unix_gc.c): */
	int gc_state;			/* UNIX_GC_* */
	unsigned long gc_refs;		/* times in flight, less the garbage's */
	struct list_head gc_link;	/* on its worklist */
};

enum { UNIX_GC_NONE, UNIX_GC_CANDIDATE, UNIX_GC_ALIVE };

static inline struct unix_sock *unix_sk(struct sock *sk)
{
	return (struct unix_sock *)sk;
}

/* Do @sk's messages carry SCM_RIGHTS and SCM_CREDENTIALS? Only a Unix
 * socket's: TCP, UDP and raw sockets ride on these queues too, and
 * their control messages are IP's (ip_sockglue.c), as on Linux. */
static inline bool unix_passes_scm(const struct sock *sk)
{
	return sk->sk_family == AF_UNIX;
}

extern spinlock_t unix_lock;
extern struct list_head unix_all;	/* every unix_sock, under unix_lock */

/*
 * How a family finds the socket a name given to connect or sendto
 * reaches, for @u: referenced, or ERR_PTR(-ECONNREFUSED, ...). AF_UNIX's
 * is unix_find_name(), AF_INET's inet_lookup() (af_inet.c).
 */
typedef struct unix_sock *(*unix_find_t)(struct unix_sock *u, void *name,
					 int len);

/* af_unix.c: what AF_INET's sockets share (af_inet.c) */
/* The last reference to @sk is gone: off the lists, its name put, freed
 * (its ->sk_destruct; a family that keeps more frees that first). */
void unix_sock_destruct(struct sock *sk);
/* A new sock of @family and @type in network namespace @net, @size
 * bytes (a family's struct that embeds a unix_sock first), on unix_all;
 * NULL without memory. */
struct unix_sock *unix_sock_alloc(struct net *net, int family, int type,
				  size_t size);
/* unix_find_t for AF_UNIX names: checked, then unix_find_other(). */
struct unix_sock *unix_find_name(struct unix_sock *u, void *name, int len);
/* Connect stream @sock to the listener @find finds for @name, through
 * @e, the server's end to be (freed on failure); 0 or -errno. */
int unix_connect_to(struct socket *sock, unix_find_t find, void *name,
		    int len, struct unix_sock *e, int flags);
/* proto_ops that work for every family sharing these queues: */
/* close: cut the peer, free the queues, let go of the name. */
int unix_release(struct socket *sock);
/* Listen on a bound stream socket, @backlog + 1 waiting at most; 0 or
 * -EINVAL, -EOPNOTSUPP. */
int unix_listen(struct socket *sock, int backlog);
/* The next connection waiting on listener @sock into *@newsk; 0 or
 * -EINVAL, -EAGAIN, -ERESTARTSYS. */
int unix_accept(struct socket *sock, struct sock **newsk, int flags);
/* Shut down @how (SHUT_RD, SHUT_WR, SHUT_RDWR) here and at the peer. */
int unix_shutdown(struct socket *sock, int how);

/* af_unix_addr.c */
/* A name of @len bytes at @name (@inode: its file, or NULL), referenced
 * once; NULL without memory. */
struct unix_address *unix_addr_alloc(const void *name, int len,
				     struct inode *inode);
/* Drop a reference on @addr (NULL: none). */
void unix_addr_put(struct unix_address *addr);
/* bind(2): a path, an abstract name, or (a family alone) autobind. */
int unix_bind(struct socket *sock, struct sockaddr *sa, int len);
/* The bound socket called @name (@len bytes) of @type, referenced: a
 * path's, or an abstract name's in network namespace @net (abstract
 * names are per namespace, paths are not, as on Linux);
 * ERR_PTR(-ECONNREFUSED, -EPROTOTYPE, -ENOENT, -EACCES, ...). */
struct unix_sock *unix_find_other(struct net *net, struct sockaddr_un *name,
				  int len, int type);
/* Check a sockaddr_un of @len bytes; 0 or -EINVAL. */
int unix_validate_addr(struct sockaddr_un *name, int len);

/* af_unix_gc.c */
/* Queued messages that carry a Unix socket's file. */
extern atomic_long_t unix_tot_inflight;
/* Free the sockets only their own messages in flight keep alive (a
 * socket sent over itself, two sent over each other); called as a Unix
 * socket is released, a no-op while no message carries one. */
void unix_gc(void);

/* af_unix_msg.c */
/* Give back @skb's charge to its sender, its name, descriptors, memory. */
void kfree_skb(struct sk_buff *skb);
/* An sk_buff with the next @len bytes of @m, charged to @sk (waiting for
 * room first); ERR_PTR(-EAGAIN, -ERESTARTSYS, -ENOMEM, -EFAULT). */
struct sk_buff *unix_skb_alloc(struct sock *sk, struct msghdr *m, size_t len);
/* Under unix_lock: @skb, a message of nesting @level (unix_scm_level()),
 * goes to the end of @u's receive queue. */
void unix_queue_skb(struct unix_sock *u, struct sk_buff *skb, int level);
/* The nesting level of a message carrying @scm's descriptors: 0 without
 * Unix sockets, else one more than the deepest socket's; -ETOOMANYREFS
 * past UNIX_MAX_LEVEL. */
int unix_scm_level(const struct scm_cookie *scm);
/* Nothing past @skip bytes to read: 1 to go on (after waiting, *@timeo
 * ticks at most: sk_wait_event()), 0 at end of file, or -errno (the
 * socket's error, EAGAIN, ERESTARTSYS, EINTR). @u's iolock is held on
 * entry and on return. */
long unix_wait_data(struct unix_sock *u, size_t skip, u64 *timeo);
/* Free every sk_buff on @list (taken off a queue under unix_lock). */
void skb_queue_purge(struct list_head *list);
/* Send @len bytes of @m to the peer: bytes sent (short when a wait was
 * interrupted or non-blocking) or -errno; EPIPE raises SIGPIPE. */
long unix_stream_sendmsg(struct socket *sock, struct msghdr *m, size_t len);
/* Receive up to @len bytes (MSG_WAITALL: all), stopping at descriptors;
 * bytes, 0 at end of file, or -errno. */
long unix_stream_recvmsg(struct socket *sock, struct msghdr *m, size_t len,
			 int flags);
/* af_unix_dgram.c */
/* Send one datagram of @len bytes of @m to @other, named @from (NULL:
 * the sender's name), carrying IP header fields @ip (NULL: none); @len
 * or -errno. A receiver of another family than AF_UNIX whose SO_RCVBUF
 * is full drops it, as UDP does. */
long unix_dgram_send_to(struct socket *sock, struct unix_sock *other,
			struct msghdr *m, size_t len, struct unix_address *from,
			const struct inet_skb_parm *ip);
extern struct wait_queue_head unix_dgram_room;
/* For poll: could a datagram to @u's peer be queued now? The poller
 * waits on unix_dgram_room for room. */
bool unix_dgram_peer_writable(struct file *file, struct unix_sock *u,
			      struct poll_table *pt);
/* Send one datagram of @len bytes to @m's name or the peer; @len or
 * -errno (EMSGSIZE past the send buffer). */
long unix_dgram_sendmsg(struct socket *sock, struct msghdr *m, size_t len);
/* Receive one datagram, cut to @len (MSG_TRUNC); its length as copied,
 * or whole with MSG_TRUNC in @flags; -errno. */
long unix_dgram_recvmsg(struct socket *sock, struct msghdr *m, size_t len,
			int flags);
/* The same, the datagram's IP header fields copied to *@ip (udp.c's
 * control messages). */
long __unix_dgram_recvmsg(struct socket *sock, struct msghdr *m, size_t len,
			  int flags, struct inet_skb_parm *ip);
/* Datagrams over a connection: ENOTCONN when not connected. */
long unix_seqpacket_sendmsg(struct socket *sock, struct msghdr *m,
			    size_t len);
/* One message of the connection, as unix_dgram_recvmsg(). */
long unix_seqpacket_recvmsg(struct socket *sock, struct msghdr *m,
			    size_t len, int flags);
/* The EPOLL* events of the socket now, the poller queued on its waits. */
__poll_t unix_poll(struct file *file, struct socket *sock,
		   struct poll_table *pt);
/* FIONREAD (bytes queued; a datagram socket: the next one's size) and
 * TIOCOUTQ (bytes sent, unread); -ENOTTY for the rest. */
long unix_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg);

#endif
