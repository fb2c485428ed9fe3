/*
 * Core dumps, the policy half (Linux's fs/coredump.c): whether a dying
 * process gets a core file, its name, and the file's bytes going out.
 *
 * A core is written only when RLIMIT_CORE's soft limit is at least a page
 * (Linux's min_coredump for ELF; the default soft limit is 0, as in
 * Linux's INIT_RLIMITS, so `ulimit -c unlimited` turns dumps on), the
 * process is dumpable (no PR_SET_DUMPABLE 0, no set-uid exec: Taskbase
 * keeps suid_dumpable at Linux's default 0), and the file can be made:
 * the name is /proc/sys/kernel/core_pattern expanded (%p %P %i %e %t %s
 * %u %g %h %%, ".<pid>" added with core_uses_pid when there is no %p),
 * opened in the dumper's cwd without following a symlink, and kept only
 * if it is a regular file with one link, owned by the dumper, mode 0600.
 * A pattern starting with '|' (pipe to a helper) is not supported. The
 * file may end short at RLIMIT_CORE; it still counts as dumped (WCOREDUMP),
 * as on Linux, where a one-page limit gives a core of headers only.
 */
#include "kernel/fs/coredump.h"
#include "kernel/cred.h"
#include "kernel/exit.h"
#include "kernel/sched/sched.h"
#include "kernel/tasklist.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/mm.h"
#include "kernel/ns/utsname.h"
#include "kernel/printk/printk.h"
#include "kernel/task.h"
#include "kernel/time/time_kernel.h"
#include "kernel/version.h"
#include "lib/err.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

static char core_pattern[CORENAME_MAX_SIZE] = "core";
static DEFINE_SPINLOCK(core_pattern_lock);
unsigned int core_uses_pid;
unsigned int suid_dumpable;

void get_core_pattern(char *buf)
{
	unsigned long irq = spin_lock_irqsave(&core_pattern_lock);

	strlcpy(buf, core_pattern, CORENAME_MAX_SIZE);
	spin_unlock_irqrestore(&core_pattern_lock, irq);
}

void set_core_pattern(const char *buf, size_t len)
{
	unsigned long irq = spin_lock_irqsave(&core_pattern_lock);

	len = MIN(len, sizeof(core_pattern) - 1);
	memcpy(core_pattern, buf, len);
	core_pattern[len] = '\0';
	spin_unlock_irqrestore(&core_pattern_lock, irq);
}

/* One %-specifier of core_pattern, appended at @out (room @left). */
static int expand_one(char c, int sig, char *out, size_t left, bool *pid_seen)
{
	char host[__NEW_UTS_LEN + 1];

	switch (c) {
	case '%':
		return scnprintf(out, left, "%%");
	case 'p':	/* one pid namespace: %P is %p */
	case 'P':
		*pid_seen |= c == 'p';
		return scnprintf(out, left, "%d", current->tgid);
	case 'i':
	case 'I':
		return scnprintf(out, left, "%d", current->pid);
	case 'u':
		return scnprintf(out, left, "%u", current->cred->uid.val);
	case 'g':
		return scnprintf(out, left, "%u", current->cred->gid.val);
	case 's':
		return scnprintf(out, left, "%d", sig);
	case 't':
		return scnprintf(out, left, "%llu", (unsigned long long)
				 (ktime_get_real_ns() / NSEC_PER_SEC));
	case 'h':
		get_hostname(host, sizeof(host));
		return scnprintf(out, left, "%s", host);
	case 'e':
		return scnprintf(out, left, "%s", current->comm);
	default:
		return 0;		/* Linux drops unknown specifiers */
	}
}

/* The core file's name for @sig in @name; false for a pipe pattern. */
static bool format_corename(char *name, size_t size, int sig)
{
	char pattern[CORENAME_MAX_SIZE];
	bool pid_seen = false;
	size_t n = 0;

	get_core_pattern(pattern);
	if (pattern[0] == '|')
		return false;
	for (const char *p = pattern; *p && n + 1 < size; p++) {
		if (*p != '%') {
			name[n++] = *p;
			continue;
		}
		if (!*++p)
			break;
		n += expand_one(*p, sig, name + n, size - n, &pid_seen);
	}
	name[n] = '\0';
	if (core_uses_pid && !pid_seen)
		scnprintf(name + n, size - n, ".%d", current->tgid);
	return true;
}

/* Is the opened core file one we may write over (Linux's checks)? */
static bool core_file_ok(struct file *f)
{
	struct inode *inode = f->f_inode;

	return S_ISREG(inode->i_mode) && inode->i_nlink <= 1 &&
	       inode->i_uid == current->cred->fsuid.val &&
	       (inode->i_mode & 0677) == 0600 && !vfs_truncate(inode, 0);
}

static struct file *open_core_file(const char *name)
{
	struct file *f = filp_open(name, O_CREAT | O_WRONLY | O_NOFOLLOW |
				   O_LARGEFILE, 0600);

	if (IS_ERR(f))
		return f;
	if (!core_file_ok(f)) {
		fput(f);
		return ERR_PTR(-EPERM);
	}
	return f;
}

bool dump_emit(struct coredump_params *cprm, const void *buf, u64 n)
{
	if (cprm->pos + n > cprm->limit || cprm->pos + n < cprm->pos)
		return false;
	if (kernel_write(cprm->file, buf, n) != (long)n)
		return false;
	cprm->pos += n;
	return true;
}

