/*
 * PID namespaces (Linux's kernel/pid_namespace.c, and the number
 * translations of its kernel/pid.c): making and freeing one, what a
 * task's pids are as a given namespace sees them, and the end of a
 * namespace when its init dies. The initial namespace's init is
 * kernel/exit.c's child_reaper; a nested one's is the first task
 * attached in it (kernel/pid.c attach_pid()).
 */
#include "kernel/ns/pid_namespace.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/module/module.h"
#include "kernel/exit.h"
#include "kernel/mm/slab.h"
#include "kernel/pid.h"
#include "kernel/signal.h"
#include "kernel/tasklist.h"
#include "lib/err.h"
#include "lib/errno.h"

static u64 init_pid_bitmap[PID_MAX_DEFAULT / 64];

struct pid_namespace init_pid_ns = {
	.ns = { .count = REFCOUNT_INIT(1), .inum = PROC_PID_INIT_INO,
		.type = CLONE_NEWPID,
		.user_ns = &init_user_ns },
	.level = 0,
	.bitmap = init_pid_bitmap,
};

struct pid_namespace *create_pid_namespace(struct pid_namespace *parent)
{
	struct pid_namespace *ns;

	if (parent->level + 1 > MAX_PID_NS_LEVEL)
		return ERR_PTR(-ENOSPC);
	ns = kzalloc(sizeof(*ns), GFP_KERNEL);
	if (!ns)
		return ERR_PTR(-ENOMEM);
	ns->bitmap = kzalloc(PID_MAX_DEFAULT / 8, GFP_KERNEL);
	if (!ns->bitmap) {
		kfree(ns);
		return ERR_PTR(-ENOMEM);
	}
	ns_init(&ns->ns, CLONE_NEWPID);
	ns->parent = to_pid_ns(get_ns(&parent->ns));
	ns->level = parent->level + 1;
	return ns;
}

void free_pid_ns(struct pid_namespace *ns)
{
	struct pid_namespace *parent = ns->parent;

	kfree(ns->bitmap);
	kfree(ns);
	put_ns(&parent->ns);
}

bool pid_ns_is_ancestor(struct pid_namespace *ancestor,
			struct pid_namespace *ns)
{
	for (; ns; ns = ns->parent)
		if (ns == ancestor)
			return true;
	return false;
}

struct pid_namespace *task_active_pid_ns(struct task_struct *p)
{
	struct pid *pid = p->thread_pid;

	return pid->numbers[pid->level].ns;
}
EXPORT_SYMBOL(task_active_pid_ns);

pid_t pid_nr_ns(struct pid *pid, struct pid_namespace *ns)
{
	if (!pid || ns->level > pid->level || pid->numbers[ns->level].ns != ns)
		return 0;
	return pid->numbers[ns->level].nr;
}
EXPORT_SYMBOL(pid_nr_ns);

bool task_in_pid_ns(struct task_struct *p, struct pid_namespace *ns)
{
	return p->thread_pid->numbers[0].nr == 0 ||	/* idle, first task */
	       pid_nr_ns(p->thread_pid, ns) != 0;
}

pid_t task_pid_nr_ns(struct task_struct *p, struct pid_namespace *ns)
{
	return pid_nr_ns(p->thread_pid, ns);
}
EXPORT_SYMBOL(task_pid_nr_ns);

pid_t task_tgid_nr_ns(struct task_struct *p, struct pid_namespace *ns)
{
	return pid_nr_ns(p->group_leader->thread_pid, ns);
}
EXPORT_SYMBOL(task_tgid_nr_ns);

pid_t task_ppid_nr_ns(struct task_struct *p, struct pid_namespace *ns)
{
	struct task_struct *parent = p->group_leader->real_parent;

	return parent ? task_tgid_nr_ns(parent, ns) : 0;
}

struct task_struct *find_task_by_pid_ns(pid_t nr, struct pid_namespace *ns)
{
	struct pid *pid = find_pid_ns(nr, ns);

	return pid ? pid->task : NULL;
}

struct task_struct *find_task_by_vpid(pid_t vnr)
{
	return find_task_by_pid_ns(vnr, task_active_pid_ns(current));
}

pid_t global_pid_nr_ns(pid_t nr, struct pid_namespace *ns)
{
	struct pid *pid;

	if (ns == &init_pid_ns || nr <= 0)
		return nr;
	pid = find_pid_ns(nr, &init_pid_ns);
	return pid_nr_ns(pid, ns);
}

pid_t global_pid_of_vnr(pid_t vnr)
{
	struct pid_namespace *ns = task_active_pid_ns(current);
	struct pid *pid;

	if (ns == &init_pid_ns || vnr <= 0)
		return vnr;
	pid = find_pid_ns(vnr, ns);
	return pid ? pid->numbers[0].nr : 0;
}

struct task_struct *pid_ns_reaper(struct pid_namespace *ns)
{
	return ns->level ? ns->child_reaper : child_reaper;
}

bool is_child_reaper(struct task_struct *p)
{
	return p->group_leader == pid_ns_reaper(task_active_pid_ns(p));
}

bool sig_from_outer_pid_ns(struct task_struct *p, int sig)
{
	return (sig == SIGKILL || sig == SIGSTOP) &&
	       !task_in_pid_ns(current, task_active_pid_ns(p));
}

const struct ksiginfo *siginfo_for_pid_ns(const struct ksiginfo *info,
					  struct task_struct *p,
					  struct ksiginfo *local)
{
	u32 uid;

	if (!info || !info->from_sender || info->si_pid != current->tgid)
		return info;
	uid = task_from_kuid(p, KUIDT_INIT(info->si_uid));
	if (task_active_pid_ns(p) == task_active_pid_ns(current) &&
	    uid == info->si_uid)
		return info;
	*local = *info;
	local->si_pid = task_tgid_nr_ns(current, task_active_pid_ns(p));
	local->si_uid = uid;
	return local;
}

void zap_pid_ns_processes(struct pid_namespace *ns)
{
	struct task_struct *p, *reaper = current->group_leader;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);

	ns->dying = true;	/* under the lock fork attaches in */
	for_each_process(p)
		if (p != reaper && p->signal && task_in_pid_ns(p, ns) &&
		    p->thread_pid->numbers[0].nr)
			send_sig_process(SIGKILL, p);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	/* Reap them: do_wait() lets an exiting task sleep for this. */
	while (kernel_wait(-1, NULL) != -ECHILD)
		;
}
