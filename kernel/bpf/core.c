/*
 * The eBPF interpreter and the helpers programs call (Linux's
 * kernel/bpf/core.c ___bpf_prog_run() and kernel/bpf/helpers.c). A
 * program runs here only after verifier.c accepted it, which is what
 * lets this loop trust it: every register it reads is set, every load
 * and store is inside the stack, a map value or the context, every jump
 * lands inside the program and goes forward, so it ends within len
 * steps. Nothing here checks that again.
 */
#include "kernel/bpf/bpf.h"
#include "kernel/random.h"
#include "kernel/time/time.h"
#include "lib/errno.h"
#include "lib/string.h"

/* Helpers take five u64 arguments and return one, as r1-r5 and r0. */
static u64 bpf_map_lookup_elem(u64 map, u64 key, u64 r3, u64 r4, u64 r5)
{
	struct bpf_map *m = (struct bpf_map *)map;

	return (u64)m->ops->lookup(m, (const void *)key);
}

static u64 bpf_map_update_elem(u64 map, u64 key, u64 value, u64 flags,
			       u64 r5)
{
	struct bpf_map *m = (struct bpf_map *)map;

	if (flags > BPF_EXIST)
		return (u64)-EINVAL;
	return (u64)m->ops->update(m, (const void *)key, (const void *)value,
				   flags);
}

static u64 bpf_map_delete_elem(u64 map, u64 key, u64 r3, u64 r4, u64 r5)
{
	struct bpf_map *m = (struct bpf_map *)map;

	return (u64)m->ops->delete(m, (const void *)key);
}

static u64 bpf_ktime_get_ns(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return ktime_get_ns();
}

static u64 bpf_get_prandom_u32(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return (u32)get_random_u64();
}

static u64 bpf_get_smp_processor_id(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5)
{
	return smp_processor_id();
}

/* bpf_skb_load_bytes(ctx, offset, to, len): copy bytes of the header
 * and datagram to @to; -EFAULT (and @to zeroed) when they are not all
 * there. */
static u64 bpf_skb_load_bytes(u64 ctx, u64 offset, u64 to, u64 len, u64 r5)
{
	const struct bpf_skb_ctx *skb = (const struct bpf_skb_ctx *)ctx;
	u8 *dst = (u8 *)to;
	u64 i;

	if (offset > skb->len || len > skb->len - offset) {
		memset(dst, 0, len);
		return (u64)-EFAULT;
	}
	for (i = offset; i < offset + len && i < skb->hlen; i++)
		*dst++ = skb->hdr[i];
	memcpy(dst, skb->data + (i - skb->hlen), offset + len - i);
	return 0;
}

#define PROTO(fn, ret, ...) { fn, #fn, ret, { __VA_ARGS__ } }
/* Linux's helper numbers (enum bpf_func_id). */
static const struct bpf_func_proto helpers[] = {
	[1] = PROTO(bpf_map_lookup_elem, RET_PTR_TO_MAP_VALUE_OR_NULL,
		    ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY),
	[2] = PROTO(bpf_map_update_elem, RET_INTEGER, ARG_CONST_MAP_PTR,
		    ARG_PTR_TO_MAP_KEY, ARG_PTR_TO_MAP_VALUE, ARG_ANYTHING),
	[3] = PROTO(bpf_map_delete_elem, RET_INTEGER, ARG_CONST_MAP_PTR,
		    ARG_PTR_TO_MAP_KEY),
	[5] = PROTO(bpf_ktime_get_ns, RET_INTEGER),
	[7] = PROTO(bpf_get_prandom_u32, RET_INTEGER),
	[8] = PROTO(bpf_get_smp_processor_id, RET_INTEGER),
	[26] = PROTO(bpf_skb_load_bytes, RET_INTEGER, ARG_PTR_TO_CTX,
		     ARG_ANYTHING, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE),
};

const struct bpf_func_proto *bpf_helper_proto(s32 id)
{
	if (id < 0 || id >= (s32)ARRAY_SIZE(helpers) || !helpers[id].func)
		return NULL;
	return &helpers[id];
}

u64 bpf_end(u64 v, s32 bits, bool to_be)
{
	if (bits == 16)
		return to_be ? __builtin_bswap16((u16)v) : (u16)v;
	if (bits == 32)
		return to_be ? __builtin_bswap32((u32)v) : (u32)v;
	return to_be ? __builtin_bswap64(v) : v;
}

