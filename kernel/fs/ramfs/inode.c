/*
 * ramfs: a file system that lives in memory only (Linux's fs/ramfs/).
 * This file holds its inodes, directories and instances; file-mmu.c the
 * bytes of its files and symlinks. Each directory inode keeps a list of
 * (name, inode) entries; the list holds a reference on every inode in
 * it, so the tree stays until its names are unlinked.
 *
 * Two kinds of instances (ramfs_create()): the root file system, filled
 * from the initramfs at boot (kernel/init/initramfs.c) and mounted
 * SB_RDONLY, so user space gets EROFS; and tmpfs (/tmp), empty and
 * writable.
 *
 * Locking: ramfs_lock (a spinlock) guards every directory list; a file's
 * bytes are file-mmu.c's, under its inode's i_mutex.
 */
#include "kernel/fs/exportfs.h"
#include "kernel/fs/memfd.h"
#include "kernel/fs/mount.h"
#include "kernel/fs/notify/dnotify.h"
#include "kernel/fs/notify/fsnotify.h"
#include "kernel/fs/ramfs/internal.h"
#include "kernel/mm/filemap.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/slab.h"
#include "kernel/fs/pipe_fs_i.h"
#include "kernel/random.h"
#include "kernel/fs/vfs.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

DEFINE_SPINLOCK(ramfs_lock);

static const struct inode_operations ramfs_dir_iops;
static const struct inode_operations ramfs_special_iops;
static const struct file_operations nodev_fops;

void ramfs_evict(struct inode *inode)
{
	struct ramfs_info *ri = RI(inode);

	if (!ri)
		return;
	BUG_ON(S_ISDIR(inode->i_mode) && !list_empty(&ri->children));
	simple_xattrs_free(&ri->xattrs, &SBI(inode->i_sb)->xattr_space);
	if (ri->owned)
		kfree(ri->data);
	if (ri->mapping)
		mapping_put(ri->mapping);
	kfree(ri);
}

/* A new inode of type @mode with the operations of its type. */
static struct inode *ramfs_new_inode(struct super_block *sb, umode_t mode,
				     u32 rdev)
{
	struct inode *inode = new_inode(sb, mode);
	struct ramfs_info *ri = kzalloc(sizeof(*ri), GFP_KERNEL);

	if (!inode || !ri) {
		kfree(ri);
		if (inode)
			kfree(inode);
		return NULL;
	}
	INIT_LIST_HEAD(&ri->children);
	simple_xattrs_init(&ri->xattrs);
	ri->i_generation = (u32)get_random_u64();
	inode->i_private = ri;
	inode->i_rdev = rdev;
	inode->i_op = &ramfs_special_iops;
	if (S_ISDIR(mode)) {
		inode->i_op = &ramfs_dir_iops;
		inode->i_fop = &dir_fops;
		inode->i_nlink = 2;
	} else if (S_ISREG(mode)) {
		inode->i_op = &ramfs_file_iops;
		inode->i_fop = &ramfs_file_fops;
		ri->owned = true;
		ri->seals = F_SEAL_SEAL;	/* memfd_create() may clear it */
		ri->mapping = mapping_alloc(0);
		if (ri->mapping && SBI(sb)->quota)
			mapping_set_quota(ri->mapping, SBI(sb)->quota);
	} else if (S_ISLNK(mode)) {
		inode->i_op = &ramfs_symlink_iops;
		ri->owned = true;
	} else if (S_ISCHR(mode)) {
		inode->i_fop = &def_chr_fops;
	} else if (S_ISFIFO(mode)) {
		inode->i_fop = &pipefifo_fops;	/* kernel/fs/pipe/pipe.c fifo_open() */
	} else if (S_ISBLK(mode) || S_ISSOCK(mode)) {
		inode->i_fop = &nodev_fops;	/* no driver behind them */
	}
	if (S_ISREG(mode) && !ri->mapping) {
		kfree(ri);
		kfree(inode);
		return NULL;
	}
	return inode;
}

