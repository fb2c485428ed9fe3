/*
 * File system calls on descriptors: read/write (and the vector and
 * positioned forms), close, lseek, getdents64, dup*, pipe*,
 * ioctl, fstat and friends, and sendfile (here, as in Linux's
 * fs/read_write.c). Each checks its arguments the way Linux does
 * (EBADF for a bad descriptor, EFAULT for a bad pointer, EINVAL for bad
 * flags), takes a reference on the struct file for the duration
 * (fget/fput), and hands user buffers to the VFS as a user iov_iter, so
 * nothing below copies user memory any other way.
 */
#include "kernel/fs/falloc.h"
#include "kernel/fs/syscalls.h"
#include "kernel/mm/slab.h"
#include "kernel/signal.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

/* ---- read and write ---- */

static long do_rw(struct file *f, struct iov_iter *it, loff_t *pos,
		  bool write)
{
	return write ? vfs_write(f, it, pos) : vfs_read(f, it, pos);
}

/* One user buffer; @pos NULL: the file's own position. */
static long rw_buf(unsigned int fd, void __user *buf, size_t count,
		   loff_t *pos, bool write)
{
	struct iovec iov = { buf, MIN(count, (size_t)MAX_RW_COUNT) };
	struct file *f = fget(fd);
	struct iov_iter it;
	long ret;

	if (!f)
		return -EBADF;
	iov_iter_init(&it, true, &iov, 1, iov.iov_len);
	if (!(f->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
		ret = -EBADF;
	else if (!access_ok(buf, iov.iov_len))
		ret = -EFAULT;
	else if (pos && !(f->f_mode & FMODE_LSEEK))
		ret = -ESPIPE;
	else
		ret = do_rw(f, &it, pos ? pos : &f->f_pos, write);
	fput(f);
	return ret;
}

long sys_read(unsigned int fd, char __user *buf, size_t count)
{
	return rw_buf(fd, buf, count, NULL, false);
}

/* write(2): write @count bytes from @buf at @fd's file position. */
long sys_write(unsigned int fd, const char __user *buf, size_t count)
{
	return rw_buf(fd, (void __user *)buf, count, NULL, true);
}

/* pread64(2): read at offset @pos; the file position stays. */
long sys_pread64(unsigned int fd, char __user *buf, size_t count, loff_t pos)
{
	if (pos < 0)
		return -EINVAL;
	return rw_buf(fd, buf, count, &pos, false);
}

/* pwrite64(2): write at offset @pos; the file position stays. */
long sys_pwrite64(unsigned int fd, const char __user *buf, size_t count,
		  loff_t pos)
{
	if (pos < 0)
		return -EINVAL;
	return rw_buf(fd, (void __user *)buf, count, &pos, true);
}

struct iovec *import_iovec(const struct iovec __user *uvec,
				  unsigned long vlen, size_t *total)
{
	struct iovec *iov;

	if (vlen > UIO_MAXIOV)
		return ERR_PTR(-EINVAL);
	iov = kmalloc(vlen * sizeof(*iov), GFP_KERNEL);
	if (!iov)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(iov, uvec, vlen * sizeof(*iov))) {
		kfree(iov);
		return ERR_PTR(-EFAULT);
	}
	*total = 0;
	for (unsigned long i = 0; i < vlen; i++) {
		size_t len = MIN(iov[i].iov_len, MAX_RW_COUNT - *total);

		long err = (long)iov[i].iov_len < 0 ? -EINVAL :
			   !access_ok(iov[i].iov_base, len) ? -EFAULT : 0;

		if (err) {
			kfree(iov);
			return ERR_PTR(err);
		}
		iov[i].iov_len = len;
		*total += len;
	}
	return iov;
}

/* preadv2's and pwritev2's flags (Linux's RWF_*). */
#define RWF_HIPRI 0x01
#define RWF_DSYNC 0x02
#define RWF_SYNC 0x04
#define RWF_APPEND 0x10

/* The @vlen buffers of @uvec in turn, at *@pos (NULL: the file's own
 * position, else a pipe or tty refuses with ESPIPE, as pread); with
 * RWF_APPEND in @rwf a write goes to the end of the file. */
static long rw_vec(unsigned long fd, const struct iovec __user *uvec,
		   unsigned long vlen, loff_t *pos, int rwf, bool write)
{
	struct file *f = fd > UINT32_MAX ? NULL : fget((unsigned int)fd);
	loff_t end;
	struct iovec *iov;
	struct iov_iter it;
	size_t total;
	long ret;

	if (!f)
		return -EBADF;
	if ((pos && !(f->f_mode & FMODE_LSEEK)) ||	/* as Linux: first */
	    !(f->f_mode & (write ? FMODE_WRITE : FMODE_READ))) {
		fput(f);
		return pos && !(f->f_mode & FMODE_LSEEK) ? -ESPIPE : -EBADF;
	}
	iov = import_iovec(uvec, vlen, &total);
	if (IS_ERR(iov)) {
		fput(f);
		return PTR_ERR(iov);
	}
	iov_iter_init(&it, true, iov, vlen, total);
	if (write && (rwf & RWF_APPEND) && S_ISREG(f->f_inode->i_mode)) {
		end = (loff_t)READ_ONCE(f->f_inode->i_size);
		pos = &end;
	}
	ret = do_rw(f, &it, pos ? pos : &f->f_pos, write);
	kfree(iov);
	fput(f);
	return ret;
}

/* readv(2): read into the @vlen buffers of @vec in turn. */
long sys_readv(unsigned long fd, const struct iovec __user *vec,
	       unsigned long vlen)
{
	return rw_vec(fd, vec, vlen, NULL, 0, false);
}

/* writev(2): write the @vlen buffers of @vec in turn. */
long sys_writev(unsigned long fd, const struct iovec __user *vec,
		unsigned long vlen)
{
	return rw_vec(fd, vec, vlen, NULL, 0, true);
}

/* preadv/pwritev(2) and their "2" forms: the offset comes as two longs
 * (on x86_64 the low one is all of it, as Linux's pos_from_hilo()); -1
 * with the "2" forms means the file position. RWF_HIPRI and the sync
 * flags change nothing on memory files; RWF_NOWAIT is EOPNOTSUPP (no
 * file here says it can answer without sleeping); RWF_APPEND writes at
 * the end. */
static long rw_vec_at(unsigned long fd, const struct iovec __user *vec,
		      unsigned long vlen, unsigned long pos_l, int flags,
		      bool v2, bool write)
{
	loff_t pos = (loff_t)pos_l;

	/* RWF_NOWAIT (0x08) too: no file here can promise not to sleep */
	if (flags & ~(RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_APPEND))
		return -EOPNOTSUPP;
	if (v2 && pos == -1)
		return rw_vec(fd, vec, vlen, NULL, flags, write);
	if (pos < 0)
		return -EINVAL;
	return rw_vec(fd, vec, vlen, &pos, flags, write);
}

long sys_preadv(unsigned long fd, const struct iovec __user *vec,
		unsigned long vlen, unsigned long pos_l, unsigned long pos_h)
{
	return rw_vec_at(fd, vec, vlen, pos_l, 0, false, false);
}

long sys_pwritev(unsigned long fd, const struct iovec __user *vec,
		 unsigned long vlen, unsigned long pos_l, unsigned long pos_h)
{
	return rw_vec_at(fd, vec, vlen, pos_l, 0, false, true);
}

long sys_preadv2(unsigned long fd, const struct iovec __user *vec,
		 unsigned long vlen, unsigned long pos_l, unsigned long pos_h,
		 int flags)
{
	return rw_vec_at(fd, vec, vlen, pos_l, flags, true, false);
}

long sys_pwritev2(unsigned long fd, const struct iovec __user *vec,
		  unsigned long vlen, unsigned long pos_l, unsigned long pos_h,
		  int flags)
{
	return rw_vec_at(fd, vec, vlen, pos_l, flags, true, true);
}

/* ---- close (open: kernel/fs/open.c) ---- */

/* close(2): free descriptor @fd and drop its file reference. */
long sys_close(unsigned int fd)
{
	return close_fd(fd);
}

/* ---- position, directories ---- */

/* lseek(2): move @fd's file position (SEEK_SET, SEEK_CUR, SEEK_END), or
 * to the next data or hole (SEEK_DATA, SEEK_HOLE). */
long sys_lseek(unsigned int fd, loff_t offset, unsigned int whence)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = whence > SEEK_HOLE ? -EINVAL : vfs_llseek(f, offset, (int)whence);
	fput(f);
	return ret;
}

