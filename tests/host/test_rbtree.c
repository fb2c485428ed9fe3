/*
 * Host tests for lib/rbtree.c: after every insert and erase of a long
 * random sequence the tree is still a binary search tree with the right
 * keys, its parent links agree, no red node has a red child, every path
 * has the same number of black nodes, and rb_first/rb_next and
 * rb_last/rb_prev walk the keys in order. Also the small cases: an empty
 * tree, one node, erasing the root.
 */
#include "tests/host/htest.h"
#include "lib/rbtree.h"

#define N 2000

struct item {
	int key;
	bool in;
	struct rb_node rb;
};

static struct item items[N];
static struct rb_root root;

static void insert(struct item *it)
{
	struct rb_node **link = &root.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = it->key < rb_entry(parent, struct item, rb)->key ?
		       &parent->rb_left : &parent->rb_right;
	}
	rb_link_node(&it->rb, parent, link);
	rb_insert_color(&it->rb, &root);
	it->in = true;
}

static void erase(struct item *it)
{
	rb_erase(&it->rb, &root);
	it->in = false;
}

/* Black height of @n's subtree, or -1 when a rule is broken below. */
static int check(const struct rb_node *n, const struct rb_node *parent,
		 int lo, int hi, int *count)
{
	int key, l, r;

	if (!n)
		return 1;
	key = rb_entry(n, struct item, rb)->key;
	if (n->rb_parent != parent || key < lo || key > hi)
		return -1;
	if (n->rb_color == RB_RED &&
	    ((n->rb_left && n->rb_left->rb_color == RB_RED) ||
	     (n->rb_right && n->rb_right->rb_color == RB_RED)))
		return -1;
	(*count)++;
	l = check(n->rb_left, n, lo, key, count);
	r = check(n->rb_right, n, key, hi, count);
	if (l < 0 || r < 0 || l != r)
		return -1;
	return l + (n->rb_color == RB_BLACK);
}

/* The whole tree obeys every rule and holds exactly the items marked in. */
static bool valid(void)
{
	int count = 0, want = 0, prev = -1;
	const struct rb_node *n;

	if (root.rb_node && root.rb_node->rb_color != RB_BLACK)
		return false;
	if (check(root.rb_node, NULL, -1, N, &count) < 0)
		return false;
	for (int i = 0; i < N; i++)
		want += items[i].in;
	if (count != want)
		return false;
	for (n = rb_first(&root); n; n = rb_next(n)) {
		int key = rb_entry(n, struct item, rb)->key;

		if (key <= prev || !items[key].in)
			return false;
		prev = key;
	}
	prev = N;
	for (n = rb_last(&root); n; n = rb_prev(n)) {
		int key = rb_entry(n, struct item, rb)->key;

		if (key >= prev)
			return false;
		prev = key;
	}
	return true;
}

static unsigned int rng = 12345;

static unsigned int rnd(void)
{
	rng = rng * 1103515245 + 12345;
	return rng >> 8;
}

static void test_small(void)
{
	root = RB_ROOT;
	CHECK(rb_first(&root) == NULL && rb_last(&root) == NULL, "empty tree");
	insert(&items[5]);
	CHECK(valid() && rb_first(&root) == &items[5].rb &&
	      rb_next(&items[5].rb) == NULL && rb_prev(&items[5].rb) == NULL,
	      "one node");
	erase(&items[5]);
	CHECK(RB_EMPTY_ROOT(&root) && valid(), "erase the only node");
	for (int i = 0; i < 3; i++)
		insert(&items[i]);
	erase(&items[1]);		/* the root after the rotation */
	CHECK(valid(), "erase the root of three");
	erase(&items[0]);
	erase(&items[2]);
	CHECK(RB_EMPTY_ROOT(&root), "erase everything");
}

/* Ascending and descending inserts: the worst case of a plain BST. */
static void test_sorted(void)
{
	int depth = 0;

	root = RB_ROOT;
	for (int i = 0; i < N; i++)
		insert(&items[i]);
	CHECK(valid(), "%d ascending inserts", N);
	for (const struct rb_node *n = rb_first(&root); n; n = n->rb_parent)
		depth++;
	CHECK(depth <= 2 * 11, "balanced: leftmost depth %d for %d keys", depth, N);
	for (int i = N - 1; i >= 0; i--)
		erase(&items[i]);
	CHECK(RB_EMPTY_ROOT(&root), "erased in reverse");
	for (int i = N - 1; i >= 0; i--)
		insert(&items[i]);
	for (int i = 0; i < N; i += 2)
		erase(&items[i]);
	CHECK(valid(), "descending inserts, every other erased");
	for (int i = 1; i < N; i += 2)
		erase(&items[i]);
}

static void test_random(void)
{
	int bad = -1;

	root = RB_ROOT;
	for (int step = 0; step < 20000 && bad < 0; step++) {
		struct item *it = &items[rnd() % N];

		if (it->in)
			erase(it);
		else
			insert(it);
		if ((step < 3000 || step % 97 == 0) && !valid())
			bad = step;
	}
	CHECK(bad < 0 && valid(), "20000 random inserts and erases (bad at %d)", bad);
}

int main(void)
{
	for (int i = 0; i < N; i++)
		items[i].key = i;
	test_small();
	test_sorted();
	test_random();
	return htest_done();
}
