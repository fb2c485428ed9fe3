/*
 * perf_event_open(2) (Linux's kernel/events/core.c, the system-call
 * half): the attribute's size rules, which types exist (software only:
 * no PMU, as Linux in QEMU TCG, so hardware, cache and raw events are
 * -ENOENT), who may count what (perf_event_paranoid, CAP_PERFMON, ptrace
 * rights on the task), groups, and the two sysctls. The descriptor's
 * read(2), ioctl(2) and close: fd.c. Counting itself: context.c.
 */
#include "kernel/events/internal.h"
#include "asm/memlayout.h"
#include "asm/smp.h"
#include "kernel/capability.h"
#include "kernel/cred.h"
#include "kernel/fs/anon_inodes.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/slab.h"
#include "kernel/fork.h"
#include "kernel/pid.h"
#include "kernel/task.h"
#include "kernel/tasklist.h"
#include "kernel/time/time.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

static int sysctl_perf_event_paranoid = 2;	/* Linux's default */
static int sysctl_perf_event_sample_rate = 100000;
static u64 perf_event_id;			/* the last id given */

/* Counting the kernel's side: paranoid 2 and up keeps it to the privileged. */
static int perf_allow_kernel(void)
{
	return READ_ONCE(sysctl_perf_event_paranoid) > 1 && !perfmon_capable() ?
	       -EACCES : 0;
}

/* Sizes: 0 means VER0; under VER0 or over a page, or a newer attr with
 * bits we do not know, is E2BIG with our size written back. */
int perf_copy_attr(const void __user *uattr, struct perf_event_attr *attr)
{
	u32 size;
	int ret;

	memset(attr, 0, sizeof(*attr));
	if (get_user_u32(&size, (const u32 __user *)((const char __user *)uattr + 4)))
		return -EFAULT;
	if (!size)
		size = PERF_ATTR_SIZE_VER0;
	if (size < PERF_ATTR_SIZE_VER0 || size > PAGE_SIZE)
		goto err_size;
	ret = copy_struct_from_user(attr, sizeof(*attr), uattr, size);
	if (ret == -E2BIG)
		goto err_size;
	if (ret)
		return ret;
	attr->size = size;
	if ((attr->flags & ATTR_RESERVED_1) || attr->__reserved_2 || attr->__reserved_3)
		return -EINVAL;
	if (attr->sample_type & ~(PERF_SAMPLE_MAX - 1))
		return -EINVAL;
	if (attr->read_format & ~(u64)(PERF_FORMAT_MAX - 1))
		return -EINVAL;
	if ((attr->flags & ATTR_SIGTRAP) && !(attr->flags & ATTR_REMOVE_ON_EXEC))
		return -EINVAL;
	if ((attr->flags & ATTR_REMOVE_ON_EXEC) && (attr->flags & ATTR_ENABLE_ON_EXEC))
		return -EINVAL;
	return 0;
err_size:
	put_user_u32(sizeof(*attr), (u32 __user *)((char __user *)uattr + 4));
	return -E2BIG;
}

bool perf_period_ok(const struct perf_event_attr *attr, u64 period)
{
	if (attr->flags & ATTR_FREQ)
		return period <= (u64)READ_ONCE(sysctl_perf_event_sample_rate);
	return !(period & (1ull << 63));
}

/* The checks of perf_event_open() before it looks at pid, cpu or group. */
static int perf_check_attr(const struct perf_event_attr *attr)
{
	if (!(attr->flags & ATTR_EXCLUDE_KERNEL) && perf_allow_kernel())
		return -EACCES;
	if ((attr->flags & ATTR_NAMESPACES) && !perfmon_capable())
		return -EACCES;
	if (!perf_period_ok(attr, attr->sample_period))
		return -EINVAL;
	if ((attr->sample_type & PERF_SAMPLE_REGS_INTR) && perf_allow_kernel())
		return -EACCES;
	return 0;
}

