/*
 * System V semaphores (Linux's ipc/sem.c): arrays of counters that
 * semop() changes atomically, all its operations or none, waiting while
 * one would take a counter below 0. What the rest of the kernel asks of
 * them: the SEM_UNDO lists at fork and exit, /proc/sysvipc/sem and the
 * limits in /proc/sys/kernel/sem (the caller's IPC namespace's).
 */
#ifndef KERNEL_IPC_SEM_H
#define KERNEL_IPC_SEM_H

#include "lib/types.h"

struct seq_buf;
struct task_struct;

/* fork/clone: @p shares current's SEM_UNDO list with CLONE_SYSVSEM
 * (made now if current has none yet), or starts without one (Linux's
 * copy_semundo()). 0 or -ENOMEM. */
int copy_semundo(u64 clone_flags, struct task_struct *p);
/* @p leaves its SEM_UNDO list; the last to leave applies its
 * adjustments (Linux's exit_sem()). Process context. */
void exit_sem(struct task_struct *p);
/* /proc/sys/kernel/sem: "SEMMSL SEMMNS SEMOPM SEMMNI", Linux's order. */
int sem_limits_show(struct seq_buf *m, void *unused);
/* Take four new limits (root): 0 or -EINVAL. */
int sem_limits_store(void *unused, const char *buf, size_t len);
/* /proc/sysvipc/sem: a header line, then one line per array. */
int sem_proc_show(struct seq_buf *m, void *unused);

#endif
