/*
 * The eBPF verifier (Linux's kernel/bpf/verifier.c, the same idea cut to
 * what a teaching kernel needs). A program may run in the kernel only if
 * every path through it is safe, and the verifier proves that before the
 * first run by walking every path with a picture of the registers and
 * the stack (verifier.h):
 *
 *   resolve_maps()  known opcodes, ld_imm64 well formed, map fds -> maps
 *   check_cfg()     jumps inside the program, no unreachable instruction,
 *                   loops only for CAP_BPF (verifier_cfg.c)
 *   do_check()      each path, depth first: registers read only once
 *                   written, memory touched only inside the stack, a map
 *                   value or the context, helpers called with arguments
 *                   of the right kind, a number in r0 at exit
 *
 * Every branch whose outcome is not known pushes the other side on a
 * stack of pending states; a path ends at exit, or at a prune point
 * where a state already proved safe covers it (verifier_state.c, which
 * also finds loops that never end). Linux's limit holds: a million
 * instructions processed over all paths (-E2BIG), which is what bounds a
 * loop. docs/bpf.md says what Taskbase leaves out.
 */
#include "kernel/bpf/verifier.h"
#include "kernel/cred.h"
#include "kernel/mm/slab.h"
#include "kernel/mm/vmalloc.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define BPF_MAX_PENDING 1024		/* unexplored branches at once */
#define BPF_LOG_MASK 7			/* LEVEL1 | LEVEL2 | STATS */

void verbose(struct bpf_verifier_env *env, const char *fmt, ...)
{
	char buf[192];
	va_list ap;
	u32 n, room;

	if (!env->log_level || env->log_fault)
		return;
	va_start(ap, fmt);
	n = (u32)vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	n = MIN(n, (u32)sizeof(buf) - 1);
	room = env->log_size - env->log_used - 1;
	if (n > room) {
		env->log_full = true;
		n = room;
	}
	buf[n] = '\0';
	if (copy_to_user(env->log_buf + env->log_used, buf, n + 1))
		env->log_fault = true;
	env->log_used += n;
}

/* ---- the walk: branches ---- */

/* Save a copy of the current state to continue from @insn_idx later;
 * the copy (to adjust) or ERR_PTR. */
static struct bpf_func_state *push_branch(struct bpf_verifier_env *env,
					  u32 insn_idx)
{
	struct bpf_pending *p;

	if (env->n_pending >= BPF_MAX_PENDING)
		return ERR_PTR(reject(env, -E2BIG, "The sequence of %u jumps "
				      "is too complex.", env->n_pending));
	p = kmalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOMEM);
	p->insn_idx = insn_idx;
	p->st = env->cur;
	p->next = env->pending;
	env->pending = p;
	env->n_pending++;
	return &p->st;
}

/* Take the newest pending state as the current one (@keep) or drop it;
 * its instruction, or -1 when none is left. */
static s64 pop_branch(struct bpf_verifier_env *env, bool keep)
{
	struct bpf_pending *p = env->pending;
	u32 idx;

	if (!p)
		return -1;
	if (keep)
		env->cur = p->st;
	idx = p->insn_idx;
	env->pending = p->next;
	env->n_pending--;
	kfree(p);
	return idx;
}

/* After "R == 0" on a map_lookup_elem result: every copy of it (id
 * @id) is NULL on one side (a scalar 0) and a map value on the other. */
static void mark_ptr_or_null(struct bpf_func_state *st, u32 id, bool is_null)
{
	struct bpf_reg_state *r;
	int i;

	for (i = 0; i < MAX_BPF_REG + MAX_BPF_STACK / 8; i++) {
		r = i < MAX_BPF_REG ? &st->regs[i] :
				      &st->spilled[i - MAX_BPF_REG];
		if (r->type != PTR_TO_MAP_VALUE_OR_NULL || r->id != id)
			continue;
		if (is_null) {
			scalar_const(r, 0);
		} else {
			r->type = PTR_TO_MAP_VALUE;
			r->id = 0;
		}
	}
}

/* Narrow the registers compared ("dst @op src") for one side. */
static bool branch_refine(struct bpf_func_state *st, const struct bpf_insn *insn,
			  bool taken)
{
	static const u8 flip[16] = {
		[BPF_JEQ >> 4] = BPF_JEQ, [BPF_JNE >> 4] = BPF_JNE,
		[BPF_JGT >> 4] = BPF_JLT, [BPF_JLT >> 4] = BPF_JGT,
		[BPF_JGE >> 4] = BPF_JLE, [BPF_JLE >> 4] = BPF_JGE,
	};
	bool is64 = BPF_CLASS(insn->code) == BPF_JMP;
	struct bpf_reg_state *dst = &st->regs[insn->dst_reg], c;
	u8 op = BPF_OP(insn->code);

	if (BPF_SRC(insn->code) == BPF_X)
		c = st->regs[insn->src_reg];
	else
		scalar_const(&c, (u64)(s64)insn->imm);
	if (!is64)
		c.umin = (u32)c.umin;
	if (scalar_known(&c) || BPF_SRC(insn->code) == BPF_K)
		return scalar_branch(op, dst, c.umin, is64, taken);
	if (scalar_known(dst) && flip[op >> 4])
		return scalar_branch(flip[op >> 4], &st->regs[insn->src_reg],
				     is64 ? dst->umin : (u32)dst->umin, is64,
				     taken);
	return true;
}

