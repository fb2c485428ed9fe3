/*
 * Namespace files (Linux's fs/nsfs.c and the setns(2) of kernel/nsproxy.c):
 * opening /proc/<pid>/ns/<kind> gives a descriptor for the namespace
 * itself, an inode of the never-mounted "nsfs" whose number is the
 * namespace's (what readlink shows: "uts:[4026531838]"). The inode holds
 * a reference, so a namespace lives while such a file is open even if
 * no task is in it. setns(2) joins the namespace of such a descriptor;
 * its ioctl()s (NS_GET_*) walk the ownership and nesting between them.
 */
#include "kernel/cred.h"
#include "kernel/fs/vfs.h"
#include "kernel/ipc/ipc_namespace.h"
#include "kernel/ipc/sem.h"
#include "kernel/ns/nsfs.h"
#include "kernel/ns/pid_namespace.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/ns/utsname.h"
#include "kernel/mm/mm.h"
#include "kernel/syscalls.h"
#include "kernel/time/namespace.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/vsprintf.h"

#define NSIO 0xb7
#define NS_GET_USERNS ((NSIO << 8) | 0x1)
#define NS_GET_PARENT ((NSIO << 8) | 0x2)
#define NS_GET_NSTYPE ((NSIO << 8) | 0x3)
#define NS_GET_OWNER_UID ((NSIO << 8) | 0x4)

static struct super_block *nsfs_sb;

static struct ns_common *uts_of(struct task_struct *p, struct nsproxy *n)
{ return &n->uts_ns->ns; }
static struct ns_common *ipc_of(struct task_struct *p, struct nsproxy *n)
{ return &n->ipc_ns->ns; }
static struct ns_common *mnt_of(struct task_struct *p, struct nsproxy *n)
{ return n->mnt_ns; }
static struct ns_common *pid_of(struct task_struct *p, struct nsproxy *n)
{ return &task_active_pid_ns(p)->ns; }
static struct ns_common *pidc_of(struct task_struct *p, struct nsproxy *n)
{ return &n->pid_ns_for_children->ns; }
static struct ns_common *time_of(struct task_struct *p, struct nsproxy *n)
{ return n->time_ns; }
static struct ns_common *timec_of(struct task_struct *p, struct nsproxy *n)
{ return n->time_ns_for_children; }
static struct ns_common *net_of(struct task_struct *p, struct nsproxy *n)
{ return n->net_ns; }
static struct ns_common *cgroup_of(struct task_struct *p, struct nsproxy *n)
{ return n->cgroup_ns; }

/* In Linux's order of /proc/<pid>/ns (its ns_entries[]). */
const struct proc_ns_operations proc_ns_ops[] = {
	{ "net", "net", CLONE_NEWNET, net_of },
	{ "uts", "uts", CLONE_NEWUTS, uts_of },
	{ "ipc", "ipc", CLONE_NEWIPC, ipc_of },
	{ "pid", "pid", CLONE_NEWPID, pid_of },
	{ "pid_for_children", "pid", CLONE_NEWPID, pidc_of },
	{ "cgroup", "cgroup", CLONE_NEWCGROUP, cgroup_of },
	{ "time", "time", CLONE_NEWTIME, time_of },
	{ "time_for_children", "time", CLONE_NEWTIME, timec_of },
	{ "mnt", "mnt", CLONE_NEWNS, mnt_of },
	{ "user", "user", CLONE_NEWUSER, NULL },	/* the cred's */
};
const size_t nr_proc_ns_ops = ARRAY_SIZE(proc_ns_ops);

static const char *ns_type_name(int type)
{
	for (size_t i = 0; i < nr_proc_ns_ops; i++)
		if (proc_ns_ops[i].type == type)
			return proc_ns_ops[i].real_name;
	return "?";
}

