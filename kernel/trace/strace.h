/*
 * System-call tracing for strace, without ptrace: a tracer opens
 * /proc/<pid>/task/<tid>/syscall_trace and the thread then stops at each
 * system call's entry and exit until the tracer has read the record
 * (user/lib/strace_abi.h is the whole interface). The hooks below are
 * called by the system-call path, exit and signal delivery.
 */
#ifndef KERNEL_STRACE_H
#define KERNEL_STRACE_H

#include "kernel/task.h"
#include "kernel/fs/vfs.h"

/* The /proc file (its inode's proc_inode holds the tracee). */
extern const struct file_operations syscall_trace_fops;

/* Hooks; each does nothing unless current is traced. The system-call
 * pair is inline: on every call the untraced test is all that runs. */
void __trace_syscall_enter(u64 nr, const u64 args[6]);
void __trace_syscall_exit(u64 nr, long ret);
void trace_signal(int sig);
void trace_task_exit(int status);

/* TracerPid: for /proc/<pid>/status (0 if not traced), this hook's
 * tracer or ptrace's. */
pid_t trace_tracer_pid(struct task_struct *p);

static inline bool task_is_traced(const struct task_struct *p)
{
	return READ_ONCE(p->tracer) != NULL;
}

static inline void trace_syscall_enter(u64 nr, const u64 args[6])
{
	if (unlikely(task_is_traced(current)))
		__trace_syscall_enter(nr, args);
}

static inline void trace_syscall_exit(u64 nr, long ret)
{
	if (unlikely(task_is_traced(current)))
		__trace_syscall_exit(nr, ret);
}

#endif