/* The largest record: a header and a NAME_MAX name with its NUL. */
#define DIRENT64_MAX ALIGN_UP(sizeof(struct linux_dirent64) + NAME_MAX + 1, 8)

struct getdents_ctx {
	struct dir_context ctx;
	char __user *buf;
	size_t count, used;
	int error;
};

/* Append one linux_dirent64 to the user buffer. */
static bool filldir64(struct dir_context *ctx, const char *name, size_t len,
		      u64 ino, unsigned int d_type)
{
	struct getdents_ctx *g = container_of(ctx, struct getdents_ctx, ctx);
	size_t reclen = ALIGN_UP(offsetof(struct linux_dirent64, d_name) +
				 len + 1, 8);
	char rec[DIRENT64_MAX] = {};
	struct linux_dirent64 *d = (struct linux_dirent64 *)rec;

	if (g->used + reclen > g->count) {
		if (!g->used)
			g->error = -EINVAL;	/* not even one fits */
		return false;
	}
	d->d_ino = ino;
	d->d_off = (s64)ctx->pos + 1;
	d->d_reclen = (u16)reclen;
	d->d_type = (u8)d_type;
	memcpy(d->d_name, name, len);
	if (copy_to_user(g->buf + g->used, rec, reclen)) {
		g->error = -EFAULT;
		return false;
	}
	g->used += reclen;
	return true;
}

