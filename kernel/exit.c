/*
 * Task exit, zombies, re-parenting and reaping (wait4, waitid).
 *
 * A process ends when its last thread does. Each thread, as it exits,
 * drops what it holds (address space, files, cwd), wakes a pthread_join
 * waiting on its clear_child_tid futex, and is released at once unless
 * it is the group leader; the leader stays a zombie, holding the exit
 * status, until its parent reaps it with wait4(), and only once the
 * other threads are gone. Children of an exiting process go to init.
 */
#include "kernel/exit.h"
#include "kernel/cred.h"
#include "asm/fpu.h"
#include "kernel/task.h"
#include "asm/irqflags.h"
#include "asm/pgtable.h"
#include "asm/processor.h"
#include "asm/signal.h"
#include "kernel/fork.h"
#include "kernel/fs/coredump.h"
#include "kernel/fs/fs.h"
#include "kernel/ipc/sem.h"
#include "kernel/futex.h"
#include "kernel/mm/mm.h"
#include "kernel/pid.h"
#include "kernel/ptrace.h"
#include "kernel/preempt.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/mm/slab.h"
#include "kernel/syscalls.h"
#include "kernel/tasklist.h"
#include "kernel/uaccess.h"
#include "kernel/sched/wait.h"
#include "lib/bug.h"
#include "lib/errno.h"
#include "kernel/locking/lockdep.h"

#define P_ALL 0			/* waitid's idtype */
#define P_PID 1
#define P_PGID 2

struct task_struct *child_reaper = &init_task;
/* Where a task without a signal_struct (a kernel thread in
 * kernel_wait()) waits for its children; a process waits on its own
 * signal->wait_chldexit, so an exit or a stop wakes only its parent. */
static DECLARE_WAIT_QUEUE_HEAD(kthread_chldexit);

struct wait_queue_head *chldexit_queue(struct task_struct *waiter)
{
	return waiter->signal ? &waiter->signal->wait_chldexit
			      : &kthread_chldexit;
}

void __wake_up_parent(struct task_struct *p, struct task_struct *parent)
{
	lockdep_assert_held(&tasklist_lock);
	BUG_ON(parent != p->real_parent && parent != p->parent);
	wake_up(chldexit_queue(parent));
}

/*
 * Process groups that an exit orphans while one of their members is
 * stopped get SIGHUP and SIGCONT (POSIX), or they would stay stopped
 * with nobody left to continue them. Found under tasklist_lock,
 * signalled after it is dropped (kill_pgrp takes it).
 */
#define MAX_ORPHANED 8
struct orphaned_pgrps {
	int nr;
	pid_t pgrp[MAX_ORPHANED];
};

/* Would @pgrp be orphaned without @ignored: no live member has a parent
 * in another group of the same session? init does not count, as in
 * Linux's will_become_orphaned_pgrp(). tasklist_lock held. */
static bool will_become_orphaned_pgrp(pid_t pgrp, struct task_struct *ignored)
{
	struct task_struct *p;

	lockdep_assert_held(&tasklist_lock);
	for_each_process(p) {
		struct task_struct *parent = p->real_parent;

		if (!p->signal || p->signal->pgrp != pgrp || p == ignored ||
		    process_dead(p) || parent == child_reaper)
			continue;
		if (parent->signal && parent->signal->pgrp != pgrp &&
		    parent->signal->session == p->signal->session)
			return false;
	}
	return true;
}

static bool has_stopped_jobs(pid_t pgrp)
{
	struct task_struct *p;

	for_each_process(p)
		if (p->signal && p->signal->pgrp == pgrp && p->signal->stop_state)
			return true;
	return false;
}

/* Note @pgrp if it is orphaned (without @ignored) and has stopped jobs. */
static void check_orphaned_pgrp(struct orphaned_pgrps *o, pid_t pgrp,
				struct task_struct *ignored)
{
	for (int i = 0; i < o->nr; i++)
		if (o->pgrp[i] == pgrp)
			return;
	if (o->nr < MAX_ORPHANED && has_stopped_jobs(pgrp) &&
	    will_become_orphaned_pgrp(pgrp, ignored))
		o->pgrp[o->nr++] = pgrp;
}

/* Who adopts @p's orphans: the nearest live ancestor that asked to
 * (PR_SET_CHILD_SUBREAPER, Linux's find_new_reaper()), else init.
 * tasklist_lock held. */
static struct task_struct *find_new_reaper(struct task_struct *p)
{
	struct task_struct *r;

	for (r = p->group_leader->real_parent;
	     r && r != child_reaper && r != &init_task; r = r->real_parent)
		if (r->signal && r->signal->is_child_subreaper && !process_dead(r))
			return r;
	return child_reaper == p ? &init_task : child_reaper;
}

/* Give @p's children to their new reaper; tasklist_lock held. */
static void forget_original_parent(struct task_struct *p,
				   struct orphaned_pgrps *o)
{
	struct task_struct *child, *n;
	struct task_struct *reaper = find_new_reaper(p);

