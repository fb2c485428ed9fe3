/*
 * eBPF (Linux's kernel/bpf/): small programs a privileged user hands the
 * kernel with bpf(2), checked once by a verifier (verifier.c) so that they
 * cannot touch memory they were not given or run forever, then run by an
 * interpreter (core.c) at a hook: here, a socket's receive path
 * (SO_ATTACH_BPF, kernel/net/filter.c). Programs keep state in maps
 * (arraymap.c, hashtab.c), which user space reads and writes with bpf(2)
 * too. docs/bpf.md tells the story; the numbers and layouts below are
 * Linux 6.1's include/uapi/linux/bpf.h.
 */
#ifndef KERNEL_BPF_BPF_H
#define KERNEL_BPF_BPF_H

#include "kernel/uaccess.h"
#include "lib/bpf_common.h"
#include "lib/refcount.h"
#include "lib/types.h"

struct seq_buf;

/* ---- the instruction set: eBPF's own fields (the shared ones are
 * lib/bpf_common.h's) ---- */

#define BPF_JMP32 0x06		/* classes: classic BPF's RET and MISC */
#define BPF_ALU64 0x07
#define BPF_DW 0x18		/* size */
#define BPF_ATOMIC 0xc0		/* mode */
#define BPF_MOV 0xb0		/* ALU and jump operations */
#define BPF_ARSH 0xc0
#define BPF_END 0xd0
#define BPF_JNE 0x50
#define BPF_JSGT 0x60
#define BPF_JSGE 0x70
#define BPF_CALL 0x80
#define BPF_EXIT 0x90
#define BPF_JLT 0xa0
#define BPF_JLE 0xb0
#define BPF_JSLT 0xc0
#define BPF_JSLE 0xd0
#define BPF_TO_LE 0x00		/* BPF_END: source is the byte order */
#define BPF_TO_BE 0x08
/* ld_imm64's src_reg: a plain constant, or a map named by its fd. */
#define BPF_PSEUDO_MAP_FD 1
#define BPF_PSEUDO_CALL 1	/* call's src_reg: a subprogram (refused) */

#define MAX_BPF_REG 11		/* r0-r9 and the read-only frame pointer r10 */
#define BPF_REG_FP 10
#define MAX_BPF_STACK 512	/* bytes below r10 */
#define BPF_COMPLEXITY_LIMIT_INSNS 1000000

struct bpf_insn {
	u8 code;
	u8 dst_reg : 4;
	u8 src_reg : 4;
	s16 off;
	s32 imm;
};
_Static_assert(sizeof(struct bpf_insn) == 8, "Linux's 8-byte instruction");

/* ---- bpf(2) ---- */

enum bpf_cmd {
	BPF_MAP_CREATE, BPF_MAP_LOOKUP_ELEM, BPF_MAP_UPDATE_ELEM,
	BPF_MAP_DELETE_ELEM, BPF_MAP_GET_NEXT_KEY, BPF_PROG_LOAD,
};
enum bpf_map_type { BPF_MAP_TYPE_HASH = 1, BPF_MAP_TYPE_ARRAY = 2 };
enum bpf_prog_type { BPF_PROG_TYPE_SOCKET_FILTER = 1 };
#define BPF_ANY 0		/* update flags */
#define BPF_NOEXIST 1
#define BPF_EXIST 2
#define BPF_F_NO_PREALLOC 1	/* hash map_flags: taken, all are preallocated */

/* The parts of Linux's union bpf_attr Taskbase reads; the union is as big
 * as Linux 6.1's (a caller's larger attr must be zero beyond it). */
union bpf_attr {
	struct {			/* BPF_MAP_CREATE */
		u32 map_type, key_size, value_size, max_entries, map_flags;
	};
	struct {			/* BPF_MAP_*_ELEM, GET_NEXT_KEY */
		u32 map_fd;
		u64 key;
		union { u64 value; u64 next_key; };
		u64 flags;
	};
	struct {			/* BPF_PROG_LOAD */
		u32 prog_type, insn_cnt;
		u64 insns, license;
		u32 log_level, log_size;
		u64 log_buf;
	};
	u8 linux_size[144];
};

/* ---- maps ---- */

struct bpf_map;
/* What each map type does (Linux's struct bpf_map_ops). The syscall side
 * and the programs' helpers call these; each takes the map's own lock. */
struct bpf_map_ops {
	/* The value of @key, NULL if none. The memory stays the map's
	 * until the map is freed (elements are preallocated). */
	void *(*lookup)(struct bpf_map *map, const void *key);
	/* 0, or -EEXIST/-ENOENT (@flags' rule), -E2BIG (full or out of range). */
	long (*update)(struct bpf_map *map, const void *key, const void *value,
		       u64 flags);
	long (*delete)(struct bpf_map *map, const void *key);
	/* The key after @key (the first when @key is NULL or absent) in
	 * @next; -ENOENT after the last. */
	long (*get_next_key)(struct bpf_map *map, const void *key, void *next);
	void (*free)(struct bpf_map *map);
};

struct bpf_map {
	const struct bpf_map_ops *ops;
	u32 map_type, key_size, value_size, max_entries, map_flags;
	refcount_t refcnt;		/* its fds and the programs using it */
};

/* The map types' constructors: the map or ERR_PTR (-EINVAL, -E2BIG,
 * -ENOMEM) for @attr. */
struct bpf_map *array_map_alloc(const union bpf_attr *attr);
struct bpf_map *htab_map_alloc(const union bpf_attr *attr);

/* ---- programs ---- */

struct sock_filter;