/* getdents64(2): fill @dirent with linux_dirent64 records of directory
 * @fd from its position on; bytes used, 0 at the end. */
long sys_getdents64(unsigned int fd, struct linux_dirent64 __user *dirent,
		    unsigned int count)
{
	struct getdents_ctx g = { { filldir64, 0 }, (char __user *)dirent,
				  count, 0, 0 };
	struct file *f = fget(fd);
	int ret;

	if (!f)
		return -EBADF;
	ret = access_ok(dirent, count) ? vfs_readdir(f, &g.ctx) : -EFAULT;
	fput(f);
	if (g.used)
		return (long)g.used;
	return ret ? ret : g.error;
}

/* ---- duplicating ---- */

/* dup(2): the lowest free descriptor for @fildes's file. */
long sys_dup(unsigned int fildes)
{
	struct file *f = fget_raw(fildes);
	int fd;

	if (!f)
		return -EBADF;
	fd = get_unused_fd_flags(0);
	if (fd < 0)
		fput(f);
	else
		fd_install(fd, f);
	return fd;
}

/* dup3(2): make @newfd refer to @oldfd's file (closing what it had);
 * O_CLOEXEC only; -EINVAL when they are equal. */
long sys_dup3(unsigned int oldfd, unsigned int newfd, int flags)
{
	struct file *f;
	long ret;

	if ((flags & ~O_CLOEXEC) || oldfd == newfd)
		return -EINVAL;
	f = fget_raw(oldfd);
	if (!f)
		return -EBADF;
	ret = replace_fd(newfd, f, (unsigned int)flags);
	fput(f);
	return ret;
}

/* dup2(2): dup3() without flags; @oldfd itself when they are equal. */
long sys_dup2(unsigned int oldfd, unsigned int newfd)
{
	if (oldfd == newfd) {
		struct file *f = fget_raw(oldfd);

		if (!f)
			return -EBADF;
		fput(f);
		return newfd;
	}
	return sys_dup3(oldfd, newfd, 0);
}

/* ---- pipes ---- */

