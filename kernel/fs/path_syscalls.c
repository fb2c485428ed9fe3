/*
 * File system calls that name a file by path: the stat family, access,
 * readlink, getcwd/chdir/umask, and the calls that change the tree
 * (mkdir, unlink, rmdir, rename, truncate), which fail with EROFS on the
 * initramfs and work in /tmp. Each *at() form starts relative paths at
 * its directory descriptor (AT_FDCWD: the cwd); the old forms are the
 * *at() forms with AT_FDCWD, as in Linux.
 */
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
	char *name = getname(path, false);
	struct dentry *d;

	if (IS_ERR(name))
		return (struct dentry *)name;
	d = filename_lookup(dfd, name, flags);
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

/* ---- the stat family ---- */

/* Linux's new_encode_dev(): what st_dev and st_rdev hold. */
static u64 encode_dev(u32 dev)
{
	u64 major = MAJOR(dev), minor = MINOR(dev);

	return (minor & 0xff) | (major << 8) | ((minor & ~0xffull) << 12);
}

static long copy_stat(struct inode *inode, struct stat __user *ubuf)
{
	struct stat st;

	memset(&st, 0, sizeof(st));
	st.st_dev = encode_dev(inode->i_sb->s_dev);
	st.st_ino = inode->i_ino;
	st.st_nlink = inode->i_nlink;
	st.st_mode = inode->i_mode;
	st.st_uid = inode->i_uid;
	st.st_gid = inode->i_gid;
	st.st_rdev = encode_dev(inode->i_rdev);
	st.st_size = (s64)inode->i_size;
	st.st_blksize = PAGE_SIZE;
	st.st_blocks = (s64)((inode->i_size + 511) / 512);
	st.st_atim = inode->i_atime;
	st.st_mtim = inode->i_mtime;
	st.st_ctim = inode->i_ctime;
	return copy_to_user(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

static struct statx_timestamp statx_time(struct kernel_timespec t)
{
	return (struct statx_timestamp){ t.tv_sec, (u32)t.tv_nsec, 0 };
}

static long copy_statx(struct inode *inode, struct statx __user *ubuf)
{
	struct statx sx;

	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS;
	sx.stx_blksize = PAGE_SIZE;
	sx.stx_nlink = inode->i_nlink;
	sx.stx_uid = inode->i_uid;
	sx.stx_gid = inode->i_gid;
	sx.stx_mode = (u16)inode->i_mode;
	sx.stx_ino = inode->i_ino;
	sx.stx_size = inode->i_size;
	sx.stx_blocks = (inode->i_size + 511) / 512;
	sx.stx_atime = statx_time(inode->i_atime);
	sx.stx_btime = statx_time(inode->i_ctime);
	sx.stx_ctime = statx_time(inode->i_ctime);
	sx.stx_mtime = statx_time(inode->i_mtime);
	sx.stx_rdev_major = MAJOR(inode->i_rdev);
	sx.stx_rdev_minor = MINOR(inode->i_rdev);
	sx.stx_dev_major = MAJOR(inode->i_sb->s_dev);
	sx.stx_dev_minor = MINOR(inode->i_sb->s_dev);
	return copy_to_user(ubuf, &sx, sizeof(sx)) ? -EFAULT : 0;
}

struct inode *fd_inode(unsigned int fd)
{
	struct file *f = fget(fd);
	struct inode *inode;

	if (!f)
		return ERR_PTR(-EBADF);
	inode = igrab(f->f_inode);
	fput(f);
	return inode;
}

/* The inode an AT_EMPTY_PATH call means: @dfd's, or the cwd's. */
static struct inode *dfd_inode(int dfd)
{
	struct inode *inode;
	struct dentry *d;

	if (dfd != AT_FDCWD) {
		struct file *f = dfd < 0 ? NULL : fget_raw((unsigned int)dfd);

		if (!f)
			return ERR_PTR(-EBADF);
		inode = igrab(f->f_inode);	/* an O_PATH one too */
		fput(f);
		return inode;
	}
	d = current_pwd();
	inode = igrab(d->d_inode);
	dput(d);
	return inode;
}

/*
 * The inode a stat-like call names, referenced: @filename from @dfd,
 * following a final symlink unless AT_SYMLINK_NOFOLLOW; "" with
 * AT_EMPTY_PATH means @dfd itself. Flags outside @allowed: EINVAL.
 */
struct inode *stat_target(int dfd, const char __user *filename,
			  int flags, int allowed)
{
	struct dentry *d;
	struct inode *inode;
	char *name;

	if (flags & ~allowed)
		return ERR_PTR(-EINVAL);
	name = getname(filename, flags & AT_EMPTY_PATH);
	if (IS_ERR(name))
		return (struct inode *)name;
	if (!name[0]) {
		putname(name);
		return dfd_inode(dfd);
	}
	d = filename_lookup(dfd, name, flags & AT_SYMLINK_NOFOLLOW ? 0 :
			    LOOKUP_FOLLOW);
	putname(name);
	if (IS_ERR(d))
		return (struct inode *)d;
	inode = igrab(d->d_inode);
	dput(d);
	return inode;
}

#define STAT_FLAGS (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT)

/* newfstatat(2): the struct stat of @filename relative to @dfd
 * (AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH: @dfd itself). */
long sys_newfstatat(int dfd, const char __user *filename,
		    struct stat __user *statbuf, int flag)
{
	struct inode *inode = stat_target(dfd, filename, flag, STAT_FLAGS);
	long ret;

	if (IS_ERR(inode))
		return PTR_ERR(inode);
	ret = copy_stat(inode, statbuf);
	iput(inode);
	return ret;
}

long sys_stat(const char __user *filename, struct stat __user *statbuf)
{
	return sys_newfstatat(AT_FDCWD, filename, statbuf, 0);
}

/* lstat(2): stat() of a symlink itself. */
long sys_lstat(const char __user *filename, struct stat __user *statbuf)
{
	return sys_newfstatat(AT_FDCWD, filename, statbuf, AT_SYMLINK_NOFOLLOW);
}

/* fstat(2): the struct stat of open file @fd. */
long sys_fstat(unsigned int fd, struct stat __user *statbuf)
{
	struct file *f = fget_raw(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = copy_stat(f->f_inode, statbuf);
	fput(f);
	return ret;
}

/* statx(2): the basic fields of struct statx; @mask is not needed, all
 * are always known. */
long sys_statx(int dfd, const char __user *filename, unsigned int flags,
	       unsigned int mask, struct statx __user *buffer)
{
	struct inode *inode;
	long ret;

	/* STATX__RESERVED, and both sync types at once: Linux's EINVALs */
	if ((mask & 0x80000000u) ||
	    (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	inode = stat_target(dfd, filename, (int)flags,
			    STAT_FLAGS | AT_STATX_SYNC_TYPE);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	ret = copy_statx(inode, buffer);
	iput(inode);
	return ret;
}

/* ---- access, readlink ---- */

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

/* The dentry readlinkat() reads: @path from @dfd, or with an empty @path
 * the one @dfd names itself (an O_PATH | O_NOFOLLOW descriptor of a
 * symlink, as Linux allows); *@empty says which. */
static struct dentry *readlink_dentry(int dfd, const char __user *path,
				      bool *empty)
{
	char *name = getname(path, true);
	struct dentry *d;

	if (IS_ERR(name))
		return (struct dentry *)name;
	*empty = !name[0];
	if (!*empty)
		d = filename_lookup(dfd, name, 0);
	else if (dfd == AT_FDCWD)
		d = current_pwd();
	else
		d = fd_dentry(dfd) ?: ERR_PTR(-ENOENT);	/* a pipe has none */
	putname(name);
	return d;
}

/* readlinkat(2): the target of symlink @path, not NUL-terminated,
 * cut at @bufsiz; its length. */
long sys_readlinkat(int dfd, const char __user *path, char __user *buf,
		    int bufsiz)
{
	struct dentry *d;
	struct inode *inode;
	const char *target;
	size_t len = 0;
	bool empty;
	long ret;

	if (bufsiz <= 0)
		return -EINVAL;
	d = readlink_dentry(dfd, path, &empty);
	if (IS_ERR(d))
		return PTR_ERR(d);
	inode = d->d_inode;
	if (S_ISLNK(inode->i_mode) && inode->i_op && inode->i_op->get_link)
		target = inode->i_op->get_link(inode, &len);
	else
		target = NULL;
	if (!target) {
		ret = empty ? -ENOENT : -EINVAL;
	} else {
		len = MIN(len, (size_t)bufsiz);
		ret = copy_to_user(buf, target, len) ? -EFAULT : (long)len;
	}
	dput(d);
	return ret;
}

/* readlink(2): readlinkat() relative to the current directory. */
long sys_readlink(const char __user *path, char __user *buf, int bufsiz)
{
	return sys_readlinkat(AT_FDCWD, path, buf, bufsiz);
}

/* ---- cwd, umask ---- */

/* getcwd(2): current's working directory as a path; its length with
 * the NUL, -ERANGE when @size is too small. */
long sys_getcwd(char __user *buf, unsigned long size)
{
	struct dentry *pwd = current_pwd();
	char *kbuf = kmalloc(PATH_MAX, GFP_KERNEL);
	long len = -ENOMEM;

	if (!pwd || (pwd->d_inode->i_flags & S_DEAD))
		len = -ENOENT;		/* removed under us */
	else if (kbuf)
		len = d_path(pwd, kbuf, PATH_MAX);
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

/* chdir(2): make directory @filename current's working directory. */
long sys_chdir(const char __user *filename)
{
	struct dentry *d;
	int err;

	if (!current->fs)
		return -ENOENT;
	d = user_path_at(AT_FDCWD, filename, LOOKUP_FOLLOW | LOOKUP_DIRECTORY);
	if (IS_ERR(d))
		return PTR_ERR(d);
	err = inode_permission(d->d_inode, MAY_EXEC | MAY_CHDIR);
	if (err) {
		dput(d);
		return err;
	}
	set_fs_pwd(current->fs, d);
	dput(d);
	return 0;
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
	u32 major = (dev & 0xfff00) >> 8;
	u32 minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);

	if (ret)
		return ret;
	ret = vfs_mknod(start, name, mode, MKDEV(major, minor));
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

/* renameat2(2): move @oldname to @newname, replacing a file there;
 * no flags supported. */
long sys_renameat2(int olddfd, const char __user *oldname, int newdfd,
		   const char __user *newname, unsigned int flags)
{
	struct dentry *ostart, *nstart;
	char *oname, *nname;
	long ret;

	if (flags)
		return -EINVAL;		/* RENAME_NOREPLACE & co: not done */
	ret = path_at(olddfd, oldname, &oname, &ostart);
	if (ret)
		return ret;
	ret = path_at(newdfd, newname, &nname, &nstart);
	if (!ret) {
		ret = vfs_rename(ostart, oname, nstart, nname);
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
