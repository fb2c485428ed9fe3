/*
 * /proc/lockdep and /proc/lockdep_stats (CONFIG_LOCKDEP), in Linux's
 * layout: every class with its forward and backward dependency counts,
 * usage and name, then one "->" line per lock taken after it; and the
 * table sizes against their limits. The tables only grow, so reading
 * them without the graph lock shows a consistent prefix.
 */
#ifdef CONFIG_LOCKDEP

#include "kernel/locking/lockdep_internal.h"
#include "kernel/fs/proc/internal.h"

/* How many dependencies end at @idx (Linux's BD). */
static u32 backward_deps(u16 idx, u32 nr_entries)
{
	u32 n = 0;

	for (u32 e = 0; e < nr_entries; e++)
		n += list_entries[e].to == idx;
	return n;
}

int proc_lockdep_show(struct seq_buf *m, void *pi)
{
	u32 nr_classes = READ_ONCE(nr_lock_classes);
	u32 nr_entries = READ_ONCE(nr_list_entries);
	char usage[24];

	seq_printf(m, "all lock classes:\n");
	for (u32 i = 0; i < nr_classes; i++) {
		const struct lock_class *c = &lock_classes[i];

		seq_printf(m, "%016lx FD:%5u BD:%5u %s: %s%s\n",
			   (unsigned long)c->key, c->nr_after,
			   backward_deps((u16)i, nr_entries),
			   lock_class_usage(c, usage, sizeof(usage)), c->name,
			   lock_class_suffix(c));
		for (s32 e = c->after; e >= 0; e = list_entries[e].next) {
			const struct lock_class *to = &lock_classes[list_entries[e].to];

			seq_printf(m, " -> [%016lx] %s%s\n", (unsigned long)to->key,
				   to->name, lock_class_suffix(to));
		}
		seq_printf(m, "\n");
	}
	return 0;
}

int proc_lockdep_stats_show(struct seq_buf *m, void *pi)
{
	seq_printf(m, " lock-classes:                  %5u [max: %u]\n",
		   READ_ONCE(nr_lock_classes), MAX_LOCKDEP_KEYS);
	seq_printf(m, " direct dependencies:           %5u [max: %u]\n",
		   READ_ONCE(nr_list_entries), MAX_LOCKDEP_ENTRIES);
	seq_printf(m, " dependency chains:             %5u [max: %u]\n",
		   READ_ONCE(nr_lock_chains), MAX_LOCKDEP_CHAINS);
	seq_printf(m, " stack-trace entries:           %5u [max: %u]\n",
		   READ_ONCE(nr_stack_trace_entries), MAX_STACK_TRACE_ENTRIES);
	seq_printf(m, " debug_locks:                   %5d\n", READ_ONCE(debug_locks));
	return 0;
}

#endif
