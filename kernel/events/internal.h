/*
 * What the files of kernel/events/ share: struct perf_event, the
 * per-task list of counters, the lock.
 *
 * A counter (struct perf_event) counts one thing for one task (pid >= 0)
 * or for one CPU (pid -1). A task's counters hang on its
 * perf_event_ctxp->event_list; a CPU's on perf_cpu_events[cpu]. The
 * counters a task opened are also on its ctx's owned_list (prctl(2)
 * turns them on and off). With attr.inherit, fork gives the child a
 * counter of its own whose ->parent is the first one: read(2) on the
 * parent's descriptor adds the children's counts, live or exited.
 *
 *   task A ctx: event_list -> [cs, parent]     descriptor in A's files
 *   task B ctx: event_list -> [cs, child]  ->parent = the one above
 *
 * Time: a counter is ACTIVE while its task runs (always, for a CPU's),
 * INACTIVE while enabled but off the CPU, OFF when disabled.
 * total_time_enabled grows while it is enabled and its task on a CPU,
 * total_time_running while ACTIVE (the same for software counters: no
 * multiplexing); the clock counters count that time itself in ns.
 *
 * Locking: perf_lock guards all of it. It nests inside rq_lock (the
 * scheduler's hooks run under rq_lock) and inside mm->lock (the fault
 * hook); the system calls that change a counter's state take rq_lock
 * and then perf_lock (perf_lock_all()), so that whether a task is on a
 * CPU (p->on_cpu, p->cpu) cannot change under them. read(2) and poll(2)
 * only look: perf_lock alone.
 */
#ifndef KERNEL_EVENTS_INTERNAL_H
#define KERNEL_EVENTS_INTERNAL_H

#include "kernel/events/perf_event.h"
#include "kernel/locking/spinlock.h"
#include "lib/list.h"
#include "lib/types.h"

#define PERF_TYPE_HARDWARE 0
#define PERF_TYPE_SOFTWARE 1
#define PERF_TYPE_TRACEPOINT 2
#define PERF_TYPE_HW_CACHE 3
#define PERF_TYPE_RAW 4
#define PERF_TYPE_BREAKPOINT 5

#define PERF_FORMAT_TOTAL_TIME_ENABLED (1u << 0)
#define PERF_FORMAT_TOTAL_TIME_RUNNING (1u << 1)
#define PERF_FORMAT_ID (1u << 2)
#define PERF_FORMAT_GROUP (1u << 3)
#define PERF_FORMAT_LOST (1u << 4)
#define PERF_FORMAT_MAX (1u << 5)
#define PERF_SAMPLE_MAX (1ull << 25)	/* 6.1: up to PERF_SAMPLE_WEIGHT_STRUCT */
#define PERF_SAMPLE_BRANCH_STACK (1ull << 11)
#define PERF_SAMPLE_REGS_INTR (1ull << 18)

#define PERF_FLAG_FD_NO_GROUP (1ul << 0)
#define PERF_FLAG_FD_OUTPUT (1ul << 1)
#define PERF_FLAG_PID_CGROUP (1ul << 2)
#define PERF_FLAG_FD_CLOEXEC (1ul << 3)
#define PERF_FLAG_ALL 0xful

#define PERF_ATTR_SIZE_VER0 64
#define PERF_ATTR_SIZE_VER7 128	/* Linux 6.1's sizeof(struct perf_event_attr) */

/* The bits of attr.flags (Linux's bit-fields, in their order). */
#define ATTR_DISABLED (1ull << 0)
#define ATTR_INHERIT (1ull << 1)
#define ATTR_PINNED (1ull << 2)
#define ATTR_EXCLUSIVE (1ull << 3)
#define ATTR_EXCLUDE_USER (1ull << 4)
#define ATTR_EXCLUDE_KERNEL (1ull << 5)
#define ATTR_FREQ (1ull << 10)
#define ATTR_ENABLE_ON_EXEC (1ull << 12)
#define ATTR_NAMESPACES (1ull << 28)
#define ATTR_INHERIT_THREAD (1ull << 35)
#define ATTR_REMOVE_ON_EXEC (1ull << 36)
#define ATTR_SIGTRAP (1ull << 37)
#define ATTR_RESERVED_1 (~0ull << 38)

