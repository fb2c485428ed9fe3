/*
 * Mount propagation as Linux names it (fs/pnode.c) and mount_setattr(2).
 * A mount is private, shared (a member of a peer group: "shared:N" in
 * /proc/<pid>/mountinfo), a slave of a peer group ("master:N") or
 * unbindable. Taskbase records these states as Linux would set them
 * (mount(2) with MS_SHARED ..., mount_setattr's propagation, a bind
 * mount joining its source's peer group, a new mount namespace's copies
 * staying peers of the originals) but does not propagate mounts along
 * them: in effect every mount is private (docs/namespaces.md).
 */
#include "kernel/cred.h"
#include "kernel/fs/mount.h"
#include "kernel/fs/namei.h"
#include "kernel/fs/syscalls.h"
#include "kernel/ns/mnt_namespace.h"
#include "kernel/uaccess.h"
#include "lib/err.h"
#include "lib/errno.h"

#define MS_PROPAGATION (MS_SHARED | MS_SLAVE | MS_PRIVATE | MS_UNBINDABLE)

/* mount_setattr(2)'s struct mount_attr and flags (uapi/linux/mount.h). */
struct mount_attr {
	u64 attr_set, attr_clr, propagation, userns_fd;
};
#define MOUNT_ATTR_SIZE_VER0 32
#define MOUNT_ATTR_RDONLY 0x1
#define MOUNT_ATTR_NOSUID 0x2
#define MOUNT_ATTR_NODEV 0x4
#define MOUNT_ATTR_NOEXEC 0x8
#define MOUNT_ATTR__ATIME 0x70
#define MOUNT_ATTR_NOATIME 0x10
#define MOUNT_ATTR_STRICTATIME 0x20
#define MOUNT_ATTR_NODIRATIME 0x80
#define MOUNT_ATTR_IDMAP 0x100000
#define MOUNT_ATTR_NOSYMFOLLOW 0x200000
#define MOUNT_SETATTR_VALID (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | \
			     MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC | \
			     MOUNT_ATTR__ATIME | MOUNT_ATTR_NODIRATIME | \
			     MOUNT_ATTR_IDMAP | MOUNT_ATTR_NOSYMFOLLOW)
#define MOUNT_ATTR_SB (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | \
		       MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC)	/* = SB_* bits */
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_NO_AUTOMOUNT 0x800
#define AT_RECURSIVE 0x8000

static int next_group_id = 1;	/* namespace_sem */

/* Has another mount the peer group @id? namespace_sem held. */
static bool group_has_peers(int id, struct mount *self)
{
	struct mount *m;

	list_for_each_entry(m, &mount_list, mnt_list)
		if (m != self && m->mnt_group_id == id)
			return true;
	return false;
}

/* Linux's change_mnt_propagation(): @m becomes @type. */
static void change_mnt_propagation(struct mount *m, unsigned long type)
{
	m->mnt_unbindable = type == MS_UNBINDABLE;
	if (type == MS_SHARED) {
		if (!m->mnt_group_id)
			m->mnt_group_id = next_group_id++;
		return;
	}
	/* A slave of its peers, if it has any (else of its master, if any). */
	if (type == MS_SLAVE && m->mnt_group_id &&
	    group_has_peers(m->mnt_group_id, m))
		m->mnt_master_id = m->mnt_group_id;
	if (type != MS_SLAVE)
		m->mnt_master_id = 0;
	m->mnt_group_id = 0;
}

/* Is @m @top or a mount below it? */
static bool mnt_below(struct mount *m, struct mount *top)
{
	for (;; m = m->mnt_parent) {
		if (m == top)
			return true;
		if (m == m->mnt_parent)
			return false;
	}
}

/* @type (one propagation bit) on @top, and with @rec on every mount of
 * its namespace below it. */
static void set_propagation(struct mount *top, unsigned long type, bool rec)
{
	struct mount *m;

	if (!rec) {
		change_mnt_propagation(top, type);
		return;
	}
	list_for_each_entry(m, &mount_list, mnt_list)
		if (m->mnt_ns == top->mnt_ns && mnt_below(m, top))
			change_mnt_propagation(m, type);
}

int do_change_type(struct mount *m, unsigned long flags)
{
	unsigned long type = flags & ~(unsigned long)(MS_REC | MS_SILENT);

	if (!m || (type & (type - 1)) || !(type & MS_PROPAGATION))
		return -EINVAL;
	set_propagation(m, type, flags & MS_REC);
	return 0;
}

void mnt_bind_propagation(struct mount *m, struct mount *src)
{
	m->mnt_group_id = src->mnt_group_id;
	m->mnt_master_id = src->mnt_master_id;
}

