/*
 * fadvise64(2), behind posix_fadvise(3): advice on how a file will be
 * read. Linux uses it to steer its page cache's read-ahead and eviction;
 * Taskbase's files live in memory (ramfs, tmpfs) with no cache to steer,
 * so the advice is checked as Linux checks it and then has no effect.
 * It sits in fs/, not mm/ as Linux has it, because it looks up a file
 * and memory sits below the files here (docs/layout.md).
 *
 * Two more calls about the page cache are here for the same reason, and
 * are as empty: readahead(2) (Linux's mm/readahead.c: the data is in
 * memory already) and sync_file_range(2) (Linux's fs/sync.c: there is
 * no disk to write to). Both check their arguments as Linux does.
 */
#include "kernel/fs/syscalls.h"
#include "lib/errno.h"

/* SYNC_FILE_RANGE_WAIT_BEFORE 1, _WRITE 2, _WAIT_AFTER 4: all no-ops here */
#define SYNC_FILE_RANGE_VALID 7

#define POSIX_FADV_NORMAL 0
#define POSIX_FADV_NOREUSE 5		/* the largest advice */

/* fadvise64(2): 0, or EBADF (no such fd), ESPIPE (a pipe), EINVAL (bad
 * advice or a negative length). */
long sys_fadvise64(int fd, loff_t offset, loff_t len, int advice)
{
	struct file *f = fd < 0 ? NULL : fget((unsigned int)fd);
	long ret = 0;

	if (!f)
		return -EBADF;
	if (S_ISFIFO(f->f_inode->i_mode))
		ret = -ESPIPE;
	else if (advice < POSIX_FADV_NORMAL || advice > POSIX_FADV_NOREUSE ||
		 len < 0)
		ret = -EINVAL;
	fput(f);
	return ret;
}

/* readahead(2): 0 on a regular file open for reading; EBADF (no such fd,
 * or not readable), EINVAL (anything else: a pipe, a device, a
 * directory, an anonymous inode's file). */
long sys_readahead(int fd, loff_t offset, size_t count)
{
	struct file *f = fd < 0 ? NULL : fget((unsigned int)fd);
	long ret = 0;

	if (!f)
		return -EBADF;
	if (!(f->f_mode & FMODE_READ))
		ret = -EBADF;
	else if (!S_ISREG(f->f_inode->i_mode) || !f->f_dentry)
		ret = -EINVAL;
	fput(f);
	return ret;
}

/* sync_file_range(2): 0; EBADF (no such fd), EINVAL (unknown flags, a
 * negative offset or end, or one past the largest offset), ESPIPE (not
 * a regular file, directory or symbolic link: a pipe, a device). */
long sys_sync_file_range(int fd, loff_t offset, loff_t nbytes,
			 unsigned int flags)
{
	struct file *f = fd < 0 ? NULL : fget((unsigned int)fd);
	loff_t end = (loff_t)((u64)offset + (u64)nbytes);
	umode_t mode;
	long ret = 0;

	if (!f)
		return -EBADF;
	mode = f->f_inode->i_mode;
	if ((flags & ~SYNC_FILE_RANGE_VALID) || offset < 0 || end < 0 ||
	    end < offset)
		ret = -EINVAL;
	else if (!S_ISREG(mode) && !S_ISDIR(mode) && !S_ISLNK(mode))
		ret = -ESPIPE;
	fput(f);
	return ret;
}
