/*
 * IPC namespaces (Linux's include/linux/ipc_namespace.h): everything
 * System V IPC and POSIX message queues keep is kept per namespace, so
 * that a process that unshares CLONE_NEWIPC sees none of the objects
 * outside it and nobody outside sees its own: the three id tables
 * (message queues, semaphore arrays, shared memory segments) with their
 * limits, and the mqueue file system with its limits. A new namespace
 * starts empty, with Linux's default limits (not its creator's).
 *
 * Lifetime: the namespace is counted by every nsproxy pointing at it, an
 * open /proc/<pid>/ns/ipc file, a SEM_UNDO list made in it, and every
 * VMA attaching one of its shared memory segments (Linux's shmat file
 * holds it the same way); the last reference frees it with every object
 * still in it (free_ipc_ns()).
 */
#ifndef KERNEL_IPC_IPC_NAMESPACE_H
#define KERNEL_IPC_IPC_NAMESPACE_H

#include "kernel/ipc/util.h"
#include "kernel/ns/nsproxy.h"
#include "kernel/workqueue.h"
#include "lib/types.h"

struct super_block;

struct ipc_namespace {
	struct ns_common ns;		/* first: put_ns() frees the whole */
	struct ipc_ids ids[IPC_NR_IDS];

	int sem_ctls[4];		/* SEMMSL, SEMMNS, SEMOPM, SEMMNI */
	long used_sems;			/* semaphores in all arrays (SEMMNS) */

	u64 msg_ctlmax, msg_ctlmnb;	/* bytes in a message, in a queue */
	int msg_ctlmni;			/* queues */

	u64 shm_ctlmax, shm_ctlall;	/* bytes in a segment, pages in all */
	int shm_ctlmni;			/* segments */
	int shm_rmid_forced;		/* 1: a segment goes at its last detach
					 * even without IPC_RMID */
	u64 shm_tot;			/* pages of all segments (SHMALL's) */

	/* POSIX message queues (kernel/ipc/mqueue.c); mq_lock. */
	struct super_block *mq_sb;	/* its mqueue instance, made on first
					 * use (Linux's mq_mnt) */
	unsigned int mq_queues_count;
	unsigned int mq_queues_max, mq_msg_max, mq_msgsize_max;
	unsigned int mq_msg_default, mq_msgsize_default;

	struct user_namespace *user_ns;	/* its owner, = ns.user_ns */
	struct work_struct free_work;	/* put_ipc_ns_deferred() */
};

extern struct ipc_namespace init_ipc_ns;

static inline struct ipc_namespace *to_ipc_ns(struct ns_common *ns)
{
	return container_of(ns, struct ipc_namespace, ns);
}

static inline struct ipc_ids *sem_ids(struct ipc_namespace *ns)
{
	return &ns->ids[IPC_SEM_IDS];
}

static inline struct ipc_ids *msg_ids(struct ipc_namespace *ns)
{
	return &ns->ids[IPC_MSG_IDS];
}

static inline struct ipc_ids *shm_ids(struct ipc_namespace *ns)
{
	return &ns->ids[IPC_SHM_IDS];
}

/* The namespace current's System V and mqueue calls act in: current
 * keeps it while it runs (unreferenced). */
struct ipc_namespace *current_ipc_ns(void);
/* A new, empty namespace for a task of @old's (clone, unshare with
 * CLONE_NEWIPC): referenced once, or NULL without memory. */
struct ipc_namespace *copy_ipcs(struct ipc_namespace *old);
static inline struct ipc_namespace *get_ipc_ns(struct ipc_namespace *ns)
{
	return to_ipc_ns(get_ns(&ns->ns));
}
/* Drop a reference; the last frees @ns with everything in it. Process
 * context, no IPC lock held (free_ipcs() takes them). */
void put_ipc_ns(struct ipc_namespace *ns);
/* put_ipc_ns() from any context (a VMA's close under mm->lock): the
 * freeing, if this was the last, runs later in [kworker/0]. */
void put_ipc_ns_deferred(struct ipc_namespace *ns);
/* put_ns()'s end for an IPC namespace: free it and every object in it. */
void free_ipc_ns(struct ipc_namespace *ns);

/* What each kind does at a namespace's end (msgctl.c, sem.c, shmctl.c,
 * mqueue.c): remove every object still in it. */
void msg_exit_ns(struct ipc_namespace *ns);
void sem_exit_ns(struct ipc_namespace *ns);
void shm_exit_ns(struct ipc_namespace *ns);
void mq_exit_ns(struct ipc_namespace *ns);

#endif
