/*
 * kprobes (Linux's include/linux/kprobes.h): a handler that runs when the
 * kernel enters a function, put there and taken away at run time.
 *
 * Where Linux copies the probed instruction out and single-steps it,
 * Taskbase probes function entries only, and needs no stepping: gcc puts a
 * one-byte nop at the entry of every kernel function
 * (-fpatchable-function-entry=1, the Makefile) and lists those sites in
 * the section __patchable_function_entries. Arming a probe writes int3
 * (0xcc) over the nop; the int3 trap runs the handlers and returns to the
 * next byte, as if the nop had run (Linux's kprobes on ftrace work the
 * same way). Code the int3 and NMI paths run (arch/, lib/, locking,
 * printk, the sanitizers, kernel/trace/ itself) is built without the nop
 * and cannot be probed: -EINVAL, as Linux's blacklist.
 *
 * A kretprobe also runs a handler when the function returns: its entry
 * probe swaps the return address on the stack for a trampoline's and
 * keeps the real one in a kretprobe_instance on current's list.
 *
 * Handlers run with interrupts off, on the probed CPU, and must not
 * sleep. A probe hit while a handler of this CPU runs is not handled but
 * counted in nmissed (Linux's reentrancy rule), so handlers may call
 * probed functions.
 */
#ifndef KERNEL_TRACE_KPROBES_H
#define KERNEL_TRACE_KPROBES_H

#include "kernel/locking/spinlock.h"
#include "lib/refcount.h"
#include "lib/types.h"

struct pt_regs;
struct task_struct;
struct kprobe;

typedef u8 kprobe_opcode_t;
/* Before the function: 0 to go on (the nop "runs", regs->rip moves past
 * it), nonzero if the handler set regs->rip itself. */
typedef int (*kprobe_pre_handler_t)(struct kprobe *p, struct pt_regs *regs);
/* After the (empty) probed instruction. @flags is 0. */
typedef void (*kprobe_post_handler_t)(struct kprobe *p, struct pt_regs *regs,
				      unsigned long flags);

#define KPROBE_FLAG_DISABLED 0x2	/* registered, not armed */

struct kprobe {
	struct kprobe *next;		/* in its hash bucket (kprobe_mutex) */
	/* Where: addr, or symbol_name (+ offset); register_kprobe() fills
	 * in addr. Both set is -EINVAL. */
	kprobe_opcode_t *addr;
	const char *symbol_name;
	unsigned int offset;
	kprobe_pre_handler_t pre_handler;
	kprobe_post_handler_t post_handler;
	unsigned long nmissed;		/* hits not handled (reentry) */
	u32 flags;			/* KPROBE_FLAG_* */
};

struct kretprobe;
struct kretprobe_holder;

/* One call of a kretprobed function still on some task's stack. */
struct kretprobe_instance {
	struct kretprobe_instance *next;	/* free list or task's stack */
	struct kretprobe_holder *rph;
	u64 ret_addr;			/* where the function really returns */
	u64 *slot;			/* the stack word that held it */
	char data[];			/* the kretprobe's data_size bytes */
};

typedef int (*kretprobe_handler_t)(struct kretprobe_instance *ri,
				   struct pt_regs *regs);

struct kretprobe {
	struct kprobe kp;		/* the entry probe */
	kretprobe_handler_t handler;	/* at return: regs->rax is the value */
	kretprobe_handler_t entry_handler;	/* at entry; nonzero: skip */
	int maxactive;			/* instances; 0: Linux's default */
	int nmissed;			/* returns missed: no instance free */
	size_t data_size;		/* bytes of ri->data */
	struct kretprobe_holder *rph;
};

/* The pool of a kretprobe's instances. It outlives its kretprobe while
 * an instance is on a stack: rp is NULL then, the handler is not run,
 * and the last instance home frees the pool (from process context). */
struct kretprobe_holder {
	struct kretprobe *rp;		/* NULL once unregistered */
	refcount_t ref;			/* 1 for rp + 1 per instance out */
	spinlock_t lock;		/* the free list */
	struct kretprobe_instance *free;
	struct kretprobe_holder *next_orphan;
};

/*
 * Arm @p at its function: 0, -ENOENT (no such symbol), -EINVAL (both or
 * neither of addr and symbol_name, a function that cannot be probed, @p
 * already registered), -EILSEQ (an offset inside the function: entries
 * only). Process context; sleeps.
 */
int register_kprobe(struct kprobe *p);
/* Take @p away; when this returns no CPU runs its handlers. Sleeps. */
void unregister_kprobe(struct kprobe *p);
/* Disarm or rearm a registered @p, keeping its place: 0 or -EINVAL. */
int disable_kprobe(struct kprobe *p);
int enable_kprobe(struct kprobe *p);

/* As register_kprobe() for @rp->kp, with a pool of instances (-ENOMEM). */
int register_kretprobe(struct kretprobe *rp);
/* As unregister_kprobe(); calls still running return normally, without
 * the handler. */
void unregister_kretprobe(struct kretprobe *rp);

/* A module's region [@start, @start + @size) is about to be freed: a
 * kprobe or kretprobe that lives there, or whose handler does, is
 * unregistered with a warning, not left for its next hit to run freed
 * code (a module that forgot unregister_kprobe() in its exit). */
void kprobes_module_going(const char *name, const void *start, u64 size);

/* Is @addr the entry of a kernel function that can be probed? */
bool kprobe_can_probe(u64 addr);

/* do_exception()'s int3 from kernel mode: true if it was a probe's (the
 * handlers ran, regs->rip says where to go on), false if not ours.
 * Interrupts off. */
bool kprobe_int3_handler(struct pt_regs *regs);

/* The return trampoline's C half (interrupts off): run the kretprobe's
 * handler for current's latest instance and give its real return
 * address back. */
u64 kretprobe_trampoline_handler(struct pt_regs *regs, u64 *slot);

/* The word at @slot of @tsk's stack (or of an interrupt stack of its),
 * a return address; if it is kretprobe_trampoline's, the real one its
 * instance keeps (stack walks). @tsk is current or is off every CPU. */
u64 kretprobe_find_ret_addr(const struct task_struct *tsk, const u64 *slot);

/* @tsk is being freed: the instances of calls it never returned from
 * go back to their pools. */
void kretprobe_flush_task(struct task_struct *tsk);

/* ---- the architecture's part (arch/x86_64/kprobes.c) ---- */

/* Is @addr one of gcc's patchable entries (the nop or our int3)? */
bool arch_kprobe_site(u64 addr);
/* Write int3 over the site's nop, or the nop back, and wait until every
 * CPU has serialized. kprobe_mutex held; process context. */
void arch_arm_kprobe(u64 addr);
void arch_disarm_kprobe(u64 addr);
/* Run nothing on every other CPU and wait: when it returns, no CPU is
 * still inside a handler that started before. */
void arch_kprobes_sync(void);
/* At the entry of a kretprobed function: the stack word with the return
 * address, which the caller then points at kretprobe_trampoline. */
u64 *arch_kretprobe_slot(struct pt_regs *regs);
extern const char kretprobe_trampoline[];

#endif
