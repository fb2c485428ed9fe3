/*
 * execve: replace the calling process's program.
 *
 *  1. copy the file name, argv and envp strings into the kernel;
 *  2. find the file (kernel_read_file); a "#!" script names the file to
 *     run instead (kernel/fs/exec/binfmt_script.c, bprm_script()); check it is
 *     a static ELF64 executable we can run (lib/elf.c says why not:
 *     -ENOEXEC, -EINVAL)
 *     and current may execute (-EACCES); its set-user-ID and
 *     set-group-ID bits give the new ids (bprm_creds_from_file()),
 *     unless a tracer without CAP_SYS_PTRACE watches
 *     (ptracer_capable()) or no_new_privs is set, and root's
 *     capabilities follow the ids (kernel/capability.c);
 *  3. build a new address space (binfmt_elf.c load_segments() and
 *     setup_stack()): the PT_LOAD segments, a stack VMA at
 *     the top of user space holding argc, argv, envp and the auxiliary
 *     vector exactly as Linux lays them out (musl's start code reads it).
 *     Read-only segments map the file's own pages (root file system
 *     files are page-backed, see ramfs_file_page()), shared by every
 *     process running the program, as Linux maps a binary's page-cache
 *     pages; writable ones (data, bss), and files that are not
 *     page-backed (tmpfs), are copied into pages of the process's own;
 *  4. point of no return: other threads die (a thread that is not the
 *     leader takes its place and pid, de_thread()), the new mm replaces
 *     the old, the new ids are committed, close-on-exec files close, caught signals revert to default, and
 *     the registers are set so the return to user mode lands on the ELF
 *     entry point with rsp at argc.
 * Until step 4 every failure returns an errno and the caller runs on.
 */
#include "asm/fpu.h"
#include "kernel/events/perf_event.h"
#include "kernel/task.h"
#include "asm/io.h"
#include "asm/percpu.h"
#include "asm/pgtable.h"
#include "asm/processor.h"
#include "asm/vdso.h"
#include "kernel/cred.h"
#include "kernel/keys/keys.h"
#include "kernel/fs/exec/binfmt_script.h"
#include "kernel/fs/exec/exec.h"
#include "kernel/fs/exec/internal.h"
#include "kernel/fork.h"
#include "kernel/fs/fs.h"
#include "kernel/io_uring/io_uring.h"
#include "kernel/mm/mm.h"
#include "kernel/preempt.h"
#include "kernel/printk/printk.h"
#include "kernel/random.h"
#include "kernel/sched/rseq.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/mm/slab.h"
#include "kernel/exit.h"
#include "kernel/pid.h"
#include "kernel/ns/pid_namespace.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/tasklist.h"
#include "kernel/time/posix_timers.h"
#include "kernel/uaccess.h"
#include "kernel/fs/vfs.h"
#include "lib/elf.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

/* Where argv/envp come from: user pointers (execve) or kernel (pid 1). */
struct arg_source {
	bool kernel;
	const char *const *ptrs;
};

static long fetch_ptr(struct arg_source src, int i, const char **out)
{
	u64 p;

	if (src.kernel) {
		*out = src.ptrs ? src.ptrs[i] : NULL;
		return 0;
	}
	if (!src.ptrs) {
		*out = NULL;
		return 0;
	}
	if (get_user_u64(&p, (const u64 *)(src.ptrs + i)))
		return -EFAULT;
	*out = (const char *)p;
	return 0;
}

/* Append the strings of @src to bprm->strings; returns the count. */
static long copy_strings(struct linux_binprm *b, struct arg_source src,
			 u64 *used)
{
	long n = 0;

	for (;;) {
		const char *s;
		long len, err = fetch_ptr(src, n, &s);

		if (err)
			return err;
		if (!s)
			return n;
		if (b->argc + b->envc + n >= MAX_ARGS)
			return -E2BIG;
		if (src.kernel) {
			len = strnlen(s, ARG_MAX - *used);
			if (*used + len >= ARG_MAX)
				return -E2BIG;
			memcpy(b->strings + *used, s, len + 1);
		} else {
			len = strncpy_from_user(b->strings + *used, s, ARG_MAX - *used);
			if (len < 0)
				return len;
			if (*used + len >= ARG_MAX)
				return -E2BIG;
		}
		*used += len + 1;
		n++;
	}
}

