/*
 * The verifier's memory rules (Linux's check_mem_access() and
 * check_helper_mem_access()): where a program may load and store, and
 * what each stack byte holds meanwhile. A register is readable once
 * written. Memory is the stack (512 bytes below r10, aligned accesses,
 * no byte read before it is written; an 8-byte store of a register
 * "spills" it, and an 8-byte load gives back the same register, pointer
 * or bounded number), a map value (the whole access inside value_size
 * for every offset the pointer may have) or the context (its words,
 * cb[] the only ones writable). A helper call checks each argument
 * against the helper's prototype (core.c) the same way.
 */
#include "kernel/bpf/verifier.h"
#include "lib/errno.h"
#include "lib/string.h"

const char *const reg_type_str[] = {
	[NOT_INIT] = "?", [SCALAR_VALUE] = "scalar", [PTR_TO_CTX] = "ctx",
	[CONST_PTR_TO_MAP] = "map_ptr", [PTR_TO_MAP_VALUE] = "map_value",
	[PTR_TO_MAP_VALUE_OR_NULL] = "map_value_or_null", [PTR_TO_STACK] = "fp",
};

long check_read(struct bpf_verifier_env *env, u32 regno)
{
	if (regno >= MAX_BPF_REG)
		return reject(env, -EINVAL, "R%u is invalid", regno);
	if (env->cur.regs[regno].type == NOT_INIT)
		return reject(env, -EACCES, "R%u !read_ok", regno);
	return 0;
}

long check_write(struct bpf_verifier_env *env, u32 regno)
{
	if (regno >= MAX_BPF_REG)
		return reject(env, -EINVAL, "R%u is invalid", regno);
	if (regno == BPF_REG_FP)
		return reject(env, -EACCES, "frame pointer is read only");
	return 0;
}

static int size_bytes(u8 bpf_size)
{
	static const int bytes[4] = { 4, 2, 1, 8 };	/* W, H, B, DW */

	return bytes[bpf_size >> 3];
}

