/*
 * The fsnotify core's objects (kernel/fs/notify/, Linux's
 * <linux/fsnotify_backend.h>): a *group* is one listener (an inotify
 * descriptor), a *mark* is a group's interest in one inode, an *event*
 * is what a group queues for its reader. The VFS calls the hooks of
 * fsnotify.h; fsnotify() finds the marks an event concerns and hands it
 * to each mark's group through its fsnotify_ops. The FS_* bits are
 * inotify's IN_* values, as in Linux.
 */
#ifndef KERNEL_FS_NOTIFY_FSNOTIFY_BACKEND_H
#define KERNEL_FS_NOTIFY_FSNOTIFY_BACKEND_H

#include "kernel/fs/poll.h"
#include "kernel/locking/spinlock.h"
#include "kernel/sched/wait.h"
#include "lib/list.h"
#include "lib/types.h"

#define FS_ACCESS 0x00000001		/* read */
#define FS_MODIFY 0x00000002		/* written, truncated */
#define FS_ATTRIB 0x00000004		/* mode, owner, times, links, xattrs */
#define FS_CLOSE_WRITE 0x00000008	/* a writer closed it */
#define FS_CLOSE_NOWRITE 0x00000010	/* a reader closed it */
#define FS_OPEN 0x00000020
#define FS_MOVED_FROM 0x00000040	/* a name left the directory */
#define FS_MOVED_TO 0x00000080		/* a name arrived */
#define FS_CREATE 0x00000100
#define FS_DELETE 0x00000200
#define FS_DELETE_SELF 0x00000400	/* the watched inode itself went */
#define FS_MOVE_SELF 0x00000800		/* the watched inode was renamed */
#define FS_OPEN_EXEC 0x00001000		/* opened to be executed */
#define FS_UNMOUNT 0x00002000		/* its file system was unmounted */
#define FS_Q_OVERFLOW 0x00004000	/* events were lost */
#define FS_IN_IGNORED 0x00008000	/* the mark went */
#define FS_OPEN_PERM 0x00010000		/* may it be opened? (fanotify) */
#define FS_ACCESS_PERM 0x00020000	/* may it be read? */
#define FS_EXCL_UNLINK 0x04000000	/* not for names already unlinked */
#define FS_EVENT_ON_CHILD 0x08000000	/* the mark sees its entries too */
#define FS_ISDIR 0x40000000		/* the subject is a directory */

#define FS_CLOSE (FS_CLOSE_WRITE | FS_CLOSE_NOWRITE)
/* What a directory's mark may hear about its entries, with their name. */
#define FS_PERM_EVENTS (FS_OPEN_PERM | FS_ACCESS_PERM)
#define FS_EVENTS_POSS_ON_CHILD (FS_ACCESS | FS_MODIFY | FS_ATTRIB | \
				 FS_CLOSE | FS_OPEN | FS_OPEN_EXEC | \
				 FS_PERM_EVENTS)
#define ALL_FSNOTIFY_EVENTS (FS_ACCESS | FS_MODIFY | FS_ATTRIB | FS_CLOSE | \
			     FS_OPEN | FS_MOVED_FROM | FS_MOVED_TO | \
			     FS_CREATE | FS_DELETE | FS_DELETE_SELF | \
			     FS_MOVE_SELF | FS_OPEN_EXEC | FS_UNMOUNT | \
			     FS_Q_OVERFLOW | FS_IN_IGNORED | FS_PERM_EVENTS)

/* A permission event's answer (fanotify's FAN_ALLOW, FAN_DENY). */
#define FSNOTIFY_PERM_ALLOW 1
#define FSNOTIFY_PERM_DENY 2
/* The most groups one access waits for; more are not asked. */
#define FSNOTIFY_PERM_MAX 8

/* An open flag of the kernel's own (Linux's value): a file opened for a
 * fanotify reader, whose use must not make events of its own. */
#define __FMODE_NONOTIFY 0x4000000

struct dentry;
struct inode;
struct super_block;
struct seq_buf;
struct fsnotify_group;
struct fsnotify_mark;

