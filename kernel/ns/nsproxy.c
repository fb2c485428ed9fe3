/*
 * struct nsproxy (Linux's kernel/nsproxy.c and fork.c's unshare): which
 * namespaces a task sees. It is shared until a task asks for something
 * of its own: clone and unshare(2) with CLONE_NEW* flags copy it with
 * new namespaces of those kinds, setns(2) (nsfs.c) with one joined; the
 * old one stays with the tasks still pointing at it. The pointer is
 * switched under task_mm_lock, so a /proc reader (task_nsproxy()) takes
 * either the old or the new one, referenced.
 *
 * unshare(2) also gives the caller its own fs_struct (CLONE_FS) or file
 * table (CLONE_FILES), and detaches it from shared SEM_UNDO records
 * (CLONE_SYSVSEM, which CLONE_NEWIPC implies: the records name arrays of
 * the old namespace), the parts of clone that can be undone later.
 */
#include "kernel/cgroup/cgroup.h"
#include "kernel/cred.h"
#include "kernel/fork.h"
#include "kernel/fs/fs.h"
#include "kernel/fs/vfs.h"
#include "kernel/ipc/ipc_namespace.h"
#include "kernel/ipc/sem.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/slab.h"
#include "kernel/module/module.h"
#include "kernel/net/net_namespace.h"
#include "kernel/ns/mnt_namespace.h"
#include "kernel/ns/pid_namespace.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/ns/utsname.h"
#include "kernel/syscalls.h"
#include "kernel/time/namespace.h"
#include "kernel/task.h"
#include "lib/atomic.h"
#include "lib/err.h"
#include "lib/errno.h"

#define INIT_NS(name, ino, kind) \
	struct ns_common name = { .count = REFCOUNT_INIT(1), .inum = (ino), \
				  .type = (kind), .user_ns = &init_user_ns }

static INIT_NS(init_cgroup_ns, PROC_CGROUP_INIT_INO, CLONE_NEWCGROUP);
/* Linux numbers these two at boot, from PROC_DYNAMIC_FIRST on; the
 * network namespace has more than its identity (net_namespace.h), which
 * dev_net_init() sets up at boot as for any new one. */
struct net init_net = {
	.ns = { .count = REFCOUNT_INIT(1), .inum = PROC_DYNAMIC_FIRST,
		.type = CLONE_NEWNET, .user_ns = &init_user_ns },
};

struct nsproxy init_nsproxy = {
	.count = REFCOUNT_INIT(1),
	.uts_ns = &init_uts_ns,
	.ipc_ns = &init_ipc_ns,	/* kernel/ipc/namespace.c */
	.mnt_ns = &init_mnt_ns.ns,
	.pid_ns_for_children = &init_pid_ns,
	.net_ns = &init_net.ns,
	.time_ns = &init_time_ns.ns,
	.time_ns_for_children = &init_time_ns.ns,
	.cgroup_ns = &init_cgroup_ns,
};

/* The kinds a task may have a new one of (see nsproxy.h). */
#define CLONE_NEW_SUPPORTED (CLONE_NEWUTS | CLONE_NEWNET | CLONE_NEWCGROUP | \
			     CLONE_NEWTIME | CLONE_NEWPID | CLONE_NEWNS | \
			     CLONE_NEWIPC | CLONE_NEWUSER)

static atomic_t next_inum = ATOMIC_INIT(2);	/* after net and mnt */

void ns_init(struct ns_common *ns, int type)
{
	refcount_set(&ns->count, 1);
	ns->inum = PROC_DYNAMIC_FIRST + (unsigned int)atomic_fetch_add_relaxed(1, &next_inum);
	ns->type = type;
	ns->user_ns = type == CLONE_NEWUSER ? NULL :
		      get_user_ns(current->cred->user_ns);
}

/* A bare namespace of kind @type (network, cgroup), or NULL. */
struct ns_common *ns_alloc(int type)
{
	struct ns_common *ns = kzalloc(sizeof(*ns), GFP_KERNEL);

