/*
 * /proc/<pid>/ns/ (Linux's fs/proc/namespaces.c): one symlink per kind
 * of namespace, whose text names the namespace the task is in
 * ("uts:[4026531838]": two tasks in the same one show the same number)
 * and whose open lands on the namespace itself (kernel/ns/nsfs.c), the
 * descriptor setns(2) and the NS_GET_* ioctls take. Opening another
 * process's needs what reading its memory needs (ptrace_may_access()).
 * Also here: /proc/<pid>/timens_offsets (kernel/time/namespace.c),
 * /proc/<pid>/cgroup (kernel/cgroup/cgroup.c, relative to the reader's
 * cgroup namespace), and uid_map, gid_map and setgroups
 * (kernel/ns/user_namespace.c).
 */
#include "kernel/cred.h"
#include "kernel/fs/proc/internal.h"
#include "kernel/ns/nsfs.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/time/namespace.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

/* The kind of namespace the link @inode stands for. */
static const struct proc_ns_operations *ns_ops_of(struct inode *inode)
{
	const char *name = PROC_I(inode)->entry->name;

	for (size_t i = 0; i < nr_proc_ns_ops; i++)
		if (!strcmp(proc_ns_ops[i].name, name))
			return &proc_ns_ops[i];
	return NULL;
}

static long proc_ns_link(struct inode *inode, char *buf, size_t size)
{
	const struct proc_ns_operations *ops = ns_ops_of(inode);
	struct ns_common *ns = ops ? task_get_ns(PROC_I(inode)->task, ops) : NULL;
	long len;

	if (!ns)
		return -ENOENT;		/* the task has exited */
	len = ns_link_name(ns, buf, size);
	put_ns(ns);
	return len;
}

static struct dentry *proc_ns_jump(struct inode *inode)
{
	const struct proc_ns_operations *ops = ns_ops_of(inode);
	struct task_struct *task = PROC_I(inode)->task;
	struct ns_common *ns;

	if (!ptrace_may_access(task))
		return ERR_PTR(-EACCES);
	ns = ops ? task_get_ns(task, ops) : NULL;
	return ns ? ns_dentry(ns) : ERR_PTR(-ENOENT);
}

#define NS(n) { .name = n, .mode = S_IFLNK | 0777, .link = proc_ns_link, \
		.magic = proc_ns_jump }

static const struct proc_entry ns_entries[] = {
	NS("net"), NS("uts"), NS("ipc"), NS("pid"), NS("pid_for_children"),
	NS("cgroup"), NS("time"), NS("time_for_children"), NS("mnt"),
	NS("user"),
};

static u64 ns_ino0(const struct proc_inode *d)
{
	return proc_task_ino(d->task, PROC_INO_NS, d->thread ? 16 : 0);
}

static struct inode *proc_ns_dir_lookup(struct inode *dir, const char *name,
					size_t len)
{
	struct proc_inode *d = PROC_I(dir);

	if (!proc_task_alive(d->task))
		return ERR_PTR(-ENOENT);
	return proc_lookup_table(ns_entries, ARRAY_SIZE(ns_entries), name, len,
				 &(struct proc_inode){ .task = d->task,
				 .thread = d->thread, .fd = -1 }, ns_ino0(d));
}

static int proc_ns_dir_readdir(struct inode *dir, struct dir_context *ctx)
{
	struct proc_inode *d = PROC_I(dir);

	if (proc_task_alive(d->task))
		proc_readdir_table(ctx, ns_entries, ARRAY_SIZE(ns_entries),
				   ns_ino0(d));
	return 0;
}

const struct inode_operations proc_ns_dir_iops = {
	.lookup = proc_ns_dir_lookup,
	.readdir = proc_ns_dir_readdir,
};

/* The task a /proc/<pid> file of this kind stands for. */
static struct task_struct *pi_task(void *pi)
{
	return ((struct proc_inode *)pi)->task;
}

int proc_timens_offsets_show(struct seq_buf *m, void *pi)
{
	return timens_offsets_show(pi_task(pi), m);
}

int proc_timens_offsets_store(void *pi, const char *buf, size_t len)
{
	return timens_offsets_write(pi_task(pi), buf, len);
}

int proc_cgroup_show(struct seq_buf *m, void *pi)
{
	return cgroup_proc_show(pi_task(pi), m);
}

int proc_uid_map_show(struct seq_buf *m, void *pi)
{
	return proc_id_map_show(pi_task(pi), m, false);
}

int proc_gid_map_show(struct seq_buf *m, void *pi)
{
	return proc_id_map_show(pi_task(pi), m, true);
}

int proc_uid_map_store(void *pi, const char *buf, size_t len)
{
	return proc_id_map_write(pi_task(pi), buf, false);
}

int proc_gid_map_store(void *pi, const char *buf, size_t len)
{
	return proc_id_map_write(pi_task(pi), buf, true);
}

int proc_setgroups_show_pi(struct seq_buf *m, void *pi)
{
	return proc_setgroups_show(pi_task(pi), m);
}

int proc_setgroups_store(void *pi, const char *buf, size_t len)
{
	return proc_setgroups_write(pi_task(pi), buf);
}
