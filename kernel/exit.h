/*
 * Ending tasks. do_exit() never returns: the task becomes a zombie
 * (state Z) holding its exit code until its parent reaps it with
 * kernel_wait() (wait4 for user space); its children go to init (pid 1).
 */
#ifndef KERNEL_EXIT_H
#define KERNEL_EXIT_H

#include "kernel/sched/wait.h"
#include "kernel/task.h"

/* End current with @code (a wait4 status). */
__noreturn void do_exit(int code);
/*
 * Wait for a child of current to exit (@pid, or any child for -1), reap
 * it and store its status. Returns its pid, or -ECHILD when there is no
 * such child.
 */
pid_t kernel_wait(pid_t pid, int *status);
/* Remove a dead task from every list and drop its parent's reference. */
void release_task(struct task_struct *p);
/* @p has news for a wait4()/waitid() of @parent (its real parent or its
 * tracer): wake that process's waiters, and only them (Linux's
 * __wake_up_parent()). tasklist_lock held, so @parent cannot go away. */
void __wake_up_parent(struct task_struct *p, struct task_struct *parent);
/* Both who may wait for @p: its real parent and, if another, its tracer
 * (each queue woken once). tasklist_lock held. */
void wake_up_parents(struct task_struct *p);
/* The queue @waiter sleeps on in wait4() (and a tracer in PTRACE_ATTACH). */
struct wait_queue_head *chldexit_queue(struct task_struct *waiter);
/* A new process's zeroed signal_struct: one share, one thread, its
 * wait queue and interval timer set up. */
void init_signal_struct(struct signal_struct *s);
/* Drop @p's share of its signal and handler tables (the last share
 * frees them); @p's pointers to them become NULL. */
void put_signal_parts(struct task_struct *p);

/* wait4(2)'s and waitid(2)'s options (Linux's values), for exit.c's
 * do_wait() and ptrace.c's tracee scan. */
#define WNOHANG 0x00000001
#define WUNTRACED 0x00000002	/* waitid calls it WSTOPPED */
#define WEXITED 0x00000004	/* waitid only; wait4 always has it */
#define WCONTINUED 0x00000008
#define WNOWAIT 0x01000000	/* waitid: report, leave the child as it is */
#define __WNOTHREAD 0x20000000	/* current's tracees only; as __WALL/__WCLONE */
#define __WALL 0x40000000
#define __WCLONE 0x80000000
#define WCOREFLAG 0x80		/* in a wait status: a core file was written */

/* Init: adopts orphans. Set once pid 1 exists. */
extern struct task_struct *child_reaper;

#endif
