/*
 * System V semaphores (Linux's ipc/sem.c): semget, semop, semtimedop,
 * and the SEM_UNDO records. An array holds nsems counters from 0 to
 * SEMVMX. semop() applies its operations in order, all or none: an
 * operation above 0 adds, below 0 takes (waiting while the counter is
 * too small), 0 waits for the counter to be 0. A sleeper is counted on
 * the operation that stopped it (semncnt, semzcnt), waits on the
 * array's wait queue, and tries again at each change (gen). With
 * SEM_UNDO the process keeps what it did in a struct sem_undo, and the
 * last task sharing its list undoes it at exit (exit_sem()).
 */
#include "kernel/ipc/sem_internal.h"
#include "kernel/mm/slab.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/time/time_kernel.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"
#include "lib/string.h"

#define CLONE_SYSVSEM 0x00040000

struct sembuf {
	u16 sem_num;
	s16 sem_op;
	s16 sem_flg;
};

void sem_put_locked(struct sem_array *sma)
{
	if (!--sma->refs)
		kfree(sma);
}

void sem_changed(struct sem_array *sma)
{
	sma->gen++;
	wake_up(&sma->wait);
}

void freeary(struct ipc_namespace *ns, struct sem_array *sma)
{
	struct sem_undo *un, *n;

	list_for_each_entry_safe(un, n, &sma->undos, list_id) {
		list_del_init(&un->list_id);
		un->semid = -1;
	}
	ipc_rmid(sem_ids(ns), &sma->sem_perm);
	ns->used_sems -= sma->sem_nsems;
	sem_changed(sma);
	sem_put_locked(sma);
}

/* A new array of @nsems for @key in @ns (Linux's newary()); its id or
 * -errno. sem_ids(ns)'s lock held. */
static int newary(struct ipc_namespace *ns, int key, int nsems, int semflg)
{
	struct sem_array *sma;
	int id;

	if (!nsems)
		return -EINVAL;
	if (ns->used_sems + nsems > ns->sem_ctls[1])
		return -ENOSPC;
	sma = kzalloc(sizeof(*sma) + (u64)nsems * sizeof(struct sem), GFP_KERNEL);
	if (!sma)
		return -ENOMEM;
	id = ipc_addid(sem_ids(ns), &sma->sem_perm, key, semflg & 0777, ns->sem_ctls[3]);
	if (id < 0) {
		kfree(sma);
		return id;
	}
	sma->sem_nsems = nsems;
	sma->refs = 1;
	sma->sem_ctime = ipc_now();
	INIT_LIST_HEAD(&sma->undos);
	init_waitqueue_head(&sma->wait);
	ns->used_sems += nsems;
	return id;
}

/* semget(2): the array of @key, made if need be. */
long sys_semget(int key, int nsems, int semflg)
{
	struct ipc_namespace *ns = current_ipc_ns();
	unsigned long irq;
	struct kern_ipc_perm *p = NULL;
	long ret;

	if (nsems < 0 || nsems > ns->sem_ctls[0])
		return -EINVAL;
	irq = spin_lock_irqsave(&sem_ids(ns)->lock);
	if (key != IPC_PRIVATE)
		p = ipc_findkey(sem_ids(ns), key);
	if (p && (semflg & IPC_CREAT) && (semflg & IPC_EXCL))
		ret = -EEXIST;
	else if (p && nsems > sem_of(p)->sem_nsems)
		ret = -EINVAL;
	else if (p)
		ret = ipcperms(p, semflg) ?: p->id;
	else if (key != IPC_PRIVATE && !(semflg & IPC_CREAT))
		ret = -ENOENT;
	else
		ret = newary(ns, key, nsems, semflg);
	spin_unlock_irqrestore(&sem_ids(ns)->lock, irq);
	return ret;
}

/* current's undo list, made if need be (for arrays of @ns, current's):
 * NULL when out of memory. sem_ids(ns)'s lock held. */
static struct sem_undo_list *get_undo_list(struct ipc_namespace *ns)
{
	struct sem_undo_list *ulp = current->sysvsem;

	BUG_ON(ulp && ulp->ns != ns);	/* CLONE_NEWIPC and setns left it */
	if (ulp)
		return ulp;
	ulp = kzalloc(sizeof(*ulp), GFP_KERNEL);
	if (!ulp)
		return NULL;
	ulp->refs = 1;
	INIT_LIST_HEAD(&ulp->list_proc);
	ulp->ns = get_ipc_ns(ns);
	current->sysvsem = ulp;
	return ulp;
}

/* current's undo record for @sma of @ns, made if need be (and its
 * list): NULL when out of memory. sem_ids(ns)'s lock held. */
