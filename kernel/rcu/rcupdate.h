/*
 * The read side of RCU, as far as Taskbase needs one: modules written for
 * Linux walk the task list inside rcu_read_lock(). Taskbase frees tasks
 * under tasklist_lock instead of after a grace period, so a reader takes
 * tasklist_lock; the calls nest, and a reader that already holds
 * tasklist_lock (a kernel walker calling into a module) keeps it.
 */
#ifndef KERNEL_RCU_RCUPDATE_H
#define KERNEL_RCU_RCUPDATE_H

/* Enter a read section: the task list cannot change until the matching
 * rcu_read_unlock(). Interrupts are off inside; do not sleep. */
void rcu_read_lock(void);
/* Leave the read section rcu_read_lock() entered. */
void rcu_read_unlock(void);
/* Nesting depth of read sections on this CPU (0: none; for checks). */
int rcu_read_depth(void);

#endif
