/*
 * Hardware breakpoints and watchpoints for tracers (debugreg.h): what
 * PTRACE_POKEUSER writes at offsetof(struct user, u_debugreg[n]) is
 * checked, kept in the tracee's thread_struct, loaded into DR0-DR3/DR7
 * when the tracee runs, and turned into a SIGTRAP (si_code TRAP_HWBKPT,
 * DR6 bit n set) when it hits.
 *
 *   DR7 per breakpoint n:  L/G bits 2n, 2n+1   enable
 *                          R/W bits 16+4n      00 execute, 01 write,
 *                                              11 read or write (10: I/O)
 *                          LEN bits 18+4n      00 1, 01 2, 11 4, 10 8 bytes
 *
 * The CPU only ever sees a DR7 built here from checked fields (hw_dr7):
 * user addresses, aligned, no I/O breakpoints, no GD, no reserved bits.
 * A task without breakpoints has hw_dr7 == 0, and the context switch
 * tests just that (switch_debugregs() runs only when the task switched
 * from or to has some).
 *
 * A data breakpoint on a user word can also fire in kernel mode, when
 * copy_to_user() writes the word for the tracee (a read() into it). As
 * Linux 6.1 does (its ptrace breakpoints exclude the kernel), the hit is
 * ignored: no signal, nothing in DR6, and the copy goes on.
 */
#include "arch/x86_64/debugreg.h"
#include "asm/irqflags.h"
#include "asm/irq.h"
#include "asm/memlayout.h"
#include "asm/processor.h"
#include "kernel/ptrace.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "lib/errno.h"
#include "lib/string.h"

#define DR7_LE 0x100ul			/* exact data breakpoints */
#define TRAP_BRKPT 1			/* si_code: a step over a syscall */
#define TRAP_TRACE 2			/* si_code: a single-step trap */
#define TRAP_HWBKPT 4			/* si_code: a hardware breakpoint */

static inline u64 read_dr6(void)
{
	u64 v;

	__asm__ __volatile__("mov %%db6, %0" : "=r"(v));
	return v;
}

static inline void write_dr(int n, u64 v)
{
	switch (n) {
	case 0: __asm__ __volatile__("mov %0, %%db0" : : "r"(v)); break;
	case 1: __asm__ __volatile__("mov %0, %%db1" : : "r"(v)); break;
	case 2: __asm__ __volatile__("mov %0, %%db2" : : "r"(v)); break;
	case 3: __asm__ __volatile__("mov %0, %%db3" : : "r"(v)); break;
	case 6: __asm__ __volatile__("mov %0, %%db6" : : "r"(v)); break;
	case 7: __asm__ __volatile__("mov %0, %%db7" : : "r"(v)); break;
	}
}

static bool bp_enabled(u64 dr7, int n)
{
	return (dr7 >> (2 * n)) & 3;
}

static unsigned int bp_type(u64 dr7, int n)
{
	return (dr7 >> (16 + 4 * n)) & 3;
}

static u64 bp_len(u64 dr7, int n)
{
	static const u8 len[4] = { 1, 2, 8, 4 };

	return len[(dr7 >> (18 + 4 * n)) & 3];
}

/* Can breakpoint @n of DR7 value @dr7 watch @addr? 0 or -EINVAL. */
static int check_bp(u64 dr7, int n, u64 addr)
{
	unsigned int type = bp_type(dr7, n);
	u64 len = bp_len(dr7, n);

	if (!bp_enabled(dr7, n))
		return 0;
	if (type == 2 || (type == 0 && len != 1))
		return -EINVAL;		/* I/O, or a wide execute breakpoint */
	if ((addr & (len - 1)) || addr > TASK_SIZE_MAX - len)
		return -EINVAL;		/* unaligned, or not all user */
	return 0;
}

/* The DR7 the CPU gets for @t: only its checked, enabled fields. */
static u64 hw_dr7_of(const struct thread_struct *th)
{
	u64 dr7 = 0;

	for (int n = 0; n < HBP_NUM; n++)
		if (bp_enabled(th->ptrace_dr7, n))
			dr7 |= (1ul << (2 * n)) |
			       (((th->ptrace_dr7 >> (16 + 4 * n)) & 0xf) << (16 + 4 * n));
	return dr7 ? dr7 | DR7_LE : 0;
}

