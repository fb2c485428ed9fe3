/*
 * Mutexes: a sleeping lock with one owner. Taskbase's kernel has none of
 * its own yet, so this one is built here on its wait queues
 * (kernel/sched/wait.h): the owner is set by an atomic compare-and-swap,
 * and a task that finds the mutex taken sleeps on the queue until
 * mutex_unlock() wakes the waiters to try again. The sleep is
 * uninterruptible: mutex_lock_interruptible() returns 0.
 */
#ifndef _LINUX_MUTEX_H
#define _LINUX_MUTEX_H

#include <linux/sched.h>
#include <linux/bug.h>
#include "kernel/sched/wait.h"

struct mutex {
	struct task_struct *owner;	/* NULL when free */
	struct wait_queue_head wait;
	const char *name;
};

#define __MUTEX_INITIALIZER(n) { NULL, __WAIT_QUEUE_HEAD_INITIALIZER(n.wait), #n }
#define DEFINE_MUTEX(n) struct mutex n = __MUTEX_INITIALIZER(n)

#define mutex_init(m) __mutex_init(m, #m)
static inline void __mutex_init(struct mutex *m, const char *name)
{
	m->owner = NULL;
	init_waitqueue_head(&m->wait);
	m->name = name;
}

/* Take @m if free: 1 if taken, 0 if another task owns it. */
static inline int mutex_trylock(struct mutex *m)
{
	struct task_struct *none = NULL;

	return __atomic_compare_exchange_n(&m->owner, &none, current, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/* Take @m, sleeping until it is free. Process context only. */
static inline void mutex_lock(struct mutex *m)
{
	BUG_ON(READ_ONCE(m->owner) == current);
	wait_event(m->wait, mutex_trylock(m));
}

static inline int mutex_lock_interruptible(struct mutex *m)
{
	mutex_lock(m);
	return 0;
}

#define mutex_lock_killable(m) mutex_lock_interruptible(m)

/* Release @m (the caller owns it) and wake its waiters. */
static inline void mutex_unlock(struct mutex *m)
{
	BUG_ON(READ_ONCE(m->owner) != current);
	__atomic_store_n(&m->owner, NULL, __ATOMIC_RELEASE);
	wake_up(&m->wait);
}

static inline bool mutex_is_locked(struct mutex *m)
{
	return READ_ONCE(m->owner) != NULL;
}

static inline void mutex_destroy(struct mutex *m) { }

#endif
