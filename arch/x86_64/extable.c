/*
 * The exception table: pairs (instruction, fixup) for the few kernel
 * instructions that are allowed to fault, such as the loads and stores of
 * copy_from_user(). When one of them faults, the handler resumes at its
 * fixup instead of oopsing; the fixup then returns -EFAULT. Entries are
 * emitted into the __ex_table section by the _ASM_EXTABLE macro.
 */
#include "arch/x86_64/traps.h"

struct exception_table_entry {
	u64 insn, fixup;
};

extern const struct exception_table_entry __start___ex_table[];
extern const struct exception_table_entry __stop___ex_table[];

static const struct exception_table_entry *search_extable(u64 rip)
{
	const struct exception_table_entry *e;

	for (e = __start___ex_table; e < __stop___ex_table; e++)
		if (e->insn == rip)
			return e;
	return NULL;
}

bool fixup_exception(struct pt_regs *regs, unsigned long vector)
{
	const struct exception_table_entry *e = search_extable(regs->rip);

	if (!e)
		return false;
	regs->rip = e->fixup;
	return true;
}
