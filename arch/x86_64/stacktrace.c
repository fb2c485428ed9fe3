/*
 * Kernel stack traces by frame pointers. Every kernel function that sets
 * up a frame (all but the smallest leaf functions) starts with
 *
 *     [rbp]     -> the caller's saved rbp
 *     [rbp + 8] -> the return address into the caller
 *
 * and the chain ends at rbp = 0 (start64_high and new tasks clear it).
 * A walk stays inside one stack block and only moves upward, so a corrupt
 * chain ends the walk instead of faulting.
 *
 * Oops reports print what Linux's frame-pointer unwinder prints: every
 * kernel text address found on the stack, the ones on the rbp chain as
 * they are and the others (stale values, or the caller of a leaf function
 * that made no frame) marked "? ".
 */
#include "asm/stacktrace.h"
#include "asm/memlayout.h"
#include "arch/x86_64/mmu.h"
#include "asm/processor.h"
#include "kernel/task.h"
#include "kernel/kallsyms.h"
#include "kernel/module/loader.h"
#include "kernel/printk/printk.h"
#include "kernel/module/module.h"
#include "kernel/trace/kprobes.h"

extern char _text[], _etext[];

static bool kernel_text_address(u64 addr)
{
	return (addr >= (u64)_text && addr < (u64)_etext) ||
	       is_module_text_address(addr);
}

/* The walk of @tsk's stack (or of an interrupt stack on its behalf): a
 * return that a kretprobe sent to its trampoline shows where it really
 * goes (kretprobe_find_ret_addr()), as Linux's unwinder does. */
static int stack_walk(const struct task_struct *tsk, u64 rbp, u64 lo, u64 hi,
		      u64 *pcs, int max)
{
	int n = 0;

	while (n < max && rbp >= lo && rbp + 16 <= hi && (rbp & 7) == 0) {
		u64 *frame = (u64 *)rbp;
		u64 next = frame[0];

		if (frame[1] == 0)
			break;
		pcs[n++] = kretprobe_find_ret_addr(tsk, &frame[1]);
		if (next <= rbp)
			break;
		rbp = next;
	}
	return n;
}

int arch_stack_walk(u64 rbp, u64 lo, u64 hi, u64 *pcs, int max)
{
	return stack_walk(current, rbp, lo, hi, pcs, max);
}

int arch_stack_walk_regs(const struct pt_regs *regs, bool at_entry,
			 u64 *pcs, int max)
{
	u64 lo = ALIGN_DOWN(regs->rsp, THREAD_SIZE), hi = lo + THREAD_SIZE;
	int n = 0;

	if (max < 2 || user_mode(regs))
		return 0;
	pcs[n++] = regs->rip;
	if (at_entry)		/* no frame yet: the caller's address on top */
		pcs[n++] = kretprobe_find_ret_addr(current, (u64 *)regs->rsp);
	return n + stack_walk(current, regs->rbp, lo, hi, pcs + n, max - n);
}

/* True when every page of [lo, hi) is mapped (a #DF may come with rsp
 * in a guard gap: reading there would fault again). */
static bool stack_mapped(u64 lo, u64 hi)
{
	for (u64 p = ALIGN_DOWN(lo, PAGE_SIZE); p < hi; p += PAGE_SIZE)
		if (!kernel_lookup_pte(p))
			return false;
	return true;
}

static void print_entry(const char *lvl, u64 addr, bool reliable)
{
	char sym[128];

	/* A return address is looked up at addr - 1 (the call); a stale
	 * value such as a function pointer may point at a function's start. */
	if (reliable || kallsyms_lookup(addr - 1, NULL, NULL))
		sprint_backtrace(sym, sizeof(sym), addr);
	else
		sprint_symbol(sym, sizeof(sym), addr);
	printk("%s %s%s\n", lvl, reliable ? "" : "? ", sym);
}

#define MAX_TRACE_ENTRIES 48

void show_stack(u64 rsp, u64 rbp, const char *lvl)
{
	u64 hi = ALIGN_DOWN(rsp, THREAD_SIZE) + THREAD_SIZE;
	u64 next_frame = rbp;
	int printed = 0;

	printk("%sCall Trace:\n", lvl);
	rsp = ALIGN_UP(rsp, 8);
	if (!stack_mapped(rsp, rsp + 8)) {
		/* Off the bottom of a stack (a guard gap): trace the block above. */
		rsp = hi;
		hi += THREAD_SIZE;
		if (!stack_mapped(rsp, hi))
			return;
	}
	for (u64 a = rsp; a < hi && printed < MAX_TRACE_ENTRIES; a += 8) {
		u64 val = kretprobe_find_ret_addr(current, (u64 *)a);
		bool reliable = next_frame && a == next_frame + 8;

		if (reliable) {
			u64 up = *(u64 *)next_frame;

			next_frame = (up > next_frame && up < hi) ? up : 0;
		}
		if (kernel_text_address(val)) {
			print_entry(lvl, val, reliable);
			printed++;
		}
	}
	if (printed == MAX_TRACE_ENTRIES)
		printk("%s ... (trace cut at %d entries)\n", lvl, MAX_TRACE_ENTRIES);
}

/*
 * The saved kernel stack of a task that is not running: __switch_to_asm
 * left a struct inactive_task_frame at p->thread.sp; its return address
 * is the first frame (inside the scheduler) and its rbp starts the chain.
 * The caller keeps @p from being freed and off every CPU.
 */
int task_stack_trace(const struct task_struct *p, u64 *pcs, int max)
{
	const struct inactive_task_frame *f = (const void *)p->thread.sp;
	u64 lo = (u64)p->stack, hi = lo + THREAD_SIZE;

	if (max < 1 || p->thread.sp < lo || p->thread.sp + sizeof(*f) > hi)
		return 0;
	pcs[0] = f->ret_addr;
	return 1 + stack_walk(p, f->rbp, lo, hi, pcs + 1, max - 1);
}

void show_task_trace(const struct task_struct *p, const char *lvl)
{
	u64 pcs[32];
	int n = task_stack_trace(p, pcs, 32);

	printk("%sCall Trace:\n", lvl);
	for (int i = 0; i < n; i++)
		print_entry(lvl, pcs[i], true);
}

void show_trace_from(u64 rbp, const char *lvl)
{
	u64 pcs[32];
	u64 lo = ALIGN_DOWN(rbp, THREAD_SIZE);
	int n = arch_stack_walk(rbp, lo, lo + THREAD_SIZE, pcs, 32);

	printk("%sCall Trace:\n", lvl);
	for (int i = 0; i < n; i++)
		print_entry(lvl, pcs[i], true);
}

void dump_stack(void)
{
	u64 rsp;

	__asm__ __volatile__("mov %%rsp, %0" : "=r"(rsp));
	show_stack(rsp, (u64)__builtin_frame_address(0), KERN_EMERG);
}
EXPORT_SYMBOL(dump_stack);
