/*
 * struct mm_struct: an address space. Kernel threads have none
 * (task->mm == NULL) and borrow the last one loaded (active_mm); the
 * kernel half of every address space is the same (init_mm's).
 */
#ifndef KERNEL_MM_H
#define KERNEL_MM_H

#include "kernel/spinlock.h"
#include "lib/types.h"

struct mm_struct {
	u64 *pgd;		/* top-level page table (PML4) */
	int mm_users;		/* threads using it */
	int mm_count;		/* references, including lazy (active_mm) */
	spinlock_t page_table_lock;
};

extern struct mm_struct init_mm;

#endif
