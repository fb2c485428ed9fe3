/*
 * What mqueue.c (the mqueue file system, its limits and accounting),
 * mq_syscalls.c (mq_open and four other calls) and mq_notify.c share: a
 * queue's struct, a message's, and Linux's constants. Linux keeps all
 * three in ipc/mqueue.c.
 */
#ifndef KERNEL_IPC_MQUEUE_INTERNAL_H
#define KERNEL_IPC_MQUEUE_INTERNAL_H

#include "kernel/signal.h"
#include "kernel/cred.h"
#include "kernel/fs/vfs.h"
#include "kernel/ipc/mqueue.h"
#include "kernel/locking/spinlock.h"
#include "kernel/sched/wait.h"
#include "lib/list.h"

/* Linux's values (include/uapi/linux/mqueue.h, include/linux/ipc_namespace.h). */
#define MQ_PRIO_MAX 32768
#define HARD_MSGMAX 65536
#define HARD_MSGSIZEMAX (16 * 1024 * 1024)
#define MIN_MSGMAX 1
#define MIN_MSGSIZEMAX 128
/* A namespace's defaults for /proc/sys/fs/mqueue. */
#define DFLT_QUEUESMAX 256
#define DFLT_MSG 10
#define DFLT_MSGMAX 10
#define DFLT_MSGSIZE 8192
#define DFLT_MSGSIZEMAX 8192
/* What Linux charges to RLIMIT_MSGQUEUE per message slot besides its
 * bytes: a struct msg_msg and (up to MQ_PRIO_MAX) a priority tree node,
 * 48 bytes each on x86_64. */
#define MQ_MSG_OVERHEAD 48
#define MQ_NODE_OVERHEAD 48

#define SI_MESGQ (-3)		/* si_code of a queue's notification */
/* SIGEV_THREAD: the C library's 32-byte cookie, its last byte what
 * happened (include/uapi/linux/mqueue.h). */
#define NOTIFY_COOKIE_LEN 32
#define NOTIFY_WOKENUP 1
#define NOTIFY_REMOVED 2

/* The user struct mq_attr (x86_64: longs). */
struct mq_attr {
	long mq_flags;		/* O_NONBLOCK, the descriptor's */
	long mq_maxmsg;
	long mq_msgsize;
	long mq_curmsgs;
	long __reserved[4];
};

struct sock;

struct mq_msg {
	struct list_head list;		/* in messages: priority order */
	unsigned int prio;
	size_t len;
	char data[];
};

/*
 * One queue: the i_private of its inode in the mqueue file system. The
 * messages are one list, highest priority first and oldest first within
 * one priority, which is the order mq_receive takes them in.
 * lock guards everything below it; gen counts changes, so that senders,
 * receivers and pollers sleeping on wait look again after each.
 */
struct mqueue_inode_info {
	struct list_head entry;		/* in the directory: mq_lock */
	struct inode *inode;
	kuid_t user;			/* charged for RLIMIT_MSGQUEUE */
	u64 charged;			/* bytes charged to it */
	spinlock_t lock;
	struct mq_attr attr;		/* maxmsg, msgsize, curmsgs */
	struct list_head messages;
	u64 qsize;			/* bytes of message data */
	struct wait_queue_head wait;
	u64 gen;
	int receivers;			/* sleeping in mq_timedreceive */
	pid_t notify_owner;		/* the process mq_notify registered
					 * (its tgid), 0 for none */
	struct sigevent notify;
	struct sock *notify_sock;	/* SIGEV_THREAD: the netlink socket
					 * (referenced) the cookie goes to */
	char notify_cookie[NOTIFY_COOKIE_LEN];
	size_t len;
	char name[NAME_MAX + 1];
};

extern const struct file_operations mqueue_file_operations;

/*
 * A new queue @name (@len bytes) of @mode in the mqueue instance @sb,
 * with @attr (NULL: the defaults) within its namespace's limits, charged
 * to current's user: its inode, referenced, and named in the directory
 * (which keeps a reference of its own). ERR_PTR(-EEXIST, -EINVAL,
 * -ENOSPC (queues_max), -EMFILE (RLIMIT_MSGQUEUE), -ENOMEM, or -EACCES
 * once the namespace of @sb is gone).
 */
struct inode *mq_create(struct super_block *sb, const char *name, size_t len,
			umode_t mode, const struct mq_attr *attr);
/* The queue named @name in instance @sb, referenced, or NULL. */
struct inode *mq_lookup(struct super_block *sb, const char *name, size_t len);
/* The dentry of the root of current's namespace's instance, referenced
 * (the parent of every queue's dentry), or NULL without memory. */
struct dentry *mq_root_dentry(void);
/* Take @inode's name out of the directory: 0, or -ENOENT when it is no
 * longer there. The queue lives on while descriptors hold it. */
int mq_remove(struct inode *inode);
/* A notification taken from a queue under its lock, delivered after
 * the lock is dropped (mq_notify.c). */
struct mq_pending {
	pid_t owner;			/* 0: nothing to deliver */
	struct sigevent ev;
	struct sock *sk;		/* SIGEV_THREAD's socket, referenced */
	char cookie[NOTIFY_COOKIE_LEN];	/* its last byte: why */
};

/* The queue behind descriptor @fd, with the file referenced in *@fp;
 * NULL (EBADF) for any other file (mq_syscalls.c). */
struct mqueue_inode_info *mq_fget(int fd, struct file **fp);
/* A message arrived in @info: a registered notification is due when the
 * queue was empty and no receiver takes the message; then it is taken
 * into *@p. info->lock held. */
void mq_notify_due(struct mqueue_inode_info *info, struct mq_pending *p);
/* Deliver what was taken: a SIGEV_THREAD socket gets its cookie either
 * way, a SIGEV_SIGNAL owner its signal only when a message came.
 * info->lock not held. */
void mq_deliver(const struct mq_pending *p);
/* End @info's notification registration (@any: whoever made it; else
 * only current's process's), telling a SIGEV_THREAD socket it was
 * removed. info->lock not held. */
void mq_notify_drop(struct mqueue_inode_info *info, bool any);
/* Something changed in @info: every sleeper and poller looks again.
 * info->lock held. */
void mq_changed(struct mqueue_inode_info *info);

#endif
