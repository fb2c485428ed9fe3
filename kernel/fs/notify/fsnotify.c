/*
 * fsnotify: one core under every file change notification (Linux's
 * fs/notify/fsnotify.c). The VFS calls a hook (fsnotify.h) for what it
 * did; the hook tells dnotify (dnotify.c, through SIGIO as ever) and
 * hands an FS_* event to each group whose mark concerns it:
 *
 *   - a mark on the inode itself gets the event with no name;
 *   - a mark on a directory with FS_EVENT_ON_CHILD gets its entries'
 *     read, write, open, close and attribute events, with the entry's
 *     name (the parent is told first, as Linux does);
 *   - a directory's name events (create, delete, moves) go to its own
 *     marks with the name; a rename's two halves share one cookie.
 *
 * An event on an open file finds its parent through the file's dentry
 * (so an unlinked file's events still reach it, unless IN_EXCL_UNLINK);
 * an event on an inode alone (chmod, utimes) asks each watched
 * directory whether it names the inode (ramfs_dir_name()): there is no
 * dentry cache to ask, so a file with two names is told in both.
 *
 * fanotify's mount and file system marks sit on a super block and hear
 * of its files' events with a path. Its permission events are questions
 * asked before an open or a read (fsnotify_perm()): the hook collects
 * the groups' queued questions and waits for their answers
 * (notification.c fsnotify_perm_wait()), outside fsnotify_lock.
 */
#include "kernel/fs/notify/fsnotify.h"
#include "kernel/fs/notify/dnotify.h"
#include "kernel/fs/notify/fsnotify_backend.h"
#include "kernel/fs/vfs.h"

static u32 fsnotify_cookie;		/* the last rename's (fsnotify_lock) */

/* fsnotify_lock held: give @mark the event if its mask wants it; a
 * mark that has had its one event (IN_ONESHOT) goes. */
static void send(struct fsnotify_mark *mark, const struct fsnotify_info *ev)
{
	if ((mark->mask & ev->mask & ALL_FSNOTIFY_EVENTS) &&
	    mark->group->ops->handle_event(mark, ev) > 0)
		fsnotify_destroy_mark_locked(mark);
}

/* Does @mark concern @inode itself: a mark on it, or on its super block
 * (fanotify's mount and file system marks, which hear of files only
 * through a path)? */
static bool mark_on(const struct fsnotify_mark *mark, struct inode *inode,
		    const struct fsnotify_info *ev)
{
	return mark->inode == inode ||
	       (mark->sb && mark->sb == inode->i_sb && ev->dentry);
}

/* fsnotify_lock held: @ev->inode's own marks; @unlinked: an open file
 * without a name, which IN_EXCL_UNLINK marks do not hear of. The
 * *_SELF events and the link count's IN_ATTRIB carry no IN_ISDIR, as
 * in Linux 6.1. */
static void notify_self(struct fsnotify_info *ev, bool unlinked)
{
	struct fsnotify_mark *mark, *tmp;

	ev->name = NULL;
	ev->len = 0;
	list_for_each_entry_safe(mark, tmp, &fsnotify_marks, obj_list)
		if (mark_on(mark, ev->inode, ev) &&
		    !(unlinked && (mark->mask & FS_EXCL_UNLINK)))
			send(mark, ev);
}

/* fsnotify_lock held: the marks of directory @dir that hear of entry
 * @ev->name; @dir NULL: of every watched directory naming the inode. */
static void notify_parent(struct inode *dir, struct fsnotify_info *ev,
			  bool unlinked)
{
	struct fsnotify_mark *mark, *tmp;
	char buf[NAME_MAX + 1];

	list_for_each_entry_safe(mark, tmp, &fsnotify_marks, obj_list) {
		if (!mark->inode || !(mark->mask & FS_EVENT_ON_CHILD) ||
		    !(mark->mask & ev->mask & FS_EVENTS_POSS_ON_CHILD) ||
		    (unlinked && (mark->mask & FS_EXCL_UNLINK)))
			continue;
		if (dir && mark->inode == dir) {
			send(mark, ev);
		} else if (!dir) {
			ev->len = (u32)ramfs_dir_name(mark->inode, ev->inode, buf);
			ev->name = buf;
			if (ev->len)
				send(mark, ev);
		}
	}
}