u64 ptrace_get_debugreg(struct task_struct *t, int n)
{
	if (n < HBP_NUM)
		return t->thread.ptrace_dr[n];
	if (n == 6)
		return t->thread.virtual_dr6 ^ DR6_RESERVED;
	return n == 7 ? t->thread.ptrace_dr7 : 0;
}

int ptrace_set_debugreg(struct task_struct *t, int n, u64 v)
{
	struct thread_struct *th = &t->thread;

	if (n < HBP_NUM) {
		if (v >= TASK_SIZE_MAX || check_bp(th->ptrace_dr7, n, v))
			return -EINVAL;		/* never a kernel address */
		th->ptrace_dr[n] = v;
	} else if (n == 6) {
		th->virtual_dr6 = v ^ DR6_RESERVED;
	} else if (n == 7) {
		/* Kept as written; GD and the reserved bits (as Linux) never
		 * reach the CPU: hw_dr7_of() copies only what is checked. */
		for (int i = 0; i < HBP_NUM; i++)
			if (check_bp(v, i, th->ptrace_dr[i]))
				return -EINVAL;
		th->ptrace_dr7 = v;
	} else {
		return -EIO;			/* DR4, DR5 */
	}
	th->hw_dr7 = hw_dr7_of(th);
	return 0;
}

void switch_debugregs(struct task_struct *next)
{
	const struct thread_struct *th = &next->thread;

	write_dr(7, 0);			/* never a mix of two tasks' */
	if (!th->hw_dr7)
		return;
	for (int n = 0; n < HBP_NUM; n++)
		write_dr(n, th->ptrace_dr[n]);
	write_dr(7, th->hw_dr7);
}

void flush_ptrace_hw_breakpoint(struct task_struct *t)
{
	struct thread_struct *th = &t->thread;
	bool loaded = th->hw_dr7;

	memset(th->ptrace_dr, 0, sizeof(th->ptrace_dr));
	th->ptrace_dr7 = th->hw_dr7 = th->virtual_dr6 = 0;
	if (loaded && t == current)
		write_dr(7, 0);
}

/* SIGTRAP for a #DB of current in user mode, si_code @code and si_addr
 * the rip it stopped at (Linux's send_sigtrap()). */
static void send_sigtrap(struct pt_regs *regs, u32 code)
{
	struct thread_struct *th = &current->thread;

	th->trap_nr = X86_TRAP_DB;
	th->error_code = 0;
	th->cr2 = regs->rip;
	th->db_si_code = code;
	force_sig(SIGTRAP);
}

void exc_debug(struct pt_regs *regs)
{
	struct thread_struct *th = &current->thread;
	u64 dr6 = read_dr6() ^ DR6_RESERVED, hit = 0;

	write_dr(6, DR6_RESERVED);	/* the CPU never clears it itself */
	for (int n = 0; n < HBP_NUM; n++) {
		if (!(dr6 & (1ul << n)) || !bp_enabled(th->hw_dr7, n))
			continue;	/* B bits of disabled ones may be set */
		/* An execute breakpoint is a fault: resume past it, unless a
		 * step trap came first (it faults again after the step). */
		if (bp_type(th->hw_dr7, n) == 0) {
			if (dr6 & DR_STEP)
				continue;
			regs->eflags |= X86_EFLAGS_RF;
		}
		hit |= 1ul << n;
	}
	if (!user_mode(regs)) {		/* ignored, as Linux 6.1 */
		if (dr6 & DR_STEP)		/* the kernel never steps itself */
			regs->eflags &= ~X86_EFLAGS_TF;
		return;
	}
	th->virtual_dr6 = (dr6 & DR_STEP) | hit;
	if (dr6 & DR_STEP)
		send_sigtrap(regs, TRAP_TRACE);
	else if (hit)
		send_sigtrap(regs, TRAP_HWBKPT);
	else if (!dr6)
		send_sigtrap(regs, TRAP_BRKPT);	/* icebp (int1) */
}

void user_single_step_report(struct pt_regs *regs)
{
	send_sigtrap(regs, TRAP_BRKPT);
}
