/*
 * kthreadd and kthread_create(). A request (on the requester's stack)
 * goes on a list; kthreadd creates the thread as its own child, then
 * completes the request. Threads made this way are reaped automatically
 * when they exit, as Linux's are (kthreadd ignores SIGCHLD).
 */
#include "kernel/kthread.h"
#include "kernel/exit.h"
#include "kernel/fork.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/wait.h"
#include "lib/err.h"
#include "lib/vsprintf.h"
#include "kernel/module/module.h"

struct kthread_create_info {
	int (*fn)(void *);
	void *data;
	char name[TASK_COMM_LEN];
	struct task_struct *result;
	struct completion done;
	struct list_head list;
};

struct task_struct *kthreadd_task;
static LIST_HEAD(kthread_create_list);
static DEFINE_SPINLOCK(kthread_create_lock);

struct task_struct *kthread_create(int (*fn)(void *), void *data,
				   const char *namefmt, ...)
{
	struct kthread_create_info req = { .fn = fn, .data = data };
	unsigned long flags;
	va_list ap;

	va_start(ap, namefmt);
	vsnprintf(req.name, sizeof(req.name), namefmt, ap);
	va_end(ap);
	init_completion(&req.done);
	flags = spin_lock_irqsave(&kthread_create_lock);
	list_add_tail(&req.list, &kthread_create_list);
	spin_unlock_irqrestore(&kthread_create_lock, flags);
	wake_up_process(kthreadd_task);
	wait_for_completion(&req.done);
	return req.result;
}
EXPORT_SYMBOL(kthread_create);

static struct kthread_create_info *next_request(void)
{
	unsigned long flags = spin_lock_irqsave(&kthread_create_lock);
	struct kthread_create_info *req = NULL;

	if (!list_empty(&kthread_create_list)) {
		req = list_first_entry(&kthread_create_list,
				       struct kthread_create_info, list);
		list_del_init(&req->list);
	}
	spin_unlock_irqrestore(&kthread_create_lock, flags);
	return req;
}

/* A kernel thread's function returned @ret (from ret_from_fork). */
void kthread_exit(int ret)
{
	do_exit((ret & 0xff) << 8);
}

int kthreadd(void *unused)
{
	struct kthread_create_info *req;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (list_empty(&kthread_create_list))
			schedule();
		__set_current_state(TASK_RUNNING);
		while ((req = next_request())) {
			struct task_struct *p = copy_kthread(req->fn, req->data,
				req->name, current, KTHREAD_AUTOREAP);

			req->result = IS_ERR(p) ? NULL : p;
			complete(&req->done);
		}
	}
	return 0;
}
