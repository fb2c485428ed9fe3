/*
 * Extended attributes (kernel/fs/xattr/xattr.c): the flags and limits of the
 * Linux ABI (<linux/xattr.h>), and what a file system that keeps them
 * in memory holds per inode: Linux's simple_xattrs, a list of name=value
 * pairs. ramfs (and so tmpfs) is the one such file system here, as
 * Linux's tmpfs is; every other inode answers EOPNOTSUPP.
 */
#ifndef KERNEL_FS_XATTR_H
#define KERNEL_FS_XATTR_H

#include "lib/list.h"
#include "lib/types.h"

#define XATTR_CREATE 0x1	/* set only a new attribute: EEXIST */
#define XATTR_REPLACE 0x2	/* set only an existing one: ENODATA */

#define XATTR_NAME_MAX 255	/* bytes in a name, the prefix included */
#define XATTR_SIZE_MAX 65536	/* bytes in a value */
#define XATTR_LIST_MAX 65536	/* bytes of listxattr's answer */

/* The attributes of one inode, newest first (as Linux 6.1's list). */
struct simple_xattrs {
	struct list_head head;		/* of struct simple_xattr */
};

struct inode;

/* An empty set, for a new inode. */
void simple_xattrs_init(struct simple_xattrs *xs);
/* The inode goes: free every attribute and give its bytes back to
 * *@space, the budget simple_xattr_set() charged them to. */
void simple_xattrs_free(struct simple_xattrs *xs, size_t *space);
/*
 * The attributes of ramfs inode @inode, and in *@space the bytes its
 * instance may still give them (kernel/fs/ramfs/inode.c); NULL for an
 * inode of any other file system, which keeps none.
 */
struct simple_xattrs *ramfs_xattrs(struct inode *inode, size_t **space);

#endif