/* Go on at @target, at the next instruction, or both (one pushed), as
 * far as the bounds of the two scalars compared allow. */
static long scalar_jump(struct bpf_verifier_env *env,
			const struct bpf_insn *insn, u32 target, u32 *next)
{
	struct bpf_func_state *other = push_branch(env, target);
	bool can_take;

	if (IS_ERR(other))
		return PTR_ERR(other);
	can_take = branch_refine(other, insn, true);
	if (!can_take)
		pop_branch(env, false);
	if (branch_refine(&env->cur, insn, false))
		return 0;
	if (!can_take)				/* neither: a dead path */
		return PATH_DONE;
	*next = (u32)pop_branch(env, true);	/* always taken */
	return 0;
}

static long check_cond_jmp(struct bpf_verifier_env *env,
			   const struct bpf_insn *insn, u32 *next)
{
	u8 op = BPF_OP(insn->code);
	bool is64 = BPF_CLASS(insn->code) == BPF_JMP;
	bool x = BPF_SRC(insn->code) == BPF_X;
	u32 target = env->insn_idx + insn->off + 1;
	struct bpf_reg_state *dst, src;	/* once the numbers are checked */
	struct bpf_func_state *other;
	long err;

	if (op == BPF_JA) {
		if (insn->imm || insn->src_reg || insn->dst_reg)
			return reject(env, -EINVAL, "BPF_JA uses reserved fields");
		*next = target;
		return 0;
	}
	if (x ? insn->imm : insn->src_reg)
		return reject(env, -EINVAL, "BPF_JMP/JMP32 uses reserved fields");
	err = check_read(env, insn->dst_reg);
	if (!err && x)
		err = check_read(env, insn->src_reg);
	if (err)
		return err;
	dst = &env->cur.regs[insn->dst_reg];
	insn_src(env, insn, &src);
	if ((op == BPF_JEQ || op == BPF_JNE) && is64 &&
	    dst->type == PTR_TO_MAP_VALUE_OR_NULL && scalar_known(&src) &&
	    !src.umin) {
		other = push_branch(env, target);
		if (IS_ERR(other))
			return PTR_ERR(other);
		mark_ptr_or_null(other, dst->id, op == BPF_JEQ);
		mark_ptr_or_null(&env->cur, dst->id, op != BPF_JEQ);
		return 0;
	}
	if (is_pointer(dst) || is_pointer(&src)) {
		if (!env->allow_ptr_leaks)
			return reject(env, -EACCES, "R%u pointer comparison "
				      "prohibited", insn->dst_reg);
		other = push_branch(env, target);
		return IS_ERR(other) ? PTR_ERR(other) : 0;
	}
	if (scalar_known(dst) && scalar_known(&src)) {
		if (bpf_jmp_taken(op, dst->umin, src.umin, is64))
			*next = target;
		return 0;
	}
	return scalar_jump(env, insn, target, next);
}

/* ---- exit, ld_imm64 ---- */

static long check_exit(struct bpf_verifier_env *env, const struct bpf_insn *insn)
{
	long err;

	if (insn->imm || insn->src_reg || insn->dst_reg || insn->off)
		return reject(env, -EINVAL, "BPF_EXIT uses reserved fields");
	err = check_read(env, 0);
	if (err)
		return err;
	if (is_pointer(&env->cur.regs[0]) && !env->allow_ptr_leaks)
		return reject(env, -EACCES, "R0 leaks addr as return value");
	return PATH_DONE;
}

/* ld_imm64: a 64-bit number, or a map named by fd (resolve_maps()). */
static long check_ld_imm(struct bpf_verifier_env *env,
			 const struct bpf_insn *insn)
{
	struct bpf_map *map = env->insn_map[env->insn_idx];
	long err = check_write(env, insn->dst_reg);
	struct bpf_reg_state *dst;

	if (err)
		return err;
	dst = &env->cur.regs[insn->dst_reg];
	if (!map) {
		scalar_const(dst, (u32)insn->imm | ((u64)(u32)insn[1].imm << 32));
		return 0;
	}
	memset(dst, 0, sizeof(*dst));
	dst->type = CONST_PTR_TO_MAP;
	dst->map = map;
	return 0;
}

