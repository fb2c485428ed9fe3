/*
 * Stopping the machine: panic() (declared in lib/bug.h) and the arch
 * hooks it uses; the count of warnings that did not stop it; and the taint
 * flags, which say what has made the kernel's state suspect.
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include "lib/bug.h"
#include "asm/percpu.h"

/* How many warnings (WARN_ON, warn_slowpath_fmt) were printed since boot;
 * Linux shows the same count in /sys/kernel/warn_count. */
unsigned int warn_count(void);

#define PANIC_EXIT_CODE 1	/* QEMU exits with (1 << 1) | 1 = 3 */

/* Stop every other CPU (NMI/IPI) so only the panicking one prints. */
void arch_stop_other_cpus(void);
/* Leave through isa-debug-exit when present, else halt forever. */
__noreturn void arch_halt_machine(int code);

/* Taint flags: Linux's bit numbers (and letters, in print_tainted()). */
#define TAINT_PROPRIETARY_MODULE 0	/* P: a module with a non-GPL license */
#define TAINT_FORCED_MODULE 1		/* F */
#define TAINT_DIE 7			/* D: the kernel survived an oops */
#define TAINT_OOT_MODULE 12		/* O: an out-of-tree module */
#define TAINT_FLAGS_COUNT 19

/* Whether lock debugging can still be trusted after a taint (Linux's). */
enum lockdep_ok { LOCKDEP_STILL_OK, LOCKDEP_NOW_UNRELIABLE };

/* Set taint @flag; the first that makes lock debugging unreliable says
 * "Disabling lock debugging due to kernel taint", as Linux does. */
void add_taint(unsigned int flag, enum lockdep_ok lockdep_ok);
/* Is taint @flag (a TAINT_* number) set? */
bool test_taint(unsigned int flag);
/* Every flag set, one bit per TAINT_* number. */
unsigned long get_taint(void);
/* "Not tainted", or "Tainted: P      D    O      " into @buf[size]. */
const char *print_tainted(char *buf, size_t size);

#endif
