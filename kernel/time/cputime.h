/*
 * CPU time (cputime.c): what tasks and processes spend in user and kernel
 * mode, counted at the tick, and the process CPU-time limits that run on
 * it: ITIMER_VIRTUAL, ITIMER_PROF and RLIMIT_CPU. The one place the
 * per-task and per-process times are kept and read: times(), getrusage(),
 * the CPU-time clocks and /proc/<pid>/stat ask here.
 */
#ifndef KERNEL_TIME_CPUTIME_H
#define KERNEL_TIME_CPUTIME_H

#include "lib/types.h"

struct task_struct;

#define ITIMER_REAL 0		/* setitimer's @which */
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2

/* A CPU-time interval timer: fires when the process's CPU time (in ns)
 * reaches @expires (0: off), then again every @incr ns (0: once). */
struct cpu_itimer {
	u64 expires;
	u64 incr;
};

/* The tick on this CPU found @p running, in user mode if @user: charge
 * it a tick and fire the CPU-time timers and limits it reached. */
void account_process_tick(struct task_struct *p, bool user);
/* The user and system ticks of @p's whole process, threads that have
 * exited included. */
void thread_group_cputime(struct task_struct *p, u64 *utime, u64 *stime);
/* @p's process CPU time in ns for CPU-time timer @which (ITIMER_VIRTUAL:
 * user only; ITIMER_PROF: user + system). */
u64 process_cputime_ns(struct task_struct *p, int which);

#endif