/* ramfs_lock held. The entry @name in @dir, or NULL. */
static struct ramfs_dirent *find_dirent(struct inode *dir, const char *name,
					size_t len)
{
	struct ramfs_dirent *de;

	lockdep_assert_held(&ramfs_lock);
	list_for_each_entry(de, &RI(dir)->children, node)
		if (de->len == len && !memcmp(de->name, name, len))
			return de;
	return NULL;
}

static struct ramfs_dirent *dirent_new(const char *name, size_t len,
				       struct inode *inode)
{
	struct ramfs_dirent *de = kmalloc(sizeof(*de) + len + 1, GFP_KERNEL);

	if (!de)
		return NULL;
	de->inode = inode;
	de->len = len;
	memcpy(de->name, name, len);
	de->name[len] = '\0';
	return de;
}

/* Link @inode (its reference moves to the entry) into @dir as @name. */
static int add_dirent(struct inode *dir, const char *name, size_t len,
		      struct inode *inode)
{
	struct ramfs_dirent *de = dirent_new(name, len, inode);
	int err = 0;

	if (!de)
		return -ENOSPC;
	spin_lock(&ramfs_lock);
	if (dir->i_flags & S_DEAD)
		err = -ENOENT;		/* removed while we looked */
	else if (find_dirent(dir, name, len))
		err = -EEXIST;
	else
		list_add_tail(&de->node, &RI(dir)->children);
	if (!err && S_ISDIR(inode->i_mode))
		dir->i_nlink++;
	dir->i_mtime = dir->i_ctime = current_time();
	spin_unlock(&ramfs_lock);
	if (err)
		kfree(de);
	return err;
}

/* Make @name in @dir; the inode stays owned by the tree (not referenced). */
static struct inode *ramfs_make(struct inode *dir, const char *name,
				size_t len, umode_t mode, u32 rdev, int *err)
{
	struct inode *inode = ramfs_new_inode(dir->i_sb, mode, rdev);

	*err = -ENOSPC;
	if (!inode)
		return NULL;
	inode_init_owner(inode, dir);
	*err = add_dirent(dir, name, len, inode);
	if (*err) {
		iput(inode);
		return NULL;
	}
	return inode;
}

struct inode *ramfs_new_file(struct super_block *sb, umode_t mode)
{
	BUG_ON(sb->evict_inode != ramfs_evict);
	return ramfs_new_inode(sb, S_IFREG | (mode & S_IALLUGO), 0);
}

struct inode *ramfs_mknod(struct inode *dir, const char *name, size_t len,
			  umode_t mode, u32 rdev)
{
	int err;

	BUG_ON(!S_ISDIR(dir->i_mode) || dir->i_op != &ramfs_dir_iops);
	return ramfs_make(dir, name, len, mode, rdev, &err);
}

/* ---- directories ---- */

static struct inode *ramfs_lookup(struct inode *dir, const char *name,
				  size_t len)
{
	struct ramfs_dirent *de;
	struct inode *inode = ERR_PTR(-ENOENT);

	spin_lock(&ramfs_lock);
	de = find_dirent(dir, name, len);
	if (de)
		inode = igrab(de->inode);
	spin_unlock(&ramfs_lock);
	return inode;
}

/* Entry @index of @dir copied out (the list may change once unlocked). */
static bool nth_dirent(struct inode *dir, u64 index, char *name, size_t *len,
		       u64 *ino, unsigned int *type)
{
	struct ramfs_dirent *de;
	bool found = false;

	spin_lock(&ramfs_lock);
	list_for_each_entry(de, &RI(dir)->children, node) {
		if (index--)
			continue;
		memcpy(name, de->name, de->len);
		*len = de->len;
		*ino = de->inode->i_ino;
		*type = mode_to_dtype(de->inode->i_mode);
		found = true;
		break;
	}
	spin_unlock(&ramfs_lock);
	return found;
}

