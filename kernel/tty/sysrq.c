/*
 * SysRq-style dumps (see sysrq.h). Task walks hold tasklist_lock, so no
 * task can be reaped and freed while its stack is being read.
 */
#include "kernel/tty/sysrq.h"
#include "asm/irq.h"
#include "asm/percpu.h"
#include "asm/stacktrace.h"
#include "kernel/demo.h"
#include "kernel/mm/kstack.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/printk/printk.h"
#include "kernel/sched/sched.h"
#include "kernel/mm/slab.h"
#include "kernel/tasklist.h"

static void sched_show_task(struct task_struct *p)
{
	struct pt_regs *regs = get_irq_regs();

	printk("task:%-15s state:%c stack:%-5lu pid:%-5d tgid:%-5d ppid:%-6d "
	       "flags:0x%08x cpu:%d\n", p->comm, task_state_char(p),
	       stack_not_used(p), p->pid, p->tgid,
	       p->real_parent ? p->real_parent->tgid : 0, p->flags, p->cpu);
	if (p == current && regs && !user_mode(regs)) {
		printk(" (interrupted here; trace from the interrupted registers)\n");
		show_stack(regs->rsp, regs->rbp, KERN_INFO);
	} else if (p == current) {
		dump_stack();
	} else if (READ_ONCE(p->on_cpu)) {
		printk(" (running on CPU%d right now: use sysrq l for its trace)\n",
		       p->cpu);
	} else {
		show_task_trace(p, KERN_INFO);
	}
}

static void show_tasks(bool only_blocked)
{
	struct task_struct *g, *t;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);

	for_each_process_thread(g, t) {
		if (!only_blocked || task_state_char(t) == 'D')
			sched_show_task(t);
	}
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		if (!only_blocked && idle_task(cpu))
			sched_show_task(idle_task(cpu));
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

void show_state(void)
{
	printk("sysrq: Show State\n");
	show_tasks(false);
}

void show_blocked_tasks(void)
{
	printk("sysrq: Show Blocked State\n");
	show_tasks(true);
}

void show_mem(void)
{
	u64 used, slab;

	kmalloc_stats(&used, &slab);
	printk("sysrq: Show Memory\n");
	printk("Mem-Info: %lu pages free of %lu managed\n",
	       (unsigned long)nr_free_pages(), (unsigned long)nr_managed_pages());
	printk("kernel stacks: %lu (%lu KiB); slab: %lu pages, kmalloc'ed %lu bytes\n",
	       (unsigned long)kstack_nr_used(),
	       (unsigned long)(kstack_nr_used() * THREAD_SIZE / 1024),
	       (unsigned long)slab, (unsigned long)used);
}

void handle_sysrq(char key)
{
	switch (key) {
	case 't':
		show_state();
		break;
	case 'w':
		show_blocked_tasks();
		break;
	case 'm':
		show_mem();
		break;
	case 'l':
		nmi_backtrace_all_cpus();
		break;
	default:
		printk("sysrq: HELP : show-all-tasks(t) show-blocked-tasks(w) "
		       "show-memory-usage(m) show-backtrace-all-active-cpus(l)\n");
	}
}

void sysrq_ctrl_p(void)
{
	printk("Ctrl-P: task dump requested from the console\n");
	current_affairs();
	show_state();
}
