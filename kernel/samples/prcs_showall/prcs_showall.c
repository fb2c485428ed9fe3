/*
 * prcs_showall: a sample module after Linux Kernel Programming's
 * ch6/foreach/prcs_showall. At insmod it prints one row per process
 * (thread-group leader), walked with for_each_process(): name, TGID, PID,
 * real and effective UID, then how many processes there are.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/cred.h>
#include <linux/rcupdate.h>

#define OURMODNAME "prcs_showall"

MODULE_AUTHOR("Taskbase");
MODULE_DESCRIPTION("every process on the system, walked with for_each_process()");
MODULE_LICENSE("Dual MIT/GPL");
MODULE_VERSION("0.2");

/* Print every process; returns how many there are. */
static int show_prcs_in_tasklist(void)
{
	struct task_struct *p;
	int total = 0;

	pr_info("     Name       |  TGID  |   PID  |  RUID |  EUID\n");
	rcu_read_lock();	/* keeps the task list still while we walk it */
	for_each_process(p) {
		pr_info("%-16s|%8d|%8d|%7u|%7u\n", p->comm, p->tgid, p->pid,
			__kuid_val(task_uid(p)), __kuid_val(task_euid(p)));
		total++;
	}
	rcu_read_unlock();
	return total;
}

static int __init prcs_showall_init(void)
{
	int total;

	pr_info("%s: inserted\n", OURMODNAME);
	total = show_prcs_in_tasklist();
	pr_info("%s: total # of processes on the system: %d\n", OURMODNAME, total);
	return 0;
}

static void __exit prcs_showall_exit(void)
{
	pr_info("%s: removed\n", OURMODNAME);
}

module_init(prcs_showall_init);
module_exit(prcs_showall_exit);
