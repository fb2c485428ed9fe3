/*
 * Mounts (Linux's fs/namespace.c): the table of struct mount (see
 * kernel/fs/mount.h), the crossing the path walk makes onto a mounted
 * root (lookup_mount()), and mount(2) and umount2(2):
 *
 *   mount("none", "/mnt", "tmpfs", MS_NOSUID, "mode=755")   a new tmpfs
 *   mount("proc", "/mnt", "proc", 0, NULL)    /proc's super block again
 *                                   (sysfs and devtmpfs the same way)
 *   mount("/tmp/a", "/mnt", NULL, MS_BIND, NULL)   /tmp/a seen at /mnt
 *   mount(NULL, "/mnt", NULL, MS_REMOUNT | MS_RDONLY, NULL)   now ro
 *   umount2("/mnt", 0)      EBUSY while anyone is in it (cwd, open file)
 *
 * A mount is found by the directory inode it covers, because Taskbase's
 * dentries are paths, not cached objects (kernel/fs/vfs.h): whoever
 * reaches that inode by a walk is led onto the mounted root. Unmounting
 * a tmpfs gives all its memory back (ramfs_kill_sb()).
 *
 * Locking: namespace_sem (a mutex) serialises every change of the table
 * and the readers of /proc/mounts; mount_lock (a spinlock) guards the
 * list for the walk's lookup_mount(), and is held when a mount goes, so
 * that no walk can cross into a mount found idle.
 */
#include "kernel/cred.h"
#include "kernel/fs/mount.h"
#include "kernel/fs/syscalls.h"
#include "kernel/mm/slab.h"
#include "kernel/ns/mnt_namespace.h"
#include "kernel/printk/printk.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "asm/memlayout.h"

LIST_HEAD(mount_list);
LIST_HEAD(detached_list);	/* lazily unmounted, still in use */
DEFINE_SPINLOCK(mount_lock);
DEFINE_MUTEX(namespace_sem);
static struct mount *root_mount;
/* What the kernel mounted (vfs_mount()), its tmpfs instances aside:
 * found again by type even when unmounted, for mount -t proc. */
static struct super_block *kernel_sbs[16];
int next_mnt_id = 20;		/* Linux's first ids are about here */

static char *kstrdup_or_empty(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	char *p = kmalloc(n + 1, GFP_KERNEL);

	if (p) {
		memcpy(p, s ? s : "", n);
		p[n] = '\0';
	}
	return p;
}

/* Does mount(2) of @type make a new instance (freed at umount)? */
static bool new_instance_type(const char *type)
{
	return !strcmp(type, "tmpfs") || !strcmp(type, "ramfs");
}

void free_mnt(struct mount *m)
{
	if (m->mnt_mountpoint)
		dput(m->mnt_mountpoint);
	iput(m->mnt.mnt_root);
	kfree(m->mnt_devname);
	kfree(m->mnt_options);
	kfree(m);
}

struct mount *alloc_mnt(struct super_block *sb, struct inode *root,
			       const char *devname, const char *options)
{
	struct mount *m = kzalloc(sizeof(*m), GFP_KERNEL);

	if (!m)
		return NULL;
	m->mnt.mnt_root = igrab(root);
	m->mnt.mnt_sb = sb;
	m->mnt.mnt_flags = MNT_RELATIME;
	m->mnt_devname = kstrdup_or_empty(devname ? devname : "none");
	m->mnt_options = kstrdup_or_empty(options);
	if (!m->mnt_devname || !m->mnt_options) {
		free_mnt(m);
		return NULL;
	}
	return m;
}

/* mount_lock or namespace_sem held: is @m the mount whose root the walk
 * reached as @d (its root inode, reached through its mount point)? */
static bool mount_is_at(struct mount *m, struct dentry *d)
{
	struct dentry *mp = m->mnt_mountpoint;

	if (m->mnt.mnt_root != d->d_inode)
		return false;
	if (!mp)
		return d->d_parent == d;
	return d->d_parent != d && mp->d_parent->d_inode == d->d_parent->d_inode &&
	       mp->d_len == d->d_len && !memcmp(mp->d_name, d->d_name, d->d_len);
}

struct mount *mount_at(struct dentry *d)
{
	struct mount *m;

