/*
 * Capabilities (kernel/capability.h): how a cred's five sets move, with
 * the rules and errno values of Linux 6.1 (its kernel/capability.c and
 * security/commoncap.c; man capabilities(7)).
 *
 *   capable()           the effective set decides every privilege, in
 *                       the cred's user namespace (ns_capable());
 *   cap_fix_setuid()    set*uid(2) off root empties the sets, back onto
 *                       an euid of 0 makes the permitted ones effective;
 *                       setfsuid(2) moves only the file capabilities;
 *   cap_bprm_creds()    execve: root (real or effective uid 0) gets the
 *                       bounding and inheritable sets, others keep their
 *                       ambient set; no file capabilities (Taskbase has
 *                       no security.capability attributes);
 *   capget(2), capset(2), and prctl(2)'s PR_CAPBSET_*, PR_CAP_AMBIENT,
 *   PR_*_KEEPCAPS, PR_*_SECUREBITS and PR_*_NO_NEW_PRIVS.
 */
#include "kernel/capability.h"
#include "kernel/cred.h"
#include "kernel/module/module.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/pid.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/tasklist.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"

bool capable(int cap)
{
	return ns_capable(&init_user_ns, cap);
}
EXPORT_SYMBOL(capable);

bool has_capability(struct task_struct *t, int cap)
{
	const struct cred *c = get_task_cred(t);
	bool ok = cred_ns_capable(c, &init_user_ns, cap);

	put_cred(c);
	return ok;
}

static bool issecure(const struct cred *c, int bit)
{
	return c->securebits & (1U << bit);
}

/* Is @uid root (0) in @c's user namespace (Linux's root_uid)? */
static bool is_root(const struct cred *c, kuid_t uid)
{
	return uid_eq(uid, make_kuid(c->user_ns, 0));
}

/* Does any of @c's real, effective and saved uids say root? */
static bool any_root(const struct cred *c)
{
	return is_root(c, c->uid) || is_root(c, c->euid) || is_root(c, c->suid);
}

/* Linux's cap_emulate_setxuid(): leaving root for good (no uid 0 left)
 * empties permitted and effective unless SECBIT_KEEP_CAPS, and always
 * ambient; the effective set follows the euid off and back onto 0. */
static void cap_emulate_setxuid(struct cred *new, const struct cred *old)
{
	if (any_root(old) && !any_root(new)) {
		if (!issecure(old, SECURE_KEEP_CAPS)) {
			cap_clear(&new->cap_permitted);
			cap_clear(&new->cap_effective);
		}
		cap_clear(&new->cap_ambient);
	}
	if (is_root(old, old->euid) && !is_root(new, new->euid))
		cap_clear(&new->cap_effective);
	if (!is_root(old, old->euid) && is_root(new, new->euid))
		new->cap_effective = new->cap_permitted;
}

void cap_fix_setuid(struct cred *new, const struct cred *old, bool fs)
{
	if (issecure(old, SECURE_NO_SETUID_FIXUP))
		return;
	if (!fs) {
		cap_emulate_setxuid(new, old);
		return;
	}
	if (is_root(old, old->fsuid) && !is_root(new, new->fsuid))
		new->cap_effective.val &= ~CAP_FS_MASK;
	if (!is_root(old, old->fsuid) && is_root(new, new->fsuid))
		new->cap_effective.val |= new->cap_permitted.val & CAP_FS_MASK;
}

void cap_fix_access(struct cred *c)
{
	if (issecure(c, SECURE_NO_SETUID_FIXUP))
		return;
	if (is_root(c, c->uid))
		c->cap_effective = c->cap_permitted;
	else
		cap_clear(&c->cap_effective);
}

bool ptracer_capable(void)
{
	unsigned long fl = spin_lock_irqsave(&tasklist_lock);
	bool ok = !current->ptrace ||
		  has_capability(current->parent, CAP_SYS_PTRACE);

	spin_unlock_irqrestore(&tasklist_lock, fl);
	return ok;
}

/* Linux's cap_ptrace_traceme(): a parent may trace us only if it holds
 * every capability we may use (in our user namespace), or
 * CAP_SYS_PTRACE in it. */
bool cap_ptrace_traceme(struct task_struct *parent)
{
	const struct cred *pc = get_task_cred(parent);
	bool ok = (pc->user_ns == current->cred->user_ns &&
		   cap_issubset(current->cred->cap_permitted, pc->cap_permitted)) ||
		  cred_ns_capable(pc, current->cred->user_ns, CAP_SYS_PTRACE);

	put_cred(pc);
	return ok;
}