static int ramfs_readdir(struct inode *dir, struct dir_context *ctx)
{
	char name[NAME_MAX + 1];
	unsigned int type;
	size_t len;
	u64 ino;

	while (nth_dirent(dir, ctx->pos - 2, name, &len, &ino, &type))
		if (!dir_emit(ctx, name, len, ino, type))
			break;
	return 0;
}

static struct inode *ramfs_create_file(struct inode *dir, const char *name,
				       size_t len, umode_t mode)
{
	int err;
	struct inode *inode = ramfs_make(dir, name, len, mode, 0, &err);

	return inode ? igrab(inode) : ERR_PTR(err);
}

static int ramfs_mknod_op(struct inode *dir, const char *name, size_t len,
			  umode_t mode, u32 dev)
{
	int err;

	return ramfs_make(dir, name, len, mode, dev, &err) ? 0 : err;
}

/* Another entry for @old: it holds a reference of its own. */
static int ramfs_link(struct inode *old, struct inode *dir, const char *name,
		      size_t len)
{
	int err = add_dirent(dir, name, len, igrab(old));

	if (err) {
		iput(old);
		return err;
	}
	spin_lock(&ramfs_lock);
	old->i_nlink++;
	old->i_ctime = current_time();
	spin_unlock(&ramfs_lock);
	return 0;
}

static struct inode *ramfs_tmpfile(struct inode *dir, umode_t mode)
{
	struct inode *inode = ramfs_new_inode(dir->i_sb, mode, 0);

	if (!inode)
		return ERR_PTR(-ENOSPC);
	inode_init_owner(inode, dir);
	inode->i_nlink = 0;
	return inode;
}

static int ramfs_mkdir(struct inode *dir, const char *name, size_t len,
		       umode_t mode)
{
	int err;

	ramfs_make(dir, name, len, mode, 0, &err);
	return err;
}

static int ramfs_symlink(struct inode *dir, const char *name, size_t len,
			 const char *target)
{
	size_t tlen = strlen(target);
	char *copy = kmalloc(tlen + 1, GFP_KERNEL);
	struct inode *inode = NULL;
	int err;

	if (copy)
		inode = ramfs_new_inode(dir->i_sb, S_IFLNK | 0777, 0);
	if (!inode) {
		kfree(copy);
		return -ENOSPC;
	}
	memcpy(copy, target, tlen + 1);
	RI(inode)->data = copy;
	inode->i_size = tlen;
	err = add_dirent(dir, name, len, inode);
	if (err)
		iput(inode);
	return err;
}

/* Take @name out of @dir; the caller iput()s the inode returned. */
static struct inode *remove_dirent(struct inode *dir, const char *name,
				   size_t len, bool isdir)
{
	struct inode *inode = ERR_PTR(-ENOENT);
	struct ramfs_dirent *de;

	spin_lock(&ramfs_lock);
	de = find_dirent(dir, name, len);
	if (de && isdir && !list_empty(&RI(de->inode)->children))
		inode = ERR_PTR(-ENOTEMPTY);
	else if (de) {
		list_del(&de->node);
		inode = de->inode;
		inode->i_nlink -= isdir ? 2 : 1;
		if (isdir) {
			dir->i_nlink--;
			inode->i_flags |= S_DEAD;
		}
		dir->i_mtime = dir->i_ctime = current_time();
	}
	spin_unlock(&ramfs_lock);
	if (de && !IS_ERR(inode))
		kfree(de);
	return inode;
}

static int ramfs_unlink(struct inode *dir, const char *name, size_t len)
{
	struct inode *inode = remove_dirent(dir, name, len, false);

	if (IS_ERR(inode))
		return (int)PTR_ERR(inode);
	iput(inode);
	return 0;
}

static int ramfs_rmdir(struct inode *dir, const char *name, size_t len)
{
	struct inode *inode = remove_dirent(dir, name, len, true);

	if (IS_ERR(inode))
		return (int)PTR_ERR(inode);
	iput(inode);
	return 0;
}