	list_for_each_entry(m, &mount_list, mnt_list)
		if (m->mnt_ns == current_mnt_ns() && mount_is_at(m, d))
			return m;
	return NULL;
}

struct mount *mount_of(struct dentry *d)
{
	for (;; d = d->d_parent) {
		struct mount *m = mount_at(d);

		if (m || d->d_parent == d)
			return m ? m : current_mnt_ns()->root;
	}
}

struct mount *mount_on(struct inode *mp, struct mnt_namespace *ns)
{
	struct mount *m;

	list_for_each_entry(m, &mount_list, mnt_list)
		if ((!ns || m->mnt_ns == ns) && m->mnt_mountpoint &&
		    m->mnt_mountpoint->d_inode == mp)
			return m;
	return NULL;
}

struct inode *lookup_mount(struct inode *mountpoint)
{
	struct inode *root = NULL;
	struct mount *m;

	spin_lock(&mount_lock);
	m = mount_on(mountpoint, current_mnt_ns());
	if (m)
		root = igrab(m->mnt.mnt_root);
	spin_unlock(&mount_lock);
	return root;
}

/* namespace_sem held: put @m on directory @mp (its reference is taken
 * over), at the end of the table. */
static void attach_mnt(struct mount *m, struct dentry *mp)
{
	m->mnt_mountpoint = mp;
	m->mnt_parent = mount_of(mp);
	m->mnt_ns = current_mnt_ns();
	m->mnt_id = next_mnt_id++;
	spin_lock(&mount_lock);
	mp->d_inode->i_flags |= S_MOUNTPOINT;
	list_add_tail(&m->mnt_list, &mount_list);
	spin_unlock(&mount_lock);
	touch_mnt_namespace(m->mnt_ns);
}

void mount_root(struct super_block *sb)
{
	struct mount *m = alloc_mnt(sb, sb->s_root, "rootfs", NULL);

	BUG_ON(!m || root_mount);
	m->mnt_parent = m;
	m->mnt_id = next_mnt_id++;
	m->mnt_ns = &init_mnt_ns;
	root_mount = init_mnt_ns.root = m;
	list_add_tail(&m->mnt_list, &mount_list);
}

/* namespace_sem held: graft @m onto directory @mp (referenced by the
 * caller, who keeps its reference): -ENOTDIR; -EBUSY on "/" or a mount's
 * root, or a directory covered already (reached from a cwd taken before
 * the mount): one file system per directory; -EINVAL in procfs or sysfs,
 * which make a new inode at every lookup, so none could be found again
 * (but for their few S_STABLE directories, /sys/fs/cgroup). */
static int graft_tree(struct mount *m, struct dentry *mp)
{
	const char *type = mp->d_inode->i_sb->s_type;

	if (!S_ISDIR(mp->d_inode->i_mode))
		return -ENOTDIR;
	if (mount_at(mp) || mount_on(mp->d_inode, current_mnt_ns()))
		return -EBUSY;
	if (!new_instance_type(type) && strcmp(type, "devtmpfs") &&
	    !(mp->d_inode->i_flags & S_STABLE))
		return -EINVAL;
	attach_mnt(m, dget(mp));
	return 0;
}

int vfs_mount(const char *path, struct super_block *sb)
{
	struct mount *m;
	struct dentry *d;
	int ret = -ENOMEM;

	BUG_ON(!sb || !sb->s_root || !S_ISDIR(sb->s_root->i_mode));
	d = path_lookup(path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY);
	if (IS_ERR(d))
		return (int)PTR_ERR(d);
	m = alloc_mnt(sb, sb->s_root, sb->s_type, NULL);
	mutex_lock(&namespace_sem);
	if (m)
		ret = graft_tree(m, d);
	/* Not a tmpfs: its last umount frees it. */
	for (size_t i = 0; !ret && !new_instance_type(sb->s_type) &&
	     i < ARRAY_SIZE(kernel_sbs); i++) {
		if (!kernel_sbs[i] || kernel_sbs[i] == sb) {
			kernel_sbs[i] = sb;
			break;
		}
	}
	mutex_unlock(&namespace_sem);
	if (ret && m)
		free_mnt(m);
	dput(d);
	if (!ret)
		pr_info("VFS: mounted %s on %s\n", sb->s_type, path);
	return ret;
}

