/*
 * <linux/sched.h> for modules: Taskbase's own struct task_struct
 * (kernel/task.h: the stack block drawn), current, the task states, and
 * the scheduler calls. A module reads the same fields Linux 6.1 has where
 * Taskbase has them: pid, tgid, comm, __state, flags, stack, mm,
 * real_parent, parent, group_leader, tasks, thread_group, cpu, prio,
 * utime/stime, nvcsw/nivcsw, start_time.
 */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

#include "kernel/ns/pid_namespace.h"
#include <linux/types.h>
#include <linux/list.h>
#include <linux/preempt.h>
#include <linux/smp.h>
#include <linux/jiffies.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include "kernel/task.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/wait.h"
#include "kernel/signal.h"

#define TASK_KILLABLE TASK_UNINTERRUPTIBLE
#define TASK_NORMAL (TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)
#define PF_EXITPIDONE 0
#define task_is_running(p) (READ_ONCE((p)->__state) == TASK_RUNNING)

static inline pid_t task_pid_nr(const struct task_struct *p) { return p->pid; }
static inline pid_t task_tgid_nr(const struct task_struct *p) { return p->tgid; }
/* task_pid_vnr(), task_tgid_vnr(): the numbers current's pid namespace
 * knows, kernel/ns/pid_namespace.h's. */
static inline pid_t task_ppid_nr(const struct task_struct *p)
{
	return p->real_parent ? p->real_parent->tgid : 0;
}
static inline unsigned int task_cpu(const struct task_struct *p) { return p->cpu; }
/* 'R', 'S', 'D', 'T', 't', 'Z', 'X', 'I': as ps and /proc show it. */
static inline char task_state_to_char(struct task_struct *p) { return task_state_char(p); }

/*
 * task_lock(p): Linux's per-task alloc_lock guards comm, mm, files and fs
 * against exec and exit. Taskbase has no such lock: those fields change
 * under tasklist_lock, which the task-list walkers hold (rcu_read_lock()
 * takes it, see linux/rcupdate.h), so task_lock only keeps this CPU from
 * switching tasks meanwhile. The debug kernel (CONFIG_LOCKDEP) shows
 * lockdep a lock of class "&p->alloc_lock" all the same, so that taking
 * it twice is reported as Linux reports it (kernel/locking/lockdep.c).
 */
#ifdef CONFIG_LOCKDEP
extern struct lockdep_map task_alloc_lock_map;
/* The address of this very line in the caller, for lockdep's "at:". */
#define _THIS_IP_ ({ __label__ __here; __here: (unsigned long)&&__here; })
static inline void task_lock(struct task_struct *p)
{
	preempt_disable();
	lock_acquire(&task_alloc_lock_map, false, _THIS_IP_);
}
static inline void task_unlock(struct task_struct *p)
{
	lock_release(&task_alloc_lock_map, _THIS_IP_);
	preempt_enable();
}
#else
static inline void task_lock(struct task_struct *p) { preempt_disable(); }
static inline void task_unlock(struct task_struct *p) { preempt_enable(); }
#endif

/* Copy @tsk's name into @buf (TASK_COMM_LEN bytes). */
#define get_task_comm(buf, tsk)						\
	({ task_lock(tsk); strscpy(buf, (tsk)->comm, sizeof(buf));	\
	   task_unlock(tsk); buf; })

static inline long schedule_timeout_interruptible(long timeout)
{
	__set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}

static inline long schedule_timeout_uninterruptible(long timeout)
{
	__set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}

#endif
