/*
 * Pipes: a ring buffer between the files that read and write it, on one
 * S_IFIFO inode (kernel/fs/pipe_fs_i.h): pipe(2)'s anonymous one, with a
 * read end and a write end, or a named pipe's, where each open() adds a
 * reader or a writer or both (fifo_open(), below).
 *
 *          tail (read so far)        head (written so far)
 *   buf:  [ .... | data data data data | .... free .... ]   mod size
 *
 * head and tail count every byte ever written and read (u32, wrapping);
 * head - tail is the data in the pipe, and since size is a power of two
 * a byte's place is its index & (size - 1), whatever the size was when
 * it was written: fcntl(F_SETPIPE_SZ) moves the bytes into a buffer of
 * the new size and leaves head and tail alone. Only writers move head
 * and only readers move tail, and one mutex per end lets one reader and
 * one writer in at a time, so each copies to or from user memory (which
 * may fault and sleep) with no spinlock held; the spinlock orders the
 * index updates. A reader sleeps for data before it takes rd_mutex, a
 * writer lets wr_mutex go while it sleeps for room, so a resize (which
 * takes both) never waits for a blocked reader or writer.
 *
 * Semantics, as Linux's: read blocks until there is data and returns
 * what is there (up to the count), or 0 (end of file) once every writer
 * has closed; write blocks until all is written, and a write of at most
 * PIPE_BUF bytes goes in as one piece (never interleaved with another
 * writer's); with no reader left, write sends SIGPIPE and fails with
 * EPIPE; O_NONBLOCK turns waiting into EAGAIN; a signal interrupts a
 * wait (-ERESTARTSYS, or the bytes done so far). pipe_poll() answers
 * poll(2) and select(2) from the same indices and wait queues.
 *
 * A named pipe (mknod S_IFIFO, mkfifo) is an inode with no data of its
 * own: every open() of it is an end of one pipe hung off its i_pipe,
 * made by the first open and freed by the last close (fifo_open(), as
 * Linux's). A reader's open waits for a writer (O_NONBLOCK: it does
 * not), a writer's for a reader (O_NONBLOCK: ENXIO with no reader),
 * O_RDWR never waits, and a signal ends the wait (-ERESTARTSYS).
 */
#include "kernel/fs/pipe_fs_i.h"
#include "kernel/fs/syscalls.h"
#include "kernel/cred.h"
#include "kernel/locking/lockdep.h"
#include "kernel/signal.h"
#include "kernel/mm/slab.h"
#include "asm/memlayout.h"
#include "lib/atomic.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define FIONREAD 0x541B

static struct super_block *pipe_sb;

u32 pipe_max_size = 1048576;	/* /proc/sys/fs/pipe-max-size */

/* Move an index forward under the lock and wake the other side. */
static void pipe_advance(struct pipe_inode_info *p, u32 *index, size_t n,
			 struct wait_queue_head *wake)
{
	spin_lock(&p->lock);
	smp_store_release(index, *index + (u32)n);
	spin_unlock(&p->lock);
	wake_up(wake);
}

void pipe_produced(struct pipe_inode_info *p, size_t n)
{
	pipe_advance(p, &p->head, n, &p->rd_wait);
	kill_fasync(&p->fasync_readers, SIGIO, POLL_IN);
}

void pipe_consumed(struct pipe_inode_info *p, size_t n)
{
	pipe_advance(p, &p->tail, n, &p->wr_wait);
	kill_fasync(&p->fasync_writers, SIGIO, POLL_OUT);
}

long pipe_copy_out(struct pipe_inode_info *p, struct iov_iter *to, size_t avail)
{
	size_t n = MIN(avail, to->count);
	size_t off = p->tail & (p->size - 1), first = MIN(n, p->size - off);
	size_t done;

	lockdep_assert_held(&p->rd_mutex);
	done = copy_to_iter(p->buf + off, first, to);
	if (done == first && n > first)
		done += copy_to_iter(p->buf, n - first, to);
	if (!done)
		return -EFAULT;
	pipe_consumed(p, done);
	return (long)done;
}

