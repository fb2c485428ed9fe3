/*
 * The trace buffer (Linux's kernel/trace/trace.c and ring_buffer.c, much
 * smaller): a ring of TRACE_ENTRIES fixed-size records, each one line of
 * text with its context, kept under one spinlock. Events write from any
 * context, the int3 of a probe with interrupts off included, so writing
 * takes no lock but this one and wakes no one (it may run inside the
 * scheduler); trace_pipe's reader looks again every 10 ms instead (Linux
 * defers its wake-up to an irq_work). A full ring overwrites its oldest
 * record, as Linux's does by default.
 *
 * Records are numbered from 0 for ever: head is the next to write, tail
 * the oldest kept (trace_pipe consumes by moving it), so the ring slot of
 * record n is n % TRACE_ENTRIES.
 */
#include "kernel/trace/trace.h"
#include "kernel/fs/uio.h"
#include "kernel/kallsyms.h"
#include "kernel/fs/vfs.h"
#include "kernel/locking/spinlock.h"
#include "kernel/mm/slab.h"
#include "kernel/mm/vmalloc.h"
#include "kernel/preempt.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/time/time.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "asm/ptrace.h"
#include "asm/smp.h"
#include "asm/stacktrace.h"

#define TRACE_ENTRIES 1024
#define TRACE_TEXT 200
/* The longest a record prints: a line, or a stack of its frames. */
#define TRACE_LINE (80 + TRACE_TEXT / 8 * (KSYM_SYMBOL_LEN + 5))

#define TRACE_PCS (TRACE_TEXT / 8)

struct trace_entry {
	u64 ts;				/* ktime_get_ns() */
	int pid;
	u16 cpu;
	u8 nr_pcs;			/* 0: text; else a stack of nr_pcs */
	char flags[6];			/* Linux's five latency columns */
	char comm[16];
	union {
		char text[TRACE_TEXT];
		u64 pcs[TRACE_PCS];	/* innermost first, named when read */
	};
};

static DEFINE_SPINLOCK(trace_lock);
static struct trace_entry *ring;	/* vzalloc()ed by the first event */
static u64 head, tail;			/* record numbers (trace_lock) */
static u64 written;			/* since the last clear */
static bool tracing_on = true;

int trace_buffer_alloc(void)
{
	struct trace_entry *r;
	unsigned long flags;

	if (READ_ONCE(ring))
		return 0;
	r = vzalloc(sizeof(*r) * TRACE_ENTRIES);
	if (!r)
		return -ENOMEM;
	flags = spin_lock_irqsave(&trace_lock);
	if (!ring) {
		ring = r;
		r = NULL;
	}
	spin_unlock_irqrestore(&trace_lock, flags);
	vfree(r);			/* another CPU was first */
	return 0;
}

/* irqs-off, need-resched, hardirq/softirq, preempt depth, migrate: as
 * Linux prints them for the code @regs interrupted. */
static void context_flags(char *f, const struct pt_regs *regs)
{
	unsigned int depth = preempt_count() & PREEMPT_MASK;

	f[0] = regs_irqs_disabled(regs) ? 'd' : '.';
	f[1] = need_resched() ? 'N' : '.';
	f[2] = in_hardirq() && in_serving_softirq() ? 'H' :
	       in_hardirq() ? 'h' : in_serving_softirq() ? 's' : '.';
	f[3] = depth ? "0123456789abcdef"[MIN(depth, 15u)] : '.';
	f[4] = '.';
	f[5] = '\0';
}

/* trace_lock held, recording on: the next record, its context filled
 * in (@ctx: the flags), the oldest overwritten when the ring is full. */
static struct trace_entry *trace_reserve(const char *ctx)
{
	struct trace_entry *e;

	if (head - tail == TRACE_ENTRIES)
		tail++;				/* overwrite the oldest */
	e = &ring[head % TRACE_ENTRIES];
	e->ts = ktime_get_ns();
	e->pid = current->pid;
	e->cpu = (u16)smp_processor_id();
	e->nr_pcs = 0;
	memcpy(e->comm, current->comm, sizeof(e->comm));
	memcpy(e->flags, ctx, sizeof(e->flags));
	head++;
	written++;
	return e;
}

void trace_event_printf(struct pt_regs *regs, const char *fmt, ...)
{
	char ctx[6];
	unsigned long flags;
	va_list ap;

	context_flags(ctx, regs);	/* before the lock counts as preemption */
	flags = spin_lock_irqsave(&trace_lock);
	if (ring && tracing_on) {
		va_start(ap, fmt);
		vsnprintf(trace_reserve(ctx)->text, TRACE_TEXT, fmt, ap);
		va_end(ap);
	}
	spin_unlock_irqrestore(&trace_lock, flags);
}

void trace_event_stack(struct pt_regs *regs, bool at_entry)
{
	u64 pcs[TRACE_PCS];
	int n = arch_stack_walk_regs(regs, at_entry, pcs, TRACE_PCS);
	char ctx[6];
	unsigned long flags;
	struct trace_entry *e;

	context_flags(ctx, regs);
	flags = spin_lock_irqsave(&trace_lock);
	if (ring && tracing_on && n > 0) {
		e = trace_reserve(ctx);
		memcpy(e->pcs, pcs, sizeof(u64) * (size_t)n);
		e->nr_pcs = (u8)n;
	}
	spin_unlock_irqrestore(&trace_lock, flags);
}

/* Copy record @n into @e if it is still kept: true, else false. */
static bool trace_peek(u64 n, struct trace_entry *e)
{
	unsigned long flags = spin_lock_irqsave(&trace_lock);
	bool ok = ring && n >= tail && n < head;

	if (ok)
		*e = ring[n % TRACE_ENTRIES];
	spin_unlock_irqrestore(&trace_lock, flags);
	return ok;
}

