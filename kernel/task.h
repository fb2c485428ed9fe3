/*
 * struct task_struct and the kernel stack it lives on.
 *
 * Every task (kernel thread, user thread, idle task) owns one kernel
 * stack block of THREAD_SIZE bytes, THREAD_SIZE-aligned, in the kernel
 * stack area with an unmapped guard gap below it (kernel/mm/kstack.c). The
 * task_struct sits at the block's lowest address, exactly as the course
 * notes draw it, and the stack grows down toward it:
 *
 *   block + THREAD_SIZE  +------------------------------+  <- top of stack
 *                        | struct pt_regs (user tasks)  |
 *                        | ... stack frames grow down . |
 *                        |              |               |
 *                        |              v               |
 *                        |   (never touched: zeroes)    |  KStackUsed =
 *                        | STACK_END_MAGIC  0x57AC6E9D  |  top - deepest
 *   block + sizeof(task) +------------------------------+  non-zero word
 *                        | struct task_struct           |
 *                        |   thread_info (first)        |
 *                        |   ... thread (last)          |
 *   block                +------------------------------+  = current
 *                        | guard gap (unmapped)         |
 *
 * current is found from the stack pointer alone: rsp & ~(THREAD_SIZE-1)
 * is the block's base, where thread_info.task points at the owner. The
 * per-CPU interrupt and exception stacks are THREAD_SIZE blocks too, with
 * a thread_info at their base whose task is the interrupted task, so the
 * same masking gives the right answer in interrupt context.
 */
#ifndef KERNEL_TASK_H
#define KERNEL_TASK_H

#include "asm/memlayout.h"
#include "asm/percpu.h"
#include "asm/processor.h"
#include "kernel/locking/lockdep_map.h"
#include "kernel/sys/seccomp.h"
#include "lib/bitops.h"
#include "lib/list.h"
#include "lib/refcount.h"
#include "lib/types.h"

typedef int pid_t;

#define TASK_COMM_LEN 16
#define STACK_END_MAGIC 0x57AC6E9Dul	/* Linux's value */

/* Task states (task->__state), Linux's values; letters in /proc. */
#define TASK_RUNNING 0x0000
#define TASK_INTERRUPTIBLE 0x0001	/* S: sleeping, signals wake it */
#define TASK_UNINTERRUPTIBLE 0x0002	/* D: sleeping, signals do not */
#define __TASK_STOPPED 0x0004		/* T */
#define __TASK_TRACED 0x0008		/* t */
#define EXIT_DEAD 0x0010		/* X (exit_state) */
#define EXIT_ZOMBIE 0x0020		/* Z (exit_state) */
#define TASK_DEAD 0x0080
#define TASK_NOLOAD 0x0400
#define TASK_IDLE (TASK_UNINTERRUPTIBLE | TASK_NOLOAD)	/* I */

/* Task flags (task->flags), Linux's values. */
#define PF_IDLE 0x00000002		/* an idle task (swapper/N) */
#define PF_EXITING 0x00000004		/* in do_exit() */
#define PF_FORKNOEXEC 0x00000040	/* forked, has not exec'd since */
#define PF_KTHREAD 0x00200000		/* a kernel thread: mm == NULL */

/* thread_info flags. */
#define TIF_NEED_RESCHED 3

/* What kind of stack a thread_info heads (for the demos and oopses). */
enum stack_kind { STACK_TASK, STACK_IRQ, STACK_EXCEPTION };

/*
 * The header at the base of every stack block. For a task's stack it is
 * the first member of its task_struct; for an interrupt or exception
 * stack it is a header of its own (see arch/x86_64/irqstack.c).
 */
struct thread_info {
	struct task_struct *task;	/* owner, or the interrupted task */
	unsigned long flags;		/* TIF_* */
	u32 kind;			/* enum stack_kind */
	u32 cpu;			/* for IRQ/exception stacks */
};

struct mm_struct;
struct files_struct;
struct fs_struct;
struct sem_undo_list;
struct io_uring_task;
struct signal_struct;
struct sighand_struct;
struct cred;
struct ksiginfo;
struct pid;
struct perf_event_context;
struct kretprobe_instance;

