/*
 * What ramfs's two files share (Linux's fs/ramfs/internal.h): the
 * per-inode record, and the operations of the file side (file-mmu.c)
 * that inode.c gives each new inode. The rest of the kernel uses the
 * ramfs_* functions declared in kernel/fs/vfs.h.
 */
#ifndef KERNEL_FS_RAMFS_INTERNAL_H
#define KERNEL_FS_RAMFS_INTERNAL_H

#include "kernel/fs/vfs.h"
#include "lib/list.h"
#include "lib/types.h"

/* i_private of every ramfs inode. */
struct ramfs_info {
	struct list_head children;	/* directories: ramfs_dirents */
	char *data;			/* a root file's bytes, or the symlink
					 * target; NULL for a tmpfs file */
	struct address_space *mapping;	/* a regular file's pages (a root
					 * file's: those data lies in); NULL
					 * when data is the archive's */
	bool owned;			/* a tmpfs file or symlink: ours to
					 * change (data: ours to kfree) */
	unsigned int seals;		/* F_SEAL_*: what may no longer
					 * change (memfd_add_seals()) */
};

static inline struct ramfs_info *RI(struct inode *inode)
{
	return inode->i_private;
}

/* The super_block's evict_inode of every ramfs instance: frees what the
 * inode holds. Also how a ramfs inode is told from others. */
void ramfs_evict(struct inode *inode);

/* file-mmu.c's operations, which ramfs_new_inode() gives each regular
 * file and symlink. */
extern const struct inode_operations ramfs_file_iops;
extern const struct inode_operations ramfs_symlink_iops;
extern const struct file_operations ramfs_file_fops;

#endif