struct ns_common *task_get_ns(struct task_struct *p,
			      const struct proc_ns_operations *ops)
{
	struct nsproxy *nsp = task_nsproxy(p);
	struct ns_common *ns;

	if (!nsp)
		return NULL;
	if (ops->get) {
		ns = get_ns(ops->get(p, nsp));
	} else {
		const struct cred *c = get_task_cred(p);

		ns = get_ns(&c->user_ns->ns);
		put_cred(c);
	}
	put_nsproxy(nsp);
	return ns;
}

long ns_link_name(const struct ns_common *ns, char *buf, size_t size)
{
	return scnprintf(buf, size, "%s:[%u]", ns_type_name(ns->type), ns->inum);
}

static void nsfs_evict(struct inode *inode)
{
	put_ns(inode->i_private);
}

static const struct file_operations ns_file_operations;

int nsfs_init(void)
{
	return get_pseudo_sb(&nsfs_sb, "nsfs", nsfs_evict) ? 0 : -ENOMEM;
}

struct dentry *ns_dentry(struct ns_common *ns)
{
	struct super_block *sb = get_pseudo_sb(&nsfs_sb, "nsfs", nsfs_evict);
	struct inode *inode = sb ? new_inode(sb, S_IFREG | 0444) : NULL;
	struct dentry *d;
	char name[32];

	if (!inode) {
		put_ns(ns);
		return ERR_PTR(-ENOMEM);
	}
	inode->i_ino = ns->inum;
	inode->i_uid = inode->i_gid = 0;
	inode->i_private = ns;
	inode->i_fop = &ns_file_operations;
	d = d_alloc(NULL, name, (size_t)ns_link_name(ns, name, sizeof(name)), inode);
	if (!d) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	return d;
}

/* A new read-only, close-on-exec descriptor for @ns (whose reference it
 * takes over), as the NS_GET_* ioctls return. */
static long ns_get_fd(struct ns_common *ns)
{
	struct dentry *d = ns_dentry(ns);
	struct file *f;
	int fd;

	if (IS_ERR(d))
		return PTR_ERR(d);
	f = dentry_open(d, O_RDONLY);
	dput(d);
	if (IS_ERR(f))
		return PTR_ERR(f);
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		fput(f);
		return fd;
	}
	fd_install((unsigned int)fd, f);
	return fd;
}

/* A descriptor for the pid namespace @ns is nested in, if the caller's
 * own is that one or above it (EPERM otherwise: it may not look out). */
static long pid_ns_get_parent(struct pid_namespace *ns)
{
	struct pid_namespace *parent = ns->parent;

	if (!parent || !pid_ns_is_ancestor(task_active_pid_ns(current), parent))
		return -EPERM;
	return ns_get_fd(get_ns(&parent->ns));
}

/* A descriptor for the user namespace owning @ns (a user namespace's
 * parent), if the caller's own is that one or above it (Linux's
 * ns_get_owner(): EPERM when it would look out of its namespace). */
static long ns_get_owner(struct ns_common *ns)
{
	struct user_namespace *owner = ns->type == CLONE_NEWUSER ?
				       to_user_ns(ns)->parent : ns->user_ns;

	if (!owner || !in_userns(current_user_ns(), owner))
		return -EPERM;
	return ns_get_fd(get_ns(&owner->ns));
}

/* User namespaces nest, and own the others; pid namespaces nest. */
static long ns_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct ns_common *ns = file->f_inode->i_private;
	u32 uid;

	switch (cmd) {
	case NS_GET_USERNS:
		return ns_get_owner(ns);
	case NS_GET_PARENT:
		if (ns->type == CLONE_NEWPID)
			return pid_ns_get_parent(to_pid_ns(ns));
		if (ns->type == CLONE_NEWUSER)
			return ns_get_owner(ns);
		return -EINVAL;
	case NS_GET_NSTYPE:
		return ns->type;
	case NS_GET_OWNER_UID:
		if (ns->type != CLONE_NEWUSER)
			return -EINVAL;
		uid = from_kuid_munged(current_user_ns(), to_user_ns(ns)->owner);
		return put_user_u32(uid, (u32 __user *)arg) ? -EFAULT : 0;
	}
	return -ENOTTY;
}

static const struct file_operations ns_file_operations = {
	.ioctl = ns_ioctl,
};

