/*
 * Buffers for read and write (Linux's include/linux/uio.h): struct iovec
 * as readv(2) passes it, and struct iov_iter, the one copy API every
 * ->read and ->write uses for user and kernel memory alike (kernel/fs/vfs.c
 * holds the copy helpers). kernel/fs/vfs.h includes it.
 */
#ifndef KERNEL_FS_UIO_H
#define KERNEL_FS_UIO_H

#include "kernel/uaccess.h"
#include "lib/types.h"

/*
 * A buffer for read and write: segments of user memory (read(2),
 * readv(2)) or of kernel memory (kernel_read(), self-tests). The copy
 * helpers use copy_to_user()/copy_from_user() for user segments.
 */
struct iovec {
	void __user *iov_base;
	size_t iov_len;
};

struct iov_iter {
	bool user;			/* segments are user addresses */
	const struct iovec *iov;
	unsigned long nr_segs;
	size_t iov_offset;		/* into iov[0] */
	size_t count;			/* bytes left */
};

/* @i over the @nr_segs segments of @iov (user or kernel addresses),
 * @count bytes in all. */
void iov_iter_init(struct iov_iter *i, bool user, const struct iovec *iov,
		   unsigned long nr_segs, size_t count);
/* Copy into/out of the buffer and advance; returns bytes copied (short on
 * a fault in user memory). */
size_t copy_to_iter(const void *src, size_t n, struct iov_iter *i);
size_t copy_from_iter(void *dst, size_t n, struct iov_iter *i);
size_t iov_iter_zero(size_t n, struct iov_iter *i);
/* A read of a file whose contents are the @available bytes at @from:
 * copy from *@pos on into @to and advance *@pos (Linux's
 * simple_read_from_buffer()); bytes copied, 0 at the end, -EFAULT when
 * none could be, -EINVAL for a negative position. (@pos is a loff_t,
 * which vfs.h defines after including this.) */
long simple_read_from_buffer(struct iov_iter *to, s64 *pos,
			     const void *from, size_t available);

#endif
