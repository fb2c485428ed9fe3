/*
 * A process's keyrings (Linux's security/keys/process_keys.c): the
 * thread, process and session keyrings a struct cred points at, made on
 * first use, and the user and user-session keyrings of each uid, made on
 * first use and kept for good (Linux keeps them in the user namespace's
 * register). A process without a session keyring searches its user's
 * session keyring instead. Turning a KEY_SPEC_* id or a serial into a key
 * is lookup_user_key(): a key is in the caller's possession when it is
 * one of these keyrings or reached from them through searchable keyrings,
 * and then the possessor's permission bits count too.
 *
 * Installing a keyring changes current's cred: prepare_creds(), set the
 * pointer, commit_creds(), as every other change of credentials.
 */
#include "kernel/keys/internal.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/security/security.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/tasklist.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

/* Linux's user_keyring_perm: all to the possessor and the user. */
#define USER_KEYRING_PERM (KEY_POS_ALL | (KEY_NEED_ALL << KEY_USR_SHIFT))
#define PROCESS_KEYRING_PERM (KEY_POS_ALL | (KEY_NEED_VIEW << KEY_USR_SHIFT))
#define SESSION_KEYRING_PERM (KEY_POS_ALL | ((KEY_NEED_VIEW | KEY_NEED_READ | \
				KEY_NEED_LINK) << KEY_USR_SHIFT))

void key_cred_copied(struct cred *new)
{
	key_get(new->thread_keyring);
	key_get(new->process_keyring);
	key_get(new->session_keyring);
}

void key_cred_release(struct cred *c)
{
	key_put(c->thread_keyring);
	key_put(c->process_keyring);
	key_put(c->session_keyring);
}

bool key_cred_fork_differs(const struct cred *c, bool thread)
{
	return c->thread_keyring || (!thread && c->process_keyring);
}

void key_cred_fork(struct cred *new, bool thread)
{
	key_put(new->thread_keyring);
	new->thread_keyring = NULL;
	if (!thread) {
		key_put(new->process_keyring);
		new->process_keyring = NULL;
	}
}

/* The user and user-session keyrings of @uid, made if missing; @up
 * their key_user. It names them, so it holds a reference of its own
 * from then on: they are keys of @uid's, but root may chown them away
 * (Linux keeps them in the user namespace's register for its life). */
static int user_keyrings(kuid_t uid, struct key_user **up)
{
	struct key_user *u = key_user_lookup(uid);
	char name[32];
	struct key *k;
	int err = 0;

	if (!u)
		return -ENOMEM;
	if (!u->uid_keyring) {
		snprintf(name, sizeof(name), "_uid.%u", uid.val);
		k = keyring_alloc(name, uid, INVALID_GID, USER_KEYRING_PERM,
				  true);
		if (IS_ERR(k)) {
			err = PTR_ERR(k);
		} else {
			u->uid_keyring = k;
			refcount_inc(&u->usage);
		}
	}
	if (!err && !u->session_keyring) {
		snprintf(name, sizeof(name), "_uid_ses.%u", uid.val);
		k = keyring_alloc(name, uid, INVALID_GID, USER_KEYRING_PERM,
				  true);
		if (IS_ERR(k)) {
			err = PTR_ERR(k);
		} else {
			key_link(k, u->uid_keyring);
			u->session_keyring = k;
		}
	}
	if (!err)
		*up = u;
	key_user_put(u);	/* the lookup's; freed here only if it has no keys */
	return err;
}

/* Put @keyring (a reference given) in current's cred as @which. */
static int install_in_cred(int which, struct key *keyring)
{
	struct cred *new = prepare_creds();
	struct key **slot;

	if (!new) {
		key_put(keyring);
		return -ENOMEM;
	}
	slot = which == KEY_SPEC_THREAD_KEYRING ? &new->thread_keyring :
	       which == KEY_SPEC_PROCESS_KEYRING ? &new->process_keyring :
						   &new->session_keyring;
	key_put(*slot);
	*slot = keyring;
	return commit_creds(new);
}

int install_keyring(int which)
{
	const struct cred *c = current->cred;
	struct key *k = keyring_alloc(which == KEY_SPEC_THREAD_KEYRING ?
				      "_tid" : "_pid", c->uid, c->gid,
				      PROCESS_KEYRING_PERM, true);

	if (IS_ERR(k))
		return PTR_ERR(k);
	return install_in_cred(which, k);
}

