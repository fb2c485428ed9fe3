/*
 * semctl(2) and the views of the semaphore arrays (Linux's ipc/sem.c,
 * second half): IPC_STAT, SEM_STAT, SEM_STAT_ANY, IPC_SET, IPC_RMID,
 * IPC_INFO, SEM_INFO, GETVAL, GETALL, GETPID, GETNCNT, GETZCNT, SETVAL,
 * SETALL; /proc/sysvipc/sem and /proc/sys/kernel/sem. A SETVAL or SETALL
 * clears the SEM_UNDO adjustments of what it sets, as in Linux.
 */
#include "kernel/ipc/sem_internal.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/mm/slab.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"
#include "lib/string.h"

#define SEMUSZ 20

/* The user's struct semid64_ds (x86_64's layout). */
struct semid64_ds {
	struct ipc64_perm sem_perm;
	s64 sem_otime;
	u64 __unused1;
	s64 sem_ctime;
	u64 __unused2;
	u64 sem_nsems;
	u64 __unused3, __unused4;
};

/* IPC_INFO's and SEM_INFO's struct seminfo. */
struct seminfo {
	int semmap, semmni, semmns, semmnu, semmsl, semopm, semume, semusz,
	    semvmx, semaem;
};

/* Array @semid of @ids, checked for @acc rights: 0 and *@sma, or
 * -errno. ids->lock held. */
static int sem_lookup(struct ipc_ids *ids, int semid, int acc,
		      struct sem_array **sma)
{
	struct kern_ipc_perm *p = ipc_obtain_id(ids, semid);

	if (!p)
		return -EINVAL;
	*sma = sem_of(p);
	return acc ? ipcperms(p, acc) : 0;
}

/* Clear the SEM_UNDO adjustments of semaphore @num (-1: all). */
static void clear_semadj(struct sem_array *sma, int num)
{
	struct sem_undo *un;

	list_for_each_entry(un, &sma->undos, list_id) {
		if (num < 0)
			memset(un->semadj, 0, (u64)sma->sem_nsems * sizeof(short));
		else
			un->semadj[num] = 0;
	}
}

/* @sma's values were set: the undos forget them, sleepers look again. */
static void sem_values_set(struct sem_array *sma, int num)
{
	clear_semadj(sma, num);
	sma->sem_ctime = ipc_now();
	sem_changed(sma);
}

static void fill_semid64(struct sem_array *sma, struct semid64_ds *out)
{
	memset(out, 0, sizeof(*out));
	kernel_to_ipc64_perm(&sma->sem_perm, &out->sem_perm);
	out->sem_otime = sma->sem_otime;
	out->sem_ctime = sma->sem_ctime;
	out->sem_nsems = (u64)sma->sem_nsems;
}

/* IPC_STAT (by id), SEM_STAT and SEM_STAT_ANY (by slot: these answer the
 * id). */
static long semctl_stat(int semid, int cmd, void __user *buf)
{
	struct ipc_ids *ids = sem_ids(current_ipc_ns());
	unsigned long irq = spin_lock_irqsave(&ids->lock);
	struct semid64_ds ds;
	long ret;
	struct kern_ipc_perm *p = ipc_obtain_stat(ids, semid, cmd == IPC_STAT,
						  cmd == SEM_STAT_ANY, &ret);

	if (p)
		fill_semid64(sem_of(p), &ds);
	spin_unlock_irqrestore(&ids->lock, irq);
	if (ret >= 0 && copy_to_user(buf, &ds, sizeof(ds)))
		return -EFAULT;
	return ret;
}

/* GETVAL, GETPID, GETNCNT, GETZCNT: one semaphore's field. */
static long semctl_get(int semid, int semnum, int cmd)
{
	struct ipc_ids *ids = sem_ids(current_ipc_ns());
	unsigned long irq = spin_lock_irqsave(&ids->lock);
	struct sem_array *sma;
	long ret = sem_lookup(ids, semid, 0444, &sma);
	struct sem *s;

	if (!ret && (semnum < 0 || semnum >= sma->sem_nsems))
		ret = -EINVAL;
	if (!ret) {
		s = &sma->sems[semnum];
		ret = cmd == GETVAL ? s->semval : cmd == GETPID ? s->sempid
		    : cmd == GETNCNT ? s->semncnt : s->semzcnt;
	}
	spin_unlock_irqrestore(&ids->lock, irq);
	return ret;
}