/* current's nsproxy with @ns in its place: the new one, or ERR_PTR. */
static struct nsproxy *nsproxy_with(struct ns_common *ns)
{
	struct nsproxy *nsp = dup_nsproxy(current_nsproxy());
	struct ns_common **slot = NULL;

	if (!nsp)
		return ERR_PTR(-ENOMEM);
	switch (ns->type) {
	case CLONE_NEWUTS:
		put_ns(&nsp->uts_ns->ns);
		nsp->uts_ns = container_of(get_ns(ns), struct uts_namespace, ns);
		return nsp;
	case CLONE_NEWIPC:
		put_ipc_ns(nsp->ipc_ns);
		nsp->ipc_ns = get_ipc_ns(to_ipc_ns(ns));
		return nsp;
	case CLONE_NEWNS: slot = &nsp->mnt_ns; break;
	case CLONE_NEWPID:
		put_ns(&nsp->pid_ns_for_children->ns);
		nsp->pid_ns_for_children = to_pid_ns(get_ns(ns));
		return nsp;
	case CLONE_NEWNET: slot = &nsp->net_ns; break;
	case CLONE_NEWCGROUP: slot = &nsp->cgroup_ns; break;
	case CLONE_NEWTIME:		/* both, as Linux's timens_install() */
		put_ns(nsp->time_ns);
		nsp->time_ns = get_ns(ns);
		slot = &nsp->time_ns_for_children;
		break;
	}
	put_ns(*slot);
	*slot = get_ns(ns);
	return nsp;
}

/* setns(2) into user namespace @ns: current's cred moves there. */
static long setns_user(struct user_namespace *ns)
{
	struct cred *new = prepare_creds();
	int err = new ? userns_install(new, ns) : -ENOMEM;

	if (err && new)
		abort_creds(new);
	else if (!err)
		commit_creds(new);
	return err;
}

/* May current join @ns: CAP_SYS_ADMIN both in its owner and in
 * current's own user namespace (Linux's *_install())? */
static bool may_setns(struct ns_common *ns)
{
	return ns_capable(ns->user_ns, CAP_SYS_ADMIN) &&
	       ns_capable(current_user_ns(), CAP_SYS_ADMIN);
}

/* setns(2): join the namespace @fd names (@nstype 0 or its CLONE_NEW*). */
long sys_setns(int fd, int nstype)
{
	struct file *f = fget((unsigned int)fd);
	struct ns_common *ns;
	struct nsproxy *nsp;
	long err = 0;

	if (!f)
		return -EBADF;
	ns = f->f_inode->i_private;
	if (f->f_op != &ns_file_operations || (nstype && nstype != ns->type))
		err = -EINVAL;
	else if (ns->type == CLONE_NEWUSER)
		err = setns_user(to_user_ns(ns));
	else if (!may_setns(ns))
		err = -EPERM;
	else if (ns->type == CLONE_NEWPID &&
		 !pid_ns_is_ancestor(task_active_pid_ns(current), to_pid_ns(ns)))
		err = -EINVAL;	/* only into ours or one nested in it */
	else if (ns->type == CLONE_NEWNS &&
		 refcount_read(&current->fs->users) > 1)
		err = -EINVAL;	/* a shared cwd cannot be in two (Linux) */
	else if (ns->type == CLONE_NEWTIME &&
		 refcount_read(&current->mm->mm_users) > 1)
		err = -EUSERS;	/* threads share one time namespace */
	if (!err && ns->type != CLONE_NEWUSER) {
		nsp = nsproxy_with(ns);
		if (IS_ERR(nsp))
			err = PTR_ERR(nsp);
		/* Linux's commit_nsset(): the SEM_UNDO records name arrays of
		 * the namespace left. */
		if (!err && ns->type == CLONE_NEWIPC)
			exit_sem(current);
		if (!err)
			switch_task_namespaces(current, nsp);
		if (!err && ns->type == CLONE_NEWTIME)
			timens_enter(ns, current->mm);
	}
	fput(f);
	return err;
}
