/*
 * execve: replace the calling process's program.
 *
 *  1. copy the file name, argv and envp strings into the kernel;
 *  2. find the file (kernel_read_file); a "#!" script names the file to
 *     run instead (kernel/fs/binfmt_script.c, bprm_script()); check it is
 *     a static ELF64 executable we can run (lib/elf.c says why not:
 *     -ENOEXEC, -EINVAL)
 *     and current may execute (-EACCES); its set-user-ID and
 *     set-group-ID bits give the new ids (bprm_creds_from_file());
 *  3. build a new address space: the PT_LOAD segments, a stack VMA at
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
#include "kernel/task.h"
#include "asm/io.h"
#include "asm/percpu.h"
#include "asm/pgtable.h"
#include "asm/processor.h"
#include "asm/vdso.h"
#include "kernel/cred.h"
#include "kernel/fs/binfmt_script.h"
#include "kernel/fs/exec.h"
#include "kernel/fork.h"
#include "kernel/fs/fs.h"
#include "kernel/mm/mm.h"
#include "kernel/preempt.h"
#include "kernel/printk/printk.h"
#include "kernel/time/time.h"
#include "kernel/random.h"
#include "kernel/sched/rseq.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/mm/slab.h"
#include "kernel/exit.h"
#include "kernel/pid.h"
#include "kernel/tasklist.h"
#include "kernel/uaccess.h"
#include "kernel/fs/vfs.h"
#include "lib/elf.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define ARG_MAX (128 * 1024)		/* argv + envp strings, in total */
#define MAX_ARGS 4096			/* argv + envp entries */
#define PATH_MAX 4096
#define STACK_INITIAL (ARG_MAX + 64 * 1024)	/* first stack VMA; grows on faults */

/* Auxiliary vector keys (Linux's include/uapi/linux/auxvec.h). */
enum {
	AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6,
	AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12,
	AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16,
	AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26,
	AT_EXECFN = 31, AT_SYSINFO_EHDR = 33,
};

struct linux_binprm {
	char filename[PATH_MAX];	/* as execve() got it: comm, AT_EXECFN */
	char interp[PATH_MAX];		/* the file loaded for a script, or "" */
	char *strings;			/* argv strings, then envp strings */
	u64 argv_len, env_len;		/* bytes of each part, NULs included */
	int argc, envc;
	const void *data;		/* the file's bytes */
	u64 size;
	struct inode *inode;		/* the file, referenced */
	struct cred *cred;		/* the ids the program runs with */
	bool secureexec;		/* AT_SECURE: the exec raised ids */
	struct elf_info elf;
	struct mm_struct *mm;
	u64 vdso;			/* the vDSO's address, or 0 */
	u64 sp;				/* the new rsp (at argc) */
};

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

static u64 vm_flags_of(u32 p_flags)
{
	return (p_flags & PF_R ? VM_READ : 0) | (p_flags & PF_W ? VM_WRITE : 0) |
	       (p_flags & PF_X ? VM_EXEC : 0);
}

/*
 * Map the file bytes of read-only segment @s straight from the file's own
 * pages: every page that holds part of [vaddr, vaddr + filesz), whole,
 * so the bytes around the segment in its first and last page show too
 * (as on Linux; zeroing them would need a copy). 0 when done; 1 when the
 * segment must be copied instead (writable, or the file is not
 * page-backed; the copy replaces whatever was mapped); or -errno.
 */
static long map_file_pages(struct linux_binprm *b, const struct elf_load_seg *s)
{
	u64 va = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
	u64 end = ALIGN_UP(s->vaddr + s->filesz, PAGE_SIZE);
	u64 pgoff = s->offset >> PAGE_SHIFT;

	if ((s->flags & PF_W) || !s->filesz ||
	    (s->vaddr - s->offset) % PAGE_SIZE)
		return 1;
	for (; va < end; va += PAGE_SIZE, pgoff++) {
		struct page *page = ramfs_file_page(b->inode, pgoff);
		long err;

		if (!page)
			return 1;
		err = vm_insert_page(b->mm, va, page);
		if (err)
			return err;
	}
	return 0;
}

