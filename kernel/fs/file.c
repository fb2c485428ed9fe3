/*
 * Open files: struct file, made by dentry_open() (open(2)) or
 * alloc_file() (pipes), shared by dup() and fork() through its reference
 * count and freed by the last fput(), which calls f_op->release. And the
 * generic entry points every read(2), write(2), lseek(2), ioctl(2) and
 * getdents64(2) goes through, which check the open mode and the file type
 * before calling the file's operations.
 */
#include "kernel/fs/notify/dnotify.h"
#include "kernel/fs/notify/fsnotify.h"
#include "kernel/fs/notify/fsnotify_backend.h"
#include "kernel/fs/locks.h"
#include "kernel/fs/poll.h"
#include "kernel/fs/vfs.h"
#include "kernel/fs/falloc.h"
#include "kernel/mm/slab.h"
#include "kernel/security/security.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"

#define FIONBIO 0x5421

static unsigned int open_fmode(int flags)
{
	if (flags & O_PATH)
		return 0;
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		return FMODE_READ;
	case O_WRONLY:
		return FMODE_WRITE;
	case O_RDWR:
		return FMODE_READ | FMODE_WRITE;
	default:
		return 0;	/* 3: ioctl only, as Linux */
	}
}

/* What open() may not do to @inode with @fmode/@flags: 0 or -errno. */
static int may_open(struct inode *inode, unsigned int fmode, int flags)
{
	umode_t m = inode->i_mode;

	if (S_ISLNK(m) && !(flags & O_PATH))
		return -ELOOP;		/* O_NOFOLLOW on a symlink */
	if ((flags & O_DIRECTORY) && !S_ISDIR(m))
		return -ENOTDIR;
	if ((flags & O_NOATIME) && !inode_owner_or_capable(inode))
		return -EPERM;		/* only the owner may hide reads */
	if (S_ISDIR(m) && (fmode & FMODE_WRITE))
		return -EISDIR;
	if ((S_ISCHR(m) || S_ISBLK(m)) && (inode->i_sb->s_flags & SB_NODEV) &&
	    !(flags & O_PATH))
		return -EACCES;
	if (!(fmode & FMODE_WRITE) && !(flags & O_TRUNC))
		return 0;
	if ((S_ISREG(m) || S_ISDIR(m)) && (inode->i_sb->s_flags & SB_RDONLY))
		return -EROFS;
	return 0;		/* the mode bits: inode_permission() */
}

/* Count an open of @f in its inode's writers or read-only openers
 * (@delta 1), or uncount it (-1): what a lease must not conflict with. */
static void open_count(struct file *f, int delta)
{
	if (delta > 0)
		f->f_mode |= FMODE_OPENED;
	if (f->f_mode & FMODE_WRITE)
		atomic_add(delta, &f->f_inode->i_writecount);
	else if (f->f_mode & FMODE_READ)
		atomic_add(delta, &f->f_inode->i_readcount);
}

/* A regular file opened for writing counts in its super block's
 * s_writers, which a remount read-only looks at (EBUSY); counting first
 * and then looking at the flag pairs with do_remount()'s order. */
static int file_start_write(struct file *f)
{
	struct super_block *sb = f->f_inode->i_sb;

	if (!(f->f_mode & FMODE_WRITE) || !S_ISREG(f->f_inode->i_mode))
		return 0;
	atomic_inc(&sb->s_writers);
	smp_mb();
	if (READ_ONCE(sb->s_flags) & SB_RDONLY) {
		atomic_dec(&sb->s_writers);
		return -EROFS;
	}
	f->f_mode |= FMODE_WRITER;
	return 0;
}

/* A new struct file on @inode (its reference is taken over). */
static struct file *file_new(struct inode *inode, int flags,
			     unsigned int fmode,
			     const struct file_operations *fop)
{
	struct file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	refcount_set(&f->f_count, 1);
	f->f_flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC |
			       O_CLOEXEC);
	f->f_mode = fmode;
	f->f_inode = inode;
	f->f_op = fop;
	return f;
}

struct file *alloc_file(struct inode *inode, int flags,
			const struct file_operations *fop)
{
	BUG_ON(!inode || !fop);
	return file_new(inode, flags, open_fmode(flags), fop);
}

