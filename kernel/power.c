/* Power off and restart: the log line Linux prints, then the arch's way. */
#include "kernel/power.h"
#include "asm/reboot.h"
#include "kernel/printk/printk.h"

bool ctrl_alt_del_reboots = true;	/* Linux's default C_A_D */

void kernel_power_off(void)
{
	pr_emerg("reboot: Power down\n");
	arch_power_off();
}

void kernel_restart(void)
{
	pr_emerg("reboot: Restarting system\n");
	arch_restart();
}
