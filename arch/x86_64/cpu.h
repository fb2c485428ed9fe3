/*
 * CPU setup: exception numbers, IST slots, feature detection, and the
 * per-CPU descriptor tables (gdt.c, idt.c). The generic kernel asks for
 * features with cpu_has(X86_FEATURE_...).
 */
#ifndef ARCH_X86_64_CPU_H
#define ARCH_X86_64_CPU_H

#include "lib/types.h"

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

/* IST slots (0-based index into tss.ist[]), Linux's order. */
#define IST_INDEX_DF 0
#define IST_INDEX_NMI 1
#define IST_INDEX_DB 2
#define IST_INDEX_MCE 3

enum x86_feature {
	X86_FEATURE_NX,
	X86_FEATURE_SMEP,
	X86_FEATURE_SMAP,
	X86_FEATURE_UMIP,
	X86_FEATURE_APIC,
	X86_FEATURE_X2APIC,
	X86_FEATURE_TSC,
	X86_FEATURE_INVARIANT_TSC,
	X86_FEATURE_PGE,
	X86_FEATURE_PDPE1GB,
	X86_FEATURE_FXSR,
	X86_FEATURE_XSAVE,
	X86_FEATURE_FSGSBASE,
	X86_NR_FEATURES
};

struct cpuinfo_x86 {
	char vendor[13];
	char model_id[49];
	u32 family, model, stepping;
	u32 phys_bits, virt_bits;
	u64 features;		/* bit n set: feature n present */
};

extern struct cpuinfo_x86 boot_cpu_data;

/* Read CPUID into boot_cpu_data and enable the CR4 features we use. */
void cpu_detect(void);
/* Print the vendor, model and features found (boot log). */
void cpu_print_info(void);
/* Per-CPU control-register setup (NX, SMEP, SMAP, UMIP, PGE, SSE). */
void cpu_init_features(void);
bool cpu_has(enum x86_feature f);
const char *cpu_feature_name(enum x86_feature f);

void gdt_init(unsigned int cpu);
void tss_set_rsp0(u64 rsp0);
void idt_setup(void);
void idt_load(void);

#endif
