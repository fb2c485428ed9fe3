/*
 * Multiprocessor support: which CPUs are online, running a function on
 * the other CPUs (used for TLB shootdowns), and bringing the application
 * processors up.
 */
#ifndef ASM_X86_64_SMP_H
#define ASM_X86_64_SMP_H

#include "lib/types.h"

/* Bit n set: CPU n is up and taking work (Linux's cpu_online_mask, as
 * one word: NR_CPUS <= 64). Bits are only ever set. */
extern u64 cpu_online_mask;
/* Number of CPUs running the kernel. */
unsigned int num_online_cpus(void);
bool cpu_online(unsigned int cpu);
#define for_each_online_cpu(cpu) \
	for (cpu = 0; cpu < NR_CPUS; cpu++) if (cpu_online(cpu))

/*
 * Run @fn(@info) on every other online CPU, in interrupt context, and
 * wait until all have finished. Process context, interrupts enabled.
 */
void smp_call_function(void (*fn)(void *), void *info);
/* The same on the online CPUs in @mask (bit n = CPU n), never this one. */
void smp_call_function_many(u64 mask, void (*fn)(void *), void *info);
/* Boot CPU: IPI handlers; mark CPU 0 online. */
void smp_prepare_boot_cpu(void);
/* Start every application processor the ACPI MADT lists. */
void smp_init(void);

#endif
