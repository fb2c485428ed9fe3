/*
 * ptrace(2), Linux's process tracing: one task (the tracer) stops
 * another (the tracee) at system calls, signals and events, reads and
 * writes its registers and memory, and lets it go again.
 *
 * A tracee has ->ptrace != 0 and ->parent == its tracer (->real_parent
 * stays the process that forked it, as on Linux); the tracer keeps its
 * tracees on ->ptraced. A stop is the tracee asleep in __TASK_TRACED
 * with a wait status for the tracer's wait4()/waitid() (kernel/exit.c).
 * The generic part is kernel/ptrace.c; registers, debug registers and
 * single-stepping are arch/x86_64/ptrace.c, behind the arch_ptrace_*
 * functions below.
 */
#ifndef KERNEL_PTRACE_H
#define KERNEL_PTRACE_H

#include "kernel/task.h"
#include "kernel/signal.h"

/* Requests, Linux's numbers. */
#define PTRACE_TRACEME 0
#define PTRACE_PEEKTEXT 1
#define PTRACE_PEEKDATA 2
#define PTRACE_PEEKUSR 3
#define PTRACE_POKETEXT 4
#define PTRACE_POKEDATA 5
#define PTRACE_POKEUSR 6
#define PTRACE_CONT 7
#define PTRACE_KILL 8
#define PTRACE_SINGLESTEP 9
#define PTRACE_GETREGS 12
#define PTRACE_SETREGS 13
#define PTRACE_GETFPREGS 14
#define PTRACE_SETFPREGS 15
#define PTRACE_ATTACH 16
#define PTRACE_DETACH 17
#define PTRACE_SYSCALL 24
#define PTRACE_SYSEMU 31		/* entry stop, the call not run */
#define PTRACE_SYSEMU_SINGLESTEP 32
#define PTRACE_SETOPTIONS 0x4200
#define PTRACE_GETEVENTMSG 0x4201
#define PTRACE_GETSIGINFO 0x4202
#define PTRACE_SETSIGINFO 0x4203
#define PTRACE_GETREGSET 0x4204
#define PTRACE_SETREGSET 0x4205
#define PTRACE_SEIZE 0x4206
#define PTRACE_INTERRUPT 0x4207
#define PTRACE_LISTEN 0x4208
#define PTRACE_GET_SYSCALL_INFO 0x420e

/* PTRACE_SETOPTIONS bits; also kept in task->ptrace, as Linux does. */
#define PTRACE_O_TRACESYSGOOD 0x01
#define PTRACE_O_TRACEFORK 0x02
#define PTRACE_O_TRACEVFORK 0x04
#define PTRACE_O_TRACECLONE 0x08
#define PTRACE_O_TRACEEXEC 0x10
#define PTRACE_O_TRACEVFORKDONE 0x20
#define PTRACE_O_TRACEEXIT 0x40
#define PTRACE_O_TRACESECCOMP 0x80	/* SECCOMP_RET_TRACE stops */
#define PTRACE_O_EXITKILL 0x100000
#define PTRACE_O_MASK (0xff | PTRACE_O_EXITKILL)

/* Event stops: wait status (SIGTRAP | event << 8) << 8 | 0x7f. */
#define PTRACE_EVENT_FORK 1
#define PTRACE_EVENT_VFORK 2
#define PTRACE_EVENT_CLONE 3
#define PTRACE_EVENT_EXEC 4
#define PTRACE_EVENT_VFORK_DONE 5
#define PTRACE_EVENT_EXIT 6
#define PTRACE_EVENT_SECCOMP 7	/* message: the filter's data */
#define PTRACE_EVENT_STOP 128

#define PTRACE_SYSCALL_INFO_NONE 0
#define PTRACE_SYSCALL_INFO_ENTRY 1
#define PTRACE_SYSCALL_INFO_EXIT 2
#define PTRACE_SYSCALL_INFO_SECCOMP 3

/* task->ptrace, above the option bits (which are shifted by PT_OPT_SHIFT). */
#define PT_PTRACED 0x00000001
#define PT_SEIZED 0x00010000
#define PT_SYSCALL 0x00020000		/* resumed with PTRACE_SYSCALL */
#define PT_SYSEMU 0x00040000		/* with PTRACE_SYSEMU(_SINGLESTEP) */
#define PT_OPT_SHIFT 3

static inline bool pt_option(const struct task_struct *t, unsigned int opt)
{
	return (t->ptrace >> PT_OPT_SHIFT) & opt;
}

/* ---- hooks for the rest of the kernel (each cheap when untraced) ---- */

/* Syscall entry of a traced current (arch entry): may stop; the number
 * to run after the tracer's changes, or -1 to skip the call. */