/* pipe2(2): a new pipe; @fildes gets the read and the write end. */
long sys_pipe2(int __user *fildes, int flags)
{
	struct file *files[2];
	int fd[2], ret;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	ret = create_pipe_files(files, flags);
	if (ret)
		return ret;
	fd[0] = get_unused_fd_flags(flags & O_CLOEXEC);
	fd[1] = fd[0] < 0 ? -1 : get_unused_fd_flags(flags & O_CLOEXEC);
	ret = fd[0] < 0 ? fd[0] : fd[1] < 0 ? fd[1] :
	      copy_to_user(fildes, fd, sizeof(fd)) ? -EFAULT : 0;
	if (ret) {
		if (fd[0] >= 0)
			put_unused_fd(fd[0]);
		if (fd[1] >= 0)
			put_unused_fd(fd[1]);
		fput(files[0]);
		fput(files[1]);
		return ret;
	}
	fd_install(fd[0], files[0]);
	fd_install(fd[1], files[1]);
	return 0;
}

/* pipe(2): pipe2() without flags. */
long sys_pipe(int __user *fildes)
{
	return sys_pipe2(fildes, 0);
}

/* ---- the rest ---- */

/* ioctl(2): FIOCLEX/FIONCLEX here, the rest to the file's driver (ttys). */
long sys_ioctl(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	if (cmd == FIOCLEX || cmd == FIONCLEX)
		ret = set_close_on_exec(fd, cmd == FIOCLEX);
	else
		ret = vfs_ioctl(f, cmd, arg);
	fput(f);
	return ret;
}

/* ftruncate(2): set the size of regular file @fd open for writing. */
long sys_ftruncate(unsigned int fd, loff_t length)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	if (length < 0 || !(f->f_mode & FMODE_WRITE) ||
	    !S_ISREG(f->f_inode->i_mode))
		ret = -EINVAL;
	else
		ret = vfs_truncate(f->f_inode, (u64)length);
	fput(f);
	return ret;
}

/* fallocate(2): allocate or free space of file @fd (vfs_fallocate()). */
long sys_fallocate(int fd, int mode, loff_t offset, loff_t len)
{
	struct file *f = fd < 0 ? NULL : fget((unsigned int)fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = vfs_fallocate(f, mode, offset, len);
	fput(f);
	return ret;
}

/* fchdir(2): make directory @fd current's working directory. */
long sys_fchdir(unsigned int fd)
{
	struct file *f = fget_raw(fd);
	long ret = -ENOTDIR;

	if (!f)
		return -EBADF;
	if (f->f_dentry && S_ISDIR(f->f_inode->i_mode) && current->fs)
		ret = inode_permission(f->f_inode, MAY_EXEC | MAY_CHDIR);
	if (!ret)
		set_fs_pwd(current->fs, f->f_dentry);
	fput(f);
	return ret;
}

long vfs_fsync(struct file *f)
{
	umode_t mode = f->f_inode->i_mode;

	return S_ISREG(mode) || S_ISDIR(mode) ? 0 : -EINVAL;
}

/* fsync(2): vfs_fsync() of @fd's file. */
long sys_fsync(unsigned int fd)
{
	struct file *f = fget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = vfs_fsync(f);
	fput(f);
	return ret;
}

/* fdatasync(2): as fsync(). */
long sys_fdatasync(unsigned int fd)
{
	return sys_fsync(fd);
}

/* sync(2): nothing to write back. */
long sys_sync(void)
{
	return 0;
}

/* ---- sendfile ---- */

/*
 * sendfile(2): copy bytes from one file to another inside the kernel,
 * through a one-page bounce buffer: read a page's worth from the input,
 * write it to the output, until the count is done, the input ends, or
 * the output takes less. With an offset pointer the input is read there
 * and the pointer moves (the file's position stays); without one the
 * input's position moves. Errors as Linux's: EBADF for an input not open
 * for reading or an output not open for writing, EINVAL for an output
 * opened O_APPEND or a negative offset, ESPIPE for an offset on an input
 * that cannot seek, EFAULT for a bad offset pointer.
 */

long copy_through_page(struct file *in, loff_t *pos, struct file *out,
		       loff_t *opos, size_t count)
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
		ret = vfs_write(out, &it, opos);
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
		ret = copy_through_page(in, offset ? &pos : &in->f_pos, out,
					&out->f_pos, count);
		if (offset && copy_to_user(offset, &pos, sizeof(pos)))
			ret = -EFAULT;
	}
	if (in)
		fput(in);
	if (out)
		fput(out);
	return ret;
}
