/*
 * What sem.c (semget, semop, SEM_UNDO) and semctl.c (semctl and the /proc
 * views) share: an array's struct, the undo records, and the table.
 * Linux keeps both in ipc/sem.c.
 */
#ifndef KERNEL_IPC_SEM_INTERNAL_H
#define KERNEL_IPC_SEM_INTERNAL_H

#include "kernel/ipc/ipc_namespace.h"
#include "kernel/ipc/sem.h"
#include "kernel/ipc/util.h"
#include "kernel/sched/wait.h"

/* Linux's values (include/uapi/linux/sem.h). */
#define SEMMNI 32000
#define SEMMSL 32000
#define SEMMNS (SEMMNI * SEMMSL)
#define SEMOPM 500
#define SEMVMX 32767
#define SEMAEM SEMVMX
#define SEM_UNDO 0x1000
#define GETPID 11
#define GETVAL 12
#define GETALL 13
#define GETNCNT 14
#define GETZCNT 15
#define SETVAL 16
#define SETALL 17
#define SEM_STAT 18
#define SEM_INFO 19
#define SEM_STAT_ANY 20

struct sem {
	int semval;
	int sempid;			/* last to change it */
	int semncnt, semzcnt;		/* sleepers waiting to decrease it,
					 * and for it to be 0 */
};

/* One process's adjustments to one array, undone at its exit. */
struct sem_undo {
	struct list_head list_proc;	/* in its sem_undo_list */
	struct list_head list_id;	/* in its array's undos */
	int semid;			/* -1 once the array is gone */
	short semadj[];			/* one per semaphore */
};

/* A process's undo records (shared by CLONE_SYSVSEM threads), all of
 * arrays of one namespace: CLONE_NEWIPC and setns(2) leave the list. */
struct sem_undo_list {
	int refs;			/* tasks sharing it; sem_ids' lock */
	struct list_head list_proc;
	struct ipc_namespace *ns;	/* its arrays' (a reference) */
};

struct sem_array {
	struct kern_ipc_perm sem_perm;	/* first: sem_of() */
	s64 sem_otime, sem_ctime;	/* last semop, last change */
	int sem_nsems;
	struct list_head undos;		/* struct sem_undo, list_id */
	struct wait_queue_head wait;	/* semop sleepers */
	u64 gen;			/* bumped at each change */
	int refs;			/* the table, and each sleeper */
	struct sem sems[];
};

static inline struct sem_array *sem_of(struct kern_ipc_perm *p)
{
	return container_of(p, struct sem_array, sem_perm);
}

/* Drop a reference; the last frees the array. sem_ids' lock held. */
void sem_put_locked(struct sem_array *sma);
/* Every sleeper on @sma looks again. sem_ids' lock held. */
void sem_changed(struct sem_array *sma);
/* IPC_RMID: out of @ns's table, the undos cut loose, sleepers woken to
 * EIDRM. sem_ids(ns)'s lock held. */
void freeary(struct ipc_namespace *ns, struct sem_array *sma);

#endif
