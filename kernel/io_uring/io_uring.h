/*
 * io_uring (Linux's io_uring/ and include/uapi/linux/io_uring.h): two
 * rings in memory that the kernel and the program share. The program
 * writes requests (SQEs) and moves the SQ tail; the kernel takes them,
 * moves the SQ head, and writes completions (CQEs) at the CQ tail; the
 * program reads them and moves the CQ head. docs/io_uring.md draws it.
 *
 * This header holds the ABI (the structures' layouts are Linux's, to the
 * byte) and what the files of kernel/io_uring/ share: the context
 * (struct io_ring_ctx, one per ring descriptor) and a request
 * (struct io_kiocb, one SQE being done).
 */
#ifndef KERNEL_IO_URING_IO_URING_H
#define KERNEL_IO_URING_IO_URING_H

#include "kernel/fs/poll.h"
#include "kernel/fs/vfs.h"
#include "kernel/locking/mutex.h"
#include "kernel/sched/wait.h"
#include "lib/list.h"
#include "lib/types.h"

/* ---- the ABI ---- */

struct io_uring_sqe {			/* 64 bytes, Linux 6.1's */
	u8 opcode;
	u8 flags;			/* IOSQE_* */
	u16 ioprio;
	s32 fd;
	u64 off;			/* or addr2 */
	u64 addr;
	u32 len;
	u32 op_flags;			/* rw_flags, fsync_flags, msg_flags,
					 * open_flags, poll32_events... */
	u64 user_data;			/* copied into the CQE */
	u16 buf_index;			/* READ_FIXED, WRITE_FIXED */
	u16 personality;
	u32 file_index;			/* or splice_fd_in */
	u64 addr3;
	u64 __pad2;
};
_Static_assert(sizeof(struct io_uring_sqe) == 64, "Linux's io_uring_sqe");

struct io_uring_cqe {
	u64 user_data;
	s32 res;
	u32 flags;
};

struct io_sqring_offsets {
	u32 head, tail, ring_mask, ring_entries, flags, dropped, array, resv1;
	u64 resv2;
};

struct io_cqring_offsets {
	u32 head, tail, ring_mask, ring_entries, overflow, cqes, flags, resv1;
	u64 resv2;
};

struct io_uring_params {
	u32 sq_entries, cq_entries, flags, sq_thread_cpu, sq_thread_idle;
	u32 features, wq_fd, resv[3];
	struct io_sqring_offsets sq_off;
	struct io_cqring_offsets cq_off;
};
_Static_assert(sizeof(struct io_uring_params) == 120, "Linux's params");

#define IORING_SETUP_IOPOLL (1u << 0)
#define IORING_SETUP_SQPOLL (1u << 1)
#define IORING_SETUP_SQ_AFF (1u << 2)
#define IORING_SETUP_CQSIZE (1u << 3)
#define IORING_SETUP_CLAMP (1u << 4)
#define IORING_SETUP_ATTACH_WQ (1u << 5)
#define IORING_SETUP_R_DISABLED (1u << 6)
#define IORING_SETUP_SUBMIT_ALL (1u << 7)
#define IORING_SETUP_COOP_TASKRUN (1u << 8)
#define IORING_SETUP_TASKRUN_FLAG (1u << 9)
#define IORING_SETUP_SQE128 (1u << 10)
#define IORING_SETUP_CQE32 (1u << 11)
#define IORING_SETUP_SINGLE_ISSUER (1u << 12)
#define IORING_SETUP_DEFER_TASKRUN (1u << 13)
#define IORING_SETUP_ALL ((IORING_SETUP_DEFER_TASKRUN << 1) - 1)

#define IORING_FEAT_SINGLE_MMAP (1u << 0)
#define IORING_FEAT_NODROP (1u << 1)
#define IORING_FEAT_SUBMIT_STABLE (1u << 2)
#define IORING_FEAT_RW_CUR_POS (1u << 3)
#define IORING_FEAT_FAST_POLL (1u << 5)
#define IORING_FEAT_POLL_32BITS (1u << 6)
#define IORING_FEAT_EXT_ARG (1u << 8)

#define IOSQE_FIXED_FILE (1u << 0)
#define IOSQE_IO_DRAIN (1u << 1)
#define IOSQE_IO_LINK (1u << 2)
#define IOSQE_IO_HARDLINK (1u << 3)
#define IOSQE_ASYNC (1u << 4)
#define IOSQE_BUFFER_SELECT (1u << 5)
#define IOSQE_CQE_SKIP_SUCCESS (1u << 6)

