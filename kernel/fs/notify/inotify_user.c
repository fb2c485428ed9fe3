/*
 * inotify (Linux's fs/notify/inotify/): a descriptor from inotify_init1()
 * is an fsnotify group; inotify_add_watch() puts a mark on a path's
 * inode and answers its watch descriptor (wd); read() returns the queued
 * events as struct inotify_event records:
 *
 *   s32 wd | u32 mask | u32 cookie | u32 len | name, NUL-padded to len
 *
 * len is 0 or the name's length rounded up (with its NUL) to a multiple
 * of 16. A directory's watch hears of its entries with their names; the
 * halves of a rename share a cookie; IN_IGNORED (with the wd) says a
 * watch went: inotify_rm_watch(), IN_ONESHOT's one event, the inode's
 * end (after IN_DELETE_SELF) or its file system's (after IN_UNMOUNT).
 * Past max_queued_events one IN_Q_OVERFLOW (wd -1) ends the queue.
 *
 * The limits of /proc/sys/fs/inotify/ count per user (effective uid):
 * max_user_instances descriptors (then EMFILE) and max_user_watches
 * watches (then ENOSPC). /proc/<pid>/fdinfo/<fd> lists the watches as
 * "inotify wd:..." lines (inotify_show_fdinfo()).
 */
#include "kernel/fs/anon_inodes.h"
#include "kernel/fs/notify/fsnotify_backend.h"
#include "kernel/fs/notify/inotify.h"
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
#include "lib/string.h"

/* The flags of inotify_add_watch()'s mask (Linux's values). */
#define IN_ALL_EVENTS 0x00000fff
#define IN_ONLYDIR 0x01000000		/* only a directory: else ENOTDIR */
#define IN_DONT_FOLLOW 0x02000000	/* a symlink itself */
#define IN_EXCL_UNLINK FS_EXCL_UNLINK
#define IN_MASK_CREATE 0x10000000	/* a new watch only: else EEXIST */
#define IN_MASK_ADD 0x20000000		/* add to an existing watch's mask */
#define IN_ONESHOT 0x80000000		/* one event, then IN_IGNORED */
#define ALL_INOTIFY_BITS (IN_ALL_EVENTS | FS_UNMOUNT | FS_Q_OVERFLOW | \
			  FS_IN_IGNORED | IN_ONLYDIR | IN_DONT_FOLLOW | \
			  IN_EXCL_UNLINK | IN_MASK_CREATE | IN_MASK_ADD | \
			  FS_ISDIR | IN_ONESHOT)
/* What a watch keeps of the mask (and fdinfo shows). */
#define IN_MARK_BITS (IN_ALL_EVENTS | IN_EXCL_UNLINK | IN_ONESHOT)

unsigned int inotify_max_queued_events = 16384;
unsigned int inotify_max_user_instances = 128;
unsigned int inotify_max_user_watches = 8192;

/* The record read() returns; the name follows. */
struct inotify_event {
	s32 wd;
	u32 mask;
	u32 cookie;
	u32 len;
};

static const struct file_operations inotify_fops;

/* ---- the per-user limits ---- */

/* One user's instances and watches; freed when both are 0. */
struct inotify_ucounts {
	struct list_head link;
	u32 uid;
	unsigned int count[2];		/* UC_INSTANCES, UC_WATCHES */
};

enum { UC_INSTANCES, UC_WATCHES };

static DEFINE_SPINLOCK(ucounts_lock);
static LIST_HEAD(ucounts_list);

/* ucounts_lock held: @uid's counts, or NULL. */
static struct inotify_ucounts *ucounts_find(u32 uid)
{
	struct inotify_ucounts *uc;

	list_for_each_entry(uc, &ucounts_list, link)
		if (uc->uid == uid)
			return uc;
	return NULL;
}

/* Count one more @which for @uid, below @limit: 0, -ENOMEM, or -1 (the
 * limit). */
static int inc_ucount(u32 uid, int which, unsigned int limit)
{
	struct inotify_ucounts *uc, *new = kzalloc(sizeof(*new), GFP_KERNEL);
	int ret = 0;

	spin_lock(&ucounts_lock);
	uc = ucounts_find(uid);
	if (!uc && new) {
		uc = new;
		new = NULL;
		uc->uid = uid;
		list_add(&uc->link, &ucounts_list);
	}
	if (!uc)
		ret = -ENOMEM;
	else if (uc->count[which] >= limit)
		ret = -1;
	else
		uc->count[which]++;
	if (uc && !uc->count[UC_INSTANCES] && !uc->count[UC_WATCHES]) {
		list_del(&uc->link);
		new = uc;		/* nothing counted: give it back */
	}
	spin_unlock(&ucounts_lock);
	kfree(new);
	return ret;
}

