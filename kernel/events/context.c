/*
 * Where counters count (Linux's kernel/events/core.c, its scheduling and
 * software-event half): the scheduler's hooks start and stop a task's
 * counters and count its context switches and migrations; the fault
 * handler's hook counts page faults; fork, exit and exec hooks make,
 * fold and enable inherited counters. The clock counters are the time
 * a counter was ACTIVE (perf_event_update_time()). See internal.h.
 */
#include "kernel/events/internal.h"
#include "kernel/fork.h"
#include "kernel/sched/sched.h"
#include "kernel/mm/slab.h"
#include "kernel/task.h"
#include "kernel/time/time.h"
#include "lib/bug.h"
#include "lib/string.h"
#include "kernel/locking/lockdep.h"
#include "asm/percpu.h"

DEFINE_SPINLOCK(perf_lock);
static struct list_head perf_cpu_events[NR_CPUS];	/* pid -1 counters */
unsigned int perf_nr_cpu_events;	/* counters on perf_cpu_events */

unsigned long perf_lock_all(void)
{
	unsigned long flags = spin_lock_irqsave(&rq_lock);

	spin_lock(&perf_lock);
	return flags;
}

void perf_unlock_all(unsigned long flags)
{
	spin_unlock(&perf_lock);
	spin_unlock_irqrestore(&rq_lock, flags);
}

static bool is_clock(const struct perf_event *event)
{
	return event->attr.config == PERF_COUNT_SW_CPU_CLOCK ||
	       event->attr.config == PERF_COUNT_SW_TASK_CLOCK;
}

void perf_event_update_time(struct perf_event *event, u64 now)
{
	u64 delta = now - event->tstamp;

	lockdep_assert_held(&perf_lock);
	event->tstamp = now;
	if (!event->ctx_running)
		return;
	if (event->state >= PERF_EVENT_STATE_INACTIVE)
		event->total_time_enabled += delta;
	if (event->state == PERF_EVENT_STATE_ACTIVE) {
		event->total_time_running += delta;
		if (is_clock(event))
			event->count += delta;
	}
}

/* The CPU @event's task runs on now, or -1; a CPU's counter: its CPU. */
static int event_running_cpu(const struct perf_event *event)
{
	struct task_struct *p = event->task;

	if (!p)
		return event->state == PERF_EVENT_STATE_EXIT ? -1 : event->cpu;
	return p->on_cpu ? p->cpu : -1;
}

/* perf_event_resched() with @event's task on @cpu (-1: off any CPU). */
static void resched_on(struct perf_event *event, int cpu)
{
	bool leader_on = event->group_leader->state >= PERF_EVENT_STATE_INACTIVE;

	lockdep_assert_held(&perf_lock);
	event->ctx_running = cpu >= 0;
	if (event->state < PERF_EVENT_STATE_INACTIVE)
		return;
	if (cpu >= 0 && leader_on && (event->cpu < 0 || event->cpu == cpu))
		event->state = PERF_EVENT_STATE_ACTIVE;
	else
		event->state = PERF_EVENT_STATE_INACTIVE;
}

/* After a change of state: ACTIVE or INACTIVE by where its task runs. */
static void perf_event_resched(struct perf_event *event)
{
	resched_on(event, event_running_cpu(event));
}

/* update_time + resched for @event and its children. */
static void sync_one(struct perf_event *event, u64 now)
{
	struct perf_event *child;

	perf_event_update_time(event, now);
	perf_event_resched(event);
	list_for_each_entry(child, &event->child_list, child_entry) {
		perf_event_update_time(child, now);
		perf_event_resched(child);
	}
}

void perf_group_sync(struct perf_event *event, u64 now)
{
	struct perf_event *leader = event->group_leader, *sib;

	BUG_ON(!spin_is_locked_by_me(&rq_lock));
	sync_one(leader, now);
	list_for_each_entry(sib, &leader->sibling_list, sibling_entry)
		sync_one(sib, now);
}

