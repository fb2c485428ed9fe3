/*
 * POSIX interval timers (posix_timers.c): what exec and exit call. The
 * system calls are declared in kernel/syscalls.h, the signal hook
 * posixtimer_dequeued() in kernel/signal.h.
 */
#ifndef KERNEL_TIME_POSIX_TIMERS_H
#define KERNEL_TIME_POSIX_TIMERS_H

struct signal_struct;

/* Delete every timer of process @s (exec, and @s being freed). */
void exit_itimers(struct signal_struct *s);

#endif