static long copy_args(struct linux_binprm *b, struct arg_source argv,
		      struct arg_source envp)
{
	u64 used = 0;
	long n;

	b->strings = kmalloc(ARG_MAX, GFP_KERNEL);
	if (!b->strings)
		return -ENOMEM;
	n = copy_strings(b, argv, &used);
	if (n == 0) {			/* as Linux since 5.18: argv[0] = "" */
		b->strings[used++] = '\0';
		n = 1;
	}
	if (n < 0)
		return n;
	b->argc = (int)n;
	b->argv_len = used;
	n = copy_strings(b, envp, &used);
	if (n < 0)
		return n;
	b->envc = (int)n;
	b->env_len = used - b->argv_len;
	return 0;
}


/*
 * The ids the program will run with: a set-user-ID file runs with its
 * owner as effective uid, a set-group-ID one (with group execute) with
 * its group as effective gid, unless its file system is mounted nosuid;
 * the saved and fs ids follow the effective ones, as Linux sets them at
 * every exec. The C library is told (AT_SECURE) when the program runs
 * with ids other than its caller's real ones, or moved its effective
 * ones: it must not trust the environment then.
 */
static long bprm_creds_from_file(struct linux_binprm *b)
{
	const struct inode *inode = b->inode;
	struct cred *new = prepare_creds();
	const struct cred *old = current->cred;
	/* no_new_privs: set-ID bits are ignored, as on a nosuid mount; so
	 * are they when the caller's user namespace cannot name the file's
	 * owner or group (Linux's bprm_fill_uid()). */
	bool nosuid = (inode->i_sb->s_flags & SB_NOSUID) || current->no_new_privs ||
		      !kuid_has_mapping(old->user_ns, KUIDT_INIT(inode->i_uid)) ||
		      !kgid_has_mapping(old->user_ns, KGIDT_INIT(inode->i_gid));

	if (!new)
		return -ENOMEM;
	if ((inode->i_mode & S_ISUID) && !nosuid)
		new->euid = KUIDT_INIT(inode->i_uid);
	if ((inode->i_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) &&
	    !nosuid)
		new->egid = KGIDT_INIT(inode->i_gid);
	b->secureexec = !uid_eq(new->euid, old->uid) ||
			!gid_eq(new->egid, old->gid) ||
			!uid_eq(new->euid, old->euid) ||
			!gid_eq(new->egid, old->egid);
	/* The capabilities, and the ids kept when a tracer without
	 * CAP_SYS_PTRACE watches (Linux's LSM_UNSAFE_PTRACE), AT_SECURE still
	 * set as Linux sets it. */
	cap_bprm_creds(new, old, current->no_new_privs, &b->secureexec);
	key_cred_fork(new, false);	/* no thread or process keyring */
	b->cred = new;
	return 0;
}

/* Read the file to run, following "#!" lines to their interpreter. */
static long read_program(struct linux_binprm *b)
{
	struct script_line *line = kmalloc(sizeof(*line), GFP_KERNEL);
	long err = line ? 0 : -ENOMEM;

	for (int depth = 0; !err; depth++) {
		const char *path = b->interp[0] ? b->interp : b->filename;

		err = kernel_read_file(path, &b->data, &b->size, &b->inode);
		if (err)
			break;
		err = script_parse(b->data, b->size, line);
		if (err <= 0)
			break;
		if (depth == BINPRM_MAX_DEPTH)
			err = -ELOOP;
		else
			err = script_args(line, path, ARG_MAX, &b->strings,
					  &b->argv_len, b->env_len, &b->argc);
		if (err)
			break;
		strlcpy(b->interp, line->interp, sizeof(b->interp));
		kernel_read_file_put(b->inode, b->data);	/* the script's */
		b->inode = NULL;
		b->data = NULL;
	}
	kfree(line);
	return err;
}

