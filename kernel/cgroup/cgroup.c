/*
 * The cgroup tree and its members (Linux's kernel/cgroup/cgroup.c,
 * without css_sets: see kernel/cgroup/cgroup.h). Here:
 *
 *   mkdir, rmdir        cgroup_mkdir_locked(), cgroup_rmdir_locked():
 *                       cgroup.max.* (EAGAIN), no removal of a cgroup
 *                       with tasks or children (EBUSY)
 *   echo PID > cgroup.procs   cgroup_procs_write(): Linux's permission
 *                       rules, then every thread of the process moves
 *   fork, exit          cgroup_can_fork(), cgroup_post_fork(),
 *                       cgroup_exit(): the counts behind cgroup.events'
 *                       "populated" and pids.current
 *   clone3 CLONE_INTO_CGROUP   cgroup_get_from_fd(), cgroup_can_fork()
 *   /proc/<pid>/cgroup  "0::/path", relative to the reader's cgroup
 *                       namespace's root (cgroup_ns_alloc()): the cgroup
 *                       its creator was in
 *
 * The root keeps no counts: every task is in it, and it has neither
 * cgroup.events nor pids files.
 */
#include "kernel/cgroup/internal.h"
#include "kernel/fork.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/mm/slab.h"
#include "kernel/ns/nsproxy.h"
#include "kernel/ns/pid_namespace.h"
#include "kernel/tasklist.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

DEFINE_MUTEX(cgroup_mutex);
DEFINE_SPINLOCK(css_set_lock);

struct cgroup cgrp_root = {
	.refcnt = REFCOUNT_INIT(1),		/* never dropped */
	.sibling = LIST_HEAD_INIT(cgrp_root.sibling),
	.children = LIST_HEAD_INIT(cgrp_root.children),
	.max_descendants = CGRP_MAX_VALUE,
	.max_depth = CGRP_MAX_VALUE,
	.pids_max = PIDS_NO_LIMIT,
};

struct cgroup *task_cgroup(struct task_struct *p)
{
	return p->cgroup ? p->cgroup : &cgrp_root;
}

unsigned int cgroup_control(const struct cgroup *cg)
{
	return cg->parent ? cg->parent->subtree_control : CGRP_ALL_CONTROLLERS;
}

bool cgroup_is_descendant(const struct cgroup *cg, const struct cgroup *ancestor)
{
	for (; cg; cg = cg->parent)
		if (cg == ancestor)
			return true;
	return false;
}

void cgroup_put(struct cgroup *cg)
{
	struct cgroup *parent;

	if (!cg || !refcount_dec_and_test(&cg->refcnt))
		return;
	BUG_ON(!cg->parent || !cg->dead);	/* the root is never freed */
	parent = cg->parent;
	for (struct cgroup *a = parent; a; a = a->parent)
		atomic_dec(&a->nr_dying_descendants);
	kfree(cg);
	cgroup_put(parent);
}

/* css_set_lock held: @delta more live tasks in @cg (the root keeps no
 * counts). */
static void cgroup_count(struct cgroup *cg, int delta)
{
	if (!cg->parent)
		return;
	cg->nr_tasks += delta;
	for (; cg->parent; cg = cg->parent)
		cg->nr_populated += delta;
}

/* ---- mkdir, rmdir ---- */

int cgroup_mkdir_locked(struct cgroup *parent, const char *name, size_t len,
			umode_t mode)
{
	struct cgroup *cg, *a;
	int level = 1;

	if (parent->dead)
		return -ENODEV;
	if (memchr(name, '\n', len) || len > NAME_MAX)
		return -EINVAL;
	for (a = parent; a; a = a->parent, level++)
		if (a->nr_descendants >= a->max_descendants || level > a->max_depth)
			return -EAGAIN;
	cg = kzalloc(sizeof(*cg), GFP_KERNEL);
	if (!cg)
		return -ENOMEM;
	refcount_set(&cg->refcnt, 1);		/* the tree's */
	INIT_LIST_HEAD(&cg->children);
	cg->parent = parent;
	cg->level = parent->level + 1;
	cg->max_descendants = cg->max_depth = CGRP_MAX_VALUE;
	cg->pids_max = PIDS_NO_LIMIT;
	memcpy(cg->name, name, len);
	cg->inode = cgroup_new_dir_inode(cg, mode);
	if (!cg->inode) {
		kfree(cg);
		return -ENOMEM;
	}
	cgroup_get(parent);
	cg->id = cg->inode->i_ino;
	list_add_tail(&cg->sibling, &parent->children);
	for (a = parent; a; a = a->parent)
		a->nr_descendants++;
	return 0;
}

