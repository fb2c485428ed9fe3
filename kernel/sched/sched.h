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
 * policy of sched_setscheduler() is kept and reported, never used.
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

#endif
