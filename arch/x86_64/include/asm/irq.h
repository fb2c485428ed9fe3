/*
 * Interrupt vectors and handler registration.
 *
 *   0-31    CPU exceptions (arch/x86_64/traps.c)
 *   32-55   device interrupts: IRQ n arrives on vector 32 + n (IOAPIC)
 *   0xec    LAPIC timer (Linux's LOCAL_TIMER_VECTOR)
 *   0xf0-   inter-processor interrupts
 *   0xff    spurious
 */
#ifndef ARCH_X86_64_IRQ_H
#define ARCH_X86_64_IRQ_H

#define FIRST_EXTERNAL_VECTOR 32
#define NR_LEGACY_IRQS 24
#define LOCAL_TIMER_VECTOR 0xec
#define RESCHEDULE_VECTOR 0xfd
#define CALL_FUNCTION_VECTOR 0xfc
#define SPURIOUS_APIC_VECTOR 0xff
#define NR_VECTORS 256

#ifndef __ASSEMBLY__
#include "arch/x86_64/ptrace.h"

typedef void (*irq_handler_t)(struct pt_regs *regs, void *data);

/* Route device IRQ @irq to @handler and unmask it. Process context. */
int request_irq(unsigned int irq, irq_handler_t handler, const char *name,
		void *data);
/* Install @handler for a CPU-local @vector (timer, IPIs). */
void set_vector_handler(unsigned int vector, irq_handler_t handler,
			const char *name);
/* Per-CPU interrupt counts for /proc/interrupts: vector -> name/count. */
const char *vector_name(unsigned int vector);
#endif

#endif
