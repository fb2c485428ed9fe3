/*
 * fanotify (Linux's fs/notify/fanotify/): a descriptor from fanotify_init() (CAP_SYS_ADMIN) is an fsnotify
 * group; fanotify_mark() adds or removes events on an inode's mark or on
 * a mount's (FAN_MARK_MOUNT; FAN_MARK_FILESYSTEM: here both mark the
 * super block, every mount of it), with an ignore mask beside; read()
 * returns struct fanotify_event_metadata records:
 *
 *   u32 event_len | u8 vers (3) | u8 reserved | u16 metadata_len (24)
 *   u64 mask | s32 fd | s32 pid
 *
 * where fd is a new descriptor on the object, opened for the reader with
 * fanotify_init()'s event_f_flags (its use makes no events:
 * __FMODE_NONOTIFY), and pid the process that acted (FAN_REPORT_TID: the
 * thread). Only events with a path are told (access, modify, open, exec,
 * close), on a directory only with FAN_ONDIR, on a directory's entries
 * only with FAN_EVENT_ON_CHILD; events of one object by one process
 * merge into the last one queued.
 *
 * A group of class FAN_CLASS_CONTENT or _PRE_CONTENT may ask for the
 * permission events FAN_OPEN_PERM and FAN_ACCESS_PERM: the opener or
 * reader waits (kernel/fs/notify/fsnotify.c fsnotify_perm()) until the
 * listener writes a struct fanotify_response { s32 fd; u32 response; }
 * with FAN_ALLOW or FAN_DENY (EPERM) for the record's descriptor; the
 * group's last close allows whatever is still asked. Unlike Linux's,
 * the wait is not killable. The FID reports (FAN_REPORT_FID ...) are
 * refused with EINVAL, as a Linux without them answers.
 */
#include "kernel/fs/anon_inodes.h"
#include "kernel/fs/notify/fanotify.h"
#include "kernel/fs/notify/fsnotify_backend.h"
#include "kernel/fs/poll.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/fs/syscalls.h"
#include "kernel/fs/vfs.h"
#include "kernel/cred.h"
#include "kernel/mm/slab.h"
#include "kernel/signal.h"
#include "kernel/uaccess.h"
#include "lib/err.h"
#include "lib/errno.h"


/* The record read() returns. */
/* What the listener writes to answer a permission event. */
struct fanotify_response {
	s32 fd;
	u32 response;
};

struct fanotify_event_metadata {
	u32 event_len;
	u8 vers;
	u8 reserved;
	u16 metadata_len;
	u64 mask __attribute__((aligned(8)));
	s32 fd;
	s32 pid;
};

static const struct file_operations fanotify_fops;

/* The groups in the system: Linux counts each user's against the limit,
 * Taskbase all of them together (only root may make one anyway). */
static DEFINE_SPINLOCK(fanotify_users_lock);
static unsigned int fanotify_groups;

/* ---- the descriptor ---- */

/* A descriptor on @event's object for the reader: it (its file in *@fp)
 * or -errno; FAN_NOFD for an event without one. Close-on-exec comes
 * from event_f_flags, as Linux's, not from the group's FAN_CLOEXEC. */
static int event_fd(struct fsnotify_group *group, struct fsnotify_event *event,
		    struct file **fp)
{
	struct file *f;
	int fd;

	*fp = NULL;
	if (!event->dentry)
		return FAN_NOFD;
	fd = get_unused_fd_flags(group->f_flags & O_CLOEXEC);
	if (fd < 0)
		return fd;
	f = dentry_open(event->dentry, (int)group->f_flags | __FMODE_NONOTIFY);
	if (IS_ERR(f)) {
		put_unused_fd((unsigned int)fd);
		return (int)PTR_ERR(f);
	}
	*fp = f;
	return fd;
}

/* Copy @event to @to with a new descriptor: its size or -errno. */
static long copy_event(struct fsnotify_group *group,
		       struct fsnotify_event *event, struct iov_iter *to)
{
	struct fanotify_event_metadata md = {
		.event_len = sizeof(md), .vers = FANOTIFY_METADATA_VERSION,
		.metadata_len = sizeof(md), .mask = event->mask,
		.pid = event->pid,
	};
	struct file *f;
	int fd = event_fd(group, event, &f);

