/*
 * /proc/<pid>/status, stat and statm, in Linux's formats (fs/proc/array.c,
 * `man 5 proc`), so that procps-style tools parse them unchanged.
 *
 * status ends with the Taskbase fields of DESIGN.md, which make the
 * course's picture checkable for every task:
 *
 *   TaskStruct:  0x...    the task_struct's address
 *   KStackBase:  0x...    the kernel stack block's base: the same address
 *   KStackSize:  16384    THREAD_SIZE in bytes
 *   KStackUsed:  2344     deepest use of the kernel stack so far, bytes
 *   UStack:      0x...-0x...  this thread's user stack ("-": kthread)
 *   Cpu:         1        the CPU it runs or last ran on
 *
 * A process's stat adds up the times and faults of all its threads;
 * .../task/<tid>/stat has the thread's own.
 */
#include "kernel/ns/pid_namespace.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/pid.h"
#include "kernel/cred.h"
#include "kernel/fs/proc/internal.h"
#include "asm/processor.h"
#include "kernel/task.h"
#include "asm/smp.h"
#include "kernel/fs/fs.h"
#include "kernel/mm/mm.h"
#include "kernel/ptrace.h"
#include "kernel/signal.h"
#include "kernel/tasklist.h"
#include "kernel/time/time.h"
#include "kernel/tty/tty.h"
#include "lib/errno.h"

#define USER_HZ 100		/* the unit of times in stat (clock ticks) */
#define RLIMIT_RSS 5
#define RLIMIT_SIGPENDING 11
/* /dev/console is char 5:1; stat's tty_nr encodes it as Linux does. */
#define CONSOLE_TTY_NR ((5 << 8) | 1)

void proc_task_ids(struct task_struct *p, struct proc_task_ids *ids)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct signal_struct *sig = p->signal;
	struct pid_namespace *ns = task_active_pid_ns(current);

	/* The numbers the reader's pid namespace knows (kernel/ns/). */
	*ids = (struct proc_task_ids){ .pid = task_pid_nr_ns(p, ns),
		.tgid = global_pid_nr_ns(p->tgid, ns), .tpgid = -1 };
	ids->alive = proc_task_hashed(p);
	if (ids->alive) {
		/* Parents and leaders are only safe to follow while alive. */
		ids->tgid = task_tgid_nr_ns(p, ns);
		ids->ppid = p->real_parent ? task_ppid_nr_ns(p, ns) : 0;
		ids->tracer = p->ptrace ? task_tgid_nr_ns(p->parent, ns) : 0;
		ids->nr_threads = get_nr_threads(p);
	}
	if (sig) {
		ids->pgrp = global_pid_nr_ns(sig->pgrp, ns);
		ids->session = global_pid_nr_ns(sig->session, ns);
		if (sig->tty) {
			ids->tty_nr = sig->tty == &console_tty ? CONSOLE_TTY_NR : 0;
			ids->tpgid = global_pid_nr_ns(READ_ONCE(sig->tty->pgrp), ns);
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/* What the files say about an address space, read under mm->lock. */
struct mm_stats {
	u64 total_vm, hiwater_vm, rss, rss_file, stack_vm, data_vm, text_pages;
	u64 locked_vm, rss_shmem;
	u64 start_code, end_code, start_data, end_data, start_brk;
	u64 start_stack, arg_start, arg_end, env_start, env_end;
};

static void mm_stats(struct mm_struct *mm, struct mm_stats *s)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);

	s->total_vm = mm->total_vm;
	s->hiwater_vm = mm->hiwater_vm;
	s->rss = mm->rss;
	s->rss_file = mm->rss_file;
	s->stack_vm = mm->stack_vm;
	s->data_vm = mm->data_vm;
	s->locked_vm = mm->locked_vm;
	s->rss_shmem = mm->rss_shmem;
	s->start_code = mm->start_code;
	s->end_code = mm->end_code;
	s->start_data = mm->start_data;
	s->end_data = mm->end_data;
	s->start_brk = mm->start_brk;
	s->start_stack = mm->start_stack;
	s->arg_start = mm->arg_start;
	s->arg_end = mm->arg_end;
	s->env_start = mm->env_start;
	s->env_end = mm->env_end;
	spin_unlock_irqrestore(&mm->lock, irq);
	s->text_pages = s->end_code > s->start_code ?
		(ALIGN_UP(s->end_code, PAGE_SIZE) -
		 ALIGN_DOWN(s->start_code, PAGE_SIZE)) >> PAGE_SHIFT : 0;
}

