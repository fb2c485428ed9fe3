/*
 * Pipes: a 64 KiB ring buffer between two struct files, the read end and
 * the write end, on one anonymous S_IFIFO inode.
 *
 *          tail (read so far)        head (written so far)
 *   buf:  [ .... | data data data data | .... free .... ]   mod PIPE_SIZE
 *
 * head and tail count every byte ever written and read (u32, wrapping);
 * head - tail is the data in the pipe. Only writers move head and only
 * readers move tail, and one mutex per end lets one reader and one
 * writer in at a time, so each copies to or from user memory (which may
 * fault and sleep) with no spinlock held; the spinlock orders the index
 * updates.
 *
 * Semantics, as Linux's: read blocks until there is data and returns
 * what is there (up to the count), or 0 (end of file) once every writer
 * has closed; write blocks until all is written, and a write of at most
 * PIPE_BUF bytes goes in as one piece (never interleaved with another
 * writer's); with no reader left, write sends SIGPIPE and fails with
 * EPIPE; O_NONBLOCK turns waiting into EAGAIN; a signal interrupts a
 * wait (-ERESTARTSYS, or the bytes done so far). pipe_poll() answers
 * poll(2) and select(2) from the same indices and wait queues.
 */
#include "kernel/locking/mutex.h"
#include "kernel/signal.h"
#include "kernel/mm/slab.h"
#include "kernel/fs/vfs.h"
#include "lib/atomic.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "kernel/locking/lockdep.h"

#define FIONREAD 0x541B

struct pipe_inode_info {
	spinlock_t lock;		/* head, tail, readers, writers */
	struct wait_queue_head rd_wait;	/* readers wait for data */
	struct wait_queue_head wr_wait;	/* writers wait for room */
	struct mutex rd_mutex, wr_mutex;
	u32 head, tail;
	int readers, writers;
	char *buf;			/* PIPE_SIZE bytes */
};

static struct super_block *pipe_sb;

static u32 pipe_used(struct pipe_inode_info *p)
{
	return smp_load_acquire(&p->head) - smp_load_acquire(&p->tail);
}

static bool pipe_readable(struct pipe_inode_info *p)
{
	return pipe_used(p) || !READ_ONCE(p->writers);
}

static bool pipe_writable(struct pipe_inode_info *p, size_t need)
{
	return PIPE_SIZE - pipe_used(p) >= need || !READ_ONCE(p->readers);
}

/* Move an index forward under the lock and wake the other side. */
static void pipe_advance(struct pipe_inode_info *p, u32 *index, size_t n,
			 struct wait_queue_head *wake)
{
	spin_lock(&p->lock);
	smp_store_release(index, *index + (u32)n);
	spin_unlock(&p->lock);
	wake_up(wake);
}

/* Reader, rd_mutex held: copy up to @avail bytes out; bytes copied or
 * -EFAULT. */
static long pipe_copy_out(struct pipe_inode_info *p, struct iov_iter *to,
			  size_t avail)
{
	size_t n = MIN(avail, to->count);
	size_t off = p->tail % PIPE_SIZE, first = MIN(n, PIPE_SIZE - off);
	size_t done;

	lockdep_assert_held(&p->rd_mutex);
	done = copy_to_iter(p->buf + off, first, to);
	if (done == first && n > first)
		done += copy_to_iter(p->buf, n - first, to);
	if (!done)
		return -EFAULT;
	pipe_advance(p, &p->tail, done, &p->wr_wait);
	return (long)done;
}

/* Writer, wr_mutex held: copy up to @room bytes in; bytes copied or
 * -EFAULT. */
static long pipe_copy_in(struct pipe_inode_info *p, struct iov_iter *from,
			 size_t room)
{
	size_t n = MIN(room, from->count);
	size_t off = p->head % PIPE_SIZE, first = MIN(n, PIPE_SIZE - off);
	size_t done;

	lockdep_assert_held(&p->wr_mutex);
	done = copy_from_iter(p->buf + off, first, from);
	if (done == first && n > first)
		done += copy_from_iter(p->buf, n - first, from);
	if (!done)
		return -EFAULT;
	pipe_advance(p, &p->head, done, &p->rd_wait);
	return (long)done;
}

static long pipe_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct pipe_inode_info *p = f->private_data;
	long ret = 0;

	if (mutex_lock_interruptible(&p->rd_mutex))
		return -ERESTARTSYS;
	for (;;) {
		u32 avail = pipe_used(p);

		if (avail) {
			ret = pipe_copy_out(p, to, avail);
			break;
		}
		if (!READ_ONCE(p->writers))
			break;		/* end of file: 0 */
		if (f->f_flags & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		ret = wait_event_interruptible(p->rd_wait, pipe_readable(p));
		if (ret)
			break;
	}
	mutex_unlock(&p->rd_mutex);
	return ret;
}

/* One step of a write (wr_mutex held): 0 to go on, or why to stop. */
static long pipe_write_step(struct file *f, struct pipe_inode_info *p,
			    struct iov_iter *from, size_t need)
{
	size_t room;

