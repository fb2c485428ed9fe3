/*
 * CPU setup, private to arch/x86_64: IST slots, feature detection at
 * boot, and the per-CPU descriptor tables (gdt.c, idt.c). What the
 * generic kernel may ask (cpu_has(), boot_cpu_data) is in
 * asm/processor.h; the exception vectors are in asm/irq.h.
 */
#ifndef ARCH_X86_64_CPU_H
#define ARCH_X86_64_CPU_H

#include "asm/processor.h"
#include "lib/types.h"

/* IST slots (0-based index into tss.ist[]), Linux's order. */
#define IST_INDEX_DF 0
#define IST_INDEX_NMI 1
#define IST_INDEX_DB 2
#define IST_INDEX_MCE 3

/* Read CPUID into boot_cpu_data and enable the CR4 features we use. */
void cpu_detect(void);
/* Print the vendor, model and features found (boot log). */
void cpu_print_info(void);
/* Per-CPU control-register setup (NX, SMEP, SMAP, UMIP, PGE, SSE). */
void cpu_init_features(void);

/* Load this CPU's GDT and TSS (@cpu's percpu area). */
void gdt_init(unsigned int cpu);
/* The stack the CPU switches to on an entry from user mode. */
void tss_set_rsp0(u64 rsp0);
/* Fill the IDT (boot CPU, once) / load it on this CPU. */
void idt_setup(void);
void idt_load(void);

#endif
