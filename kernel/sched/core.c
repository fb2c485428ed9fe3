/*
 * The scheduler (see sched.h for the design: one shared run queue).
 *
 * A switch, step by step:
 *   1. __schedule() takes rq_lock with interrupts off (preempt_count 1).
 *   2. prev goes back on the queue if it is still runnable; next is the
 *      first queued task allowed on this CPU, or this CPU's idle task.
 *   3. context_switch(): per-CPU current_task, address space, TSS rsp0,
 *      then __switch_to_asm() swaps kernel stacks: from here on we run on
 *      next's stack, in next's own earlier call of __schedule() (or, for
 *      a new task, in ret_from_fork -> schedule_tail()).
 *   4. note whether prev is dead, then prev->on_cpu = 0: from that moment
 *      another CPU may run prev, and prev may exit and be freed, so prev
 *      must not be looked at again; then rq_lock is released with next's
 *      own saved interrupt flags.
 *   5. finish_task_switch(): if prev had exited, drop the reference that
 *      kept its stack alive while it ran; outside the lock, since freeing
 *      may need to wake the kworker (which takes rq_lock).
 */
#include "kernel/ns/pid_namespace.h"
#include "kernel/sched/sched.h"
#include "asm/irqflags.h"
#include "asm/processor.h"
#include "asm/smp.h"
#include "kernel/task.h"
#include "asm/stacktrace.h"
#include "kernel/events/perf_event.h"
#include "kernel/fork.h"
#include "kernel/mm/mm.h"
#include "kernel/preempt.h"
#include "kernel/printk/printk.h"
#include "kernel/softirq.h"
#include "kernel/time/cputime.h"
#include "kernel/locking/spinlock.h"
#include "kernel/time/timer.h"
#include "kernel/uaccess.h"
#include "lib/atomic.h"
#include "lib/bug.h"
#include "kernel/locking/lockdep.h"
#include "kernel/module/module.h"

static LIST_HEAD(runqueue);
DEFINE_SPINLOCK(rq_lock);
static unsigned int rq_nr_running;
static struct task_struct *idle_tasks[NR_CPUS];

unsigned int nr_running(void)
{
	return READ_ONCE(rq_nr_running);
}

u64 nr_context_switches(void)
{
	u64 sum = 0;

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		sum += READ_ONCE(percpu_area[cpu].nr_switches);
	return sum;
}

struct task_struct *idle_task(unsigned int cpu)
{
	return idle_tasks[cpu];
}

void enqueue_task(struct task_struct *p, bool wakeup)
{
	lockdep_assert_held(&rq_lock);
	BUG_ON(!list_empty(&p->run_list) || (p->flags & PF_IDLE));
	if (!dl_task(p))
		list_add_tail(&p->run_list, &runqueue);
	else if (!dl_enqueue_task(p, wakeup))
		return;		/* throttled: queued at its next period */
	rq_nr_running++;
}

static void dequeue_task(struct task_struct *p)
{
	lockdep_assert_held(&rq_lock);
	list_del_init(&p->run_list);
	rq_nr_running--;
}

/* The deadline task with the earliest deadline, else the first queued
 * task, allowed on @cpu and not still on another CPU. */
static struct task_struct *pick_next_task(unsigned int cpu)
{
	struct task_struct *p = dl_pick_next_task(cpu);

	if (p) {
		dequeue_task(p);
		return p;
	}
	list_for_each_entry(p, &runqueue, run_list) {
		if ((p->cpus_allowed & (1ull << cpu)) && !READ_ONCE(p->on_cpu)) {
			dequeue_task(p);
			return p;
		}
	}
	return idle_tasks[cpu];
}

/* Wake the lowest-numbered CPU of @mask that is idle; false if none is. */
static bool kick_first_idle(u64 mask, unsigned int me)
{
	for (; mask; mask &= mask - 1) {
		unsigned int cpu = (unsigned int)__builtin_ctzll(mask);
		struct task_struct *idle = idle_tasks[cpu];

		/* Compare pointers only: another CPU's current task may exit
		 * and be freed at any moment; its idle task never is. */
		if (idle && READ_ONCE(percpu_area[cpu].current_task) == idle) {
			set_tsk_need_resched(idle);
			if (cpu != me)
				arch_send_reschedule(cpu);
			return true;
		}
	}
	return false;
}

/*
 * A task was queued: wake one idle CPU allowed to run it, looking first at
 * the CPUs after this one, so that work spreads over the machine instead
 * of always landing on CPU 0. Only online CPUs are looked at (one mask,
 * not a walk of all NR_CPUS slots at every wake-up).
 */
static void kick_idle_cpus(struct task_struct *p)
{
	unsigned int me = smp_processor_id();
	u64 mask = p->cpus_allowed & READ_ONCE(cpu_online_mask);
	u64 after = mask & ~((2ull << me) - 1);

	if (!kick_first_idle(after, me))
		kick_first_idle(mask & ~after, me);
}

