/*
 * Self-tests of the kernel mutex (mutex.h): the owner is recorded and
 * checked (lockdep_assert_held() follows it), trylock fails while another
 * task owns it, and mutex_lock_interruptible() really gives up with
 * -EINTR when a signal reaches the waiter.
 */
#include "kernel/locking/mutex.h"
#include "kernel/locking/lockdep.h"
#include "kernel/kthread.h"
#include "kernel/ktest.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "lib/errno.h"

static DEFINE_MUTEX(test_mutex);

KTEST(mutex_owner_and_trylock)
{
	KT_EXPECT(t, !mutex_is_locked(&test_mutex));
	mutex_lock(&test_mutex);
	KT_EXPECT(t, mutex_is_locked(&test_mutex));
	KT_EXPECT(t, lockdep_is_held(&test_mutex));
	lockdep_assert_held(&test_mutex);
	mutex_unlock(&test_mutex);
	lockdep_assert_not_held(&test_mutex);
	KT_EXPECT(t, mutex_trylock(&test_mutex) == 1);
	KT_EXPECT(t, mutex_is_locked_by_me(&test_mutex));
	mutex_unlock(&test_mutex);
	KT_EXPECT(t, !mutex_is_locked(&test_mutex));
}

struct mutex_waiter {
	struct mutex *m;
	int trylock_ret, lock_ret;
	struct completion done;
};

/* Another task: trylock must fail, then wait interruptibly. */
static int mutex_waiter_fn(void *data)
{
	struct mutex_waiter *w = data;

	w->trylock_ret = mutex_trylock(w->m);
	w->lock_ret = mutex_lock_interruptible(w->m);
	if (!w->lock_ret)
		mutex_unlock(w->m);
	complete(&w->done);
	return 0;
}

KTEST(mutex_lock_interruptible_stops_for_a_signal)
{
	struct mutex_waiter w = { .m = &test_mutex, .lock_ret = 1 };
	struct task_struct *k;

	init_completion(&w.done);
	mutex_lock(&test_mutex);
	k = kthread_run(mutex_waiter_fn, &w, "mutex_waiter");
	KT_EXPECT(t, k != NULL);
	if (!k) {
		mutex_unlock(&test_mutex);
		return;
	}
	while (READ_ONCE(k->__state) != TASK_INTERRUPTIBLE)
		msleep(1);
	send_sig(SIGUSR1, k);
	wait_for_completion(&w.done);
	KT_EXPECTF(t, w.trylock_ret == 0, "trylock %d", w.trylock_ret);
	KT_EXPECTF(t, w.lock_ret == -EINTR, "lock_interruptible %d", w.lock_ret);
	KT_EXPECT(t, mutex_is_locked_by_me(&test_mutex));
	mutex_unlock(&test_mutex);
}
