/*
 * Lock and context assertions, with Linux's names. A function whose
 * contract says "tasklist_lock held" or "interrupts off" checks it on its
 * first lines with lockdep_assert_held(&tasklist_lock) or
 * lockdep_assert_irqs_disabled(), as Pintos checks with ASSERT. Today
 * each is one cheap test and a BUG_ON (a broken contract is a kernel bug,
 * and the report names the expression, file and line). The lock
 * validator itself (lockdep.c, with CONFIG_LOCKDEP) hangs off the lock
 * functions (lockdep_map.h); "held" here is always the real holder: this
 * CPU for a spinlock, the owner task for a mutex.
 * might_sleep() is the scheduler's, in kernel/sched/sched.h. These are
 * macros, not inline functions, so the report names the caller's line.
 */
#ifndef KERNEL_LOCKDEP_H
#define KERNEL_LOCKDEP_H

#include "asm/irqflags.h"
#include "kernel/locking/spinlock.h"
#include "kernel/preempt.h"
#include "lib/bug.h"

struct mutex;
/* True when the current task owns @m (kernel/locking/mutex.h). */
bool mutex_is_locked_by_me(struct mutex *m);

/* True when this CPU holds spinlock @l, or the current task mutex @l. */
#define lockdep_is_held(l)                                              \
	_Generic((l),                                                   \
		spinlock_t *: spin_is_locked_by_me,                     \
		struct mutex *: mutex_is_locked_by_me)(l)

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
