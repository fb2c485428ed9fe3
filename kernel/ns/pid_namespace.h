/*
 * PID namespaces (Linux's include/linux/pid_namespace.h): a process
 * created by clone(CLONE_NEWPID), or the first child after
 * unshare(CLONE_NEWPID), is pid 1 of a new namespace nested in its
 * parent's, and has a pid in every namespace from there up to the
 * initial one (struct pid in kernel/pid.h, one struct upid per level).
 * Each namespace hands out its own numbers from a bitmap of its own,
 * and its first process is its child reaper: orphans in it are
 * reparented to it, and when it dies every task in the namespace is
 * killed. A task's pid namespace never changes; unshare and setns change
 * only where its children go (nsproxy->pid_ns_for_children).
 */
#ifndef KERNEL_NS_PID_NAMESPACE_H
#define KERNEL_NS_PID_NAMESPACE_H

#include "kernel/ns/nsproxy.h"
#include "kernel/pid.h"
#include "kernel/task.h"
#include "lib/types.h"

struct pid;
struct task_struct;

#define MAX_PID_NS_LEVEL 32	/* Linux's: a 33rd level is -ENOSPC */

struct pid_namespace {
	struct ns_common ns;		/* first: its type is CLONE_NEWPID */
	struct pid_namespace *parent;	/* referenced; NULL for the initial */
	unsigned int level;		/* 0 for the initial one */
	struct task_struct *child_reaper;	/* its init, once forked */
	u64 *bitmap;			/* the numbers taken (PID_MAX_DEFAULT bits) */
	int last_pid;			/* /proc/sys/kernel/ns_last_pid */
	u32 nr_pids;			/* numbers taken */
	bool dying;			/* its init has exited: no new pids */
};

extern struct pid_namespace init_pid_ns;

/* A new namespace nested in @parent (referenced), or ERR_PTR(-ENOMEM,
 * -ENOSPC when @parent is MAX_PID_NS_LEVEL deep). */
struct pid_namespace *create_pid_namespace(struct pid_namespace *parent);
/* put_ns() of a pid namespace's last reference: free it and its bitmap,
 * and drop its parent. */
void free_pid_ns(struct pid_namespace *ns);
static inline struct pid_namespace *to_pid_ns(struct ns_common *ns)
{
	return (struct pid_namespace *)ns;
}
/* Is @ancestor @ns or one of the namespaces @ns is nested in? */
bool pid_ns_is_ancestor(struct pid_namespace *ancestor,
			struct pid_namespace *ns);
/* The namespace @p's pid was allocated in (Linux's name). */
struct pid_namespace *task_active_pid_ns(struct task_struct *p);
/* Does @p have a number in @ns (is it visible there)? */
bool task_in_pid_ns(struct task_struct *p, struct pid_namespace *ns);
/* The number @pid has in @ns, 0 when @ns cannot see it (Linux's names:
 * the *_nr_ns ones for a given namespace, the *_vnr ones for current's). */
pid_t pid_nr_ns(struct pid *pid, struct pid_namespace *ns);
pid_t task_pid_nr_ns(struct task_struct *p, struct pid_namespace *ns);
pid_t task_tgid_nr_ns(struct task_struct *p, struct pid_namespace *ns);
/* In the initial namespace (level 0) the kernel's own numbers are the
 * answer: getpid stays a few instructions. */
static inline pid_t task_pid_vnr(struct task_struct *p)
{
	return current->thread_pid->level ?
	       task_pid_nr_ns(p, task_active_pid_ns(current)) : p->pid;
}

static inline pid_t task_tgid_vnr(struct task_struct *p)
{
	return current->thread_pid->level ?
	       task_tgid_nr_ns(p, task_active_pid_ns(current)) : p->tgid;
}
/* @p's parent's process id in @ns: 0 when the parent is outside it. */
pid_t task_ppid_nr_ns(struct task_struct *p, struct pid_namespace *ns);
/* A kernel-side number (a process group's, a session's) as @ns sees it,
 * 0 if it cannot; and back from current's view (0: no such pid). Both
 * the identity in the initial namespace. tasklist_lock held. */
pid_t global_pid_nr_ns(pid_t nr, struct pid_namespace *ns);
pid_t global_pid_of_vnr(pid_t vnr);
/* The init of @ns (its child reaper); is @p's process that of its own? */
struct task_struct *pid_ns_reaper(struct pid_namespace *ns);
bool is_child_reaper(struct task_struct *p);
/* A signal to a nested namespace's init @p that reaches it whatever it
 * handles: SIGKILL or SIGSTOP from a task outside @p's namespace (Linux's
 * SIGNAL_UNKILLABLE, forced for an ancestor namespace's sender). */
bool sig_from_outer_pid_ns(struct task_struct *p, int sig);
struct ksiginfo;
/* @info as @p's pid namespace should read it: a sender's pid that names
 * current's process becomes the number @p knows current by (0 from
 * outside), as Linux's si_pid, and its (global) si_uid the uid @p's user
 * namespace sees; then in *@local, which is returned. */
const struct ksiginfo *siginfo_for_pid_ns(const struct ksiginfo *info,
					  struct task_struct *p,
					  struct ksiginfo *local);
/* global_pid_nr_ns() for current's namespace (tasklist_lock held). */
static inline pid_t global_pid_vnr(pid_t nr)
{
	return global_pid_nr_ns(nr, task_active_pid_ns(current));
}
/*
 * The init of @ns is exiting (Linux's zap_pid_ns_processes()): no pid is
 * given out in @ns any more, every other task in it gets SIGKILL, and
 * the init reaps its children before it goes on exiting. Called without
 * tasklist_lock.
 */
void zap_pid_ns_processes(struct pid_namespace *ns);

#endif
