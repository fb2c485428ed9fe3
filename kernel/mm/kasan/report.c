/*
 * KASAN's report (kernel/mm/kasan.h), in Linux's format:
 *
 *   ==================================================================
 *   BUG: KASAN: slab-use-after-free in kasan_do_uaf+0x2e/0x40
 *   Read of size 8 at addr ffff888001e3c808 by task init/1
 *
 *   CPU: 0 PID: 1 Comm: init
 *   Call Trace:                      the bad access
 *   Allocated by task 1:             from the allocation records
 *   Freed by task 1:
 *   The buggy address belongs to the object at ffff888001e3c800
 *    which belongs to the cache kmalloc-128 of size 128
 *   The buggy address is located 8 bytes inside of
 *    freed 64-byte region [ffff888001e3c800, ffff888001e3c840)
 *
 *   Memory state around the buggy address:   the shadow, 16 bytes a row
 *   ==================================================================
 *
 * The kind of bug comes from the shadow byte of the first bad byte.
 * Built without instrumentation (scripts/debug.mk). After the report the
 * kernel carries on (every bad access is reported, as Linux's
 * kasan_multi_shot).
 */
#ifdef CONFIG_KASAN
#include "kernel/mm/kasan.h"
#include "asm/memlayout.h"
#include "asm/page.h"
#include "asm/percpu.h"
#include "asm/stacktrace.h"
#include "kernel/kallsyms.h"
#include "kernel/locking/spinlock.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/mm/slab.h"
#include "kernel/panic.h"
#include "kernel/printk/printk.h"
#include "kernel/task.h"
#include "lib/atomic.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

#define KASAN_SEPARATOR \
	"=================================================================="
#define SHADOW_ROW 16		/* shadow bytes a row of the dump */
#define SHADOW_ROWS_AROUND 2

static DEFINE_SPINLOCK(report_lock);
static atomic_t nr_reports;

int kasan_report_count(void)
{
	return atomic_read(&nr_reports);
}

/* The kind of bug the shadow byte @v of a bad byte says. */
static const char *bug_type(u8 v)
{
	switch (v) {
	case KASAN_SLAB_REDZONE:
		return "slab-out-of-bounds";
	case KASAN_PAGE_REDZONE:
		return "page-out-of-bounds";
	case KASAN_SLAB_FREE:
		return "slab-use-after-free";
	case KASAN_PAGE_FREE:
		return "use-after-free";
	case KASAN_GLOBAL_REDZONE:
		return "global-out-of-bounds";
	default:
		return "out-of-bounds";
	}
}

/* The shadow byte that decides the bug at @addr: a partial granule's
 * count points past itself, at the next byte. */
static u8 bad_shadow(u64 addr)
{
	s8 *s = kasan_shadow_of(addr);

	if (!s)
		return 0;
	if (*s > 0 && *s < (s8)KASAN_GRANULE_SIZE && kasan_shadow_of(addr + 8))
		return (u8)s[1];
	return (u8)*s;
}

static void print_track(const char *what, const struct kasan_track *t)
{
	char sym[KSYM_SYMBOL_LEN];

	pr_err("%s by task %d:\n", what, t->pid);
	for (int i = 0; i < t->nr; i++) {
		sprint_backtrace(sym, sizeof(sym), t->pcs[i]);
		pr_err(" %s\n", sym);
	}
	pr_err("\n");
}

/* The head page of the large kmalloc() block holding @page, else @page. */
static struct page *large_kmalloc_head(struct page *page)
{
	u64 pfn = page_to_pfn(page);

	for (u64 i = 0; i < (1ull << MAX_PAGE_ORDER) && i <= pfn; i++) {
		struct page *head = page - i;

		if (PageLargeKmalloc(head))
			return i < (1ull << head->order) ? head : page;
	}
	return page;
}

/* Where @addr sits: its kmalloc() object and cache, or its page. */
static void describe_address(u64 addr)
{
	struct page *page = large_kmalloc_head(virt_to_page((void *)addr));
	struct kasan_alloc_meta *m;
	u64 obj, size, end;

	if (!PageSlab(page) && !PageLargeKmalloc(page)) {
		pr_err("The buggy address belongs to the physical page:\n");
		pr_err("page: pfn:0x%lx flags: 0x%x%s\n",
		       (unsigned long)page_to_pfn(page), page->flags,
		       page->flags & PG_buddy ? " (free)" : "");
		return;
	}
	size = __ksize(page_address(page));
	obj = (u64)page_address(page);
	if (PageSlab(page))
		obj += (addr - obj) / size * size;
	m = kasan_find_meta((void *)obj);
	if (m && m->obj == (void *)obj) {
		print_track("Allocated", &m->alloc);
		if (m->free.nr)
			print_track("Freed", &m->free);
	}
	pr_err("The buggy address belongs to the object at %lx\n",
	       (unsigned long)obj);
	if (PageSlab(page))
		pr_err(" which belongs to the cache kmalloc-%lu of size %lu\n",
		       (unsigned long)size, (unsigned long)size);
	if (m && m->obj == (void *)obj)
		size = m->size;		/* the request, not its size class */
	end = obj + size;
	if (addr >= end)
		pr_err("The buggy address is located %lu bytes to the right of\n",
		       (unsigned long)(addr - end));
	else
		pr_err("The buggy address is located %lu bytes inside of\n",
		       (unsigned long)(addr - obj));
	pr_err(" %s %lu-byte region [%lx, %lx)\n",
	       m && m->obj == (void *)obj && m->free.nr ? "freed" : "allocated",
	       (unsigned long)size, (unsigned long)obj, (unsigned long)end);
}

