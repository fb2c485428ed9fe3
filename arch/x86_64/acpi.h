/*
 * ACPI on x86_64: find and parse the firmware's tables once at boot (the
 * parsing itself is lib/acpi.c), log them as Linux does, and use what they
 * say to power off (S5) and reset the machine. Other code reads the
 * results from the global `acpi`: CPUs and IOAPICs for SMP and interrupt
 * routing, ISA overrides for the legacy IRQs.
 */
#ifndef ARCH_X86_64_ACPI_H
#define ARCH_X86_64_ACPI_H

#include "lib/acpi.h"

/* What acpi_init() found; all zero (valid == false) without ACPI. */
extern struct acpi_info acpi;

/*
 * Parse the tables from the RSDP at @rsdp_phys (0: search the BIOS areas)
 * into `acpi` and log them. Boot CPU, once; warns on problems, never panics.
 */
void acpi_init(u64 rsdp_phys);

/* Enter S5 (soft off), with QEMU/Bochs/VirtualBox fallbacks; else halt. */
__noreturn void acpi_poweroff(void);

/* Reset through the FADT reset register, then the keyboard controller. */
__noreturn void acpi_reboot(void);

#endif
