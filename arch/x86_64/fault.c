/*
 * Page faults and user-mode exceptions that are not kernel bugs.
 *
 * A page fault on a user address is demand paging (the page is allocated
 * now), stack growth, or a write to a page fork shares copy-on-write (it
 * is copied now); if the address is in no VMA or the access is not
 * allowed, a user program gets SIGSEGV and the kernel log a line in
 * Linux's format:
 *     sh[5]: segfault at 0 ip 0000000000401136 sp 00007ffffffee8f0 error 4
 * A fault inside copy_from_user() & co. on a bad user pointer is not
 * handled here: the exception table turns it into -EFAULT.
 * Other exceptions from user mode become the signal POSIX names for them.
 */
#include "arch/x86_64/cpu.h"
#include "asm/irqflags.h"
#include "arch/x86_64/traps.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/oom.h"
#include "kernel/printk/printk.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "lib/fault-inject.h"

static void record_fault(u64 addr, unsigned long vector, u64 error)
{
	current->thread.cr2 = addr;
	current->thread.trap_nr = vector;
	current->thread.error_code = error;
}

bool do_page_fault(struct pt_regs *regs, u64 address)
{
	u64 err = current->thread.error_code;
	int sig;

	if (!current->mm)
		return false;		/* a kernel thread: a kernel bug */
	if (address >= TASK_SIZE_MAX) {
		if (!user_mode(regs))
			return false;	/* kernel address: a kernel bug */
		sig = SIGSEGV;		/* a user program poking at the kernel */
		goto bad_area;
	}
	if (!user_mode(regs) && (err & X86_PF_INSTR))
		return false;		/* the kernel never runs user code */
	if (err & X86_PF_PK) {
		/* The page is there and the VMA allows the access; the
		 * thread's PKRU does not: no fault handling changes that. */
		if (!user_mode(regs))
			return false;	/* copy_*_user(): -EFAULT */
		sig = SIGSEGV;
		goto bad_area;
	}
	if (!user_mode(regs) && pagefault_disabled())
		return false;		/* pagefault_disable(): -EFAULT, no sleep */
	if (regs->eflags & X86_EFLAGS_IF)
		arch_local_irq_enable();	/* may take a while */
	fault_injected_clear();
	sig = handle_mm_fault(address, err & X86_PF_WRITE, err & X86_PF_INSTR,
			      user_mode(regs));
	arch_local_irq_disable();
	if (!sig)
		return true;
	if (!user_mode(regs))
		return false;		/* bad user pointer in the kernel: fixup */
bad_area:
	record_fault(address, X86_TRAP_PF, err);
	if (sig == SIGBUS && fault_injected())
		return true;	/* not out of memory: a debug kernel's failure on
				 * purpose (lib/fault-inject.h); fault again */
	if (sig == SIGBUS) {	/* out of memory: kernel/mm/oom_kill.c */
		bool me;

		arch_local_irq_enable();	/* a user fault: they were on */
		me = out_of_memory();
		arch_local_irq_disable();
		if (me)
			force_sig(SIGKILL);
		return true;		/* else fault again */
	}
	if (sig == VM_FAULT_SIGBUS) {
		force_sig(SIGBUS);	/* past the end of a mapped file */
		return true;
	}
	pr_info("%s[%d]: segfault at %lx ip %016lx sp %016lx error %lx\n",
		current->comm, current->pid, (unsigned long)address,
		(unsigned long)regs->rip, (unsigned long)regs->rsp,
		(unsigned long)err);
	force_sig(sig);
	return true;
}

static int signal_for(unsigned long vector)
{
	switch (vector) {
	case X86_TRAP_DE:
	case X86_TRAP_MF:
	case X86_TRAP_XF:
		return SIGFPE;
	case X86_TRAP_BP:
		return SIGTRAP;
	case X86_TRAP_UD:
		return SIGILL;
	case X86_TRAP_AC:
		return SIGBUS;
	default:
		return SIGSEGV;		/* #GP, #SS, #NP, overflow, bounds */
	}
}

bool user_exception(struct pt_regs *regs, unsigned long vector)
{
	int sig = signal_for(vector);

	if (!current->signal)
		return false;
	/* Exceptions without an error code leave -1 there: report 0. */
	if (current->thread.error_code == (u64)-1)
		current->thread.error_code = 0;
	record_fault(0, vector, current->thread.error_code);
	if (vector != X86_TRAP_BP)
		pr_info("traps: %s[%d] %s ip:%lx sp:%lx error:%lx\n",
			current->comm, current->pid, trap_name(vector),
			(unsigned long)regs->rip, (unsigned long)regs->rsp,
			(unsigned long)current->thread.error_code);
	force_sig(sig);
	return true;
}