/*
 * /proc/PID/exe and the maps name the file itself, by its absolute path
 * with every link resolved, as Linux's d_path() of the opened file does:
 * BusyBox runs its applets as "/proc/self/exe", which is /bin/busybox.
 */
static void set_exe_path(struct mm_struct *mm, const char *path)
{
	if (exec_abs_path(path, mm->exe_path, sizeof(mm->exe_path)) < 0)
		strlcpy(mm->exe_path, path, sizeof(mm->exe_path));
}

/* Everything that can still fail, in the new mm. */
static long prepare_exec(struct linux_binprm *b)
{
	long err = read_program(b);
	long vdso;

	if (err)
		return err;
	err = bprm_creds_from_file(b);
	if (err)
		return err;
	err = elf_parse(&b->elf, b->data, b->size, TASK_SIZE_MAX);
	if (err) {
		pr_info("execve: %s: %s\n", b->interp[0] ? b->interp : b->filename,
			b->elf.err);
		return err;
	}
	b->mm = mm_alloc();
	if (!b->mm)
		return -ENOMEM;
	set_exe_path(b->mm, b->interp[0] ? b->interp : b->filename);
	b->mm->coredump_filter = current->mm ? current->mm->coredump_filter :
				 MMF_DUMP_FILTER_DEFAULT;
	err = load_segments(b);
	if (err)
		return err;
	vdso = arch_setup_additional_pages(b->mm);
	if (vdso < 0)
		return vdso;
	b->vdso = (u64)vdso;
	return setup_stack(b);
}

/* Put @new where @old is on its list; @old leaves it. */
static void take_place(struct list_head *new, struct list_head *old)
{
	list_del_init(new);
	list_add(new, old);
	list_del_init(old);
}

/*
 * Exec from a thread that is not the leader (Linux's de_thread()): take
 * the dead leader's place, its pid (the process's) and its links to the
 * parent and the task list; the leader goes with our old pid.
 */
static void become_leader(struct task_struct *t)
{
	struct task_struct *leader = t->group_leader;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);

	exchange_tids(t, leader);
	take_place(&t->tasks, &leader->tasks);
	take_place(&t->sibling, &leader->sibling);
	list_del_init(&leader->thread_group);
	t->signal->nr_threads--;
	t->real_parent = leader->real_parent;
	t->parent = leader->parent;
	t->exit_signal = leader->exit_signal;
	t->start_time = leader->start_time;
	t->group_leader = t;
	t->signal->leader = t;
	if (child_reaper == leader)
		child_reaper = t;
	if (task_active_pid_ns(t)->child_reaper == leader)
		task_active_pid_ns(t)->child_reaper = t;
	leader->exit_signal = -1;
	leader->exit_state = EXIT_DEAD;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	release_task(leader);
}

/* Kill the other threads of the process and wait until they are gone;
 * a thread that is not the leader then becomes it. */