long pipe_copy_in(struct pipe_inode_info *p, struct iov_iter *from, size_t room)
{
	size_t n = MIN(room, from->count);
	size_t off = p->head & (p->size - 1), first = MIN(n, p->size - off);
	size_t done;

	lockdep_assert_held(&p->wr_mutex);
	done = copy_from_iter(p->buf + off, first, from);
	if (done == first && n > first)
		done += copy_from_iter(p->buf, n - first, from);
	if (!done)
		return -EFAULT;
	pipe_produced(p, done);
	return (long)done;
}

/* Sleep until @cond with @m let go (a resize may need it meanwhile);
 * 0 with @m held again, or -ERESTARTSYS without it. */
#define pipe_wait_unlocked(wq, m, cond) ({				\
	int __ret;							\
	mutex_unlock(m);						\
	__ret = wait_event_interruptible(wq, cond);			\
	if (!__ret && mutex_lock_interruptible(m))			\
		__ret = -ERESTARTSYS;					\
	__ret; })

/* A reader waits for data before it takes rd_mutex (and takes it again
 * if another reader got there first). */
static long pipe_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct pipe_inode_info *p = f->private_data;
	long ret;

	for (;;) {
		if (!pipe_readable(p)) {
			if (f->f_flags & O_NONBLOCK)
				return -EAGAIN;
			ret = wait_event_interruptible(p->rd_wait,
						       pipe_readable(p));
			if (ret)
				return ret;
		}
		if (mutex_lock_interruptible(&p->rd_mutex))
			return -ERESTARTSYS;
		ret = pipe_used(p) ? pipe_copy_out(p, to, pipe_used(p)) : 0;
		mutex_unlock(&p->rd_mutex);
		if (ret || !READ_ONCE(p->writers))
			return ret;	/* data, -EFAULT, or end of file (0) */
	}
}

/* One step of a write (wr_mutex held): 0 to go on, or why to stop; a
 * failed wait returns with wr_mutex let go (*@unlocked). */
static long pipe_write_step(struct file *f, struct pipe_inode_info *p,
			    struct iov_iter *from, size_t need, bool *unlocked)
{
	size_t room;
	long ret;

	lockdep_assert_held(&p->wr_mutex);
	if (!READ_ONCE(p->readers)) {
		send_sig(SIGPIPE, current);
		return -EPIPE;
	}
	room = pipe_room(p);
	if (room >= need) {
		long n = pipe_copy_in(p, from, room);

		return n < 0 ? n : 0;
	}
	if (f->f_flags & O_NONBLOCK)
		return -EAGAIN;
	ret = pipe_wait_unlocked(p->wr_wait, &p->wr_mutex,
				 pipe_writable(p, need));
	*unlocked = ret != 0;
	return ret;
}

static long pipe_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	struct pipe_inode_info *p = f->private_data;
	size_t total = from->count;
	bool atomic = total <= PIPE_BUF;	/* all of it in one piece */
	bool unlocked = false;
	long ret = 0;

	if (mutex_lock_interruptible(&p->wr_mutex))
		return -ERESTARTSYS;
	while (!ret && from->count)
		ret = pipe_write_step(f, p, from, atomic ? from->count : 1,
				      &unlocked);
	if (!unlocked)
		mutex_unlock(&p->wr_mutex);
	if (from->count < total)
		return (long)(total - from->count);
	return ret;
}

void pipe_add_end(struct pipe_inode_info *p, unsigned int fmode)
{
	spin_lock(&p->lock);
	p->files++;
	if (fmode & FMODE_READ) {
		p->readers++;
		p->r_counter++;
	}
	if (fmode & FMODE_WRITE) {
		p->writers++;
		p->w_counter++;
	}
	spin_unlock(&p->lock);
	wake_up(&p->rd_wait);
	wake_up(&p->wr_wait);
}