/* @addr is in the kernel image: name the variable it is in or after. */
static void describe_global(u64 addr)
{
	const char *name, *file;
	u64 offset;
	size_t size;

	if (!kasan_find_global(addr, &name, &file, &offset, &size))
		return;
	pr_err("The buggy address belongs to the variable:\n");
	pr_err(" %s+0x%lx/0x%lx of %s\n", name, (unsigned long)offset,
	       (unsigned long)size, file);
}

/* The shadow rows around @addr, the bad byte marked with ">" and "^". */
static void print_shadow(u64 addr)
{
	u64 row0 = ALIGN_DOWN(addr, SHADOW_ROW * KASAN_GRANULE_SIZE);
	u64 step = SHADOW_ROW * KASAN_GRANULE_SIZE;

	pr_err("Memory state around the buggy address:\n");
	for (int r = -SHADOW_ROWS_AROUND; r <= SHADOW_ROWS_AROUND; r++) {
		u64 row = row0 + r * step;
		s8 *s = kasan_shadow_of(row);
		char line[3 * SHADOW_ROW + 1];

		if (!s || !kasan_shadow_of(row + step - 1))
			continue;
		for (int i = 0; i < SHADOW_ROW; i++)
			snprintf(line + 3 * i, 4, " %02x", (u8)s[i]);
		pr_err("%c%016lx:%s\n", r ? ' ' : '>', (unsigned long)row,
		       line);
		if (!r)
			pr_err("%*c\n", (int)(1 + 16 + 1 + 3 * ((addr - row) /
				KASAN_GRANULE_SIZE) + 2), '^');
	}
}

static unsigned long report_start(const char *type, u64 ip)
{
	unsigned long flags = spin_lock_irqsave(&report_lock);
	char sym[KSYM_SYMBOL_LEN];

	atomic_inc(&nr_reports);
	sprint_symbol(sym, sizeof(sym), ip);
	pr_err("%s\n", KASAN_SEPARATOR);
	pr_err("BUG: KASAN: %s in %s\n", type, sym);
	return flags;
}

static void report_end(unsigned long flags)
{
	pr_err("%s\n", KASAN_SEPARATOR);
	spin_unlock_irqrestore(&report_lock, flags);
}

static void print_task_and_stack(void)
{
	pr_err("\n");
	pr_err("CPU: %u PID: %d Comm: %.16s\n", smp_processor_id(),
	       current->pid, current->comm);
	dump_stack();
	pr_err("\n");
}

void kasan_report(u64 addr, size_t size, bool write, u64 ip)
{
	u64 alias = kasan_direct_alias(addr);
	u64 bad = kasan_first_bad_byte(alias, size);
	unsigned long flags = report_start(bug_type(bad_shadow(bad)), ip);
	pr_err("%s of size %lu at addr %lx by task %.16s/%d\n",
	       write ? "Write" : "Read", (unsigned long)size,
	       (unsigned long)addr, current->comm, current->pid);
	print_task_and_stack();
	if (alias != addr)
		describe_global(addr);
	else
		describe_address(addr);
	pr_err("\n");
	print_shadow(bad);
	report_end(flags);
}

/* The first caller on this stack outside kfree() and KASAN: the
 * function that freed the object twice. */
static u64 kfree_caller(void)
{
	u64 pcs[8];
	int n = stack_trace_save(pcs, 8);
	const char *name;

	for (int i = 0; i < n; i++) {
		name = kallsyms_lookup(pcs[i] - 1, NULL, NULL);
		if (name && strncmp(name, "kasan_report", 12) &&
		    strncmp(name, "kasan_slab_free", 15) &&
		    strncmp(name, "kfree", 5) && strncmp(name, "__kfree", 7))
			return pcs[i];
	}
	return n ? pcs[n - 1] : 0;
}

void kasan_report_double_free(const void *obj)
{
	unsigned long flags = report_start("double-free", kfree_caller());

	pr_err("Free of addr %lx by task %.16s/%d\n", (unsigned long)obj,
	       current->comm, current->pid);
	print_task_and_stack();
	describe_address((u64)obj);
	pr_err("\n");
	print_shadow((u64)obj);
	report_end(flags);
}
#endif
