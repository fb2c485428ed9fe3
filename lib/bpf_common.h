/*
 * The instruction fields classic BPF and eBPF share (Linux's
 * include/uapi/linux/bpf_common.h): classes, sizes, modes, ALU and jump
 * operations, the source bit. lib/bpf_filter.h adds classic BPF's own
 * (RET, MISC), kernel/bpf/bpf.h eBPF's (ALU64, JMP32, DW, the new
 * operations).
 */
#ifndef LIB_BPF_COMMON_H
#define LIB_BPF_COMMON_H

/* Instruction classes (code & 0x07). */
#define BPF_CLASS(code) ((code) & 0x07)
#define BPF_LD 0x00
#define BPF_LDX 0x01
#define BPF_ST 0x02
#define BPF_STX 0x03
#define BPF_ALU 0x04
#define BPF_JMP 0x05
/* Loads and stores: size (code & 0x18) and mode (code & 0xe0). */
#define BPF_SIZE(code) ((code) & 0x18)
#define BPF_W 0x00
#define BPF_H 0x08
#define BPF_B 0x10
#define BPF_MODE(code) ((code) & 0xe0)
#define BPF_IMM 0x00
#define BPF_ABS 0x20
#define BPF_IND 0x40
#define BPF_MEM 0x60
#define BPF_LEN 0x80
#define BPF_MSH 0xa0
/* ALU and jumps: operation (code & 0xf0) and source (code & 0x08). */
#define BPF_OP(code) ((code) & 0xf0)
#define BPF_ADD 0x00
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
#define BPF_JA 0x00
#define BPF_JEQ 0x10
#define BPF_JGT 0x20
#define BPF_JGE 0x30
#define BPF_JSET 0x40
#define BPF_SRC(code) ((code) & 0x08)
#define BPF_K 0x00
#define BPF_X 0x08

#define BPF_MAXINSNS 4096

#endif