long join_session_keyring(const char *name)
{
	const struct cred *c = current->cred;
	struct key *k = NULL;
	struct key *found;
	key_serial_t serial;
	int err;

	if (name) {
		list_for_each_entry(found, &key_serial_list, serial_node) {
			struct key_ref ref = { found, false };

			if (found->type == &key_type_keyring &&
			    !strcmp(found->description, name) &&
			    !key_validate(found) &&
			    !key_permission(&ref, c, KEY_NEED_SEARCH) &&
			    refcount_inc_not_zero(&found->usage)) {
				k = found;
				break;
			}
		}
	}
	if (!k) {
		k = keyring_alloc(name ? name : "_ses", c->uid, c->gid,
				  SESSION_KEYRING_PERM, false);
		if (IS_ERR(k))
			return PTR_ERR(k);
	} else if (k == c->session_keyring) {
		key_put(k);
		return 0;	/* joined already: Linux answers 0 */
	}
	serial = k->serial;	/* install_in_cred() takes our reference */
	err = install_in_cred(KEY_SPEC_SESSION_KEYRING, k);
	return err ? err : serial;
}

/* The keyring current searches as its session: its own or its user's. */
static struct key *session_or_user_session(const struct cred *c)
{
	struct key_user *u;

	if (c->session_keyring)
		return c->session_keyring;
	return user_keyrings(c->uid, &u) ? NULL : u->session_keyring;
}

bool key_possessed(struct key *key)
{
	const struct cred *c = current->cred;
	struct key *rings[3] = { c->thread_keyring, c->process_keyring,
				 session_or_user_session(c) };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rings); i++)
		if (rings[i] && keyring_reaches(rings[i], key, c, true, 0))
			return true;
	return false;
}

/* A special keyring, made on demand when @create. */
static struct key *special_keyring(key_serial_t id, bool create)
{
	const struct cred *c = current->cred;
	struct key_user *u;
	int err = 0;

	switch (id) {
	case KEY_SPEC_THREAD_KEYRING:
	case KEY_SPEC_PROCESS_KEYRING:
		if (!(id == KEY_SPEC_THREAD_KEYRING ? c->thread_keyring :
		      c->process_keyring)) {
			if (!create)
				return ERR_PTR(-ENOKEY);
			err = install_keyring(id);
		}
		c = current->cred;
		return err ? ERR_PTR(err) : key_get(id == KEY_SPEC_THREAD_KEYRING ?
						   c->thread_keyring :
						   c->process_keyring);
	case KEY_SPEC_SESSION_KEYRING:
		if (!c->session_keyring) {
			err = user_keyrings(c->uid, &u);
			if (!err && create)
				err = join_session_keyring(NULL);
			else if (!err)
				err = install_in_cred(id, key_get(u->session_keyring));
		}
		return err < 0 ? ERR_PTR(err) : key_get(current->cred->session_keyring);
	case KEY_SPEC_USER_KEYRING:
	case KEY_SPEC_USER_SESSION_KEYRING:
		err = user_keyrings(c->uid, &u);
		if (err)
			return ERR_PTR(err);
		return key_get(id == KEY_SPEC_USER_KEYRING ? u->uid_keyring :
				    u->session_keyring);
	case KEY_SPEC_REQKEY_AUTH_KEY:
	case KEY_SPEC_REQUESTOR_KEYRING:
		return ERR_PTR(-ENOKEY);	/* no request is being serviced */
	default:
		return ERR_PTR(-EINVAL);
	}
}

struct key_ref lookup_user_key(key_serial_t id, unsigned int lflags,
			       unsigned int need)
{
	struct key_ref ref = { NULL, true };
	long err;

	if (id < 0) {
		ref.key = special_keyring(id, lflags & KEY_LOOKUP_CREATE);
		if (IS_ERR(ref.key))
			return ref;
	} else {
		ref.key = id ? key_lookup(id) : NULL;
		if (!ref.key) {
			ref.key = ERR_PTR(id ? -ENOKEY : -EINVAL);
			return ref;
		}
		ref.possessed = key_possessed(ref.key);
	}
	err = (lflags & KEY_LOOKUP_PARTIAL) ? 0 : key_validate(ref.key);
	if (!err)
		err = key_permission(&ref, current->cred, need);
	if (err) {
		key_put(ref.key);
		ref.key = ERR_PTR(err);
	}
	return ref;
}

struct key_ref search_process_keyrings(const struct key_type *type,
				       const char *desc)
{
	const struct cred *c = current->cred;
	struct key *rings[3] = { c->thread_keyring, c->process_keyring,
				 session_or_user_session(c) };
	struct key_ref r;
	long none = 0, other = -EAGAIN;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rings); i++) {
		struct key_ref ring = { rings[i], true };

		if (!rings[i])
			continue;
		r = keyring_search(&ring, c, type, desc);
		if (!IS_ERR(r.key))
			return r;
		/* As Linux: a negative key outranks "none here", which
		 * outranks the other errors. */
		if (PTR_ERR(r.key) == -ENOKEY ||
		    (PTR_ERR(r.key) == -EAGAIN && !none))
			none = PTR_ERR(r.key);
		else if (PTR_ERR(r.key) != -EAGAIN)
			other = PTR_ERR(r.key);
	}
	r.key = ERR_PTR(none ? none : other);
	return r;
}

