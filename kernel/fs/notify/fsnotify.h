/*
 * The fsnotify hooks (kernel/fs/notify/fsnotify.c, Linux's
 * <linux/fsnotify.h>): the VFS calls one where it reads, writes, opens,
 * closes or changes a file and where a directory's names change. Each
 * tells dnotify (dnotify.c) and the fsnotify groups (inotify) whose marks
 * the event concerns. With no watch anywhere a hook costs one check.
 */
#ifndef KERNEL_FS_NOTIFY_FSNOTIFY_H
#define KERNEL_FS_NOTIFY_FSNOTIFY_H

#include "lib/types.h"

struct dentry;
struct file;
struct inode;
struct super_block;

/* read(): IN_ACCESS. */
void fsnotify_access(struct file *f);
/* write(): IN_MODIFY. */
void fsnotify_modify(struct file *f);
/* A successful open of a path: IN_OPEN. */
void fsnotify_open(struct file *f);
/* May @f be opened (@mask FS_OPEN_PERM) or read (FS_ACCESS_PERM)? Asks
 * fanotify's permission groups and waits for their answers: 0, or
 * -EPERM when one says no. */
int fsnotify_perm(struct file *f, u32 mask);
/* exec(2) of the file @d names: IN_OPEN with FAN_OPEN_EXEC. */
void fsnotify_open_exec(struct dentry *d);
/* The last close of an opened path: IN_CLOSE_WRITE or IN_CLOSE_NOWRITE. */
void fsnotify_close(struct file *f);
/* @inode changed: @mask FS_ATTRIB (mode, owner, times, xattrs) or
 * FS_MODIFY (truncated); told to its watches and its directories'. */
void fsnotify_change(struct inode *inode, u32 mask);
/* @name (@len bytes) was made in @dir: a file, node or symlink. */
void fsnotify_create(struct inode *dir, const char *name, size_t len);
/* The same for a new directory (IN_CREATE | IN_ISDIR). */
void fsnotify_mkdir(struct inode *dir, const char *name, size_t len);
/* @inode got the new name @name in @dir (link(2)). */
void fsnotify_link(struct inode *dir, struct inode *inode, const char *name,
		   size_t len);
/* @inode's link count changed: IN_ATTRIB to its own watches. */
void fsnotify_link_count(struct inode *inode);
/* @name (a directory if @isdir) was removed from @dir. */
void fsnotify_delete(struct inode *dir, const char *name, size_t len,
		     bool isdir);
/* @moved went from @oname in @odir to @nname in @ndir, replacing
 * @target (NULL: nothing): IN_MOVED_FROM/TO with one cookie, then
 * IN_MOVE_SELF. */
void fsnotify_move(struct inode *odir, const char *oname, size_t olen,
		   struct inode *ndir, const char *nname, size_t nlen,
		   struct inode *moved, struct inode *target);
/* @inode's last reference is going (iput()): IN_DELETE_SELF if it has
 * no name left, and its marks go (IN_IGNORED). */
void fsnotify_inode_delete(struct inode *inode);
/* @sb is being unmounted: IN_UNMOUNT and IN_IGNORED for its marks. */
void fsnotify_sb_delete(struct super_block *sb);
/* The name ramfs directory @dir has for @inode into @buf (NAME_MAX + 1
 * bytes), its length; 0 when none (or not a ramfs directory). */
size_t ramfs_dir_name(struct inode *dir, struct inode *inode, char *buf);

#endif
