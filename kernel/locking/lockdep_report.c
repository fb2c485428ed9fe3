/*
 * The lock validator's reports, in Linux's words and layout, so that what
 * a student learns to read here reads the same on Linux: the banner, who
 * was taking what, the dependency chain with the stack that recorded
 * each link, the unsafe scenario drawn per CPU, the locks held and the
 * stack of the attempt. Each is printed once: lockdep.c turns itself off
 * before it calls these (debug_locks_off()).
 */
#ifdef CONFIG_LOCKDEP

#include "kernel/locking/lockdep_internal.h"
#include "asm/percpu.h"
#include "asm/stacktrace.h"
#include "kernel/kallsyms.h"
#include "kernel/panic.h"
#include "kernel/preempt.h"
#include "kernel/printk/printk.h"
#include "kernel/task.h"
#include "kernel/version.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define LD_WARN KERN_WARNING

/* Held locks keep the low half of a kernel text address. */
static u64 held_ip(const struct held_lock *h)
{
	return 0xffffffff00000000ull | h->ip;
}

static struct lock_class *hlock_class(const struct held_lock *h)
{
	return &lock_classes[h->class_idx];
}

const char *lock_class_suffix(const struct lock_class *class)
{
	static const char *const suffix[MAX_LOCKDEP_SUBCLASSES] = {
		"", "/1", "/2", "/3", "/4", "/5", "/6", "/7",
	};

	return suffix[class->subclass];
}

/* Linux's usage letter: '?' both, '-' used in the interrupt, '+' taken
 * with it enabled, '.' neither. */
static char usage_char(unsigned int usage, unsigned int used_in,
		       unsigned int enabled)
{
	if ((usage & used_in) && (usage & enabled))
		return '?';
	return usage & used_in ? '-' : usage & enabled ? '+' : '.';
}

const char *lock_class_usage(const struct lock_class *class, char *buf,
			     size_t size)
{
	scnprintf(buf, size, "{%c.%c.}-{%u:%u}",
		  usage_char(class->usage, LOCKF_USED_IN_HARDIRQ,
			     LOCKF_ENABLED_HARDIRQ),
		  usage_char(class->usage, LOCKF_USED_IN_SOFTIRQ,
			     LOCKF_ENABLED_SOFTIRQ),
		  class->wait_type, class->wait_type);
	return buf;
}

static void print_banner(const char *title, char rule)
{
	char line[80], taint[40];
	int n = (int)strlen(title) + 9;

	n = n < (int)sizeof(line) - 1 ? n : (int)sizeof(line) - 1;
	for (int i = 0; i < n; i++)
		line[i] = '=';
	line[n] = '\0';
	printk(LD_WARN "\n%s\n", line);
	printk(LD_WARN "WARNING: %s\n", title);
	printk(LD_WARN "%s %s\n", UTS_RELEASE,
	       print_tainted(taint, sizeof(taint)));
	for (int i = 0; i < n; i++)
		line[i] = rule;
	printk(LD_WARN "%s\n", line);
}

/* "ffff...  (name){+...}-{2:2}, at: func+0x1f/0x40" */
static void print_lock(const struct held_lock *h)
{
	char usage[24], sym[128];

	sprint_symbol(sym, sizeof(sym), held_ip(h));
	printk(LD_WARN "%016lx (%s%s)%s, at: %s\n", (unsigned long)h->map,
	       hlock_class(h)->name, lock_class_suffix(hlock_class(h)),
	       lock_class_usage(hlock_class(h), usage, sizeof(usage)), sym);
}

static void print_trace(const struct lock_trace *t)
{
	char sym[128];

	for (u32 i = 0; i < t->nr; i++) {
		sprint_backtrace(sym, sizeof(sym), stack_trace[t->start + i]);
		printk(LD_WARN "       %s\n", sym);
	}
}

/* The stack of this attempt, as the chain's links show theirs. */
static void print_current_trace(void)
{
	u64 pcs[LOCKDEP_TRACE_DEPTH];
	int n = stack_trace_save(pcs, LOCKDEP_TRACE_DEPTH);
	char sym[128];

	for (int i = 0; i < n; i++) {
		sprint_backtrace(sym, sizeof(sym), pcs[i]);
		printk(LD_WARN "       %s\n", sym);
	}
}

static void print_held_locks(struct task_struct *t)
{
	const struct lockdep_task *ld = &t->lockdep;

	if (!ld->depth) {
		printk(LD_WARN "no locks held by %s/%d.\n", t->comm, t->pid);
		return;
	}
	printk(LD_WARN "%u lock%s held by %s/%d:\n", ld->depth,
	       ld->depth > 1 ? "s" : "", t->comm, t->pid);
	for (u32 i = 0; i < ld->depth; i++) {
		printk(LD_WARN " #%u: ", i);
		print_lock(&ld->held[i]);
	}
}

static void print_backtrace(void)
{
	printk(LD_WARN "\nstack backtrace:\n");
	printk(LD_WARN "CPU: %u PID: %d Comm: %s %s\n", smp_processor_id(),
	       current->pid, current->comm, UTS_RELEASE);
	show_trace_from((u64)__builtin_frame_address(0), LD_WARN);
}

static void print_circular_scenario(const struct lock_class *held,
				    const struct lock_class *next,
				    const struct lock_class *parent)
{
	printk(LD_WARN " Possible unsafe locking scenario:\n\n");
	printk(LD_WARN "       CPU0                    CPU1\n");
	printk(LD_WARN "       ----                    ----\n");
	printk(LD_WARN "  lock(%s%s);\n", held->name, lock_class_suffix(held));
	printk(LD_WARN "                               lock(%s%s);\n",
	       parent->name, lock_class_suffix(parent));
	printk(LD_WARN "                               lock(%s%s);\n",
	       held->name, lock_class_suffix(held));
	printk(LD_WARN "  lock(%s%s);\n", next->name, lock_class_suffix(next));
	printk(LD_WARN "\n *** DEADLOCK ***\n\n");
}

