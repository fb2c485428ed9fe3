/*
 * thrd_showall_buggy: walk every thread and print its name, with the bug
 * the lockdep chapter of Linux Kernel Programming is about: the walk
 * holds task_lock(t) and then calls get_task_comm(), which takes
 * task_lock(t) again. On Linux that CPU spins on its own lock forever; a
 * kernel with lockdep first says "possible recursive locking detected"
 * and names the lock (&p->alloc_lock) and this function.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/rcupdate.h>

MODULE_AUTHOR("Taskbase");
MODULE_DESCRIPTION("the thread walk that takes task_lock() twice, for lockdep");
MODULE_LICENSE("Dual MIT/GPL");

static noinline int show_threads_twice_locked(void)
{
	struct task_struct *g, *t;
	char name[TASK_COMM_LEN];
	int n = 0;

	rcu_read_lock();
	do_each_thread(g, t) {
		task_lock(t);
		get_task_comm(name, t);		/* the bug: task_lock(t) again */
		if (n++ < 3)
			pr_info("thrd_showall_buggy: %6d %s\n", t->pid, name);
		task_unlock(t);
	} while_each_thread(g, t);
	rcu_read_unlock();
	return n;
}

static int __init thrd_showall_buggy_init(void)
{
	pr_info("thrd_showall_buggy: %d threads\n", show_threads_twice_locked());
	return 0;
}

static void __exit thrd_showall_buggy_exit(void)
{
}

module_init(thrd_showall_buggy_init);
module_exit(thrd_showall_buggy_exit);
