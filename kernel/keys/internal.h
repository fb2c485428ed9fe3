/*
 * What the files of kernel/keys/ share (Linux's security/keys/internal.h
 * and include/linux/key.h): struct key, the key types, the per-user
 * quota records and the one lock over all of them.
 *
 * Locking: key_mutex guards every key's state and links, the serial
 * list and the quota records. Reference counts (key->usage) change
 * without it; a key whose count reached 0 stays on the serial list,
 * unseen by lookups (refcount_inc_not_zero), until the collector
 * (key.c key_gc_work) frees it under the mutex. So key_put() works in
 * any context and the frees happen in process context.
 */
#ifndef KERNEL_KEYS_INTERNAL_H
#define KERNEL_KEYS_INTERNAL_H

#include "kernel/cred.h"
#include "kernel/keys/keys.h"
#include "kernel/locking/mutex.h"
#include "kernel/uaccess.h"
#include "lib/err.h"
#include "lib/list.h"
#include "lib/refcount.h"

typedef s32 key_serial_t;

/* The special ids of add_key(), request_key() and keyctl(). */
#define KEY_SPEC_THREAD_KEYRING		-1
#define KEY_SPEC_PROCESS_KEYRING	-2
#define KEY_SPEC_SESSION_KEYRING	-3
#define KEY_SPEC_USER_KEYRING		-4
#define KEY_SPEC_USER_SESSION_KEYRING	-5
#define KEY_SPEC_GROUP_KEYRING		-6
#define KEY_SPEC_REQKEY_AUTH_KEY	-7
#define KEY_SPEC_REQUESTOR_KEYRING	-8

/* Permission bits: one byte each for possessor, user, group, other. */
#define KEY_NEED_VIEW	0x01
#define KEY_NEED_READ	0x02
#define KEY_NEED_WRITE	0x04
#define KEY_NEED_SEARCH	0x08
#define KEY_NEED_LINK	0x10
#define KEY_NEED_SETATTR 0x20
#define KEY_NEED_ALL	0x3f
#define KEY_POS_ALL	(KEY_NEED_ALL << 24)
#define KEY_POS_SHIFT	24
#define KEY_USR_SHIFT	16
#define KEY_GRP_SHIFT	8

/* key->flags */
#define KEY_FLAG_INSTANTIATED	0x01	/* positive: has a payload */
#define KEY_FLAG_NEGATIVE	0x02	/* rejected: lookups fail reject_error */
#define KEY_FLAG_REVOKED	0x04
#define KEY_FLAG_INVALIDATED	0x08
#define KEY_FLAG_IN_QUOTA	0x20	/* charged to its owner */

#define KEY_NEGATIVE_TIMEOUT	60	/* seconds a rejected key lasts */
#define KEYRING_SEARCH_MAX_DEPTH 6	/* nesting a search follows */
#define KEY_MAX_DESC_SIZE	4096
#define KEY_MAX_PAYLOAD		(1024 * 1024 - 1)	/* add_key()'s cap */

struct key;

/* A kind of key: how its payload is made, changed, read and shown. */
struct key_type {
	const char *name;
	/* Describe is "desc: X" for /proc/keys; instantiate takes add_key's
	 * payload (EINVAL if unfit); update replaces it (NULL: EOPNOTSUPP);
	 * read copies it out (NULL: not readable, as "logon"); destroy
	 * frees it. */
	int (*vet_description)(const char *desc);
	int (*instantiate)(struct key *key, const void *data, size_t len);
	int (*update)(struct key *key, const void *data, size_t len);
	long (*read)(struct key *key, char *buf, size_t buflen);
	void (*revoke)(struct key *key);
	void (*destroy)(struct key *key);
};

/* What a user's keys use, against their quota (/proc/key-users). */
struct key_user {
	struct list_head node;
	kuid_t uid;
	/* One per key owned (alive or waiting to be collected) and one per
	 * key_user_lookup() not yet given back. */
	refcount_t usage;
	int nkeys, nikeys;	/* keys, and those instantiated */
	unsigned int qnkeys, qnbytes;	/* charged to the quota */
	struct key *uid_keyring;	/* "_uid.N": the user keyring */
	struct key *session_keyring;	/* "_uid_ses.N": the user session keyring */
};

