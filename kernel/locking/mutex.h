/*
 * Mutexes: Linux's sleeping lock with one owner (kernel/locking/mutex.c),
 * xv6's sleeplock: a lock a task may sleep holding, for what is copied to
 * and from user memory under the lock, where a page fault may sleep (the
 * pipe ends, a file's data in the inode's i_mutex, a terminal's writers,
 * module_mutex). The owner is the task that took it, set by an atomic
 * compare-and-swap; a task that finds it taken sleeps on its wait queue
 * until the owner's mutex_unlock() wakes the waiters to try again. Only
 * the owner may unlock it, a task may not take it twice, and it is never
 * taken in an interrupt handler: all three are checked.
 * mutex_lock_interruptible() gives up when a signal arrives.
 */
#ifndef KERNEL_LOCKING_MUTEX_H
#define KERNEL_LOCKING_MUTEX_H

#include "kernel/locking/lockdep_map.h"
#include "kernel/sched/wait.h"

struct task_struct;

struct mutex {
	struct task_struct *owner;	/* NULL when free */
	struct wait_queue_head wait;	/* tasks waiting for it */
#ifdef CONFIG_LOCKDEP
	struct lockdep_map dep_map;	/* its class (kernel/locking/lockdep.c) */
#endif
};

#ifdef CONFIG_LOCKDEP
#define MUTEX_DEP_MAP_INIT(n) .dep_map = STATIC_LOCKDEP_MAP_INIT(#n, LD_WAIT_SLEEP),
static inline struct lockdep_map *mutex_dep_map(struct mutex *m)
{
	return &m->dep_map;
}
#else
#define MUTEX_DEP_MAP_INIT(n)
static inline struct lockdep_map *mutex_dep_map(struct mutex *m)
{
	return NULL;
}
#endif

#define __MUTEX_INITIALIZER(n) \
	{ .owner = NULL, .wait = __WAIT_QUEUE_HEAD_INITIALIZER((n).wait), \
	  MUTEX_DEP_MAP_INIT(n) }
#define DEFINE_MUTEX(n) struct mutex n = __MUTEX_INITIALIZER(n)

/* Make @m a free mutex called @name; its lockdep class is the caller. */
void __mutex_init(struct mutex *m, const char *name);
/* Make @m a free mutex, named after the expression. */
#define mutex_init(m) __mutex_init(m, #m)

/* Take @m, sleeping (uninterruptibly) until it is free. Process context;
 * the caller must not hold it already. */
void mutex_lock(struct mutex *m);
/* Take @m, sleeping until it is free: 0, or -EINTR when a signal came
 * first (then not taken). Process context. */
int mutex_lock_interruptible(struct mutex *m);
/* Take @m if it is free: 1 if taken, 0 if another task owns it. Never
 * sleeps. Process context. */
int mutex_trylock(struct mutex *m);
/* Let go of @m, which the current task owns, and wake its waiters. */
void mutex_unlock(struct mutex *m);
/* True when some task owns @m. */
bool mutex_is_locked(struct mutex *m);
/* True when the current task owns @m: for lockdep_assert_held(). */
bool mutex_is_locked_by_me(struct mutex *m);

#endif
