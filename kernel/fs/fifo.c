/*
 * Named pipes (FIFOs), as Linux's fifo_open(): mknod(S_IFIFO) or mkfifo
 * makes an inode with no data of its own, and every open() of it is an
 * end of one pipe (kernel/fs/pipe_fs_i.h) hung off the inode's i_pipe:
 *
 *   open("f", O_RDONLY) --+
 *   open("f", O_WRONLY) --+--> inode "f" --i_pipe--> pipe_inode_info
 *   open("f", O_RDWR)   --+                          (buf, readers, writers)
 *
 * The first open makes the pipe, later ones share it, and the last close
 * frees it (pipe_release()), so what was written and not read is gone
 * once nobody has the FIFO open. The rules, Linux's: a reader's open
 * waits for a writer (O_NONBLOCK: it does not); a writer's waits for a
 * reader (O_NONBLOCK: ENXIO with no reader); O_RDWR never waits. A
 * signal ends the wait (-ERESTARTSYS: EINTR, or the open restarts under
 * SA_RESTART). Reads, writes, poll, EOF and SIGPIPE are a pipe's.
 */
#include "kernel/fs/pipe_fs_i.h"
#include "kernel/signal.h"
#include "lib/errno.h"

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
