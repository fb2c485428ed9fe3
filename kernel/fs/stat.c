/*
 * The stat family and readlink (Linux's fs/stat.c): what a path or a
 * descriptor names, as struct stat (stat, lstat, fstat, newfstatat) or
 * struct statx, and a symlink's target. stat_target() is the lookup
 * every "about this file" call shares (chmod and chown too, in open.c):
 * a path from a directory descriptor, the descriptor itself with
 * AT_EMPTY_PATH, symlinks followed unless AT_SYMLINK_NOFOLLOW. Owners
 * are shown as the caller's user namespace sees them (65534: unmapped).
 */
#include "kernel/fs/syscalls.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/time/time_kernel.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

/* ---- the stat family ---- */

static long copy_stat(struct inode *inode, struct stat __user *ubuf)
{
	struct stat st;

	memset(&st, 0, sizeof(st));
	st.st_dev = new_encode_dev(inode->i_sb->s_dev);
	st.st_ino = inode->i_ino;
	st.st_nlink = inode->i_nlink;
	st.st_mode = inode->i_mode;
	st.st_uid = from_kuid_munged(current_user_ns(), KUIDT_INIT(inode->i_uid));
	st.st_gid = from_kgid_munged(current_user_ns(), KGIDT_INIT(inode->i_gid));
	st.st_rdev = new_encode_dev(inode->i_rdev);
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
	sx.stx_uid = from_kuid_munged(current_user_ns(), KUIDT_INIT(inode->i_uid));
	sx.stx_gid = from_kgid_munged(current_user_ns(), KGIDT_INIT(inode->i_gid));
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

/* ---- readlink ---- */

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
