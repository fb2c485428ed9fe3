/*
 * keyctl(2) (Linux's security/keys/keyctl.c): one system call, many
 * operations on keys named by serial or KEY_SPEC_* id. Each looks the
 * key up with the permission it needs (lookup_user_key()) under
 * key_mutex; what goes out to user space is built in a kernel buffer
 * first and copied after the lock is dropped, so no page fault happens
 * under it. Operations Taskbase does not offer (the request-key
 * authority ones, persistent keyrings, Diffie-Hellman, public keys,
 * restrictions, watches) fail EOPNOTSUPP, as Linux's built without them.
 */
#include "kernel/keys/internal.h"
#include "asm/memlayout.h"
#include "kernel/mm/slab.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define KEYCTL_GET_KEYRING_ID		0
#define KEYCTL_JOIN_SESSION_KEYRING	1
#define KEYCTL_UPDATE			2
#define KEYCTL_REVOKE			3
#define KEYCTL_CHOWN			4
#define KEYCTL_SETPERM			5
#define KEYCTL_DESCRIBE			6
#define KEYCTL_CLEAR			7
#define KEYCTL_LINK			8
#define KEYCTL_UNLINK			9
#define KEYCTL_SEARCH			10
#define KEYCTL_READ			11
#define KEYCTL_INSTANTIATE		12
#define KEYCTL_NEGATE			13
#define KEYCTL_SET_REQKEY_KEYRING	14
#define KEYCTL_SET_TIMEOUT		15
#define KEYCTL_ASSUME_AUTHORITY		16
#define KEYCTL_GET_SECURITY		17
#define KEYCTL_SESSION_TO_PARENT	18
#define KEYCTL_REJECT			19
#define KEYCTL_INSTANTIATE_IOV		20
#define KEYCTL_INVALIDATE		21

#define KEY_PERM_VALID 0x3f3f3f3f	/* the four bytes of six bits */

/* What an operation hands back to user space once the lock is gone. */
struct keyctl_out {
	char *buf;		/* kmalloc'd */
	size_t len;		/* bytes in buf to copy */
};

/* Look @id up for @need; on success *@ref holds a reference. */
static long keyctl_lookup(struct key_ref *ref, key_serial_t id,
			  unsigned int lflags, unsigned int need)
{
	*ref = lookup_user_key(id, lflags, need);
	return key_ref_err(*ref);
}

static long keyctl_get_keyring_id(key_serial_t id, int create)
{
	struct key_ref r;
	long err = keyctl_lookup(&r, id, create ? KEY_LOOKUP_CREATE : 0, 0);

	if (err)
		return err;
	err = r.key->serial;
	key_put(r.key);
	return err;
}

static long keyctl_update(key_serial_t id, const void *data, size_t len)
{
	struct key_ref r;
	long err = keyctl_lookup(&r, id, KEY_LOOKUP_CREATE, KEY_NEED_WRITE);

	if (err)
		return err;
	err = key_update(r.key, data, len);
	key_put(r.key);
	return err;
}

/* Write or setattr permission will do (Linux's keyctl_revoke_key()). */
static long keyctl_revoke(key_serial_t id)
{
	struct key_ref r;
	long err = keyctl_lookup(&r, id, 0, KEY_NEED_WRITE);

	if (err == -EACCES)
		err = keyctl_lookup(&r, id, 0, KEY_NEED_SETATTR);
	if (err)
		return err;
	key_revoke(r.key);
	key_put(r.key);
	return 0;
}

/* Move @key's charge to @uid's quota. */
static long key_change_owner(struct key *key, kuid_t uid)
{
	struct key_user *old = key->user, *u = key_user_lookup(uid);
	bool no_quota = !(key->flags & KEY_FLAG_IN_QUOTA);
	int err;

	if (!u)
		return -ENOMEM;
	err = key_charge(u, key->quotalen, no_quota);
	if (err) {
		key_user_put(u);
		return err;
	}
	if (key->flags & KEY_FLAG_INSTANTIATED)
		u->nikeys++, old->nikeys--;
	key_uncharge(old, key->quotalen, no_quota);
	key->user = u;
	key->uid = uid;
	return 0;
}

