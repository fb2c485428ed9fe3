/*
 * rename(2) and renameat2(2) below the system call (Linux keeps them in
 * fs/namei.c): both names are walked to their parent directories, the
 * checks that do not depend on the file system are made here, and the
 * directory's i_op->rename() moves the entry.
 *
 * renameat2's flags, Linux's values and rules:
 *   RENAME_NOREPLACE  fail with EEXIST instead of replacing a name;
 *   RENAME_EXCHANGE   swap two existing names (ENOENT if either is
 *                     missing), of any types: a directory and a file
 *                     trade places, and ".." of a moved directory is its
 *                     new parent (here a dentry chain, so it follows);
 *   RENAME_WHITEOUT   union file systems only: EINVAL, as ramfs answers.
 * NOREPLACE or WHITEOUT with EXCHANGE, or an unknown bit: EINVAL.
 */
#include "kernel/cred.h"
#include "kernel/fs/vfs.h"
#include "lib/err.h"
#include "lib/errno.h"

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

static int rename_in(struct dentry *op, const char *oname, size_t olen,
		     struct dentry *np, const char *nname, size_t nlen,
		     unsigned int flags)
{
	struct inode *odir = op->d_inode, *ndir = np->d_inode;
	struct dentry *victim = lookup_one(op, oname, olen), *target;
	int err;

	if (IS_ERR(victim))
		return (int)PTR_ERR(victim);
	target = rename_target(np, nname, nlen, flags);
	if (IS_ERR(target)) {
		dput(victim);
		return (int)PTR_ERR(target);
	}
	err = may_move(victim, op, flags & RENAME_EXCHANGE ? target : NULL,
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
		err = odir->i_op->rename(odir, oname, olen, ndir, nname, nlen,
					 flags);
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
