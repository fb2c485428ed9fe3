/*
 * The scheduler: which task runs on each CPU, and switching between them.
 *
 * Taskbase has ONE run queue shared by all CPUs, protected by one lock
 * (rq_lock). That is simpler than Linux's per-CPU run queues with load
 * balancing, and correct: any CPU takes the first runnable task allowed
 * on it. Its price is contention on the lock with many CPUs, which a
 * teaching kernel with a handful of CPUs does not feel. Each task gets a
 * time slice of task_timeslice() ticks, SCHED_SLICE at nice 0, longer
 * for a lower nice value and shorter for a higher one (the O(1)
 * scheduler's rule: in proportion to 140 - prio); the timer tick marks
 * the running task for rescheduling when its slice is used up and others
 * are waiting, and the switch happens on the way out of the interrupt
 * (preemption). The queue itself is first come, first served: nice
 * changes how long a task runs once picked, not when it is picked. The
 * real-time policies of sched_setscheduler() are kept and reported, not
 * acted on. SCHED_DEADLINE tasks are the exception: they have a queue of
 * their own, ordered by deadline and looked at first, under the same lock
 * (deadline.c: EDF with a constant-bandwidth server).
 *
 * A task that is running is not on the queue; a runnable task that is
 * not running is. Sleeping tasks are on neither (a wait queue holds them).
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "kernel/task.h"
#include "kernel/preempt.h"
#include "asm/irqflags.h"
#include "asm/ptrace.h"
#include "kernel/locking/spinlock.h"

#define SCHED_NORMAL 0		/* policies, as Linux numbers them */
#define SCHED_DEADLINE 6
#define SCHED_SLICE 4		/* ticks (40 ms at HZ = 100) */
#define MAX_SCHEDULE_TIMEOUT (~0ull)
#define MAX_PRIO 140		/* prio of nice 20, one past the weakest */
#define DEFAULT_PRIO 120	/* prio of nice 0 */

/* Ticks @p runs once picked: 8 at nice -20, 4 at nice 0, 1 from nice 15. */
static inline int task_timeslice(const struct task_struct *p)
{
	int slice = (MAX_PRIO - READ_ONCE(p->prio)) * SCHED_SLICE /
		    (MAX_PRIO - DEFAULT_PRIO);

	return slice > 0 ? slice : 1;
}

/* Give up the CPU; the caller has set its state (or stays runnable). */
void schedule(void);
/* The last switch of an exiting task: it never runs again. */
__noreturn void do_task_dead(void);
/* Let another runnable task run first. */
void yield(void);
/* sched_yield(2): yield(); a deadline task also gives up the rest of its
 * budget until its next period (Linux's rule). */
void do_sched_yield(void);
/* Make @p runnable; false if it was not sleeping. Any context. */
bool wake_up_process(struct task_struct *p);
/* Wake @p only if it sleeps in one of the @state bits (signals wake
 * TASK_INTERRUPTIBLE sleepers, SIGCONT wakes __TASK_STOPPED ones). */
bool wake_up_state(struct task_struct *p, unsigned int state);
/* Put a new task on the run queue for the first time. */
void wake_up_new_task(struct task_struct *p);
/* Sleep for @ticks timer ticks in state @state (set by the caller). */
u64 schedule_timeout(u64 ticks);
/* Sleep at least @ms milliseconds (kernel/time/sleep.c). */
void msleep(unsigned int ms);

/* Timer tick accounting for the current task (hardirq context). */
void scheduler_tick(struct pt_regs *regs);
/* Interrupt exit to a preemptible context with a pending reschedule. */
void preempt_schedule_irq(void);
/* The first thing a new task runs, with the run-queue lock held and
 * interrupts off. */
void schedule_tail(struct task_struct *prev);

/* Boot: init_task becomes CPU 0's idle task. */
void sched_init(void);
/* Create and install @cpu's idle task (swapper/N) for a secondary CPU. */
struct task_struct *idle_task_create(unsigned int cpu);
/* This CPU's idle task. */
struct task_struct *idle_task(unsigned int cpu);
/* The idle loop: halt until work appears, then schedule. */
__noreturn void cpu_idle(void);

/*
 * might_sleep(): the caller may sleep, so it must not run in atomic
 * context (a spinlock or preempt_disable() held, in an interrupt, or
 * with interrupts off). Checked on every call, not only when the sleep
 * happens, so a wrong caller is caught on its first pass.
 */
#define might_sleep()                                                   \
	do {                                                            \
		if (unlikely(preempt_count() || arch_irqs_disabled()))  \
			__might_sleep(__FILE__, __LINE__);              \
	} while (0)
/* Report a sleep in atomic context at @file:@line and stop. */
__noreturn void __might_sleep(const char *file, int line);

#define set_current_state(s) WRITE_ONCE(current->__state, (s))
#define __set_current_state(s) WRITE_ONCE(current->__state, (s))

