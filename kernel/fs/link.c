/*
 * New names that are not opened: directories (vfs_mkdir()), device and
 * FIFO nodes (vfs_mknod()), symbolic links (vfs_symlink()) and hard
 * links, link(2) and linkat(2); and names that move, rename(2) and
 * renameat2(2) (vfs_rename(), at the end). Linux keeps them in
 * fs/namei.c; a file of their own here keeps namei.c to path lookup,
 * open and removal. A hard link is a
 * second name for an inode, in the same file system: the directory
 * entry takes a reference on the inode and i_nlink counts the names.
 * Directories cannot be linked (EPERM), as on Linux. Each needs write and
 * search permission on the parent directory (dir_may_change()).
 */
#include "kernel/cred.h"
#include "kernel/fs/notify/fsnotify.h"
#include "kernel/fs/syscalls.h"
#include "kernel/fs/vfs.h"
#include "kernel/security/security.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define AT_SYMLINK_FOLLOW 0x400

/*
 * For a name about to be made (mkdir, mknod, symlink, link): the parent
 * directory of @path (from @start, NULL: cwd) with a reference, and in
 * *@name, *@len the last component, which must not exist yet. ERR_PTR:
 * -EEXIST when it does, or the lookup's error. Linux's filename_create().
 */
struct dentry *filename_create(struct dentry *start, const char *path,
			       const char **name, size_t *len)
{
	struct dentry *parent = path_parentat(start, path, name, len), *d;

	if (IS_ERR(parent))
		return parent;
	d = *len ? lookup_one(parent, *name, *len) : dget(parent);
	if (!IS_ERR(d)) {
		dput(d);
		d = ERR_PTR(-EEXIST);
	} else if (PTR_ERR(d) == -ENOENT) {
		return parent;
	}
	dput(parent);
	return d;
}

int vfs_mkdir(struct dentry *start, const char *path, umode_t mode)
{
	const char *name;
	size_t len;
	struct dentry *parent = filename_create(start, path, &name, &len);
	struct inode *dir;
	int err;

	if (IS_ERR(parent))
		return (int)PTR_ERR(parent);
	dir = parent->d_inode;
	err = dir_may_change(dir, dir->i_op->mkdir);
	mode = S_IFDIR | (mode & ~current_umask() & 01777);
	if (!err)
		err = security_path_mkdir(parent, mode);
	if (!err)
		err = dir->i_op->mkdir(dir, name, len, mode);
	if (!err)
		fsnotify_mkdir(dir, name, len);
	dput(parent);
	return err;
}

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
		err = security_path_mknod(parent, mode, dev);
	if (!err)
		err = dir->i_op->mknod(dir, name, len, mode, dev);
	if (!err)
		fsnotify_create(dir, name, len);
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
		err = security_path_symlink(parent);
	if (!err)
		err = dir->i_op->symlink(dir, name, len, target);
	if (!err)
		fsnotify_create(dir, name, len);
	dput(parent);
	return err;
}

/* Give the file at @oldd the new name @path (relative to @start, NULL:
 * cwd); 0 or -errno. */
static int vfs_link(struct dentry *oldd, struct dentry *start,
		    const char *path)
{
	const char *name;
	size_t len;
	struct dentry *parent = filename_create(start, path, &name, &len);
	struct inode *dir, *old = oldd->d_inode;
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
		err = security_path_link(oldd, parent);
	if (!err)
		err = dir->i_op->link(old, dir, name, len);
	if (!err) {
		old->i_flags &= ~S_LINKABLE;	/* named now, as any file */
		fsnotify_link(dir, old, name, len);
	}
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
	struct dentry *start, *old;
	char *name;
	long ret;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if ((flags & AT_EMPTY_PATH) && !capable(CAP_DAC_READ_SEARCH))
		return -ENOENT;
	old = user_path_at_empty(olddfd, oldname, flags & AT_SYMLINK_FOLLOW ?
				 LOOKUP_FOLLOW : 0, flags & AT_EMPTY_PATH);
	if (IS_ERR(old))
		return PTR_ERR(old);
	ret = path_at(newdfd, newname, &name, &start);
	if (!ret) {
		/* A file with no name (a pipe) has no file system here. */
		ret = old ? vfs_link(old, start, name) : -EXDEV;
		path_done(name, start);
	}
	if (old)
		dput(old);
	return ret;
}

