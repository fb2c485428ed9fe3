/*
 * I/O priorities (Linux's block/ioprio.c): ioprio_set(2) and
 * ioprio_get(2) for a process, a process group or every process of a
 * user. A priority is a class in bits 13-15 (NONE, RT, BE, IDLE) and a
 * level 0-7 below it (0 the most urgent); RT needs CAP_SYS_ADMIN or
 * CAP_SYS_NICE, changing another user's task CAP_SYS_NICE.
 *
 * Taskbase has no block devices, so nothing schedules I/O by it: the
 * value is kept per task (task->ioprio, inherited at fork) and only
 * reported back, which is what programs that set it (ionice, LTP)
 * check. A task that never set one has class NONE, which Linux reads
 * as "derive it from the nice value": ioprio_get of one process reports
 * NONE as it is, of a group or a user the derived value (class from the
 * policy, level (nice + 20) / 5), and the best (lowest) of all.
 */
#include "kernel/capability.h"
#include "kernel/cred.h"
#include "kernel/pid.h"
#include "kernel/ns/pid_namespace.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/sys/sys.h"
#include "kernel/tasklist.h"
#include "lib/errno.h"

#define IOPRIO_CLASS_SHIFT 13
#define IOPRIO_PRIO_CLASS(v) (((v) >> IOPRIO_CLASS_SHIFT) & 7)
#define IOPRIO_PRIO_DATA(v) ((v) & ((1 << IOPRIO_CLASS_SHIFT) - 1))
#define IOPRIO_PRIO_VALUE(c, d) (((c) << IOPRIO_CLASS_SHIFT) | (d))
#define IOPRIO_CLASS_NONE 0
#define IOPRIO_CLASS_RT 1
#define IOPRIO_CLASS_BE 2
#define IOPRIO_CLASS_IDLE 3
#define IOPRIO_NR_LEVELS 8

#define IOPRIO_WHO_PROCESS 1
#define IOPRIO_WHO_PGRP 2
#define IOPRIO_WHO_USER 3

#define SCHED_FIFO 1			/* kernel/sched/syscalls.c's */
#define SCHED_RR 2
#define SCHED_IDLE 5

/* Is @ioprio a priority current may ask for? 0, -EPERM, -EINVAL. */
static long ioprio_check_cap(int ioprio)
{
	int data = IOPRIO_PRIO_DATA(ioprio);

	switch (IOPRIO_PRIO_CLASS(ioprio)) {
	case IOPRIO_CLASS_RT:
		if (!capable(CAP_SYS_ADMIN) && !capable(CAP_SYS_NICE))
			return -EPERM;
		return data >= IOPRIO_NR_LEVELS ? -EINVAL : 0;
	case IOPRIO_CLASS_BE:
		return data >= IOPRIO_NR_LEVELS ? -EINVAL : 0;
	case IOPRIO_CLASS_IDLE:
		return 0;
	case IOPRIO_CLASS_NONE:
		return data ? -EINVAL : 0;
	default:
		return -EINVAL;
	}
}

/* Set @p's priority: its owner (real uid current's real or effective
 * uid) or CAP_SYS_NICE. tasklist_lock held. */
static long set_task_ioprio(struct task_struct *p, int ioprio)
{
	const struct cred *c = current->cred, *t = p->real_cred;

	if (!uid_eq(t->uid, c->euid) && !uid_eq(t->uid, c->uid) &&
	    !capable(CAP_SYS_NICE))
		return -EPERM;
	p->ioprio = (u16)ioprio;
	return 0;
}

/* What @p's I/O would run at: its own priority, or one from its nice
 * value and policy when it set none. */
static int get_task_ioprio(const struct task_struct *p)
{
	int nice = p->prio - DEFAULT_PRIO, class = IOPRIO_CLASS_BE;

	if (IOPRIO_PRIO_CLASS(p->ioprio) != IOPRIO_CLASS_NONE)
		return p->ioprio;
	if (p->policy == SCHED_IDLE)
		class = IOPRIO_CLASS_IDLE;
	else if (p->policy == SCHED_FIFO || p->policy == SCHED_RR)
		class = IOPRIO_CLASS_RT;
	return IOPRIO_PRIO_VALUE(class, (nice + 20) / 5);
}

/* Does thread @t belong to @who under @which? tasklist_lock held. */
static bool ioprio_match(struct task_struct *t, int which, u32 who)
{
	if (!t->pid)
		return false;
	if (which == IOPRIO_WHO_PGRP)
		return t->signal && (u32)t->signal->pgrp == who;
	return t->real_cred && t->real_cred->uid.val == who;
}

/*
 * Every thread of group or user @who: set @ioprio (@set), or fold in its
 * priority (*@best, the lowest). -ESRCH when none matched, a refusal's
 * -EPERM, else 0. tasklist_lock held.
 */
static long ioprio_each(int which, u32 who, bool set, int ioprio, int *best)
{
	struct task_struct *g, *t;
	long ret = -ESRCH;

	for_each_process_thread(g, t) {
		if (!ioprio_match(t, which, who))
			continue;
		if (set) {
			ret = set_task_ioprio(t, ioprio);
			if (ret)
				return ret;
			continue;
		}
		if (ret || get_task_ioprio(t) < *best)
			*best = get_task_ioprio(t);
		ret = 0;
	}
	return ret;
}

/* @who as ioprio_each() wants it: 0 is current's group or user; a group
 * of current's pid namespace by the kernel's number (-1: none we see).
 * tasklist_lock held. */
static u32 ioprio_who(int which, int who)
{
	if (which == IOPRIO_WHO_USER)
		return who ? (u32)who : current->cred->uid.val;
	if (!who)
		return (u32)current->signal->pgrp;
	who = global_pid_of_vnr(who);
	return who ? (u32)who : (u32)-1;
}

/*
 * Both calls: one process (its raw priority for ioprio_get), or every
 * thread of a group or user. The priority (get), 0 (set) or -errno.
 */
static long do_ioprio(int which, int who, bool set, int ioprio)
{
	unsigned long flags;
	struct task_struct *p;
	int best = 0;
	long ret = -ESRCH;

	if (which < IOPRIO_WHO_PROCESS || which > IOPRIO_WHO_USER)
		return -EINVAL;
	flags = spin_lock_irqsave(&tasklist_lock);
	if (which == IOPRIO_WHO_PROCESS) {
		p = who ? find_task_by_vpid(who) : current;
		if (p && set)
			ret = set_task_ioprio(p, ioprio);
		else if (p)
			ret = p->ioprio;
	} else {
		ret = ioprio_each(which, ioprio_who(which, who), set, ioprio,
				  &best);
		if (!ret && !set)
			ret = best;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/* ioprio_set(2): @ioprio for process @who, group @who or user @who
 * (@which; 0: current's). 0, -EINVAL, -EPERM or -ESRCH. */
long sys_ioprio_set(int which, int who, int ioprio)
{
	long ret = ioprio_check_cap(ioprio);

	return ret ? ret : do_ioprio(which, who, true, ioprio);
}

/* ioprio_get(2): the priority of process @who as set (NONE if never),
 * or the best derived one of group or user @who; -EINVAL, -ESRCH. */
long sys_ioprio_get(int which, int who)
{
	return do_ioprio(which, who, false, 0);
}
