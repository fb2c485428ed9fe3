/*
 * ramfs: a file system that lives in memory only. Each directory inode
 * keeps a list of (name, inode) entries; the list holds a reference on
 * every inode in it, so the tree stays until its names are unlinked.
 *
 * Two kinds of instances:
 *   - the root file system, filled from the initramfs at boot
 *     (initramfs.c). It is mounted SB_RDONLY: user space gets EROFS.
 *     Regular files are page-backed: their bytes are copied into whole
 *     pages of their own (ramfs_set_contents()), after which the archive
 *     goes back to the page allocator, as Linux frees the initrd. exec
 *     maps those very pages into every process that runs the program
 *     (ramfs_file_page()), as Linux maps a binary's page-cache pages. A
 *     file too large for one block (4 MiB), or met when memory is short,
 *     keeps pointing into the archive instead, which then stays.
 *   - tmpfs (/tmp): empty and writable. Files hold their bytes in one
 *     kmalloc'ed block that grows as they do, so a file is at most
 *     RAMFS_MAX_FILE (4 MiB, the largest kmalloc block).
 *
 * Locking: ramfs_lock (a spinlock) guards every directory list; a file's
 * data and size are guarded by its inode's i_mutex (a sleeplock: reads
 * and writes copy to and from user memory, which may fault).
 */
#include "kernel/mm/page_alloc.h"
#include "kernel/printk/printk.h"
#include "kernel/mm/slab.h"
#include "kernel/fs/vfs.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define RAMFS_MAX_FILE (4ul << 20)

struct ramfs_dirent {
	struct list_head node;		/* in ramfs_info.children */
	struct inode *inode;		/* referenced */
	u32 len;
	char name[];
};

/* i_private of every ramfs inode. */
struct ramfs_info {
	struct list_head children;	/* directories: ramfs_dirents */
	char *data;			/* file bytes, or the symlink target */
	size_t capacity;		/* bytes at data we may use */
	bool owned;			/* data is ours to kfree */
	bool page_backed;		/* data is alloc_pages_exact() pages,
					 * one reference on each ours */
};

static DEFINE_SPINLOCK(ramfs_lock);

static const struct inode_operations ramfs_dir_iops;
static const struct inode_operations ramfs_file_iops;
static const struct inode_operations ramfs_symlink_iops;
static const struct inode_operations ramfs_special_iops;
static const struct file_operations ramfs_file_fops;
static const struct file_operations fifo_fops;

static inline struct ramfs_info *RI(struct inode *inode)
{
	return inode->i_private;
}

static u64 nr_file_pages(const struct inode *inode)
{
	return ALIGN_UP(inode->i_size, PAGE_SIZE) >> PAGE_SHIFT;
}

/* Drop our reference on each page of a page-backed file; a page that a
 * process still maps is freed by the last mm that unmaps it. */
static void put_file_pages(struct inode *inode)
{
	struct page *first = virt_to_page(RI(inode)->data);

	for (u64 i = 0; i < nr_file_pages(inode); i++)
		if (put_page_testzero(first + i))
			__free_pages(first + i, 0);
}

static void ramfs_evict(struct inode *inode)
{
	struct ramfs_info *ri = RI(inode);

	if (!ri)
		return;
	BUG_ON(S_ISDIR(inode->i_mode) && !list_empty(&ri->children));
	if (ri->owned)
		kfree(ri->data);
	if (ri->page_backed)
		put_file_pages(inode);
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
	} else if (S_ISLNK(mode)) {
		inode->i_op = &ramfs_symlink_iops;
		ri->owned = true;
	} else if (S_ISCHR(mode)) {
		inode->i_fop = &def_chr_fops;
	} else if (S_ISFIFO(mode)) {
		inode->i_fop = &fifo_fops;
	}
	return inode;
}

/* ramfs_lock held. The entry @name in @dir, or NULL. */
static struct ramfs_dirent *find_dirent(struct inode *dir, const char *name,
					size_t len)
{
	struct ramfs_dirent *de;

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
	*err = add_dirent(dir, name, len, inode);
	if (*err) {
		iput(inode);
		return NULL;
	}
	return inode;
}

struct inode *ramfs_mknod(struct inode *dir, const char *name, size_t len,
			  umode_t mode, u32 rdev)
{
	int err;

	BUG_ON(!S_ISDIR(dir->i_mode) || dir->i_op != &ramfs_dir_iops);
	return ramfs_make(dir, name, len, mode, rdev, &err);
}

int ramfs_file_data(struct inode *inode, const void **data, u64 *size)
{
	if (inode->i_sb->evict_inode != ramfs_evict || !S_ISREG(inode->i_mode))
		return -EACCES;
	*data = RI(inode)->data;
	*size = inode->i_size;
	return 0;
}

struct page *ramfs_file_page(struct inode *inode, u64 pgoff)
{
	if (inode->i_sb->evict_inode != ramfs_evict ||
	    !S_ISREG(inode->i_mode) || !RI(inode)->page_backed ||
	    pgoff >= nr_file_pages(inode))
		return NULL;
	/* Contiguous pages: the struct pages are too (mem_map). */
	return virt_to_page(RI(inode)->data) + pgoff;
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

static int ramfs_rename(struct inode *odir, const char *oname, size_t olen,
			struct inode *ndir, const char *nname, size_t nlen)
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
	else if (victim)
		err = may_replace(de->inode, victim->inode);
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
	.symlink = ramfs_symlink,
	.unlink = ramfs_unlink,
	.rmdir = ramfs_rmdir,
	.rename = ramfs_rename,
};

/* ---- regular files and symlinks ---- */

/*
 * i_mutex held: make room for @size bytes of owned data. Every change of
 * a file's bytes or size comes here first: a root file system file, whose
 * bytes are not ours (page-backed, mapped by exec, or the archive's), is
 * refused (EROFS), even for a write within its size.
 */