/* Linux's handle_privileged_root(): root's exec gets the bounding and
 * inheritable sets (effective too when the euid is 0); true if the
 * program runs with them effective. */
static bool cap_exec_root(struct cred *new, const struct cred *old)
{
	if (issecure(old, SECURE_NOROOT))
		return false;
	if (is_root(new, new->euid) || is_root(new, new->uid))
		new->cap_permitted = cap_combine(old->cap_bset,
						 old->cap_inheritable);
	return is_root(new, new->euid);
}

void cap_bprm_creds(struct cred *new, const struct cred *old, bool nnp,
		    bool *secure)
{
	bool setid = !uid_eq(new->euid, old->uid) || !gid_eq(new->egid, old->gid);
	bool effective;

	cap_clear(&new->cap_permitted);
	effective = cap_exec_root(new, old);
	if ((setid || !cap_issubset(new->cap_permitted, old->cap_permitted)) &&
	    (nnp || !ptracer_capable())) {
		if (nnp || !ns_capable(new->user_ns, CAP_SETUID)) {
			new->euid = new->uid;
			new->egid = new->gid;
		}
		new->cap_permitted = cap_intersect(new->cap_permitted,
						   old->cap_permitted);
	}
	new->suid = new->fsuid = new->euid;
	new->sgid = new->fsgid = new->egid;
	if (setid)
		cap_clear(&new->cap_ambient);
	new->cap_permitted = cap_combine(new->cap_permitted, new->cap_ambient);
	new->cap_effective = effective ? new->cap_permitted : new->cap_ambient;
	if (setid || (!is_root(new, new->uid) &&
		      (effective || !cap_issubset(new->cap_permitted,
						  new->cap_ambient))))
		*secure = true;
	new->securebits &= ~SECBIT_KEEP_CAPS;
}

/* ---- capget(2), capset(2) ---- */

#define _LINUX_CAPABILITY_VERSION_1 0x19980330	/* one 32-bit word */
#define _LINUX_CAPABILITY_VERSION_2 0x20071026	/* two, deprecated */
#define _LINUX_CAPABILITY_VERSION_3 0x20080522	/* two */

struct user_cap_header {
	u32 version;
	int pid;
};

/* The address of header field @f (see USER_FIELD()). */
#define HDR_FIELD(hdr, f) USER_FIELD(struct user_cap_header, hdr, f)

/* One 32-bit word of each set; versions 2 and 3 pass two of these. */
struct user_cap_data {
	u32 effective, permitted, inheritable;
};

/* How many data words @hdr's version passes (1 or 2); an unknown one is
 * -EINVAL with version 3 written back, as programs ask which one. */
static long cap_validate_magic(struct user_cap_header __user *hdr)
{
	u32 version;

	if (get_user_u32(&version, HDR_FIELD(hdr, version)))
		return -EFAULT;
	switch (version) {
	case _LINUX_CAPABILITY_VERSION_1:
		return 1;
	case _LINUX_CAPABILITY_VERSION_2:
	case _LINUX_CAPABILITY_VERSION_3:
		return 2;
	default:
		if (put_user_u32(_LINUX_CAPABILITY_VERSION_3, HDR_FIELD(hdr, version)))
			return -EFAULT;
		return -EINVAL;
	}
}

/* The capability sets of thread @pid (0: current's), or -ESRCH. */
static long cap_get_target(int pid, kernel_cap_t sets[3])
{
	const struct cred *c = NULL;
	unsigned long fl = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *t = pid ? find_task_by_vpid(pid) : current;

	if (t)
		c = get_task_cred(t);
	spin_unlock_irqrestore(&tasklist_lock, fl);
	if (!c)
		return -ESRCH;
	sets[0] = c->cap_effective;
	sets[1] = c->cap_permitted;
	sets[2] = c->cap_inheritable;
	put_cred(c);
	return 0;
}

/* capget(2): the effective, permitted and inheritable sets of @pid
 * (0: current) in the header's version; NULL @data only asks whether the
 * version is known (0, or -EINVAL with the preferred one written). */
long sys_capget(struct user_cap_header __user *hdr,
		struct user_cap_data __user *data)
{
	struct user_cap_data kdata[2];
	kernel_cap_t sets[3];
	long words = cap_validate_magic(hdr), ret;
	int pid;

