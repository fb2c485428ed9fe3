/*
 * Credentials (kernel/cred.h): the life of a struct cred, prepare_creds()
 * -> edit -> commit_creds(), shared by reference between tasks; the
 * checks between tasks; and the system calls that read and change a task's
 * ids: set*uid/set*gid, getres*id, setfs*id, getgroups/setgroups, with
 * Linux's rules and errno values (man 2 setresuid). Linux keeps the
 * calls in kernel/sys.c and the groups in kernel/groups.c.
 *
 * Only current changes its own cred, so current reads current->cred
 * without a lock; another task's cred is read with get_task_cred(),
 * which holds cred_lock against a commit freeing it meanwhile.
 */
#include "kernel/cred.h"
#include "kernel/keys/keys.h"
#include "kernel/module/module.h"
#include "kernel/locking/spinlock.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/slab.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/security/security.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/tasklist.h"
#include "kernel/uaccess.h"
#include "lib/bug.h"
#include "lib/errno.h"
#include "lib/string.h"

static struct group_info init_groups = { .usage = REFCOUNT_INIT(2) };

struct cred init_cred = {
	.usage = REFCOUNT_INIT(4),	/* init_task's two, and never freed */
	.cap_permitted = CAP_FULL_SET,
	.cap_effective = CAP_FULL_SET,
	.cap_bset = CAP_FULL_SET,
	.group_info = &init_groups,
	.user_ns = &init_user_ns,
};
EXPORT_SYMBOL(init_cred);

static DEFINE_SPINLOCK(cred_lock);

void put_group_info(struct group_info *gi)
{
	if (refcount_dec_and_test(&gi->usage))
		kfree(gi);
}

const struct cred *get_cred(const struct cred *cred)
{
	refcount_inc(&((struct cred *)cred)->usage);
	return cred;
}
EXPORT_SYMBOL(get_cred);

void put_cred(const struct cred *cred)
{
	struct cred *c = (struct cred *)cred;

	if (!refcount_dec_and_test(&c->usage))
		return;
	BUG_ON(c == &init_cred);
	key_cred_release(c);
	security_cred_free(c);
	if (c->group_info)		/* NULL in a blank one */
		put_group_info(c->group_info);
	if (c->user_ns)
		put_user_ns(c->user_ns);
	kfree(c);
}
EXPORT_SYMBOL(put_cred);

void cred_copy_into(struct cred *new, const struct cred *old)
{
	*new = *old;
	refcount_set(&new->usage, 1);
	refcount_inc(&new->group_info->usage);
	get_user_ns(new->user_ns);
	key_cred_copied(new);
	security_prepare_creds(new, old);
}

/* A copy of @old (cred_copy_into()); NULL on no memory. */
static struct cred *dup_cred(const struct cred *old)
{
	struct cred *new = kmalloc(sizeof(*new), GFP_KERNEL);

	if (new)
		cred_copy_into(new, old);
	return new;
}

struct cred *cred_alloc_blank(void)
{
	struct cred *new = kzalloc(sizeof(*new), GFP_KERNEL);

	if (new)
		refcount_set(&new->usage, 1);
	return new;
}

struct cred *prepare_creds(void)
{
	return dup_cred(current->cred);
}
EXPORT_SYMBOL(prepare_creds);

int commit_creds(struct cred *new)
{
	struct task_struct *task = current;
	const struct cred *old = task->cred, *old_real = task->real_cred;
	unsigned long flags;

	BUG_ON(refcount_read(&new->usage) < 1);
	/* A process that changed ids may hold what its old user must not
	 * see: only root reads its /proc files or traces it now. */
	if (!uid_eq(old->euid, new->euid) || !gid_eq(old->egid, new->egid) ||
	    !uid_eq(old->fsuid, new->fsuid) || !gid_eq(old->fsgid, new->fsgid)) {
		if (task->mm)
			WRITE_ONCE(task->mm->dumpable, 0);
		task->pdeath_signal = 0;	/* nor signal it as the parent asked */
	}
	get_cred(new);			/* one for each pointer */
	flags = spin_lock_irqsave(&cred_lock);
	task->real_cred = new;
	task->cred = new;
	spin_unlock_irqrestore(&cred_lock, flags);
	put_cred(old_real);
	put_cred(old);
	return 0;
}
EXPORT_SYMBOL(commit_creds);

void abort_creds(struct cred *new)
{
	put_cred(new);
}
EXPORT_SYMBOL(abort_creds);

/* A reference to @task's real_cred, safe against its commit_creds();
 * put_cred() it when done. */