int iterate_mounts(int (*show)(struct mount *m, void *arg), void *arg)
{
	struct mount *m;
	int ret = 0;

	mutex_lock(&namespace_sem);
	list_for_each_entry(m, &mount_list, mnt_list) {
		ret = m->mnt_ns == current_mnt_ns() ? show(m, arg) : 0;
		if (ret)
			break;
	}
	mutex_unlock(&namespace_sem);
	return ret;
}

/* ---- new mounts ---- */

struct super_block *single_get_tree(const char *type, unsigned int sb_flags,
				    char *data, char *shown, size_t size)
{
	for (size_t i = 0; i < ARRAY_SIZE(kernel_sbs) && kernel_sbs[i]; i++)
		if (!strcmp(kernel_sbs[i]->s_type, type))
			return kernel_sbs[i];
	return ERR_PTR(-ENODEV);
}

/* namespace_sem held: the super block mount(2) of @type gets, by the
 * table of types (kernel/fs/statfs.c get_fs_type()). */
static struct super_block *get_tree(const char *type, unsigned int sb_flags,
				    char *data, char *shown, size_t size)
{
	const struct file_system_type *t = get_fs_type(type);

	if (!t)
		return ERR_PTR(-ENODEV);
	return t->get_tree(type, sb_flags, data, shown, size);
}

/* namespace_sem held: mount(2) of a new file system on @mp. */
static int do_new_mount(struct dentry *mp, const char *type, unsigned int sb_flags,
			int mnt_flags, const char *devname, char *data)
{
	char shown[96] = "";
	struct super_block *sb;
	struct mount *m;
	int err;

	if (!type)
		return -EINVAL;
	sb = get_tree(type, sb_flags, data, shown, sizeof(shown));
	if (IS_ERR(sb))
		return (int)PTR_ERR(sb);
	m = alloc_mnt(sb, sb->s_root, devname, shown);
	err = m ? graft_tree(m, mp) : -ENOMEM;
	if (err && m)
		free_mnt(m);
	if (err && new_instance_type(type))
		ramfs_kill_sb(sb);
	if (!err)
		m->mnt.mnt_flags = mnt_flags;
	return err;
}

/* namespace_sem held: mount(2) with MS_BIND: the directory @src seen
 * at @mp too. Directories only (Linux binds files onto files too). */
static int do_loopback(struct dentry *mp, const char *src)
{
	struct dentry *old;
	struct mount *m;
	int err;

	if (!src)
		return -EFAULT;
	old = path_lookup(src, LOOKUP_FOLLOW);
	if (IS_ERR(old))
		return (int)PTR_ERR(old);
	if (!S_ISDIR(old->d_inode->i_mode))
		err = S_ISDIR(mp->d_inode->i_mode) ? -ENOTDIR : -EINVAL;
	else
		err = 0;
	m = err ? NULL : alloc_mnt(old->d_inode->i_sb, old->d_inode,
				   mount_of(old)->mnt_devname, NULL);
	if (!err && !m)
		err = -ENOMEM;
	if (m) {
		m->mnt_bind = true;
		mnt_bind_propagation(m, mount_of(old));
		err = graft_tree(m, mp);
		if (err)
			free_mnt(m);
	}
	dput(old);
	return err;
}

#define SB_MNT_FLAGS (SB_RDONLY | SB_NOSUID | SB_NODEV | SB_NOEXEC)

int do_remount(struct dentry *d, unsigned int sb_flags, int mnt_flags)
{
	struct mount *m = mount_at(d);
	struct super_block *sb;
	unsigned int want;

	if (!m)
		return -EINVAL;
	sb = m->mnt.mnt_sb;
	want = (sb->s_flags & ~SB_MNT_FLAGS) | (sb_flags & SB_MNT_FLAGS);
	if (m == m->mnt_ns->root && !(want & SB_RDONLY))
		return -EACCES;		/* the initramfs stays as it came */
	if ((want & SB_RDONLY) && !(sb->s_flags & SB_RDONLY)) {
		/* Pairs with file_start_write(): a writer that counted itself
		 * before seeing the flag is seen here. */
		WRITE_ONCE(sb->s_flags, sb->s_flags | SB_RDONLY);
		smp_mb();
		if (atomic_read(&sb->s_writers)) {
			WRITE_ONCE(sb->s_flags, sb->s_flags & ~SB_RDONLY);
			return -EBUSY;
		}
	}
	WRITE_ONCE(sb->s_flags, want);
	m->mnt.mnt_flags = mnt_flags;
	touch_mnt_namespace(m->mnt_ns);
	return 0;
}

