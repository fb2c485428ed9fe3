/*
 * msgctl(2) and the views of the message queues (Linux's ipc/msg.c,
 * second half): IPC_STAT, MSG_STAT, MSG_STAT_ANY, IPC_SET, IPC_RMID,
 * IPC_INFO, MSG_INFO; /proc/sysvipc/msg and the limits
 * /proc/sys/kernel/msg{max,mnb,mni}, all of the caller's IPC namespace;
 * and the end of a namespace's queues. IPC_RMID takes the queue out of
 * the table at once and wakes its sleepers, who answer EIDRM.
 */
#include "kernel/ipc/msg_internal.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"
#include "lib/string.h"

/* The user's struct msqid64_ds (x86_64's layout). */
struct msqid64_ds {
	struct ipc64_perm msg_perm;
	s64 msg_stime, msg_rtime, msg_ctime;
	u64 msg_cbytes, msg_qnum, msg_qbytes;
	int msg_lspid, msg_lrpid;
	u64 __unused4, __unused5;
};

/* IPC_INFO's and MSG_INFO's struct msginfo. */
struct msginfo {
	int msgpool, msgmap, msgmax, msgmnb, msgmni, msgssz, msgtql;
	u16 msgseg;
};

static void fill_msqid64(struct msg_queue *q, struct msqid64_ds *out)
{
	memset(out, 0, sizeof(*out));
	kernel_to_ipc64_perm(&q->q_perm, &out->msg_perm);
	out->msg_stime = q->q_stime;
	out->msg_rtime = q->q_rtime;
	out->msg_ctime = q->q_ctime;
	out->msg_cbytes = q->q_cbytes;
	out->msg_qnum = q->q_qnum;
	out->msg_qbytes = q->q_qbytes;
	out->msg_lspid = q->q_lspid;
	out->msg_lrpid = q->q_lrpid;
}

/* IPC_STAT (by id), MSG_STAT and MSG_STAT_ANY (by slot: these answer the
 * id). */
static long msg_stat(int msqid, int cmd, void __user *buf)
{
	struct ipc_ids *ids = msg_ids(current_ipc_ns());
	unsigned long irq = spin_lock_irqsave(&ids->lock);
	struct msqid64_ds ds;
	long ret;
	struct kern_ipc_perm *p = ipc_obtain_stat(ids, msqid, cmd == IPC_STAT,
						  cmd == MSG_STAT_ANY, &ret);

	if (p)
		fill_msqid64(msg_of(p), &ds);
	spin_unlock_irqrestore(&ids->lock, irq);
	if (ret >= 0 && copy_to_user(buf, &ds, sizeof(ds)))
		return -EFAULT;
	return ret;
}

/* IPC_RMID: out of the table, its sleepers woken to answer EIDRM, the
 * messages freed with the last reference. */
static void freeque(struct ipc_ids *ids, struct msg_queue *q)
{
	ipc_rmid(ids, &q->q_perm);
	msg_changed(q);
	msg_put_locked(q);
}

/* IPC_SET and IPC_RMID on queue @msqid (its owner, creator or root). */
static long msg_change(int msqid, int cmd, const struct msqid64_ds *in)
{
	struct ipc_namespace *ns = current_ipc_ns();
	unsigned long irq = spin_lock_irqsave(&msg_ids(ns)->lock);
	struct kern_ipc_perm *p = ipc_obtain_id(msg_ids(ns), msqid);
	long ret = p ? ipc_owner_check(p) : -EINVAL;
	struct msg_queue *q = p ? msg_of(p) : NULL;

	if (!ret && cmd == IPC_RMID) {
		freeque(msg_ids(ns), q);
	} else if (!ret) {
		/* Above msgmnb only with CAP_SYS_RESOURCE. */
		if (in->msg_qbytes > ns->msg_ctlmnb && !capable(CAP_SYS_RESOURCE))
			ret = -EPERM;
		ret = ret ?: ipc_update_perm(&in->msg_perm, p);
		if (!ret) {
			q->q_qbytes = in->msg_qbytes;
			q->q_ctime = ipc_now();
			msg_changed(q);		/* senders may fit now */
		}
	}
	spin_unlock_irqrestore(&msg_ids(ns)->lock, irq);
	return ret;
}

/* IPC_INFO (the limits) and MSG_INFO (what is in use: queues, messages,
 * bytes); both answer the highest slot in use. */
