/*
 * Kernel symbols by address (kernel/kallsyms.c). Printing an address as a
 * symbol needs no call: printk's %pS and %ps do it.
 */
#ifndef _LINUX_KALLSYMS_H
#define _LINUX_KALLSYMS_H

#include <linux/types.h>
#include "kernel/kallsyms.h"

#endif
