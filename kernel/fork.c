/*
 * Task creation and task lifetime (references).
 *
 * A task_struct lives at the base of its own kernel stack, so allocating
 * the stack allocates the task_struct, and freeing the stack frees it.
 * Two references keep it alive from birth: one for running (dropped when
 * it has switched away for the last time after exiting) and one for its
 * parent (dropped when it is reaped). Readers such as /proc take more.
 * The last put may come in atomic context (the scheduler), where unmapping
 * a stack is not allowed (it flushes other CPUs' TLBs and waits for
 * them), so freeing then goes through the kworker thread.
 */
#include "kernel/fork.h"
#include "arch/x86_64/irqflags.h"
#include "arch/x86_64/process.h"
#include "kernel/kstack.h"
#include "kernel/pid.h"
#include "kernel/preempt.h"
#include "kernel/sched.h"
#include "kernel/tasklist.h"
#include "kernel/time.h"
#include "kernel/workqueue.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

u64 total_forks;
DEFINE_SPINLOCK(tasklist_lock);
static LIST_HEAD(dead_tasks);		/* waiting for free_dead_tasks() */
static DEFINE_SPINLOCK(dead_lock);

static void free_task(struct task_struct *p)
{
	arch_release_thread(p);
	kstack_free(p->stack);		/* the task_struct goes with it */
}

static void free_dead_tasks(struct work_struct *work)
{
	for (;;) {
		unsigned long flags = spin_lock_irqsave(&dead_lock);
		struct task_struct *p = NULL;

		if (!list_empty(&dead_tasks)) {
			p = list_first_entry(&dead_tasks, struct task_struct,
					     run_list);
			list_del_init(&p->run_list);
		}
		spin_unlock_irqrestore(&dead_lock, flags);
		if (!p)
			return;
		free_task(p);
	}
}

static DECLARE_WORK(free_dead_work, free_dead_tasks);

void get_task_struct(struct task_struct *p)
{
	__atomic_add_fetch(&p->usage, 1, __ATOMIC_RELAXED);
}

void put_task_struct(struct task_struct *p)
{
	unsigned long flags;

	if (__atomic_sub_fetch(&p->usage, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	BUG_ON(p == current || (p->flags & PF_IDLE));
	if (!in_atomic() && !arch_irqs_disabled()) {
		free_task(p);
		return;
	}
	flags = spin_lock_irqsave(&dead_lock);
	list_add_tail(&p->run_list, &dead_tasks);
	spin_unlock_irqrestore(&dead_lock, flags);
	schedule_work(&free_dead_work);
}

void task_dead_switched_out(struct task_struct *p)
{
	put_task_struct(p);
}

/* A zeroed stack block with a fresh task_struct at its base. */
static struct task_struct *dup_task_struct(void)
{
	void *stack = kstack_alloc();
	struct task_struct *p = stack;

	if (!stack)
		return NULL;
	p->thread_info.task = p;
	p->thread_info.kind = STACK_TASK;
	p->stack = stack;
	*end_of_stack(p) = STACK_END_MAGIC;
	p->usage = 2;
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	INIT_LIST_HEAD(&p->tasks);
	INIT_LIST_HEAD(&p->thread_group);
	INIT_LIST_HEAD(&p->pid_chain);
	INIT_LIST_HEAD(&p->run_list);
	return p;
}

/* Link @p into the task list, its parent's children and the pid hash. */
static void link_task(struct task_struct *p, struct task_struct *parent)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);

	p->real_parent = p->parent = parent;
	list_add_tail(&p->sibling, &parent->children);
	list_add_tail(&p->tasks, &init_task.tasks);
	attach_pid(p);
	total_forks++;
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

struct task_struct *copy_kthread(int (*fn)(void *), void *arg,
				 const char *name, struct task_struct *parent,
				 unsigned int flags)
{
	struct task_struct *p = dup_task_struct();
	pid_t pid;

	if (!p)
		return ERR_PTR(-ENOMEM);
	pid = alloc_pid();
	if (pid < 0) {
		kstack_free(p->stack);
		return ERR_PTR(pid);
	}
	p->pid = p->tgid = pid;
	p->group_leader = p;
	p->__state = TASK_UNINTERRUPTIBLE;	/* until first woken */
	p->flags = PF_KTHREAD;
	p->prio = 120;
	p->cpus_allowed = ~0ull;
	p->cpu = smp_processor_id();
	p->exit_signal = (flags & KTHREAD_AUTOREAP) ? -1 : SIGCHLD;
	p->start_time = ktime_get_ns();
	p->threadfn = fn;
	p->thread_data = arg;
	strlcpy(p->comm, name, sizeof(p->comm));
	copy_thread_kernel(p, fn, arg);
	link_task(p, parent);
	return p;
}

pid_t kernel_thread(int (*fn)(void *), void *arg, const char *name,
		    unsigned int flags)
{
	struct task_struct *p = copy_kthread(fn, arg, name, current, flags);

	if (IS_ERR(p))
		return (pid_t)PTR_ERR(p);
	wake_up_new_task(p);
	return p->pid;
}

struct task_struct *fork_idle(unsigned int cpu)
{
	struct task_struct *p = dup_task_struct();

	if (!p)
		return NULL;
	p->pid = p->tgid = 0;
	p->group_leader = p;
	p->real_parent = p->parent = &init_task;
	p->flags = PF_KTHREAD | PF_IDLE;
	p->prio = 120;
	p->cpus_allowed = 1ull << cpu;
	p->cpu = cpu;
	p->__state = TASK_RUNNING;
	p->start_time = ktime_get_ns();
	snprintf(p->comm, sizeof(p->comm), "swapper/%u", cpu);
	return p;
}