#define IORING_SQ_NEED_WAKEUP (1u << 0)
#define IORING_SQ_CQ_OVERFLOW (1u << 1)

#define IORING_ENTER_GETEVENTS (1u << 0)
#define IORING_ENTER_SQ_WAKEUP (1u << 1)
#define IORING_ENTER_SQ_WAIT (1u << 2)
#define IORING_ENTER_EXT_ARG (1u << 3)
#define IORING_ENTER_REGISTERED_RING (1u << 4)

#define IORING_OFF_SQ_RING 0ull
#define IORING_OFF_CQ_RING 0x8000000ull
#define IORING_OFF_SQES 0x10000000ull

#define IORING_MAX_ENTRIES 32768u
#define IORING_MAX_CQ_ENTRIES (2 * IORING_MAX_ENTRIES)

#define IORING_FSYNC_DATASYNC (1u << 0)

enum io_uring_op {
	IORING_OP_NOP, IORING_OP_READV, IORING_OP_WRITEV, IORING_OP_FSYNC,
	IORING_OP_READ_FIXED, IORING_OP_WRITE_FIXED, IORING_OP_POLL_ADD,
	IORING_OP_POLL_REMOVE, IORING_OP_SYNC_FILE_RANGE, IORING_OP_SENDMSG,
	IORING_OP_RECVMSG, IORING_OP_TIMEOUT, IORING_OP_TIMEOUT_REMOVE,
	IORING_OP_LINK_TIMEOUT = 15,
	IORING_OP_OPENAT = 18, IORING_OP_CLOSE = 19,
	IORING_OP_READ = 22, IORING_OP_WRITE = 23,
	IORING_OP_LAST = 49,		/* Linux 6.1's count */
};

/* ---- the shared memory ---- */

/* One ring's indexes, each on a cache line of its own: the side that
 * writes one never bounces the other's line (Linux's struct io_uring). */
struct io_uring {
	u32 head __attribute__((aligned(64)));
	u32 tail __attribute__((aligned(64)));
};

/*
 * The rings' mapping (IORING_OFF_SQ_RING, and IORING_OFF_CQ_RING: one
 * object, IORING_FEAT_SINGLE_MMAP): who writes what is in the comments.
 * The SQ array (u32 indexes into the SQEs) follows the CQEs.
 */
struct io_rings {
	struct io_uring sq;		/* head: kernel; tail: program */
	struct io_uring cq;		/* head: program; tail: kernel */
	u32 sq_ring_mask, cq_ring_mask;	/* constant: entries - 1 */
	u32 sq_ring_entries, cq_ring_entries;
	u32 sq_dropped;			/* kernel: bad SQ array entries */
	u32 sq_flags;			/* kernel: IORING_SQ_CQ_OVERFLOW */
	u32 cq_flags;			/* program */
	u32 cq_overflow;		/* kernel: CQEs lost */
	struct io_uring_cqe cqes[] __attribute__((aligned(64)));
};

/* ---- the kernel's side ---- */

struct address_space;
struct io_timeout_data;

/* A registered buffer (IORING_REGISTER_BUFFERS): the user's range and
 * its pages, pinned, so that it outlives an munmap. */
struct io_mapped_ubuf {
	u64 ubuf;			/* user address of the first byte */
	u64 len;
	u64 nr_pages;
	struct page **pages;		/* nr_pages, a reference each */
};