struct key {
	refcount_t usage;
	key_serial_t serial;
	struct list_head serial_node;	/* key_serial_list, by serial */
	const struct key_type *type;
	char *description;
	kuid_t uid;
	kgid_t gid;
	u32 perm;
	unsigned int flags;		/* KEY_FLAG_* */
	int reject_error;		/* a negative key's errno (positive) */
	u64 expiry;			/* real-time seconds; 0: never */
	struct key_user *user;		/* whose quota it is charged to */
	unsigned int quotalen;		/* bytes charged */
	size_t datalen;			/* the payload's size */
	void *payload;			/* the type's; a keyring: links below */
	struct key **links;		/* a keyring's keys (each a reference) */
	unsigned int nr_links, max_links;
};

/* A key found on behalf of a process: is it in the process's
 * possession (reached from its own keyrings)? */
struct key_ref {
	struct key *key;
	bool possessed;
};

extern struct mutex key_mutex;
extern const struct key_type key_type_keyring, key_type_user, key_type_logon;

/* --- key.c --- */
/* A new key of @type (not yet instantiated, one reference, not linked),
 * owned by @uid/@gid and charged to @uid's quota unless @no_quota;
 * ERR_PTR(-EDQUOT) past the quota. key_mutex held. */
struct key *key_alloc(const struct key_type *type, const char *desc,
		      kuid_t uid, kgid_t gid, u32 perm, bool no_quota);
/* Give @key its first payload (@data, @len), or make it negative if
 * @data is NULL and @reject is set. key_mutex held. */
int key_instantiate(struct key *key, const void *data, size_t len, int reject);
/* Replace @key's payload (KEYCTL_UPDATE, add_key() of an existing
 * key): -EOPNOTSUPP if its type has no update. key_mutex held. */
int key_update(struct key *key, const void *data, size_t len);
/* Change what @key's payload costs @key's owner to @len bytes; -EDQUOT
 * past the quota. key_mutex held. */
int key_payload_reserve(struct key *key, size_t len);
/* The live key with @serial, a reference taken, or NULL. key_mutex held. */
struct key *key_lookup(key_serial_t serial);
/* Is @key usable: 0, or -EKEYREVOKED, -EKEYEXPIRED, -ENOKEY
 * (invalidated, or a negative key's error). key_mutex held. */
int key_validate(const struct key *key);
/* Is @key past its expiry time? */
bool key_is_expired(const struct key *key);
/* Set @key to expire @timeout seconds from now (0: never). */
void key_set_timeout(struct key *key, unsigned int timeout);
/* Revoke @key (KEYCTL_REVOKE). key_mutex held. */
void key_revoke(struct key *key);
/* May @cred do @need (KEY_NEED_*) to @ref: 0 or -EACCES (Linux's
 * key_task_permission()). */
int key_permission(const struct key_ref *ref, const struct cred *cred,
		   unsigned int need);
/* A reference to the quota record of @uid, made on first use; NULL on
 * no memory. key_mutex held. As Linux's: it lives while referenced, by
 * each key @uid owns and by each lookup not yet given back with
 * key_user_put() (or handed to a key by key_charge()). */
struct key_user *key_user_lookup(kuid_t uid);
/* Drop a reference to @u (NULL: nothing); the last frees it. key_mutex
 * held. */
void key_user_put(struct key_user *u);
/* How many keys @uid may own: root_maxkeys for root, else maxkeys. */
unsigned int key_maxkeys(kuid_t uid);
/* How many bytes @uid's keys may hold: root_maxbytes or maxbytes. */
unsigned int key_maxbytes(kuid_t uid);
/* Count one more key of @bytes for @u, charged to its quota unless
 * @no_quota: 0 (the key takes the caller's reference to @u), or -EDQUOT
 * and nothing counted. key_mutex held. */
int key_charge(struct key_user *u, unsigned int bytes, bool no_quota);
/* Undo key_charge(@u, @bytes, @no_quota), and drop the key's reference:
 * the caller must not use @u after. key_mutex held. */
void key_uncharge(struct key_user *u, unsigned int bytes, bool no_quota);
/* Each key in the serial list, in serial order; key_mutex held. */
extern struct list_head key_serial_list;
extern struct list_head key_user_list;

