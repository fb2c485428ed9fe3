/*
 * System V message queues (Linux's ipc/msg.c): typed messages kept in a
 * queue until received, or until the queue is removed. What the rest of
 * the kernel asks of them: /proc/sysvipc/msg and the /proc/sys/kernel
 * limits msgmax, msgmnb and msgmni, of the caller's IPC namespace.
 */
#ifndef KERNEL_IPC_MSG_H
#define KERNEL_IPC_MSG_H

#include "lib/types.h"

struct seq_buf;

/* The limits /proc/sys/kernel shows (Linux's names). */
enum msg_limit { MSG_CTLMAX, MSG_CTLMNB, MSG_CTLMNI };

/* A limit's value. */
u64 msg_limit_get(enum msg_limit which);
/* Set a limit (root, through /proc/sys/kernel): 0, or -EINVAL for a
 * value out of range. */
int msg_limit_set(enum msg_limit which, u64 val);
/* /proc/sysvipc/msg: a header line, then one line per queue, Linux's
 * columns. */
int msg_proc_show(struct seq_buf *m, void *unused);

#endif
