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
 * it a tick and, if its process has CPU-time timers or limits armed,
 * mark @p to check them on its way back to user mode. */
void account_process_tick(struct task_struct *p, bool user);
/* Fire the CPU-time timers and limits @p's process reached: SIGVTALRM,
 * SIGPROF, SIGXCPU, SIGKILL (Linux's handle_posix_cpu_timers()). @p is
 * current, in process context, on its way back to user mode. */
void handle_cpu_timers(struct task_struct *p);
/* The user and system ticks of @p's whole process, threads that have
 * exited included. */
void thread_group_cputime(struct task_struct *p, u64 *utime, u64 *stime);
/* @p's process CPU time in ns for CPU-time timer @which (ITIMER_VIRTUAL:
 * user only; ITIMER_PROF: user + system). */
u64 process_cputime_ns(struct task_struct *p, int which);

/*
 * The CPU-time clocks: CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID
 * and Linux's encoded ids for any process or thread (clockid < 0:
 * ~pid << 3, CPUCLOCK_PERTHREAD_MASK, and the measure in the low two
 * bits; pthread_getcpuclockid() and clock_getcpuclockid() make them).
 * Resolved, a clock is whose time (@pid: a thread's id, or a process's
 * tgid) and which (CPUCLOCK_PROF: user + system, VIRT: user, SCHED: the
 * run time, here user + system as well: time is counted in ticks).
 */
#define CPUCLOCK_PROF 0
#define CPUCLOCK_VIRT 1
#define CPUCLOCK_SCHED 2
#define CPUCLOCK_PERTHREAD_MASK 4

struct cpu_clock {
	int pid;			/* pid_t: a thread id or a tgid */
	bool thread;
	int which;
};

/* Is @clk a CPU-time clock id (valid or not)? */
bool is_cpu_clock(int clk);
/* Resolve CPU clock @clk for current: a thread's clock only in current's
 * own process, a process's for any process (@gettime: or any thread id
 * of current's). 0 or -EINVAL (no such task, a bad measure). */
long cpu_clock_resolve(int clk, struct cpu_clock *cc, bool gettime);
/* @cc's time of task @p (found by cc->pid) in ns; tasklist_lock held. */
u64 cpu_clock_sample(struct task_struct *p, const struct cpu_clock *cc);
/* clock_gettime() of CPU clock @clk: 0 and *@ns, or -EINVAL. */
long cpu_clock_get(int clk, u64 *ns);

#endif
