/*
 * Interrupt flag control: the small wrappers the generic kernel uses
 * instead of writing cli/sti/pushf itself.
 */
#ifndef ASM_X86_64_IRQFLAGS_H
#define ASM_X86_64_IRQFLAGS_H

#include "lib/types.h"

#define X86_EFLAGS_CF 0x1ul
#define X86_EFLAGS_TF 0x100ul		/* single-step */
#define X86_EFLAGS_IF 0x200ul		/* interrupts enabled */
#define X86_EFLAGS_DF 0x400ul
#define X86_EFLAGS_IOPL 0x3000ul
#define X86_EFLAGS_NT 0x4000ul
#define X86_EFLAGS_RF 0x10000ul
#define X86_EFLAGS_AC 0x40000ul
#define X86_EFLAGS_FIXED 0x2ul		/* bit 1 always reads as 1 */

static inline unsigned long arch_local_save_flags(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(flags) : : "memory");
	return flags;
}

static inline void arch_local_irq_disable(void)
{
	__asm__ __volatile__("cli" : : : "memory");
}

static inline void arch_local_irq_enable(void)
{
	__asm__ __volatile__("sti" : : : "memory");
}

/* Disable interrupts and return the previous flags for restore. */
static inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags = arch_local_save_flags();

	arch_local_irq_disable();
	return flags;
}

static inline void arch_local_irq_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		arch_local_irq_enable();
}

static inline bool arch_irqs_disabled(void)
{
	return !(arch_local_save_flags() & X86_EFLAGS_IF);
}

/* Spin-wait hint to the CPU. */
static inline void cpu_relax(void)
{
	__asm__ __volatile__("pause" : : : "memory");
}

#endif
