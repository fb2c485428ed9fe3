/*
 * rcu_read_lock() for modules written for Linux (see rcupdate.h): the read
 * side is tasklist_lock, taken with interrupts off by the outermost
 * rcu_read_lock() on a CPU and dropped by its matching unlock. The depth
 * and the saved interrupt flags are per CPU: a reader cannot move to
 * another CPU while it holds a spinlock with interrupts off.
 */
#include "kernel/rcu/rcupdate.h"
#include "kernel/ktest.h"
#include "kernel/module/module.h"
#include "kernel/tasklist.h"
#include "lib/bug.h"

struct rcu_reader {
	int depth;		/* nested read sections on this CPU */
	bool owned;		/* the outermost one took tasklist_lock */
	unsigned long flags;	/* interrupt flags to restore */
};

static struct rcu_reader rcu_readers[NR_CPUS];

void rcu_read_lock(void)
{
	struct rcu_reader *r;
	unsigned long flags;

	if (spin_is_locked_by_me(&tasklist_lock)) {
		r = &rcu_readers[smp_processor_id()];
		if (r->depth++ == 0)
			r->owned = false;
		return;
	}
	flags = spin_lock_irqsave(&tasklist_lock);
	r = &rcu_readers[smp_processor_id()];
	BUG_ON(r->depth != 0);
	r->depth = 1;
	r->owned = true;
	r->flags = flags;
}
EXPORT_SYMBOL(rcu_read_lock);

void rcu_read_unlock(void)
{
	struct rcu_reader *r = &rcu_readers[smp_processor_id()];

	BUG_ON(r->depth <= 0);
	if (--r->depth == 0 && r->owned)
		spin_unlock_irqrestore(&tasklist_lock, r->flags);
}
EXPORT_SYMBOL(rcu_read_unlock);

int rcu_read_depth(void)
{
	return spin_is_locked_by_me(&tasklist_lock) ?
	       rcu_readers[smp_processor_id()].depth : 0;
}

KTEST(rcu_read_lock_nests_on_tasklist_lock)
{
	unsigned long flags;

	rcu_read_lock();
	KT_EXPECT(t, spin_is_locked_by_me(&tasklist_lock));
	rcu_read_lock();
	KT_EXPECT(t, rcu_read_depth() == 2);
	rcu_read_unlock();
	KT_EXPECT(t, spin_is_locked_by_me(&tasklist_lock));
	rcu_read_unlock();
	KT_EXPECT(t, !spin_is_locked_by_me(&tasklist_lock));
	KT_EXPECT(t, rcu_read_depth() == 0);

	/* A kernel walker already holding the lock keeps it. */
	flags = spin_lock_irqsave(&tasklist_lock);
	rcu_read_lock();
	rcu_read_unlock();
	KT_EXPECT(t, spin_is_locked_by_me(&tasklist_lock));
	spin_unlock_irqrestore(&tasklist_lock, flags);
}
