/*
 * Halting, powering off and resetting the machine (asm/reboot.h; the
 * halt is kernel/panic.h's arch_halt_machine()). Power-off and reset
 * need the firmware's ACPI tables, which acpi.c keeps to arch/x86_64.
 * QEMU's isa-debug-exit device (port 0xf4) ends QEMU with status
 * (value << 1) | 1; on anything else the write is ignored and the CPU
 * halts with interrupts off.
 */
#include "arch/x86_64/acpi.h"
#include "asm/io.h"
#include "asm/irqflags.h"
#include "asm/reboot.h"
#include "kernel/panic.h"

#define ISA_DEBUG_EXIT_PORT 0xf4

void arch_halt_machine(int code)
{
	arch_local_irq_disable();
	outl(ISA_DEBUG_EXIT_PORT, code);
	for (;;)
		halt();
}

void arch_power_off(void)
{
	acpi_poweroff();
}

void arch_restart(void)
{
	acpi_reboot();
}
