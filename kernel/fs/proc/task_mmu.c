/*
 * /proc/<pid>/maps, smaps, smaps_rollup and pagemap: a process's VMAs and
 * the pages behind them, in Linux's formats. maps is one line per VMA:
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
 *
 * smaps follows each maps line with the VMA's sizes and page counts
 * (Rss, Pss: each page divided by the mms mapping it, shared or
 * private, clean or dirty by the PTE's dirty bit) and its VmFlags;
 * smaps_rollup adds them all up. pagemap is binary: 8 bytes per page of
 * the address space, at offset (address / 4096) * 8, bit 63 present,
 * 61 a file's (or shared memory's) page, 56 mapped by this mm alone,
 * bits 0-54 the page frame number, shown to CAP_SYS_ADMIN only (zero for
 * others, as Linux since 4.2); no swap, no soft-dirty bit. Pages are
 * found by walk_user_pages() (kernel/mm/mm.c) under mm->lock.
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
	bool object;			/* maps a memory object (tmpfs, shmem) */
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
				r[n].object = v->vm_mapping != NULL;
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

/* What a file does with each VMA: @r, named @name, of @mm (held). */
typedef void (*row_fn)(struct seq_buf *m, const struct map_row *r,
		       const char *name, struct mm_struct *mm, void *arg);

/* For each VMA of @pi's task: @fn(@m, its row, its name, @mm, @arg). The
 * VMAs are a copy: they may change meanwhile. */
static int for_each_row(struct seq_buf *m, struct proc_inode *pi, row_fn fn,
			void *arg)
{
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
	if (n < 0) {
		mmput(mm);
		return n;
	}
	ts = kmalloc(MAX_STACKS * sizeof(*ts), GFP_KERNEL);
	if (ts)
		nts = copy_thread_stacks(pi->task, ts, MAX_STACKS);
	for (int i = 0; i < n; i++)
		fn(m, &rows[i], row_name(&rows[i], ts, nts, buf, sizeof(buf)),
		   mm, arg);
	mmput(mm);
	kfree(ts);
	kfree(rows);
	return 0;
}

/* A file's VMA carries its ids (mmap, exec's segments). */
static void maps_row(struct seq_buf *m, const struct map_row *r,
		     const char *name, struct mm_struct *mm, void *arg)
{
	maps_line(m, r, name);
}

int proc_maps_show(struct seq_buf *m, void *data)
{
	return for_each_row(m, data, maps_row, NULL);
}

/* ---- smaps, smaps_rollup ---- */

#define PSS_SHIFT 12		/* Pss in 1/4096ths of a byte, as Linux */

/* Linux's struct mem_size_stats, in bytes (pss: << PSS_SHIFT). */
struct mem_size_stats {
	u64 resident, shared_clean, shared_dirty, private_clean, private_dirty;
	u64 referenced, anonymous, pss, pss_dirty, pss_anon, pss_file;
	u64 pss_shmem, pss_locked;
	bool locked, object;		/* of the VMA being walked */
};

static void smaps_page(void *data, const struct user_page_state *st)
{
	struct mem_size_stats *mss = data;
	u64 pss = ((u64)PAGE_SIZE << PSS_SHIFT) / st->mapcount;

	mss->resident += PAGE_SIZE;
	mss->pss += pss;
	if (st->dirty)
		mss->pss_dirty += pss;
	if (st->anon)
		mss->pss_anon += pss;
	else if (mss->object)
		mss->pss_shmem += pss;
	else
		mss->pss_file += pss;
	if (mss->locked)
		mss->pss_locked += pss;
	if (st->anon)
		mss->anonymous += PAGE_SIZE;
	if (st->young)
		mss->referenced += PAGE_SIZE;
	if (st->mapcount > 1)
		*(st->dirty ? &mss->shared_dirty : &mss->shared_clean) += PAGE_SIZE;
	else
		*(st->dirty ? &mss->private_dirty : &mss->private_clean) += PAGE_SIZE;
}

/* Add the present pages of @r in @mm to @mss. */
static void smaps_account(struct mem_size_stats *mss, const struct map_row *r,
			  struct mm_struct *mm)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);

	mss->locked = r->flags & VM_LOCKED;
	mss->object = r->object;
	walk_user_pages(mm, r->start, r->end, smaps_page, mss);
	spin_unlock_irqrestore(&mm->lock, irq);
}

