/*
 * Random numbers for AT_RANDOM (musl's stack-protector canary and
 * pointer guard) and getrandom(2). Not cryptographic: a xorshift
 * generator seeded from the TSC and RDRAND when the CPU has it.
 */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include "lib/types.h"

u64 get_random_u64(void);

#endif
