/*
 * Self-tests for pid namespaces (run with "ktest"): a pid made in a
 * nested namespace has a number at each level, counted from 1 in each
 * new namespace and handed out cyclically; a namespace whose init has
 * died gives out none (and takes back what it gave on the way); nesting
 * stops at MAX_PID_NS_LEVEL.
 */
#include "kernel/ktest.h"
#include "kernel/ns/pid_namespace.h"
#include "kernel/pid.h"
#include "lib/err.h"
#include "lib/errno.h"

KTEST(pid_numbers_across_levels)
{
	struct pid_namespace *a = create_pid_namespace(&init_pid_ns), *b;
	struct pid *p1, *p2, *p3;

	KT_EXPECT(t, !IS_ERR(a) && a->level == 1 && a->parent == &init_pid_ns);
	if (IS_ERR(a))
		return;
	b = create_pid_namespace(a);
	KT_EXPECT(t, !IS_ERR(b) && b->level == 2 && b->parent == a);
	p1 = IS_ERR(b) ? ERR_PTR(-ENOMEM) : alloc_pid(b);
	p2 = IS_ERR(p1) ? p1 : alloc_pid(b);
	KT_EXPECT(t, !IS_ERR(p1) && !IS_ERR(p2));
	if (!IS_ERR(p1) && !IS_ERR(p2)) {
		KT_EXPECT(t, p1->level == 2 && p1->numbers[2].ns == b &&
			  p1->numbers[1].ns == a && p1->numbers[0].ns == &init_pid_ns);
		KT_EXPECT(t, pid_nr_ns(p1, b) == 1 && pid_nr_ns(p1, a) == 1 &&
			  pid_nr_ns(p2, b) == 2 && pid_nr_ns(p1, &init_pid_ns) > 0);
		KT_EXPECT(t, a->nr_pids == 2 && b->nr_pids == 2);
		free_pid(p1);
		put_pid(p1);
		p3 = alloc_pid(b);	/* cyclic: 3, not the freed 1 */
		KT_EXPECT(t, !IS_ERR(p3) && pid_nr_ns(p3, b) == 3);
		a->dying = true;	/* a's init has gone: nothing below it */
		p1 = alloc_pid(b);
		KT_EXPECT(t, IS_ERR(p1) && PTR_ERR(p1) == -ENOMEM && b->nr_pids == 2);
		free_pid(p2);
		put_pid(p2);
		if (!IS_ERR(p3)) {
			free_pid(p3);
			put_pid(p3);
		}
	}
	if (!IS_ERR(b))
		put_ns(&b->ns);		/* it lets go of a too */
	put_ns(&a->ns);
}

KTEST(pid_ns_nesting_limit)
{
	struct pid_namespace *ns = &init_pid_ns, *next;
	unsigned int depth = 0;

	while (!IS_ERR(next = create_pid_namespace(ns))) {
		if (ns != &init_pid_ns)
			put_ns(&ns->ns);	/* next holds it now */
		ns = next;
		depth++;
	}
	KT_EXPECT(t, depth == MAX_PID_NS_LEVEL && PTR_ERR(next) == -ENOSPC);
	if (ns != &init_pid_ns)
		put_ns(&ns->ns);	/* frees the whole chain */
}
