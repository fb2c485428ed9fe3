/*
 * The pids controller (Linux's kernel/cgroup/pids.c): a limit on the
 * number of tasks (threads) in a cgroup and below it. "+pids" in a
 * parent's cgroup.subtree_control gives each child
 *
 *   pids.max       "max" (no limit) or a number; a fork (or clone of a
 *                  thread) that would pass it in the child or any cgroup
 *                  above it fails with EAGAIN
 *   pids.current   the tasks in it and below
 *   pids.events    "max N": how many forks in it were refused
 *
 * Moving a process in (cgroup.procs) is never refused: only fork is
 * limited, as on Linux. Taskbase counts a task until it exits; Linux
 * until it is reaped, so a zombie counts there and not here.
 */
#include "kernel/cgroup/internal.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/printk/printk.h"
#include "lib/errno.h"
#include "lib/string.h"

int pids_can_attach_one(struct cgroup *cg)
{
	struct cgroup *a, *origin = cg;

	for (a = cg; a->parent; a = a->parent)
		if (pids_enabled(a) && a->nr_populated + 1ull > a->pids_max)
			break;
	if (!a->parent)
		return 0;
	/* Counted where the forking task's pids state is: the nearest
	 * cgroup with pids enabled. */
	while (origin->parent && !pids_enabled(origin))
		origin = origin->parent;
	if (origin->pids_events_max++ == 0) {
		char path[128];
		struct seq_buf m = { .buf = path, .size = sizeof(path) };

		cgroup_print_path(&m, origin, &cgrp_root);
		path[MIN(m.len, sizeof(path) - 1)] = '\0';
		pr_info("cgroup: fork rejected by pids controller in %s\n", path);
	}
	return -EAGAIN;
}

int pids_max_show(struct seq_buf *m, struct cgroup *cg)
{
	if (cg->pids_max == PIDS_NO_LIMIT)
		seq_puts(m, "max\n");
	else
		seq_printf(m, "%llu\n", (unsigned long long)cg->pids_max);
	return 0;
}

/* "max" or a number 0..PID_MAX_LIMIT-ish; negative or junk: EINVAL. */
int pids_max_write(struct cgroup *cg, const char *buf)
{
	s64 v;

	if (!strcmp(buf, "max")) {
		cg->pids_max = PIDS_NO_LIMIT;
		return 0;
	}
	if (kstrtoll(buf, 0, &v) || v < 0 || v >= (1ll << 22) + 1)
		return -EINVAL;
	cg->pids_max = (u64)v;
	return 0;
}

int pids_current_show(struct seq_buf *m, struct cgroup *cg)
{
	seq_printf(m, "%u\n", cg->nr_populated);
	return 0;
}

int pids_events_show(struct seq_buf *m, struct cgroup *cg)
{
	seq_printf(m, "max %llu\n", (unsigned long long)cg->pids_events_max);
	return 0;
}
