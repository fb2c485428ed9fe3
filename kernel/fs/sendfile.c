/*
 * sendfile(2) (Linux's fs/read_write.c do_sendfile()): copy bytes from
 * one file to another inside the kernel, through a one-page bounce
 * buffer: read a page's worth from the input, write it to the output,
 * until the count is done, the input ends, or the output takes less.
 * With an offset pointer the input is read there and the pointer moves
 * (the file's position stays); without one the input's position moves.
 * Errors as Linux's: EBADF for an input not open for reading or an
 * output not open for writing, EINVAL for an output opened O_APPEND or a
 * negative offset, ESPIPE for an offset on an input that cannot seek,
 * EFAULT for a bad offset pointer.
 */
#include "kernel/fs/syscalls.h"
#include "kernel/mm/slab.h"
#include "kernel/signal.h"
#include "lib/errno.h"

/* Copy up to @count bytes from @in at *@pos to @out; bytes or -errno. */
static long copy_through_page(struct file *in, loff_t *pos, struct file *out,
			      size_t count)
{
	char *buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	size_t done = 0;
	long ret = 0;

	if (!buf)
		return -ENOMEM;
	while (done < count) {
		struct iovec iov = { (void __user *)buf, MIN(count - done, (size_t)PAGE_SIZE) };
		struct iov_iter it;
		long got;

		iov_iter_init(&it, false, &iov, 1, iov.iov_len);
		got = vfs_read(in, &it, pos);
		if (got <= 0) {
			ret = got;
			break;
		}
		iov = (struct iovec){ (void __user *)buf, (size_t)got };
		iov_iter_init(&it, false, &iov, 1, iov.iov_len);
		ret = vfs_write(out, &it, &out->f_pos);
		if (ret <= 0)
			break;
		done += (size_t)ret;
		if (ret < got) {	/* the output took less: give back the rest */
			*pos -= got - ret;
			break;
		}
		if (fatal_signal_pending(current))
			break;
	}
	kfree(buf);
	return done ? (long)done : ret;
}

/* Both files of a sendfile, checked; 0 or -errno. */
static long sendfile_files(struct file *in, struct file *out, bool offset)
{
	if (!in || !(in->f_mode & FMODE_READ))
		return -EBADF;
	if (!out || !(out->f_mode & FMODE_WRITE))
		return -EBADF;
	if (out->f_flags & O_APPEND)
		return -EINVAL;
	if (offset && !(in->f_mode & FMODE_LSEEK))
		return -ESPIPE;
	return 0;
}

/* sendfile(2): up to @count bytes of @in_fd (from *@offset, or its file
 * position when NULL) to @out_fd; the bytes copied or -errno. */
long sys_sendfile64(int out_fd, int in_fd, loff_t __user *offset, size_t count)
{
	struct file *in = in_fd < 0 ? NULL : fget((unsigned int)in_fd);
	struct file *out = out_fd < 0 ? NULL : fget((unsigned int)out_fd);
	long ret = sendfile_files(in, out, offset);
	loff_t pos = 0;

	if (!ret && offset && copy_from_user(&pos, offset, sizeof(pos)))
		ret = -EFAULT;
	if (!ret && pos < 0)
		ret = -EINVAL;
	if (!ret) {
		count = MIN(count, (size_t)MAX_RW_COUNT);
		ret = copy_through_page(in, offset ? &pos : &in->f_pos, out, count);
		if (offset && copy_to_user(offset, &pos, sizeof(pos)))
			ret = -EFAULT;
	}
	if (in)
		fput(in);
	if (out)
		fput(out);
	return ret;
}
