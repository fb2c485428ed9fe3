/*
 * File system calls that name a file by path: access, getcwd/chdir/umask,
 * and the calls that change the tree
 * (mkdir, unlink, rmdir, rename, truncate), which fail with EROFS on the
 * initramfs and work in /tmp. Each *at() form starts relative paths at
 * its directory descriptor (AT_FDCWD: the cwd); the old forms are the
 * *at() forms with AT_FDCWD, as in Linux. The stat family and readlink
 * are in stat.c (Linux's fs/stat.c).
 */
#include "kernel/capability.h"
#include "kernel/cred.h"
#include "kernel/fs/syscalls.h"
#include "kernel/mm/slab.h"
#include "kernel/time/time_kernel.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

/* ---- paths from user space ---- */

/*
 * A user path copied into the kernel (free it with putname()): ERR_PTR
 * -EFAULT, -ENAMETOOLONG (PATH_MAX or more), or -ENOENT for "" unless
 * @empty_ok.
 */
char *getname(const char __user *path, bool empty_ok)
{
	char *name = kmalloc(PATH_MAX, GFP_KERNEL);
	long n;

	if (!name)
		return ERR_PTR(-ENOMEM);
	n = strncpy_from_user(name, path, PATH_MAX);
	if (n < 0 || n >= PATH_MAX || (n == 0 && !empty_ok)) {
		kfree(name);
		return ERR_PTR(n < 0 ? -EFAULT : n ? -ENAMETOOLONG : -ENOENT);
	}
	return name;
}

/* Free a name from getname(). */
void putname(char *name)
{
	kfree(name);
}

struct dentry *fd_dentry(int fd)
{
	struct file *f = fd < 0 ? NULL : fget_raw((unsigned int)fd);
	struct dentry *d;

	if (!f)
		return ERR_PTR(-EBADF);
	d = f->f_dentry ? dget(f->f_dentry) : NULL;
	fput(f);
	return d;
}

struct dentry *dirfd_dentry(int dfd)
{
	struct dentry *d;

	if (dfd == AT_FDCWD)
		return current_pwd();
	d = fd_dentry(dfd);
	if (IS_ERR(d) || (d && S_ISDIR(d->d_inode->i_mode)))
		return d;
	if (d)
		dput(d);
	return ERR_PTR(-ENOTDIR);
}

struct dentry *filename_lookup(int dfd, const char *name, unsigned int flags)
{
	struct dentry *start = name[0] == '/' ? NULL : dirfd_dentry(dfd);
	struct dentry *d;

	if (IS_ERR(start))
		return start;
	d = path_lookupat(start, name, flags);
	if (start)
		dput(start);
	return d;
}

struct dentry *user_path_at(int dfd, const char __user *path,
			    unsigned int flags)
{
	return user_path_at_empty(dfd, path, flags, false);
}

struct dentry *user_path_at_empty(int dfd, const char __user *path,
				  unsigned int flags, bool empty_ok)
{
	char *name = getname(path, empty_ok);
	struct dentry *d;

	if (IS_ERR(name))
		return (struct dentry *)name;
	if (name[0])
		d = filename_lookup(dfd, name, flags);
	else
		d = dfd == AT_FDCWD ? current_pwd() : fd_dentry(dfd);
	putname(name);
	return d;
}

long path_at(int dfd, const char __user *path, char **name,
	     struct dentry **start)
{
	*start = NULL;
	*name = getname(path, false);
	if (IS_ERR(*name))
		return PTR_ERR(*name);
	if ((*name)[0] != '/') {
		*start = dirfd_dentry(dfd);
		if (IS_ERR(*start)) {
			putname(*name);
			return PTR_ERR(*start);
		}
	}
	return 0;
}

void path_done(char *name, struct dentry *start)
{
	putname(name);
	if (start)
		dput(start);
}

/* ---- access ---- */

/* Read-only mounts refuse writing, the mode bits the rest. */
static long may_access(struct inode *inode, int mode)
{
	umode_t m = inode->i_mode;

	if ((mode & W_OK) && (S_ISREG(m) || S_ISDIR(m)) &&
	    (inode->i_sb->s_flags & SB_RDONLY))
		return -EROFS;
	return inode_permission(inode, MAY_ACCESS | (mode & (R_OK | W_OK | X_OK)));
}

/* faccessat2(2): may current @mode (R_OK, W_OK, X_OK) @filename, asked
 * with its real ids (AT_EACCESS: its effective ones), the path walk
 * included, as a set-user-ID program asks for its user? */
