/*
 * Stopping the machine: panic() (declared in lib/bug.h) and the arch
 * hooks it uses.
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include "lib/bug.h"
#include "asm/percpu.h"

#define PANIC_EXIT_CODE 1	/* QEMU exits with (1 << 1) | 1 = 3 */

/* Stop every other CPU (NMI/IPI) so only the panicking one prints. */
void arch_stop_other_cpus(void);
/* Leave through isa-debug-exit when present, else halt forever. */
__noreturn void arch_halt_machine(int code);

#endif