/* Check the instruction at env->insn_idx; *@next is where the path goes
 * on; PATH_DONE when it ends (exit), or -errno. */
static long do_insn(struct bpf_verifier_env *env, u32 *next)
{
	const struct bpf_insn *insn = &env->prog->insnsi[env->insn_idx];
	u8 op = BPF_OP(insn->code);

	*next = env->insn_idx + 1;
	switch (BPF_CLASS(insn->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		return check_alu(env, insn);
	case BPF_LD:
		*next += 1;
		return check_ld_imm(env, insn);
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		return check_mem_insn(env, insn);
	default:
		if (op == BPF_CALL)
			return check_call(env, insn);
		if (op == BPF_EXIT)
			return check_exit(env, insn);
		return check_cond_jmp(env, insn, next);
	}
}

/* Walk every path from the first instruction, depth first. */
static long do_check(struct bpf_verifier_env *env)
{
	struct bpf_func_state *st = &env->cur;
	u32 next = 0;
	s64 popped;
	long err;

	memset(st, 0, sizeof(*st));
	st->regs[1].type = PTR_TO_CTX;
	st->regs[BPF_REG_FP].type = PTR_TO_STACK;
	env->insn_idx = 0;
	for (;;) {
		if (++env->insn_processed > BPF_COMPLEXITY_LIMIT_INSNS)
			return reject(env, -E2BIG, "BPF program is too large. "
				      "Processed %u insn", env->insn_processed);
		if (!(env->insn_processed % 4096) && signal_pending(current))
			return -EAGAIN;
		err = is_state_visited(env);
		if (!err)
			err = do_insn(env, &next);
		if (err < 0)
			return err;
		if (err == PATH_DONE) {
			explored_path_done(env);
			popped = pop_branch(env, true);
			if (popped < 0)
				return 0;
			next = (u32)popped;
		}
		env->insn_idx = next;
	}
}

/* Accepted: each ld_imm64 of a map carries the map's address. */
static void fixup_maps(struct bpf_verifier_env *env)
{
	struct bpf_insn *insn = env->prog->insnsi;
	u32 i;

	for (i = 0; i < env->prog->len; i++) {
		u64 addr = (u64)env->insn_map[i];

		if (!addr)
			continue;
		insn[i].src_reg = 0;
		insn[i].imm = (s32)(u32)addr;
		insn[i + 1].imm = (s32)(u32)(addr >> 32);
	}
}

/* Linux's bpf_verifier_log_attr_valid(): all of level, buffer and a
 * size of 128 bytes to 1 GiB, or none. */
static bool log_attr_valid(const union bpf_attr *attr)
{
	if (!attr->log_level && !attr->log_buf && !attr->log_size)
		return true;
	return attr->log_level && !(attr->log_level & ~BPF_LOG_MASK) &&
	       attr->log_buf && attr->log_size >= 128 &&
	       attr->log_size <= 0xffffffffu >> 2;
}

static void free_env(struct bpf_verifier_env *env)
{
	free_explored(env);
	vfree(env->explored);
	vfree(env->prune_point);
	vfree(env->insn_map);
	kfree(env);
}

long bpf_check(struct bpf_prog *prog, const union bpf_attr *attr)
{
	struct bpf_verifier_env *env;
	long err;

	if (!log_attr_valid(attr))
		return -EINVAL;
	env = kzalloc(sizeof(*env), GFP_KERNEL);
	prog->used_maps = kzalloc(MAX_USED_MAPS * sizeof(*prog->used_maps),
				  GFP_KERNEL);
	if (env) {
		env->prog = prog;	/* first: free_env() reads its length */
		env->insn_map = vzalloc(prog->len * sizeof(*env->insn_map));
		env->explored = vzalloc(prog->len * sizeof(*env->explored));
		env->prune_point = vzalloc(prog->len);
	}
	if (!env || !env->insn_map || !env->explored || !env->prune_point ||
	    !prog->used_maps) {
		if (env)
			free_env(env);
		return -ENOMEM;
	}
	env->prog = prog;
	env->allow_ptr_leaks = perfmon_capable();
	env->bpf_capable = bpf_capable();
	env->log_level = attr->log_level;
	env->log_size = attr->log_size;
	env->log_buf = (char __user *)attr->log_buf;
	err = resolve_maps(env);
	err = err ?: check_cfg(env);
	err = err ?: do_check(env);
	if (!err) {
		verbose(env, "processed %u insns (limit %u)\n",
			env->insn_processed, BPF_COMPLEXITY_LIMIT_INSNS);
		fixup_maps(env);
	}
	while (env->pending)
		pop_branch(env, false);
	if (env->log_full)
		err = -ENOSPC;
	if (env->log_fault)
		err = -EFAULT;
	free_env(env);
	return err;
}
