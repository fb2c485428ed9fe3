/*
 * The system calls that send or take a signal together with its siginfo
 * (Linux keeps them in kernel/signal.c, which here would pass 600 lines):
 * rt_sigqueueinfo(2) and rt_tgsigqueueinfo(2), behind sigqueue(3) and
 * pthread_sigqueue(3), and rt_sigtimedwait(2), behind sigwaitinfo(3),
 * sigtimedwait(3) and sigwait(3), the calls that set the mask
 * (rt_sigprocmask), wait for any signal (pause, rt_sigsuspend) or list
 * the pending ones (rt_sigpending), the queue of real-time signals sent
 * again while pending, and the siginfo of SIGCHLD and waitid(2)
 * (chld_info(), wait_status_to_info()). What a signal carries is struct
 * ksiginfo (kernel/signal.h); kernel/signal.c keeps one per pending
 * signal and hands it to dequeue_signal()'s caller. tkill(2) and
 * tgkill(2) are here too, next to rt_tgsigqueueinfo.
 */
#include "kernel/ns/pid_namespace.h"
#include "kernel/signal.h"
#include "kernel/cred.h"
#include "kernel/mm/slab.h"
#include "kernel/fork.h"
#include "kernel/pid.h"
#include "kernel/pidfd.h"
#include "kernel/sched/sched.h"
#include "kernel/syscalls.h"
#include "kernel/tasklist.h"
#include "kernel/locking/lockdep.h"
#include "kernel/time/time_kernel.h"
#include "kernel/uaccess.h"
#include "lib/err.h"
#include "lib/errno.h"

/* The head of Linux's 128-byte siginfo_t as kill-like senders fill it,
 * or O_ASYNC's signal (si_band, si_fd). */
struct user_siginfo {
	int si_signo, si_errno, si_code, __pad;
	union {
		struct {
			int si_pid;
			u32 si_uid;
			u64 si_value;
		};
		struct {
			long si_band;
			int si_fd;
		};
	};
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
	if ((u.si_code >= 0 || u.si_code == SI_TKILL) && tgid != task_tgid_vnr(current))
		return -EPERM;
	*info = (struct ksiginfo){ .from_sender = true, .si_code = u.si_code,
		.si_pid = u.si_pid, .si_uid = u.si_uid, .si_value = u.si_value };
	return 0;
}

/* Send @sig with @info to the process of task @tgid (as Linux, any
 * thread's id names its process), or (@tid > 0) to thread @tid of
 * process @tgid. */
