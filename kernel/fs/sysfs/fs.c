/*
 * /sys/fs: where file systems show themselves (Linux's fs_kobj). Taskbase
 * has one entry, the empty directory /sys/fs/cgroup on which the boot
 * mounts the cgroup2 file system (kernel/cgroup/), as systemd does on
 * Linux. Unlike the rest of /sys its inode is made once and kept, marked
 * S_STABLE: a mount is found by the directory inode it covers, so that
 * inode must be the same at every lookup. sysfs_new_mountpoint() makes
 * such a directory for /sys/kernel/tracing too (kernel.c).
 */
#include "kernel/fs/sysfs/sysfs.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

static struct inode *cgroup_mountpoint;	/* held for ever */

/* An empty directory, on which something is mounted. */
static struct inode *empty_lookup(struct inode *dir, const char *name, size_t len)
{
	return ERR_PTR(-ENOENT);
}

static int empty_readdir(struct inode *dir, struct dir_context *ctx)
{
	return 0;
}

static const struct inode_operations empty_dir_iops = {
	.lookup = empty_lookup,
	.readdir = empty_readdir,
};

static struct inode *fs_sysfs_lookup(struct inode *dir, const char *name,
				     size_t len)
{
	if (len == 6 && !memcmp(name, "cgroup", 6) && cgroup_mountpoint)
		return igrab(cgroup_mountpoint);
	return ERR_PTR(-ENOENT);
}

static int fs_sysfs_readdir(struct inode *dir, struct dir_context *ctx)
{
	if (ctx->pos == 2 && cgroup_mountpoint)
		dir_emit(ctx, "cgroup", 6, cgroup_mountpoint->i_ino, DT_DIR);
	return 0;
}

const struct inode_operations fs_sysfs_iops = {
	.lookup = fs_sysfs_lookup,
	.readdir = fs_sysfs_readdir,
};

int sysfs_new_mountpoint(const char *key, struct inode **kept)
{
	struct inode *dir = sysfs_new_dir(&empty_dir_iops, key);

	if (IS_ERR(dir))
		return (int)PTR_ERR(dir);
	dir->i_flags |= S_STABLE;
	*kept = dir;
	return 0;
}

int sysfs_fs_init(void)
{
	return sysfs_new_mountpoint("fs/cgroup", &cgroup_mountpoint);
}
