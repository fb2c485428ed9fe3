/*
 * The task list, Linux's macros: for_each_process, do_each_thread /
 * while_each_thread, for_each_thread, for_each_process_thread, and
 * get_nr_threads(), all Taskbase's own (kernel/tasklist.h). Walk it inside
 * rcu_read_lock() / rcu_read_unlock(), as on Linux.
 */
#ifndef _LINUX_SCHED_SIGNAL_H
#define _LINUX_SCHED_SIGNAL_H

#include <linux/sched.h>
#include <linux/cred.h>
#include "kernel/tasklist.h"

#endif
