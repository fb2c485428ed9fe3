/*
 * x86_64's part of kprobes (kernel/trace/kprobes.h; Linux's
 * arch/x86/kernel/kprobes/): the probe sites gcc left, the writing of
 * int3 over them, and the return address a kretprobe swaps.
 *
 * gcc's -fpatchable-function-entry=1 starts every probeable function
 * with a one-byte nop and records its address in the section
 * __patchable_function_entries (linker.ld: __start/__stop_kprobe_sites).
 * The kernel's text is mapped read-only, so a byte is written through
 * the direct map's alias of the same physical page (PAGE_KERNEL there).
 * One byte changes, so a CPU running the site sees either the nop or the
 * int3, both whole instructions; an IPI to every other CPU then makes
 * each one serialize (Linux's text_poke_sync()).
 */
#include "kernel/trace/kprobes.h"
#include "kernel/task.h"
#include "lib/bug.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "asm/page.h"
#include "asm/ptrace.h"
#include "asm/smp.h"

#define KPROBE_NOP 0x90			/* gcc's patchable entry */
#define INT3_INSN_OPCODE 0xcc

extern const u64 __start_kprobe_sites[], __stop_kprobe_sites[];

bool arch_kprobe_site(u64 addr)
{
	for (const u64 *s = __start_kprobe_sites; s < __stop_kprobe_sites; s++)
		if (*s == addr)
			return true;
	return false;
}

static void do_sync_core(void *unused)
{
	/* The IPI's iretq serializes this CPU: nothing else to do. */
}

void arch_kprobes_sync(void)
{
	smp_call_function(do_sync_core, NULL);
}

/* Write @byte at the site @addr, which must hold @old. */
static void text_poke_site(u64 addr, u8 old, u8 byte)
{
	u8 *alias = phys_to_virt(virt_to_phys((void *)addr));

	BUG_ON(!arch_kprobe_site(addr) || READ_ONCE(*alias) != old);
	WRITE_ONCE(*alias, byte);
	arch_kprobes_sync();
}

void arch_arm_kprobe(u64 addr)
{
	text_poke_site(addr, KPROBE_NOP, INT3_INSN_OPCODE);
}

void arch_disarm_kprobe(u64 addr)
{
	text_poke_site(addr, INT3_INSN_OPCODE, KPROBE_NOP);
}

/* At the entry's nop nothing has been pushed yet: the stack's top word
 * is the return address the call left. */
u64 *arch_kretprobe_slot(struct pt_regs *regs)
{
	return (u64 *)regs->rsp;
}

/* Linux's names (arch/x86/kernel/ptrace.c regoffset_table), and the
 * "r" forms of the eight old registers. */
static const struct { const char *name; unsigned int off; } reg_names[] = {
#define REG(n, f) { n, __builtin_offsetof(struct pt_regs, f) }
	REG("ax", rax), REG("bx", rbx), REG("cx", rcx), REG("dx", rdx),
	REG("si", rsi), REG("di", rdi), REG("bp", rbp), REG("sp", rsp),
	REG("r8", r8), REG("r9", r9), REG("r10", r10), REG("r11", r11),
	REG("r12", r12), REG("r13", r13), REG("r14", r14), REG("r15", r15),
	REG("ip", rip), REG("flags", eflags), REG("cs", cs), REG("ss", ss),
	REG("orig_ax", orig_rax),
#undef REG
};

int regs_query_register_offset(const char *name)
{
	if (name[0] == 'r' && name[1] && strlen(name) == 3 &&
	    (name[1] < '0' || name[1] > '9'))
		name++;			/* rdi: di */
	for (size_t i = 0; i < ARRAY_SIZE(reg_names); i++)
		if (!strcmp(name, reg_names[i].name))
			return (int)reg_names[i].off;
	return -EINVAL;
}

/* Within current's stack block, or else within the page of the stack
 * pointer (an interrupt stack): never a word that may not be mapped. */
u64 regs_get_kernel_stack_nth(const struct pt_regs *regs, unsigned int n)
{
	u64 sp = regs->rsp, addr = sp + 8ull * n;
	u64 lo = (u64)current->stack, hi = lo + THREAD_SIZE;

	if (sp < lo || sp >= hi) {
		lo = ALIGN_DOWN(sp, PAGE_SIZE);
		hi = lo + PAGE_SIZE;
	}
	return n < PAGE_SIZE / 8 && addr + 8 <= hi ? *(const u64 *)addr : 0;
}
