/*
 * Task exit, zombies and re-parenting; the reaping side (wait4, waitid)
 * is kernel/wait.c.
 *
 * A process ends when its last thread does. Each thread, as it exits,
 * drops what it holds (address space, files, cwd), wakes a pthread_join
 * waiting on its clear_child_tid futex, and is released at once unless
 * it is the group leader; the leader stays a zombie, holding the exit
 * status, until its parent reaps it with wait4(), and only once the
 * other threads are gone. Children of an exiting process go to init.
 */
#include "kernel/events/perf_event.h"
#include "kernel/cgroup/cgroup.h"
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
#include "kernel/io_uring/io_uring.h"
#include "kernel/ipc/sem.h"
#include "kernel/futex.h"
#include "kernel/mm/mm.h"
#include "kernel/pid.h"
#include "kernel/pidfd.h"
#include "kernel/ns/pid_namespace.h"
#include "kernel/ptrace.h"
#include "kernel/preempt.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/sys/sys.h"
#include "kernel/mm/slab.h"
#include "kernel/syscalls.h"
#include "kernel/tasklist.h"
#include "kernel/time/posix_timers.h"
#include "kernel/uaccess.h"
#include "kernel/sched/wait.h"
#include "lib/bug.h"
#include "lib/errno.h"
#include "kernel/locking/lockdep.h"

struct task_struct *child_reaper = &init_task;
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
 * (PR_SET_CHILD_SUBREAPER, Linux's find_new_reaper()), else the init of
 * @p's pid namespace; an exiting init's go to the init of the namespace
 * above (it has reaped those it killed). tasklist_lock held. */
static struct task_struct *find_new_reaper(struct task_struct *p)
{
	struct pid_namespace *ns = task_active_pid_ns(p);
	struct task_struct *r, *reaper = pid_ns_reaper(ns);

	if (reaper == p->group_leader)
		return ns->parent ? pid_ns_reaper(ns->parent) : &init_task;
	for (r = p->group_leader->real_parent;
	     r && r != reaper && r != &init_task; r = r->real_parent)
		if (r->signal && r->signal->is_child_subreaper && !process_dead(r))
			return r;
	return reaper;
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

	/* Children hang on the leader, and stay the process's until its
	 * last thread is gone (Linux hands them to a live thread). */
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
		forget_original_parent(leader, &o);
		check_own_pgrp(leader, &o);
	}
	if (dead && notify_parent(leader)) {
		leader->exit_state = EXIT_DEAD;	/* nobody will wait for it */
		release[1] = leader;
	}
	/* A tracer waits for a traced thread's exit (ptrace_wait_task()),
	 * whether or not it is also the process's parent. */
	if (p->ptrace)
		__wake_up_parent(p, p->parent);
	if (dead) {
		wake_up_parents(leader);
		do_notify_pidfd(leader);	/* its pidfds turn readable */
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	for (int i = 0; i < o.nr; i++) {
		kill_pgrp(o.pgrp[i], SIGHUP);
		kill_pgrp(o.pgrp[i], SIGCONT);
	}
}

/* The user-space ends of a thread: its robust mutexes learn their owner
 * died, and pthread_join's tid word is zeroed and woken. */
static void mm_release(struct task_struct *p)
{
	if (p->robust_list && p->mm)
		exit_robust_list(p);	/* before the tid is cleared */
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

/* Is @p the last of its process's threads to get this far? Then the
 * process is over (Linux's group_dead, from signal->live). */
static bool group_dead(struct task_struct *p)
{
	return p->signal && atomic_dec_and_test(&p->signal->live);
}

void do_exit(int code)
{
	struct task_struct *p = current, *release[2] = { NULL, NULL };
	bool dead;

	BUG_ON(in_interrupt());
	BUG_ON(p->flags & PF_IDLE);
	if (p == child_reaper && get_nr_threads(p) == 1)
		panic("Attempted to kill init! exitcode=0x%08x", code);
	p->flags |= PF_EXITING;
	p->exit_code = code;
	ptrace_event(PTRACE_EVENT_EXIT, (u64)code);	/* if traced */
	coredump_task_exit(p);		/* a core of our mm is being written */
	dead = group_dead(p);
	if (dead)
		acct_process(code);	/* BSD accounting, kernel/sys/acct.c */
	/* A nested init's process is over, whichever thread went last. */
	if (dead && task_active_pid_ns(p)->level && is_child_reaper(p))
		zap_pid_ns_processes(task_active_pid_ns(p));
	exit_ptrace(p);			/* our tracees go free */
	arch_exit_thread(p);
	io_uring_files_cancel();	/* our requests let go of their files */
	exit_mm(p);
	exit_files_fs(p);
	exit_task_namespaces(p);
	cgroup_exit(p);			/* cgroup.events, pids.current */
	perf_event_exit_task(p);	/* counters stop, children fold in */
	exit_sem(p);			/* SEM_UNDO, before the parent hears */
	exit_notify(p, release);
	for (int i = 0; i < 2; i++)
		if (release[i])
			release_task(release[i]);
	do_task_dead();
}

/* Set up a zeroed signal_struct for a new process: one share, one
 * thread (not yet counted in ->live), the wait4() queue and the
 * ITIMER_REAL timer. put_signal_parts() undoes it. */
void init_signal_struct(struct signal_struct *s)
{
	refcount_set(&s->count, 1);
	s->nr_threads = 1;
	init_waitqueue_head(&s->wait_chldexit);
	itimer_init(s);
}

/* Drop @p's share of its signal and sighand structures. */
void put_signal_parts(struct task_struct *p)
{
	if (p->sighand && refcount_dec_and_test(&p->sighand->count))
		kfree(p->sighand);
	p->sighand = NULL;
	if (p->signal && refcount_dec_and_test(&p->signal->count)) {
		itimer_exit(p->signal);
		exit_itimers(p->signal);
		sigqueue_flush(p->signal);	/* real-time signals never taken */
		kfree(p->signal);
	}
	p->signal = NULL;
}

void release_task(struct task_struct *p)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);

	list_del_init(&p->tasks);
	list_del_init(&p->thread_group);
	list_del_init(&p->sibling);
	ptrace_release_task(p);
	detach_pid(p);
	p->exit_state = EXIT_DEAD;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	free_pid(p->thread_pid);
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
	wake_up_parents(leader);
	spin_unlock_irqrestore(&tasklist_lock, flags);
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
