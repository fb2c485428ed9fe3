/*
 * A system call as the saved registers hold it (Linux's asm/syscall.h),
 * for the generic code that looks at or changes a call in flight
 * (kernel/sys/seccomp.c): its number in orig_rax, its arguments in rdi, rsi,
 * rdx, r10, r8, r9, its result in rax.
 */
#ifndef ASM_X86_64_SYSCALL_H
#define ASM_X86_64_SYSCALL_H

#include "asm/ptrace.h"

#define AUDIT_ARCH_X86_64 0xc000003eu	/* EM_X86_64 | 64-bit | LE */

/* The architecture a system call of current was made for. */
static inline u32 syscall_get_arch(void)
{
	return AUDIT_ARCH_X86_64;
}

/* The number of the call in @regs (-1: none, or skipped by a tracer). */
static inline int syscall_get_nr(const struct pt_regs *regs)
{
	return (int)regs->orig_rax;
}

/* Its six arguments, in order. */
static inline void syscall_get_arguments(const struct pt_regs *regs,
					 u64 args[6])
{
	args[0] = regs->rdi;
	args[1] = regs->rsi;
	args[2] = regs->rdx;
	args[3] = regs->r10;
	args[4] = regs->r8;
	args[5] = regs->r9;
}

/* The call returns -@error if non-zero, else @val. */
static inline void syscall_set_return_value(struct pt_regs *regs, int error,
					    long val)
{
	regs->rax = error ? (u64)(long)error : (u64)val;
}

/* Put rax back as it was at the syscall (the number): a SIGSYS handler
 * or a core file sees the registers of the call itself. */
static inline void syscall_rollback(struct pt_regs *regs)
{
	regs->rax = regs->orig_rax;
}

#endif