u64 size_max(int size)
{
	return size == 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

/* Stack bytes [@o, @o + @size) below r10: inside and aligned? */
static long stack_bounds(struct bpf_verifier_env *env, s64 o, int size)
{
	if (o < -MAX_BPF_STACK || o + size > 0)
		return reject(env, -EACCES, "invalid stack off=%ld size=%d", o,
			      size);
	if (o % size)
		return reject(env, -EACCES, "misaligned stack access off %ld "
			      "size %d", o, size);
	return 0;
}

/* Stack slot @slot stops holding a spilled register: its bytes become
 * plain data, which must not be a pointer unless pointers may leak. */
static long stack_unspill(struct bpf_verifier_env *env, int slot)
{
	struct bpf_func_state *st = &env->cur;

	if (st->stack_type[slot * 8] != STACK_SPILL)
		return 0;
	if (is_pointer(&st->spilled[slot]) && !env->allow_ptr_leaks)
		return reject(env, -EACCES, "attempt to corrupt spilled "
			      "pointer on stack");
	memset(&st->stack_type[slot * 8], STACK_MISC, 8);
	return 0;
}

/* A store of @val at r10 + @o: 8 bytes spill the register (its type
 * and bounds come back with an 8-byte load), fewer are plain data. */
static long stack_write(struct bpf_verifier_env *env, s64 o, int size,
			const struct bpf_reg_state *val)
{
	struct bpf_func_state *st = &env->cur;
	long err = stack_bounds(env, o, size);
	int b = (int)o + MAX_BPF_STACK;

	if (err)
		return err;
	if (size == 8) {
		memset(&st->stack_type[b], STACK_SPILL, 8);
		st->spilled[b / 8] = *val;
		return 0;
	}
	if (is_pointer(val))
		return reject(env, -EACCES, "invalid size of register spill");
	err = stack_unspill(env, b / 8);
	if (!err)
		memset(&st->stack_type[b], STACK_MISC, size);
	return err;
}

/* A load from r10 + @o into @out (NULL: only checked). */
static long stack_read(struct bpf_verifier_env *env, s64 o, int size,
		       struct bpf_reg_state *out)
{
	struct bpf_func_state *st = &env->cur;
	long err = stack_bounds(env, o, size);
	int b = (int)o + MAX_BPF_STACK, i;

	if (err)
		return err;
	if (size == 8 && st->stack_type[b] == STACK_SPILL) {
		if (out)
			*out = st->spilled[b / 8];
		return 0;
	}
	for (i = 0; i < size; i++) {
		if (st->stack_type[b + i] == STACK_INVALID)
			return reject(env, -EACCES, "invalid read from stack "
				      "off %ld+%d size %d", o, i, size);
		if (st->stack_type[b + i] == STACK_SPILL &&
		    is_pointer(&st->spilled[(b + i) / 8]) &&
		    !env->allow_ptr_leaks)
			return reject(env, -EACCES, "corrupted spill memory");
	}
	if (out)
		scalar_range(out, 0, size_max(size));
	return 0;
}

/* [@off, @off + @size) from map value pointer @ptr (in R@regno), over
 * every offset its variable part may have. */
static long map_value_access(struct bpf_verifier_env *env, u32 regno,
			     const struct bpf_reg_state *ptr, s64 off, s64 size)
{
	s64 lo = ptr->off + off + (s64)ptr->umin;
	s64 hi = ptr->off + off + (s64)ptr->umax + size;

	if (lo < 0 || hi > (s64)ptr->map->value_size)
		return reject(env, -EACCES, "R%u invalid access to map value, "
			      "value_size=%u off=%ld size=%ld", regno,
			      ptr->map->value_size, ptr->off + off, size);
	return 0;
}

/* The context at @ptr + @off: reads of its words (whole, or an aligned
 * byte or half) before BPF_SKB_CTX_SIZE, reads and writes of any aligned
 * size inside cb[]; through r1 as it came (Linux's
 * sk_filter_is_valid_access()). */
static long ctx_access(struct bpf_verifier_env *env, u32 regno,
		       const struct bpf_reg_state *ptr, s64 off, int size,
		       bool write)
{
	bool in_cb = off >= BPF_SKB_CB_OFF && off + size <= BPF_SKB_CB_OFF + 20;
	bool ok = off >= 0 && off % size == 0 &&
		  (in_cb || (!write && size <= 4 && off + size <= BPF_SKB_CTX_SIZE));

	if (ptr->off)
		return reject(env, -EACCES, "dereference of modified ctx ptr R%u "
			      "off=%ld disallowed", regno, ptr->off);
	if (!ok)
		return reject(env, -EACCES, "invalid bpf_context access off=%ld "
			      "size=%d", off, size);
	return 0;
}

long check_mem_access(struct bpf_verifier_env *env, u32 ptrno, s16 off,
		      u8 bpf_size, const struct bpf_reg_state *val, u32 valno,
		      struct bpf_reg_state *out)
{
	const struct bpf_reg_state *ptr = &env->cur.regs[ptrno];
	int size = size_bytes(bpf_size);
	long err;

	switch (ptr->type) {
	case PTR_TO_STACK:
		return out ? stack_read(env, ptr->off + off, size, out) :
			     stack_write(env, ptr->off + off, size, val);
	case PTR_TO_MAP_VALUE:
		err = map_value_access(env, ptrno, ptr, off, size);
		if (!err && !out && is_pointer(val) && !env->allow_ptr_leaks)
			err = reject(env, -EACCES, "R%u leaks addr into map",
				     valno);
		break;
	case PTR_TO_CTX:
		err = ctx_access(env, ptrno, ptr, off, size, !out);
		if (!err && !out && is_pointer(val))
			err = reject(env, -EACCES, "R%u leaks addr into ctx",
				     valno);
		break;
	default:
		return reject(env, -EACCES, "R%u invalid mem access '%s'", ptrno,
			      reg_type_str[ptr->type]);
	}
	if (!err && out)
		scalar_range(out, 0, size_max(size));
	return err;
}

long check_helper_mem(struct bpf_verifier_env *env, u32 regno, u64 size,
		      bool read)
{
	struct bpf_func_state *st = &env->cur;
	const struct bpf_reg_state *r = &st->regs[regno];
	s64 o = r->off;
	u64 i;

	if (r->type == PTR_TO_MAP_VALUE)
		return map_value_access(env, regno, r, 0, (s64)size);
	if (r->type != PTR_TO_STACK)
		return reject(env, -EACCES, "R%u type=%s expected=fp, map_value",
			      regno, reg_type_str[r->type]);
	if (o < -MAX_BPF_STACK || o + (s64)size > 0)
		return reject(env, -EACCES, "invalid indirect access to stack "
			      "R%u off=%ld size=%lu", regno, o, size);
	for (i = 0; i < size; i++) {
		int b = (int)(o + MAX_BPF_STACK + (s64)i);

		if (read && st->stack_type[b] == STACK_INVALID)
			return reject(env, -EACCES, "invalid indirect read from "
				      "stack R%u off %ld+%lu size %lu", regno,
				      o, i, size);
		if (read && st->stack_type[b] == STACK_SPILL &&
		    is_pointer(&st->spilled[b / 8]) && !env->allow_ptr_leaks)
			return reject(env, -EACCES, "R%u leaks addr into helper",
				      regno);
		if (!read && stack_unspill(env, b / 8))
			return -EACCES;
		if (!read)
			st->stack_type[b] = STACK_MISC;
	}
	return 0;
}

long check_mem_insn(struct bpf_verifier_env *env,
			   const struct bpf_insn *insn)
{
	struct bpf_reg_state *regs = env->cur.regs, v;
	u8 class = BPF_CLASS(insn->code), size = BPF_SIZE(insn->code);
	bool atomic = BPF_MODE(insn->code) == BPF_ATOMIC;
	u32 ptrno = class == BPF_LDX ? insn->src_reg : insn->dst_reg;
	long err;

	if ((class == BPF_LDX && insn->imm) || (class == BPF_ST && insn->src_reg) ||
	    (class == BPF_STX && !atomic && insn->imm))
		return reject(env, -EINVAL, "BPF_%s uses reserved fields",
			      class == BPF_LDX ? "LDX" : class == BPF_ST ?
			      "ST" : "STX");
	if (atomic && insn->imm != BPF_ADD)
		return reject(env, -EINVAL, "BPF_ATOMIC uses invalid atomic "
			      "opcode %02x", insn->imm);
	err = check_read(env, ptrno);
	if (!err && class == BPF_STX)
		err = check_read(env, insn->src_reg);
	if (!err && class == BPF_LDX)
		err = check_write(env, insn->dst_reg);
	if (err)
		return err;
	if (class == BPF_LDX)
		return check_mem_access(env, ptrno, insn->off, size, NULL, 0,
					&regs[insn->dst_reg]);
	if (class == BPF_ST && regs[ptrno].type == PTR_TO_CTX)
		return reject(env, -EACCES, "BPF_ST stores into R%u ctx is not "
			      "allowed", ptrno);
	if (class == BPF_ST) {
		scalar_const(&v, (u64)(s64)insn->imm);
		return check_mem_access(env, ptrno, insn->off, size, &v, 0, NULL);
	}
	if (!atomic)
		return check_mem_access(env, ptrno, insn->off, size,
					&regs[insn->src_reg], insn->src_reg, NULL);
	if (is_pointer(&regs[insn->src_reg]) || regs[ptrno].type == PTR_TO_CTX)
		return reject(env, -EACCES, "BPF_ATOMIC on R%u (%s) with R%u "
			      "(%s) is not allowed", ptrno,
			      reg_type_str[regs[ptrno].type], insn->src_reg,
			      reg_type_str[regs[insn->src_reg].type]);
	err = check_mem_access(env, ptrno, insn->off, size, NULL, 0, &v);
	if (!err && is_pointer(&v))
		return reject(env, -EACCES, "BPF_ATOMIC on a spilled pointer");
	scalar_unknown(&v);
	return err ?: check_mem_access(env, ptrno, insn->off, size, &v,
				       insn->src_reg, NULL);
}

/* Argument @i of helper @fn in R(@i + 1); *@map is the map argument's. */
static long check_arg(struct bpf_verifier_env *env,
		      const struct bpf_func_proto *fn, int i,
		      struct bpf_map **map)
{
	u32 regno = (u32)i + 1;
	const struct bpf_reg_state *r = &env->cur.regs[regno];
	long err = check_read(env, regno);

	if (err)
		return err;
	switch (fn->arg_type[i]) {
	case ARG_CONST_MAP_PTR:
		if (r->type != CONST_PTR_TO_MAP)
			break;
		*map = r->map;
		return 0;
	case ARG_PTR_TO_MAP_KEY:
		return check_helper_mem(env, regno, (*map)->key_size, true);
	case ARG_PTR_TO_MAP_VALUE:
		return check_helper_mem(env, regno, (*map)->value_size, true);
	case ARG_PTR_TO_CTX:
		if (r->type != PTR_TO_CTX || r->off)
			break;
		return 0;
	case ARG_PTR_TO_UNINIT_MEM:	/* checked with its size, next */
		return 0;
	case ARG_CONST_SIZE:
		if (r->type != SCALAR_VALUE)
			break;
		if (!r->umin)
			return reject(env, -EACCES, "R%u invalid zero-sized read",
				      regno);
		return check_helper_mem(env, regno - 1, r->umax, false);
	default:			/* ARG_ANYTHING */
		return 0;
	}
	return reject(env, -EACCES, "R%u type=%s is not what %s takes", regno,
		      reg_type_str[r->type], fn->name);
}

long check_call(struct bpf_verifier_env *env, const struct bpf_insn *insn)
{
	const struct bpf_func_proto *fn;
	struct bpf_map *map = NULL;
	struct bpf_reg_state *r0 = &env->cur.regs[0];
	long err;
	int i;

	if (insn->src_reg == BPF_PSEUDO_CALL)
		return reject(env, -EINVAL, "calls of BPF functions are not "
			      "supported by Taskbase");
	if (insn->off || insn->src_reg || insn->dst_reg)
		return reject(env, -EINVAL, "BPF_CALL uses reserved fields");
	fn = bpf_helper_proto(insn->imm);
	if (!fn)
		return reject(env, -EINVAL, "invalid func unknown#%d", insn->imm);
	for (i = 0; i < 5 && fn->arg_type[i] != ARG_DONTCARE; i++) {
		err = check_arg(env, fn, i, &map);
		if (err)
			return err;
	}
	for (i = 1; i <= 5; i++)	/* the caller-saved registers */
		memset(&env->cur.regs[i], 0, sizeof(env->cur.regs[i]));
	if (fn->ret_type == RET_INTEGER) {
		scalar_unknown(r0);
		return 0;
	}
	memset(r0, 0, sizeof(*r0));
	r0->type = PTR_TO_MAP_VALUE_OR_NULL;
	r0->map = map;
	r0->id = ++env->id_gen;
	return 0;
}