	if (!data)		/* only asking: 0 for a known or an unknown version */
		return words == -EFAULT ? -EFAULT : 0;
	if (words < 0)
		return words;
	if (get_user_u32((u32 *)&pid, (u32 __user *)HDR_FIELD(hdr, pid)))
		return -EFAULT;
	if (pid < 0)
		return -EINVAL;
	ret = cap_get_target(pid, sets);
	if (ret)
		return ret;
	for (int i = 0; i < 2; i++)
		kdata[i] = (struct user_cap_data){ (u32)(sets[0].val >> (32 * i)),
						   (u32)(sets[1].val >> (32 * i)),
						   (u32)(sets[2].val >> (32 * i)) };
	if (copy_to_user(data, kdata, words * sizeof(kdata[0])))
		return -EFAULT;
	return 0;
}

/* Linux's cap_capset(): no inheritable capability outside the old
 * inheritable and permitted sets (unless CAP_SETPCAP) nor outside the
 * bounding set, no new permitted one, none effective but permitted. */
static long cap_capset(struct cred *new, const struct cred *old,
		       kernel_cap_t eff, kernel_cap_t inh, kernel_cap_t perm)
{
	if (!ns_capable(current->cred->user_ns, CAP_SETPCAP) &&
	    !cap_issubset(inh, cap_combine(old->cap_inheritable,
					   old->cap_permitted)))
		return -EPERM;
	if (!cap_issubset(inh, cap_combine(old->cap_inheritable, old->cap_bset)) ||
	    !cap_issubset(perm, old->cap_permitted) || !cap_issubset(eff, perm))
		return -EPERM;
	new->cap_effective = eff;
	new->cap_inheritable = inh;
	new->cap_permitted = perm;
	new->cap_ambient = cap_intersect(new->cap_ambient,
					 cap_intersect(perm, inh));
	return 0;
}

/* capset(2): set current's three sets (pid 0 or its own, else -EPERM)
 * by cap_capset()'s rules; capabilities past CAP_LAST_CAP are ignored. */
long sys_capset(struct user_cap_header __user *hdr,
		const struct user_cap_data __user *data)
{
	struct user_cap_data kdata[2] = { 0 };
	kernel_cap_t set[3];
	long words = cap_validate_magic(hdr), ret;
	struct cred *new;
	int pid;

	if (words < 0)
		return words;
	if (get_user_u32((u32 *)&pid, (u32 __user *)HDR_FIELD(hdr, pid)))
		return -EFAULT;
	if (pid != 0 && pid != current->pid)
		return -EPERM;
	if (copy_from_user(kdata, data, words * sizeof(kdata[0])))
		return -EFAULT;
	set[0].val = kdata[0].effective | (u64)kdata[1].effective << 32;
	set[1].val = kdata[0].inheritable | (u64)kdata[1].inheritable << 32;
	set[2].val = kdata[0].permitted | (u64)kdata[1].permitted << 32;
	for (int i = 0; i < 3; i++)
		set[i] = cap_intersect(set[i], CAP_FULL_SET);
	new = prepare_creds();
	if (!new)
		return -ENOMEM;
	ret = cap_capset(new, current->cred, set[0], set[1], set[2]);
	if (ret) {
		abort_creds(new);
		return ret;
	}
	return commit_creds(new);
}

/* ---- prctl(2) ---- */

#define PR_GET_KEEPCAPS 7
#define PR_SET_KEEPCAPS 8
#define PR_CAPBSET_READ 23
#define PR_CAPBSET_DROP 24
#define PR_GET_SECUREBITS 27
#define PR_SET_SECUREBITS 28
#define PR_SET_NO_NEW_PRIVS 38
#define PR_GET_NO_NEW_PRIVS 39
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_IS_SET 1
#define PR_CAP_AMBIENT_RAISE 2
#define PR_CAP_AMBIENT_LOWER 3
#define PR_CAP_AMBIENT_CLEAR_ALL 4

/* The change of one prctl: what it does to a private copy of current's
 * cred, which is committed when it returns 0. */
static long change_creds(void (*edit)(struct cred *new, u64 arg), u64 arg)
{
	struct cred *new = prepare_creds();

	if (!new)
		return -ENOMEM;
	edit(new, arg);
	return commit_creds(new);
}