const struct cred *get_task_cred(struct task_struct *task)
{
	unsigned long flags = spin_lock_irqsave(&cred_lock);
	const struct cred *c = get_cred(task->real_cred);

	spin_unlock_irqrestore(&cred_lock, flags);
	return c;
}
EXPORT_SYMBOL(get_task_cred);

const struct cred *override_creds(const struct cred *new)
{
	const struct cred *old = current->cred;

	current->cred = get_cred(new);
	return old;
}

void revert_creds(const struct cred *old)
{
	const struct cred *borrowed = current->cred;

	current->cred = old;
	put_cred(borrowed);
}

void copy_creds(struct task_struct *p, const struct cred *cred)
{
	p->real_cred = get_cred(cred);
	p->cred = get_cred(cred);
	p->replacement_session_keyring = NULL;	/* the parent's, if any */
}

int copy_creds_keyrings(struct task_struct *p, bool thread)
{
	const struct cred *old = p->cred;
	struct cred *new;

	if (!key_cred_fork_differs(old, thread))
		return 0;
	new = dup_cred(old);
	if (!new)
		return -ENOMEM;
	key_cred_fork(new, thread);
	exit_creds(p);
	p->real_cred = new;
	p->cred = get_cred(new);	/* one for each pointer */
	return 0;
}

void exit_creds(struct task_struct *p)
{
	struct cred *pending = xchg(&p->replacement_session_keyring, NULL);

	if (pending)
		put_cred(pending);
	put_cred(p->real_cred);
	put_cred(p->cred);
	p->real_cred = p->cred = NULL;
}

/* Linux's kill_ok_by_cred(): current's real or effective uid is @t's
 * real or saved uid, or current is root (CAP_KILL). */
bool kill_ok_by_cred(struct task_struct *t)
{
	const struct cred *c = current->cred, *tc = get_task_cred(t);
	bool ok = uid_eq(c->euid, tc->suid) || uid_eq(c->euid, tc->uid) ||
		  uid_eq(c->uid, tc->suid) || uid_eq(c->uid, tc->uid) ||
		  capable(CAP_KILL);

	put_cred(tc);
	return ok;
}

bool check_same_owner(struct task_struct *t)
{
	const struct cred *c = current->cred, *tc = get_task_cred(t);
	bool ok = uid_eq(c->euid, tc->euid) || uid_eq(c->euid, tc->uid) ||
		  capable(CAP_SYS_NICE);

	put_cred(tc);
	return ok;
}

/* Are @uid and @gid each of @t's real, effective and saved ids? */
static bool ids_all_match(struct task_struct *t, kuid_t uid, kgid_t gid)
{
	const struct cred *tc = get_task_cred(t);
	bool ok = uid_eq(uid, tc->uid) && uid_eq(uid, tc->euid) &&
		  uid_eq(uid, tc->suid) && gid_eq(gid, tc->gid) &&
		  gid_eq(gid, tc->egid) && gid_eq(gid, tc->sgid);

	put_cred(tc);
	return ok;
}

bool may_prlimit(struct task_struct *t)
{
	return ids_all_match(t, current->cred->uid, current->cred->gid) ||
	       capable(CAP_SYS_RESOURCE);
}

bool task_dumpable(struct task_struct *t)
{
	struct mm_struct *mm = get_task_mm(t);
	bool dumpable = !mm || READ_ONCE(mm->dumpable) == SUID_DUMP_USER;

	if (mm)
		mmput(mm);
	return dumpable;
}

/* Does @t, in current's user namespace, have no permitted capability
 * outside @caps, or has current CAP_SYS_PTRACE in @t's (its maker has:
 * Linux's cap_ptrace_access_check())? */
static bool caps_within(struct task_struct *t, kernel_cap_t caps)
{
	const struct cred *tc = get_task_cred(t);
	bool ok = (tc->user_ns == current->cred->user_ns &&
		   cap_issubset(tc->cap_permitted, caps)) ||
		  ns_capable(tc->user_ns, CAP_SYS_PTRACE);

	put_cred(tc);
	return ok;
}

/* Linux's __ptrace_may_access(): current, as @uid and @gid, owns all of
 * @t's ids, @t is dumpable and holds no capability beyond current's
 * @caps, or current has CAP_SYS_PTRACE. */
static bool __ptrace_may_access(struct task_struct *t, kuid_t uid, kgid_t gid,
				kernel_cap_t caps)
{
	if (t->group_leader == current->group_leader)
		return true;
	if (capable(CAP_SYS_PTRACE))
		return true;
	return ids_all_match(t, uid, gid) && task_dumpable(t) &&
	       caps_within(t, caps);
}

bool ptrace_may_access(struct task_struct *t)
{
	const struct cred *c = current->cred;

	return __ptrace_may_access(t, c->fsuid, c->fsgid, c->cap_effective);
}