/*
 * A tracee's side of ptrace (kernel/ptrace.c): the stop it is in and
 * what its tracer said when it let it go. Guarded by tasklist_lock.
 */
struct ptrace_state {
	int stop_status;		/* wait status of this stop, 0: none */
	bool stopped;			/* in a ptrace stop: regs are still */
	bool reported;			/* the tracer's wait has seen it */
	bool listening;			/* PTRACE_LISTEN: stays in group stop */
	bool trap_pending;		/* INTERRUPT / new seized child */
	bool stepping;			/* PTRACE_SINGLESTEP set TF */
	bool group_done;		/* took part in this group stop */
	u8 syscall_op;			/* PTRACE_SYSCALL_INFO_ENTRY/EXIT/NONE */
	int resume_sig;			/* the signal the tracer resumed with */
	u64 message;			/* PTRACE_GETEVENTMSG */
	struct ksiginfo *siginfo;	/* the signal of a signal-delivery stop */
};

/*
 * What restart_syscall(2) resumes (Linux's struct restart_block): a call
 * interrupted by a signal that had no handler returns
 * -ERESTART_RESTARTBLOCK after filling this in, and the way back to user
 * mode makes the task call restart_syscall, which calls @fn.
 */
struct restart_block {
	long (*fn)(struct restart_block *rb);	/* NULL: -EINTR */
	u64 expires;			/* the monotonic deadline */
	void *uaddr;			/* nanosleep's rmtp, poll's pollfds */
	u64 nr;				/* poll: how many pollfds */
};

/* A set of signals: bit (n - 1) is signal n (see kernel/signal.h). */
typedef struct {
	u64 sig;
} sigset_t;

/*
 * A SCHED_DEADLINE task's reservation (kernel/sched/deadline.c): the
 * parameters sched_setattr() gave, and the constant-bandwidth server's
 * state: the runtime left in the current instance and its absolute
 * deadline. All in ns; the state changes only under the run-queue lock.
 */
struct sched_dl_entity {
	u64 dl_runtime;			/* budget of each period */
	u64 dl_deadline;		/* relative deadline */
	u64 dl_period;			/* distance between two instances */
	u64 dl_bw;			/* dl_runtime / dl_period, << 20 */
	u64 dl_flags;			/* SCHED_FLAG_RECLAIM, _DL_OVERRUN (kept) */
	s64 runtime;			/* budget left in this instance */
	u64 deadline;			/* absolute deadline (ktime_get_ns()) */
	u64 exec_start;			/* when it last went on a CPU */
	bool throttled;			/* budget used up: waits for replenishment */
	struct list_head throttled_node;	/* on the throttled list then */
};

struct task_struct {
	struct thread_info thread_info;	/* must be first: see current */
	volatile unsigned int __state;	/* TASK_RUNNING, ... */
	void *stack;			/* base of the stack block (== this) */
	unsigned int flags;		/* PF_* */
	int on_cpu;			/* running right now */
	int cpu;			/* CPU it runs / last ran on */
	int prio;			/* 120 + nice (-20..19), as Linux */
	unsigned int policy;		/* SCHED_OTHER, ... (sched_setscheduler) */
	bool sched_reset_on_fork;	/* SCHED_RESET_ON_FORK: children start normal */
	int rt_priority;		/* 1..99 under SCHED_FIFO/RR, else 0 */
	struct sched_dl_entity dl;	/* SCHED_DEADLINE's parameters and state */
	u16 ioprio;			/* ioprio_set(2)'s (kernel/sys/ioprio.c),
					 * 0: none set */
	u64 cpus_allowed;		/* affinity mask, bit n = CPU n */

	int exit_state;			/* EXIT_ZOMBIE, EXIT_DEAD */
	int exit_code;			/* wait4 status */
	int exit_signal;		/* sent to the parent at exit */
	pid_t pid;			/* thread id */
	pid_t tgid;			/* thread group (process) id */

