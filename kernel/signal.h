/*
 * Signals, with Linux's numbers and x86_64 ABI structures.
 *
 * A process's threads share one signal_struct (process-wide state: the
 * process group and session, the controlling tty, resource limits,
 * signals sent to the whole process) and one sighand_struct (the handler
 * table). Each thread has its own blocked mask and its own pending set.
 * Pending signals are acted on when the thread returns to user mode:
 * default action (terminate, ignore, stop, continue) or a user handler
 * run on the user stack (or the sigaltstack) with a signal frame that
 * rt_sigreturn undoes.
 */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H

#include "kernel/locking/spinlock.h"
#include "kernel/task.h"
#include "kernel/time/cputime.h"
#include "kernel/time/timer.h"
#include "kernel/sched/wait.h"
#include "lib/errno.h"
#include "lib/refcount.h"

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPWR 30
#define SIGSYS 31
#define SIGRTMIN 32
#define _NSIG 64

#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO 0x00000004
#define SA_RESTORER 0x04000000
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000

#define SIG_DFL ((void __user *)0)
#define SIG_IGN ((void __user *)1)

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

#define SS_ONSTACK 1
#define SS_DISABLE 2

#define RLIMIT_CPU 0		/* seconds of CPU time (kernel/time/cputime.c) */
#define RLIMIT_FSIZE 1		/* bytes a write may reach (vfs_write()) */
#define RLIMIT_STACK 3
#define RLIMIT_CORE 4		/* bytes a core file may have (kernel/fs/exec/coredump.c) */
#define RLIMIT_NPROC 6
#define RLIMIT_NOFILE 7
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE 12	/* bytes of POSIX message queues per user (kernel/ipc/mqueue.c) */
#define RLIMIT_NICE 13		/* 20 - the lowest nice without root */
#define RLIMIT_RTPRIO 14	/* the highest rt priority without root */
#define RLIM_NLIMITS 16
#define RLIM_INFINITY (~0ul)

#ifndef __user
#define __user
#endif

static inline u64 sigmask(int sig)
{
	return 1ull << (sig - 1);
}

/* SIGKILL and SIGSTOP: no mask blocks them, no handler catches them. */
#define SIG_KERNEL_ONLY_MASK (sigmask(SIGKILL) | sigmask(SIGSTOP))

/* The layout rt_sigaction(2) uses on x86_64. */
struct k_sigaction {
	void __user *handler;
	unsigned long flags;
	void __user *restorer;
	sigset_t mask;
};

struct rlimit {
	u64 rlim_cur, rlim_max;
};

struct tty_struct;
struct k_itimer;

/*
 * What a pending signal carries besides its number (the part of Linux's
 * kernel_siginfo that a sender sets): kill(2) and friends record who sent
 * it, and the handler's siginfo_t (or rt_sigtimedwait's) reports it. One
 * per signal number and process: like Linux's standard signals, a signal
 * already pending is not queued again, and its first sender is the one
 * reported; a real-time signal sent again while pending queues with its
 * own sender (sigqueue_add()), as in Linux.
 */
struct ksiginfo {
	bool from_sender;		/* false: sent by the kernel itself */
	bool sigpoll;			/* O_ASYNC's F_SETSIG signal */
	int si_code;			/* SI_USER, SI_TKILL, SI_QUEUE, ... */
	union {
		struct {
			pid_t si_pid;	/* the sender's process */
			u32 si_uid;	/* the sender's real uid */
			u64 si_value;	/* sigqueue(3)'s value */
		};
		struct {		/* sigpoll */
			int si_fd;	/* the descriptor */
			long si_band;	/* its poll events (EPOLL*) */
		};
		struct {		/* SIGSYS, SYS_SECCOMP (kernel/sys/seccomp.c) */
			u64 si_call_addr;	/* just past the syscall */
			int si_syscall;		/* its number */
			int si_errno;		/* the filter's data */
		};
	};
};

