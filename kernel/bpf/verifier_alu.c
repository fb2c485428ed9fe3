/*
 * The verifier's ALU rules (Linux's check_alu_op() and
 * adjust_{ptr,scalar}_min_max_vals(), with unsigned bounds only): a
 * scalar register is known to lie in [umin, umax]. Each ALU operation
 * gives bounds that hold for all inputs in the operands' bounds, or gives
 * up ([0, U64_MAX]) when it could overflow; a conditional jump on a
 * constant narrows them on each side (scalar_branch()). A pointer may
 * only move by ADD or SUB on 64 bits: the stack and the context by a
 * known number, a map value also by a bounded one, which every access
 * through it is then checked against.
 */
#include "kernel/bpf/verifier.h"
#include "lib/errno.h"
#include "lib/string.h"

#define BPF_MAX_VAR_OFF (1 << 29)	/* pointer offsets stay within this */

#define U32_ALL 0xffffffffull
#define U64_ALL (~0ull)

void scalar_range(struct bpf_reg_state *r, u64 lo, u64 hi)
{
	memset(r, 0, sizeof(*r));
	r->type = SCALAR_VALUE;
	r->umin = lo;
	r->umax = hi;
}

void scalar_unknown(struct bpf_reg_state *r)
{
	scalar_range(r, 0, U64_ALL);
}

void scalar_const(struct bpf_reg_state *r, u64 v)
{
	scalar_range(r, v, v);
}

bool scalar_known(const struct bpf_reg_state *r)
{
	return r->type == SCALAR_VALUE && r->umin == r->umax;
}

/* The smallest 2^n - 1 at or above @x. */
static u64 fill_below(u64 x)
{
	return x ? U64_ALL >> __builtin_clzll(x) : 0;
}

/* Bounds of the low 32 bits of [*lo, *hi]. */
static void trunc32(u64 *lo, u64 *hi)
{
	if (*lo == *hi) {
		*lo = *hi = (u32)*lo;
	} else if (*hi > U32_ALL) {
		*lo = 0;
		*hi = U32_ALL;
	}
}

/* [lo1, hi1] + or - [lo2, hi2] (@sub), or everything on overflow. */
static void range_add(struct bpf_reg_state *d, u64 lo1, u64 hi1, u64 lo2,
		      u64 hi2, bool sub)
{
	if (!sub && hi1 + hi2 >= hi1)
		scalar_range(d, lo1 + lo2, hi1 + hi2);
	else if (sub && lo1 >= hi2)
		scalar_range(d, lo1 - hi2, hi1 - lo2);
	else
		scalar_unknown(d);
}

/* scalar_alu() for operands not both known. */
static void range_alu(u8 op, struct bpf_reg_state *d, u64 lo1, u64 hi1,
		      u64 lo2, u64 hi2, bool is64)
{
	u32 width = is64 ? 64 : 32;
	bool k = lo2 == hi2;		/* the source is one number */

	switch (op) {
	case BPF_ADD:
	case BPF_SUB:
		/* A negative constant added is one subtracted (64 bits). */
		if (k && is64 && (s64)lo2 < 0)
			range_add(d, lo1, hi1, -lo2, -lo2, op == BPF_ADD);
		else
			range_add(d, lo1, hi1, lo2, hi2, op == BPF_SUB);
		return;
	case BPF_MUL:
		if (hi1 <= U32_ALL && hi2 <= U32_ALL)
			scalar_range(d, lo1 * lo2, hi1 * hi2);
		else
			scalar_unknown(d);
		return;
	case BPF_DIV:
		scalar_range(d, k && lo2 ? lo1 / lo2 : 0, k && lo2 ? hi1 / lo2 : hi1);
		return;
	case BPF_MOD:
		scalar_range(d, 0, k && lo2 ? MIN(hi1, lo2 - 1) : hi1);
		return;
	case BPF_AND:
		scalar_range(d, 0, MIN(hi1, hi2));
		return;
	case BPF_OR:
	case BPF_XOR:
		scalar_range(d, 0, fill_below(MAX(hi1, hi2)));
		return;
	case BPF_LSH:
		if (k && lo2 < width && (!lo2 || !(hi1 >> (64 - lo2))))
			scalar_range(d, lo1 << lo2, hi1 << lo2);
		else
			scalar_unknown(d);
		return;
	case BPF_RSH:
		if (k && lo2 < width)
			scalar_range(d, lo1 >> lo2, hi1 >> lo2);
		else
			scalar_range(d, 0, hi1);
		return;
	case BPF_MOV:
		scalar_range(d, lo2, hi2);
		return;
	default:			/* NEG, ARSH: no bounds kept */
		scalar_unknown(d);
	}
}

