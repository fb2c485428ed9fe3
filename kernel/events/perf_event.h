/*
 * Performance events, software counters only (Linux's kernel/events/):
 * perf_event_open(2) gives a descriptor on one counter of what the kernel
 * does for a task or on a CPU: context switches, page faults, CPU
 * migrations, time on the CPU. The kernel adds to a counter where the
 * thing happens (the scheduler, the fault handler); read(2) on the
 * descriptor gives the sum. docs/perf.md tells the story.
 *
 * What the rest of the kernel calls: the hooks below. The scheduler's and
 * the fault handler's are inline: a task nobody counts pays one test
 * (perf_counts()) and no call.
 */
#ifndef KERNEL_EVENTS_PERF_EVENT_H
#define KERNEL_EVENTS_PERF_EVENT_H

#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "lib/types.h"

struct seq_buf;

/* Linux's enum perf_sw_ids (uapi/linux/perf_event.h). */
enum perf_sw_ids {
	PERF_COUNT_SW_CPU_CLOCK = 0,
	PERF_COUNT_SW_TASK_CLOCK = 1,
	PERF_COUNT_SW_PAGE_FAULTS = 2,
	PERF_COUNT_SW_CONTEXT_SWITCHES = 3,
	PERF_COUNT_SW_CPU_MIGRATIONS = 4,
	PERF_COUNT_SW_PAGE_FAULTS_MIN = 5,
	PERF_COUNT_SW_PAGE_FAULTS_MAJ = 6,
	PERF_COUNT_SW_ALIGNMENT_FAULTS = 7,
	PERF_COUNT_SW_EMULATION_FAULTS = 8,
	PERF_COUNT_SW_DUMMY = 9,
	PERF_COUNT_SW_BPF_OUTPUT = 10,
	PERF_COUNT_SW_CGROUP_SWITCHES = 11,
	PERF_COUNT_SW_MAX,
};

/* perf_event_open(2): a descriptor on a new counter, or -errno. */
long sys_perf_event_open(const void __user *uattr, int pid, int cpu,
			 int group_fd, unsigned long flags);
/* prctl(PR_TASK_PERF_EVENTS_ENABLE/DISABLE): every counter current opened. */
long perf_event_task_enable(void);
long perf_event_task_disable(void);

/* Counters of a CPU (pid -1) open: every task's switches and faults count. */
extern unsigned int perf_nr_cpu_events;

/* Does anything count what @p does: counters of its own, or a CPU's? */
static inline bool perf_counts(const struct task_struct *p)
{
	return unlikely(READ_ONCE(p->perf_event_ctxp) || READ_ONCE(perf_nr_cpu_events));
}

/* perf_event_task_sched_out()'s body, once perf_counts(prev). */
void __perf_event_task_sched_out(struct task_struct *prev);
/* perf_event_task_sched_in()'s body, once perf_counts(next). */
void __perf_event_task_sched_in(struct task_struct *next);
/* perf_sw_event()'s body, once perf_counts(current). */
void __perf_sw_event(unsigned int id, u64 nr, bool user);

/*
 * The scheduler switches from @prev to @next on this CPU (rq_lock held,
 * interrupts off): prev's counters stop (one more context switch for
 * them), next's start (one more migration if next->cpu, where it last
 * ran, is another: so before the scheduler sets it to this CPU).
 */
static inline void perf_event_task_sched_out(struct task_struct *prev)
{
	if (perf_counts(prev))
		__perf_event_task_sched_out(prev);
}

static inline void perf_event_task_sched_in(struct task_struct *next)
{
	if (perf_counts(next))
		__perf_event_task_sched_in(next);
}

/* One event of @id happened in current (@user: in user mode). */
static inline void perf_sw_event(unsigned int id, u64 nr, bool user)
{
	if (perf_counts(current))
		__perf_sw_event(id, nr, user);
}

/* Fork: @child counts into current's inherited counters (copy_process(),
 * after the last step that may fail; @clone_flags as clone(2) got them). */
void perf_event_init_task(struct task_struct *child, u64 clone_flags);
/* Exit: current's counters stop; inherited ones add into their parents. */
void perf_event_exit_task(struct task_struct *p);
/* Exec: enable_on_exec counters start. */
void perf_event_exec(void);

/* /proc/sys/kernel/perf_event_paranoid, perf_event_max_sample_rate. */
int perf_paranoid_show(struct seq_buf *m, void *unused);
int perf_paranoid_store(void *unused, const char *buf, size_t len);
int perf_max_rate_show(struct seq_buf *m, void *unused);
int perf_max_rate_store(void *unused, const char *buf, size_t len);
#define PERF_SYSCTL_FILES \
	CTL_FILE("perf_event_max_sample_rate", 0644, perf_max_rate_show, \
		 perf_max_rate_store), \
	CTL_FILE("perf_event_paranoid", 0644, perf_paranoid_show, perf_paranoid_store)

#endif
