/*
 * Fault injection in the kernel (CONFIG_FAULT_INJECTION, `make
 * DEBUG_KERNEL=1`): the two attributes Linux has, failslab (kmalloc) and
 * fail_page_alloc (alloc_pages), set with Linux's boot options
 * "failslab=<interval>,<probability>,<space>,<times>" (and the same for
 * fail_page_alloc), changed at run time in /proc/fail_inject/ (Linux's
 * /sys/kernel/debug/failslab/, procfs here: Taskbase has no debugfs).
 * Only allocations made for a user process fail (current has an mm):
 * boot and the kernel threads, which have no one to return an error to,
 * are spared. With task-filter on (/proc/failslab/task-filter), only tasks with /proc/<pid>/make-it-fail set are hit, so a
 * shell can run one program under fault injection ("sh -c 'echo 1 >
 * /proc/self/make-it-fail; exec fuzz'") and stay well itself. A failure says "FAULT_INJECTION: forcing a failure." and,
 * with verbose 2, the stack, so a crash that follows can be traced.
 * And Linux's fail-nth (/proc/<pid>/task/<tid>/fail-nth): a thread's N-th
 * allocation from now fails, whatever the attributes say, which lets
 * user/failnth.c walk every failure path of a system call in turn. A
 * failure on purpose inside a page fault makes the fault try again
 * (fault_injected()), not an OOM kill.
 */
#ifdef CONFIG_FAULT_INJECTION

#include "lib/fault-inject.h"
#include "asm/stacktrace.h"
#include "kernel/locking/spinlock.h"
#include "kernel/preempt.h"
#include "kernel/printk/printk.h"
#include "kernel/random.h"
#include "kernel/task.h"
#include "lib/string.h"

struct fault_attr failslab = { .name = "failslab", .interval = 1,
			       .times = 1, .verbose = 2 };
struct fault_attr fail_page_alloc = { .name = "fail_page_alloc",
				      .interval = 1, .times = 1, .verbose = 2 };
static DEFINE_SPINLOCK(fault_lock);

/* Only a user process's own calls, never from an interrupt. */
static bool fault_context_ok(const struct fault_attr *attr)
{
	return in_task() && current->mm && !(current->flags & PF_EXITING) &&
	       (!READ_ONCE(attr->task_filter) || current->make_it_fail);
}

void fault_inject_fork(struct task_struct *p)
{
	p->make_it_fail = current->make_it_fail;
	p->fail_nth = 0;
	p->fault_injected = false;
}

void fault_injected_clear(void)
{
	current->fault_injected = false;
}

bool fault_injected(void)
{
	return current->fault_injected;
}

/* fail-nth: is this the allocation current asked to fail? Counts down
 * current->fail_nth, whatever the attributes say (Linux's should_fail_ex()
 * looks at it first). Only current counts down; a write to its file
 * meanwhile just sets a new count, as in Linux. */
static bool fail_nth_now(void)
{
	unsigned int n = READ_ONCE(current->fail_nth);

	if (!n || !current->mm || (current->flags & PF_EXITING))
		return false;
	WRITE_ONCE(current->fail_nth, --n);
	return n == 0;
}

static bool should_fail(struct fault_attr *attr, u64 size)
{
	unsigned long flags;
	bool fail;

	if (in_task() && READ_ONCE(current->fail_nth)) {
		fail = fail_nth_now();
	} else {
		if (!READ_ONCE(attr->probability) || !fault_context_ok(attr))
			return false;
		flags = spin_lock_irqsave(&fault_lock);
		fail = fault_should_fail(attr, size, (u32)get_random_u64());
		spin_unlock_irqrestore(&fault_lock, flags);
	}
	if (fail)
		current->fault_injected = true;	/* in_task(): see above */
	if (fail && attr->verbose) {
		printk(KERN_NOTICE "FAULT_INJECTION: forcing a failure.\n"
		       "name %s, interval %u, probability %u, space %lld, times %lld\n",
		       attr->name, attr->interval, attr->probability,
		       (long long)attr->space, (long long)attr->times);
		if (attr->verbose > 1)
			show_trace_from((u64)__builtin_frame_address(0), KERN_NOTICE);
	}
	return fail;
}

bool should_failslab(u64 size)
{
	return should_fail(&failslab, size);
}

bool should_fail_alloc_page(unsigned int order)
{
	return should_fail(&fail_page_alloc, 4096ull << order);
}

bool setup_fault_attr_param(const char *key, const char *val)
{
	struct fault_attr *attr;

	if (!strcmp(key, "failslab"))
		attr = &failslab;
	else if (!strcmp(key, "fail_page_alloc"))
		attr = &fail_page_alloc;
	else
		return false;
	if (fault_attr_parse(attr, val))
		pr_warn("%s: cannot parse \"%s\" (interval,probability,space,times)\n",
			key, val ? val : "");
	return true;
}

#endif
