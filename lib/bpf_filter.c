/*
 * Classic BPF (see bpf_filter.h): Linux's checks of a classic program
 * (net/core/filter.c bpf_check_classic() and check_load_and_stores())
 * and an interpreter. Linux translates a classic program to eBPF and runs
 * that (bpf_convert_filter()); Taskbase runs the classic one as it is, with
 * the semantics Linux's translation gives it.
 */
#include "lib/bpf_filter.h"
#include "lib/errno.h"
#include "lib/string.h"

#define C(cls, rest) ((u16)((cls) | (rest)))

/* Every opcode a classic program may use (Linux's chk_code_allowed()). */
static const u16 classic_codes[] = {
	C(BPF_ALU, BPF_ADD | BPF_K), C(BPF_ALU, BPF_ADD | BPF_X),
	C(BPF_ALU, BPF_SUB | BPF_K), C(BPF_ALU, BPF_SUB | BPF_X),
	C(BPF_ALU, BPF_MUL | BPF_K), C(BPF_ALU, BPF_MUL | BPF_X),
	C(BPF_ALU, BPF_DIV | BPF_K), C(BPF_ALU, BPF_DIV | BPF_X),
	C(BPF_ALU, BPF_MOD | BPF_K), C(BPF_ALU, BPF_MOD | BPF_X),
	C(BPF_ALU, BPF_AND | BPF_K), C(BPF_ALU, BPF_AND | BPF_X),
	C(BPF_ALU, BPF_OR | BPF_K), C(BPF_ALU, BPF_OR | BPF_X),
	C(BPF_ALU, BPF_XOR | BPF_K), C(BPF_ALU, BPF_XOR | BPF_X),
	C(BPF_ALU, BPF_LSH | BPF_K), C(BPF_ALU, BPF_LSH | BPF_X),
	C(BPF_ALU, BPF_RSH | BPF_K), C(BPF_ALU, BPF_RSH | BPF_X),
	C(BPF_ALU, BPF_NEG),
	C(BPF_LD, BPF_W | BPF_ABS), C(BPF_LD, BPF_H | BPF_ABS),
	C(BPF_LD, BPF_B | BPF_ABS), C(BPF_LD, BPF_W | BPF_LEN),
	C(BPF_LD, BPF_W | BPF_IND), C(BPF_LD, BPF_H | BPF_IND),
	C(BPF_LD, BPF_B | BPF_IND), C(BPF_LD, BPF_IMM), C(BPF_LD, BPF_MEM),
	C(BPF_LDX, BPF_W | BPF_LEN), C(BPF_LDX, BPF_B | BPF_MSH),
	C(BPF_LDX, BPF_IMM), C(BPF_LDX, BPF_MEM),
	C(BPF_ST, 0), C(BPF_STX, 0),
	C(BPF_MISC, BPF_TAX), C(BPF_MISC, BPF_TXA),
	C(BPF_RET, BPF_K), C(BPF_RET, BPF_A),
	C(BPF_JMP, BPF_JA),
	C(BPF_JMP, BPF_JEQ | BPF_K), C(BPF_JMP, BPF_JEQ | BPF_X),
	C(BPF_JMP, BPF_JGE | BPF_K), C(BPF_JMP, BPF_JGE | BPF_X),
	C(BPF_JMP, BPF_JGT | BPF_K), C(BPF_JMP, BPF_JGT | BPF_X),
	C(BPF_JMP, BPF_JSET | BPF_K), C(BPF_JMP, BPF_JSET | BPF_X),
};

static bool code_allowed(u16 code)
{
	for (unsigned int i = 0; i < sizeof(classic_codes) / sizeof(u16); i++)
		if (classic_codes[i] == code)
			return true;
	return false;
}

static bool is_cond_jump(u16 code)
{
	return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != BPF_JA;
}

static bool is_abs_load(u16 code)
{
	return BPF_CLASS(code) == BPF_LD && BPF_MODE(code) == BPF_ABS;
}