/* A program: eBPF's, loaded with bpf(2), or a classic socket filter's
 * (SO_ATTACH_FILTER: orig_prog, which Linux keeps beside the eBPF it
 * translates it to, and SO_GET_FILTER gives back; here it is what runs). */
struct bpf_prog {
	refcount_t refcnt;		/* its fds and the sockets using it */
	u32 type;			/* enum bpf_prog_type */
	u32 len;			/* instructions */
	u32 used_map_cnt;
	struct bpf_map **used_maps;	/* referenced: its ld_imm64 maps */
	u32 orig_len;			/* classic: orig_prog's instructions */
	struct sock_filter *orig_prog;	/* classic only, else NULL */
	struct bpf_insn insnsi[];	/* map fds replaced by map pointers */
};

/* A zeroed program with room for @insn_cnt instructions and a reference,
 * or NULL; bpf_prog_put() frees it. */
struct bpf_prog *bpf_prog_alloc(u32 insn_cnt);

/*
 * A socket filter's context, r1 at entry: Linux's struct __sk_buff up to
 * tc_classid, then what only helpers see. A program may read the words
 * before BPF_SKB_CTX_SIZE (whole or an aligned part, as Linux) and read
 * or write cb[]; the verifier refuses every other offset.
 */
struct bpf_skb_ctx {
	u32 len, pkt_type, mark, queue_mapping, protocol, vlan_present,
	    vlan_tci, vlan_proto, priority, ingress_ifindex, ifindex,
	    tc_index, cb[5], hash, tc_classid;
	const u8 *hdr;			/* what skb_load_bytes sees: hlen */
	u32 hlen;			/* bytes of a header (UDP's), then */
	const u8 *data;			/* the datagram */
	const u8 *mac, *net;		/* its link and network headers, */
	u32 mac_len, net_len;		/* to the end; NULL: none */
};
#define BPF_SKB_CTX_SIZE 72		/* tc_classid on: not a filter's */
#define BPF_SKB_CB_OFF 48		/* cb[0..4]: the only writable words */

/* One helper a program may call (Linux's struct bpf_func_proto). */
enum bpf_arg_type {
	ARG_DONTCARE, ARG_ANYTHING, ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY,
	ARG_PTR_TO_MAP_VALUE, ARG_PTR_TO_CTX, ARG_PTR_TO_UNINIT_MEM,
	ARG_CONST_SIZE,
};
enum bpf_ret_type { RET_INTEGER, RET_PTR_TO_MAP_VALUE_OR_NULL };
struct bpf_func_proto {
	u64 (*func)(u64 r1, u64 r2, u64 r3, u64 r4, u64 r5);
	const char *name;
	u8 ret_type;
	u8 arg_type[5];
};
/* Helper @id's prototype, NULL when programs may not call it. */
const struct bpf_func_proto *bpf_helper_proto(s32 id);

/*
 * Check @prog (its instructions copied in) before it may run, as @attr
 * (BPF_PROG_LOAD's) asks: the maps its ld_imm64 instructions name by fd
 * are looked up, referenced in prog->used_maps and put in place of the
 * fds. 0 or -errno: -EINVAL for a malformed program, -EACCES for one that
 * could touch what it may not, -E2BIG when it is too complex to check,
 * -EBADF for a map fd not open; the reason goes to the user's log
 * (attr->log_level, log_buf, log_size).
 */
long bpf_check(struct bpf_prog *prog, const union bpf_attr *attr);
/* Run @prog on @ctx (core.c's interpreter); its r0. @prog passed
 * bpf_check(), which is what makes this safe. */
u64 bpf_prog_run(const struct bpf_prog *prog, void *ctx);

/* The interpreter's arithmetic, which the verifier follows constants
 * with. bpf_alu(): @dst @op @src for ALU and ALU64 (@is64), as Linux's
 * interpreter: a shift counts modulo the width, division by zero gives 0
 * and modulo by zero leaves @dst; 32-bit results are zero-extended.
 * bpf_end(): @v's low @bits bits byte-swapped to big-endian (@to_be) or
 * kept (little-endian: x86's order), the rest cleared. bpf_jmp_taken():
 * is jump @op taken for @a and @b, compared on 64 or 32 bits? */
u64 bpf_alu(u8 op, u64 dst, u64 src, bool is64);
u64 bpf_end(u64 v, s32 bits, bool to_be);
bool bpf_jmp_taken(u8 op, u64 a, u64 b, bool is64);

/* The program behind descriptor @fd, referenced, if it is of @type;
 * ERR_PTR(-EBADF) (not open) or ERR_PTR(-EINVAL). */
struct bpf_prog *bpf_prog_get_type(int fd, u32 type);
/* The map behind descriptor @fd, referenced; ERR_PTR(-EBADF) (not open)
 * or ERR_PTR(-EINVAL) (not a map). */
struct bpf_map *bpf_map_get(int fd);
/* Drop a reference; the last frees @prog and its maps' references. */
void bpf_prog_put(struct bpf_prog *prog);
void bpf_map_put(struct bpf_map *map);

/* /proc/sys/kernel/unprivileged_bpf_disabled: 2 by default, as Debian's
 * Linux 6.1 (CONFIG_BPF_UNPRIV_DEFAULT_OFF); 1 cannot be undone. */
int bpf_unpriv_show(struct seq_buf *m, void *unused);
int bpf_unpriv_store(void *unused, const char *buf, size_t len);
#define BPF_SYSCTL_FILES \
	CTL_FILE("unprivileged_bpf_disabled", 0644, bpf_unpriv_show, \
		 bpf_unpriv_store)

long sys_bpf(int cmd, union bpf_attr __user *uattr, u32 size);

#endif
