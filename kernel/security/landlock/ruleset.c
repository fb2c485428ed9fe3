/*
 * Landlock's objects (landlock.h): rulesets being filled by
 * landlock_add_rule(2), and the frozen layers of a domain that
 * landlock_restrict_self(2) stacks on a task's cred. A rule names its
 * inode by pointer and holds a reference on it, so the object it
 * stands for cannot be freed and its address reused by another file.
 * Linux keeps the rules of a domain in one red-black tree per domain
 * with a small array of (layer, access) per rule; here each layer keeps
 * its own short list, which a student can print from gdb.
 */
#include "kernel/cred.h"
#include "kernel/fs/vfs.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/slab.h"
#include "kernel/security/landlock/landlock.h"
#include "kernel/task.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"

struct landlock_ruleset *landlock_create_ruleset(access_mask_t handled)
{
	struct landlock_ruleset *ruleset;

	if (!handled)
		return ERR_PTR(-ENOMSG);	/* it would restrict nothing */
	ruleset = kzalloc(sizeof(*ruleset), GFP_KERNEL);
	if (!ruleset)
		return ERR_PTR(-ENOMEM);
	refcount_set(&ruleset->usage, 1);
	mutex_init(&ruleset->lock);
	ruleset->handled = handled;
	return ruleset;
}

void landlock_get_ruleset(struct landlock_ruleset *ruleset)
{
	refcount_inc(&ruleset->usage);
}

/* Free @ruleset's rules and itself; the caller held the last reference. */
static void free_ruleset(struct landlock_ruleset *ruleset)
{
	struct landlock_rule *rule, *next;

	for (rule = ruleset->rules; rule; rule = next) {
		next = rule->next;
		iput(rule->object);
		kfree(rule);
	}
	kfree(ruleset);
}

void landlock_put_ruleset(struct landlock_ruleset *ruleset)
{
	/* A loop, not recursion: a domain is at most 16 layers deep, but
	 * each layer is a reference on the one below. */
	while (ruleset && refcount_dec_and_test(&ruleset->usage)) {
		struct landlock_ruleset *parent = ruleset->parent;

		free_ruleset(ruleset);
		ruleset = parent;
	}
}

const struct landlock_rule *landlock_find_rule(const struct landlock_ruleset *layer,
					       const struct inode *inode)
{
	const struct landlock_rule *rule;

	for (rule = layer->rules; rule; rule = rule->next)
		if (rule->object == inode)
			return rule;
	return NULL;
}

/* Add a rule for @inode with @access at the head of @ruleset's list. */
static int add_rule(struct landlock_ruleset *ruleset, struct inode *inode,
		    access_mask_t access)
{
	struct landlock_rule *rule = kmalloc(sizeof(*rule), GFP_KERNEL);

	if (!rule)
		return -ENOMEM;
	rule->object = igrab(inode);
	rule->access = access;
	rule->next = ruleset->rules;
	ruleset->rules = rule;
	return 0;
}

int landlock_insert_rule(struct landlock_ruleset *ruleset,
			 struct inode *inode, access_mask_t access)
{
	struct landlock_rule *rule;
	int err = 0;

	BUG_ON(ruleset->num_layers || !inode || !access);
	mutex_lock(&ruleset->lock);
	rule = (struct landlock_rule *)landlock_find_rule(ruleset, inode);
	if (rule)
		rule->access |= access;	/* two rules, one object: the union */
	else
		err = add_rule(ruleset, inode, access);
	mutex_unlock(&ruleset->lock);
	return err;
}

/* Copy @src's rules into the new layer @dst (@src locked). */
static int copy_rules(struct landlock_ruleset *dst,
		      struct landlock_ruleset *src)
{
	const struct landlock_rule *rule;
	int err = 0;

	lockdep_assert_held(&src->lock);
	for (rule = src->rules; rule && !err; rule = rule->next)
		err = add_rule(dst, rule->object, rule->access);
	return err;
}

struct landlock_ruleset *landlock_merge_ruleset(struct landlock_ruleset *parent,
						struct landlock_ruleset *ruleset)
{
	struct landlock_ruleset *layer;
	int err;

	BUG_ON(!ruleset || ruleset->num_layers);
	if (parent && parent->num_layers >= LANDLOCK_MAX_NUM_LAYERS)
		return ERR_PTR(-E2BIG);
	layer = landlock_create_ruleset(ruleset->handled);
	if (IS_ERR(layer))
		return layer;
	mutex_lock(&ruleset->lock);
	err = copy_rules(layer, ruleset);
	mutex_unlock(&ruleset->lock);
	if (err) {
		landlock_put_ruleset(layer);
		return ERR_PTR(err);
	}
	if (parent)
		landlock_get_ruleset(parent);
	layer->parent = parent;
	layer->num_layers = parent ? parent->num_layers + 1 : 1;
	return layer;
}

/* ---- the domain in struct cred ---- */

struct landlock_ruleset *landlock_get_current_domain(void)
{
	return current->cred->landlock_domain;
}

void landlock_cred_prepare(struct cred *new, const struct cred *old)
{
	new->landlock_domain = old->landlock_domain;
	if (new->landlock_domain)
		landlock_get_ruleset(new->landlock_domain);
}

void landlock_cred_free(struct cred *cred)
{
	landlock_put_ruleset(cred->landlock_domain);
	cred->landlock_domain = NULL;
}
