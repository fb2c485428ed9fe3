/*
 * The initramfs: the newc cpio archive the boot loader loaded, unpacked
 * into a ramfs instance that becomes "/" (Linux's init/initramfs.c).
 * lib/cpio.c walks the archive; each entry becomes a directory (parents
 * made on demand), a regular file whose bytes are copied into pages of
 * its own, a symlink, a device node or a FIFO. A malformed archive stops
 * the walk with cpio_next()'s message, and what was unpacked before is
 * kept. Hard links (several entries with one inode number) become
 * copies. Once nothing points into the archive any more, the caller may
 * free it (kernel/init/main.c, as Linux frees the initrd).
 */
#include "kernel/printk/printk.h"
#include "kernel/fs/vfs.h"
#include "lib/cpio.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

/* The directory [@name, @name + @len) in @dir, made if missing. */
static struct inode *unpack_dir(struct inode *dir, const char *name,
				size_t len)
{
	struct inode *inode = dir->i_op->lookup(dir, name, len);

	if (!IS_ERR(inode)) {
		iput(inode);	/* the tree keeps it */
		return S_ISDIR(inode->i_mode) ? inode : NULL;
	}
	return ramfs_mknod(dir, name, len, S_IFDIR | 0755, 0);
}

static bool unpackable(umode_t mode)
{
	return S_ISDIR(mode) || S_ISREG(mode) || S_ISLNK(mode) ||
	       S_ISCHR(mode) || S_ISFIFO(mode);
}

static void set_attrs(struct inode *inode, const struct cpio_entry *e)
{
	inode->i_mode = e->mode;
	inode->i_uid = e->uid;
	inode->i_gid = e->gid;
	inode->i_mtime.tv_sec = (s64)e->mtime;
	inode->i_mtime.tv_nsec = 0;
	inode->i_atime = inode->i_ctime = inode->i_mtime;
}

/* One archive entry into the tree under @root: 0, 1 when a regular file
 * keeps its bytes in the archive (ramfs_set_contents()), or -errno. */
static int unpack_entry(struct inode *root, const struct cpio_entry *e)
{
	const char *p = e->name, *slash;
	struct inode *dir = root, *inode;
	size_t len;

	if (e->namelen == 0) {		/* the root itself */
		set_attrs(root, e);
		return 0;
	}
	while (dir && (slash = strchr(p, '/'))) {
		dir = unpack_dir(dir, p, (size_t)(slash - p));
		p = slash + 1;
	}
	len = strlen(p);
	if (!dir || len > NAME_MAX || !unpackable(e->mode))
		return -EINVAL;
	if (S_ISDIR(e->mode))
		inode = unpack_dir(dir, p, len);
	else
		inode = ramfs_mknod(dir, p, len, e->mode,
				    MKDEV(e->rdevmajor, e->rdevminor));
	if (!inode)
		return -EEXIST;
	set_attrs(inode, e);
	if (S_ISREG(e->mode) || S_ISLNK(e->mode))
		return ramfs_set_contents(inode, e->data, e->size);
	return 0;
}

/*
 * Unpack every entry; a malformed archive ends the walk, keeping the rest.
 * Returns how many files point into the archive.
 */
static unsigned int unpack_archive(struct inode *root, const void *archive,
				   u64 size)
{
	struct cpio_iter it;
	struct cpio_entry e;
	unsigned int n = 0, bad = 0, borrowed = 0;
	int ret;

	cpio_iter_init(&it, archive, size);
	while ((ret = cpio_next(&it, &e)) > 0) {
		int err = unpack_entry(root, &e);

		if (err >= 0) {
			n++;
			borrowed += err;
		} else if (!bad++)
			pr_warn("initramfs: skipped \"%s\" (mode %o)\n",
				e.name, e.mode);
	}
	if (ret < 0)
		pr_err("initramfs: corrupt archive: %s (cpio_next: %d); "
		       "keeping the %u entries unpacked before it\n",
		       it.errmsg, ret, n);
	pr_info("initramfs: unpacked %u entries (%lu bytes)%s\n", n,
		(unsigned long)size, bad ? ", some skipped" : "");
	if (borrowed)
		pr_warn("initramfs: no pages for %u files (over 4 MiB, or "
			"memory short): the archive stays\n", borrowed);
	return borrowed;
}

struct super_block *initramfs_unpack(const void *archive, u64 size,
				     bool *in_use)
{
	struct super_block *sb = ramfs_create("ramfs", SB_RDONLY, 0755);

	*in_use = false;
	if (!sb)
		return NULL;
	if (!archive || size == 0)
		pr_warn("initramfs: none; the root file system is empty\n");
	else
		*in_use = unpack_archive(sb->s_root, archive, size) > 0;
	return sb;
}