int cgroup_rmdir_locked(struct cgroup *cg)
{
	struct inode *inode = cg->inode;

	if (cg->nr_populated || !list_empty(&cg->children))
		return -EBUSY;
	cg->dead = true;
	list_del_init(&cg->sibling);
	for (struct cgroup *a = cg->parent; a; a = a->parent) {
		a->nr_descendants--;
		atomic_inc(&a->nr_dying_descendants);
	}
	cg->inode = NULL;
	inode->i_flags |= S_DEAD;
	inode->i_nlink = 0;
	iput(inode);			/* an open descriptor may keep it */
	cgroup_put(cg);			/* the tree's reference */
	return 0;
}

/* ---- moving processes ---- */

static bool has_populated_child(const struct cgroup *cg)
{
	const struct cgroup *child;

	list_for_each_entry(child, &cg->children, sibling)
		if (child->nr_populated)
			return true;
	return false;
}

/*
 * Linux's cgroup_attach_permissions(): may current move a task (a whole
 * process: @threadgroup) from @src to @dst? It must be able to write
 * cgroup.procs of their nearest common ancestor (EACCES); @dst must obey
 * the no-internal-process rule: a cgroup that gives controllers to
 * populated children takes no tasks itself (EBUSY; the root may); and a
 * single thread cannot leave its process's cgroup (EOPNOTSUPP: threaded
 * cgroups are not built here).
 */
static int attach_permissions(struct cgroup *src, struct cgroup *dst,
			      bool threadgroup)
{
	struct cgroup *com = src;
	int err;

	while (!cgroup_is_descendant(dst, com))
		com = com->parent;
	err = cgroup_may_write(com);
	if (err)
		return err;
	if (dst->parent && dst->subtree_control && has_populated_child(dst))
		return -EBUSY;
	if (!threadgroup && src != dst)
		return -EOPNOTSUPP;
	return 0;
}

/* The task cgroup.procs (@threadgroup: its leader) or cgroup.threads
 * names, referenced: -ESRCH, or -EINVAL for a kernel thread. */
static struct task_struct *get_target(pid_t pid, bool threadgroup)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *t = pid ? find_task_by_vpid(pid) : current;

	if (t && threadgroup)
		t = t->group_leader;
	if (t && !(t->flags & PF_KTHREAD))
		get_task_struct(t);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (!t)
		return ERR_PTR(-ESRCH);
	return (t->flags & PF_KTHREAD) ? ERR_PTR(-EINVAL) : t;
}

/* cgroup_mutex held: every live thread of @leader's process into @dst.
 * A thread that has set PF_EXITING stays: under css_set_lock either its
 * cgroup_exit() has uncounted it where it is, or it will uncount it
 * from wherever this leaves it. */
static void move_process(struct task_struct *leader, struct cgroup *dst)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *t;

	spin_lock(&css_set_lock);
	for_each_thread(leader, t) {
		struct cgroup *old = task_cgroup(t);

		if ((t->flags & PF_EXITING) || old == dst)
			continue;
		cgroup_count(old, -1);
		cgroup_count(dst, 1);
		/* Not the last reference: a cgroup with tasks is in the tree. */
		cgroup_put(t->cgroup);
		t->cgroup = cgroup_get(dst);
	}
	spin_unlock(&css_set_lock);
	spin_unlock_irqrestore(&tasklist_lock, irq);
}

int cgroup_procs_write(struct cgroup *dst, const char *buf, bool threadgroup)
{
	struct task_struct *task;
	int pid, err = kstrtoint(buf, 0, &pid);

	if (err)
		return err;
	if (pid < 0)
		return -EINVAL;
	task = get_target(pid, threadgroup);
	if (IS_ERR(task))
		return (int)PTR_ERR(task);
	err = attach_permissions(task_cgroup(task), dst, threadgroup);
	if (!err && threadgroup)
		move_process(task, dst);
	put_task_struct(task);
	return err;
}

