/*
 * The scheduling system calls (Linux's kernel/sched/syscalls.c and
 * kernel/sys.c): nice values through getpriority(2)/setpriority(2), and
 * the policy calls sched_{get,set}scheduler, sched_{get,set}param,
 * sched_get_priority_{min,max} and sched_rr_get_interval, and
 * sched_setattr/sched_getattr (policy, nice and flags in one struct).
 *
 * The nice value lives in task->prio (120 + nice) and sets the length of
 * the task's time slice (task_timeslice() in sched.h). A policy set with
 * sched_setscheduler() is kept in task->policy and task->rt_priority and
 * reported back (and in /proc/<pid>/stat), but the scheduler runs them
 * as normal tasks: Taskbase has no real-time classes. SCHED_DEADLINE is
 * real (deadline.c): sched_setattr() gives a task a runtime, deadline and
 * period, checked as Linux checks them, within the bandwidth left.
 *
 * Who may change whom is Linux's rule: another user's task needs root
 * (CAP_SYS_NICE) or a matching uid (check_same_owner(), EPERM); lowering
 * a nice value, or asking for a real-time policy or priority, is bound by
 * RLIMIT_NICE and RLIMIT_RTPRIO (0 by default: root only) -- setpriority
 * answers EACCES there, the sched_* calls EPERM. SCHED_DEADLINE needs
 * CAP_SYS_NICE whatever the limits say.
 */
#include "kernel/sched/sched.h"
#include "kernel/cred.h"
#include "kernel/pid.h"
#include "kernel/ns/pid_namespace.h"
#include "kernel/syscalls.h"
#include "kernel/tasklist.h"
#include "kernel/time/time.h"
#include "kernel/time/time_kernel.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"

#define PRIO_PROCESS 0		/* getpriority's @which */
#define PRIO_PGRP 1
#define PRIO_USER 2
#define MIN_NICE (-20)
#define MAX_NICE 19

#define SCHED_OTHER 0		/* policies (sched_setscheduler) */
#define SCHED_FIFO 1
#define SCHED_RR 2
#define SCHED_BATCH 3
#define SCHED_IDLE 5
#define SCHED_RESET_ON_FORK 0x40000000
#define MAX_RT_PRIO 100		/* rt priorities are 1..99 */

struct sched_param {
	int sched_priority;
};

/* Does @p fall under getpriority's (@which, @who: the kernel's numbers)?
 * tasklist_lock held. */
static bool prio_matches(struct task_struct *p, int which, int who)
{
	switch (which) {
	case PRIO_PROCESS:
		return p->pid == (who ? who : current->pid);
	case PRIO_PGRP:
		return p->signal && current->signal &&
		       p->signal->pgrp == (who ? who : current->signal->pgrp);
	default: {		/* PRIO_USER */
		u32 uid = who ? (u32)who : current->real_cred->uid.val;

		return p->real_cred && p->real_cred->uid.val == uid;
	}
	}
}

/* May current give @p nice @nice (Linux's can_nice(): RLIMIT_NICE holds
 * 20 - the lowest nice an ordinary user may set)? */
static bool can_nice(struct task_struct *p, int nice)
{
	u64 lim = p->signal ? p->signal->rlim[RLIMIT_NICE].rlim_cur : 0;

	return (u64)(20 - nice) <= lim || capable(CAP_SYS_NICE);
}

/* Set @t's nice to @nice if current may; returns the errno setpriority
 * reports so far: @err, or -EPERM / -EACCES, or 0 once one task is set
 * (Linux's set_one_prio(): a refusal sticks). tasklist_lock held. */
static int set_one_prio(struct task_struct *t, int nice, int err)
{
	if (!check_same_owner(t))
		return -EPERM;
	if (nice < t->prio - DEFAULT_PRIO && !can_nice(t, nice))
		return -EACCES;
	WRITE_ONCE(t->prio, DEFAULT_PRIO + nice);
	return err == -ESRCH ? 0 : err;
}