/* "Rss:" 16 columns wide, the number 8, as Linux's SEQ_PUT_DEC. */
static void smaps_kb(struct seq_buf *m, const char *label, u64 bytes)
{
	seq_printf(m, "%-16s%8llu kB\n", label, (unsigned long long)(bytes >> 10));
}

/* Linux's __show_smap(): the counts from Rss to Locked. */
static void show_smap(struct seq_buf *m, const struct mem_size_stats *mss,
		      bool rollup)
{
	smaps_kb(m, "Rss:", mss->resident);
	smaps_kb(m, "Pss:", mss->pss >> PSS_SHIFT);
	smaps_kb(m, "Pss_Dirty:", mss->pss_dirty >> PSS_SHIFT);
	if (rollup) {
		smaps_kb(m, "Pss_Anon:", mss->pss_anon >> PSS_SHIFT);
		smaps_kb(m, "Pss_File:", mss->pss_file >> PSS_SHIFT);
		smaps_kb(m, "Pss_Shmem:", mss->pss_shmem >> PSS_SHIFT);
	}
	smaps_kb(m, "Shared_Clean:", mss->shared_clean);
	smaps_kb(m, "Shared_Dirty:", mss->shared_dirty);
	smaps_kb(m, "Private_Clean:", mss->private_clean);
	smaps_kb(m, "Private_Dirty:", mss->private_dirty);
	smaps_kb(m, "Referenced:", mss->referenced);
	smaps_kb(m, "Anonymous:", mss->anonymous);
	/* Taskbase has no lazy-free pages, huge pages or swap. */
	static const char *const none[] = {
		"LazyFree:", "AnonHugePages:", "ShmemPmdMapped:",
		"FilePmdMapped:", "Shared_Hugetlb:", "Private_Hugetlb:",
		"Swap:", "SwapPss:",
	};
	for (size_t i = 0; i < ARRAY_SIZE(none); i++)
		smaps_kb(m, none[i], 0);
	smaps_kb(m, "Locked:", mss->pss_locked >> PSS_SHIFT);
}

/* VmFlags' two-letter names, by VM_* bit (Linux's mnemonics). The MAY
 * bits Taskbase does not keep are what Linux would have: a private
 * mapping may be read, written and executed, a shared one per its file. */
static void show_vm_flags(struct seq_buf *m, u64 flags)
{
	static const char names[32][3] = {
		[0] = "rd", [1] = "wr", [2] = "ex", [3] = "sh", [4] = "mr",
		[5] = "mw", [6] = "me", [7] = "ms", [8] = "gd", [13] = "lo",
		[19] = "lf", [20] = "ac", [26] = "dd",
	};
	u64 may = 0x10 | 0x40 | (flags & VM_SHARED ? 0x80 : 0x20);

	if ((flags & VM_WRITE) && !(flags & VM_SHARED))
		may |= 1ul << 20;	/* VM_ACCOUNT: private writable memory */
	flags |= may;
	if (flags & VM_SHARED)
		flags = (flags & ~0x20ul) | (flags & VM_MAYWRITE);
	seq_printf(m, "VmFlags: ");
	for (int bit = 0; bit < 32; bit++)
		if ((flags & (1ul << bit)) && names[bit][0])
			seq_printf(m, "%s ", names[bit]);
	seq_putc(m, '\n');
}

static void smaps_row(struct seq_buf *m, const struct map_row *r,
		      const char *name, struct mm_struct *mm, void *arg)
{
	struct mem_size_stats mss = { 0 };

	smaps_account(&mss, r, mm);
	maps_line(m, r, name);
	smaps_kb(m, "Size:", r->end - r->start);
	smaps_kb(m, "KernelPageSize:", PAGE_SIZE);
	smaps_kb(m, "MMUPageSize:", PAGE_SIZE);
	show_smap(m, &mss, false);
	seq_printf(m, "THPeligible:    0\n");
	show_vm_flags(m, r->flags);
}

int proc_smaps_show(struct seq_buf *m, void *data)
{
	return for_each_row(m, data, smaps_row, NULL);
}

/* smaps_rollup adds every VMA's counts; its header spans them all. */
struct rollup {
	struct mem_size_stats mss;
	u64 start, end;
};

static void rollup_row(struct seq_buf *m, const struct map_row *r,
		       const char *name, struct mm_struct *mm, void *arg)
{
	struct rollup *ru = arg;

	if (!ru->end)
		ru->start = r->start;
	ru->end = r->end;
	smaps_account(&ru->mss, r, mm);
}