/* Linux 6.1's struct perf_event_attr, 128 bytes (PERF_ATTR_SIZE_VER7). */
struct perf_event_attr {
	u32 type;
	u32 size;
	u64 config;
	u64 sample_period;		/* or sample_freq with ATTR_FREQ */
	u64 sample_type;
	u64 read_format;
	u64 flags;			/* ATTR_* */
	u32 wakeup_events;
	u32 bp_type;
	u64 config1;
	u64 config2;
	u64 branch_sample_type;
	u64 sample_regs_user;
	u32 sample_stack_user;
	s32 clockid;
	u64 sample_regs_intr;
	u32 aux_watermark;
	u16 sample_max_stack;
	u16 __reserved_2;
	u32 aux_sample_size;
	u32 __reserved_3;
	u64 sig_data;
};
_Static_assert(sizeof(struct perf_event_attr) == PERF_ATTR_SIZE_VER7,
	       "perf_event_attr is Linux 6.1's");

enum perf_event_state {
	PERF_EVENT_STATE_EXIT = -3,	/* its task exited: the count stays */
	PERF_EVENT_STATE_OFF = -1,	/* disabled */
	PERF_EVENT_STATE_INACTIVE = 0,	/* enabled, its task off the CPU */
	PERF_EVENT_STATE_ACTIVE = 1,	/* counting now */
};

struct perf_event_context {
	struct list_head event_list;	/* counters of this task */
	struct list_head owned_list;	/* counters this task opened */
};

struct perf_event {
	struct perf_event_attr attr;
	int state;			/* enum perf_event_state */
	int cpu;			/* only on this CPU; -1: any */
	struct task_struct *task;	/* counted task; NULL: a CPU's, or exited */
	struct task_struct *owner;	/* who opened it (prctl), or NULL */
	u64 id;				/* PERF_EVENT_IOC_ID, PERF_FORMAT_ID */
	u64 count;			/* its own count */
	u64 total_time_enabled, total_time_running;
	u64 tstamp;			/* ns when the times were last brought up */
	bool ctx_running;		/* its task was on a CPU since tstamp */
	struct list_head event_entry;	/* in the task's or CPU's event list */
	struct list_head owner_entry;	/* in the owner's owned_list */
	struct perf_event *group_leader;	/* itself if it leads */
	struct list_head sibling_list;	/* leader: the other members */
	struct list_head sibling_entry;	/* member: in the leader's list */
	int nr_siblings;
	struct perf_event *parent;	/* inherited: the first counter */
	struct list_head child_list;	/* parent: its inherited counters */
	struct list_head child_entry;	/* child: in the parent's list */
	u64 child_count;		/* parent: the counts of exited children */
	u64 child_time_enabled, child_time_running;
};

extern spinlock_t perf_lock;
/* The descriptor's operations (fd.c). */
extern const struct file_operations perf_fops;
struct file;
/* The counter behind descriptor @fd, its file referenced in *@fp; or
 * ERR_PTR(-EBADF) (not open, or not a counter). */
struct perf_event *perf_fget(int fd, struct file **fp);
/* Copy and check a user's perf_event_attr (size rules: E2BIG). */
int perf_copy_attr(const void __user *uattr, struct perf_event_attr *attr);
/* May a counter with @attr's flags sample at @period (a frequency with
 * ATTR_FREQ: at most perf_event_max_sample_rate)? At open and at
 * PERF_EVENT_IOC_PERIOD, as Linux checks both. */
bool perf_period_ok(const struct perf_event_attr *attr, u64 period);

/* Take rq_lock, then perf_lock (irqs off); the flags to restore. */
unsigned long perf_lock_all(void);
void perf_unlock_all(unsigned long flags);

/* Bring @event's times (and a clock's count) up to @now. perf_lock held. */
void perf_event_update_time(struct perf_event *event, u64 now);
/* That, and ACTIVE or INACTIVE by where its task runs, for @event, its
 * group and their children. perf_lock_all() held. */
void perf_group_sync(struct perf_event *event, u64 now);
/* Attach new @event to @task's list (or its CPU's). perf_lock_all() held. */
void perf_event_attach(struct perf_event *event);
/* Unlink @event from everything and free its children (not @event).
 * perf_lock_all() held; children go to @free, for kfree() after. */
void perf_event_detach(struct perf_event *event, struct list_head *free);
/* A task's ctx, made if it has none: current's, or @p's under exit rules.
 * Allocated before perf_lock_all() by perf_ctx_prealloc(). */
struct perf_event_context *perf_ctx_prealloc(void);
bool perf_ctx_install(struct task_struct *p, struct perf_event_context **spare);

#endif