/* @mask happened to @inode, opened or named by @d (NULL: no path, look
 * for the directories naming it): the parents' marks, then its own. A
 * permission event's questions go to @perm. */
static void notify_inode_perm(struct inode *inode, struct dentry *d, u32 mask,
			      struct fsnotify_perm *perm)
{
	struct fsnotify_info ev = { .mask = mask, .inode = inode, .dentry = d,
				    .perm = perm };
	bool unlinked = d && inode->i_nlink == 0;

	if (!fsnotify_have_marks())
		return;
	if (S_ISDIR(inode->i_mode))
		ev.mask |= FS_ISDIR;
	spin_lock(&fsnotify_lock);
	if (d && d->d_parent != d) {
		ev.name = d->d_name;
		ev.len = d->d_len;
		notify_parent(d->d_parent->d_inode, &ev, unlinked);
	} else if (!d) {
		notify_parent(NULL, &ev, false);
	}
	notify_self(&ev, unlinked);
	spin_unlock(&fsnotify_lock);
}

static void notify_inode(struct inode *inode, struct dentry *d, u32 mask)
{
	notify_inode_perm(inode, d, mask, NULL);
}

/* An event of open file @f, unless it is a fanotify reader's own file.
 * A file without a dentry (a pipe, a socket, an eventfd) has no name in
 * any directory to search for: only its own marks hear of it. */
static void notify_file_perm(struct file *f, u32 mask,
			     struct fsnotify_perm *perm)
{
	struct fsnotify_info ev = { .mask = mask, .inode = f->f_inode,
				    .perm = perm };

	if (f->f_flags & (__FMODE_NONOTIFY | O_PATH))
		return;
	if (f->f_dentry) {
		notify_inode_perm(f->f_inode, f->f_dentry, mask, perm);
	} else if (fsnotify_have_marks()) {
		spin_lock(&fsnotify_lock);
		notify_self(&ev, false);
		spin_unlock(&fsnotify_lock);
	}
}

static void notify_file(struct file *f, u32 mask)
{
	notify_file_perm(f, mask, NULL);
}

/* fsnotify_lock held: a name event of @dir to its own marks. */
static void notify_name(struct inode *dir, u32 mask, const char *name,
			size_t len, u32 cookie)
{
	struct fsnotify_info ev = { .mask = mask, .inode = dir, .name = name,
				    .len = (u32)len, .cookie = cookie };
	struct fsnotify_mark *mark, *tmp;

	list_for_each_entry_safe(mark, tmp, &fsnotify_marks, obj_list)
		if (mark->inode == dir)
			send(mark, &ev);
}

/* fsnotify_lock held: an event of @inode alone to its own marks. */
static void notify_self_only(struct inode *inode, u32 mask)
{
	struct fsnotify_info ev = { .mask = mask, .inode = inode };

	notify_self(&ev, false);
}

static void notify_dir(struct inode *dir, u32 mask, const char *name,
		       size_t len)
{
	if (!fsnotify_have_marks())
		return;
	spin_lock(&fsnotify_lock);
	notify_name(dir, mask, name, len, 0);
	spin_unlock(&fsnotify_lock);
}

void fsnotify_access(struct file *f)
{
	dnotify_inode(f->f_inode, DN_ACCESS);
	notify_file(f, FS_ACCESS);
}

void fsnotify_modify(struct file *f)
{
	dnotify_inode(f->f_inode, DN_MODIFY);
	notify_file(f, FS_MODIFY);
}

void fsnotify_open(struct file *f)
{
	notify_file(f, FS_OPEN);
}

int fsnotify_perm(struct file *f, u32 mask)
{
	struct fsnotify_perm perm = { .n = 0 };

	if (!fsnotify_have_perm_marks())
		return 0;
	notify_file_perm(f, mask, &perm);
	return fsnotify_perm_wait(&perm);
}

void fsnotify_open_exec(struct dentry *d)
{
	notify_inode(d->d_inode, d, FS_OPEN | FS_OPEN_EXEC);
}

