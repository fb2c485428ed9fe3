/*
 * The verifier's checks before the walk (Linux's resolve_pseudo_ldimm64()
 * and check_cfg() in kernel/bpf/verifier.c): every opcode known, every
 * ld_imm64 well formed and its map fd turned into a referenced map, and
 * the control flow: jumps inside the program, every instruction
 * reachable, the last one an exit or a jump.
 */
#include "kernel/bpf/verifier.h"
#include "kernel/mm/vmalloc.h"
#include "lib/err.h"
#include "lib/errno.h"

static bool valid_opcode(const struct bpf_insn *insn)
{
	u8 code = insn->code, op = BPF_OP(code), size = BPF_SIZE(code);

	switch (BPF_CLASS(code)) {
	case BPF_ALU:
	case BPF_ALU64:
		if (op == BPF_END)
			return BPF_CLASS(code) == BPF_ALU;
		return op <= BPF_ARSH && !(op == BPF_NEG && BPF_SRC(code));
	case BPF_JMP:
		if (op == BPF_JA || op == BPF_CALL || op == BPF_EXIT)
			return !BPF_SRC(code);
		return op <= BPF_JSLE;
	case BPF_JMP32:
		return op != BPF_JA && op != BPF_CALL && op != BPF_EXIT &&
		       op <= BPF_JSLE;
	case BPF_LD:
		return code == (BPF_LD | BPF_IMM | BPF_DW) ||
		       ((BPF_MODE(code) == BPF_ABS || BPF_MODE(code) == BPF_IND) &&
			size != BPF_DW);
	default:			/* LDX, ST, STX */
		if (BPF_CLASS(code) == BPF_STX && BPF_MODE(code) == BPF_ATOMIC)
			return size == BPF_W || size == BPF_DW;
		return BPF_MODE(code) == BPF_MEM;
	}
}

/* Note @map for instruction @i, once in prog->used_maps. */
static long use_map(struct bpf_verifier_env *env, u32 i, struct bpf_map *map)
{
	struct bpf_prog *prog = env->prog;
	u32 j;

	env->insn_map[i] = map;
	for (j = 0; j < prog->used_map_cnt; j++)
		if (prog->used_maps[j] == map) {
			bpf_map_put(map);
			return 0;
		}
	if (prog->used_map_cnt == MAX_USED_MAPS) {
		bpf_map_put(map);
		return reject(env, -E2BIG, "more than %d maps", MAX_USED_MAPS);
	}
	prog->used_maps[prog->used_map_cnt++] = map;
	return 0;
}