static long msg_info(int cmd, void __user *buf)
{
	struct ipc_namespace *ns = current_ipc_ns();
	struct ipc_ids *ids = msg_ids(ns);
	unsigned long irq = spin_lock_irqsave(&ids->lock);
	struct msginfo info = {
		.msgpool = MSGPOOL, .msgmap = MSGMNB, .msgmax = (int)ns->msg_ctlmax,
		.msgmnb = (int)ns->msg_ctlmnb, .msgmni = ns->msg_ctlmni,
		.msgssz = MSGSSZ, .msgtql = MSGMNB, .msgseg = MSGSEG,
	};
	long maxidx = ipc_get_maxidx(ids);
	struct kern_ipc_perm *p;
	int i;

	if (cmd == MSG_INFO) {
		info.msgpool = ids->in_use;
		info.msgmap = info.msgtql = 0;
		ipc_for_each(ids, i, p) {
			info.msgmap += (int)msg_of(p)->q_qnum;
			info.msgtql += (int)msg_of(p)->q_cbytes;
		}
	}
	spin_unlock_irqrestore(&ids->lock, irq);
	if (copy_to_user(buf, &info, sizeof(info)))
		return -EFAULT;
	return maxidx < 0 ? 0 : maxidx;
}

/* msgctl(2): @cmd on queue @msqid (IPC_64 is the layout used anyway). */
long sys_msgctl(int msqid, int cmd, void __user *buf)
{
	struct msqid64_ds in;

	if (cmd < 0 || msqid < 0)
		return -EINVAL;
	cmd &= ~IPC_64;
	switch (cmd) {
	case IPC_INFO:
	case MSG_INFO:
		return msg_info(cmd, buf);
	case IPC_STAT:
	case MSG_STAT:
	case MSG_STAT_ANY:
		return msg_stat(msqid, cmd, buf);
	case IPC_SET:
		if (copy_from_user(&in, buf, sizeof(in)))
			return -EFAULT;
		return msg_change(msqid, cmd, &in);
	case IPC_RMID:
		return msg_change(msqid, cmd, NULL);
	default:
		return -EINVAL;
	}
}

int msg_proc_show(struct seq_buf *m, void *unused)
{
	struct ipc_ids *ids = msg_ids(current_ipc_ns());
	unsigned long irq = spin_lock_irqsave(&ids->lock);
	struct kern_ipc_perm *p;
	int i;

	seq_printf(m, "       key      msqid perms      cbytes       qnum lspid lrpid"
		   "   uid   gid  cuid  cgid      stime      rtime      ctime\n");
	ipc_for_each(ids, i, p) {
		struct msg_queue *q = msg_of(p);

		seq_printf(m, "%10d %10d  %4o  %10llu %10llu %5u %5u %5u %5u %5u %5u"
			   " %10lld %10lld %10lld\n",
			   p->key, p->id, p->mode, (unsigned long long)q->q_cbytes,
			   (unsigned long long)q->q_qnum, q->q_lspid, q->q_lrpid,
			   p->uid.val, p->gid.val, p->cuid.val, p->cgid.val,
			   (long long)q->q_stime, (long long)q->q_rtime,
			   (long long)q->q_ctime);
	}
	spin_unlock_irqrestore(&ids->lock, irq);
	return 0;
}

u64 msg_limit_get(enum msg_limit which)
{
	struct ipc_namespace *ns = current_ipc_ns();

	if (which == MSG_CTLMAX)
		return READ_ONCE(ns->msg_ctlmax);
	if (which == MSG_CTLMNB)
		return READ_ONCE(ns->msg_ctlmnb);
	return (u64)READ_ONCE(ns->msg_ctlmni);
}

int msg_limit_set(enum msg_limit which, u64 val)
{
	struct ipc_namespace *ns = current_ipc_ns();

	/* Linux's bounds: ints, msgmni at most IPCMNI. */
	if (val > 0x7fffffff || (which == MSG_CTLMNI && val > IPCMNI))
		return -EINVAL;
	if (which == MSG_CTLMAX)
		WRITE_ONCE(ns->msg_ctlmax, val);
	else if (which == MSG_CTLMNB)
		WRITE_ONCE(ns->msg_ctlmnb, val);
	else
		WRITE_ONCE(ns->msg_ctlmni, (int)val);
	return 0;
}

static void msg_free_one(struct ipc_namespace *ns, struct kern_ipc_perm *p)
{
	freeque(msg_ids(ns), msg_of(p));
}

void msg_exit_ns(struct ipc_namespace *ns)
{
	free_ipcs(ns, msg_ids(ns), msg_free_one);
}
