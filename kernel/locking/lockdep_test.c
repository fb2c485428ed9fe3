/*
 * Self-tests of the contract checks (lockdep.h, might_sleep()): they stay
 * quiet while the contract holds (the mutex form is tested beside the
 * mutexes, in mutex_test.c), and the KTEST_CRASH ones break a
 * contract on purpose so that tests/integration/test_contracts.py can
 * check the report (the expression or the "sleeping function" text, the
 * file and line, the stack trace) and the panic that follows.
 */
#include "kernel/locking/lockdep.h"
#include "kernel/ktest.h"
#include "kernel/sched/sched.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"

static DEFINE_SPINLOCK(contract_lock);

/* A function with a contract: "contract_lock held". */
static __attribute__((noipa)) void needs_contract_lock(void)
{
	lockdep_assert_held(&contract_lock);
}

KTEST(lockdep_is_held_follows_the_lock)
{
	unsigned long flags;

	KT_EXPECT(t, !lockdep_is_held(&contract_lock));
	spin_lock(&contract_lock);
	KT_EXPECT(t, lockdep_is_held(&contract_lock));
	needs_contract_lock();
	lockdep_assert_preemption_disabled();
	spin_unlock(&contract_lock);
	lockdep_assert_not_held(&contract_lock);

	lockdep_assert_irqs_enabled();
	flags = spin_lock_irqsave(&contract_lock);
	lockdep_assert_irqs_disabled();
	spin_unlock_irqrestore(&contract_lock, flags);
	might_sleep();		/* process context, nothing held: quiet */
}

/* With page faults off, a user copy in atomic context fails, not sleeps. */
KTEST(pagefault_disable_allows_user_copies_under_a_lock)
{
	u32 v = 0;
	int ret;

	spin_lock(&contract_lock);
	pagefault_disable();
	ret = get_user_u32(&v, (const u32 __user *)0x1000);
	pagefault_enable();
	spin_unlock(&contract_lock);
	KT_EXPECTF(t, ret == -EFAULT, "ret %d", ret);
	KT_EXPECT(t, !pagefault_disabled());
}

/* Must end in "BUG_ON(!lockdep_is_held(&contract_lock))" and a panic. */
KTEST_CRASH(lockdep_assert_held_unheld)
{
	needs_contract_lock();
}

static __attribute__((noipa)) void sleepy_under_a_spinlock(void)
{
	spin_lock(&contract_lock);
	might_sleep();
	spin_unlock(&contract_lock);
}

/* Must end in "BUG: sleeping function called from invalid context". */
KTEST_CRASH(might_sleep_in_atomic)
{
	sleepy_under_a_spinlock();
}
