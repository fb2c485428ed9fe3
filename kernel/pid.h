/*
 * Process IDs (Linux's include/linux/pid.h). A task's struct pid
 * (task->thread_pid) holds one number per pid namespace level, from
 * the initial namespace (numbers[0], the task->pid the kernel itself
 * uses) down to the namespace the task was created in
 * (numbers[level]). Allocation is cyclic in each namespace, as Linux's:
 * after pid_max it wraps to RESERVED_PIDS, so a just-freed number is
 * not handed out again at once. Every number is in one hash table,
 * keyed by (number, namespace), so finding a task by the pid some
 * namespace knows it as is not a walk of the task list.
 */
#ifndef KERNEL_PID_H
#define KERNEL_PID_H

#include "kernel/sched/wait.h"
#include "kernel/task.h"
#include "lib/list.h"
#include "lib/refcount.h"

#define PID_MAX_DEFAULT 32768
#define RESERVED_PIDS 300

struct pid_namespace;

/* One number of a task: @nr as namespace @ns knows it. */
struct upid {
	int nr;
	struct pid_namespace *ns;
	struct list_head pid_chain;	/* pid hash bucket */
};

struct pid {
	refcount_t count;		/* its task's, and each pidfd's */
	unsigned int level;		/* depth of the namespace it was made in */
	struct task_struct *task;	/* attached to it, or NULL */
	struct wait_queue_head wait_pidfd; /* its pidfds' pollers */
	u64 ino;			/* never reused (Linux 6.9's pidfs
					 * inode number): /proc's inode numbers
					 * of its task (kernel/fs/proc) */
	struct upid numbers[];		/* level + 1 of them, outermost first */
};

/* The pid of the idle tasks and the first task: 0, never hashed. */
extern struct pid init_struct_pid;

/* A new pid with a free number in @ns and each namespace above it, or
 * ERR_PTR(-EAGAIN when one is full, -ENOMEM). */
struct pid *alloc_pid(struct pid_namespace *ns);
/* Give @pid's numbers back for reuse (release_task: detached); the
 * numbers stay readable in it until the task is freed. */
void free_pid(struct pid *pid);
/* ns_last_pid: @ns's next search starts after @nr (under the lock
 * alloc_pid() reads it by). */
void pid_ns_set_last_pid(struct pid_namespace *ns, int nr);
/* Another reference to @pid, which outlives its task (a pidfd's). */
static inline struct pid *get_pid(struct pid *pid)
{
	refcount_inc(&pid->count);
	return pid;
}
/* Drop a reference (NULL: nothing); the last frees @pid and its
 * namespace's reference. */
void put_pid(struct pid *pid);
/* Make @p findable by its pid's numbers / remove it (tasklist_lock held). */
void attach_pid(struct task_struct *p);
void detach_pid(struct task_struct *p);
/* exec from a thread (de_thread): @a and @b swap pids, each findable by
 * its new one (tasklist_lock held). */
void exchange_tids(struct task_struct *a, struct task_struct *b);
/* Is @p still findable by its pid, not yet reaped (release_task()
 * detaches it)? tasklist_lock held. Linux's pid_alive(). */
static inline bool pid_alive(const struct task_struct *p)
{
	return !list_empty(&p->thread_pid->numbers[0].pid_chain);
}
/* The pid @nr names in @ns, or NULL (tasklist_lock held). */
struct pid *find_pid_ns(int nr, struct pid_namespace *ns);
/* The task with thread id @pid in the initial namespace (0: the first
 * task), or NULL (tasklist_lock held). */
struct task_struct *find_task_by_pid(pid_t pid);
/* The task that @ns / current's pid namespace calls @nr, or NULL
 * (tasklist_lock held; kernel/ns/pid_namespace.c). */
struct task_struct *find_task_by_pid_ns(pid_t nr, struct pid_namespace *ns);
struct task_struct *find_task_by_vpid(pid_t vnr);
/* Number of PIDs in use in the initial namespace. */
u32 nr_pids(void);

#endif