/*
 * Visit the tasks (@which, @who: a pid or group of current's pid
 * namespace, or a uid) names: set their nice to @nice, or
 * (@set false) find the lowest nice among them into *@nice. Returns
 * -ESRCH when no task matches, else 0 or (@set) set_one_prio()'s
 * refusal; tasklist_lock held inside.
 */
static int prio_walk(int which, int who, bool set, int *nice)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *g, *t;
	int err = -ESRCH, best = MAX_NICE;
	int nr = which == PRIO_USER ? who : global_pid_of_vnr(who);

	if (who && !nr)
		nr = -1;		/* nobody we can see: none matches */
	for_each_process_thread(g, t) {
		if (t->flags & PF_KTHREAD || !prio_matches(t, which, nr))
			continue;
		if (set) {
			err = set_one_prio(t, *nice, err);
			continue;
		}
		err = 0;
		if (t->prio - DEFAULT_PRIO < best)
			best = t->prio - DEFAULT_PRIO;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!set)
		*nice = best;
	return err;
}

/* getpriority(2), as the raw system call returns it: 20 - nice of the
 * highest priority task (1..40), so that no success looks like an error. */
long sys_getpriority(int which, int who)
{
	int nice;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	if (who < 0 || prio_walk(which, who, false, &nice))
		return -ESRCH;
	return 20 - nice;
}

/* setpriority(2): nice @niceval (clamped to -20..19) for every task of
 * (@which, @who) current may change; -EPERM (another user's task) or
 * -EACCES (a lower nice without root) if one was refused. */
long sys_setpriority(int which, int who, int niceval)
{
	int nice = niceval < MIN_NICE ? MIN_NICE :
		   niceval > MAX_NICE ? MAX_NICE : niceval;

	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	if (who < 0)
		return -ESRCH;
	return prio_walk(which, who, true, &nice);
}

/* sched_get_priority_max(2): 99 for the real-time policies, 0 for the
 * others Linux knows (SCHED_DEADLINE included), else -EINVAL. */
long sys_sched_get_priority_max(int policy)
{
	if (policy == SCHED_FIFO || policy == SCHED_RR)
		return MAX_RT_PRIO - 1;
	if (policy == SCHED_OTHER || policy == SCHED_BATCH ||
	    policy == SCHED_IDLE || policy == SCHED_DEADLINE)
		return 0;
	return -EINVAL;
}

/* sched_get_priority_min(2): 1 for the real-time policies, 0 for the
 * others, else -EINVAL. */
long sys_sched_get_priority_min(int policy)
{
	long max = sys_sched_get_priority_max(policy);

	return max > 0 ? 1 : max;
}

/* Are @prio (1..99 real-time, else 0) and, for SCHED_DEADLINE, @dl's
 * runtime, deadline and period (NULL: none given) valid for @policy? */
static bool valid_params(int policy, int prio, const struct sched_dl_entity *dl)
{
	long min = sys_sched_get_priority_min(policy);

	if (policy == SCHED_DEADLINE)
		return !prio && dl && dl_checkparam(dl->dl_runtime,
						    dl->dl_deadline, dl->dl_period);
	return min >= 0 && prio >= min && prio <= sys_sched_get_priority_max(policy);
}

/* May current give @p @policy at rt priority @prio (Linux's checks in
 * __sched_setscheduler())? Root may; others only their own tasks, a
 * real-time policy or a higher rt priority within RLIMIT_RTPRIO, and
 * leave SCHED_IDLE only as far as RLIMIT_NICE lets them. */
static bool sched_may_set(struct task_struct *p, int policy, int prio)
{
	u64 rtlim = p->signal ? p->signal->rlim[RLIMIT_RTPRIO].rlim_cur : 0;
	bool rt = policy == SCHED_FIFO || policy == SCHED_RR;

	if (capable(CAP_SYS_NICE))
		return true;
	if (policy == SCHED_DEADLINE)
		return false;
	if (rt && (unsigned int)policy != p->policy && !rtlim)
		return false;
	if (rt && prio > p->rt_priority && (u64)prio > rtlim)
		return false;
	if (p->policy == SCHED_IDLE && policy != SCHED_IDLE &&
	    !can_nice(p, p->prio - DEFAULT_PRIO))
		return false;
	return check_same_owner(p);
}