void scalar_alu(u8 op, struct bpf_reg_state *d, const struct bpf_reg_state *s,
		bool is64)
{
	u64 lo1 = d->umin, hi1 = d->umax, lo2 = s->umin, hi2 = s->umax;

	if (!is64) {
		trunc32(&lo1, &hi1);
		trunc32(&lo2, &hi2);
	}
	if (lo1 == hi1 && lo2 == hi2) {
		scalar_const(d, bpf_alu(op, lo1, lo2, is64));
		return;
	}
	range_alu(op, d, lo1, hi1, lo2, hi2, is64);
	if (!is64 && d->umax > U32_ALL)	/* it wrapped: any 32-bit value */
		scalar_range(d, 0, U32_ALL);
}

/* "x @op c" taken or not as a condition on x alone: the unsigned
 * comparison and its negation, as "x >= lo && x <= hi" (or, for JNE
 * taken / JEQ not taken, "x != c": @ne). */
static void branch_bounds(u8 op, u64 c, bool taken, u64 *lo, u64 *hi,
			  bool *ne, bool *never)
{
	*lo = 0;
	*hi = U64_ALL;
	*ne = *never = false;
	if (!taken) {			/* not (x op c) is x op' c */
		static const u8 negate[16] = {
			[BPF_JEQ >> 4] = BPF_JNE, [BPF_JNE >> 4] = BPF_JEQ,
			[BPF_JGT >> 4] = BPF_JLE, [BPF_JLE >> 4] = BPF_JGT,
			[BPF_JGE >> 4] = BPF_JLT, [BPF_JLT >> 4] = BPF_JGE,
		};
		op = negate[op >> 4];
	}
	switch (op) {
	case BPF_JEQ: *lo = *hi = c; break;
	case BPF_JNE: *ne = true; break;
	case BPF_JGT: *never = c == U64_ALL; *lo = c + 1; break;
	case BPF_JGE: *lo = c; break;
	case BPF_JLT: *never = c == 0; *hi = c - 1; break;
	case BPF_JLE: *hi = c; break;
	}
}

bool scalar_branch(u8 op, struct bpf_reg_state *d, u64 c, bool is64,
		   bool taken)
{
	u64 lo, hi;
	bool ne, never;

	if (op != BPF_JEQ && op != BPF_JNE && op != BPF_JGT && op != BPF_JGE &&
	    op != BPF_JLT && op != BPF_JLE)
		return true;		/* signed and JSET: nothing learnt */
	if (!is64 && (d->umax > U32_ALL || c > U32_ALL))
		return true;		/* the 32-bit view differs */
	branch_bounds(op, c, taken, &lo, &hi, &ne, &never);
	if (never)
		return false;
	if (ne) {			/* only an end of the range can go */
		if (d->umin == c && d->umax == c)
			return false;
		if (d->umin == c)
			d->umin++;
		else if (d->umax == c)
			d->umax--;
		return true;
	}
	d->umin = MAX(d->umin, lo);
	d->umax = MIN(d->umax, hi);
	return d->umin <= d->umax;
}

/* ---- instructions ---- */

void insn_src(const struct bpf_verifier_env *env, const struct bpf_insn *insn,
	      struct bpf_reg_state *src)
{
	if (BPF_SRC(insn->code) == BPF_X)
		*src = env->cur.regs[insn->src_reg];
	else
		scalar_const(src, (u64)(s64)insn->imm);
}

