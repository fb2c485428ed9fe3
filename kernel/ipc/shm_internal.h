/*
 * What shm.c (the segments, shmget/shmat/shmdt) and shmctl.c (shmctl and
 * the /proc views) share: a segment's struct and the table. Linux keeps
 * both in ipc/shm.c; here shmctl's many commands have a file of their own.
 */
#ifndef KERNEL_IPC_SHM_INTERNAL_H
#define KERNEL_IPC_SHM_INTERNAL_H

#include "kernel/ipc/ipc_namespace.h"
#include "kernel/ipc/shm.h"
#include "kernel/ipc/util.h"
#include "kernel/mm/mm.h"

/* Linux's values (include/uapi/linux/shm.h, asm/shmbuf.h). */
#define SHMMIN 1
#define SHMMNI 4096
#define SHMMAX (~0ul - (1ul << 24))
#define SHMALL (~0ul - (1ul << 24))
#define SHMSEG SHMMNI
#define SHMLBA PAGE_SIZE
#define SHM_RDONLY 010000
#define SHM_RND 020000
#define SHM_REMAP 040000
#define SHM_EXEC 0100000
#define SHM_DEST 01000		/* in mode: removed, goes at its last detach */
#define SHM_LOCKED 02000	/* in mode: SHM_LOCK */
#define SHM_HUGETLB 04000
#define SHM_LOCK 11
#define SHM_UNLOCK 12
#define SHM_STAT 13
#define SHM_INFO 14
#define SHM_STAT_ANY 15
#define SHM_DEV 1		/* the maps device column: 00:01, as Linux's */

struct address_space;

struct shmid_kernel {
	struct kern_ipc_perm shm_perm;	/* first: shm_of() */
	struct address_space *mapping;	/* the pages (a reference) */
	u64 shm_segsz;			/* bytes, as asked */
	s64 shm_atim, shm_dtim, shm_ctim;
	int shm_cprid, shm_lprid;	/* creator, last shmat/shmdt */
	u64 shm_nattch;			/* VMAs mapping it, and pending shmats */
	struct ipc_namespace *ns;	/* its table's (each VMA holds it) */
};

static inline struct shmid_kernel *shm_of(struct kern_ipc_perm *p)
{
	return container_of(p, struct shmid_kernel, shm_perm);
}

/* One attach fewer; a removed segment (SHM_DEST) goes with its last, as
 * does every one while shm_rmid_forced is set. shm_ids' lock held. */
void shm_detach_locked(struct shmid_kernel *shp);
/* Out of the table and its reference on the pages dropped; freed.
 * shm_ids' lock held, no attaches left. */
void shm_destroy(struct shmid_kernel *shp);
/* Pages of @shp's segment that exist (its Rss). */
u64 shm_rss(const struct shmid_kernel *shp);

#endif