/* Only CAP_SYS_ADMIN gives a key away or to a group one is not in. */
static long keyctl_chown(key_serial_t id, u32 uid, u32 gid)
{
	struct key_ref r;
	struct key *key;
	long err = keyctl_lookup(&r, id, KEY_LOOKUP_CREATE | KEY_LOOKUP_PARTIAL,
				 KEY_NEED_SETATTR);

	if (err)
		return err;
	key = r.key;
	if (!capable(CAP_SYS_ADMIN) &&
	    ((uid != (u32)-1 && uid != key->uid.val) ||
	     (gid != (u32)-1 && gid != key->gid.val && !in_group_p(KGIDT_INIT(gid)))))
		err = -EACCES;
	if (!err && uid != (u32)-1 && uid != key->uid.val)
		err = key_change_owner(key, KUIDT_INIT(uid));
	if (!err && gid != (u32)-1)
		key->gid = KGIDT_INIT(gid);
	key_put(key);
	return err;
}

static long keyctl_setperm(key_serial_t id, u32 perm)
{
	struct key_ref r;
	long err;

	if (perm & ~KEY_PERM_VALID)
		return -EINVAL;
	err = keyctl_lookup(&r, id, KEY_LOOKUP_CREATE | KEY_LOOKUP_PARTIAL,
			    KEY_NEED_SETATTR);
	if (err)
		return err;
	if (uid_eq(r.key->uid, current->cred->fsuid) || capable(CAP_SYS_ADMIN))
		r.key->perm = perm;
	else
		err = -EACCES;
	key_put(r.key);
	return err;
}

/* "type;uid;gid;perm;description", NUL included. */
static long keyctl_describe(key_serial_t id, struct keyctl_out *out)
{
	struct key_ref r;
	struct key *k;
	long err = keyctl_lookup(&r, id, KEY_LOOKUP_PARTIAL, KEY_NEED_VIEW);
	size_t size;

	if (err)
		return err;
	k = r.key;
	size = strlen(k->type->name) + strlen(k->description) + 40;
	out->buf = kmalloc(size, GFP_KERNEL);
	if (out->buf)
		out->len = snprintf(out->buf, size, "%s;%d;%d;%08x;%s",
				    k->type->name, (int)k->uid.val,
				    (int)k->gid.val, k->perm, k->description) + 1;
	key_put(k);
	return out->buf ? (long)out->len : -ENOMEM;
}

static long keyctl_clear(key_serial_t id)
{
	struct key_ref r;
	long err = keyctl_lookup(&r, id, KEY_LOOKUP_CREATE, KEY_NEED_WRITE);

	if (err)
		return err;
	if (r.key->type == &key_type_keyring)
		keyring_clear(r.key);
	else
		err = -ENOTDIR;
	key_put(r.key);
	return err;
}

static long keyctl_link(key_serial_t id, key_serial_t ringid, bool unlink)
{
	struct key_ref ring, k;
	long err = keyctl_lookup(&ring, ringid, unlink ? 0 : KEY_LOOKUP_CREATE,
				 KEY_NEED_WRITE);

	if (err)
		return err;
	/* Unlinking needs no permission on the key itself. */
	err = unlink ? keyctl_lookup(&k, id, KEY_LOOKUP_PARTIAL, 0) :
		       keyctl_lookup(&k, id, KEY_LOOKUP_CREATE | KEY_LOOKUP_PARTIAL,
				     KEY_NEED_LINK);
	if (!err) {
		err = unlink ? key_unlink(ring.key, k.key) :
			       key_link(ring.key, k.key);
		key_put(k.key);
	}
	key_put(ring.key);
	return err;
}

static long keyctl_search(key_serial_t ringid, const char *type,
			  const char *desc, key_serial_t destid)
{
	const struct key_type *t = key_type_lookup(type);
	struct key_ref ring, dest = { NULL, false }, found;
	long err = keyctl_lookup(&ring, ringid, 0, KEY_NEED_SEARCH);

	if (err)
		return err;
	if (destid) {
		err = keyctl_lookup(&dest, destid, KEY_LOOKUP_CREATE, KEY_NEED_WRITE);
		if (err) {
			key_put(ring.key);
			return err;
		}
	}
	found = t ? keyring_search(&ring, current->cred, t, desc) :
		    (struct key_ref){ ERR_PTR(-ENOKEY), false };
	err = key_ref_err(found);
	if (err == -EAGAIN)
		err = -ENOKEY;
	if (!err && dest.key) {
		err = key_permission(&found, current->cred, KEY_NEED_LINK);
		if (!err)
			err = key_link(dest.key, found.key);
	}
	if (!IS_ERR(found.key)) {
		if (!err)
			err = found.key->serial;
		key_put(found.key);
	}
	key_put(dest.key);
	key_put(ring.key);
	return err;
}

