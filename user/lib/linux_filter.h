/*
 * Linux 6.1's uapi linux/filter.h and linux/bpf_common.h, which musl
 * lacks: classic BPF's struct sock_filter and struct sock_fprog, the
 * instruction fields classic BPF and eBPF share, classic BPF's own (RET,
 * MISC) and the special offsets of a socket filter's loads (SKF_*). For
 * the test programs that build BPF programs (seccomptests,
 * sockfiltertests, bpftests); the kernel's copy is lib/bpf_common.h and
 * lib/bpf_filter.h.
 */
#ifndef USER_LIB_LINUX_FILTER_H
#define USER_LIB_LINUX_FILTER_H

#include <stdint.h>

struct sock_filter {
	uint16_t code;
	uint8_t jt, jf;
	uint32_t k;
};
struct sock_fprog {
	unsigned short len;
	struct sock_filter *filter;
};
_Static_assert(sizeof(struct sock_fprog) == 16, "Linux's struct sock_fprog");

#define BPF_LD 0x00			/* classes */
#define BPF_LDX 0x01
#define BPF_ST 0x02
#define BPF_STX 0x03
#define BPF_ALU 0x04
#define BPF_JMP 0x05
#define BPF_RET 0x06			/* classic only (eBPF: JMP32, ALU64) */
#define BPF_MISC 0x07
#define BPF_W 0x00			/* sizes */
#define BPF_H 0x08
#define BPF_B 0x10
#define BPF_IMM 0x00			/* modes */
#define BPF_ABS 0x20
#define BPF_IND 0x40
#define BPF_MEM 0x60
#define BPF_LEN 0x80
#define BPF_MSH 0xa0
#define BPF_ADD 0x00			/* ALU operations */
#define BPF_SUB 0x10
#define BPF_MUL 0x20
#define BPF_DIV 0x30
#define BPF_OR 0x40
#define BPF_AND 0x50
#define BPF_LSH 0x60
#define BPF_RSH 0x70
#define BPF_NEG 0x80
#define BPF_MOD 0x90
#define BPF_XOR 0xa0
#define BPF_JA 0x00			/* jumps */
#define BPF_JEQ 0x10
#define BPF_JGT 0x20
#define BPF_JGE 0x30
#define BPF_JSET 0x40
#define BPF_K 0x00			/* sources */
#define BPF_X 0x08
#define BPF_A 0x10			/* BPF_RET's A */
#define BPF_TAX 0x00			/* BPF_MISC's */
#define BPF_TXA 0x80
#define BPF_MAXINSNS 4096

/* Linux's initializers of one instruction. */
#define BPF_STMT(code, k) { (uint16_t)(code), 0, 0, k }
#define BPF_JUMP(code, k, jt, jf) { (uint16_t)(code), jt, jf, k }

#define SKF_AD_OFF (-0x1000)		/* ancillary data: Linux's values */
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
#define SKF_NET_OFF (-0x100000)		/* the network header's byte 0 */
#define SKF_LL_OFF (-0x200000)		/* the link header's */

#endif