	if (fd < 0 && fd != FAN_NOFD)
		return fd;
	md.fd = fd;
	if (copy_to_iter(&md, sizeof(md), to) != sizeof(md)) {
		if (f) {
			fput(f);
			put_unused_fd((unsigned int)fd);
		}
		return -EFAULT;
	}
	if (f)
		fd_install((unsigned int)fd, f);
	event->wd = fd;			/* what the answer names */
	return sizeof(md);
}

/* @event has been read: a permission event waits on access_list for
 * its answer (one that could not be told is denied); others go. */
static void event_read(struct fsnotify_group *group,
		       struct fsnotify_event *event, long ret)
{
	if (!(event->mask & FS_PERM_EVENTS)) {
		fsnotify_free_event(group, event);
	} else if (ret < 0) {
		fsnotify_perm_answer(event, FSNOTIFY_PERM_DENY);
	} else {
		spin_lock(&group->lock);
		list_add_tail(&event->list, &group->access_list);
		spin_unlock(&group->lock);
	}
}

/* The metadata alone: fanotify's records carry no name. */
static size_t event_size(const struct fsnotify_event *event)
{
	return sizeof(struct fanotify_event_metadata);
}

static const struct fsnotify_reader fanotify_reader = {
	.event_size = event_size,
	.copy_event = copy_event,
	.event_read = event_read,
};

/* Whole records while they fit; EINVAL when not even one does; waits
 * for the first (unless FAN_NONBLOCK: EAGAIN). */
static long fanotify_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return fsnotify_read_events(f, to, &fanotify_reader);
}

/* A permission event's answer: sizeof the response, or EINVAL (not
 * FAN_ALLOW or FAN_DENY), ENOENT (no such question asked). */
static long fanotify_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	struct fsnotify_group *group = f->private_data;
	struct fsnotify_event *event, *found = NULL;
	struct fanotify_response r;
	u32 answer;

	if (from->count < sizeof(r))
		return -EINVAL;
	if (copy_from_iter(&r, sizeof(r), from) != sizeof(r))
		return -EFAULT;
	answer = r.response & ~(u32)FAN_AUDIT;
	if ((answer != FAN_ALLOW && answer != FAN_DENY) || r.fd < 0)
		return -EINVAL;
	spin_lock(&group->lock);
	list_for_each_entry(event, &group->access_list, list)
		if (event->wd == r.fd) {
			found = event;
			list_del_init(&event->list);
			break;
		}
	spin_unlock(&group->lock);
	if (!found)
		return -ENOENT;
	fsnotify_perm_answer(found, answer == FAN_ALLOW ? FSNOTIFY_PERM_ALLOW :
			     FSNOTIFY_PERM_DENY);
	return sizeof(r);
}

/* The last close: every question still open is allowed. */
static void allow_all(struct fsnotify_group *group)
{
	struct fsnotify_event *event, *tmp;
	LIST_HEAD(asked);

	spin_lock(&group->lock);
	group->shutdown = true;
	list_for_each_entry_safe(event, tmp, &group->notification_list, list)
		if (event->mask & FS_PERM_EVENTS) {
			list_move_tail(&event->list, &asked);
			group->q_len--;
		}
	list_splice_init(&group->access_list, &asked);
	spin_unlock(&group->lock);
	list_for_each_entry_safe(event, tmp, &asked, list) {
		list_del_init(&event->list);
		fsnotify_perm_answer(event, FSNOTIFY_PERM_ALLOW);
	}
}

static long fanotify_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct fsnotify_group *group = f->private_data;
	u32 bytes;

	if (cmd != FIONREAD)
		return -ENOTTY;
	spin_lock(&group->lock);
	bytes = group->q_len * (u32)sizeof(struct fanotify_event_metadata);
	spin_unlock(&group->lock);
	return put_user_u32(bytes, (u32 __user *)arg);
}

static int fanotify_release(struct inode *inode, struct file *f)
{
	allow_all(f->private_data);
	fsnotify_destroy_group(f->private_data);
	spin_lock(&fanotify_users_lock);
	fanotify_groups--;
	spin_unlock(&fanotify_users_lock);
	return 0;
}

