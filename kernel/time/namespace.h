/*
 * Time namespaces (Linux's include/linux/time_namespace.h): a namespace
 * of clocks shifted by fixed offsets, so that a restored or migrated
 * group of processes may see CLOCK_MONOTONIC and CLOCK_BOOTTIME go on
 * from where they were. unshare(CLONE_NEWTIME) makes one for the caller's
 * children (nsproxy->time_ns_for_children); /proc/<pid>/timens_offsets
 * sets its offsets until the first process enters it, after which they
 * are fixed. Only the clock values a task reads or gives change; the
 * kernel keeps every deadline on its own monotonic clock.
 */
#ifndef KERNEL_TIME_NAMESPACE_H
#define KERNEL_TIME_NAMESPACE_H

#include "kernel/ns/nsproxy.h"
#include "lib/types.h"

struct mm_struct;
struct seq_buf;
struct task_struct;

struct time_namespace {
	struct ns_common ns;		/* first: put_ns() frees the whole */
	s64 monotonic, boottime;	/* offsets, ns */
	bool frozen;			/* a task is in it: offsets fixed */
};

extern struct time_namespace init_time_ns;

/* A new time namespace with @old's offsets (as Linux), or NULL. */
struct ns_common *copy_time_ns(struct ns_common *old);
/* What current's time namespace adds to clock @clk (ns): the monotonic
 * offset for the monotonic clocks, the boot-time one for CLOCK_BOOTTIME,
 * 0 for the others. */
s64 timens_offset(int clk);
/* Is current in a time namespace other than the initial one? */
bool current_in_timens(void);
/* A task enters time namespace @ns (fork, setns): its offsets are fixed
 * from now on, and @mm's vDSO reads the clocks by system call. */
void timens_enter(struct ns_common *ns, struct mm_struct *mm);
/* /proc/<pid>/timens_offsets: @p's children's namespace's offsets, as
 * Linux prints them; and setting them ("<clock> <sec> <nsec>" lines,
 * CAP_SYS_TIME): 0, -EPERM, -EACCES (frozen), -EINVAL, -ERANGE. */
int timens_offsets_show(struct task_struct *p, struct seq_buf *m);
int timens_offsets_write(struct task_struct *p, const char *buf, size_t len);

#endif