int proc_smaps_rollup_show(struct seq_buf *m, void *data)
{
	struct rollup ru = { 0 };
	int err = for_each_row(m, data, rollup_row, &ru);

	if (err || !ru.end)
		return err;
	maps_line(m, &(struct map_row){ .start = ru.start, .end = ru.end },
		  "[rollup]");
	show_smap(m, &ru.mss, true);
	return 0;
}

/* ---- pagemap ---- */

/* One 64-bit entry per page of the address space (Linux's bits). */
#define PM_ENTRY_BYTES 8
#define PM_PFRAME_MASK ((1ull << 55) - 1)
#define PM_MMAP_EXCLUSIVE (1ull << 56)
#define PM_FILE (1ull << 61)
#define PM_PRESENT (1ull << 63)

struct pagemap_priv {
	struct mm_struct *mm;		/* the one there at open, as Linux */
	bool show_pfn;			/* the opener had CAP_SYS_ADMIN */
};

/* A chunk of entries being filled: @pm[i] is page @start + i pages. */
struct pagemap_walk {
	u64 *pm, start;
	bool show_pfn;
};

static void pagemap_page(void *data, const struct user_page_state *st)
{
	struct pagemap_walk *w = data;
	u64 e = PM_PRESENT | (w->show_pfn ? st->pfn & PM_PFRAME_MASK : 0);

	if (!st->anon)
		e |= PM_FILE;	/* a file's or shared memory's page */
	if (st->mapcount == 1)
		e |= PM_MMAP_EXCLUSIVE;
	w->pm[(st->va - w->start) >> PAGE_SHIFT] = e;
}

static int pagemap_open(struct inode *inode, struct file *f)
{
	struct pagemap_priv *pm;

	if (!ptrace_may_access(PROC_I(inode)->task))
		return -EACCES;
	pm = kmalloc(sizeof(*pm), GFP_KERNEL);
	if (!pm)
		return -ENOMEM;
	pm->mm = get_task_mm(PROC_I(inode)->task);
	pm->show_pfn = capable(CAP_SYS_ADMIN);
	f->private_data = pm;
	return 0;
}

/* Entries from *@pos (a multiple of 8, as the count must be: EINVAL);
 * nothing past the top of user space. Never-touched pages read as 0. */
static long pagemap_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct pagemap_priv *pm = f->private_data;
	const u64 last = TASK_SIZE_MAX >> PAGE_SHIFT;
	long done = 0;
	u64 *buf;

	if ((*pos % PM_ENTRY_BYTES) || (to->count % PM_ENTRY_BYTES) || *pos < 0)
		return -EINVAL;
	buf = pm->mm ? kmalloc(PAGE_SIZE, GFP_KERNEL) : NULL;
	if (pm->mm && !buf)
		return -ENOMEM;
	while (pm->mm && to->count && (u64)*pos / PM_ENTRY_BYTES < last) {
		u64 page = (u64)*pos / PM_ENTRY_BYTES;
		u64 n = MIN(MIN(to->count / PM_ENTRY_BYTES, last - page),
			    PAGE_SIZE / PM_ENTRY_BYTES);
		struct pagemap_walk w = { buf, page << PAGE_SHIFT, pm->show_pfn };
		unsigned long irq;

		memset(buf, 0, n * PM_ENTRY_BYTES);
		irq = spin_lock_irqsave(&pm->mm->lock);
		walk_user_pages(pm->mm, w.start, w.start + (n << PAGE_SHIFT),
				pagemap_page, &w);
		spin_unlock_irqrestore(&pm->mm->lock, irq);
		if (copy_to_iter(buf, n * PM_ENTRY_BYTES, to) != n * PM_ENTRY_BYTES) {
			kfree(buf);
			return done ? done : -EFAULT;
		}
		*pos += (loff_t)(n * PM_ENTRY_BYTES);
		done += (long)(n * PM_ENTRY_BYTES);
	}
	kfree(buf);
	return done;
}

static int pagemap_release(struct inode *inode, struct file *f)
{
	struct pagemap_priv *pm = f->private_data;

	if (pm->mm)
		mmput(pm->mm);
	kfree(pm);
	return 0;
}

const struct file_operations proc_pagemap_fops = {
	.open = pagemap_open,
	.read = pagemap_read,
	.llseek = generic_file_llseek,
	.release = pagemap_release,
};
