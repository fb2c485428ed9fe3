/*
 * dnotify (kernel/fs/notify/dnotify.c): fcntl(F_NOTIFY)'s directory
 * watches, Linux's <linux/dnotify.h>. The fsnotify hooks the VFS calls
 * (kernel/fs/notify/fsnotify.c) tell it where a file is read, written
 * or changed and where a directory's names change.
 */
#ifndef KERNEL_FS_NOTIFY_DNOTIFY_H
#define KERNEL_FS_NOTIFY_DNOTIFY_H

#include "lib/types.h"

#define F_NOTIFY 1026		/* F_LINUX_SPECIFIC_BASE + 2 */

/* F_NOTIFY's events, Linux's values. */
#define DN_ACCESS 0x00000001	/* a file in it was read */
#define DN_MODIFY 0x00000002	/* written or truncated */
#define DN_CREATE 0x00000004	/* a name was made in it */
#define DN_DELETE 0x00000008	/* a name was removed */
#define DN_RENAME 0x00000010	/* a name was renamed within it */
#define DN_ATTRIB 0x00000020	/* mode, owner, times or xattrs changed */
#define DN_MULTISHOT 0x80000000	/* stay armed after the first signal */

struct file;
struct inode;

/* fcntl(@fd, F_NOTIFY, @arg) on @f: add @arg's events to @f's watch of
 * its directory (only DN_MULTISHOT or nothing: end it). 0, -ENOTDIR,
 * -ENOMEM. The caller makes current's process @f's owner. */
long fcntl_dirnotify(int fd, struct file *f, u32 arg);
/* @f's last reference is going: its watch goes too. */
void dnotify_flush(struct file *f);
/* @event (DN_ACCESS, DN_MODIFY, DN_ATTRIB) happened to @inode: tell
 * the watches of @inode itself and of the directories naming it. */
void dnotify_inode(struct inode *inode, u32 event);
/* @event (DN_CREATE, DN_DELETE, DN_RENAME) happened to the names of
 * directory @dir: tell its watches. No spinlock held. */
void dnotify_dir(struct inode *dir, u32 event);
/* Does ramfs directory @dir name @inode (kernel/fs/ramfs/inode.c)?
 * false for any other file system's directory. */
bool ramfs_dir_names(struct inode *dir, struct inode *inode);

#endif
