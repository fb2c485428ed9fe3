/*
 * Intrusive circular doubly linked lists, in the style of Linux's
 * include/linux/list.h. A struct list_head is embedded in the object; an
 * empty list is a head that points at itself. The task list (task->tasks),
 * the thread group, wait queues and the buddy free lists are all built on it.
 *
 *        head <-> a.node <-> b.node <-> c.node <-> (back to head)
 */
#ifndef LIB_LIST_H
#define LIB_LIST_H

#include "lib/types.h"

struct list_head {
	struct list_head *next, *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

/* Make @list an empty list (a head that points at itself). */
static inline void INIT_LIST_HEAD(struct list_head *list)
{
	list->next = list;
	list->prev = list;
}

#ifdef CONFIG_DEBUG_LIST
/* The debug kernel checks each link and unlink (kernel/debug/
 * list_debug.c): false, after a report, for a corrupted list. */
bool __list_add_valid(struct list_head *new, struct list_head *prev,
		      struct list_head *next);
bool __list_del_entry_valid(struct list_head *entry);
#else
static inline bool __list_add_valid(struct list_head *new,
				    struct list_head *prev,
				    struct list_head *next)
{
	return true;
}

static inline bool __list_del_entry_valid(struct list_head *entry)
{
	return true;
}
#endif

static inline void __list_add(struct list_head *new, struct list_head *prev,
			      struct list_head *next)
{
	if (!__list_add_valid(new, prev, next))
		return;
	next->prev = new;
	new->next = next;
	new->prev = prev;
	prev->next = new;
}

/* Insert @new right after @head (stack order). */
static inline void list_add(struct list_head *new, struct list_head *head)
{
	__list_add(new, head, head->next);
}

/* Insert @new right before @head, i.e. at the tail (queue order). */
static inline void list_add_tail(struct list_head *new, struct list_head *head)
{
	__list_add(new, head->prev, head);
}

/* Join @entry's neighbours; false (and nothing done) when the debug
 * kernel finds the list corrupted there. @entry's links are left. */
static inline bool __list_del_entry(struct list_head *entry)
{
	if (!__list_del_entry_valid(entry))
		return false;
	entry->next->prev = entry->prev;
	entry->prev->next = entry->next;
	return true;
}

/* Unlink @entry; its pointers are poisoned to NULL so reuse is caught. */
static inline void list_del(struct list_head *entry)
{
	if (!__list_del_entry(entry))
		return;
	entry->next = NULL;
	entry->prev = NULL;
}

/* Unlink @entry and make it an empty list again (safe to list_del twice). */
static inline void list_del_init(struct list_head *entry)
{
	if (__list_del_entry(entry))
		INIT_LIST_HEAD(entry);
}

/* Move @entry from its list to the tail of @head. */
static inline void list_move_tail(struct list_head *entry,
				  struct list_head *head)
{
	list_del(entry);
	list_add_tail(entry, head);
}

/* Move every entry of @list to the front of @head; @list is left empty. */
static inline void list_splice_init(struct list_head *list,
				    struct list_head *head)
{
	struct list_head *first = list->next, *last = list->prev;

	if (first == list)
		return;
	last->next = head->next;
	head->next->prev = last;
	first->prev = head;
	head->next = first;
	INIT_LIST_HEAD(list);
}

/* True when @head has no entries. */
static inline bool list_empty(const struct list_head *head)
{
	return READ_ONCE(head->next) == head;
}

/* True when @entry is the last entry of @head. */
static inline bool list_is_last(const struct list_head *entry,
				const struct list_head *head)
{
	return entry->next == head;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(head, type, member) \
	list_entry((head)->next, type, member)
#define list_last_entry(head, type, member) \
	list_entry((head)->prev, type, member)
#define list_next_entry(pos, member) \
	list_entry((pos)->member.next, __typeof__(*(pos)), member)

#define list_for_each(pos, head) \
	for (pos = (head)->next; pos != (head); pos = pos->next)

#define list_for_each_entry(pos, head, member)                          \
	for (pos = list_first_entry(head, __typeof__(*pos), member);    \
	     &pos->member != (head);                                    \
	     pos = list_next_entry(pos, member))

#define list_prev_entry(pos, member) \
	list_entry((pos)->member.prev, __typeof__(*(pos)), member)

/* From the last entry back to the first. */
#define list_for_each_entry_reverse(pos, head, member)                  \
	for (pos = list_last_entry(head, __typeof__(*pos), member);     \
	     &pos->member != (head);                                    \
	     pos = list_prev_entry(pos, member))

/* Like list_for_each_entry, but @pos may be removed inside the loop. */
#define list_for_each_entry_safe(pos, n, head, member)                  \
	for (pos = list_first_entry(head, __typeof__(*pos), member),    \
	     n = list_next_entry(pos, member);                          \
	     &pos->member != (head);                                    \
	     pos = n, n = list_next_entry(n, member))

/* Count the entries of @head (walks the whole list). */
static inline size_t list_count(const struct list_head *head)
{
	size_t n = 0;
	const struct list_head *p;

	for (p = head->next; p != head; p = p->next)
		n++;
	return n;
}

#endif