static long de_thread(void)
{
	struct task_struct *t = current;
	long ret = 0;

	if (get_nr_threads(t) == 1)
		return 0;
	if (zap_other_threads())
		return -EAGAIN;
	for (;;) {		/* each exit_notify() wakes us */
		set_current_state(TASK_INTERRUPTIBLE);
		if (alone_in_process(t) || fatal_signal_pending(t))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	if (fatal_signal_pending(t))
		ret = -EINTR;
	else if (!thread_group_leader(t))
		become_leader(t);
	t->signal->group_exec_task = NULL;
	return ret;
}

static void exec_mmap(struct mm_struct *mm)
{
	struct mm_struct *old = current->mm;
	unsigned long irq = spin_lock_irqsave(&task_mm_lock);

	current->mm = mm;
	current->active_mm = mm;
	switch_to_mm(mm);
	spin_unlock_irqrestore(&task_mm_lock, irq);
	if (old)
		mmput(old);
}

static const char *basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* Past the point of no return: become the new program. */
static void begin_new_exec(struct linux_binprm *b)
{
	struct task_struct *t = current;
	struct pt_regs *regs = task_pt_regs(t);

	io_uring_task_cancel();		/* the old image's requests */
	exec_mmap(b->mm);
	b->mm = NULL;
	commit_creds(b->cred);
	b->cred = NULL;
	t->flags &= ~(PF_KTHREAD | PF_FORKNOEXEC);
	/* Zero-padded, as Linux's __set_task_comm(): no bytes of the old
	 * name (a longer one) after the new one's NUL, for gdb to print. */
	memset(t->comm, 0, sizeof(t->comm));
	strlcpy(t->comm, basename(b->filename), sizeof(t->comm));
	/* The CPU's copy that oops reports print, refreshed at every switch. */
	preempt_disable();
	memcpy(this_cpu()->curr_comm, t->comm, sizeof(t->comm));
	preempt_enable();
	close_on_exec(t->files);
	flush_signal_handlers(t);
	exit_itimers(t->signal);	/* timer_create()'s die with the image */
	t->sas_ss_sp = t->sas_ss_size = 0;	/* the old stack is gone */
	rseq_execve(t);
	t->robust_list = NULL;		/* the old image's mutexes are gone */
	t->ustack_lo = USER_STACK_TOP - STACK_INITIAL;
	t->ustack_hi = USER_STACK_TOP;
	fpu_reset_current();
	arch_start_thread(regs, b->elf.entry, b->sp);
	perf_event_exec();		/* enable_on_exec counters start */
	complete_vfork_done(t);
}

static long do_execve(const char *name, bool kernel_name, struct arg_source argv,
		      struct arg_source envp)
{
	struct linux_binprm *b = kzalloc(sizeof(*b), GFP_KERNEL);
	long err;

	if (!b)
		return -ENOMEM;
	if (kernel_name)
		err = strlcpy(b->filename, name, PATH_MAX) >= PATH_MAX ?
		      -ENAMETOOLONG : 0;
	else
		err = strncpy_from_user(b->filename, name, PATH_MAX);
	if (err >= PATH_MAX)
		err = -ENAMETOOLONG;
	if (err >= 0)
		err = copy_args(b, argv, envp);
	if (err >= 0 && !current->thread.fpu)
		err = fpu_alloc(current, NULL);
	if (err >= 0)
		err = prepare_exec(b);
	if (err >= 0)
		err = de_thread();
	if (err >= 0)
		begin_new_exec(b);
	if (b->mm)
		mmput(b->mm);
	if (b->inode)
		kernel_read_file_put(b->inode, b->data);
	if (b->cred)
		abort_creds(b->cred);
	kfree(b->strings);
	kfree(b);
	return err < 0 ? err : 0;
}

/* execve(2): replace current's program with ELF executable @filename,
 * with the @argv and @envp strings; returns only on failure. */
long sys_execve(const char __user *filename, const char __user *const __user *argv,
		const char __user *const __user *envp)
{
	struct arg_source a = { false, argv }, e = { false, envp };

	return do_execve(filename, false, a, e);
}

long execve_path_user_args(const char *path,
			   const char __user *const __user *argv,
			   const char __user *const __user *envp)
{
	struct arg_source a = { false, argv }, e = { false, envp };

	return do_execve(path, true, a, e);
}

long kernel_execve(const char *filename, const char *const *argv,
		   const char *const *envp)
{
	struct arg_source a = { true, argv }, e = { true, envp };

	return do_execve(filename, true, a, e);
}