/* Number of runnable tasks waiting on the queue. */
unsigned int nr_running(void);
/* Context switches since boot, all CPUs. */
u64 nr_context_switches(void);
/* A new task @p's policy and priority: current's, or (current asked for
 * SCHED_RESET_ON_FORK) SCHED_NORMAL at a nice of at least 0. */
void sched_fork_policy(struct task_struct *p);
/* May current fork? -EAGAIN for a SCHED_DEADLINE task without
 * SCHED_FLAG_RESET_ON_FORK (Linux's sched_fork()), else 0. */
long sched_fork_check(void);
/* ---- the run queues (core.c) and the deadline class (deadline.c) ---- */

struct seq_buf;
struct sched_dl_entity;

/* The one lock of both run queues and of the deadline bandwidth. */
extern spinlock_t rq_lock;

static inline bool dl_task(const struct task_struct *p)
{
	return READ_ONCE(p->policy) == SCHED_DEADLINE;
}

/* Queue runnable @p (not running, on no queue); @wakeup: it has just
 * woken or was just created. rq_lock held. */
void enqueue_task(struct task_struct *p, bool wakeup);
/* Give @p @policy (with @dl's runtime, deadline, period and flags when it
 * is SCHED_DEADLINE), moving it between the queues; 0, or -EBUSY when
 * admission control refuses the bandwidth. Takes rq_lock. */
long sched_change_policy(struct task_struct *p, unsigned int policy,
			 const struct sched_dl_entity *dl);
/* May a deadline task have affinity @mask? Linux's rule while admission
 * control is on: only a mask with every online CPU (the root domain). */
bool dl_affinity_ok(u64 mask);
/* Is there no bandwidth for deadline tasks at all (sched_rt_runtime_us 0)? */
bool dl_bw_zero(void);

/* Are these sched_setattr() parameters valid (Linux's __checkparam_dl())? */
bool dl_checkparam(u64 runtime, u64 deadline, u64 period);
/* Admission control and the new parameters (@policy: the task's next one,
 * @par NULL unless it is SCHED_DEADLINE); 0 or -EBUSY. @p on no run
 * queue, rq_lock held. */
long dl_change_params(struct task_struct *p, unsigned int policy,
		      const struct sched_dl_entity *par);
/* Exiting deadline task @p gives its bandwidth back. rq_lock held. */
void dl_task_dead(struct task_struct *p);
/* Queue deadline task @p in deadline order, first applying the wake-up
 * rule if @wakeup; false if it is throttled (not queued). rq_lock held. */
bool dl_enqueue_task(struct task_struct *p, bool wakeup);
/* The queued deadline task with the earliest deadline allowed on @cpu and
 * not still running elsewhere, left on the queue; or NULL. rq_lock held. */
struct task_struct *dl_pick_next_task(unsigned int cpu);
/* Charge deadline task @p (running) for its time since dl_set_next() or
 * the last charge; throttle it when its budget is gone. rq_lock held. */
void dl_update_curr(struct task_struct *p);
/* sched_yield() of deadline task @p (current): give up the rest of this
 * period's budget, as Linux's yield_task_dl(). rq_lock held. */
void dl_yield(struct task_struct *p);
/* Deadline task @p goes on a CPU: start its clock. rq_lock held. */
void dl_set_next(struct task_struct *p);
/* Deadline task @p was queued: ask a CPU to preempt for it. rq_lock held. */
void dl_check_preempt(struct task_struct *p);
/* Has the tick work for the deadline class (some task is in it)? */
bool dl_tick_wanted(void);
/* The tick on @cpu running @curr: replenish throttled tasks, charge @curr;
 * true if @curr should give up the CPU to a deadline task. rq_lock held. */
bool dl_tick(struct task_struct *curr, unsigned int cpu);

/* /proc/sys/kernel/sched_{rt_period,rt_runtime}_us and
 * sched_deadline_period_{max,min}_us (proc_sysctl.c's table). */
int sched_rt_period_show(struct seq_buf *m, void *unused);
int sched_rt_period_store(void *unused, const char *buf, size_t len);
int sched_rt_runtime_show(struct seq_buf *m, void *unused);
int sched_rt_runtime_store(void *unused, const char *buf, size_t len);
int sched_dl_period_max_show(struct seq_buf *m, void *unused);
int sched_dl_period_max_store(void *unused, const char *buf, size_t len);
int sched_dl_period_min_show(struct seq_buf *m, void *unused);
int sched_dl_period_min_store(void *unused, const char *buf, size_t len);
/* Their entries in /proc/sys/kernel, sorted as ls shows them. */
#define SCHED_SYSCTL_FILES \
	CTL_FILE("sched_deadline_period_max_us", 0644, \
		 sched_dl_period_max_show, sched_dl_period_max_store), \
	CTL_FILE("sched_deadline_period_min_us", 0644, \
		 sched_dl_period_min_show, sched_dl_period_min_store), \
	CTL_FILE("sched_rt_period_us", 0644, \
		 sched_rt_period_show, sched_rt_period_store), \
	CTL_FILE("sched_rt_runtime_us", 0644, \
		 sched_rt_runtime_show, sched_rt_runtime_store)

#endif
