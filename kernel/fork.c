/*
 * Task creation and task lifetime (references).
 *
 * A task_struct lives at the base of its own kernel stack, so allocating
 * the stack allocates the task_struct, and freeing the stack frees it.
 * Two references keep it alive from birth: one for running (dropped when
 * it has switched away for the last time after exiting) and one for its
 * parent (dropped when it is reaped). Readers such as /proc take more.
 * The last put may come in atomic context (the scheduler), where unmapping
 * a stack is not allowed (it flushes other CPUs' TLBs and waits for
 * them), so freeing then goes through the kworker thread.
 */
#include "kernel/cgroup/cgroup.h"
#include "kernel/events/perf_event.h"
#include "kernel/fork.h"
#include "kernel/fs/vfs.h"
#include "kernel/ipc/sem.h"
#include "kernel/sched/rseq.h"
#include "kernel/trace/kprobes.h"
#include "asm/irqflags.h"
#include "asm/processor.h"
#include "kernel/task.h"
#include "asm/fpu.h"
#include "kernel/exit.h"
#include "kernel/fs/fs.h"
#include "kernel/mm/kstack.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/signal.h"
#include "kernel/mm/slab.h"
#include "kernel/uaccess.h"
#include "kernel/pid.h"
#include "kernel/pidfd.h"
#include "kernel/ns/pid_namespace.h"
#include "kernel/ptrace.h"
#include "kernel/preempt.h"
#include "kernel/sched/sched.h"
#include "kernel/tasklist.h"
#include "kernel/time/time.h"
#include "kernel/workqueue.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "kernel/module/module.h"
#include "kernel/cred.h"
#include "lib/fault-inject.h"

u64 total_forks;
DEFINE_SPINLOCK(tasklist_lock);
EXPORT_SYMBOL(tasklist_lock);
static LIST_HEAD(dead_tasks);		/* waiting for free_dead_tasks() */
static DEFINE_SPINLOCK(dead_lock);

static void free_task(struct task_struct *p)
{
	put_pid(p->thread_pid);
	cgroup_free(p);
	put_signal_parts(p);
	exit_creds(p);
	seccomp_filter_release(p);
	kretprobe_flush_task(p);	/* calls it never returned from */
	fpu_free(p);
	arch_release_thread(p);
	kstack_free(p->stack);		/* the task_struct goes with it */
}

static void free_dead_tasks(struct work_struct *work)
{
	for (;;) {
		unsigned long flags = spin_lock_irqsave(&dead_lock);
		struct task_struct *p = NULL;

		if (!list_empty(&dead_tasks)) {
			p = list_first_entry(&dead_tasks, struct task_struct,
					     run_list);
			list_del_init(&p->run_list);
		}
		spin_unlock_irqrestore(&dead_lock, flags);
		if (!p)
			return;
		free_task(p);
	}
}

static DECLARE_WORK(free_dead_work, free_dead_tasks);

void get_task_struct(struct task_struct *p)
{
	refcount_inc(&p->usage);
}
EXPORT_SYMBOL(get_task_struct);

/* Drop a reference to @p; the last one frees it, at once or (in atomic
 * context) from a workqueue. Never the last of current or an idle task. */
void put_task_struct(struct task_struct *p)
{
	unsigned long flags;

	if (!refcount_dec_and_test(&p->usage))
		return;
	BUG_ON(p == current || (p->flags & PF_IDLE));
	if (!in_atomic() && !arch_irqs_disabled()) {
		free_task(p);
		return;
	}
	flags = spin_lock_irqsave(&dead_lock);
	list_add_tail(&p->run_list, &dead_tasks);
	spin_unlock_irqrestore(&dead_lock, flags);
	schedule_work(&free_dead_work);
}
EXPORT_SYMBOL(put_task_struct);

void task_dead_switched_out(struct task_struct *p)
{
	put_task_struct(p);
}

/* A zeroed stack block with a fresh task_struct at its base, acting
 * with @cred (a reference of its own). */
static struct task_struct *dup_task_struct(const struct cred *cred)
{
	void *stack = kstack_alloc();
	struct task_struct *p = stack;

