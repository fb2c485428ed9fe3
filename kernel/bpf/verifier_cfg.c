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

/* Jumps forward and inside, every instruction reachable, exit last. */
long check_cfg(struct bpf_verifier_env *env)
{
	const struct bpf_insn *insn = env->prog->insnsi;
	u32 len = env->prog->len, i;
	u8 *seen = vzalloc(len);	/* 1 reachable, 2 ld_imm64's 2nd half */
	long err = 0;

	if (!seen)
		return -ENOMEM;
	for (i = 0; i + 1 < len; i++)
		if (insn[i].code == (BPF_LD | BPF_IMM | BPF_DW))
			seen[++i] = 2;
	seen[0] = 1;
	for (i = 0; i < len && !err; i++) {
		s64 to = (s64)i + insn[i].off + 1;
		bool ld64 = insn[i].code == (BPF_LD | BPF_IMM | BPF_DW);

		env->insn_idx = i;
		if (seen[i] == 2)
			continue;
		if (!seen[i])
			err = reject(env, -EINVAL, "unreachable insn %u", i);
		else if (is_jump(&insn[i]) && (to < 0 || to >= len))
			err = reject(env, -EINVAL, "jump out of range from "
				     "insn %u to %ld", i, to);
		else if (is_jump(&insn[i]) && to <= i)
			err = reject(env, -EINVAL, "back-edge from insn %u to "
				     "%ld", i, to);
		else if (is_jump(&insn[i]) && seen[to] == 2)
			err = reject(env, -EINVAL, "jump into the middle of "
				     "ldimm64 insn %ld", to - 1);
		if (err)
			break;
		if (is_jump(&insn[i]))
			seen[to] = 1;
		if (insn[i].code != (BPF_JMP | BPF_EXIT) &&
		    insn[i].code != (BPF_JMP | BPF_JA) && i + 1 + ld64 < len)
			seen[i + 1 + ld64] = 1;
	}
	env->insn_idx = len - 1;
	if (!err && insn[len - 1].code != (BPF_JMP | BPF_EXIT) &&
	    insn[len - 1].code != (BPF_JMP | BPF_JA))
		err = reject(env, -EINVAL, "last insn is not an exit or jmp");
	vfree(seen);
	return err;
}
