/*
 * Red-black tree rebalancing (see rbtree.h), after Cormen, Leiserson,
 * Rivest and Stein, "Introduction to Algorithms", chapter 13, with NULL
 * for the missing children (a NULL child counts as black).
 */
#include "lib/rbtree.h"

static bool is_red(const struct rb_node *n)
{
	return n && n->rb_color == RB_RED;
}

/* Make @new take @old's place under @old's parent (or as the root). */
static void replace_child(struct rb_root *root, struct rb_node *old,
			  struct rb_node *new)
{
	struct rb_node *parent = old->rb_parent;

	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
	if (new)
		new->rb_parent = parent;
}

/*
 *      x                y
 *     / \              / \
 *    a   y    ==>     x   c
 *       / \          / \
 *      b   c        a   b
 */
static void rotate_left(struct rb_root *root, struct rb_node *x)
{
	struct rb_node *y = x->rb_right;

	x->rb_right = y->rb_left;
	if (y->rb_left)
		y->rb_left->rb_parent = x;
	replace_child(root, x, y);
	y->rb_left = x;
	x->rb_parent = y;
}

/* The mirror image of rotate_left(). */
static void rotate_right(struct rb_root *root, struct rb_node *x)
{
	struct rb_node *y = x->rb_left;

	x->rb_left = y->rb_right;
	if (y->rb_right)
		y->rb_right->rb_parent = x;
	replace_child(root, x, y);
	y->rb_right = x;
	x->rb_parent = y;
}

void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *parent, *gparent, *uncle;

	/* A red node under a red parent: the only rule a new red leaf can
	 * break. The parent is red, so it is not the root: gparent exists. */
	while ((parent = node->rb_parent) && is_red(parent)) {
		gparent = parent->rb_parent;
		if (parent == gparent->rb_left) {
			uncle = gparent->rb_right;
			if (is_red(uncle)) {
				/* Recolour and carry the problem up. */
				parent->rb_color = uncle->rb_color = RB_BLACK;
				gparent->rb_color = RB_RED;
				node = gparent;
				continue;
			}
			if (node == parent->rb_right) {
				rotate_left(root, parent);
				node = parent;
				parent = node->rb_parent;
			}
			parent->rb_color = RB_BLACK;
			gparent->rb_color = RB_RED;
			rotate_right(root, gparent);
		} else {
			uncle = gparent->rb_left;
			if (is_red(uncle)) {
				parent->rb_color = uncle->rb_color = RB_BLACK;
				gparent->rb_color = RB_RED;
				node = gparent;
				continue;
			}
			if (node == parent->rb_left) {
				rotate_right(root, parent);
				node = parent;
				parent = node->rb_parent;
			}
			parent->rb_color = RB_BLACK;
			gparent->rb_color = RB_RED;
			rotate_left(root, gparent);
		}
	}
	root->rb_node->rb_color = RB_BLACK;
}

/*
 * A black node was removed above @node (maybe NULL), a child of @parent:
 * paths through @node have one black too few. Fix that, moving up.
 */
static void erase_fixup(struct rb_root *root, struct rb_node *node,
			struct rb_node *parent)
{
	struct rb_node *sibling;

	while (node != root->rb_node && !is_red(node)) {
		if (node == parent->rb_left) {
			sibling = parent->rb_right;	/* exists: it has a black */
			if (is_red(sibling)) {
				sibling->rb_color = RB_BLACK;
				parent->rb_color = RB_RED;
				rotate_left(root, parent);
				sibling = parent->rb_right;
			}
			if (!is_red(sibling->rb_left) && !is_red(sibling->rb_right)) {
				sibling->rb_color = RB_RED;
				node = parent;
				parent = node->rb_parent;
				continue;
			}
			if (!is_red(sibling->rb_right)) {
				sibling->rb_left->rb_color = RB_BLACK;
				sibling->rb_color = RB_RED;
				rotate_right(root, sibling);
				sibling = parent->rb_right;
			}
			sibling->rb_color = parent->rb_color;
			parent->rb_color = RB_BLACK;
			sibling->rb_right->rb_color = RB_BLACK;
			rotate_left(root, parent);
		} else {
			sibling = parent->rb_left;
			if (is_red(sibling)) {
				sibling->rb_color = RB_BLACK;
				parent->rb_color = RB_RED;
				rotate_right(root, parent);
				sibling = parent->rb_left;
			}
			if (!is_red(sibling->rb_left) && !is_red(sibling->rb_right)) {
				sibling->rb_color = RB_RED;
				node = parent;
				parent = node->rb_parent;
				continue;
			}
			if (!is_red(sibling->rb_left)) {
				sibling->rb_right->rb_color = RB_BLACK;
				sibling->rb_color = RB_RED;
				rotate_left(root, sibling);
				sibling = parent->rb_left;
			}
			sibling->rb_color = parent->rb_color;
			parent->rb_color = RB_BLACK;
			sibling->rb_left->rb_color = RB_BLACK;
			rotate_right(root, parent);
		}
		node = root->rb_node;
		break;
	}
	if (node)
		node->rb_color = RB_BLACK;
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *child, *parent, *succ;
	int removed_color;

	if (!node->rb_left || !node->rb_right) {
		/* At most one child: it takes the node's place. */
		child = node->rb_left ? node->rb_left : node->rb_right;
		parent = node->rb_parent;
		removed_color = node->rb_color;
		replace_child(root, node, child);
	} else {
		/* Two children: the successor (leftmost on the right, which
		 * has no left child) takes the node's place and colour; the
		 * successor's own old place loses a node. */
		succ = node->rb_right;
		while (succ->rb_left)
			succ = succ->rb_left;
		removed_color = succ->rb_color;
		child = succ->rb_right;
		if (succ->rb_parent == node) {
			parent = succ;
		} else {
			parent = succ->rb_parent;
			parent->rb_left = child;
			if (child)
				child->rb_parent = parent;
			succ->rb_right = node->rb_right;
			succ->rb_right->rb_parent = succ;
		}
		replace_child(root, node, succ);
		succ->rb_left = node->rb_left;
		succ->rb_left->rb_parent = succ;
		succ->rb_color = node->rb_color;
	}
	if (removed_color == RB_BLACK)
		erase_fixup(root, child, parent);
}

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	while (n && n->rb_left)
		n = n->rb_left;
	return n;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	while (n && n->rb_right)
		n = n->rb_right;
	return n;
}

struct rb_node *rb_next(const struct rb_node *node)
{
	const struct rb_node *n;

	if (node->rb_right) {
		for (n = node->rb_right; n->rb_left; n = n->rb_left)
			;
		return (struct rb_node *)n;
	}
	/* Up until we come from a left child. */
	while (node->rb_parent && node == node->rb_parent->rb_right)
		node = node->rb_parent;
	return node->rb_parent;
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	const struct rb_node *n;

	if (node->rb_left) {
		for (n = node->rb_left; n->rb_right; n = n->rb_right)
			;
		return (struct rb_node *)n;
	}
	while (node->rb_parent && node == node->rb_parent->rb_left)
		node = node->rb_parent;
	return node->rb_parent;
}
