/* Powering off and restarting the machine. */
#ifndef KERNEL_POWER_H
#define KERNEL_POWER_H

#include "lib/types.h"

/* Turn the machine off (ACPI S5); QEMU then exits with status 0. */
__noreturn void kernel_power_off(void);
/* Reset the machine. */
__noreturn void kernel_restart(void);

/* What Ctrl-Alt-Del does (Linux's C_A_D, /proc/sys/kernel/ctrl-alt-del):
 * restart at once, or (0) send init SIGINT. Set by reboot(2); the
 * serial console has no such key, so only the setting is visible. */
extern unsigned int ctrl_alt_del_reboots;

#endif