/* --- keyring.c --- */
/* A new keyring named @desc for @uid/@gid (one reference), linked
 * nowhere; ERR_PTR as key_alloc(). key_mutex held. */
struct key *keyring_alloc(const char *desc, kuid_t uid, kgid_t gid,
			  u32 perm, bool no_quota);
/* Link @key into @keyring, replacing a key of the same type and
 * description; -EDEADLK if it would make a cycle, -ENFILE when full.
 * key_mutex held. */
int key_link(struct key *keyring, struct key *key);
/* Remove @key from @keyring: 0 or -ENOENT. key_mutex held. */
int key_unlink(struct key *keyring, struct key *key);
/* Drop every link of @keyring. key_mutex held. */
void keyring_clear(struct key *keyring);
/* The key in @keyring (not nested) of @type and @desc, or NULL. */
struct key *keyring_find_direct(struct key *keyring,
				const struct key_type *type, const char *desc);
/* Search @ref (and the keyrings it holds that @cred may search) for a key
 * of @type and @desc that @cred may search; a referenced key_ref, or
 * ERR_PTR: -EAGAIN if none matched, else why the last match failed
 * (-ENOKEY negative, -EKEYREVOKED, -EKEYEXPIRED, -EACCES). key_mutex held. */
struct key_ref keyring_search(const struct key_ref *ref,
			      const struct cred *cred,
			      const struct key_type *type, const char *desc);
/* Is @target reachable from @keyring (searchable by @cred)? */
bool keyring_reaches(struct key *keyring, const struct key *target,
		     const struct cred *cred, bool possessed, int depth);

/* --- process_keys.c --- */
#define KEY_LOOKUP_CREATE	0x01	/* make special keyrings on demand */
#define KEY_LOOKUP_PARTIAL	0x02	/* accept a key not yet usable */
/* The key @id names for current (a special KEY_SPEC_* or a serial),
 * checked for @need; a referenced key_ref or ERR_PTR. key_mutex held. */
struct key_ref lookup_user_key(key_serial_t id, unsigned int lflags,
			       unsigned int need);
/* Is @key one of current's keyrings or reached from them through
 * keyrings it may search? key_mutex held. */
bool key_possessed(struct key *key);
/* Search current's thread, process and session keyrings in turn: as
 * keyring_search(), -EAGAIN when nothing matched. */
struct key_ref search_process_keyrings(const struct key_type *type,
				       const char *desc);
/* KEYCTL_JOIN_SESSION_KEYRING: a new anonymous session keyring (@name
 * NULL) or the keyring @name the caller may search without possessing
 * it, made if missing; its serial (0 if it is the session already), or
 * -ENOMEM and the session unchanged. key_mutex held. */
long join_session_keyring(const char *name);
/* KEYCTL_SESSION_TO_PARENT: current's session keyring replaces its
 * parent's when the parent next returns to user mode. 0, or -EPERM
 * (the parent is init, a kernel thread, threaded, or of other ids),
 * -ENOMEM. key_mutex held. */
long keyctl_session_to_parent(void);
/* The keyring request_key() links a new key into (@dest given or the
 * default); a reference, or NULL / ERR_PTR. key_mutex held. */
struct key *request_key_dest(struct key *dest);
/* Install a new @which (THREAD or PROCESS) keyring in current's cred. */
int install_keyring(int which);

/* --- request_key.c --- */
/* A key type's name from user space into @type (32 bytes): 0, -EFAULT,
 * -EINVAL (empty or too long), -EPERM (the kernel's own, ".name"). */
long key_type_from_user(char *type, const char __user *utype);
/* A kmalloc'd copy of the user string @ustr of under @max bytes, or
 * ERR_PTR(-EFAULT / -EINVAL / -ENOMEM). */
char *key_string_from_user(const char __user *ustr, long max);

/* --- user_defined.c --- */
/* The key type called @name, or NULL. */
const struct key_type *key_type_lookup(const char *name);

/* Turn a key_ref result into an error code (0 if a key). */
static inline long key_ref_err(struct key_ref r)
{
	return IS_ERR(r.key) ? PTR_ERR(r.key) : 0;
}

#endif
