/*
 * Mount namespaces (Linux's copy_mnt_ns() and free_mnt_ns() of
 * fs/namespace.c): a new namespace starts as a copy of its creator's
 * table, one new struct mount per mount, on the same file systems and
 * mount points; the copies are private, so what is mounted or unmounted
 * afterwards on either side stays there. pivot_root(2) swaps a
 * namespace's root for another mount. The table itself and its locks
 * are kernel/fs/namespace.c's.
 */
#include "kernel/ns/mnt_namespace.h"
#include "kernel/cred.h"
#include "kernel/fs/mount.h"
#include "kernel/fs/namei.h"
#include "kernel/fs/syscalls.h"
#include "kernel/mm/slab.h"
#include "lib/err.h"
#include "lib/errno.h"

/* Linux numbers it at boot, after the network namespace. */
struct mnt_namespace init_mnt_ns = {
	.ns = { .count = REFCOUNT_INIT(1), .inum = PROC_DYNAMIC_FIRST + 1,
		.type = CLONE_NEWNS,
		.user_ns = &init_user_ns },
	.poll = __WAIT_QUEUE_HEAD_INITIALIZER(init_mnt_ns.poll),
};

void touch_mnt_namespace(struct mnt_namespace *ns)
{
	if (!ns)
		return;
	__atomic_add_fetch(&ns->event, 1, __ATOMIC_RELEASE);
	wake_up(&ns->poll);
}

struct mnt_namespace *current_mnt_ns(void)
{
	return to_mnt_ns(current_nsproxy()->mnt_ns);
}

/* namespace_sem held: a copy of @m for @ns, not in the table yet; each
 * of the two points at the other (mnt_copy) until the copy is linked. */
static struct mount *clone_mnt(struct mount *m, struct mnt_namespace *ns)
{
	struct mount *c = alloc_mnt(m->mnt.mnt_sb, m->mnt.mnt_root,
				    m->mnt_devname, m->mnt_options);

	if (!c)
		return NULL;
	c->mnt.mnt_flags = m->mnt.mnt_flags;
	c->mnt_mountpoint = m->mnt_mountpoint ? dget(m->mnt_mountpoint) : NULL;
	c->mnt_bind = m->mnt_bind;
	c->mnt_group_id = m->mnt_group_id;	/* peers of the originals */
	c->mnt_master_id = m->mnt_master_id;
	c->mnt_unbindable = m->mnt_unbindable;
	c->mnt_ns = ns;
	c->mnt_id = next_mnt_id++;
	c->mnt_copy = m;
	m->mnt_copy = c;
	if (m == m->mnt_ns->root)
		ns->root = c;
	return c;
}

/* namespace_sem held: copy every mount of @old into @ns, on @copies;
 * -ENOMEM leaves some copied. */
static int clone_mnts(struct mnt_namespace *old, struct mnt_namespace *ns,
		      struct list_head *copies)
{
	struct mount *m, *c;

	list_for_each_entry(m, &mount_list, mnt_list) {
		if (m->mnt_ns != old)
			continue;
		c = clone_mnt(m, ns);
		if (!c)
			return -ENOMEM;
		list_add_tail(&c->mnt_list, copies);
	}
	return 0;
}

struct ns_common *copy_mnt_ns(struct ns_common *old_ns)
{
	struct mnt_namespace *ns = kzalloc(sizeof(*ns), GFP_KERNEL);
	struct mount *c, *n;
	LIST_HEAD(copies);
	int err;

	if (!ns)
		return NULL;
	init_waitqueue_head(&ns->poll);
	mutex_lock(&namespace_sem);
	err = clone_mnts(to_mnt_ns(old_ns), ns, &copies);
	if (!err) {
		/* Its owner's reference only now, before anyone can see it:
		 * a failed copy is freed without it. */
		ns_init(&ns->ns, CLONE_NEWNS);
		/* A parent is before its children in the table: copied. */
		list_for_each_entry(c, &copies, mnt_list)
			c->mnt_parent = c->mnt_copy->mnt_parent->mnt_copy;
		spin_lock(&mount_lock);
		list_for_each_entry_safe(c, n, &copies, mnt_list)
			list_move_tail(&c->mnt_list, &mount_list);
		spin_unlock(&mount_lock);
	}
	list_for_each_entry_safe(c, n, &copies, mnt_list)
		free_mnt(c);		/* what a failure left */
	mutex_unlock(&namespace_sem);
	if (!err)
		return &ns->ns;
	kfree(ns);
	return NULL;
}

void free_mnt_ns(struct mnt_namespace *ns)
{
	struct mount *m, *n;
	LIST_HEAD(gone);

	mutex_lock(&namespace_sem);
	spin_lock(&mount_lock);
	list_for_each_entry_safe(m, n, &mount_list, mnt_list) {
		if (m->mnt_ns != ns)
			continue;
		unlink_mnt(m);
		/* In use still: it goes when its last user does. */
		list_add(&m->mnt_list, m->mnt_mountpoint && mnt_needed(m, ns) ?
			 &detached_list : &gone);	/* children first */
	}
	spin_unlock(&mount_lock);
	list_for_each_entry_safe(m, n, &gone, mnt_list) {
		list_del(&m->mnt_list);
		if (m->mnt_mountpoint)
			release_mnt(m);
		else
			free_mnt(m);	/* its "/": the root file system stays */
	}
	mutex_unlock(&namespace_sem);
	kfree(ns);
}

