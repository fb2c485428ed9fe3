/*
 * The system calls that send or take a signal together with its siginfo
 * (Linux keeps them in kernel/signal.c, which here would pass 600 lines):
 * rt_sigqueueinfo(2) and rt_tgsigqueueinfo(2), behind sigqueue(3) and
 * pthread_sigqueue(3), and rt_sigtimedwait(2), behind sigwaitinfo(3),
 * sigtimedwait(3) and sigwait(3). What a signal carries is struct
 * ksiginfo (kernel/signal.h); kernel/signal.c keeps one per pending
 * signal and hands it to dequeue_signal()'s caller.
 */
#include "kernel/signal.h"
#include "kernel/pid.h"
#include "kernel/sched/sched.h"
#include "kernel/syscalls.h"
#include "kernel/tasklist.h"
#include "kernel/time/time_kernel.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"

#define UNBLOCKABLE (sigmask(SIGKILL) | sigmask(SIGSTOP))

/* The head of Linux's 128-byte siginfo_t as kill-like senders fill it. */
struct user_siginfo {
	int si_signo, si_errno, si_code, __pad;
	int si_pid;
	u32 si_uid;
	u64 si_value;
	char __rest[128 - 32];
};
_Static_assert(sizeof(struct user_siginfo) == 128, "Linux's siginfo_t");

/*
 * The info a queueing caller gave, from user @uinfo. Linux's rule: a
 * process may forge kill()'s or tkill()'s codes (si_code >= 0, SI_TKILL)
 * only for itself, so that nobody can pass for the kernel or kill(2)
 * in another process. 0 or -errno.
 */
static long copy_queue_info(pid_t tgid, const void __user *uinfo,
			    struct ksiginfo *info)
{
	struct user_siginfo u;

	if (copy_from_user(&u, uinfo, sizeof(u)))
		return -EFAULT;
	if ((u.si_code >= 0 || u.si_code == SI_TKILL) && tgid != current->tgid)
		return -EPERM;
	*info = (struct ksiginfo){ .from_sender = true, .si_code = u.si_code,
		.si_pid = u.si_pid, .si_uid = u.si_uid, .si_value = u.si_value };
	return 0;
}

/* Send @sig with @info to process @tgid, or (@tid > 0) to its thread @tid. */
static long queue_info(pid_t tgid, pid_t tid, int sig,
		       const struct ksiginfo *info)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *p = find_task_by_pid(tid > 0 ? tid : tgid);
	long ret = -ESRCH;

	if (p && p->signal && p->tgid == tgid && !p->exit_state) {
		ret = check_kill_permission(sig, p);	/* as kill(2) */
		if (!ret && sig)
			ret = send_sig_info(sig, info, tid > 0 ? p : p->group_leader,
					    tid <= 0);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/* rt_sigqueueinfo(2): @sig with the siginfo at @uinfo to process @tgid. */
long sys_rt_sigqueueinfo(pid_t tgid, int sig, const void __user *uinfo)
{
	struct ksiginfo info;
	long ret;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	ret = copy_queue_info(tgid, uinfo, &info);
	return ret ? ret : queue_info(tgid, 0, sig, &info);
}

/* rt_tgsigqueueinfo(2): the same, to thread @tid of process @tgid. */
long sys_rt_tgsigqueueinfo(pid_t tgid, pid_t tid, int sig,
			   const void __user *uinfo)
{
	struct ksiginfo info;
	long ret;

	if (tgid <= 0 || tid <= 0 || sig < 0 || sig > _NSIG)
		return -EINVAL;
	ret = copy_queue_info(tgid, uinfo, &info);
	return ret ? ret : queue_info(tgid, tid, sig, &info);
}

/* Write what current took, signal @sig with @info, to user @uinfo. */
static long put_siginfo(void __user *uinfo, int sig, const struct ksiginfo *info)
{
	struct user_siginfo u = { .si_signo = sig, .si_code = info->si_code,
		.si_pid = info->si_pid, .si_uid = info->si_uid,
		.si_value = info->si_value };

	return uinfo && copy_to_user(uinfo, &u, sizeof(u)) ? -EFAULT : 0;
}

/*
 * Sleep until a signal of @set is pending, another signal interrupts, or
 * @ticks run out (MAX_SCHEDULE_TIMEOUT: never). The signals of @set are
 * unblocked meanwhile, so that sending one wakes us; they are blocked
 * again before we return, and so never reach a handler. Ticks left.
 */
static u64 wait_for_set(u64 set, u64 ticks)
{
	struct task_struct *t = current;
	sigset_t saved;
	unsigned long flags = spin_lock_irqsave(&t->sighand->siglock);

	saved = t->blocked;
	t->blocked.sig &= ~set;
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
	set_current_state(TASK_INTERRUPTIBLE);
	if (!signal_pending(t))
		ticks = schedule_timeout(ticks);
	__set_current_state(TASK_RUNNING);
	flags = spin_lock_irqsave(&t->sighand->siglock);
	t->blocked = saved;
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
	return ticks;
}

/* rt_sigtimedwait(2): take a pending signal of @uthese (waiting up to
 * @uts, NULL: for ever) without running its handler; its number, with
 * its siginfo at @uinfo. -EAGAIN: timed out; -EINTR: another signal
 * came (a handler runs for it). */
long sys_rt_sigtimedwait(const sigset_t __user *uthese, void __user *uinfo,
			 const void __user *uts, u64 sigsetsize)
{
	struct ksiginfo info;
	u64 ticks = MAX_SCHEDULE_TIMEOUT;
	sigset_t these;
	long ret;
	int sig;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&these, uthese, sizeof(these)))
		return -EFAULT;
	these.sig &= ~UNBLOCKABLE;
	if (uts && (ret = timeout_to_ticks(uts, false, false, &ticks)))
		return ret;
	for (;;) {
		sig = dequeue_signal(these.sig, &info);
		if (sig || !ticks)
			break;
		if (signal_pending(current))	/* one outside @these */
			return -EINTR;
		ticks = wait_for_set(these.sig, ticks);
	}
	if (!sig)
		return -EAGAIN;
	ret = put_siginfo(uinfo, sig, &info);
	return ret ? ret : sig;
}
