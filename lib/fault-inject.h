/*
 * Fault injection, Linux's failslab and fail_page_alloc: allocations that
 * fail on purpose, so that every failure path gets walked. A fault_attr
 * says when: never more than @times failures (-1: no limit), none until
 * @space bytes have been asked for, then one call in @interval is a
 * candidate and fails with @probability percent. The decision is pure
 * and host-tested (lib/fault-inject.c); the kernel's allocators ask
 * should_failslab() and should_fail_alloc_page() (kernel/mm/fault_inject.c,
 * which also keeps Linux's task-filter: only the tasks with
 * /proc/<pid>/make-it-fail set fail, and their children;
 * with CONFIG_FAULT_INJECTION; without it both are constant false).
 */
#ifndef LIB_FAULT_INJECT_H
#define LIB_FAULT_INJECT_H

#include "lib/types.h"

struct fault_attr {
	const char *name;		/* "failslab", as the reports say */
	u32 probability;		/* percent, 0..100 */
	u32 interval;			/* 1: every call is a candidate */
	s64 times;			/* failures left; -1: no limit */
	s64 space;			/* bytes to let through first */
	u32 verbose;			/* 0 quiet, 1 a line, 2 a line and a stack */
	bool task_filter;		/* only tasks with make-it-fail set */
	u64 count;			/* calls seen, for @interval */
	u64 failures;			/* failures injected so far */
};

/*
 * Should this allocation of @size bytes fail? @rnd is a fresh random
 * number. Counts the call; when it says yes, @times goes down by one.
 */
bool fault_should_fail(struct fault_attr *attr, u64 size, u32 rnd);
/* Parse Linux's "<interval>,<probability>,<space>,<times>" into @attr:
 * 0, or -EINVAL (then @attr is unchanged). */
int fault_attr_parse(struct fault_attr *attr, const char *str);

struct task_struct;

#ifdef CONFIG_FAULT_INJECTION
/* kmalloc's and alloc_pages's (kernel/mm/fault_inject.c). */
extern struct fault_attr failslab, fail_page_alloc;
/* Should kmalloc(@size) fail on purpose? */
bool should_failslab(u64 size);
/* Should an allocation of 2^@order pages fail on purpose? */
bool should_fail_alloc_page(unsigned int order);
/* "failslab=..." or "fail_page_alloc=..." on the command line: true
 * when @key is one of them (the value is checked and applied). */
bool setup_fault_attr_param(const char *key, const char *val);
/* A new task @p inherits its creator's make-it-fail, as on Linux; its
 * fail-nth starts at 0. */
void fault_inject_fork(struct task_struct *p);
/* The page fault handler's question: did an allocation of current's fail
 * on purpose since fault_injected_clear()? Then the fault is retried, not
 * answered with an OOM kill (Linux 6.1 retries every VM_FAULT_OOM). */
void fault_injected_clear(void);
bool fault_injected(void);
#else
static inline bool should_failslab(u64 size) { return false; }
static inline bool should_fail_alloc_page(unsigned int order) { return false; }
static inline bool setup_fault_attr_param(const char *key, const char *val)
{
	return false;
}
static inline void fault_inject_fork(struct task_struct *p) { }
static inline void fault_injected_clear(void) { }
static inline bool fault_injected(void) { return false; }
#endif

#endif