bool dump_skip(struct coredump_params *cprm, u64 n)
{
	if (cprm->pos + n > cprm->limit || cprm->pos + n < cprm->pos)
		return false;
	if (vfs_llseek(cprm->file, (loff_t)n, SEEK_CUR) < 0)
		return false;
	cprm->pos += n;
	return true;
}

bool dump_align_page(struct coredump_params *cprm)
{
	return dump_skip(cprm, ALIGN_UP(cprm->pos, PAGE_SIZE) - cprm->pos);
}

void coredump_task_exit(struct task_struct *p)
{
	struct core_state *cs = p->mm ? READ_ONCE(p->mm->core_state) : NULL;
	struct core_thread self = { .task = p };
	unsigned long irq;

	if (!cs || cs->dumper == p)
		return;
	/* Woken under the lock: the dumper cannot see us parked and be
	 * gone (cs is on its stack) before the wake-up is done. */
	irq = spin_lock_irqsave(&cs->lock);
	self.next = cs->threads;
	cs->threads = &self;
	wake_up_process(cs->dumper);
	spin_unlock_irqrestore(&cs->lock, irq);
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (!smp_load_acquire(&self.task))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
}

static bool parked(const struct core_state *cs, const struct task_struct *t)
{
	for (const struct core_thread *c = cs->threads; c; c = c->next)
		if (c->task == t)
			return true;
	return false;
}

/* Has every other thread of current's process parked, or exited? */
static bool all_parked(struct core_state *cs)
{
	unsigned long tl = spin_lock_irqsave(&tasklist_lock);
	unsigned long irq = spin_lock_irqsave(&cs->lock);
	struct task_struct *t;
	bool all = true;

	for_each_thread(current->group_leader, t)
		if (t != current && !t->exit_state && !parked(cs, t))
			all = false;
	spin_unlock_irqrestore(&cs->lock, irq);
	spin_unlock_irqrestore(&tasklist_lock, tl);
	return all;
}

/*
 * Linux's coredump_wait(): kill the other threads and wait until each
 * has parked in do_exit() (or exited), as exec waits for them, so the
 * memory holds still and their registers can be written too. A leader
 * among them exits with SIGKILL's code: it gets ours, which is what wait4
 * reports once we are gone too. False when the process was already
 * dying, or we were killed meanwhile.
 */
static bool coredump_wait(struct core_state *cs, int code)
{
	struct task_struct *t = current;
	unsigned long tl;
	bool ok;

	WRITE_ONCE(t->mm->core_state, cs);
	if (get_nr_threads(t) == 1)
		return true;
	if (zap_other_threads())
		return false;
	for (;;) {		/* each arrival and exit_notify() wakes us */
		set_current_state(TASK_INTERRUPTIBLE);
		if (all_parked(cs) || fatal_signal_pending(t))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	ok = !fatal_signal_pending(t);
	tl = spin_lock_irqsave(&tasklist_lock);
	t->signal->group_exec_task = NULL;
	if (ok && t->group_leader != t)
		t->group_leader->exit_code = code;
	spin_unlock_irqrestore(&tasklist_lock, tl);
	return ok;
}

/* The dump is over: no more parking, and the parked threads go on. */
static void coredump_finish(struct core_state *cs)
{
	unsigned long irq = spin_lock_irqsave(&cs->lock);
	struct core_thread *c = cs->threads;

	WRITE_ONCE(current->mm->core_state, NULL);
	spin_unlock_irqrestore(&cs->lock, irq);
	while (c) {
		struct core_thread *next = c->next;
		struct task_struct *task = c->task;

		smp_store_release(&c->task, NULL);	/* c may vanish now */
		wake_up_process(task);
		c = next;
	}
}

/* May current's memory go to a file at all? */
static bool may_dump(u64 limit)
{
	struct mm_struct *mm = current->mm;

	if (!mm || limit < PAGE_SIZE)
		return false;
	return READ_ONCE(mm->dumpable) == SUID_DUMP_USER;
}

/* Everything after the decision to dump: the threads, the name, the file. */
static bool dump_to_file(struct coredump_params *cprm, struct core_state *cs)
{
	char name[CORENAME_MAX_SIZE];
	bool ok;

	if (!coredump_wait(cs, cprm->sig))
		return false;
	cprm->filter = READ_ONCE(current->mm->coredump_filter);
	if (!format_corename(name, sizeof(name), cprm->sig)) {
		pr_info("%s[%d]: core_pattern is a pipe: not supported, "
			"no core written\n", current->comm, current->tgid);
		return false;
	}
	cprm->file = open_core_file(name);
	if (IS_ERR(cprm->file))
		return false;
	ok = elf_core_dump(cprm);
	fput(cprm->file);
	if (ok && current->group_leader != current)
		current->group_leader->exit_code |= WCOREFLAG;	/* see above */
	return ok;
}

bool do_coredump(int sig, const struct ksiginfo *info)
{
	struct core_state cs = { .dumper = current };
	struct coredump_params cprm = {
		.sig = sig, .info = info, .core = &cs,
		.limit = current->signal->rlim[RLIMIT_CORE].rlim_cur,
	};
	bool ok;

	if (!may_dump(cprm.limit))
		return false;
	spin_lock_init(&cs.lock, "core_state");
	ok = dump_to_file(&cprm, &cs);
	coredump_finish(&cs);
	return ok;
}