	if (ns)
		ns_init(ns, type);
	return ns;
}

/* One more reference to @ns, which the caller holds one of. */
struct ns_common *get_ns(struct ns_common *ns)
{
	refcount_inc(&ns->count);
	return ns;
}

/* The initial namespaces are counted once by init_nsproxy, which is
 * never freed, so only those made by ns_init() reach zero. */
void put_ns(struct ns_common *ns)
{
	struct user_namespace *owner = ns->user_ns;

	if (!refcount_dec_and_test(&ns->count))
		return;
	if (ns->type == CLONE_NEWUSER)
		free_user_ns(to_user_ns(ns));	/* its parent */
	else if (ns->type == CLONE_NEWPID)
		free_pid_ns(to_pid_ns(ns));	/* its bitmap, its parent */
	else if (ns->type == CLONE_NEWNS)
		free_mnt_ns(to_mnt_ns(ns));	/* its mounts */
	else if (ns->type == CLONE_NEWIPC)
		free_ipc_ns(to_ipc_ns(ns));	/* its objects */
	else if (ns->type == CLONE_NEWCGROUP)
		cgroup_ns_free(ns);		/* its root cgroup */
	else if (ns->type == CLONE_NEWNET)
		net_ns_free(ns);
	else
		kfree(ns);
	if (owner)
		put_user_ns(owner);
}

/* Call @fn on every namespace @ns points at (to take or drop them all). */
static void for_each_ns(struct nsproxy *ns, void (*fn)(struct ns_common *))
{
	struct ns_common *all[] = {
		&ns->uts_ns->ns, &ns->ipc_ns->ns, ns->mnt_ns,
		&ns->pid_ns_for_children->ns, ns->net_ns, ns->time_ns,
		ns->time_ns_for_children, ns->cgroup_ns,
	};

	for (size_t i = 0; i < ARRAY_SIZE(all); i++)
		fn(all[i]);
}

static void get_one_ns(struct ns_common *ns)
{
	refcount_inc(&ns->count);
}

/* Drop a reference to @ns (NULL: nothing); the last frees it. */
void put_nsproxy(struct nsproxy *ns)
{
	if (ns && refcount_dec_and_test(&ns->count)) {
		for_each_ns(ns, put_ns);
		kfree(ns);
	}
}

struct nsproxy *dup_nsproxy(const struct nsproxy *old)
{
	struct nsproxy *ns = kmalloc(sizeof(*ns), GFP_KERNEL);

	if (!ns)
		return NULL;
	*ns = *old;
	refcount_set(&ns->count, 1);
	for_each_ns(ns, get_one_ns);
	return ns;
}

/* Replace *@slot (referenced) with a new namespace of kind @type. */
static int replace_ns(struct ns_common **slot, int type)
{
	struct ns_common *ns = type == CLONE_NEWCGROUP ? cgroup_ns_alloc() :
			       type == CLONE_NEWNET ? net_ns_alloc() :
						      ns_alloc(type);

	if (!ns)
		return -ENOMEM;
	put_ns(*slot);
	*slot = ns;
	return 0;
}

/* A new pid namespace for @ns's children, nested in the one they would
 * have gone to (Linux's copy_pid_ns()). */
static int replace_pid_ns(struct nsproxy *ns)
{
	struct pid_namespace *pid_ns;

	/* Once per fork: unshare twice before it is EINVAL, as Linux. */
	if (ns->pid_ns_for_children != task_active_pid_ns(current))
		return -EINVAL;
	pid_ns = create_pid_namespace(ns->pid_ns_for_children);
	if (IS_ERR(pid_ns))
		return (int)PTR_ERR(pid_ns);
	put_ns(&ns->pid_ns_for_children->ns);
	ns->pid_ns_for_children = pid_ns;
	return 0;
}

