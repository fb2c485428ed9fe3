/*
 * sockfiltertests: classic BPF socket filters as Linux 6.1 has them,
 * from user space: SO_ATTACH_FILTER on AF_UNIX datagram, UDP and packet
 * sockets (what the program sees from offset 0 on each, what its return
 * value keeps, the ancillary loads), every instruction of the classic
 * set, the checks of sk_chk_filter()'s heir bpf_check_classic() (EINVAL,
 * EFAULT), SO_DETACH_FILTER, SO_GET_FILTER, SO_LOCK_FILTER, eBPF
 * programs (SO_ATTACH_BPF) on packet sockets, the RX ring's snaplen and
 * PACKET_AUXDATA's lengths, and
 * PACKET_FANOUT_CBPF / PACKET_FANOUT_EBPF groups steered by the program
 * given in PACKET_FANOUT_DATA.
 *
 *   sockfiltertests [NAME]...   run every test, or only the ones named
 *
 * TAP like the other test programs (user/lib/tap.c), ending in
 * "# sockfiltertests: P passed, F failed"; runs as root. musl has no
 * <linux/filter.h> nor <linux/bpf.h>: user/lib/linux_filter.h has the
 * first, the part of the second needed is below.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "if_packet.h"
#include "linux_filter.h"
#include "pktsock.h"
#include "tap.h"

#define TEST_TIMEOUT 60
#define PROTO 0x88b5			/* IEEE's "local experimental" */
#define PROTO2 0x88b6
#define NR_BPF 321			/* x86_64's __NR_bpf */
#define PG 4096
#define DROP_MS 200			/* how long a dropped datagram is waited for */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define AD(x) ((uint32_t)(SKF_AD_OFF + SKF_AD_##x))

#define STMT(c, k) ((struct sock_filter){ (uint16_t)(c), 0, 0, (uint32_t)(k) })
#define JUMP(c, k, t, f) ((struct sock_filter){ (uint16_t)(c), (t), (f), (uint32_t)(k) })
#define KEEP STMT(BPF_RET | BPF_K, 0xffffffff)
#define DROP STMT(BPF_RET | BPF_K, 0)
#define RET_A STMT(BPF_RET | BPF_A, 0)
#define LDI(k) STMT(BPF_LD | BPF_IMM, k)
#define LDXI(k) STMT(BPF_LDX | BPF_IMM, k)
#define ALUK(op, k) STMT(BPF_ALU | (op) | BPF_K, k)
#define ALUX(op) STMT(BPF_ALU | (op) | BPF_X, 0)
#define TAX STMT(BPF_MISC | BPF_TAX, 0)
#define TXA STMT(BPF_MISC | BPF_TXA, 0)
/* Keep the packet if A == @k, else drop it. */
#define KEEP_IF_EQ(k) JUMP(BPF_JMP | BPF_JEQ | BPF_K, k, 0, 1), KEEP, DROP
/* An instruction array and its length, as arguments. */
#define PROG(...) (struct sock_filter[]){ __VA_ARGS__ }, \
	ARRAY_SIZE(((struct sock_filter[]){ __VA_ARGS__ }))

/* ---- Linux 6.1's uapi linux/bpf.h: enough for BPF_PROG_LOAD ---- */

#define BPF_PROG_LOAD 5
#define BPF_PROG_TYPE_SOCKET_FILTER 1

struct bpf_insn {
	uint8_t code;
	uint8_t regs;			/* dst_reg:4, src_reg:4 */
	int16_t off;
	int32_t imm;
};

union bpf_attr {
	struct {
		uint32_t prog_type, insn_cnt;
		uint64_t insns, license;
		uint32_t log_level, log_size;
		uint64_t log_buf;
		uint32_t kern_version, prog_flags;
	};
	char size[144];			/* Linux 6.1's union bpf_attr */
};

/* ---- helpers ---- */

static int fails(long r, int err)
{
	return r == -1 && errno == err;
}

/* SO_ATTACH_FILTER of the @n instructions at @insns on @fd. */
static int attach(int fd, struct sock_filter *insns, size_t n)
{
	struct sock_fprog f = { .len = (unsigned short)n, .filter = insns };

	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &f, sizeof(f));
}

static int detach(int fd)
{
	int unused = 0;

	return setsockopt(fd, SOL_SOCKET, SO_DETACH_FILTER, &unused, sizeof(unused));
}

static int set_int(int fd, int level, int opt, int v)
{
	return setsockopt(fd, level, opt, &v, sizeof(v));
}

static int get_int(int fd, int level, int opt)
{
	int v = -1;
	socklen_t len = sizeof(v);

	if (getsockopt(fd, level, opt, &v, &len))
		return -1;
	return len == sizeof(v) ? v : -2;
}

/* An eBPF socket filter "r0 = @v; exit": its fd, or -1 with errno. */
static int ebpf_ret(int32_t v)
{
	struct bpf_insn p[] = {
		{ .code = 0xb7, .imm = v },	/* BPF_ALU64 | BPF_MOV | BPF_K, r0 */
		{ .code = 0x95 },		/* BPF_JMP | BPF_EXIT */
	};
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = (uintptr_t)p;
	a.insn_cnt = ARRAY_SIZE(p);
	a.license = (uintptr_t)"GPL";
	return (int)syscall(NR_BPF, BPF_PROG_LOAD, &a, sizeof(a));
}

static int attach_bpf(int fd, int prog)
{
	return setsockopt(fd, SOL_SOCKET, SO_ATTACH_BPF, &prog, sizeof(prog));
}

/* Fill @buf with @len bytes 'a'..'z', 'a'.. */
static void pattern(char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)('a' + i % 26);
}

/* Wait up to @ms for @fd to be readable: 1 if it is. */
static int readable(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, ms) == 1 && (p.revents & POLLIN);
}

/* Send @len pattern bytes from @from to @to (a connected AF_UNIX
 * datagram pair): how many arrived, -1 if nothing did within DROP_MS,
 * -2 if the send did not return @len, -3 if what arrived is not the
 * datagram's head. */
static long through(int from, int to, size_t len)
{
	static char out[4096], in[4096];
	long n;

	pattern(out, len);
	if (send(from, out, len, 0) != (ssize_t)len)
		return -2;
	if (!readable(to, DROP_MS))
		return -1;
	n = recv(to, in, sizeof(in), MSG_DONTWAIT);
	return n >= 0 && memcmp(in, out, n) ? -3 : n;
}

/* Two UDP sockets on 127.0.0.1, each bound (its address in @ra, @ta). */
static int udp_pair(int *rx, int *tx, struct sockaddr_in *ra, struct sockaddr_in *ta)
{
	struct sockaddr_in *a[2] = { ra, ta };
	int *fd[2] = { rx, tx };

	for (int i = 0; i < 2; i++) {
		socklen_t len = sizeof(*a[i]);

		memset(a[i], 0, sizeof(*a[i]));
		a[i]->sin_family = AF_INET;
		a[i]->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		*fd[i] = socket(AF_INET, SOCK_DGRAM, 0);
		if (*fd[i] < 0 || bind(*fd[i], (struct sockaddr *)a[i], sizeof(*a[i])) ||
		    getsockname(*fd[i], (struct sockaddr *)a[i], &len))
			return -1;
	}
	return 0;
}

/* Send @len bytes of @payload (pattern bytes when NULL) from @tx to @to:
 * the payload bytes @rx received, -1 if none within DROP_MS (or 2 s when
 * @wait), -2 if the send failed. */
static long udp_through(int rx, int tx, const struct sockaddr_in *to,
			const char *payload, size_t len, int wait)
{
	static char out[8192], in[8192];

	if (payload)
		memcpy(out, payload, len);
	else
		pattern(out, len);
	if (sendto(tx, out, len, 0, (const struct sockaddr *)to, sizeof(*to)) != (ssize_t)len)
		return -2;
	if (!readable(rx, wait ? 2000 : DROP_MS))
		return -1;
	return recv(rx, in, sizeof(in), MSG_DONTWAIT);
}

/* A raw packet socket for @proto bound to lo; -1 with errno. */
static int psock(int type, int proto)
{
	return pkt_socket(type, proto, 1);
}

/* Receive one frame from packet socket @fd, waiting up to DROP_MS: its
 * length (what recv() returned), -1 if none came. */
static long pkt_recv(int fd, unsigned char *buf, size_t len, int flags)
{
	if (!readable(fd, DROP_MS))
		return -1;
	return recv(fd, buf, len, MSG_DONTWAIT | flags);
}

