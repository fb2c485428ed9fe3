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
 * Zero and unmap a block from kstack_alloc() and cache it for reuse; when
 * the cache is full, free all of it. Process context: that flushes other
 * CPUs' TLBs, which may wait for them.
 */
void kstack_free(void *base);
/* Free the cached blocks; does nothing in atomic context, where other
 * CPUs cannot be waited for. */
void kstack_drain(void);
/* The pages kstack_drain() would free now (the cached blocks' and the
 * page tables left empty by them): nr_free_pages() counts them as free
 * without the shootdowns. Any context. */
u64 kstack_nr_cached_pages(void);
/* Blocks in use by tasks and CPUs, not the cached ones (for /proc/meminfo's
 * KernelStack). */
u64 kstack_nr_used(void);
/* Times cached blocks were freed (each one shootdown), for the tests. */
u64 kstack_nr_purges(void);
/* True when @addr lies in a guard gap of the stack area. */
bool kstack_addr_in_guard(u64 addr);

#endif