/* The checks of Linux's build_mount_kattr(): 0 or -EINVAL. */
static int check_mount_attr(const struct mount_attr *a)
{
	u64 type = a->propagation;

	if ((type & ~(u64)MS_PROPAGATION) || (type & (type - 1)))
		return -EINVAL;
	if (((a->attr_set | a->attr_clr) & ~(u64)MOUNT_SETATTR_VALID) ||
	    (a->attr_set & a->attr_clr))
		return -EINVAL;
	if ((a->attr_clr & MOUNT_ATTR__ATIME) &&
	    (a->attr_clr & MOUNT_ATTR__ATIME) != MOUNT_ATTR__ATIME)
		return -EINVAL;
	/* No user namespaces to map ids from; no symlink-free mounts. */
	if ((a->attr_set | a->attr_clr) & (MOUNT_ATTR_IDMAP | MOUNT_ATTR_NOSYMFOLLOW))
		return -EINVAL;
	return 0;
}

/* @a's changes to mount flags @f (the atime ones, nodiratime). */
static int new_mnt_flags(int f, const struct mount_attr *a)
{
	if (a->attr_clr & MOUNT_ATTR__ATIME)	/* the mode given in attr_set: */
		f &= ~(MNT_NOATIME | MNT_RELATIME);	/* none is relatime (0) */
	if ((a->attr_clr & MOUNT_ATTR__ATIME) && !(a->attr_set & MOUNT_ATTR__ATIME))
		f |= MNT_RELATIME;
	if (a->attr_set & MOUNT_ATTR_NOATIME)
		f = (f & ~MNT_RELATIME) | MNT_NOATIME;
	if (a->attr_clr & MOUNT_ATTR_NODIRATIME)
		f &= ~MNT_NODIRATIME;
	if (a->attr_set & MOUNT_ATTR_NODIRATIME)
		f |= MNT_NODIRATIME;
	return f;
}

/* namespace_sem held: @a's flags on the mount at @d (its super block's
 * for the MOUNT_ATTR_SB ones, as mount -o remount), then its
 * propagation (@rec: below it too). */
static int mount_setattr_at(struct dentry *d, const struct mount_attr *a,
			    bool rec)
{
	struct mount *m = mount_at(d);
	unsigned int sb_flags;
	int err = 0;

	if (!m)
		return -EINVAL;		/* not the root of a mount */
	sb_flags = (m->mnt.mnt_sb->s_flags & ~(u32)a->attr_clr) | (u32)a->attr_set;
	if (a->attr_set | a->attr_clr)
		err = do_remount(d, sb_flags & MOUNT_ATTR_SB,
				 new_mnt_flags(m->mnt.mnt_flags, a));
	if (!err && a->propagation)
		set_propagation(m, a->propagation, rec);
	return err;
}

/* The directory mount_setattr(2) names: @path from @dfd, or with
 * AT_EMPTY_PATH and "" the one open as @dfd. Referenced, or ERR_PTR. */
static struct dentry *setattr_target(int dfd, const char __user *path,
				     unsigned int flags)
{
	char c;

	if ((flags & AT_EMPTY_PATH) && copy_from_user(&c, path, 1) == 0 && !c)
		return dirfd_dentry(dfd);
	return user_path_at(dfd, path, flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW);
}

/* mount_setattr(2): change the mount at @dfd/@path (AT_RECURSIVE: its
 * propagation below it too). 0, -EINVAL, -E2BIG, -EFAULT, -EPERM. */
long sys_mount_setattr(int dfd, const char __user *path, unsigned int flags,
		       struct mount_attr __user *uattr, size_t usize)
{
	struct mount_attr a;
	struct dentry *d;
	long err;

	if (flags & ~(unsigned int)(AT_EMPTY_PATH | AT_RECURSIVE |
				    AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT))
		return -EINVAL;
	if (usize > PAGE_SIZE)
		return -E2BIG;
	if (usize < MOUNT_ATTR_SIZE_VER0)
		return -EINVAL;
	err = copy_struct_from_user(&a, sizeof(a), uattr, usize);
	if (err)
		return err;
	if (!a.attr_set && !a.attr_clr && !a.propagation)
		return 0;		/* nothing to do, as Linux */
	err = check_mount_attr(&a);
	if (err)
		return err;
	d = setattr_target(dfd, path, flags);
	if (IS_ERR(d))
		return PTR_ERR(d);
	err = -EPERM;
	if (capable(CAP_SYS_ADMIN)) {
		mutex_lock(&namespace_sem);
		err = mount_setattr_at(d, &a, flags & AT_RECURSIVE);
		mutex_unlock(&namespace_sem);
	}
	dput(d);
	return err;
}
