/*
 * Hard links: link(2) and linkat(2) (Linux's do_linkat() and vfs_link()
 * in fs/namei.c; a file of their own here, namei.c being near its size
 * limit). A second name for an inode, in the same file system: the
 * directory entry takes a reference on the inode and i_nlink counts the
 * names. Directories cannot be linked (EPERM), as on Linux.
 */
#include "kernel/fs/syscalls.h"
#include "kernel/fs/vfs.h"
#include "lib/err.h"
#include "lib/errno.h"

#define AT_SYMLINK_FOLLOW 0x400

/* Give @old (an inode) the new name @path (relative to @start, NULL:
 * cwd); 0 or -errno. */
static int vfs_link(struct inode *old, struct dentry *start, const char *path)
{
	const char *name;
	size_t len;
	struct dentry *parent = path_parentat(start, path, &name, &len), *d;
	struct inode *dir;
	int err;

	if (IS_ERR(parent))
		return (int)PTR_ERR(parent);
	dir = parent->d_inode;
	d = len ? lookup_one(parent, name, len) : dget(parent);
	if (!IS_ERR(d)) {
		dput(d);
		err = -EEXIST;
	} else if (PTR_ERR(d) != -ENOENT) {
		err = (int)PTR_ERR(d);
	} else if (dir->i_sb != old->i_sb) {
		err = -EXDEV;
	} else if (dir->i_sb->s_flags & SB_RDONLY) {
		err = -EROFS;
	} else if (S_ISDIR(old->i_mode) || !dir->i_op->link) {
		err = -EPERM;
	} else {
		err = dir->i_op->link(old, dir, name, len);
	}
	dput(parent);
	return err;
}

/* linkat(2): @newname (relative to @newdfd) for the file @oldname
 * (relative to @olddfd; a symlink itself unless AT_SYMLINK_FOLLOW;
 * AT_EMPTY_PATH: the file @olddfd). */
long sys_linkat(int olddfd, const char __user *oldname, int newdfd,
		const char __user *newname, int flags)
{
	struct dentry *old, *start = NULL;
	char *name, *oname;
	long ret;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	oname = getname(oldname, flags & AT_EMPTY_PATH);
	if (IS_ERR(oname))
		return PTR_ERR(oname);
	old = oname[0] ? user_path_at(olddfd, oldname, (flags & AT_SYMLINK_FOLLOW) ?
				      LOOKUP_FOLLOW : 0) : dirfd_dentry(olddfd);
	putname(oname);
	if (IS_ERR(old))
		return PTR_ERR(old);
	name = getname(newname, false);
	ret = IS_ERR(name) ? PTR_ERR(name) : 0;
	if (!ret && name[0] != '/') {
		start = dirfd_dentry(newdfd);
		ret = IS_ERR(start) ? PTR_ERR(start) : 0;
		if (ret)
			start = NULL;
	}
	if (!ret)
		ret = vfs_link(old->d_inode, start, name);
	if (!IS_ERR(name))
		putname(name);
	if (start)
		dput(start);
	dput(old);
	return ret;
}

long sys_link(const char __user *oldname, const char __user *newname)
{
	return sys_linkat(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}
