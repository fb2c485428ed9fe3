/*
 * A counter's descriptor (Linux's perf_fops in kernel/events/core.c):
 * read(2) gives the count in attr.read_format's layout (the group's with
 * PERF_FORMAT_GROUP), ioctl(2) enables, disables and resets it (or its
 * group), close frees it with the counters its children inherited. And
 * prctl(PR_TASK_PERF_EVENTS_*), which works on every counter a task
 * opened.
 *
 *   read_format 0:                 { value }
 *   TOTAL_TIME_ENABLED|RUNNING|ID: { value, time_enabled, time_running, id }
 *   GROUP|ID:                      { nr, { value, id } * nr }
 */
#include "kernel/events/internal.h"
#include "kernel/fs/poll.h"
#include "kernel/fs/uio.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/slab.h"
#include "kernel/task.h"
#include "kernel/time/time.h"
#include "lib/err.h"
#include "lib/errno.h"

#define PERF_EVENT_IOC_ENABLE 0x2400
#define PERF_EVENT_IOC_DISABLE 0x2401
#define PERF_EVENT_IOC_REFRESH 0x2402
#define PERF_EVENT_IOC_RESET 0x2403
#define PERF_EVENT_IOC_PERIOD 0x40082404
#define PERF_EVENT_IOC_SET_OUTPUT 0x2405
#define PERF_EVENT_IOC_SET_FILTER 0x40082406
#define PERF_EVENT_IOC_ID 0x80082407
#define PERF_EVENT_IOC_SET_BPF 0x40042408
#define PERF_EVENT_IOC_PAUSE_OUTPUT 0x40042409
#define PERF_EVENT_IOC_QUERY_BPF 0xc008240a
#define PERF_EVENT_IOC_MODIFY_ATTRIBUTES 0x4008240b
#define PERF_IOC_FLAG_GROUP 1

/* Bytes read(2) needs for @event (Linux's perf_event__read_size()). */
static size_t read_size(const struct perf_event *event)
{
	u64 fmt = event->attr.read_format;
	size_t entry = 8, size = 0;

	entry += (fmt & PERF_FORMAT_ID) ? 8 : 0;
	entry += (fmt & PERF_FORMAT_LOST) ? 8 : 0;
	size += (fmt & PERF_FORMAT_TOTAL_TIME_ENABLED) ? 8 : 0;
	size += (fmt & PERF_FORMAT_TOTAL_TIME_RUNNING) ? 8 : 0;
	if (fmt & PERF_FORMAT_GROUP)
		return size + 8 + entry * (1 + (size_t)event->group_leader->nr_siblings);
	return size + entry;
}

/* @event's count and times with its children's, up to @now. */
static void event_sum(struct perf_event *event, u64 now, u64 v[3])
{
	struct perf_event *child;

	perf_event_update_time(event, now);
	v[0] = event->count + event->child_count;
	v[1] = event->total_time_enabled + event->child_time_enabled;
	v[2] = event->total_time_running + event->child_time_running;
	list_for_each_entry(child, &event->child_list, child_entry) {
		perf_event_update_time(child, now);
		v[0] += child->count;
		v[1] += child->total_time_enabled;
		v[2] += child->total_time_running;
	}
}

/* One { value, [id], [lost] } at @out; the words written. */
static size_t put_value(const struct perf_event *event, u64 fmt, const u64 v[3],
			u64 *out)
{
	size_t n = 0;

	out[n++] = v[0];
	if (fmt & PERF_FORMAT_ID)
		out[n++] = event->id;
	if (fmt & PERF_FORMAT_LOST)
		out[n++] = 0;	/* no ring buffer: nothing lost */
	return n;
}

/* Fill @out with what read(2) returns for @event. perf_lock held. */
static void fill_read(struct perf_event *event, u64 *out)
{
	struct perf_event *leader = event->group_leader, *sib;
	u64 fmt = event->attr.read_format, now = ktime_get_ns(), v[3];
	bool group = fmt & PERF_FORMAT_GROUP;
	size_t n = 0;

	if (group)
		out[n++] = 1 + (u64)leader->nr_siblings;
	event_sum(group ? leader : event, now, v);
	if (fmt & PERF_FORMAT_TOTAL_TIME_ENABLED)
		out[n++] = v[1];
	if (fmt & PERF_FORMAT_TOTAL_TIME_RUNNING)
		out[n++] = v[2];
	if (!group) {
		put_value(event, fmt, v, out + n);
		return;
	}
	n += put_value(leader, fmt, v, out + n);
	list_for_each_entry(sib, &leader->sibling_list, sibling_entry) {
		event_sum(sib, now, v);
		n += put_value(sib, fmt, v, out + n);
	}
}