static void edit_bset_drop(struct cred *new, u64 cap) { cap_lower(&new->cap_bset, cap); }
static void edit_securebits(struct cred *new, u64 bits) { new->securebits = bits; }
static void edit_ambient_clear(struct cred *new, u64 unused) { cap_clear(&new->cap_ambient); }
static void edit_ambient_raise(struct cred *new, u64 cap) { cap_raise(&new->cap_ambient, cap); }
static void edit_ambient_lower(struct cred *new, u64 cap) { cap_lower(&new->cap_ambient, cap); }

static void edit_keepcaps(struct cred *new, u64 on)
{
	if (on)
		new->securebits |= SECBIT_KEEP_CAPS;
	else
		new->securebits &= ~SECBIT_KEEP_CAPS;
}

/* PR_SET_SECUREBITS: with CAP_SETPCAP; a locked bit may not change, a
 * lock may not be released, unknown bits are refused. */
static long set_securebits(u64 bits)
{
	unsigned int old = current->cred->securebits;

	if ((((old & SECURE_ALL_LOCKS) >> 1) & (old ^ bits)) ||
	    (old & SECURE_ALL_LOCKS & ~bits) ||
	    (bits & ~(u64)(SECURE_ALL_LOCKS | SECURE_ALL_BITS)) ||
	    !ns_capable(current->cred->user_ns, CAP_SETPCAP))
		return -EPERM;
	return change_creds(edit_securebits, bits);
}

/* PR_CAP_AMBIENT: an ambient capability must stay permitted and
 * inheritable; raising one may be forbidden by a securebit. */
static long cap_ambient(u64 op, u64 cap, u64 arg4, u64 arg5)
{
	const struct cred *c = current->cred;

	if (op == PR_CAP_AMBIENT_CLEAR_ALL)
		return cap | arg4 | arg5 ? -EINVAL :
		       change_creds(edit_ambient_clear, 0);
	if (!cap_valid(cap) || arg4 || arg5)
		return -EINVAL;
	switch (op) {
	case PR_CAP_AMBIENT_IS_SET:
		return cap_raised(c->cap_ambient, cap);
	case PR_CAP_AMBIENT_RAISE:
		if (!cap_raised(c->cap_permitted, cap) ||
		    !cap_raised(c->cap_inheritable, cap) ||
		    issecure(c, SECURE_NO_CAP_AMBIENT_RAISE))
			return -EPERM;
		return change_creds(edit_ambient_raise, cap);
	case PR_CAP_AMBIENT_LOWER:
		return change_creds(edit_ambient_lower, cap);
	default:
		return -EINVAL;
	}
}

/* PR_SET_NO_NEW_PRIVS and PR_GET_NO_NEW_PRIVS: once set, never cleared
 * (fork keeps it), and execve grants no ids or capabilities. */
static long no_new_privs(bool set, u64 arg2, u64 arg3, u64 arg4, u64 arg5)
{
	if (set) {
		if (arg2 != 1 || arg3 || arg4 || arg5)
			return -EINVAL;
		current->no_new_privs = true;
		return 0;
	}
	return arg2 || arg3 || arg4 || arg5 ? -EINVAL : current->no_new_privs;
}

long cap_task_prctl(int option, u64 arg2, u64 arg3, u64 arg4, u64 arg5)
{
	const struct cred *c = current->cred;

	switch (option) {
	case PR_CAPBSET_READ:
		return cap_valid(arg2) ? cap_raised(c->cap_bset, arg2) : -EINVAL;
	case PR_CAPBSET_DROP:
		if (!ns_capable(current->cred->user_ns, CAP_SETPCAP))
			return -EPERM;
		return cap_valid(arg2) ? change_creds(edit_bset_drop, arg2) : -EINVAL;
	case PR_GET_SECUREBITS:
		return c->securebits;
	case PR_SET_SECUREBITS:
		return set_securebits(arg2);
	case PR_GET_KEEPCAPS:
		return issecure(c, SECURE_KEEP_CAPS);
	case PR_SET_KEEPCAPS:
		if (arg2 > 1)
			return -EINVAL;
		if (issecure(c, SECURE_KEEP_CAPS + 1))
			return -EPERM;
		return change_creds(edit_keepcaps, arg2);
	case PR_CAP_AMBIENT:
		return cap_ambient(arg2, arg3, arg4, arg5);
	case PR_SET_NO_NEW_PRIVS:
	case PR_GET_NO_NEW_PRIVS:
		return no_new_privs(option == PR_SET_NO_NEW_PRIVS, arg2, arg3,
				    arg4, arg5);
	default:
		return -EINVAL;
	}
}
