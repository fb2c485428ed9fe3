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
/* FUTEX_WAKE of @n waiters on current's word @uaddr, by its shared key
 * (which a private mapping's waiters match too); how many woke. */
int futex_wake_user(u64 uaddr, int n);
/* Thread @p (current) exits or execs: every robust mutex on its
 * set_robust_list(2) list that it still holds gets FUTEX_OWNER_DIED and
 * wakes a waiter (kernel/futex/syscalls.c). */
struct task_struct;
void exit_robust_list(struct task_struct *p);

#endif
