/*
 * POSIX message queues (Linux's ipc/mqueue.c): named queues of
 * prioritised messages, each a file in the mqueue file system, opened
 * with mq_open(3) as a descriptor. What the rest of the kernel asks of
 * them: the file system for mount -t mqueue, and the /proc/sys/fs/mqueue
 * limits.
 */
#ifndef KERNEL_IPC_MQUEUE_H
#define KERNEL_IPC_MQUEUE_H

#include "lib/types.h"

struct super_block;

/* The limits /proc/sys/fs/mqueue shows (Linux's file names), of the
 * caller's IPC namespace. */
enum mq_limit { MQ_MSG_MAX, MQ_MSGSIZE_MAX, MQ_QUEUES_MAX, MQ_MSG_DEFAULT,
		MQ_MSGSIZE_DEFAULT };
/* A limit's value. */
u64 mq_limit_get(enum mq_limit which);
/* Set a limit (root, through /proc/sys/fs/mqueue): 0, or -EINVAL for a
 * value out of Linux's range. */
int mq_limit_set(enum mq_limit which, u64 val);
/* The mqueue file system of current's IPC namespace (mount(2) of type
 * "mqueue" mounts it), made on first use: its super block, or NULL
 * without memory. */
struct super_block *mq_get_sb(void);
/* The initial IPC namespace's instance, made at boot as Linux's
 * init_mqueue_fs() mounts it (a namespace made later gets its own on
 * first use); 0 or -ENOMEM. Called by pid 1, in that namespace. */
int mqueue_init(void);

#endif