struct key *request_key_dest(struct key *dest)
{
	const struct cred *c = current->cred;
	int jit = c->jit_keyring;
	struct key_user *u;
	struct key_ref r;

	if (dest)
		return key_get(dest);	/* looked up for writing already */
	/* From the default's level down: the first that exists. */
	if (jit <= KEY_REQKEY_DEFL_THREAD_KEYRING)
		dest = c->thread_keyring;
	if (!dest && jit <= KEY_REQKEY_DEFL_PROCESS_KEYRING)
		dest = c->process_keyring;
	if (!dest && jit <= KEY_REQKEY_DEFL_SESSION_KEYRING)
		dest = c->session_keyring;
	if (!dest && !user_keyrings(c->uid, &u))
		dest = jit == KEY_REQKEY_DEFL_USER_KEYRING ? u->uid_keyring :
							      u->session_keyring;
	if (!dest)
		return ERR_PTR(-ENOMEM);
	r = (struct key_ref){ dest, true };
	if (key_permission(&r, c, KEY_NEED_WRITE))
		return ERR_PTR(-EACCES);
	return key_get(dest);
}

/* ---- KEYCTL_SESSION_TO_PARENT ----
 *
 * A child hands its session keyring to its parent (keyctl(1)'s
 * "new_session" does it for the shell). The parent may be anywhere in
 * the kernel; its cred is changed only by itself, so the child leaves a
 * blank cred holding the keyring in parent->replacement_session_keyring
 * (allocated by the child, so the parent's part cannot fail), and the
 * parent makes it a copy of its own cred but for that keyring before it
 * next returns to user mode, as Linux's task_work does.
 */

/* May current hand its session keyring @ses to @parent (@pc its cred)? */
static long may_session_to_parent(struct task_struct *parent,
				  const struct cred *pc, const struct key *ses)
{
	const struct cred *mc = current->cred;

	if (parent->pid <= 1 || !parent->mm || !parent->signal ||
	    parent->signal->nr_threads != 1)
		return -EPERM;
	/* Same owner, not set-ID, and keyrings of that owner. */
	if (!uid_eq(pc->uid, mc->euid) || !uid_eq(pc->euid, mc->euid) ||
	    !uid_eq(pc->suid, mc->euid) || !gid_eq(pc->gid, mc->egid) ||
	    !gid_eq(pc->egid, mc->egid) || !gid_eq(pc->sgid, mc->egid))
		return -EPERM;
	if ((pc->session_keyring && !uid_eq(pc->session_keyring->uid, mc->euid)) ||
	    !uid_eq(ses->uid, mc->euid))
		return -EPERM;
	return 0;
}

long keyctl_session_to_parent(void)
{
	struct key_ref ref = lookup_user_key(KEY_SPEC_SESSION_KEYRING, 0,
					     KEY_NEED_LINK);
	struct task_struct *parent;
	struct cred *blank, *old = NULL;
	const struct cred *pc;
	unsigned long flags;
	long err;

	if (IS_ERR(ref.key))
		return PTR_ERR(ref.key);
	blank = cred_alloc_blank();
	if (!blank) {
		key_put(ref.key);
		return -ENOMEM;
	}
	blank->session_keyring = ref.key;	/* our reference */
	flags = spin_lock_irqsave(&tasklist_lock);
	parent = current->group_leader->real_parent;
	pc = get_task_cred(parent);
	err = may_session_to_parent(parent, pc, ref.key);
	if (!err && ref.key != pc->session_keyring) {	/* else: no point */
		old = xchg(&parent->replacement_session_keyring, blank);
		blank = NULL;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	put_cred(pc);
	if (old)
		put_cred(old);		/* an earlier one not yet taken */
	if (blank)
		put_cred(blank);
	return err;
}

void key_change_session_keyring(void)
{
	struct cred *new = xchg(&current->replacement_session_keyring, NULL);
	struct key *ses;

	if (!new)
		return;
	if (current->flags & PF_EXITING) {
		put_cred(new);
		return;
	}
	/* The whole of current's cred, the security modules' parts too:
	 * Linux fills this one field by field, and before 6.11 forgot
	 * Landlock's domain there (CVE-2024-42318). */
	ses = new->session_keyring;	/* the child's, our reference */
	cred_copy_into(new, current->cred);
	key_put(new->session_keyring);	/* the copy's, of the old one */
	new->session_keyring = ses;
	commit_creds(new);
}