static long semctl_setval(int semid, int semnum, int val)
{
	struct ipc_ids *ids = sem_ids(current_ipc_ns());
	unsigned long irq;
	struct sem_array *sma;
	long ret;

	if (val > SEMVMX || val < 0)
		return -ERANGE;
	irq = spin_lock_irqsave(&ids->lock);
	ret = sem_lookup(ids, semid, 0, &sma);
	if (!ret && (semnum < 0 || semnum >= sma->sem_nsems))
		ret = -EINVAL;
	ret = ret ?: ipcperms(&sma->sem_perm, 0222);
	if (!ret) {
		sma->sems[semnum].semval = val;
		sma->sems[semnum].sempid = current->tgid;
		sem_values_set(sma, semnum);
	}
	spin_unlock_irqrestore(&ids->lock, irq);
	return ret;
}

/* GETALL into, or SETALL from, the user's array of unsigned shorts
 * @buf. The array's size is only known under the lock; the copies are
 * made outside it, with the size seen then. */
static long semctl_all(int semid, int cmd, void __user *buf)
{
	int acc = cmd == SETALL ? 0222 : 0444, n;
	struct ipc_ids *ids = sem_ids(current_ipc_ns());
	unsigned long irq = spin_lock_irqsave(&ids->lock);
	struct sem_array *sma;
	long ret = sem_lookup(ids, semid, acc, &sma);
	u16 *vals;

	n = ret ? 0 : sma->sem_nsems;
	spin_unlock_irqrestore(&ids->lock, irq);
	if (ret)
		return ret;
	vals = kmalloc((u64)n * sizeof(*vals), GFP_KERNEL);
	if (!vals)
		return -ENOMEM;
	if (cmd == SETALL && copy_from_user(vals, buf, (u64)n * sizeof(*vals)))
		ret = -EFAULT;
	for (int i = 0; !ret && cmd == SETALL && i < n; i++)
		if (vals[i] > SEMVMX)
			ret = -ERANGE;
	irq = spin_lock_irqsave(&ids->lock);
	ret = ret ?: sem_lookup(ids, semid, acc, &sma);
	if (!ret && sma->sem_nsems != n)
		ret = -EIDRM;		/* another array in its place */
	for (int i = 0; !ret && i < n; i++) {
		if (cmd == SETALL) {
			sma->sems[i].semval = vals[i];
			sma->sems[i].sempid = current->tgid;
		} else {
			vals[i] = (u16)sma->sems[i].semval;
		}
	}
	if (!ret && cmd == SETALL)
		sem_values_set(sma, -1);
	spin_unlock_irqrestore(&ids->lock, irq);
	if (!ret && cmd == GETALL && copy_to_user(buf, vals, (u64)n * sizeof(*vals)))
		ret = -EFAULT;
	kfree(vals);
	return ret;
}

/* IPC_SET and IPC_RMID (the owner, creator or root). */
static long semctl_down(int semid, int cmd, const struct semid64_ds *in)
{
	struct ipc_namespace *ns = current_ipc_ns();
	struct ipc_ids *ids = sem_ids(ns);
	unsigned long irq = spin_lock_irqsave(&ids->lock);
	struct sem_array *sma;
	long ret = sem_lookup(ids, semid, 0, &sma);

	ret = ret ?: ipc_owner_check(&sma->sem_perm);
	if (!ret && cmd == IPC_RMID) {
		freeary(ns, sma);
	} else if (!ret) {
		ret = ipc_update_perm(&in->sem_perm, &sma->sem_perm);
		if (!ret)
			sma->sem_ctime = ipc_now();
	}
	spin_unlock_irqrestore(&ids->lock, irq);
	return ret;
}

/* IPC_INFO (the limits) and SEM_INFO (arrays and semaphores in use);
 * both answer the highest slot in use. */