/* Copy the file bytes of @s into new pages and zero the rest up to @end. */
static long copy_segment(struct linux_binprm *b, const struct elf_load_seg *s,
			 u64 end)
{
	u64 file_end = s->vaddr + s->filesz;

	return mm_write(b->mm, s->vaddr, (const u8 *)b->data + s->offset,
			s->filesz) ?: mm_zero(b->mm, file_end, end - file_end);
}

/* One PT_LOAD segment: its VMA, then its pages, mapped or copied. */
static long load_segment(struct linux_binprm *b, const struct elf_load_seg *s)
{
	u64 start = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
	u64 end = ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE);
	long err = vma_add(b->mm, start, end, vm_flags_of(s->flags),
			   b->mm->exe_path);

	if (err)
		return err;
	/* The maps offset column: where in the file. */
	vma_set_pgoff(b->mm, start, s->offset >> PAGE_SHIFT);
	err = map_file_pages(b, s);
	/* Mapped: any pages past the file's last one (bss) are anonymous,
	 * zero-filled by the first fault on them. */
	return err > 0 ? copy_segment(b, s, end) : err;
}

/* Map every PT_LOAD segment and note where code, data and heap are. */
static long load_segments(struct linux_binprm *b)
{
	struct mm_struct *mm = b->mm;

	for (int i = 0; i < b->elf.nr_load; i++) {
		const struct elf_load_seg *s = &b->elf.load[i];
		long err = load_segment(b, s);

		if (err)
			return err;
		if (s->flags & PF_X) {
			mm->start_code = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
			mm->end_code = s->vaddr + s->filesz;
		} else if (s->flags & PF_W) {
			mm->start_data = s->vaddr;
			mm->end_data = s->vaddr + s->filesz;
		}
	}
	mm->start_brk = mm->brk = b->elf.brk_start;
	return 0;
}

/* Push @len bytes below *p in the new stack; returns their address. */
static long push_bytes(struct linux_binprm *b, u64 *p, const void *src, u64 len)
{
	*p -= len;
	return mm_write(b->mm, *p, src, len);
}

static void fill_auxv(struct linux_binprm *b, u64 *aux, u64 phdr, u64 random,
		      u64 platform, u64 execfn)
{
	u32 a, bx, c, d;
	int n = 0;

	cpuid(1, 0, &a, &bx, &c, &d);
#define AUX(k, v) do { aux[n++] = (k); aux[n++] = (v); } while (0)
	AUX(AT_SYSINFO_EHDR, b->vdso);
	AUX(AT_HWCAP, d);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_CLKTCK, HZ);
	AUX(AT_PHDR, phdr);
	AUX(AT_PHENT, b->elf.phentsize);
	AUX(AT_PHNUM, b->elf.phnum);
	AUX(AT_BASE, 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, b->elf.entry);
	AUX(AT_UID, b->cred->uid.val);
	AUX(AT_EUID, b->cred->euid.val);
	AUX(AT_GID, b->cred->gid.val);
	AUX(AT_EGID, b->cred->egid.val);
	AUX(AT_SECURE, b->secureexec);
	AUX(AT_RANDOM, random);
	AUX(AT_HWCAP2, 0);
	AUX(AT_EXECFN, execfn);
	AUX(AT_PLATFORM, platform);
	AUX(AT_NULL, 0);
#undef AUX
}

#define NR_AUXV 20

/*
 * The initial stack, from the top down (Linux's layout):
 *   execfn string, envp strings, argv strings, 16 random bytes,
 *   "x86_64", [program headers if not mapped], padding,
 *   auxv pairs, NULL, envp[], NULL, argv[], argc  <- rsp, 16-byte aligned
 */