struct file *dentry_open(struct dentry *d, int flags)
{
	struct inode *inode = d->d_inode;
	unsigned int fmode = open_fmode(flags);
	struct file *f;
	int err = may_open(inode, fmode, flags);

	if (err)
		return ERR_PTR(err);
	/* open(2) on 64-bit forces O_LARGEFILE, and F_GETFL shows it. */
	f = file_new(igrab(inode), flags | O_LARGEFILE, fmode, inode->i_fop);
	if (!f) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	f->f_dentry = dget(d);
	if (S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode))
		f->f_mode |= FMODE_LSEEK;
	if (flags & O_PATH)
		f->f_op = NULL;
	err = file_start_write(f);
	if (!err && S_ISREG(inode->i_mode) && fmode)
		err = break_lease(inode, flags);
	if (!err)
		err = security_file_open(f);
	if (!err)
		err = fsnotify_perm(f, FS_OPEN_PERM);
	if (!err && f->f_op && f->f_op->open)
		err = f->f_op->open(inode, f);
	if (err) {
		f->f_op = NULL;		/* no release for a failed open */
		fput(f);
		return ERR_PTR(err);
	}
	open_count(f, 1);
	fsnotify_open(f);
	return f;
}

/* Take another reference to @f, which the caller already holds one of. */
struct file *get_file(struct file *f)
{
	refcount_inc(&f->f_count);
	return f;
}

/* Drop a reference; the last one releases the file. Process context. */
void fput(struct file *f)
{
	if (!refcount_dec_and_test(&f->f_count))
		return;
	eventpoll_release(f);		/* out of every epoll set */
	locks_remove_file(f);		/* its OFD record locks, its lease */
	dnotify_flush(f);		/* its directory watch */
	if (f->f_mode & FMODE_OPENED) {
		fsnotify_close(f);
		open_count(f, -1);
	}
	if ((f->f_flags & FASYNC) && f->f_op && f->f_op->fasync)
		f->f_op->fasync(-1, f, 0);
	if (f->f_op && f->f_op->release)
		f->f_op->release(f->f_inode, f);
	if (f->f_mode & FMODE_WRITER)
		atomic_dec(&f->f_inode->i_sb->s_writers);
	if (f->f_dentry)
		dput(f->f_dentry);
	iput(f->f_inode);
	kfree(f);
}

/* Read from @f at *@pos into @to through its file_operations; bytes read
 * or -errno. May sleep (pipes, ttys): process context, no spinlock held. */
long vfs_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	long ret;

	might_sleep();
	if (!(f->f_mode & FMODE_READ))
		return -EBADF;
	if (S_ISDIR(f->f_inode->i_mode))
		return -EISDIR;
	if (!f->f_op || !f->f_op->read)
		return -EINVAL;
	if (to->count == 0)
		return 0;
	ret = fsnotify_perm(f, FS_ACCESS_PERM);
	if (ret)
		return ret;
	ret = f->f_op->read(f, to, pos);
	if (ret > 0)
		fsnotify_access(f);
	return ret;
}

/*
 * RLIMIT_FSIZE on a write to a regular file at @pos (Linux's
 * generic_write_check_limits()): a write that starts at the limit or
 * past it is -EFBIG with SIGXFSZ; one that would cross it is cut short.
 */
/* The caller's RLIMIT_FSIZE (a kernel thread has none). */
static u64 fsize_limit(void)
{
	return current->signal ? current->signal->rlim[RLIMIT_FSIZE].rlim_cur
			       : RLIM_INFINITY;
}

static long write_check_limits(struct file *f, struct iov_iter *from,
			       loff_t pos)
{
	u64 limit = fsize_limit();

	if (limit == RLIM_INFINITY || !S_ISREG(f->f_inode->i_mode))
		return 0;
	if (f->f_flags & O_APPEND)
		pos = (loff_t)READ_ONCE(f->f_inode->i_size);
	if (pos >= 0 && (u64)pos >= limit) {
		send_sig(SIGXFSZ, current);
		return -EFBIG;
	}
	if (pos >= 0 && from->count > limit - (u64)pos)
		from->count = limit - (u64)pos;
	return 0;
}

/* Write @from to @f at *@pos through its file_operations; bytes written
 * or -errno. May sleep, as vfs_read(). */
