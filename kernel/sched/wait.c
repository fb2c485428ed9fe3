/*
 * Wait queues and completions (see wait.h).
 */
#include "kernel/sched/wait.h"
#include "kernel/locking/lockdep.h"
#include "kernel/module/module.h"

/* Make @wq an empty wait queue. */
void init_waitqueue_head(struct wait_queue_head *wq)
{
	spin_lock_init(&wq->lock, "waitqueue");
	INIT_LIST_HEAD(&wq->head);
}
EXPORT_SYMBOL(init_waitqueue_head);

static void __prepare_to_wait(struct wait_queue_head *wq,
			      struct wait_queue_entry *wait, unsigned int state,
			      unsigned int wq_flags)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);

	wait->flags = wq_flags;
	if (list_empty(&wait->entry))
		list_add_tail(&wait->entry, &wq->head);
	set_current_state(state);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait,
		     unsigned int state)
{
	__prepare_to_wait(wq, wait, state, 0);
}
EXPORT_SYMBOL(prepare_to_wait);

void prepare_to_wait_exclusive(struct wait_queue_head *wq,
			       struct wait_queue_entry *wait, unsigned int state)
{
	__prepare_to_wait(wq, wait, state, WQ_FLAG_EXCLUSIVE);
}
EXPORT_SYMBOL(prepare_to_wait_exclusive);

void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait)
{
	unsigned long flags;

	__set_current_state(TASK_RUNNING);
	flags = spin_lock_irqsave(&wq->lock);
	if (!list_empty(&wait->entry))
		list_del_init(&wait->entry);
	spin_unlock_irqrestore(&wq->lock, flags);
}
EXPORT_SYMBOL(finish_wait);

/* wq->lock held. Lock order: a wait queue's lock, then rq_lock. An
 * exclusive waiter that was awake already does not count (Linux's
 * nr_exclusive = 1): the next one is tried. */
static void wake_all_locked(struct wait_queue_head *wq)
{
	struct wait_queue_entry *w;
	bool woke_exclusive = false;

	lockdep_assert_held(&wq->lock);
	list_for_each_entry(w, &wq->head, entry) {
		if (!(w->flags & WQ_FLAG_EXCLUSIVE))
			wake_up_process(w->task);
		else if (!woke_exclusive)
			woke_exclusive = wake_up_process(w->task);
	}
}

void wake_up(struct wait_queue_head *wq)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);

	wake_all_locked(wq);
	spin_unlock_irqrestore(&wq->lock, flags);
}
EXPORT_SYMBOL(wake_up);

/* Make @c a completion with nothing done yet. */
void init_completion(struct completion *c)
{
	c->done = 0;
	init_waitqueue_head(&c->wait);
}
EXPORT_SYMBOL(init_completion);

void complete(struct completion *c)
{
	unsigned long flags = spin_lock_irqsave(&c->wait.lock);

	/* Wake under the lock: the waiter may free @c as soon as it sees done. */
	c->done++;
	wake_all_locked(&c->wait);
	spin_unlock_irqrestore(&c->wait.lock, flags);
}
EXPORT_SYMBOL(complete);

/* Take one unit if there is one. */
static bool try_consume(struct completion *c)
{
	unsigned long flags = spin_lock_irqsave(&c->wait.lock);
	bool ok = c->done > 0;

	if (ok)
		c->done--;
	spin_unlock_irqrestore(&c->wait.lock, flags);
	return ok;
}

void wait_for_completion(struct completion *c)
{
	wait_event(c->wait, try_consume(c));
}
EXPORT_SYMBOL(wait_for_completion);