/* How a POSIX timer or a message queue tells of an event: Linux's
 * struct sigevent on x86_64 (64 bytes) and its sigev_notify values. */
#define SIGEV_SIGNAL 0
#define SIGEV_NONE 1
#define SIGEV_THREAD 2		/* the C library's: a signal for timers,
				 * a netlink cookie for mq_notify */
#define SIGEV_THREAD_ID 4
struct sigevent {
	u64 sigev_value;
	int sigev_signo;
	int sigev_notify;
	int sigev_notify_thread_id;
	char __pad[64 - 20];
};

#define SI_USER 0			/* si_code: kill(2) */
#define SI_KERNEL 0x80			/* the kernel */
#define SYS_SECCOMP 1			/* si_code of seccomp's SIGSYS */
#define SI_QUEUE (-1)			/* sigqueue(3) */
#define SI_TKILL (-6)			/* tkill(2), tgkill(2) */
#define SI_TIMER (-2)			/* a POSIX timer: si_pid holds its
					 * id, si_uid its overruns (Linux's
					 * si_tid and si_overrun) */
#define POLL_IN 1			/* si_code of O_ASYNC's signal: input */
#define POLL_OUT 2			/* room for output */
#define POLL_MSG 3
#define POLL_ERR 4
#define POLL_PRI 5
#define POLL_HUP 6

/* What getrusage(2) and wait4(2) report, summed (kernel/sys.c): CPU
 * time in ticks, page faults, context switches, resident KiB at most. */
struct rusage_sum {
	u64 utime, stime, min_flt, maj_flt, nvcsw, nivcsw, maxrss;
};

/* The usage wait4 reports for @p: its process's threads and its reaped
 * children (kernel/sys.c). tasklist_lock held. */
void task_rusage(struct task_struct *p, struct rusage_sum *s);
/* current reaps zombie @p: add its usage to current's RUSAGE_CHILDREN,
 * and put it in *@s if @s is not NULL. */
void reap_rusage(struct task_struct *p, struct rusage_sum *s);
/* Copy @s out as a struct rusage; 0 or -EFAULT. */
long put_rusage(const struct rusage_sum *s, void __user *ru);

/* Process-wide signal state, shared by the threads of a process. */
struct signal_struct {
	refcount_t count;		/* references (threads) */
	int nr_threads;			/* leader + its thread_group list;
					 * tasklist_lock held to change */
	atomic_t live;			/* threads not yet past do_exit()'s
					 * group_dead() */
	pid_t pgrp;			/* process group */
	pid_t session;
	struct tty_struct *tty;		/* controlling terminal, or NULL */
	sigset_t shared_pending;	/* sent to the process, any thread */
	bool group_exit;		/* exit_group in progress */
	struct task_struct *group_exec_task;	/* its execve kills the
					 * other threads (de_thread()) */
	int group_exit_code;
	int stop_state;			/* stopped by this signal, or 0 */
	int stop_reported;		/* wait4(WUNTRACED) has seen it */
	int continued;			/* SIGCONT since, for WCONTINUED */
	bool is_child_subreaper;	/* prctl PR_SET_CHILD_SUBREAPER */
	struct rlimit rlim[RLIM_NLIMITS];
	struct timer_list real_timer;	/* ITIMER_REAL: sends SIGALRM */
	u64 it_real_expires;		/* ktime ns it fires at, 0: off */
	u64 it_real_incr;		/* ns between repeats, 0: once */
	struct task_struct *leader;	/* whom real_timer signals */
	struct cpu_itimer it[2];	/* ITIMER_VIRTUAL, ITIMER_PROF; siglock */
	struct k_itimer *posix_timers;	/* timer_create()'s (posix_timers.c) */
	int nr_posix_timers, next_posix_timer_id;
	u64 utime, stime;		/* ticks of all its threads, the exited
					 * ones too (kernel/time/cputime.c) */
	u64 info_set;			/* bit sig - 1: info[] holds its sender */
	struct ksiginfo info[_NSIG];	/* siglock held */
	struct sigqueue *rt_queue;	/* real-time signals pending again
					 * (kernel/sigqueue.c); siglock held */
	u64 rt_queued;			/* entries on it (RLIMIT_SIGPENDING) */
	struct wait_queue_head wait_chldexit;	/* its threads in wait4()
					 * and waitid() (__wake_up_parent()) */
	struct rusage_sum cusage;	/* reaped children's and theirs
					 * (RUSAGE_CHILDREN); tasklist_lock */
	u64 maxrss;			/* KiB resident as its mms went */
	int oom_score_adj;		/* -1000..1000 (kernel/mm/oom.h):
					 * /proc/<pid>/oom_score_adj; fork
					 * copies it */
	int oom_score_adj_min;		/* lower needs CAP_SYS_RESOURCE */
};