void fsnotify_close(struct file *f)
{
	notify_file(f, (f->f_mode & FMODE_WRITE) ? FS_CLOSE_WRITE :
		    FS_CLOSE_NOWRITE);
}

void fsnotify_change(struct inode *inode, u32 mask)
{
	dnotify_inode(inode, (mask & FS_MODIFY) ? DN_MODIFY : DN_ATTRIB);
	notify_inode(inode, NULL, mask);
}

void fsnotify_create(struct inode *dir, const char *name, size_t len)
{
	dnotify_dir(dir, DN_CREATE);
	notify_dir(dir, FS_CREATE, name, len);
}

void fsnotify_mkdir(struct inode *dir, const char *name, size_t len)
{
	dnotify_dir(dir, DN_CREATE);
	notify_dir(dir, FS_CREATE | FS_ISDIR, name, len);
}

void fsnotify_link_count(struct inode *inode)
{
	if (!fsnotify_have_marks())
		return;
	spin_lock(&fsnotify_lock);
	notify_self_only(inode, FS_ATTRIB);
	spin_unlock(&fsnotify_lock);
}

void fsnotify_link(struct inode *dir, struct inode *inode, const char *name,
		   size_t len)
{
	fsnotify_link_count(inode);
	fsnotify_create(dir, name, len);
}

void fsnotify_delete(struct inode *dir, const char *name, size_t len,
		     bool isdir)
{
	dnotify_dir(dir, DN_DELETE);
	notify_dir(dir, FS_DELETE | (isdir ? FS_ISDIR : 0), name, len);
}

/* dnotify's view of a rename: within one directory DN_RENAME there;
 * between two, a delete from one and a create in the other. */
static void dnotify_move(struct inode *odir, struct inode *ndir)
{
	if (odir == ndir) {
		dnotify_dir(odir, DN_RENAME);
		return;
	}
	dnotify_dir(odir, DN_DELETE);
	dnotify_dir(ndir, DN_CREATE);
}

void fsnotify_move(struct inode *odir, const char *oname, size_t olen,
		   struct inode *ndir, const char *nname, size_t nlen,
		   struct inode *moved, struct inode *target)
{
	u32 isdir = S_ISDIR(moved->i_mode) ? FS_ISDIR : 0, cookie;

	dnotify_move(odir, ndir);
	if (!fsnotify_have_marks())
		return;
	spin_lock(&fsnotify_lock);
	cookie = ++fsnotify_cookie ? fsnotify_cookie : ++fsnotify_cookie;
	notify_name(odir, FS_MOVED_FROM | isdir, oname, olen, cookie);
	notify_name(ndir, FS_MOVED_TO | isdir, nname, nlen, cookie);
	spin_unlock(&fsnotify_lock);
	if (target)
		fsnotify_link_count(target);
	spin_lock(&fsnotify_lock);
	notify_self_only(moved, FS_MOVE_SELF);
	spin_unlock(&fsnotify_lock);
}

void fsnotify_inode_delete(struct inode *inode)
{
	struct fsnotify_mark *mark, *tmp;

	if (!fsnotify_have_marks())
		return;
	spin_lock(&fsnotify_lock);
	if (inode->i_nlink == 0)
		notify_self_only(inode, FS_DELETE_SELF);
	list_for_each_entry_safe(mark, tmp, &fsnotify_marks, obj_list)
		if (mark->inode == inode)
			fsnotify_destroy_mark_locked(mark);
	spin_unlock(&fsnotify_lock);
}

void fsnotify_sb_delete(struct super_block *sb)
{
	struct fsnotify_info ev = { .mask = FS_UNMOUNT };
	struct fsnotify_mark *mark, *tmp;

	if (!fsnotify_have_marks())
		return;
	spin_lock(&fsnotify_lock);
	list_for_each_entry_safe(mark, tmp, &fsnotify_marks, obj_list) {
		if (mark->inode ? mark->inode->i_sb != sb : mark->sb != sb)
			continue;
		ev.inode = mark->inode;
		mark->group->ops->handle_event(mark, &ev);
		fsnotify_destroy_mark_locked(mark);
	}
	spin_unlock(&fsnotify_lock);
}
