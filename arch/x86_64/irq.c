/*
 * Hardware interrupt dispatch. Each vector from 32 up has at most one
 * handler. do_IRQ() brackets the handler with irq_enter()/irq_exit() (the
 * HARDIRQ part of preempt_count, softirqs on the way out) and
 * acknowledges the local APIC.
 */
#include "arch/x86_64/apic.h"
#include "asm/irq.h"
#include "asm/percpu.h"
#include "arch/x86_64/traps.h"
#include "kernel/hardirq.h"
#include "kernel/printk/printk.h"
#include "lib/bug.h"

static struct {
	irq_handler_t handler;
	void *data;
	const char *name;
} vectors[NR_VECTORS];

void set_vector_handler(unsigned int vector, irq_handler_t handler,
			const char *name)
{
	BUG_ON(vector < FIRST_EXTERNAL_VECTOR || vector >= NR_VECTORS);
	vectors[vector].name = name;
	vectors[vector].handler = handler;
}

int request_irq(unsigned int irq, irq_handler_t handler, const char *name,
		void *data)
{
	unsigned int vector = FIRST_EXTERNAL_VECTOR + irq;

	BUG_ON(irq >= NR_LEGACY_IRQS);
	vectors[vector].data = data;
	set_vector_handler(vector, handler, name);
	ioapic_route_irq(irq, vector);
	return 0;
}

const char *vector_name(unsigned int vector)
{
	return vector < NR_VECTORS ? vectors[vector].name : NULL;
}

void do_IRQ(struct pt_regs *regs, unsigned long vector)
{
	struct pt_regs *old_regs = this_cpu_read(irq_regs);

	this_cpu_write(irq_regs, regs);
	irq_enter();
	if (vectors[vector].handler)
		vectors[vector].handler(regs, vectors[vector].data);
	else if (vector != SPURIOUS_APIC_VECTOR)
		pr_warn("irq: no handler for vector %lu\n", vector);
	if (vector != SPURIOUS_APIC_VECTOR)
		lapic_eoi();
	irq_exit(regs);
	this_cpu_write(irq_regs, old_regs);
}
