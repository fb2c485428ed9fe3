/*
 * struct pid, Linux's handle on a process ID: Taskbase's own (kernel/pid.h:
 * a task's numbers in each pid namespace, and a reference count), so a
 * module holds one as on Linux: find_get_pid() takes a reference,
 * put_pid() drops it, and the struct outlives its task (pid_task() is
 * NULL then). Lookups run inside rcu_read_lock(), which is tasklist_lock
 * here (kernel/rcu/).
 */
#ifndef _LINUX_PID_H
#define _LINUX_PID_H

#include <linux/rcupdate.h>
#include "kernel/pid.h"
#include "kernel/fork.h"
#include "kernel/ns/pid_namespace.h"

enum pid_type { PIDTYPE_PID, PIDTYPE_TGID, PIDTYPE_PGID, PIDTYPE_SID, PIDTYPE_MAX };

/* The number of @pid in the initial namespace (0 for NULL). */
static inline pid_t pid_nr(const struct pid *pid)
{
	return pid ? pid->numbers[0].nr : 0;
}

/* The number current's pid namespace knows @pid by (0: none). */
static inline pid_t pid_vnr(struct pid *pid)
{
	return pid_nr_ns(pid, task_active_pid_ns(current));
}

/* The task with @pid (its leader for PIDTYPE_TGID), NULL once it has
 * been reaped; rcu_read_lock() held. */
static inline struct task_struct *pid_task(struct pid *pid, enum pid_type type)
{
	struct task_struct *p = pid ? pid->task : NULL;

	if (p && type == PIDTYPE_TGID && p->tgid != p->pid)
		return NULL;
	return p;
}

/* The pid @nr names in current's namespace, or NULL; rcu_read_lock()
 * held. */
static inline struct pid *find_vpid(int nr)
{
	return find_pid_ns(nr, task_active_pid_ns(current));
}

/* find_vpid(), referenced (put_pid() when done), or NULL. */
static inline struct pid *find_get_pid(int nr)
{
	struct pid *pid;

	rcu_read_lock();
	pid = find_vpid(nr);
	if (pid)
		get_pid(pid);
	rcu_read_unlock();
	return pid;
}

static inline struct pid *task_pid(struct task_struct *p)
{
	return p->thread_pid;
}

static inline struct pid *task_tgid(struct task_struct *p)
{
	return p->group_leader->thread_pid;
}

/* pid_task(), referenced (put_task_struct() when done), or NULL. */
static inline struct task_struct *get_pid_task(struct pid *pid, enum pid_type type)
{
	struct task_struct *p;

	rcu_read_lock();
	p = pid_task(pid, type);
	if (p)
		get_task_struct(p);
	rcu_read_unlock();
	return p;
}

#endif
