/*
 * add_key(2) and request_key(2) (Linux's security/keys/keyctl.c add_key,
 * request_key.c). add_key makes a key of a type and description with a
 * payload and links it into a keyring, or updates the key of that name
 * already there. request_key searches the caller's keyrings (thread,
 * process, session) for a key; when none matches and the caller gave
 * callout information, Linux would run /sbin/request-key to make one.
 * Taskbase has no such program, so it goes as on a Linux without it: a
 * negative key is linked into the destination keyring for 60 s (later
 * requests fail ENOKEY on it) and this one fails ENOENT, the upcall's
 * failed exec.
 */
#include "kernel/keys/internal.h"
#include "asm/memlayout.h"
#include "kernel/mm/slab.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"
#include "lib/string.h"

#define KEY_TYPE_NAME_MAX 32
#define KEY_DEFAULT_PERM ((KEY_NEED_VIEW | KEY_NEED_SEARCH | KEY_NEED_LINK | \
			   KEY_NEED_SETATTR) << KEY_POS_SHIFT | \
			  KEY_NEED_VIEW << KEY_USR_SHIFT)

long key_type_from_user(char *type, const char __user *utype)
{
	long n = strncpy_from_user(type, utype, KEY_TYPE_NAME_MAX);

	if (n < 0)
		return n;
	if (n == 0 || n >= KEY_TYPE_NAME_MAX)
		return -EINVAL;
	return type[0] == '.' ? -EPERM : 0;	/* the kernel's own types */
}

char *key_string_from_user(const char __user *ustr, long max)
{
	char *s = kmalloc(max, GFP_KERNEL);
	long n;

	if (!s)
		return ERR_PTR(-ENOMEM);
	n = strncpy_from_user(s, ustr, max);
	if (n >= 0 && n < max)
		return s;
	kfree(s);
	return ERR_PTR(n < 0 ? n : -EINVAL);
}

/* Linux's default permissions: the possessor may read what has a read,
 * write what has an update (and keyrings); the user may view. */
static u32 key_default_perm(const struct key_type *t)
{
	u32 perm = KEY_DEFAULT_PERM;

	if (t->read)
		perm |= KEY_NEED_READ << KEY_POS_SHIFT;
	if (t == &key_type_keyring || t->update)
		perm |= KEY_NEED_WRITE << KEY_POS_SHIFT;
	return perm;
}

/* Can @t take @desc and @len bytes of payload? */
static long key_preparse(const struct key_type *t, const char *desc, size_t len)
{
	if (!desc)
		return -EINVAL;
	if (t->vet_description && t->vet_description(desc))
		return -EINVAL;
	if (t == &key_type_keyring)
		return len ? -EINVAL : 0;
	return len && len <= 32767 ? 0 : -EINVAL;
}

/* Linux's key_create_or_update(): update the key of that name in
 * @ring, or make one and link it. key_mutex held. */
static long key_create_or_update(struct key_ref ring, const struct key_type *t,
				 const char *desc, const void *data, size_t len)
{
	const struct cred *c = current->cred;
	struct key *key;
	long err = key_preparse(t, desc, len);

	if (!err && ring.key->type != &key_type_keyring)
		err = -ENOTDIR;
	if (err)
		return err;
	key = t->update ? keyring_find_direct(ring.key, t, desc) : NULL;
	/* A revoked key is not updated but replaced (Linux's
	 * find_key_to_update()). */
	if (key && !(key->flags & KEY_FLAG_REVOKED)) {
		struct key_ref ref = { key, ring.possessed };

		err = key_permission(&ref, c, KEY_NEED_WRITE);
		if (!err)
			err = key_update(key, data, len);
		return err ? err : key->serial;
	}
	key = key_alloc(t, desc, c->fsuid, c->fsgid, key_default_perm(t), false);
	if (IS_ERR(key))
		return PTR_ERR(key);
	err = key_instantiate(key, data, len, 0);
	if (!err)
		err = key_link(ring.key, key);
	if (!err)
		err = key->serial;
	key_put(key);
	return err;
}