/* The last file frees the pipe and takes it off the inode, under
 * i_mutex, where fifo_open() looks for it. */
static int pipe_release(struct inode *inode, struct file *f)
{
	struct pipe_inode_info *p = f->private_data;
	bool last;

	mutex_lock(&inode->i_mutex);
	spin_lock(&p->lock);
	if (f->f_mode & FMODE_READ)
		p->readers--;
	if (f->f_mode & FMODE_WRITE)
		p->writers--;
	last = --p->files == 0;
	spin_unlock(&p->lock);
	if (last) {
		inode->i_pipe = NULL;
		mutex_unlock(&inode->i_mutex);
		free_pipe_info(p);
		return 0;
	}
	/* Under i_mutex: the last close, which frees the pipe, takes it
	 * first (KASAN saw these wake-ups read a pipe freed meanwhile). */
	wake_up(&p->rd_wait);
	wake_up(&p->wr_wait);
	kill_fasync(&p->fasync_readers, SIGIO, POLL_IN);
	kill_fasync(&p->fasync_writers, SIGIO, POLL_OUT);
	mutex_unlock(&inode->i_mutex);
	return 0;
}

/* O_ASYNC: readers hear of data, writers of room. */
static int pipe_fasync(int fd, struct file *f, int on)
{
	struct pipe_inode_info *p = f->private_data;
	int ret = 0;

	if (f->f_mode & FMODE_READ)
		ret = fasync_helper(fd, f, on, &p->fasync_readers);
	if (ret >= 0 && (f->f_mode & FMODE_WRITE)) {
		ret = fasync_helper(fd, f, on, &p->fasync_writers);
		if (ret < 0 && (f->f_mode & FMODE_READ))
			fasync_helper(-1, f, 0, &p->fasync_readers);
	}
	return ret < 0 ? ret : 0;
}

static long pipe_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pipe_inode_info *p = f->private_data;

	if (cmd != FIONREAD)
		return -ENOTTY;
	return put_user_u32(pipe_used(p), (u32 __user *)arg);
}

/* Readable with data or with no writer left (EPOLLHUP; for a FIFO only
 * once a writer has come since this open, f_version); writable with room
 * for PIPE_BUF bytes, an error (EPOLLERR) with no reader left. */
static __poll_t pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe_inode_info *p = f->private_data;
	__poll_t mask = 0;

	if (f->f_mode & FMODE_READ) {
		poll_wait(f, &p->rd_wait, pt);
		if (pipe_used(p))
			mask |= EPOLLIN | EPOLLRDNORM;
		if (!READ_ONCE(p->writers) &&
		    f->f_version != READ_ONCE(p->w_counter))
			mask |= EPOLLHUP;
	}
	if (f->f_mode & FMODE_WRITE) {
		poll_wait(f, &p->wr_wait, pt);
		if (pipe_room(p) >= PIPE_BUF)
			mask |= EPOLLOUT | EPOLLWRNORM;
		if (!READ_ONCE(p->readers))
			mask |= EPOLLERR;
	}
	return mask;
}

const struct file_operations pipefifo_fops = {
	.open = fifo_open,
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
	.fasync = pipe_fasync,
};

/* ---- the size (fcntl F_GETPIPE_SZ, F_SETPIPE_SZ) ---- */

u32 round_pipe_size(unsigned long size)
{
	u32 n = PAGE_SIZE;

	if (size > (1ul << 31))
		return 0;
	while (n < size)
		n <<= 1;
	return n;
}

/* A new pipe's size: 64 KiB, or pipe-max-size if less and current may
 * not go past it. */
static u32 pipe_default_size(void)
{
	u32 max = READ_ONCE(pipe_max_size);

	if (PIPE_SIZE > max && !capable(CAP_SYS_RESOURCE))
		return max;
	return PIPE_SIZE;
}

