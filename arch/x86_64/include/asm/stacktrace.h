/*
 * Frame-pointer stack walking (arch/x86_64/stacktrace.c), used by oops
 * reports, panic, /proc/<pid>/stack and the gdb helpers' cross-checks;
 * and which of this CPU's stacks an address is on (irqstack.c).
 */
#ifndef ASM_X86_64_STACKTRACE_H
#define ASM_X86_64_STACKTRACE_H

#include "asm/memlayout.h"
#include "lib/types.h"

/*
 * Collect up to @max return addresses from the rbp chain starting at @rbp,
 * never leaving [@lo, @hi). Returns how many were found.
 */
int arch_stack_walk(u64 rbp, u64 lo, u64 hi, u64 *pcs, int max);
/* Up to @max return addresses of the caller's own stack, its caller's
 * first (Linux's stack_trace_save(), without the skip count); how many.
 * Always inlined, so the walk starts at the caller's frame. */
static inline __attribute__((always_inline)) int stack_trace_save(u64 *pcs,
								  int max)
{
	u64 rbp = (u64)__builtin_frame_address(0);
	u64 lo = rbp & ~((u64)THREAD_SIZE - 1);

	return arch_stack_walk(rbp, lo, lo + THREAD_SIZE, pcs, max);
}
struct pt_regs;
/* Up to @max addresses for the kernel code @regs stopped: its rip, then
 * the return addresses of its frames. @at_entry: stopped at a function's
 * first instruction (a kprobe), before it made its frame, so its caller's
 * address is the word at rsp. How many. */
int arch_stack_walk_regs(const struct pt_regs *regs, bool at_entry,
			 u64 *pcs, int max);
/* Print "Call Trace:" and one symbolized line per frame from @rbp. */
void show_trace_from(u64 rbp, const char *log_level);
/*
 * Print every kernel text address on the stack from @rsp up to the top of
 * its block; those on the rbp chain from @rbp plain, others with "? ".
 */
void show_stack(u64 rsp, u64 rbp, const char *log_level);
struct task_struct;
/* Return addresses of a task that is switched out, from its saved frame. */
int task_stack_trace(const struct task_struct *p, u64 *pcs, int max);
/* Print "Call Trace:" for a switched-out task. */
void show_task_trace(const struct task_struct *p, const char *log_level);
/* Print the caller's own stack trace. */
void dump_stack(void);

/* STACK_IRQ / STACK_EXCEPTION (kernel/task.h's enum stack_kind, and in
 * *@ist which IST) when @addr is on one of this CPU's interrupt or
 * exception stacks, -1 otherwise. */
int on_cpu_stack(u64 addr, int *ist);
/* The IST stack's name as oops reports print it ("#DF", "NMI", ...). */
const char *ist_stack_name(int ist);

#endif
