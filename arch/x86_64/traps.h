/*
 * Exception handling interfaces shared by traps.c, the fault handlers and
 * the generic kernel.
 */
#ifndef ARCH_X86_64_TRAPS_H
#define ARCH_X86_64_TRAPS_H

#include "arch/x86_64/ptrace.h"

/* Page-fault error code bits. */
#define X86_PF_PROT (1 << 0)	/* 0: page not present */
#define X86_PF_WRITE (1 << 1)
#define X86_PF_USER (1 << 2)
#define X86_PF_RSVD (1 << 3)
#define X86_PF_INSTR (1 << 4)

void x86_entry(struct pt_regs *regs, unsigned long vector);
const char *trap_name(unsigned int vector);
/* Oops report and panic for an exception the kernel cannot handle. */
__noreturn void die(const char *what, struct pt_regs *regs,
		    unsigned long vector);

/* Print which task and which stack an oops happened on (kernel/). */
void oops_describe_context(const struct pt_regs *regs);
/* True when an oops at @regs may end only the current task: it is in a
 * module's code, in process context, on the task's stack (kernel/oops.c). */
bool oops_may_kill_task(const struct pt_regs *regs, unsigned long vector);
/* Taint D, close the report and exit with @signr (never returns). */
__noreturn void make_task_dead(int signr);
/* After a #DF: name the overflowed stack and its task, if that is what
 * happened (kernel/oops.c). */
void report_stack_overflow(const struct pt_regs *regs, u64 cr2);
/* Resume at a registered fixup if the faulting rip has one (extable.c). */
bool fixup_exception(struct pt_regs *regs, unsigned long vector);
/* Handle a page fault that is not a kernel bug; false: not handled. */
bool do_page_fault(struct pt_regs *regs, u64 address);
/* Turn a user-mode exception into a signal; false: not handled. */
bool user_exception(struct pt_regs *regs, unsigned long vector);
void do_nmi(struct pt_regs *regs);
/* Have every online CPU print its context and stack from an NMI. */
void nmi_backtrace_all_cpus(void);
/* Run @fn from the next NMIs (NULL to remove). */
void set_nmi_callback(void (*fn)(struct pt_regs *regs));
void do_IRQ(struct pt_regs *regs, unsigned long vector);
/* Preemption and (for user mode) pending work before returning. */
void irqentry_exit(struct pt_regs *regs);
/* Work due before returning to user mode (signals); fault.c. */
void exit_to_user_mode(struct pt_regs *regs);

#endif
