/*
 * Host tests for lib/bpf_filter.c: the classic BPF checks Linux makes of
 * every program (length, opcodes, division by a zero constant, shifts,
 * M[] indexes, jumps inside the program, a RET last, M[] written before
 * read on every path, known ancillary loads only) and the interpreter:
 * over a struct seccomp_data sized buffer (loads, ALU, jumps, M[], the
 * length, X = 0 division) and over a packet, as a socket filter runs
 * (network byte order, IND and MSH loads, loads outside it, the header
 * before the data, SKF_NET_OFF/SKF_LL_OFF, ancillary values, netlink
 * attributes).
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
	struct sock_filter anc_h[] = { STMT(BPF_LD | BPF_H | BPF_ABS, 0xfffff000 + 60), RET_K(0) };
	struct sock_filter anc_max[] = { STMT(BPF_LD | BPF_W | BPF_ABS, 0xfffff000 + 64), RET_K(0) };
	struct sock_filter anc_odd[] = { STMT(BPF_LD | BPF_B | BPF_ABS, 0xfffff000 + 2), RET_K(0) };
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
	CHECK(check(anc, 2) == 0, "SKF_AD_PROTOCOL: a known ancillary load");
	CHECK(check(anc_h, 2) == 0, "SKF_AD_VLAN_TPID, a half word: known");
	CHECK(check(anc_max, 2) == -EINVAL, "SKF_AD_MAX: unknown, EINVAL");
	CHECK(check(anc_odd, 2) == -EINVAL, "SKF_AD_OFF + 2: unknown, EINVAL");
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

/* The test's ancillary values: protocol 0x0800, CPU 3, no interface. */
static bool test_ancillary(void *arg, u32 which, u32 *val)
{
	(void)arg;
	if (which == SKF_AD_PROTOCOL)
		*val = 0x0800;
	else if (which == SKF_AD_CPU)
		*val = 3;
	else
		return false;
	return true;
}

/* Check and run @p on @in: its result (0xdeadbeef if it fails the checks). */
static u32 run_pkt(const struct sock_filter *p, unsigned int n,
		   const struct bpf_classic_input *in)
{
	if (check(p, n) != 0)
		return 0xdeadbeef;	/* fails the CHECK it is in */
	return bpf_run_classic_input(p, n, in);
}

#define RUN(in, ...) ({ struct sock_filter _p[] = { __VA_ARGS__ }; \
	run_pkt(_p, NINSNS(_p), (in)); })
#define RET_A STMT(BPF_RET | BPF_A, 0)