long sys_link(const char __user *oldname, const char __user *newname)
{
	return sys_linkat(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}

/* ---- rename ----
 *
 * Both names are walked to their parent directories, the checks that do
 * not depend on the file system are made here, and the directory's
 * i_op->rename() moves the entry. renameat2's flags, Linux's rules:
 *   RENAME_NOREPLACE  fail with EEXIST instead of replacing a name;
 *   RENAME_EXCHANGE   swap two existing names (ENOENT if either is
 *                     missing), of any types: a directory and a file
 *                     trade places, and ".." of a moved directory is its
 *                     new parent (here a dentry chain, so it follows);
 *   RENAME_WHITEOUT   union file systems only: EINVAL, as ramfs answers.
 * NOREPLACE or WHITEOUT with EXCHANGE, or an unknown bit: EINVAL.
 */

/* Is @inode on the dentry chain from @d up to the root? */
static bool is_ancestor(struct inode *inode, struct dentry *d)
{
	for (;; d = d->d_parent) {
		if (d->d_inode == inode)
			return true;
		if (d->d_parent == d)
			return false;
	}
}

/* The name rename would replace (or swap) in sticky directory @np is,
 * like one it removes, only its owner's, the directory owner's or
 * root's. */
static int check_sticky_target(struct dentry *np, struct dentry *target)
{
	if (!target || !(np->d_inode->i_mode & S_ISVTX))
		return 0;
	return check_sticky(np->d_inode, target->d_inode);
}

/* What is at the new name: the dentry, NULL when there is none, or an
 * ERR_PTR; EEXIST / ENOENT as @flags demand. */
static struct dentry *rename_target(struct dentry *np, const char *nname,
				    size_t nlen, unsigned int flags)
{
	struct dentry *target = lookup_one(np, nname, nlen);

	if (PTR_ERR(target) == -ENOENT)
		return flags & RENAME_EXCHANGE ? target : NULL;
	if (!IS_ERR(target) && (flags & RENAME_NOREPLACE)) {
		dput(target);
		return ERR_PTR(-EEXIST);
	}
	return target;
}

/* May @victim (from @op) and, swapped, @target (from @np) move? */
static int may_move(struct dentry *victim, struct dentry *op,
		    struct dentry *target, struct dentry *np)
{
	struct inode *odir = op->d_inode, *ndir = np->d_inode;

	if (odir->i_sb != ndir->i_sb)
		return -EXDEV;
	if ((victim->d_inode->i_flags & S_MOUNTPOINT) ||
	    (target && (target->d_inode->i_flags & S_MOUNTPOINT)))
		return -EBUSY;
	if (S_ISDIR(victim->d_inode->i_mode) &&
	    is_ancestor(victim->d_inode, np))
		return -EINVAL;		/* into its own subtree */
	if (target && S_ISDIR(target->d_inode->i_mode) &&
	    is_ancestor(target->d_inode, op))
		return -EINVAL;		/* an exchange into its own subtree */
	return 0;
}

/* The fsnotify events of a done rename: an exchange is two moves. */
static void rename_notify(struct dentry *op, const char *oname, size_t olen,
			  struct dentry *np, const char *nname, size_t nlen,
			  struct dentry *victim, struct dentry *target,
			  unsigned int flags)
{
	bool exchange = flags & RENAME_EXCHANGE;

	fsnotify_move(op->d_inode, oname, olen, np->d_inode, nname, nlen,
		      victim->d_inode, target && !exchange ? target->d_inode :
		      NULL);
	if (exchange)
		fsnotify_move(np->d_inode, nname, nlen, op->d_inode, oname,
			      olen, target->d_inode, NULL);
}

/* The checks that do not depend on the file system, the directory's
 * rename and its events: 0 or -errno. */
static int rename_checked(struct dentry *op, const char *oname, size_t olen,
			  struct dentry *np, const char *nname, size_t nlen,
			  struct dentry *victim, struct dentry *target,
			  unsigned int flags)
{
	struct inode *odir = op->d_inode, *ndir = np->d_inode;
	int err = may_move(victim, op, flags & RENAME_EXCHANGE ? target : NULL,
			   np);

	if (!err)
		err = dir_may_change(odir, odir->i_op->rename);
	if (!err && ndir != odir)
		err = inode_permission(ndir, MAY_WRITE | MAY_EXEC);
	if (!err)
		err = check_sticky(odir, victim->d_inode);
	if (!err)
		err = check_sticky_target(np, target);
	if (!err)
		err = security_path_rename(op, victim, np, target, flags);
	if (!err)
		err = odir->i_op->rename(odir, oname, olen, ndir, nname, nlen,
					 flags);
	if (!err)
		rename_notify(op, oname, olen, np, nname, nlen, victim, target,
			      flags);
	return err;
}

static int rename_in(struct dentry *op, const char *oname, size_t olen,
		     struct dentry *np, const char *nname, size_t nlen,
		     unsigned int flags)
{
	struct dentry *victim = lookup_one(op, oname, olen), *target;
	int err = 0;

	if (IS_ERR(victim))
		return (int)PTR_ERR(victim);
	target = rename_target(np, nname, nlen, flags);
	if (IS_ERR(target)) {
		dput(victim);
		return (int)PTR_ERR(target);
	}
	/* Two names of one inode (or one name twice): as Linux's
	 * vfs_rename(), nothing to do, both names stay. */
	if (!target || target->d_inode != victim->d_inode)
		err = rename_checked(op, oname, olen, np, nname, nlen, victim,
				     target, flags);
	if (target)
		dput(target);
	dput(victim);
	return err;
}

/* Move @opath (relative to @ostart) to @npath (relative to @nstart),
 * replacing what is there as rename(2) allows, or as renameat2(2)'s
 * @flags (RENAME_*) say. 0 or -errno. */
int vfs_rename(struct dentry *ostart, const char *opath,
	       struct dentry *nstart, const char *npath, unsigned int flags)
{
	const char *oname, *nname;
	size_t olen, nlen;
	struct dentry *op, *np;
	int err;

	if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)) ||
	    ((flags & RENAME_EXCHANGE) &&
	     (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT))))
		return -EINVAL;
	op = path_parentat(ostart, opath, &oname, &olen);
	if (IS_ERR(op))
		return (int)PTR_ERR(op);
	np = path_parentat(nstart, npath, &nname, &nlen);
	if (IS_ERR(np)) {
		dput(op);
		return (int)PTR_ERR(np);
	}
	if (!olen || !nlen)
		err = -EBUSY;
	else if (flags & RENAME_WHITEOUT)
		err = -EINVAL;		/* no file system here makes whiteouts */
	else
		err = rename_in(op, oname, olen, np, nname, nlen, flags);
	dput(np);
	dput(op);
	return err;
}
