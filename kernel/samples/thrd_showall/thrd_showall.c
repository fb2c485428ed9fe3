/*
 * thrd_showall: a sample module after Linux Kernel Programming's
 * ch6/foreach/thrd_showall. At insmod it prints one row per thread on the
 * system: the idle task swapper/0 first (init_task, which the task list
 * starts from but do_each_thread does not visit), then every thread of
 * every process, walked with do_each_thread()/while_each_thread(): TGID,
 * PID, the task_struct (current, when that thread runs), its kernel stack
 * block, the name ([name] for a kernel thread, which has no mm), and on a
 * multithreaded process's leader row its thread count. Then the total,
 * the idle task included.
 *
 * Lab 1 (docs/labs/lab1-tasklist.md) is the heart of showthrds().
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/rcupdate.h>

#define OURMODNAME "thrd_showall"

MODULE_AUTHOR("Taskbase");
MODULE_DESCRIPTION("every thread on the system, walked with do_each_thread()");
MODULE_LICENSE("Dual MIT/GPL");
MODULE_VERSION("0.2");

/* TGID, PID, task_struct and stack block: the first columns of a row. */
static int row_start(char *buf, size_t size, struct task_struct *g,
		     struct task_struct *t)
{
	return scnprintf(buf, size, "%8d %8d   0x%016lx  0x%016lx", g->tgid,
			 t->pid, (unsigned long)t, (unsigned long)t->stack);
}

/* The idle task of CPU 0 (init_task): PID 0, a kernel thread. */
static void disp_idle_thread(void)
{
	struct task_struct *t = &init_task;
	char buf[128];

	row_start(buf, sizeof(buf), t, t);
	pr_info("%s [%16s]\n", buf, t->comm);
}

/* One row. A kernel thread (no mm) has its name in brackets; the leader
 * of a multithreaded process also shows how many threads it has. */
static void disp_thread(struct task_struct *g, struct task_struct *t)
{
	int nr_thrds = get_nr_threads(g);
	char buf[128];
	int n = row_start(buf, sizeof(buf), g, t);

	if (!g->mm)
		n += scnprintf(buf + n, sizeof(buf) - n, " [%16s]", t->comm);
	else
		n += scnprintf(buf + n, sizeof(buf) - n, "  %16s ", t->comm);
	if (g->mm && g->tgid == t->pid && nr_thrds > 1)
		scnprintf(buf + n, sizeof(buf) - n, " %3d", nr_thrds);
	pr_info("%s\n", buf);
}

/* Print every thread; returns how many, the idle task included. */
static int showthrds(void)
{
	struct task_struct *g, *t;
	int total = 1;		/* the idle task */

	pr_info("------------------------------------------------------------------------------------------\n");
	pr_info("    TGID     PID         current           stack-start         Thread Name     MT? # thrds\n");
	pr_info("------------------------------------------------------------------------------------------\n");
	disp_idle_thread();
	rcu_read_lock();	/* keeps the task list still while we walk it */
	do_each_thread(g, t) {
		task_lock(t);
		disp_thread(g, t);
		task_unlock(t);
		total++;
	} while_each_thread(g, t);
	rcu_read_unlock();
	return total;
}

static int __init thrd_showall_init(void)
{
	int total;

	pr_info("%s: inserted\n", OURMODNAME);
	total = showthrds();
	pr_info("%s: total # of threads on the system: %d\n", OURMODNAME, total);
	return 0;
}

static void __exit thrd_showall_exit(void)
{
	pr_info("%s: removed\n", OURMODNAME);
}

module_init(thrd_showall_init);
module_exit(thrd_showall_exit);
