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
#include "lib/errno.h"
#include "kernel/ktest.h"
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

/*
 * kthread_stop() requests, on kthread_stop_list under kthread_create_lock:
 * the thread asked to stop and the waiter to tell when its function has
 * returned, with what.
 */
struct kthread_stop_req {
	struct task_struct *k;
	int ret;
	struct completion exited;
	struct list_head list;
};

static LIST_HEAD(kthread_stop_list);

static struct kthread_stop_req *find_stop_req(struct task_struct *k)
{
	struct kthread_stop_req *req;

	list_for_each_entry(req, &kthread_stop_list, list)
		if (req->k == k)
			return req;
	return NULL;
}

bool kthread_should_stop(void)
{
	unsigned long flags = spin_lock_irqsave(&kthread_create_lock);
	bool stop = find_stop_req(current) != NULL;

	spin_unlock_irqrestore(&kthread_create_lock, flags);
	return stop;
}
EXPORT_SYMBOL(kthread_should_stop);

int kthread_stop(struct task_struct *k)
{
	struct kthread_stop_req req = { .k = k, .ret = -EINTR };
	unsigned long flags;

	init_completion(&req.exited);
	flags = spin_lock_irqsave(&kthread_create_lock);
	if (!k->threadfn) {		/* returned already: kthread_exit() */
		req.ret = (int)(long)k->thread_data;
		spin_unlock_irqrestore(&kthread_create_lock, flags);
		return req.ret;
	}
	list_add_tail(&req.list, &kthread_stop_list);
	spin_unlock_irqrestore(&kthread_create_lock, flags);
	wake_up_process(k);
	wait_for_completion(&req.exited);
	return req.ret;
}
EXPORT_SYMBOL(kthread_stop);

/*
 * A kernel thread's function returned @ret (from ret_from_fork). A
 * kthread_stop() waiting for it gets @ret; one that comes later finds
 * threadfn cleared and @ret in thread_data (both unused from here on).
 */
void kthread_exit(int ret)
{
	unsigned long flags = spin_lock_irqsave(&kthread_create_lock);
	struct kthread_stop_req *req = find_stop_req(current);

	current->threadfn = NULL;
	current->thread_data = (void *)(long)ret;
	if (req) {
		list_del(&req->list);
		req->ret = ret;
		complete(&req->exited);
	}
	spin_unlock_irqrestore(&kthread_create_lock, flags);
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

static int kt_until_stopped(void *data)
{
	int *loops = data;

	while (!kthread_should_stop()) {
		(*loops)++;
		msleep(1);
	}
	return 42;
}

static int kt_returns_at_once(void *data)
{
	return 7;
}

KTEST(kthread_stop_returns_the_result)
{
	struct task_struct *k;
	int loops = 0;

	KT_EXPECT(t, !kthread_should_stop());
	k = kthread_run(kt_until_stopped, &loops, "kt_stop");
	KT_EXPECT(t, k != NULL);
	msleep(20);
	KT_EXPECT(t, kthread_stop(k) == 42);
	KT_EXPECT(t, loops > 0);

	/* Returned before kthread_stop(): its result still comes back. */
	k = kthread_create(kt_returns_at_once, NULL, "kt_quick");
	get_task_struct(k);
	wake_up_process(k);
	while (READ_ONCE(k->threadfn))
		msleep(1);
	KT_EXPECT(t, kthread_stop(k) == 7);
	put_task_struct(k);
}
