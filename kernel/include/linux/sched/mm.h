/*
 * A task's address space, referenced: get_task_mm() takes a reference on
 * @task's mm (NULL for a kernel thread or a task exiting), mmput() drops
 * it. Both are kernel/mm/mm.c's.
 */
#ifndef _LINUX_SCHED_MM_H
#define _LINUX_SCHED_MM_H

#include <linux/sched.h>
#include "kernel/mm/mm.h"

#endif