/* @p was queued: find it a CPU (a deadline task may preempt one). */
static void kick_queued(struct task_struct *p)
{
	if (!dl_task(p))
		kick_idle_cpus(p);
	else if (!list_empty(&p->run_list))
		dl_check_preempt(p);
}

long sched_change_policy(struct task_struct *p, unsigned int policy,
			 const struct sched_dl_entity *dl)
{
	unsigned long flags = spin_lock_irqsave(&rq_lock);
	bool queued = !list_empty(&p->run_list);
	bool waiting = p->dl.throttled;
	long err;

	BUG_ON(policy == SCHED_DEADLINE && !dl);
	if (queued)
		dequeue_task(p);
	err = dl_change_params(p, policy, dl);
	if (!err)
		WRITE_ONCE(p->policy, policy);
	/* Back on a queue: the one it was on, or, throttled before, now. */
	if (queued || (waiting && p->__state == TASK_RUNNING && !p->on_cpu)) {
		enqueue_task(p, false);
		kick_queued(p);
	}
	spin_unlock_irqrestore(&rq_lock, flags);
	return err;
}

/* @dead is the task that ran before us if it had exited, else NULL. */
static void finish_task_switch(struct task_struct *dead)
{
	if (dead)
		task_dead_switched_out(dead);
}

/*
 * Let go of @prev now that its stack is no longer in use. Returns it if it
 * had exited (read before letting go: afterwards it may be gone).
 */
static struct task_struct *release_prev(struct task_struct *prev)
{
	bool dead = READ_ONCE(prev->__state) == TASK_DEAD;

	smp_store_release(&prev->on_cpu, 0);
	return dead ? prev : NULL;
}

/* Switch to @next; returns (in next) the previous task if it is dead. */
static struct task_struct *context_switch(struct task_struct *prev,
					  struct task_struct *next)
{
	unsigned int cpu = smp_processor_id();

	perf_event_task_sched_out(prev);
	perf_event_task_sched_in(next);	/* next->cpu: where it last ran */
	next->on_cpu = 1;
	next->cpu = cpu;
	this_cpu_write(current_task, next);
	this_cpu()->nr_switches++;
	switch_mm(prev, next);
	arch_switch_to(prev, next);
	prev = __switch_to_asm(prev, next);
	return release_prev(prev);
}

static void check_stack_end(struct task_struct *prev)
{
	if (unlikely(task_stack_end_corrupted(prev)))
		panic("corrupted stack end detected inside scheduler "
		      "(task %s, pid %d, stack %p)", prev->comm, prev->pid,
		      prev->stack);
}

static void __schedule(bool preempt)
{
	struct task_struct *prev = current, *next, *last = NULL;
	unsigned long flags;

	check_stack_end(prev);
	flags = spin_lock_irqsave(&rq_lock);
	clear_tsk_need_resched(prev);
	if (dl_task(prev) && prev->__state == TASK_DEAD)
		dl_task_dead(prev);
	else if (dl_task(prev))
		dl_update_curr(prev);
	/* A preempted task stays runnable, whatever state it was setting. */
	if ((preempt || prev->__state == TASK_RUNNING) &&
	    !(prev->flags & PF_IDLE) && list_empty(&prev->run_list))
		enqueue_task(prev, false);
	next = pick_next_task(smp_processor_id());
	if (dl_task(next))
		dl_set_next(next);
	if (next != prev) {
		if (preempt)
			prev->nivcsw++;
		else
			prev->nvcsw++;
		next->time_slice = task_timeslice(next);
		last = context_switch(prev, next);
	}
	spin_unlock_irqrestore(&rq_lock, flags);
	finish_task_switch(last);
}

void schedule(void)
{
	if (unlikely(in_atomic()))
		panic("BUG: scheduling while atomic: %s/%d/0x%08x",
		      current->comm, current->pid, preempt_count());
	__schedule(false);
}
EXPORT_SYMBOL(schedule);

/*
 * Stop, not warn: here a sleep in atomic context always ends in the
 * "scheduling while atomic" panic above or in a deadlock on the lock
 * held, so going on after the report would only move the crash away
 * from its cause. panic() adds the stack trace.
 */
void __might_sleep(const char *file, int line)
{
	pr_emerg("BUG: sleeping function called from invalid context at %s:%d\n",
		 file, line);
	pr_emerg("in_atomic(): %d, irqs_disabled(): %d, pid: %d, name: %s\n",
		 in_atomic(), arch_irqs_disabled(), current->pid, current->comm);
	pr_emerg("preempt_count: %x, expected: 0\n", preempt_count());
	panic("sleeping function called from invalid context");
}
EXPORT_SYMBOL(__might_sleep);

