/*
 * splice(2), tee(2) and vmsplice(2) (Linux's fs/splice.c): bytes moved
 * between a pipe and a file, socket or device, between two pipes, or
 * between a pipe and user memory, with no user buffer in between.
 *
 * Linux moves page references: the pipe's ring holds pages, and splice
 * hands them on. Taskbase's pipe is one byte ring (kernel/fs/pipe/pipe.c),
 * so splice reads from a file straight into the ring's free space and
 * writes to a file straight from the ring's data (two kernel segments
 * at most, ring_iov()): one copy, the one the file's own read or write
 * makes. tee copies ring to ring and leaves the input's data where it
 * is. vmsplice copies the user's memory (Linux maps the user's pages
 * into the pipe instead: SPLICE_F_GIFT has nothing to give here).
 *
 * Each call moves what it can in one step, as Linux's: it waits (unless
 * SPLICE_F_NONBLOCK, or O_NONBLOCK on the pipe) for data in the pipe it
 * reads or room in the pipe it writes, then moves up to @len bytes, and
 * returns the count; 0 when the input pipe is empty with no writer left.
 * The waits hold no mutex; the move holds the reading pipe's rd_mutex
 * and the writing pipe's wr_mutex (always rd before wr, as a resize).
 *
 * copy_file_range(2) is here too: Linux's falls back on this file's
 * do_splice_direct() when the file system has no copy of its own.
 */
#include "kernel/fs/pipe_fs_i.h"
#include "kernel/fs/syscalls.h"
#include "kernel/locking/lockdep.h"
#include "kernel/signal.h"
#include "kernel/uaccess.h"
#include "kernel/mm/slab.h"
#include "lib/err.h"
#include "lib/errno.h"

#define SPLICE_F_MOVE 0x01		/* a hint: accepted, nothing to move */
#define SPLICE_F_NONBLOCK 0x02		/* the pipes' waits become EAGAIN */
#define SPLICE_F_MORE 0x04		/* a hint for sockets: accepted */
#define SPLICE_F_GIFT 0x08		/* vmsplice's: accepted */
#define SPLICE_F_ALL 0x0f

/* ---- the pipe's side: waits and the ring's segments ---- */

/* Wait, no mutex held, for data in @p or for no writer left; 0, -EAGAIN
 * or -ERESTARTSYS. */
static int wait_for_data(struct pipe_inode_info *p, unsigned int flags)
{
	if (pipe_readable(p))
		return 0;
	if (flags & SPLICE_F_NONBLOCK)
		return -EAGAIN;
	return wait_event_interruptible(p->rd_wait, pipe_readable(p));
}

/* Wait, no mutex held, for room in @p; 0, or -EPIPE (and SIGPIPE) with
 * no reader, -EAGAIN, -ERESTARTSYS. */
