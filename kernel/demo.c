/*
 * current_affairs() for interrupt context (see demo.h): the Ctrl-P and
 * NMI reports of what current is and which context and stack the code
 * runs on.
 */
#include "kernel/demo.h"
#include "asm/stacktrace.h"
#include "kernel/preempt.h"
#include "kernel/printk/printk.h"
#include "kernel/task.h"

/* Which stack the caller is on: the task's own, or a per-CPU one. */
static void print_stack_line(void)
{
	u64 rsp = (u64)__builtin_frame_address(0);
	u64 base = rsp & ~((u64)THREAD_SIZE - 1);
	int ist = -1;

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
}

void current_affairs(void)
{
	struct task_struct *cur = current;
	struct task_struct *pcpu = this_cpu_read(current_task);
	int pc = preempt_count();

	printk("current_affairs: in %s context (in_task()=%d in_interrupt()=%d "
	       "in_hardirq()=%d in_serving_softirq()=%d in_nmi()=%d)\n",
	       context_name(), !!in_task(), !!in_interrupt(), !!in_hardirq(),
	       !!in_serving_softirq(), !!in_nmi());
	if (!in_task())
		printk(" current is the task this interrupt interrupted:\n");
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
	printk(" preempt_count: 0x%08x (nmi %d, hardirq %d, softirq %d, preempt %d)\n",
	       pc, (int)((pc & NMI_MASK) >> NMI_SHIFT),
	       (int)((pc & HARDIRQ_MASK) >> HARDIRQ_SHIFT),
	       (int)((pc & SOFTIRQ_MASK) >> SOFTIRQ_SHIFT),
	       (int)(pc & PREEMPT_MASK));
}
