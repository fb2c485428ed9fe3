/*
 * TLB maintenance. A CPU caches translations; after a mapping is removed
 * every CPU that may have cached it must drop it before the page is used
 * again (a "TLB shootdown": an IPI to the others, see smp.c).
 */
#ifndef ASM_X86_64_TLBFLUSH_H
#define ASM_X86_64_TLBFLUSH_H

#include "lib/types.h"

/* Flush [start, end) of the kernel half on every CPU. Process context. */
void flush_tlb_kernel_range(u64 start, u64 end);
struct mm_struct;

/* Flush [start, end) of @mm on the CPUs that have it loaded (after the
 * page tables changed). Process context, interrupts on. */
void flush_tlb_mm_range(struct mm_struct *mm, u64 start, u64 end);

#endif