long vfs_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	long err;

	might_sleep();
	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!f->f_op || !f->f_op->write)
		return -EINVAL;
	if (from->count == 0)
		return 0;
	err = write_check_limits(f, from, *pos);
	if (err)
		return err;
	file_remove_privs(f);
	err = f->f_op->write(f, from, pos);
	if (err > 0)
		fsnotify_modify(f);
	return err;
}

loff_t generic_file_llseek(struct file *f, loff_t offset, int whence)
{
	loff_t base;

	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->f_pos;
		break;
	case SEEK_END:
		base = (loff_t)f->f_inode->i_size;
		break;
	case SEEK_DATA:		/* without holes: all of it is data */
	case SEEK_HOLE:
		if (offset < 0 || offset >= (loff_t)f->f_inode->i_size)
			return -ENXIO;
		f->f_pos = whence == SEEK_DATA ? offset : (loff_t)f->f_inode->i_size;
		return f->f_pos;
	default:
		return -EINVAL;
	}
	if ((offset > 0 && base > INT64_MAX - offset) || base + offset < 0)
		return -EINVAL;
	f->f_pos = base + offset;
	return f->f_pos;
}

/* Move @f's position (the file's llseek, or generic_file_llseek());
 * -ESPIPE on pipes and ttys. */
loff_t vfs_llseek(struct file *f, loff_t offset, int whence)
{
	if (!(f->f_mode & FMODE_LSEEK) && !(f->f_op && f->f_op->llseek))
		return -ESPIPE;
	if (f->f_op && f->f_op->llseek)
		return f->f_op->llseek(f, offset, whence);
	return generic_file_llseek(f, offset, whence);
}

/* FIONBIO here, other @cmd to the file's ioctl; -ENOTTY without one. */
long vfs_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	if (cmd == FIONBIO) {
		u32 on;

		if (get_user_u32(&on, (const u32 __user *)arg))
			return -EFAULT;
		if (on)
			__atomic_or_fetch(&f->f_flags, O_NONBLOCK,
					  __ATOMIC_RELAXED);
		else
			__atomic_and_fetch(&f->f_flags, ~O_NONBLOCK,
					   __ATOMIC_RELAXED);
		return 0;
	}
	if (!f->f_op || !f->f_op->ioctl)
		return -ENOTTY;
	return f->f_op->ioctl(f, cmd, arg);
}

/* Emit directory @f's entries from its position into @ctx (the file
 * system's iterate); the position follows. 0 or -errno. */
int vfs_readdir(struct file *f, struct dir_context *ctx)
{
	int ret;

	if (!S_ISDIR(f->f_inode->i_mode) || !f->f_op || !f->f_op->iterate)
		return -ENOTDIR;
	ctx->pos = (u64)f->f_pos;
	ret = f->f_op->iterate(f, ctx);
	f->f_pos = (loff_t)ctx->pos;
	return ret;
}

long kernel_read(struct file *f, void *buf, size_t count)
{
	struct iovec iov = { buf, count };
	struct iov_iter it;

	iov_iter_init(&it, false, &iov, 1, count);
	return vfs_read(f, &it, &f->f_pos);
}

/* vfs_write() from a kernel buffer at @f's position. */
long kernel_write(struct file *f, const void *buf, size_t count)
{
	struct iovec iov = { (void *)buf, count };
	struct iov_iter it;

	iov_iter_init(&it, false, &iov, 1, count);
	return vfs_write(f, &it, &f->f_pos);
}

int inode_newsize_ok(const struct inode *inode, u64 size)
{
	u64 limit = fsize_limit();

	if (limit != RLIM_INFINITY && size > inode->i_size && size > limit) {
		send_sig(SIGXFSZ, current);
		return -EFBIG;
	}
	return 0;
}

/* Set regular file @inode's size to @size through its inode_operations;
 * -EROFS on a read-only mount; growing past RLIMIT_FSIZE is -EFBIG with
 * SIGXFSZ (inode_newsize_ok()). */