/* The group may gain or lose members while read(2) allocates its buffer:
 * then it allocates again, for the size the group has under the lock.
 * Only perf_lock: reading changes no counter's state, so the scheduler's
 * rq_lock is not needed. */
static long perf_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct perf_event *event = f->private_data;
	unsigned long flags = spin_lock_irqsave(&perf_lock);
	size_t size = read_size(event), need;
	u64 *buf;

	spin_unlock_irqrestore(&perf_lock, flags);
	for (;;) {
		if (to->count < size)
			return -ENOSPC;
		buf = kzalloc(size, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
		flags = spin_lock_irqsave(&perf_lock);
		need = read_size(event);
		if (need == size)
			fill_read(event, buf);
		spin_unlock_irqrestore(&perf_lock, flags);
		if (need == size)
			break;
		kfree(buf);
		size = need;
	}
	size = copy_to_iter(buf, size, to) == size ? size : (size_t)-EFAULT;
	kfree(buf);
	return (long)size;
}

/* Apply @fn to @event and to the counters its children inherited. */
static void for_each_child(struct perf_event *event, void (*fn)(struct perf_event *))
{
	struct perf_event *child;

	fn(event);
	list_for_each_entry(child, &event->child_list, child_entry)
		fn(child);
}

static void event_enable(struct perf_event *event)
{
	if (event->state == PERF_EVENT_STATE_OFF)
		event->state = PERF_EVENT_STATE_INACTIVE;
}

static void event_disable(struct perf_event *event)
{
	if (event->state >= PERF_EVENT_STATE_INACTIVE)
		event->state = PERF_EVENT_STATE_OFF;
}

static void event_reset(struct perf_event *event)
{
	event->count = 0;
}

/* @fn on @event (with PERF_IOC_FLAG_GROUP: on its whole group), times
 * brought up to @now before and the group rescheduled after.
 * perf_lock_all() held. */
static void apply_locked(struct perf_event *event, void (*fn)(struct perf_event *),
			 bool group, u64 now)
{
	struct perf_event *sib, *leader = event->group_leader;

	perf_group_sync(event, now);
	if (!group) {
		for_each_child(event, fn);
	} else {
		for_each_child(leader, fn);
		list_for_each_entry(sib, &leader->sibling_list, sibling_entry)
			for_each_child(sib, fn);
	}
	perf_group_sync(event, now);
}

static void perf_apply(struct perf_event *event, void (*fn)(struct perf_event *),
		       bool group)
{
	unsigned long flags = perf_lock_all();

	apply_locked(event, fn, group, ktime_get_ns());
	perf_unlock_all(flags);
}

static bool is_sampling(const struct perf_event *event)
{
	return event->attr.sample_period != 0;
}

/* PERF_EVENT_IOC_PERIOD: a sampling counter's new period (or frequency). */
static long perf_ioc_period(struct perf_event *event, u64 __user *arg)
{
	u64 value;

	if (get_user_u64(&value, arg))
		return -EFAULT;
	if (!is_sampling(event) || !value || !perf_period_ok(&event->attr, value))
		return -EINVAL;
	WRITE_ONCE(event->attr.sample_period, value);
	return 0;
}

/* PERF_EVENT_IOC_SET_OUTPUT: -1, itself, or a counter of the same task
 * and CPU (no ring buffers here: nothing else changes). */
static long perf_ioc_set_output(struct perf_event *event, unsigned long arg)
{
	struct perf_event *out;
	struct file *f;
	long err = 0;

	if ((int)arg == -1)
		return 0;
	out = perf_fget((int)arg, &f);
	if (IS_ERR(out))
		return PTR_ERR(out);
	if (out != event && (out->cpu != event->cpu || out->task != event->task))
		err = -EINVAL;
	fput(f);
	return err;
}