/* ---- pivot_root(2) ---- */

/* Is @d at or below the directory @top (whose inode is a mount's root or
 * a directory's, so unique), following the walk's parents? */
static bool reachable(struct dentry *d, struct dentry *top)
{
	for (;; d = d->d_parent) {
		if (d->d_inode == top->d_inode)
			return true;
		if (d->d_parent == d)
			return false;
	}
}

/* namespace_sem held: Linux's checks, in its order: -EINVAL, -EBUSY. */
static int pivot_check(struct dentry *root, struct dentry *new, struct dentry *old,
		       struct mount *root_mnt, struct mount *new_mnt)
{
	struct mount *old_mnt = mount_of(old);

	if (old_mnt->mnt_group_id || new_mnt->mnt_parent->mnt_group_id ||
	    root_mnt->mnt_parent->mnt_group_id)
		return -EINVAL;		/* shared: it would propagate */
	if (new_mnt == root_mnt || old_mnt == root_mnt)
		return -EBUSY;		/* on the root's own file system */
	if (mount_at(root) != root_mnt || root_mnt == root_mnt->mnt_parent)
		return -EINVAL;		/* the root is no mount (initramfs) */
	if (mount_at(new) != new_mnt)
		return -EINVAL;		/* new_root is no mount's root */
	if (!reachable(old, new) || !reachable(new, root))
		return -EINVAL;
	return 0;
}

/* Move @m and every mount below it to the end of the table, so that a
 * parent stays before its children (copy_mnt_ns() relies on it). */
static void move_subtree_last(struct mount *top)
{
	struct mount *m, *n, *up;
	LIST_HEAD(moved);

	list_for_each_entry_safe(m, n, &mount_list, mnt_list) {
		for (up = m; up != top && up != up->mnt_parent; up = up->mnt_parent)
			;
		if (up == top && m->mnt_ns == top->mnt_ns)
			list_move_tail(&m->mnt_list, &moved);
	}
	list_for_each_entry_safe(m, n, &moved, mnt_list)
		list_move_tail(&m->mnt_list, &mount_list);
}

/* namespace_sem held: new_mnt takes root_mnt's place, and root_mnt goes
 * onto @old (Linux's pivot_root() core). */
static void pivot_mounts(struct mount *root_mnt, struct mount *new_mnt,
			 struct dentry *old)
{
	struct dentry *new_mp = new_mnt->mnt_mountpoint;

	spin_lock(&mount_lock);
	new_mnt->mnt_mountpoint = root_mnt->mnt_mountpoint;
	new_mnt->mnt_parent = root_mnt->mnt_parent;
	root_mnt->mnt_mountpoint = dget(old);
	root_mnt->mnt_parent = new_mnt;
	old->d_inode->i_flags |= S_MOUNTPOINT;
	if (!mount_on(new_mp->d_inode, NULL))
		new_mp->d_inode->i_flags &= ~S_MOUNTPOINT;
	move_subtree_last(root_mnt);
	spin_unlock(&mount_lock);
	dput(new_mp);
}

/* Linux's chroot_fs_refs(), for current only: its root, and its cwd if
 * that was the root too, become @new_root. */
static void chroot_fs_refs(struct dentry *old_root, struct dentry *new_root)
{
	struct dentry *pwd = current_pwd();

	if (pwd->d_inode == old_root->d_inode)
		set_fs_pwd(current->fs, new_root);
	set_fs_root(current->fs, new_root);
	dput(pwd);
}

/* pivot_root(2): the mount at @new_root becomes current's root and its
 * namespace's, the old root is mounted on @put_old below it; current's
 * root and cwd, when they were the old root, move to the new one. */
long sys_pivot_root(const char __user *new_root, const char __user *put_old)
{
	struct dentry *new, *old, *root;
	struct mount *root_mnt, *new_mnt;
	long err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	new = user_path_at(AT_FDCWD, new_root, LOOKUP_FOLLOW | LOOKUP_DIRECTORY);
	if (IS_ERR(new))
		return PTR_ERR(new);
	old = user_path_at(AT_FDCWD, put_old, LOOKUP_FOLLOW | LOOKUP_DIRECTORY);
	if (IS_ERR(old)) {
		dput(new);
		return PTR_ERR(old);
	}
	root = current_root();
	mutex_lock(&namespace_sem);
	root_mnt = mount_of(root);
	new_mnt = mount_of(new);
	err = pivot_check(root, new, old, root_mnt, new_mnt);
	if (!err)
		pivot_mounts(root_mnt, new_mnt, old);
	mutex_unlock(&namespace_sem);
	if (!err)
		chroot_fs_refs(root, new);
	dput(root);
	dput(old);
	dput(new);
	return err;
}