/* Give back one @which of @uid's. */
static void dec_ucount(u32 uid, int which)
{
	struct inotify_ucounts *uc;

	spin_lock(&ucounts_lock);
	uc = ucounts_find(uid);
	if (uc && uc->count[which])
		uc->count[which]--;
	if (uc && !uc->count[UC_INSTANCES] && !uc->count[UC_WATCHES])
		list_del(&uc->link);
	else
		uc = NULL;
	spin_unlock(&ucounts_lock);
	kfree(uc);
}

/* ---- events ---- */

/* What @event takes in read()'s buffer. */
static size_t event_size(const struct fsnotify_event *event)
{
	size_t len = event->name_len ? event->name_len + 1 : 0;

	return sizeof(struct inotify_event) +
	       ALIGN_UP(len, sizeof(struct inotify_event));
}

/* Linux merges an event into the last queued one when they are equal. */
static bool inotify_merge(struct fsnotify_event *last,
			  struct fsnotify_event *event)
{
	return !(last->mask & FS_IN_IGNORED) && last->mask == event->mask &&
	       last->wd == event->wd && last->cookie == event->cookie &&
	       last->name_len == event->name_len &&
	       !memcmp(last->name, event->name, event->name_len);
}

static void queue_event(struct fsnotify_group *group, u32 mask, int wd,
			u32 cookie, const char *name, u32 len)
{
	struct fsnotify_event *event = fsnotify_new_event(mask, wd, cookie,
							  name, len);

	if (event)
		fsnotify_add_event(group, event, inotify_merge);
	else
		fsnotify_queue_overflow(group);	/* lost: say so */
}

static int inotify_handle_event(struct fsnotify_mark *mark,
				const struct fsnotify_info *ev)
{
	queue_event(mark->group,
		    ev->mask & (IN_ALL_EVENTS | FS_UNMOUNT | FS_ISDIR),
		    mark->wd, ev->cookie, ev->name, ev->len);
	return (mark->mask & IN_ONESHOT) ? 1 : 0;
}

/* A watch goes: IN_IGNORED tells the reader its wd is free. */
static void inotify_freeing_mark(struct fsnotify_mark *mark)
{
	queue_event(mark->group, FS_IN_IGNORED, mark->wd, 0, NULL, 0);
	dec_ucount(mark->group->uid, UC_WATCHES);
}

static const struct fsnotify_ops inotify_ops = {
	.handle_event = inotify_handle_event,
	.freeing_mark = inotify_freeing_mark,
};

/* ---- the descriptor ---- */

/* Copy @event to @to as a struct inotify_event and its padded name. */
static long copy_event(struct fsnotify_group *group,
		       struct fsnotify_event *event, struct iov_iter *to)
{
	size_t size = event_size(event), pad;
	struct inotify_event ev = {
		.wd = event->wd, .mask = event->mask, .cookie = event->cookie,
		.len = (u32)(size - sizeof(ev)),
	};

	if (copy_to_iter(&ev, sizeof(ev), to) != sizeof(ev))
		return -EFAULT;
	pad = ev.len - event->name_len;
	if (event->name_len &&
	    copy_to_iter(event->name, event->name_len, to) != event->name_len)
		return -EFAULT;
	if (ev.len && iov_iter_zero(pad, to) != pad)
		return -EFAULT;
	return (long)size;
}

static const struct fsnotify_reader inotify_reader = {
	.event_size = event_size,
	.copy_event = copy_event,
};

/* Whole events while they fit; EINVAL when not even the first does;
 * waits for the first (unless O_NONBLOCK: EAGAIN). */
static long inotify_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return fsnotify_read_events(f, to, &inotify_reader);
}

/* FIONREAD: the bytes a read() could return now. */
static long inotify_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct fsnotify_group *group = f->private_data;
	struct fsnotify_event *event;
	u32 bytes = 0;

	if (cmd != FIONREAD)
		return -ENOTTY;
	spin_lock(&group->lock);
	list_for_each_entry(event, &group->notification_list, list)
		bytes += (u32)event_size(event);
	spin_unlock(&group->lock);
	return put_user_u32(bytes, (u32 __user *)arg);
}

static int inotify_release(struct inode *inode, struct file *f)
{
	struct fsnotify_group *group = f->private_data;
	u32 uid = group->uid;

	fsnotify_destroy_group(group);
	dec_ucount(uid, UC_INSTANCES);
	return 0;
}

/* /proc/<pid>/fdinfo: one line per watch, Linux's format. */
static void inotify_show_fdinfo(struct seq_buf *m, struct file *f)
{
	struct fsnotify_group *group = f->private_data;
	struct fsnotify_mark *mark;

	spin_lock(&fsnotify_lock);
	list_for_each_entry(mark, &group->marks_list, g_list)
		seq_printf(m, "inotify wd:%x ino:%lx sdev:%x mask:%x "
			   "ignored_mask:0\n", mark->wd,
			   (unsigned long)mark->inode->i_ino,
			   mark->inode->i_sb->s_dev, mark->mask & IN_MARK_BITS);
	spin_unlock(&fsnotify_lock);
}

