/*
 * Random numbers for AT_RANDOM (musl's stack-protector canary and
 * pointer guard) and getrandom(2). Not cryptographic: a xorshift
 * generator seeded from the TSC and RDRAND when the CPU has it.
 */
#ifndef KERNEL_RANDOM_H
#define KERNEL_RANDOM_H

#include "lib/types.h"

/* Linux 6.1's pool size and its entropy count once seeded: the generator
 * never runs dry, so the count is always this (RNDGETENTCNT,
 * /proc/sys/kernel/random/entropy_avail and poolsize). */
#define RANDOM_POOL_BITS 256

u64 get_random_u64(void);
/* A new version-4 (random) UUID in @uuid (/proc/sys/kernel/random/uuid). */
void generate_random_uuid(u8 uuid[16]);
/* This boot's UUID, made at the first call (.../random/boot_id). */
void get_boot_id(u8 uuid[16]);
/* The ioctls of /dev/random and /dev/urandom: RNDGETENTCNT for anyone, the
 * ones that would feed or empty the pool CAP_SYS_ADMIN's (EPERM), others
 * EINVAL, as Linux 6.1. */
long random_ioctl(unsigned int cmd, unsigned long arg);

#endif