long sys_add_key(const char __user *utype, const char __user *udesc,
		 const void __user *upayload, u64 plen, s32 ringid)
{
	char type[KEY_TYPE_NAME_MAX];
	const struct key_type *t;
	char *desc = NULL, *payload = NULL;
	struct key_ref ring;
	long err = key_type_from_user(type, utype);

	if (err)
		return err;
	if (udesc) {
		desc = key_string_from_user(udesc, KEY_MAX_DESC_SIZE);
		if (IS_ERR(desc))
			return PTR_ERR(desc);
		err = desc[0] == '.' && !strncmp(type, "keyring", 7) ? -EPERM : 0;
		if (!desc[0]) {
			kfree(desc);
			desc = NULL;
		}
	}
	if (!err && plen > KEY_MAX_PAYLOAD)
		err = -EINVAL;
	if (!err && plen) {
		payload = kmalloc(plen, GFP_KERNEL);
		err = !payload ? -ENOMEM :
		      copy_from_user(payload, upayload, plen) ? -EFAULT : 0;
	}
	if (!err) {
		mutex_lock(&key_mutex);
		ring = lookup_user_key(ringid, KEY_LOOKUP_CREATE, KEY_NEED_WRITE);
		err = key_ref_err(ring);
		t = key_type_lookup(type);
		if (!err && !t)
			err = -ENODEV;
		if (!err)
			err = key_create_or_update(ring, t, desc, payload, plen);
		if (!IS_ERR(ring.key))
			key_put(ring.key);
		mutex_unlock(&key_mutex);
	}
	kfree(payload);
	kfree(desc);
	return err;
}

/* No key matched: "construct" one as Linux does without a helper
 * program: negative, linked into the destination, ENOENT. */
static long construct_key(const struct key_type *t, const char *desc,
			  struct key *dest)
{
	const struct cred *c = current->cred;
	struct key *key;
	long err;

	dest = request_key_dest(dest);
	if (IS_ERR(dest))
		return PTR_ERR(dest);
	key = key_alloc(t, desc, c->fsuid, c->fsgid, key_default_perm(t), false);
	err = IS_ERR(key) ? PTR_ERR(key) : key_link(dest, key);
	if (!IS_ERR(key)) {
		key_instantiate(key, NULL, 0, ENOKEY);
		key_put(key);
	}
	key_put(dest);
	return err ? err : -ENOENT;
}

/* Search, then link the key found into @dest (if any) or construct. */
static long request_key_and_link(const struct key_type *t, const char *desc,
				 bool callout, struct key *dest)
{
	struct key_ref r = search_process_keyrings(t, desc);
	long err = key_ref_err(r);

	if (!err) {
		err = dest ? key_link(dest, r.key) : 0;
		if (!err)
			err = r.key->serial;
		key_put(r.key);
		return err;
	}
	if (err != -EAGAIN)
		return err;
	return callout ? construct_key(t, desc, dest) : -ENOKEY;
}

long sys_request_key(const char __user *utype, const char __user *udesc,
		     const char __user *ucallout, s32 destid)
{
	char type[KEY_TYPE_NAME_MAX];
	const struct key_type *t;
	char *desc, *callout = NULL;
	struct key_ref dest = { NULL, false };
	long err = key_type_from_user(type, utype);

	if (err)
		return err;
	desc = key_string_from_user(udesc, KEY_MAX_DESC_SIZE);
	if (IS_ERR(desc))
		return PTR_ERR(desc);
	if (ucallout) {
		callout = key_string_from_user(ucallout, PAGE_SIZE);
		err = IS_ERR(callout) ? PTR_ERR(callout) : 0;
	}
	if (!err) {
		mutex_lock(&key_mutex);
		if (destid)
			dest = lookup_user_key(destid, KEY_LOOKUP_CREATE,
					       KEY_NEED_WRITE);
		err = key_ref_err(dest);
		t = key_type_lookup(type);
		if (!err && !t)
			err = -ENOKEY;
		if (!err)
			err = request_key_and_link(t, desc, callout, dest.key);
		if (dest.key && !IS_ERR(dest.key))
			key_put(dest.key);
		mutex_unlock(&key_mutex);
	}
	if (callout && !IS_ERR(callout))
		kfree(callout);
	kfree(desc);
	return err;
}
