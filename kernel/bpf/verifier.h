/*
 * The verifier's picture of a program's state at one instruction (Linux's
 * include/linux/bpf_verifier.h, cut down): what each register holds and
 * what each stack byte holds, on one path through the program.
 * verifier.c walks the paths; verifier_mem.c checks loads and stores,
 * verifier_alu.c arithmetic and scalars' bounds.
 */
#ifndef KERNEL_BPF_VERIFIER_H
#define KERNEL_BPF_VERIFIER_H

#include "kernel/bpf/bpf.h"
#include "kernel/uaccess.h"

#define PATH_DONE 1			/* a path reached exit (or was pruned) */

enum bpf_reg_type {
	NOT_INIT,			/* never written: may not be read */
	SCALAR_VALUE,			/* a number in [umin, umax] */
	PTR_TO_CTX,			/* r1 at entry: struct bpf_skb_ctx */
	CONST_PTR_TO_MAP,		/* ld_imm64 of a map fd */
	PTR_TO_MAP_VALUE,		/* a value in map, + off + [umin, umax] */
	PTR_TO_MAP_VALUE_OR_NULL,	/* map_lookup_elem's, not yet tested */
	PTR_TO_STACK,			/* r10 + off */
};

struct bpf_reg_state {
	u8 type;			/* enum bpf_reg_type */
	u32 id;				/* MAP_VALUE_OR_NULL: its copies share it */
	struct bpf_map *map;		/* the map of the three map types */
	s64 off;			/* pointers: the fixed offset */
	u64 umin, umax;			/* scalars: bounds; map values: bounds
					 * of the variable offset */
};

enum { STACK_INVALID, STACK_MISC, STACK_SPILL };

struct bpf_func_state {
	struct bpf_reg_state regs[MAX_BPF_REG];
	u8 stack_type[MAX_BPF_STACK];	/* per byte: [0] is r10 - 512 */
	struct bpf_reg_state spilled[MAX_BPF_STACK / 8];  /* STACK_SPILL */
};

/* One path's state waiting its turn (a branch not yet taken). */
struct bpf_pending {
	struct bpf_pending *next;
	u32 insn_idx;
	struct bpf_func_state st;
};

/* A state a path had at a prune point, kept to compare the states that
 * come there later with (Linux's struct bpf_verifier_state_list). Until
 * every path from it has reached an exit it is on the current path (a
 * loop that comes back to it unchanged never ends); after, any state it
 * covers is safe too, and that path stops there (pruning). */
struct bpf_explored {
	struct bpf_explored *next;	/* at the same instruction */
	struct bpf_explored *active;	/* the next older one not yet done */
	u32 depth;			/* env->n_pending when it was kept */
	bool done;
	struct bpf_func_state st;
};

struct bpf_verifier_env {
	struct bpf_prog *prog;
	struct bpf_map **insn_map;	/* per instruction: its ld_imm64's map */
	u8 *prune_point;		/* per instruction: keep states here */
	struct bpf_explored **explored;	/* per instruction: states kept */
	struct bpf_explored *active;	/* kept, not done, newest first */
	u32 n_explored;
	struct bpf_func_state cur;
	u32 insn_idx;
	struct bpf_pending *pending;
	u32 n_pending, insn_processed, id_gen;
	bool allow_ptr_leaks;		/* CAP_PERFMON: pointers may be seen */
	bool bpf_capable;		/* CAP_BPF: loops allowed */
	u32 log_level, log_size, log_used;
	char __user *log_buf;
	bool log_full, log_fault;
};

extern const char *const reg_type_str[];

/* ---- verifier.c ---- */

/* Append to the user's log, always NUL-terminated; a full log is noted
 * (the load then fails with -ENOSPC, as Linux's). */