static struct sem_undo *find_alloc_undo(struct ipc_namespace *ns,
					struct sem_array *sma)
{
	struct sem_undo_list *ulp = get_undo_list(ns);
	struct sem_undo *un;

	if (!ulp)
		return NULL;
	list_for_each_entry(un, &ulp->list_proc, list_proc)
		if (un->semid == sma->sem_perm.id)
			return un;
	un = kzalloc(sizeof(*un) + (u64)sma->sem_nsems * sizeof(short), GFP_KERNEL);
	if (!un)
		return NULL;
	un->semid = sma->sem_perm.id;
	list_add(&un->list_proc, &ulp->list_proc);
	list_add(&un->list_id, &sma->undos);
	return un;
}

/*
 * Try @sops on @sma, all or none (Linux's perform_atomic_semop()): 0
 * when done, -ERANGE past SEMVMX or an undo past SEMAEM, or 1 when one
 * would wait (*@blocking: which). sem_ids' lock held.
 */
static int try_atomic_semop(struct sem_array *sma, const struct sembuf *sops,
			    int nsops, struct sem_undo *un, int *blocking)
{
	int i, ret = 0;

	for (i = 0; i < nsops; i++) {
		const struct sembuf *sop = &sops[i];
		struct sem *s = &sma->sems[sop->sem_num];
		int result = s->semval + sop->sem_op;
		int adj = un ? un->semadj[sop->sem_num] - sop->sem_op : 0;

		if ((!sop->sem_op && s->semval) || result < 0) {
			*blocking = i;
			ret = 1;
			break;
		}
		if (result > SEMVMX || ((sop->sem_flg & SEM_UNDO) &&
					(adj < -SEMAEM - 1 || adj > SEMAEM))) {
			ret = -ERANGE;
			break;
		}
		s->semval = result;
	}
	if (ret) {
		while (i-- > 0)		/* none of them, then */
			sma->sems[sops[i].sem_num].semval -= sops[i].sem_op;
		return ret;
	}
	for (i = 0; i < nsops; i++) {
		if (sops[i].sem_flg & SEM_UNDO)
			un->semadj[sops[i].sem_num] -= sops[i].sem_op;
		sma->sems[sops[i].sem_num].sempid = current->tgid;
	}
	return 0;
}

/* Sleep on @sma of @ids as a waiter on @sop until it changes, @ticks
 * pass or a signal comes; ids->lock held around it (*@irq). 0 to try
 * again, or -EIDRM, -EAGAIN (out of time), -ERESTARTNOHAND. */
static int sem_wait(struct ipc_ids *ids, struct sem_array *sma,
		    const struct sembuf *sop, u64 *ticks, unsigned long *irq)
{
	DEFINE_WAIT(w);
	int *cnt = sop->sem_op ? &sma->sems[sop->sem_num].semncnt
			       : &sma->sems[sop->sem_num].semzcnt;
	u64 gen = sma->gen;
	int ret = 0;

	sma->refs++;
	(*cnt)++;
	spin_unlock_irqrestore(&ids->lock, *irq);
	for (;;) {
		prepare_to_wait(&sma->wait, &w, TASK_INTERRUPTIBLE);
		if (READ_ONCE(sma->gen) != gen || signal_pending(current) || !*ticks)
			break;
		*ticks = schedule_timeout(*ticks);
	}
	finish_wait(&sma->wait, &w);
	*irq = spin_lock_irqsave(&ids->lock);
	(*cnt)--;
	if (sma->sem_perm.deleted)
		ret = -EIDRM;
	else if (sma->gen == gen)
		ret = signal_pending(current) ? -ERESTARTNOHAND : -EAGAIN;
	sem_put_locked(sma);
	return ret;
}

/* What semop's operations need: the highest semaphore, SEM_UNDO, and
 * whether any changes a counter (write permission) or only waits. */
static void scan_sops(const struct sembuf *sops, int nsops, int *max,
		      bool *undos, bool *alter)
{
	*max = 0;
	*undos = *alter = false;
	for (int i = 0; i < nsops; i++) {
		*max = MAX(*max, (int)sops[i].sem_num);
		*undos |= sops[i].sem_flg & SEM_UNDO;
		*alter |= sops[i].sem_op != 0;
	}
}

/* Look @semid up and run @sops, waiting up to @ticks (Linux's
 * do_semtimedop() once its arguments are in). */
