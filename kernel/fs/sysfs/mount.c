/*
 * The core of /sys (Linux's fs/sysfs/ and kernfs in a page): the super
 * block, the root directory with its fixed subdirectories, and the inodes
 * other parts of the kernel make for their own directories and files
 * (sysfs_new_dir(), sysfs_new_file()). A file's value is rendered once, at
 * open, as /proc does; one write() stores one new value.
 */
#include "kernel/fs/sysfs/sysfs.h"
#include "kernel/mm/slab.h"
#include "kernel/printk/printk.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

/* What a /sys inode stands for. Its i_private is the key, which
 * seq_file_fops hands to show() and store(). */
struct sysfs_inode {
	const struct sysfs_ops *ops;	/* files only */
	char key[];
};

static struct super_block *sysfs_sb;

static struct sysfs_inode *sysfs_of_key(const char *key)
{
	return container_of(key, struct sysfs_inode, key);
}

const char *sysfs_key(const struct inode *inode)
{
	return inode->i_private;
}

/* FNV-1a over @len bytes of @s, continuing from @h. */
static u64 fnv1a(u64 h, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		h = (h ^ (u8)s[i]) * 0x100000001b3ull;
	return h;
}

#define FNV_BASIS 0xcbf29ce484222325ull

/* Never 0, and never 1 (the root's). */
static u64 ino_of_hash(u64 h)
{
	return (h >> 1) | (1ull << 62);
}

u64 sysfs_ino(const char *dir_key, const char *name, size_t len)
{
	u64 h = fnv1a(FNV_BASIS, dir_key, strlen(dir_key));

	if (*dir_key)
		h = fnv1a(h, "/", 1);
	return ino_of_hash(fnv1a(h, name, len));
}

static void sysfs_evict_inode(struct inode *inode)
{
	kfree(sysfs_of_key(inode->i_private));
}

/* An inode of @mode owned by root, with a sysfs_inode for @key. */
static struct inode *sysfs_new_inode(umode_t mode, const struct sysfs_ops *ops,
				     const char *key)
{
	size_t len = strlen(key);
	struct sysfs_inode *si = kmalloc(sizeof(*si) + len + 1, GFP_KERNEL);
	struct inode *inode = si ? new_inode(sysfs_sb, mode) : NULL;

	if (!inode) {
		kfree(si);
		return ERR_PTR(-ENOMEM);
	}
	si->ops = ops;
	memcpy(si->key, key, len + 1);
	inode->i_private = si->key;
	inode->i_ino = *key ? ino_of_hash(fnv1a(FNV_BASIS, key, len)) : 1;
	inode->i_uid = inode->i_gid = 0;
	return inode;
}

struct inode *sysfs_new_dir(const struct inode_operations *iops,
			    const char *key)
{
	struct inode *inode = sysfs_new_inode(S_IFDIR | 0755, NULL, key);

	if (IS_ERR(inode))
		return inode;
	inode->i_op = iops;
	inode->i_fop = &dir_fops;
	inode->i_nlink = 2;
	return inode;
}

/* ---- files ---- */

/* open(O_TRUNC), as in "echo 5 > param", changes nothing by itself. */
static int sysfs_truncate(struct inode *inode, u64 size)
{
	return 0;
}

static const struct inode_operations sysfs_file_iops = {
	.truncate = sysfs_truncate,
};

/* seq_file_fops' view of the file's store(). */
static int sysfs_store(void *key, const char *buf, size_t len)
{
	return sysfs_of_key(key)->ops->store(key, buf, len);
}

/* The text is the ops' show() at open, a write their store() (see
 * seq_file_fops, which also holds root to the mode's bits). */
struct inode *sysfs_new_file(umode_t perm, const struct sysfs_ops *ops,
			     const char *key)
{
	struct inode *inode = sysfs_new_inode(S_IFREG | (perm & 0777), ops, key);

	if (IS_ERR(inode))
		return inode;
	inode->i_op = &sysfs_file_iops;
	inode->i_fop = &seq_file_fops;
	inode->i_show = ops->show;
	inode->i_store = ops->store ? sysfs_store : NULL;
	inode->i_size = 4096;	/* what Linux's stat shows for an attribute */
	return inode;
}

/* ---- the root ---- */

static const struct {
	const char *name;
	const struct inode_operations *iops;
} sysfs_root_dirs[] = {
	{ "fs", &fs_sysfs_iops },
	{ "kernel", &kernel_sysfs_iops },
	{ "module", &module_sysfs_iops },
};

static struct inode *sysfs_root_lookup(struct inode *dir, const char *name,
				       size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(sysfs_root_dirs); i++) {
		const char *n = sysfs_root_dirs[i].name;

		if (strlen(n) == len && !memcmp(n, name, len))
			return sysfs_new_dir(sysfs_root_dirs[i].iops, n);
	}
	return ERR_PTR(-ENOENT);
}

static int sysfs_root_readdir(struct inode *dir, struct dir_context *ctx)
{
	while (ctx->pos - 2 < ARRAY_SIZE(sysfs_root_dirs)) {
		const char *n = sysfs_root_dirs[ctx->pos - 2].name;

		if (!dir_emit(ctx, n, strlen(n), sysfs_ino("", n, strlen(n)),
			      DT_DIR))
			break;
	}
	return 0;
}

static const struct inode_operations sysfs_root_iops = {
	.lookup = sysfs_root_lookup,
	.readdir = sysfs_root_readdir,
};

int sysfs_init(void)
{
	static int started;
	struct inode *root;
	int err;

	if (__atomic_exchange_n(&started, 1, __ATOMIC_ACQ_REL))
		return 0;
	sysfs_sb = alloc_super("sysfs", 0);
	if (!sysfs_sb)
		return -ENOMEM;
	sysfs_sb->evict_inode = sysfs_evict_inode;
	root = sysfs_new_dir(&sysfs_root_iops, "");
	if (IS_ERR(root))
		return (int)PTR_ERR(root);
	err = sysfs_fs_init() ?: sysfs_kernel_init();
	if (err)
		return err;
	sysfs_sb->s_root = root;
	err = vfs_mount("/sys", sysfs_sb);
	if (err)
		pr_err("sysfs: cannot mount on /sys (error %d)\n", err);
	return err;
}