/* The handler table, shared by CLONE_SIGHAND threads. */
struct sighand_struct {
	refcount_t count;		/* references (CLONE_SIGHAND threads) */
	spinlock_t siglock;
	struct k_sigaction action[_NSIG];
};

/* Queue @sig for thread @p (kill of a thread, faults). 0 or -errno. */
int send_sig(int sig, struct task_struct *p);
/* Queue @sig for the process of @p (kill(2) of a process). */
int send_sig_process(int sig, struct task_struct *p);
/* Would @p drop @sig at once if sent now (ignored, not blocked, not
 * traced)? siglock makes the answer final; without it, a hint. */
bool sig_ignored(struct task_struct *p, int sig);
/* Queue @sig with sender @info (NULL: the kernel's) for process @p
 * (@group) or thread @p. 0 or -errno. */
int send_sig_info(int sig, const struct ksiginfo *info, struct task_struct *p,
		  bool group);
/* The info kill(2) (SI_USER) or tkill(2) (SI_TKILL) sends from current. */
struct ksiginfo sender_info(int si_code);
/*
 * Real-time signals queue (kernel/sigqueue.c): a real-time signal sent
 * while already pending to the same target (@thread, NULL: the process)
 * waits on s->rt_queue with its own siginfo. siglock held for all three.
 * sigqueue_add() fails (false) past RLIMIT_SIGPENDING or out of memory.
 */
bool sigqueue_add(struct signal_struct *s, struct task_struct *thread, int sig,
		  const struct ksiginfo *info);
/* The next queued @sig of @thread into *@info, unqueued; false if none. */
bool sigqueue_take(struct signal_struct *s, struct task_struct *thread, int sig,
		   struct ksiginfo *info);
/* Free what is still queued (the process is gone; no lock needed). */
void sigqueue_flush(struct signal_struct *s);
/* Signal @info of @s was just taken: if a POSIX timer sent it, give it
 * the timer's overrun count and let the timer signal again
 * (kernel/time/posix_timers.c). siglock held. */
void posixtimer_dequeued(struct signal_struct *s, struct ksiginfo *info);
/* @sig is pending no more in @p's process: not for it, not for any of
 * its threads, and nothing queued (rt_sigaction's SIG_IGN). siglock held. */
void sigqueue_discard(struct task_struct *p, int sig);

#define CLD_EXITED 1		/* si_code of SIGCHLD */
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_TRAPPED 4		/* a ptrace stop */
#define CLD_STOPPED 5
#define CLD_CONTINUED 6

/* waitid(2)'s siginfo_t: the SIGCHLD fields of Linux's 128 bytes. */
struct waitid_info {
	int si_signo, si_errno, si_code, __pad;
	int si_pid;
	u32 si_uid;
	int si_status;
	int __pad2;
	long si_utime, si_stime;
	char __rest[128 - 48];
};
_Static_assert(sizeof(struct waitid_info) == 128, "Linux's siginfo_t");

/* Fill *@info with what waitid(2) reports for wait status @status of
 * child @pid, owned by @uid (kernel/sigqueue.c). */
