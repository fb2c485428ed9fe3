/*
 * Keys (Linux's security/keys/key.c and gc.c): allocation with a serial
 * number, the per-user quotas, instantiation, expiry, revocation, the
 * permission check, and the collector that frees a key once its last
 * reference is gone.
 *
 * Every key is on key_serial_list in serial order, under key_mutex. A
 * key's serial is a positive 32-bit number, handed out in turn from a
 * random start (Linux picks each at random) and never reused while the
 * key lives. A key's owner is charged one key and the description's and
 * payload's bytes against maxkeys and maxbytes (root_* for root) in
 * /proc/sys/kernel/keys/; EDQUOT past them.
 */
#include "kernel/keys/internal.h"
#include "kernel/locking/lockdep.h"
#include "kernel/random.h"
#include "kernel/mm/slab.h"
#include "kernel/time/time_kernel.h"
#include "kernel/workqueue.h"
#include "lib/errno.h"
#include "lib/string.h"

unsigned int key_quota_maxkeys = 200, key_quota_maxbytes = 20000;
unsigned int key_quota_root_maxkeys = 1000000;
unsigned int key_quota_root_maxbytes = 25000000;
unsigned int key_gc_delay = 5 * 60, persistent_keyring_expiry = 3 * 24 * 3600;

DEFINE_MUTEX(key_mutex);
LIST_HEAD(key_serial_list);
LIST_HEAD(key_user_list);
static u32 key_serial_next;	/* unsigned: it may pass INT_MAX and wrap */

static void key_gc_func(struct work_struct *work);
static DECLARE_WORK(key_gc_work, key_gc_func);

struct key *key_get(struct key *key)
{
	if (key)
		refcount_inc(&key->usage);
	return key;
}

void key_put(struct key *key)
{
	if (key && refcount_dec_and_test(&key->usage))
		schedule_work(&key_gc_work);
}

struct key_user *key_user_lookup(kuid_t uid)
{
	struct key_user *u;

	lockdep_assert_held(&key_mutex);
	list_for_each_entry(u, &key_user_list, node) {
		if (uid_eq(u->uid, uid)) {
			refcount_inc(&u->usage);
			return u;
		}
	}
	u = kzalloc(sizeof(*u), GFP_KERNEL);
	if (!u)
		return NULL;
	refcount_set(&u->usage, 1);
	u->uid = uid;
	list_add_tail(&u->node, &key_user_list);
	return u;
}

void key_user_put(struct key_user *u)
{
	lockdep_assert_held(&key_mutex);
	if (!u || !refcount_dec_and_test(&u->usage))
		return;
	/* keys keep their owner's @u; the user keyrings' names keep it too */
	BUG_ON(u->nkeys || u->uid_keyring || u->session_keyring);
	list_del(&u->node);
	kfree(u);
}

unsigned int key_maxkeys(kuid_t uid)
{
	return uid_eq(uid, GLOBAL_ROOT_UID) ? key_quota_root_maxkeys :
					      key_quota_maxkeys;
}

unsigned int key_maxbytes(kuid_t uid)
{
	return uid_eq(uid, GLOBAL_ROOT_UID) ? key_quota_root_maxbytes :
					      key_quota_maxbytes;
}

/* Insert @key into key_serial_list with a serial no live key has. */
static void key_alloc_serial(struct key *key)
{
	struct key *k;

	if (!key_serial_next)
		key_serial_next = 3 + (get_random_u64() & 0x3fffffff);
	for (;;) {
		bool taken = false;

		if (key_serial_next < 3 || key_serial_next > 0x7fffffff)
			key_serial_next = 3;	/* past INT_MAX: wrap */
		key->serial = key_serial_next++;
		list_for_each_entry(k, &key_serial_list, serial_node) {
			if (k->serial == key->serial)
				taken = true;
			if (k->serial >= key->serial)
				break;
		}
		if (!taken) {
			list_add_tail(&key->serial_node, &k->serial_node);
			return;
		}
	}
}

int key_charge(struct key_user *u, unsigned int bytes, bool no_quota)
{
	if (!no_quota) {
		if (u->qnkeys + 1 > key_maxkeys(u->uid) ||
		    u->qnbytes + bytes > key_maxbytes(u->uid) ||
		    u->qnbytes + bytes < u->qnbytes)
			return -EDQUOT;
		u->qnkeys++;
		u->qnbytes += bytes;
	}
	u->nkeys++;
	return 0;
}

void key_uncharge(struct key_user *u, unsigned int bytes, bool no_quota)
{
	if (!no_quota) {
		u->qnkeys--;
		u->qnbytes -= bytes;
	}
	u->nkeys--;
	key_user_put(u);
}

struct key *key_alloc(const struct key_type *type, const char *desc,
		      kuid_t uid, kgid_t gid, u32 perm, bool no_quota)
{
	size_t desclen = strlen(desc) + 1;
	struct key_user *u = key_user_lookup(uid);
	struct key *key;
	int err;

	if (!u)
		return ERR_PTR(-ENOMEM);
	err = key_charge(u, desclen, no_quota);
	if (err) {
		key_user_put(u);
		return ERR_PTR(err);
	}
	key = kzalloc(sizeof(*key), GFP_KERNEL);
	if (key)
		key->description = kmalloc(desclen, GFP_KERNEL);
	if (!key || !key->description) {
		kfree(key);
		key_uncharge(u, desclen, no_quota);
		return ERR_PTR(-ENOMEM);
	}
	memcpy(key->description, desc, desclen);
	refcount_set(&key->usage, 1);
	key->type = type;
	key->uid = uid;
	key->gid = gid;
	key->perm = perm;
	key->user = u;
	key->quotalen = desclen;
	if (!no_quota)
		key->flags |= KEY_FLAG_IN_QUOTA;
	key_alloc_serial(key);
	return key;
}

