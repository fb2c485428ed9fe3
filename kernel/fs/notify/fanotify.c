/*
 * fanotify's events (Linux's fs/notify/fanotify/fanotify.c): what a
 * fanotify group does with an event the fsnotify core hands it. Only
 * events with a path count (the record will carry a descriptor on it);
 * on a directory only with FAN_ONDIR; what the mark's ignore mask names
 * is dropped, and a modify clears that mask unless
 * FAN_MARK_IGNORED_SURV_MODIFY. An event merges into the last one queued
 * when it is the same object's by the same process. A permission event
 * (FAN_OPEN_PERM, FAN_ACCESS_PERM) is a question: queued, and handed to
 * the waiting opener or reader (fsnotify_perm()) through ev->perm. The
 * descriptor side (read, write, the calls) is fanotify_user.c.
 */
#include "kernel/fs/notify/fanotify.h"
#include "kernel/fs/notify/fsnotify_backend.h"
#include "kernel/fs/vfs.h"
#include "kernel/task.h"
#include "lib/errno.h"

/* One object, one process: Linux merges the new event into an old one. */
static bool fanotify_merge(struct fsnotify_event *last,
			   struct fsnotify_event *event)
{
	if ((last->mask | event->mask) & (FS_Q_OVERFLOW | FS_PERM_EVENTS) ||
	    last->pid != event->pid ||
	    last->dentry->d_inode != event->dentry->d_inode)
		return false;
	last->mask |= event->mask;
	return true;
}

/* The current process as a record names it. */
static int event_pid(const struct fsnotify_group *group)
{
	return (group->flags & FAN_REPORT_TID) ? current->pid : current->tgid;
}

/* A permission question of @ev for @mark's group: queued, and handed to
 * the waiter in @ev->perm (none: nobody asks, it is allowed). */
static int fanotify_ask(struct fsnotify_mark *mark,
			const struct fsnotify_info *ev)
{
	struct fsnotify_perm *perm = ev->perm;
	u32 mask = ev->mask & mark->mask & FS_PERM_EVENTS & ~mark->ignore_mask;
	struct fsnotify_event *event;

	if (!mask || !perm || perm->n == FSNOTIFY_PERM_MAX)
		return 0;
	event = fsnotify_new_event(mask, FAN_NOFD, 0, NULL, 0);
	if (!event)
		return -ENOMEM;
	event->dentry = dget(ev->dentry);
	event->pid = event_pid(mark->group);
	if (fsnotify_add_event(mark->group, event, NULL))
		perm->events[perm->n++] = event;
	return 0;
}

static int fanotify_handle_event(struct fsnotify_mark *mark,
				 const struct fsnotify_info *ev)
{
	struct fsnotify_group *group = mark->group;
	struct fsnotify_event *event;
	u32 mask;

	if ((ev->mask & FS_MODIFY) &&
	    !(mark->flags & FAN_MARK_IGNORED_SURV_MODIFY))
		mark->ignore_mask = 0;	/* a change ends what was ignored */
	if (!ev->dentry || ((ev->mask & FS_ISDIR) && !(mark->mask & FAN_ONDIR)))
		return 0;
	if (ev->mask & FS_PERM_EVENTS)
		return fanotify_ask(mark, ev);
	mask = ev->mask & mark->mask & FAN_PATH_EVENTS & ~mark->ignore_mask;
	if (!mask)
		return 0;
	/* A record with a descriptor tells no FAN_ONDIR (Linux 6.1). */
	event = fsnotify_new_event(mask, FAN_NOFD, 0, NULL, 0);
	if (!event) {
		fsnotify_queue_overflow(group);	/* lost: say so */
		return -ENOMEM;
	}
	event->dentry = dget(ev->dentry);
	event->pid = event_pid(group);
	fsnotify_add_event(group, event, fanotify_merge);
	return 0;
}

const struct fsnotify_ops fanotify_ops = {
	.handle_event = fanotify_handle_event,
};