void wait_status_to_info(pid_t pid, u32 uid, int status,
			 struct waitid_info *info);
/* What the parent's SIGCHLD says about process @c with wait status
 * @status (the siginfo a handler gets; waitid reports the same). */
struct ksiginfo chld_info(struct task_struct *c, int status);

/* A signal was sent: wake signalfd readers (kernel/fs/anon/signalfd.c). */
void signalfd_notify(void);
/* Take the lowest pending signal of current in @mask (its own first),
 * with its sender in *@info; 0 if none. */
int dequeue_signal(u64 mask, struct ksiginfo *info);
/* A signal mask from user @uset of @size bytes (the system calls'
 * sigsetsize), SIGKILL and SIGSTOP left out. 0, -EINVAL or -EFAULT. */
long copy_sigset_from_user(sigset_t *set, const sigset_t __user *uset,
			   u64 size);
/* Block @m (already without SIGKILL and SIGSTOP) for a wait: the old mask
 * is saved, and the return to user mode puts it back after any handler's
 * frame has recorded it (rt_sigsuspend, ppoll, pselect6). Takes siglock. */
void set_restore_blocked(sigset_t m);
/* Send @sig to every process in group @pgrp (tty Ctrl-C). 0 or -ESRCH. */
int kill_pgrp(pid_t pgrp, int sig);
/* May current send @sig to process @p, as kill(2) asks (matching ids,
 * kill_ok_by_cred(), or SIGCONT within a session)? 0 or -EPERM. */
int check_kill_permission(int sig, struct task_struct *p);
/* A fault in user mode: deliver @sig, unblocked and not ignorable. */
void force_sig(int sig);
/* The same with the kernel's @info (NULL: none) for current; @fatal: the
 * default action even if a handler is installed (Linux's HANDLER_EXIT). */
void force_sig_info(int sig, const struct ksiginfo *info, bool fatal);
/* execve and clone3's CLONE_CLEAR_SIGHAND: every caught signal of @t's
 * handler table back to SIG_DFL, flags and masks cleared; SIG_IGN stays. */
void flush_signal_handlers(struct task_struct *t);
/* True when @p has an unblocked signal pending (interrupt its sleep). */
bool signal_pending(struct task_struct *p);
/* A fatal signal (SIGKILL) is pending for @p. */
bool fatal_signal_pending(struct task_struct *p);
/* execve: SIGKILL every other thread of current's process, which exit
 * alone (no group exit); 0, or -EAGAIN if the process is already dying
 * or exec'ing. tasklist_lock must not be held. */
int zap_other_threads(void);
/* The whole process exits with @code (exit_group, fatal signals). */
__noreturn void do_group_exit(int code);
/* Tell @leader's parent the process stopped with @sig (wait4 WUNTRACED;
 * kernel/exit.c). */
void notify_parent_stopped(struct task_struct *leader, int sig);
/* Work due before returning to user mode with @regs: rescheduling,
 * signals, stops (the arch's interrupt exit calls it). */
void exit_to_user_mode(struct pt_regs *regs);

/*
 * Sleep until @cond, or until a signal arrives: 0, or -ERESTARTSYS
 * (turned into -EINTR, or a restart with SA_RESTART, on the way out).
 */
#define wait_event_interruptible(wq, cond)                              \
	({                                                              \
		DEFINE_WAIT(__w); \
		int __ret = 0;                                          \
		might_sleep();                                          \
		for (;;) {                                              \
			prepare_to_wait(&(wq), &__w, TASK_INTERRUPTIBLE); \
			if (cond)                                       \
				break;                                  \
			if (signal_pending(current)) {                  \
				__ret = -ERESTARTSYS;                   \
				break;                                  \
			}                                               \
			schedule();                                     \
		}                                                       \
		finish_wait(&(wq), &__w);                               \
		__ret;                                                  \
	})

#endif