	if (!stack)
		return NULL;
	p->thread_info.task = p;
	p->thread_info.kind = STACK_TASK;
	p->stack = stack;
	*end_of_stack(p) = STACK_END_MAGIC;
	refcount_set(&p->usage, 2);
	copy_creds(p, cred);
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	INIT_LIST_HEAD(&p->tasks);
	INIT_LIST_HEAD(&p->thread_group);
	p->thread_pid = &init_struct_pid;	/* until alloc_pid() */
	INIT_LIST_HEAD(&p->run_list);
	INIT_LIST_HEAD(&p->ptraced);
	INIT_LIST_HEAD(&p->ptrace_entry);
	return p;
}

/* Link @p into the task list, its parent's children and the pid hash. */
static void link_task(struct task_struct *p, struct task_struct *parent)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);

	p->real_parent = p->parent = parent;
	list_add_tail(&p->sibling, &parent->children);
	list_add_tail(&p->tasks, &init_task.tasks);
	attach_pid(p);
	total_forks++;
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

struct task_struct *copy_kthread(int (*fn)(void *), void *arg,
				 const char *name, struct task_struct *parent,
				 unsigned int flags)
{
	struct task_struct *p = dup_task_struct(&init_cred);
	struct pid *pid;

	if (!p)
		return ERR_PTR(-ENOMEM);
	pid = alloc_pid(&init_pid_ns);	/* kernel threads: the initial one */
	if (IS_ERR(pid)) {
		exit_creds(p);
		kstack_free(p->stack);
		return ERR_PTR(PTR_ERR(pid));
	}
	p->thread_pid = pid;
	p->pid = p->tgid = pid->numbers[0].nr;
	p->group_leader = p;
	p->__state = TASK_UNINTERRUPTIBLE;	/* until first woken */
	p->flags = PF_KTHREAD;
	p->prio = 120;
	p->cpus_allowed = ~0ull;
	p->cpu = smp_processor_id();
	p->exit_signal = (flags & KTHREAD_AUTOREAP) ? -1 : SIGCHLD;
	p->start_time = ktime_get_ns();
	p->threadfn = fn;
	p->thread_data = arg;
	strlcpy(p->comm, name, sizeof(p->comm));
	copy_thread_kernel(p, fn, arg);
	link_task(p, parent);
	return p;
}

pid_t kernel_thread(int (*fn)(void *), void *arg, const char *name,
		    unsigned int flags)
{
	struct task_struct *p = copy_kthread(fn, arg, name, current, flags);

	if (IS_ERR(p))
		return (pid_t)PTR_ERR(p);
	wake_up_new_task(p);
	return p->pid;
}

struct task_struct *fork_idle(unsigned int cpu)
{
	struct task_struct *p = dup_task_struct(&init_cred);

	if (!p)
		return NULL;
	p->pid = p->tgid = 0;
	p->group_leader = p;
	p->real_parent = p->parent = &init_task;
	p->flags = PF_KTHREAD | PF_IDLE;
	p->prio = 120;
	p->cpus_allowed = 1ull << cpu;
	p->cpu = cpu;
	p->__state = TASK_RUNNING;
	p->start_time = ktime_get_ns();
	snprintf(p->comm, sizeof(p->comm), "swapper/%u", cpu);
	return p;
}

/* ---- clone(2): processes and threads ---- */

static int copy_sighand(u64 flags, struct task_struct *p)
{
	if (flags & CLONE_SIGHAND) {
		refcount_inc(&current->sighand->count);
		p->sighand = current->sighand;
		return 0;
	}
	p->sighand = kmalloc(sizeof(*p->sighand), GFP_KERNEL);
	if (!p->sighand)
		return -ENOMEM;
	memcpy(p->sighand->action, current->sighand->action,
	       sizeof(p->sighand->action));
	if (flags & CLONE_CLEAR_SIGHAND)	/* clone3 */
		flush_signal_handlers(p);
	refcount_set(&p->sighand->count, 1);
	spin_lock_init(&p->sighand->siglock, "siglock");
	return 0;
}

static int copy_signal(u64 flags, struct task_struct *p)
{
	struct signal_struct *s;

	if (flags & CLONE_THREAD) {
		s = current->signal;
		refcount_inc(&s->count);
		p->signal = s;	/* nr_threads: when it joins the group */
		return 0;
	}
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	init_signal_struct(s);
	s->pgrp = current->signal->pgrp;
	s->session = current->signal->session;
	s->tty = current->signal->tty;
	memcpy(s->rlim, current->signal->rlim, sizeof(s->rlim));
	s->oom_score_adj = current->signal->oom_score_adj;
	s->oom_score_adj_min = current->signal->oom_score_adj_min;
	p->signal = s;
	return 0;
}