/* Count @nr into @event if it counts now and the mode is not excluded. */
static void event_add(struct perf_event *event, unsigned int id, u64 nr,
		      bool user)
{
	if (event->attr.type != PERF_TYPE_SOFTWARE || event->attr.config != id ||
	    event->state != PERF_EVENT_STATE_ACTIVE)
		return;
	if ((user && (event->attr.flags & ATTR_EXCLUDE_USER)) ||
	    (!user && (event->attr.flags & ATTR_EXCLUDE_KERNEL)))
		return;
	event->count += nr;
}

/* Count into @p's counters and this CPU's; perf_lock held. */
static void count_locked(struct task_struct *p, unsigned int id, u64 nr,
			 bool user)
{
	struct perf_event *event;

	if (p->perf_event_ctxp)
		list_for_each_entry(event, &p->perf_event_ctxp->event_list, event_entry)
			event_add(event, id, nr, user);
	if (!perf_nr_cpu_events || !perf_cpu_events[smp_processor_id()].next)
		return;
	list_for_each_entry(event, &perf_cpu_events[smp_processor_id()], event_entry)
		event_add(event, id, nr, user);
}

/* perf_sw_event() when perf_counts(current). */
void __perf_sw_event(unsigned int id, u64 nr, bool user)
{
	unsigned long flags = spin_lock_irqsave(&perf_lock);

	count_locked(current, id, nr, user);
	spin_unlock_irqrestore(&perf_lock, flags);
}

/* @p goes on @cpu (-1: off its CPU): bring its counters up to now. */
static void task_sync(struct task_struct *p, int cpu)
{
	struct perf_event *event;
	u64 now = ktime_get_ns();

	list_for_each_entry(event, &p->perf_event_ctxp->event_list, event_entry) {
		perf_event_update_time(event, now);
		resched_on(event, cpu);
	}
}

/* The hooks' bodies, when perf_counts(). Linux counts both in kernel
 * mode: exclude_kernel counters miss them. */
void __perf_event_task_sched_out(struct task_struct *prev)
{
	lockdep_assert_held(&rq_lock);
	spin_lock(&perf_lock);
	count_locked(prev, PERF_COUNT_SW_CONTEXT_SWITCHES, 1, false);
	if (prev->perf_event_ctxp)
		task_sync(prev, -1);
	spin_unlock(&perf_lock);
}

void __perf_event_task_sched_in(struct task_struct *next)
{
	lockdep_assert_held(&rq_lock);
	spin_lock(&perf_lock);
	if (next->perf_event_ctxp)
		task_sync(next, (int)smp_processor_id());
	if (next->cpu != (int)smp_processor_id() && !(next->flags & PF_IDLE))
		count_locked(next, PERF_COUNT_SW_CPU_MIGRATIONS, 1, false);
	spin_unlock(&perf_lock);
}

struct perf_event_context *perf_ctx_prealloc(void)
{
	struct perf_event_context *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	if (ctx) {
		INIT_LIST_HEAD(&ctx->event_list);
		INIT_LIST_HEAD(&ctx->owned_list);
	}
	return ctx;
}

/* Give @p the ctx *@spare (taken: NULLed) unless it has one. False if @p
 * is exiting (its ctx is gone for good). perf_lock held. */
bool perf_ctx_install(struct task_struct *p, struct perf_event_context **spare)
{
	lockdep_assert_held(&perf_lock);
	if (p->flags & PF_EXITING)
		return false;
	if (!p->perf_event_ctxp) {
		BUG_ON(!*spare);
		WRITE_ONCE(p->perf_event_ctxp, *spare);
		*spare = NULL;
	}
	return true;
}

