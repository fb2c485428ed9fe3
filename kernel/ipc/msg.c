/*
 * System V message queues (Linux's ipc/msg.c): msgget, msgsnd, msgrcv.
 * A queue is a list of messages, each a type (a long above 0) and up to
 * msgmax bytes, kept in the kernel until a msgrcv takes it: it outlives
 * the processes that sent it, until IPC_RMID (msgctl.c). A queue holds
 * at most msg_qbytes bytes (and as many messages); a sender waits for
 * room, a receiver for a message of the type it asks for, on one wait
 * queue. Every change bumps q_gen and wakes them all: each looks again.
 * A sleeper holds a reference, so a removed queue (q_perm.deleted: EIDRM)
 * lives until the last sleeper has seen it.
 */
#include "kernel/ipc/msg_internal.h"
#include "kernel/sched/wait.h"
#include "kernel/signal.h"
#include "kernel/mm/slab.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"
#include "lib/string.h"

#define MSG_NOERROR 010000	/* truncate a message too long */
#define MSG_EXCEPT 020000	/* any type but msgtyp */
#define MSG_COPY 040000		/* CONFIG_CHECKPOINT_RESTORE's peek */

/* Drop a reference (msg_ids' lock held); the last frees the queue and its
 * messages. */
void msg_put_locked(struct msg_queue *q)
{
	struct msg_msg *m, *n;

	if (--q->q_refs)
		return;
	list_for_each_entry_safe(m, n, &q->q_messages, list)
		kfree(m);
	kfree(q);
}

/* Something changed (a message, room, removal): every sleeper looks again.
 * msg_ids' lock held. */
void msg_changed(struct msg_queue *q)
{
	q->q_gen++;
	wake_up(&q->q_wait);
}

/* A new queue for @key in @ns; its id or -errno. msg_ids' lock held. */
static int newque(struct ipc_namespace *ns, int key, int msgflg)
{
	struct msg_queue *q = kzalloc(sizeof(*q), GFP_KERNEL);
	int id;

	if (!q)
		return -ENOMEM;
	id = ipc_addid(msg_ids(ns), &q->q_perm, key, msgflg & 0777, ns->msg_ctlmni);
	if (id < 0) {
		kfree(q);
		return id;
	}
	q->q_refs = 1;			/* the table's */
	q->q_qbytes = ns->msg_ctlmnb;
	q->q_ctime = ipc_now();
	INIT_LIST_HEAD(&q->q_messages);
	init_waitqueue_head(&q->q_wait);
	return id;
}

/* msgget(2): the queue of @key, made if need be. */
long sys_msgget(int key, int msgflg)
{
	struct ipc_namespace *ns = current_ipc_ns();
	unsigned long irq = spin_lock_irqsave(&msg_ids(ns)->lock);
	struct kern_ipc_perm *p = NULL;
	long ret;

	if (key != IPC_PRIVATE)
		p = ipc_findkey(msg_ids(ns), key);
	if (p && (msgflg & IPC_CREAT) && (msgflg & IPC_EXCL))
		ret = -EEXIST;
	else if (p)
		ret = ipcperms(p, msgflg) ?: p->id;
	else if (key != IPC_PRIVATE && !(msgflg & IPC_CREAT))
		ret = -ENOENT;
	else
		ret = newque(ns, key, msgflg);
	spin_unlock_irqrestore(&msg_ids(ns)->lock, irq);
	return ret;
}

/*
 * Sleep until queue @q changes from its generation now (or a signal
 * comes). Called and returns with @ids->lock held (*@irq its flags).
 * 0 to look again, -EIDRM when @q was removed meanwhile (then it may be
 * gone), or -ERESTARTNOHAND for a signal (EINTR even with SA_RESTART,
 * as Linux's msgsnd and msgrcv).
 */
