/*
 * Host tests for lib/list.h: insertion order of list_add() and
 * list_add_tail(), removal with list_del() and list_del_init(),
 * list_move_tail() within and between lists, and the iterators, including
 * deleting entries while walking with list_for_each_entry_safe().
 */
#include "tests/host/htest.h"
#include "lib/list.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

struct item {
	int val;
	struct list_head node;
};

static LIST_HEAD(static_head);

/* The values of @head in order, written as "1 2 3" into a static buffer. */
static const char *values(struct list_head *head)
{
	static char buf[128];
	struct item *it;
	size_t n = 0;

	buf[0] = 0;
	list_for_each_entry(it, head, node)
		n += scnprintf(buf + n, sizeof(buf) - n, n ? " %d" : "%d",
			       it->val);
	return buf;
}

/* True when every next/prev pair of @head agrees, both ways round. */
static bool well_linked(struct list_head *head)
{
	struct list_head *p = head;

	do {
		if (p->next->prev != p || p->prev->next != p)
			return false;
		p = p->next;
	} while (p != head);
	return true;
}

static void init_items(struct item *items, int n)
{
	int i;

	for (i = 0; i < n; i++)
		items[i].val = i;
}

static void test_empty(void)
{
	struct list_head head;
	struct item *it;
	int visits = 0;

	INIT_LIST_HEAD(&head);
	CHECK(list_empty(&head) && list_count(&head) == 0, "INIT_LIST_HEAD empty");
	CHECK(list_empty(&static_head) && well_linked(&static_head),
	      "LIST_HEAD initialises statically");
	list_for_each_entry(it, &head, node)
		visits++;
	CHECK(visits == 0, "iterating an empty list visits nothing");
}

static void test_add(void)
{
	struct list_head stack, queue;
	struct item a[4], b[4];
	int i;

	INIT_LIST_HEAD(&stack);
	INIT_LIST_HEAD(&queue);
	init_items(a, 4);
	init_items(b, 4);
	for (i = 0; i < 4; i++) {
		list_add(&a[i].node, &stack);
		list_add_tail(&b[i].node, &queue);
	}
	CHECK(!strcmp(values(&stack), "3 2 1 0"), "list_add is LIFO: %s",
	      values(&stack));
	CHECK(!strcmp(values(&queue), "0 1 2 3"), "list_add_tail is FIFO: %s",
	      values(&queue));
	CHECK(list_count(&queue) == 4 && !list_empty(&queue), "list_count 4");
	CHECK(well_linked(&stack) && well_linked(&queue), "links consistent");
	CHECK(list_first_entry(&queue, struct item, node) == &b[0] &&
	      list_last_entry(&queue, struct item, node) == &b[3],
	      "first and last entry");
	CHECK(list_is_last(&b[3].node, &queue) && !list_is_last(&b[2].node, &queue),
	      "list_is_last");
	CHECK(list_next_entry(&b[1], node) == &b[2], "list_next_entry");
}

static void test_del(void)
{
	struct list_head head;
	struct item a[4];
	int i;

	INIT_LIST_HEAD(&head);
	init_items(a, 4);
	for (i = 0; i < 4; i++)
		list_add_tail(&a[i].node, &head);
	list_del(&a[1].node);
	CHECK(!strcmp(values(&head), "0 2 3") && well_linked(&head),
	      "list_del middle: %s", values(&head));
	CHECK(a[1].node.next == NULL && a[1].node.prev == NULL,
	      "list_del poisons the entry");
	list_del(&a[0].node);
	list_del(&a[3].node);
	CHECK(!strcmp(values(&head), "2") && list_count(&head) == 1,
	      "list_del first and last");
	list_del_init(&a[2].node);
	CHECK(list_empty(&head) && list_empty(&a[2].node),
	      "list_del_init leaves both empty");
	list_del_init(&a[2].node);
	CHECK(list_empty(&a[2].node) && list_empty(&head),
	      "list_del_init twice is harmless");
}

static void test_move_tail(void)
{
	struct list_head x, y;
	struct item a[4];
	int i;

	INIT_LIST_HEAD(&x);
	INIT_LIST_HEAD(&y);
	init_items(a, 4);
	for (i = 0; i < 4; i++)
		list_add_tail(&a[i].node, &x);
	list_move_tail(&a[0].node, &x);
	CHECK(!strcmp(values(&x), "1 2 3 0"), "move_tail within a list: %s",
	      values(&x));
	list_move_tail(&a[2].node, &y);
	list_move_tail(&a[1].node, &y);
	CHECK(!strcmp(values(&x), "3 0") && !strcmp(values(&y), "2 1"),
	      "move_tail between lists");
	CHECK(well_linked(&x) && well_linked(&y), "links consistent after moves");
	list_move_tail(&a[3].node, &x);
	CHECK(!strcmp(values(&x), "0 3"), "move_tail of first entry to own tail");
}

static void test_safe_iteration(void)
{
	struct list_head head;
	struct item a[6], *it, *n;
	int i, visits = 0;

	INIT_LIST_HEAD(&head);
	init_items(a, 6);
	for (i = 0; i < 6; i++)
		list_add_tail(&a[i].node, &head);
	list_for_each_entry_safe(it, n, &head, node) {
		visits++;
		if (it->val % 2 == 0)
			list_del(&it->node);
	}
	CHECK(visits == 6 && !strcmp(values(&head), "1 3 5"),
	      "for_each_entry_safe deletes evens: %s", values(&head));
	list_for_each_entry_safe(it, n, &head, node)
		list_del_init(&it->node);
	CHECK(list_empty(&head) && well_linked(&head),
	      "for_each_entry_safe empties the list");
}

static void test_raw_iteration(void)
{
	struct list_head head, *pos;
	struct item a[3];
	int sum = 0, i;

	INIT_LIST_HEAD(&head);
	init_items(a, 3);
	for (i = 0; i < 3; i++)
		list_add_tail(&a[i].node, &head);
	list_for_each(pos, &head)
		sum += list_entry(pos, struct item, node)->val * 10 + 1;
	CHECK(sum == 33, "list_for_each with list_entry visits all (%d)", sum);
}

int main(void)
{
	test_empty();
	test_add();
	test_del();
	test_move_tail();
	test_safe_iteration();
	test_raw_iteration();
	return htest_done();
}
