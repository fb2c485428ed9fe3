/*
 * The system-wide files of /proc, in Linux's formats:
 *
 *   meminfo        "Name:  %8lu kB" lines, Linux's order and names
 *   stat           cpu lines (clock ticks), intr, ctxt, btime, processes,
 *                  procs_running, procs_blocked
 *   uptime         seconds since boot, and idle seconds of all CPUs
 *   loadavg        "0.00 0.00 0.00 running/threads lastpid": no load
 *                  averages are computed
 *   buddyinfo      free blocks per order, "Node 0, zone   Normal ..."
 *   kallsyms       "address type name" per kernel function
 *   cmdline, version, modules, sysrq-trigger (write a key: kernel/tty/sysrq.h)
 *
 * Where Taskbase keeps no counter for something Linux reports (swap,
 * page cache, page tables), the line is there with 0.
 */
#include "kernel/fs/proc/internal.h"
#include "asm/irq.h"
#include "asm/percpu.h"
#include "asm/smp.h"
#include "kernel/init/cmdline.h"
#include "kernel/fork.h"
#include "kernel/kallsyms.h"
#include "kernel/mm/filemap.h"
#include "kernel/mm/hugetlb.h"
#include "kernel/mm/kstack.h"
#include "kernel/mm/mm.h"
#include "kernel/module/loader.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/sched/sched.h"
#include "kernel/mm/slab.h"
#include "kernel/tty/sysrq.h"
#include "kernel/tasklist.h"
#include "kernel/time/time.h"
#include "kernel/time/time_kernel.h"
#include "kernel/time/clockid.h"
#include "kernel/time/namespace.h"
#include "kernel/version.h"
#include "lib/errno.h"
#include "lib/vsprintf.h"

/* ---- a census of the tasks, for stat, meminfo, uptime, loadavg ---- */

struct census {
	u64 user[NR_CPUS], system[NR_CPUS], idle[NR_CPUS];	/* ticks */
	u64 committed_pages;
	unsigned int threads, running, blocked;
	pid_t last_pid;
};

/*
 * Per-CPU times come from the tasks' own tick counts, charged to the CPU
 * each task last ran on (Taskbase keeps no per-CPU time counters), and
 * idle time from each CPU's idle task: what live tasks have used.
 */
static void take_census(struct census *c)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *g, *t, *idle;
	u64 newest = 0;

	*c = (struct census){ 0 };
	for_each_process_thread(g, t) {
		unsigned int cpu = READ_ONCE(t->cpu) % NR_CPUS;
		char state = task_state_char(t);

		c->user[cpu] += READ_ONCE(t->utime);
		c->system[cpu] += READ_ONCE(t->stime);
		c->threads++;
		c->running += state == 'R';
		c->blocked += state == 'D';
		if (t->start_time >= newest) {
			newest = t->start_time;
			c->last_pid = t->pid;
		}
	}
	for_each_process(g) {
		/* The leader's mm stays while task_mm_lock says it is there. */
		unsigned long irq = spin_lock_irqsave(&task_mm_lock);

		if (g->mm) {
			c->committed_pages += READ_ONCE(g->mm->total_vm);
		}
		spin_unlock_irqrestore(&task_mm_lock, irq);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++) {
		idle = idle_task(cpu);
		if (idle)
			c->idle[cpu] = READ_ONCE(idle->utime) + READ_ONCE(idle->stime);
	}
}

/* ---- meminfo ---- */

static void mi(struct seq_buf *m, const char *name, u64 kb)
{
	seq_printf(m, "%-16s%8lu kB\n", name, (unsigned long)kb);
}

#define PAGES_KB(n) ((n) << (PAGE_SHIFT - 10))

/* The huge page pool (kernel/mm/hugetlb.c): counts without a unit, as
 * Linux prints them. */
static void meminfo_huge(struct seq_buf *m)
{
	struct hugetlb_counts h;

	hugetlb_counts(&h);
	seq_printf(m, "HugePages_Total:   %5lu\nHugePages_Free:    %5lu\n"
		   "HugePages_Rsvd:    %5lu\nHugePages_Surp:    %5lu\n",
		   (unsigned long)h.total, (unsigned long)h.free,
		   (unsigned long)h.resv, (unsigned long)h.surplus);
	mi(m, "Hugepagesize:", HPAGE_SIZE / 1024);
	mi(m, "Hugetlb:", h.total * (HPAGE_SIZE / 1024));
}