void perf_event_attach(struct perf_event *event)
{
	u64 now = ktime_get_ns();

	lockdep_assert_held(&perf_lock);
	if (event->task) {
		list_add_tail(&event->event_entry,
			      &event->task->perf_event_ctxp->event_list);
	} else {
		if (!perf_cpu_events[event->cpu].next)	/* first use */
			INIT_LIST_HEAD(&perf_cpu_events[event->cpu]);
		list_add_tail(&event->event_entry, &perf_cpu_events[event->cpu]);
		WRITE_ONCE(perf_nr_cpu_events, perf_nr_cpu_events + 1);
	}
	event->tstamp = now;
	perf_event_resched(event);
}

/* Unlink @child (an inherited counter) from its task and its parent,
 * folding its count and times into the parent's; to @free. */
static void child_fold(struct perf_event *child, struct list_head *free, u64 now)
{
	struct perf_event *parent = child->parent;

	perf_event_update_time(child, now);
	parent->child_count += child->count;
	parent->child_time_enabled += child->total_time_enabled;
	parent->child_time_running += child->total_time_running;
	list_del(&child->event_entry);
	list_del(&child->child_entry);
	list_add_tail(&child->child_entry, free);
}

/* Make every member of @leader's group a group of its own. */
static void group_break(struct perf_event *leader, u64 now)
{
	struct perf_event *sib, *tmp;

	list_for_each_entry_safe(sib, tmp, &leader->sibling_list, sibling_entry) {
		perf_event_update_time(sib, now);
		list_del_init(&sib->sibling_entry);
		sib->group_leader = sib;
		perf_event_resched(sib);
	}
	leader->nr_siblings = 0;
}

void perf_event_detach(struct perf_event *event, struct list_head *free)
{
	struct perf_event *child, *tmp;
	u64 now = ktime_get_ns();

	lockdep_assert_held(&perf_lock);
	list_for_each_entry_safe(child, tmp, &event->child_list, child_entry) {
		list_del(&child->event_entry);
		list_move_tail(&child->child_entry, free);
	}
	if (event->group_leader == event) {
		group_break(event, now);
	} else {
		list_del_init(&event->sibling_entry);
		event->group_leader->nr_siblings--;
	}
	if (event->owner)
		list_del(&event->owner_entry);
	if (event->state != PERF_EVENT_STATE_EXIT) {	/* still on a list */
		list_del(&event->event_entry);
		if (!event->task)
			WRITE_ONCE(perf_nr_cpu_events, perf_nr_cpu_events - 1);
	}
}

/* Make preallocated @child the counter of @p that inherits @parent
 * (already a top one). */
static void inherit_one(struct perf_event *child, struct perf_event *parent,
			struct task_struct *p)
{
	child->attr = parent->attr;
	child->state = parent->state >= PERF_EVENT_STATE_INACTIVE ?
		       PERF_EVENT_STATE_INACTIVE : PERF_EVENT_STATE_OFF;
	child->cpu = parent->cpu;
	child->task = p;
	child->id = parent->id;
	child->group_leader = child;
	INIT_LIST_HEAD(&child->sibling_list);
	INIT_LIST_HEAD(&child->child_list);
	child->parent = parent;
	list_add_tail(&child->child_entry, &parent->child_list);
	perf_event_attach(child);
}

static bool inherits(const struct perf_event *event, u64 clone_flags)
{
	u64 f = event->attr.flags;

	return (f & ATTR_INHERIT) &&
	       (!(f & ATTR_INHERIT_THREAD) || (clone_flags & CLONE_THREAD));
}

/* How many of current's counters a child made with @clone_flags gets. */
static unsigned int nr_inherited(u64 clone_flags)
{
	unsigned long flags = spin_lock_irqsave(&perf_lock);
	struct perf_event *event;
	unsigned int n = 0;

	list_for_each_entry(event, &current->perf_event_ctxp->event_list, event_entry)
		n += inherits(event, clone_flags);
	spin_unlock_irqrestore(&perf_lock, flags);
	return n;
}