/* The payload into a kernel buffer; its full size is the answer even
 * when @buflen is smaller (only @buflen bytes go out). */
static long keyctl_read(key_serial_t id, size_t buflen, struct keyctl_out *out)
{
	struct key_ref r;
	long size, err = keyctl_lookup(&r, id, 0, 0);

	if (err)
		return err;
	/* Without read permission, possession (a search path) will do. */
	if (key_permission(&r, current->cred, KEY_NEED_READ) && !r.possessed)
		err = -EACCES;
	else if (!r.key->type->read)
		err = -EOPNOTSUPP;
	if (err)
		goto out;
	size = r.key->type->read(r.key, NULL, 0);
	err = size;
	if (!buflen || !size)
		goto out;
	out->buf = kmalloc(size, GFP_KERNEL);
	if (!out->buf) {
		err = -ENOMEM;
		goto out;
	}
	r.key->type->read(r.key, out->buf, size);
	out->len = buflen < (size_t)size ? buflen : (size_t)size;
out:
	key_put(r.key);
	return err;
}

/* Set request_key()'s default destination; the old one. THREAD and
 * PROCESS make their keyring if missing (not a second one). */
static long keyctl_set_reqkey_keyring(int defl)
{
	struct cred *new;
	long old = current->cred->jit_keyring, err = 0;

	if (defl == KEY_REQKEY_DEFL_NO_CHANGE)
		return old;
	if (defl < 0 || defl > KEY_REQKEY_DEFL_REQUESTOR_KEYRING ||
	    defl == KEY_REQKEY_DEFL_GROUP_KEYRING)
		return -EINVAL;
	if (defl == KEY_REQKEY_DEFL_THREAD_KEYRING && !current->cred->thread_keyring)
		err = install_keyring(KEY_SPEC_THREAD_KEYRING);
	if (defl == KEY_REQKEY_DEFL_PROCESS_KEYRING && !current->cred->process_keyring)
		err = install_keyring(KEY_SPEC_PROCESS_KEYRING);
	if (err)
		return err;
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	new->jit_keyring = defl;
	commit_creds(new);
	return old;
}

static long keyctl_set_timeout(key_serial_t id, unsigned int timeout)
{
	struct key_ref r;
	long err = keyctl_lookup(&r, id, KEY_LOOKUP_CREATE | KEY_LOOKUP_PARTIAL,
				 KEY_NEED_SETATTR);

	if (err)
		return err;
	key_set_timeout(r.key, timeout);
	key_put(r.key);
	return 0;
}

/* Gone for every search and lookup at once; the links go with the key. */
static long keyctl_invalidate(key_serial_t id)
{
	struct key_ref r;
	long err = keyctl_lookup(&r, id, 0, KEY_NEED_SEARCH);

	if (err)
		return err;
	r.key->flags |= KEY_FLAG_INVALIDATED;
	key_put(r.key);
	return 0;
}

/* No security module: the label is the empty string. */
static long keyctl_get_security(key_serial_t id, struct keyctl_out *out)
{
	struct key_ref r;
	long err = keyctl_lookup(&r, id, KEY_LOOKUP_PARTIAL, KEY_NEED_VIEW);

	if (err)
		return err;
	key_put(r.key);
	out->buf = kzalloc(1, GFP_KERNEL);
	out->len = 1;
	return out->buf ? 1 : -ENOMEM;
}

/* Names starting '.' are the kernel's keyrings: not to be joined. */
static long keyctl_join_session(const char __user *uname)
{
	char *name = NULL;
	long err;

	if (uname) {
		name = key_string_from_user(uname, KEY_MAX_DESC_SIZE);
		if (IS_ERR(name))
			return PTR_ERR(name);
		if (name[0] == '.') {
			kfree(name);
			return -EPERM;
		}
	}
	mutex_lock(&key_mutex);
	err = join_session_keyring(name);
	mutex_unlock(&key_mutex);
	kfree(name);
	return err;
}