bool ptrace_may_attach(struct task_struct *t)
{
	const struct cred *c = current->cred;

	return __ptrace_may_access(t, c->uid, c->gid, c->cap_permitted);
}

bool groups_search(const struct group_info *gi, kgid_t gid)
{
	int lo = 0, hi = gi->ngroups;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (gi->gid[mid].val == gid.val)
			return true;
		if (gi->gid[mid].val < gid.val)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool in_group_p(kgid_t gid)
{
	const struct cred *c = current->cred;

	return gid_eq(c->fsgid, gid) || groups_search(c->group_info, gid);
}
EXPORT_SYMBOL(in_group_p);

bool in_egroup_p(kgid_t gid)
{
	const struct cred *c = current->cred;

	return gid_eq(c->egid, gid) || groups_search(c->group_info, gid);
}

/* ---- the system calls ---- */

/* The real, effective, saved and fs ids of one kind (uids or gids) of a
 * cred: the set*uid and set*gid rules are the same for both. */
struct id_set {
	u32 *r, *e, *s, *fs;
};

static struct id_set cred_ids(const struct cred *cred, bool gids)
{
	struct cred *c = (struct cred *)cred;

	if (gids)
		return (struct id_set){ &c->gid.val, &c->egid.val,
					&c->sgid.val, &c->fsgid.val };
	return (struct id_set){ &c->uid.val, &c->euid.val, &c->suid.val,
				&c->fsuid.val };
}

/* May an unprivileged task take @id: is it its real, effective or saved? */
static bool id_is_ours(struct id_set old, u32 id)
{
	return id == *old.r || id == *old.e || id == *old.s;
}

/* Install @new after a change of ids; a change of uids takes root's
 * capabilities with it or gives them back (cap_fix_setuid(); @fs:
 * setfsuid(2)). */
static long commit_ids(struct cred *new, bool gids, bool fs)
{
	if (!gids)
		cap_fix_setuid(new, current->cred, fs);
	return commit_creds(new);
}

/* CAP_SETUID (CAP_SETGID) in current's own user namespace. */
static bool may_setid(bool gids)
{
	return ns_capable(current_user_ns(), gids ? CAP_SETGID : CAP_SETUID);
}

/* @id as current wrote it, in its user namespace, as a global id; -1
 * (leave alone) stays; an id the namespace has not mapped sets *@bad. */
static u32 kid(u32 id, bool gids, bool *bad)
{
	struct user_namespace *ns = current_user_ns();
	u32 k;

	if (id == (u32)-1)
		return id;
	k = gids ? make_kgid(ns, id).val : make_kuid(ns, id).val;
	*bad |= k == (u32)-1;
	return k;
}

/* Global id @k as current's user namespace sees it (65534 if unmapped). */
static u32 user_id(u32 k, bool gids)
{
	struct user_namespace *ns = current_user_ns();

	return gids ? from_kgid_munged(ns, KGIDT_INIT(k))
		    : from_kuid_munged(ns, KUIDT_INIT(k));
}

/* setuid(2)/setgid(2): privileged, all four ids become @id; otherwise
 * only the effective (and fs) id, and only to the real or saved one. */
static long do_setid(u32 id, bool gids)
{
	struct id_set old = cred_ids(current->cred, gids), n;
	struct cred *new;

	if (id == (u32)-1)
		return -EINVAL;
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	n = cred_ids(new, gids);
	if (may_setid(gids)) {
		*n.r = *n.s = id;
	} else if (id != *old.r && id != *old.s) {
		abort_creds(new);
		return -EPERM;
	}
	*n.e = *n.fs = id;
	return commit_ids(new, gids, false);
}

/* setreuid(2)/setregid(2); -1 leaves an id alone. The saved id follows
 * the effective one when the real id is set or the effective one moves
 * off the real one. */
static long do_setreid(u32 rid, u32 eid, bool gids)
{
	struct id_set old = cred_ids(current->cred, gids), n;
	bool priv = may_setid(gids);
	struct cred *new = prepare_creds();

	if (!new)
		return -ENOMEM;
	n = cred_ids(new, gids);
	if ((rid != (u32)-1 && !priv && rid != *old.r && rid != *old.e) ||
	    (eid != (u32)-1 && !priv && !id_is_ours(old, eid))) {
		abort_creds(new);
		return -EPERM;
	}
	if (rid != (u32)-1)
		*n.r = rid;
	if (eid != (u32)-1)
		*n.e = eid;
	if (rid != (u32)-1 || (eid != (u32)-1 && eid != *old.r))
		*n.s = *n.e;
	*n.fs = *n.e;
	return commit_ids(new, gids, false);
}

/* setresuid(2)/setresgid(2): each id not -1 set; unprivileged, only to
 * one of the current real, effective and saved ids. */
static long do_setresid(u32 rid, u32 eid, u32 sid, bool gids)
{
	struct id_set old = cred_ids(current->cred, gids), n;
	bool priv = may_setid(gids);
	struct cred *new;

	if (!priv && ((rid != (u32)-1 && !id_is_ours(old, rid)) ||
		      (eid != (u32)-1 && !id_is_ours(old, eid)) ||
		      (sid != (u32)-1 && !id_is_ours(old, sid))))
		return -EPERM;
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	n = cred_ids(new, gids);
	if (rid != (u32)-1)
		*n.r = rid;
	if (eid != (u32)-1)
		*n.e = eid;
	if (sid != (u32)-1)
		*n.s = sid;
	*n.fs = *n.e;
	return commit_ids(new, gids, false);
}

/* setfsuid(2)/setfsgid(2): always returns the old fs id; changes it when
 * allowed (privileged, or one of the four current ids), silently not
 * otherwise. */
static long do_setfsid(u32 id, bool gids)
{
	struct id_set old = cred_ids(current->cred, gids);
	u32 was = *old.fs;
	struct cred *new;

	if (id == (u32)-1 || id == was)
		return was;
	if (!id_is_ours(old, id) && !may_setid(gids))
		return was;
	new = prepare_creds();
	if (new) {
		*cred_ids(new, gids).fs = id;
		commit_ids(new, gids, true);
	}
	return was;
}

static long do_getresid(u32 __user *r, u32 __user *e, u32 __user *s,
			bool gids)
{
	struct id_set c = cred_ids(current->cred, gids);

	if (put_user_u32(user_id(*c.r, gids), r) ||
	    put_user_u32(user_id(*c.e, gids), e) ||
	    put_user_u32(user_id(*c.s, gids), s))
		return -EFAULT;
	return 0;
}

/* getuid(2), geteuid(2), getgid(2), getegid(2): current's ids, as its
 * user namespace sees them. */
long sys_getuid(void) { return user_id(current->cred->uid.val, false); }
long sys_geteuid(void) { return user_id(current->cred->euid.val, false); }
long sys_getgid(void) { return user_id(current->cred->gid.val, true); }
long sys_getegid(void) { return user_id(current->cred->egid.val, true); }

/* The set*id calls take ids of current's user namespace: an unmapped
 * one is EINVAL (Linux's make_kuid() and uid_valid() checks). */

/* setuid(2), setgid(2): do_setid()'s rules. */
static long setid(u32 id, bool gids)
{
	bool bad = false;

	return do_setid(kid(id, gids, &bad), gids);	/* bad: -1, EINVAL */
}
long sys_setuid(u32 uid) { return setid(uid, false); }
long sys_setgid(u32 gid) { return setid(gid, true); }

/* setreuid(2), setregid(2): do_setreid()'s rules. */
static long setreid(u32 r, u32 e, bool gids)
{
	bool bad = false;

	r = kid(r, gids, &bad);
	e = kid(e, gids, &bad);
	return bad ? -EINVAL : do_setreid(r, e, gids);
}
long sys_setreuid(u32 r, u32 e) { return setreid(r, e, false); }
long sys_setregid(u32 r, u32 e) { return setreid(r, e, true); }

/* setresuid(2), setresgid(2): do_setresid()'s rules. */
static long setresid(u32 r, u32 e, u32 s, bool gids)
{
	bool bad = false;

	r = kid(r, gids, &bad);
	e = kid(e, gids, &bad);
	s = kid(s, gids, &bad);
	return bad ? -EINVAL : do_setresid(r, e, s, gids);
}
long sys_setresuid(u32 r, u32 e, u32 s) { return setresid(r, e, s, false); }
long sys_setresgid(u32 r, u32 e, u32 s) { return setresid(r, e, s, true); }

/* setfsuid(2), setfsgid(2): the old fs id; do_setfsid()'s rules (an
 * unmapped id changes nothing). */
static long setfsid(u32 id, bool gids)
{
	bool bad = false;

	return user_id((u32)do_setfsid(kid(id, gids, &bad), gids), gids);
}
long sys_setfsuid(u32 uid) { return setfsid(uid, false); }
long sys_setfsgid(u32 gid) { return setfsid(gid, true); }

/* getresuid(2): current's real, effective and saved uids; -EFAULT. */
long sys_getresuid(u32 __user *r, u32 __user *e, u32 __user *s)
{
	return do_getresid(r, e, s, false);
}

/* getresgid(2): the same for the gids. */
long sys_getresgid(u32 __user *r, u32 __user *e, u32 __user *s)
{
	return do_getresid(r, e, s, true);
}