long sys_faccessat2(int dfd, const char __user *filename, int mode,
		    int flags)
{
	const struct cred *old = NULL;
	struct inode *inode;
	long ret;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (!(flags & AT_EACCESS)) {
		struct cred *c = prepare_creds();

		if (!c)
			return -ENOMEM;
		c->fsuid = c->uid;
		c->fsgid = c->gid;
		cap_fix_access(c);
		old = override_creds(c);
		put_cred(c);		/* current->cred holds it now */
	}
	inode = stat_target(dfd, filename, flags, AT_EACCESS |
			    AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH);
	ret = IS_ERR(inode) ? PTR_ERR(inode) : may_access(inode, mode);
	if (!IS_ERR(inode))
		iput(inode);
	if (old)
		revert_creds(old);
	return ret;
}

/* faccessat(2): faccessat2() without flags. */
long sys_faccessat(int dfd, const char __user *filename, int mode)
{
	return sys_faccessat2(dfd, filename, mode, 0);
}

/* access(2): faccessat2() relative to the current directory. */
long sys_access(const char __user *filename, int mode)
{
	return sys_faccessat2(AT_FDCWD, filename, mode, 0);
}

/* ---- cwd, umask ---- */

/* getcwd(2): current's working directory as a path; its length with
 * the NUL, -ERANGE when @size is too small. */
#define UNREACHABLE "(unreachable)"

/*
 * The cwd's path from current's root. A cwd outside a chroot is
 * "(unreachable)" and its whole path, as Linux: glibc's realpath() then
 * fails instead of building a path from it (CVE-2018-1000001).
 */
static long cwd_path(struct dentry *pwd, char *kbuf)
{
	const size_t pre = sizeof(UNREACHABLE) - 1;
	struct dentry *root = current_root();
	bool reachable;
	long len = __d_path(pwd, root, kbuf, PATH_MAX, &reachable);

	if (root)
		dput(root);
	if (len < 0 || reachable)
		return len;
	if ((size_t)len + pre >= PATH_MAX)
		return -ENAMETOOLONG;
	memmove(kbuf + pre, kbuf, (size_t)len + 1);
	memcpy(kbuf, UNREACHABLE, pre);
	return len + (long)pre;
}

long sys_getcwd(char __user *buf, unsigned long size)
{
	struct dentry *pwd = current_pwd();
	char *kbuf = kmalloc(PATH_MAX, GFP_KERNEL);
	long len = -ENOMEM;

	if (!pwd || (pwd->d_inode->i_flags & S_DEAD))
		len = -ENOENT;		/* removed under us */
	else if (kbuf)
		len = cwd_path(pwd, kbuf);
	if (len == -ERANGE)
		len = -ENAMETOOLONG;
	if (len >= 0 && (unsigned long)len + 1 > size)
		len = -ERANGE;
	if (len >= 0 && copy_to_user(buf, kbuf, (size_t)len + 1))
		len = -EFAULT;
	kfree(kbuf);
	if (pwd)
		dput(pwd);
	return len < 0 ? len : len + 1;
}

/* Directory @filename, referenced, if current may search it (what chdir
 * and chroot both need first); ERR_PTR with the walk's error or EACCES. */
static struct dentry *searchable_dir(const char __user *filename)
{
	struct dentry *d;
	int err;

	if (!current->fs)
		return ERR_PTR(-ENOENT);
	d = user_path_at(AT_FDCWD, filename, LOOKUP_FOLLOW | LOOKUP_DIRECTORY);
	if (IS_ERR(d))
		return d;
	err = inode_permission(d->d_inode, MAY_EXEC | MAY_CHDIR);
	if (err) {
		dput(d);
		return ERR_PTR(err);
	}
	return d;
}

/* chdir(2): make directory @filename current's working directory. */
long sys_chdir(const char __user *filename)
{
	struct dentry *d = searchable_dir(filename);

	if (IS_ERR(d))
		return PTR_ERR(d);
	set_fs_pwd(current->fs, d);
	dput(d);
	return 0;
}

/* chroot(2): @filename becomes current's root for path walks ("/" and
 * ".." stop there); the cwd stays where it is, as on Linux. Errors in
 * Linux's order: the walk's, EACCES (search permission), EPERM (no
 * CAP_SYS_CHROOT). */
long sys_chroot(const char __user *filename)
{
	struct dentry *d = searchable_dir(filename);
	bool allowed;

	if (IS_ERR(d))
		return PTR_ERR(d);
	allowed = capable(CAP_SYS_CHROOT);
	if (allowed)
		set_fs_root(current->fs, d);
	dput(d);
	return allowed ? 0 : -EPERM;
}

/* umask(2): set current's file-creation mask; returns the old one. */
long sys_umask(int mask)
{
	return set_current_umask(mask);
}

/* ---- changing the tree ---- */

