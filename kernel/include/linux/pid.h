/*
 * struct pid, Linux's handle on a process ID. Taskbase's struct pid
 * (kernel/pid.h: a task's numbers in each pid namespace) has no reference
 * count a module could hold, so here a struct pid pointer simply carries
 * the number in the initial namespace (it is never dereferenced; NULL
 * means "no such PID"). find_get_pid() and put_pid() then take and drop
 * nothing; pid_task() looks the number up, inside rcu_read_lock() as on
 * Linux.
 */
#ifndef _LINUX_PID_H
#define _LINUX_PID_H

#include <linux/rcupdate.h>
#include "kernel/pid.h"
#include "kernel/fork.h"

struct pid;

enum pid_type { PIDTYPE_PID, PIDTYPE_TGID, PIDTYPE_PGID, PIDTYPE_SID, PIDTYPE_MAX };

static inline pid_t pid_nr(const struct pid *pid)
{
	return (pid_t)(unsigned long)pid;
}

static inline pid_t pid_vnr(const struct pid *pid)
{
	return pid_nr(pid);
}

/* The task with @pid (its leader for PIDTYPE_TGID); rcu_read_lock() held. */
static inline struct task_struct *pid_task(struct pid *pid, enum pid_type type)
{
	struct task_struct *p = pid ? find_task_by_pid(pid_nr(pid)) : NULL;

	if (p && type == PIDTYPE_TGID && p->tgid != p->pid)
		return NULL;
	return p;
}

/* @nr as a struct pid, or NULL when no task has it; rcu_read_lock() held. */
static inline struct pid *find_vpid(int nr)
{
	return nr > 0 && find_task_by_pid(nr) ? (struct pid *)(unsigned long)nr : NULL;
}

static inline struct pid *find_get_pid(int nr)
{
	struct pid *pid;

	rcu_read_lock();
	pid = find_vpid(nr);
	rcu_read_unlock();
	return pid;
}

static inline struct pid *get_pid(struct pid *pid) { return pid; }
static inline void put_pid(struct pid *pid) { }

static inline struct pid *task_pid(struct task_struct *p)
{
	return (struct pid *)(unsigned long)p->pid;
}

static inline struct pid *task_tgid(struct task_struct *p)
{
	return (struct pid *)(unsigned long)p->tgid;
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