/* Read and reset @fd's PACKET_STATISTICS into @st: 0 or -1. */
static int pkt_stats(int fd, struct tpacket_stats *st)
{
	socklen_t len = sizeof(*st);

	return getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, st, &len);
}

/* ---- AF_UNIX datagrams ---- */

/* Linux (unix_dgram_sendmsg: sk_filter() on the receiver; sk_filter_trim_cap):
 * the receiver's program returns how many bytes to keep: 0 drops the
 * datagram though the send returns its full length, n < length trims
 * it to n, more keeps it whole; LD LEN is the datagram's length; the
 * sender's own filter does nothing to what it sends, only to what it
 * receives. */
static int t_unix_return_values(void)
{
	static const struct { uint32_t ret; long got; } c[] = {
		{ 0, -1 }, { 1, 1 }, { 10, 10 }, { 99, 99 }, { 100, 100 },
		{ 1000, 100 }, { 0xffffffff, 100 },
	};
	int sv[2];

	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
	CHECK(through(sv[0], sv[1], 100) == 100);
	for (unsigned int i = 0; i < ARRAY_SIZE(c); i++) {
		long n;

		CHECK(attach(sv[1], PROG(STMT(BPF_RET | BPF_K, c[i].ret))) == 0);
		if ((n = through(sv[0], sv[1], 100)) != c[i].got)
			return tap_fail("ret #%u: %ld of 100 bytes arrived, want %ld",
					c[i].ret, n, c[i].got);
	}
	CHECK(attach(sv[1], PROG(STMT(BPF_LD | BPF_W | BPF_LEN, 0), RET_A)) == 0);
	CHECK(through(sv[0], sv[1], 77) == 77);
	CHECK(attach(sv[1], PROG(STMT(BPF_LD | BPF_W | BPF_LEN, 0),
				 ALUK(BPF_SUB, 1), RET_A)) == 0);
	CHECK(through(sv[0], sv[1], 77) == 76);
	CHECK(through(sv[0], sv[1], 1) == -1);		/* A == 0: dropped */
	CHECK(detach(sv[1]) == 0);
	CHECK(attach(sv[0], PROG(DROP)) == 0);
	CHECK(through(sv[0], sv[1], 50) == 50);		/* the sender's: not run */
	CHECK(through(sv[1], sv[0], 50) == -1);		/* run on what it receives */
	close(sv[0]), close(sv[1]);
	return 0;
}

/* One case of t_instructions: the program before the final test of A,
 * ended by END, and the A it leaves (or DROPPED: the program itself
 * returns 0). */
#define END ((struct sock_filter){ 0xffff, 0, 0, 0 })
#define DROPPED 0xdeadbeefu
#define IF(op, src, k) JUMP(BPF_JMP | (op) | (src), k, 0, 2), LDI(10), \
	STMT(BPF_JMP | BPF_JA, 1), LDI(20)
struct insn_case {
	const char *name;
	struct sock_filter p[8];
	uint32_t want;
};

static const struct insn_case insn_cases[] = {
	{ "ld #k", { LDI(0x12345678), END }, 0x12345678 },
	{ "A starts 0", { ALUK(BPF_ADD, 3), END }, 3 },
	{ "X starts 0", { LDI(5), ALUX(BPF_ADD), END }, 5 },
	{ "ld [0] big-endian", { STMT(BPF_LD | BPF_W | BPF_ABS, 0), END }, 0x61626364 },
	{ "ldh [2]", { STMT(BPF_LD | BPF_H | BPF_ABS, 2), END }, 0x6364 },
	{ "ldb [25]", { STMT(BPF_LD | BPF_B | BPF_ABS, 25), END }, 'z' },
	{ "ldb [63], the last", { STMT(BPF_LD | BPF_B | BPF_ABS, 63), END }, 'l' },
	{ "ld len", { STMT(BPF_LD | BPF_W | BPF_LEN, 0), END }, 64 },
	{ "ldx len; txa", { STMT(BPF_LDX | BPF_W | BPF_LEN, 0), TXA, END }, 64 },
	{ "ldb [x+1]", { LDXI(3), STMT(BPF_LD | BPF_B | BPF_IND, 1), END }, 'e' },
	{ "ldh [x+2]", { LDXI(1), STMT(BPF_LD | BPF_H | BPF_IND, 2), END }, 0x6465 },
	{ "ld [x+10]", { LDXI(50), STMT(BPF_LD | BPF_W | BPF_IND, 10), END }, 0x696a6b6c },
	{ "ldxb 4*([3]&0xf), A kept", { LDI(7), STMT(BPF_LDX | BPF_B | BPF_MSH, 3),
					ALUX(BPF_ADD), END }, 7 + 16 },
	{ "add #k", { LDI(7), ALUK(BPF_ADD, 5), END }, 12 },
	{ "add x", { LDI(7), LDXI(5), ALUX(BPF_ADD), END }, 12 },
	{ "sub #k wraps", { LDI(7), ALUK(BPF_SUB, 9), END }, 0xfffffffe },
	{ "sub x", { LDI(7), LDXI(9), ALUX(BPF_SUB), END }, 0xfffffffe },
	{ "mul #k, 32 bits", { LDI(0x10001), ALUK(BPF_MUL, 0x10001), END }, 0x20001 },
	{ "mul x", { LDI(0x10001), LDXI(0x10001), ALUX(BPF_MUL), END }, 0x20001 },
	{ "div #k", { LDI(100), ALUK(BPF_DIV, 7), END }, 14 },
	{ "div x unsigned", { LDI(0xffffffff), LDXI(2), ALUX(BPF_DIV), END }, 0x7fffffff },
	{ "mod #k", { LDI(100), ALUK(BPF_MOD, 7), END }, 2 },
	{ "mod x unsigned", { LDI(0xfffffff0), LDXI(7), ALUX(BPF_MOD), END },
	  0xfffffff0u % 7 },
	{ "and #k", { LDI(0xff0f), ALUK(BPF_AND, 0x0ff0), END }, 0x0f00 },
	{ "and x", { LDI(0xff0f), LDXI(0x0ff0), ALUX(BPF_AND), END }, 0x0f00 },
	{ "or #k", { LDI(0xf0), ALUK(BPF_OR, 0x0f), END }, 0xff },
	{ "or x", { LDI(0xf0), LDXI(0x0f), ALUX(BPF_OR), END }, 0xff },
	{ "xor #k", { LDI(0xff), ALUK(BPF_XOR, 0x0f), END }, 0xf0 },
	{ "xor x", { LDI(0xff), LDXI(0x0f), ALUX(BPF_XOR), END }, 0xf0 },
	{ "lsh #31", { LDI(1), ALUK(BPF_LSH, 31), END }, 0x80000000 },
	{ "lsh x", { LDI(3), LDXI(4), ALUX(BPF_LSH), END }, 0x30 },
	{ "rsh #31 logical", { LDI(0x80000000), ALUK(BPF_RSH, 31), END }, 1 },
	{ "rsh x", { LDI(0xf0), LDXI(4), ALUX(BPF_RSH), END }, 0xf },
	{ "neg", { LDI(1), STMT(BPF_ALU | BPF_NEG, 0), END }, 0xffffffff },
	{ "st M[3]; ld M[3]", { LDI(42), STMT(BPF_ST, 3), LDI(0),
				STMT(BPF_LD | BPF_MEM, 3), END }, 42 },
	{ "stx M[15]; ldx M[15]", { LDXI(43), STMT(BPF_STX, 15), LDXI(0),
				    STMT(BPF_LDX | BPF_MEM, 15), TXA, END }, 43 },
	{ "tax; txa", { LDI(44), TAX, LDI(0), TXA, END }, 44 },
	{ "ld #SKF_AD_ALU_XOR_X", { LDI(0xf0), LDXI(0xff),
				    STMT(BPF_LD | BPF_W | BPF_ABS, AD(ALU_XOR_X)), END }, 0x0f },
	{ "ja", { LDI(1), STMT(BPF_JMP | BPF_JA, 1), LDI(2), END }, 1 },
	{ "jgt #k unsigned", { LDI(0xffffffff), IF(BPF_JGT, BPF_K, 1), END }, 10 },
	{ "jgt #k equal", { LDI(5), IF(BPF_JGT, BPF_K, 5), END }, 20 },
	{ "jge #k equal", { LDI(5), IF(BPF_JGE, BPF_K, 5), END }, 10 },
	{ "jge #k less", { LDI(4), IF(BPF_JGE, BPF_K, 5), END }, 20 },
	{ "jeq #k", { LDI(4), IF(BPF_JEQ, BPF_K, 5), END }, 20 },
	{ "jset #k", { LDI(0x10), IF(BPF_JSET, BPF_K, 0x30), END }, 10 },
	{ "jset #k none", { LDI(0x10), IF(BPF_JSET, BPF_K, 0x20), END }, 20 },
	{ "jgt x unsigned", { LDI(0x80000000), LDXI(1), IF(BPF_JGT, BPF_X, 0), END }, 10 },
	{ "jge x", { LDI(1), LDXI(2), IF(BPF_JGE, BPF_X, 0), END }, 20 },
	{ "jeq x", { LDI(7), LDXI(7), IF(BPF_JEQ, BPF_X, 0), END }, 10 },
	{ "jset x", { LDI(6), LDXI(1), IF(BPF_JSET, BPF_X, 0), END }, 20 },
	{ "div x by 0 returns 0", { LDI(5), LDXI(0), ALUX(BPF_DIV), END }, DROPPED },
	{ "mod x by 0 returns 0", { LDI(5), LDXI(0), ALUX(BPF_MOD), END }, DROPPED },
	{ "ld [61] past the end", { STMT(BPF_LD | BPF_W | BPF_ABS, 61), END }, DROPPED },
	{ "ldh [100000]", { STMT(BPF_LD | BPF_H | BPF_ABS, 100000), END }, DROPPED },
	{ "ldb [x+4] past the end", { LDXI(60), STMT(BPF_LD | BPF_B | BPF_IND, 4), END },
	  DROPPED },
	{ "ldxb 4*([64]&0xf)", { STMT(BPF_LDX | BPF_B | BPF_MSH, 64), END }, DROPPED },
};