int vfs_truncate(struct inode *inode, u64 size)
{
	int err;

	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode->i_mode))
		return -EINVAL;
	if (inode->i_sb->s_flags & SB_RDONLY)
		return -EROFS;
	err = inode_newsize_ok(inode, size);
	if (err)
		return err;
	if (!inode->i_op || !inode->i_op->truncate)
		return -EPERM;
	inode->i_mode &= ~should_remove_suid(inode);
	err = inode->i_op->truncate(inode, size);
	if (!err)
		fsnotify_change(inode, FS_MODIFY);
	return err;
}

/* Which mode bits say what (Linux's vfs_fallocate() rules); the file
 * system's own operation refuses what it cannot do (EOPNOTSUPP). */
static int fallocate_mode_ok(int mode)
{
	if (mode & ~FALLOC_FL_SUPPORTED_MASK)
		return -EOPNOTSUPP;
	if ((mode & FALLOC_FL_PUNCH_HOLE) &&
	    ((mode & FALLOC_FL_ZERO_RANGE) || !(mode & FALLOC_FL_KEEP_SIZE)))
		return -EOPNOTSUPP;
	if (((mode & FALLOC_FL_COLLAPSE_RANGE) && mode != FALLOC_FL_COLLAPSE_RANGE) ||
	    ((mode & FALLOC_FL_INSERT_RANGE) && mode != FALLOC_FL_INSERT_RANGE) ||
	    ((mode & FALLOC_FL_UNSHARE_RANGE) &&
	     (mode & ~(FALLOC_FL_UNSHARE_RANGE | FALLOC_FL_KEEP_SIZE))))
		return -EINVAL;
	return 0;
}

long vfs_fallocate(struct file *f, int mode, loff_t offset, loff_t len)
{
	struct inode *inode = f->f_inode;
	int err;

	if (offset < 0 || len <= 0)
		return -EINVAL;
	err = fallocate_mode_ok(mode);
	if (err)
		return err;
	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (S_ISFIFO(inode->i_mode))
		return -ESPIPE;
	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode->i_mode) && !S_ISBLK(inode->i_mode))
		return -ENODEV;
	if ((u64)offset + (u64)len > (u64)INT64_MAX)	/* past the largest loff_t */
		return -EFBIG;
	if (!f->f_op->fallocate)
		return -EOPNOTSUPP;
	return f->f_op->fallocate(f, mode, offset, len);
}

/* "." and ".." from the dentry, then the file system's own entries. */
static int dir_iterate(struct file *f, struct dir_context *ctx)
{
	struct inode *inode = f->f_inode;
	struct dentry *d = f->f_dentry;

	if (ctx->pos == 0 && !dir_emit(ctx, ".", 1, inode->i_ino, DT_DIR))
		return 0;
	if (ctx->pos == 1 &&
	    !dir_emit(ctx, "..", 2, d ? d->d_parent->d_inode->i_ino :
		      inode->i_ino, DT_DIR))
		return 0;
	if (!inode->i_op || !inode->i_op->readdir)
		return 0;
	return inode->i_op->readdir(inode, ctx);
}

const struct file_operations dir_fops = {
	.iterate = dir_iterate,
	.llseek = generic_file_llseek,
};

/*
 * exec: the bytes of a regular file, in place (see kernel/fs/fs.h). A file
 * current may not execute (inode_permission()) is refused (EACCES).
 */
int kernel_read_file(const char *path, const void **data, u64 *size,
		     struct inode **inode)
{
	struct dentry *d = path_lookup(path, LOOKUP_FOLLOW);
	int ret;

	if (IS_ERR(d))
		return (int)PTR_ERR(d);
	if (!S_ISREG(d->d_inode->i_mode) ||
	    (d->d_inode->i_sb->s_flags & SB_NOEXEC))
		ret = -EACCES;		/* as Linux answers a noexec mount */
	else
		ret = inode_permission(d->d_inode, MAY_EXEC);
	if (!ret)
		ret = security_file_open_exec(d);
	if (!ret)
		ret = ramfs_file_data(d->d_inode, data, size);
	if (!ret) {
		*inode = igrab(d->d_inode);
		fsnotify_open_exec(d);
	}
	dput(d);
	return ret;
}

/* exec is done with kernel_read_file()'s @data and @inode. */
void kernel_read_file_put(struct inode *inode, const void *data)
{
	ramfs_file_data_put(inode, data);
	iput(inode);
}
