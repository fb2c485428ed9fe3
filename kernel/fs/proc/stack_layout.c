/* The kernel stack block picture (see stack_layout.h). */
#include "kernel/stack_layout.h"
#include "asm/processor.h"
#include "kernel/module/module.h"
#include "kernel/printk/printk.h"
#include "kernel/task.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

static void row(struct seq_buf *m, u64 addr, const char *box, const char *note)
{
	seq_printf(m, "  0x%016lx  %-40s %s\n", (unsigned long)addr, box, note);
}

void stack_layout_render(struct seq_buf *m, struct task_struct *p, u64 rsp)
{
	u64 base = (u64)p->stack, top = base + THREAD_SIZE;
	u64 magic = (u64)end_of_stack(p);
	u64 deepest = top - stack_used_max(p);
	u64 regs = (u64)task_pt_regs(p);
	char note[96];

	seq_printf(m, "%s (pid %d, tgid %d): kernel stack block of THREAD_SIZE = %d bytes (%d pages)\n",
		   p->comm, p->pid, p->tgid, THREAD_SIZE, THREAD_PAGES);
	row(m, top, "+--------------------------------------+", "top of the block");
	scnprintf(note, sizeof(note), "%zu bytes: user registers on kernel entry",
		  sizeof(struct pt_regs));
	row(m, regs, "| struct pt_regs                       |", note);
	if (rsp >= base && rsp < top) {
		scnprintf(note, sizeof(note), "in use now: %lu bytes",
			  (unsigned long)(top - rsp));
		row(m, rsp, "| <- stack pointer                     |", note);
	}
	scnprintf(note, sizeof(note), "high-water mark: %lu bytes used at most",
		  stack_used_max(p));
	row(m, deepest, "| <- deepest use so far                |", note);
	row(m, magic + 8, "|   (never used: still zeroes)         |", "");
	scnprintf(note, sizeof(note), "%s",
		  task_stack_end_corrupted(p) ? "CORRUPTED" : "intact");
	row(m, magic, "| STACK_END_MAGIC 0x57ac6e9d           |", note);
	row(m, magic, "+--------------------------------------+", "end of task_struct");
	scnprintf(note, sizeof(note), "%zu bytes = current when it runs",
		  sizeof(struct task_struct));
	row(m, base, "| struct task_struct                   |", note);
	row(m, base, "+--------------------------------------+", "block base = task_struct = task->stack");
	row(m, base - THREAD_SIZE, "  (guard gap: unmapped)", "a stack overflow faults here");
}

struct layout_args {
	struct task_struct *p;
	u64 rsp;
};

static int layout_show(struct seq_buf *m, void *data)
{
	struct layout_args *a = data;

	stack_layout_render(m, a->p, a->rsp);
	return 0;
}

/* Line by line: printk takes one line of at most 512 bytes at a time. */
int stack_layout_print(const char *prefix, struct task_struct *p,
		       unsigned long rsp)
{
	struct layout_args a = { p, rsp };
	struct seq_buf m;
	int err = seq_buf_render(&m, layout_show, &a);
	const char *line = m.buf, *end;

	if (err)
		return err;
	for (; line < m.buf + m.len; line = end + 1) {
		end = memchr(line, '\n', m.buf + m.len - line);
		if (!end)
			end = m.buf + m.len;
		printk("%s%.*s\n", prefix, (int)(end - line), line);
	}
	seq_buf_free(&m);
	return 0;
}
EXPORT_SYMBOL(stack_layout_print);