/* Run @c on a 64-byte datagram through @sv: 0 if it did what it should,
 * else 1 after printing what happened. */
static int run_insn_case(int sv[2], const struct insn_case *c)
{
	struct sock_filter p[12];
	size_t n = 0;
	long got;

	while (c->p[n].code != 0xffff)
		p[n] = c->p[n], n++;
	if (c->want == DROPPED) {
		p[n++] = KEEP;
	} else {
		struct sock_filter tail[] = { KEEP_IF_EQ(c->want) };

		memcpy(p + n, tail, sizeof(tail));
		n += ARRAY_SIZE(tail);
	}
	if (attach(sv[1], p, n)) {
		printf("#   %s: attach: errno %d\n", c->name, errno);
		return 1;
	}
	got = through(sv[0], sv[1], 64);
	if (got == (c->want == DROPPED ? -1 : 64))
		return 0;
	printf("#   %s: %ld of 64 bytes arrived", c->name, got);
	if (c->want != DROPPED) {	/* what A was, if it is small */
		p[n - 3] = RET_A;
		if (attach(sv[1], p, n - 2) == 0)
			printf(", A %% 4096 looks like %ld", through(sv[0], sv[1], 4095));
		printf(" (want A == %#x)", c->want);
	}
	printf("\n");
	return 1;
}

/* Linux (bpf_convert_filter, then the interpreter): every classic
 * instruction computes what it should on a 64-byte datagram "abc...":
 * loads are big-endian, ALU is 32-bit unsigned, jumps compare unsigned;
 * a division or modulo by X == 0 and a load past the end make the
 * program return 0 (the datagram is dropped). */
static int t_instructions(void)
{
	int sv[2], bad = 0;

	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(insn_cases); i++)
		bad += run_insn_case(sv, &insn_cases[i]);
	close(sv[0]), close(sv[1]);
	return bad ? tap_fail("%d of %d instruction cases wrong", bad,
			      (int)ARRAY_SIZE(insn_cases)) : 0;
}

/* Linux (convert_bpf_extensions): on an AF_UNIX datagram, which came by
 * no device and has no protocol, SKF_AD_PROTOCOL is 0, and
 * SKF_AD_IFINDEX and SKF_AD_HATYPE end the program at once returning A:
 * 0 when nothing set it (dropped), else what it was. */
static int t_unix_ancillary(void)
{
	int sv[2];

	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
	CHECK(attach(sv[1], PROG(STMT(BPF_LD | BPF_W | BPF_ABS, AD(PROTOCOL)),
				 ALUK(BPF_ADD, 9), RET_A)) == 0);
	EXPECT(through(sv[0], sv[1], 100) == 9);
	CHECK(attach(sv[1], PROG(STMT(BPF_LD | BPF_W | BPF_ABS, AD(IFINDEX)),
				 ALUK(BPF_ADD, 9), RET_A)) == 0);
	EXPECT(through(sv[0], sv[1], 100) == -1);
	CHECK(attach(sv[1], PROG(STMT(BPF_LD | BPF_H | BPF_ABS, AD(HATYPE)),
				 ALUK(BPF_ADD, 9), RET_A)) == 0);
	EXPECT(through(sv[0], sv[1], 100) == -1);
	CHECK(attach(sv[1], PROG(LDI(77), STMT(BPF_LD | BPF_W | BPF_ABS, AD(IFINDEX)),
				 KEEP)) == 0);
	EXPECT(through(sv[0], sv[1], 100) == 77);
	close(sv[0]), close(sv[1]);
	return 0;
}

/* ---- UDP ---- */

/* Linux (udp_queue_rcv_one_skb: sk_filter_trim_cap(sk, skb, sizeof(struct
 * udphdr))): a UDP socket's filter sees the datagram from its UDP header:
 * [0] the sender's port, [2] the receiver's, [4] the payload's length +
 * 8, the payload from [8]; LD IND adds X; a load past the end drops the
 * datagram; the kept length counts the header and never cuts into it. */
static int t_udp_header(void)
{
	struct sockaddr_in ra, ta;
	int rx, tx;

	CHECK(udp_pair(&rx, &tx, &ra, &ta) == 0);
	CHECK(attach(rx, PROG(STMT(BPF_LD | BPF_H | BPF_ABS, 0),
			      KEEP_IF_EQ(ntohs(ta.sin_port)))) == 0);
	CHECK(udp_through(rx, tx, &ra, NULL, 30, 1) == 30);
	CHECK(attach(rx, PROG(STMT(BPF_LD | BPF_H | BPF_ABS, 0),
			      KEEP_IF_EQ(ntohs(ta.sin_port) + 1))) == 0);
	CHECK(udp_through(rx, tx, &ra, NULL, 30, 0) == -1);
	/* tcpdump -dd 'udp dst port P', moved to the UDP header */
	CHECK(attach(rx, PROG(STMT(BPF_LD | BPF_H | BPF_ABS, 2),
			      KEEP_IF_EQ(ntohs(ra.sin_port)))) == 0);
	CHECK(udp_through(rx, tx, &ra, NULL, 30, 1) == 30);
	CHECK(attach(rx, PROG(STMT(BPF_LD | BPF_H | BPF_ABS, 2),
			      KEEP_IF_EQ(ntohs(ra.sin_port) ^ 1))) == 0);
	CHECK(udp_through(rx, tx, &ra, NULL, 30, 0) == -1);
	CHECK(attach(rx, PROG(STMT(BPF_LD | BPF_H | BPF_ABS, 4), KEEP_IF_EQ(38))) == 0);
	CHECK(udp_through(rx, tx, &ra, NULL, 30, 1) == 30);
	CHECK(udp_through(rx, tx, &ra, NULL, 31, 0) == -1);
	CHECK(attach(rx, PROG(STMT(BPF_LD | BPF_W | BPF_LEN, 0), KEEP_IF_EQ(38))) == 0);
	CHECK(udp_through(rx, tx, &ra, NULL, 30, 1) == 30);
	CHECK(udp_through(rx, tx, &ra, NULL, 29, 0) == -1);
	/* the first payload byte is 'a' */
	CHECK(attach(rx, PROG(STMT(BPF_LD | BPF_B | BPF_ABS, 8), KEEP_IF_EQ('a'))) == 0);
	CHECK(udp_through(rx, tx, &ra, "apple", 5, 1) == 5);
	CHECK(udp_through(rx, tx, &ra, "banana", 6, 0) == -1);
	/* the second, through X */
	CHECK(attach(rx, PROG(LDXI(8), STMT(BPF_LD | BPF_B | BPF_IND, 1),
			      KEEP_IF_EQ('p'))) == 0);
	CHECK(udp_through(rx, tx, &ra, "apple", 5, 1) == 5);
	CHECK(udp_through(rx, tx, &ra, "axe", 3, 0) == -1);
	/* [12] is "apple"'s last byte, [13] past the end */
	CHECK(attach(rx, PROG(STMT(BPF_LD | BPF_B | BPF_ABS, 12), KEEP_IF_EQ('e'))) == 0);
	CHECK(udp_through(rx, tx, &ra, "apple", 5, 1) == 5);
	CHECK(attach(rx, PROG(STMT(BPF_LD | BPF_B | BPF_ABS, 13), KEEP)) == 0);
	CHECK(udp_through(rx, tx, &ra, "apple", 5, 0) == -1);
	CHECK(attach(rx, PROG(LDXI(10), STMT(BPF_LD | BPF_H | BPF_IND, 2), KEEP)) == 0);
	CHECK(udp_through(rx, tx, &ra, "apple", 5, 0) == -1);
	/* the kept length: header included, at least the header */
	CHECK(attach(rx, PROG(STMT(BPF_RET | BPF_K, 12))) == 0);
	CHECK(udp_through(rx, tx, &ra, NULL, 30, 1) == 4);
	CHECK(attach(rx, PROG(STMT(BPF_RET | BPF_K, 3))) == 0);
	CHECK(udp_through(rx, tx, &ra, NULL, 30, 1) == 0);
	CHECK(detach(rx) == 0);
	CHECK(udp_through(rx, tx, &ra, NULL, 30, 1) == 30);
	close(rx), close(tx);
	return 0;
}

