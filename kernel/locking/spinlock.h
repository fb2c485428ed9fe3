/*
 * Spinlocks: a test-and-set lock correct on several CPUs. spin_lock()
 * also disables preemption; the _irqsave forms disable local interrupts
 * too and must be used for any lock an interrupt handler takes.
 * The owner CPU is recorded so a recursive lock is caught by BUG_ON.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include "kernel/locking/lockdep_map.h"
#include "lib/types.h"

typedef struct spinlock {
	volatile u32 locked;
	s32 owner_cpu;		/* -1 when free; for BUG_ON and debuggers */
	const char *name;
#ifdef CONFIG_LOCKDEP
	struct lockdep_map dep_map;	/* its class (kernel/locking/lockdep.c) */
#endif
} spinlock_t;

#ifdef CONFIG_LOCKDEP
#define SPIN_DEP_MAP_INIT(n) .dep_map = STATIC_LOCKDEP_MAP_INIT(#n, LD_WAIT_SPIN),
static inline struct lockdep_map *spin_dep_map(spinlock_t *lock)
{
	return &lock->dep_map;
}
#else
#define SPIN_DEP_MAP_INIT(n)
static inline struct lockdep_map *spin_dep_map(spinlock_t *lock)
{
	return NULL;
}
#endif

#define __SPIN_LOCK_UNLOCKED(n) \
	{ .locked = 0, .owner_cpu = -1, .name = #n, SPIN_DEP_MAP_INIT(n) }
#define DEFINE_SPINLOCK(n) spinlock_t n = __SPIN_LOCK_UNLOCKED(n)

/* Make @lock an unlocked lock called @name. */
void spin_lock_init(spinlock_t *lock, const char *name);
/* Take @lock, spinning while another CPU holds it; preemption stays off
 * until spin_unlock(). Never sleep while holding it (might_sleep()). */
void spin_lock(spinlock_t *lock);
/* spin_lock() for the second of two locks of one class taken in a fixed
 * order (say, by address): @subclass (SINGLE_DEPTH_NESTING) tells
 * lockdep it is not recursion. Otherwise the same as spin_lock(). */
void spin_lock_nested(spinlock_t *lock, unsigned int subclass);
/* Release @lock, which this CPU must hold, and allow preemption again. */
void spin_unlock(spinlock_t *lock);
/* Take @lock with local interrupts off; returns the flags to restore. */
unsigned long spin_lock_irqsave(spinlock_t *lock);
/* Release @lock and put the interrupt flag back as @flags had it. */
void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags);
/* True when this CPU holds @lock. */
bool spin_is_locked_by_me(spinlock_t *lock);

#endif
