/*
 * Explored states (Linux's is_state_visited() and states_equal() in
 * kernel/bpf/verifier.c): what lets the verifier accept loops and keeps
 * it from walking the same ground twice.
 *
 * At each prune point (check_cfg() marks them: jump targets, loop heads)
 * the walk keeps a copy of its state. A later path that arrives there
 * with a state the kept one covers (every register and stack slot the
 * same or known more precisely) is safe without going on, once every
 * path from the kept state has reached an exit: whatever it could do,
 * the kept state's paths did, and passed (pruning). A kept state whose
 * paths are not all done is an ancestor of the current path: coming back
 * to it with the same state means a loop that never ends, "infinite loop
 * detected". A loop that changes its state each time round (a counter)
 * is walked round by round, until it ends or the walk has processed a
 * million instructions (-E2BIG): that is how a bounded loop is proved to
 * end. Taskbase keeps no liveness marks, so it prunes less than Linux.
 */
#include "kernel/bpf/verifier.h"
#include "kernel/mm/slab.h"
#include "lib/errno.h"
#include "lib/string.h"

#define MAX_EXPLORED 1024		/* kept states in all (3.5 KiB each) */
#define MAX_EXPLORED_PER_INSN 64	/* Linux's BPF_COMPLEXITY_LIMIT_STATES */
#define ID_MAP_SIZE (MAX_BPF_REG + MAX_BPF_STACK / 8)

/* The pairs of map_lookup_elem ids matched so far (Linux's check_ids()):
 * registers that share an id in the kept state (copies of one result,
 * NULL or not together) must share one in the current state. */
struct id_map {
	u32 n;				/* pairs so far */
	u32 old[ID_MAP_SIZE], cur[ID_MAP_SIZE];
};

static bool check_ids(struct id_map *m, u32 old, u32 cur)
{
	for (u32 i = 0; i < m->n; i++)
		if (m->old[i] == old)
			return m->cur[i] == cur;
	if (m->n == ID_MAP_SIZE)
		return false;
	m->old[m->n] = old;
	m->cur[m->n++] = cur;
	return true;
}

/* Does @old cover @cur (@exact: are they the same)? NOT_INIT covers all:
 * the kept state's paths never read that register. */
static bool regsafe(const struct bpf_reg_state *old,
		    const struct bpf_reg_state *cur, struct id_map *m, bool exact)
{
	bool range = exact ? old->umin == cur->umin && old->umax == cur->umax :
			     old->umin <= cur->umin && cur->umax <= old->umax;

	if (old->type == NOT_INIT)
		return !exact || cur->type == NOT_INIT;
	if (old->type != cur->type)
		return false;
	switch (old->type) {
	case SCALAR_VALUE:
		return range;
	case PTR_TO_MAP_VALUE_OR_NULL:
		return range && old->map == cur->map && old->off == cur->off &&
		       check_ids(m, old->id, cur->id);
	case PTR_TO_MAP_VALUE:
		return range && old->map == cur->map && old->off == cur->off;
	case CONST_PTR_TO_MAP:
		return old->map == cur->map;
	default:			/* PTR_TO_CTX, PTR_TO_STACK */
		return old->off == cur->off;
	}
}

/* The stack: a byte @old never wrote covers anything; a spilled
 * register's slot is compared as a register. */
static bool stacksafe(const struct bpf_func_state *old,
		      const struct bpf_func_state *cur, struct id_map *m,
		      bool exact)
{
	for (int i = 0; i < MAX_BPF_STACK; i++) {
		u8 o = old->stack_type[i], c = cur->stack_type[i];

		if (o == STACK_INVALID && (!exact || c == STACK_INVALID))
			continue;
		if (o != c)
			return false;
		if (o == STACK_SPILL && i % 8 == 0 &&
		    !regsafe(&old->spilled[i / 8], &cur->spilled[i / 8], m, exact))
			return false;
	}
	return true;
}

static bool states_equal(const struct bpf_func_state *old,
			 const struct bpf_func_state *cur, bool exact)
{
	struct id_map m;

	m.n = 0;			/* not a memset: this runs a lot */
	for (int i = 0; i < MAX_BPF_REG; i++)
		if (!regsafe(&old->regs[i], &cur->regs[i], &m, exact))
			return false;
	return stacksafe(old, cur, &m, exact);
}

/* Keep the current state at env->insn_idx, if there is room. */
static void keep_state(struct bpf_verifier_env *env, u32 n_here)
{
	struct bpf_explored *e;

	if (env->n_explored >= MAX_EXPLORED || n_here >= MAX_EXPLORED_PER_INSN)
		return;
	e = kmalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return;			/* a missed chance to prune, no more */
	e->st = env->cur;
	e->depth = env->n_pending;
	e->done = false;
	e->next = env->explored[env->insn_idx];
	env->explored[env->insn_idx] = e;
	e->active = env->active;
	env->active = e;
	env->n_explored++;
}

long is_state_visited(struct bpf_verifier_env *env)
{
	struct bpf_explored *e;
	u32 n = 0;

	if (!env->prune_point[env->insn_idx])
		return 0;
	for (e = env->explored[env->insn_idx]; e; e = e->next, n++) {
		if (!e->done && states_equal(&e->st, &env->cur, true))
			return reject(env, -EINVAL, "infinite loop detected at "
				      "insn %u", env->insn_idx);
		if (e->done && states_equal(&e->st, &env->cur, false)) {
			if (env->log_level & 2)
				verbose(env, "%u: safe\n", env->insn_idx);
			return PATH_DONE;
		}
	}
	keep_state(env, n);
	return 0;
}

void explored_path_done(struct bpf_verifier_env *env)
{
	/* A state kept with d branches pending is done when no branch
	 * pushed after it is left: LIFO, so the newest go first. */
	while (env->active && env->active->depth >= env->n_pending) {
		env->active->done = true;
		env->active = env->active->active;
	}
}

void free_explored(struct bpf_verifier_env *env)
{
	for (u32 i = 0; env->explored && i < env->prog->len; i++) {
		while (env->explored[i]) {
			struct bpf_explored *e = env->explored[i];

			env->explored[i] = e->next;
			kfree(e);
		}
	}
	env->active = NULL;
	env->n_explored = 0;
}