/* ---- unmounting ---- */

/* mount_lock held: how many mounts (live or detached) hold @root. */
static unsigned int mounts_holding(struct inode *root)
{
	unsigned int n = 0;
	struct mount *m;

	list_for_each_entry(m, &mount_list, mnt_list)
		n += m->mnt.mnt_root == root;
	list_for_each_entry(m, &detached_list, mnt_list)
		n += m->mnt.mnt_root == root;
	return n;
}

/* A dentry does not say through which mount it was reached, so while
 * another mount of the namespace shows the same super block (a second
 * /proc, a bind mount), what is held there cannot be told apart: then
 * @m counts as idle and goes (what was reached through it stays usable,
 * as after MNT_DETACH). */
bool mnt_busy(struct mount *m)
{
	struct inode *root = m->mnt.mnt_root;
	struct mount *o;

	list_for_each_entry(o, &mount_list, mnt_list)
		if (o != m && o->mnt_ns == m->mnt_ns && o->mnt.mnt_sb == m->mnt.mnt_sb)
			return false;
	return refcount_read(&root->i_count) > 1 + mounts_holding(root);
}

bool mnt_needed(struct mount *m, struct mnt_namespace *dying)
{
	struct mount *o;

	list_for_each_entry(o, &mount_list, mnt_list)
		if (o != m && o->mnt_ns != dying && o->mnt.mnt_sb == m->mnt.mnt_sb)
			return false;
	return mnt_busy(m);
}

/* namespace_sem held: is @sb mounted anywhere (or detached) still? */
static bool sb_mounted(struct super_block *sb)
{
	struct mount *m;
	bool used = false;

	spin_lock(&mount_lock);
	list_for_each_entry(m, &mount_list, mnt_list)
		used |= m->mnt.mnt_sb == sb;
	list_for_each_entry(m, &detached_list, mnt_list)
		used |= m->mnt.mnt_sb == sb;
	spin_unlock(&mount_lock);
	return used;
}

/* A file of it still held outside the tree (an exec reading it) keeps a
 * tmpfs detached. */
void release_mnt(struct mount *m)
{
	struct super_block *sb = m->mnt.mnt_sb;
	bool owner = new_instance_type(sb->s_type) && sb != root_mount->mnt.mnt_sb &&
		     !sb_mounted(sb);

	if (owner && ramfs_busy(sb, m->mnt.mnt_root)) {
		spin_lock(&mount_lock);
		list_add_tail(&m->mnt_list, &detached_list);
		spin_unlock(&mount_lock);
		return;
	}
	free_mnt(m);
	if (owner)
		ramfs_kill_sb(sb);
}

/* namespace_sem held: free the lazily unmounted mounts nobody uses now. */
static void reap_detached(void)
{
	LIST_HEAD(idle);
	struct mount *m, *n;

	spin_lock(&mount_lock);
	list_for_each_entry_safe(m, n, &detached_list, mnt_list)
		if (!mnt_needed(m, NULL))
			list_move_tail(&m->mnt_list, &idle);
	spin_unlock(&mount_lock);
	list_for_each_entry_safe(m, n, &idle, mnt_list) {
		list_del(&m->mnt_list);
		release_mnt(m);
	}
}

void unlink_mnt(struct mount *m)
{
	list_del(&m->mnt_list);
	touch_mnt_namespace(m->mnt_ns);
	if (m->mnt_mountpoint && !mount_on(m->mnt_mountpoint->d_inode, NULL))
		m->mnt_mountpoint->d_inode->i_flags &= ~S_MOUNTPOINT;
}

/* namespace_sem held: take @m out of the tree; EBUSY while in use,
 * unless MNT_DETACH (then it goes when its last user does). */
