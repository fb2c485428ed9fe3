/*
 * poll(2) below the system call: how a file says which events it has now
 * and where a poller should wait for more (Linux's include/linux/poll.h).
 * A file's ->poll(file, pt) calls poll_wait() on each wait queue whose
 * wake-up may change its answer, then returns its EPOLL* mask. The
 * poller (kernel/fs/select.c) passes a poll_table on its first pass, so
 * the file's queues learn about it, and NULL on later passes.
 */
#ifndef KERNEL_FS_POLL_H
#define KERNEL_FS_POLL_H

#include "kernel/sched/wait.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "lib/types.h"

#define EPOLLIN 0x001
#define EPOLLPRI 0x002
#define EPOLLOUT 0x004
#define EPOLLERR 0x008
#define EPOLLHUP 0x010
#define EPOLLNVAL 0x020
#define EPOLLRDNORM 0x040
#define EPOLLRDBAND 0x080
#define EPOLLWRNORM 0x100
#define EPOLLWRBAND 0x200
#define EPOLLMSG 0x400
#define EPOLLRDHUP 0x2000

/* What a file without ->poll has: regular files, /proc files, devices
 * that never wait (reads and writes do not block). */
#define DEFAULT_POLLMASK (EPOLLIN | EPOLLOUT | EPOLLRDNORM | EPOLLWRNORM)

typedef u32 __poll_t;

struct file;
struct wait_queue_head;

/* Set up by the poller: @qproc queues it on @wq for @file, as an
 * exclusive waiter while @exclusive (epoll's EPOLLEXCLUSIVE items). */
struct poll_table {
	void (*qproc)(struct file *file, struct wait_queue_head *wq,
		      struct poll_table *pt);
	bool exclusive;
};

/* In ->poll: let the poller behind @pt (NULL: none) wait on @wq. */
static inline void poll_wait(struct file *file, struct wait_queue_head *wq,
			     struct poll_table *pt)
{
	if (pt && pt->qproc && wq)
		pt->qproc(file, wq, pt);
}

/* The events @file has now (DEFAULT_POLLMASK when it has no ->poll),
 * queueing @pt's poller on its wait queues. */
__poll_t vfs_poll(struct file *file, struct poll_table *pt);

/* Signal-driven I/O (kernel/fs/fcntl.c), the other way to hear of
 * events: an object keeps a list of the files that asked for O_ASYNC. */
struct fasync_struct;
/* Put @f (at @fd) on *@fapp, or take it off (!@on): 1 when added, 0, or
 * -ENOMEM. Process context. */
int fasync_helper(int fd, struct file *f, int on, struct fasync_struct **fapp);
/* Tell every file's owner on *@fapp that it is ready: SIGIO, or its
 * F_SETSIG signal with si_code @reason (POLL_IN, POLL_OUT...), si_fd and
 * si_band. @sig SIGURG goes only to owners without F_SETSIG. Any context. */
void kill_fasync(struct fasync_struct **fapp, int sig, int reason);

/* ---- the poll loop (select.c), shared with epoll (anon/eventpoll.c) ---- */

#define POLL_FOREVER (~0ull)		/* a deadline that never comes */

struct poll_table_entry {
	struct wait_queue_entry wait;
	struct wait_queue_head *wq;
	struct file *file;		/* referenced: owns @wq */
};

#define ENTRIES_PER_PAGE 60

struct poll_table_page {
	struct poll_table_page *next;
	unsigned int used;
	struct poll_table_entry entries[ENTRIES_PER_PAGE];
};

/* One poller: its table, the entries it queued, the first error. */
struct poll_wqueues {
	struct poll_table pt;
	struct poll_table_page *pages;
	int error;			/* -ENOMEM: an entry was not made */
};

/* @pw empty, its qproc queueing current for the whole call. */
void poll_initwait(struct poll_wqueues *pw);
/* Take @pw's caller off every wait queue it joined; free the entries. */
void poll_freewait(struct poll_wqueues *pw);
/* Call @scan(@arg, pt) until it finds something (> 0), fails (< 0), a
 * signal comes (-ERESTARTNOHAND) or @deadline passes (0). */
long poll_loop(struct poll_wqueues *pw,
	       long (*scan)(void *arg, struct poll_table *pt),
	       void *arg, u64 deadline);
/* The monotonic deadline @sec s + @nsec ns from now; 0 for no wait. */
u64 deadline_after(u64 sec, u64 nsec);
struct timespec;
/* A user timespec as *@deadline (NULL: POLL_FOREVER). 0 or -errno. */
long timespec_deadline(const struct timespec __user *uts, u64 *deadline);
/* Block user mask @umask (@size bytes; NULL: keep) for a wait. 0/-errno. */
long set_user_sigmask(const sigset_t __user *umask, u64 size);
/* After the wait that ended with @ret: the old mask back (or at the
 * return to user mode when a signal's handler needs it recorded). */
void restore_user_sigmask(long ret);

/* @file's last fput(): take it out of every epoll's interest list
 * (anon/eventpoll.c). Process context. */
void eventpoll_release(struct file *file);
/* kcmp's KCMP_EPOLL_TFD: the file of the @toff-th item that epoll @file
 * watches at descriptor @tfd, a pointer to compare, never to follow
 * (not referenced); ERR_PTR(-EINVAL) if @file is no epoll, -ENOENT. */
struct file *get_epoll_tfile_raw_ptr(struct file *file, int tfd, u64 toff);

#endif