/* /proc/<pid>/fdinfo: the group's flags, then one line per mark. */
static void fanotify_show_fdinfo(struct seq_buf *m, struct file *f)
{
	struct fsnotify_group *group = f->private_data;
	struct fsnotify_mark *mark;

	seq_printf(m, "fanotify flags:%x event-flags:%x\n", group->flags,
		   group->f_flags);
	spin_lock(&fsnotify_lock);
	list_for_each_entry(mark, &group->marks_list, g_list) {
		if (mark->inode)
			seq_printf(m, "fanotify ino:%lx sdev:%x ",
				   (unsigned long)mark->inode->i_ino,
				   mark->inode->i_sb->s_dev);
		else
			seq_printf(m, "fanotify sdev:%x ", mark->sb->s_dev);
		seq_printf(m, "mflags:%x mask:%x ignored_mask:%x\n",
			   mark->flags, mark->mask, mark->ignore_mask);
	}
	spin_unlock(&fsnotify_lock);
}

static const struct file_operations fanotify_fops = {
	.read = fanotify_read,
	.write = fanotify_write,
	.poll = fsnotify_poll,
	.ioctl = fanotify_ioctl,
	.release = fanotify_release,
	.show_fdinfo = fanotify_show_fdinfo,
};

/* ---- the system calls ---- */

/* Linux 6.1's checks of event_f_flags: an access mode, and only the
 * bits that make sense for opening an existing object. */
static bool event_f_flags_ok(unsigned int f)
{
	return (f & O_ACCMODE) != O_ACCMODE &&
	       !(f & ~(unsigned int)(O_ACCMODE | O_APPEND | O_NONBLOCK |
				     __O_SYNC | O_DSYNC | O_CLOEXEC |
				     O_LARGEFILE | O_NOATIME));
}

long sys_fanotify_init(unsigned int flags, unsigned int event_f_flags)
{
	struct fsnotify_group *group;
	int fd;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if ((flags & ~FAN_INIT_FLAGS) || !event_f_flags_ok(event_f_flags) ||
	    (flags & FAN_CLASS_CONTENT && flags & FAN_CLASS_PRE_CONTENT))
		return -EINVAL;
	spin_lock(&fanotify_users_lock);
	fd = fanotify_groups < FANOTIFY_MAX_GROUPS ? 0 : -EMFILE;
	if (!fd)
		fanotify_groups++;
	spin_unlock(&fanotify_users_lock);
	if (fd)
		return fd;
	group = fsnotify_alloc_group(&fanotify_ops,
				     flags & FAN_UNLIMITED_QUEUE ? ~0u :
				     FANOTIFY_MAX_EVENTS);
	fd = -ENOMEM;
	if (group) {
		group->flags = flags;
		group->f_flags = event_f_flags | O_LARGEFILE;
		fd = anon_inode_getfd_name("[fanotify]", &fanotify_fops, group,
					   O_RDWR | (flags & FAN_CLOEXEC ?
					   O_CLOEXEC : 0) | (flags & FAN_NONBLOCK ?
					   O_NONBLOCK : 0));
	}
	if (fd < 0) {
		if (group)
			fsnotify_destroy_group(group);
		spin_lock(&fanotify_users_lock);
		fanotify_groups--;
		spin_unlock(&fanotify_users_lock);
	}
	return fd;
}

/* The object fanotify_mark() names: @dfd itself (@pathname NULL) or the
 * path; referenced, or ERR_PTR(-EBADF, -ENOENT, -ENOTDIR, -EACCES ...). */
static struct dentry *mark_target(int dfd, const char __user *pathname,
				  unsigned int flags)
{
	struct dentry *d;
	int err;

	if (pathname)
		d = user_path_at(dfd, pathname,
				 (flags & FAN_MARK_DONT_FOLLOW ? 0 : LOOKUP_FOLLOW) |
				 (flags & FAN_MARK_ONLYDIR ? LOOKUP_DIRECTORY : 0));
	else if (dfd == AT_FDCWD)
		d = current_pwd();
	else
		d = fd_dentry(dfd);
	if (!d)
		return ERR_PTR(-EBADF);
	if (IS_ERR(d))
		return d;
	err = (flags & FAN_MARK_ONLYDIR) && !S_ISDIR(d->d_inode->i_mode) ?
	      -ENOTDIR : inode_permission(d->d_inode, MAY_READ);
	if (err) {
		dput(d);
		return ERR_PTR(err);
	}
	return d;
}

/* fsnotify_lock held: FAN_MARK_FLUSH: @group's marks of one type. */
static void flush_marks(struct fsnotify_group *group, unsigned int flags)
{
	struct fsnotify_mark *mark, *tmp;

	list_for_each_entry_safe(mark, tmp, &group->marks_list, g_list)
		if (!mark->inode == !!(flags & FAN_MARK_TYPES))
			fsnotify_destroy_mark_locked(mark);
}