static int copy_mm(u64 flags, struct task_struct *p)
{
	if (flags & CLONE_VM) {
		refcount_inc(&current->mm->mm_users);
		p->mm = current->mm;
	} else {
		p->mm = dup_mm(current->mm);
		if (!p->mm)
			return -ENOMEM;
	}
	p->active_mm = p->mm;
	return 0;
}

static int copy_files_fs(u64 flags, struct task_struct *p)
{
	if (flags & CLONE_FILES) {
		get_files(current->files);
		p->files = current->files;
	} else {
		struct files_struct *files = dup_files(current->files);

		if (IS_ERR(files))
			return (int)PTR_ERR(files);
		p->files = files;
	}
	if (flags & CLONE_FS) {
		get_fs(current->fs);
		p->fs = current->fs;
	} else if (!(p->fs = copy_fs(current->fs))) {
		return -ENOMEM;
	}
	return 0;
}

/* Undo what copy_user_parts() got before failing. */
static void release_user_parts(struct task_struct *p)
{
	if (p->mm)
		mmput(p->mm);
	if (p->files)
		put_files(p->files);
	if (p->fs)
		put_fs(p->fs);
	exit_sem(p);
	exit_task_namespaces(p);
	put_signal_parts(p);
	fpu_free(p);
}

static int copy_user_parts(u64 flags, struct task_struct *p)
{
	int err = copy_sighand(flags, p);

	err = err ?: copy_signal(flags, p);
	err = err ?: copy_mm(flags, p);
	err = err ?: copy_files_fs(flags, p);
	err = err ?: copy_semundo(flags, p);
	err = err ?: copy_namespaces(flags, p);
	if (!err) {
		fpu_save_current();
		err = fpu_alloc(p, current);
	}
	return err;
}

/* Identity: pid, thread group and parent; tasklist_lock taken inside. */
static void link_user_task(u64 flags, struct task_struct *p)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *leader = current->group_leader;

	if (flags & CLONE_THREAD) {
		p->tgid = current->tgid;
		p->group_leader = leader;
		p->real_parent = p->parent = leader->real_parent;
		list_add_tail(&p->thread_group, &leader->thread_group);
		p->signal->nr_threads++;
	} else {
		p->tgid = p->pid;
		p->group_leader = p;
		p->real_parent = p->parent =
			(flags & CLONE_PARENT) ? leader->real_parent : leader;
		list_add_tail(&p->sibling, &p->real_parent->children);
		list_add_tail(&p->tasks, &init_task.tasks);
	}
	attach_pid(p);
	/* A namespace of its pid lost its init after alloc_pid(): the kill
	 * sweep is over (both under tasklist_lock), so it dies now. */
	for (unsigned int i = 1; i <= p->thread_pid->level; i++)
		if (READ_ONCE(p->thread_pid->numbers[i].ns->dying))
			send_sig_process(SIGKILL, p);
	atomic_inc(&p->signal->live);	/* 0 in a new signal_struct */
	seccomp_fork(p);		/* here: a TSYNC holds tasklist_lock */
	total_forks++;
	spin_unlock_irqrestore(&tasklist_lock, irq);
}

/* The user stack a new thread runs on: the VMA around its stack pointer. */
static void note_user_stack(struct task_struct *p, u64 sp)
{
	struct vm_area_struct *v;
	unsigned long irq = spin_lock_irqsave(&p->mm->lock);

	v = find_vma(p->mm, sp - 1);
	if (v) {
		p->ustack_lo = v->vm_start;
		p->ustack_hi = v->vm_end;
	}
	spin_unlock_irqrestore(&p->mm->lock, irq);
}

/* Linux's rules: a thread shares its process's pid and user namespaces,
 * an init makes no sibling, a shared cwd stays in one mount and user ns. */