void free_pipe_info(struct pipe_inode_info *p)
{
	BUG_ON(p->readers || p->writers || p->files);
	kfree(p->buf);
	kfree(p);
}

struct pipe_inode_info *alloc_pipe_info(void)
{
	struct pipe_inode_info *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return NULL;
	p->size = pipe_default_size();
	p->buf = kmalloc(p->size, GFP_KERNEL);
	if (!p->buf) {
		kfree(p);
		return NULL;
	}
	spin_lock_init(&p->lock, "pipe");
	init_waitqueue_head(&p->rd_wait);
	init_waitqueue_head(&p->wr_wait);
	mutex_init(&p->rd_mutex);
	mutex_init(&p->wr_mutex);
	return p;
}

void pipe_copy_ring(char *dst, u32 dsize, u32 to, const char *src, u32 ssize,
		    u32 from, u32 n)
{
	while (n) {
		u32 o = from & (ssize - 1), d = to & (dsize - 1);
		u32 len = MIN(n, MIN(ssize - o, dsize - d));

		memcpy(dst + d, src + o, len);
		from += len;
		to += len;
		n -= len;
	}
}

/* Both mutexes held: the bytes into @buf of @size, or -EBUSY when they
 * do not fit. */
static long pipe_resize_ring(struct pipe_inode_info *p, char *buf, u32 size)
{
	char *old = p->buf;
	u32 used = pipe_used(p);

	lockdep_assert_held(&p->rd_mutex);
	lockdep_assert_held(&p->wr_mutex);
	if (used > size)
		return -EBUSY;
	pipe_copy_ring(buf, size, p->tail, old, p->size, p->tail, used);
	spin_lock(&p->lock);
	p->buf = buf;
	WRITE_ONCE(p->size, size);
	spin_unlock(&p->lock);
	kfree(old);
	return size;
}

static long pipe_set_size(struct pipe_inode_info *p, unsigned long arg)
{
	u32 size = round_pipe_size(arg);
	char *buf;
	long ret;

	if (!size)
		return -EINVAL;
	if (size > p->size && size > READ_ONCE(pipe_max_size) &&
	    !capable(CAP_SYS_RESOURCE))
		return -EPERM;
	buf = kmalloc(size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (mutex_lock_interruptible(&p->rd_mutex)) {
		kfree(buf);
		return -ERESTARTSYS;
	}
	mutex_lock(&p->wr_mutex);
	ret = pipe_resize_ring(p, buf, size);
	mutex_unlock(&p->wr_mutex);
	mutex_unlock(&p->rd_mutex);
	if (ret < 0)
		kfree(buf);
	wake_up(&p->wr_wait);		/* more room, maybe */
	return ret;
}

struct pipe_inode_info *get_pipe_info(struct file *f)
{
	return f->f_op == &pipefifo_fops ? f->private_data : NULL;
}

long pipe_fcntl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pipe_inode_info *p = get_pipe_info(f);

	if (!p)
		return -EBADF;
	if (cmd == F_GETPIPE_SZ)
		return READ_ONCE(p->size);
	return pipe_set_size(p, arg);
}

/* ---- named pipes (FIFOs) ---- */

/* A writer that may not wait finds no reader on pipe @p (NULL: none)? */
static bool fifo_nonblock_no_reader(struct pipe_inode_info *p, struct file *f)
{
	return f->f_mode == FMODE_WRITE && (f->f_flags & O_NONBLOCK) &&
	       (!p || !READ_ONCE(p->readers));
}

/* Attach @f to @inode's pipe (made now if it has none) as the reader or
 * writer its f_mode says; the open counters, as they were before, in
 * *@r and *@w. 0, -ENXIO or -ENOMEM. */
