/*
 * Futexes: "fast userspace mutexes". User space does the uncontended
 * work with atomic instructions; the kernel only puts waiters to sleep on
 * a user address (FUTEX_WAIT, if the word still holds the expected value)
 * and wakes them (FUTEX_WAKE). musl's mutexes, condition variables and
 * pthread_join are built on them.
 */
#ifndef KERNEL_FUTEX_H
#define KERNEL_FUTEX_H

#include "kernel/mm/mm.h"

/* Boot, before any task can wait: the empty hash buckets. */
void futex_init(void);
/* Wake up to @n waiters on @uaddr in @mm; returns how many woke. */
int futex_wake_addr(struct mm_struct *mm, u64 uaddr, int n);

#endif
