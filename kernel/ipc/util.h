/*
 * What System V IPC objects share (Linux's ipc/util.h): every segment,
 * and later semaphore set and message queue, carries a struct
 * kern_ipc_perm (its key, id, owner, creator and mode) in a table of its
 * kind, struct ipc_ids. An id is the table slot plus a sequence number
 * times IPCMNI (32768), as Linux makes it, so a stale id names nothing
 * once its slot is reused. Permission is checked like a file's mode,
 * against the owner and the creator alike (ipcperms()).
 *
 * A table finds an object by slot in an array (grown by doubling up to
 * IPCMNI slots) and by key in a small hash, so that making and finding
 * tens of thousands of them (LTP's semget05 fills SEMMNI) stays cheap.
 *
 * Each IPC namespace has one table of each kind (ipc_namespace.h).
 * Locking: ids->lock guards the table and every object's perm fields; it
 * nests inside mm->lock (a segment's attach count changes under it).
 */
#ifndef KERNEL_IPC_UTIL_H
#define KERNEL_IPC_UTIL_H

#include "kernel/cred.h"
#include "kernel/locking/spinlock.h"
#include "lib/list.h"
#include "lib/types.h"

struct ipc_namespace;
struct seq_buf;

/* Linux's values (include/uapi/linux/ipc.h). */
#define IPC_PRIVATE 0
#define IPC_CREAT 01000
#define IPC_EXCL 02000
#define IPC_NOWAIT 04000
#define IPC_RMID 0
#define IPC_SET 1
#define IPC_STAT 2
#define IPC_INFO 3
#define IPC_64 0x0100		/* glibc's "new" layout bit: the same here */
#define IPCMNI 32768		/* slots; an id is slot + seq * IPCMNI */
#define IPCID_SEQ_MAX (0x7fffffff / IPCMNI)
#define IPC_KEY_HASH 256	/* buckets of the key hash */

struct kern_ipc_perm {
	int key;
	int id;
	kuid_t uid, cuid;		/* owner, creator */
	kgid_t gid, cgid;
	u32 mode;			/* 0777 bits and the kind's flags */
	u16 seq;
	bool deleted;			/* out of the table: EIDRM */
	struct kern_ipc_perm *key_next;	/* in its ids->keys bucket */
};

struct ipc_ids {
	spinlock_t lock;
	struct kern_ipc_perm **slots;	/* slot (id % IPCMNI) -> object */
	int nr_slots;			/* entries in slots[] */
	int in_use;
	int max_idx;			/* the highest slot in use, or -1 */
	int last_idx;			/* the slot handed out last */
	u16 seq;			/* of the next id */
	int next_id;			/* the id the next object asks for
					 * (/proc/sys/kernel/msg_next_id...),
					 * or -1: any */
	struct kern_ipc_perm *keys[IPC_KEY_HASH];	/* by key, not private */
};

/* The kernel/ipc user-space struct ipc64_perm, as x86_64 lays it out. */
struct ipc64_perm {
	int key;
	u32 uid, gid, cuid, cgid;
	u32 mode;
	u16 seq, __pad2;
	u64 __unused1, __unused2;
};

/* Which of an IPC namespace's tables (Linux's numbering). */
enum { IPC_SEM_IDS, IPC_MSG_IDS, IPC_SHM_IDS, IPC_NR_IDS };

/* An empty table, as a static initializer. */
#define IPC_IDS_INIT(ids) { .lock = __SPIN_LOCK_UNLOCKED(ids.lock), \
			    .max_idx = -1, .last_idx = -1, .next_id = -1 }

/* Every object of @ids, in slot order (@i the slot). ids->lock held. */
#define ipc_for_each(ids, i, p) \
	for ((i) = 0; (i) <= (ids)->max_idx; (i)++) \
		if (((p) = (ids)->slots[i]))
/* Put @p in @ids in the next free slot after the last one handed out
 * (Linux's idr_alloc_cyclic()), or with ids->next_id set in the first
 * free slot from its slot on with its sequence (once), owned and created by current, with
 * @key and @mode; its id, or -ENOSPC when @limit objects exist already
 * (-ENOMEM if the slots cannot grow). ids->lock held. */
int ipc_addid(struct ipc_ids *ids, struct kern_ipc_perm *p, int key,
	      u32 mode, int limit);
/* @p is no longer found by its key (IPC_RMID of an attached segment):
 * its key becomes IPC_PRIVATE. ids->lock held. */
void ipc_set_key_private(struct ipc_ids *ids, struct kern_ipc_perm *p);
/* Take @p out of @ids (it is then deleted). ids->lock held. */
void ipc_rmid(struct ipc_ids *ids, struct kern_ipc_perm *p);
/* The object with key @key, or NULL. ids->lock held. */
struct kern_ipc_perm *ipc_findkey(struct ipc_ids *ids, int key);
/* The object in the slot of @id (id % IPCMNI, whatever its sequence),
 * or NULL. ids->lock held. */
struct kern_ipc_perm *ipc_obtain_idx(struct ipc_ids *ids, int id);
/* The object whose id is @id (slot and sequence), or NULL. ids->lock held. */
struct kern_ipc_perm *ipc_obtain_id(struct ipc_ids *ids, int id);
/*
 * The object a STAT command reads: IPC_STAT names it by id, the kind's
 * *_STAT and *_STAT_ANY by slot; all but *_STAT_ANY need read
 * permission. Its result in *@ret: 0 for IPC_STAT, the id for the
 * others, or -EINVAL, -EACCES (and NULL). ids->lock held.
 */
struct kern_ipc_perm *ipc_obtain_stat(struct ipc_ids *ids, int id, bool by_id,
				      bool any, long *ret);
/* The highest slot in use, or -1. ids->lock held. */
int ipc_get_maxidx(struct ipc_ids *ids);
/* Does current lack any of the rights in @flag (0777 bits, or S_IRUGO
 * etc.) on @p? 0 when granted (or CAP_IPC_OWNER), -EACCES if not. */
int ipcperms(const struct kern_ipc_perm *p, int flag);
/* May current change or remove @p (its owner or creator, or
 * CAP_SYS_ADMIN)? 0 or -EPERM. */
int ipc_owner_check(const struct kern_ipc_perm *p);
/* IPC_SET: take @in's uid, gid and permission bits (checked ids). 0, or
 * -EINVAL for an id that is not valid. */
int ipc_update_perm(const struct ipc64_perm *in, struct kern_ipc_perm *p);
/* The user-space view of @p. */
void kernel_to_ipc64_perm(const struct kern_ipc_perm *p, struct ipc64_perm *out);
/* /proc/sys/kernel/{msg,shm,sem}_next_id (Linux's CONFIG_CHECKPOINT_RESTORE
 * files): the id the next new object of table @which (IPC_MSG_IDS...) of
 * current's IPC namespace gets, -1 for none asked. */
int ipc_next_id_show(struct seq_buf *m, int which);
/* Set that id from @buf: 0..INT_MAX, else -EINVAL; the next ipc_addid()
 * uses it and resets it to -1. */
int ipc_next_id_store(int which, const char *buf);
/* Linux's free_ipcs(): at the end of namespace @ns, call @free on every
 * object of its table @ids, which takes it out. Takes ids->lock. */
void free_ipcs(struct ipc_namespace *ns, struct ipc_ids *ids,
	       void (*free)(struct ipc_namespace *ns, struct kern_ipc_perm *p));
/* Seconds since the epoch, for the objects' times. */
s64 ipc_now(void);

#endif