/* One record as Linux's default output prints it: a line, or a stack
 * trace's "<stack trace>" line and one " => function" line per frame.
 * Its length (@buf is TRACE_LINE bytes). */
static int trace_format(char *buf, size_t size, const struct trace_entry *e)
{
	int len = scnprintf(buf, size, "%16s-%-7d [%03u] %s %6lu.%06lu: %s\n",
			    e->comm, e->pid, e->cpu, e->flags,
			    (unsigned long)(e->ts / 1000000000),
			    (unsigned long)(e->ts % 1000000000 / 1000),
			    e->nr_pcs ? "<stack trace>" : e->text);

	for (int i = 0; i < e->nr_pcs; i++) {
		char sym[KSYM_SYMBOL_LEN];

		sprint_symbol_no_offset(sym, sizeof(sym),
					i ? e->pcs[i] - 1 : e->pcs[i]);
		len += scnprintf(buf + len, size - (size_t)len, " => %s\n", sym);
	}
	return len;
}

/* A reader's room: a record copied out, and its text (too big for a
 * kernel stack). */
struct trace_iter {
	struct trace_entry e;
	char line[TRACE_LINE];
};

int trace_show(struct seq_buf *m, void *unused)
{
	struct trace_iter *it = kmalloc(sizeof(*it), GFP_KERNEL);
	unsigned long flags;
	u64 from, to, all;

	if (!it)
		return -ENOMEM;
	flags = spin_lock_irqsave(&trace_lock);
	from = tail;
	to = head;
	all = written;
	spin_unlock_irqrestore(&trace_lock, flags);
	seq_printf(m, "# tracer: nop\n#\n");
	seq_printf(m, "# entries-in-buffer/entries-written: %lu/%lu   #P:%u\n#\n",
		   (unsigned long)(to - from), (unsigned long)all,
		   num_online_cpus());
	seq_printf(m, "#                                _-----=> irqs-off/BH-disabled\n"
		      "#                               / _----=> need-resched\n"
		      "#                              | / _---=> hardirq/softirq\n"
		      "#                              || / _--=> preempt-depth\n"
		      "#                              ||| / _-=> migrate-disable\n"
		      "#                              |||| /     delay\n"
		      "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
		      "#              | |         |   |||||     |         |\n");
	for (u64 n = from; n < to; n++) {
		if (!trace_peek(n, &it->e))
			continue;		/* overwritten meanwhile */
		trace_format(it->line, sizeof(it->line), &it->e);
		seq_puts(m, it->line);
	}
	kfree(it);
	return 0;
}

void trace_clear(void)
{
	unsigned long flags = spin_lock_irqsave(&trace_lock);

	tail = head;
	written = 0;
	spin_unlock_irqrestore(&trace_lock, flags);
}

int tracing_on_show(struct seq_buf *m, void *unused)
{
	seq_printf(m, "%d\n", READ_ONCE(tracing_on));
	return 0;
}

int tracing_on_store(void *unused, const char *buf, size_t len)
{
	u64 v;

	if (kstrtoull(buf, 10, &v))
		return -EINVAL;
	WRITE_ONCE(tracing_on, v != 0);
	return 0;
}

int buffer_size_show(struct seq_buf *m, void *unused)
{
	seq_printf(m, "%lu\n", (unsigned long)(sizeof(struct trace_entry) *
					       TRACE_ENTRIES / 1024));
	return 0;
}

/* The oldest record's line into @line, consumed, if there is one and it
 * fits in @room bytes: its length, 0 if none, -ENOSPC if it does not fit,
 * -EAGAIN if it was overwritten meanwhile. @e: room for a record. */
static int trace_consume(struct trace_entry *e, char *line, size_t room)
{
	unsigned long flags = spin_lock_irqsave(&trace_lock);
	u64 n = tail;
	int len;

	spin_unlock_irqrestore(&trace_lock, flags);
	len = trace_peek(n, e) ? trace_format(line, TRACE_LINE, e) : 0;
	if (len > (int)room)
		return -ENOSPC;
	if (len) {
		flags = spin_lock_irqsave(&trace_lock);
		if (tail == n)
			tail++;
		else
			len = -EAGAIN;		/* overwritten: try the next */
		spin_unlock_irqrestore(&trace_lock, flags);
	}
	return len;
}

/* trace_pipe: lines consumed from the buffer, as many as fit; waits for
 * the first (10 ms at a time) unless O_NONBLOCK. */
static long trace_pipe_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct trace_iter *it = kmalloc(sizeof(*it), GFP_KERNEL);
	long done = 0, err = 0;

	while (it && to->count && !err) {
		int len = trace_consume(&it->e, it->line, to->count);

		if (len == -ENOSPC)
			err = done ? 0 : -EINVAL;	/* not even one line */
		else if (len > 0 &&
			 copy_to_iter(it->line, (size_t)len, to) != (size_t)len)
			err = -EFAULT;
		else if (len > 0)
			done += len;
		else if (len == 0 && done)
			break;
		else if (len == 0 && (f->f_flags & O_NONBLOCK))
			err = -EAGAIN;
		else if (len == 0 && signal_pending(current))
			err = -ERESTARTSYS;
		else if (len == 0)
			msleep_interruptible(10);
	}
	kfree(it);
	if (!it)
		return -ENOMEM;
	return done ? done : err;
}

const struct file_operations trace_pipe_fops = {
	.read = trace_pipe_read,
};
