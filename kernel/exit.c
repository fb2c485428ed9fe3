/*
 * Task exit, zombies, re-parenting and reaping.
 */
#include "kernel/exit.h"
#include "arch/x86_64/process.h"
#include "kernel/preempt.h"
#include "kernel/fork.h"
#include "kernel/pid.h"
#include "kernel/sched.h"
#include "kernel/tasklist.h"
#include "kernel/wait.h"
#include "lib/bug.h"
#include "lib/errno.h"

struct task_struct *child_reaper = &init_task;
/* Parents sleep here in kernel_wait(); every exit wakes them to look. */
static DECLARE_WAIT_QUEUE_HEAD(wait_chldexit);

/* Give @p's children to init; tasklist_lock held. */
static void forget_original_parent(struct task_struct *p)
{
	struct task_struct *child, *n;
	struct task_struct *reaper = child_reaper == p ? &init_task : child_reaper;

	list_for_each_entry_safe(child, n, &p->children, sibling) {
		child->real_parent = child->parent = reaper;
		list_move_tail(&child->sibling, &reaper->children);
	}
}

/* Tell the parent: zombie, or straight to dead for an auto-reaped task. */
static bool exit_notify(struct task_struct *p)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	bool autoreap = p->exit_signal < 0;

	forget_original_parent(p);
	p->exit_state = autoreap ? EXIT_DEAD : EXIT_ZOMBIE;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	wake_up(&wait_chldexit);
	return autoreap;
}

void do_exit(int code)
{
	struct task_struct *p = current;

	BUG_ON(in_interrupt());
	BUG_ON(p->flags & PF_IDLE);
	if (p == child_reaper)
		panic("Attempted to kill init! exitcode=0x%08x", code);
	p->flags |= PF_EXITING;
	p->exit_code = code;
	arch_exit_thread(p);
	if (exit_notify(p))
		release_task(p);
	do_task_dead();
}

void release_task(struct task_struct *p)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	pid_t pid = p->pid;

	list_del_init(&p->tasks);
	list_del_init(&p->thread_group);
	list_del_init(&p->sibling);
	detach_pid(p);
	p->exit_state = EXIT_DEAD;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	free_pid(pid);
	put_task_struct(p);
}

/* A zombie child of current matching @pid, unlinked; or NULL. @any is set
 * when current has a matching child at all. tasklist_lock held. */
static struct task_struct *find_zombie(pid_t pid, bool *any)
{
	struct task_struct *c;

	list_for_each_entry(c, &current->children, sibling) {
		if (pid != -1 && c->pid != pid)
			continue;
		*any = true;
		if (c->exit_state == EXIT_ZOMBIE)
			return c;
	}
	return NULL;
}

pid_t kernel_wait(pid_t pid, int *status)
{
	struct wait_queue_entry wait = { current, LIST_HEAD_INIT(wait.entry) };
	struct task_struct *z;
	pid_t ret = -ECHILD;

	for (;;) {
		unsigned long flags;
		bool any = false;

		prepare_to_wait(&wait_chldexit, &wait, TASK_INTERRUPTIBLE);
		flags = spin_lock_irqsave(&tasklist_lock);
		z = find_zombie(pid, &any);
		spin_unlock_irqrestore(&tasklist_lock, flags);
		if (z || !any)
			break;
		schedule();
	}
	finish_wait(&wait_chldexit, &wait);
	if (z) {
		ret = z->pid;
		if (status)
			*status = z->exit_code;
		release_task(z);
	}
	return ret;
}
