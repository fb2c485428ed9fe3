/*
 * current_affairs: a sample module after Linux Kernel Programming's
 * ch6/current_affairs. Its init and exit run inside insmod's and rmmod's
 * system calls, so they show process context and current being insmod or
 * rmmod: PID, TGID, UID/EUID, name, the task_struct and the stack block.
 * Taskbase's extras: the context flags, where current comes from (rsp
 * masked with THREAD_SIZE, and the per-CPU copy), the stack in use and
 * preempt_count decoded. The kernel's own copy of this report for
 * interrupt context (Ctrl-P, the NMI dump) is kernel/demo.c.
 *
 * Built like a student's module (make -C <taskbase> M=$PWD); Taskbase's
 * `make` builds it into $(O)/samples/ and puts it in /lib/modules.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/preempt.h>
#include <linux/cred.h>
#include <linux/uidgid.h>
#include <linux/sched/task_stack.h>
#include <asm/current.h>

#define OURMODNAME "current_affairs"

MODULE_AUTHOR("Taskbase");
MODULE_DESCRIPTION("current and the context: PID, name, credentials, stack block");
MODULE_LICENSE("Dual MIT/GPL");
MODULE_VERSION("0.2");

/* Which stack this code runs on: the block current heads, or not. */
static void show_stack(struct task_struct *cur)
{
	unsigned long rsp = (unsigned long)__builtin_frame_address(0);
	unsigned long base = rsp & ~((unsigned long)THREAD_SIZE - 1);

	pr_info(" running on  : %s [0x%016lx-0x%016lx]\n",
		base == (unsigned long)cur->stack ? "the task's kernel stack"
		: "another stack", base, base + THREAD_SIZE - 1);
}

/* preempt_count and its fields (kernel/preempt.h draws them). */
static void show_preempt_count(void)
{
	int pc = preempt_count();

	pr_info(" preempt_count: 0x%08x (nmi %d, hardirq %d, softirq %d, preempt %d)\n",
		pc, (int)((pc & NMI_MASK) >> NMI_SHIFT),
		(int)((pc & HARDIRQ_MASK) >> HARDIRQ_SHIFT),
		(int)((pc & SOFTIRQ_MASK) >> SOFTIRQ_SHIFT),
		(int)(pc & PREEMPT_MASK));
}

/* What current is, and which context this is (process, we expect). */
static void show_ctx(const char *nm)
{
	struct task_struct *cur = current;
	struct task_struct *pcpu = this_cpu_read(current_task);
	unsigned int uid = from_kuid(&init_user_ns, current_uid());
	unsigned int euid = from_kuid(&init_user_ns, current_euid());
	bool kthread = !cur->mm;

	if (!in_task()) {
		pr_alert("%s: in interrupt context [should not happen here]\n", nm);
		return;
	}
	pr_info("%s: in process context (in_task()=%d in_interrupt()=%d in_hardirq()=%d "
		"in_serving_softirq()=%d in_nmi()=%d) ::\n", nm, !!in_task(),
		!!in_interrupt(), !!in_hardirq(), !!in_serving_softirq(), !!in_nmi());
	pr_info(" PID         : %6d\n TGID        : %6d\n",
		task_pid_nr(cur), task_tgid_nr(cur));
	pr_info(" UID         : %6u\n EUID        : %6u (%s root)\n", uid, euid,
		euid == 0 ? "have" : "don't have");
	pr_info(" name        : %s%s%s\n", kthread ? "[" : "", cur->comm,
		kthread ? "]" : "");
	pr_info(" current     : 0x%016lx (task_struct, from rsp & ~(THREAD_SIZE-1))\n",
		(unsigned long)cur);
	pr_info(" per-CPU     : 0x%016lx (this_cpu_read(current_task): %s)\n",
		(unsigned long)pcpu, pcpu == cur ? "agrees" : "DIFFERS");
	pr_info(" stack start : 0x%016lx\n", (unsigned long)cur->stack);
	pr_info(" CPU         : %d\n", smp_processor_id());
	show_stack(cur);
	show_preempt_count();
}

static int __init current_affairs_init(void)
{
	pr_info("%s: inserted\n", OURMODNAME);
	pr_info(" sizeof(struct task_struct)=%zu\n", sizeof(struct task_struct));
	show_ctx(OURMODNAME);
	return 0;
}

static void __exit current_affairs_exit(void)
{
	show_ctx(OURMODNAME);
	pr_info("%s: removed\n", OURMODNAME);
}

module_init(current_affairs_init);
module_exit(current_affairs_exit);
