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

/* Linux's accessors, for code that is not x86's (kprobes, tracing). */
static inline u64 instruction_pointer(const struct pt_regs *regs)
{
	return regs->rip;
}

static inline void instruction_pointer_set(struct pt_regs *regs, u64 ip)
{
	regs->rip = ip;
}

/* Were interrupts off in the code @regs interrupted? */
static inline bool regs_irqs_disabled(const struct pt_regs *regs)
{
	return !(regs->eflags & 0x200);		/* X86_EFLAGS_IF */
}

/* A function's value, at its return (a kretprobe's handler). */
static inline u64 regs_return_value(const struct pt_regs *regs)
{
	return regs->rax;
}

/*
 * Argument @n (0 to 5) of a function, at its entry (the psABI's rdi,
 * rsi, rdx, rcx, r8, r9), or 0 for a larger @n (those are on the stack).
 */
static inline u64 regs_get_kernel_argument(const struct pt_regs *regs,
					   unsigned int n)
{
	const u64 args[] = { regs->rdi, regs->rsi, regs->rdx, regs->rcx,
			     regs->r8, regs->r9 };

	return n < 6 ? args[n] : 0;
}

static inline u64 kernel_stack_pointer(const struct pt_regs *regs)
{
	return regs->rsp;
}

/* The @n-th word above the stack pointer of kernel @regs, or 0 when it
 * lies past the end of that stack (arch/x86_64/kprobes.c). */
u64 regs_get_kernel_stack_nth(const struct pt_regs *regs, unsigned int n);

/* The offset in struct pt_regs of the register called @name ("di" or
 * "rdi", "r8", "ip", "flags"...), as kprobe_events writes them; -EINVAL
 * for no such. */
int regs_query_register_offset(const char *name);

/* Print every register of @regs at KERN_EMERG level (oops reports). */
void show_regs(const struct pt_regs *regs);

#endif