/* The value ancillary load @k (of @size) gives on a UDP datagram to
 * @rx: read back as the payload length of "ld [k]; add #9; ret a" on a
 * 4000-byte datagram, minus 1 (-1: dropped, -2: error). */
static long udp_ancillary(int rx, int tx, const struct sockaddr_in *ra,
			  uint32_t k, int size)
{
	long n;

	if (attach(rx, PROG(STMT(BPF_LD | size | BPF_ABS, k), ALUK(BPF_ADD, 9), RET_A)))
		return -2;
	n = udp_through(rx, tx, ra, NULL, 4000, 1);
	return n < 0 ? -1 : n - 1;
}

/* Linux (convert_bpf_extensions) on a datagram that came through lo:
 * SKF_AD_PROTOCOL is ETH_P_IP in host order, SKF_AD_IFINDEX lo's 1,
 * SKF_AD_HATYPE ARPHRD_LOOPBACK (772), SKF_AD_PKTTYPE PACKET_HOST (0),
 * SKF_AD_MARK and SKF_AD_VLAN_TAG_PRESENT 0, SKF_AD_CPU a CPU there is;
 * a byte or half load of one is the same value. */
static int t_udp_ancillary(void)
{
	static const struct { const char *name; uint32_t k; int size; long want; } c[] = {
		{ "protocol", AD(PROTOCOL), BPF_W, 0x0800 },
		{ "protocol (ldh)", AD(PROTOCOL), BPF_H, 0x0800 },
		{ "ifindex", AD(IFINDEX), BPF_W, 1 },
		{ "hatype", AD(HATYPE), BPF_W, 772 },
		{ "pkttype", AD(PKTTYPE), BPF_B, PACKET_HOST },
		{ "mark", AD(MARK), BPF_W, 0 },
		{ "vlan_tag_present", AD(VLAN_TAG_PRESENT), BPF_W, 0 },
	};
	long cpus = sysconf(_SC_NPROCESSORS_ONLN), v;
	struct sockaddr_in ra, ta;
	int rx, tx, bad = 0;

	CHECK(udp_pair(&rx, &tx, &ra, &ta) == 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(c); i++) {
		if ((v = udp_ancillary(rx, tx, &ra, c[i].k, c[i].size)) == c[i].want)
			continue;
		printf("#   SKF_AD_%s: %ld (-1: dropped, -2: attach errno %d), want %ld\n",
		       c[i].name, v, errno, c[i].want);
		bad++;
	}
	v = udp_ancillary(rx, tx, &ra, AD(CPU), BPF_W);
	if (v < 0 || v >= cpus) {
		printf("#   SKF_AD_CPU: %ld, want 0..%ld\n", v, cpus - 1);
		bad++;
	}
	close(rx), close(tx);
	return bad ? tap_fail("%d ancillary loads wrong", bad) : 0;
}

/* Linux (raw_rcv_skb: sk_filter() with skb->data at the IP header): a
 * raw IPv4 socket's filter sees the packet from its IP header, so byte 0
 * is 0x45 (version 4, 20-byte header), SKF_NET_OFF + 9 the protocol, and
 * RET #n keeps n bytes of header and payload. */
static int t_raw_ip(void)
{
	struct sockaddr_in lo = { .sin_family = AF_INET,
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int tx = socket(AF_INET, SOCK_RAW, 253), rx = socket(AF_INET, SOCK_RAW, 253);
	char buf[256];

	CHECK(tx >= 0 && rx >= 0);
	CHECK(attach(rx, PROG(STMT(BPF_LD | BPF_B | BPF_ABS, 0),
			      ALUK(BPF_SUB, 0x45 - 7), RET_A)) == 0);
	CHECK(sendto(tx, "raw", 3, 0, (struct sockaddr *)&lo, sizeof(lo)) == 3);
	CHECK(readable(rx, 2000));
	CHECK(recv(rx, buf, sizeof(buf), MSG_DONTWAIT) == 7);	/* 0x45 - 0x3e */
	CHECK(attach(rx, PROG(STMT(BPF_LD | BPF_B | BPF_ABS, SKF_NET_OFF + 9),
			      ALUK(BPF_SUB, 253 - 9), RET_A)) == 0);
	CHECK(sendto(tx, "raw", 3, 0, (struct sockaddr *)&lo, sizeof(lo)) == 3);
	CHECK(readable(rx, 2000));
	CHECK(recv(rx, buf, sizeof(buf), MSG_DONTWAIT) == 9);	/* protocol 253 */
	CHECK(attach(rx, PROG(STMT(BPF_RET | BPF_K, 21))) == 0);
	CHECK(sendto(tx, "raw", 3, 0, (struct sockaddr *)&lo, sizeof(lo)) == 3);
	CHECK(readable(rx, 2000));
	CHECK(recv(rx, buf, sizeof(buf), MSG_DONTWAIT) == 21 && buf[20] == 'r');
	close(tx), close(rx);
	return 0;
}

/* ---- the option calls ---- */

/* Linux (copy_bpf_fprog_from_user, bpf_check_basics_ok, bpf_check_classic,
 * check_load_and_stores): EINVAL for an optlen other than sizeof(struct
 * sock_fprog), a NULL program, 0 or more than 4096 instructions, an
 * opcode classic BPF lacks, a jump past the end, a last instruction
 * that is not RET, a division or modulo by the constant 0, a shift by
 * 32, M[16], M[] read before written, an unknown ancillary offset;
 * EFAULT for unreadable memory; every known ancillary offset, SKF_NET_OFF
 * and SKF_LL_OFF are taken. Nothing failed is attached. */
static int t_attach_errors(void)
{
	static struct sock_filter big[BPF_MAXINSNS + 1];
	struct sock_filter ok[] = { KEEP };
	struct sock_fprog f = { 1, ok };
	struct { const char *name; struct sock_filter p[3]; unsigned short n; } bad[] = {
		{ "opcode 0xffff", { STMT(0xffff, 0), KEEP }, 2 },
		{ "eBPF's jne", { JUMP(BPF_JMP | 0x50 | BPF_K, 0, 0, 0), KEEP }, 2 },
		{ "ld dw imm", { STMT(BPF_LD | 0x18, 0), KEEP }, 2 },
		{ "ja past the end", { STMT(BPF_JMP | BPF_JA, 1), KEEP }, 2 },
		{ "jeq jt past the end", { JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0), KEEP }, 2 },
		{ "jgt jf past the end", { JUMP(BPF_JMP | BPF_JGT | BPF_X, 0, 0, 1), KEEP }, 2 },
		{ "no ret last", { LDI(1) }, 1 },
		{ "ret, then ld", { KEEP, LDI(1) }, 2 },
		{ "div #0", { ALUK(BPF_DIV, 0), KEEP }, 2 },
		{ "mod #0", { ALUK(BPF_MOD, 0), KEEP }, 2 },
		{ "lsh #32", { ALUK(BPF_LSH, 32), KEEP }, 2 },
		{ "rsh #32", { ALUK(BPF_RSH, 32), KEEP }, 2 },
		{ "st M[16]", { STMT(BPF_ST, 16), KEEP }, 2 },
		{ "ldx M[16]", { STMT(BPF_STX, 0), STMT(BPF_LDX | BPF_MEM, 16), KEEP }, 3 },
		{ "ld M[0] unwritten", { STMT(BPF_LD | BPF_MEM, 0), KEEP }, 2 },
		{ "ld M[1] after st M[0]", { STMT(BPF_ST, 0), STMT(BPF_LD | BPF_MEM, 1), KEEP }, 3 },
		{ "SKF_AD_OFF + 2", { STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + 2), KEEP }, 2 },
		{ "SKF_AD_OFF + 64", { STMT(BPF_LD | BPF_B | BPF_ABS, SKF_AD_OFF + SKF_AD_MAX),
				       KEEP }, 2 },
		{ "ldh [0xffffffff]", { STMT(BPF_LD | BPF_H | BPF_ABS, 0xffffffff), KEEP }, 2 },
	};
	int fd = socket(AF_INET, SOCK_DGRAM, 0), nbad = 0;

	CHECK(fd >= 0);
	CHECK(fails(setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &f, sizeof(f) - 1), EINVAL));
	CHECK(fails(setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &f, sizeof(f) + 1), EINVAL));
	CHECK(fails(setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &f, 8), EINVAL));
	CHECK(fails(setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &f, 0), EINVAL));
	CHECK(fails(setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, (void *)8, sizeof(f)), EFAULT));
	f.filter = NULL;
	CHECK(fails(setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &f, sizeof(f)), EINVAL));
	f.filter = (void *)8;
	CHECK(fails(setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &f, sizeof(f)), EFAULT));
	f.filter = ok, f.len = 0;
	CHECK(fails(setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &f, sizeof(f)), EINVAL));
	for (int i = 0; i < BPF_MAXINSNS + 1; i++)
		big[i] = KEEP;
	CHECK(fails(attach(fd, big, BPF_MAXINSNS + 1), EINVAL));
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		errno = 0;
		if (fails(attach(fd, bad[i].p, bad[i].n), EINVAL))
			continue;
		printf("#   %s: errno %d, want EINVAL\n", bad[i].name, errno);
		nbad++;
	}
	for (int ad = 0; ad < SKF_AD_MAX; ad += 4) {
		if (attach(fd, PROG(STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + ad), KEEP)) == 0)
			continue;
		printf("#   SKF_AD_OFF + %d: errno %d, want it taken\n", ad, errno);
		nbad++;
	}
	CHECK(attach(fd, PROG(STMT(BPF_LD | BPF_B | BPF_ABS, AD(PROTOCOL)), KEEP)) == 0);
	CHECK(attach(fd, PROG(STMT(BPF_LD | BPF_H | BPF_ABS, SKF_LL_OFF + 12), KEEP)) == 0);
	CHECK(attach(fd, PROG(STMT(BPF_LD | BPF_B | BPF_ABS, SKF_NET_OFF), KEEP)) == 0);
	CHECK(attach(fd, PROG(STMT(BPF_JMP | BPF_JA, 0), KEEP)) == 0);
	CHECK(attach(fd, PROG(JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0), KEEP, KEEP)) == 0);
	CHECK(detach(fd) == 0);
	CHECK(fails(detach(fd), ENOENT));	/* none of the failures took */
	close(fd);
	return nbad ? tap_fail("%d programs judged wrongly", nbad) : 0;
}

