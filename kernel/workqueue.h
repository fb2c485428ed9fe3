/*
 * Work items: a function to run later in process context, by the kernel
 * thread [kworker/0]. Interrupt handlers and the scheduler use it for
 * work that may sleep or must wait for other CPUs.
 */
#ifndef KERNEL_WORKQUEUE_H
#define KERNEL_WORKQUEUE_H

#include "lib/list.h"

struct work_struct {
	struct list_head entry;
	void (*func)(struct work_struct *work);
	int pending;
};

#define DECLARE_WORK(name, fn) \
	struct work_struct name = { LIST_HEAD_INIT(name.entry), fn, 0 }

/* Queue @work unless already queued. Any context. */
void schedule_work(struct work_struct *work);
/* Start the worker thread (kernel_init, once kthreadd runs). */
void workqueue_init(void);

#endif
