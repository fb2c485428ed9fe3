/*
 * Control groups, version 2 (Linux's include/linux/cgroup.h and
 * kernel/cgroup/): a tree of groups of processes, seen as a file system,
 * "cgroup2", mounted at /sys/fs/cgroup at boot (as systemd does) and
 * wherever mount -t cgroup2 puts it again: one hierarchy, the same tree
 * at every mount.
 *
 *   /sys/fs/cgroup                the root cgroup: every task at boot
 *     cgroup.procs                "echo PID > cgroup.procs" moves a process
 *     cgroup.subtree_control      "+pids": the children get pids.max
 *     demo/                       mkdir makes a child, rmdir removes it
 *       cgroup.procs, cgroup.events ("populated 1"), pids.max, ...
 *
 * Each task belongs to one cgroup: task_struct.cgroup, a counted
 * pointer. Linux points each task at a css_set (one cgroup per
 * hierarchy, one state per controller, shared by the tasks that have the
 * same ones); with one hierarchy and one controller that reduces to the
 * cgroup itself. NULL stands for the root (kernel threads, and pid 1
 * until it forks). A child starts in its parent's cgroup, or in the one
 * clone3's CLONE_INTO_CGROUP names; exit takes a task out of the counts
 * (the pointer stays for /proc/<pid>/cgroup of a zombie).
 *
 * Files: kernel/cgroup/cgroup.c (the tree, membership, migration, fork
 * and exit, /proc/<pid>/cgroup), cgroupfs.c (the file system and the
 * cgroup.* files), pids.c (the one controller: pids.max, pids.current,
 * pids.events; fork past the limit is EAGAIN).
 */
#ifndef KERNEL_CGROUP_CGROUP_H
#define KERNEL_CGROUP_CGROUP_H

#include "lib/types.h"

struct cgroup;
struct seq_buf;
struct super_block;
struct task_struct;

/* Boot, after sysfs: the hierarchy's super block with the root cgroup,
 * mounted on /sys/fs/cgroup. 0 or -errno. */
int cgroup_init(void);
/* mount(2) of "cgroup2": the one super block (kernel/fs/mount.h). */
struct super_block *cgroup_get_tree(const char *type, unsigned int sb_flags,
				    char *data, char *shown, size_t size);

/* clone3's CLONE_INTO_CGROUP: the cgroup open at descriptor @fd (an
 * O_PATH one too), referenced: ERR_PTR(-EBADF) for a bad descriptor or
 * one not of a cgroup2 directory, -ENOENT for a removed cgroup. */
struct cgroup *cgroup_get_from_fd(int fd);
/* Drop a reference to @cg (NULL: nothing); the last one frees it. */
void cgroup_put(struct cgroup *cg);

/*
 * fork, the last step that may fail, just before the child is linked:
 * put @child in @into (NULL: its parent's cgroup), checking Linux's rules
 * for @into and the pids limit (-EAGAIN). On success cgroup_mutex stays
 * held until cgroup_post_fork(), once the child is on the task list, so
 * that a process cannot move while a thread of it is being made; on
 * failure nothing is held and @child->cgroup stays NULL. Short: the
 * forks waiting for it have done their work (their memory and pid).
 */
int cgroup_can_fork(struct task_struct *child, u64 clone_flags,
		    struct cgroup *into);
void cgroup_post_fork(struct task_struct *child);
/* do_exit(): @p leaves its cgroup's counts (populated, pids.current). */
void cgroup_exit(struct task_struct *p);
/* The task is freed: its reference on its cgroup goes. */
void cgroup_free(struct task_struct *p);

/* /proc/<pid>/cgroup of @task: "0::/path" from the root of current's
 * cgroup namespace, " (deleted)" after a removed cgroup's path. */
int cgroup_proc_show(struct task_struct *task, struct seq_buf *m);
/* /proc/cgroups: Linux's header and a line per controller. */
int proc_cgroups_show(struct seq_buf *m, void *unused);

/* The cgroup namespace (kernel/ns/nsproxy.c): a new one's root is
 * current's cgroup, referenced; cgroup_ns_free() drops it. */
struct ns_common *cgroup_ns_alloc(void);
void cgroup_ns_free(struct ns_common *ns);

#endif