struct io_ring_ctx {
	struct mutex uring_lock;	/* everything below, the rings' writes */
	struct io_rings *rings;		/* kernel address of the rings */
	struct io_uring_sqe *sqes;	/* kernel address of the SQEs */
	u32 *sq_array;			/* inside rings */
	u32 sq_entries, cq_entries;
	u32 flags;			/* IORING_SETUP_* */
	u32 cached_sq_head;		/* SQEs taken (rings->sq.head) */
	u32 cached_cq_tail;		/* CQEs posted (rings->cq.tail) */
	struct address_space *ring_obj;	/* the pages of rings */
	struct address_space *sqe_obj;	/* the pages of sqes */
	u64 rings_size, sqes_size;	/* bytes mapped by the program */
	struct list_head overflow;	/* struct io_overflow_cqe: CQ was full */
	struct list_head pending;	/* struct io_kiocb: waiting for poll */
	struct wait_queue_head cq_wait;	/* io_uring_enter()'s waiters */
	struct file *ring_file;		/* ours, not referenced */
	struct file **file_table;	/* IORING_REGISTER_FILES (NULL: hole) */
	u32 nr_user_files;
	struct io_mapped_ubuf *user_bufs;	/* IORING_REGISTER_BUFFERS */
	u32 nr_user_bufs;
	/* The link chain being submitted (IOSQE_IO_LINK): is one open,
	 * did a member fail (the rest get -ECANCELED), did one wait (the
	 * rest wait behind it)? */
	bool link_open, link_failed, link_parked;
	u8 link_last_op;		/* the chain's last opcode so far */
	u32 nr_drain_pending;		/* IOSQE_IO_DRAIN requests pending */
	struct list_head tctx_list;	/* the tasks with requests pending
					 * here (tctx.c, io_tctx_lock) */
	/* Timeouts that count completions (timeout.c, Linux's names):
	 * CQEs posted less those of timeouts is the sequence they count;
	 * where io_flush_timeouts() last looked at it. */
	u32 cq_timeouts, cq_last_tm_flush;
	u32 nr_seq_timeouts;		/* pending ones with a count */
	/* IORING_REGISTER_RESTRICTIONS (register.c), set while the ring
	 * is disabled (IORING_SETUP_R_DISABLED in flags), in force once
	 * IORING_REGISTER_ENABLE_RINGS sets restricted. */
	struct io_restriction {
		u32 register_op;	/* bit n: io_uring_register's op n */
		u64 sqe_op;		/* bit n: SQEs of opcode n */
		u8 sqe_flags_allowed, sqe_flags_required;
		bool registered;
	} restrictions;
	bool restricted;
	/* IORING_SETUP_SINGLE_ISSUER: the one task that may submit and
	 * register (tctx.c), referenced; set at setup, or at ENABLE_RINGS. */
	struct task_struct *submitter_task;
};

/*
 * One request: the SQE copied (IORING_FEAT_SUBMIT_STABLE: the program
 * may reuse the slot once io_uring_enter() returns), its file. It lives
 * on the submitter's stack while it runs, and is copied to the heap only
 * to wait on ctx->pending for its file to become ready.
 */
struct io_kiocb {
	struct list_head list;		/* on ctx->pending */
	struct io_uring_sqe sqe;
	struct file *file;		/* referenced; NULL for no fd */
	struct task_struct *task;	/* the submitter, referenced when
					 * pending: only it may retry (a
					 * timeout: anyone may post it) */
	bool after_prev;		/* linked or drained: waits for the
					 * pending requests before it */
	bool linked;			/* a link member after a pending one */
	bool res_no_fail;		/* a res < 0 that does not fail its
					 * chain (IORING_TIMEOUT_ETIME_SUCCESS) */
	struct io_timeout_data *timeout;	/* TIMEOUT: its timer (timeout.c) */
};

/* What each opcode needs and does (opdef.c, Linux's io_op_def). */
struct io_op_def {
	const char *name;
	bool needs_file;		/* sqe->fd names a file */
	__poll_t poll_event;		/* EPOLLIN/OUT: may wait for it */
	bool iopoll;			/* taken by an IOPOLL ring */
	/* Before it runs or waits: check and take in its arguments; 0,
	 * or -errno for its CQE. NULL: nothing to do. */
	int (*prep)(struct io_ring_ctx *ctx, struct io_kiocb *req);
	/* Do it: the CQE's res (bytes, fd, mask...), or -errno. */
	long (*issue)(struct io_ring_ctx *ctx, struct io_kiocb *req);
};

/* The definition of opcode @op, or NULL for an opcode not done here. */
const struct io_op_def *io_op_def(u8 op);

/* ctx->uring_lock held: post the CQE (@user_data, @res, @flags) at the
 * CQ tail; to the overflow list when the CQ is full. */
void io_post_cqe(struct io_ring_ctx *ctx, u64 user_data, s32 res, u32 flags);
/* ctx->uring_lock held, or @ctx unreachable (its release): drop the
 * registered buffers or files (register.c). */