__printf(2, 3) void verbose(struct bpf_verifier_env *env, const char *fmt, ...);
/* Log why the instruction being checked is refused; evaluates to @err. */
#define reject(env, err, fmt, ...)					\
	({ verbose(env, "%u: (%02x) " fmt "\n", (env)->insn_idx,	\
		   (env)->prog->insnsi[(env)->insn_idx].code, ##__VA_ARGS__); \
	   (long)(err); })

static inline bool is_pointer(const struct bpf_reg_state *r)
{
	return r->type != NOT_INIT && r->type != SCALAR_VALUE;
}

/* ---- verifier_cfg.c ---- */

#define MAX_USED_MAPS 64		/* maps one program may name */

/* Known opcodes, well-formed ld_imm64s; the maps they name by fd are
 * looked up into prog->used_maps and env->insn_map. 0 or -errno. */
long resolve_maps(struct bpf_verifier_env *env);
/* The control flow: jumps inside the program, every instruction
 * reachable, an exit or a jump last. 0 or -EINVAL. */
long check_cfg(struct bpf_verifier_env *env);

/* ---- verifier_state.c ---- */

/* At a prune point: 0 to go on (the state kept, if there is room),
 * PATH_DONE when a state kept here covers the current one (it is safe),
 * -EINVAL when the current path came back here in the same state
 * (an infinite loop). */
long is_state_visited(struct bpf_verifier_env *env);
/* The current path ended: the kept states every path of which is done
 * may prune from now on. Before the next pending state is popped. */
void explored_path_done(struct bpf_verifier_env *env);
/* Free every kept state. */
void free_explored(struct bpf_verifier_env *env);

/* ---- verifier_mem.c ---- */

/* May R@regno be read (written before on this path) / written? */
long check_read(struct bpf_verifier_env *env, u32 regno);
long check_write(struct bpf_verifier_env *env, u32 regno);
/* The largest number a load of @size bytes gives. */
u64 size_max(int size);
/* A load (@out set: the result goes there) or store (@val, from
 * R@valno) of BPF_SIZE @bpf_size at R@ptrno + @off. */
long check_mem_access(struct bpf_verifier_env *env, u32 ptrno, s16 off,
		      u8 bpf_size, const struct bpf_reg_state *val, u32 valno,
		      struct bpf_reg_state *out);
/* LDX, ST, STX: one load or store, or an atomic add. */
long check_mem_insn(struct bpf_verifier_env *env, const struct bpf_insn *insn);
/* A call of a helper: its arguments, then r0-r5 as it leaves them. */
long check_call(struct bpf_verifier_env *env, const struct bpf_insn *insn);
/* A helper's access to @size bytes at R@regno (stack or map value): all
 * written before (@read), or about to be written. */
long check_helper_mem(struct bpf_verifier_env *env, u32 regno, u64 size,
		      bool read);

/* ---- verifier_alu.c ---- */

/* The source operand of @insn: R(src_reg) for BPF_X, else the
 * immediate, sign-extended to 64 bits as the interpreter takes it. */
void insn_src(const struct bpf_verifier_env *env, const struct bpf_insn *insn,
	      struct bpf_reg_state *src);
/* An ALU or ALU64 instruction on the current state. */
long check_alu(struct bpf_verifier_env *env, const struct bpf_insn *insn);

/* @r becomes a scalar: any number, exactly @v, or in [@lo, @hi]. */
void scalar_unknown(struct bpf_reg_state *r);
void scalar_const(struct bpf_reg_state *r, u64 v);
void scalar_range(struct bpf_reg_state *r, u64 lo, u64 hi);
/* Is scalar @r one known number? */
bool scalar_known(const struct bpf_reg_state *r);
/* @d = @d @op @s on two scalars, 64 or 32 bits wide (not BPF_END):
 * bounds that hold for every pair of values the two may have. */
void scalar_alu(u8 op, struct bpf_reg_state *d, const struct bpf_reg_state *s,
		bool is64);
/* Narrow scalar @d for the branch where "@d @op @c" is @taken (64 or 32
 * bits wide); false when that branch cannot happen. */
bool scalar_branch(u8 op, struct bpf_reg_state *d, u64 c, bool is64,
		   bool taken);

#endif
