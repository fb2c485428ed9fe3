/*
 * Walking the task list, with Linux's macros.
 *
 * Every process (thread-group leader) is on the circular, doubly linked
 * list that starts at init_task.tasks; the threads of a process are on a
 * second circular list, thread_group, through their leader:
 *
 *   init_task <-> init(1) <-> sh(5) <-> threads(7) <-> ... <-> init_task
 *                                            |
 *                               thread_group: 7 <-> 8 <-> 9 <-> (7)
 *
 * Walkers hold tasklist_lock (read side: a plain spinlock here) so tasks
 * cannot come or go under them.
 */
#ifndef KERNEL_TASKLIST_H
#define KERNEL_TASKLIST_H

#include "kernel/locking/spinlock.h"
#include "kernel/task.h"

extern spinlock_t tasklist_lock;

#define next_task(p) list_entry((p)->tasks.next, struct task_struct, tasks)

/* Every process, starting after init_task (which is not visited). */
#define for_each_process(p) \
	for (p = &init_task; (p = next_task(p)) != &init_task;)

/* The next thread in @p's thread group (circular). */
static inline struct task_struct *next_thread(const struct task_struct *p)
{
	return list_entry(p->thread_group.next, struct task_struct,
			  thread_group);
}

/* Every thread of @p's process, starting with @p itself. */
#define for_each_thread(p, t) \
	for (t = (p); t; t = (next_thread(t) == (p) ? NULL : next_thread(t)))

/*
 * do_each_thread(g, t) { ... } while_each_thread(g, t);
 * Every thread of every process, g the process and t the thread: the
 * pair the course notes use. Linux removed them in 6.6 in favour of
 *     for_each_process_thread(g, t) { ... }
 * which Taskbase offers as well; both visit the same threads.
 */
#define do_each_thread(g, t) \
	for (g = t = &init_task; (g = t = next_task(g)) != &init_task;) do

#define while_each_thread(g, t) \
	while ((t = next_thread(t)) != g)

#define for_each_process_thread(p, t) \
	for_each_process(p) for_each_thread(p, t)

static inline bool thread_group_leader(const struct task_struct *p)
{
	return p->group_leader == p;
}

/* Is @p the only thread left in its process (Linux's name)? */
static inline bool thread_group_empty(const struct task_struct *p)
{
	return list_empty(&p->thread_group);
}

/* Is @p's process over: its leader exited and no other thread is left?
 * (A zombie leader whose threads still run is a live process.) */
static inline bool process_dead(const struct task_struct *p)
{
	const struct task_struct *leader = p->group_leader;

	return leader->exit_state && thread_group_empty(leader);
}

/* Number of threads in @p's process: its leader and the threads on the
 * leader's thread_group list (signal->nr_threads; O(1), no lock). */
int get_nr_threads(const struct task_struct *p);

/* Are the other threads of @t's process gone (a leader that is not @t:
 * a zombie)? What exec and a core dump wait for after
 * zap_other_threads(). */
static inline bool alone_in_process(const struct task_struct *t)
{
	return get_nr_threads(t) == 1 ||
	       (get_nr_threads(t) == 2 && READ_ONCE(t->group_leader->exit_state));
}

#endif
