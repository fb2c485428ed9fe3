/*
 * The pipe itself (Linux's include/linux/pipe_fs_i.h): one ring buffer
 * with its counts of readers and writers, hung off an inode (i_pipe).
 * pipe(2) makes it with its anonymous inode; a named pipe's (a FIFO made
 * by mknod or mkfifo) is made by the first open of the inode and shared
 * by every later open until the last file on it closes (fifo_open()).
 * kernel/fs/pipe/pipe.c reads and writes it; fcntl changes its size;
 * kernel/fs/pipe/splice.c moves bytes between it and files.
 */
#ifndef KERNEL_FS_PIPE_FS_I_H
#define KERNEL_FS_PIPE_FS_I_H

#include "kernel/fs/vfs.h"
#include "lib/atomic.h"

struct fasync_struct;

struct pipe_inode_info {
	spinlock_t lock;		/* head, tail, readers, writers, files,
					 * r_counter, w_counter, size */
	struct wait_queue_head rd_wait;	/* readers wait for data */
	struct wait_queue_head wr_wait;	/* writers wait for room */
	struct mutex rd_mutex, wr_mutex;
	u32 head, tail;
	u32 size;			/* bytes in buf: a power of two */
	int readers, writers;
	/* Opens ever made for reading and writing: a FIFO open waiting for
	 * its partner sees one come, even if it is already gone again. */
	unsigned int r_counter, w_counter;
	int files;			/* struct files on it: the last frees it */
	char *buf;
	struct fasync_struct *fasync_readers;	/* O_ASYNC: told of data */
	struct fasync_struct *fasync_writers;	/* and of room */
};

/* Bytes in the ring, and room left in it: both ends read these with no
 * mutex held (head and tail only grow, under p->lock). */
static inline u32 pipe_used(struct pipe_inode_info *p)
{
	return smp_load_acquire(&p->head) - smp_load_acquire(&p->tail);
}

static inline u32 pipe_room(struct pipe_inode_info *p)
{
	return READ_ONCE(p->size) - pipe_used(p);
}

/* A reader goes on: data, or no writer left (end of file). */
static inline bool pipe_readable(struct pipe_inode_info *p)
{
	return pipe_used(p) || !READ_ONCE(p->writers);
}

/* A writer of @need bytes goes on: room, or no reader left (EPIPE). */
static inline bool pipe_writable(struct pipe_inode_info *p, size_t need)
{
	return pipe_room(p) >= need || !READ_ONCE(p->readers);
}

/* @n bytes went in at head (wr_mutex held): readers are woken and
 * told (O_ASYNC). */
void pipe_produced(struct pipe_inode_info *p, size_t n);
/* @n bytes went out at tail (rd_mutex held): writers are woken, told. */
void pipe_consumed(struct pipe_inode_info *p, size_t n);
/* Reader, rd_mutex held: up to @avail bytes out to @to; bytes or
 * -EFAULT. */
long pipe_copy_out(struct pipe_inode_info *p, struct iov_iter *to, size_t avail);
/* Writer, wr_mutex held: up to @room bytes in from @from; bytes or
 * -EFAULT. */
long pipe_copy_in(struct pipe_inode_info *p, struct iov_iter *from, size_t room);
/* Copy @n bytes from ring @src (@ssize) at index @from into ring @dst
 * (@dsize) at index @to, each byte to its index & (size - 1). */
void pipe_copy_ring(char *dst, u32 dsize, u32 to, const char *src, u32 ssize,
		    u32 from, u32 n);
/* The pipe behind @f (pipe(2)'s end or a FIFO), or NULL. */
struct pipe_inode_info *get_pipe_info(struct file *f);

/* The operations of both kinds of pipe: pipe(2)'s ends and FIFOs. */
extern const struct file_operations pipefifo_fops;

/* A new pipe of the default size, no reader, writer or file; or NULL. */
struct pipe_inode_info *alloc_pipe_info(void);
/* Free @p (nobody has it any more). */
void free_pipe_info(struct pipe_inode_info *p);
/* One more file on @p, a reader and/or writer by its @fmode: under
 * p->lock, counted in the open counters too; wakes the other side. */
void pipe_add_end(struct pipe_inode_info *p, unsigned int fmode);

/* fcntl F_GETPIPE_SZ (the size in bytes) and F_SETPIPE_SZ (@arg rounded
 * up to a power-of-two number of pages: the new size, or -EINVAL, -EPERM
 * past pipe-max-size without CAP_SYS_RESOURCE, -EBUSY when the data would
 * not fit); -EBADF when @f is not a pipe. */
long pipe_fcntl(struct file *f, unsigned int cmd, unsigned long arg);
/* /proc/sys/fs/pipe-max-size, in bytes: the most an unprivileged
 * F_SETPIPE_SZ may ask for, and what a new pipe gets at most. */
extern u32 pipe_max_size;
/* A size as pipes have it: at least a page, a power of two; 0 when
 * @size is past 2 GiB. */
u32 round_pipe_size(unsigned long size);

/* open() of a FIFO (pipe.c): attach the inode's pipe (made
 * now if it has none) and wait for the other side as Linux does. */
int fifo_open(struct inode *inode, struct file *f);

/* pipefs, the pipes' pseudo file system, made at boot (Linux's
 * init_pipe_fs()) so that the first pipe allocates only its own;
 * 0 or -ENOMEM. */
int pipe_fs_init(void);

#endif