void do_task_dead(void)
{
	/* Interrupts off: no preemption between TASK_DEAD and the switch. */
	arch_local_irq_disable();
	set_current_state(TASK_DEAD);
	__schedule(false);
	BUG();		/* a dead task is never scheduled again */
}

void yield(void)
{
	__set_current_state(TASK_RUNNING);
	schedule();
}
EXPORT_SYMBOL(yield);

void do_sched_yield(void)
{
	if (dl_task(current)) {
		unsigned long flags = spin_lock_irqsave(&rq_lock);

		if (dl_task(current))
			dl_yield(current);
		spin_unlock_irqrestore(&rq_lock, flags);
	}
	yield();
}

void schedule_tail(struct task_struct *prev)
{
	struct task_struct *dead;

	lockdep_assert_held(&rq_lock);
	lockdep_assert_irqs_disabled();
	dead = release_prev(prev);
	spin_unlock(&rq_lock);
	arch_local_irq_enable();
	finish_task_switch(dead);
	/* CLONE_CHILD_SETTID: written here, in the child's address space. */
	if (current->set_child_tid) {
		put_user_u32((u32)task_pid_vnr(current),
			     (u32 *)current->set_child_tid);
		current->set_child_tid = NULL;
	}
}

void preempt_schedule_irq(void)
{
	BUG_ON(preempt_count() || !arch_irqs_disabled());
	do {
		__schedule(true);
	} while (need_resched());
}

void preempt_enable(void)
{
	__preempt_count_sub(1);
	if (unlikely(!preempt_count() && need_resched() && !arch_irqs_disabled()))
		__schedule(true);
}
EXPORT_SYMBOL(preempt_enable);

bool wake_up_process(struct task_struct *p)
{
	return wake_up_state(p, ~0u);
}
EXPORT_SYMBOL(wake_up_process);

bool wake_up_state(struct task_struct *p, unsigned int state)
{
	unsigned long flags = spin_lock_irqsave(&rq_lock);
	bool woke = false;

	if (p->__state != TASK_RUNNING && p->__state != TASK_DEAD &&
	    (p->__state & state)) {
		WRITE_ONCE(p->__state, TASK_RUNNING);
		if (!p->on_cpu && list_empty(&p->run_list)) {
			enqueue_task(p, true);
			kick_queued(p);
		}
		woke = true;
	}
	spin_unlock_irqrestore(&rq_lock, flags);
	return woke;
}

void wake_up_new_task(struct task_struct *p)
{
	unsigned long flags = spin_lock_irqsave(&rq_lock);

	WRITE_ONCE(p->__state, TASK_RUNNING);
	p->time_slice = task_timeslice(p);
	enqueue_task(p, true);
	kick_queued(p);
	spin_unlock_irqrestore(&rq_lock, flags);
}

void scheduler_tick(struct pt_regs *regs)
{
	struct task_struct *p = current;

	account_process_tick(p, user_mode(regs));
	if (dl_tick_wanted()) {
		unsigned long flags = spin_lock_irqsave(&rq_lock);
		bool resched = dl_tick(p, smp_processor_id());

		spin_unlock_irqrestore(&rq_lock, flags);
		if (resched)
			set_tsk_need_resched(p);
		if (resched || dl_task(p))
			return;		/* deadline tasks have no time slice */
	}
	if (p->flags & PF_IDLE) {
		if (nr_running())
			set_tsk_need_resched(p);
		return;
	}
	if (--p->time_slice <= 0) {
		p->time_slice = task_timeslice(p);
		if (nr_running())
			set_tsk_need_resched(p);
	}
}

static void process_timeout(void *data)
{
	wake_up_process(data);
}

u64 schedule_timeout(u64 ticks)
{
	struct timer_list timer;
	u64 expires;

	might_sleep();
	if (ticks == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return MAX_SCHEDULE_TIMEOUT;
	}
	expires = jiffies + ticks;
	timer_setup(&timer, process_timeout, current);
	mod_timer(&timer, expires);
	schedule();
	del_timer(&timer);
	return (s64)(expires - jiffies) > 0 ? expires - jiffies : 0;
}
EXPORT_SYMBOL(schedule_timeout);

void sched_init(void)
{
	*end_of_stack(&init_task) = STACK_END_MAGIC;
	idle_tasks[0] = &init_task;
	this_cpu_write(current_task, &init_task);
	init_mm.pgd = kernel_pgd();
}

struct task_struct *idle_task_create(unsigned int cpu)
{
	struct task_struct *idle = fork_idle(cpu);

	BUG_ON(!idle);
	idle->on_cpu = 1;	/* it starts out running, on its CPU */
	idle_tasks[cpu] = idle;
	return idle;
}

void cpu_idle(void)
{
	for (;;) {
		arch_local_irq_disable();
		if (!need_resched())
			arch_safe_halt();	/* sti; hlt: no wake-up lost */
		else
			arch_local_irq_enable();
		if (need_resched())
			schedule();
	}
}