static long setup_stack(struct linux_binprm *b)
{
	struct mm_struct *mm = b->mm;
	u64 top = USER_STACK_TOP, p = top - 8, random, platform, execfn, phdr;
	u64 rnd[2] = { get_random_u64(), get_random_u64() };
	u64 nptrs = 1 + b->argc + 1 + b->envc + 1 + 2 * NR_AUXV, *vec, *q, s;
	long err = vma_add(mm, top - STACK_INITIAL, top, VM_READ | VM_WRITE |
			   VM_STACK, "[stack]");

	if (err)
		return err;
	err = push_bytes(b, &p, b->filename, strlen(b->filename) + 1);
	execfn = p;
	err = err ?: push_bytes(b, &p, b->strings, b->argv_len + b->env_len);
	mm->arg_start = p;
	mm->arg_end = mm->env_start = p + b->argv_len;
	mm->env_end = mm->env_start + b->env_len;
	err = err ?: push_bytes(b, &p, rnd, sizeof(rnd));
	random = p;
	err = err ?: push_bytes(b, &p, "x86_64", 7);
	platform = p;
	phdr = b->elf.phdr_vaddr;
	if (!phdr) {	/* headers not in any segment: give musl a copy */
		p = ALIGN_DOWN(p, 8);
		err = err ?: push_bytes(b, &p, (const u8 *)b->data + b->elf.phoff,
					(u64)b->elf.phnum * b->elf.phentsize);
		phdr = p;
	}
	if (err)
		return err;
	vec = kmalloc(nptrs * 8, GFP_KERNEL);
	if (!vec)
		return -ENOMEM;
	q = vec;
	*q++ = b->argc;
	s = mm->arg_start;
	for (int i = 0; i < b->argc + b->envc; i++) {
		if (i == b->argc)
			*q++ = 0;
		*q++ = s;
		s += strlen(b->strings + (s - mm->arg_start)) + 1;
	}
	if (!b->envc)
		*q++ = 0;	/* argv's NULL: the loop never got to it */
	*q++ = 0;
	fill_auxv(b, q, phdr, random, platform, execfn);
	memcpy(mm->auxv, q, MIN(sizeof(mm->auxv), 2 * NR_AUXV * 8));
	b->sp = ALIGN_DOWN(p - nptrs * 8, 16);
	err = mm_write(mm, b->sp, vec, nptrs * 8);
	kfree(vec);
	mm->start_stack = b->sp;
	return err;
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
	bool nosuid = inode->i_sb->s_flags & SB_NOSUID;

	if (!new)
		return -ENOMEM;
	if ((inode->i_mode & S_ISUID) && !nosuid)
		new->euid = KUIDT_INIT(inode->i_uid);
	if ((inode->i_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) &&
	    !nosuid)
		new->egid = KGIDT_INIT(inode->i_gid);
	new->suid = new->fsuid = new->euid;
	new->sgid = new->fsgid = new->egid;
	b->secureexec = !uid_eq(new->euid, old->uid) ||
			!gid_eq(new->egid, old->gid) ||
			!uid_eq(new->euid, old->euid) ||
			!gid_eq(new->egid, old->egid);
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
		iput(b->inode);
		b->inode = NULL;
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
	err = load_segments(b);
	if (err)
		return err;
	vdso = arch_setup_additional_pages(b->mm);
	if (vdso < 0)
		return vdso;
	b->vdso = (u64)vdso;
	return setup_stack(b);
}

/* Are the other threads gone (a leader that is not us: a zombie)? */
static bool alone_in_process(struct task_struct *t)
{
	return get_nr_threads(t) == 1 ||
	       (get_nr_threads(t) == 2 && READ_ONCE(t->group_leader->exit_state));
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
	pid_t pid = t->pid;

	detach_pid(t);
	detach_pid(leader);
	t->pid = leader->pid;
	leader->pid = pid;
	attach_pid(t);
	attach_pid(leader);
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
	while (!alone_in_process(t) && !fatal_signal_pending(t))
		msleep(1);
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

static void flush_signal_handlers(struct task_struct *t)
{
	for (int i = 0; i < _NSIG; i++) {
		struct k_sigaction *ka = &t->sighand->action[i];

		if (ka->handler != SIG_IGN)
			ka->handler = SIG_DFL;
		ka->flags = 0;
		ka->restorer = NULL;
		ka->mask.sig = 0;
	}
	t->sas_ss_sp = t->sas_ss_size = 0;
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

	exec_mmap(b->mm);
	b->mm = NULL;
	commit_creds(b->cred);
	b->cred = NULL;
	t->flags &= ~PF_KTHREAD;
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
	rseq_execve(t);
	t->ustack_lo = USER_STACK_TOP - STACK_INITIAL;
	t->ustack_hi = USER_STACK_TOP;
	fpu_reset_current();
	arch_start_thread(regs, b->elf.entry, b->sp);
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
