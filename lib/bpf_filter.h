/*
 * Classic BPF (Linux's include/uapi/linux/filter.h): the instruction
 * format, the checker every classic program passes (Linux's
 * bpf_check_classic(), once sk_chk_filter()) and an interpreter for the
 * subset seccomp allows (kernel/sys/seccomp.c). Pure logic, so the host unit
 * test (tests/host/test_bpf_filter.c) runs the same code.
 *
 * A program is 1..BPF_MAXINSNS instructions over an accumulator A, an
 * index register X and 16 scratch words M[]; every jump goes forward, so
 * every program ends, in at most len steps, in a RET.
 */
#ifndef LIB_BPF_FILTER_H
#define LIB_BPF_FILTER_H

#include "lib/bpf_common.h"
#include "lib/types.h"

/* struct sock_filter and struct sock_fprog, Linux's layouts. */
struct sock_filter {
	u16 code;
	u8 jt, jf;
	u32 k;
};

struct sock_fprog {
	u16 len;
	u8 pad[6];
	struct sock_filter *filter;	/* a user address */
};

#define BPF_MEMWORDS 16

/* Classic BPF's own classes and fields (Linux's values). */
#define BPF_RET 0x06
#define BPF_MISC 0x07
#define BPF_RVAL(code) ((code) & 0x18)
#define BPF_A 0x10
#define BPF_MISCOP(code) ((code) & 0xf8)
#define BPF_TAX 0x00
#define BPF_TXA 0x80

#define SKF_AD_OFF (-0x1000)		/* ancillary loads: none here */

/*
 * Check @len instructions at @insns by Linux's rules for every classic
 * program: 1..BPF_MAXINSNS of them, known opcodes, no division by a zero
 * constant, shifts below 32, M[] indexes below BPF_MEMWORDS, jumps that
 * land inside the program, a RET last, and no M[k] read on a path that
 * has not written it first. @masks is scratch space for @len u16s.
 * 0 or -EINVAL.
 */
int bpf_check_classic(const struct sock_filter *insns, unsigned int len,
		      u16 *masks);

/*
 * Run a checked program (only the opcodes seccomp allows: 32-bit loads
 * of @data in the machine's byte order at aligned offsets below @size,
 * immediates, M[], the ALU but for MOD, jumps, TAX/TXA, RET) and return
 * what its RET gives. A division by X == 0 returns 0, as Linux.
 */
u32 bpf_run_classic(const struct sock_filter *insns, unsigned int len,
		    const void *data, u32 size);

#endif