	lockdep_assert_held(&tasklist_lock);
	list_for_each_entry_safe(child, n, &p->children, sibling) {
		struct task_struct *t;

		for_each_thread(child, t) {
			t->real_parent = t->parent = reaper;
			if (t->pdeath_signal)	/* prctl(PR_SET_PDEATHSIG) */
				send_sig_process(t->pdeath_signal, t);
		}
		list_move_tail(&child->sibling, &reaper->children);
		__wake_up_parent(child, reaper);	/* a zombie to reap? */
		/* A child in another group of our session: was ours its
		 * last link to the session's job control? */
		if (child->signal && p->signal &&
		    child->signal->pgrp != p->signal->pgrp &&
		    child->signal->session == p->signal->session)
			check_orphaned_pgrp(o, child->signal->pgrp, NULL);
	}
}

/* Our own group: does our exit orphan it? tasklist_lock held. */
static void check_own_pgrp(struct task_struct *leader, struct orphaned_pgrps *o)
{
	struct task_struct *parent = leader->real_parent;
	struct signal_struct *s = leader->signal;

	lockdep_assert_held(&tasklist_lock);
	if (s && parent->signal && parent->signal->pgrp != s->pgrp &&
	    parent->signal->session == s->session)
		check_orphaned_pgrp(o, s->pgrp, leader);
}

/* Does the parent refuse zombies (SIGCHLD ignored, SA_NOCLDWAIT)? */
static bool parent_autoreaps(struct task_struct *parent)
{
	struct k_sigaction *ka;

	if (!parent->sighand)
		return false;
	ka = &parent->sighand->action[SIGCHLD - 1];
	return ka->handler == SIG_IGN || (ka->flags & SA_NOCLDWAIT);
}

/* The process of @leader is over: tell its parent. tasklist_lock held. */
static bool notify_parent(struct task_struct *leader)
{
	struct task_struct *parent = leader->real_parent;
	struct ksiginfo info = chld_info(leader, leader->exit_code);

	lockdep_assert_held(&tasklist_lock);
	if (leader->exit_signal > 0 && parent->signal)
		send_sig_info(leader->exit_signal, &info, parent, true);
	return leader->exit_signal < 0 || parent_autoreaps(parent);
}

/*
 * Zombie or dead. A thread is released at once; the leader becomes a
 * zombie, and the parent hears of it when the last thread is gone
 * (whichever of them exits last). @release[] gets what to release now.
 */
static void exit_notify(struct task_struct *p, struct task_struct *release[2])
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *leader = p->group_leader, *exec_task;
	struct orphaned_pgrps o = { 0 };
	bool dead;

	forget_original_parent(p, &o);
	if (p != leader) {
		p->exit_state = p->ptrace ? EXIT_ZOMBIE : EXIT_DEAD; /* tracer's */
		release[0] = p->ptrace ? NULL : p;
		list_del_init(&p->thread_group);
		p->signal->nr_threads--;
	} else {
		p->exit_state = EXIT_ZOMBIE;
	}
	exec_task = p->signal ? READ_ONCE(p->signal->group_exec_task) : NULL;
	if (exec_task)		/* its de_thread() waits for us */
		wake_up_process(exec_task);
	dead = leader->exit_state == EXIT_ZOMBIE && thread_group_empty(leader);
	if (dead) {
		/* Other threads may have forked after the leader exited:
		 * their children hang on the leader too. */
		forget_original_parent(leader, &o);
		check_own_pgrp(leader, &o);
	}
	if (dead && notify_parent(leader)) {
		leader->exit_state = EXIT_DEAD;	/* nobody will wait for it */
		release[1] = leader;
	}
	__wake_up_parent(p, p->parent);		/* a traced thread's tracer */
	if (dead) {
		__wake_up_parent(leader, leader->real_parent);
		__wake_up_parent(leader, leader->parent);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	for (int i = 0; i < o.nr; i++) {
		kill_pgrp(o.pgrp[i], SIGHUP);
		kill_pgrp(o.pgrp[i], SIGCONT);
	}
}

/* pthread_join waits on this: zero the tid and wake the futex. */
static void mm_release(struct task_struct *p)
{
	if (p->clear_child_tid && p->mm) {
		if (!put_user_u32(0, (u32 __user *)p->clear_child_tid))
			futex_wake_addr(p->mm, (u64)p->clear_child_tid, 1);
		p->clear_child_tid = NULL;
	}
	complete_vfork_done(p);
}

/* Leave the address space: this CPU stops using it before it may go. */
static void exit_mm(struct task_struct *p)
{
	struct mm_struct *mm = p->mm;
	unsigned long irq;

	mm_release(p);
	if (!mm)
		return;
	if (p->signal)		/* ru_maxrss: what it held as it went */
		p->signal->maxrss = MAX(p->signal->maxrss,
					mm->rss * (PAGE_SIZE / 1024));
	irq = spin_lock_irqsave(&task_mm_lock);	/* vs get_task_mm() */
	p->mm = NULL;
	p->active_mm = &init_mm;
	switch_to_mm(&init_mm);
	spin_unlock_irqrestore(&task_mm_lock, irq);
	mmput(mm);
}