static long queue_info(pid_t tgid, pid_t tid, int sig,
		       const struct ksiginfo *info)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *p = find_task_by_vpid(tid > 0 ? tid : tgid);
	long ret = -ESRCH;

	if (p && p->signal && (tid <= 0 || task_tgid_vnr(p) == tgid) &&
	    !p->exit_state) {
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

/*
 * Send @sig with @info to process @p (a pidfd's, pinned): ESRCH once it
 * is reaped, 0 for a zombie (it ignores signals, as kill(2) says), else
 * kill(2)'s permission check.
 */
static long queue_info_task(struct task_struct *p, int sig,
			    const struct ksiginfo *info)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	long ret = 0;

	if (!pid_alive(p))
		ret = -ESRCH;
	else if (p->signal && !process_dead(p))
		ret = check_kill_permission(sig, p);
	else
		sig = 0;
	if (!ret && sig)
		ret = send_sig_info(sig, info, p, true);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/*
 * pidfd_send_signal(2): @sig to the process @pidfd names (a pidfd or an
 * open /proc/<tgid> directory), with the siginfo at @uinfo under
 * rt_sigqueueinfo's rules (its si_signo must be @sig), or kill(2)'s
 * (@uinfo NULL). No flags yet.
 */
long sys_pidfd_send_signal(int pidfd, int sig, const void __user *uinfo,
			   unsigned int flags)
{
	struct ksiginfo info = sender_info(SI_USER);
	struct task_struct *p;
	long ret = 0;

	if (flags)
		return -EINVAL;
	p = pidfd_get_task(pidfd, true, NULL);
	if (IS_ERR(p))
		return PTR_ERR(p);
	if (sig < 0 || sig > _NSIG)
		ret = -EINVAL;
	else if (uinfo) {
		int signo;

		ret = get_user_u32((u32 *)&signo, (const u32 __user *)uinfo);
		ret = ret ? -EFAULT : signo != sig ? -EINVAL :
		      copy_queue_info(task_tgid_vnr(p), uinfo, &info);
	}
	if (!ret)
		ret = queue_info_task(p, sig, &info);
	put_task_struct(p);
	return ret;
}

/* ---- the queue of real-time signals ---- */

/*
 * Linux queues every real-time signal with its own siginfo. Taskbase
 * keeps the first pending instance as it keeps every signal (the bit in
 * the pending set, its sender in signal_struct.info[]) and queues only
 * the further ones here, oldest first; dequeue_signal() moves the next
 * one up when it takes the first.
 */
struct sigqueue {
	struct sigqueue *next;
	struct task_struct *thread;	/* NULL: sent to the process; compared,
					 * never followed */
	int sig;
	struct ksiginfo info;
};

bool sigqueue_add(struct signal_struct *s, struct task_struct *thread, int sig,
		  const struct ksiginfo *info)
{
	struct sigqueue *q, **tail;

	/* The pending first instance counts too, as in Linux's count. */
	if (s->rt_queued + 1 >= s->rlim[RLIMIT_SIGPENDING].rlim_cur)
		return false;
	q = kmalloc(sizeof(*q), GFP_KERNEL);
	if (!q)
		return false;
	*q = (struct sigqueue){ NULL, thread, sig,
		info ? *info : (struct ksiginfo){ .si_code = SI_KERNEL } };
	for (tail = &s->rt_queue; *tail; tail = &(*tail)->next)
		;
	*tail = q;
	s->rt_queued++;
	return true;
}

bool sigqueue_take(struct signal_struct *s, struct task_struct *thread, int sig,
		   struct ksiginfo *info)
{
	for (struct sigqueue **p = &s->rt_queue; *p; p = &(*p)->next) {
		struct sigqueue *q = *p;

		if (q->sig != sig || q->thread != thread)
			continue;
		*info = q->info;
		*p = q->next;
		s->rt_queued--;
		kfree(q);
		return true;
	}
	return false;
}

void sigqueue_flush(struct signal_struct *s)
{
	while (s->rt_queue) {
		struct sigqueue *q = s->rt_queue;

		s->rt_queue = q->next;
		kfree(q);
	}
	s->rt_queued = 0;
}

void sigqueue_discard(struct task_struct *p, int sig)
{
	struct signal_struct *s = p->signal;
	struct task_struct *t;

	lockdep_assert_held(&p->sighand->siglock);
	for_each_thread(p->group_leader, t)
		t->pending.sig &= ~sigmask(sig);
	s->shared_pending.sig &= ~sigmask(sig);
	s->info_set &= ~sigmask(sig);
	for (struct sigqueue **q = &s->rt_queue; *q;) {
		struct sigqueue *dead = *q;

		if (dead->sig != sig) {
			q = &dead->next;
			continue;
		}
		*q = dead->next;
		s->rt_queued--;
		kfree(dead);
	}
}

/* Write what current took, signal @sig with @info, to user @uinfo. */
static long put_siginfo(void __user *uinfo, int sig, const struct ksiginfo *info)
{
	struct user_siginfo u = { .si_signo = sig, .si_code = info->si_code };

	if (info->sigpoll) {
		u.si_band = info->si_band;
		u.si_fd = info->si_fd;
	} else {
		u.si_pid = info->si_pid;
		u.si_uid = info->si_uid;
		u.si_value = info->si_value;
	}
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

	saved = t->real_blocked = t->blocked;
	t->blocked.sig &= ~set;
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
	set_current_state(TASK_INTERRUPTIBLE);
	if (!signal_pending(t))
		ticks = schedule_timeout(ticks);
	__set_current_state(TASK_RUNNING);
	flags = spin_lock_irqsave(&t->sighand->siglock);
	t->blocked = saved;
	t->real_blocked.sig = 0;
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

	ret = copy_sigset_from_user(&these, uthese, sigsetsize);
	if (ret)
		return ret;
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

/* ---- the mask, and waiting for any signal ---- */

long copy_sigset_from_user(sigset_t *set, const sigset_t __user *uset,
			   u64 size)
{
	if (size != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(set, uset, sizeof(*set)))
		return -EFAULT;
	set->sig &= ~SIG_KERNEL_ONLY_MASK;
	return 0;
}

/* rt_sigprocmask(2): block, unblock or set current's blocked signals;
 * SIGKILL and SIGSTOP are never blocked. Returns the old mask in @oset. */
long sys_rt_sigprocmask(int how, const sigset_t __user *set,
			sigset_t __user *oset, u64 sigsetsize)
{
	sigset_t new, old = current->blocked;
	unsigned long flags;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;	/* with or without @set */
	if (set) {
		if (copy_sigset_from_user(&new, set, sigsetsize))
			return -EFAULT;
		flags = spin_lock_irqsave(&current->sighand->siglock);
		switch (how) {
		case SIG_BLOCK:
			current->blocked.sig |= new.sig;
			break;
		case SIG_UNBLOCK:
			current->blocked.sig &= ~new.sig;
			break;
		case SIG_SETMASK:
			current->blocked.sig = new.sig;
			break;
		default:
			spin_unlock_irqrestore(&current->sighand->siglock, flags);
			return -EINVAL;
		}
		spin_unlock_irqrestore(&current->sighand->siglock, flags);
	}
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* rt_sigpending(2): the blocked signals pending for current. */
long sys_rt_sigpending(sigset_t __user *set, u64 sigsetsize)
{
	sigset_t p = { (current->pending.sig | current->signal->shared_pending.sig) &
		       current->blocked.sig };

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	return copy_to_user(set, &p, sizeof(p)) ? -EFAULT : 0;
}

/* Sleep until a signal arrives; it then runs on the way out (-EINTR). */
static long wait_for_signal(void)
{
	while (!signal_pending(current)) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!signal_pending(current))
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return -ERESTARTNOHAND;
}

/* pause(2): sleep until a signal is delivered; returns -EINTR. */
long sys_pause(void)
{
	return wait_for_signal();
}

/* rt_sigsuspend(2): wait for a signal with @mask blocked; the old
 * mask comes back when the handler returns. */
long sys_rt_sigsuspend(const sigset_t __user *mask, u64 sigsetsize)
{
	sigset_t m;
	long ret = copy_sigset_from_user(&m, mask, sigsetsize);

	if (ret)
		return ret;
	set_restore_blocked(m);
	return wait_for_signal();
}

void set_restore_blocked(sigset_t m)
{
	struct task_struct *t = current;
	unsigned long flags = spin_lock_irqsave(&t->sighand->siglock);

	t->saved_sigmask = t->blocked;
	t->restore_sigmask = true;
	t->blocked = m;
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
}

/* The siginfo waitid reports for wait status @status of child @pid (see
 * signal.h). */
void wait_status_to_info(pid_t pid, u32 uid, int status,
				struct waitid_info *info)
{
	info->si_signo = SIGCHLD;
	info->si_pid = pid;
	info->si_uid = uid;
	if (status == 0xffff) {
		info->si_code = CLD_CONTINUED;
		info->si_status = SIGCONT;
	} else if ((status & 0xff) == 0x7f) {
		info->si_code = CLD_STOPPED;
		info->si_status = (status >> 8) & 0xff;
	} else if (status & 0x7f) {
		info->si_code = (status & 0x80) ? CLD_DUMPED : CLD_KILLED;
		info->si_status = status & 0x7f;
	} else {
		info->si_code = CLD_EXITED;
		info->si_status = (status >> 8) & 0xff;
	}
}

/* What the parent's SIGCHLD says about process @c with wait status
 * @status (the siginfo a handler gets; waitid reports the same). */
struct ksiginfo chld_info(struct task_struct *c, int status)
{
	struct waitid_info w = { 0 };
	struct ksiginfo info = { .from_sender = true };

	wait_status_to_info(c->tgid, c->real_cred ? c->real_cred->uid.val : 0,
			    status, &w);
	info.si_code = w.si_code;
	info.si_pid = w.si_pid;
	info.si_uid = w.si_uid;
	info.si_value = (u32)w.si_status;	/* si_status shares its place */
	return info;
}

static long do_tkill(pid_t tgid, pid_t tid, int sig)
{
	struct ksiginfo info = sender_info(SI_TKILL);
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *p = find_task_by_vpid(tid);
	long ret = -ESRCH;

	if (tid > 0 && p && p->signal && !p->exit_state &&
	    (tgid <= 0 || task_tgid_vnr(p) == tgid))
		ret = check_kill_permission(sig, p);
	if (!ret && sig)
		ret = send_sig_info(sig, &info, p, false);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return tid <= 0 ? -EINVAL : ret;
}

/* tkill(2): send @sig to thread @tid (0: only check it exists). */
long sys_tkill(pid_t tid, int sig)
{
	return do_tkill(0, tid, sig);
}

/* tgkill(2): tkill(), but only if thread @tid belongs to process @tgid. */
long sys_tgkill(pid_t tgid, pid_t tid, int sig)
{
	return tgid <= 0 ? -EINVAL : do_tkill(tgid, tid, sig);
}