static void test_packet(void)
{
	/* A frame: 14 bytes of link header, then an IPv4 header (ihl 5, protocol 17). */
	u8 frame[40] = { [12] = 0x08, [13] = 0x00, [14] = 0x45, [23] = 17,
			 [34] = 0x12, [35] = 0x34, [36] = 0xab };
	u8 uh[8] = { 0x80, 0x01, 0x00, 0x35, 0x00, 0x12, 0xab, 0xcd };
	struct bpf_classic_input in = {
		.data = frame, .len = sizeof(frame), .mac = frame,
		.mac_len = sizeof(frame), .net = frame + 14,
		.net_len = sizeof(frame) - 14, .ancillary = test_ancillary,
	};
	struct bpf_classic_input udp = {
		.hdr = uh, .hlen = 8, .data = frame, .len = 8 + 10,
		.ancillary = test_ancillary,
	};
	/* Netlink attributes: { len 8, type 1 } { len 12, type 2, nested { len 8, type 7 } }. */
	u8 nl[20] = { 8, 0, 1, 0, 0, 0, 0, 0, 12, 0, 2, 0x80, 8, 0, 7, 0 };
	struct bpf_classic_input nla = { .data = nl, .len = sizeof(nl) };

	CHECK(RUN(&in, STMT(BPF_LD | BPF_H | BPF_ABS, 12), RET_A) == 0x0800,
	      "LD H ABS reads network byte order");
	CHECK(RUN(&in, STMT(BPF_LD | BPF_W | BPF_ABS, 33), RET_A) == 0x001234ab,
	      "LD W ABS at an odd offset");
	CHECK(RUN(&in, STMT(BPF_LD | BPF_B | BPF_ABS, 40), RET_K(9)) == 0,
	      "LD B ABS one past the end: the program returns 0");
	CHECK(RUN(&in, STMT(BPF_LD | BPF_W | BPF_ABS, 37), RET_K(9)) == 0,
	      "LD W ABS across the end: 0");
	CHECK(RUN(&in, STMT(BPF_LDX | BPF_B | BPF_MSH, 14),
		  STMT(BPF_LD | BPF_H | BPF_IND, 14), RET_A) == 0x1234,
	      "MSH gives X = 4 * ihl, LD H IND reads the UDP port");
	CHECK(RUN(&in, STMT(BPF_LDX | BPF_IMM, 0xffffffff),
		  STMT(BPF_LD | BPF_B | BPF_IND, 0), RET_K(9)) == 0,
	      "LD IND at X + k below 0: 0");
	CHECK(RUN(&in, STMT(BPF_LD | BPF_B | BPF_ABS, (u32)SKF_NET_OFF + 9), RET_A) == 17,
	      "SKF_NET_OFF + 9 reads the IP protocol");
	CHECK(RUN(&in, STMT(BPF_LD | BPF_H | BPF_ABS, (u32)SKF_LL_OFF + 12), RET_A) == 0x0800,
	      "SKF_LL_OFF + 12 reads the Ethernet type");
	CHECK(RUN(&udp, STMT(BPF_LD | BPF_B | BPF_ABS, (u32)SKF_NET_OFF), RET_K(9)) == 0,
	      "SKF_NET_OFF where there is no network header: 0");
	CHECK(RUN(&udp, STMT(BPF_LD | BPF_H | BPF_ABS, 0), RET_A) == 0x8001,
	      "the header before the data: the UDP source port");
	CHECK(RUN(&udp, STMT(BPF_LD | BPF_W | BPF_ABS, 6), RET_A) == 0xabcd0000,
	      "a word across the header and the data");
	CHECK(RUN(&udp, STMT(BPF_LD | BPF_W | BPF_LEN, 0), RET_A) == 18,
	      "LEN counts the header");
	CHECK(RUN(&in, STMT(BPF_LD | BPF_W | BPF_ABS, (u32)SKF_AD_OFF + SKF_AD_PROTOCOL), RET_A) == 0x0800,
	      "SKF_AD_PROTOCOL from the kernel's callback");
	CHECK(RUN(&in, STMT(BPF_LD | BPF_B | BPF_ABS, (u32)SKF_AD_OFF + SKF_AD_CPU), RET_A) == 3,
	      "SKF_AD_CPU, loaded as a byte: the whole value");
	CHECK(RUN(&in, STMT(BPF_LD | BPF_W | BPF_ABS, (u32)SKF_AD_OFF + SKF_AD_IFINDEX), RET_K(9)) == 0,
	      "SKF_AD_IFINDEX with no interface: 0");
	CHECK(RUN(&in, STMT(BPF_LD | BPF_IMM, 5),
		  STMT(BPF_LD | BPF_W | BPF_ABS, (u32)SKF_AD_OFF + SKF_AD_HATYPE), RET_K(9)) == 5,
	      "SKF_AD_HATYPE with no interface: the program returns A");
	CHECK(RUN(&in, STMT(BPF_LD | BPF_IMM, 5), STMT(BPF_LDX | BPF_B | BPF_MSH, 99),
		  RET_K(9)) == 0,
	      "MSH past the end: 0, whatever A held");
	CHECK(RUN(&in, STMT(BPF_LD | BPF_IMM, 0xf0), STMT(BPF_LDX | BPF_IMM, 0x0f),
		  STMT(BPF_LD | BPF_W | BPF_ABS, (u32)SKF_AD_OFF + SKF_AD_ALU_XOR_X), RET_A) == 0xff,
	      "SKF_AD_ALU_XOR_X: A ^= X");
	CHECK(RUN(&nla, STMT(BPF_LD | BPF_IMM, 0), STMT(BPF_LDX | BPF_IMM, 2),
		  STMT(BPF_LD | BPF_W | BPF_ABS, (u32)SKF_AD_OFF + SKF_AD_NLATTR), RET_A) == 8,
	      "SKF_AD_NLATTR finds type 2 (its NLA_F_NESTED bit masked) at 8");
	CHECK(RUN(&nla, STMT(BPF_LD | BPF_IMM, 0), STMT(BPF_LDX | BPF_IMM, 5),
		  STMT(BPF_LD | BPF_W | BPF_ABS, (u32)SKF_AD_OFF + SKF_AD_NLATTR), RET_A) == 0,
	      "SKF_AD_NLATTR of an absent type: 0");
	CHECK(RUN(&nla, STMT(BPF_LD | BPF_IMM, 8), STMT(BPF_LDX | BPF_IMM, 7),
		  STMT(BPF_LD | BPF_W | BPF_ABS, (u32)SKF_AD_OFF + SKF_AD_NLATTR_NEST), RET_A) == 12,
	      "SKF_AD_NLATTR_NEST finds type 7 inside the attribute at 8");
	CHECK(RUN(&nla, STMT(BPF_LD | BPF_IMM, 18), STMT(BPF_LDX | BPF_IMM, 1),
		  STMT(BPF_LD | BPF_W | BPF_ABS, (u32)SKF_AD_OFF + SKF_AD_NLATTR), RET_A) == 0,
	      "SKF_AD_NLATTR from past the last attribute's room: 0");
}

int main(void)
{
	test_checks();
	test_run();
	test_packet();
	return htest_done();
}
