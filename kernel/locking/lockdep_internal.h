/*
 * What the lock validator's files share (kernel/locking/lockdep.c: the
 * classes, the graph and the checks; lockdep_report.c: Linux's reports;
 * kernel/fs/proc/lockdep.c: /proc/lockdep and /proc/lockdep_stats).
 * Everything here is only built with CONFIG_LOCKDEP.
 */
#ifndef KERNEL_LOCKING_LOCKDEP_INTERNAL_H
#define KERNEL_LOCKING_LOCKDEP_INTERNAL_H

#include "kernel/locking/lockdep_map.h"
#include "lib/types.h"

#define MAX_LOCKDEP_KEYS 1024		/* classes */
#define MAX_LOCKDEP_ENTRIES 8192	/* dependencies (edges) */
#define MAX_STACK_TRACE_ENTRIES 32768	/* saved return addresses */
#define MAX_LOCKDEP_CHAINS 16384	/* chains cached (a power of two) */
#define LOCKDEP_TRACE_DEPTH 12		/* frames kept per trace */

/* A class's usage bits (Linux's LOCKF_*, write locks only). */
#define LOCKF_USED_IN_HARDIRQ 1u	/* taken inside a hardware interrupt */
#define LOCKF_ENABLED_HARDIRQ 2u	/* taken with interrupts on */
#define LOCKF_USED_IN_SOFTIRQ 4u	/* taken inside a softirq (timers) */
#define LOCKF_ENABLED_SOFTIRQ 8u	/* taken where a softirq may come */
#define LOCK_USAGE_BITS 4

/* A saved stack: @nr addresses from traces[@start]. */
struct lock_trace {
	u32 start, nr;
};

struct lock_class {
	const void *key;
	const char *name;
	u8 wait_type;
	u8 subclass;			/* spin_lock_nested()'s; printed "/1" */
	u8 usage;			/* LOCKF_* */
	/* where each usage was first seen, by bit number */
	struct lock_trace usage_trace[LOCK_USAGE_BITS];
	s32 after;			/* first edge out, or -1 */
	s32 hash_next;			/* next class in the same bucket, or -1 */
	u32 nr_after;			/* edges out */
	u64 ops;			/* acquisitions */
};

/* One dependency: @from was held when @to was taken, at @trace. */
struct lock_list {
	u16 from, to;
	s32 next;			/* next edge out of @from, or -1 */
	struct lock_trace trace;
};

extern struct lock_class lock_classes[MAX_LOCKDEP_KEYS];
extern struct lock_list list_entries[MAX_LOCKDEP_ENTRIES];
extern u64 stack_trace[MAX_STACK_TRACE_ENTRIES];
extern u32 nr_lock_classes, nr_list_entries, nr_stack_trace_entries;
extern u32 nr_lock_chains;		/* chains cached (lockdep.c) */
extern int debug_locks;

/* Turn the validator off for good (after the first report, or when a
 * table is full): 1 if this call did it. */
int debug_locks_off(void);

/* ---- reports (lockdep_report.c); the graph lock is not held ---- */

/* Taking @next while holding @prev closes the cycle @path[0..n) (a path
 * of classes from @next to @prev, each reached by @edges[i]). */
void print_circular_bug(struct held_lock *next, struct held_lock *prev,
			const u16 *path, const s32 *edges, int n);
/* Taking @next while holding @prev, a lock of the same class. */
void print_deadlock_bug(struct held_lock *next, struct held_lock *prev);
/* @h's class is now used in a way (@new_bit) that conflicts with what it
 * was (@old_bit), both LOCKF_*. */
void print_usage_bug(struct held_lock *h, unsigned int old_bit,
		     unsigned int new_bit, bool irqs_on);
/* "" for a lock's own class, "/1" for its subclass 1, ... */
const char *lock_class_suffix(const struct lock_class *class);
/* "{+...}-{2:2}": the usage and the wait type of @class into @buf. */
const char *lock_class_usage(const struct lock_class *class, char *buf,
			     size_t size);

#endif