/* ---- status ---- */

/* Name: escapes '\n' and '\\' as Linux does. */
static void status_name(struct seq_buf *m, const struct task_struct *p)
{
	seq_puts(m, "Name:\t");
	for (int i = 0; i < TASK_COMM_LEN && p->comm[i]; i++) {
		char c = p->comm[i];

		if (c == '\n')
			seq_puts(m, "\\n");
		else if (c == '\\')
			seq_puts(m, "\\\\");
		else
			seq_putc(m, c);
	}
	seq_putc(m, '\n');
}

/* Uid:/Gid: (real, effective, saved, fs), FDSize:, and Groups: with
 * Linux's trailing space; ids as the reader's user namespace sees them. */
static void status_creds(struct seq_buf *m, struct task_struct *p,
			 int fdsize)
{
	const struct cred *c = get_task_cred(p);
	const struct group_info *gi = c->group_info;
	struct user_namespace *ns = current_user_ns();

	seq_printf(m, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n",
		   from_kuid_munged(ns, c->uid), from_kuid_munged(ns, c->euid),
		   from_kuid_munged(ns, c->suid), from_kuid_munged(ns, c->fsuid),
		   from_kgid_munged(ns, c->gid), from_kgid_munged(ns, c->egid),
		   from_kgid_munged(ns, c->sgid), from_kgid_munged(ns, c->fsgid));
	seq_printf(m, "FDSize:\t%d\nGroups:\t", fdsize);
	for (int i = 0; i < gi->ngroups; i++)
		seq_printf(m, "%u ", from_kgid_munged(ns, gi->gid[i]));
	seq_puts(m, gi->ngroups ? "\n" : " \n");
	put_cred(c);
}

/* "@name:\t" and @nr's numbers from the reader's pid namespace down to
 * the one it was made in, tab-separated (one when nothing is nested);
 * 0 when the reader cannot see it. tasklist_lock held. */
static void status_ns_nr(struct seq_buf *m, const char *name, pid_t nr)
{
	struct pid_namespace *ns = task_active_pid_ns(current);
	struct pid *pid = find_pid_ns(nr, &init_pid_ns);

	seq_printf(m, "%s:", name);
	if (!pid || !pid_nr_ns(pid, ns))
		seq_printf(m, "\t%d", global_pid_nr_ns(nr, ns));
	else
		for (unsigned int i = ns->level; i <= pid->level; i++)
			seq_printf(m, "\t%d", pid->numbers[i].nr);
	seq_printf(m, "\n");
}

/* NStgid, NSpid, NSpgid, NSsid: @p's ids in each nested namespace. */
static void status_ns_ids(struct seq_buf *m, struct task_struct *p)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct signal_struct *sig = p->signal;

	status_ns_nr(m, "NStgid", p->tgid);
	status_ns_nr(m, "NSpid", p->pid);
	status_ns_nr(m, "NSpgid", sig ? sig->pgrp : 0);
	status_ns_nr(m, "NSsid", sig ? sig->session : 0);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

static void status_ids(struct seq_buf *m, struct task_struct *p,
		       const struct proc_task_ids *ids)
{
	struct fs_struct *fs = proc_get_fs(p);
	struct files_struct *files = proc_get_files(p);

	if (fs) {
		seq_printf(m, "Umask:\t%04o\n", READ_ONCE(fs->umask));
		put_fs(fs);
	}
	seq_printf(m, "State:\t%c (%s)\n", task_state_char(p),
		   task_state_name(p));
	seq_printf(m, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\n"
		   "TracerPid:\t%d\n", ids->tgid, ids->pid, ids->ppid,
		   ids->tracer);
	status_creds(m, p, files ? READ_ONCE(files->max_fds) : 0);
	if (files)
		put_files(files);
	status_ns_ids(m, p);
	seq_printf(m, "Kthread:\t%d\n", is_kthread(p) ? 1 : 0);
}

/*
 * One "Name:\t%8lu kB" line, Linux's width. These lines, the signal masks
 * and the Taskbase fields are put piece by piece, as Linux's task_mem()
 * does: a format parsed for each of them made up a third of a read.
 */