int proc_meminfo_show(struct seq_buf *m, void *unused)
{
	struct census *c = kmalloc(sizeof(*c), GFP_KERNEL);
	u64 total = PAGES_KB(nr_managed_pages()), free = PAGES_KB(nr_free_pages());
	u64 kmalloc_bytes, slab_pages, anon;

	if (!c)
		return -ENOMEM;
	take_census(c);
	anon = PAGES_KB(nr_anon_pages());
	kmalloc_stats(&kmalloc_bytes, &slab_pages);
	mi(m, "MemTotal:", total);
	mi(m, "MemFree:", free);
	mi(m, "MemAvailable:", free);	/* no caches to reclaim */
	mi(m, "Buffers:", 0);
	mi(m, "Cached:", 0);
	mi(m, "SwapCached:", 0);
	mi(m, "Active:", anon);
	mi(m, "Inactive:", 0);
	mi(m, "Active(anon):", anon);
	mi(m, "Inactive(anon):", 0);
	mi(m, "Active(file):", 0);
	mi(m, "Inactive(file):", 0);
	mi(m, "Unevictable:", 0);
	mi(m, "Mlocked:", 0);
	mi(m, "SwapTotal:", 0);
	mi(m, "SwapFree:", 0);
	mi(m, "Dirty:", 0);
	mi(m, "Writeback:", 0);
	mi(m, "AnonPages:", anon);
	mi(m, "Mapped:", 0);
	mi(m, "Shmem:", PAGES_KB(nr_shmem_pages()));
	mi(m, "KReclaimable:", 0);
	mi(m, "Slab:", PAGES_KB(slab_pages));
	mi(m, "SReclaimable:", 0);
	mi(m, "SUnreclaim:", PAGES_KB(slab_pages));
	mi(m, "KernelStack:", kstack_nr_used() * THREAD_SIZE / 1024);
	mi(m, "PageTables:", 0);
	mi(m, "NFS_Unstable:", 0);
	mi(m, "Bounce:", 0);
	mi(m, "WritebackTmp:", 0);
	mi(m, "CommitLimit:", total / 2);	/* overcommit_ratio 50, no swap */
	mi(m, "Committed_AS:", PAGES_KB(c->committed_pages));
	mi(m, "VmallocTotal:", 0);
	mi(m, "VmallocUsed:", 0);
	mi(m, "VmallocChunk:", 0);
	mi(m, "Percpu:", sizeof(percpu_area) / 1024);
	meminfo_huge(m);
	kfree(c);
	return 0;
}

/* ---- stat ---- */

static void cpu_line(struct seq_buf *m, const char *label, u64 user,
		     u64 system, u64 idle)
{
	/* user nice system idle iowait irq softirq steal guest guest_nice */
	seq_printf(m, "%s %lu 0 %lu %lu 0 0 0 0 0 0\n", label,
		   (unsigned long)user, (unsigned long)system,
		   (unsigned long)idle);
}

static void intr_line(struct seq_buf *m)
{
	u64 total = 0, irq[NR_LEGACY_IRQS] = { 0 };
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		const u64 *cnt = percpu_area[cpu].irq_count;

		total += READ_ONCE(cnt[X86_TRAP_NMI]);
		for (unsigned int v = FIRST_EXTERNAL_VECTOR; v < NR_VECTORS; v++)
			total += READ_ONCE(cnt[v]);
		for (unsigned int i = 0; i < NR_LEGACY_IRQS; i++)
			irq[i] += READ_ONCE(cnt[FIRST_EXTERNAL_VECTOR + i]);
	}
	seq_printf(m, "intr %lu", (unsigned long)total);
	for (unsigned int i = 0; i < NR_LEGACY_IRQS; i++)
		seq_printf(m, " %lu", (unsigned long)irq[i]);
	seq_putc(m, '\n');
}

int proc_sys_stat_show(struct seq_buf *m, void *unused)
{
	struct census *c = kmalloc(sizeof(*c), GFP_KERNEL);
	u64 user = 0, system = 0, idle = 0;
	char label[8];
	unsigned int cpu;

	if (!c)
		return -ENOMEM;
	take_census(c);
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		user += c->user[cpu];
		system += c->system[cpu];
		idle += c->idle[cpu];
	}
	cpu_line(m, "cpu ", user, system, idle);
	for_each_online_cpu(cpu) {
		scnprintf(label, sizeof(label), "cpu%u", cpu);
		cpu_line(m, label, c->user[cpu], c->system[cpu], c->idle[cpu]);
	}
	intr_line(m);
	seq_printf(m, "ctxt %lu\n", (unsigned long)nr_context_switches());
	seq_printf(m, "btime %lu\n", (unsigned long)((ktime_get_real_ns() -
		   ktime_get_ns()) / NSEC_PER_SEC));
	seq_printf(m, "processes %lu\n", (unsigned long)READ_ONCE(total_forks));
	seq_printf(m, "procs_running %u\nprocs_blocked %u\n", c->running,
		   c->blocked);
	kfree(c);
	return 0;
}

