/* The kernel stack block of a task (kernel/task.h draws it). */
#ifndef _LINUX_SCHED_TASK_STACK_H
#define _LINUX_SCHED_TASK_STACK_H

#include <linux/sched.h>

#define task_stack_page(task) ((void *)(task)->stack)

/*
 * Taskbase's own, not Linux's: print @p's kernel stack block, drawn (the
 * picture of /proc/<pid>/stack_layout), one printk line each after
 * @prefix; @rsp is its stack pointer if known, else 0. 0 or -ENOMEM.
 */
int stack_layout_print(const char *prefix, struct task_struct *p,
		       unsigned long rsp);

#endif
