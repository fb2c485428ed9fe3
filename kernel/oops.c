/*
 * What an oops report says about the context it happened in: which CPU,
 * which task (from the per-CPU copies, which a stack overflow cannot
 * trample), which context (process, softirq, hardirq, NMI) and on which
 * stack the faulting code ran.
 */
#include "asm/stacktrace.h"
#include "asm/percpu.h"
#include "kernel/mm/kstack.h"
#include "kernel/oops.h"
#include "kernel/preempt.h"
#include "kernel/printk/printk.h"
#include "kernel/task.h"

static void describe_stack(u64 rsp)
{
	int ist = -1;

	switch (on_cpu_stack(rsp, &ist)) {
	case STACK_IRQ:
		pr_emerg("Stack: RSP %016lx is on CPU%u's IRQ stack\n",
			 (unsigned long)rsp, smp_processor_id());
		break;
	case STACK_EXCEPTION:
		pr_emerg("Stack: RSP %016lx is on CPU%u's %s IST stack\n",
			 (unsigned long)rsp, smp_processor_id(), ist_stack_name(ist));
		break;
	default:
		if (kstack_addr_in_guard(rsp)) {
			pr_emerg("Stack: RSP %016lx is in the guard gap below the "
				 "stack block %016lx-%016lx\n", (unsigned long)rsp,
				 (unsigned long)ALIGN_UP(rsp, THREAD_SIZE),
				 (unsigned long)ALIGN_UP(rsp, THREAD_SIZE) + THREAD_SIZE - 1);
			break;
		}
		pr_emerg("Stack: RSP %016lx, kernel stack block %016lx-%016lx\n",
			 (unsigned long)rsp,
			 (unsigned long)ALIGN_DOWN(rsp, THREAD_SIZE),
			 (unsigned long)ALIGN_DOWN(rsp, THREAD_SIZE) + THREAD_SIZE - 1);
	}
}

void oops_describe_context(const struct pt_regs *regs)
{
	struct percpu *pc = this_cpu();

	pr_emerg("CPU: %u PID: %d Comm: %.16s (%s context, preempt_count %08x)\n",
		 pc->cpu, pc->curr_pid, pc->curr_comm, context_name(),
		 preempt_count());
	if (!user_mode(regs))
		describe_stack(regs->rsp);
}

/*
 * A double fault whose stack pointer or fault address lies in a guard gap
 * is a kernel stack overflow: say so, and whose stack it was.
 */
void report_stack_overflow(const struct pt_regs *regs, u64 cr2)
{
	struct percpu *pc = this_cpu();
	u64 hit = kstack_addr_in_guard(cr2) ? cr2 : regs->rsp;
	u64 base = ALIGN_DOWN(hit, THREAD_SIZE) + THREAD_SIZE;

	if (!kstack_addr_in_guard(hit))
		return;
	pr_emerg("BUG: stack guard page was hit at %016lx (stack is %016lx..%016lx)\n",
		 (unsigned long)hit, (unsigned long)base,
		 (unsigned long)(base + THREAD_SIZE - 1));
	pr_emerg("kernel stack overflow (double-fault): task %.16s (pid %d) ran "
		 "off the bottom of its %d-byte kernel stack on CPU%u\n",
		 pc->curr_comm, pc->curr_pid, THREAD_SIZE, pc->cpu);
	pr_emerg("(its task_struct at %016lx, at the bottom of that stack, was "
		 "trampled on the way down)\n", (unsigned long)(base));
	describe_stack((u64)__builtin_frame_address(0));	/* ours: #DF IST */
}
