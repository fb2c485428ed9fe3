/*
 * Process IDs. Allocation is cyclic, as Linux's: after pid_max wraps to
 * RESERVED_PIDS, so a just-freed PID is not handed out again at once.
 * find_task_by_pid() uses a hash table, not a walk of the task list.
 */
#ifndef KERNEL_PID_H
#define KERNEL_PID_H

#include "kernel/task.h"

#define PID_MAX_DEFAULT 32768
#define RESERVED_PIDS 300

/* A free PID, or -EAGAIN when all are taken. */
pid_t alloc_pid(void);
void free_pid(pid_t pid);
/* Make @p findable by its pid / remove it (tasklist_lock held). */
void attach_pid(struct task_struct *p);
void detach_pid(struct task_struct *p);
/* The task with thread id @pid, or NULL (tasklist_lock held). */
struct task_struct *find_task_by_pid(pid_t pid);
/* Number of PIDs in use. */
u32 nr_pids(void);

#endif