/* The checks of one instruction at @pc of @len. */
static int check_insn(const struct sock_filter *f, unsigned int pc,
		      unsigned int len)
{
	u16 code = f->code;

	if (!code_allowed(code))
		return -EINVAL;
	if (code == C(BPF_ALU, BPF_DIV | BPF_K) ||
	    code == C(BPF_ALU, BPF_MOD | BPF_K))
		return f->k == 0 ? -EINVAL : 0;
	if (code == C(BPF_ALU, BPF_LSH | BPF_K) ||
	    code == C(BPF_ALU, BPF_RSH | BPF_K))
		return f->k >= 32 ? -EINVAL : 0;
	if (code == C(BPF_LD, BPF_MEM) || code == C(BPF_LDX, BPF_MEM) ||
	    code == C(BPF_ST, 0) || code == C(BPF_STX, 0))
		return f->k >= BPF_MEMWORDS ? -EINVAL : 0;
	if (code == C(BPF_JMP, BPF_JA))	/* k is 32 bits: no wrap */
		return f->k >= len - pc - 1 ? -EINVAL : 0;
	if (is_cond_jump(code))
		return pc + f->jt + 1 >= len || pc + f->jf + 1 >= len ?
		       -EINVAL : 0;
	if (is_abs_load(code) && f->k >= (u32)SKF_AD_OFF)	/* ancillary */
		return (f->k - (u32)SKF_AD_OFF) % 4 ||
		       f->k - (u32)SKF_AD_OFF >= SKF_AD_MAX ? -EINVAL : 0;
	return 0;
}

/* No M[k] read before a write on every path to it (Linux's
 * check_load_and_stores()): a bit per word, ANDed where paths join. */
static int check_load_and_stores(const struct sock_filter *insns,
				 unsigned int len, u16 *masks)
{
	u16 valid = 0;

	memset(masks, 0xff, len * sizeof(*masks));
	for (unsigned int pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &insns[pc];

		valid &= masks[pc];
		if (f->code == C(BPF_ST, 0) || f->code == C(BPF_STX, 0)) {
			valid |= (u16)(1u << f->k);
		} else if (f->code == C(BPF_LD, BPF_MEM) ||
			   f->code == C(BPF_LDX, BPF_MEM)) {
			if (!(valid & (1u << f->k)))
				return -EINVAL;
		} else if (f->code == C(BPF_JMP, BPF_JA)) {
			masks[pc + 1 + f->k] &= valid;
			valid = 0xffff;
		} else if (is_cond_jump(f->code)) {
			masks[pc + 1 + f->jt] &= valid;
			masks[pc + 1 + f->jf] &= valid;
			valid = 0xffff;
		}
	}
	return 0;
}

int bpf_check_classic(const struct sock_filter *insns, unsigned int len,
		      u16 *masks)
{
	u16 last;

	if (len == 0 || len > BPF_MAXINSNS)
		return -EINVAL;
	for (unsigned int pc = 0; pc < len; pc++) {
		int err = check_insn(&insns[pc], pc, len);

		if (err)
			return err;
	}
	last = insns[len - 1].code;
	if (last != C(BPF_RET, BPF_K) && last != C(BPF_RET, BPF_A))
		return -EINVAL;
	return check_load_and_stores(insns, len, masks);
}

/* A op= operand; false for a division by zero. */
static bool alu(u32 *a, u16 op, u32 v)
{
	switch (op) {
	case BPF_ADD: *a += v; break;
	case BPF_SUB: *a -= v; break;
	case BPF_MUL: *a *= v; break;
	case BPF_DIV:
		if (!v)
			return false;
		*a /= v;
		break;
	case BPF_MOD:
		if (!v)
			return false;
		*a %= v;
		break;
	case BPF_OR: *a |= v; break;
	case BPF_AND: *a &= v; break;
	case BPF_XOR: *a ^= v; break;
	case BPF_LSH: *a = v < 32 ? *a << v : 0; break;
	case BPF_RSH: *a = v < 32 ? *a >> v : 0; break;
	case BPF_NEG: *a = -*a; break;
	}
	return true;
}

