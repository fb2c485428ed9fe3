/*
 * The tables of System V IPC objects and their permission checks
 * (Linux's ipc/util.c), shared by every kind (shm.c, msg.c, sem.c): a
 * slot array for the ids, a key hash for shmget/msgget/semget.
 */
#include "kernel/ipc/ipc_namespace.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/mm/slab.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/task.h"
#include "kernel/time/time.h"
#include "kernel/time/time_kernel.h"
#include "lib/errno.h"
#include "lib/string.h"

static int ipc_idx(const struct kern_ipc_perm *p)
{
	return p->id % IPCMNI;
}

static struct kern_ipc_perm **key_bucket(struct ipc_ids *ids, int key)
{
	return &ids->keys[(u32)key % IPC_KEY_HASH];
}

struct kern_ipc_perm *ipc_obtain_idx(struct ipc_ids *ids, int id)
{
	int idx = id < 0 ? -1 : id % IPCMNI;

	return idx >= 0 && idx < ids->nr_slots ? ids->slots[idx] : NULL;
}

struct kern_ipc_perm *ipc_obtain_id(struct ipc_ids *ids, int id)
{
	struct kern_ipc_perm *p = ipc_obtain_idx(ids, id);

	return p && p->id == id ? p : NULL;
}

struct kern_ipc_perm *ipc_findkey(struct ipc_ids *ids, int key)
{
	struct kern_ipc_perm *p = *key_bucket(ids, key);

	while (p && p->key != key)
		p = p->key_next;
	return p;
}

struct kern_ipc_perm *ipc_obtain_stat(struct ipc_ids *ids, int id, bool by_id,
				      bool any, long *ret)
{
	struct kern_ipc_perm *p = by_id ? ipc_obtain_id(ids, id) : ipc_obtain_idx(ids, id);

	*ret = p ? 0 : -EINVAL;
	if (p && !any)
		*ret = ipcperms(p, 0444);
	if (*ret)
		return NULL;
	*ret = by_id ? 0 : p->id;
	return p;
}

int ipc_get_maxidx(struct ipc_ids *ids)
{
	return ids->max_idx;
}

/* The first free slot from @from on, wrapping (a slot past nr_slots is
 * free too); -1 if all IPCMNI are taken. */
static int free_slot(struct ipc_ids *ids, int from)
{
	for (int n = 0; n < IPCMNI; n++) {
		int idx = (from + n) % IPCMNI;

		if (idx >= ids->nr_slots || !ids->slots[idx])
			return idx;
	}
	return -1;
}

/* Room in slots[] for @idx, doubling (kmalloc does not sleep). */
static bool grow_slots(struct ipc_ids *ids, int idx)
{
	int n = ids->nr_slots ? ids->nr_slots : 64;
	struct kern_ipc_perm **slots;

	if (idx < ids->nr_slots)
		return true;
	while (n <= idx)
		n *= 2;
	slots = kzalloc((u64)n * sizeof(*slots), GFP_KERNEL);
	if (!slots)
		return false;
	if (ids->slots)
		memcpy(slots, ids->slots, (u64)ids->nr_slots * sizeof(*slots));
	kfree(ids->slots);
	ids->slots = slots;
	ids->nr_slots = n;
	return true;
}

/* Put @p at free slot @idx (p->seq set): its id. */
static int ipc_insert(struct ipc_ids *ids, struct kern_ipc_perm *p, int key,
		      u32 mode, int idx)
{
	const struct cred *cred = current->cred;

	p->key = key;
	p->id = idx + p->seq * IPCMNI;
	p->uid = p->cuid = cred->euid;
	p->gid = p->cgid = cred->egid;
	p->mode = mode;
	p->deleted = false;
	ids->slots[idx] = p;
	ids->max_idx = MAX(ids->max_idx, idx);
	ids->in_use++;
	if (key != IPC_PRIVATE) {
		p->key_next = *key_bucket(ids, key);
		*key_bucket(ids, key) = p;
	}
	return p->id;
}

/* ipc_addid() for a chosen @next_id: the first free slot from its slot
 * up (not wrapping, as Linux's idr_alloc() to no end), its sequence. */
static int ipc_addid_at(struct ipc_ids *ids, struct kern_ipc_perm *p, int key,
			u32 mode, int next_id)
{
	int idx = next_id % IPCMNI;

	while (idx < IPCMNI && idx < ids->nr_slots && ids->slots[idx])
		idx++;
	if (idx >= IPCMNI)
		return -ENOSPC;
	if (!grow_slots(ids, idx))
		return -ENOMEM;
	p->seq = (u16)(next_id / IPCMNI);
	return ipc_insert(ids, p, key, mode, idx);
}

