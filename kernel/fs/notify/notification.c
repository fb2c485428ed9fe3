/*
 * fsnotify groups and their event queues (Linux's fs/notify/group.c and
 * notification.c). A group is one listener: an inotify descriptor owns
 * one. Events wait on its notification_list, oldest first, until the
 * reader takes them; at most max_events of them (the sysctl
 * max_queued_events for inotify). The event past the limit becomes one
 * FS_Q_OVERFLOW event at the tail (wd -1, no name), allocated with the
 * group so that running out of memory cannot lose it; what comes after
 * it is dropped until the reader makes room. An event equal to the one
 * at the tail is merged into it (the backend says what "equal" is).
 */
#include "kernel/fs/notify/fsnotify_backend.h"
#include "kernel/fs/poll.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/slab.h"
#include "kernel/signal.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

struct fsnotify_event *fsnotify_new_event(u32 mask, int wd, u32 cookie,
					  const char *name, u32 len)
{
	struct fsnotify_event *event = kmalloc(sizeof(*event) + len + 1,
					       GFP_KERNEL);

	if (!event)
		return NULL;
	INIT_LIST_HEAD(&event->list);
	event->mask = mask;
	event->wd = wd;
	event->cookie = cookie;
	event->dentry = NULL;
	event->pid = 0;
	event->response = 0;
	event->name_len = len;
	if (len)
		memcpy(event->name, name, len);
	event->name[len] = '\0';
	return event;
}

struct fsnotify_group *fsnotify_alloc_group(const struct fsnotify_ops *ops,
					    unsigned int max_events)
{
	struct fsnotify_group *group = kzalloc(sizeof(*group), GFP_KERNEL);

	if (!group)
		return NULL;
	group->overflow_event = fsnotify_new_event(FS_Q_OVERFLOW, -1, 0,
						   NULL, 0);
	if (!group->overflow_event) {
		kfree(group);
		return NULL;
	}
	group->ops = ops;
	group->max_events = max_events;
	spin_lock_init(&group->lock, "fsnotify_group");
	INIT_LIST_HEAD(&group->notification_list);
	INIT_LIST_HEAD(&group->access_list);
	INIT_LIST_HEAD(&group->marks_list);
	init_waitqueue_head(&group->notification_waitq);
	return group;
}

void fsnotify_free_event(struct fsnotify_group *group,
			 struct fsnotify_event *event)
{
	if (event == group->overflow_event)
		return;			/* the group's own: kept for reuse */
	if (event->dentry)
		dput(event->dentry);
	kfree(event);
}

/* group->lock held: is the overflow event queued? */
static bool overflow_queued(struct fsnotify_group *group)
{
	return !list_empty(&group->overflow_event->list);
}

void fsnotify_queue_overflow(struct fsnotify_group *group)
{
	fsnotify_add_event(group, group->overflow_event, NULL);
}

bool fsnotify_add_event(struct fsnotify_group *group,
			struct fsnotify_event *event,
			bool (*merge)(struct fsnotify_event *last,
				      struct fsnotify_event *event))
{
	struct list_head *list = &group->notification_list;
	struct fsnotify_event *last;

	spin_lock(&group->lock);
	if (group->shutdown || overflow_queued(group))
		goto drop;
	if (!list_empty(list)) {
		last = list_last_entry(list, struct fsnotify_event, list);
		if (merge && merge(last, event))
			goto drop;
	}
	if (group->q_len >= group->max_events) {
		fsnotify_free_event(group, event);
		event = group->overflow_event;
	}
	list_add_tail(&event->list, list);
	group->q_len++;
	spin_unlock(&group->lock);
	wake_up(&group->notification_waitq);
	return event != group->overflow_event;
drop:
	spin_unlock(&group->lock);
	fsnotify_free_event(group, event);
	return false;
}

/* Those who wait for a permission event's answer. */
static DECLARE_WAIT_QUEUE_HEAD(perm_waitq);

void fsnotify_perm_answer(struct fsnotify_event *event, int response)
{
	WRITE_ONCE(event->response, response);
	wake_up(&perm_waitq);
}

int fsnotify_perm_wait(struct fsnotify_perm *perm)
{
	int ret = 0;

	for (int i = 0; i < perm->n; i++) {
		struct fsnotify_event *event = perm->events[i];

		wait_event(perm_waitq, READ_ONCE(event->response) != 0);
		if (event->response == FSNOTIFY_PERM_DENY)
			ret = -EPERM;
		dput(event->dentry);
		kfree(event);
	}
	return ret;
}

struct fsnotify_event *fsnotify_peek_first_event(struct fsnotify_group *group)
{
	if (list_empty(&group->notification_list))
		return NULL;
	return list_first_entry(&group->notification_list,
				struct fsnotify_event, list);
}

void fsnotify_remove_first_event(struct fsnotify_group *group)
{
	struct fsnotify_event *event = fsnotify_peek_first_event(group);

	list_del_init(&event->list);
	group->q_len--;
}

bool fsnotify_has_events(struct fsnotify_group *group)
{
	return !list_empty(&group->notification_list);
}

__poll_t fsnotify_poll(struct file *f, struct poll_table *pt)
{
	struct fsnotify_group *group = f->private_data;

	poll_wait(f, &group->notification_waitq, pt);
	return fsnotify_has_events(group) ? EPOLLIN | EPOLLRDNORM : 0;
}

/* The oldest event if it fits in @room: it, NULL (none), or
 * ERR_PTR(-EINVAL) (it does not fit). */
static struct fsnotify_event *take_event(struct fsnotify_group *group,
					 const struct fsnotify_reader *r,
					 size_t room)
{
	struct fsnotify_event *event;

	spin_lock(&group->lock);
	event = fsnotify_peek_first_event(group);
	if (event && r->event_size(event) > room)
		event = ERR_PTR(-EINVAL);
	else if (event)
		fsnotify_remove_first_event(group);
	spin_unlock(&group->lock);
	return event;
}

long fsnotify_read_events(struct file *f, struct iov_iter *to,
			  const struct fsnotify_reader *r)
{
	struct fsnotify_group *group = f->private_data;
	struct fsnotify_event *event;
	long done = 0, ret;

	for (;;) {
		event = take_event(group, r, to->count);
		if (IS_ERR(event))
			return done ? done : PTR_ERR(event);
		if (event) {
			ret = r->copy_event(group, event, to);
			if (r->event_read)
				r->event_read(group, event, ret);
			else
				fsnotify_free_event(group, event);
			if (ret < 0)
				return done ? done : ret;
			done += ret;
			continue;
		}
		if (done)
			return done;
		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(group->notification_waitq,
					       fsnotify_has_events(group));
		if (ret)
			return ret;
	}
}

void fsnotify_destroy_group(struct fsnotify_group *group)
{
	struct fsnotify_mark *mark, *tmp;
	struct fsnotify_event *event;

	spin_lock(&group->lock);
	group->shutdown = true;		/* its marks' IN_IGNORED: dropped */
	spin_unlock(&group->lock);
	spin_lock(&fsnotify_lock);
	list_for_each_entry_safe(mark, tmp, &group->marks_list, g_list)
		fsnotify_destroy_mark_locked(mark);
	spin_unlock(&fsnotify_lock);
	while ((event = fsnotify_peek_first_event(group))) {
		fsnotify_remove_first_event(group);
		fsnotify_free_event(group, event);
	}
	kfree(group->overflow_event);
	kfree(group);
}
