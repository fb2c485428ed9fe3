/*
 * Turning the machine off and resetting it (Linux's asm/reboot.h), for
 * kernel/power.c: arch/x86_64/reboot.c does it through the firmware's
 * ACPI tables (acpi.c) so that nothing outside arch/x86_64 needs them.
 * panic()'s way out, arch_halt_machine(), is in the same file.
 */
#ifndef ASM_X86_64_REBOOT_H
#define ASM_X86_64_REBOOT_H

#include "lib/types.h"

/* Enter ACPI S5 (soft off); QEMU then exits with status 0. Interrupts
 * may be on; never returns. */
__noreturn void arch_power_off(void);
/* Reset the machine: the ACPI reset register, then the keyboard
 * controller; never returns. */
__noreturn void arch_restart(void);

#endif