static void kb(struct seq_buf *m, const char *name, u64 pages)
{
	seq_puts(m, name);
	seq_put_decimal_ull_width(m, ":\t", pages << (PAGE_SHIFT - 10), 8);
	seq_puts(m, " kB\n");
}

static void status_mem(struct seq_buf *m, struct mm_struct *mm)
{
	struct mm_stats s;

	mm_stats(mm, &s);
	kb(m, "VmPeak", s.hiwater_vm);
	kb(m, "VmSize", s.total_vm);
	kb(m, "VmLck", s.locked_vm);
	kb(m, "VmPin", 0);
	/* No peak RSS is kept: VmHWM shows the current RSS. RssFile: the
	 * file pages exec mapped (vm_insert_page); RssShmem: tmpfs and
	 * shared memory pages (kernel/mm/filemap.h). */
	kb(m, "VmHWM", s.rss);
	kb(m, "VmRSS", s.rss);
	kb(m, "RssAnon", s.rss - s.rss_file);
	kb(m, "RssFile", s.rss_file - s.rss_shmem);
	kb(m, "RssShmem", s.rss_shmem);
	kb(m, "VmData", s.data_vm);
	kb(m, "VmStk", s.stack_vm);
	kb(m, "VmExe", s.text_pages);
	kb(m, "VmLib", 0);
	kb(m, "VmPTE", 0);
	kb(m, "VmSwap", 0);
}

/* One "Name:\t%016lx" line. */
static void sigset_line(struct seq_buf *m, const char *name, u64 set)
{
	seq_puts(m, name);
	seq_put_hex_ll(m, ":\t", set, 16);
	seq_putc(m, '\n');
}

/* SIG_IGN and caught (handled) signals from the handler table. */
static void sig_handlers(struct task_struct *p, u64 *ign, u64 *caught)
{
	struct sighand_struct *sh = p->sighand;

	*ign = *caught = 0;
	if (!sh)
		return;
	for (int i = 0; i < _NSIG; i++) {
		void *h = READ_ONCE(sh->action[i].handler);

		if (h == SIG_IGN)
			*ign |= 1ull << i;
		else if (h != SIG_DFL)
			*caught |= 1ull << i;
	}
}

