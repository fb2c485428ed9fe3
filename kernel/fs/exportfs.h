/*
 * File handles (Linux's include/linux/exportfs.h and the uapi struct
 * file_handle): what name_to_handle_at(2) gives out and
 * open_by_handle_at(2) takes back (kernel/fs/fhandle.c). A file system
 * that can find an inode again from a few words of its own (tmpfs:
 * the inode number and a generation) fills sb->s_export_op; one that
 * cannot (procfs, pipefs) leaves it NULL: EOPNOTSUPP and ESTALE.
 */
#ifndef KERNEL_FS_EXPORTFS_H
#define KERNEL_FS_EXPORTFS_H

#include "lib/types.h"

struct dentry;
struct inode;

#define MAX_HANDLE_SZ 128	/* the most f_handle bytes Linux takes */

/* The user's struct file_handle, its f_handle bytes following. */
struct file_handle {
	u32 handle_bytes;
	int handle_type;
	unsigned char f_handle[];
};

/* Handle types (Linux's enum fid_type). */
#define FILEID_INO32_GEN 1	/* inode number and generation: tmpfs's */
#define FILEID_INVALID 0xff	/* encode_fh(): the room was too small */

struct export_operations {
	/* Write @inode's handle into @fh (room for *@max_len u32 words)
	 * and set *@max_len to the words it takes: the handle type, or
	 * FILEID_INVALID (nothing written) when they do not fit. */
	int (*encode_fh)(struct inode *inode, u32 *fh, int *max_len);
	/* The inode @fh names (@fh_len words of type @fh_type), as a
	 * referenced dentry under @root, the root of the mount it is
	 * opened through (Linux gives a dentry of the super block, which
	 * knows no mount; Taskbase's dentries need their path to it).
	 * NULL: no such inode any more (ESTALE), or an ERR_PTR. */
	struct dentry *(*fh_to_dentry)(struct dentry *root, const u32 *fh,
				       int fh_len, int fh_type);
};

/* tmpfs and ramfs (kernel/fs/ramfs/export.c). */
extern const struct export_operations ramfs_export_ops;

#endif