/* Which PMU takes @attr: only the software one (and its two clocks). */
static int perf_init_event(const struct perf_event_attr *attr)
{
	if (attr->type != PERF_TYPE_SOFTWARE || attr->config >= PERF_COUNT_SW_MAX)
		return -ENOENT;
	if (attr->sample_type & PERF_SAMPLE_BRANCH_STACK)
		return -EOPNOTSUPP;
	return 0;
}

struct perf_event *perf_fget(int fd, struct file **fp)
{
	struct file *f = fd >= 0 ? fget((unsigned int)fd) : NULL;

	if (!f)
		return ERR_PTR(-EBADF);
	if (f->f_op != &perf_fops) {
		fput(f);
		return ERR_PTR(-EBADF);
	}
	*fp = f;
	return f->private_data;
}

/* The live task @pid, referenced, or -ESRCH. */
static struct task_struct *perf_find_task(int pid)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *p = pid ? find_task_by_vpid(pid) : current;

	if (p)
		get_task_struct(p);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return p ? p : ERR_PTR(-ESRCH);
}

/* May current count @p? Its own process, CAP_PERFMON, or ptrace rights. */
static bool perf_check_permission(struct task_struct *p)
{
	return p->tgid == current->tgid || perfmon_capable() ||
	       ptrace_may_attach(p);
}

/* Can @event join @leader's group? Linux's rules: a leader, same CPU and
 * same task, and a member is never pinned or exclusive. */
static int perf_group_check(struct perf_event *event, struct perf_event *leader)
{
	if (leader->group_leader != leader || leader->cpu != event->cpu ||
	    leader->task != event->task ||
	    (event->attr.flags & (ATTR_PINNED | ATTR_EXCLUSIVE)))
		return -EINVAL;
	if (event->task && ((leader->attr.flags ^ event->attr.flags) & ATTR_INHERIT))
		return -EINVAL;
	return 0;
}

static struct perf_event *perf_event_alloc(const struct perf_event_attr *attr,
					   int cpu, struct task_struct *task)
{
	struct perf_event *event;
	int err;

	if (cpu >= (int)num_online_cpus() || cpu < -1 || (!task && cpu == -1))
		return ERR_PTR(-EINVAL);
	err = perf_init_event(attr);
	if (err)
		return ERR_PTR(err);
	event = kzalloc(sizeof(*event), GFP_KERNEL);
	if (!event)
		return ERR_PTR(-ENOMEM);
	event->attr = *attr;
	event->cpu = cpu;
	event->task = task;
	event->state = (attr->flags & ATTR_DISABLED) ? PERF_EVENT_STATE_OFF :
		       PERF_EVENT_STATE_INACTIVE;
	event->group_leader = event;
	INIT_LIST_HEAD(&event->sibling_list);
	INIT_LIST_HEAD(&event->sibling_entry);
	INIT_LIST_HEAD(&event->child_list);
	event->id = __atomic_add_fetch(&perf_event_id, 1, __ATOMIC_RELAXED);
	return event;
}

/* Link @event (to @leader's group, if any) and make current its owner.
 * -ESRCH if its task began exiting. */
static int perf_install(struct perf_event *event, struct perf_event *leader)
{
	struct perf_event_context *spare = perf_ctx_prealloc(), *own = perf_ctx_prealloc();
	unsigned long flags;
	int err = 0;

	if (!spare || !own) {
		kfree(spare);
		kfree(own);
		return -ENOMEM;
	}
	flags = perf_lock_all();
	if ((event->task && !perf_ctx_install(event->task, &spare)) ||
	    !perf_ctx_install(current, &own)) {
		err = -ESRCH;
	} else {
		perf_event_attach(event);
		if (leader) {
			event->group_leader = leader;
			list_add_tail(&event->sibling_entry, &leader->sibling_list);
			leader->nr_siblings++;
			perf_group_sync(event, ktime_get_ns());
		}
		event->owner = current;
		list_add_tail(&event->owner_entry, &current->perf_event_ctxp->owned_list);
	}
	perf_unlock_all(flags);
	kfree(spare);
	kfree(own);
	return err;
}

