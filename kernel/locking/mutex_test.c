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

/* lockdep_is_held() on a mutex set up by mutex_init() (an inode's, a
 * pipe's): true only for the task holding it. */
KTEST(mutex_init_held_by_its_owner)
{
	struct mutex m;

	mutex_init(&m);
	KT_EXPECT(t, !lockdep_is_held(&m));
	mutex_lock(&m);
	KT_EXPECT(t, lockdep_is_held(&m));
	lockdep_assert_held(&m);
	mutex_unlock(&m);
	lockdep_assert_not_held(&m);
}

struct mutex_holder {
	struct task_struct *waiter;
	struct completion held, release;
};

/*
 * Another task owns the mutex while the test's task waits for it, then
 * signals the waiter the way a signal sender does: a pending bit and a
 * wake-up. The ktests run in pid 1 before it execs, still a kernel
 * thread without signal state, so the test lends it an empty one.
 */
static int mutex_holder_fn(void *data)
{
	struct mutex_holder *h = data;

	mutex_lock(&test_mutex);
	complete(&h->held);
	while (READ_ONCE(h->waiter->__state) != TASK_INTERRUPTIBLE)
		msleep(1);
	__atomic_fetch_or(&h->waiter->pending.sig, sigmask(SIGUSR1),
			  __ATOMIC_SEQ_CST);
	wake_up_process(h->waiter);
	wait_for_completion(&h->release);
	mutex_unlock(&test_mutex);
	return 0;
}

KTEST(mutex_lock_interruptible_stops_for_a_signal)
{
	struct mutex_holder h = { .waiter = current };
	struct signal_struct *saved = current->signal;
	struct signal_struct lent = { 0 };
	int ret;

	init_waitqueue_head(&lent.wait_chldexit);
	if (!saved)
		current->signal = &lent;

	init_completion(&h.held);
	init_completion(&h.release);
	KT_EXPECT(t, kthread_run(mutex_holder_fn, &h, "mutex_holder") != NULL);
	wait_for_completion(&h.held);
	KT_EXPECT(t, mutex_trylock(&test_mutex) == 0);
	ret = mutex_lock_interruptible(&test_mutex);
	KT_EXPECTF(t, ret == -EINTR, "mutex_lock_interruptible: %d", ret);
	KT_EXPECT(t, !mutex_is_locked_by_me(&test_mutex));
	__atomic_fetch_and(&current->pending.sig, ~sigmask(SIGUSR1),
			   __ATOMIC_SEQ_CST);
	current->signal = saved;
	complete(&h.release);
	mutex_lock(&test_mutex);	/* the holder lets go, then it is ours */
	KT_EXPECT(t, mutex_is_locked_by_me(&test_mutex));
	mutex_unlock(&test_mutex);
}