/* Linux (sk_detach_filter): SO_DETACH_FILTER with no filter is ENOENT;
 * after an attach it removes it (0), then ENOENT again; it removes an
 * eBPF program too (SO_DETACH_BPF is the same option). */
static int t_detach(void)
{
	int sv[2], prog = ebpf_ret(0);

	CHECK(prog >= 0);
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
	CHECK(fails(detach(sv[1]), ENOENT));
	CHECK(attach(sv[1], PROG(DROP)) == 0);
	CHECK(through(sv[0], sv[1], 10) == -1);
	CHECK(detach(sv[1]) == 0);
	CHECK(through(sv[0], sv[1], 10) == 10);
	CHECK(fails(detach(sv[1]), ENOENT));
	CHECK(attach_bpf(sv[1], prog) == 0);
	CHECK(through(sv[0], sv[1], 10) == -1);
	CHECK(detach(sv[1]) == 0);
	CHECK(fails(detach(sv[1]), ENOENT));
	CHECK(through(sv[0], sv[1], 10) == 10);
	close(sv[0]), close(sv[1]), close(prog);
	return 0;
}

/* Linux (sk_get_filter): getsockopt(SO_GET_FILTER) counts in
 * instructions, not bytes: no filter gives 0 and length 0; length 0 asks
 * for the count; fewer than the count is EINVAL; enough gives the
 * program as attached and the count; an eBPF program has no classic
 * original: EACCES. */
static int t_get_filter(void)
{
	struct sock_filter p[] = { STMT(BPF_LD | BPF_H | BPF_ABS, 2),
				   KEEP_IF_EQ(53) }, got[8];
	int fd = socket(AF_INET, SOCK_DGRAM, 0), prog = ebpf_ret(-1);
	socklen_t len = 5;

	CHECK(fd >= 0 && prog >= 0);
	CHECK(getsockopt(fd, SOL_SOCKET, SO_GET_FILTER, got, &len) == 0 && len == 0);
	CHECK(attach(fd, p, ARRAY_SIZE(p)) == 0);
	len = 0;
	CHECK(getsockopt(fd, SOL_SOCKET, SO_GET_FILTER, NULL, &len) == 0 && len == 4);
	len = 3;
	CHECK(fails(getsockopt(fd, SOL_SOCKET, SO_GET_FILTER, got, &len), EINVAL));
	memset(got, 0xee, sizeof(got));
	len = 4;
	CHECK(getsockopt(fd, SOL_SOCKET, SO_GET_FILTER, got, &len) == 0 && len == 4);
	CHECK(memcmp(got, p, sizeof(p)) == 0);
	memset(got, 0xee, sizeof(got));
	len = sizeof(got);			/* 64: "instructions", plenty */
	CHECK(getsockopt(fd, SOL_SOCKET, SO_GET_FILTER, got, &len) == 0 && len == 4);
	CHECK(memcmp(got, p, sizeof(p)) == 0 && got[4].code == 0xeeee);
	len = 4;
	CHECK(fails(getsockopt(fd, SOL_SOCKET, SO_GET_FILTER, (void *)8, &len), EFAULT));
	CHECK(attach_bpf(fd, prog) == 0);
	len = 4;
	CHECK(fails(getsockopt(fd, SOL_SOCKET, SO_GET_FILTER, got, &len), EACCES));
	len = 0;
	CHECK(fails(getsockopt(fd, SOL_SOCKET, SO_GET_FILTER, got, &len), EACCES));
	CHECK(attach(fd, PROG(LDI(1), ALUK(BPF_ADD, 1), RET_A)) == 0);
	len = 8;
	CHECK(getsockopt(fd, SOL_SOCKET, SO_GET_FILTER, got, &len) == 0 && len == 3);
	CHECK(detach(fd) == 0);
	len = 8;
	CHECK(getsockopt(fd, SOL_SOCKET, SO_GET_FILTER, got, &len) == 0 && len == 0);
	close(fd), close(prog);
	return 0;
}

/* Linux (sock_setsockopt SO_LOCK_FILTER, __get_filter, __get_bpf,
 * sk_detach_filter): SO_LOCK_FILTER reads 0, then 1 once set; a locked
 * socket's filter cannot be replaced (SO_ATTACH_FILTER, SO_ATTACH_BPF:
 * EPERM), removed (SO_DETACH_FILTER: EPERM, even with none there) or
 * unlocked (EPERM), but locking again is fine, and the filter still
 * runs. */
static int t_lock_filter(void)
{
	int sv[2], prog = ebpf_ret(-1), fd = socket(AF_INET, SOCK_DGRAM, 0);

	CHECK(prog >= 0 && fd >= 0);
	CHECK(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0);
	CHECK(get_int(sv[1], SOL_SOCKET, SO_LOCK_FILTER) == 0);
	CHECK(attach(sv[1], PROG(STMT(BPF_RET | BPF_K, 10))) == 0);
	CHECK(set_int(sv[1], SOL_SOCKET, SO_LOCK_FILTER, 1) == 0);
	CHECK(get_int(sv[1], SOL_SOCKET, SO_LOCK_FILTER) == 1);
	CHECK(fails(attach(sv[1], PROG(KEEP)), EPERM));
	CHECK(fails(attach_bpf(sv[1], prog), EPERM));
	CHECK(fails(attach_bpf(sv[1], 999), EPERM));
	CHECK(fails(detach(sv[1]), EPERM));
	CHECK(fails(set_int(sv[1], SOL_SOCKET, SO_LOCK_FILTER, 0), EPERM));
	CHECK(set_int(sv[1], SOL_SOCKET, SO_LOCK_FILTER, 1) == 0);
	CHECK(set_int(sv[1], SOL_SOCKET, SO_LOCK_FILTER, 7) == 0);
	CHECK(get_int(sv[1], SOL_SOCKET, SO_LOCK_FILTER) == 1);
	CHECK(through(sv[0], sv[1], 100) == 10);
	CHECK(get_int(sv[0], SOL_SOCKET, SO_LOCK_FILTER) == 0);	/* per socket */
	/* locked with no filter: none may come, none is there to go */
	CHECK(set_int(fd, SOL_SOCKET, SO_LOCK_FILTER, 1) == 0);
	CHECK(fails(attach(fd, PROG(KEEP)), EPERM));
	CHECK(fails(detach(fd), EPERM));
	close(sv[0]), close(sv[1]), close(fd), close(prog);
	return 0;
}

