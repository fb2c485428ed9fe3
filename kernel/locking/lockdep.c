/*
 * The lock validator, Linux's lockdep (CONFIG_LOCKDEP, `make
 * DEBUG_KERNEL=1`). Every lock belongs to a class: the locks one init
 * site creates, or one statically defined lock (lockdep_map.h). Each task
 * keeps a stack of the locks it holds; taking lock B while holding A
 * records the dependency A -> B between their classes, once, with the
 * stack that made it. A new dependency that closes a cycle in that graph
 * is a possible deadlock, reported before anyone waits: "possible
 * circular locking dependency". Taking a class already held is "possible
 * recursive locking", and a class taken both inside a hardware interrupt
 * and with interrupts on is an "inconsistent lock state". The first
 * report turns the validator off, as Linux does: what follows a broken
 * lock order cannot be trusted. Reports: lockdep_report.c.
 */
#ifdef CONFIG_LOCKDEP

#include "kernel/locking/lockdep_internal.h"
#include "asm/irqflags.h"
#include "asm/processor.h"
#include "asm/stacktrace.h"
#include "kernel/preempt.h"
#include "kernel/module/module.h"
#include "kernel/printk/printk.h"
#include "kernel/task.h"
#include "lib/string.h"

#define CLASSHASH_SIZE 512

struct lock_class lock_classes[MAX_LOCKDEP_KEYS];
struct lock_list list_entries[MAX_LOCKDEP_ENTRIES];
u64 stack_trace[MAX_STACK_TRACE_ENTRIES];
u32 nr_lock_classes, nr_list_entries, nr_stack_trace_entries;
int debug_locks = 1;

/* linux/sched.h's task_lock(): one class for every task's alloc_lock. */
struct lockdep_map task_alloc_lock_map =
	STATIC_LOCKDEP_MAP_INIT("&p->alloc_lock", LD_WAIT_SPIN);
EXPORT_SYMBOL(task_alloc_lock_map);

static s32 classhash[CLASSHASH_SIZE] = { [0 ... CLASSHASH_SIZE - 1] = -1 };
static volatile u32 graph_lock_word;

/* The breadth-first search's queue and the way back to the start. */
static u16 bfs_queue[MAX_LOCKDEP_KEYS];
static s32 bfs_parent_edge[MAX_LOCKDEP_KEYS];
static u32 bfs_seen_gen[MAX_LOCKDEP_KEYS], bfs_gen;

/* A plain test-and-set, not a spinlock_t: the lock functions call us. */
static void graph_lock(void)
{
	while (__atomic_exchange_n(&graph_lock_word, 1, __ATOMIC_ACQUIRE))
		cpu_relax();
}

static void graph_unlock(void)
{
	__atomic_store_n(&graph_lock_word, 0, __ATOMIC_RELEASE);
}

int debug_locks_off(void)
{
	return __atomic_exchange_n(&debug_locks, 0, __ATOMIC_SEQ_CST);
}

/* Give up on a full table, once, the way Linux says it. */
static void lockdep_table_full(const char *what)
{
	if (debug_locks_off())
		printk(KERN_ERR "BUG: %s too low!\nturning off the locking "
		       "correctness validator.\n", what);
}

/* The current stack, minus lockdep's own frames. Graph lock held. */
static struct lock_trace save_trace(void)
{
	struct lock_trace t = { nr_stack_trace_entries, 0 };

	if (nr_stack_trace_entries + LOCKDEP_TRACE_DEPTH > MAX_STACK_TRACE_ENTRIES) {
		lockdep_table_full("MAX_STACK_TRACE_ENTRIES");
		return t;
	}
	t.nr = stack_trace_save(&stack_trace[t.start], LOCKDEP_TRACE_DEPTH);
	nr_stack_trace_entries += t.nr;
	return t;
}

static const void *map_key(const struct lockdep_map *map)
{
	return map->key ? map->key : map;
}

static u32 key_hash(const void *key)
{
	u64 k = (u64)key;

	return (u32)((k >> 4) ^ (k >> 13) ^ (k >> 22)) % CLASSHASH_SIZE;
}