static long do_semop(int semid, const struct sembuf *sops, int nsops, u64 ticks)
{
	struct ipc_namespace *ns = current_ipc_ns();
	struct ipc_ids *ids = sem_ids(ns);
	unsigned long irq = spin_lock_irqsave(&ids->lock);
	struct kern_ipc_perm *p = ipc_obtain_id(ids, semid);
	struct sem_array *sma = p ? sem_of(p) : NULL;
	struct sem_undo *un = NULL;
	int max, blocking = 0;
	bool undos, alter;
	long ret = p ? 0 : -EINVAL;

	scan_sops(sops, nsops, &max, &undos, &alter);
	if (!ret && max >= sma->sem_nsems)
		ret = -EFBIG;
	ret = ret ?: ipcperms(p, alter ? 0222 : 0444);
	if (!ret && undos && !(un = find_alloc_undo(ns, sma)))
		ret = -ENOMEM;
	while (!ret) {
		ret = try_atomic_semop(sma, sops, nsops, un, &blocking);
		if (ret <= 0)
			break;
		ret = sops[blocking].sem_flg & IPC_NOWAIT ? -EAGAIN
				: sem_wait(ids, sma, &sops[blocking], &ticks, &irq);
	}
	if (!ret) {
		sma->sem_otime = ipc_now();
		sem_changed(sma);
	}
	spin_unlock_irqrestore(&ids->lock, irq);
	return ret;
}

/* semtimedop(2): @nsops operations on array @semid, waiting at most
 * @timeout (NULL: for ever). */
long sys_semtimedop(int semid, const void __user *tsops, unsigned int nsops,
		    const void __user *timeout)
{
	u64 ticks = MAX_SCHEDULE_TIMEOUT;
	struct sembuf *sops;
	long ret;

	if (nsops < 1 || semid < 0)
		return -EINVAL;
	if (nsops > (unsigned int)READ_ONCE(current_ipc_ns()->sem_ctls[2]))
		return -E2BIG;
	sops = kmalloc(nsops * sizeof(*sops), GFP_KERNEL);
	if (!sops)
		return -ENOMEM;
	ret = copy_from_user(sops, tsops, nsops * sizeof(*sops)) ? -EFAULT : 0;
	if (!ret && timeout)
		ret = timeout_to_ticks(timeout, false, false, &ticks);
	ret = ret ?: do_semop(semid, sops, (int)nsops, ticks);
	kfree(sops);
	return ret;
}

/* semop(2): semtimedop without a time limit. */
long sys_semop(int semid, const void __user *tsops, unsigned int nsops)
{
	return sys_semtimedop(semid, tsops, nsops, NULL);
}

int copy_semundo(u64 clone_flags, struct task_struct *p)
{
	struct ipc_namespace *ns = current_ipc_ns();
	unsigned long irq;
	int ret = 0;

	p->sysvsem = NULL;
	if (!(clone_flags & CLONE_SYSVSEM))
		return 0;
	/* Threads made before any SEM_UNDO share the list made now. */
	irq = spin_lock_irqsave(&sem_ids(ns)->lock);
	p->sysvsem = get_undo_list(ns);
	if (p->sysvsem)
		p->sysvsem->refs++;
	else
		ret = -ENOMEM;
	spin_unlock_irqrestore(&sem_ids(ns)->lock, irq);
	return ret;
}

/* Apply @un's adjustments to its array in @ids, if it is still there,
 * each counter kept within 0 and SEMVMX as Linux does. ids->lock held. */
static void undo_one(struct ipc_ids *ids, struct sem_undo *un)
{
	struct kern_ipc_perm *p = un->semid < 0 ? NULL : ipc_obtain_id(ids, un->semid);
	struct sem_array *sma;

	list_del(&un->list_proc);
	if (!p)
		return;
	sma = sem_of(p);
	list_del(&un->list_id);
	for (int i = 0; i < sma->sem_nsems; i++) {
		struct sem *s = &sma->sems[i];

		if (!un->semadj[i])
			continue;
		s->semval = MIN(MAX(s->semval + un->semadj[i], 0), SEMVMX);
		s->sempid = current->tgid;
	}
	sma->sem_otime = ipc_now();
	sem_changed(sma);
}

void exit_sem(struct task_struct *p)
{
	struct sem_undo_list *ulp = p->sysvsem;
	struct sem_undo *un, *n;
	struct ipc_ids *ids;
	unsigned long irq;

	if (!ulp)
		return;
	p->sysvsem = NULL;
	ids = sem_ids(ulp->ns);
	irq = spin_lock_irqsave(&ids->lock);
	if (--ulp->refs) {
		spin_unlock_irqrestore(&ids->lock, irq);
		return;
	}
	list_for_each_entry_safe(un, n, &ulp->list_proc, list_proc) {
		undo_one(ids, un);
		kfree(un);
	}
	spin_unlock_irqrestore(&ids->lock, irq);
	put_ipc_ns(ulp->ns);
	kfree(ulp);
}

static void sem_free_one(struct ipc_namespace *ns, struct kern_ipc_perm *p)
{
	freeary(ns, sem_of(p));
}

void sem_exit_ns(struct ipc_namespace *ns)
{
	free_ipcs(ns, sem_ids(ns), sem_free_one);
}
