/*
 * CONFIG_DEBUG_LIST, in the debug kernel (Linux's lib/list_debug.c):
 * every list_add() checks the two neighbours it links the new entry
 * between, and every list_del() the two it joins, so that a corrupted
 * list is reported where it is first met, with Linux's message and the
 * stack, instead of making a loop or a write through a stale pointer far
 * from the cause (the fuzzer's silent guests ended in a timer list with a
 * self-linked node of a freed object). The operation is then skipped, as
 * Linux's CHECK_DATA_CORRUPTION() does without BUG_ON_DATA_CORRUPTION.
 * ktest=list_debug corrupts a list on purpose.
 */
#ifdef CONFIG_DEBUG_LIST
#include "kernel/ktest.h"
#include "kernel/module/module.h"
#include "kernel/panic.h"
#include "lib/bug.h"
#include "lib/list.h"

#define CORRUPT(fmt, ...) \
	(warn_slowpath_fmt(__FILE__, __LINE__, fmt, ##__VA_ARGS__), false)

bool __list_add_valid(struct list_head *new, struct list_head *prev,
		      struct list_head *next)
{
	if (next->prev != prev)
		return CORRUPT("list_add corruption. next->prev should be prev "
			       "(%px), but was %px. (next=%px).\n",
			       prev, next->prev, next);
	if (prev->next != next)
		return CORRUPT("list_add corruption. prev->next should be next "
			       "(%px), but was %px. (prev=%px).\n",
			       next, prev->next, prev);
	if (new == prev || new == next)
		return CORRUPT("list_add double add: new=%px, prev=%px, "
			       "next=%px.\n", new, prev, next);
	return true;
}
EXPORT_SYMBOL(__list_add_valid);

bool __list_del_entry_valid(struct list_head *entry)
{
	struct list_head *prev = entry->prev, *next = entry->next;

	if (!next)
		return CORRUPT("list_del corruption, %px->next is NULL (a "
			       "list_del() before)\n", entry);
	if (!prev)
		return CORRUPT("list_del corruption, %px->prev is NULL (a "
			       "list_del() before)\n", entry);
	if (prev->next != entry)
		return CORRUPT("list_del corruption. prev->next should be %px, "
			       "but was %px. (prev=%px)\n", entry, prev->next, prev);
	if (next->prev != entry)
		return CORRUPT("list_del corruption. next->prev should be %px, "
			       "but was %px. (next=%px)\n", entry, next->prev, next);
	return true;
}
EXPORT_SYMBOL(__list_del_entry_valid);

/* A node whose links were cleared while it was on a list (the timer
 * bug's shape): the next list_add() beside it must report, not link. */
KTEST_CRASH(list_debug)
{
	LIST_HEAD(head);
	struct list_head a, b, c;
	unsigned int before = warn_count();

	list_add_tail(&a, &head);
	list_add_tail(&b, &head);
	INIT_LIST_HEAD(&b);		/* b still linked from a and head */
	list_add(&c, &a);		/* between a and b: b->prev is b */
	KT_EXPECT(t, warn_count() == before + 1);
	KT_EXPECT(t, a.next == &b);	/* skipped */
	list_del(&a);
	KT_EXPECT(t, warn_count() == before + 2);	/* b->prev != a */
}
#endif