static int bits_set(u64 v)
{
	int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

static void status_signals(struct seq_buf *m, struct task_struct *p,
			   const struct proc_task_ids *ids)
{
	struct signal_struct *sig = p->signal;
	u64 shared = sig ? READ_ONCE(sig->shared_pending.sig) : 0;
	u64 pending = READ_ONCE(p->pending.sig), ign, caught;

	sig_handlers(p, &ign, &caught);
	seq_printf(m, "Threads:\t%d\n", ids->nr_threads);
	seq_printf(m, "SigQ:\t%d/%lu\n", bits_set(pending | shared),
		   sig ? (unsigned long)sig->rlim[RLIMIT_SIGPENDING].rlim_cur : 0ul);
	sigset_line(m, "SigPnd", pending);
	sigset_line(m, "ShdPnd", shared);
	sigset_line(m, "SigBlk", READ_ONCE(p->blocked.sig));
	sigset_line(m, "SigIgn", ign);
	sigset_line(m, "SigCgt", caught);
}

static void status_cpus(struct seq_buf *m, struct task_struct *p)
{
	int nr = 1;
	u64 mask;

	for (int cpu = 0; cpu < NR_CPUS; cpu++)
		if (cpu_online(cpu))
			nr = cpu + 1;
	mask = READ_ONCE(p->cpus_allowed) & ((1ull << nr) - 1);
	/* As Linux's %*pb: nr_cpu_ids bits, in hex digits. */
	seq_printf(m, "Cpus_allowed:\t%0*lx\n", (nr + 3) / 4,
		   (unsigned long)mask);
	seq_puts(m, "Cpus_allowed_list:\t");
	seq_put_bitmap_list(m, mask);
	seq_putc(m, '\n');
}

/* One "Name:\t0x%016lx" line: an address, all 16 digits. */
static void addr_line(struct seq_buf *m, const char *name, u64 addr)
{
	seq_puts(m, name);
	seq_put_hex_ll(m, ":\t0x", addr, 16);
	seq_putc(m, '\n');
}

/* One "Name:\t%lu" line. */
static void num_line(struct seq_buf *m, const char *name, u64 num)
{
	seq_puts(m, name);
	seq_put_decimal_ull_width(m, ":\t", num, 0);
	seq_putc(m, '\n');
}

/* CapInh: ... CapAmb: (16 hex digits each, Linux's task_cap()), then
 * NoNewPrivs:, Seccomp:, Seccomp_filters: (its task_seccomp()), after
 * the signal masks as in Linux. */
static void status_caps(struct seq_buf *m, struct task_struct *p)
{
	const struct cred *c = get_task_cred(p);
	const struct { const char *name; kernel_cap_t set; } lines[] = {
		{ "CapInh:\t", c->cap_inheritable }, { "CapPrm:\t", c->cap_permitted },
		{ "CapEff:\t", c->cap_effective }, { "CapBnd:\t", c->cap_bset },
		{ "CapAmb:\t", c->cap_ambient },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(lines); i++) {
		seq_put_hex_ll(m, lines[i].name, lines[i].set.val, 16);
		seq_putc(m, '\n');
	}
	put_cred(c);
	num_line(m, "NoNewPrivs", READ_ONCE(p->no_new_privs));
	num_line(m, "Seccomp", (u64)READ_ONCE(p->seccomp.mode));
	num_line(m, "Seccomp_filters", (u64)READ_ONCE(p->seccomp.filter_count));
}

/* The Taskbase fields (DESIGN.md): the task's place in memory. */
static void status_taskbase(struct seq_buf *m, struct task_struct *p)
{
	addr_line(m, "TaskStruct", (u64)p);
	addr_line(m, "KStackBase", (u64)p->stack);
	num_line(m, "KStackSize", THREAD_SIZE);
	num_line(m, "KStackUsed", stack_used_max(p));
	if (is_kthread(p) || !p->ustack_hi) {
		seq_puts(m, "UStack:\t-\n");
	} else {
		seq_put_hex_ll(m, "UStack:\t0x", p->ustack_lo, 16);
		seq_put_hex_ll(m, "-0x", p->ustack_hi, 16);
		seq_putc(m, '\n');
	}
	num_line(m, "Cpu", READ_ONCE(p->cpu));
}

int proc_status_show(struct seq_buf *m, void *data)
{
	struct proc_inode *pi = data;
	struct task_struct *p = pi->task;
	struct proc_task_ids ids;
	struct mm_struct *mm;

	proc_task_ids(p, &ids);
	if (!ids.alive)
		return -ESRCH;
	status_name(m, p);
	status_ids(m, p, &ids);
	mm = get_task_mm(p);		/* kernel threads have none: no Vm* */
	if (mm) {
		status_mem(m, mm);
		mmput(mm);
	}
	status_signals(m, p, &ids);
	status_caps(m, p);
	status_cpus(m, p);
	seq_printf(m, "voluntary_ctxt_switches:\t%lu\n"
		   "nonvoluntary_ctxt_switches:\t%lu\n",
		   (unsigned long)READ_ONCE(p->nvcsw),
		   (unsigned long)READ_ONCE(p->nivcsw));
	status_taskbase(m, p);
	return 0;
}

/* ---- stat ---- */

struct stat_sums {
	u64 utime, stime, min_flt, maj_flt;
};

/* The thread's own counts, or (@whole) its whole process's. */
static void stat_sums(struct task_struct *p, bool whole, struct stat_sums *s)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *t;

	*s = (struct stat_sums){ 0 };
	for_each_thread(p, t) {
		s->utime += READ_ONCE(t->utime);
		s->stime += READ_ONCE(t->stime);
		s->min_flt += READ_ONCE(t->min_flt);
		s->maj_flt += READ_ONCE(t->maj_flt);
		if (!whole || !proc_task_hashed(p))
			break;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (whole)	/* the exited threads' time too, as times(2) */
		thread_group_cputime(p, &s->utime, &s->stime);
}

/*
 * kstkesp/kstkeip: the saved user rsp and rip, as Linux showed them before
 * 4.9 (now it shows 0 unless the task is dumping core): a student can
 * watch a sleeping task's user stack pointer. 0 while it runs elsewhere.
 */
static void stat_user_sp_ip(struct task_struct *p, u64 *sp, u64 *ip)
{
	const struct pt_regs *regs = task_pt_regs(p);

	*sp = *ip = 0;
	if (is_kthread(p) || (p != current && READ_ONCE(p->on_cpu)))
		return;
	*sp = regs->rsp;
	*ip = regs->rip;
}

static void stat_line(struct seq_buf *m, struct task_struct *p,
		      const struct proc_task_ids *ids,
		      const struct stat_sums *s, const struct mm_stats *mm,
		      bool have_mm)
{
	struct signal_struct *sig = p->signal;
	u64 ign, caught, sp, ip;
	int prio = READ_ONCE(p->prio);

	sig_handlers(p, &ign, &caught);
	stat_user_sp_ip(p, &sp, &ip);
	seq_printf(m, "%d (%.16s) %c %d %d %d %d %d %u ", ids->pid, p->comm,
		   task_state_char(p), ids->ppid, ids->pgrp, ids->session,
		   ids->tty_nr, ids->tpgid, p->flags);
	seq_printf(m, "%lu 0 %lu 0 %lu %lu 0 0 %d %d %d 0 %lu ",
		   (unsigned long)s->min_flt, (unsigned long)s->maj_flt,
		   (unsigned long)s->utime * USER_HZ / HZ,
		   (unsigned long)s->stime * USER_HZ / HZ,
		   prio - 100, prio - 120, ids->nr_threads,
		   (unsigned long)(p->start_time / (NSEC_PER_SEC / USER_HZ)));
	seq_printf(m, "%lu %lu %lu %lu %lu %lu %lu %lu ",
		   (unsigned long)(mm->total_vm << PAGE_SHIFT),
		   (unsigned long)mm->rss,
		   sig ? (unsigned long)sig->rlim[RLIMIT_RSS].rlim_cur : 0ul,
		   (unsigned long)mm->start_code, (unsigned long)mm->end_code,
		   (unsigned long)mm->start_stack, (unsigned long)sp,
		   (unsigned long)ip);
	/* Obsolete decimal signal masks, then wchan (0/1 since Linux 5.16),
	 * nswap, cnswap, exit_signal, processor, rt_priority, policy,
	 * delayacct_blkio_ticks, guest_time, cguest_time. */
	seq_printf(m, "%lu %lu %lu %lu %d 0 0 %d %d %d %u 0 0 0 ",
		   (unsigned long)(READ_ONCE(p->pending.sig) & 0x7fffffff),
		   (unsigned long)(READ_ONCE(p->blocked.sig) & 0x7fffffff),
		   (unsigned long)(ign & 0x7fffffff),
		   (unsigned long)(caught & 0x7fffffff),
		   task_state_char(p) != 'R', p->exit_signal, READ_ONCE(p->cpu),
		   READ_ONCE(p->rt_priority), READ_ONCE(p->policy));
	if (have_mm)
		seq_printf(m, "%lu %lu %lu %lu %lu %lu %lu ",
			   (unsigned long)mm->start_data,
			   (unsigned long)mm->end_data,
			   (unsigned long)mm->start_brk,
			   (unsigned long)mm->arg_start,
			   (unsigned long)mm->arg_end,
			   (unsigned long)mm->env_start,
			   (unsigned long)mm->env_end);
	else
		seq_puts(m, "0 0 0 0 0 0 0 ");
	seq_printf(m, "%d\n", p->exit_code);
}

int proc_stat_show(struct seq_buf *m, void *data)
{
	struct proc_inode *pi = data;
	struct task_struct *p = pi->task;
	struct mm_stats mms = { 0 };
	struct proc_task_ids ids;
	struct stat_sums sums;
	struct mm_struct *mm;

	proc_task_ids(p, &ids);
	if (!ids.alive)
		return -ESRCH;
	stat_sums(p, !pi->thread, &sums);
	mm = get_task_mm(p);
	if (mm) {
		mm_stats(mm, &mms);
		mmput(mm);
	}
	stat_line(m, p, &ids, &sums, &mms, mm != NULL);
	return 0;
}

/* statm: size resident shared text lib data dt, in pages. */
int proc_statm_show(struct seq_buf *m, void *data)
{
	struct proc_inode *pi = data;
	struct mm_struct *mm = get_task_mm(pi->task);
	struct mm_stats s = { 0 };

	if (mm) {
		mm_stats(mm, &s);
		mmput(mm);
	}
	seq_printf(m, "%lu %lu 0 %lu 0 %lu 0\n", (unsigned long)s.total_vm,
		   (unsigned long)s.rss, (unsigned long)s.text_pages,
		   (unsigned long)(s.data_vm + s.stack_vm));
	return 0;
}