/* The class of @map's key, made on first sight. Graph lock held. */
static struct lock_class *find_or_register(struct lockdep_map *map,
					   unsigned int subclass)
{
	const void *key = (const char *)map_key(map) + subclass;
	u32 b = key_hash(key);
	struct lock_class *c;

	for (s32 i = classhash[b]; i >= 0; i = lock_classes[i].hash_next)
		if (lock_classes[i].key == key)
			return &lock_classes[i];
	if (nr_lock_classes == MAX_LOCKDEP_KEYS) {
		lockdep_table_full("MAX_LOCKDEP_KEYS");
		return NULL;
	}
	c = &lock_classes[nr_lock_classes];
	c->key = key;
	c->name = map->name ? map->name : "(unnamed)";
	c->wait_type = map->wait_type;
	c->subclass = (u8)subclass;
	c->after = -1;
	c->hash_next = classhash[b];
	classhash[b] = (s32)nr_lock_classes++;
	return c;
}

void lockdep_init_map(struct lockdep_map *map, const char *name,
		      const void *key, u8 wait_type)
{
	if (!map)
		return;
	map->key = key;
	map->name = name;
	map->class = NULL;
	map->wait_type = wait_type;
}

static u16 class_idx(const struct lock_class *c)
{
	return (u16)(c - lock_classes);
}

/* The edge @from -> @to, or -1. Graph lock held. */
static s32 find_edge(u16 from, u16 to)
{
	for (s32 e = lock_classes[from].after; e >= 0; e = list_entries[e].next)
		if (list_entries[e].to == to)
			return e;
	return -1;
}

/*
 * Breadth-first from @from: can it reach @target? On success @path
 * (length returned) holds the classes from @from to @target and @edges
 * the edge that reached each (-1 for @from). Graph lock held.
 */
static int find_path(u16 from, u16 target, u16 *path, s32 *edges, int max)
{
	u32 head = 0, tail = 0;
	int n = 0;

	bfs_gen++;
	bfs_queue[tail++] = from;
	bfs_seen_gen[from] = bfs_gen;
	bfs_parent_edge[from] = -1;
	while (head < tail) {
		u16 c = bfs_queue[head++];

		if (c == target)
			goto found;
		for (s32 e = lock_classes[c].after; e >= 0; e = list_entries[e].next) {
			u16 to = list_entries[e].to;

			if (bfs_seen_gen[to] == bfs_gen)
				continue;
			bfs_seen_gen[to] = bfs_gen;
			bfs_parent_edge[to] = e;
			bfs_queue[tail++] = to;
		}
	}
	return 0;
found:
	for (s32 c = target; n < max; ) {
		s32 e = bfs_parent_edge[c];

		n++;
		if (e < 0)
			break;
		c = list_entries[e].from;
	}
	for (s32 c = target, i = n - 1; i >= 0; i--) {
		path[i] = (u16)c;
		edges[i] = bfs_parent_edge[c];
		if (edges[i] >= 0)
			c = list_entries[edges[i]].from;
	}
	return n;
}

/*
 * Record prev -> next unless known; first check that next does not
 * already lead to prev. False after a report. Graph lock held (and
 * released here on a report).
 */
static bool check_prev_add(struct held_lock *prev, struct held_lock *next,
			   struct lock_trace *trace)
{
	static u16 path[MAX_LOCKDEP_KEYS];
	static s32 edges[MAX_LOCKDEP_KEYS];
	struct lock_list *l;
	int n;

	if (find_edge(prev->class_idx, next->class_idx) >= 0)
		return true;
	n = find_path(next->class_idx, prev->class_idx, path, edges,
		      MAX_LOCKDEP_KEYS);
	if (n) {
		graph_unlock();
		if (debug_locks_off())
			print_circular_bug(next, prev, path, edges, n);
		return false;
	}
	if (nr_list_entries == MAX_LOCKDEP_ENTRIES) {
		lockdep_table_full("MAX_LOCKDEP_ENTRIES");
		return true;
	}
	if (!trace->nr)
		*trace = save_trace();
	l = &list_entries[nr_list_entries];
	l->from = prev->class_idx;
	l->to = next->class_idx;
	l->trace = *trace;
	l->next = lock_classes[prev->class_idx].after;
	lock_classes[prev->class_idx].after = (s32)nr_list_entries++;
	lock_classes[prev->class_idx].nr_after++;
	return true;
}

/*
 * @next is about to be taken by @t: the same class held in the same
 * context is recursion; otherwise each held lock down to the first one
 * not taken by trylock gains a dependency on @next (older ones reach it
 * through that one). False after a report.
 */
