/*
 * Self-tests of the lock validator (lockdep.c, CONFIG_LOCKDEP only). The
 * quiet one runs with every other ktest: a consistent lock order makes no
 * report. Each KTEST_CRASH breaks a rule on purpose, once per boot (the
 * first report turns lockdep off), and lives on: no lock is really taken
 * twice. tests/integration/test_lockdep.py checks each report's format
 * and that it names the functions below.
 */
#ifdef CONFIG_LOCKDEP

#include "kernel/locking/lockdep_internal.h"
#include "kernel/locking/mutex.h"
#include "kernel/locking/spinlock.h"
#include "asm/irqflags.h"
#include "kernel/ktest.h"
#include "kernel/preempt.h"

static DEFINE_MUTEX(lock_a);
static DEFINE_MUTEX(lock_b);

static __attribute__((noipa)) void take_a_then_b(void)
{
	mutex_lock(&lock_a);
	mutex_lock(&lock_b);
	mutex_unlock(&lock_b);
	mutex_unlock(&lock_a);
}

static __attribute__((noipa)) void take_b_then_a(void)
{
	mutex_lock(&lock_b);
	mutex_lock(&lock_a);
	mutex_unlock(&lock_a);
	mutex_unlock(&lock_b);
}

KTEST(lockdep_quiet_for_a_consistent_order)
{
	take_a_then_b();
	take_a_then_b();
	KT_EXPECT(t, debug_locks);
	KT_EXPECT(t, lock_is_held(mutex_dep_map(&lock_a)) == false);
}

static DEFINE_MUTEX(chain_c);
static DEFINE_MUTEX(chain_d);
static DEFINE_MUTEX(chain_e);

/* C, D and (if @e) E, nested in that order. */
static __attribute__((noipa)) void take_chain(bool e)
{
	mutex_lock(&chain_c);
	mutex_lock(&chain_d);
	if (e) {
		mutex_lock(&chain_e);
		mutex_unlock(&chain_e);
	}
	mutex_unlock(&chain_d);
	mutex_unlock(&chain_c);
}

/* The chain cache: a new chain is remembered, and a longer chain that
 * starts with a known one is still checked (its new dependency D -> E
 * is recorded). Other CPUs may add chains meanwhile: only growth is
 * asserted. */
KTEST(lockdep_chain_cache)
{
	u32 chains = READ_ONCE(nr_lock_chains), deps;

	take_chain(false);
	KT_EXPECT(t, READ_ONCE(nr_lock_chains) > chains);
	take_chain(false);
	deps = READ_ONCE(nr_list_entries);
	take_chain(true);
	KT_EXPECT(t, READ_ONCE(nr_list_entries) > deps);
	KT_EXPECT(t, debug_locks);
}

/* "WARNING: possible circular locking dependency detected": A then B
 * once, B then A later. Nothing waits: one task does both. */
KTEST_CRASH(lockdep_circular_mutex)
{
	take_a_then_b();
	take_b_then_a();
	KT_EXPECT(t, !debug_locks);
}

/* Two spinlocks made at one init site (one call in one function that
 * is never inlined or unrolled) are one class. */
static __attribute__((noipa)) void init_pair_lock(spinlock_t *lock)
{
	spin_lock_init(lock, "pair_lock");
}

static __attribute__((noipa)) void take_two_of_one_class(spinlock_t *pair)
{
	spin_lock(&pair[0]);
	spin_lock(&pair[1]);
	spin_unlock(&pair[1]);
	spin_unlock(&pair[0]);
}

/* The same two, the second as a subclass (in a fixed order, as
 * kernel/futex/core.c's lock_two()): no report. */
KTEST(lockdep_quiet_for_a_nested_pair)
{
	spinlock_t pair[2];

	init_pair_lock(&pair[0]);
	init_pair_lock(&pair[1]);
	spin_lock(&pair[0]);
	spin_lock_nested(&pair[1], SINGLE_DEPTH_NESTING);
	spin_unlock(&pair[1]);
	spin_unlock(&pair[0]);
	KT_EXPECT(t, debug_locks);
}

/* "WARNING: possible recursive locking detected". */
KTEST_CRASH(lockdep_recursive_spinlock)
{
	spinlock_t pair[2];

	init_pair_lock(&pair[0]);
	init_pair_lock(&pair[1]);
	take_two_of_one_class(pair);
	KT_EXPECT(t, !debug_locks);
}

static DEFINE_SPINLOCK(irq_lock);

/* As an interrupt handler would: hardirq count raised, interrupts off. */
static __attribute__((noipa)) void take_in_fake_hardirq(void)
{
	unsigned long flags = arch_local_irq_save();

	__preempt_count_add(HARDIRQ_OFFSET);
	spin_lock(&irq_lock);
	spin_unlock(&irq_lock);
	__preempt_count_sub(HARDIRQ_OFFSET);
	arch_local_irq_restore(flags);
}

/* "inconsistent {HARDIRQ-ON-W} -> {IN-HARDIRQ-W} usage": taken with
 * interrupts on, then in a hardware interrupt. */
KTEST_CRASH(lockdep_irq_inconsistent)
{
	spin_lock(&irq_lock);
	spin_unlock(&irq_lock);
	take_in_fake_hardirq();
	KT_EXPECT(t, !debug_locks);
}

static DEFINE_SPINLOCK(softirq_lock);

/* As a timer callback would: in a softirq, interrupts on. */
static __attribute__((noipa)) void take_in_fake_softirq(void)
{
	__preempt_count_add(SOFTIRQ_OFFSET);
	spin_lock(&softirq_lock);
	spin_unlock(&softirq_lock);
	__preempt_count_sub(SOFTIRQ_OFFSET);
}

/* "inconsistent {IN-SOFTIRQ-W} -> {SOFTIRQ-ON-W} usage": taken in a
 * softirq, then where a softirq may interrupt its holder. */
KTEST_CRASH(lockdep_softirq_inconsistent)
{
	take_in_fake_softirq();
	spin_lock(&softirq_lock);
	spin_unlock(&softirq_lock);
	KT_EXPECT(t, !debug_locks);
}

static DEFINE_MUTEX(chain_x);
static DEFINE_MUTEX(chain_y);
static DEFINE_MUTEX(chain_z);

static __attribute__((noipa)) void take_two_mutexes(struct mutex *p,
						    struct mutex *q)
{
	mutex_lock(p);
	mutex_lock(q);
	mutex_unlock(q);
	mutex_unlock(p);
}

/* A cycle of three: x -> y, y -> z, then z -> x ("Chain exists of"). */
KTEST_CRASH(lockdep_circular_mutex_chain)
{
	take_two_mutexes(&chain_x, &chain_y);
	take_two_mutexes(&chain_y, &chain_z);
	take_two_mutexes(&chain_z, &chain_x);
	KT_EXPECT(t, !debug_locks);
}

#endif