/* Drop the files and cwd; the pointers are cleared under task_mm_lock
 * first so that a /proc reader never takes a table being freed. */
static void exit_files_fs(struct task_struct *p)
{
	unsigned long irq = spin_lock_irqsave(&task_mm_lock);
	struct files_struct *files = p->files;
	struct fs_struct *fs = p->fs;

	p->files = NULL;
	p->fs = NULL;
	spin_unlock_irqrestore(&task_mm_lock, irq);
	if (files)
		put_files(files);
	if (fs)
		put_fs(fs);
}

void do_exit(int code)
{
	struct task_struct *p = current, *release[2] = { NULL, NULL };

	BUG_ON(in_interrupt());
	BUG_ON(p->flags & PF_IDLE);
	if (p == child_reaper && get_nr_threads(p) == 1)
		panic("Attempted to kill init! exitcode=0x%08x", code);
	p->flags |= PF_EXITING;
	p->exit_code = code;
	ptrace_event(PTRACE_EVENT_EXIT, (u64)code);	/* if traced */
	coredump_task_exit(p);		/* a core of our mm is being written */
	exit_ptrace(p);			/* our tracees go free */
	arch_exit_thread(p);
	exit_mm(p);
	exit_files_fs(p);
	exit_task_namespaces(p);
	exit_sem(p);			/* SEM_UNDO, before the parent hears */
	exit_notify(p, release);
	for (int i = 0; i < 2; i++)
		if (release[i])
			release_task(release[i]);
	do_task_dead();
}

/* Drop @p's share of its signal and sighand structures. */
void put_signal_parts(struct task_struct *p)
{
	if (p->sighand && refcount_dec_and_test(&p->sighand->count))
		kfree(p->sighand);
	p->sighand = NULL;
	if (p->signal && refcount_dec_and_test(&p->signal->count)) {
		itimer_exit(p->signal);
		sigqueue_flush(p->signal);	/* real-time signals never taken */
		kfree(p->signal);
	}
	p->signal = NULL;
}

void release_task(struct task_struct *p)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	pid_t pid = p->pid;

	list_del_init(&p->tasks);
	list_del_init(&p->thread_group);
	list_del_init(&p->sibling);
	ptrace_release_task(p);
	detach_pid(p);
	p->exit_state = EXIT_DEAD;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	free_pid(pid);
	put_task_struct(p);
}

void notify_parent_stopped(struct task_struct *leader, int sig)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *parent = leader->real_parent;
	struct k_sigaction *ka = parent->sighand ?
		&parent->sighand->action[SIGCHLD - 1] : NULL;

	struct ksiginfo info = chld_info(leader, 0x7f | (sig << 8));

	leader->signal->stop_reported = 0;
	if (ka && !(ka->flags & SA_NOCLDSTOP))
		send_sig_info(SIGCHLD, &info, parent, true);
	__wake_up_parent(leader, parent);
	__wake_up_parent(leader, leader->parent);
	spin_unlock_irqrestore(&tasklist_lock, flags);
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
	r->uid = c->real_cred ? c->real_cred->uid.val : 0;
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
			r->uid = t->real_cred ? t->real_cred->uid.val : 0;
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
	struct wait_queue_entry wait = { current, LIST_HEAD_INIT(wait.entry) };
	struct wait_result r;
	unsigned long flags;
	long ret;

	might_sleep();
	for (;;) {
		r = (struct wait_result){ 0 };
		prepare_to_wait(chldexit_queue(current), &wait,
				TASK_INTERRUPTIBLE);
		flags = spin_lock_irqsave(&tasklist_lock);
		scan_tracees(pid, options, &r, ru);
		if (!r.pid)
			scan_children(pid, options, &r, ru);
		spin_unlock_irqrestore(&tasklist_lock, flags);
		if (r.zombie || r.pid) {
			ret = r.zombie ? r.zombie->pid : r.pid;
			break;
		}
		if (!r.any) {
			ret = -ECHILD;
			break;
		}
		if (options & WNOHANG) {
			ret = 0;
			break;
		}
		if (current->signal && signal_pending(current)) {
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
	u32 uid = 0;
	pid_t pid;
	long ret;

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
	else
		return -EINVAL;
	ret = do_wait(pid, options, &status, &uid, &trapped, ru ? &usage : NULL);
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

/* exit(2): end current's thread only. Never returns. */
long sys_exit(int code)
{
	do_exit((code & 0xff) << 8);
}

/* exit_group(2): end every thread of current's process. Never returns. */
long sys_exit_group(int code)
{
	do_group_exit((code & 0xff) << 8);
}
