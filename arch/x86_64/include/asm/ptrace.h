/*
 * struct pt_regs: the registers saved on kernel entry (interrupt,
 * exception, system call), in x86_64 Linux's order, so the frame a
 * student sees in gdb or in /proc matches Linux's. The part from rip up is
 * what the CPU itself pushes; orig_rax holds the exception's error code,
 * or the system-call number, or -1 for a hardware interrupt.
 */
#ifndef ASM_X86_64_PTRACE_H
#define ASM_X86_64_PTRACE_H

#include "lib/types.h"

struct pt_regs {
	u64 r15, r14, r13, r12, rbp, rbx;
	u64 r11, r10, r9, r8, rax, rcx, rdx, rsi, rdi;
	u64 orig_rax;
	u64 rip, cs, eflags, rsp, ss;	/* the CPU's interrupt frame */
};

/* True when @regs were saved on entry from user mode (ring 3). */
static inline bool user_mode(const struct pt_regs *regs)
{
	return (regs->cs & 3) == 3;
}

/* Print every register of @regs at KERN_EMERG level (oops reports). */
void show_regs(const struct pt_regs *regs);

#endif
