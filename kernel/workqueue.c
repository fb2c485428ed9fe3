/*
 * One worker thread, [kworker/0], running queued work items in order.
 */
#include "kernel/workqueue.h"
#include "kernel/kthread.h"
#include "kernel/sched/sched.h"
#include "kernel/locking/spinlock.h"
#include "lib/bug.h"

static LIST_HEAD(work_list);
static DEFINE_SPINLOCK(work_lock);
static struct task_struct *worker;

void schedule_work(struct work_struct *work)
{
	unsigned long flags = spin_lock_irqsave(&work_lock);

	if (!work->pending) {
		work->pending = 1;
		list_add_tail(&work->entry, &work_list);
	}
	spin_unlock_irqrestore(&work_lock, flags);
	if (worker)
		wake_up_process(worker);
}

static struct work_struct *take_work(void)
{
	unsigned long flags = spin_lock_irqsave(&work_lock);
	struct work_struct *w = NULL;

	if (!list_empty(&work_list)) {
		w = list_first_entry(&work_list, struct work_struct, entry);
		list_del_init(&w->entry);
		w->pending = 0;
	}
	spin_unlock_irqrestore(&work_lock, flags);
	return w;
}

static int worker_thread(void *unused)
{
	for (;;) {
		struct work_struct *w;

		set_current_state(TASK_IDLE);
		if (list_empty(&work_list))
			schedule();
		__set_current_state(TASK_RUNNING);
		while ((w = take_work()))
			w->func(w);
	}
	return 0;
}

void workqueue_init(void)
{
	struct task_struct *w = kthread_run(worker_thread, NULL, "kworker/0");

	BUG_ON(!w);
	worker = w;
}
