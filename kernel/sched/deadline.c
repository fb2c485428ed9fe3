/*
 * SCHED_DEADLINE: earliest deadline first (EDF) with a constant-bandwidth
 * server (CBS), Linux's deadline class (kernel/sched/deadline.c) made small.
 *
 * A deadline task reserves @dl_runtime ns of CPU time in every @dl_period,
 * to be used before @dl_deadline ns from the start of the period. Among the
 * runnable deadline tasks the one with the earliest absolute deadline runs
 * first, and every deadline task runs before any other task. The server
 * keeps a task to its reservation:
 *
 *   - the time it runs is charged to dl.runtime (dl_update_curr());
 *   - when dl.runtime reaches 0 the task is throttled: off the run queue
 *     until the next period starts, when the tick gives it a new budget and
 *     pushes its deadline one period on (dl_replenish_expired());
 *   - a task that wakes up after its deadline, or with more budget left than
 *     its bandwidth allows until the deadline, starts a new instance: budget
 *     dl_runtime, deadline now + dl_deadline (dl_update_entity()).
 *
 * Admission control: the bandwidths (runtime / period) of all deadline tasks
 * together may not exceed sched_rt_runtime_us / sched_rt_period_us of every
 * online CPU (0.95 * CPUs by default); sched_setattr() answers EBUSY past it.
 *
 *   time ->   |<------------- dl_period ------------->|
 *             |<---- dl_deadline ---->|                |
 *             [run][run]  throttled ...                [replenished: run]
 *             <- dl_runtime ->
 *
 * Everything here runs with rq_lock held (one lock for both run queues,
 * see sched.h), except the sysctl handlers.
 */
#include "kernel/sched/sched.h"
#include "asm/smp.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/locking/lockdep.h"
#include "kernel/time/time.h"
#include "lib/bug.h"
#include "lib/errno.h"
#include "lib/string.h"

#define BW_SHIFT 20		/* bandwidths are fixed point, 1.0 = 1 << 20 */
#define DL_SCALE 10		/* runtimes are compared in units of 1024 ns */
#define NSEC_PER_USEC 1000ull

static LIST_HEAD(dl_runqueue);		/* runnable, by absolute deadline */
static LIST_HEAD(dl_throttled);		/* waiting for their next period */
static u64 dl_total_bw;			/* sum of the admitted dl_bw */
static unsigned int dl_nr_tasks;	/* tasks in the class */

/* The sysctls of /proc/sys/kernel, in us, with Linux's defaults. */
static int sysctl_rt_period_us = 1000000;
static int sysctl_rt_runtime_us = 950000;	/* -1: no admission control */
static unsigned int sysctl_dl_period_max_us = 1u << 22;	/* ~4 s */
static unsigned int sysctl_dl_period_min_us = 100;

/* Is @a before @b (deadlines may wrap)? */
static inline bool dl_time_before(u64 a, u64 b)
{
	return (s64)(a - b) < 0;
}

/* @runtime / @period as a fixed-point fraction (Linux's to_ratio()). */
static u64 to_ratio(u64 period, u64 runtime)
{
	return period ? (runtime << BW_SHIFT) / period : 0;
}

static struct task_struct *dl_task_of(struct sched_dl_entity *dl)
{
	return container_of(dl, struct task_struct, dl);
}

/* When @dl's current period ends and a new budget is due. */
static u64 dl_next_period(const struct sched_dl_entity *dl)
{
	return dl->deadline - dl->dl_deadline + dl->dl_period;
}

bool dl_checkparam(u64 runtime, u64 deadline, u64 period)
{
	u64 max = (u64)READ_ONCE(sysctl_dl_period_max_us) * NSEC_PER_USEC;
	u64 min = (u64)READ_ONCE(sysctl_dl_period_min_us) * NSEC_PER_USEC;

	if (!deadline || runtime < (1ull << DL_SCALE))
		return false;
	if ((deadline | period) & (1ull << 63))
		return false;
	if (!period)
		period = deadline;
	if (period < deadline || deadline < runtime)
		return false;
	return period >= min && period <= max;
}

