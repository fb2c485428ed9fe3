/*
 * Sleeplocks (see sleeplock.h): a flag taken with an atomic
 * compare-and-swap, and a wait queue for the tasks that found it taken.
 * Taking it is an acquire and letting go a release, so what the holder
 * wrote is seen by the next holder. The lock validator hears of each
 * wait before it starts (lockdep_map.h).
 */
#include "kernel/locking/sleeplock.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/wait.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/atomic.h"
#include "lib/bug.h"

void __sleeplock_init(struct sleeplock *sl, const char *name)
{
	atomic_set(&sl->locked, 0);
	sl->owner = NULL;
	init_waitqueue_head(&sl->wait);
	lockdep_init_map(sleeplock_dep_map(sl), name,
			 __builtin_return_address(0), LD_WAIT_SLEEP);
}

static bool sleeplock_trylock(struct sleeplock *sl)
{
	int unlocked = 0;

	if (!atomic_try_cmpxchg_acquire(&sl->locked, &unlocked, 1))
		return false;
	sl->owner = current;
	return true;
}

void sleeplock_lock(struct sleeplock *sl)
{
	might_sleep();
	lock_acquire(sleeplock_dep_map(sl), false, _RET_IP_);
	BUG_ON(READ_ONCE(sl->owner) == current);
	wait_event(sl->wait, sleeplock_trylock(sl));
}

int sleeplock_lock_interruptible(struct sleeplock *sl)
{
	int ret;

	might_sleep();
	lock_acquire(sleeplock_dep_map(sl), false, _RET_IP_);
	BUG_ON(READ_ONCE(sl->owner) == current);
	ret = wait_event_interruptible(sl->wait, sleeplock_trylock(sl));
	if (ret)
		lock_release(sleeplock_dep_map(sl), _RET_IP_);
	return ret;
}

void sleeplock_unlock(struct sleeplock *sl)
{
	BUG_ON(sl->owner != current);
	lock_release(sleeplock_dep_map(sl), _RET_IP_);
	sl->owner = NULL;
	atomic_set_release(&sl->locked, 0);
	wake_up(&sl->wait);
}

bool sleeplock_is_locked_by_me(struct sleeplock *sl)
{
	return READ_ONCE(sl->owner) == current;
}