/* mkdirat(2): a new directory @pathname relative to @dfd. */
long sys_mkdirat(int dfd, const char __user *pathname, umode_t mode)
{
	struct dentry *start;
	char *name;
	long ret = path_at(dfd, pathname, &name, &start);

	if (ret)
		return ret;
	ret = vfs_mkdir(start, name, mode);
	path_done(name, start);
	return ret;
}

/* mknodat(2): a regular file, device node, FIFO or socket @pathname
 * (relative to @dfd); @dev is Linux's user dev_t (12-bit major, 20-bit
 * minor, interleaved). */
long sys_mknodat(int dfd, const char __user *pathname, umode_t mode,
		 unsigned int dev)
{
	struct dentry *start;
	char *name;
	long ret = path_at(dfd, pathname, &name, &start);

	if (ret)
		return ret;
	ret = vfs_mknod(start, name, mode, new_decode_dev(dev));
	path_done(name, start);
	return ret;
}

long sys_mknod(const char __user *pathname, umode_t mode, unsigned int dev)
{
	return sys_mknodat(AT_FDCWD, pathname, mode, dev);
}

/* mkdir(2): mkdirat() relative to the current directory. */
long sys_mkdir(const char __user *pathname, umode_t mode)
{
	return sys_mkdirat(AT_FDCWD, pathname, mode);
}

/* unlinkat(2): remove a name (AT_REMOVEDIR: an empty directory). */
long sys_unlinkat(int dfd, const char __user *pathname, int flag)
{
	struct dentry *start;
	char *name;
	long ret;

	if (flag & ~AT_REMOVEDIR)
		return -EINVAL;
	ret = path_at(dfd, pathname, &name, &start);
	if (ret)
		return ret;
	ret = vfs_unlink(start, name, flag & AT_REMOVEDIR);
	path_done(name, start);
	return ret;
}

/* unlink(2): unlinkat() of a non-directory. */
long sys_unlink(const char __user *pathname)
{
	return sys_unlinkat(AT_FDCWD, pathname, 0);
}

/* rmdir(2): unlinkat() of an empty directory. */
long sys_rmdir(const char __user *pathname)
{
	return sys_unlinkat(AT_FDCWD, pathname, AT_REMOVEDIR);
}

/* renameat2(2): move @oldname to @newname, replacing a file there
 * unless @flags (RENAME_NOREPLACE, RENAME_EXCHANGE) say otherwise. */
long sys_renameat2(int olddfd, const char __user *oldname, int newdfd,
		   const char __user *newname, unsigned int flags)
{
	struct dentry *ostart, *nstart;
	char *oname, *nname;
	long ret;

	ret = path_at(olddfd, oldname, &oname, &ostart);
	if (ret)
		return ret;
	ret = path_at(newdfd, newname, &nname, &nstart);
	if (!ret) {
		ret = vfs_rename(ostart, oname, nstart, nname, flags);
		path_done(nname, nstart);
	}
	path_done(oname, ostart);
	return ret;
}

/* renameat(2): renameat2() without flags. */
long sys_renameat(int olddfd, const char __user *oldname, int newdfd,
		  const char __user *newname)
{
	return sys_renameat2(olddfd, oldname, newdfd, newname, 0);
}

/* rename(2): renameat2() relative to the current directory. */
long sys_rename(const char __user *oldname, const char __user *newname)
{
	return sys_renameat2(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}

/* truncate(2): set the size of regular file @path, which current may
 * write (EACCES; ftruncate's file was checked at open). */
long sys_truncate(const char __user *path, long length)
{
	struct dentry *d;
	struct inode *inode;
	long ret = 0;

	if (length < 0)
		return -EINVAL;
	d = user_path_at(AT_FDCWD, path, LOOKUP_FOLLOW);
	if (IS_ERR(d))
		return PTR_ERR(d);
	inode = d->d_inode;
	if (S_ISREG(inode->i_mode) && !(inode->i_sb->s_flags & SB_RDONLY))
		ret = inode_permission(inode, MAY_WRITE);
	if (!ret)
		ret = vfs_truncate(inode, (u64)length);
	dput(d);
	return ret;
}

/* symlinkat(2): a symlink @newname (relative to @newdfd) holding
 * @oldname. */
long sys_symlinkat(const char __user *oldname, int newdfd,
		   const char __user *newname)
{
	char *target = getname(oldname, false), *name;
	struct dentry *start;
	long ret;

	if (IS_ERR(target))
		return PTR_ERR(target);
	ret = path_at(newdfd, newname, &name, &start);
	if (!ret) {
		ret = vfs_symlink(start, name, target);
		path_done(name, start);
	}
	putname(target);
	return ret;
}

/* symlink(2): symlinkat() relative to the current directory. */
long sys_symlink(const char __user *oldname, const char __user *newname)
{
	return sys_symlinkat(oldname, AT_FDCWD, newname);
}