static int msg_wait(struct ipc_ids *ids, struct msg_queue *q, unsigned long *irq)
{
	u64 gen = q->q_gen;
	int ret;

	q->q_refs++;
	spin_unlock_irqrestore(&ids->lock, *irq);
	ret = wait_event_interruptible(q->q_wait, READ_ONCE(q->q_gen) != gen);
	*irq = spin_lock_irqsave(&ids->lock);
	if (q->q_perm.deleted)
		ret = -EIDRM;
	else if (ret)
		ret = -ERESTARTNOHAND;
	msg_put_locked(q);
	return ret;
}

/* Queue @id of @ids for an access with @acc rights: 0 and *@q, or
 * -errno. ids->lock held. */
static int msg_lookup(struct ipc_ids *ids, int id, int acc, struct msg_queue **q)
{
	struct kern_ipc_perm *p = ipc_obtain_id(ids, id);

	if (!p)
		return -EINVAL;
	*q = msg_of(p);
	return ipcperms(p, acc);
}

/* Put @m on queue @id, waiting for room unless IPC_NOWAIT. 0 or -errno;
 * on success the queue owns @m. */
static long msg_enqueue(int id, struct msg_msg *m, int msgflg)
{
	struct ipc_ids *ids = msg_ids(current_ipc_ns());
	unsigned long irq = spin_lock_irqsave(&ids->lock);
	struct msg_queue *q;
	long ret = msg_lookup(ids, id, 0222, &q);

	while (!ret) {
		if (q->q_cbytes + m->m_ts <= q->q_qbytes && q->q_qnum + 1 <= q->q_qbytes) {
			list_add_tail(&m->list, &q->q_messages);
			q->q_cbytes += m->m_ts;
			q->q_qnum++;
			q->q_lspid = current->tgid;
			q->q_stime = ipc_now();
			msg_changed(q);
			break;
		}
		ret = msgflg & IPC_NOWAIT ? -EAGAIN : msg_wait(ids, q, &irq);
		if (!ret)
			ret = ipcperms(&q->q_perm, 0222);
	}
	spin_unlock_irqrestore(&ids->lock, irq);
	return ret;
}