/* One queued event; the name (NUL-terminated) follows. */
struct fsnotify_event {
	struct list_head list;		/* on group->notification_list */
	u32 mask;			/* FS_* (with FS_ISDIR) */
	int wd;				/* inotify: the mark's watch */
	u32 cookie;			/* pairs MOVED_FROM with MOVED_TO */
	struct dentry *dentry;		/* fanotify: the object, referenced */
	int pid;			/* fanotify: who did it */
	int response;			/* a permission event's: 0 until
					 * answered (FSNOTIFY_PERM_*) */
	u32 name_len;			/* 0: no name */
	char name[];
};

/* The permission events one access waits for (fsnotify_perm()). */
struct fsnotify_perm {
	struct fsnotify_event *events[FSNOTIFY_PERM_MAX];
	int n;
};

/* An event as the core hands it to a mark's group. */
struct fsnotify_info {
	u32 mask;			/* one FS_* event (with FS_ISDIR) */
	struct inode *inode;		/* the subject */
	struct dentry *dentry;		/* a file's or path's event: the
					 * subject's dentry; else NULL */
	const char *name;		/* a directory's entry, or NULL */
	u32 len;
	u32 cookie;			/* a rename's */
	struct fsnotify_perm *perm;	/* a permission event's waiter */
};

/* What a backend does with what the core hands it. */
struct fsnotify_ops {
	/* @mark's inode (@ev->name NULL) or one of its entries saw @ev:
	 * queue it, or not (the backend's rules). 0, -errno, or 1: that
	 * was the mark's last event (IN_ONESHOT), the core drops it. */
	int (*handle_event)(struct fsnotify_mark *mark,
			    const struct fsnotify_info *ev);
	/* @mark is leaving its group (fsnotify_lock held): inotify
	 * queues IN_IGNORED and gives back the watch count. */
	void (*freeing_mark)(struct fsnotify_mark *mark);
};

/* A listener: its marks and its queue of events. */
struct fsnotify_group {
	const struct fsnotify_ops *ops;
	spinlock_t lock;			/* the queue */
	struct list_head notification_list;	/* struct fsnotify_event */
	struct list_head access_list;		/* permission events read,
						 * not yet answered */
	unsigned int q_len;			/* events queued */
	unsigned int max_events;		/* then FS_Q_OVERFLOW */
	struct fsnotify_event *overflow_event;	/* queued, or spare */
	struct wait_queue_head notification_waitq;	/* readers */
	struct list_head marks_list;		/* fsnotify_lock */
	unsigned int nr_marks;			/* on it */
	bool shutdown;				/* no more events */
	int next_wd;				/* inotify's last wd */
	u32 uid;			/* whose limits it counts against */
	unsigned int flags;		/* fanotify_init()'s FAN_* */
	unsigned int f_flags;		/* fanotify: its event fds' O_* */
};

/* A group's interest in one inode, or (fanotify's mount and file
 * system marks) in every file of one super block. The inode holds no
 * reference for it: iput() of its last one takes the mark down. */
struct fsnotify_mark {
	struct list_head obj_list;	/* on the list of all marks */
	struct list_head g_list;	/* on group->marks_list */
	struct fsnotify_group *group;
	struct inode *inode;		/* or NULL: */
	struct super_block *sb;		/* a super block's mark */
	u32 mask;			/* FS_* and the backend's flags */
	u32 ignore_mask;		/* fanotify: events not wanted */
	unsigned int flags;		/* fanotify: FAN_MARK_* kept */
	int wd;				/* inotify's watch descriptor */
};

/* ---- groups and their queues (notification.c) ---- */

/* A new group with @ops, up to @max_events queued; NULL: no memory. */
struct fsnotify_group *fsnotify_alloc_group(const struct fsnotify_ops *ops,
					    unsigned int max_events);
/* The last user of @group is gone: its marks, its events, itself. */
void fsnotify_destroy_group(struct fsnotify_group *group);
/* An event lost for want of memory: the reader learns of it as of a full
 * queue, by FS_Q_OVERFLOW (Linux's fsnotify_queue_overflow()). */
void fsnotify_queue_overflow(struct fsnotify_group *group);
/* Queue @event on @group (taking it over), merged into the last one when
 * @merge says they are the same; past max_events, FS_Q_OVERFLOW once
 * instead. Whether @event itself was queued (else it is freed). */
