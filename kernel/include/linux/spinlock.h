/*
 * Spinlocks with Linux's calling conventions over Taskbase's
 * (kernel/locking/spinlock.h: spin_lock() disables preemption, the _irq
 * forms interrupts too). Linux's spin_lock_irqsave(lock, flags) stores the
 * flags into its second argument; Taskbase's returns them, so the macro
 * below calls the function of the same name (a macro does not expand
 * inside itself). rwlock_t is a spinlock here: readers exclude each other
 * too, which is correct, only less parallel.
 */
#ifndef _LINUX_SPINLOCK_H
#define _LINUX_SPINLOCK_H

#include <linux/types.h>
#include <linux/preempt.h>
#include <linux/irqflags.h>
#include <linux/bug.h>
#include "kernel/locking/spinlock.h"

#define spin_lock_init(lock) spin_lock_init(lock, #lock)
#define spin_lock_irqsave(lock, flags) ((flags) = spin_lock_irqsave(lock))
#define spin_lock_irq(lock) ((void)spin_lock_irqsave(lock))
#define spin_unlock_irq(lock) spin_unlock_irqrestore(lock, X86_EFLAGS_IF)
#define spin_lock_bh(lock) spin_lock(lock)
#define spin_unlock_bh(lock) spin_unlock(lock)
#define assert_spin_locked(lock) BUG_ON(!spin_is_locked_by_me(lock))

typedef spinlock_t rwlock_t;
#define DEFINE_RWLOCK(n) DEFINE_SPINLOCK(n)
#define rwlock_init(lock) spin_lock_init(lock)
#define read_lock(lock) spin_lock(lock)
#define read_unlock(lock) spin_unlock(lock)
#define write_lock(lock) spin_lock(lock)
#define write_unlock(lock) spin_unlock(lock)
#define read_lock_irqsave(lock, flags) spin_lock_irqsave(lock, flags)
#define read_unlock_irqrestore(lock, flags) spin_unlock_irqrestore(lock, flags)
#define write_lock_irqsave(lock, flags) spin_lock_irqsave(lock, flags)
#define write_unlock_irqrestore(lock, flags) spin_unlock_irqrestore(lock, flags)

#endif