/* msgsnd(2): send the message at @msgp (a long type, then @msgsz bytes). */
long sys_msgsnd(int msqid, const void __user *msgp, u64 msgsz, int msgflg)
{
	struct msg_msg *m;
	u64 mtype;
	long ret;

	if (get_user_u64(&mtype, msgp))
		return -EFAULT;
	if (msgsz > current_ipc_ns()->msg_ctlmax || (long)msgsz < 0 || msqid < 0 ||
	    (long)mtype < 1)
		return -EINVAL;
	m = kmalloc(sizeof(*m) + msgsz, GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->m_type = (long)mtype;
	m->m_ts = msgsz;
	if (copy_from_user(m->data, (const char __user *)msgp + sizeof(long), msgsz)) {
		kfree(m);
		return -EFAULT;
	}
	ret = msg_enqueue(msqid, m, msgflg);
	if (ret)
		kfree(m);
	return ret;
}

/* Does @m match what msgrcv asked (@type after convert_mode())? */
static bool msg_matches(const struct msg_msg *m, long type, int mode)
{
	switch (mode) {
	case SEARCH_ANY:
	case SEARCH_NUMBER:
		return true;
	case SEARCH_EQUAL:
		return m->m_type == type;
	case SEARCH_NOTEQUAL:
		return m->m_type != type;
	default:
		return m->m_type <= type;
	}
}

/* The message msgrcv takes from @q: the first that matches, for
 * SEARCH_LESSEQUAL the first of the lowest type, for SEARCH_NUMBER the
 * one at position @type (from 0); NULL if none. */
static struct msg_msg *find_msg(struct msg_queue *q, long type, int mode)
{
	struct msg_msg *m, *found = NULL;
	long count = 0;

	list_for_each_entry(m, &q->q_messages, list) {
		if (mode == SEARCH_NUMBER && count++ != type)
			continue;
		if (!msg_matches(m, type, mode))
			continue;
		if (mode != SEARCH_LESSEQUAL)
			return m;
		if (!found || m->m_type < found->m_type)
			found = m;
	}
	return found;
}

/* A copy of @m into *@out (MSG_COPY): 0 or -ENOMEM. */
static long msg_copy(const struct msg_msg *m, struct msg_msg **out)
{
	*out = kmalloc(sizeof(*m) + m->m_ts, GFP_KERNEL);
	if (!*out)
		return -ENOMEM;
	memcpy(*out, m, sizeof(*m) + m->m_ts);
	return 0;
}

/* Take a matching message off queue @id (a copy of it for SEARCH_NUMBER), waiting unless IPC_NOWAIT; the
 * message (the caller's now) in *@out, or -errno. */
static long msg_dequeue(int id, long type, int mode, u64 bufsz, int msgflg,
			struct msg_msg **out)
{
	struct ipc_ids *ids = msg_ids(current_ipc_ns());
	unsigned long irq = spin_lock_irqsave(&ids->lock);
	struct msg_queue *q;
	struct msg_msg *m = NULL;
	long ret = msg_lookup(ids, id, 0444, &q);

	while (!ret && !(m = find_msg(q, type, mode))) {
		ret = msgflg & IPC_NOWAIT ? -ENOMSG : msg_wait(ids, q, &irq);
		if (!ret)
			ret = ipcperms(&q->q_perm, 0444);
	}
	if (!ret && bufsz < m->m_ts && !(msgflg & MSG_NOERROR))
		ret = -E2BIG;
	if (!ret && mode == SEARCH_NUMBER) {
		/* MSG_COPY leaves the message and the queue's times alone;
		 * a copy cut short is EINVAL, as Linux's copy_msg(). */
		ret = bufsz < m->m_ts ? -EINVAL : msg_copy(m, out);
	} else if (!ret) {
		list_del(&m->list);
		q->q_cbytes -= m->m_ts;
		q->q_qnum--;
		q->q_lrpid = current->tgid;
		q->q_rtime = ipc_now();
		msg_changed(q);
		*out = m;
	}
	spin_unlock_irqrestore(&ids->lock, irq);
	return ret;
}

/* Linux's convert_mode(): how msgrcv's @type picks a message. */
static int convert_mode(long *type, int msgflg)
{
	if (*type == 0)
		return SEARCH_ANY;
	if (*type < 0) {
		*type = *type == LONG_MIN ? LONG_MAX : -*type;
		return SEARCH_LESSEQUAL;
	}
	return msgflg & MSG_EXCEPT ? SEARCH_NOTEQUAL : SEARCH_EQUAL;
}

/* msgrcv(2): receive a message of @msgtyp into @msgp (its type, then at
 * most @msgsz bytes); the bytes received. */
long sys_msgrcv(int msqid, void __user *msgp, u64 msgsz, long msgtyp, int msgflg)
{
	struct msg_msg *m;
	int mode;
	long ret;

	if (msqid < 0 || (long)msgsz < 0)
		return -EINVAL;
	/* MSG_COPY (CONFIG_CHECKPOINT_RESTORE): peek at message number
	 * @msgtyp, never waiting. */
	if ((msgflg & MSG_COPY) && ((msgflg & MSG_EXCEPT) || !(msgflg & IPC_NOWAIT)))
		return -EINVAL;
	mode = msgflg & MSG_COPY ? SEARCH_NUMBER : convert_mode(&msgtyp, msgflg);
	ret = msg_dequeue(msqid, msgtyp, mode, msgsz, msgflg, &m);
	if (ret)
		return ret;
	ret = (long)MIN(msgsz, m->m_ts);
	if (put_user_u64((u64)m->m_type, msgp) ||
	    copy_to_user((char __user *)msgp + sizeof(long), m->data, (u64)ret))
		ret = -EFAULT;		/* the message is gone, as on Linux */
	kfree(m);
	return ret;
}