static bool ns_clone_flags_bad(u64 flags)
{
	struct pid_namespace *ns = task_active_pid_ns(current);

	if ((flags & CLONE_FS) && (flags & (CLONE_NEWNS | CLONE_NEWUSER)))
		return true;
	if ((flags & CLONE_THREAD) &&
	    ((flags & (CLONE_NEWPID | CLONE_NEWUSER)) ||
	     current_nsproxy()->pid_ns_for_children != ns))
		return true;
	return (flags & CLONE_PARENT) && is_child_reaper(current);
}

static long check_clone_flags(u64 flags, u64 tls)
{
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if (!current->mm)
		return -EINVAL;
	/* The TLS base goes into MSR_FS_BASE: non-canonical would #GP there. */
	if ((flags & CLONE_SETTLS) && tls >= TASK_SIZE_MAX)
		return -EPERM;
	if (ns_clone_flags_bad(flags))
		return -EINVAL;
	if (nr_pids() >= task_limit())
		return -EAGAIN;		/* RLIMIT_NPROC-style cap on tasks */
	if (free_pages_below_low())	/* memory short: a bomb's wall */
		return -ENOMEM;
	return sched_fork_check();	/* a deadline task: EAGAIN */
}

static struct task_struct *copy_process(u64 flags, u64 newsp, u64 tls,
					struct cgroup *into)
{
	struct task_struct *p;
	long err = check_clone_flags(flags, tls);
	struct pid *pid = NULL;

	if (err)
		return ERR_PTR(err);
	p = dup_task_struct(current->cred);
	if (!p)
		return ERR_PTR(-ENOMEM);
	fault_inject_fork(p);
	err = copy_user_parts(flags, p);
	if (!err)
		err = copy_creds_keyrings(p, flags & CLONE_THREAD);
	if (!err) {
		pid = alloc_pid(p->nsproxy->pid_ns_for_children);
		err = IS_ERR(pid) ? PTR_ERR(pid) : 0;
	}
	/* The last fallible step: cgroup_mutex held to cgroup_post_fork(). */
	if (!err && (err = cgroup_can_fork(p, flags, into))) {
		free_pid(pid);
		put_pid(pid);
	}
	if (err) {
		release_user_parts(p);
		exit_creds(p);
		kstack_free(p->stack);
		return ERR_PTR(err);
	}
	p->thread_pid = pid;
	p->pid = pid->numbers[0].nr;
	p->__state = TASK_UNINTERRUPTIBLE;
	sched_fork_policy(p);
	p->cpus_allowed = current->cpus_allowed;
	p->ioprio = current->ioprio;
	timer_slack_fork(p);
	p->flags |= PF_FORKNOEXEC;	/* setpgid(2) may move it until exec */
	p->personality = current->personality;
	p->no_new_privs = current->no_new_privs;
	p->cpu = smp_processor_id();
	p->blocked = current->blocked;
	/* CLONE_PARENT: a sibling of ours; our parent hears of it as of us. */
	if (flags & CLONE_THREAD)
		p->exit_signal = -1;
	else if (flags & CLONE_PARENT)
		p->exit_signal = current->group_leader->exit_signal;
	else
		p->exit_signal = (int)(flags & CSIGNAL);
	p->start_time = ktime_get_ns();
	p->ustack_lo = current->ustack_lo;
	p->ustack_hi = current->ustack_hi;
	memcpy(p->comm, current->comm, sizeof(p->comm));
	rseq_fork(p, flags & CLONE_VM);
	copy_thread_user(p, newsp, (flags & CLONE_SETTLS) ? tls : 0,
			 flags & CLONE_SETTLS);
	if (newsp)
		note_user_stack(p, newsp);
	link_user_task(flags, p);
	cgroup_post_fork(p);
	perf_event_init_task(p, flags);	/* inherited counters */
	return p;
}

/* Guards every task's vfork_done against the parent giving up on it. */
static DEFINE_SPINLOCK(vfork_lock);

/* The vfork child execs or exits: let its parent run again, if it still
 * waits. Any task, in task context. */
void complete_vfork_done(struct task_struct *t)
{
	unsigned long flags = spin_lock_irqsave(&vfork_lock);

	if (t->vfork_done)
		complete(t->vfork_done);
	t->vfork_done = NULL;
	spin_unlock_irqrestore(&vfork_lock, flags);
}

/* Has the vfork child let us go, or must we die? */
static bool vfork_over(struct completion *c)
{
	return READ_ONCE(c->done) || fatal_signal_pending(current);
}