/* "Chain exists of: B --> C --> A --> B" for a cycle of more than two:
 * the dependencies known (from the new lock to the held one), then the
 * new one that closes the cycle. */
static void print_chain(const u16 *path, int n)
{
	char line[256];
	int len = 0;

	for (int i = 0; i < n; i++)
		len += scnprintf(line + len, sizeof(line) - (size_t)len,
				 "%s%s --> ", lock_classes[path[i]].name,
				 lock_class_suffix(&lock_classes[path[i]]));
	scnprintf(line + len, sizeof(line) - (size_t)len, "%s%s",
		  lock_classes[path[0]].name,
		  lock_class_suffix(&lock_classes[path[0]]));
	printk(LD_WARN "Chain exists of:\n  %s\n\n", line);
}

void print_circular_bug(struct held_lock *next, struct held_lock *prev,
			const u16 *path, const s32 *edges, int n)
{
	struct task_struct *t = current;
	char usage[24];

	print_banner("possible circular locking dependency detected", '-');
	printk(LD_WARN "%s/%d is trying to acquire lock:\n", t->comm, t->pid);
	print_lock(next);
	printk(LD_WARN "\nbut task is already holding lock:\n");
	print_lock(prev);
	printk(LD_WARN "\nwhich lock already depends on the new lock.\n\n");
	printk(LD_WARN "\nthe existing dependency chain (in reverse order) is:\n");
	for (int i = n - 1; i >= 1; i--) {
		struct lock_class *c = &lock_classes[path[i]];

		printk(LD_WARN "\n-> #%d (%s%s)%s:\n", i, c->name,
		       lock_class_suffix(c), lock_class_usage(c, usage, sizeof(usage)));
		print_trace(&list_entries[edges[i]].trace);
	}
	printk(LD_WARN "\n-> #0 (%s%s)%s:\n", hlock_class(next)->name,
	       lock_class_suffix(hlock_class(next)), lock_class_usage(hlock_class(next), usage, sizeof(usage)));
	print_current_trace();
	printk(LD_WARN "\nother info that might help us debug this:\n\n");
	if (n > 2)
		print_chain(path, n);
	print_circular_scenario(hlock_class(prev), hlock_class(next),
				&lock_classes[path[n > 1 ? n - 2 : 0]]);
	print_held_locks(t);
	print_backtrace();
}

void print_deadlock_bug(struct held_lock *next, struct held_lock *prev)
{
	struct task_struct *t = current;
	const struct lock_class *c = hlock_class(next);

	print_banner("possible recursive locking detected", '-');
	printk(LD_WARN "%s/%d is trying to acquire lock:\n", t->comm, t->pid);
	print_lock(next);
	printk(LD_WARN "\nbut task is already holding lock:\n");
	print_lock(prev);
	printk(LD_WARN "\nother info that might help us debug this:\n");
	printk(LD_WARN " Possible unsafe locking scenario:\n\n");
	printk(LD_WARN "       CPU0\n");
	printk(LD_WARN "       ----\n");
	printk(LD_WARN "  lock(%s%s);\n", c->name, lock_class_suffix(c));
	printk(LD_WARN "  lock(%s%s);\n", c->name, lock_class_suffix(c));
	printk(LD_WARN "\n *** DEADLOCK ***\n\n");
	printk(LD_WARN " May be due to missing lock nesting notation\n\n");
	print_held_locks(t);
	print_backtrace();
}

static const char *usage_name(unsigned int bit)
{
	static const char *const names[LOCK_USAGE_BITS] = {
		"IN-HARDIRQ-W", "HARDIRQ-ON-W", "IN-SOFTIRQ-W", "SOFTIRQ-ON-W",
	};

	return names[__builtin_ctz(bit)];
}

void print_usage_bug(struct held_lock *h, unsigned int old_bit,
		     unsigned int new_bit, bool irqs_on)
{
	struct task_struct *t = current;
	struct lock_class *c = hlock_class(h);

	print_banner("inconsistent lock state", '-');
	printk(LD_WARN "inconsistent {%s} -> {%s} usage.\n", usage_name(old_bit),
	       usage_name(new_bit));
	printk(LD_WARN "%s/%d [HC%d[%d]:SC%d[%d]:HE%d:SE%d] takes:\n", t->comm,
	       t->pid, h->hardirq, h->hardirq, h->softirq, h->softirq, irqs_on,
	       !in_softirq());
	print_lock(h);
	printk(LD_WARN "{%s} state was registered at:\n", usage_name(old_bit));
	print_trace(&c->usage_trace[__builtin_ctz(old_bit)]);
	printk(LD_WARN "\nother info that might help us debug this:\n");
	printk(LD_WARN " Possible unsafe locking scenario:\n\n");
	printk(LD_WARN "       CPU0\n");
	printk(LD_WARN "       ----\n");
	printk(LD_WARN "  lock(%s%s);\n", c->name, lock_class_suffix(c));
	printk(LD_WARN "  <Interrupt>\n");
	printk(LD_WARN "    lock(%s%s);\n", c->name, lock_class_suffix(c));
	printk(LD_WARN "\n *** DEADLOCK ***\n\n");
	print_held_locks(t);
	print_backtrace();
}

#endif
