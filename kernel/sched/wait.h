/*
 * Wait queues: how a task sleeps until something happens. The sleeper
 * puts an entry on the queue, sets its state, re-checks the condition and
 * calls schedule(); the waker makes the condition true and calls
 * wake_up(), which makes every sleeper on the queue runnable. Checking
 * the condition after setting the state is what keeps a wake-up that
 * comes in between from being lost. An exclusive sleeper
 * (prepare_to_wait_exclusive()) is one of many waiting for the same
 * thing, of which one can have it: wake_up() wakes only one of them, not
 * the whole herd. Completions ("this is done") are a wait queue plus a
 * count.
 */
#ifndef KERNEL_WAIT_H
#define KERNEL_WAIT_H

#include "kernel/sched/sched.h"
#include "kernel/locking/spinlock.h"
#include "lib/list.h"

struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;
};

#define WQ_FLAG_EXCLUSIVE 0x01

struct wait_queue_entry {
	struct task_struct *task;
	struct list_head entry;
	unsigned int flags;		/* WQ_FLAG_EXCLUSIVE; set by prepare_* */
};

/* A wait queue entry for current, not queued yet (Linux's name). */
#define DEFINE_WAIT(name) \
	struct wait_queue_entry name = { current, LIST_HEAD_INIT(name.entry), 0 }

#define __WAIT_QUEUE_HEAD_INITIALIZER(name) \
	{ __SPIN_LOCK_UNLOCKED(name.lock), LIST_HEAD_INIT(name.head) }
#define DECLARE_WAIT_QUEUE_HEAD(name) \
	struct wait_queue_head name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

void init_waitqueue_head(struct wait_queue_head *wq);
/* Queue @wait (for current) on @wq if not queued yet; set current's state. */
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait,
		     unsigned int state);
/* prepare_to_wait() as an exclusive waiter: a wake_up() wakes every
 * other waiter but only one exclusive one that was asleep. */
void prepare_to_wait_exclusive(struct wait_queue_head *wq,
			       struct wait_queue_entry *wait, unsigned int state);
/* Back to TASK_RUNNING and off @wq. */
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait);
/* Make every task waiting on @wq runnable, but of the exclusive waiters
 * only the first that was asleep. Any context. */
void wake_up(struct wait_queue_head *wq);

/*
 * Sleep in @state until @cond is true. With TASK_INTERRUPTIBLE a signal
 * wakes the sleeper early, so @cond must include whatever signal check
 * the caller wants to stop for.
 */
#define __wait_event(wq, cond, state)                                   \
	do {                                                            \
		DEFINE_WAIT(__w); \
		might_sleep();                                          \
		for (;;) {                                              \
			prepare_to_wait(&(wq), &__w, (state));          \
			if (cond)                                       \
				break;                                  \
			schedule();                                     \
		}                                                       \
		finish_wait(&(wq), &__w);                               \
	} while (0)

/* Sleep (uninterruptibly) until @cond is true. */
#define wait_event(wq, cond) __wait_event(wq, cond, TASK_UNINTERRUPTIBLE)

struct completion {
	unsigned int done;
	struct wait_queue_head wait;
};

void init_completion(struct completion *c);
/* Mark one unit done and wake a waiter. Any context. */
void complete(struct completion *c);
/* Sleep until complete() has been called (consumes one unit). */
void wait_for_completion(struct completion *c);

#endif