/* The operations with user strings or payloads, copied in first. */
static long keyctl_with_input(int op, u64 a2, u64 a3, u64 a4, u64 a5)
{
	char type[32], *desc = NULL, *data = NULL;
	long err = 0;

	if (op == KEYCTL_SEARCH) {
		err = key_type_from_user(type, (const char __user *)a3);
		desc = err ? NULL : key_string_from_user((const char __user *)a4,
							 KEY_MAX_DESC_SIZE);
		if (IS_ERR(desc))
			return PTR_ERR(desc);
	} else if (a4 > PAGE_SIZE) {
		return -EINVAL;	/* KEYCTL_UPDATE: one page at most */
	} else if (a4) {
		data = kmalloc(a4, GFP_KERNEL);
		if (!data)
			return -ENOMEM;
		if (copy_from_user(data, (const void __user *)a3, a4))
			err = -EFAULT;
	}
	if (!err) {
		mutex_lock(&key_mutex);
		err = op == KEYCTL_SEARCH ? keyctl_search(a2, type, desc, a5) :
					    keyctl_update(a2, data, a4);
		mutex_unlock(&key_mutex);
	}
	kfree(desc);
	kfree(data);
	return err;
}

/* The operations on keys alone, under key_mutex. */
static long keyctl_locked(int op, u64 a2, u64 a3, u64 a4, u64 a5,
			  struct keyctl_out *out)
{
	switch (op) {
	case KEYCTL_GET_KEYRING_ID:	return keyctl_get_keyring_id(a2, a3);
	case KEYCTL_REVOKE:		return keyctl_revoke(a2);
	case KEYCTL_CHOWN:		return keyctl_chown(a2, a3, a4);
	case KEYCTL_SETPERM:		return keyctl_setperm(a2, a3);
	case KEYCTL_DESCRIBE:		return keyctl_describe(a2, out);
	case KEYCTL_CLEAR:		return keyctl_clear(a2);
	case KEYCTL_LINK:		return keyctl_link(a2, a3, false);
	case KEYCTL_UNLINK:		return keyctl_link(a2, a3, true);
	case KEYCTL_READ:		return keyctl_read(a2, a4, out);
	case KEYCTL_SET_REQKEY_KEYRING:	return keyctl_set_reqkey_keyring(a2);
	case KEYCTL_SET_TIMEOUT:	return keyctl_set_timeout(a2, a3);
	case KEYCTL_INVALIDATE:		return keyctl_invalidate(a2);
	case KEYCTL_GET_SECURITY:	return keyctl_get_security(a2, out);
	case KEYCTL_SESSION_TO_PARENT:	return keyctl_session_to_parent();
	default:			return -EOPNOTSUPP;
	}
}

long sys_keyctl(int op, u64 a2, u64 a3, u64 a4, u64 a5)
{
	struct keyctl_out out = { NULL, 0 };
	void __user *ubuf = (void __user *)a3;
	u64 ubuflen = a4;
	long ret;

	switch (op) {
	case KEYCTL_JOIN_SESSION_KEYRING:
		return keyctl_join_session((const char __user *)a2);
	case KEYCTL_UPDATE:
	case KEYCTL_SEARCH:
		return keyctl_with_input(op, a2, a3, a4, a5);
	case KEYCTL_INSTANTIATE:
	case KEYCTL_NEGATE:
	case KEYCTL_REJECT:
	case KEYCTL_INSTANTIATE_IOV:
		return -EPERM;		/* no key is under construction for us */
	case KEYCTL_ASSUME_AUTHORITY:
		return (s32)a2 < 0 ? -EINVAL : (s32)a2 ? -ENOKEY : 0;
	}
	mutex_lock(&key_mutex);
	ret = keyctl_locked(op, a2, a3, a4, a5, &out);
	mutex_unlock(&key_mutex);
	/* DESCRIBE and GET_SECURITY copy all or nothing, READ a prefix. */
	if (out.buf && ubuf && (op == KEYCTL_READ || ubuflen >= out.len) &&
	    copy_to_user(ubuf, out.buf, out.len))
		ret = -EFAULT;
	kfree(out.buf);
	return ret;
}
