/*
 * Restartable sequences (kernel/sched/rseq.c): a thread registers a
 * struct rseq in its memory, and the kernel keeps the CPU number in it
 * current on every return to user mode, and aborts the thread's
 * registered critical section when it was preempted or got a signal in
 * the middle of it.
 */
#ifndef KERNEL_SCHED_RSEQ_H
#define KERNEL_SCHED_RSEQ_H

#include "kernel/task.h"
#include "asm/ptrace.h"

/* @t's context switches so far. A task changes CPU only while switched
 * out, so a new CPU always comes with a new count. */
static inline u64 rseq_switch_count(const struct task_struct *t)
{
	return t->nvcsw + t->nivcsw;
}

/* Has the registered struct rseq of @t fallen behind (a switch, maybe to
 * another CPU, since it was last written)? Cheap: on every return to user. */
static inline bool rseq_work_pending(const struct task_struct *t)
{
	return t->rseq && (t->rseq_switches != rseq_switch_count(t) ||
			   READ_ONCE(t->rseq_ipi));
}

/* Before returning to user mode with @regs, interrupts on: write the
 * CPU number, abort a preempted critical section. SIGSEGV on a bad
 * struct rseq or rseq_cs. */
void rseq_handle_notify_resume(struct pt_regs *regs);
/* A signal handler is about to run at @regs: abort the critical
 * section it interrupts (its frame must record the abort address). */
void rseq_signal_deliver(struct pt_regs *regs);
/* fork (@p gets current's registration: same address, copied memory)
 * or clone of a thread (@vm: none, as Linux does). */
void rseq_fork(struct task_struct *p, bool vm);
/* execve: the registration goes with the old memory. */
void rseq_execve(struct task_struct *t);

#endif
