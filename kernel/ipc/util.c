/*
 * The tables of System V IPC objects and their permission checks
 * (Linux's ipc/util.c), shared by every kind (shm.c). A table is a list
 * kept in slot order: it holds at most a few thousand objects (SHMMNI),
 * and walking it is what a reader of ipcs would do by hand.
 */
#include "kernel/ipc/util.h"
#include "kernel/task.h"
#include "kernel/time/time.h"
#include "kernel/time/time_kernel.h"
#include "lib/errno.h"

#define CAP_IPC_OWNER 15	/* Linux's number: root's, like the others */

static int ipc_idx(const struct kern_ipc_perm *p)
{
	return p->id % IPCMNI;
}

struct kern_ipc_perm *ipc_obtain_idx(struct ipc_ids *ids, int idx)
{
	struct kern_ipc_perm *p;

	list_for_each_entry(p, &ids->objects, list)
		if (ipc_idx(p) == idx)
			return p;
	return NULL;
}

struct kern_ipc_perm *ipc_obtain_id(struct ipc_ids *ids, int id)
{
	struct kern_ipc_perm *p = id < 0 ? NULL : ipc_obtain_idx(ids, id % IPCMNI);

	return p && p->id == id ? p : NULL;
}

struct kern_ipc_perm *ipc_findkey(struct ipc_ids *ids, int key)
{
	struct kern_ipc_perm *p;

	list_for_each_entry(p, &ids->objects, list)
		if (p->key == key)
			return p;
	return NULL;
}

int ipc_get_maxidx(struct ipc_ids *ids)
{
	if (list_empty(&ids->objects))
		return -1;
	return ipc_idx(list_last_entry(&ids->objects, struct kern_ipc_perm, list));
}

/* The first free slot from @from on, wrapping; the list is in slot
 * order, so walk it once. */
static int free_slot(struct ipc_ids *ids, int from, struct list_head **before)
{
	for (int pass = 0; pass < 2; pass++) {
		int want = pass ? 0 : from;
		struct kern_ipc_perm *p;

		list_for_each_entry(p, &ids->objects, list) {
			if (ipc_idx(p) > want)
				break;
			if (ipc_idx(p) == want)
				want++;
		}
		if (want < IPCMNI) {
			*before = &p->list;
			return want;
		}
	}
	return -1;
}

int ipc_addid(struct ipc_ids *ids, struct kern_ipc_perm *p, int key,
	      u32 mode, int limit)
{
	const struct cred *cred = current->cred;
	struct list_head *before;
	int idx;

	if (ids->in_use >= limit)
		return -ENOSPC;
	idx = free_slot(ids, ids->last_idx + 1, &before);
	if (idx < 0)
		return -ENOSPC;
	/* A new round of slots: ids from now on differ from the last round's. */
	if (idx <= ids->last_idx && ++ids->seq >= IPCID_SEQ_MAX)
		ids->seq = 0;
	ids->last_idx = idx;
	p->key = key;
	p->seq = ids->seq;
	p->id = idx + p->seq * IPCMNI;
	p->uid = p->cuid = cred->euid;
	p->gid = p->cgid = cred->egid;
	p->mode = mode;
	p->deleted = false;
	list_add_tail(&p->list, before);
	ids->in_use++;
	return p->id;
}

void ipc_rmid(struct ipc_ids *ids, struct kern_ipc_perm *p)
{
	list_del(&p->list);
	ids->in_use--;
	p->deleted = true;
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
	kuid_t uid = { in->uid };
	kgid_t gid = { in->gid };

	if (!uid_valid(uid) || !gid_valid(gid))
		return -EINVAL;
	p->uid = uid;
	p->gid = gid;
	p->mode = (p->mode & ~0777u) | (in->mode & 0777u);
	return 0;
}

void kernel_to_ipc64_perm(const struct kern_ipc_perm *p, struct ipc64_perm *out)
{
	*out = (struct ipc64_perm){
		.key = p->key, .uid = p->uid.val, .gid = p->gid.val,
		.cuid = p->cuid.val, .cgid = p->cgid.val, .mode = p->mode,
		.seq = p->seq,
	};
}

s64 ipc_now(void)
{
	return (s64)(ktime_get_real_ns() / NSEC_PER_SEC);
}