static long semctl_info(int cmd, void __user *buf)
{
	struct ipc_namespace *ns = current_ipc_ns();
	struct ipc_ids *ids = sem_ids(ns);
	unsigned long irq = spin_lock_irqsave(&ids->lock);
	struct seminfo info = {
		.semmni = ns->sem_ctls[3], .semmns = ns->sem_ctls[1],
		.semmsl = ns->sem_ctls[0], .semopm = ns->sem_ctls[2],
		.semvmx = SEMVMX, .semmnu = SEMMNS, .semmap = SEMMNS, .semume = SEMOPM,
		.semusz = cmd == SEM_INFO ? ids->in_use : SEMUSZ,
		.semaem = cmd == SEM_INFO ? (int)ns->used_sems : SEMAEM,
	};
	long maxidx = ipc_get_maxidx(ids);

	spin_unlock_irqrestore(&ids->lock, irq);
	if (copy_to_user(buf, &info, sizeof(info)))
		return -EFAULT;
	return maxidx < 0 ? 0 : maxidx;
}

/* semctl(2): @cmd on array @semid (semaphore @semnum), with @arg as the
 * union semun Linux passes by value: a value or a pointer. */
long sys_semctl(int semid, int semnum, int cmd, unsigned long arg)
{
	void __user *ptr = (void __user *)arg;
	struct semid64_ds in;

	if (semid < 0)
		return -EINVAL;
	cmd &= ~IPC_64;
	switch (cmd) {
	case IPC_INFO:
	case SEM_INFO:
		return semctl_info(cmd, ptr);
	case IPC_STAT:
	case SEM_STAT:
	case SEM_STAT_ANY:
		return semctl_stat(semid, cmd, ptr);
	case GETVAL:
	case GETPID:
	case GETNCNT:
	case GETZCNT:
		return semctl_get(semid, semnum, cmd);
	case GETALL:
	case SETALL:
		return semctl_all(semid, cmd, ptr);
	case SETVAL:
		return semctl_setval(semid, semnum, (int)arg);
	case IPC_SET:
		if (copy_from_user(&in, ptr, sizeof(in)))
			return -EFAULT;
		return semctl_down(semid, cmd, &in);
	case IPC_RMID:
		return semctl_down(semid, cmd, NULL);
	default:
		return -EINVAL;
	}
}

int sem_proc_show(struct seq_buf *m, void *unused)
{
	struct ipc_ids *ids = sem_ids(current_ipc_ns());
	unsigned long irq = spin_lock_irqsave(&ids->lock);
	struct kern_ipc_perm *p;
	int i;

	seq_printf(m, "       key      semid perms      nsems   uid   gid  cuid  cgid"
		   "      otime      ctime\n");
	ipc_for_each(ids, i, p)
		seq_printf(m, "%10d %10d  %4o %10u %5u %5u %5u %5u %10lld %10lld\n",
			   p->key, p->id, p->mode, sem_of(p)->sem_nsems, p->uid.val,
			   p->gid.val, p->cuid.val, p->cgid.val,
			   (long long)sem_of(p)->sem_otime, (long long)sem_of(p)->sem_ctime);
	spin_unlock_irqrestore(&ids->lock, irq);
	return 0;
}

int sem_limits_show(struct seq_buf *m, void *unused)
{
	int *ctls = current_ipc_ns()->sem_ctls;

	seq_printf(m, "%d\t%d\t%d\t%d\n", READ_ONCE(ctls[0]), READ_ONCE(ctls[1]),
		   READ_ONCE(ctls[2]), READ_ONCE(ctls[3]));
	return 0;
}

/* The next decimal number of *@s (blanks before it skipped), moving
 * *@s past it: 0 to INT_MAX, or -1. */
static long next_number(const char **s)
{
	long v = 0;

	while (**s == ' ' || **s == '\t')
		(*s)++;
	if (**s < '0' || **s > '9')
		return -1;
	for (; **s >= '0' && **s <= '9'; (*s)++)
		if ((v = v * 10 + (**s - '0')) > 0x7fffffff)
			return -1;
	return v;
}

int sem_limits_store(void *unused, const char *buf, size_t len)
{
	const char *s = buf;
	long v[4];

	for (int i = 0; i < 4; i++)
		if ((v[i] = next_number(&s)) < 0)
			return -EINVAL;
	if (v[3] > IPCMNI)
		return -EINVAL;
	for (int i = 0; i < 4; i++)
		WRITE_ONCE(current_ipc_ns()->sem_ctls[i], (int)v[i]);
	return 0;
}