/* The requests that need a ring buffer, a filter or BPF: none here. */
static long perf_ioc_other(struct perf_event *event, unsigned int cmd,
			   unsigned long arg)
{
	struct perf_event_attr attr;
	struct file *f;
	long err;

	switch (cmd) {
	case PERF_EVENT_IOC_SET_BPF:	/* bpf_prog_get(): no BPF programs */
		f = fget((unsigned int)arg);
		if (!f)
			return -EBADF;
		fput(f);
		return -EINVAL;
	case PERF_EVENT_IOC_MODIFY_ATTRIBUTES:	/* breakpoints only */
		err = perf_copy_attr((const void __user *)arg, &attr);
		if (err)
			return err;
		return attr.type != event->attr.type ? -EINVAL : -EOPNOTSUPP;
	case PERF_EVENT_IOC_REFRESH:
		if ((event->attr.flags & ATTR_INHERIT) || !is_sampling(event))
			return -EINVAL;
		perf_apply(event, event_enable, false);
		return 0;
	case PERF_EVENT_IOC_SET_FILTER:
	case PERF_EVENT_IOC_PAUSE_OUTPUT:
	case PERF_EVENT_IOC_QUERY_BPF:
		return -EINVAL;
	default:
		return -ENOTTY;
	}
}

static long perf_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	struct perf_event *event = f->private_data;
	bool group = arg & PERF_IOC_FLAG_GROUP;

	switch (cmd) {
	case PERF_EVENT_IOC_ENABLE:
		perf_apply(event, event_enable, group);
		return 0;
	case PERF_EVENT_IOC_DISABLE:
		perf_apply(event, event_disable, group);
		return 0;
	case PERF_EVENT_IOC_RESET:
		perf_apply(event, event_reset, group);
		return 0;
	case PERF_EVENT_IOC_ID:
		return put_user_u64(event->id, (u64 __user *)arg) ? -EFAULT : 0;
	case PERF_EVENT_IOC_PERIOD:
		return perf_ioc_period(event, (u64 __user *)arg);
	case PERF_EVENT_IOC_SET_OUTPUT:
		return perf_ioc_set_output(event, arg);
	default:
		return perf_ioc_other(event, cmd, arg);
	}
}

/* No ring buffer, so nothing to read; EPOLLHUP once its task and all the
 * children it counted have exited (nothing will be added any more).
 * Nobody is woken then: a poll that waits for it waits for its timeout. */
static __poll_t perf_poll(struct file *f, struct poll_table *pt)
{
	struct perf_event *event = f->private_data;
	unsigned long flags = spin_lock_irqsave(&perf_lock);
	bool hup = event->state == PERF_EVENT_STATE_EXIT &&
		   list_empty(&event->child_list);

	spin_unlock_irqrestore(&perf_lock, flags);
	return hup ? EPOLLHUP : 0;
}

/* The last close: unlink the counter and free it and its children. */
static int perf_release(struct inode *inode, struct file *f)
{
	struct perf_event *event = f->private_data, *child, *tmp;
	unsigned long flags = perf_lock_all();
	LIST_HEAD(free);

	perf_event_detach(event, &free);
	perf_unlock_all(flags);
	list_for_each_entry_safe(child, tmp, &free, child_entry)
		kfree(child);
	kfree(event);
	return 0;
}

const struct file_operations perf_fops = {
	.read = perf_read,
	.ioctl = perf_ioctl,
	.poll = perf_poll,
	.release = perf_release,
};

/* @fn on every counter current opened, as perf_apply() on each. */
static long perf_owned_apply(void (*fn)(struct perf_event *))
{
	struct perf_event_context *ctx = READ_ONCE(current->perf_event_ctxp);
	struct perf_event *event;
	unsigned long flags;

	if (!ctx)
		return 0;
	flags = perf_lock_all();
	list_for_each_entry(event, &ctx->owned_list, owner_entry)
		apply_locked(event, fn, false, ktime_get_ns());
	perf_unlock_all(flags);
	return 0;
}

long perf_event_task_enable(void)
{
	return perf_owned_apply(event_enable);
}

long perf_event_task_disable(void)
{
	return perf_owned_apply(event_disable);
}
