/*
 * current_affairs, thrd_showall, prcs_showall and stack_layout_demo (see
 * demo.h).
 */
#include "kernel/demo.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/stack_layout.h"
#include "asm/stacktrace.h"
#include "kernel/preempt.h"
#include "kernel/printk/printk.h"
#include "kernel/tasklist.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

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

/* One row; the leader's row also gives the thread count. */
static void show_thread(struct task_struct *g, struct task_struct *t)
{
	char name[TASK_COMM_LEN + 2];
	int nr = t == g ? get_nr_threads(g) : 0;

	/* Kernel threads have no user address space: mm == NULL. */
	if (!t->mm)
		snprintf(name, sizeof(name), "[%s]", t->comm);
	else
		snprintf(name, sizeof(name), "%s", t->comm);
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
	do_each_thread(g, t) {
		show_thread(g, t);
		total++;
	} while_each_thread(g, t);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	printk("------------------------------------------------------------------------------------------\n");
	printk("thrd_showall: %d threads in total\n", total);
}

void run_boot_demos(void)
{
	current_affairs();
	thrd_showall();
}

void prcs_showall(void)
{
	struct task_struct *p;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	int n = 0;

	printk("prcs_showall: %-16s %6s %6s %5s %5s\n", "Name", "TGID", "PID",
	       "RUID", "EUID");
	for_each_process(p) {
		printk("prcs_showall: %-16s %6d %6d %5d %5d\n", p->comm, p->tgid,
		       p->pid, 0, 0);
		n++;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	printk("prcs_showall: %d processes\n", n);
}

static int layout_show(struct seq_buf *m, void *rsp)
{
	stack_layout_render(m, current, (u64)rsp);
	return 0;
}

/* Line by line: printk takes one line of at most 512 bytes at a time. */
int stack_layout_demo(void)
{
	struct seq_buf m;
	int err = seq_buf_render(&m, layout_show, __builtin_frame_address(0));
	const char *line = m.buf, *end;

	if (err)
		return err;
	for (; line < m.buf + m.len; line = end + 1) {
		end = memchr(line, '\n', m.buf + m.len - line);
		if (!end)
			end = m.buf + m.len;
		printk("stack_layout: %.*s\n", (int)(end - line), line);
	}
	seq_buf_free(&m);
	return 0;
}
