/*
 * Mount namespaces (Linux's copy_mnt_ns() and free_mnt_ns() of
 * fs/namespace.c): a new namespace starts as a copy of its creator's
 * table, one new struct mount per mount, on the same file systems and
 * mount points; the copies are private, so what is mounted or unmounted
 * afterwards on either side stays there. The table itself and its locks
 * are kernel/fs/namespace.c's.
 */
#include "kernel/ns/mnt_namespace.h"
#include "kernel/fs/mount.h"
#include "kernel/mm/slab.h"
#include "lib/errno.h"

/* Linux numbers it at boot, after the network namespace. */
struct mnt_namespace init_mnt_ns = {
	.ns = { .count = REFCOUNT_INIT(1), .inum = PROC_DYNAMIC_FIRST + 1,
		.type = CLONE_NEWNS },
};

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
	ns_init(&ns->ns, CLONE_NEWNS);
	mutex_lock(&namespace_sem);
	err = clone_mnts(to_mnt_ns(old_ns), ns, &copies);
	if (!err) {
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
		list_add(&m->mnt_list, m->mnt_mountpoint && mnt_busy(m) ?
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
