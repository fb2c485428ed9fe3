/* Power off and restart, through the arch's ACPI code. */
#include "kernel/power.h"
#include "arch/x86_64/acpi.h"
#include "kernel/printk/printk.h"

void kernel_power_off(void)
{
	pr_emerg("reboot: Power down\n");
	acpi_poweroff();
}

void kernel_restart(void)
{
	pr_emerg("reboot: Restarting system\n");
	acpi_reboot();
	for (;;)
		;
}
