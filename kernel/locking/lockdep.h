/*
 * Lock and context assertions, with Linux's names. A function whose
 * contract says "tasklist_lock held" or "interrupts off" checks it on its
 * first lines with lockdep_assert_held(&tasklist_lock) or
 * lockdep_assert_irqs_disabled(), as Pintos checks with ASSERT. Today
 * each is one cheap test and a BUG_ON (a broken contract is a kernel bug,
 * and the report names the expression, file and line); a full lock
 * validator can later take over the same names without touching callers.
 * might_sleep() is the scheduler's, in kernel/sched/sched.h. These are
 * macros, not inline functions, so the report names the caller's line.
 */
#ifndef KERNEL_LOCKDEP_H
#define KERNEL_LOCKDEP_H

#include "asm/irqflags.h"
#include "kernel/locking/spinlock.h"
#include "kernel/preempt.h"
#include "lib/bug.h"

struct sleeplock;
/* True when the current task holds @sl (kernel/locking/sleeplock.h). */
bool sleeplock_is_locked_by_me(struct sleeplock *sl);

/* True when this CPU holds spinlock @l, or the current task sleeplock @l. */
#define lockdep_is_held(l)                                              \
	_Generic((l),                                                   \
		spinlock_t *: spin_is_locked_by_me,                     \
		struct sleeplock *: sleeplock_is_locked_by_me)(l)

/* The caller's contract says it holds @l. */
#define lockdep_assert_held(l) BUG_ON(!lockdep_is_held(l))
/* The caller must not hold @l (it is about to take it, or to sleep). */
#define lockdep_assert_not_held(l) BUG_ON(lockdep_is_held(l))

/* Local interrupts must be off (an IRQ handler, or under an irqsave lock). */
#define lockdep_assert_irqs_disabled() BUG_ON(!arch_irqs_disabled())
/* Local interrupts must be on (we are about to wait for another CPU). */
#define lockdep_assert_irqs_enabled() BUG_ON(arch_irqs_disabled())
/* Nothing may switch this CPU to another task: preempt_count or IRQs off. */
#define lockdep_assert_preemption_disabled()                            \
	BUG_ON(!preempt_count() && !arch_irqs_disabled())

#endif