static int fifo_attach(struct inode *inode, struct file *f, unsigned int *r,
		       unsigned int *w)
{
	struct pipe_inode_info *p;
	int err = 0;

	mutex_lock(&inode->i_mutex);
	p = inode->i_pipe;
	if (fifo_nonblock_no_reader(p, f))
		err = -ENXIO;
	else if (!p)
		p = inode->i_pipe = alloc_pipe_info();
	if (!err && !p)
		err = -ENOMEM;
	if (!err) {
		*r = READ_ONCE(p->r_counter);
		*w = READ_ONCE(p->w_counter);
		pipe_add_end(p, f->f_mode);
		f->private_data = p;
	}
	mutex_unlock(&inode->i_mutex);
	return err;
}

/* Sleep until an open of the other side is counted past @seen. */
static int wait_for_partner(struct wait_queue_head *wq, unsigned int *counter,
			    unsigned int seen)
{
	return wait_event_interruptible(*wq, READ_ONCE(*counter) != seen);
}

/* The wait of a reader-only or writer-only open: 0, or -errno. */
static int fifo_wait(struct pipe_inode_info *p, struct file *f,
		     unsigned int r_seen, unsigned int w_seen)
{
	if (f->f_mode == FMODE_READ && !READ_ONCE(p->writers)) {
		if (f->f_flags & O_NONBLOCK) {
			f->f_version = w_seen;	/* no EPOLLHUP till a writer */
			return 0;
		}
		return wait_for_partner(&p->rd_wait, &p->w_counter, w_seen);
	}
	if (f->f_mode == FMODE_WRITE && !READ_ONCE(p->readers))
		return wait_for_partner(&p->wr_wait, &p->r_counter, r_seen);
	return 0;
}

int fifo_open(struct inode *inode, struct file *f)
{
	unsigned int r_seen, w_seen;
	int err;

	if (!(f->f_mode & (FMODE_READ | FMODE_WRITE)))
		return -EINVAL;		/* O_ACCMODE 3 */
	err = fifo_attach(inode, f, &r_seen, &w_seen);
	if (err)
		return err;
	err = fifo_wait(f->private_data, f, r_seen, w_seen);
	if (err)
		pipefifo_fops.release(inode, f);
	return err;
}

/* ---- pipe(2) ---- */

int pipe_fs_init(void)
{
	return get_pseudo_sb(&pipe_sb, "pipefs", NULL) ? 0 : -ENOMEM;
}

/* The pipe's inode: its pipe goes with its last file (pipe_release()). */
static struct inode *pipe_inode(void)
{
	struct super_block *sb = get_pseudo_sb(&pipe_sb, "pipefs", NULL);
	struct inode *inode = sb ? new_inode(sb, S_IFIFO | 0600) : NULL;

	if (!inode)
		return NULL;
	/* Reopened through /proc/<pid>/fd/N, it opens as a FIFO would. */
	inode->i_fop = &pipefifo_fops;
	inode->i_pipe = alloc_pipe_info();
	if (!inode->i_pipe) {
		iput(inode);
		return NULL;
	}
	return inode;
}

/* One end of the new pipe on @inode (whose reference it takes over). */
static struct file *pipe_end(struct inode *inode, int flags)
{
	struct file *f = alloc_file(inode, flags, &pipefifo_fops);

	if (!f)
		return NULL;
	f->private_data = inode->i_pipe;
	pipe_add_end(inode->i_pipe, f->f_mode);
	return f;
}

int create_pipe_files(struct file **files, int flags)
{
	struct inode *inode = pipe_inode();
	int nb = flags & O_NONBLOCK;

	if (!inode)
		return -ENFILE;		/* Linux's answer for the pipe itself */
	files[0] = pipe_end(inode, O_RDONLY | nb);
	if (!files[0]) {
		free_pipe_info(inode->i_pipe);
		iput(inode);
		return -ENOMEM;
	}
	files[1] = pipe_end(igrab(inode), O_WRONLY | nb);
	if (!files[1]) {
		iput(inode);
		fput(files[0]);
		return -ENOMEM;
	}
	return 0;
}
