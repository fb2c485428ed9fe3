/*
 * Signals (see signal.h): sending, default actions, stopping and
 * continuing, and the work done on every return to user mode.
 *
 * Locking: a process's sighand->siglock protects the pending sets, the
 * blocked masks and the handler table of all its threads.
 */
#include "kernel/ns/pid_namespace.h"
#include "kernel/signal.h"
#include "kernel/sched/rseq.h"
#include "asm/irqflags.h"
#include "asm/processor.h"
#include "kernel/task.h"
#include "asm/signal.h"
#include "kernel/cred.h"
#include "kernel/exit.h"
#include "kernel/fs/coredump.h"
#include "kernel/keys/keys.h"
#include "kernel/pid.h"
#include "kernel/ptrace.h"
#include "kernel/uaccess.h"
#include "kernel/printk/printk.h"
#include "kernel/sched/sched.h"
#include "kernel/tasklist.h"
#include "kernel/time/cputime.h"
#include "lib/bug.h"
#include "lib/errno.h"
#include "kernel/locking/lockdep.h"
#include "kernel/module/module.h"

#define ERESTARTNOHAND 514
#define STOP_SIGS (sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | \
		   sigmask(SIGTTOU))
#define IGNORE_SIGS (sigmask(SIGCHLD) | sigmask(SIGURG) | sigmask(SIGWINCH) | \
		     sigmask(SIGCONT))

static bool sig_default_ignored(int sig)
{
	return IGNORE_SIGS & sigmask(sig);
}

static bool sig_default_stops(int sig)
{
	return STOP_SIGS & sigmask(sig);
}

static struct k_sigaction *action_of(struct task_struct *p, int sig)
{
	return &p->sighand->action[sig - 1];
}

/* Would @p ignore @sig right now? (Blocked signals are kept.) */
bool sig_ignored(struct task_struct *p, int sig)
{
	void *h = action_of(p, sig)->handler;

	if (((p->blocked.sig | p->real_blocked.sig) & sigmask(sig)) ||
	    (p->ptrace && sig != SIGKILL))
		return false;		/* kept; a tracer sees every signal */
	return h == SIG_IGN || (h == SIG_DFL && sig_default_ignored(sig));
}

/* Get @t's attention: wake it if it sleeps interruptibly (or is stopped,
 * for SIGKILL and SIGCONT); make it enter the kernel if it runs. */
static void signal_wake_up(struct task_struct *t, bool resume)
{
	unsigned int state = TASK_INTERRUPTIBLE |
			     (resume ? __TASK_STOPPED | __TASK_TRACED : 0);

	if (!wake_up_state(t, state) && READ_ONCE(t->on_cpu) && t != current)
		arch_send_reschedule(t->cpu);
}

/* SIGCONT resumes a stopped process and drops pending stops; a stop
 * signal drops a pending SIGCONT. siglock held. */
static void prepare_stop_cont(struct task_struct *p, int sig)
{
	struct task_struct *t;

	lockdep_assert_held(&p->sighand->siglock);
	if (sig == SIGCONT) {
		if (p->signal->stop_state)
			p->signal->continued = 1;
		p->signal->stop_state = 0;
		p->signal->shared_pending.sig &= ~STOP_SIGS;
		for_each_thread(p->group_leader, t) {
			t->pending.sig &= ~STOP_SIGS;
			signal_wake_up(t, true);
		}
	} else if (sig_default_stops(sig)) {
		p->signal->shared_pending.sig &= ~sigmask(SIGCONT);
		for_each_thread(p->group_leader, t)
			t->pending.sig &= ~sigmask(SIGCONT);
	}
}

/* Init gets only the signals it handles (traced: all but SIGKILL, Linux);
 * a nested pid namespace's, also SIGKILL/SIGSTOP from outside it. */
static bool init_protected(struct task_struct *p, int sig)
{
	if (action_of(p, sig)->handler != SIG_DFL || !is_child_reaper(p))
		return false;
	if (p->group_leader == child_reaper)
		return !p->ptrace || sig == SIGKILL;
	return !sig_from_outer_pid_ns(p, sig);
}

/* Remember who sent @sig, unless it is already pending in @set (its
 * first sender stays). siglock held. */