long ptrace_syscall_enter(struct pt_regs *regs);
/* Syscall exit of a traced current: exec event, exit stop, step trap. */
void ptrace_syscall_exit(struct pt_regs *regs, long nr);
/* Signal @sig with @info is about to be delivered to traced current:
 * stop; returns the signal to deliver instead (0: none). */
int ptrace_signal(int sig, struct ksiginfo *info);
/* Group stop with @sig under ptrace (instead of __TASK_STOPPED). */
void ptrace_group_stop(int sig);
/* A trap stop (PTRACE_INTERRUPT, new seized child) is due for current. */
static inline bool ptrace_trap_pending(const struct task_struct *t)
{
	return unlikely(t->ptrace) && READ_ONCE(t->pt.trap_pending);
}
/* Take it: the PTRACE_EVENT_STOP. */
void ptrace_do_trap(void);
/* Event @event with message @msg, if the tracer asked for it. */
void ptrace_event(int event, u64 msg);
/* clone: attach @child before it first runs, per current's options;
 * returns the event to report afterwards, or 0. */
int ptrace_init_child(struct task_struct *child, u64 clone_flags);
/* current exits: its tracees go (detached, or killed: EXITKILL). */
void exit_ptrace(struct task_struct *tracer);
/* @p is released: unlink it from its tracer. tasklist_lock held. */
void ptrace_release_task(struct task_struct *p);

/* ---- for wait (kernel/exit.c) ---- */

/* Has tracee @t news for its tracer's wait with @options: a stop
 * (*@trapped) or an exit? Its wait status in *@status; unless WNOWAIT,
 * marks it reported, and an exited thread to release goes in *@release.
 * tasklist_lock held. */
bool ptrace_wait_task(struct task_struct *t, int options, int *status,
		      bool *trapped, struct task_struct **release);
/* Is @c's exit still its tracer's news (another process traces it)?
 * Its parent sees the zombie once the tracer has waited for it. */
static inline bool ptrace_hides_exit(const struct task_struct *c)
{
	return c->ptrace && c->parent->group_leader != current->group_leader;
}
/* dequeue_signal() for do_signal(): a tracee stops for each signal and
 * gets the one its tracer says (none: the next). */
int ptrace_dequeue_signal(u64 mask, struct ksiginfo *info);
/* A group stop is in effect and @t has yet to take part in it (a tracee
 * takes part once, then runs as its tracer says). */
static inline bool group_stop_due(struct task_struct *t)
{
	return t->signal && t->signal->stop_state &&
	       !(t->ptrace && t->pt.group_done);
}
/* Unlink @p from its tracer; tasklist_lock held. */
void __ptrace_unlink(struct task_struct *p);

/* ---- the arch part (arch/x86_64/ptrace.c) ---- */

/* The request itself when it is about registers; -EIO if unknown. */
long arch_ptrace(struct task_struct *child, long request, u64 addr, u64 data);
/* Let @child run with the trap flag set (true) or clear (false). */
void arch_ptrace_singlestep(struct task_struct *child, bool on);
/* Traced current single-stepped over a system call: its SIGTRAP, as the
 * call returns (Linux's name; arch/x86_64/hw_breakpoint.c). */
void user_single_step_report(struct pt_regs *regs);
/* PTRACE_GETSIGINFO / PTRACE_SETSIGINFO of @child's signal stop. */
long arch_ptrace_siginfo(struct task_struct *child, void __user *uinfo,
			 bool set);
/* The payload of ELF core note @type (NT_PRSTATUS: struct user_regs_struct,
 * NT_PRFPREG: the fxsave area, NT_SIGINFO: @sig's siginfo_t) for @t,
 * current or stopped in the kernel, into @buf (512 bytes); its size, 0 if
 * unknown. */
u64 arch_elf_core_note(struct task_struct *t, u32 type, int sig,
		       const struct ksiginfo *info, void *buf);
/* PTRACE_GET_SYSCALL_INFO: at most @size bytes to @uinfo; the full size. */
long arch_ptrace_syscall_info(struct task_struct *child, u64 size,
			      void __user *uinfo);

/* process_vm_readv(2), process_vm_writev(2). */
long sys_process_vm_readv(pid_t pid, const void __user *lvec, u64 liovcnt,
			  const void __user *rvec, u64 riovcnt, u64 flags);
long sys_process_vm_writev(pid_t pid, const void __user *lvec, u64 liovcnt,
			   const void __user *rvec, u64 riovcnt, u64 flags);
long sys_ptrace(long request, pid_t pid, u64 addr, u64 data);

#endif
