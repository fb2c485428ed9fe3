/*
 * What msg.c (msgget, msgsnd, msgrcv) and msgctl.c (msgctl and the /proc
 * views) share: a queue's struct, a message's, and the table. Linux
 * keeps both in ipc/msg.c.
 */
#ifndef KERNEL_IPC_MSG_INTERNAL_H
#define KERNEL_IPC_MSG_INTERNAL_H

#include "kernel/ipc/ipc_namespace.h"
#include "kernel/ipc/msg.h"
#include "kernel/ipc/util.h"
#include "kernel/sched/wait.h"

/* Linux's values (include/uapi/linux/msg.h). */
#define MSGMNI 32000
#define MSGMAX 8192		/* bytes in one message */
#define MSGMNB 16384		/* bytes in one queue (its msg_qbytes) */
#define MSGPOOL (MSGMNI * MSGMNB / 1024)
#define MSGSSZ 16
#define MSGSEG 0xffff
#define MSG_STAT 11
#define MSG_INFO 12
#define MSG_STAT_ANY 13
#define LONG_MAX ((long)(~0ul >> 1))
#define LONG_MIN (-LONG_MAX - 1)

/* How msgrcv's type picks a message (Linux's names). */
enum { SEARCH_ANY = 1, SEARCH_EQUAL, SEARCH_NOTEQUAL, SEARCH_LESSEQUAL,
       SEARCH_NUMBER };		/* MSG_COPY: the type is a position */

struct msg_msg {
	struct list_head list;		/* in q_messages, oldest first */
	long m_type;
	u64 m_ts;			/* bytes of data */
	char data[];
};

struct msg_queue {
	struct kern_ipc_perm q_perm;	/* first: msg_of() */
	s64 q_stime, q_rtime, q_ctime;
	u64 q_cbytes, q_qnum, q_qbytes;	/* bytes, messages, the byte limit */
	int q_lspid, q_lrpid;		/* last sender, last receiver */
	struct list_head q_messages;
	struct wait_queue_head q_wait;	/* senders and receivers */
	u64 q_gen;			/* bumped at each change */
	int q_refs;			/* the table, and each sleeper */
};

static inline struct msg_queue *msg_of(struct kern_ipc_perm *p)
{
	return container_of(p, struct msg_queue, q_perm);
}

/* Drop a reference; the last frees the queue and its messages.
 * msg_ids' lock held. */
void msg_put_locked(struct msg_queue *q);
/* Wake every sender and receiver of @q to look again. msg_ids' lock held. */
void msg_changed(struct msg_queue *q);

#endif
