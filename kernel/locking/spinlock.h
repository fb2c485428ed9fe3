/*
 * Spinlocks: a test-and-set lock correct on several CPUs. spin_lock()
 * also disables preemption; the _irqsave forms disable local interrupts
 * too and must be used for any lock an interrupt handler takes.
 * The owner CPU is recorded so a recursive lock is caught by BUG_ON.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include "lib/types.h"

typedef struct spinlock {
	volatile u32 locked;
	s32 owner_cpu;		/* -1 when free; for BUG_ON and debuggers */
	const char *name;
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(n) { 0, -1, #n }
#define DEFINE_SPINLOCK(n) spinlock_t n = __SPIN_LOCK_UNLOCKED(n)

/* Make @lock an unlocked lock called @name. */
void spin_lock_init(spinlock_t *lock, const char *name);
void spin_lock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
/* Take @lock with local interrupts off; returns the flags to restore. */
unsigned long spin_lock_irqsave(spinlock_t *lock);
void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags);
/* True when this CPU holds @lock. */
bool spin_is_locked_by_me(spinlock_t *lock);

#endif
