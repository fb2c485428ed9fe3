/*
 * Spinlocks (see spinlock.h): an atomic exchange loop that spins on a
 * plain read to keep the cache line shared while it waits. The owner CPU
 * is recorded so that taking a lock this CPU already holds is caught
 * (it would spin forever) and so that printk can tell a nested call.
 * Each function tells the lock validator (lockdep_map.h) before it spins
 * and before it lets go: with CONFIG_LOCKDEP a lock order that could
 * deadlock is reported before it does.
 */
#include "kernel/locking/spinlock.h"
#include "asm/irqflags.h"
#include "kernel/preempt.h"
#include "lib/bug.h"
#include "kernel/module/module.h"

void spin_lock_init(spinlock_t *lock, const char *name)
{
	lock->locked = 0;
	lock->owner_cpu = -1;
	lock->name = name;
	lockdep_init_map(spin_dep_map(lock), name, __builtin_return_address(0),
			 LD_WAIT_SPIN);
}
EXPORT_SYMBOL(spin_lock_init);

/* Held, by this CPU? (Inline: every lock and unlock asks.) */
static __always_inline bool owned_here(const spinlock_t *lock)
{
	return READ_ONCE(lock->locked) &&
	       READ_ONCE(lock->owner_cpu) == (s32)smp_processor_id();
}

static __always_inline void arch_spin_lock(spinlock_t *lock)
{
	BUG_ON(owned_here(lock));
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE)) {
		while (READ_ONCE(lock->locked))
			cpu_relax();
	}
	lock->owner_cpu = (s32)smp_processor_id();
}

static __always_inline void arch_spin_unlock(spinlock_t *lock)
{
	BUG_ON(!owned_here(lock));
	lock->owner_cpu = -1;
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

void spin_lock(spinlock_t *lock)
{
	preempt_disable();
	lock_acquire(spin_dep_map(lock), false, _RET_IP_);
	arch_spin_lock(lock);
}
EXPORT_SYMBOL(spin_lock);

void spin_lock_nested(spinlock_t *lock, unsigned int subclass)
{
	preempt_disable();
	lock_acquire_nested(spin_dep_map(lock), subclass, false, _RET_IP_);
	arch_spin_lock(lock);
}
EXPORT_SYMBOL(spin_lock_nested);

void spin_unlock(spinlock_t *lock)
{
	lock_release(spin_dep_map(lock), _RET_IP_);
	arch_spin_unlock(lock);
	preempt_enable();
}
EXPORT_SYMBOL(spin_unlock);

unsigned long spin_lock_irqsave(spinlock_t *lock)
{
	unsigned long flags = arch_local_irq_save();

	preempt_disable();
	lock_acquire(spin_dep_map(lock), false, _RET_IP_);
	arch_spin_lock(lock);
	return flags;
}
EXPORT_SYMBOL(spin_lock_irqsave);

void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	lock_release(spin_dep_map(lock), _RET_IP_);
	arch_spin_unlock(lock);
	arch_local_irq_restore(flags);
	preempt_enable();
}
EXPORT_SYMBOL(spin_unlock_irqrestore);

bool spin_is_locked_by_me(spinlock_t *lock)
{
	return owned_here(lock);
}
EXPORT_SYMBOL(spin_is_locked_by_me);
