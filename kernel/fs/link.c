/*
 * New names that are not opened: device and FIFO nodes (vfs_mknod()),
 * symbolic links (vfs_symlink()) and hard links, link(2) and linkat(2)
 * (Linux keeps them in fs/namei.c, as vfs_mknod(), vfs_symlink(),
 * vfs_link() and do_linkat(); a file of their own here keeps namei.c to
 * path lookup, open and the other changes of the tree). A hard link is a
 * second name for an inode, in the same file system: the directory
 * entry takes a reference on the inode and i_nlink counts the names.
 * Directories cannot be linked (EPERM), as on Linux. Each needs write and
 * search permission on the parent directory (dir_may_change()).
 */
#include "kernel/cred.h"
#include "kernel/fs/syscalls.h"
#include "kernel/fs/vfs.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define AT_SYMLINK_FOLLOW 0x400

/* Linux's may_mknod(): the types mknod may make. */
static int mknod_type_ok(umode_t mode)
{
	switch (mode & S_IFMT) {
	case 0: case S_IFREG: case S_IFCHR: case S_IFBLK: case S_IFIFO:
	case S_IFSOCK:
		return 0;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
}

int vfs_mknod(struct dentry *start, const char *path, umode_t mode, u32 dev)
{
	const char *name;
	size_t len;
	struct dentry *parent;
	struct inode *dir;
	int err = mknod_type_ok(mode);

	if (err)
		return err;
	if (!(mode & S_IFMT))
		mode |= S_IFREG;
	parent = filename_create(start, path, &name, &len);
	if (IS_ERR(parent))
		return (int)PTR_ERR(parent);
	dir = parent->d_inode;
	err = dir_may_change(dir, dir->i_op->mknod);
	/* A device node is a way into the device: root's (CAP_MKNOD). */
	if (!err && (S_ISCHR(mode) || S_ISBLK(mode)) && !capable(CAP_MKNOD))
		err = -EPERM;
	mode = (mode & S_IFMT) | (mode & ~current_umask() & 07777);
	if (!err)
		err = dir->i_op->mknod(dir, name, len, mode, dev);
	dput(parent);
	return err;
}

/* Create symlink @path (relative to @start, NULL: cwd) holding @target;
 * 0 or -errno. */
int vfs_symlink(struct dentry *start, const char *path, const char *target)
{
	const char *name;
	size_t len, tlen = strnlen(target, PATH_MAX);
	struct dentry *parent;
	struct inode *dir;
	int err;

	if (tlen == 0)
		return -ENOENT;
	if (tlen >= PATH_MAX)
		return -ENAMETOOLONG;
	parent = filename_create(start, path, &name, &len);
	if (IS_ERR(parent))
		return (int)PTR_ERR(parent);
	dir = parent->d_inode;
	err = dir_may_change(dir, dir->i_op->symlink);
	if (!err)
		err = dir->i_op->symlink(dir, name, len, target);
	dput(parent);
	return err;
}

/* Give @old (an inode) the new name @path (relative to @start, NULL:
 * cwd); 0 or -errno. */
static int vfs_link(struct inode *old, struct dentry *start, const char *path)
{
	const char *name;
	size_t len;
	struct dentry *parent = filename_create(start, path, &name, &len);
	struct inode *dir;
	int err;

	if (IS_ERR(parent))
		return (int)PTR_ERR(parent);
	dir = parent->d_inode;
	if (dir->i_sb != old->i_sb)
		err = -EXDEV;
	else if (S_ISDIR(old->i_mode))
		err = -EPERM;
	else if (!old->i_nlink && !(old->i_flags & S_LINKABLE))
		err = -ENOENT;		/* unlinked, still open: stays gone */
	else
		err = dir_may_change(dir, dir->i_op->link);
	if (!err)
		err = dir->i_op->link(old, dir, name, len);
	if (!err)
		old->i_flags &= ~S_LINKABLE;	/* named now, as any file */
	dput(parent);
	return err;
}

/* linkat(2): @newname (relative to @newdfd) for the file @oldname
 * (relative to @olddfd; a symlink itself unless AT_SYMLINK_FOLLOW;
 * AT_EMPTY_PATH: the file open as @olddfd, for CAP_DAC_READ_SEARCH only,
 * as on Linux). */
long sys_linkat(int olddfd, const char __user *oldname, int newdfd,
		const char __user *newname, int flags)
{
	struct dentry *start;
	struct inode *old;
	char *name;
	long ret;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if ((flags & AT_EMPTY_PATH) && !capable(CAP_DAC_READ_SEARCH))
		return -ENOENT;
	old = stat_target(olddfd, oldname, (flags & AT_EMPTY_PATH) |
			  (flags & AT_SYMLINK_FOLLOW ? 0 : AT_SYMLINK_NOFOLLOW),
			  AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
	if (IS_ERR(old))
		return PTR_ERR(old);
	ret = path_at(newdfd, newname, &name, &start);
	if (!ret) {
		ret = vfs_link(old, start, name);
		path_done(name, start);
	}
	iput(old);
	return ret;
}

long sys_link(const char __user *oldname, const char __user *newname)
{
	return sys_linkat(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}