void io_sqe_buffers_unregister(struct io_ring_ctx *ctx);
void io_sqe_files_unregister(struct io_ring_ctx *ctx);
/* Is @f an io_uring descriptor's file? */
bool io_is_uring_fops(const struct file *f);
/* Entries of 128-byte SQEs (IORING_SETUP_SQE128) and 32-byte CQEs
 * (CQE32) are two of the 64- and 16-byte ones: an index's shift. The
 * second halves are for ops Taskbase does not do (Linux's URING_CMD):
 * an SQE's is not read, a CQE's is written as zeros. */
static inline u32 io_sqe_shift(const struct io_ring_ctx *ctx)
{
	return !!(ctx->flags & IORING_SETUP_SQE128);
}

static inline u32 io_cqe_shift(const struct io_ring_ctx *ctx)
{
	return !!(ctx->flags & IORING_SETUP_CQE32);
}

/* Was @ctx set up disabled (IORING_SETUP_R_DISABLED) and is it not
 * enabled yet (IORING_REGISTER_ENABLE_RINGS)? */
static inline bool io_ring_disabled(struct io_ring_ctx *ctx)
{
	return READ_ONCE(ctx->flags) & IORING_SETUP_R_DISABLED;
}
/* May restricted @ctx run @sqe (its opcode, below IORING_OP_LAST, and
 * flags allowed: Linux's io_check_restriction())? ctx->uring_lock held. */
bool io_check_restriction(struct io_ring_ctx *ctx,
			  const struct io_uring_sqe *sqe);

/* ---- requests (opdef.c) ---- */

/* ctx->uring_lock held: run SQE @sqe (copied) or leave it pending; its
 * CQE is posted when done. 0, or -errno when it failed before it could
 * start (a bad opcode, flag or file: its CQE says so too). */
int io_submit_sqe(struct io_ring_ctx *ctx, const struct io_uring_sqe *sqe);
/* ctx->uring_lock held: no link chain is open (between submit batches). */
void io_link_reset(struct io_ring_ctx *ctx);
/* Run @req (its file, if any, referenced) now; its CQE is posted and
 * its file put. ctx->uring_lock held. True when it failed as a soft
 * link: the rest of its chain is to be cancelled. */
bool io_issue(struct io_ring_ctx *ctx, struct io_kiocb *req);

/* ---- requests waiting for their file (poll.c) ---- */

/* The events @req waits for before it can run without sleeping: 0 if
 * it can run now. */
__poll_t io_wait_events(struct io_kiocb *req);
/* ctx->uring_lock held: copy @req to ctx->pending; false when out of
 * memory (the caller completes it with -ENOMEM). */
bool io_poll_park(struct io_ring_ctx *ctx, struct io_kiocb *req);
/* ctx->uring_lock held: run current's pending requests whose files are
 * ready, in order (tctx.c cancels those of a submitter gone). */
void io_poll_run_pending(struct io_ring_ctx *ctx);
/* ctx->uring_lock held: may a pending request of current's run (queueing
 * on its file's wait queue through @pt)? */
bool io_poll_any_ready(struct io_ring_ctx *ctx, struct poll_table *pt);
/* @ctx unreachable (its release): drop every pending request, without
 * CQEs. */
void io_poll_cancel_all(struct io_ring_ctx *ctx);
/* ctx->uring_lock held: complete pending @p with -ECANCELED and free
 * it (a LINK_TIMEOUT ran out on it). */
void io_poll_cancel_req(struct io_ring_ctx *ctx, struct io_kiocb *p);
/* ctx->uring_lock held: complete @task's pending requests with
 * -ECANCELED (it is exiting). */
void io_poll_cancel_task(struct io_ring_ctx *ctx, struct task_struct *task);

/* ---- the rings each task has requests pending on (tctx.c) ---- */

/* ctx->uring_lock held, current about to park a request on @ctx: note
 * the ring among current's (once); 0 or -ENOMEM. */
int io_tctx_add(struct io_ring_ctx *ctx);
/* io_uring_enter()'s ring, referenced: descriptor @fd, or with
 * IORING_ENTER_REGISTERED_RING in @flags current's registered ring
 * @fd; ERR_PTR: -EBADF, -EINVAL (past the table), -EOPNOTSUPP (not a
 * ring), -EBADFD (set up disabled, not enabled yet). */
struct file *io_uring_enter_file(unsigned int fd, u32 flags);
/* IORING_REGISTER_RING_FDS, UNREGISTER_RING_FDS (Linux 6.1's
 * io_ringfd_register(), io_ringfd_unregister()): @nr struct
 * io_uring_rsrc_update at @arg; how many were done, or -errno when
 * none was. ctx->uring_lock held. */
