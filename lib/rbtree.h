/*
 * Red-black trees, with Linux's interface (include/linux/rbtree.h): the
 * node is embedded in the caller's structure, the caller walks down the
 * tree to find where a new node goes (it knows the key), links it there
 * with rb_link_node() and lets rb_insert_color() rebalance.
 *
 * A red-black tree is a binary search tree whose nodes are red or black,
 * with two rules: a red node has no red child, and every path from a node
 * down to a missing child passes the same number of black nodes. So the
 * longest path is at most twice the shortest and lookups, inserts and
 * erases take O(log n) steps. Taskbase indexes each address space's VMAs
 * with one (mm->mm_rb), as Linux did from 2.4 until the maple tree.
 *
 * Unlike Linux, which hides the colour in the low bit of the parent
 * pointer, a node keeps its parent and colour in separate fields: easier
 * to read in gdb (`p *node`).
 */
#ifndef LIB_RBTREE_H
#define LIB_RBTREE_H

#include "lib/types.h"

#define RB_RED 0
#define RB_BLACK 1

struct rb_node {
	struct rb_node *rb_parent;	/* NULL at the root */
	struct rb_node *rb_left, *rb_right;
	int rb_color;			/* RB_RED or RB_BLACK */
};

struct rb_root {
	struct rb_node *rb_node;	/* NULL: empty tree */
};

#define RB_ROOT (struct rb_root){ NULL }
#define rb_entry(ptr, type, member) container_of(ptr, type, member)
#define RB_EMPTY_ROOT(root) ((root)->rb_node == NULL)

/*
 * Put @node in the empty child slot @link of @parent (NULL for the root:
 * then @link is &root->rb_node), red and without children. Then call
 * rb_insert_color().
 */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **link)
{
	node->rb_parent = parent;
	node->rb_left = node->rb_right = NULL;
	node->rb_color = RB_RED;
	*link = node;
}

/* Restore the red-black rules after rb_link_node() put @node in @root. */
void rb_insert_color(struct rb_node *node, struct rb_root *root);
/* Take @node out of @root, which stays a red-black tree. */
void rb_erase(struct rb_node *node, struct rb_root *root);

/* The first (leftmost) node, or NULL when the tree is empty. */
struct rb_node *rb_first(const struct rb_root *root);
/* The last (rightmost) node, or NULL when the tree is empty. */
struct rb_node *rb_last(const struct rb_root *root);
/* The node after @node in key order, or NULL. */
struct rb_node *rb_next(const struct rb_node *node);
/* The node before @node in key order, or NULL. */
struct rb_node *rb_prev(const struct rb_node *node);

#endif
