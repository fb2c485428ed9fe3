/*
 * Address spaces. init_mm is the kernel's own: its page tables are the
 * ones arch/x86_64/mmu.c builds at boot.
 */
#include "kernel/mm.h"

struct mm_struct init_mm = {
	.mm_users = 2,
	.mm_count = 1,
	.page_table_lock = __SPIN_LOCK_UNLOCKED(init_mm.page_table_lock),
};
