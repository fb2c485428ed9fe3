/*
 * Self-tests for interrupt context: a real interrupt (a self-IPI) taken
 * while a kernel thread runs must run on this CPU's IRQ stack with
 * current still the interrupted thread; a nested one (a higher-priority
 * vector, sent with interrupts re-enabled inside the first) must stay on
 * that stack; the softirq raised there runs in softirq context, on it too.
 */
#include "arch/x86_64/apic.h"
#include "asm/irq.h"
#include "asm/irqflags.h"
#include "asm/stacktrace.h"
#include "asm/percpu.h"
#include "kernel/exit.h"
#include "kernel/fork.h"
#include "kernel/hardirq.h"
#include "kernel/ktest.h"
#include "kernel/sched/sched.h"
#include "kernel/softirq.h"

/* Vectors of different priority classes (0xe, 0xf): B can nest in A. */
#define TEST_VECTOR_A 0xe4
#define TEST_VECTOR_B 0xf4

struct irq_sample {
	u64 rsp;
	struct task_struct *current_masked, *current_percpu;
	int preempt;
	int stack_kind;
	bool in_task, done;
};

static struct irq_sample sample_a, sample_b, sample_soft;

static void take_sample(struct irq_sample *s)
{
	s->rsp = (u64)__builtin_frame_address(0);
	s->current_masked = current;
	s->current_percpu = this_cpu_read(current_task);
	s->preempt = preempt_count();
	s->stack_kind = on_cpu_stack(s->rsp, NULL);
	s->in_task = in_task();
	WRITE_ONCE(s->done, true);
}

static void handler_b(struct pt_regs *regs, void *data)
{
	take_sample(&sample_b);
}

static void handler_a(struct pt_regs *regs, void *data)
{
	take_sample(&sample_a);
	raise_softirq(TEST_SOFTIRQ);
	/* Let a nested interrupt in, as a slow handler would. */
	arch_local_irq_enable();
	lapic_send_ipi(lapic_id(), TEST_VECTOR_B);
	for (int i = 0; i < 10000000 && !READ_ONCE(sample_b.done); i++)
		cpu_relax();
	arch_local_irq_disable();
}

static void test_softirq(void)
{
	take_sample(&sample_soft);
}

/* The thread is reaped (its stack unmapped) before the checks: keep only
 * its address for comparisons and its CPU, never dereference it later. */
static struct task_struct *interrupted;
static unsigned int interrupted_cpu;
static u64 inuse_after;		/* hardirq_stack_inuse back in task context */

static int interrupt_me(void *arg)
{
	arch_local_irq_disable();	/* no migration before the IPI is sent */
	interrupted = current;
	interrupted_cpu = smp_processor_id();
	lapic_send_ipi(lapic_id(), TEST_VECTOR_A);
	arch_local_irq_enable();	/* the interrupt arrives right here */
	for (int i = 0; i < 10000000 && !READ_ONCE(sample_soft.done); i++)
		cpu_relax();
	/* Read here, with interrupts off: from another CPU the count could
	 * catch this one inside its next timer tick. */
	arch_local_irq_disable();
	inuse_after = percpu_area[smp_processor_id()].hardirq_stack_inuse;
	arch_local_irq_enable();
	return 0;
}

KTEST(interrupt_runs_on_irq_stack_with_current)
{
	u64 irq_lo, irq_hi;
	unsigned int cpu;

	__builtin_memset(&sample_a, 0, sizeof(sample_a));
	__builtin_memset(&sample_b, 0, sizeof(sample_b));
	__builtin_memset(&sample_soft, 0, sizeof(sample_soft));
	inuse_after = ~0ull;		/* until interrupt_me() reads it */
	set_vector_handler(TEST_VECTOR_A, handler_a, "TST");
	set_vector_handler(TEST_VECTOR_B, handler_b, "TSN");
	open_softirq(TEST_SOFTIRQ, test_softirq);
	kernel_wait(kernel_thread(interrupt_me, NULL, "ktest-irq", 0), NULL);

	KT_EXPECT(t, sample_a.done && sample_b.done && sample_soft.done);
	cpu = interrupted_cpu;
	irq_hi = percpu_area[cpu].hardirq_stack_top;
	irq_lo = irq_hi - THREAD_SIZE;
	/* Hardirq: on the IRQ stack, current is the interrupted thread. */
	KT_EXPECT(t, sample_a.stack_kind == STACK_IRQ);
	KT_EXPECT(t, sample_a.rsp >= irq_lo && sample_a.rsp < irq_hi);
	KT_EXPECT(t, sample_a.current_masked == interrupted);
	KT_EXPECT(t, sample_a.current_percpu == interrupted);
	KT_EXPECT(t, !sample_a.in_task);
	KT_EXPECT(t, (sample_a.preempt & HARDIRQ_MASK) == HARDIRQ_OFFSET);
	/* Nested: same stack, deeper, two hardirq levels, no second switch. */
	KT_EXPECT(t, sample_b.stack_kind == STACK_IRQ);
	KT_EXPECT(t, sample_b.rsp < sample_a.rsp && sample_b.rsp >= irq_lo);
	KT_EXPECT(t, (sample_b.preempt & HARDIRQ_MASK) == 2 * HARDIRQ_OFFSET);
	KT_EXPECT(t, sample_b.current_masked == interrupted);
	/* Softirq: after the handlers, still on the IRQ stack. */
	KT_EXPECT(t, sample_soft.stack_kind == STACK_IRQ);
	KT_EXPECT(t, sample_soft.current_masked == interrupted);
	KT_EXPECT(t, sample_soft.current_percpu == interrupted);
	KT_EXPECT(t, !sample_soft.in_task);
	KT_EXPECT(t, (sample_soft.preempt & SOFTIRQ_MASK) == SOFTIRQ_OFFSET);
	KT_EXPECT(t, !(sample_soft.preempt & HARDIRQ_MASK));
	KT_EXPECT(t, inuse_after == 0);
}