/* ramfs_lock held: may @src replace the existing entry @dst? */
static int may_replace(struct inode *src, struct inode *dst)
{
	lockdep_assert_held(&ramfs_lock);
	if (S_ISDIR(src->i_mode) && !S_ISDIR(dst->i_mode))
		return -ENOTDIR;
	if (!S_ISDIR(src->i_mode) && S_ISDIR(dst->i_mode))
		return -EISDIR;
	if (S_ISDIR(dst->i_mode) && !list_empty(&RI(dst)->children))
		return -ENOTEMPTY;
	return 0;
}

/* ramfs_lock held: move @de into @ndir as @nde, dropping @victim's entry. */
static void move_dirent(struct inode *odir, struct ramfs_dirent *de,
			struct inode *ndir, struct ramfs_dirent *nde,
			struct ramfs_dirent *victim)
{
	bool isdir = S_ISDIR(de->inode->i_mode);

	lockdep_assert_held(&ramfs_lock);
	if (victim) {
		struct inode *gone = victim->inode;

		list_del(&victim->node);
		gone->i_nlink -= S_ISDIR(gone->i_mode) ? 2 : 1;
		if (S_ISDIR(gone->i_mode)) {
			ndir->i_nlink--;
			gone->i_flags |= S_DEAD;
		}
	}
	list_del(&de->node);
	list_add_tail(&nde->node, &RI(ndir)->children);
	if (isdir) {
		odir->i_nlink--;
		ndir->i_nlink++;
	}
	odir->i_mtime = ndir->i_mtime = current_time();
}

/* ramfs_lock held: RENAME_EXCHANGE of entries @a (in @adir) and @b (in
 * @bdir): they trade inodes; a directory that changes parent moves its
 * ".." link count along. */
static void swap_dirents(struct inode *adir, struct ramfs_dirent *a,
			 struct inode *bdir, struct ramfs_dirent *b)
{
	struct inode *tmp = a->inode;
	int moved = S_ISDIR(a->inode->i_mode) - S_ISDIR(b->inode->i_mode);

	lockdep_assert_held(&ramfs_lock);
	a->inode = b->inode;
	b->inode = tmp;
	adir->i_nlink -= moved;		/* a's directory went to bdir */
	bdir->i_nlink += moved;
	adir->i_mtime = bdir->i_mtime = current_time();
	a->inode->i_ctime = b->inode->i_ctime = adir->i_mtime;
}

static int ramfs_rename(struct inode *odir, const char *oname, size_t olen,
			struct inode *ndir, const char *nname, size_t nlen,
			unsigned int flags)
{
	struct ramfs_dirent *de, *victim, *nde = dirent_new(nname, nlen, NULL);
	int err = 0;

	if (!nde)
		return -ENOSPC;
	spin_lock(&ramfs_lock);
	de = find_dirent(odir, oname, olen);
	victim = find_dirent(ndir, nname, nlen);
	if (!de || (ndir->i_flags & S_DEAD))
		err = -ENOENT;
	else if (victim == de)
		err = 1;		/* the same name: nothing to do */
	else if (flags & RENAME_EXCHANGE)
		err = victim ? 2 : -ENOENT;
	else if (victim && (flags & RENAME_NOREPLACE))
		err = -EEXIST;
	else if (victim)
		err = may_replace(de->inode, victim->inode);
	if (err == 2)
		swap_dirents(odir, de, ndir, victim);
	if (!err) {
		nde->inode = de->inode;
		move_dirent(odir, de, ndir, nde, victim);
	}
	spin_unlock(&ramfs_lock);
	if (err) {
		kfree(nde);
		return err > 0 ? 0 : err;
	}
	kfree(de);
	if (victim) {
		iput(victim->inode);
		kfree(victim);
	}
	return 0;
}

static const struct inode_operations ramfs_dir_iops = {
	.lookup = ramfs_lookup,
	.readdir = ramfs_readdir,
	.create = ramfs_create_file,
	.mkdir = ramfs_mkdir,
	.mknod = ramfs_mknod_op,
	.link = ramfs_link,
	.tmpfile = ramfs_tmpfile,
	.symlink = ramfs_symlink,
	.unlink = ramfs_unlink,
	.rmdir = ramfs_rmdir,
	.rename = ramfs_rename,
};

