/*
 * Mutexes (see mutex.h): the owner pointer is the lock word. Taking it is
 * a compare-and-swap of NULL for current with acquire order, letting go a
 * release store, so what the owner wrote is seen by the next one. Waiters
 * sleep on the wait queue and retry when woken; a signal ends an
 * interruptible wait with -EINTR. The lock validator hears of each wait
 * before it starts (lockdep_map.h).
 */
#include "kernel/locking/mutex.h"
#include "kernel/module/module.h"
#include "kernel/preempt.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/wait.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/bug.h"
#include "lib/errno.h"

void __mutex_init(struct mutex *m, const char *name)
{
	m->owner = NULL;
	init_waitqueue_head(&m->wait);
	lockdep_init_map(mutex_dep_map(m), name, __builtin_return_address(0),
			 LD_WAIT_SLEEP);
}
EXPORT_SYMBOL(__mutex_init);

static bool __mutex_trylock(struct mutex *m)
{
	struct task_struct *none = NULL;

	return __atomic_compare_exchange_n(&m->owner, &none, current, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/* What every locking path checks first: a task that takes a mutex it
 * owns would wait for itself forever. */
static void mutex_check_owner(struct mutex *m)
{
	BUG_ON(in_interrupt());
	BUG_ON(READ_ONCE(m->owner) == current);
}

void mutex_lock(struct mutex *m)
{
	might_sleep();
	lock_acquire(mutex_dep_map(m), false, _RET_IP_);
	mutex_check_owner(m);
	wait_event(m->wait, __mutex_trylock(m));
}
EXPORT_SYMBOL(mutex_lock);

int mutex_lock_interruptible(struct mutex *m)
{
	int ret;

	might_sleep();
	lock_acquire(mutex_dep_map(m), false, _RET_IP_);
	mutex_check_owner(m);
	ret = wait_event_interruptible(m->wait, __mutex_trylock(m));
	if (ret) {
		lock_release(mutex_dep_map(m), _RET_IP_);
		return -EINTR;
	}
	return 0;
}
EXPORT_SYMBOL(mutex_lock_interruptible);

int mutex_trylock(struct mutex *m)
{
	BUG_ON(in_interrupt());
	if (!__mutex_trylock(m))
		return 0;
	lock_acquire(mutex_dep_map(m), true, _RET_IP_);
	return 1;
}
EXPORT_SYMBOL(mutex_trylock);

void mutex_unlock(struct mutex *m)
{
	BUG_ON(READ_ONCE(m->owner) != current);
	lock_release(mutex_dep_map(m), _RET_IP_);
	__atomic_store_n(&m->owner, NULL, __ATOMIC_RELEASE);
	wake_up(&m->wait);
}
EXPORT_SYMBOL(mutex_unlock);

bool mutex_is_locked(struct mutex *m)
{
	return READ_ONCE(m->owner) != NULL;
}
EXPORT_SYMBOL(mutex_is_locked);

bool mutex_is_locked_by_me(struct mutex *m)
{
	return READ_ONCE(m->owner) == current;
}
EXPORT_SYMBOL(mutex_is_locked_by_me);