void cgroup_show_tasks(struct seq_buf *m, struct cgroup *cg, bool threadgroup)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *p, *t;

	for_each_process(p) {
		for_each_thread(p, t) {
			pid_t nr = threadgroup ? task_tgid_vnr(t) : task_pid_vnr(t);

			if (task_cgroup(t) != cg || (t->flags & PF_EXITING) || !nr)
				continue;
			seq_printf(m, "%d\n", nr);
			if (threadgroup)
				break;		/* one line per process */
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
}

/* ---- fork and exit ---- */

int cgroup_can_fork(struct task_struct *child, u64 clone_flags,
		    struct cgroup *into)
{
	unsigned long irq;
	struct cgroup *cg;
	int err = 0;

	mutex_lock(&cgroup_mutex);
	cg = task_cgroup(current);
	if (into) {
		err = attach_permissions(cg, into, !(clone_flags & CLONE_THREAD));
		if (!err && into->dead)
			err = -ENODEV;
		cg = into;
	}
	if (!err)
		err = pids_can_attach_one(cg);
	if (err) {
		mutex_unlock(&cgroup_mutex);
		return err;
	}
	child->cgroup = cgroup_get(cg);
	irq = spin_lock_irqsave(&css_set_lock);
	cgroup_count(cg, 1);
	spin_unlock_irqrestore(&css_set_lock, irq);
	return 0;
}

void cgroup_post_fork(struct task_struct *child)
{
	mutex_unlock(&cgroup_mutex);
}

/* Not under cgroup_mutex (see internal.h); PF_EXITING is set, so no
 * migration moves @p after this (move_process()). */
void cgroup_exit(struct task_struct *p)
{
	unsigned long irq = spin_lock_irqsave(&css_set_lock);

	if (p->cgroup)
		cgroup_count(p->cgroup, -1);
	spin_unlock_irqrestore(&css_set_lock, irq);
}

void cgroup_free(struct task_struct *p)
{
	cgroup_put(p->cgroup);
	p->cgroup = NULL;
}

struct cgroup *cgroup_get_from_fd(int fd)
{
	struct file *f = fget_raw(fd);
	struct cgroup *cg = f ? cgroup_of_file(f) : NULL;

	if (cg) {
		mutex_lock(&cgroup_mutex);
		cg = cg->dead ? ERR_PTR(-ENOENT) : cgroup_get(cg);
		mutex_unlock(&cgroup_mutex);
	}
	if (f)
		fput(f);
	return cg ? cg : ERR_PTR(-EBADF);
}

/* ---- paths, namespaces, /proc ---- */

/* The path from @root down to @cg, which is below it. A loop, not a
 * recursion: the tree may be deeper than a kernel stack allows. */
static void print_down(struct seq_buf *m, struct cgroup *cg, struct cgroup *root)
{
	for (int depth = cg->level - root->level; depth > 0; depth--) {
		struct cgroup *a = cg;

		for (int i = 1; i < depth; i++)
			a = a->parent;
		seq_printf(m, "/%s", a->name);
	}
}

void cgroup_print_path(struct seq_buf *m, struct cgroup *cg, struct cgroup *root)
{
	struct cgroup *com = root;
	size_t start = m->len;

	while (!cgroup_is_descendant(cg, com)) {
		seq_puts(m, "/..");
		com = com->parent;
	}
	print_down(m, cg, com);
	if (m->len == start)
		seq_putc(m, '/');
}

/* A cgroup namespace: its root is where its creator was. */
struct cgroup_namespace {
	struct ns_common ns;
	struct cgroup *root;		/* referenced */
};

struct ns_common *cgroup_ns_alloc(void)
{
	struct cgroup_namespace *cns = kzalloc(sizeof(*cns), GFP_KERNEL);

	if (!cns)
		return NULL;
	ns_init(&cns->ns, CLONE_NEWCGROUP);
	mutex_lock(&cgroup_mutex);
	cns->root = cgroup_get(task_cgroup(current));
	mutex_unlock(&cgroup_mutex);
	return &cns->ns;
}

void cgroup_ns_free(struct ns_common *ns)
{
	struct cgroup_namespace *cns = container_of(ns, struct cgroup_namespace, ns);

	cgroup_put(cns->root);
	kfree(cns);
}

/* The root of current's cgroup namespace (the initial one: the root). */
static struct cgroup *current_cgns_root(void)
{
	struct ns_common *ns = current_nsproxy()->cgroup_ns;

	if (ns->inum == PROC_CGROUP_INIT_INO)
		return &cgrp_root;
	return container_of(ns, struct cgroup_namespace, ns)->root;
}

int cgroup_proc_show(struct task_struct *task, struct seq_buf *m)
{
	struct cgroup *cg;

	mutex_lock(&cgroup_mutex);
	cg = task_cgroup(task);
	seq_puts(m, "0::");
	cgroup_print_path(m, cg, current_cgns_root());
	seq_puts(m, cg->dead ? " (deleted)\n" : "\n");
	mutex_unlock(&cgroup_mutex);
	return 0;
}

/* The cgroup after @pos in a pre-order walk of the tree, or NULL
 * (Linux's css_next_descendant_pre()). */
static struct cgroup *next_descendant_pre(struct cgroup *pos)
{
	if (!list_empty(&pos->children))
		return list_first_entry(&pos->children, struct cgroup, sibling);
	for (; pos->parent; pos = pos->parent)
		if (pos->sibling.next != &pos->parent->children)
			return list_entry(pos->sibling.next, struct cgroup, sibling);
	return NULL;
}

/* Linux's header, then one line per controller: hierarchy 0 is the v2
 * one, num_cgroups counts the root and the cgroups that have it. */
int proc_cgroups_show(struct seq_buf *m, void *unused)
{
	int n = 0;

	seq_puts(m, "#subsys_name\thierarchy\tnum_cgroups\tenabled\n");
	mutex_lock(&cgroup_mutex);
	for (struct cgroup *cg = &cgrp_root; cg; cg = next_descendant_pre(cg))
		n += !cg->parent || pids_enabled(cg);
	mutex_unlock(&cgroup_mutex);
	seq_printf(m, "pids\t0\t%d\t1\n", n);
	return 0;
}
