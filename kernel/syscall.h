/*
 * The system-call table: number -> handler, with the name and argument
 * count (for "unknown system call" messages).
 *
 * Handlers are ordinary C functions, `long sys_NAME(<Linux's parameter
 * types>)`, called with the six argument registers (rdi, rsi, rdx, r10,
 * r8, r9) through a six-u64 function pointer: on x86_64 a function reads
 * only the registers it declares, with the widths it declares. (Linux
 * generates pt_regs wrappers with its SYSCALL_DEFINE macros instead.)
 * A handler returns its result, or -errno.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "kernel/unistd.h"
#include "lib/types.h"

typedef long (*syscall_fn_t)(u64, u64, u64, u64, u64, u64);

struct syscall_desc {
	const char *name;
	syscall_fn_t fn;
	u8 nargs;
};

extern const struct syscall_desc sys_call_table[NR_syscalls];

/* Run system call @nr with @args; -ENOSYS (logged once) if unknown. */
long invoke_syscall(u64 nr, const u64 args[6]);

#endif
