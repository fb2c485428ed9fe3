/* Per-CPU IRQ and IST stacks (arch/x86_64/irqstack.c). */
#ifndef ARCH_X86_64_IRQSTACK_H
#define ARCH_X86_64_IRQSTACK_H

#include "lib/types.h"

/* Allocate @cpu's IRQ and IST stacks, point its TSS at them. */
void irq_stacks_init(unsigned int cpu);
/* STACK_IRQ / STACK_EXCEPTION (and which IST) when @addr is on one of
 * this CPU's stacks, -1 otherwise. */
int on_cpu_stack(u64 addr, int *ist);
const char *ist_stack_name(int ist);

#endif