/* A new, empty IPC namespace in @ns (Linux's copy_ipcs()). */
static int replace_ipc_ns(struct nsproxy *ns)
{
	struct ipc_namespace *ipc = copy_ipcs(ns->ipc_ns);

	if (!ipc)
		return -ENOMEM;
	put_ipc_ns(ns->ipc_ns);
	ns->ipc_ns = ipc;
	return 0;
}

/* A copy of @old with new namespaces for @flags: ERR_PTR or the copy. */
static struct nsproxy *create_new_namespaces(u64 flags, const struct nsproxy *old)
{
	struct nsproxy *ns = dup_nsproxy(old);
	int err = 0;

	if (!ns)
		return ERR_PTR(-ENOMEM);
	if (flags & CLONE_NEWUTS) {
		struct uts_namespace *uts = copy_utsname(old->uts_ns);

		if (uts) {
			put_ns(&ns->uts_ns->ns);
			ns->uts_ns = uts;
		} else {
			err = -ENOMEM;
		}
	}
	if (!err && (flags & CLONE_NEWIPC))
		err = replace_ipc_ns(ns);
	if (!err && (flags & CLONE_NEWNET))
		err = replace_ns(&ns->net_ns, CLONE_NEWNET);
	if (!err && (flags & CLONE_NEWCGROUP))
		err = replace_ns(&ns->cgroup_ns, CLONE_NEWCGROUP);
	if (!err && (flags & CLONE_NEWPID))
		err = replace_pid_ns(ns);
	if (!err && (flags & CLONE_NEWNS)) {
		struct ns_common *mnt = copy_mnt_ns(old->mnt_ns);

		if (mnt) {
			put_ns(ns->mnt_ns);
			ns->mnt_ns = mnt;
		} else {
			err = -ENOMEM;
		}
	}
	if (!err && (flags & CLONE_NEWTIME)) {	/* for the children only */
		struct ns_common *t = copy_time_ns(old->time_ns_for_children);

		if (t) {
			put_ns(ns->time_ns_for_children);
			ns->time_ns_for_children = t;
		} else {
			err = -ENOMEM;
		}
	}
	if (err) {
		put_nsproxy(ns);
		return ERR_PTR(err);
	}
	return ns;
}

/* Linux's order: the privilege first, then what this kernel lacks.
 * The new namespaces are owned by @user_ns (a new user namespace, made
 * first, or current's): current needs CAP_SYS_ADMIN there, which the
 * maker of a new one has. A user namespace alone needs nothing. */
static int check_new_namespaces(u64 flags, struct user_namespace *user_ns)
{
	if ((flags & CLONE_NAMESPACES & ~(u64)CLONE_NEWUSER) &&
	    !ns_capable(user_ns, CAP_SYS_ADMIN))
		return -EPERM;
	if ((flags & CLONE_NAMESPACES) & ~CLONE_NEW_SUPPORTED)
		return -EINVAL;
	return 0;
}

/* create_new_namespaces() acting as @cred, so that what it makes is
 * owned by @cred's user namespace. */
static struct nsproxy *create_namespaces_as(u64 flags, const struct nsproxy *old,
					    const struct cred *cred)
{
	const struct cred *saved = override_creds(cred);
	struct nsproxy *ns = create_new_namespaces(flags, old);

	revert_creds(saved);
	return ns;
}

struct nsproxy *current_nsproxy(void)
{
	return current->nsproxy ? current->nsproxy : &init_nsproxy;
}

/* A child of a task that unshared CLONE_NEWTIME is the first to enter
 * the new time namespace (Linux's timens_on_fork()). */
static void time_ns_on_fork(struct nsproxy *ns, struct task_struct *p)
{
	if (ns->time_ns == ns->time_ns_for_children)
		return;
	put_ns(ns->time_ns);
	ns->time_ns = get_ns(ns->time_ns_for_children);
	timens_enter(ns->time_ns, p->mm);
}