bool fsnotify_add_event(struct fsnotify_group *group,
			struct fsnotify_event *event,
			bool (*merge)(struct fsnotify_event *last,
				      struct fsnotify_event *event));
/* A new event (name copied, may be NULL); NULL: no memory. */
struct fsnotify_event *fsnotify_new_event(u32 mask, int wd, u32 cookie,
					  const char *name, u32 len);
/* The oldest event of @group, or NULL; group->lock held. */
struct fsnotify_event *fsnotify_peek_first_event(struct fsnotify_group *group);
/* Take the oldest event off @group's queue; group->lock held. The
 * caller frees it (fsnotify_free_event()). */
void fsnotify_remove_first_event(struct fsnotify_group *group);
/* Are events queued for @group (its descriptor readable)? */
bool fsnotify_has_events(struct fsnotify_group *group);
/* The ->poll of a group's descriptor (inotify, fanotify): readable
 * while events are queued. */
__poll_t fsnotify_poll(struct file *f, struct poll_table *pt);

struct file;
struct iov_iter;
/* How a backend's records are read (inotify_event, fanotify metadata). */
struct fsnotify_reader {
	/* The bytes @event takes in read()'s buffer. */
	size_t (*event_size)(const struct fsnotify_event *event);
	/* Write @event to @to: its size or -errno. */
	long (*copy_event)(struct fsnotify_group *group,
			   struct fsnotify_event *event, struct iov_iter *to);
	/* Be done with @event after copy_event() said @ret (NULL:
	 * fsnotify_free_event()). */
	void (*event_read)(struct fsnotify_group *group,
			   struct fsnotify_event *event, long ret);
};
/*
 * read(2) of a group's descriptor @f (private_data the group): whole
 * records while they fit in @to, EINVAL when not even the first does;
 * waits for the first unless O_NONBLOCK (EAGAIN) or a signal.
 */
long fsnotify_read_events(struct file *f, struct iov_iter *to,
			  const struct fsnotify_reader *r);
/* Free @event, unless it is @group's own overflow event (kept). */
void fsnotify_free_event(struct fsnotify_group *group,
			 struct fsnotify_event *event);

/* Answer permission event @event (taken off its group's lists) with
 * @response: its waiter goes on, and frees it. */
void fsnotify_perm_answer(struct fsnotify_event *event, int response);
/* Wait for the answers to @perm's events, freeing them: 0, or -EPERM
 * if any said no. */
int fsnotify_perm_wait(struct fsnotify_perm *perm);

/* ---- marks (mark.c) ---- */

/* The lock of every mark list: the global one and each group's. */
extern spinlock_t fsnotify_lock;
/* Every mark in the system, oldest first (fsnotify_lock). */
extern struct list_head fsnotify_marks;
/* Are there marks at all? One read, for the hooks' fast way out. */
bool fsnotify_have_marks(void);
/* Does any mark want a permission event? One read, for every read's
 * fsnotify_perm(). */
bool fsnotify_have_perm_marks(void);
/* fsnotify_lock held: set the mask of @mark (on the lists) to @mask;
 * every change of a listed mark's FS_PERM_EVENTS goes through here. */
void fsnotify_set_mask_locked(struct fsnotify_mark *mark, u32 mask);
/* fsnotify_lock held: @group's mark on @inode (NULL: on @sb), or NULL. */
struct fsnotify_mark *fsnotify_find_mark(struct fsnotify_group *group,
					 struct inode *inode,
					 struct super_block *sb);
/* fsnotify_lock held: @group's mark with watch descriptor @wd, or NULL. */
struct fsnotify_mark *fsnotify_find_wd(struct fsnotify_group *group, int wd);
/* fsnotify_lock held: put @mark (zeroed, mask set) on @inode (NULL:
 * on @sb) for @group. */
void fsnotify_add_mark_locked(struct fsnotify_mark *mark,
			      struct fsnotify_group *group,
			      struct inode *inode, struct super_block *sb);
/* fsnotify_lock held: take @mark off its inode and group, tell the
 * group's ->freeing_mark() and free it. */
void fsnotify_destroy_mark_locked(struct fsnotify_mark *mark);

#endif