/*
 * Give @p @policy (< 0: keep its own) at rt priority @prio, and
 * SCHED_RESET_ON_FORK as @reset says (< 0: keep); with @nice in
 * MIN_NICE..MAX_NICE (sched_setattr) a normal policy's nice value too;
 * @dl: SCHED_DEADLINE's parameters (sched_setattr only, else NULL).
 * 0, -EINVAL, -EPERM or -EBUSY (no bandwidth left). tasklist_lock held.
 */
static long __sched_setscheduler(struct task_struct *p, int policy, int prio,
				 int reset, int nice,
				 const struct sched_dl_entity *dl)
{
	bool fair;
	long err;

	if (policy < 0)
		policy = (int)p->policy;
	fair = policy == SCHED_OTHER || policy == SCHED_BATCH;
	if (!valid_params(policy, prio, dl))
		return -EINVAL;
	if (!sched_may_set(p, policy, prio))
		return -EPERM;
	if (fair && nice >= MIN_NICE && nice < p->prio - DEFAULT_PRIO &&
	    !can_nice(p, nice))
		return -EPERM;
	/* Only a privileged task may take SCHED_RESET_ON_FORK back. */
	if (reset == 0 && p->sched_reset_on_fork && !capable(CAP_SYS_NICE))
		return -EPERM;
	if (policy == SCHED_DEADLINE &&
	    (!dl_affinity_ok(p->cpus_allowed) || dl_bw_zero()))
		return -EPERM;
	err = sched_change_policy(p, (unsigned int)policy, dl);
	if (err)
		return err;
	p->rt_priority = prio;
	if (fair && nice >= MIN_NICE)
		WRITE_ONCE(p->prio, DEFAULT_PRIO + nice);
	if (reset >= 0)
		p->sched_reset_on_fork = reset;
	return 0;
}

/*
 * Set @pid's policy (@policy < 0: keep it) and priority from user @uparam:
 * the common part of sched_setscheduler and sched_setparam.
 */