static void record_info(struct signal_struct *s, u64 set, int sig,
			const struct ksiginfo *info)
{
	if (set & sigmask(sig))
		return;
	if (info) {
		s->info[sig - 1] = *info;
		s->info_set |= sigmask(sig);
	} else {
		s->info_set &= ~sigmask(sig);
	}
}

/*
 * Mark @sig pending in @set (@thread's, or the process's for NULL) with
 * its sender. A real-time signal already pending queues once more, as
 * Linux queues each one; past RLIMIT_SIGPENDING a sender that gave a
 * siginfo (sigqueue) hears -EAGAIN, kill()'s is dropped. siglock held.
 */
static int mark_pending(struct signal_struct *s, sigset_t *set,
			struct task_struct *thread, int sig,
			const struct ksiginfo *info)
{
	bool asked = info && info->si_code != SI_USER;	/* can hear EAGAIN */

	if (sig >= SIGRTMIN && (set->sig & sigmask(sig)))
		return sigqueue_add(s, thread, sig, info) || !asked ? 0 : -EAGAIN;
	/* The first instance counts against the limit too (tgkill02). */
	if (sig >= SIGRTMIN && asked &&
	    s->rt_queued >= s->rlim[RLIMIT_SIGPENDING].rlim_cur)
		return -EAGAIN;
	record_info(s, set->sig, sig, info);
	set->sig |= sigmask(sig);
	return 0;
}

static int send_signal(int sig, const struct ksiginfo *info,
		       struct task_struct *p, bool group, bool force)
{
	struct task_struct *t;
	struct ksiginfo local;
	unsigned long flags;
	int ret = 0;

	if (sig < 1 || sig > _NSIG)
		return -EINVAL;
	if (!p->sighand || !p->signal)
		return -ESRCH;		/* a kernel thread */
	info = siginfo_for_pid_ns(info, p, &local);
	flags = spin_lock_irqsave(&p->sighand->siglock);
	/* A dying process takes no more signals; nor does an exited thread
	 * (but its process may, through its other threads). */
	if (p->signal->group_exit || (group ? process_dead(p) : p->exit_state))
		goto out;
	prepare_stop_cont(p, sig);
	if (!force && (sig_ignored(p, sig) || init_protected(p, sig)))
		goto out;
	if (sig == SIGKILL) {
		/* SIGKILL takes the whole process, whatever it blocks. */
		for_each_thread(p->group_leader, t) {
			if (t->exit_state)
				continue;
			t->pending.sig |= sigmask(SIGKILL);
			signal_wake_up(t, true);
		}
	} else if (group) {
		ret = mark_pending(p->signal, &p->signal->shared_pending, NULL,
				   sig, info);
		for_each_thread(p->group_leader, t)
			if (!t->exit_state && !(t->blocked.sig & sigmask(sig))) {
				signal_wake_up(t, sig == SIGCONT);
				break;
			}
	} else {
		ret = mark_pending(p->signal, &p->pending, p, sig, info);
		signal_wake_up(p, sig == SIGCONT);
	}
out:
	spin_unlock_irqrestore(&p->sighand->siglock, flags);
	signalfd_notify();	/* a blocked signal wakes signalfd readers */
	return ret;
}

int send_sig(int sig, struct task_struct *p)
{
	return send_signal(sig, NULL, p, false, false);
}

int send_sig_process(int sig, struct task_struct *p)
{
	return send_signal(sig, NULL, p, true, false);
}

int check_kill_permission(int sig, struct task_struct *p)
{
	if (kill_ok_by_cred(p) ||
	    (sig == SIGCONT && p->signal->session == current->signal->session))
		return 0;
	return -EPERM;
}

int send_sig_info(int sig, const struct ksiginfo *info, struct task_struct *p,
		  bool group)
{
	return send_signal(sig, info, p, group, false);
}

struct ksiginfo sender_info(int si_code)
{
	return (struct ksiginfo){
		.from_sender = true, .si_code = si_code, .si_pid = current->tgid,
		.si_uid = current->real_cred ? current->real_cred->uid.val : 0,
	};
}

/* Send @sig with sender @info (NULL: the kernel) to process group @pgrp;
 * when @check, only to the members current may signal (kill(2)): -EPERM
 * if every member refuses, -ESRCH if there is none. */