long io_ringfd_register(struct io_ring_ctx *ctx, void __user *arg, u32 nr);
long io_ringfd_unregister(struct io_ring_ctx *ctx, void __user *arg, u32 nr);
/* @ctx's release: no task notes it any more, nor is its submitter. */
void io_tctx_ring_free(struct io_ring_ctx *ctx);
/* A SINGLE_ISSUER @ctx that is enabled gets current as its submitter
 * (Linux 6.1's io_uring_create(), io_register_enable_rings()), unless
 * it has one; the others, nothing. */
void io_submitter_set(struct io_ring_ctx *ctx);
/* May current submit to and register on @ctx: it has no submitter
 * (not SINGLE_ISSUER, or disabled) or current is it? Else EEXIST. */
bool io_submitter_ok(struct io_ring_ctx *ctx);
/* do_exit(), before the files go: current's pending requests on every
 * ring are cancelled (CQEs of -ECANCELED), which lets go of the files
 * they hold, and with that of any ring they kept alive. */
void io_uring_files_cancel(void);
/* The same at exec, past its point of no return (Linux's
 * begin_new_exec()): the new program inherits no request of the old. */
void io_uring_task_cancel(void);

/* ---- timeouts (timeout.c) ---- */

/* TIMEOUT's prep: check the SQE, read its timespec, start its timer
 * (req->timeout); ctx->uring_lock held. 0 or -EINVAL, -EFAULT, -ENOMEM. */
int io_timeout_prep(struct io_ring_ctx *ctx, struct io_kiocb *req);
/* LINK_TIMEOUT's: the same, for the request before it in the link
 * chain being submitted (-EINVAL without one). */
int io_link_timeout_prep(struct io_ring_ctx *ctx, struct io_kiocb *req);
/* May timeout @req complete now (fired, its count reached, removed, the
 * request it limits gone)? */
bool io_timeout_done(const struct io_kiocb *req);
/* ctx->uring_lock held (or @ctx unreachable), pending @p about to leave
 * ctx->pending: a LINK_TIMEOUT after it that limits it lets go of it. */
void io_link_timeout_disarm(struct io_ring_ctx *ctx, struct io_kiocb *p);
/* Stop @req's timer and free its state (nothing if it has none). */
void io_timeout_free(struct io_ring_ctx *ctx, struct io_kiocb *req);
/* ctx->uring_lock held, a CQE just posted: the counting timeouts whose
 * count is reached are done (Linux's io_flush_timeouts()). */
void io_flush_timeouts(struct io_ring_ctx *ctx);
/* io_uring_enter's wait: the monotonic deadline (POLL_FOREVER: none)
 * that the user struct __kernel_timespec at @uts gives from now, as
 * Linux 6.1 reads it: unchecked, so a negative one has passed. 0 or
 * -EFAULT. */
long io_timespec_deadline(const void __user *uts, u64 *deadline);

/* The op handlers (rw.c, net.c, poll.c, opdef.c, timeout.c). */
long io_read(struct io_ring_ctx *ctx, struct io_kiocb *req);
long io_write(struct io_ring_ctx *ctx, struct io_kiocb *req);
long io_fsync(struct io_ring_ctx *ctx, struct io_kiocb *req);
long io_sendmsg(struct io_ring_ctx *ctx, struct io_kiocb *req);
long io_recvmsg(struct io_ring_ctx *ctx, struct io_kiocb *req);
long io_poll_add(struct io_ring_ctx *ctx, struct io_kiocb *req);
long io_timeout(struct io_ring_ctx *ctx, struct io_kiocb *req);
long io_timeout_remove(struct io_ring_ctx *ctx, struct io_kiocb *req);
long io_link_timeout(struct io_ring_ctx *ctx, struct io_kiocb *req);

/* ---- the system calls (io_uring.c, register.c) ---- */

long sys_io_uring_setup(u32 entries, struct io_uring_params __user *params);
long sys_io_uring_enter(unsigned int fd, u32 to_submit, u32 min_complete,
			u32 flags, const void __user *argp, size_t argsz);
long sys_io_uring_register(unsigned int fd, unsigned int opcode,
			   void __user *arg, unsigned int nr_args);

#endif
