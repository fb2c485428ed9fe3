/*
 * Exception handling, private to arch/x86_64: the interfaces shared by
 * traps.c, the fault handlers, NMIs and the system-call entry. The
 * exception vectors (X86_TRAP_*) are in asm/irq.h; the generic kernel's
 * side of an oops is kernel/oops.h.
 */
#ifndef ARCH_X86_64_TRAPS_H
#define ARCH_X86_64_TRAPS_H

#include "asm/irq.h"
#include "asm/ptrace.h"

/* Page-fault error code bits. */
#define X86_PF_PROT (1 << 0)	/* 0: page not present */
#define X86_PF_WRITE (1 << 1)
#define X86_PF_USER (1 << 2)
#define X86_PF_RSVD (1 << 3)
#define X86_PF_INSTR (1 << 4)
#define X86_PF_PK (1 << 5)	/* a protection key's rights (PKRU) */

void x86_entry(struct pt_regs *regs, unsigned long vector);
const char *trap_name(unsigned int vector);
/* Oops report and panic for an exception the kernel cannot handle. */
__noreturn void die(const char *what, struct pt_regs *regs,
		    unsigned long vector);

/* Resume at a registered fixup if the faulting rip has one (extable.c). */
bool fixup_exception(struct pt_regs *regs, unsigned long vector);
/* Handle a page fault that is not a kernel bug; false: not handled. */
bool do_page_fault(struct pt_regs *regs, u64 address);
/* Turn a user-mode exception into a signal; false: not handled. */
bool user_exception(struct pt_regs *regs, unsigned long vector);
void do_nmi(struct pt_regs *regs);
/* Run @fn from the next NMIs (NULL to remove). */
void set_nmi_callback(void (*fn)(struct pt_regs *regs));
void do_IRQ(struct pt_regs *regs, unsigned long vector);
/* Preemption and (for user mode) pending work before returning. */
void irqentry_exit(struct pt_regs *regs);

#endif