/* fsnotify_lock held: add @mask (or take it away, @add false) on
 * @group's mark of @inode or @sb; @new is a new mark if one is needed.
 * 0 or -errno; *@used: whether @new went in. */
static long update_mark(struct fsnotify_group *group, struct inode *inode,
			struct super_block *sb, unsigned int flags, u32 mask,
			struct fsnotify_mark *new, bool *used)
{
	struct fsnotify_mark *mark = fsnotify_find_mark(group, inode, sb);
	bool ignore = flags & FAN_MARK_IGNORED_MASK;

	*used = false;
	if (!mark && !(flags & FAN_MARK_ADD))
		return -ENOENT;
	if (!mark && !(group->flags & FAN_UNLIMITED_MARKS) &&
	    group->nr_marks >= FANOTIFY_MAX_MARKS)
		return -ENOSPC;
	if (!mark) {
		mark = new;
		*used = true;
		fsnotify_add_mark_locked(mark, group, inode, sb);
	}
	if (flags & FAN_MARK_ADD) {
		if (ignore)
			mark->ignore_mask |= mask;
		else
			fsnotify_set_mask_locked(mark, mark->mask | mask);
		mark->flags |= flags & FAN_MARK_IGNORED_SURV_MODIFY;
	} else {
		if (ignore)
			mark->ignore_mask &= ~mask;
		else
			fsnotify_set_mask_locked(mark, mark->mask & ~mask);
		if (!(mark->mask & (FAN_PATH_EVENTS | FS_PERM_EVENTS)) &&
		    !mark->ignore_mask)
			fsnotify_destroy_mark_locked(mark);
	}
	return 0;
}

/* fanotify_mark() on the group open as @f once the flags are good. */
static long do_mark(struct fsnotify_group *group, unsigned int flags,
		    u32 mask, int dfd, const char __user *pathname)
{
	struct fsnotify_mark *new = NULL;
	struct dentry *d;
	bool used = false;
	long ret;

	if (flags & FAN_MARK_FLUSH) {
		spin_lock(&fsnotify_lock);
		flush_marks(group, flags);
		spin_unlock(&fsnotify_lock);
		return 0;
	}
	d = mark_target(dfd, pathname, flags);
	if (IS_ERR(d))
		return PTR_ERR(d);
	if (flags & FAN_MARK_ADD)
		new = kzalloc(sizeof(*new), GFP_KERNEL);
	ret = (flags & FAN_MARK_ADD) && !new ? -ENOMEM : 0;
	spin_lock(&fsnotify_lock);
	if (!ret)
		ret = update_mark(group, flags & FAN_MARK_TYPES ? NULL :
				  d->d_inode, d->d_inode->i_sb, flags, mask,
				  new, &used);
	spin_unlock(&fsnotify_lock);
	if (!used)
		kfree(new);
	dput(d);
	return ret;
}

long sys_fanotify_mark(int fanotify_fd, unsigned int flags, u64 mask,
		       int dfd, const char __user *pathname)
{
	unsigned int op = flags & (FAN_MARK_ADD | FAN_MARK_REMOVE |
				   FAN_MARK_FLUSH);
	struct file *f;
	long ret;

	if ((flags & ~FAN_MARK_FLAGS) ||
	    (flags & FAN_MARK_TYPES) == FAN_MARK_TYPES ||
	    (op != FAN_MARK_ADD && op != FAN_MARK_REMOVE &&
	     op != FAN_MARK_FLUSH) ||
	    (op == FAN_MARK_FLUSH && (flags & ~(FAN_MARK_FLUSH | FAN_MARK_TYPES))) ||
	    (mask & ~(u64)(FAN_MARK_MASK | FS_PERM_EVENTS)) ||
	    (op != FAN_MARK_FLUSH && !mask))
		return -EINVAL;
	f = fget((unsigned int)fanotify_fd);
	if (!f)
		return -EBADF;
	ret = -EINVAL;
	if (f->f_op == &fanotify_fops &&
	    (!(mask & FS_PERM_EVENTS) ||
	     (((struct fsnotify_group *)f->private_data)->flags & FAN_CLASSES)))
		ret = do_mark(f->private_data, flags, (u32)mask, dfd, pathname);
	fput(f);
	return ret;
}
