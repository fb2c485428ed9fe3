/*
 * The boot-time interface between the generic kernel (kernel/init/main.c)
 * and x86_64 (setup.c; Linux's asm/setup.h): each arch_* step sets up what
 * the next generic step needs.
 */
#ifndef ASM_X86_64_SETUP_H
#define ASM_X86_64_SETUP_H

#include "lib/types.h"

struct boot_info;

/* Serial console, per-CPU area, GDT/TSS and IDT on the boot CPU. */
void arch_early_setup(void);
/* Parse the loader's structure through the early direct map. */
int arch_parse_boot_info(struct boot_info *bi, u32 magic, u64 phys);
/* Detect CPU features, enable them, calibrate the TSC clock. */
void arch_cpu_setup(void);
/* Feed memblock from the memory map, reserve what is in use, build the
 * final page tables. */
void arch_mem_setup(struct boot_info *bi);
/* The buddy allocator works: page tables from it, VGA, IRQ/IST stacks. */
void arch_mem_ready(void);
/* ACPI, interrupt controllers, the timer, serial input; interrupts on. */
void arch_irq_setup(const struct boot_info *bi);

#endif