u64 bpf_alu(u8 op, u64 dst, u64 src, bool is64)
{
	u32 d = (u32)dst, s = (u32)src;

	if (is64) {
		switch (op) {
		case BPF_ADD: return dst + src;
		case BPF_SUB: return dst - src;
		case BPF_MUL: return dst * src;
		case BPF_DIV: return src ? dst / src : 0;
		case BPF_MOD: return src ? dst % src : dst;
		case BPF_OR: return dst | src;
		case BPF_AND: return dst & src;
		case BPF_XOR: return dst ^ src;
		case BPF_LSH: return dst << (src & 63);
		case BPF_RSH: return dst >> (src & 63);
		case BPF_ARSH: return (u64)((s64)dst >> (src & 63));
		case BPF_NEG: return -dst;
		default: return src;		/* BPF_MOV */
		}
	}
	switch (op) {
	case BPF_ADD: return d + s;
	case BPF_SUB: return d - s;
	case BPF_MUL: return d * s;
	case BPF_DIV: return s ? d / s : 0;
	case BPF_MOD: return s ? d % s : d;
	case BPF_OR: return d | s;
	case BPF_AND: return d & s;
	case BPF_XOR: return d ^ s;
	case BPF_LSH: return d << (s & 31);
	case BPF_RSH: return d >> (s & 31);
	case BPF_ARSH: return (u32)((s32)d >> (s & 31));
	case BPF_NEG: return (u32)-d;
	default: return s;			/* BPF_MOV */
	}
}

bool bpf_jmp_taken(u8 op, u64 a, u64 b, bool is64)
{
	s64 sa = is64 ? (s64)a : (s32)a, sb = is64 ? (s64)b : (s32)b;

	if (!is64) {
		a = (u32)a;
		b = (u32)b;
	}
	switch (op) {
	case BPF_JEQ: return a == b;
	case BPF_JNE: return a != b;
	case BPF_JGT: return a > b;
	case BPF_JGE: return a >= b;
	case BPF_JLT: return a < b;
	case BPF_JLE: return a <= b;
	case BPF_JSET: return a & b;
	case BPF_JSGT: return sa > sb;
	case BPF_JSGE: return sa >= sb;
	case BPF_JSLT: return sa < sb;
	case BPF_JSLE: return sa <= sb;
	default: return true;		/* BPF_JA */
	}
}

static u64 bpf_load(u64 addr, u8 size)
{
	switch (size) {
	case BPF_B: return *(const u8 *)addr;
	case BPF_H: return *(const u16 *)addr;
	case BPF_W: return *(const u32 *)addr;
	default: return *(const u64 *)addr;
	}
}

static void bpf_store(u64 addr, u8 size, u64 v)
{
	switch (size) {
	case BPF_B: *(u8 *)addr = (u8)v; break;
	case BPF_H: *(u16 *)addr = (u16)v; break;
	case BPF_W: *(u32 *)addr = (u32)v; break;
	default: *(u64 *)addr = v;
	}
}

/* The one atomic operation Taskbase takes: BPF_ADD (Linux's BPF_XADD). */
static void bpf_atomic_add(u64 addr, u8 size, u64 v)
{
	if (size == BPF_W)
		__atomic_fetch_add((u32 *)addr, (u32)v, __ATOMIC_SEQ_CST);
	else
		__atomic_fetch_add((u64 *)addr, v, __ATOMIC_SEQ_CST);
}

u64 bpf_prog_run(const struct bpf_prog *prog, void *ctx)
{
	u64 stack[MAX_BPF_STACK / sizeof(u64)];
	u64 reg[MAX_BPF_REG] = { 0 };
	const struct bpf_insn *insn = prog->insnsi;

	reg[1] = (u64)ctx;
	reg[BPF_REG_FP] = (u64)stack + sizeof(stack);
	for (;; insn++) {
		u8 code = insn->code, op = BPF_OP(code);
		u64 *dst = &reg[insn->dst_reg];
		u64 src = BPF_SRC(code) == BPF_X ? reg[insn->src_reg] :
			  (u64)(s64)insn->imm;
		bool is64 = BPF_CLASS(code) == BPF_ALU64 ||
			    BPF_CLASS(code) == BPF_JMP;

		switch (BPF_CLASS(code)) {
		case BPF_ALU:
			if (op == BPF_END)
				*dst = bpf_end(*dst, insn->imm,
					       BPF_SRC(code) == BPF_TO_BE);
			else
				*dst = bpf_alu(op, *dst, src, false);
			break;
		case BPF_ALU64:
			*dst = bpf_alu(op, *dst, src, true);
			break;
		case BPF_JMP:
		case BPF_JMP32:
			if (op == BPF_EXIT)
				return reg[0];
			if (op == BPF_CALL) {
				reg[0] = helpers[insn->imm].func(reg[1], reg[2],
						reg[3], reg[4], reg[5]);
				break;
			}
			if (bpf_jmp_taken(op, *dst, src, is64))
				insn += insn->off;
			break;
		case BPF_LD:			/* ld_imm64: two slots */
			*dst = (u32)insn->imm | ((u64)(u32)insn[1].imm << 32);
			insn++;
			break;
		case BPF_LDX:
			*dst = bpf_load(reg[insn->src_reg] + insn->off,
					BPF_SIZE(code));
			break;
		case BPF_ST:
			bpf_store(*dst + insn->off, BPF_SIZE(code),
				  (u64)(s64)insn->imm);
			break;
		case BPF_STX:
			if (BPF_MODE(code) == BPF_ATOMIC)
				bpf_atomic_add(*dst + insn->off, BPF_SIZE(code),
					       reg[insn->src_reg]);
			else
				bpf_store(*dst + insn->off, BPF_SIZE(code),
					  reg[insn->src_reg]);
			break;
		}
	}
}
