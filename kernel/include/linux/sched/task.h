/*
 * Holding a task: get_task_struct() keeps @p's task_struct (and its stack
 * block) from being freed until put_task_struct() (kernel/fork.c).
 */
#ifndef _LINUX_SCHED_TASK_H
#define _LINUX_SCHED_TASK_H

#include <linux/sched.h>
#include "kernel/fork.h"
#include "kernel/tasklist.h"

#endif