/* The deadline tasks' share of all CPUs together (-1: no limit). */
static u64 dl_bw_limit(void)
{
	int runtime = READ_ONCE(sysctl_rt_runtime_us);
	u64 cpus = (u64)num_online_cpus();

	if (runtime < 0)
		return ~0ull;
	return cpus * to_ratio((u64)READ_ONCE(sysctl_rt_period_us), (u64)runtime);
}

bool dl_bw_zero(void)
{
	return READ_ONCE(sysctl_rt_runtime_us) == 0;
}

bool dl_affinity_ok(u64 mask)
{
	return READ_ONCE(sysctl_rt_runtime_us) < 0 ||
	       !(READ_ONCE(cpu_online_mask) & ~mask);
}

/* Start a new instance of @dl at @now: full budget, fresh deadline. */
static void dl_new_instance(struct sched_dl_entity *dl, u64 now)
{
	dl->deadline = now + dl->dl_deadline;
	dl->runtime = (s64)dl->dl_runtime;
}

long dl_change_params(struct task_struct *p, unsigned int policy,
		      const struct sched_dl_entity *par)
{
	u64 old_bw = dl_task(p) ? p->dl.dl_bw : 0;
	u64 new_bw = 0, limit = dl_bw_limit();

	lockdep_assert_held(&rq_lock);
	if (policy == SCHED_DEADLINE)
		new_bw = to_ratio(par->dl_period ? par->dl_period :
				  par->dl_deadline, par->dl_runtime);
	if (new_bw > old_bw && limit != ~0ull &&
	    limit < dl_total_bw - old_bw + new_bw)
		return -EBUSY;
	dl_total_bw = dl_total_bw - old_bw + new_bw;
	if (p->dl.throttled) {
		list_del_init(&p->dl.throttled_node);
		p->dl.throttled = false;
	}
	dl_nr_tasks += (policy == SCHED_DEADLINE) - dl_task(p);
	if (policy != SCHED_DEADLINE)
		return 0;
	p->dl.dl_runtime = par->dl_runtime;
	p->dl.dl_deadline = par->dl_deadline;
	p->dl.dl_period = par->dl_period ? par->dl_period : par->dl_deadline;
	p->dl.dl_flags = par->dl_flags;
	p->dl.dl_bw = new_bw;
	p->dl.exec_start = ktime_get_ns();
	dl_new_instance(&p->dl, p->dl.exec_start);
	return 0;
}

void dl_task_dead(struct task_struct *p)
{
	lockdep_assert_held(&rq_lock);
	BUG_ON(!dl_task(p) || p->__state != TASK_DEAD);
	dl_change_params(p, SCHED_NORMAL, NULL);
	p->policy = SCHED_NORMAL;
}

/*
 * Would @dl, waking at @now, use more than its bandwidth if it kept its
 * budget and deadline: runtime / (deadline - now) > dl_runtime / dl_deadline?
 * Both sides are scaled down by DL_SCALE bits so the products fit in 64.
 */
static bool dl_entity_overflow(const struct sched_dl_entity *dl, u64 now)
{
	u64 left = (dl->dl_deadline >> DL_SCALE) * ((u64)dl->runtime >> DL_SCALE);
	u64 right = ((dl->deadline - now) >> DL_SCALE) *
		    (dl->dl_runtime >> DL_SCALE);

	return right < left;
}

/* The wake-up rule: keep the old instance if it is still good, else start
 * a new one. A constrained task (deadline < period) waking before its
 * deadline keeps the deadline with the budget its density allows (Linux's
 * revised wake-up rule), so it cannot steal from the next period. */
static void dl_update_entity(struct sched_dl_entity *dl, u64 now)
{
	if (dl->runtime > 0 && dl_time_before(now, dl->deadline) &&
	    !dl_entity_overflow(dl, now))
		return;
	if (dl->dl_deadline < dl->dl_period && dl->runtime > 0 &&
	    dl_time_before(now, dl->deadline)) {
		u64 density = to_ratio(dl->dl_deadline, dl->dl_runtime);

		dl->runtime = (s64)((density * (dl->deadline - now)) >> BW_SHIFT);
		return;
	}
	dl_new_instance(dl, now);
}