/* clone(CLONE_NEWUSER): the child @p acts in a new user namespace
 * (Linux's copy_creds()). */
static int clone_user_ns(struct task_struct *p)
{
	struct cred *new = prepare_creds();
	int err = new ? create_user_ns(new) : -ENOMEM;

	if (err) {
		if (new)
			abort_creds(new);
		return err;
	}
	exit_creds(p);
	p->real_cred = new;
	p->cred = get_cred(new);	/* one for each pointer */
	return 0;
}

int copy_namespaces(u64 flags, struct task_struct *p)
{
	struct nsproxy *old = current_nsproxy(), *ns;
	bool new_time = old->time_ns != old->time_ns_for_children;
	int err;

	flags &= ~(u64)CSIGNAL;	/* CLONE_NEWTIME's bit is clone's signal */
	if (flags & CLONE_NEWUSER) {
		err = clone_user_ns(p);
		if (err)
			return err;
	}
	/* A thread or a shared address space stays in one time namespace. */
	if (new_time && (flags & (CLONE_THREAD | CLONE_VM)))
		return -EINVAL;
	if (!(flags & CLONE_NAMESPACES) && !new_time) {
		refcount_inc(&old->count);
		p->nsproxy = old;
		return 0;
	}
	/* With CLONE_NEWUSER, p's cred is in its new user namespace now. */
	err = (flags & CLONE_NAMESPACES) ?
	      check_new_namespaces(flags, p->cred->user_ns) : 0;
	if (err)
		return err;
	/* SEM_UNDO records name arrays of one namespace: a child sharing
	 * them cannot be in a new one (Linux's copy_namespaces(), after
	 * the privilege). */
	if ((flags & (CLONE_NEWIPC | CLONE_SYSVSEM)) == (CLONE_NEWIPC | CLONE_SYSVSEM))
		return -EINVAL;
	ns = create_namespaces_as(flags, old, p->cred);
	if (IS_ERR(ns))
		return (int)PTR_ERR(ns);
	time_ns_on_fork(ns, p);
	p->nsproxy = ns;
	return 0;
}

void switch_task_namespaces(struct task_struct *p, struct nsproxy *ns)
{
	unsigned long irq = spin_lock_irqsave(&task_mm_lock);
	struct nsproxy *old = p->nsproxy;

	p->nsproxy = ns;
	spin_unlock_irqrestore(&task_mm_lock, irq);
	put_nsproxy(old);
}

void exit_task_namespaces(struct task_struct *p)
{
	switch_task_namespaces(p, NULL);
}

struct nsproxy *task_nsproxy(struct task_struct *p)
{
	unsigned long irq = spin_lock_irqsave(&task_mm_lock);
	struct nsproxy *ns = p->nsproxy;

	if (!ns && !(READ_ONCE(p->flags) & PF_EXITING))
		ns = &init_nsproxy;	/* kernel threads, the first task */
	if (ns)
		refcount_inc(&ns->count);
	spin_unlock_irqrestore(&task_mm_lock, irq);
	return ns;
}

/* ---- unshare(2) ---- */

#define UNSHARE_VALID (CLONE_THREAD | CLONE_FS | CLONE_SIGHAND | CLONE_VM | \
		       CLONE_FILES | CLONE_SYSVSEM | CLONE_NAMESPACES)

/* What each flag implies, as Linux's ksys_unshare(): a new mount
 * namespace needs a cwd of its own, a new user namespace a process. */
static u64 unshare_implied(u64 flags)
{
	if (flags & CLONE_NEWUSER)
		flags |= CLONE_THREAD | CLONE_FS;
	if (flags & CLONE_VM)
		flags |= CLONE_SIGHAND;
	if (flags & CLONE_SIGHAND)
		flags |= CLONE_THREAD;
	if (flags & CLONE_NEWNS)
		flags |= CLONE_FS;
	if (flags & CLONE_NEWIPC)
		flags |= CLONE_SYSVSEM;
	return flags;
}