static bool check_deps(struct task_struct *t, struct held_lock *next)
{
	struct lockdep_task *ld = &t->lockdep;
	struct lock_trace trace = { 0, 0 };

	for (int i = (int)ld->depth - 1; i >= 0; i--) {
		struct held_lock *h = &ld->held[i];

		if (h->hardirq == next->hardirq && h->class_idx == next->class_idx) {
			if (debug_locks_off())
				print_deadlock_bug(next, h);
			return false;
		}
	}
	graph_lock();
	for (int i = (int)ld->depth - 1; i >= 0; i--) {
		struct held_lock *h = &ld->held[i];

		if (h->hardirq != next->hardirq)
			break;
		if (!check_prev_add(h, next, &trace))
			return false;
		if (!h->trylock)
			break;
	}
	graph_unlock();
	return true;
}

/*
 * The chains already checked, Linux's lock-chain cache: a 64-bit hash of
 * the classes held, innermost last, each with its context, and of the
 * one about to be taken. The graph only grows, so a chain that passed
 * check_deps() once passes it again without a new dependency or report:
 * a lock taken in a known situation costs a hash walk of the held locks
 * and no graph lock. Open addressing, 0 for an empty slot; a full
 * neighbourhood just leaves a chain uncached.
 */
#define CHAIN_PROBES 8
static u64 chain_hash[MAX_LOCKDEP_CHAINS];
u32 nr_lock_chains;

static u64 chain_mix(u64 key, const struct held_lock *h)
{
	u64 v = (u64)h->class_idx | (u64)h->hardirq << 16 |
		(u64)h->softirq << 17 | (u64)(h->trylock != 0) << 18;

	key = (key ^ v) * 0x9e3779b97f4a7c15ull;
	return key ^ key >> 29;
}

/* @t's held locks and then @next, as one nonzero key. */
static u64 chain_key(const struct lockdep_task *ld, const struct held_lock *next)
{
	u64 key = 0;

	for (u32 i = 0; i < ld->depth; i++)
		key = chain_mix(key, &ld->held[i]);
	return chain_mix(key, next) | 1;
}

static bool chain_cached(u64 key)
{
	for (u32 i = 0; i < CHAIN_PROBES; i++) {
		u64 k = __atomic_load_n(&chain_hash[(key + i) &
					(MAX_LOCKDEP_CHAINS - 1)], __ATOMIC_RELAXED);

		if (k == key)
			return true;
		if (!k)
			return false;
	}
	return false;
}

/* A chain that passed check_deps(): remember it. Graph lock held. */
static void chain_add(u64 key)
{
	for (u32 i = 0; i < CHAIN_PROBES; i++) {
		u64 *slot = &chain_hash[(key + i) & (MAX_LOCKDEP_CHAINS - 1)];

		if (*slot == key)
			return;
		if (!*slot) {
			__atomic_store_n(slot, key, __ATOMIC_RELAXED);
			nr_lock_chains++;
			return;
		}
	}
}

/* check_deps() for a chain not checked before. False after a report. */
static bool validate_chain(struct task_struct *t, struct held_lock *next)
{
	u64 key = chain_key(&t->lockdep, next);

	if (chain_cached(key))
		return true;
	if (!check_deps(t, next))
		return false;
	graph_lock();
	chain_add(key);
	graph_unlock();
	return true;
}

/* Record usage @new_bit of @h's class; its opposite @old_bit seen
 * already is a report. False after a report. */
static bool mark_usage_bit(struct held_lock *h, unsigned int new_bit,
			   unsigned int old_bit, bool irqs_on)
{
	struct lock_class *c = &lock_classes[h->class_idx];

	if (!new_bit || (c->usage & new_bit))
		return true;
	graph_lock();
	if (!(c->usage & new_bit)) {
		c->usage_trace[__builtin_ctz(new_bit)] = save_trace();
		c->usage |= new_bit;
	}
	graph_unlock();
	if (!(c->usage & old_bit))
		return true;
	if (debug_locks_off())
		print_usage_bug(h, old_bit, new_bit, irqs_on);
	return false;
}

/*
 * Interrupt safety: a class taken inside a hardware interrupt must never
 * be taken with interrupts on, or the interrupt may come while this CPU
 * holds it and spin on it forever. The same for softirqs (timer
 * callbacks, which run with interrupts on): a class taken in one must
 * not be taken where a softirq may come, with interrupts on outside any
 * softirq (Taskbase has no local_bh_disable()). False after a report.
 */