	struct task_struct *real_parent;	/* who created us */
	struct task_struct *parent;		/* who gets SIGCHLD and waits */
	struct list_head children;	/* our children (their sibling) */
	struct list_head sibling;	/* in parent->children */
	struct task_struct *group_leader;	/* the process's first thread */
	struct list_head tasks;		/* the circular task list (leaders) */
	struct list_head thread_group;	/* threads of one process */
	struct pid *thread_pid;		/* its numbers in each pid namespace
					 * (kernel/pid.h) */
	struct list_head run_list;	/* run queue or wait queue */

	struct mm_struct *mm;		/* user address space; NULL: kthread */
	struct mm_struct *active_mm;	/* the one loaded (kthreads borrow) */

	char comm[TASK_COMM_LEN];	/* executable name */
	refcount_t usage;		/* references (the /proc files hold) */
	int time_slice;			/* ticks left before preemption */
	u64 nvcsw, nivcsw;		/* voluntary / involuntary switches */
	u64 utime, stime;		/* ticks spent in user / kernel mode */
	u64 start_time;			/* ns since boot */
	u64 sleep_timeout;		/* jiffies to wake at (msleep), or 0 */
	u64 timer_slack_ns;		/* prctl PR_SET_TIMERSLACK; 0: default */
	u64 default_timer_slack_ns;	/* what PR_SET_TIMERSLACK 0 restores */
	int pdeath_signal;		/* sent to us when our parent exits */
	unsigned int personality;	/* personality(2): PER_LINUX, flags */
	bool no_new_privs;		/* prctl PR_SET_NO_NEW_PRIVS: for good */
	/* A child's KEYCTL_SESSION_TO_PARENT: a cred holding only the new
	 * session keyring, made ours on the way back to user mode
	 * (kernel/keys/process_keys.c key_change_session_keyring()). */
	struct cred *replacement_session_keyring;
	/* A tick found a CPU-time timer or RLIMIT_CPU of our process armed:
	 * check it on the way back to user mode, in process context
	 * (kernel/time/cputime.c handle_cpu_timers(); Linux's task work). */
	bool cputimer_due;
	struct seccomp seccomp;		/* its mode and filters (kernel/sys/seccomp.c) */

	int (*threadfn)(void *data);	/* kernel threads: what to run */
	void *thread_data;

	struct files_struct *files;	/* open files (shared: CLONE_FILES) */
	struct sem_undo_list *sysvsem;	/* SEM_UNDO records (kernel/ipc/sem.c;
					 * shared: CLONE_SYSVSEM), or NULL */
	struct io_uring_task *io_uring;	/* the rings it has requests pending
					 * on (kernel/io_uring/tctx.c), or
					 * NULL */
	struct fs_struct *fs;		/* cwd (shared: CLONE_FS) */
	struct nsproxy *nsproxy;	/* namespaces (kernel/ns/nsproxy.h);
					 * NULL: the initial ones */
	struct cgroup *cgroup;		/* its control group, referenced
					 * (kernel/cgroup/); NULL: the root */
	struct signal_struct *signal;	/* process-wide signal state */
	struct sighand_struct *sighand;	/* handlers (shared: CLONE_SIGHAND) */
	sigset_t blocked;		/* signals this thread blocks */
	sigset_t real_blocked;		/* what it blocked before rt_sigtimedwait
					 * unblocked its set: still not ignored */
	sigset_t pending;		/* signals sent to this thread */
	sigset_t saved_sigmask;		/* rt_sigsuspend's mask to restore */
	bool restore_sigmask;
	struct restart_block restart_block;	/* restart_syscall(2)'s */
	u64 sas_ss_sp, sas_ss_size;	/* sigaltstack */
	int *set_child_tid;		/* user addresses (set_tid_address) */
	int *clear_child_tid;		/* zeroed + futex-woken at exit */
	void *robust_list;		/* set_robust_list(2)'s head (user) */
	struct completion *vfork_done;	/* CLONE_VFORK parent waits on it */
	u64 ustack_lo, ustack_hi;	/* this thread's user stack (for /proc) */
	u64 min_flt, maj_flt;		/* page faults */
	struct perf_event_context *perf_event_ctxp;	/* its perf counters
					 * (kernel/events/), or NULL */
	void *rseq;			/* registered struct rseq (user), or NULL */
	u32 rseq_len, rseq_sig;
	u64 rseq_switches;		/* nvcsw + nivcsw when it was written */
	bool rseq_ipi;			/* membarrier(RSEQ) interrupted it */
	int pagefault_disabled;		/* pagefault_disable() depth */
	/* Calls of kretprobed functions it has not returned from, latest
	 * first (kernel/trace/kprobes.c). */
	struct kretprobe_instance *kretprobe_instances;
	unsigned int ptrace;		/* PT_* and PTRACE_O_* (kernel/ptrace.h) */
	struct list_head ptraced;	/* tracer: the tasks it traces */
	struct list_head ptrace_entry;	/* tracee: in its tracer's ptraced */
	struct ptrace_state pt;		/* tracee: its stop (kernel/ptrace.c) */
	const struct cred *real_cred;	/* ids others see acting on us */
	const struct cred *cred;	/* ids we act with (kernel/cred.h) */
#ifdef CONFIG_LOCKDEP
	struct lockdep_task lockdep;	/* locks held (kernel/locking/lockdep.c) */
#endif
#ifdef CONFIG_FAULT_INJECTION
	unsigned int make_it_fail;	/* /proc/<pid>/make-it-fail (mm/fault_inject.c) */
	unsigned int fail_nth;		/* /proc/<pid>/task/<tid>/fail-nth (same) */
	bool fault_injected;		/* an allocation failed on purpose (same) */
#endif