/* The counter for @attr, checked against pid, cpu and group_fd. */
static struct perf_event *perf_event_create(const struct perf_event_attr *attr,
					    int pid, int cpu, int group_fd,
					    unsigned long flags)
{
	struct perf_event *leader = NULL, *event;
	struct task_struct *task = NULL;
	struct file *group = NULL;
	int err = 0;

	if (group_fd != -1) {
		leader = perf_fget(group_fd, &group);
		if (IS_ERR(leader))
			return leader;
		if (flags & PERF_FLAG_FD_NO_GROUP)
			leader = NULL;
	}
	if (pid != -1 && !(flags & PERF_FLAG_PID_CGROUP)) {
		task = perf_find_task(pid);
		if (IS_ERR(task)) {
			err = (int)PTR_ERR(task);
			task = NULL;
		}
	}
	if ((flags & PERF_FLAG_PID_CGROUP) && !err)
		err = -EINVAL;		/* no perf_event cgroup controller */
	event = err ? ERR_PTR(err) : perf_event_alloc(attr, cpu, task);
	if (!IS_ERR(event)) {
		if (task && !perf_check_permission(task))
			err = -EACCES;
		else if (!task && READ_ONCE(sysctl_perf_event_paranoid) > 0 &&
			 !perfmon_capable())
			err = -EACCES;
		else if (leader)
			err = perf_group_check(event, leader);
		err = err ?: perf_install(event, leader);
		if (err) {
			kfree(event);
			event = ERR_PTR(err);
		}
	}
	if (task)
		put_task_struct(task);
	if (group)
		fput(group);
	return event;
}

long sys_perf_event_open(const void __user *uattr, int pid, int cpu,
			 int group_fd, unsigned long flags)
{
	struct perf_event_attr attr;
	struct perf_event *event;
	unsigned int f_flags = (flags & PERF_FLAG_FD_CLOEXEC) ? O_CLOEXEC : 0;
	struct file *f;
	int err, fd;

	if (flags & ~PERF_FLAG_ALL)
		return -EINVAL;
	err = perf_copy_attr(uattr, &attr);
	err = err ?: perf_check_attr(&attr);
	if (!err && (flags & PERF_FLAG_PID_CGROUP) && (pid == -1 || cpu == -1))
		err = -EINVAL;
	if (err)
		return err;
	fd = get_unused_fd_flags(f_flags);
	if (fd < 0)
		return fd;
	event = perf_event_create(&attr, pid, cpu, group_fd, flags);
	if (IS_ERR(event)) {
		put_unused_fd((unsigned int)fd);
		return PTR_ERR(event);
	}
	f = anon_inode_getfile("[perf_event]", &perf_fops, event, O_RDWR | f_flags);
	if (IS_ERR(f)) {
		LIST_HEAD(free);
		unsigned long irq = perf_lock_all();

		perf_event_detach(event, &free);
		perf_unlock_all(irq);
		kfree(event);
		put_unused_fd((unsigned int)fd);
		return PTR_ERR(f);
	}
	fd_install((unsigned int)fd, f);
	return fd;
}

int perf_paranoid_show(struct seq_buf *m, void *unused)
{
	seq_printf(m, "%d\n", READ_ONCE(sysctl_perf_event_paranoid));
	return 0;
}

/* Any number, as Linux's proc_dointvec; only root may write (0644). */
int perf_paranoid_store(void *unused, const char *buf, size_t len)
{
	int v;

	if (kstrtoint(buf, 10, &v))
		return -EINVAL;
	WRITE_ONCE(sysctl_perf_event_paranoid, v);
	return 0;
}

int perf_max_rate_show(struct seq_buf *m, void *unused)
{
	seq_printf(m, "%d\n", READ_ONCE(sysctl_perf_event_sample_rate));
	return 0;
}

/* At least 1 (Linux's perf_proc_update_handler() with extra1 = 1). */
int perf_max_rate_store(void *unused, const char *buf, size_t len)
{
	int v;

	if (kstrtoint(buf, 10, &v) || v < 1)
		return -EINVAL;
	WRITE_ONCE(sysctl_perf_event_sample_rate, v);
	return 0;
}
