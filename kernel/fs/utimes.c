/*
 * Setting a file's access and modification times (Linux's fs/utimes.c):
 * utimensat(2), what touch(1) and futimens(3) use, and its older forms
 * futimesat(2), utimes(2) and utime(2), which take microseconds or whole
 * seconds and end in the same place, do_utimes(). A time may be given,
 * UTIME_NOW (the current time) or UTIME_OMIT (leave it); the change
 * time always becomes now, as on Linux. Who may (Linux's may_setattr()
 * and setattr_prepare()): setting "now" needs the file's owner, root
 * (CAP_FOWNER) or write permission (EACCES); setting a given time needs
 * the owner or root (EPERM), so nobody can back-date another's file. A
 * read-only file system says no to all (EROFS).
 */
#include "kernel/cred.h"
#include "kernel/fs/notify/fsnotify.h"
#include "kernel/fs/notify/fsnotify_backend.h"
#include "kernel/fs/syscalls.h"
#include "kernel/fs/vfs.h"
#include "kernel/uaccess.h"
#include "lib/err.h"
#include "lib/errno.h"

#define UTIME_NOW ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)
#define NSEC_PER_SEC_L 1000000000l
#define USEC_PER_SEC_L 1000000l

struct timeval_user {		/* struct timeval (x86_64) */
	s64 tv_sec, tv_usec;
};

struct utimbuf_user {		/* struct utimbuf (x86_64) */
	s64 actime, modtime;
};

static bool nsec_valid(long nsec)
{
	return nsec == UTIME_NOW || nsec == UTIME_OMIT ||
	       (nsec >= 0 && nsec < NSEC_PER_SEC_L);
}

/* May current set @inode's times to @times (NULL: both now)? 0 or -errno. */
static long may_set_times(struct inode *inode,
			  const struct kernel_timespec *times)
{
	bool owner = inode_owner_or_capable(inode);

	if (times && (times[0].tv_nsec != UTIME_NOW ||
		      times[1].tv_nsec != UTIME_NOW))
		return owner ? 0 : -EPERM;	/* a time of the caller's */
	return owner ? 0 : inode_permission(inode, MAY_WRITE);
}

/* Set @inode's times from @times (NULL: both now). */
static long inode_set_times(struct inode *inode,
			    const struct kernel_timespec *times)
{
	struct kernel_timespec now = current_time();
	long err;

	if (inode->i_sb->s_flags & SB_RDONLY)
		return -EROFS;
	if (times && times[0].tv_nsec == UTIME_OMIT &&
	    times[1].tv_nsec == UTIME_OMIT)
		return 0;		/* nothing to change, nothing to check */
	err = may_set_times(inode, times);
	if (err)
		return err;
	for (int i = 0; i < 2; i++) {
		struct kernel_timespec *t = i ? &inode->i_mtime : &inode->i_atime;
		long nsec = times ? times[i].tv_nsec : UTIME_NOW;

		if (nsec == UTIME_NOW)
			*t = now;
		else if (nsec != UTIME_OMIT)
			*t = times[i];
	}
	inode->i_ctime = now;
	fsnotify_change(inode, FS_ATTRIB);
	return 0;
}

/*
 * The common end: @times (NULL: now) for @filename relative to @dfd, or
 * for the open file @dfd itself when @filename is NULL. @flags:
 * AT_SYMLINK_NOFOLLOW (the link itself). 0 or -errno.
 */
static long do_utimes(int dfd, const char __user *filename,
		      const struct kernel_timespec *times, int flags)
{
	struct dentry *d;
	struct file *f;
	long ret;

	if (times && (!nsec_valid(times[0].tv_nsec) ||
		      !nsec_valid(times[1].tv_nsec)))
		return -EINVAL;
	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return -EINVAL;
	if (!filename && dfd != AT_FDCWD) {	/* futimens(3) */
		if (flags)
			return -EINVAL;
		f = fget(dfd);
		if (!f)
			return -EBADF;
		ret = inode_set_times(f->f_inode, times);
		fput(f);
		return ret;
	}
	d = user_path_at(dfd, filename,
			 (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW);
	if (IS_ERR(d))
		return PTR_ERR(d);
	ret = inode_set_times(d->d_inode, times);
	dput(d);
	return ret;
}

/* utimensat(2): atime and mtime of @filename (relative to @dfd; NULL: the
 * file @dfd) from @utimes[2] (NULL: now). */
long sys_utimensat(int dfd, const char __user *filename,
		   const struct kernel_timespec __user *utimes, int flags)
{
	struct kernel_timespec t[2];

	if (utimes && copy_from_user(t, utimes, sizeof(t)))
		return -EFAULT;
	return do_utimes(dfd, filename, utimes ? t : NULL, flags);
}

/* futimesat(2): the same with struct timeval (microseconds). */
long sys_futimesat(int dfd, const char __user *filename,
		   const void __user *utimes)
{
	struct timeval_user tv[2];
	struct kernel_timespec t[2];

	if (!utimes)
		return do_utimes(dfd, filename, NULL, 0);
	if (copy_from_user(tv, utimes, sizeof(tv)))
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= USEC_PER_SEC_L)
			return -EINVAL;
		t[i].tv_sec = tv[i].tv_sec;
		t[i].tv_nsec = tv[i].tv_usec * 1000;
	}
	return do_utimes(dfd, filename, t, 0);
}

long sys_utimes(const char __user *filename, const void __user *utimes)
{
	return sys_futimesat(AT_FDCWD, filename, utimes);
}

/* utime(2): whole seconds, struct utimbuf. */
long sys_utime(const char __user *filename, const void __user *times)
{
	struct utimbuf_user u;
	struct kernel_timespec t[2] = { { 0, 0 }, { 0, 0 } };

	if (!times)
		return do_utimes(AT_FDCWD, filename, NULL, 0);
	if (copy_from_user(&u, times, sizeof(u)))
		return -EFAULT;
	t[0].tv_sec = u.actime;
	t[1].tv_sec = u.modtime;
	return do_utimes(AT_FDCWD, filename, t, 0);
}
