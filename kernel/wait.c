/*
 * Waiting for children: wait4(2), waitid(2) and the kernel's own
 * kernel_wait() (Linux keeps them in kernel/exit.c; here they have a
 * file of their own). A process sleeps on its own signal->wait_chldexit;
 * a child's exit or stop, or a tracee's stop, wakes only the process
 * that may wait for it (__wake_up_parent()), which then looks through
 * its children and its threads' tracees under tasklist_lock.
 */
#include "kernel/exit.h"
#include "kernel/ns/pid_namespace.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/pid.h"
#include "kernel/cred.h"
#include "kernel/fork.h"
#include "kernel/pidfd.h"
#include "kernel/ptrace.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/wait.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/task.h"
#include "kernel/tasklist.h"
#include "kernel/time/cputime.h"
#include "kernel/uaccess.h"
#include "kernel/locking/lockdep.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"

#define P_ALL 0			/* waitid's idtype */
#define P_PID 1
#define P_PGID 2
#define P_PIDFD 3

/* Where a task without a signal_struct (a kernel thread in
 * kernel_wait()) waits for its children; a process waits on its own
 * signal->wait_chldexit, so an exit or a stop wakes only its parent. */
static DECLARE_WAIT_QUEUE_HEAD(kthread_chldexit);

struct wait_queue_head *chldexit_queue(struct task_struct *waiter)
{
	return waiter->signal ? &waiter->signal->wait_chldexit
			      : &kthread_chldexit;
}

void wake_up_parents(struct task_struct *p)
{
	__wake_up_parent(p, p->real_parent);
	if (p->parent != p->real_parent)
		__wake_up_parent(p, p->parent);
}

void __wake_up_parent(struct task_struct *p, struct task_struct *parent)
{
	lockdep_assert_held(&tasklist_lock);
	BUG_ON(parent != p->real_parent && parent != p->parent);
	wake_up(chldexit_queue(parent));
}

/* Does child process @c match wait4's @pid argument? */
static bool wait_matches(struct task_struct *c, pid_t pid)
{
	if (pid > 0)
		return c->pid == pid;
	if (pid == -1)
		return true;
	if (!c->signal || !current->signal)
		return false;
	return c->signal->pgrp == (pid == 0 ? current->signal->pgrp : -pid);
}

/* wait4's @pid (a pid or a process group of current's pid namespace)
 * in the kernel's numbers; one that names nothing matches no child.
 * tasklist_lock held. */
static pid_t wait_pid_global(pid_t pid)
{
	pid_t nr;

	if (pid == 0 || pid == -1)
		return pid;
	nr = global_pid_of_vnr(pid > 0 ? pid : -pid);
	if (!nr)
		nr = PID_MAX_DEFAULT;	/* no task has it */
	return pid > 0 ? nr : -nr;
}

struct wait_result {
	struct task_struct *zombie;	/* to reap */
	pid_t pid;			/* reported stop/continue, not reaped */
	int status;
	u32 uid;			/* the child's real uid, for waitid */
	bool any;			/* a matching child exists */
	struct task_struct *tracee_exit;	/* a traced thread to release */
	bool trapped;			/* a ptrace stop (CLD_TRAPPED) */
};

/* Look at one child; tasklist_lock held. True when it has news. */
static bool child_news(struct task_struct *c, int options, struct wait_result *r)
{
	struct signal_struct *s = c->signal;

	lockdep_assert_held(&tasklist_lock);
	r->uid = c->real_cred ? from_kuid_munged(current_user_ns(), c->real_cred->uid) : 0;
	if (c->exit_state == EXIT_ZOMBIE && thread_group_empty(c) &&
	    !ptrace_hides_exit(c)) {
		if (!(options & WEXITED))
			return false;
		if (options & WNOWAIT)
			r->pid = c->pid;
		else
			r->zombie = c;
		r->status = c->exit_code;
		return true;
	}
	if (!s || c->exit_state)
		return false;
	if ((options & WUNTRACED) && s->stop_state && !s->stop_reported) {
		if (!(options & WNOWAIT))
			s->stop_reported = 1;
		r->pid = c->pid;
		r->status = 0x7f | (s->stop_state << 8);
		return true;
	}
	if ((options & WCONTINUED) && s->continued) {
		if (!(options & WNOWAIT))
			s->continued = 0;
		r->pid = c->pid;
		r->status = 0xffff;
		return true;
	}
	return false;
}

/* A tracee's news for its tracer's wait (kernel/ptrace.h); tasklist_lock
 * held. */
