/*
 * Magic SysRq-style debugging: dumps of tasks and CPUs that work from any
 * context (they are triggered from the serial interrupt by Ctrl-P, and
 * by writing a key to /proc/sysrq-trigger).
 */
#ifndef KERNEL_SYSRQ_H
#define KERNEL_SYSRQ_H

/* 't': every task with its state and kernel stack trace. */
void show_state(void);
/* 'w': only the tasks in uninterruptible sleep (D). */
void show_blocked_tasks(void);
/* 'm': memory counters. */
void show_mem(void);
/* Run the action for @key; unknown keys print the help line. */
void handle_sysrq(char key);
/* Ctrl-P on the console: context report (current_affairs) + tasks. */
void sysrq_ctrl_p(void);

#endif
