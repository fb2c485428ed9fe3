/*
 * Looking at a task's stacks and registers:
 *
 *   stack         its kernel stack, Linux's "[<0>] function+0xoff/0xsize"
 *                 per frame, walked by frame pointers
 *   stack_layout  the kernel stack block, drawn (kernel/stack_layout.h)
 *   uregs         (Taskbase) its saved user registers, "name 0x<value>"
 *                 per line, for gstack: rip, rsp and rbp start the walk of
 *                 the user stack through /proc/<pid>/mem
 *   syscall       Linux's: the system call it is blocked in and its
 *                 arguments, then the user sp and pc
 *
 * A task that is switched out has a consistent stack: __switch_to_asm left
 * its frame at thread.sp. A task running on another CPU right now has
 * none to offer (its stack changes under the reader): these files say so
 * instead of printing garbage. The reader itself is running, here, so
 * its own stack is walked from this very function (as Linux shows the
 * read path in /proc/self/stack).
 */
#include "kernel/cred.h"
#include "kernel/fs/proc/internal.h"
#include "asm/processor.h"
#include "kernel/task.h"
#include "asm/stacktrace.h"
#include "kernel/kallsyms.h"
#include "kernel/mm/slab.h"
#include "kernel/stack_layout.h"
#include "lib/atomic.h"
#include "lib/errno.h"
#include "lib/vsprintf.h"

#define PROC_STACK_DEPTH 64
#define SNAPSHOT_TRIES 3

static u64 nr_switches(const struct task_struct *p)
{
	return READ_ONCE(p->nvcsw) + READ_ONCE(p->nivcsw);
}

/*
 * Copy something of a task that is switched out with @copy(@p, @arg).
 * True when @p was off every CPU before and after the copy and had not
 * run in between, so the copy is consistent; false when it was running
 * (on CPU *@cpu) every time we looked.
 */
static bool snapshot_switched_out(struct task_struct *p,
				  void (*copy)(struct task_struct *p, void *arg),
				  void *arg, int *cpu)
{
	for (int i = 0; i < SNAPSHOT_TRIES; i++) {
		u64 before = nr_switches(p);

		if (smp_load_acquire(&p->on_cpu)) {
			*cpu = READ_ONCE(p->cpu);
			continue;
		}
		copy(p, arg);
		smp_rmb();
		if (!READ_ONCE(p->on_cpu) && nr_switches(p) == before)
			return true;
		*cpu = READ_ONCE(p->cpu);
	}
	return false;
}

struct trace {
	u64 pcs[PROC_STACK_DEPTH];
	int n;
};

static void copy_trace(struct task_struct *p, void *arg)
{
	struct trace *t = arg;

	t->n = task_stack_trace(p, t->pcs, PROC_STACK_DEPTH);
}

/* Our own stack, from this frame up: the path of the open() reading it. */
static void __attribute__((noinline)) own_trace(struct task_struct *p,
						struct trace *t)
{
	u64 lo = (u64)p->stack;

	t->n = arch_stack_walk((u64)__builtin_frame_address(0), lo,
			       lo + THREAD_SIZE, t->pcs, PROC_STACK_DEPTH);
}

int proc_stack_show(struct seq_buf *m, void *data)
{
	struct proc_inode *pi = data;
	struct task_struct *p = pi->task;
	struct trace *t = kmalloc(sizeof(*t), GFP_KERNEL);
	char sym[KSYM_SYMBOL_LEN];
	int cpu = -1;

	if (!t)
		return -ENOMEM;
	if (!ptrace_may_access(p)) {
		kfree(t);
		return -EACCES;
	}
	if (p == current)
		own_trace(p, t);
	else if (!snapshot_switched_out(p, copy_trace, t, &cpu))
		t->n = -1;
	if (t->n < 0)
		seq_printf(m, "[<0>] (running on CPU %d; no consistent trace)\n",
			   cpu);
	for (int i = 0; i < t->n; i++) {
		sprint_backtrace(sym, sizeof(sym), t->pcs[i]);
		seq_printf(m, "[<0>] %s\n", sym);
	}
	kfree(t);
	return 0;
}

/* ---- uregs ---- */

#define REG(name) { #name, __builtin_offsetof(struct pt_regs, name) }