bool ptrace_wait_task(struct task_struct *t, int options, int *status,
		      bool *trapped, struct task_struct **release)
{
	lockdep_assert_held(&tasklist_lock);
	*trapped = t->pt.stopped && !t->pt.reported && t->pt.stop_status;
	if (*trapped) {
		*status = t->pt.stop_status;
		t->pt.reported = !(options & WNOWAIT);
		return true;
	}
	/* An exit: a traced thread's, or a process's that is not our child
	 * (our children's are do_wait()'s own). */
	if (t->exit_state != EXIT_ZOMBIE || !(options & WEXITED) ||
	    (t == t->group_leader && (!thread_group_empty(t) ||
	     t->real_parent->group_leader == current->group_leader)))
		return false;
	*status = t->exit_code;
	if (!(options & WNOWAIT)) {
		__ptrace_unlink(t);		/* reported: no longer ours */
		if (t != t->group_leader)
			*release = t;
		else				/* its parent may reap it now */
			__wake_up_parent(t, t->real_parent);
	}
	return true;
}

/* Stops and exits of our threads' tracees (kernel/ptrace.c); the usage
 * of the one with news in *@ru, if asked. */
static void scan_tracees(pid_t pid, int options, struct wait_result *r,
			 struct rusage_sum *ru)
{
	struct task_struct *tracer, *t;

	lockdep_assert_held(&tasklist_lock);
	for_each_thread(current->group_leader, tracer)
		list_for_each_entry(t, &tracer->ptraced, ptrace_entry) {
			if (((options & __WNOTHREAD) && tracer != current) ||
			    !wait_matches(t, pid))
				continue;
			r->any = true;
			r->uid = t->real_cred ?
				 from_kuid_munged(current_user_ns(), t->real_cred->uid) : 0;
			if (ptrace_wait_task(t, options, &r->status, &r->trapped,
					     &r->tracee_exit)) {
				r->pid = t->pid;
				if (unlikely(ru))
					task_rusage(t, ru);
				return;
			}
		}
}

/* Our own children's exits, stops and continues; tasklist_lock held. */
static void scan_children(pid_t pid, int options, struct wait_result *r,
			  struct rusage_sum *ru)
{
	struct task_struct *c;

	lockdep_assert_held(&tasklist_lock);
	list_for_each_entry(c, &current->group_leader->children, sibling) {
		if (!wait_matches(c, pid))
			continue;
		r->any = true;
		if (child_news(c, options, r)) {
			if (r->zombie)	/* nobody else may reap it now */
				list_del_init(&c->sibling);
			if (ru && !r->zombie)	/* a zombie's: do_wait() */
				task_rusage(c, ru);
			break;
		}
	}
}

/* Wait for a child matching @pid (wait4's rules) to exit (WEXITED), or with
 * WUNTRACED/WCONTINUED to stop/continue; reap a zombie unless WNOWAIT. Its
 * pid, 0 (WNOHANG), -ECHILD or -ERESTARTSYS; *@uid its real uid.
 * Sleeps: process context, no locks held. */
static long do_wait(pid_t pid, int options, int *status, u32 *uid,
		    bool *trapped, struct rusage_sum *ru)
{
	DEFINE_WAIT(wait);
	struct wait_result r;
	unsigned long flags;
	pid_t gpid;
	long ret;

	might_sleep();
	for (;;) {
		r = (struct wait_result){ 0 };
		prepare_to_wait(chldexit_queue(current), &wait,
				TASK_INTERRUPTIBLE);
		flags = spin_lock_irqsave(&tasklist_lock);
		gpid = wait_pid_global(pid);
		scan_tracees(gpid, options, &r, ru);
		if (!r.pid)
			scan_children(gpid, options, &r, ru);
		if (r.zombie || r.pid)	/* the pid as our namespace knows it */
			ret = r.zombie ? task_pid_vnr(r.zombie) :
			      global_pid_nr_ns(r.pid, task_active_pid_ns(current));
		spin_unlock_irqrestore(&tasklist_lock, flags);
		if (r.zombie || r.pid)
			break;
		if (!r.any) {
			ret = -ECHILD;
			break;
		}
		if (options & WNOHANG) {
			ret = 0;
			break;
		}
		/* An exiting namespace init reaps what it killed, whatever
		 * is pending (zap_pid_ns_processes()). */
		if (current->signal && signal_pending(current) &&
		    !(current->flags & PF_EXITING)) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	finish_wait(chldexit_queue(current), &wait);
	if (ret > 0 && status)
		*status = r.status;
	if (ret > 0 && uid)
		*uid = r.uid;
	if (trapped)
		*trapped = ret > 0 && r.trapped;
	if (r.zombie) {
		reap_rusage(r.zombie, ru);	/* RUSAGE_CHILDREN */
		release_task(r.zombie);
	}
	if (r.tracee_exit)
		release_task(r.tracee_exit);
	return ret;
}

pid_t kernel_wait(pid_t pid, int *status)
{
	return (pid_t)do_wait(pid, WEXITED, status, NULL, NULL, NULL);
}

/* wait4(2): do_wait(); @rusage gets the reported child's usage (its
 * threads' and its reaped children's, as getrusage would say). */
long sys_wait4(pid_t pid, int __user *wstatus, int options, void __user *rusage)
{
	struct rusage_sum ru;
	int status = 0;
	long ret;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL |
			__WCLONE))
		return -EINVAL;
	/* -INT_MIN is undefined (UBSAN says so); no group has that id. */
	if (pid == -__INT_MAX__ - 1)
		return -ESRCH;
	ret = do_wait(pid, options | WEXITED, &status, NULL, NULL,
		      rusage ? &ru : NULL);
	if (ret > 0 && wstatus && put_user_u32((u32)status, (u32 __user *)wstatus))
		return -EFAULT;
	if (ret > 0 && rusage && put_rusage(&ru, rusage))
		return -EFAULT;
	return ret;
}