/* Is the condition of jump @op true for A and @v? */
static bool jump_taken(u16 op, u32 a, u32 v)
{
	switch (op) {
	case BPF_JEQ: return a == v;
	case BPF_JGT: return a > v;
	case BPF_JGE: return a >= v;
	default: return a & v;		/* BPF_JSET */
	}
}

/* Copy the @n bytes at offset @off of @in's packet (@hdr, then @data)
 * to @out; false when they are not all there. */
static bool load_view(const struct bpf_classic_input *in, u32 off, u32 n,
		      u8 *out)
{
	if (off > in->len || n > in->len - off)
		return false;
	for (u32 i = 0; i < n; i++, off++)
		out[i] = off < in->hlen ? in->hdr[off] : in->data[off - in->hlen];
	return true;
}

/* *@v = the @n-byte value at @k: an offset into the packet, or below 0 one
 * into its network (SKF_NET_OFF) or link-layer (SKF_LL_OFF) header;
 * false, and *@v 0, when it is outside them (Linux's
 * bpf_skb_load_helper_*() and bpf_internal_load_pointer_neg_helper()). */
static bool load(const struct bpf_classic_input *in, u32 k, u32 n, u32 *v)
{
	const u8 *base = NULL;
	u32 off = 0, blen = 0;
	u8 b[4];

	*v = 0;
	if ((s32)k >= 0) {
		if (!load_view(in, k, n, b))
			return false;
	} else {
		if ((s32)k >= SKF_NET_OFF)
			base = in->net, blen = in->net_len, off = k - (u32)SKF_NET_OFF;
		else if ((s32)k >= SKF_LL_OFF)
			base = in->mac, blen = in->mac_len, off = k - (u32)SKF_LL_OFF;
		if (!base || off > blen || n > blen - off)
			return false;
		memcpy(b, base + off, n);
	}
	if (in->host_order)
		memcpy(v, b, n);
	else
		for (u32 i = 0; i < n; i++)
			*v = *v << 8 | b[i];
	return true;
}

/* Linux's nla_find() over the @rem packet bytes from @off: the offset of
 * the first netlink attribute ({ u16 len, type } in the machine's byte
 * order, 4-byte aligned) of type @type, 0 when none. */
static u32 nla_find(const struct bpf_classic_input *in, u32 off, u32 rem,
		    u32 type)
{
	u8 h[4];

	while (rem >= 4 && load_view(in, off, 4, h)) {
		u32 nla_len = (u32)(h[0] | h[1] << 8);
		u32 nla_type = (u32)(h[2] | h[3] << 8) & 0x3fff;

		if (nla_len < 4 || nla_len > rem)
			break;
		if (nla_type == type)
			return off;
		nla_len = (nla_len + 3) & ~3u;
		if (nla_len >= rem)
			break;
		rem -= nla_len, off += nla_len;
	}
	return 0;
}

/* SKF_AD_NLATTR(_NEST): attribute X from offset A, or (@nest) inside the
 * attribute at A (Linux's bpf_skb_get_nlattr(_nest)()). */
static u32 nlattr(const struct bpf_classic_input *in, u32 a, u32 x, bool nest)
{
	u8 h[2];
	u32 nla_len;

	if (in->len < 4 || a > in->len - 4)
		return 0;
	if (!nest)
		return nla_find(in, a, in->len - a, x);
	load_view(in, a, 2, h);
	nla_len = (u32)(h[0] | h[1] << 8);
	if (nla_len > in->len - a || nla_len < 4)
		return 0;
	return nla_find(in, a + 4, nla_len - 4, x);
}

