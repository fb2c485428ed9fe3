/*
 * IPC namespaces (Linux's ipc/namespace.c and msgutil.c's init_ipc_ns):
 * the boot namespace, a new empty one for clone and unshare with
 * CLONE_NEWIPC (copy_ipcs()), and the end of one (free_ipc_ns()), which
 * removes every message queue, semaphore array, shared memory segment
 * and POSIX message queue still in it. The calls of each kind find their
 * tables through current_ipc_ns().
 */
#include "kernel/ipc/ipc_namespace.h"
#include "kernel/ipc/mqueue_internal.h"
#include "kernel/ipc/msg_internal.h"
#include "kernel/ipc/sem_internal.h"
#include "kernel/ipc/shm_internal.h"
#include "kernel/mm/slab.h"
#include "kernel/sched/sched.h"
#include "kernel/task.h"
#include "lib/bug.h"

/* Linux's defaults, which every namespace starts with (its *_init_ns()). */
#define IPC_NS_LIMITS \
	.sem_ctls = { SEMMSL, SEMMNS, SEMOPM, SEMMNI }, \
	.msg_ctlmax = MSGMAX, .msg_ctlmnb = MSGMNB, .msg_ctlmni = MSGMNI, \
	.shm_ctlmax = SHMMAX, .shm_ctlall = SHMALL, .shm_ctlmni = SHMMNI, \
	.mq_queues_max = DFLT_QUEUESMAX, .mq_msg_max = DFLT_MSGMAX, \
	.mq_msgsize_max = DFLT_MSGSIZEMAX, .mq_msg_default = DFLT_MSG, \
	.mq_msgsize_default = DFLT_MSGSIZE

#define INIT_IPC_IDS(i) IPC_IDS_INIT(init_ipc_ns.ids[i])

struct ipc_namespace init_ipc_ns = {
	.ns = { .count = REFCOUNT_INIT(1), .inum = PROC_IPC_INIT_INO,
		.type = CLONE_NEWIPC,
		.user_ns = &init_user_ns },
	.ids = { INIT_IPC_IDS(IPC_SEM_IDS), INIT_IPC_IDS(IPC_MSG_IDS),
		 INIT_IPC_IDS(IPC_SHM_IDS) },
	IPC_NS_LIMITS,
	.user_ns = &init_user_ns,
};

struct ipc_namespace *current_ipc_ns(void)
{
	return current_nsproxy()->ipc_ns;
}

static void ipc_ids_init(struct ipc_ids *ids, const char *name)
{
	spin_lock_init(&ids->lock, name);
	ids->max_idx = ids->last_idx = ids->next_id = -1;
}

static void free_ipc_work(struct work_struct *work);

struct ipc_namespace *copy_ipcs(struct ipc_namespace *old)
{
	struct ipc_namespace *ns = kmalloc(sizeof(*ns), GFP_KERNEL);

	if (!ns)
		return NULL;
	*ns = (struct ipc_namespace){ IPC_NS_LIMITS };
	ns_init(&ns->ns, CLONE_NEWIPC);
	ns->user_ns = ns->ns.user_ns;	/* Linux's name for it */
	ipc_ids_init(sem_ids(ns), "sem_ids.lock");
	ipc_ids_init(msg_ids(ns), "msg_ids.lock");
	ipc_ids_init(shm_ids(ns), "shm_ids.lock");
	INIT_LIST_HEAD(&ns->free_work.entry);
	ns->free_work.func = free_ipc_work;
	return ns;
}

void free_ipc_ns(struct ipc_namespace *ns)
{
	might_sleep();
	BUG_ON(ns == &init_ipc_ns || refcount_read(&ns->ns.count));
	sem_exit_ns(ns);
	msg_exit_ns(ns);
	shm_exit_ns(ns);
	mq_exit_ns(ns);
	kfree(ns);
}

void put_ipc_ns(struct ipc_namespace *ns)
{
	put_ns(&ns->ns);
}

static void free_ipc_work(struct work_struct *work)
{
	free_ipc_ns(container_of(work, struct ipc_namespace, free_work));
}

void put_ipc_ns_deferred(struct ipc_namespace *ns)
{
	if (refcount_dec_and_test(&ns->ns.count))
		schedule_work(&ns->free_work);
}