int key_payload_reserve(struct key *key, size_t len)
{
	struct key_user *u = key->user;
	unsigned int want = strlen(key->description) + 1 + len;

	if (key->flags & KEY_FLAG_IN_QUOTA) {
		if (want > key->quotalen &&
		    u->qnbytes + (want - key->quotalen) > key_maxbytes(u->uid))
			return -EDQUOT;
		u->qnbytes = u->qnbytes - key->quotalen + want;
	}
	key->quotalen = want;
	key->datalen = len;
	return 0;
}

int key_instantiate(struct key *key, const void *data, size_t len, int reject)
{
	int err = 0;

	if (reject) {
		key->flags |= KEY_FLAG_NEGATIVE;
		key->reject_error = reject;
		key_set_timeout(key, KEY_NEGATIVE_TIMEOUT);
		return 0;
	}
	if (key->type->instantiate)
		err = key->type->instantiate(key, data, len);
	if (err)
		return err;
	key->flags &= ~KEY_FLAG_NEGATIVE;
	key->flags |= KEY_FLAG_INSTANTIATED;
	key->user->nikeys++;
	return 0;
}

static u64 now_seconds(void)
{
	return ktime_get_real_ns() / 1000000000ull;
}

bool key_is_expired(const struct key *key)
{
	return key->expiry && now_seconds() >= key->expiry;
}

void key_set_timeout(struct key *key, unsigned int timeout)
{
	key->expiry = timeout ? now_seconds() + timeout : 0;
}

int key_validate(const struct key *key)
{
	if (key->flags & KEY_FLAG_INVALIDATED)
		return -ENOKEY;
	if (key->flags & KEY_FLAG_REVOKED)
		return -EKEYREVOKED;
	if (key_is_expired(key))
		return -EKEYEXPIRED;
	if (key->flags & KEY_FLAG_NEGATIVE)
		return -key->reject_error;
	return 0;
}

void key_revoke(struct key *key)
{
	if (key->flags & KEY_FLAG_REVOKED)
		return;
	key->flags |= KEY_FLAG_REVOKED;
	if (key->type->revoke)
		key->type->revoke(key);
}

struct key *key_lookup(key_serial_t serial)
{
	struct key *k;

	list_for_each_entry(k, &key_serial_list, serial_node) {
		if (k->serial > serial)
			break;
		if (k->serial == serial && refcount_inc_not_zero(&k->usage))
			return k;
	}
	return NULL;
}

int key_permission(const struct key_ref *ref, const struct cred *cred,
		   unsigned int need)
{
	const struct key *key = ref->key;
	u32 kperm;

	if (uid_eq(key->uid, cred->fsuid))
		kperm = key->perm >> KEY_USR_SHIFT;
	else if (gid_valid(key->gid) && in_group_p(key->gid))
		kperm = key->perm >> KEY_GRP_SHIFT;
	else
		kperm = key->perm;
	if (ref->possessed)
		kperm |= key->perm >> KEY_POS_SHIFT;
	return (kperm & need & KEY_NEED_ALL) == need ? 0 : -EACCES;
}

/* Free one dead key: its payload, its links (references), its quota. */
static void key_destroy(struct key *key)
{
	struct key_user *u = key->user;
	unsigned int i;

	list_del(&key->serial_node);
	if (key->type->destroy)
		key->type->destroy(key);
	for (i = 0; i < key->nr_links; i++)
		key_put(key->links[i]);
	kfree(key->links);
	if (key->flags & KEY_FLAG_INSTANTIATED)
		u->nikeys--;
	key_uncharge(u, key->quotalen, !(key->flags & KEY_FLAG_IN_QUOTA));
	kfree(key->description);
	kfree(key);
}

/* The collector: free every key whose last reference is gone. A freed
 * keyring drops its links, which may free more: go round until none. */
static void key_gc_func(struct work_struct *work)
{
	struct key *k, *n;
	bool again = true;

	mutex_lock(&key_mutex);
	while (again) {
		again = false;
		list_for_each_entry_safe(k, n, &key_serial_list, serial_node) {
			if (refcount_read(&k->usage))
				continue;
			key_destroy(k);
			again = true;
			break;	/* its links may have freed n meanwhile */
		}
	}
	mutex_unlock(&key_mutex);
}

int key_update(struct key *key, const void *data, size_t len)
{
	int err;

	if (!key->type->update)
		return -EOPNOTSUPP;
	err = key->type->update(key, data, len);
	if (err || (key->flags & KEY_FLAG_INSTANTIATED))
		return err;
	/* A negative key given a payload becomes positive, as Linux's. */
	key->flags &= ~KEY_FLAG_NEGATIVE;
	key->flags |= KEY_FLAG_INSTANTIATED;
	key->expiry = 0;
	key->user->nikeys++;
	return 0;
}
