/*
 * seccomp, Linux's secure computing mode (kernel/sys/seccomp.c): a thread
 * narrows the system calls it may make, for good, and every task it
 * forks or execs inherits the narrowing.
 *
 *   strict mode:  read, write, exit, rt_sigreturn; any other call kills
 *                 the thread (SIGKILL);
 *   filter mode:  a stack of classic BPF programs (lib/bpf_filter.h), each
 *                 run over struct seccomp_data at every system call entry;
 *                 the strongest of their answers (an action and 16 bits of
 *                 data) decides: kill, SIGSYS, an errno, a ptrace stop,
 *                 log or allow.
 *
 * The architecture's entry (arch/x86_64/syscall.c) tests task->seccomp.mode
 * and, when it is set, calls __secure_computing() after the ptrace entry
 * stop, as Linux's syscall_trace_enter() does.
 */
#ifndef KERNEL_SYS_SECCOMP_H
#define KERNEL_SYS_SECCOMP_H

#include "lib/types.h"

#define __user		/* marks a user-space pointer, for the reader */

/* Modes: prctl(PR_GET_SECCOMP) and /proc/<pid>/status "Seccomp:". */
#define SECCOMP_MODE_DISABLED 0
#define SECCOMP_MODE_STRICT 1
#define SECCOMP_MODE_FILTER 2
#define SECCOMP_MODE_DEAD 3		/* killed: any further call is SIGKILL */

/* seccomp(2) operations and SECCOMP_SET_MODE_FILTER's flags. */
#define SECCOMP_SET_MODE_STRICT 0
#define SECCOMP_SET_MODE_FILTER 1
#define SECCOMP_GET_ACTION_AVAIL 2
#define SECCOMP_GET_NOTIF_SIZES 3
#define SECCOMP_FILTER_FLAG_TSYNC (1u << 0)
#define SECCOMP_FILTER_FLAG_LOG (1u << 1)
#define SECCOMP_FILTER_FLAG_SPEC_ALLOW (1u << 2)
#define SECCOMP_FILTER_FLAG_NEW_LISTENER (1u << 3)	/* not supported */
#define SECCOMP_FILTER_FLAG_TSYNC_ESRCH (1u << 4)
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1u << 5)

/* A filter's return: an action in the high 16 bits, data in the low. */
#define SECCOMP_RET_KILL_PROCESS 0x80000000u
#define SECCOMP_RET_KILL_THREAD 0x00000000u
#define SECCOMP_RET_TRAP 0x00030000u
#define SECCOMP_RET_ERRNO 0x00050000u
#define SECCOMP_RET_USER_NOTIF 0x7fc00000u
#define SECCOMP_RET_TRACE 0x7ff00000u
#define SECCOMP_RET_LOG 0x7ffc0000u
#define SECCOMP_RET_ALLOW 0x7fff0000u
#define SECCOMP_RET_ACTION_FULL 0xffff0000u
#define SECCOMP_RET_DATA 0x0000ffffu

/* What a filter reads (Linux's layout, 64 bytes). */
struct seccomp_data {
	int nr;				/* the system call number */
	u32 arch;			/* AUDIT_ARCH_X86_64 */
	u64 instruction_pointer;	/* just past the syscall instruction */
	u64 args[6];
};

struct seccomp_filter;

/* A task's seccomp state (task->seccomp). A task changes its own, but
 * SECCOMP_FILTER_FLAG_TSYNC changes its threads' under tasklist_lock. */
struct seccomp {
	int mode;			/* SECCOMP_MODE_* */
	int filter_count;		/* filters on the stack (for /proc) */
	struct seccomp_filter *filter;	/* the newest; ->prev the older */
};

struct task_struct;
struct pt_regs;

/* The entry hook, for the arch, when current->seccomp.mode is set:
 * current is about to run the call in @regs (orig_rax the number). 0: run
 * it (the number may have changed); -1: skip it, rax holds the result (or
 * current is dying). */
int __secure_computing(struct pt_regs *regs);

/* @p is a new task forked by current: share current's mode and filters,
 * and its no_new_privs, which a TSYNC sets with them. tasklist_lock held
 * (against a TSYNC of current's threads). */
void seccomp_fork(struct task_struct *p);
/* @p is freed: drop its reference to its filters. */
void seccomp_filter_release(struct task_struct *p);

/* prctl(PR_GET_SECCOMP) and prctl(PR_SET_SECCOMP, mode, filter). */
long prctl_get_seccomp(void);
long prctl_set_seccomp(u64 mode, void __user *filter);
long sys_seccomp(unsigned int op, unsigned int flags, void __user *uargs);

#endif
