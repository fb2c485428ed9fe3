/*
 * Classic BPF (Linux's include/uapi/linux/filter.h): the instruction
 * format, the checker every classic program passes (Linux's
 * bpf_check_classic(), once sk_chk_filter()) and an interpreter for both
 * its users: seccomp (kernel/sys/seccomp.c), whose programs read a struct
 * seccomp_data, and socket filters (SO_ATTACH_FILTER, kernel/net/filter.c),
 * whose programs read a packet. Pure logic, so the host unit test
 * (tests/host/test_bpf_filter.c) runs the same code.
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

/* Loads at these offsets (Linux's values) read no packet byte:
 * SKF_AD_OFF + SKF_AD_* is a value of the packet's (ancillary data),
 * SKF_NET_OFF + n byte n of its network header, SKF_LL_OFF + n of its
 * link-layer header. */
#define SKF_AD_OFF (-0x1000)
#define SKF_AD_PROTOCOL 0
#define SKF_AD_PKTTYPE 4
#define SKF_AD_IFINDEX 8
#define SKF_AD_NLATTR 12
#define SKF_AD_NLATTR_NEST 16
#define SKF_AD_MARK 20
#define SKF_AD_QUEUE 24
#define SKF_AD_HATYPE 28
#define SKF_AD_RXHASH 32
#define SKF_AD_CPU 36
#define SKF_AD_ALU_XOR_X 40
#define SKF_AD_VLAN_TAG 44
#define SKF_AD_VLAN_TAG_PRESENT 48
#define SKF_AD_PAY_OFFSET 52
#define SKF_AD_RANDOM 56
#define SKF_AD_VLAN_TPID 60
#define SKF_AD_MAX 64
#define SKF_NET_OFF (-0x100000)
#define SKF_LL_OFF (-0x200000)

/*
 * Check @len instructions at @insns by Linux's rules for every classic
 * program: 1..BPF_MAXINSNS of them, known opcodes, no division by a zero
 * constant, shifts below 32, M[] indexes below BPF_MEMWORDS, jumps that
 * land inside the program, a RET last, no ancillary load Linux does not
 * know, and no M[k] read on a path that has not written it first.
 * @masks is scratch space for @len u16s. 0 or -EINVAL. (seccomp checks
 * more: kernel/sys/seccomp.c.)
 */
int bpf_check_classic(const struct sock_filter *insns, unsigned int len,
		      u16 *masks);

/*
 * What a program reads. seccomp's: @len bytes at @data in the machine's
 * byte order (@host_order). A socket filter's: a packet in network byte
 * order, @hlen bytes at @hdr (a header the kernel made, UDP's, or none)
 * then the rest at @data, @len in all; @mac and @net (NULL: none) for
 * SKF_LL_OFF and SKF_NET_OFF loads; @ancillary gives the SKF_AD_* values
 * of the packet the interpreter cannot compute itself (false: there is
 * none, such as the interface of a Unix socket's datagram; the program
 * then ends, returning A, as Linux's translation of it does).
 */
struct bpf_classic_input {
	const u8 *hdr, *data;
	u32 hlen, len;
	const u8 *mac, *net;
	u32 mac_len, net_len;
	bool host_order;
	bool (*ancillary)(void *arg, u32 which, u32 *val);
	void *arg;
};

/*
 * Run a checked program on @in and return what its RET gives. As Linux:
 * a load outside the packet (or a header it does not have) and a division
 * by X == 0 end the program with 0, a missing ancillary value with A.
 */
u32 bpf_run_classic_input(const struct sock_filter *insns, unsigned int len,
			  const struct bpf_classic_input *in);

/* seccomp's case: @size bytes at @data, in the machine's byte order. */
u32 bpf_run_classic(const struct sock_filter *insns, unsigned int len,
		    const void *data, u32 size);

#endif
