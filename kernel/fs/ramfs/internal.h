/*
 * What ramfs's two files share (Linux's fs/ramfs/internal.h): the
 * per-inode record, and the operations of the file side (file-mmu.c)
 * that inode.c gives each new inode. The rest of the kernel uses the
 * ramfs_* functions declared in kernel/fs/vfs.h.
 */
#ifndef KERNEL_FS_RAMFS_INTERNAL_H
#define KERNEL_FS_RAMFS_INTERNAL_H

#include "kernel/fs/vfs.h"
#include "kernel/fs/xattr.h"
#include "kernel/mm/page_alloc.h"
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
	struct simple_xattrs xattrs;	/* kernel/fs/xattr/xattr.c's */
	u32 i_generation;		/* random: a handle's check that the
					 * inode is the one it was made of */
};

/* s_fs_info of every ramfs instance. */
struct ramfs_sb_info {
	size_t xattr_space;		/* bytes its xattrs may still take
					 * (kernel/fs/xattr/xattr.c's lock) */
	struct filemap_quota *quota;	/* tmpfs: its files' pages (size=);
					 * NULL for ramfs: no limit */
};

/* A tmpfs instance's size unless mount's size= sets one: half of
 * memory, as Linux's (shmem_default_max_blocks()). */
#define TMPFS_DEFAULT_PAGES() (nr_managed_pages() / 2)

/* An instance's xattr budget unless mount's nr_inodes sets one: a
 * 64th of memory. nr_inodes=N gives N KiB, as Linux 6.6's tmpfs gives
 * each inode it may have 1 KiB of attributes (its "ispace"). */
#define RAMFS_XATTR_SPACE() ((size_t)(nr_managed_pages() * PAGE_SIZE / 64))
#define RAMFS_XATTR_PER_INODE 1024

/* A name in a directory (its ramfs_info.children). */
struct ramfs_dirent {
	struct list_head node;		/* in ramfs_info.children */
	struct inode *inode;		/* referenced */
	u32 len;
	char name[];
};

static inline struct ramfs_sb_info *SBI(struct super_block *sb)
{
	return sb->s_fs_info;
}

static inline struct ramfs_info *RI(struct inode *inode)
{
	return inode->i_private;
}

/* The super_block's evict_inode of every ramfs instance: frees what the
 * inode holds. Also how a ramfs inode is told from others. */
void ramfs_evict(struct inode *inode);

/* Every directory list (inode.c; export.c walks them too). */
extern spinlock_t ramfs_lock;

/* file-mmu.c's operations, which ramfs_new_inode() gives each regular
 * file and symlink. */
extern const struct inode_operations ramfs_file_iops;
extern const struct inode_operations ramfs_symlink_iops;
extern const struct file_operations ramfs_file_fops;

#endif
