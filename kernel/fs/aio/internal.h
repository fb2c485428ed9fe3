/*
 * What kernel/fs/aio/aio.c (contexts, io_submit, io_cancel) and
 * aio_getevents.c (io_getevents, io_pgetevents) share: Linux's ABI
 * structures and the context.
 */
#ifndef KERNEL_FS_AIO_INTERNAL_H
#define KERNEL_FS_AIO_INTERNAL_H

#include "kernel/fs/aio/aio.h"
#include "kernel/fs/poll.h"
#include "kernel/fs/vfs.h"
#include "kernel/locking/mutex.h"
#include "kernel/workqueue.h"
#include "lib/list.h"
#include "lib/refcount.h"

#define AIO_RING_MAGIC 0xa10a10a1
#define KIOCB_KEY 0
#define IOCB_CMD_PREAD 0
#define IOCB_CMD_PWRITE 1
#define IOCB_CMD_FSYNC 2
#define IOCB_CMD_FDSYNC 3
#define IOCB_CMD_POLL 5
#define IOCB_CMD_PREADV 7
#define IOCB_CMD_PWRITEV 8

struct iocb {				/* include/uapi/linux/aio_abi.h */
	u64 aio_data;
	u32 aio_key;
	int aio_rw_flags;
	u16 aio_lio_opcode;
	s16 aio_reqprio;
	u32 aio_fildes;
	u64 aio_buf, aio_nbytes;
	s64 aio_offset;
	u64 aio_reserved2;
	u32 aio_flags, aio_resfd;
};
_Static_assert(sizeof(struct iocb) == 64, "Linux's struct iocb");

struct io_event {
	u64 data, obj;
	s64 res, res2;
};

struct aio_ring {
	u32 id, nr, head, tail;
	u32 magic, compat_features, incompat_features, header_length;
	struct io_event io_events[];
};

/* An IOCB_CMD_POLL waiting for its events. */
struct aio_poll {
	struct list_head list;
	struct file *file;
	u64 obj, data;			/* the user's iocb, its aio_data */
	__poll_t events;
};

struct kioctx {
	struct list_head list;		/* on aio_list while alive */
	refcount_t users;		/* the list, and each call using it */
	struct mm_struct *mm;
	u64 user_id;			/* the ring's address */
	unsigned int max_reqs;		/* asked for: counted in aio_nr */
	unsigned int nr;		/* events the ring holds */
	u64 ring_len;
	struct address_space *ring;
	unsigned int maps;		/* VMAs mapping the ring */
	struct mutex lock;		/* tail, pending, the ring's writes */
	u32 tail;
	struct list_head pending;	/* struct aio_poll */
	u32 npending;			/* on pending: their ring slots kept */
	struct work_struct free_work;
};

/* current's live context @id, referenced; NULL if none. */
struct kioctx *lookup_ioctx(u64 id);
/* Drop a reference: the last frees the context later, in process context
 * (the ring's close may run under mm->lock). */
void put_ioctx(struct kioctx *ctx);
/* ctx->lock held: the ring's head (user-written, modulo nr) in *@head and
 * the events in the ring in *@avail; 0 or -EFAULT. */
long ring_state(struct kioctx *ctx, u32 *head, u32 *avail);
/* ctx->lock held: the event (@obj, @data, @res) into the ring at tail;
 * 0 or -EFAULT. */
long aio_complete(struct kioctx *ctx, u64 obj, u64 data, s64 res);
/* ctx->lock held: pending poll @p is done (its event told): off the
 * list, its file put, freed. */
void aio_poll_free(struct kioctx *ctx, struct aio_poll *p);

#endif