/* The vfork parent sleeps until its child execs or exits, but SIGKILL
 * still ends it (a stopped child must not pin it). A parent that gives up
 * takes its completion, which lives on its stack, back from the child. */
static void wait_for_vfork_done(struct task_struct *child, struct completion *c)
{
	unsigned long flags;

	__wait_event(c->wait, vfork_over(c), TASK_INTERRUPTIBLE);
	flags = spin_lock_irqsave(&vfork_lock);
	if (!c->done)
		child->vfork_done = NULL;	/* child alive: it has not completed */
	spin_unlock_irqrestore(&vfork_lock, flags);
}

/* CLONE_PIDFD: its descriptor, made before the child (see pidfd.h);
 * copy_process() checks the other flags. */
static struct file *clone_pidfd(u64 flags, int __user *upidfd,
				int __user *parent_tid, int *fd)
{
	if (flags & (CLONE_DETACHED | CLONE_THREAD))
		return ERR_PTR(-EINVAL);	/* a pidfd names a process */
	if ((flags & CLONE_PARENT_SETTID) && upidfd == parent_tid)
		return ERR_PTR(-EINVAL);	/* one word cannot hold both */
	return pidfd_prepare(upidfd, fd);
}

long kernel_clone(u64 flags, u64 newsp, int __user *parent_tid,
		  int __user *child_tid, u64 tls, int __user *upidfd,
		  struct cgroup *into)
{
	struct completion vfork;
	struct file *pidfile = NULL;
	struct task_struct *p;
	int event, pidfd = -1;
	pid_t pid;

	if (flags & CLONE_PIDFD)
		pidfile = clone_pidfd(flags, upidfd, parent_tid, &pidfd);
	if (IS_ERR(pidfile))
		return PTR_ERR(pidfile);
	p = copy_process(flags, newsp, tls, into);
	if (pidfile)
		pidfd_install(pidfile, pidfd, p);
	if (IS_ERR(p))
		return PTR_ERR(p);
	pid = task_pid_vnr(p);		/* as the parent's namespace knows it */
	if (flags & CLONE_PARENT_SETTID)
		put_user_u32(pid, (u32 __user *)parent_tid);
	if (flags & CLONE_CHILD_SETTID)
		p->set_child_tid = child_tid;
	if (flags & CLONE_CHILD_CLEARTID)
		p->clear_child_tid = child_tid;
	if (flags & CLONE_VFORK) {
		init_completion(&vfork);
		p->vfork_done = &vfork;
	}
	event = ptrace_init_child(p, flags);	/* traced before it runs */
	wake_up_new_task(p);
	if (event)
		ptrace_event(event, pid);
	/* vfork: the parent waits until the child execs or exits. */
	if (flags & CLONE_VFORK) {
		wait_for_vfork_done(p, &vfork);
		ptrace_event(PTRACE_EVENT_VFORK_DONE, pid);
	}
	return pid;
}

long sys_clone(u64 flags, u64 newsp, int __user *parent_tid,
	       int __user *child_tid, u64 tls)
{
	return do_fork(flags, newsp, parent_tid, child_tid, tls);
}

/* fork(2): a copy of current's process (do_fork with SIGCHLD). */
long sys_fork(void)
{
	return do_fork(SIGCHLD, 0, NULL, NULL, 0);
}

/* vfork(2): shares current's memory; the parent sleeps till exec/exit. */
long sys_vfork(void)
{
	return do_fork(CLONE_VFORK | CLONE_VM | SIGCHLD, 0, NULL, NULL, 0);
}

/*
 * How many tasks may exist: as many kernel stacks as fit in three
 * quarters of memory, counting a page of other per-task memory each.
 * Beyond it fork and clone fail with -EAGAIN; below the low watermark
 * with -ENOMEM (user faults go to the OOM killer at min, just under it).
 */
u64 task_limit(void)
{
	u64 by_memory = nr_managed_pages() * 3 / 4 / (THREAD_PAGES + 1);
	u64 rlim = current->signal ? current->signal->rlim[RLIMIT_NPROC].rlim_cur
				   : RLIM_INFINITY;

	return MIN(MIN(by_memory, rlim), (u64)PID_MAX_DEFAULT - RESERVED_PIDS);
}
