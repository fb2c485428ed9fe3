/*
 * Per-CPU interrupt and exception stacks. Each is a THREAD_SIZE block from
 * the kernel stack area (so an unmapped guard gap lies below it), headed
 * by a struct thread_info like a task's stack: entry code writes the
 * interrupted task into it, which keeps current correct on these stacks.
 *
 *   hardirq stack   device interrupts, the timer, IPIs, softirqs
 *   IST 1  #DF      double fault: e.g. a kernel stack overflow
 *   IST 2  NMI
 *   IST 3  #DB
 *   IST 4  #MC
 */
#include "arch/x86_64/cpu.h"
#include "asm/stacktrace.h"
#include "asm/irq.h"
#include "asm/percpu.h"
#include "kernel/mm/kstack.h"
#include "kernel/printk/printk.h"
#include "kernel/task.h"
#include "lib/bug.h"

static const char *const ist_names[N_EXCEPTION_STACKS] = {
	[IST_INDEX_DF] = "#DF", [IST_INDEX_NMI] = "NMI",
	[IST_INDEX_DB] = "#DB", [IST_INDEX_MCE] = "#MC",
};

const char *ist_stack_name(int i)
{
	return i >= 0 && i < N_EXCEPTION_STACKS ? ist_names[i] : "?";
}

static u64 new_stack(unsigned int cpu, enum stack_kind kind)
{
	struct thread_info *ti = kstack_alloc();

	if (!ti)
		panic("CPU%u: no memory for its interrupt stacks", cpu);
	ti->kind = kind;
	ti->cpu = cpu;
	return (u64)ti + THREAD_SIZE;
}

void irq_stacks_init(unsigned int cpu)
{
	struct percpu *pc = &percpu_area[cpu];

	pc->hardirq_stack_top = new_stack(cpu, STACK_IRQ);
	for (int i = 0; i < N_EXCEPTION_STACKS; i++) {
		pc->ist_stack_top[i] = new_stack(cpu, STACK_EXCEPTION);
		pc->tss.ist[i] = pc->ist_stack_top[i];
	}
	pr_info("CPU%u: IRQ stack %016lx-%016lx, IST #DF %016lx NMI %016lx "
		"#DB %016lx #MC %016lx\n", cpu,
		(unsigned long)(pc->hardirq_stack_top - THREAD_SIZE),
		(unsigned long)pc->hardirq_stack_top - 1,
		(unsigned long)(pc->ist_stack_top[IST_INDEX_DF] - THREAD_SIZE),
		(unsigned long)(pc->ist_stack_top[IST_INDEX_NMI] - THREAD_SIZE),
		(unsigned long)(pc->ist_stack_top[IST_INDEX_DB] - THREAD_SIZE),
		(unsigned long)(pc->ist_stack_top[IST_INDEX_MCE] - THREAD_SIZE));
}

/* Which per-CPU stack of this CPU contains @addr: STACK_IRQ,
 * STACK_EXCEPTION (with *ist set) or -1 for none of them. */
int on_cpu_stack(u64 addr, int *ist)
{
	struct percpu *pc = this_cpu();

	if (addr < pc->hardirq_stack_top &&
	    addr >= pc->hardirq_stack_top - THREAD_SIZE)
		return STACK_IRQ;
	for (int i = 0; i < N_EXCEPTION_STACKS; i++) {
		if (addr < pc->ist_stack_top[i] &&
		    addr >= pc->ist_stack_top[i] - THREAD_SIZE) {
			if (ist)
				*ist = i;
			return STACK_EXCEPTION;
		}
	}
	return -1;
}