bool dl_enqueue_task(struct task_struct *p, bool wakeup)
{
	struct task_struct *q;

	lockdep_assert_held(&rq_lock);
	BUG_ON(!dl_task(p));
	if (p->dl.throttled)
		return false;		/* dl_replenish_expired() queues it */
	if (wakeup)
		dl_update_entity(&p->dl, ktime_get_ns());
	list_for_each_entry(q, &dl_runqueue, run_list)
		if (dl_time_before(p->dl.deadline, q->dl.deadline))
			break;
	list_add_tail(&p->run_list, &q->run_list);	/* before q */
	return true;
}

struct task_struct *dl_pick_next_task(unsigned int cpu)
{
	struct task_struct *p;

	lockdep_assert_held(&rq_lock);
	list_for_each_entry(p, &dl_runqueue, run_list)
		if ((p->cpus_allowed & (1ull << cpu)) && !READ_ONCE(p->on_cpu))
			return p;
	return NULL;
}

/* Push @dl's deadline on by whole periods until its budget is positive;
 * if it is still in the past, the task fell far behind: start afresh. */
static void dl_replenish(struct sched_dl_entity *dl, u64 now)
{
	while (dl->runtime <= 0) {
		dl->deadline += dl->dl_period;
		dl->runtime += (s64)dl->dl_runtime;
	}
	if (dl_time_before(dl->deadline, now))
		dl_new_instance(dl, now);
}

/* Running task @p's budget is gone (or given up): off the CPU until its
 * next period, unless that has begun already. */
static void dl_throttle(struct task_struct *p, u64 now)
{
	struct sched_dl_entity *dl = &p->dl;

	set_tsk_need_resched(p);
	if (!dl_time_before(now, dl_next_period(dl))) {
		dl_replenish(dl, now);	/* the next period has begun */
		return;
	}
	dl->throttled = true;
	list_add_tail(&dl->throttled_node, &dl_throttled);
}

void dl_update_curr(struct task_struct *p)
{
	struct sched_dl_entity *dl = &p->dl;
	u64 now = ktime_get_ns();

	lockdep_assert_held(&rq_lock);
	BUG_ON(!dl_task(p));
	dl->runtime -= (s64)(now - dl->exec_start);
	dl->exec_start = now;
	if (dl->runtime <= 0 && !dl->throttled)
		dl_throttle(p, now);
}

void dl_yield(struct task_struct *p)
{
	lockdep_assert_held(&rq_lock);
	BUG_ON(p != current || !dl_task(p));
	dl_update_curr(p);
	if (p->dl.throttled)
		return;
	p->dl.runtime = 0;
	dl_throttle(p, p->dl.exec_start);
}

void dl_set_next(struct task_struct *p)
{
	lockdep_assert_held(&rq_lock);
	p->dl.exec_start = ktime_get_ns();
}

/*
 * A deadline task @p was queued: make a CPU it may use pick it soon. An
 * idle CPU first, else the one running a non-deadline task, else the one
 * whose deadline task has the latest deadline, if that is later than @p's.
 * Another CPU's current task cannot switch or go away while we hold rq_lock.
 */
void dl_check_preempt(struct task_struct *p)
{
	u64 mask = p->cpus_allowed & READ_ONCE(cpu_online_mask);
	struct task_struct *victim = NULL, *curr;
	int target = -1;

	lockdep_assert_held(&rq_lock);
	for (; mask; mask &= mask - 1) {
		int cpu = __builtin_ctzll(mask);

		curr = READ_ONCE(percpu_area[cpu].current_task);
		if (curr->flags & PF_IDLE || !dl_task(curr)) {
			if (!victim || dl_task(victim) || curr->flags & PF_IDLE)
				victim = curr, target = cpu;
			if (curr->flags & PF_IDLE)
				break;
		} else if (dl_time_before(p->dl.deadline, curr->dl.deadline) &&
			   (!victim || (dl_task(victim) &&
			    dl_time_before(victim->dl.deadline, curr->dl.deadline)))) {
			victim = curr, target = cpu;
		}
	}
	if (!victim)
		return;
	set_tsk_need_resched(victim);
	if (target != (int)smp_processor_id())
		arch_send_reschedule((unsigned int)target);
}

/* Give a new budget to every throttled task whose next period has begun,
 * and queue those that are runnable. */