/* ---- packet sockets ---- */

#define SRC_MAC "\x02\x00\x00\x00\x00\x07"

/* Send on lo from raw packet socket @fd a frame of @proto from SRC_MAC
 * with @len payload bytes: what sendto() returns. */
static ssize_t send_from(int fd, int proto, size_t len)
{
	unsigned char f[14 + 1500] = { 0 };
	struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_ifindex = 1,
				  .sll_halen = 6 };

	memcpy(f + 6, SRC_MAC, 6);
	f[12] = (unsigned char)(proto >> 8), f[13] = (unsigned char)proto;
	return sendto(fd, f, 14 + len, 0, (struct sockaddr *)&to, sizeof(to));
}

/* Linux (packet_rcv: run_filter() on the frame from its link header for
 * SOCK_RAW; the address kept before pskb_trim()): "ldh [12]; jeq #PROTO"
 * keeps only PROTO's frames, both directions on lo for an ETH_P_ALL
 * socket; the others are neither counted in tp_packets nor in tp_drops;
 * RET #n trims what recv() gets to n bytes, even fewer than the link
 * header's, whose source address recvfrom() still gives; A is the
 * ethertype or the frame's length. */
static int t_packet_raw(void)
{
	int all = psock(SOCK_RAW, ETH_P_ALL), fd, s = socket(AF_PACKET, SOCK_RAW, 0);
	int n = 0, seen[2] = { 0, 0 };
	struct sockaddr_ll sll;
	struct tpacket_stats st;
	socklen_t sl;
	unsigned char buf[2000];
	long r;

	CHECK(all >= 0 && s >= 0);
	CHECK(attach(all, PROG(STMT(BPF_LD | BPF_H | BPF_ABS, 12), KEEP_IF_EQ(PROTO))) == 0);
	CHECK(pkt_stats(all, &st) == 0);	/* reset */
	for (int i = 0; i < 3; i++)
		CHECK(pkt_send_frame(s, PROTO2, NULL, 20, i) == 34);
	for (int i = 0; i < 2; i++)
		CHECK(pkt_send_frame(s, PROTO, NULL, 20, 0x40 + i) == 34);
	while ((r = pkt_recv(all, buf, sizeof(buf), 0)) >= 0) {
		CHECK(r == 34 && buf[12] == 0x88 && buf[13] == 0xb5);
		CHECK(buf[14] == 0x40 || buf[14] == 0x41);
		seen[buf[14] - 0x40]++;
		n++;
	}
	CHECK(n == 4 && seen[0] == 2 && seen[1] == 2);	/* going out, coming in */
	CHECK(pkt_stats(all, &st) == 0);
	if (st.tp_packets != 4 || st.tp_drops != 0)
		return tap_fail("tp_packets %u, tp_drops %u: want 4, 0",
				st.tp_packets, st.tp_drops);
	CHECK((fd = psock(SOCK_RAW, PROTO)) >= 0);
	CHECK(attach(fd, PROG(STMT(BPF_RET | BPF_K, 20))) == 0);
	CHECK(pkt_send_frame(s, PROTO, NULL, 100, 7) == 114);
	CHECK(pkt_recv(fd, buf, sizeof(buf), MSG_PEEK | MSG_TRUNC) == 20);
	CHECK(pkt_recv(fd, buf, sizeof(buf), 0) == 20 && buf[13] == 0xb5 && buf[19] == 7);
	CHECK(attach(fd, PROG(STMT(BPF_LD | BPF_H | BPF_ABS, 12), ALUK(BPF_SUB, 0x88b0),
			      RET_A)) == 0);
	CHECK(send_from(s, PROTO, 100) == 114);
	CHECK(readable(fd, DROP_MS));
	sl = sizeof(sll);
	CHECK(recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&sll, &sl) == 5);
	CHECK(sll.sll_halen == 6 && memcmp(sll.sll_addr, SRC_MAC, 6) == 0);
	CHECK(attach(fd, PROG(STMT(BPF_LD | BPF_W | BPF_LEN, 0), KEEP_IF_EQ(114))) == 0);
	CHECK(pkt_send_frame(s, PROTO, NULL, 101, 7) == 115);
	CHECK(pkt_send_frame(s, PROTO, NULL, 100, 8) == 114);
	CHECK(pkt_recv(fd, buf, sizeof(buf), 0) == 114 && buf[14] == 8);
	CHECK(pkt_recv(fd, buf, sizeof(buf), 0) == -1);
	close(all), close(fd), close(s);
	return 0;
}

/* Linux (packet_rcv for SOCK_DGRAM: the filter runs with skb->data at
 * the network header): offset 0 is the first payload byte, LD LEN the
 * payload's length, SKF_NET_OFF the payload too, SKF_LL_OFF + 12 the
 * ethertype in the link header before it; RET #n keeps n payload bytes. */
static int t_packet_dgram(void)
{
	int fd = psock(SOCK_DGRAM, PROTO), s = socket(AF_PACKET, SOCK_RAW, 0);
	unsigned char buf[2000];

	CHECK(fd >= 0 && s >= 0);
	CHECK(attach(fd, PROG(STMT(BPF_LD | BPF_B | BPF_ABS, 0), RET_A)) == 0);
	CHECK(pkt_send_frame(s, PROTO, NULL, 100, 30) == 114);
	CHECK(pkt_recv(fd, buf, sizeof(buf), 0) == 30 && buf[0] == 30);
	CHECK(attach(fd, PROG(STMT(BPF_LD | BPF_B | BPF_ABS, SKF_NET_OFF), RET_A)) == 0);
	CHECK(pkt_send_frame(s, PROTO, NULL, 100, 31) == 114);
	CHECK(pkt_recv(fd, buf, sizeof(buf), 0) == 31);
	CHECK(attach(fd, PROG(STMT(BPF_LD | BPF_H | BPF_ABS, SKF_LL_OFF + 12),
			      ALUK(BPF_SUB, 0x88b0), RET_A)) == 0);
	CHECK(pkt_send_frame(s, PROTO, NULL, 100, 1) == 114);
	CHECK(pkt_recv(fd, buf, sizeof(buf), 0) == 5);
	CHECK(attach(fd, PROG(STMT(BPF_LD | BPF_W | BPF_LEN, 0), KEEP_IF_EQ(100))) == 0);
	CHECK(pkt_send_frame(s, PROTO, NULL, 114, 2) == 128);
	CHECK(pkt_send_frame(s, PROTO, NULL, 100, 3) == 114);
	CHECK(pkt_recv(fd, buf, sizeof(buf), 0) == 100 && buf[0] == 3);
	CHECK(pkt_recv(fd, buf, sizeof(buf), 0) == -1);
	CHECK(attach(fd, PROG(STMT(BPF_RET | BPF_K, 7))) == 0);
	CHECK(pkt_send_frame(s, PROTO, NULL, 100, 4) == 114);
	CHECK(pkt_recv(fd, buf, sizeof(buf), 0) == 7 && buf[6] == 4);
	close(fd), close(s);
	return 0;
}

#ifndef PACKET_AUXDATA
#define PACKET_AUXDATA 8
#endif

struct auxdata {			/* Linux's struct tpacket_auxdata */
	uint32_t tp_status, tp_len, tp_snaplen;
	uint16_t tp_mac, tp_net, tp_vlan_tci, tp_vlan_tpid;
};

/* Receive on @fd with a control buffer: the length, the PACKET_AUXDATA
 * message in *@aux (-1 if there is none). */
