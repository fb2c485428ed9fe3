/*
 * The kernel stack area: THREAD_SIZE blocks mapped at THREAD_SIZE-aligned
 * addresses from KSTACK_START, each with an unmapped guard gap of
 * THREAD_SIZE below it (Linux's VMAP_STACK idea), so running off the
 * bottom of a stack faults instead of overwriting a neighbour:
 *
 *   KSTACK_START + 2*i*THREAD_SIZE  [ guard (unmapped) ][ block i ]
 *
 * Task stacks, per-CPU IRQ stacks and IST exception stacks all come from
 * here. A block's pages are ordinary buddy pages, zeroed, so the untouched
 * part of a stack reads as zero (which is how KStackUsed is measured).
 */
#ifndef KERNEL_KSTACK_H
#define KERNEL_KSTACK_H

#include "lib/types.h"

#define KSTACK_SLOTS 65536	/* at most this many stacks at once */

/* Map a zeroed THREAD_SIZE block; returns its base, or NULL when out. */
void *kstack_alloc(void);
/*
 * Unmap and free a block from kstack_alloc(). Process context: other CPUs'
 * TLBs are flushed, which may wait for them.
 */
void kstack_free(void *base);
/* Number of blocks in use (for /proc/meminfo's KernelStack). */
u64 kstack_nr_used(void);
/* True when @addr lies in a guard gap of the stack area. */
bool kstack_addr_in_guard(u64 addr);

#endif