static const struct inode_operations ramfs_special_iops = {};

/* Block devices and sockets (from the archive or mknod) exist, but
 * cannot be opened: no driver or socket is behind them. */
static int nodev_open(struct inode *inode, struct file *f)
{
	return -ENXIO;
}

static const struct file_operations nodev_fops = {
	.open = nodev_open,
};

/* ---- instances ---- */

/* ramfs_lock held: does an entry of @dir have holders beyond its names
 * (and @held's one)? Its subdirectories go to @dirs[*n..] while room. */
static bool dir_busy(struct inode *dir, struct inode *held,
		     struct inode **dirs, size_t *n, size_t cap)
{
	struct ramfs_dirent *de;

	lockdep_assert_held(&ramfs_lock);
	list_for_each_entry(de, &RI(dir)->children, node) {
		struct inode *i = de->inode;
		u32 names = S_ISDIR(i->i_mode) ? 1 : i->i_nlink;

		if (refcount_read(&i->i_count) > names + (i == held))
			return true;
		if (S_ISDIR(i->i_mode)) {
			if (*n == cap)
				return true;	/* too deep to tell: busy */
			dirs[(*n)++] = i;
		}
	}
	return false;
}

bool ramfs_busy(struct super_block *sb, struct inode *held)
{
	size_t cap = PAGE_SIZE / sizeof(struct inode *), n = 0, next = 0;
	struct inode **dirs = kmalloc(cap * sizeof(*dirs), GFP_KERNEL);
	struct inode *root = sb->s_root;
	bool busy = !dirs ||
		    refcount_read(&root->i_count) > 1u + (root == held);

	/* Breadth first through every directory: the caller made sure no
	 * one can reach the tree to change it (else a hold shows it). */
	if (!busy)
		dirs[n++] = root;
	while (!busy && next < n) {
		spin_lock(&ramfs_lock);
		busy = dir_busy(dirs[next++], held, dirs, &n, cap);
		spin_unlock(&ramfs_lock);
	}
	kfree(dirs);
	return busy;
}

size_t ramfs_dir_name(struct inode *dir, struct inode *inode, char *buf)
{
	struct ramfs_dirent *de;
	size_t len = 0;

	if (dir->i_op != &ramfs_dir_iops)
		return 0;
	spin_lock(&ramfs_lock);
	list_for_each_entry(de, &RI(dir)->children, node)
		if (de->inode == inode) {
			len = de->len;
			memcpy(buf, de->name, len + 1);
			break;
		}
	spin_unlock(&ramfs_lock);
	return len;
}

bool ramfs_dir_names(struct inode *dir, struct inode *inode)
{
	char name[NAME_MAX + 1];

	return ramfs_dir_name(dir, inode, name) != 0;
}

struct super_block *ramfs_create(const char *type, unsigned int flags,
				 umode_t root_mode)
{
	struct super_block *sb = alloc_super(type, flags);
	struct ramfs_sb_info *sbi = kzalloc(sizeof(*sbi), GFP_KERNEL);
	bool tmpfs = !strcmp(type, "tmpfs");

	if (!sb || !sbi) {
		kfree(sb);
		kfree(sbi);
		return NULL;
	}
	sbi->xattr_space = RAMFS_XATTR_SPACE();
	if (tmpfs && !(flags & SB_KERNMOUNT))
		sbi->quota = filemap_quota_alloc(TMPFS_DEFAULT_PAGES());
	sb->s_fs_info = sbi;
	sb->evict_inode = ramfs_evict;
	sb->s_export_op = &ramfs_export_ops;
	if (!tmpfs || (flags & SB_KERNMOUNT) || sbi->quota)
		sb->s_root = ramfs_new_inode(sb, S_IFDIR | (root_mode & S_IALLUGO), 0);
	if (!sb->s_root) {
		filemap_quota_put(sbi->quota);
		kfree(sbi);
		kfree(sb);
		return NULL;
	}
	return sb;
}