static const struct file_operations inotify_fops = {
	.read = inotify_read,
	.poll = fsnotify_poll,
	.ioctl = inotify_ioctl,
	.release = inotify_release,
	.show_fdinfo = inotify_show_fdinfo,
};

/* ---- the system calls ---- */

long sys_inotify_init1(int flags)
{
	struct fsnotify_group *group;
	u32 uid = current->cred->euid.val;
	int fd, err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	err = inc_ucount(uid, UC_INSTANCES, inotify_max_user_instances);
	if (err)
		return err == -1 ? -EMFILE : err;
	group = fsnotify_alloc_group(&inotify_ops, inotify_max_queued_events);
	if (!group) {
		dec_ucount(uid, UC_INSTANCES);
		return -ENOMEM;
	}
	group->uid = uid;
	fd = anon_inode_getfd_name("inotify", &inotify_fops, group, flags);
	if (fd < 0) {
		fsnotify_destroy_group(group);
		dec_ucount(uid, UC_INSTANCES);
	}
	return fd;
}

long sys_inotify_init(void)
{
	return sys_inotify_init1(0);
}

/* The inotify group open as @fd, referenced in *@fp: it, or
 * ERR_PTR(-EBADF, -EINVAL). */
static struct fsnotify_group *inotify_fget(int fd, struct file **fp)
{
	struct file *f = fget((unsigned int)fd);

	if (!f)
		return ERR_PTR(-EBADF);
	if (f->f_op != &inotify_fops) {
		fput(f);
		return ERR_PTR(-EINVAL);
	}
	*fp = f;
	return f->private_data;
}

/* fsnotify_lock held: @mask on @group's watch of @inode, new or not.
 * A new watch is @new (NULL: none may be made, -@nonew). The wd or
 * -errno; *@used says whether @new went in. */
static long update_watch(struct fsnotify_group *group, struct inode *inode,
			 u32 mask, struct fsnotify_mark *new, long nonew,
			 bool *used)
{
	struct fsnotify_mark *mark = fsnotify_find_mark(group, inode, NULL);
	u32 bits = (mask & IN_MARK_BITS) | FS_EVENT_ON_CHILD;

	*used = false;
	if (mark && (mask & IN_MASK_CREATE))
		return -EEXIST;
	if (mark) {
		mark->mask = (mask & IN_MASK_ADD) ? mark->mask | bits : bits;
		return mark->wd;
	}
	if (!new)
		return nonew;
	new->mask = bits;
	new->wd = ++group->next_wd;
	fsnotify_add_mark_locked(new, group, inode, NULL);
	*used = true;
	return new->wd;
}

/* Put @mask on @group's watch of @inode: the wd, or -errno. */
static long add_watch(struct fsnotify_group *group, struct inode *inode,
		      u32 mask)
{
	struct fsnotify_mark *new = kzalloc(sizeof(*new), GFP_KERNEL);
	int err = new ? inc_ucount(group->uid, UC_WATCHES,
				   inotify_max_user_watches) : -ENOMEM;
	bool used;
	long ret;

	if (err) {
		kfree(new);
		new = NULL;
	}
	spin_lock(&fsnotify_lock);
	ret = update_watch(group, inode, mask, new, err == -1 ? -ENOSPC : err,
			   &used);
	spin_unlock(&fsnotify_lock);
	if (new && !used) {
		dec_ucount(group->uid, UC_WATCHES);
		kfree(new);
	}
	return ret;
}

long sys_inotify_add_watch(int fd, const char __user *pathname, u32 mask)
{
	struct fsnotify_group *group;
	struct dentry *d;
	struct file *f;
	long ret;

	if (!(mask & ALL_INOTIFY_BITS))
		return -EINVAL;
	group = inotify_fget(fd, &f);
	if (IS_ERR(group))
		return PTR_ERR(group);
	ret = -EINVAL;
	if ((mask & IN_MASK_ADD) && (mask & IN_MASK_CREATE))
		goto out;
	d = user_path_at(AT_FDCWD, pathname,
			 ((mask & IN_DONT_FOLLOW) ? 0 : LOOKUP_FOLLOW) |
			 ((mask & IN_ONLYDIR) ? LOOKUP_DIRECTORY : 0));
	ret = PTR_ERR(d);
	if (IS_ERR(d))
		goto out;
	ret = inode_permission(d->d_inode, MAY_READ);
	if (!ret)
		ret = add_watch(group, d->d_inode, mask);
	dput(d);
out:
	fput(f);
	return ret;
}

long sys_inotify_rm_watch(int fd, s32 wd)
{
	struct fsnotify_group *group;
	struct fsnotify_mark *mark;
	struct file *f;

	group = inotify_fget(fd, &f);
	if (IS_ERR(group))
		return PTR_ERR(group);
	spin_lock(&fsnotify_lock);
	mark = fsnotify_find_wd(group, wd);
	if (mark)
		fsnotify_destroy_mark_locked(mark);
	spin_unlock(&fsnotify_lock);
	fput(f);
	return mark ? 0 : -EINVAL;
}