/* dst (pointer) += or -= a scalar, or dst (scalar) += a pointer. */
static long ptr_alu(struct bpf_verifier_env *env, const struct bpf_insn *insn,
		    struct bpf_reg_state *dst, const struct bpf_reg_state *src,
		    bool is64)
{
	u8 op = BPF_OP(insn->code);
	u32 regno = insn->dst_reg;
	struct bpf_reg_state ptr = is_pointer(dst) ? *dst : *src;
	const struct bpf_reg_state *val = is_pointer(dst) ? src : dst;
	s64 delta = (s64)val->umin;

	if (!is64)
		return reject(env, -EACCES, "R%u 32-bit pointer arithmetic "
			      "prohibited", regno);
	if (op != BPF_ADD && op != BPF_SUB)
		return reject(env, -EACCES, "R%u pointer arithmetic with "
			      "operator %#x prohibited", regno, op);
	if (is_pointer(dst) && is_pointer(src))
		return reject(env, -EACCES, "R%u pointer %s pointer prohibited",
			      regno, op == BPF_ADD ? "+=" : "-=");
	if (!is_pointer(dst) && op == BPF_SUB)
		return reject(env, -EACCES, "R%u tried to subtract pointer "
			      "from scalar", regno);
	if (ptr.type != PTR_TO_STACK && ptr.type != PTR_TO_MAP_VALUE &&
	    ptr.type != PTR_TO_CTX)
		return reject(env, -EACCES, "R%u pointer arithmetic on %s "
			      "prohibited", regno, reg_type_str[ptr.type]);
	if (scalar_known(val) && (delta <= -BPF_MAX_VAR_OFF ||
				  delta >= BPF_MAX_VAR_OFF))
		return reject(env, -EINVAL, "math between %s pointer and %ld is "
			      "not allowed", reg_type_str[ptr.type], delta);
	if (!scalar_known(val) && val->umax == ~0ull)
		return reject(env, -EINVAL, "math between %s pointer and register "
			      "with unbounded min value is not allowed",
			      reg_type_str[ptr.type]);
	if (scalar_known(val)) {
		ptr.off += op == BPF_ADD ? delta : -delta;
		if (ptr.off <= -BPF_MAX_VAR_OFF || ptr.off >= BPF_MAX_VAR_OFF)
			return reject(env, -EINVAL, "%s pointer offset %ld is not "
				      "allowed", reg_type_str[ptr.type], ptr.off);
	} else if (ptr.type != PTR_TO_MAP_VALUE || op == BPF_SUB) {
		return reject(env, -EACCES, "R%u variable %s access prohibited",
			      regno, reg_type_str[ptr.type]);
	} else if (val->umax >= BPF_MAX_VAR_OFF ||
		   ptr.umax + val->umax >= BPF_MAX_VAR_OFF) {
		return reject(env, -EACCES, "R%u unbounded memory access, make "
			      "sure to bounds check any such access", regno);
	} else {
		ptr.umin += val->umin;
		ptr.umax += val->umax;
	}
	*dst = ptr;
	return 0;
}

static long check_alu_fields(struct bpf_verifier_env *env,
			     const struct bpf_insn *insn)
{
	u8 op = BPF_OP(insn->code);
	bool x = BPF_SRC(insn->code) == BPF_X;

	if (op == BPF_NEG && (insn->src_reg || insn->off || insn->imm))
		return reject(env, -EINVAL, "BPF_NEG uses reserved fields");
	if (op == BPF_END && (insn->src_reg || insn->off ||
			      (insn->imm != 16 && insn->imm != 32 &&
			       insn->imm != 64)))
		return reject(env, -EINVAL, "BPF_END uses reserved fields");
	if (op != BPF_NEG && op != BPF_END &&
	    (x ? insn->imm || insn->off : insn->src_reg || insn->off))
		return reject(env, -EINVAL, "BPF_ALU uses reserved fields");
	if (!x && (op == BPF_DIV || op == BPF_MOD) && !insn->imm)
		return reject(env, -EINVAL, "div by zero");
	if (!x && (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) &&
	    (u32)insn->imm >= (BPF_CLASS(insn->code) == BPF_ALU64 ? 64u : 32u))
		return reject(env, -EINVAL, "invalid shift %d", insn->imm);
	return 0;
}

long check_alu(struct bpf_verifier_env *env, const struct bpf_insn *insn)
{
	u8 op = BPF_OP(insn->code);
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;
	bool x = BPF_SRC(insn->code) == BPF_X && op != BPF_END;
	struct bpf_reg_state *dst, src;	/* once the numbers are checked */
	long err = check_alu_fields(env, insn);

	if (!err && x)
		err = check_read(env, insn->src_reg);
	if (!err && op != BPF_MOV)
		err = check_read(env, insn->dst_reg);
	if (!err)
		err = check_write(env, insn->dst_reg);
	if (err)
		return err;
	dst = &env->cur.regs[insn->dst_reg];
	insn_src(env, insn, &src);
	if (op == BPF_MOV && is64) {
		*dst = src;		/* a pointer stays one */
		return 0;
	}
	if (op == BPF_MOV && is_pointer(&src)) {
		if (!env->allow_ptr_leaks)
			return reject(env, -EACCES, "R%u partial copy of "
				      "pointer", insn->src_reg);
		scalar_range(dst, 0, size_max(4));
		return 0;
	}
	if (op != BPF_MOV && (is_pointer(dst) ||
			      (op != BPF_END && is_pointer(&src))))
		return op == BPF_END || op == BPF_NEG ?
		       reject(env, -EACCES, "R%u pointer arithmetic prohibited",
			      insn->dst_reg) :
		       ptr_alu(env, insn, dst, &src, is64);
	if (op == BPF_END && scalar_known(dst))
		scalar_const(dst, bpf_end(dst->umin, insn->imm,
					  BPF_SRC(insn->code) == BPF_TO_BE));
	else if (op == BPF_END)
		scalar_range(dst, 0, size_max(insn->imm / 8));
	else
		scalar_alu(op, dst, &src, is64);
	return 0;
}
