/*
 * Creating tasks. copy_process() makes the task_struct (at the base of a
 * fresh kernel stack), gives it a PID and links it into the task list and
 * its parent's children; the new task runs once it is woken.
 */
#ifndef KERNEL_FORK_H
#define KERNEL_FORK_H

#include "kernel/task.h"

#define SIGCHLD 17

/* Flags for kernel_thread(). */
#define KTHREAD_AUTOREAP 0x1	/* no zombie: released as soon as it exits */

/*
 * A new kernel thread running @fn(@arg) named @name, child of @parent, not
 * yet runnable (wake_up_new_task() starts it). ERR_PTR(-errno) on failure.
 */
struct task_struct *copy_kthread(int (*fn)(void *), void *arg,
				 const char *name, struct task_struct *parent,
				 unsigned int flags);
/* Start a kernel thread as a child of current; returns its pid or -errno.
 * Unless KTHREAD_AUTOREAP, current must reap it (kernel_wait). */
pid_t kernel_thread(int (*fn)(void *), void *arg, const char *name,
		    unsigned int flags);
/* The idle task of a secondary CPU (pid 0, "swapper/N", not listed). */
struct task_struct *fork_idle(unsigned int cpu);

/* References: a task is freed (its stack unmapped) when the last goes. */
void get_task_struct(struct task_struct *p);
void put_task_struct(struct task_struct *p);
/* Called by the scheduler once a dead task has left the CPU for good. */
void task_dead_switched_out(struct task_struct *p);

extern u64 total_forks;

#endif