static long do_sched_setscheduler(pid_t pid, int policy, int reset,
				  const struct sched_param __user *uparam)
{
	struct sched_param param;
	struct task_struct *p;
	unsigned long flags;
	long ret = -ESRCH;

	if (!uparam || pid < 0)
		return -EINVAL;
	if (copy_from_user(&param, uparam, sizeof(param)))
		return -EFAULT;
	flags = spin_lock_irqsave(&tasklist_lock);
	p = pid ? find_task_by_vpid(pid) : current;
	if (p)
		ret = __sched_setscheduler(p, policy, param.sched_priority,
					   reset, MIN_NICE - 1, NULL);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

long sys_sched_setscheduler(pid_t pid, int policy,
			    const struct sched_param __user *param)
{
	int reset = (policy & SCHED_RESET_ON_FORK) != 0;

	policy &= ~SCHED_RESET_ON_FORK;
	if (policy < 0)
		return -EINVAL;
	return do_sched_setscheduler(pid, policy, reset, param);
}

long sys_sched_setparam(pid_t pid, const struct sched_param __user *param)
{
	return do_sched_setscheduler(pid, -1, -1, param);
}

long sched_fork_check(void)
{
	return dl_task(current) && !current->sched_reset_on_fork ? -EAGAIN : 0;
}

void sched_fork_policy(struct task_struct *p)
{
	p->prio = current->prio;
	p->policy = current->policy;
	p->rt_priority = current->rt_priority;
	p->sched_reset_on_fork = false;
	if (!current->sched_reset_on_fork)
		return;
	if (p->policy == SCHED_FIFO || p->policy == SCHED_RR ||
	    p->policy == SCHED_DEADLINE) {
		p->policy = SCHED_OTHER;
		p->rt_priority = 0;
	}
	if (p->prio < DEFAULT_PRIO)
		p->prio = DEFAULT_PRIO;
}

/* The task @pid names for the get calls, with its policy and rt priority;
 * 0 or -errno. */
static long sched_lookup(pid_t pid, unsigned int *policy, int *rt_priority)
{
	unsigned long flags;
	struct task_struct *p;

	if (pid < 0)
		return -EINVAL;
	flags = spin_lock_irqsave(&tasklist_lock);
	p = pid ? find_task_by_vpid(pid) : current;
	if (p) {
		*policy = p->policy |
			  (p->sched_reset_on_fork ? SCHED_RESET_ON_FORK : 0);
		*rt_priority = p->rt_priority;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return p ? 0 : -ESRCH;
}

long sys_sched_getscheduler(pid_t pid)
{
	unsigned int policy;
	int rt;
	long ret = sched_lookup(pid, &policy, &rt);

	return ret ? ret : (long)policy;
}

long sys_sched_getparam(pid_t pid, struct sched_param __user *param)
{
	struct sched_param out = { 0 };
	unsigned int policy;
	long ret;

	if (!param)
		return -EINVAL;
	ret = sched_lookup(pid, &policy, &out.sched_priority);
	if (ret)
		return ret;
	return copy_to_user(param, &out, sizeof(out)) ? -EFAULT : 0;
}

/* sched_rr_get_interval(2): @pid's time slice (0 under SCHED_FIFO and
 * SCHED_DEADLINE, which have none). */
long sys_sched_rr_get_interval(pid_t pid, struct kernel_timespec __user *interval)
{
	unsigned long flags;
	struct task_struct *p;
	struct kernel_timespec ts = { 0 };
	u64 ns = 0;

	if (pid < 0)
		return -EINVAL;
	flags = spin_lock_irqsave(&tasklist_lock);
	p = pid ? find_task_by_vpid(pid) : current;
	if (p && p->policy != SCHED_FIFO && p->policy != SCHED_DEADLINE)
		ns = (u64)task_timeslice(p) * (NSEC_PER_SEC / HZ);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!p)
		return -ESRCH;
	ts.tv_sec = (s64)(ns / NSEC_PER_SEC);
	ts.tv_nsec = (s64)(ns % NSEC_PER_SEC);
	return copy_to_user(interval, &ts, sizeof(ts)) ? -EFAULT : 0;
}

/* ---- sched_setattr(2), sched_getattr(2): the extensible versions ---- */

#define SCHED_ATTR_SIZE_VER0 48		/* up to sched_period */
#define SCHED_FLAG_RESET_ON_FORK 0x01
#define SCHED_FLAG_RECLAIM 0x02		/* deadline: kept, no GRUB here */
#define SCHED_FLAG_DL_OVERRUN 0x04	/* deadline: kept, no SIGXCPU here */
#define SCHED_FLAG_KEEP_POLICY 0x08
#define SCHED_FLAG_KEEP_PARAMS 0x10
#define SCHED_FLAG_UTIL_CLAMP 0x60	/* _MIN | _MAX */
#define SCHED_FLAG_ALL 0x7f

struct sched_attr {
	u32 size, sched_policy;
	u64 sched_flags;
	s32 sched_nice;
	u32 sched_priority;
	u64 sched_runtime, sched_deadline, sched_period;	/* DEADLINE's */
	u32 sched_util_min, sched_util_max;
};

/* A user struct sched_attr of any size it says it has (0: the first
 * version's); E2BIG (and our size written back) past a page, or when a
 * larger one has fields we do not know set. The nice value clamped. */
static long sched_copy_attr(struct sched_attr __user *uattr,
			    struct sched_attr *attr)
{
	u32 size;
	long ret;

	if (get_user_u32(&size, USER_FIELD(struct sched_attr, uattr, size)))
		return -EFAULT;
	size = size ? size : SCHED_ATTR_SIZE_VER0;
	ret = size < SCHED_ATTR_SIZE_VER0 || size > PAGE_SIZE ? -E2BIG :
	      copy_struct_from_user(attr, sizeof(*attr), uattr, size);
	if (ret == -E2BIG)
		put_user_u32(sizeof(*attr),
			     USER_FIELD(struct sched_attr, uattr, size));
	if (ret)
		return ret;
	attr->sched_nice = MAX(MIN_NICE, MIN(MAX_NICE, attr->sched_nice));
	return 0;
}

/* @p's parameters (of its policy) into @a (Linux's get_params()). */
static void get_sched_params(struct task_struct *p, struct sched_attr *a)
{
	if (p->policy == SCHED_FIFO || p->policy == SCHED_RR) {
		a->sched_priority = (u32)p->rt_priority;
	} else if (p->policy == SCHED_DEADLINE) {
		a->sched_runtime = p->dl.dl_runtime;
		a->sched_deadline = p->dl.dl_deadline;
		a->sched_period = p->dl.dl_period;
	} else {
		a->sched_nice = p->prio - DEFAULT_PRIO;
	}
}

/* @p's policy and parameters as sched_getattr reports them. */
static void get_sched_attr(struct task_struct *p, struct sched_attr *a)
{
	a->sched_policy = p->policy;
	a->sched_flags = p->sched_reset_on_fork ? SCHED_FLAG_RESET_ON_FORK : 0;
	if (p->policy == SCHED_DEADLINE)
		a->sched_flags |= p->dl.dl_flags;
	get_sched_params(p, a);
}

/* sched_setattr(2): sched_setscheduler with the nice value, flags and
 * SCHED_DEADLINE's runtime, deadline and period in one struct. No
 * utilization clamps (EOPNOTSUPP, as a Linux without CONFIG_UCLAMP_TASK). */
long sys_sched_setattr(pid_t pid, struct sched_attr __user *uattr,
		       unsigned int flags)
{
	struct sched_attr a = { 0 };
	struct sched_dl_entity dl = { 0 };
	struct task_struct *p;
	unsigned long irq;
	long ret;
	int policy;

	if (!uattr || pid < 0 || flags)
		return -EINVAL;
	ret = sched_copy_attr(uattr, &a);
	if (ret)
		return ret;
	if ((int)a.sched_policy < 0 || a.sched_flags & ~(u64)SCHED_FLAG_ALL)
		return -EINVAL;
	if (a.sched_flags & SCHED_FLAG_UTIL_CLAMP)
		return -EOPNOTSUPP;
	policy = a.sched_flags & SCHED_FLAG_KEEP_POLICY ? -1 : (int)a.sched_policy;
	irq = spin_lock_irqsave(&tasklist_lock);
	p = pid ? find_task_by_vpid(pid) : current;
	if (p && (a.sched_flags & SCHED_FLAG_KEEP_PARAMS))
		get_sched_params(p, &a);
	dl.dl_runtime = a.sched_runtime;
	dl.dl_deadline = a.sched_deadline;
	dl.dl_period = a.sched_period;
	dl.dl_flags = a.sched_flags & (SCHED_FLAG_RECLAIM | SCHED_FLAG_DL_OVERRUN);
	ret = !p ? -ESRCH : a.sched_priority > MAX_RT_PRIO - 1 ? -EINVAL :
	      __sched_setscheduler(p, policy, (int)a.sched_priority,
				   a.sched_flags & SCHED_FLAG_RESET_ON_FORK,
				   a.sched_nice, &dl);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return ret;
}

/* sched_getattr(2): @pid's policy, nice or rt priority and flags into a
 * struct of @usize bytes (at least the first version's). */
long sys_sched_getattr(pid_t pid, struct sched_attr __user *uattr,
		       unsigned int usize, unsigned int flags)
{
	struct sched_attr a = { 0 };
	struct task_struct *p;
	unsigned long irq;

	if (!uattr || pid < 0 || usize > PAGE_SIZE ||
	    usize < SCHED_ATTR_SIZE_VER0 || flags)
		return -EINVAL;
	irq = spin_lock_irqsave(&tasklist_lock);
	p = pid ? find_task_by_vpid(pid) : current;
	if (p)
		get_sched_attr(p, &a);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (!p)
		return -ESRCH;
	a.size = MIN(usize, (unsigned int)sizeof(a));
	return copy_to_user(uattr, &a, a.size) ? -EFAULT : 0;
}