/* Allocate @n counters onto @list (fewer when memory is short). */
static void alloc_events(struct list_head *list, unsigned int n)
{
	while (n--) {
		struct perf_event *event = kzalloc(sizeof(*event), GFP_KERNEL);

		if (!event)
			return;	/* the child goes uncounted by the rest */
		list_add_tail(&event->child_entry, list);
	}
}

void perf_event_init_task(struct task_struct *child, u64 clone_flags)
{
	struct perf_event_context *spare;
	struct perf_event *event, *tmp;
	unsigned long flags;
	LIST_HEAD(pool);

	if (!READ_ONCE(current->perf_event_ctxp))
		return;
	alloc_events(&pool, nr_inherited(clone_flags));
	spare = list_empty(&pool) ? NULL : perf_ctx_prealloc();
	flags = perf_lock_all();
	list_for_each_entry(event, &current->perf_event_ctxp->event_list, event_entry) {
		if (!spare && !child->perf_event_ctxp)
			break;
		if (list_empty(&pool) || !inherits(event, clone_flags))
			continue;
		tmp = list_first_entry(&pool, struct perf_event, child_entry);
		list_del(&tmp->child_entry);
		perf_ctx_install(child, &spare);
		inherit_one(tmp, event->parent ?: event, child);
	}
	perf_unlock_all(flags);
	list_for_each_entry_safe(event, tmp, &pool, child_entry)
		kfree(event);
	kfree(spare);
}

/* @event stops for good: its task exits, or execs and it has
 * remove_on_exec. Its count stays; an inherited one folds into its parent
 * and goes onto @free. */
static void stop_for_good(struct perf_event *event, struct list_head *free,
			   u64 now)
{
	if (event->parent) {
		child_fold(event, free, now);
		return;
	}
	perf_event_update_time(event, now);
	list_del(&event->event_entry);
	event->task = NULL;
	event->state = PERF_EVENT_STATE_EXIT;
	event->ctx_running = false;
}

/* Current exits: the owner's counters lose their owner, @p's own stop
 * (EXIT), inherited ones fold into their parents; the ctx goes. */
void perf_event_exit_task(struct task_struct *p)
{
	struct perf_event_context *ctx = READ_ONCE(p->perf_event_ctxp);
	struct perf_event *event, *tmp;
	unsigned long flags;
	LIST_HEAD(free);
	u64 now;

	BUG_ON(p != current);
	if (!ctx)
		return;
	flags = perf_lock_all();
	now = ktime_get_ns();
	list_for_each_entry_safe(event, tmp, &ctx->owned_list, owner_entry) {
		list_del(&event->owner_entry);
		event->owner = NULL;
	}
	list_for_each_entry_safe(event, tmp, &ctx->event_list, event_entry)
		stop_for_good(event, &free, now);
	WRITE_ONCE(p->perf_event_ctxp, NULL);
	perf_unlock_all(flags);
	list_for_each_entry_safe(event, tmp, &free, child_entry)
		kfree(event);
	kfree(ctx);
}

void perf_event_exec(void)
{
	struct task_struct *p = current;
	struct perf_event *event, *tmp;
	unsigned long flags;
	LIST_HEAD(free);
	u64 now;

	if (!READ_ONCE(p->perf_event_ctxp))
		return;
	flags = perf_lock_all();
	now = ktime_get_ns();
	list_for_each_entry_safe(event, tmp, &p->perf_event_ctxp->event_list,
				 event_entry) {
		if (event->attr.flags & ATTR_REMOVE_ON_EXEC) {
			stop_for_good(event, &free, now);
			continue;
		}
		if (!(event->attr.flags & ATTR_ENABLE_ON_EXEC) ||
		    event->state != PERF_EVENT_STATE_OFF)
			continue;
		perf_event_update_time(event, now);
		event->state = PERF_EVENT_STATE_INACTIVE;
		perf_group_sync(event, now);
	}
	perf_unlock_all(flags);
	list_for_each_entry_safe(event, tmp, &free, child_entry)
		kfree(event);
}