/* ---- uptime, loadavg ---- */

int proc_uptime_show(struct seq_buf *m, void *unused)
{
	struct census *c = kmalloc(sizeof(*c), GFP_KERNEL);
	u64 up = (ktime_get_ns() + (u64)timens_offset(CLOCK_BOOTTIME)) /
		 (NSEC_PER_SEC / 100), idle = 0;

	if (!c)
		return -ENOMEM;
	take_census(c);
	for (unsigned int cpu = 0; cpu < NR_CPUS; cpu++)
		idle += c->idle[cpu] * 100 / HZ;
	seq_printf(m, "%lu.%02lu %lu.%02lu\n", (unsigned long)(up / 100),
		   (unsigned long)(up % 100), (unsigned long)(idle / 100),
		   (unsigned long)(idle % 100));
	kfree(c);
	return 0;
}

int proc_loadavg_show(struct seq_buf *m, void *unused)
{
	struct census *c = kmalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	take_census(c);
	seq_printf(m, "0.00 0.00 0.00 %u/%u %d\n", c->running, c->threads,
		   c->last_pid);
	kfree(c);
	return 0;
}

/* ---- buddyinfo, kallsyms, cmdline, version, modules ---- */

int proc_buddyinfo_show(struct seq_buf *m, void *unused)
{
	u64 counts[NR_PAGE_ORDERS];

	page_alloc_counts(counts);
	seq_printf(m, "Node %d, zone %8s ", 0, "Normal");
	for (int order = 0; order < NR_PAGE_ORDERS; order++)
		seq_printf(m, "%6lu ", (unsigned long)counts[order]);
	seq_putc(m, '\n');
	return 0;
}

/* Linux's /proc/slabinfo, version 2.1: one line per kmalloc size class
 * (Taskbase has no other caches; a slab is one page, no per-CPU tunables). */
int proc_slabinfo_show(struct seq_buf *m, void *unused)
{
	struct slab_info info[16];
	unsigned int n = kmalloc_cache_info(info, ARRAY_SIZE(info));

	BUG_ON(n > ARRAY_SIZE(info));
	seq_printf(m, "slabinfo - version: 2.1\n"
		   "# name            <active_objs> <num_objs> <objsize> "
		   "<objperslab> <pagesperslab> : tunables <limit> <batchcount> "
		   "<sharedfactor> : slabdata <active_slabs> <num_slabs> "
		   "<sharedavail>\n");
	for (int i = (int)n - 1; i >= 0; i--)
		seq_printf(m, "%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u "
			   ": slabdata %6lu %6lu %6lu\n", info[i].name,
			   (unsigned long)info[i].nr_inuse,
			   (unsigned long)(info[i].nr_slabs * info[i].objs_per_slab),
			   info[i].size, info[i].objs_per_slab, 1, 0, 0, 0,
			   (unsigned long)info[i].nr_slabs,
			   (unsigned long)info[i].nr_slabs, 0ul);
	return 0;
}

static int kallsyms_line(void *data, const char *name, u64 addr, u32 size)
{
	struct seq_buf *m = data;

	seq_printf(m, "%016lx T %s\n", (unsigned long)addr, name);
	return m->overflow;	/* stop early: the render runs again, larger */
}

int proc_kallsyms_show(struct seq_buf *m, void *unused)
{
	kallsyms_iterate(kallsyms_line, m);
	module_kallsyms_show(m);
	return 0;
}

int proc_cmdline_show(struct seq_buf *m, void *unused)
{
	seq_printf(m, "%s\n", saved_command_line);
	return 0;
}

int proc_version_show(struct seq_buf *m, void *unused)
{
	seq_printf(m, "%s version %s (root@taskbase) (gcc version %s) #1 SMP\n",
		   UTS_SYSNAME, UTS_RELEASE, __VERSION__);
	return 0;
}

int proc_modules_show(struct seq_buf *m, void *unused)
{
	return modules_show(m, NULL);
}

/* ---- sysrq-trigger: write-only (mode 0200), as Linux ---- */

static int sysrq_open(struct inode *inode, struct file *f)
{
	return (f->f_mode & FMODE_READ) ? -EACCES : 0;
}

/* Linux acts on the first character written ("echo t" writes "t\n"). */
static long sysrq_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	size_t count = from->count;
	char key;

	if (!count)
		return 0;
	if (copy_from_iter(&key, 1, from) != 1)
		return -EFAULT;
	handle_sysrq(key);
	return count;
}

const struct file_operations proc_sysrq_trigger_fops = {
	.open = sysrq_open,
	.write = sysrq_write,
};