static int wait_for_room(struct pipe_inode_info *p, unsigned int flags)
{
	int ret = 0;

	if (!pipe_writable(p, 1)) {
		if (flags & SPLICE_F_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(p->wr_wait, pipe_writable(p, 1));
	}
	if (!ret && !READ_ONCE(p->readers)) {
		send_sig(SIGPIPE, current);
		return -EPIPE;
	}
	return ret;
}

/* 0 with rd_mutex held and data in @p; 1 (no mutex) at end of file;
 * or the wait's -errno. */
static int pipe_lock_data(struct pipe_inode_info *p, unsigned int flags)
{
	for (;;) {
		int ret = wait_for_data(p, flags);

		if (ret)
			return ret;
		if (mutex_lock_interruptible(&p->rd_mutex))
			return -ERESTARTSYS;
		if (pipe_used(p))
			return 0;
		mutex_unlock(&p->rd_mutex);
		if (!READ_ONCE(p->writers))
			return 1;
	}
}

/* 0 with wr_mutex held and room in @p, or the wait's -errno. */
static int pipe_lock_room(struct pipe_inode_info *p, unsigned int flags)
{
	for (;;) {
		int ret = wait_for_room(p, flags);

		if (ret)
			return ret;
		if (mutex_lock_interruptible(&p->wr_mutex))
			return -ERESTARTSYS;
		if (pipe_room(p))
			return 0;
		mutex_unlock(&p->wr_mutex);
	}
}

/* @n bytes of @p's ring from index @from on (n <= size), as a kernel
 * iov_iter of one or two segments in @iov. */
static void ring_iter(struct pipe_inode_info *p, u32 from, size_t n,
		      struct iovec iov[2], struct iov_iter *it)
{
	size_t off = from & (p->size - 1), first = MIN(n, p->size - off);

	iov[0] = (struct iovec){ (void __user *)(p->buf + off), first };
	iov[1] = (struct iovec){ (void __user *)p->buf, n - first };
	iov_iter_init(it, false, iov, n > first ? 2 : 1, n);
}

/* ---- the moves ---- */

/* Pipe to file: up to @len bytes of @p written to @out at *@pos. */
static long splice_from_pipe(struct pipe_inode_info *p, struct file *out,
			     loff_t *pos, size_t len, unsigned int flags)
{
	struct iovec iov[2];
	struct iov_iter it;
	long ret = pipe_lock_data(p, flags);

	if (ret)
		return ret < 0 ? ret : 0;
	ring_iter(p, p->tail, MIN(len, (size_t)pipe_used(p)), iov, &it);
	ret = vfs_write(out, &it, pos);
	if (ret > 0)
		pipe_consumed(p, (size_t)ret);
	mutex_unlock(&p->rd_mutex);
	return ret;
}

/* File to pipe: up to @len bytes read from @in at *@pos into @p. */
static long splice_to_pipe(struct file *in, loff_t *pos,
			   struct pipe_inode_info *p, size_t len,
			   unsigned int flags)
{
	struct iovec iov[2];
	struct iov_iter it;
	long ret = pipe_lock_room(p, flags);

	if (ret)
		return ret;
	ring_iter(p, p->head, MIN(len, (size_t)pipe_room(p)), iov, &it);
	ret = vfs_read(in, &it, pos);
	if (ret > 0)
		pipe_produced(p, (size_t)ret);
	mutex_unlock(&p->wr_mutex);
	return ret;
}

/* Pipe to pipe: up to @len bytes of @ip copied into @op, and taken out
 * of @ip unless @tee. */
static long splice_pipe_to_pipe(struct pipe_inode_info *ip,
				struct pipe_inode_info *op, size_t len,
				unsigned int flags, bool tee)
{
	for (;;) {
		long ret = wait_for_data(ip, flags);
		u32 n;

		if (!ret && !pipe_used(ip))
			return 0;	/* empty, and no writer left */
		if (!ret)
			ret = wait_for_room(op, flags);
		if (ret)
			return ret;
		if (mutex_lock_interruptible(&ip->rd_mutex))
			return -ERESTARTSYS;
		mutex_lock(&op->wr_mutex);
		n = (u32)MIN(len, (size_t)MIN(pipe_used(ip), pipe_room(op)));
		pipe_copy_ring(op->buf, op->size, op->head, ip->buf, ip->size,
			       ip->tail, n);
		if (n)
			pipe_produced(op, n);
		if (n && !tee)
			pipe_consumed(ip, n);
		mutex_unlock(&op->wr_mutex);
		mutex_unlock(&ip->rd_mutex);
		if (n)
			return n;
	}
}

/* ---- splice(2) and tee(2) ---- */

/* Files splice reads and writes besides pipes: regular files (not the
 * anonymous inodes of eventfd, epoll and the like, which have no
 * dentry), devices and sockets. Linux answers EINVAL for the rest (no
 * ->splice_read or ->splice_write): directories among them. */
static bool splice_file_ok(struct file *f)
{
	umode_t mode = f->f_inode->i_mode;

	if (S_ISREG(mode))
		return f->f_dentry != NULL;
	return S_ISCHR(mode) || S_ISSOCK(mode);
}

/* The file end @f of a splice with pipe @p, at *@uoff (NULL: its file
 * position): checked as Linux checks it, then moved. */
static long splice_file(struct file *f, loff_t __user *uoff,
			struct pipe_inode_info *p, size_t len,
			unsigned int flags, bool to_file)
{
	loff_t pos = 0;
	long ret;

	if (uoff && !(f->f_mode & FMODE_LSEEK))
		return -EINVAL;
	if (uoff && copy_from_user(&pos, uoff, sizeof(pos)))
		return -EFAULT;
	if ((to_file && (f->f_flags & O_APPEND)) || !splice_file_ok(f) ||
	    pos < 0)
		return -EINVAL;
	if (to_file)
		ret = splice_from_pipe(p, f, uoff ? &pos : &f->f_pos, len, flags);
	else
		ret = splice_to_pipe(f, uoff ? &pos : &f->f_pos, p, len, flags);
	if (uoff && ret > 0 && copy_to_user(uoff, &pos, sizeof(pos)))
		return -EFAULT;
	return ret;
}

/* One splice between two open files; an offset only on a non-pipe end. */
static long do_splice(struct file *in, loff_t __user *off_in,
		      struct file *out, loff_t __user *off_out, size_t len,
		      unsigned int flags)
{
	struct pipe_inode_info *ip = get_pipe_info(in);
	struct pipe_inode_info *op = get_pipe_info(out);

	if (!(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE))
		return -EBADF;
	if ((ip && off_in) || (op && off_out))
		return -ESPIPE;
	if (!ip && !op)
		return -EINVAL;
	if (ip && (in->f_flags & O_NONBLOCK))
		flags |= SPLICE_F_NONBLOCK;
	if (op && (out->f_flags & O_NONBLOCK))
		flags |= SPLICE_F_NONBLOCK;
	if (ip && op)
		return ip == op ? -EINVAL :
			splice_pipe_to_pipe(ip, op, len, flags, false);
	if (ip)
		return splice_file(out, off_out, ip, len, flags, true);
	return splice_file(in, off_in, op, len, flags, false);
}

/* Both files of a splice or tee, or -EBADF; then @fn on them. */
static long with_two_files(int fd_in, int fd_out, long (*fn)(struct file *,
			   struct file *, void *), void *arg)
{
	struct file *in = fget((unsigned int)fd_in),
		    *out = fget((unsigned int)fd_out);
	long ret = in && out ? fn(in, out, arg) : -EBADF;

	if (in)
		fput(in);
	if (out)
		fput(out);
	return ret;
}

struct splice_args {
	loff_t __user *off_in, *off_out;
	size_t len;
	unsigned int flags;
};

static long splice_files(struct file *in, struct file *out, void *arg)
{
	struct splice_args *a = arg;

	return do_splice(in, a->off_in, out, a->off_out, a->len, a->flags);
}

/* splice(2): up to @len bytes from @fd_in to @fd_out, one of them a
 * pipe; the bytes moved, 0 at the input pipe's end, or -errno. */
long sys_splice(int fd_in, loff_t __user *off_in, int fd_out,
		loff_t __user *off_out, size_t len, unsigned int flags)
{
	struct splice_args a = { off_in, off_out, MIN(len, (size_t)MAX_RW_COUNT),
				 flags };

	if (!len)
		return 0;
	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	return with_two_files(fd_in, fd_out, splice_files, &a);
}

static long tee_files(struct file *in, struct file *out, void *arg)
{
	struct splice_args *a = arg;
	struct pipe_inode_info *ip = get_pipe_info(in);
	struct pipe_inode_info *op = get_pipe_info(out);

	if (!(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!ip || !op || ip == op)
		return -EINVAL;
	if ((in->f_flags | out->f_flags) & O_NONBLOCK)
		a->flags |= SPLICE_F_NONBLOCK;
	return splice_pipe_to_pipe(ip, op, a->len, a->flags, true);
}

/* tee(2): copy up to @len bytes of pipe @fdin into pipe @fdout, leaving
 * them in @fdin; the bytes copied, 0 at the end, or -errno. */
long sys_tee(int fdin, int fdout, size_t len, unsigned int flags)
{
	struct splice_args a = { NULL, NULL, MIN(len, (size_t)MAX_RW_COUNT),
				 flags };

	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	if (!len)
		return 0;
	return with_two_files(fdin, fdout, tee_files, &a);
}

/* ---- vmsplice(2) ---- */

/* User memory into pipe @p: what fits now (waiting for some room). */
static long vmsplice_to_pipe(struct pipe_inode_info *p, struct iov_iter *from,
			     unsigned int flags)
{
	long ret = pipe_lock_room(p, flags);

	if (ret)
		return ret;
	ret = pipe_copy_in(p, from, pipe_room(p));
	mutex_unlock(&p->wr_mutex);
	return ret;
}

/* Pipe @p into user memory: what is there (waiting for some). */
static long vmsplice_to_user(struct pipe_inode_info *p, struct iov_iter *to,
			     unsigned int flags)
{
	long ret = pipe_lock_data(p, flags);

	if (ret)
		return ret < 0 ? ret : 0;
	ret = pipe_copy_out(p, to, pipe_used(p));
	mutex_unlock(&p->rd_mutex);
	return ret;
}

/* The copy of vmsplice on pipe file @f: into the pipe if @f writes it,
 * else out of it. */
static long vmsplice_file(struct file *f, const struct iovec __user *uiov,
			  unsigned long nr_segs, unsigned int flags)
{
	struct pipe_inode_info *p;
	struct iov_iter it;
	struct iovec *iov;
	size_t total;
	long ret;

	if (!(f->f_mode & (FMODE_READ | FMODE_WRITE)))
		return -EBADF;
	if (!nr_segs)
		return 0;	/* nothing to move, pipe or not (Linux's order) */
	iov = import_iovec(uiov, nr_segs, &total);
	if (IS_ERR(iov))
		return PTR_ERR(iov);
	iov_iter_init(&it, true, iov, nr_segs, total);
	p = get_pipe_info(f);
	if (f->f_flags & O_NONBLOCK)
		flags |= SPLICE_F_NONBLOCK;
	if (!p)
		ret = -EBADF;
	else if (!total)
		ret = 0;
	else if (f->f_mode & FMODE_WRITE)
		ret = vmsplice_to_pipe(p, &it, flags);
	else
		ret = vmsplice_to_user(p, &it, flags);
	kfree(iov);
	return ret;
}

/* vmsplice(2): the user memory in @uiov into pipe @fd (its write end),
 * or the pipe's data out into it (its read end); bytes or -errno. */
long sys_vmsplice(int fd, const struct iovec __user *uiov,
		  unsigned long nr_segs, unsigned int flags)
{
	struct file *f;
	long ret;

	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	f = fget((unsigned int)fd);
	if (!f)
		return -EBADF;
	ret = vmsplice_file(f, uiov, nr_segs, flags);
	fput(f);
	return ret;
}

/* ---- copy_file_range(2) ---- */

/*
 * Linux copies between two files of one file system through the file
 * system's own copy or clone, and otherwise through do_splice_direct(),
 * a private pipe between the two. Taskbase's files are memory, so the
 * copy is sendfile's: a kernel page at a time (copy_through_page(), in
 * kernel/fs/fd_syscalls.c). As Linux 6.1: regular files only (EISDIR,
 * EINVAL), of one super block (EXDEV), and not overlapping in one file.
 */

/* generic_copy_file_checks(): 0 or -errno; *@len cut to @in's end. */
static long copy_range_checks(struct file *in, loff_t pin, struct file *out,
			      loff_t pout, size_t *len)
{
	struct inode *ii = in->f_inode, *oi = out->f_inode;
	u64 size = READ_ONCE(ii->i_size);

	if (S_ISDIR(ii->i_mode) || S_ISDIR(oi->i_mode))
		return -EISDIR;
	if (!S_ISREG(ii->i_mode) || !S_ISREG(oi->i_mode) || !in->f_dentry ||
	    !out->f_dentry)
		return -EINVAL;
	if (!(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE) ||
	    (out->f_flags & O_APPEND))
		return -EBADF;
	if (ii->i_sb != oi->i_sb)
		return -EXDEV;
	if ((u64)pin + *len < (u64)pin || (u64)pout + *len < (u64)pout ||
	    (loff_t)((u64)pin + *len) < 0 || (loff_t)((u64)pout + *len) < 0)
		return -EOVERFLOW;
	*len = (u64)pin >= size ? 0 : MIN(*len, (size_t)(size - (u64)pin));
	if (ii == oi && pout + (loff_t)*len > pin && pout < pin + (loff_t)*len)
		return -EINVAL;
	return pin < 0 || pout < 0 ? -EINVAL : 0;
}

/* An offset of copy_file_range: *@uoff, or @f's position; 0 or -EFAULT. */
static long get_copy_pos(struct file *f, loff_t __user *uoff, loff_t *pos)
{
	*pos = f->f_pos;
	return uoff && copy_from_user(pos, uoff, sizeof(*pos)) ? -EFAULT : 0;
}

/* Where the copy ended: into *@uoff, or @f's position. */
static long put_copy_pos(struct file *f, loff_t __user *uoff, loff_t pos)
{
	if (!uoff)
		f->f_pos = pos;
	return uoff && copy_to_user(uoff, &pos, sizeof(pos)) ? -EFAULT : 0;
}

static long copy_range_files(struct file *in, struct file *out, void *arg)
{
	struct splice_args *a = arg;
	loff_t pin, pout;
	size_t len = a->len;
	long ret = get_copy_pos(in, a->off_in, &pin);

	if (!ret)
		ret = get_copy_pos(out, a->off_out, &pout);
	if (!ret)
		ret = copy_range_checks(in, pin, out, pout, &len);
	if (ret || !len)
		return ret;
	/* Both offsets move by what was written (copy_through_page() gives
	 * back what the output did not take). */
	ret = copy_through_page(in, &pin, out, &pout, len);
	if (ret <= 0)
		return ret;
	if (put_copy_pos(in, a->off_in, pin) || put_copy_pos(out, a->off_out, pout))
		return -EFAULT;
	return ret;
}

/* copy_file_range(2): up to @len bytes of @fd_in (at *@off_in, or its
 * position) into @fd_out (likewise); @flags must be 0. The bytes copied,
 * 0 at @fd_in's end, or -errno. */
long sys_copy_file_range(int fd_in, loff_t __user *off_in, int fd_out,
			 loff_t __user *off_out, size_t len, unsigned int flags)
{
	struct splice_args a = { off_in, off_out, MIN(len, (size_t)MAX_RW_COUNT),
				 flags };

	if (flags)
		return -EINVAL;
	return with_two_files(fd_in, fd_out, copy_range_files, &a);
}
