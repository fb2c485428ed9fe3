/*
 * current_affairs and thrd_showall (see demo.h).
 */
#include "kernel/demo.h"
#include "asm/stacktrace.h"
#include "kernel/preempt.h"
#include "kernel/printk/printk.h"
#include "kernel/tasklist.h"
#include "lib/vsprintf.h"

/* Which stack the caller is on: the task's own, or a per-CPU one. */
static void print_stack_line(void)
{
	u64 rsp = (u64)__builtin_frame_address(0);
	u64 base = rsp & ~((u64)THREAD_SIZE - 1);
	int ist = -1;

	/* LAB 4 SOLUTION BEGIN */
	/* LAB 4 STUB:
	(void)ist;
	printk(" running on  : the task's kernel stack [0x%016lx-0x%016lx]\n",
	       base, base + THREAD_SIZE - 1);
	*/
	switch (on_cpu_stack(rsp, &ist)) {
	case STACK_IRQ:
		printk(" running on  : CPU%u's IRQ stack [0x%016lx-0x%016lx]\n",
		       smp_processor_id(), base, base + THREAD_SIZE - 1);
		break;
	case STACK_EXCEPTION:
		printk(" running on  : CPU%u's %s IST stack [0x%016lx-0x%016lx]\n",
		       smp_processor_id(), ist_stack_name(ist), base,
		       base + THREAD_SIZE - 1);
		break;
	default:
		printk(" running on  : the task's kernel stack [0x%016lx-0x%016lx]\n",
		       base, base + THREAD_SIZE - 1);
	}
	/* LAB 4 SOLUTION END */
}

void current_affairs(void)
{
	struct task_struct *cur = current;
	struct task_struct *pcpu = this_cpu_read(current_task);
	int pc = preempt_count();

	/* LAB 4 SOLUTION BEGIN */
	/* LAB 4 STUB:
	printk("current_affairs: in %s context\n", "process");
	*/
	printk("current_affairs: in %s context (in_task()=%d in_interrupt()=%d "
	       "in_hardirq()=%d in_serving_softirq()=%d in_nmi()=%d)\n",
	       context_name(), !!in_task(), !!in_interrupt(), !!in_hardirq(),
	       !!in_serving_softirq(), !!in_nmi());
	if (!in_task())
		printk(" current is the task this interrupt interrupted:\n");
	/* LAB 4 SOLUTION END */
	printk(" PID         : %6d\n TGID        : %6d\n", cur->pid, cur->tgid);
	printk(" UID         : %6u\n EUID        : %6u (have root)\n", 0, 0);
	printk(" name        : %s%s%s\n", is_kthread(cur) ? "[" : "", cur->comm,
	       is_kthread(cur) ? "]" : "");
	printk(" current     : 0x%016lx (task_struct, from rsp & ~(THREAD_SIZE-1))\n",
	       (unsigned long)cur);
	printk(" per-CPU     : 0x%016lx (this_cpu_read(current_task): %s)\n",
	       (unsigned long)pcpu, pcpu == cur ? "agrees" : "DIFFERS");
	printk(" stack start : 0x%016lx\n", (unsigned long)cur->stack);
	printk(" CPU         : %u\n", smp_processor_id());
	print_stack_line();
	/* LAB 4 SOLUTION BEGIN */
	/* LAB 4 STUB:
	printk(" preempt_count: 0x%08x\n", pc);
	*/
	printk(" preempt_count: 0x%08x (nmi %d, hardirq %d, softirq %d, preempt %d)\n",
	       pc, (int)((pc & NMI_MASK) >> NMI_SHIFT),
	       (int)((pc & HARDIRQ_MASK) >> HARDIRQ_SHIFT),
	       (int)((pc & SOFTIRQ_MASK) >> SOFTIRQ_SHIFT),
	       (int)(pc & PREEMPT_MASK));
	/* LAB 4 SOLUTION END */
}

/* One row; the leader's row also gives the thread count. */
static void show_thread(struct task_struct *g, struct task_struct *t)
{
	char name[TASK_COMM_LEN + 2];
	int nr = t == g ? get_nr_threads(g) : 0;

	/* LAB 1 SOLUTION BEGIN */
	/* LAB 1 STUB:
	snprintf(name, sizeof(name), "%s", t->comm);
	*/
	/* Kernel threads have no user address space: mm == NULL. */
	if (!t->mm)
		snprintf(name, sizeof(name), "[%s]", t->comm);
	else
		snprintf(name, sizeof(name), "%s", t->comm);
	/* LAB 1 SOLUTION END */
	printk("%8d %8d  0x%016lx  0x%016lx  %16s  %3s %4d\n", g->tgid, t->pid,
	       (unsigned long)t, (unsigned long)t->stack, name,
	       nr > 1 ? "MT" : "", nr);
}

void thrd_showall(void)
{
	struct task_struct *g, *t;
	unsigned long flags;
	int total = 0;

	printk("------------------------------------------------------------------------------------------\n");
	printk("    TGID     PID         current           stack-start         Thread Name     MT? # thrds\n");
	printk("------------------------------------------------------------------------------------------\n");
	flags = spin_lock_irqsave(&tasklist_lock);
	/* LAB 1 SOLUTION BEGIN */
	/* LAB 1 STUB:
	(void)g;
	(void)t;
	(void)show_thread;
	*/
	do_each_thread(g, t) {
		show_thread(g, t);
		total++;
	} while_each_thread(g, t);
	/* LAB 1 SOLUTION END */
	spin_unlock_irqrestore(&tasklist_lock, flags);
	printk("------------------------------------------------------------------------------------------\n");
	printk("thrd_showall: %d threads in total\n", total);
}

void run_boot_demos(void)
{
	current_affairs();
	thrd_showall();
}
