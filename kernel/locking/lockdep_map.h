/*
 * What every lock carries for the lock validator (kernel/locking/lockdep.c,
 * built with CONFIG_LOCKDEP: `make DEBUG_KERNEL=1`), and the hooks the
 * lock primitives call. A lock's map names its class: the locks created
 * at one init site (spin_lock_init()'s caller), or one statically
 * defined lock, are one class, as Linux keys a class by a static key.
 * Without CONFIG_LOCKDEP the map is not in the lock and each hook is an
 * empty inline function: the default kernel pays nothing.
 */
#ifndef KERNEL_LOCKING_LOCKDEP_MAP_H
#define KERNEL_LOCKING_LOCKDEP_MAP_H

#include "lib/types.h"

struct lock_class;

/* Linux's names: the second of two locks of one class (and the limit). */
#define SINGLE_DEPTH_NESTING 1
#define MAX_LOCKDEP_SUBCLASSES 8

/* Which kind of lock, for the {n:n} wait type in reports (Linux's
 * LD_WAIT_SPIN 2, LD_WAIT_SLEEP 3). */
enum lockdep_wait_type {
	LD_WAIT_SPIN = 2,
	LD_WAIT_SLEEP = 3,
};

struct lockdep_map {
	const void *key;		/* init site; NULL: this map (static) */
	const char *name;		/* "&p->lock", as the reports print it */
	struct lock_class *class;	/* looked up on first use */
	u8 wait_type;			/* enum lockdep_wait_type */
};

/* A statically defined lock's map: its own address is its class key. */
#define STATIC_LOCKDEP_MAP_INIT(n, wt) { .name = (n), .wait_type = (wt) }

/* Pass to lock_acquire() as @ip: the caller of the lock function. */
#ifndef _RET_IP_
#define _RET_IP_ ((unsigned long)__builtin_return_address(0))
#endif

#ifdef CONFIG_LOCKDEP

/* Name @map @name, of the class keyed by @key (an init site). */
void lockdep_init_map(struct lockdep_map *map, const char *name,
		      const void *key, u8 wait_type);
/* The current task is about to take @map's lock (at @ip): record it on
 * its held-locks stack and check the new dependencies first. A trylock
 * adds no dependency: it cannot wait. @subclass (below
 * MAX_LOCKDEP_SUBCLASSES) makes a class of its own within the lock's,
 * for two locks of one class taken in a known order (spin_lock_nested()). */
void lock_acquire_nested(struct lockdep_map *map, unsigned int subclass,
			 bool trylock, unsigned long ip);
/* lock_acquire_nested() with subclass 0: the lock's own class. */
void lock_acquire(struct lockdep_map *map, bool trylock, unsigned long ip);
/* The current task let go of @map's lock. */
void lock_release(struct lockdep_map *map, unsigned long ip);
/* True when @map is on the current task's held-locks stack. */
bool lock_is_held(const struct lockdep_map *map);

#else

static inline void lockdep_init_map(struct lockdep_map *map, const char *name,
				    const void *key, u8 wait_type) { }
static inline void lock_acquire_nested(struct lockdep_map *map,
				       unsigned int subclass, bool trylock,
				       unsigned long ip) { }
static inline void lock_acquire(struct lockdep_map *map, bool trylock,
				unsigned long ip) { }
static inline void lock_release(struct lockdep_map *map, unsigned long ip) { }

#endif

/*
 * The per-task part: the locks this task holds, innermost last (Linux's
 * current->held_locks). Kept small: the task_struct shares the stack
 * block (kernel/task.h checks it stays under an eighth).
 */
#define MAX_LOCK_DEPTH 16

struct held_lock {
	struct lockdep_map *map;
	u32 ip;			/* low half of the caller (kernel text) */
	u16 class_idx;
	u8 hardirq : 1;		/* taken in a hardware interrupt */
	u8 softirq : 1;		/* taken in a softirq handler */
	u8 trylock;
};

struct lockdep_task {
	u32 depth;
	u32 recursion;		/* inside lockdep itself: hooks stand aside */
	struct held_lock held[MAX_LOCK_DEPTH];
};

#endif
