/*
 * Interrupt vectors and handler registration, and the per-CPU interrupt
 * stacks.
 *
 *   0-31    CPU exceptions (arch/x86_64/traps.c)
 *   32-55   device interrupts: IRQ n arrives on vector 32 + n (IOAPIC)
 *   0xec    LAPIC timer (Linux's LOCAL_TIMER_VECTOR)
 *   0xf0-   inter-processor interrupts
 *   0xff    spurious
 */
#ifndef ASM_X86_64_IRQ_H
#define ASM_X86_64_IRQ_H

/* Exception vectors (Linux's names, asm/trapnr.h). */
#define X86_TRAP_DE 0	/* divide error */
#define X86_TRAP_DB 1	/* debug */
#define X86_TRAP_NMI 2
#define X86_TRAP_BP 3	/* int3 */
#define X86_TRAP_OF 4	/* overflow */
#define X86_TRAP_BR 5	/* bound range */
#define X86_TRAP_UD 6	/* invalid opcode */
#define X86_TRAP_NM 7	/* device not available */
#define X86_TRAP_DF 8	/* double fault */
#define X86_TRAP_TS 10	/* invalid TSS */
#define X86_TRAP_NP 11	/* segment not present */
#define X86_TRAP_SS 12	/* stack segment */
#define X86_TRAP_GP 13	/* general protection */
#define X86_TRAP_PF 14	/* page fault */
#define X86_TRAP_MF 16	/* x87 floating point */
#define X86_TRAP_AC 17	/* alignment check */
#define X86_TRAP_MC 18	/* machine check */
#define X86_TRAP_XF 19	/* SIMD floating point */

#define FIRST_EXTERNAL_VECTOR 32
#define NR_LEGACY_IRQS 24
#define LOCAL_TIMER_VECTOR 0xec
#define RESCHEDULE_VECTOR 0xfd
#define CALL_FUNCTION_VECTOR 0xfc
#define SPURIOUS_APIC_VECTOR 0xff
#define NR_VECTORS 256

#ifndef __ASSEMBLY__
#include "asm/ptrace.h"

typedef void (*irq_handler_t)(struct pt_regs *regs, void *data);

/* Route device IRQ @irq to @handler and unmask it. Process context. */
int request_irq(unsigned int irq, irq_handler_t handler, const char *name,
		void *data);
/* Install @handler for a CPU-local @vector (timer, IPIs). */
void set_vector_handler(unsigned int vector, irq_handler_t handler,
			const char *name);
/* Per-CPU interrupt counts for /proc/interrupts: vector -> name/count. */
const char *vector_name(unsigned int vector);
/* Allocate @cpu's IRQ and IST stacks, point its TSS at them
 * (arch/x86_64/irqstack.c). */
void irq_stacks_init(unsigned int cpu);
/* Have every online CPU print its context and stack from an NMI. */
void nmi_backtrace_all_cpus(void);
#endif

#endif
