/*
 * What the files of kernel/cgroup/ share (Linux's cgroup-internal.h):
 * struct cgroup, the lock, and the controllers' hooks.
 *
 *   cgrp_root ("/")          parent NULL, level 0, never freed
 *     +-- demo               sibling in cgrp_root.children
 *           +-- a            level 2
 *
 * Locking: cgroup_mutex guards the tree (children, subtree_control,
 * the limits) and every task's cgroup pointer; fork holds it from
 * cgroup_can_fork() to cgroup_post_fork(), so a migration sees every
 * thread of a process, finished ones and new ones (Linux has a per-CPU
 * rwsem for the fork side; one mutex is simpler to follow). The counts
 * (nr_tasks, nr_populated) change under css_set_lock, a spinlock, as
 * well: exit takes only that one, so an exiting task never waits for a
 * fork that may itself be waiting for memory the exit would free.
 */
#ifndef KERNEL_CGROUP_INTERNAL_H
#define KERNEL_CGROUP_INTERNAL_H

#include "kernel/cgroup/cgroup.h"
#include "kernel/fs/vfs.h"
#include "kernel/locking/mutex.h"
#include "kernel/locking/spinlock.h"
#include "lib/atomic.h"
#include "lib/list.h"
#include "lib/refcount.h"

/* Controllers, as bits of subtree_control. Only one here. */
#define CGRP_PIDS 0x1
#define CGRP_ALL_CONTROLLERS CGRP_PIDS
#define CGRP_MAX_VALUE 0x7fffffff	/* "max" in cgroup.max.* (INT_MAX) */
#define PIDS_NO_LIMIT (~0ull)		/* "max" in pids.max */

struct cgroup {
	/* References: the tree's (dropped at rmdir), one per task that
	 * points here, one per inode of its directory and files. */
	refcount_t refcnt;
	struct cgroup *parent;		/* NULL: the root */
	struct list_head sibling;	/* in parent->children */
	struct list_head children;	/* live children only */
	struct inode *inode;		/* its directory (held until rmdir) */
	u64 id;				/* its directory's inode number */
	int level;			/* the root is 0 */
	bool dead;			/* rmdir'd: no new task may enter */
	unsigned int nr_tasks;		/* live tasks (threads) in it */
	unsigned int nr_populated;	/* live tasks in it and below
					 * (both: css_set_lock) */
	int nr_descendants;		/* live cgroups below */
	atomic_t nr_dying_descendants;	/* removed below, not yet freed */
	int max_descendants, max_depth;	/* CGRP_MAX_VALUE: no limit */
	unsigned int subtree_control;	/* CGRP_* its children get */
	/* pids controller (pids.c): the limit on nr_populated, and how
	 * often a fork in this cgroup hit one ("max" in pids.events). */
	u64 pids_max;
	u64 pids_events_max;
	char name[NAME_MAX + 1];	/* "" for the root */
};

extern struct mutex cgroup_mutex;
extern spinlock_t css_set_lock;
extern struct cgroup cgrp_root;
extern struct super_block *cgroup_sb;

static inline struct cgroup *cgroup_get(struct cgroup *cg)
{
	refcount_inc(&cg->refcnt);
	return cg;
}

/* The cgroup @p is in (NULL in task_struct is the root). */
struct cgroup *task_cgroup(struct task_struct *p);
/* The controllers @cg may enable for its children (cgroup.controllers):
 * all at the root, else what its parent enables for it. */
unsigned int cgroup_control(const struct cgroup *cg);
/* Is @cg @ancestor or below it? */
bool cgroup_is_descendant(const struct cgroup *cg,
			  const struct cgroup *ancestor);

/* ---- cgroup.c: the tree and its members (cgroup_mutex held) ---- */

/* A new child @name of @parent, with its directory inode: 0, -EAGAIN
 * (cgroup.max.*), -ENODEV (parent removed), -ENOMEM. */
int cgroup_mkdir_locked(struct cgroup *parent, const char *name, size_t len,
			umode_t mode);
/* Remove the empty child @cg: 0 or -EBUSY (tasks or children). */
int cgroup_rmdir_locked(struct cgroup *cg);
/* cgroup.procs (@threadgroup) or cgroup.threads written with @buf (a
 * pid, 0: the writer): move it to @dst. 0 or -errno. */
int cgroup_procs_write(struct cgroup *dst, const char *buf, bool threadgroup);
/* Render the pids (@threadgroup: processes) in @cg, one per line. */
void cgroup_show_tasks(struct seq_buf *m, struct cgroup *cg, bool threadgroup);
/* @cg's path from @root ("/demo/a"; "/" for @root itself; "/../x"
 * climbing out of @root, as Linux's kernfs_path_from_node()). */
void cgroup_print_path(struct seq_buf *m, struct cgroup *cg,
		       struct cgroup *root);

/* ---- cgroupfs.c ---- */

/* A directory inode for @cg, referenced (the cgroup is referenced
 * once more, until the inode goes); NULL: no memory. */
struct inode *cgroup_new_dir_inode(struct cgroup *cg, umode_t mode);
/* Is @f open on a directory of the cgroup2 file system? Its cgroup. */
struct cgroup *cgroup_of_file(struct file *f);
/* May current write @cg's cgroup.procs (its mode and owner)? 0 or
 * -EACCES. */
int cgroup_may_write(struct cgroup *cg);

/* ---- pids.c ---- */

/* Would one more task in @cg pass a pids.max on its way up? 0 or
 * -EAGAIN (counted in @cg's pids.events, as Linux does). */
int pids_can_attach_one(struct cgroup *cg);
/* Is pids enabled for @cg (its parent's subtree_control)? */
static inline bool pids_enabled(const struct cgroup *cg)
{
	return cg->parent && (cg->parent->subtree_control & CGRP_PIDS);
}
int pids_max_show(struct seq_buf *m, struct cgroup *cg);
int pids_max_write(struct cgroup *cg, const char *buf);
int pids_current_show(struct seq_buf *m, struct cgroup *cg);
int pids_events_show(struct seq_buf *m, struct cgroup *cg);

#endif
