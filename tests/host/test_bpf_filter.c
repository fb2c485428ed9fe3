/*
 * Host tests for lib/bpf_filter.c: the classic BPF checks Linux makes of
 * every program (length, opcodes, division by a zero constant, shifts,
 * M[] indexes, jumps inside the program, a RET last, M[] written before
 * read on every path) and the interpreter over a struct seccomp_data
 * sized buffer (loads, ALU, jumps, M[], the length, X = 0 division).
 */
#include "tests/host/htest.h"
#include "lib/bpf_filter.h"
#include "lib/errno.h"
#include "lib/string.h"

#define STMT(code, k) { (u16)(code), 0, 0, (k) }
#define JUMP(code, k, jt, jf) { (u16)(code), (jt), (jf), (k) }
#define RET_K(k) STMT(BPF_RET | BPF_K, (k))
#define NINSNS(p) (unsigned int)(sizeof(p) / sizeof((p)[0]))

static u16 masks[BPF_MAXINSNS];

static int check(const struct sock_filter *p, unsigned int n)
{
	return bpf_check_classic(p, n, masks);
}

static void test_checks(void)
{
	static struct sock_filter longest[BPF_MAXINSNS + 1];
	struct sock_filter ok[] = { RET_K(7) };
	struct sock_filter bad_op[] = { STMT(0xff, 0), RET_K(0) };
	struct sock_filter div0[] = { STMT(BPF_ALU | BPF_DIV | BPF_K, 0), RET_K(0) };
	struct sock_filter shift[] = { STMT(BPF_ALU | BPF_LSH | BPF_K, 32), RET_K(0) };
	struct sock_filter mem16[] = { STMT(BPF_ST, 16), RET_K(0) };
	struct sock_filter ja_out[] = { STMT(BPF_JMP | BPF_JA, 1), RET_K(0) };
	struct sock_filter jeq_out[] = { JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), RET_K(0) };
	struct sock_filter no_ret[] = { STMT(BPF_LD | BPF_IMM, 1) };
	struct sock_filter ret_x[] = { STMT(BPF_RET | BPF_X, 0) };
	struct sock_filter anc[] = { STMT(BPF_LD | BPF_W | BPF_ABS, 0xfffff000), RET_K(0) };
	struct sock_filter unset[] = { STMT(BPF_LD | BPF_MEM, 1), RET_K(0) };
	struct sock_filter one_path[] = {
		JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), STMT(BPF_ST, 1),
		STMT(BPF_LDX | BPF_MEM, 1), RET_K(0) };
	struct sock_filter both_paths[] = {
		STMT(BPF_ST, 1), JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
		STMT(BPF_ST, 2), STMT(BPF_LDX | BPF_MEM, 1), RET_K(0) };

	for (unsigned int i = 0; i < NINSNS(longest); i++)
		longest[i] = (struct sock_filter)RET_K(0);
	CHECK(check(ok, 1) == 0, "one RET is a program");
	CHECK(check(ok, 0) == -EINVAL, "no instructions: EINVAL");
	CHECK(check(longest, BPF_MAXINSNS) == 0, "4096 instructions pass");
	CHECK(check(longest, BPF_MAXINSNS + 1) == -EINVAL, "4097: EINVAL");
	CHECK(check(bad_op, 2) == -EINVAL, "unknown opcode: EINVAL");
	CHECK(check(div0, 2) == -EINVAL, "division by constant 0: EINVAL");
	CHECK(check(shift, 2) == -EINVAL, "shift by 32: EINVAL");
	CHECK(check(mem16, 2) == -EINVAL, "M[16]: EINVAL");
	CHECK(check(ja_out, 2) == -EINVAL, "JA past the end: EINVAL");
	CHECK(check(jeq_out, 2) == -EINVAL, "JEQ false branch past the end: EINVAL");
	CHECK(check(no_ret, 1) == -EINVAL, "last not RET: EINVAL");
	CHECK(check(ret_x, 1) == -EINVAL, "RET X is no classic opcode: EINVAL");
	CHECK(check(anc, 2) == -EINVAL, "ancillary load: EINVAL");
	CHECK(check(unset, 2) == -EINVAL, "M[1] read unwritten: EINVAL");
	CHECK(check(one_path, 4) == -EINVAL, "M[1] written on one path only: EINVAL");
	CHECK(check(both_paths, 5) == 0, "M[1] written before the fork: fine");
}

static void test_run(void)
{
	u32 data[16] = { 39, 0xc000003e, 0, 0, 5, 0 };
	struct sock_filter prog[] = {
		STMT(BPF_LD | BPF_W | BPF_ABS, 0),		/* A = nr */
		STMT(BPF_ST, 0),
		STMT(BPF_LD | BPF_W | BPF_ABS, 16),		/* A = args[0] */
		STMT(BPF_ALU | BPF_MUL | BPF_K, 3),		/* 15 */
		STMT(BPF_MISC | BPF_TAX, 0),			/* X = 15 */
		STMT(BPF_LD | BPF_MEM, 0),			/* A = 39 */
		STMT(BPF_ALU | BPF_ADD | BPF_X, 0),		/* 54 */
		JUMP(BPF_JMP | BPF_JEQ | BPF_K, 54, 1, 0),
		RET_K(1),
		STMT(BPF_LD | BPF_W | BPF_LEN, 0),		/* A = 64 */
		JUMP(BPF_JMP | BPF_JGT | BPF_K, 63, 0, 1),
		STMT(BPF_RET | BPF_A, 0),
		RET_K(2),
	};
	struct sock_filter divx[] = {
		STMT(BPF_LDX | BPF_IMM, 0), STMT(BPF_LD | BPF_IMM, 9),
		STMT(BPF_ALU | BPF_DIV | BPF_X, 0), RET_K(77) };
	struct sock_filter jset[] = {
		STMT(BPF_LD | BPF_W | BPF_ABS, 4),
		JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x40000000, 0, 1),
		RET_K(3), RET_K(4) };

	CHECK(check(prog, NINSNS(prog)) == 0, "the test program passes the checks");
	CHECK(bpf_run_classic(prog, NINSNS(prog), data, 64) == 64,
	      "loads, M[], ALU, TAX, LEN and jumps: RET A = 64");
	data[4] = 6;
	CHECK(bpf_run_classic(prog, NINSNS(prog), data, 64) == 1,
	      "another argument takes the other branch");
	CHECK(bpf_run_classic(divx, NINSNS(divx), data, 64) == 0,
	      "division by X = 0 returns 0");
	CHECK(bpf_run_classic(jset, NINSNS(jset), data, 64) == 3,
	      "JSET of the arch's 64-bit bit");
}

int main(void)
{
	test_checks();
	test_run();
	return htest_done();
}