/* A load at SKF_AD_OFF + @which into *@a; false ends the program. */
static bool load_ancillary(const struct bpf_classic_input *in, u32 which,
			   u32 *a, u32 x)
{
	switch (which) {
	case SKF_AD_ALU_XOR_X:
		*a ^= x;
		return true;
	case SKF_AD_NLATTR:
	case SKF_AD_NLATTR_NEST:
		*a = nlattr(in, *a, x, which == SKF_AD_NLATTR_NEST);
		return true;
	default:
		return in->ancillary && in->ancillary(in->arg, which, a);
	}
}

static u32 load_size(u16 code)
{
	return BPF_SIZE(code) == BPF_W ? 4 : BPF_SIZE(code) == BPF_H ? 2 : 1;
}

/* The loads from the packet: LD ABS and IND, LDX MSH. false ends the
 * program, which returns A: 0 after a load outside the packet (Linux's
 * translation zeroes A and exits), A as it was when an ancillary value
 * is missing (the translation exits, A untouched). */
static bool run_load(const struct bpf_classic_input *in,
		     const struct sock_filter *f, u32 *a, u32 *x)
{
	u32 t;

	if (f->code == C(BPF_LDX, BPF_B | BPF_MSH)) {
		if (!load(in, f->k, 1, &t)) {
			*a = 0;
			return false;
		}
		*x = (t & 0xf) << 2;
		return true;
	}
	if (BPF_MODE(f->code) == BPF_IND)
		return load(in, *x + f->k, load_size(f->code), a);
	if (f->k >= (u32)SKF_AD_OFF)
		return load_ancillary(in, f->k - (u32)SKF_AD_OFF, a, *x);
	return load(in, f->k, load_size(f->code), a);
}

u32 bpf_run_classic_input(const struct sock_filter *insns, unsigned int len,
			  const struct bpf_classic_input *in)
{
	u32 a = 0, x = 0, mem[BPF_MEMWORDS] = { 0 };

	for (unsigned int pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &insns[pc];
		u32 src = BPF_SRC(f->code) == BPF_X ? x : f->k;

		switch (f->code) {
		case C(BPF_LD, BPF_W | BPF_LEN): a = in->len; break;
		case C(BPF_LDX, BPF_W | BPF_LEN): x = in->len; break;
		case C(BPF_LD, BPF_IMM): a = f->k; break;
		case C(BPF_LDX, BPF_IMM): x = f->k; break;
		case C(BPF_LD, BPF_MEM): a = mem[f->k % BPF_MEMWORDS]; break;
		case C(BPF_LDX, BPF_MEM): x = mem[f->k % BPF_MEMWORDS]; break;
		case C(BPF_ST, 0): mem[f->k % BPF_MEMWORDS] = a; break;
		case C(BPF_STX, 0): mem[f->k % BPF_MEMWORDS] = x; break;
		case C(BPF_MISC, BPF_TAX): x = a; break;
		case C(BPF_MISC, BPF_TXA): a = x; break;
		case C(BPF_RET, BPF_K): return f->k;
		case C(BPF_RET, BPF_A): return a;
		case C(BPF_JMP, BPF_JA): pc += f->k; break;
		default:
			if (BPF_CLASS(f->code) == BPF_ALU) {
				if (!alu(&a, BPF_OP(f->code), src))
					return 0;
			} else if (is_cond_jump(f->code)) {
				pc += jump_taken(BPF_OP(f->code), a, src) ?
				      f->jt : f->jf;
			} else if (!run_load(in, f, &a, &x)) {
				return a;
			}
		}
	}
	return 0;	/* unreachable for a checked program */
}

u32 bpf_run_classic(const struct sock_filter *insns, unsigned int len,
		    const void *data, u32 size)
{
	struct bpf_classic_input in = {
		.data = data, .len = size, .host_order = true,
	};

	return bpf_run_classic_input(insns, len, &in);
}