static void dl_replenish_expired(u64 now)
{
	struct sched_dl_entity *dl, *n;

	list_for_each_entry_safe(dl, n, &dl_throttled, throttled_node) {
		struct task_struct *p = dl_task_of(dl);

		if (dl_time_before(now, dl_next_period(dl)))
			continue;
		list_del_init(&dl->throttled_node);
		dl->throttled = false;
		dl_replenish(dl, now);
		if (p->__state == TASK_RUNNING && !p->on_cpu &&
		    list_empty(&p->run_list)) {
			enqueue_task(p, false);
			dl_check_preempt(p);
		}
	}
}

bool dl_tick_wanted(void)
{
	return READ_ONCE(dl_nr_tasks) != 0;
}

bool dl_tick(struct task_struct *curr, unsigned int cpu)
{
	struct task_struct *first;

	lockdep_assert_held(&rq_lock);
	dl_replenish_expired(ktime_get_ns());
	if (dl_task(curr) && !(curr->flags & PF_IDLE)) {
		dl_update_curr(curr);
		if (curr->dl.throttled)
			return true;
	}
	first = dl_pick_next_task(cpu);
	if (!first)
		return false;
	return !dl_task(curr) || curr->flags & PF_IDLE ||
	       dl_time_before(first->dl.deadline, curr->dl.deadline);
}

/* ---- /proc/sys/kernel: the limits, as Linux's sysctls ---- */

static int int_show(struct seq_buf *m, int v)
{
	seq_printf(m, "%d\n", v);
	return 0;
}

int sched_rt_period_show(struct seq_buf *m, void *unused)
{
	return int_show(m, READ_ONCE(sysctl_rt_period_us));
}

int sched_rt_runtime_show(struct seq_buf *m, void *unused)
{
	return int_show(m, READ_ONCE(sysctl_rt_runtime_us));
}

int sched_dl_period_max_show(struct seq_buf *m, void *unused)
{
	return int_show(m, (int)READ_ONCE(sysctl_dl_period_max_us));
}

int sched_dl_period_min_show(struct seq_buf *m, void *unused)
{
	return int_show(m, (int)READ_ONCE(sysctl_dl_period_min_us));
}

/* New real-time limits (Linux's sched_rt_handler()): runtime -1 or at most
 * the period, and room for the bandwidth already admitted (EBUSY). */
static int sched_rt_set(int period, int runtime)
{
	unsigned long flags;
	int err = 0;

	if (period <= 0 || runtime < -1 || runtime > period)
		return -EINVAL;
	flags = spin_lock_irqsave(&rq_lock);
	if (runtime >= 0 && (u64)num_online_cpus() *
	    to_ratio((u64)period, (u64)runtime) < dl_total_bw) {
		err = -EBUSY;
	} else {
		WRITE_ONCE(sysctl_rt_period_us, period);
		WRITE_ONCE(sysctl_rt_runtime_us, runtime);
	}
	spin_unlock_irqrestore(&rq_lock, flags);
	return err;
}

int sched_rt_period_store(void *unused, const char *buf, size_t len)
{
	int v;

	if (kstrtoint(buf, 10, &v))
		return -EINVAL;
	return sched_rt_set(v, READ_ONCE(sysctl_rt_runtime_us));
}

int sched_rt_runtime_store(void *unused, const char *buf, size_t len)
{
	int v;

	if (kstrtoint(buf, 10, &v))
		return -EINVAL;
	return sched_rt_set(READ_ONCE(sysctl_rt_period_us), v);
}

/* The period limits: max not below min, min not above max (EINVAL). */
int sched_dl_period_max_store(void *unused, const char *buf, size_t len)
{
	unsigned int v;

	if (kstrtouint(buf, 10, &v) || v < READ_ONCE(sysctl_dl_period_min_us) ||
	    v > (1u << 31) - 1)
		return -EINVAL;
	WRITE_ONCE(sysctl_dl_period_max_us, v);
	return 0;
}

int sched_dl_period_min_store(void *unused, const char *buf, size_t len)
{
	unsigned int v;

	if (kstrtouint(buf, 10, &v) || v > READ_ONCE(sysctl_dl_period_max_us))
		return -EINVAL;
	WRITE_ONCE(sysctl_dl_period_min_us, v);
	return 0;
}