static int __kill_pgrp(pid_t pgrp, int sig, const struct ksiginfo *info,
		       bool check)
{
	struct task_struct *p;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	int ret = -ESRCH, err;

	for_each_process(p) {
		if (!p->signal || p->signal->pgrp != pgrp || process_dead(p))
			continue;
		err = check ? check_kill_permission(sig, p) : 0;
		if (!err && sig)
			send_sig_info(sig, info, p, true);
		if (ret)
			ret = err;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

int kill_pgrp(pid_t pgrp, int sig)
{
	return __kill_pgrp(pgrp, sig, NULL, false);
}

void force_sig_info(int sig, const struct ksiginfo *info, bool fatal)
{
	struct task_struct *t = current;
	struct k_sigaction *ka = action_of(t, sig);
	unsigned long flags = spin_lock_irqsave(&t->sighand->siglock);

	/* A fault cannot be blocked or ignored away: it would loop forever. */
	if (fatal || ka->handler == SIG_IGN || (t->blocked.sig & sigmask(sig)))
		ka->handler = SIG_DFL;
	t->blocked.sig &= ~sigmask(sig);
	record_info(t->signal, 0, sig, info);	/* the kernel's, not a sender's */
	t->pending.sig |= sigmask(sig);
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
}

void force_sig(int sig)
{
	force_sig_info(sig, NULL, false);
}

void flush_signal_handlers(struct task_struct *t)
{
	for (int i = 0; i < _NSIG; i++) {
		struct k_sigaction *ka = &t->sighand->action[i];

		*ka = (struct k_sigaction){
			.handler = ka->handler == SIG_IGN ? SIG_IGN : SIG_DFL };
	}
}

/* signal_pending(), inline for exit_work_pending() on every return. */
static inline bool __signal_pending(const struct task_struct *p)
{
	const struct signal_struct *s = p->signal;

	if (s && (((p->pending.sig | s->shared_pending.sig) & ~p->blocked.sig) ||
		  s->group_exit))
		return true;
	return ptrace_trap_pending(p);
}

bool signal_pending(struct task_struct *p)
{
	return __signal_pending(p);
}
EXPORT_SYMBOL(signal_pending);

bool fatal_signal_pending(struct task_struct *p)
{
	return (p->pending.sig & sigmask(SIGKILL)) ||
	       (p->signal && p->signal->group_exit);
}
EXPORT_SYMBOL(fatal_signal_pending);

int dequeue_signal(u64 mask, struct ksiginfo *info)
{
	struct task_struct *t = current;
	struct signal_struct *s = t->signal;
	unsigned long flags = spin_lock_irqsave(&t->sighand->siglock);
	u64 mine = t->pending.sig & mask;
	u64 shared = s->shared_pending.sig & mask;
	u64 pick = mine ? mine : shared;
	int sig = 0;

	*info = (struct ksiginfo){ .si_code = SI_KERNEL };
	if (pick) {
		sig = __builtin_ctzll(pick) + 1;
		if (mine)
			t->pending.sig &= ~sigmask(sig);
		else
			s->shared_pending.sig &= ~sigmask(sig);
		if (s->info_set & sigmask(sig))
			*info = s->info[sig - 1];
		s->info_set &= ~sigmask(sig);
		posixtimer_dequeued(s, info);
		/* A real-time signal queued again is pending once more,
		 * with the next sender. */
		if (sig >= SIGRTMIN &&
		    sigqueue_take(s, mine ? t : NULL, sig, &s->info[sig - 1])) {
			s->info_set |= sigmask(sig);
			if (mine)
				t->pending.sig |= sigmask(sig);
			else
				s->shared_pending.sig |= sigmask(sig);
		}
	}
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
	return sig;
}

void do_group_exit(int code)
{
	struct signal_struct *sig = current->signal;
	struct task_struct *t;
	/* tasklist_lock keeps the other threads from being freed meanwhile;
	 * the order (tasklist_lock, then siglock) is kill()'s too. */
	unsigned long tl = spin_lock_irqsave(&tasklist_lock);
	unsigned long flags = spin_lock_irqsave(&current->sighand->siglock);

	if (sig->group_exec_task && sig->group_exec_task != current) {
		code = SIGKILL;		/* killed by another thread's exec */
	} else if (!sig->group_exit) {
		sig->group_exit = true;
		sig->group_exit_code = code;
		for_each_thread(current->group_leader, t) {
			if (t == current)
				continue;
			t->pending.sig |= sigmask(SIGKILL);
			signal_wake_up(t, true);
		}
	}
	if (sig->group_exit)
		code = sig->group_exit_code;
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
	spin_unlock_irqrestore(&tasklist_lock, tl);
	do_exit(code);
}

int zap_other_threads(void)
{
	struct signal_struct *sig = current->signal;
	unsigned long tl = spin_lock_irqsave(&tasklist_lock);
	unsigned long flags = spin_lock_irqsave(&current->sighand->siglock);
	struct task_struct *t;
	int ret = -EAGAIN;

	if (!sig->group_exit && !sig->group_exec_task) {
		sig->group_exec_task = current;
		for_each_thread(current->group_leader, t) {
			if (t == current || t->exit_state)
				continue;
			t->pending.sig |= sigmask(SIGKILL);
			signal_wake_up(t, true);
		}
		ret = 0;
	}
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
	spin_unlock_irqrestore(&tasklist_lock, tl);
	return ret;
}

/* Stop here until SIGCONT (job control). The parent can see it in wait4. */
static void do_signal_stop(int sig)
{
	struct signal_struct *s = current->signal;

	if (!s->stop_state) {
		s->stop_state = sig;
		notify_parent_stopped(current->group_leader, sig);
	}
	if (current->ptrace) {
		ptrace_group_stop(s->stop_state);	/* stop for the tracer */
		return;
	}
	set_current_state(__TASK_STOPPED);
	if (s->stop_state && !fatal_signal_pending(current))
		schedule();
	__set_current_state(TASK_RUNNING);
}

/* The default action for @sig: ignore, stop, or terminate the process;
 * wait4's status is the signal number, with WCOREFLAG if a core was
 * written (kernel/fs/exec/coredump.c). */
static void default_action(int sig, const struct ksiginfo *info)
{
	if (sig_default_ignored(sig))
		return;
	if (sig_default_stops(sig))
		do_signal_stop(sig);
	else if (sigmask(sig) & SIG_COREDUMP_MASK)
		do_group_exit(do_coredump(sig, info) ? sig | WCOREFLAG : sig);
	else
		do_group_exit(sig);
}

/* One round of signal work: true when a handler frame was set up. */
static bool do_signal(struct pt_regs *regs)
{
	struct ksiginfo info;
	int sig;

	if (current->signal->group_exit)
		do_exit(current->signal->group_exit_code);
	if (ptrace_trap_pending(current))
		ptrace_do_trap();
	if (group_stop_due(current))
		do_signal_stop(current->signal->stop_state);
	while ((sig = ptrace_dequeue_signal(~current->blocked.sig, &info))) {
		struct k_sigaction *ka = action_of(current, sig);

		if (ka->handler == SIG_IGN)
			continue;
		if (ka->handler == SIG_DFL) {
			default_action(sig, &info);
			continue;
		}
		rseq_signal_deliver(regs);	/* the frame gets the abort ip */
		handle_signal(sig, &info, ka, regs);
		return true;
	}
	syscall_restart_no_handler(regs);
	return false;
}

/* The work exit_to_user_mode() found: reschedule, signals, the checks. */
static void __attribute__((noinline)) exit_to_user_mode_loop(struct pt_regs *regs)
{
	for (;;) {
		if (need_resched()) {
			preempt_schedule_irq();
			continue;
		}
		if (current->replacement_session_keyring) {
			arch_local_irq_enable();
			key_change_session_keyring();
			arch_local_irq_disable();
			continue;
		}
		if (READ_ONCE(current->cputimer_due) || rseq_work_pending(current)) {
			arch_local_irq_enable();	/* locks; rseq may fault */
			if (READ_ONCE(current->cputimer_due))
				handle_cpu_timers(current);
			else
				rseq_handle_notify_resume(regs);
			arch_local_irq_disable();
			continue;
		}
		if (!signal_pending(current) && !group_stop_due(current))
			break;
		arch_local_irq_enable();
		do_signal(regs);
		arch_local_irq_disable();
	}
	if (current->restore_sigmask) {	/* rt_sigsuspend, no handler ran */
		current->blocked = current->saved_sigmask;
		current->restore_sigmask = false;
	}
	/*
	 * iretq to a non-canonical rip faults in ring 0: a bad handler address
	 * or a forged signal frame must not get that far. Kill the process
	 * instead, as Linux's "bad iret" fixup ends up doing.
	 */
	if (unlikely(regs->rip >= TASK_SIZE_MAX)) {
		pr_info("%s[%d]: return to non-canonical or kernel address %lx: "
			"killed\n", current->comm, current->pid,
			(unsigned long)regs->rip);
		arch_local_irq_enable();
		do_group_exit(SIGSEGV);
	}
}

/*
 * Is there anything to do before @t returns to user mode with @regs? The
 * same conditions the loop acts on, tested once: the usual answer is no,
 * and then the return costs a handful of instructions.
 */
static inline bool exit_work_pending(struct task_struct *t,
				     const struct pt_regs *regs)
{
	return need_resched() || __signal_pending(t) || rseq_work_pending(t) ||
	       group_stop_due(t) || t->replacement_session_keyring ||
	       READ_ONCE(t->cputimer_due) || t->restore_sigmask ||
	       regs->rip >= TASK_SIZE_MAX;
}

void exit_to_user_mode(struct pt_regs *regs)
{
	if (unlikely(exit_work_pending(current, regs)))
		exit_to_user_mode_loop(regs);
}

/* ---- system calls ---- */

long sys_kill(pid_t pid, int sig)
{
	struct ksiginfo info = sender_info(SI_USER);
	unsigned long flags;
	struct task_struct *p;
	long ret = -ESRCH;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	/* -INT_MIN is undefined (UBSAN says so); no group has that id. */
	if (pid == -__INT_MAX__ - 1)
		return -ESRCH;
	flags = spin_lock_irqsave(&tasklist_lock);
	if (pid < -1 || pid == 0) {	/* a group of our pid namespace */
		pid = pid ? global_pid_of_vnr(-pid) : current->signal->pgrp;
		spin_unlock_irqrestore(&tasklist_lock, flags);
		return __kill_pgrp(pid, sig, &info, true);
	}
	if (pid == -1) {
		/* All we can see but our own init and us, as Linux: a
		 * nested namespace's init is just a process from here. */
		for_each_process(p) {
			if (p == current->group_leader || !p->signal ||
			    task_tgid_vnr(p) <= 1)
				continue;
			ret = 0;	/* refusals do not count */
			if (sig && !check_kill_permission(sig, p))
				send_sig_info(sig, &info, p, true);
		}
	} else {
		p = find_task_by_vpid(pid);
		if (p && p->signal && !process_dead(p)) {
			ret = check_kill_permission(sig, p);
			if (!ret && sig)
				ret = send_sig_info(sig, &info, p->group_leader,
						    true);
		} else if (p) {
			ret = 0;	/* a zombie exists, ignores signals */
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/* rt_sigaction(2): read and/or set the handler of @sig for current's
 * process; setting SIG_IGN drops what is pending. SIGKILL/SIGSTOP are fixed. */
long sys_rt_sigaction(int sig, const struct k_sigaction __user *act,
		      struct k_sigaction __user *oact, u64 sigsetsize)
{
	struct k_sigaction new, old;
	unsigned long flags;

	if (sigsetsize != sizeof(sigset_t) || sig < 1 || sig > _NSIG)
		return -EINVAL;
	if (act && copy_from_user(&new, act, sizeof(new)))
		return -EFAULT;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	flags = spin_lock_irqsave(&current->sighand->siglock);
	old = current->sighand->action[sig - 1];
	if (act) {
		new.mask.sig &= ~SIG_KERNEL_ONLY_MASK;
		current->sighand->action[sig - 1] = new;
		/* POSIX: SIG_IGN drops what is pending, blocked or not. */
		if (new.handler == SIG_IGN ||
		    (new.handler == SIG_DFL && sig_default_ignored(sig)))
			sigqueue_discard(current, sig);
	}
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
	if (oact && copy_to_user(oact, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