/* The thread, signal and memory parts cannot be unshared once shared:
 * asking is fine only while nothing shares them (EINVAL otherwise). */
static int check_unshare_flags(u64 flags)
{
	if (flags & ~(u64)UNSHARE_VALID)
		return -EINVAL;
	if ((flags & (CLONE_THREAD | CLONE_SIGHAND | CLONE_VM)) &&
	    current->signal->nr_threads > 1)
		return -EINVAL;
	if ((flags & (CLONE_SIGHAND | CLONE_VM)) &&
	    refcount_read(&current->sighand->count) > 1)
		return -EINVAL;
	if ((flags & CLONE_VM) && refcount_read(&current->mm->mm_users) > 1)
		return -EINVAL;
	return 0;
}

/* What unshare makes before it changes anything, so that a failure
 * leaves current as it was. */
struct unshare_parts {
	struct nsproxy *ns;
	struct fs_struct *fs;
	struct files_struct *files;
	struct cred *cred;		/* CLONE_NEWUSER: in the new one */
};

/* The new user namespace first: it owns the other new ones. */
static int unshare_namespaces(u64 flags, struct unshare_parts *u)
{
	const struct cred *as = current->cred;
	int err;

	if (flags & CLONE_NEWUSER) {
		u->cred = prepare_creds();
		if (!u->cred)
			return -ENOMEM;
		err = create_user_ns(u->cred);
		if (err)
			return err;
		as = u->cred;
	}
	err = check_new_namespaces(flags, as->user_ns);
	if (err)
		return err;
	u->ns = create_namespaces_as(flags, current_nsproxy(), as);
	if (IS_ERR(u->ns)) {
		err = (int)PTR_ERR(u->ns);
		u->ns = NULL;
	}
	return err;
}

static int unshare_alloc(u64 flags, struct unshare_parts *u)
{
	if (flags & CLONE_NAMESPACES) {
		int err = unshare_namespaces(flags, u);

		if (err)
			return err;
	}
	if ((flags & CLONE_FS) && refcount_read(&current->fs->users) > 1 &&
	    !(u->fs = copy_fs(current->fs)))
		return -ENOMEM;
	if ((flags & CLONE_FILES) && refcount_read(&current->files->count) > 1) {
		struct files_struct *files = dup_files(current->files);

		if (IS_ERR(files))
			return (int)PTR_ERR(files);
		u->files = files;
	}
	return 0;
}

static void unshare_commit(struct unshare_parts *u)
{
	unsigned long irq = spin_lock_irqsave(&task_mm_lock);
	struct fs_struct *fs = current->fs;
	struct files_struct *files = current->files;

	if (u->fs)
		current->fs = u->fs;
	if (u->files)
		current->files = u->files;
	spin_unlock_irqrestore(&task_mm_lock, irq);
	if (u->fs)
		put_fs(fs);
	if (u->files)
		put_files(files);
	if (u->ns)
		switch_task_namespaces(current, u->ns);
	if (u->cred)
		commit_creds(u->cred);
}

/* unshare(2): current gets its own of what @unshare_flags names, or
 * nothing changes (-EINVAL, -EPERM, -ENOMEM). */
long sys_unshare(unsigned long unshare_flags)
{
	struct unshare_parts u = { NULL, NULL, NULL, NULL };
	u64 flags = unshare_implied(unshare_flags);
	int err = check_unshare_flags(flags);

	if (!err)
		err = unshare_alloc(flags, &u);
	if (err) {
		put_nsproxy(u.ns);
		if (u.fs)
			put_fs(u.fs);
		if (u.files)
			put_files(u.files);
		if (u.cred)
			abort_creds(u.cred);
		return err;
	}
	if (flags & CLONE_SYSVSEM)
		exit_sem(current);	/* leave shared SEM_UNDO records */
	unshare_commit(&u);
	return 0;
}
