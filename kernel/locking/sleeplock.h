/*
 * Sleeplocks: a lock a task may sleep holding (xv6's sleeplock, Linux's
 * mutex), for what is copied to and from user memory under the lock,
 * where a page fault may sleep: the pipe ends, a file's data (the inode's
 * i_mutex), a terminal's writers. A task that waits for one sleeps on its
 * wait queue; the owner is recorded so a recursive lock is caught.
 * Process context only; never from an interrupt handler.
 */
#ifndef KERNEL_LOCKING_SLEEPLOCK_H
#define KERNEL_LOCKING_SLEEPLOCK_H

#include "kernel/locking/lockdep_map.h"
#include "kernel/sched/wait.h"
#include "lib/atomic.h"

struct task_struct;

struct sleeplock {
	atomic_t locked;		/* 1: held */
	struct task_struct *owner;	/* the holder, or NULL */
	struct wait_queue_head wait;	/* tasks waiting for it */
#ifdef CONFIG_LOCKDEP
	struct lockdep_map dep_map;	/* its class (kernel/locking/lockdep.c) */
#endif
};

#ifdef CONFIG_LOCKDEP
#define SLEEPLOCK_DEP_MAP_INIT(n) \
	.dep_map = STATIC_LOCKDEP_MAP_INIT(#n, LD_WAIT_SLEEP),
static inline struct lockdep_map *sleeplock_dep_map(struct sleeplock *sl)
{
	return &sl->dep_map;
}
#else
#define SLEEPLOCK_DEP_MAP_INIT(n)
static inline struct lockdep_map *sleeplock_dep_map(struct sleeplock *sl)
{
	return NULL;
}
#endif

/* For a sleeplock defined statically, e.g. inside a static struct. */
#define __SLEEPLOCK_INITIALIZER(name) \
	{ .wait = __WAIT_QUEUE_HEAD_INITIALIZER((name).wait), \
	  SLEEPLOCK_DEP_MAP_INIT(name) }

/* Make @sl an unlocked sleeplock called @name (its class: the caller). */
void __sleeplock_init(struct sleeplock *sl, const char *name);
/* Make @sl an unlocked sleeplock, named after the expression. */
#define sleeplock_init(sl) __sleeplock_init(sl, #sl)
/* Take @sl, sleeping (uninterruptibly) until it is free. Not held yet. */
void sleeplock_lock(struct sleeplock *sl);
/* Take @sl, sleeping until it is free: 0, or -ERESTARTSYS when a signal
 * arrived first (then not taken). Not held yet. */
int sleeplock_lock_interruptible(struct sleeplock *sl);
/* Let go of @sl, which current holds, and wake a waiter. */
void sleeplock_unlock(struct sleeplock *sl);
/* True when the current task holds @sl: for lockdep_assert_held(). */
bool sleeplock_is_locked_by_me(struct sleeplock *sl);

#endif