static long recv_aux(int fd, void *buf, size_t len, struct auxdata *aux)
{
	union { struct cmsghdr h; char room[CMSG_SPACE(sizeof(*aux)) + 32]; } c;
	struct iovec iov = { buf, len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
			    .msg_control = &c, .msg_controllen = sizeof(c) };
	struct cmsghdr *h;
	long n = recvmsg(fd, &m, MSG_DONTWAIT);

	if (n < 0)
		return n;
	for (h = CMSG_FIRSTHDR(&m); h; h = CMSG_NXTHDR(&m, h))
		if (h->cmsg_level == SOL_PACKET && h->cmsg_type == PACKET_AUXDATA &&
		    h->cmsg_len == CMSG_LEN(sizeof(*aux))) {
			memcpy(aux, CMSG_DATA(h), sizeof(*aux));
			return n;
		}
	return -1;
}

/* Linux (packet_recvmsg(): with PACKET_AUXDATA a struct tpacket_auxdata
 * follows each frame, tp_len the length before the filter cut it,
 * tp_snaplen what is read, tp_net where the network header is in it):
 * SOCK_RAW and SOCK_DGRAM, without and with a filter; none when off. */
static int t_packet_auxdata(void)
{
	int raw = psock(SOCK_RAW, PROTO), dg = psock(SOCK_DGRAM, PROTO);
	int s = socket(AF_PACKET, SOCK_RAW, 0), one = 1;
	unsigned char buf[2000];
	struct auxdata a;

	CHECK(raw >= 0 && dg >= 0 && s >= 0);
	CHECK(pkt_send_frame(s, PROTO, NULL, 100, 1) == 114);
	CHECK(recv_aux(raw, buf, sizeof(buf), &a) == -1);	/* off */
	CHECK(recv(dg, buf, sizeof(buf), MSG_DONTWAIT) == 100);
	CHECK(setsockopt(raw, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)) == 0);
	CHECK(setsockopt(dg, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)) == 0);
	CHECK(attach(raw, PROG(STMT(BPF_RET | BPF_K, 20))) == 0);
	CHECK(pkt_send_frame(s, PROTO, NULL, 100, 2) == 114);
	CHECK(recv_aux(raw, buf, sizeof(buf), &a) == 20);
	CHECK((a.tp_status & 1) && a.tp_len == 114 && a.tp_snaplen == 20 &&
	      a.tp_mac == 0 && a.tp_net == 14 && a.tp_vlan_tci == 0);
	CHECK(recv_aux(dg, buf, sizeof(buf), &a) == 100);
	CHECK((a.tp_status & 1) && a.tp_len == 100 && a.tp_snaplen == 100 &&
	      a.tp_net == 0);
	close(raw), close(dg), close(s);
	return 0;
}

/* Linux (run_filter() runs sk_filter's program, eBPF or classic): an eBPF
 * socket filter (SO_ATTACH_BPF) on a packet socket returning 0 drops
 * every frame, returning 20 keeps 20 bytes, -1 the whole frame. */
static int t_packet_ebpf(void)
{
	int fd = psock(SOCK_RAW, PROTO), s = socket(AF_PACKET, SOCK_RAW, 0);
	int drop = ebpf_ret(0), trim = ebpf_ret(20), all = ebpf_ret(-1);
	struct tpacket_stats st;
	unsigned char buf[2000];

	CHECK(fd >= 0 && s >= 0 && drop >= 0 && trim >= 0 && all >= 0);
	CHECK(attach_bpf(fd, drop) == 0);
	for (int i = 0; i < 3; i++)
		CHECK(pkt_send_frame(s, PROTO, NULL, 100, i) == 114);
	CHECK(pkt_recv(fd, buf, sizeof(buf), 0) == -1);
	CHECK(pkt_stats(fd, &st) == 0 && st.tp_packets == 0 && st.tp_drops == 0);
	CHECK(attach_bpf(fd, trim) == 0);
	CHECK(pkt_send_frame(s, PROTO, NULL, 100, 9) == 114);
	CHECK(pkt_recv(fd, buf, sizeof(buf), 0) == 20 && buf[19] == 9);
	CHECK(attach_bpf(fd, all) == 0);
	CHECK(pkt_send_frame(s, PROTO, NULL, 100, 9) == 114);
	CHECK(pkt_recv(fd, buf, sizeof(buf), 0) == 114);
	CHECK(detach(fd) == 0);
	close(fd), close(s), close(drop), close(trim), close(all);
	return 0;
}

/* Linux (tpacket_rcv: snaplen = min(skb->len, the filter's result)): with
 * a TPACKET_V2 RX ring, a frame the filter keeps 20 bytes of has
 * tp_snaplen 20 and tp_len its full length; a frame it drops takes no
 * ring frame and is not counted. */
static int t_packet_rx_ring(void)
{
	int fd = psock(SOCK_RAW, PROTO), s = socket(AF_PACKET, SOCK_RAW, 0);
	struct tpacket_req r = { PG, 2, 2048, 4 };
	struct tpacket2_hdr *h0, *h1;
	struct tpacket_stats st;
	char *map;

	CHECK(fd >= 0 && s >= 0);
	CHECK(set_int(fd, SOL_PACKET, PACKET_VERSION, TPACKET_V2) == 0);
	CHECK(setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &r, sizeof(r)) == 0);
	map = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(map != MAP_FAILED);
	h0 = (void *)map, h1 = (void *)(map + 2048);
	CHECK(attach(fd, PROG(STMT(BPF_LD | BPF_B | BPF_ABS, 14), JUMP(BPF_JMP | BPF_JEQ | BPF_K,
			      2, 1, 0), STMT(BPF_RET | BPF_K, 20), DROP)) == 0);
	CHECK(pkt_stats(fd, &st) == 0);
	CHECK(pkt_send_frame(s, PROTO, NULL, 60, 1) == 74);
	CHECK(pkt_send_frame(s, PROTO, NULL, 60, 2) == 74);
	CHECK(readable(fd, 1000));
	CHECK(h0->tp_status & TP_STATUS_USER);
	if (h0->tp_len != 74 || h0->tp_snaplen != 20)
		return tap_fail("tp_len %u, tp_snaplen %u: want 74, 20",
				h0->tp_len, h0->tp_snaplen);
	CHECK(((unsigned char *)h0)[h0->tp_mac + 14] == 1);
	CHECK(h1->tp_status == TP_STATUS_KERNEL);
	CHECK(pkt_stats(fd, &st) == 0 && st.tp_packets == 1 && st.tp_drops == 0);
	munmap(map, 2 * PG);
	close(fd), close(s);
	return 0;
}

/* ---- PACKET_FANOUT_CBPF and PACKET_FANOUT_EBPF ---- */

static int fanout(int fd, int id, int type)
{
	return set_int(fd, SOL_PACKET, PACKET_FANOUT, id | type << 16);
}

/* PACKET_FANOUT_DATA with a classic program. */
static int fanout_cbpf(int fd, struct sock_filter *insns, size_t n)
{
	struct sock_fprog f = { .len = (unsigned short)n, .filter = insns };

	return setsockopt(fd, SOL_PACKET, PACKET_FANOUT_DATA, &f, sizeof(f));
}

/* @n raw PROTO sockets on lo joined, in order, to group @id of @type. */
static int group(int *fd, int n, int id, int type)
{
	for (int i = 0; i < n; i++)
		if ((fd[i] = psock(SOCK_RAW, PROTO)) < 0 || fanout(fd[i], id, type))
			return -1;
	return 0;
}

/* Send frames 0..@nframes-1 (payload byte i) from @s, then see which of
 * the @n members got each: @who[i] its index (-1 none, -2 more than
 * one). 0, or -1 if a send failed. */
static int steer(int s, const int *fd, int n, int nframes, int *who)
{
	unsigned char buf[200];

	for (int i = 0; i < nframes; i++) {
		who[i] = -1;
		if (pkt_send_frame(s, PROTO, NULL, 20, i) != 34)
			return -1;
	}
	for (int m = 0; m < n; m++)
		while (recv(fd[m], buf, sizeof(buf), MSG_DONTWAIT) == 34)
			if (buf[14] < nframes)
				who[buf[14]] = who[buf[14]] == -1 ? m : -2;
	return 0;
}

/* 0 if frame i of @nframes went to member @want(i), else tap_fail(). */
static int expect_steered(const char *what, const int *who, int nframes,
			  int (*want)(int))
{
	for (int i = 0; i < nframes; i++)
		if (who[i] != want(i))
			return tap_fail("%s: frame %d went to member %d, want %d",
					what, i, who[i], want(i));
	return 0;
}

static int member0(int i) { (void)i; return 0; }
static int member1(int i) { (void)i; return 1; }
static int member2(int i) { (void)i; return 2; }
static int parity(int i) { return i % 2; }
static int mod3(int i) { return i % 3; }

