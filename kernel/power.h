/* Powering off and restarting the machine. */
#ifndef KERNEL_POWER_H
#define KERNEL_POWER_H

#include "lib/types.h"

/* Turn the machine off (ACPI S5); QEMU then exits with status 0. */
__noreturn void kernel_power_off(void);
/* Reset the machine. */
__noreturn void kernel_restart(void);

#endif