	lockdep_assert_held(&p->wr_mutex);
	if (!READ_ONCE(p->readers)) {
		send_sig(SIGPIPE, current);
		return -EPIPE;
	}
	room = PIPE_SIZE - pipe_used(p);
	if (room >= need) {
		long n = pipe_copy_in(p, from, room);

		return n < 0 ? n : 0;
	}
	if (f->f_flags & O_NONBLOCK)
		return -EAGAIN;
	return wait_event_interruptible(p->wr_wait, pipe_writable(p, need));
}

static long pipe_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	struct pipe_inode_info *p = f->private_data;
	size_t total = from->count;
	bool atomic = total <= PIPE_BUF;	/* all of it in one piece */
	long ret = 0;

	if (mutex_lock_interruptible(&p->wr_mutex))
		return -ERESTARTSYS;
	while (!ret && from->count)
		ret = pipe_write_step(f, p, from, atomic ? from->count : 1);
	mutex_unlock(&p->wr_mutex);
	if (from->count < total)
		return (long)(total - from->count);
	return ret;
}

static int pipe_release(struct inode *inode, struct file *f)
{
	struct pipe_inode_info *p = f->private_data;

	spin_lock(&p->lock);
	if (f->f_mode & FMODE_READ)
		p->readers--;
	if (f->f_mode & FMODE_WRITE)
		p->writers--;
	spin_unlock(&p->lock);
	wake_up(&p->rd_wait);
	wake_up(&p->wr_wait);
	return 0;
}

static long pipe_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct pipe_inode_info *p = f->private_data;

	if (cmd != FIONREAD)
		return -ENOTTY;
	return put_user_u32(pipe_used(p), (u32 __user *)arg);
}

/* Readable with data or with no writer left (EPOLLHUP); writable with
 * room for PIPE_BUF bytes, an error (EPOLLERR) with no reader left. */
static __poll_t pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe_inode_info *p = f->private_data;
	__poll_t mask = 0;

	if (f->f_mode & FMODE_READ) {
		poll_wait(f, &p->rd_wait, pt);
		if (pipe_used(p))
			mask |= EPOLLIN | EPOLLRDNORM;
		if (!READ_ONCE(p->writers))
			mask |= EPOLLHUP;
	}
	if (f->f_mode & FMODE_WRITE) {
		poll_wait(f, &p->wr_wait, pt);
		if (PIPE_SIZE - pipe_used(p) >= PIPE_BUF)
			mask |= EPOLLOUT | EPOLLWRNORM;
		if (!READ_ONCE(p->readers))
			mask |= EPOLLERR;
	}
	return mask;
}

static const struct file_operations pipe_read_fops = {
	.read = pipe_read,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
};

static const struct file_operations pipe_write_fops = {
	.write = pipe_write,
	.poll = pipe_poll,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
};

/* The last file on the pipe is gone (both ends closed). */
static void pipe_evict(struct inode *inode)
{
	struct pipe_inode_info *p = inode->i_private;

	if (!p)
		return;
	BUG_ON(p->readers || p->writers);
	kfree(p->buf);
	kfree(p);
}

static struct pipe_inode_info *pipe_alloc(void)
{
	struct pipe_inode_info *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return NULL;
	p->buf = kmalloc(PIPE_SIZE, GFP_KERNEL);
	if (!p->buf) {
		kfree(p);
		return NULL;
	}
	spin_lock_init(&p->lock, "pipe");
	init_waitqueue_head(&p->rd_wait);
	init_waitqueue_head(&p->wr_wait);
	mutex_init(&p->rd_mutex);
	mutex_init(&p->wr_mutex);
	p->readers = p->writers = 1;
	return p;
}

/* The inode of a new pipe, referenced once, or NULL. */
static struct inode *pipe_inode(void)
{
	struct super_block *sb = get_pseudo_sb(&pipe_sb, "pipefs", pipe_evict);
	struct inode *inode = sb ? new_inode(sb, S_IFIFO | 0600) : NULL;

	if (!inode)
		return NULL;
	inode->i_private = pipe_alloc();
	if (!inode->i_private) {
		iput(inode);
		return NULL;
	}
	return inode;
}

int create_pipe_files(struct file **files, int flags)
{
	struct inode *inode = pipe_inode();
	struct pipe_inode_info *p;
	int nb = flags & O_NONBLOCK;

	if (!inode)
		return -ENFILE;
	p = inode->i_private;
	files[0] = alloc_file(inode, O_RDONLY | nb, &pipe_read_fops);
	if (!files[0]) {
		p->readers = p->writers = 0;
		iput(inode);
		return -ENFILE;
	}
	files[0]->private_data = p;
	files[1] = alloc_file(igrab(inode), O_WRONLY | nb, &pipe_write_fops);
	if (!files[1]) {
		p->writers = 0;
		iput(inode);
		fput(files[0]);
		return -ENFILE;
	}
	files[1]->private_data = p;
	return 0;
}