static int do_umount(struct mount *m, int flags)
{
	bool busy;

	if (m == m->mnt_ns->root)
		return -EBUSY;
	spin_lock(&mount_lock);
	busy = mnt_busy(m);
	if (!busy && (flags & MNT_EXPIRE) && !m->mnt_expiry_mark) {
		m->mnt_expiry_mark = true;
		spin_unlock(&mount_lock);
		return -EAGAIN;		/* the next MNT_EXPIRE unmounts it */
	}
	if (!busy || (flags & MNT_DETACH)) {
		unlink_mnt(m);
		if (busy)
			list_add_tail(&m->mnt_list, &detached_list);
	}
	spin_unlock(&mount_lock);
	if (busy)
		return flags & MNT_DETACH ? 0 : -EBUSY;
	release_mnt(m);
	return 0;
}

/* ---- the system calls ---- */

/* A string argument of mount(2) (NULL stays NULL): 0 or -EFAULT... */
static long copy_mount_string(const char __user *s, char **res)
{
	*res = NULL;
	if (!s)
		return 0;
	*res = getname(s, true);
	if (IS_ERR(*res)) {
		long err = PTR_ERR(*res);

		*res = NULL;
		return err;
	}
	return 0;
}

/* mount(2)'s data: up to a page, a string for the file systems here. */
static long copy_mount_data(const void __user *data, char **res)
{
	*res = kzalloc(PAGE_SIZE, GFP_KERNEL);
	if (!*res)
		return -ENOMEM;
	if (data && strncpy_from_user(*res, data, PAGE_SIZE - 1) < 0)
		return -EFAULT;
	return 0;
}

/* mount(2) below the copies: flags sorted out as Linux's path_mount(). */
static long path_mount(const char *dev, struct dentry *d, const char *type,
		       unsigned long flags, char *data)
{
	unsigned int sb_flags = flags & SB_MNT_FLAGS;
	int mnt_flags = 0;
	long ret;

	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	if (flags & MS_NOUSER)
		return -EINVAL;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (flags & MS_NOATIME)
		mnt_flags |= MNT_NOATIME;
	else if (!(flags & MS_STRICTATIME))
		mnt_flags |= MNT_RELATIME;
	if (flags & MS_NODIRATIME)
		mnt_flags |= MNT_NODIRATIME;
	mutex_lock(&namespace_sem);
	reap_detached();
	if (flags & MS_REMOUNT)
		ret = do_remount(d, sb_flags, mnt_flags);
	else if (flags & MS_BIND)
		ret = do_loopback(d, dev);
	else if (flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE))
		ret = do_change_type(mount_at(d), flags);
	else if (flags & MS_MOVE)
		ret = -EINVAL;
	else
		ret = do_new_mount(d, type, sb_flags, mnt_flags, dev, data);
	mutex_unlock(&namespace_sem);
	return ret;
}

long sys_mount(char __user *dev_name, char __user *dir_name, char __user *type,
	       unsigned long flags, void __user *data)
{
	char *ktype, *kdev = NULL, *kdata = NULL;
	struct dentry *d;
	long ret;

	ret = copy_mount_string(type, &ktype);
	if (!ret)
		ret = copy_mount_string(dev_name, &kdev);
	if (!ret)
		ret = copy_mount_data(data, &kdata);
	if (!ret) {
		d = user_path_at(AT_FDCWD, dir_name, LOOKUP_FOLLOW);
		ret = IS_ERR(d) ? PTR_ERR(d) : path_mount(kdev, d, ktype, flags, kdata);
		if (!IS_ERR(d))
			dput(d);
	}
	kfree(kdata);
	if (kdev)
		putname(kdev);
	if (ktype)
		putname(ktype);
	return ret;
}

long sys_umount2(char __user *name, int flags)
{
	struct dentry *d;
	struct mount *m;
	long ret;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	d = user_path_at(AT_FDCWD, name,
			 flags & UMOUNT_NOFOLLOW ? 0 : LOOKUP_FOLLOW);
	if (IS_ERR(d))
		return PTR_ERR(d);
	if (!capable(CAP_SYS_ADMIN)) {
		dput(d);
		return -EPERM;
	}
	mutex_lock(&namespace_sem);
	reap_detached();
	m = mount_at(d);
	dput(d);		/* its hold on the root would look busy */
	if (!m)
		ret = -EINVAL;
	else if ((flags & MNT_EXPIRE) && (flags & (MNT_FORCE | MNT_DETACH)))
		ret = -EINVAL;
	else
		ret = do_umount(m, flags);
	mutex_unlock(&namespace_sem);
	return ret;
}