static bool mark_usage(struct held_lock *h, bool irqs_on)
{
	unsigned int hard = h->hardirq ? LOCKF_USED_IN_HARDIRQ :
			    irqs_on ? LOCKF_ENABLED_HARDIRQ : 0;
	unsigned int soft = h->softirq ? LOCKF_USED_IN_SOFTIRQ :
			    irqs_on && !in_softirq() ? LOCKF_ENABLED_SOFTIRQ : 0;

	return mark_usage_bit(h, hard, hard ^ (LOCKF_USED_IN_HARDIRQ |
					       LOCKF_ENABLED_HARDIRQ), irqs_on) &&
	       mark_usage_bit(h, soft, soft ^ (LOCKF_USED_IN_SOFTIRQ |
					       LOCKF_ENABLED_SOFTIRQ), irqs_on);
}

/* The map caches its own class; a subclass is looked up each time. */
static struct lock_class *map_class(struct lockdep_map *map,
				    unsigned int subclass)
{
	struct lock_class *c = subclass ? NULL : READ_ONCE(map->class);

	if (c)
		return c;
	graph_lock();
	c = find_or_register(map, subclass);
	graph_unlock();
	if (!subclass)
		WRITE_ONCE(map->class, c);
	return c;
}

static void __lock_acquire(struct task_struct *t, struct lockdep_map *map,
			   unsigned int subclass, bool trylock,
			   unsigned long ip, bool irqs_on)
{
	struct lockdep_task *ld = &t->lockdep;
	struct lock_class *c = map_class(map, subclass);
	struct held_lock h;

	if (!c)
		return;
	h = (struct held_lock){ .map = map, .ip = (u32)ip,
		.class_idx = class_idx(c), .hardirq = in_hardirq() ? 1 : 0,
		.softirq = !in_hardirq() && in_serving_softirq() ? 1 : 0,
		.trylock = trylock };
	c->ops++;
	if (!mark_usage(&h, irqs_on))
		return;
	if (!trylock && !validate_chain(t, &h))
		return;
	if (ld->depth == MAX_LOCK_DEPTH) {
		lockdep_table_full("MAX_LOCK_DEPTH");
		return;
	}
	ld->held[ld->depth++] = h;
}

/* Enter lockdep: interrupts off, and not from inside lockdep itself. */
static bool lockdep_enter(unsigned long *flags)
{
	if (!READ_ONCE(debug_locks) || in_nmi())
		return false;
	*flags = arch_local_irq_save();
	if (current->lockdep.recursion) {
		arch_local_irq_restore(*flags);
		return false;
	}
	current->lockdep.recursion++;
	return true;
}

static void lockdep_exit(unsigned long flags)
{
	current->lockdep.recursion--;
	arch_local_irq_restore(flags);
}

void lock_acquire_nested(struct lockdep_map *map, unsigned int subclass,
			 bool trylock, unsigned long ip)
{
	unsigned long flags;

	if (!map || !lockdep_enter(&flags))
		return;
	if (subclass >= MAX_LOCKDEP_SUBCLASSES) {
		lockdep_table_full("MAX_LOCKDEP_SUBCLASSES");
	} else {
		__lock_acquire(current, map, subclass, trylock, ip,
			       flags & X86_EFLAGS_IF);
	}
	lockdep_exit(flags);
}

void lock_acquire(struct lockdep_map *map, bool trylock, unsigned long ip)
{
	lock_acquire_nested(map, 0, trylock, ip);
}
EXPORT_SYMBOL(lock_acquire);

/* Locks may be let go in any order: find @map from the top down. A lock
 * not on the stack (a lock handed over at a context switch, or taken
 * before the validator was on) is let go silently. */
void lock_release(struct lockdep_map *map, unsigned long ip)
{
	struct lockdep_task *ld;
	unsigned long flags;

	if (!map || !lockdep_enter(&flags))
		return;
	ld = &current->lockdep;
	for (int i = (int)ld->depth - 1; i >= 0; i--) {
		if (ld->held[i].map != map)
			continue;
		memmove(&ld->held[i], &ld->held[i + 1],
			(ld->depth - 1 - (u32)i) * sizeof(ld->held[0]));
		ld->depth--;
		break;
	}
	lockdep_exit(flags);
}
EXPORT_SYMBOL(lock_release);

bool lock_is_held(const struct lockdep_map *map)
{
	const struct lockdep_task *ld = &current->lockdep;

	for (u32 i = 0; i < ld->depth; i++)
		if (ld->held[i].map == map)
			return true;
	return false;
}

#endif
