/*
 * /proc/<pid>/maps: one line per VMA, in Linux's format
 *
 *   start-end perms offset dev inode                     pathname
 *   00400000-00401000 r-xp 00000000 00:01 42             /bin/threads
 *   7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0      [stack]
 *
 * The fourth perms letter is 's' for a MAP_SHARED mapping (of a tmpfs
 * file, whose path, device and inode the VMA keeps, or of anonymous
 * memory: "/dev/zero (deleted)", as Linux names it), 'p' otherwise.
 *
 * with the name column at the place Linux puts it (column 73). Names are
 * the executable's path for its segments, [heap], [stack] for the main
 * thread's stack, and, as Linux 3.x did (and the course notes teach),
 * [stack:<tid>] for the VMA holding another thread's user stack: each
 * thread has a stack of its own.
 *
 * The VMAs are copied under mm->lock, the thread stacks under
 * tasklist_lock; the text is written after both are released.
 */
#include "kernel/fs/proc/internal.h"
#include "kernel/cred.h"
#include "kernel/fork.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/slab.h"
#include "kernel/tasklist.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define MAPS_NAME_COLUMN 72	/* Linux: 25 + sizeof(void *) * 6 - 1 */

struct map_row {
	u64 start, end, flags, pgoff;
	u32 dev;			/* a file mapping's (mmap) */
	u64 ino;
	char name[VMA_NAME_LEN];
};

struct thread_stack {
	pid_t tid;
	u64 lo, hi;
};

/* A copy of @mm's VMAs in *@rows (kfree it); their number or -ENOMEM. */
static int copy_vmas(struct mm_struct *mm, struct map_row **rows)
{
	int cap = READ_ONCE(mm->map_count) + 8;

	for (;;) {
		struct map_row *r = kmalloc(cap * sizeof(*r), GFP_KERNEL);
		struct vm_area_struct *v;
		unsigned long irq;
		int n = 0;

		if (!r)
			return -ENOMEM;
		irq = spin_lock_irqsave(&mm->lock);
		list_for_each_entry(v, &mm->mmap, list) {
			if (n < cap) {
				r[n].start = v->vm_start;
				r[n].end = v->vm_end;
				r[n].flags = v->vm_flags;
				r[n].pgoff = v->vm_pgoff;
				r[n].dev = v->vm_dev;
				r[n].ino = v->vm_ino;
				memcpy(r[n].name, v->name, VMA_NAME_LEN);
				r[n].name[VMA_NAME_LEN - 1] = '\0';
			}
			n++;
		}
		spin_unlock_irqrestore(&mm->lock, irq);
		if (n <= cap) {
			*rows = r;
			return n;
		}
		kfree(r);
		cap = n + 8;
	}
}

/* The user stacks of @p's threads other than the main one. */
static int copy_thread_stacks(struct task_struct *p, struct thread_stack *out,
			      int max)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *t;
	int n = 0;

	if (proc_task_hashed(p)) {
		for_each_thread(p, t) {
			if (n < max && !thread_group_leader(t) && t->ustack_hi)
				out[n++] = (struct thread_stack){ t->pid,
					t->ustack_lo, t->ustack_hi };
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n;
}

static void maps_line(struct seq_buf *m, const struct map_row *r,
		      const char *name)
{
	size_t start = m->len;
	bool file = name[0] == '/';

	seq_printf(m, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ",
		   (unsigned long)r->start, (unsigned long)r->end,
		   (r->flags & VM_READ) ? 'r' : '-',
		   (r->flags & VM_WRITE) ? 'w' : '-',
		   (r->flags & VM_EXEC) ? 'x' : '-',
		   (r->flags & VM_SHARED) ? 's' : 'p',
		   file ? (unsigned long)(r->pgoff << PAGE_SHIFT) : 0ul,
		   MAJOR(r->dev), MINOR(r->dev), (unsigned long)r->ino);
	if (name[0]) {
		size_t col = m->len - start;

		if (!m->overflow && col < MAPS_NAME_COLUMN)
			seq_printf(m, "%*s", (int)(MAPS_NAME_COLUMN - col), "");
		seq_printf(m, " %s", name);
	}
	seq_putc(m, '\n');
}

/* The name of @r: its own, or [stack:<tid>] if a thread's stack is in it. */
static const char *row_name(const struct map_row *r,
			    const struct thread_stack *ts, int nts,
			    char *buf, size_t size)
{
	if (r->name[0])
		return r->name;
	for (int i = 0; i < nts; i++) {
		if (ts[i].hi - 1 >= r->start && ts[i].hi - 1 < r->end) {
			scnprintf(buf, size, "[stack:%d]", ts[i].tid);
			return buf;
		}
	}
	return "";
}

#define MAX_STACKS 1024

int proc_maps_show(struct seq_buf *m, void *data)
{
	struct proc_inode *pi = data;
	struct mm_struct *mm = get_task_mm(pi->task);
	struct thread_stack *ts = NULL;
	struct map_row *rows;
	char buf[24];
	int n, nts = 0;

	if (!mm)
		return 0;	/* a kernel thread: no user mappings */
	if (!ptrace_may_access(pi->task)) {
		mmput(mm);	/* another user's layout: as Linux, EACCES */
		return -EACCES;
	}
	n = copy_vmas(mm, &rows);
	mmput(mm);
	if (n < 0)
		return n;
	ts = kmalloc(MAX_STACKS * sizeof(*ts), GFP_KERNEL);
	if (ts)
		nts = copy_thread_stacks(pi->task, ts, MAX_STACKS);
	for (int i = 0; i < n; i++) {
		const char *name = row_name(&rows[i], ts, nts, buf, sizeof(buf));

		/* A file's VMA carries its ids (mmap, exec's segments). */
		maps_line(m, &rows[i], name);
	}
	kfree(ts);
	kfree(rows);
	return 0;
}