#define NSTEER 6

/* Linux (fanout_demux_bpf: the group's program's result modulo the
 * number of members; no program: 0; fanout_set_data_cbpf): a CBPF group
 * without a program sends every frame to member 0 (the first to join);
 * "ret #1" to member 1; "ldb [0]; ret a" reads the first payload byte
 * (the program sees the frame from its network header), so frame i goes
 * to i % 2, with three members to i % 3; "ret #-1" is 0xffffffff % 3 = 0
 * of three; any member sets the group's program. */
static int t_fanout_cbpf(void)
{
	int fd[3], s = socket(AF_PACKET, SOCK_RAW, 0), who[NSTEER];

	CHECK(s >= 0 && group(fd, 2, 70, PACKET_FANOUT_CBPF) == 0);
	CHECK(steer(s, fd, 2, NSTEER, who) == 0);
	if (expect_steered("no program", who, NSTEER, member0))
		return -1;
	CHECK(fanout_cbpf(fd[0], PROG(STMT(BPF_RET | BPF_K, 1))) == 0);
	CHECK(steer(s, fd, 2, NSTEER, who) == 0);
	if (expect_steered("ret #1", who, NSTEER, member1))
		return -1;
	CHECK(fanout_cbpf(fd[1], PROG(STMT(BPF_LD | BPF_B | BPF_ABS, 0), RET_A)) == 0);
	CHECK(steer(s, fd, 2, NSTEER, who) == 0);
	if (expect_steered("ldb [0]", who, NSTEER, parity))
		return -1;
	CHECK((fd[2] = psock(SOCK_RAW, PROTO)) >= 0 && fanout(fd[2], 70, PACKET_FANOUT_CBPF) == 0);
	CHECK(steer(s, fd, 3, NSTEER, who) == 0);
	if (expect_steered("ldb [0], three members", who, NSTEER, mod3))
		return -1;
	CHECK(fanout_cbpf(fd[2], PROG(KEEP)) == 0);
	CHECK(steer(s, fd, 3, NSTEER, who) == 0);
	if (expect_steered("ret #-1, three members", who, NSTEER, member0))
		return -1;
	CHECK(fanout_cbpf(fd[2], PROG(STMT(BPF_RET | BPF_K, 5))) == 0);
	CHECK(steer(s, fd, 3, NSTEER, who) == 0);
	if (expect_steered("ret #5, three members", who, NSTEER, member2))
		return -1;
	close(fd[0]), close(fd[1]), close(fd[2]), close(s);
	return 0;
}

/* Linux (fanout_set_data_ebpf): a PACKET_FANOUT_EBPF group takes the fd
 * of a socket filter program as a 4-byte int, runs it like the classic
 * one, and keeps it after its fd is closed. */
static int t_fanout_ebpf(void)
{
	int fd[2], s = socket(AF_PACKET, SOCK_RAW, 0), who[NSTEER];
	int one = ebpf_ret(1), zero = ebpf_ret(0);

	CHECK(s >= 0 && one >= 0 && zero >= 0);
	CHECK(group(fd, 2, 71, PACKET_FANOUT_EBPF) == 0);
	CHECK(steer(s, fd, 2, NSTEER, who) == 0);
	if (expect_steered("no program", who, NSTEER, member0))
		return -1;
	CHECK(set_int(fd[1], SOL_PACKET, PACKET_FANOUT_DATA, one) == 0);
	CHECK(close(one) == 0);
	CHECK(steer(s, fd, 2, NSTEER, who) == 0);
	if (expect_steered("r0 = 1", who, NSTEER, member1))
		return -1;
	CHECK(set_int(fd[0], SOL_PACKET, PACKET_FANOUT_DATA, zero) == 0);
	CHECK(steer(s, fd, 2, NSTEER, who) == 0);
	if (expect_steered("r0 = 0", who, NSTEER, member0))
		return -1;
	close(fd[0]), close(fd[1]), close(s), close(zero);
	return 0;
}

/* Linux (packet_setsockopt PACKET_FANOUT_DATA, fanout_set_data*): EINVAL
 * for a classic group given an int fd or the wrong length, a NULL or bad
 * program, a group of another mode; for an eBPF group given a struct
 * sock_fprog, a file that is not a program (EBADF: no file); EPERM when
 * the socket's filter is locked; a failed call keeps the program. */
static int t_fanout_data_errors(void)
{
	int c[2], e[2], lb = psock(SOCK_RAW, PROTO), s = socket(AF_PACKET, SOCK_RAW, 0);
	int prog = ebpf_ret(1), pfd[2], who[NSTEER];
	struct sock_filter one[] = { STMT(BPF_RET | BPF_K, 1) }, bad[] = { LDI(1) };
	struct sock_fprog f = { 1, one };

	CHECK(prog >= 0 && lb >= 0 && s >= 0 && pipe(pfd) == 0);
	CHECK(group(c, 2, 72, PACKET_FANOUT_CBPF) == 0);
	CHECK(group(e, 2, 73, PACKET_FANOUT_EBPF) == 0);
	CHECK(fanout(lb, 74, PACKET_FANOUT_LB) == 0);
	CHECK(fanout_cbpf(c[0], PROG(STMT(BPF_RET | BPF_K, 1))) == 0);
	CHECK(fails(set_int(c[0], SOL_PACKET, PACKET_FANOUT_DATA, prog), EINVAL));
	CHECK(fails(setsockopt(c[0], SOL_PACKET, PACKET_FANOUT_DATA, &f, sizeof(f) - 1), EINVAL));
	CHECK(fails(fanout_cbpf(c[0], bad, 1), EINVAL));
	CHECK(fails(fanout_cbpf(c[0], NULL, 1), EINVAL));
	CHECK(fails(fanout_cbpf(c[0], one, 0), EINVAL));
	CHECK(fails(fanout_cbpf(c[0], (void *)8, 1), EFAULT));
	CHECK(fails(fanout_cbpf(lb, one, 1), EINVAL));
	CHECK(fails(setsockopt(e[0], SOL_PACKET, PACKET_FANOUT_DATA, &f, sizeof(f)), EINVAL));
	CHECK(fails(set_int(e[0], SOL_PACKET, PACKET_FANOUT_DATA, pfd[0]), EINVAL));
	CHECK(fails(set_int(e[0], SOL_PACKET, PACKET_FANOUT_DATA, 999), EBADF));
	CHECK(steer(s, c, 2, NSTEER, who) == 0);
	if (expect_steered("after the failures", who, NSTEER, member1))
		return -1;
	CHECK(set_int(c[1], SOL_SOCKET, SO_LOCK_FILTER, 1) == 0);
	CHECK(fails(fanout_cbpf(c[1], one, 1), EPERM));
	CHECK(fanout_cbpf(c[0], one, 1) == 0);	/* c[0] is not locked */
	CHECK(set_int(e[1], SOL_SOCKET, SO_LOCK_FILTER, 1) == 0);
	CHECK(fails(set_int(e[1], SOL_PACKET, PACKET_FANOUT_DATA, prog), EPERM));
	CHECK(set_int(e[0], SOL_PACKET, PACKET_FANOUT_DATA, prog) == 0);
	close(c[0]), close(c[1]), close(e[0]), close(e[1]), close(lb), close(s);
	close(prog), close(pfd[0]), close(pfd[1]);
	return 0;
}

static const struct tap_test tests[] = {
	{ "unix_return_values", t_unix_return_values },
	{ "instructions", t_instructions },
	{ "unix_ancillary", t_unix_ancillary },
	{ "udp_header", t_udp_header },
	{ "udp_ancillary", t_udp_ancillary },
	{ "attach_errors", t_attach_errors },
	{ "detach", t_detach },
	{ "get_filter", t_get_filter },
	{ "lock_filter", t_lock_filter },
	{ "raw_ip", t_raw_ip },
	{ "packet_raw", t_packet_raw },
	{ "packet_dgram", t_packet_dgram },
	{ "packet_auxdata", t_packet_auxdata },
	{ "packet_ebpf", t_packet_ebpf },
	{ "packet_rx_ring", t_packet_rx_ring },
	{ "fanout_cbpf", t_fanout_cbpf },
	{ "fanout_ebpf", t_fanout_ebpf },
	{ "fanout_data_errors", t_fanout_data_errors },
};

int main(int argc, char **argv)
{
	return tap_run_as_root("sockfiltertests", tests, ARRAY_SIZE(tests), TEST_TIMEOUT,
			       argc, argv);
}