static const struct {
	const char *name;
	size_t offset;
} uregs[] = {
	REG(rip), REG(rsp), REG(rbp), REG(rax), REG(rbx), REG(rcx), REG(rdx),
	REG(rsi), REG(rdi), REG(r8), REG(r9), REG(r10), REG(r11), REG(r12),
	REG(r13), REG(r14), REG(r15), REG(orig_rax), REG(eflags), REG(cs),
	REG(ss),
};

struct user_state {
	struct pt_regs regs;
	u64 fsbase, gsbase;
};

static void copy_user_state(struct task_struct *p, void *arg)
{
	struct user_state *s = arg;

	s->regs = *task_pt_regs(p);
	s->fsbase = READ_ONCE(p->thread.fsbase);
	s->gsbase = READ_ONCE(p->thread.gsbase);
}

/*
 * The saved user registers of @p: true, or false (a comment line written)
 * when there are none to give.
 */
static bool user_state(struct seq_buf *m, struct task_struct *p,
		       struct user_state *s)
{
	int cpu = -1;

	if (is_kthread(p))
		return false;	/* no user mode, no user registers */
	if (p == current) {
		copy_user_state(p, s);
		return true;
	}
	if (snapshot_switched_out(p, copy_user_state, s, &cpu))
		return true;
	seq_printf(m, "# running on CPU %d: its user registers are not saved\n",
		   cpu);
	return false;
}

int proc_uregs_show(struct seq_buf *m, void *data)
{
	struct proc_inode *pi = data;
	struct user_state s;

	if (!user_state(m, pi->task, &s))
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(uregs); i++)
		seq_printf(m, "%s 0x%016lx\n", uregs[i].name,
			   *(unsigned long *)((char *)&s.regs + uregs[i].offset));
	seq_printf(m, "fs_base 0x%016lx\ngs_base 0x%016lx\n",
		   (unsigned long)s.fsbase, (unsigned long)s.gsbase);
	return 0;
}

/* ---- syscall ---- */

/*
 * Linux's format: "nr arg1 ... arg6 sp pc" while blocked in a system call,
 * "-1 sp pc" when blocked otherwise, "running" when it runs.
 */
int proc_syscall_show(struct seq_buf *m, void *data)
{
	struct proc_inode *pi = data;
	struct task_struct *p = pi->task;
	struct user_state s;
	const struct pt_regs *r = &s.regs;
	int cpu = -1;

	if (is_kthread(p)) {
		seq_puts(m, "-1 0x0 0x0\n");
		return 0;
	}
	if (p == current)
		copy_user_state(p, &s);
	else if (!snapshot_switched_out(p, copy_user_state, &s, &cpu)) {
		seq_puts(m, "running\n");
		return 0;
	}
	if ((s64)r->orig_rax < 0)
		seq_printf(m, "-1 0x%lx 0x%lx\n", (unsigned long)r->rsp,
			   (unsigned long)r->rip);
	else
		seq_printf(m, "%ld 0x%lx 0x%lx 0x%lx 0x%lx 0x%lx 0x%lx 0x%lx "
			   "0x%lx\n", (long)r->orig_rax, (unsigned long)r->rdi,
			   (unsigned long)r->rsi, (unsigned long)r->rdx,
			   (unsigned long)r->r10, (unsigned long)r->r8,
			   (unsigned long)r->r9, (unsigned long)r->rsp,
			   (unsigned long)r->rip);
	return 0;
}

/* ---- stack_layout ---- */

static void copy_saved_sp(struct task_struct *p, void *arg)
{
	*(u64 *)arg = READ_ONCE(p->thread.sp);
}

int proc_stack_layout_show(struct seq_buf *m, void *data)
{
	struct proc_inode *pi = data;
	struct task_struct *p = pi->task;
	u64 rsp = 0;
	int cpu = -1;

	if (p == current)
		__asm__ __volatile__("mov %%rsp, %0" : "=r"(rsp));
	else if (!snapshot_switched_out(p, copy_saved_sp, &rsp, &cpu))
		rsp = 0;	/* running elsewhere: no stack pointer to show */
	stack_layout_render(m, p, rsp);
	return 0;
}