/*
 * waitid's P_PIDFD: the pid, in current's namespace, of the process pidfd
 * @fd names (-ECHILD once reaped or out of sight: no child of ours). A
 * pidfd opened O_NONBLOCK adds WNOHANG to *@options and sets *@nonblock.
 */
static long pidfd_wait_pid(int fd, int *options, bool *nonblock)
{
	unsigned int f_flags;
	struct task_struct *p;
	long pid;

	if (fd < 0)
		return -EINVAL;
	p = pidfd_get_task(fd, false, &f_flags);
	if (IS_ERR(p))		/* reaped: no longer anyone's child */
		return PTR_ERR(p) == -ESRCH ? -ECHILD : PTR_ERR(p);
	pid = task_tgid_vnr(p);		/* do_wait() takes our namespace's */
	put_task_struct(p);
	if (!pid)
		return -ECHILD;
	*nonblock = (f_flags & PIDFD_NONBLOCK) && !(*options & WNOHANG);
	if (f_flags & PIDFD_NONBLOCK)
		*options |= WNOHANG;
	return pid;
}

/* waitid(2): do_wait() for P_ALL, P_PID @id or P_PGID @id (0: ours), with
 * WEXITED/WSTOPPED/WCONTINUED (one at least), WNOHANG, WNOWAIT. 0, the
 * news in *@infop (all zero: WNOHANG and nothing yet); @ru its usage. */
long sys_waitid(int which, pid_t id, void __user *infop, int options,
		void __user *ru)
{
	struct waitid_info info = { 0 };
	struct rusage_sum usage;
	bool trapped;
	int status = 0;
	bool nonblock = false;
	u32 uid = 0;
	long ret, pid;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WUNTRACED | WCONTINUED |
			__WNOTHREAD | __WALL | __WCLONE) ||
	    !(options & (WEXITED | WUNTRACED | WCONTINUED)))
		return -EINVAL;
	if (which == P_ALL)
		pid = -1;
	else if (which == P_PID && id > 0)
		pid = id;
	else if (which == P_PGID && id >= 0)
		pid = -id;	/* 0: our own group, as wait4's 0 */
	else if (which == P_PIDFD)
		pid = pidfd_wait_pid(id, &options, &nonblock);
	else
		return -EINVAL;
	if (which == P_PIDFD && pid < 0)
		return pid;
	ret = do_wait((pid_t)pid, options, &status, &uid, &trapped,
		      ru ? &usage : NULL);
	if (ret == 0 && nonblock)
		return -EAGAIN;	/* a non-blocking pidfd, nothing yet */
	if (ret < 0)
		return ret;
	if (ret > 0)
		wait_status_to_info((pid_t)ret, uid, status, &info);
	if (trapped) {			/* a ptrace stop, as Linux reports it */
		info.si_code = CLD_TRAPPED;
		info.si_status = (status >> 8) & 0xffff;
	}
	if (ret > 0 && ru && put_rusage(&usage, ru))
		return -EFAULT;
	if (infop && copy_to_user(infop, &info, sizeof(info)))
		return -EFAULT;
	return 0;
}
