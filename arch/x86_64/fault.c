/*
 * Page faults and user-mode exceptions that are not kernel bugs. So far
 * the kernel has no demand paging and no user mode, so none is handled
 * and every one ends in die(); user space fills these in.
 */
#include "arch/x86_64/traps.h"

bool do_page_fault(struct pt_regs *regs, u64 address)
{
	return false;
}

bool user_exception(struct pt_regs *regs, unsigned long vector)
{
	return false;
}

/* No user mode yet: nothing to deliver. */
void exit_to_user_mode(struct pt_regs *regs)
{
}
