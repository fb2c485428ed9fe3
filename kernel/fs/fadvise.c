/*
 * fadvise64(2), behind posix_fadvise(3): advice on how a file will be
 * read. Linux uses it to steer its page cache's read-ahead and eviction;
 * Taskbase's files live in memory (ramfs, tmpfs) with no cache to steer,
 * so the advice is checked as Linux checks it and then has no effect.
 * It sits in fs/, not mm/ as Linux has it, because it looks up a file
 * and memory sits below the files here (docs/layout.md).
 */
#include "kernel/fs/syscalls.h"
#include "lib/errno.h"

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