int ipc_addid(struct ipc_ids *ids, struct kern_ipc_perm *p, int key,
	      u32 mode, int limit)
{
	int next_id = ids->next_id;
	int idx;

	ids->next_id = -1;		/* asked for once, failed or not */
	if (ids->in_use >= limit)
		return -ENOSPC;
	if (next_id >= 0)
		return ipc_addid_at(ids, p, key, mode, next_id);
	idx = free_slot(ids, ids->last_idx + 1);
	if (idx < 0)
		return -ENOSPC;
	if (!grow_slots(ids, idx))
		return -ENOMEM;
	/* A new round of slots: ids from now on differ from the last round's. */
	if (idx <= ids->last_idx && ++ids->seq >= IPCID_SEQ_MAX)
		ids->seq = 0;
	ids->last_idx = idx;
	p->seq = ids->seq;
	return ipc_insert(ids, p, key, mode, idx);
}

void ipc_set_key_private(struct ipc_ids *ids, struct kern_ipc_perm *p)
{
	struct kern_ipc_perm **pp = key_bucket(ids, p->key);

	if (p->key == IPC_PRIVATE)
		return;
	while (*pp && *pp != p)
		pp = &(*pp)->key_next;
	if (*pp)
		*pp = p->key_next;
	p->key = IPC_PRIVATE;
}

void ipc_rmid(struct ipc_ids *ids, struct kern_ipc_perm *p)
{
	ipc_set_key_private(ids, p);
	ids->slots[ipc_idx(p)] = NULL;
	while (ids->max_idx >= 0 && !ids->slots[ids->max_idx])
		ids->max_idx--;
	ids->in_use--;
	p->deleted = true;
	if (!ids->in_use) {
		/* The slots go with the last object: an empty table holds
		 * no memory (the next ids go on from last_idx all the same). */
		kfree(ids->slots);
		ids->slots = NULL;
		ids->nr_slots = 0;
	}
}

static bool owns(const struct cred *cred, const struct kern_ipc_perm *p)
{
	return uid_eq(cred->euid, p->uid) || uid_eq(cred->euid, p->cuid);
}

int ipcperms(const struct kern_ipc_perm *p, int flag)
{
	const struct cred *cred = current->cred;
	int requested = (flag >> 6) | (flag >> 3) | flag;
	int granted = (int)p->mode;

	if (owns(cred, p))
		granted >>= 6;
	else if (in_group_p(p->gid) || in_group_p(p->cgid))
		granted >>= 3;
	if ((requested & ~granted & 0007) && !capable(CAP_IPC_OWNER))
		return -EACCES;
	return 0;
}

int ipc_owner_check(const struct kern_ipc_perm *p)
{
	return owns(current->cred, p) || capable(CAP_SYS_ADMIN) ? 0 : -EPERM;
}

int ipc_update_perm(const struct ipc64_perm *in, struct kern_ipc_perm *p)
{
	kuid_t uid = make_kuid(current_user_ns(), in->uid);
	kgid_t gid = make_kgid(current_user_ns(), in->gid);

	if (!uid_valid(uid) || !gid_valid(gid))
		return -EINVAL;
	p->uid = uid;
	p->gid = gid;
	p->mode = (p->mode & ~0777u) | (in->mode & 0777u);
	return 0;
}

void kernel_to_ipc64_perm(const struct kern_ipc_perm *p, struct ipc64_perm *out)
{
	struct user_namespace *ns = current_user_ns();

	*out = (struct ipc64_perm){
		.key = p->key, .mode = p->mode, .seq = p->seq,
		.uid = from_kuid_munged(ns, p->uid),
		.gid = from_kgid_munged(ns, p->gid),
		.cuid = from_kuid_munged(ns, p->cuid),
		.cgid = from_kgid_munged(ns, p->cgid),
	};
}

int ipc_next_id_show(struct seq_buf *m, int which)
{
	seq_printf(m, "%d\n", READ_ONCE(current_ipc_ns()->ids[which].next_id));
	return 0;
}

int ipc_next_id_store(int which, const char *buf)
{
	struct ipc_ids *ids = &current_ipc_ns()->ids[which];
	unsigned long irq;
	int v;

	if (kstrtoint(buf, 10, &v) || v < 0)
		return -EINVAL;
	irq = spin_lock_irqsave(&ids->lock);
	ids->next_id = v;
	spin_unlock_irqrestore(&ids->lock, irq);
	return 0;
}

void free_ipcs(struct ipc_namespace *ns, struct ipc_ids *ids,
	       void (*free)(struct ipc_namespace *ns, struct kern_ipc_perm *p))
{
	unsigned long irq = spin_lock_irqsave(&ids->lock);
	struct kern_ipc_perm *p;
	int i;

	for (i = ids->max_idx; i >= 0; i = MIN(i - 1, ids->max_idx))
		if ((p = ids->slots[i]))
			free(ns, p);
	BUG_ON(ids->in_use);
	spin_unlock_irqrestore(&ids->lock, irq);
}

s64 ipc_now(void)
{
	return (s64)(ktime_get_real_ns() / NSEC_PER_SEC);
}
