/*
 * Atomic bit operations on an unsigned long, with Linux's names
 * (<linux/bitops.h>): for flag words that several CPUs change at once,
 * such as a task's TIF_* flags. Each is a locked instruction on x86, so
 * fully ordered; bit @nr must be below BITS_PER_LONG.
 */
#ifndef LIB_BITOPS_H
#define LIB_BITOPS_H

#include "lib/types.h"

#define BITS_PER_LONG 64

/* Set bit @nr of *@addr. */
static inline void set_bit(unsigned int nr, unsigned long *addr)
{
	__atomic_fetch_or(addr, 1ul << nr, __ATOMIC_SEQ_CST);
}

/* Clear bit @nr of *@addr. */
static inline void clear_bit(unsigned int nr, unsigned long *addr)
{
	__atomic_fetch_and(addr, ~(1ul << nr), __ATOMIC_SEQ_CST);
}

/* Is bit @nr of *@addr set? A plain load: orders nothing. */
static inline bool test_bit(unsigned int nr, const unsigned long *addr)
{
	return (READ_ONCE(*addr) >> nr) & 1;
}

#endif