	struct thread_struct thread;	/* saved CPU context: must be last */
};

/* The block the task_struct heads: used by current and the demos. */
union thread_union {
	struct task_struct task;
	unsigned long stack[THREAD_SIZE / sizeof(unsigned long)];
};

_Static_assert(sizeof(struct task_struct) <= THREAD_SIZE / 8,
	       "task_struct must stay a small fraction of the stack block");

extern union thread_union init_thread_union;
#define init_task (init_thread_union.task)

/*
 * current: the task running on this CPU, found from the stack pointer.
 * Mask rsp down to the base of its THREAD_SIZE block and follow the
 * header there. (Modern x86_64 Linux reads a per-CPU variable instead:
 * this_cpu_read(current_task), one instruction, independent of which
 * stack we are on. Taskbase keeps both and checks they agree; see
 * docs/concepts.md for the trade-off.)
 */
static inline struct thread_info *current_thread_info(void)
{
	unsigned long sp;

	__asm__ __volatile__("mov %%rsp, %0" : "=r"(sp));
	return (struct thread_info *)(sp & ~((unsigned long)THREAD_SIZE - 1));
}

static inline struct task_struct *get_current(void)
{
	return current_thread_info()->task;
}

#define current get_current()

/* Where the usable stack ends: the word just above the task_struct. */
static inline unsigned long *end_of_stack(const struct task_struct *p)
{
	return (unsigned long *)((char *)p->stack + sizeof(struct task_struct));
}

static inline unsigned long task_stack_top(const struct task_struct *p)
{
	return (unsigned long)p->stack + THREAD_SIZE;
}

/* Bytes of @p's stack that were never used (Linux's stack_not_used()). */
unsigned long stack_not_used(const struct task_struct *p);
/* High-water mark: the most of the stack @p has ever used, in bytes. */
unsigned long stack_used_max(const struct task_struct *p);

static inline bool task_stack_end_corrupted(const struct task_struct *p)
{
	return *end_of_stack(p) != STACK_END_MAGIC;
}

/* Linux's one-letter state ("R", "S", "D", "T", "Z", "X", "I"). */
char task_state_char(const struct task_struct *p);
const char *task_state_name(const struct task_struct *p);

static inline bool is_kthread(const struct task_struct *p)
{
	return p->flags & PF_KTHREAD;
}

static inline void set_tsk_need_resched(struct task_struct *p)
{
	set_bit(TIF_NEED_RESCHED, &p->thread_info.flags);
}

static inline void clear_tsk_need_resched(struct task_struct *p)
{
	clear_bit(TIF_NEED_RESCHED, &p->thread_info.flags);
}

static inline bool need_resched(void)
{
	return test_bit(TIF_NEED_RESCHED, &current->thread_info.flags);
}

#endif
