/*
 * Where the SMP trampoline goes and the layout of its parameter block
 * (shared by trampoline.S and smp.c).
 */
#ifndef ARCH_X86_64_SMP_BOOT_H
#define ARCH_X86_64_SMP_BOOT_H

#define TRAMPOLINE_PHYS 0x8000		/* below 1 MiB: SIPI vector 0x08 */

#ifndef __ASSEMBLY__
#include "lib/types.h"

struct trampoline_params {
	u32 cr3, pad;
	u64 stack;
	u64 entry;
};
#endif

#endif
