/*
 * Creating tasks. copy_process() makes the task_struct (at the base of a
 * fresh kernel stack), gives it a PID and links it into the task list and
 * its parent's children; the new task runs once it is woken.
 */
#ifndef KERNEL_FORK_H
#define KERNEL_FORK_H

#include "kernel/task.h"
#include "kernel/ns/nsproxy.h"	/* CLONE_NEW* */

/* clone(2) flags, Linux's values. */
#define CSIGNAL 0x000000ff		/* signal sent to the parent at exit */
#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_PIDFD 0x00001000
#define CLONE_PTRACE 0x00002000
#define CLONE_VFORK 0x00004000
#define CLONE_PARENT 0x00008000
#define CLONE_THREAD 0x00010000
#define CLONE_SYSVSEM 0x00040000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED 0x00400000
#define CLONE_UNTRACED 0x00800000	/* no tracer may force CLONE_PTRACE */
#define CLONE_CHILD_SETTID 0x01000000
#define CLONE_CLEAR_SIGHAND 0x100000000ull	/* clone3: handlers to SIG_DFL */

/* Flags for kernel_thread(). */
#define KTHREAD_AUTOREAP 0x1	/* no zombie: released as soon as it exits */

/*
 * A new kernel thread running @fn(@arg) named @name, child of @parent, not
 * yet runnable (wake_up_new_task() starts it). ERR_PTR(-errno) on failure.
 */
struct task_struct *copy_kthread(int (*fn)(void *), void *arg,
				 const char *name, struct task_struct *parent,
				 unsigned int flags);
/* Start a kernel thread as a child of current; returns its pid or -errno.
 * Unless KTHREAD_AUTOREAP, current must reap it (kernel_wait). */
pid_t kernel_thread(int (*fn)(void *), void *arg, const char *name,
		    unsigned int flags);
/* The idle task of a secondary CPU (pid 0, "swapper/N", not listed). */
struct task_struct *fork_idle(unsigned int cpu);

/* References: a task is freed (its stack unmapped) when the last goes. */
void get_task_struct(struct task_struct *p);
void put_task_struct(struct task_struct *p);
/* Called by the scheduler once a dead task has left the CPU for good. */
void task_dead_switched_out(struct task_struct *p);

struct cgroup;
/* clone(2) and clone3(2) for user processes and threads; CLONE_PIDFD
 * writes the new pidfd to @pidfd; the child starts in cgroup @into
 * (clone3's CLONE_INTO_CGROUP; NULL: its parent's). The new pid or
 * -errno. */
long kernel_clone(u64 flags, u64 newsp, int *parent_tid, int *child_tid,
		  u64 tls, int *pidfd, struct cgroup *into);

/* clone(2)'s: CLONE_PIDFD's descriptor goes to @parent_tid. */
static inline long do_fork(u64 flags, u64 newsp, int *parent_tid,
			   int *child_tid, u64 tls)
{
	return kernel_clone(flags, newsp, parent_tid, child_tid, tls,
			    parent_tid, NULL);
}
/* A vfork child execs or exits: wake its parent if it still waits. */
void complete_vfork_done(struct task_struct *t);
/* The most tasks that may exist at once (fork/clone beyond: -EAGAIN). */
u64 task_limit(void);
/* Give the running kernel thread (pid 1) what a user process needs:
 * signal and handler tables, open files, cwd, limits
 * (kernel/init/init_task.c). */
int init_user_task(void);

extern u64 total_forks;

#endif
