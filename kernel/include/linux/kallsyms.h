/*
 * Kernel symbols by address (kernel/kallsyms.c). Printing an address as a
 * symbol needs no call: printk's %pS and %ps do it.
 */
#ifndef _LINUX_KALLSYMS_H
#define _LINUX_KALLSYMS_H

#include <linux/types.h>
/* KSYM_NAME_LEN is the kernel's (kernel/kallsyms.h): what it fills. */
#include "kernel/kallsyms.h"

#endif