long resolve_maps(struct bpf_verifier_env *env)
{
	struct bpf_insn *insn = env->prog->insnsi;
	u32 len = env->prog->len, i;
	struct bpf_map *map;

	for (i = 0; i < len; i++) {
		env->insn_idx = i;
		if (!valid_opcode(&insn[i]))
			return reject(env, -EINVAL, "unknown opcode %02x",
				      insn[i].code);
		if (BPF_CLASS(insn[i].code) == BPF_LD &&
		    BPF_MODE(insn[i].code) != BPF_IMM)
			return reject(env, -EINVAL, "BPF_LD_[ABS|IND] are not "
				      "supported by Taskbase");
		if (insn[i].code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if (i + 1 == len || insn[i + 1].code || insn[i + 1].dst_reg ||
		    insn[i + 1].src_reg || insn[i + 1].off)
			return reject(env, -EINVAL, "invalid bpf_ld_imm64 insn");
		if (insn[i].src_reg > BPF_PSEUDO_MAP_FD ||
		    (insn[i].src_reg && insn[i + 1].imm))
			return reject(env, -EINVAL,
				      "unrecognized bpf_ld_imm64 insn");
		if (insn[i].src_reg == BPF_PSEUDO_MAP_FD) {
			map = bpf_map_get(insn[i].imm);
			if (IS_ERR(map))
				return reject(env, PTR_ERR(map), "fd %d is not "
					      "pointing to valid bpf_map",
					      insn[i].imm);
			if (use_map(env, i, map))
				return -E2BIG;
		}
		i++;
	}
	return 0;
}

static bool is_jump(const struct bpf_insn *insn)
{
	u8 class = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	return (class == BPF_JMP || class == BPF_JMP32) && op != BPF_CALL &&
	       op != BPF_EXIT;
}

enum { CFG_NEW, CFG_DISCOVERED, CFG_EXPLORED, CFG_LD_IMM64_HALF };

/* Successor @k (0, 1) of instruction @t in *@w, and whether it is one a
 * state is worth keeping at (a jump's target, a conditional jump's fall
 * through, the return from a call: Linux's prune points); false when @t
 * has no successor @k. */
static bool insn_successor(const struct bpf_insn *insn, u32 t, u32 k, s64 *w,
			   bool *prune)
{
	u8 code = insn[t].code, op = BPF_OP(code);

	*prune = is_jump(&insn[t]) || code == (BPF_JMP | BPF_CALL);
	if (code == (BPF_JMP | BPF_EXIT) || k > 1 ||
	    (k == 1 && (!is_jump(&insn[t]) || op == BPF_JA)))
		return false;
	if (code == (BPF_LD | BPF_IMM | BPF_DW))
		*w = (s64)t + 2;
	else if (is_jump(&insn[t]) && (k == 1 || op == BPF_JA))
		*w = (s64)t + insn[t].off + 1;
	else
		*w = (s64)t + 1;
	return true;
}

/* Follow edge @t -> @w of the depth-first walk; a new instruction goes on
 * @stack. 0 or -EINVAL. */
static long cfg_edge(struct bpf_verifier_env *env, u8 *state, u32 *stack,
		     u32 *sp, u32 t, s64 w, bool prune)
{
	u32 len = env->prog->len;

	if (w < 0 || w >= len)
		return reject(env, -EINVAL, "jump out of range from insn %u to %ld",
			      t, w);
	if (state[w] == CFG_LD_IMM64_HALF)
		return reject(env, -EINVAL, "jump into the middle of ldimm64 "
			      "insn %ld", w - 1);
	if (prune)
		env->prune_point[w] = 1;
	if (state[w] == CFG_NEW) {
		state[w] = CFG_DISCOVERED;
		stack[(*sp)++] = (u32)w;
	} else if (state[w] == CFG_DISCOVERED) {	/* a loop */
		if (!env->bpf_capable)
			return reject(env, -EINVAL, "back-edge from insn %u to "
				      "%ld", t, w);
		env->prune_point[w] = 1;		/* its head */
	}
	return 0;
}

/* Linux's check_cfg(): a depth-first walk of the control flow from the
 * first instruction. A jump back to an instruction still on the walk's
 * stack closes a loop: Linux 5.3+ lets a bpf_capable() caller have one
 * (do_check() then proves it ends), others get "back-edge". The
 * instructions worth keeping states at are marked in env->prune_point. */
long check_cfg(struct bpf_verifier_env *env)
{
	const struct bpf_insn *insn = env->prog->insnsi;
	u32 len = env->prog->len, i, sp = 0;
	u8 *state = vzalloc(len), *edge = vzalloc(len);
	u32 *stack = vzalloc(len * sizeof(*stack));
	long err = 0;
	bool prune;
	s64 w;

	env->insn_idx = len - 1;
	if (insn[len - 1].code != (BPF_JMP | BPF_EXIT) &&
	    insn[len - 1].code != (BPF_JMP | BPF_JA))
		err = reject(env, -EINVAL, "last insn is not an exit or jmp");
	else if (!state || !edge || !stack)
		err = -ENOMEM;
	for (i = 0; !err && i + 1 < len; i++)
		if (insn[i].code == (BPF_LD | BPF_IMM | BPF_DW))
			state[++i] = CFG_LD_IMM64_HALF;
	if (!err) {
		state[0] = CFG_DISCOVERED;
		stack[sp++] = 0;
	}
	while (!err && sp) {
		u32 t = stack[sp - 1];

		env->insn_idx = t;
		if (insn_successor(insn, t, edge[t]++, &w, &prune)) {
			err = cfg_edge(env, state, stack, &sp, t, w, prune);
		} else {
			state[t] = CFG_EXPLORED;
			sp--;
		}
	}
	for (i = 0; !err && i < len; i++) {
		env->insn_idx = i;
		if (state[i] == CFG_NEW)
			err = reject(env, -EINVAL, "unreachable insn %u", i);
	}
	vfree(state);
	vfree(edge);
	vfree(stack);
	return err;
}
