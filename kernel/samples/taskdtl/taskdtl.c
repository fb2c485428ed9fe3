/*
 * taskdtl: everything a module can tell about one task, given its PID as
 * a module parameter (Linux Kernel Programming, chapter 6's assignment;
 * lab 7, docs/labs/lab7-taskdtl.md):
 *
 *   insmod taskdtl pid=42
 *
 * prints, one "taskdtl: " line each: who it is, its state, its parent,
 * its threads, its kernel stack block and how much of it was ever used,
 * its address space and user stack, its credentials and its CPU. The
 * task is found and referenced the Linux way (find_get_pid(),
 * get_pid_task()), its mm and cred taken with references of their own, so
 * the task may exit while we print. A missing or impossible pid fails
 * the load with EINVAL, a pid no task has with ESRCH, both said in dmesg.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/pid.h>
#include <linux/cred.h>
#include <linux/uidgid.h>

#define OURMODNAME "taskdtl"

MODULE_AUTHOR("Taskbase");
MODULE_DESCRIPTION("the details of one task, given its PID");
MODULE_LICENSE("Dual MIT/GPL");
MODULE_VERSION("0.1");

static int pid;
module_param(pid, int, 0444);
MODULE_PARM_DESC(pid, "the PID (thread id) of the task to show");

/* /proc's word for a state letter. */
static const char *state_word(char c)
{
	switch (c) {
	case 'R': return "running";
	case 'S': return "sleeping";
	case 'D': return "disk sleep";
	case 'T': return "stopped";
	case 't': return "tracing stop";
	case 'Z': return "zombie";
	case 'X': return "dead";
	case 'I': return "idle";
	default: return "?";
	}
}

/* Bytes of @p's kernel stack ever used: from the top down to the lowest
 * word that is not zero (stacks start zeroed; Linux's stack_not_used()). */
static unsigned long stack_used(struct task_struct *p)
{
	unsigned long *n = end_of_stack(p) + 1;
	unsigned long top = (unsigned long)task_stack_page(p) + THREAD_SIZE;

	while ((unsigned long)n < top && !*n)
		n++;
	return top - (unsigned long)n;
}

static void show_identity(struct task_struct *p)
{
	char c = task_state_to_char(p);
	struct task_struct *parent;

	pr_info(OURMODNAME ": task %s, pid %d, tgid %d\n", p->comm,
		task_pid_nr(p), task_tgid_nr(p));
	pr_info(OURMODNAME ": state %c (%s)\n", c, state_word(c));
	rcu_read_lock();
	parent = rcu_dereference(p->real_parent);
	pr_info(OURMODNAME ": parent %s, pid %d\n", parent->comm,
		task_tgid_nr(parent));
	pr_info(OURMODNAME ": threads %d\n", get_nr_threads(p));
	rcu_read_unlock();
}

static void show_stack_block(struct task_struct *p)
{
	pr_info(OURMODNAME ": task_struct 0x%px\n", p);
	pr_info(OURMODNAME ": kernel stack 0x%px, %lu bytes, %lu used at most\n",
		task_stack_page(p), (unsigned long)THREAD_SIZE, stack_used(p));
}

static void show_mm(struct task_struct *p)
{
	struct mm_struct *mm = get_task_mm(p);

	if (!mm) {
		pr_info(OURMODNAME ": mm none (a kernel thread, or exiting)\n");
		return;
	}
	pr_info(OURMODNAME ": mm 0x%px, start_stack 0x%lx\n", mm,
		(unsigned long)mm->start_stack);
	mmput(mm);
}

static void show_creds(struct task_struct *p)
{
	const struct cred *c = get_task_cred(p);

	pr_info(OURMODNAME ": uid %u euid %u gid %u egid %u\n",
		from_kuid(&init_user_ns, c->uid), from_kuid(&init_user_ns, c->euid),
		from_kgid(&init_user_ns, c->gid), from_kgid(&init_user_ns, c->egid));
	put_cred(c);
}

static int __init taskdtl_init(void)
{
	struct pid *spid;
	struct task_struct *p;

	if (pid <= 0) {
		pr_err(OURMODNAME ": give the PID of a task: insmod taskdtl pid=N "
		       "(not %d)\n", pid);
		return -EINVAL;
	}
	spid = find_get_pid(pid);
	p = spid ? get_pid_task(spid, PIDTYPE_PID) : NULL;
	put_pid(spid);
	if (!p) {
		pr_err(OURMODNAME ": no task has PID %d\n", pid);
		return -ESRCH;
	}
	show_identity(p);
	show_stack_block(p);
	show_mm(p);
	show_creds(p);
	pr_info(OURMODNAME ": cpu %u\n", task_cpu(p));
	put_task_struct(p);
	return 0;
}

static void __exit taskdtl_exit(void)
{
	pr_info(OURMODNAME ": removed\n");
}

module_init(taskdtl_init);
module_exit(taskdtl_exit);
