/* The kernel stack block of a task (kernel/task.h draws it). */
#ifndef _LINUX_SCHED_TASK_STACK_H
#define _LINUX_SCHED_TASK_STACK_H

#include <linux/sched.h>

#define task_stack_page(task) ((void *)(task)->stack)

#endif