static int ramfs_reserve(struct inode *inode, size_t size)
{
	struct ramfs_info *ri = RI(inode);
	size_t cap = MAX(MAX(size, ri->capacity * 2), 256ul);
	char *data;

	if (!ri->owned)
		return -EROFS;
	if (size <= ri->capacity)
		return 0;
	if (size > RAMFS_MAX_FILE)
		return -EFBIG;
	data = kmalloc(MIN(cap, RAMFS_MAX_FILE), GFP_KERNEL);
	if (!data)
		return -ENOSPC;
	if (ri->data)
		memcpy(data, ri->data, inode->i_size);
	kfree(ri->data);
	ri->data = data;
	ri->capacity = ksize(data);
	return 0;
}

/* i_mutex held: set the size, zero-filling what grows. */
static int ramfs_set_size(struct inode *inode, u64 size)
{
	int err = ramfs_reserve(inode, size);

	if (err)
		return err;
	if (size > inode->i_size)
		memset(RI(inode)->data + inode->i_size, 0,
		       size - inode->i_size);
	inode->i_size = size;
	inode->i_mtime = inode->i_ctime = current_time();
	return 0;
}

static int ramfs_truncate(struct inode *inode, u64 size)
{
	int err;

	sleeplock_lock(&inode->i_mutex);
	err = ramfs_set_size(inode, size);
	sleeplock_unlock(&inode->i_mutex);
	return err;
}

static long ramfs_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	long ret = 0;
	size_t n;

	if (*pos < 0)
		return -EINVAL;
	sleeplock_lock(&inode->i_mutex);
	if ((u64)*pos < inode->i_size) {
		n = MIN(inode->i_size - (u64)*pos, to->count);
		n = copy_to_iter(RI(inode)->data + *pos, n, to);
		ret = n ? (long)n : -EFAULT;
		*pos += n;
	}
	sleeplock_unlock(&inode->i_mutex);
	return ret;
}

static long ramfs_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	size_t n = from->count, done;
	loff_t p;
	long ret;

	sleeplock_lock(&inode->i_mutex);
	p = (f->f_flags & O_APPEND) ? (loff_t)inode->i_size : *pos;
	ret = p < 0 ? -EINVAL : p >= (loff_t)RAMFS_MAX_FILE ? -EFBIG : 0;
	if (!ret) {
		n = MIN(n, RAMFS_MAX_FILE - (size_t)p);
		ret = ramfs_reserve(inode, p + n);
	}
	if (!ret && (u64)p > inode->i_size)
		ret = ramfs_set_size(inode, p);
	if (!ret) {
		done = copy_from_iter(RI(inode)->data + p, n, from);
		ret = done ? (long)done : -EFAULT;
		if (p + done > inode->i_size)
			inode->i_size = p + done;
		inode->i_mtime = inode->i_ctime = current_time();
		*pos = p + done;
	}
	sleeplock_unlock(&inode->i_mutex);
	return ret;
}

static const char *ramfs_get_link(struct inode *inode, size_t *len)
{
	*len = inode->i_size;
	return RI(inode)->data;
}

static const struct inode_operations ramfs_file_iops = {
	.truncate = ramfs_truncate,
};

static const struct inode_operations ramfs_symlink_iops = {
	.get_link = ramfs_get_link,
};

static const struct inode_operations ramfs_special_iops = {};

static const struct file_operations ramfs_file_fops = {
	.read = ramfs_read,
	.write = ramfs_write,
	.llseek = generic_file_llseek,
};

/* Named pipes from the archive exist, but cannot be opened. */
static int fifo_open(struct inode *inode, struct file *f)
{
	return -ENXIO;
}

static const struct file_operations fifo_fops = {
	.open = fifo_open,
};

/* ---- instances ---- */

struct super_block *ramfs_create(const char *type, unsigned int flags,
				 umode_t root_mode)
{
	struct super_block *sb = alloc_super(type, flags);

	if (!sb)
		return NULL;
	sb->evict_inode = ramfs_evict;
	sb->s_root = ramfs_new_inode(sb, S_IFDIR | (root_mode & S_IALLUGO), 0);
	if (!sb->s_root)
		return NULL;
	return sb;
}

/* A regular file's bytes: a copy in whole pages of its own (zeroes past
 * the end), or if none can be had, @data itself. 0, or 1: borrowed. */
static int set_file_contents(struct inode *inode, const void *data,
			     size_t size)
{
	struct ramfs_info *ri = RI(inode);

	ri->owned = false;
	ri->capacity = size;
	if (!size)
		return 0;
	ri->data = alloc_pages_exact(size, __GFP_NOWARN);
	if (!ri->data) {
		ri->data = (char *)data;	/* borrowed: never freed */
		return 1;
	}
	memcpy(ri->data, data, size);
	memset(ri->data + size, 0, ALIGN_UP(size, PAGE_SIZE) - size);
	ri->page_backed = true;
	return 0;
}

int ramfs_set_contents(struct inode *inode, const void *data, size_t size)
{
	struct ramfs_info *ri = RI(inode);
	int ret = 0;

	BUG_ON(inode->i_sb->evict_inode != ramfs_evict || ri->data);
	if (S_ISREG(inode->i_mode)) {
		ret = set_file_contents(inode, data, size);
	} else if (S_ISLNK(inode->i_mode)) {
		if (size == 0 || size >= PATH_MAX ||
		    !(ri->data = kmalloc(size + 1, GFP_KERNEL)))
			return -EINVAL;
		memcpy(ri->data, data, size);
		ri->data[size] = '\0';
	} else {
		return -EINVAL;
	}
	inode->i_size = size;
	return ret;
}
