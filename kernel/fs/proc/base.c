/*
 * /proc/<pid>/ and /proc/<pid>/task/<tid>/: the per-process and
 * per-thread directories, their file table, and the small files that
 * live here: comm, cmdline, environ, auxv, mem, and the symlinks exe,
 * cwd, root and fd/<n>.
 *
 *   /proc/<pid>/            the process (its task is the one looked up)
 *   /proc/<pid>/task/       one directory per thread, named by its tid
 *   /proc/<pid>/task/<tid>/ the same files for that thread alone
 *
 * Every inode here holds a reference on its task (see inode.c), so
 * the task_struct and its stack outlive the task's exit while a reader
 * has them; what the task owned (mm, files, cwd) is taken with its own
 * reference (get_task_mm, and inode.c's proc_get_files, proc_get_fs) and
 * may be gone.
 */
#include "kernel/cred.h"
#include "kernel/fs/proc/internal.h"
#include "kernel/fork.h"
#include "kernel/fs/anon_inodes.h"
#include "kernel/fs/fs.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/oom.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/signal.h"
#include "kernel/include/linux/limits.h"
#include "kernel/mm/slab.h"
#include "kernel/tasklist.h"
#include "kernel/time/time.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

/* ---- symlinks: exe, cwd, root ---- */

static long proc_exe_link(struct inode *inode, char *buf, size_t size)
{
	struct mm_struct *mm = get_task_mm(PROC_I(inode)->task);
	long len;

	if (!mm)
		return -ENOENT;		/* a kernel thread runs no file */
	len = (long)strlcpy(buf, mm->exe_path, size);
	mmput(mm);
	return len ? len : -ENOENT;
}

/* As a magic link: the program's file, looked up by its name now. */
static struct dentry *proc_exe_magic(struct inode *inode)
{
	struct mm_struct *mm = get_task_mm(PROC_I(inode)->task);
	struct dentry *d;

	if (!mm)
		return ERR_PTR(-ENOENT);
	d = path_lookup(mm->exe_path, LOOKUP_FOLLOW);
	mmput(mm);
	return d;
}

/* The task's root (@root) or cwd, referenced. */
static struct dentry *fs_dentry(struct inode *inode, bool root)
{
	struct fs_struct *fs = proc_get_fs(PROC_I(inode)->task);
	struct dentry *d;

	if (!fs)
		return ERR_PTR(-ENOENT);
	spin_lock(&fs->lock);
	d = dget(root ? fs->root : fs->pwd);
	spin_unlock(&fs->lock);
	put_fs(fs);
	return d;
}

static long fs_link(struct inode *inode, char *buf, size_t size, bool root)
{
	struct dentry *d = fs_dentry(inode, root);
	long len;

	if (IS_ERR(d))
		return PTR_ERR(d);
	len = d_path(d, buf, size);
	dput(d);
	return len;
}

static long proc_cwd_link(struct inode *inode, char *buf, size_t size)
{
	return fs_link(inode, buf, size, false);
}

static long proc_root_link(struct inode *inode, char *buf, size_t size)
{
	return fs_link(inode, buf, size, true);
}

static struct dentry *proc_cwd_magic(struct inode *inode)
{
	return fs_dentry(inode, false);
}

static struct dentry *proc_root_magic(struct inode *inode)
{
	return fs_dentry(inode, true);
}

/* ---- fd/: one symlink per open descriptor ---- */

/* Linux's names: the path, or "pipe:[ino]" for a pipe, "socket:[ino]"
 * for a socket; a namespace file (a dentry in no tree, kernel/ns/nsfs.c)
 * by its own name, "uts:[ino]". */
static long proc_fd_link(struct inode *inode, char *buf, size_t size)
{
	struct file *f = fget_task(PROC_I(inode)->task, PROC_I(inode)->fd);
	long len;

	if (!f)
		return -ENOENT;
	if (f->f_dentry && f->f_dentry->d_parent == f->f_dentry &&
	    strcmp(f->f_dentry->d_name, "/"))
		len = (long)strlcpy(buf, f->f_dentry->d_name, size);
	else if (f->f_dentry)
		len = d_path(f->f_dentry, buf, size);
	else if (S_ISFIFO(f->f_inode->i_mode))
		len = scnprintf(buf, size, "pipe:[%lu]",
				(unsigned long)f->f_inode->i_ino);
	else if (S_ISSOCK(f->f_inode->i_mode))
		len = scnprintf(buf, size, "socket:[%lu]",
				(unsigned long)f->f_inode->i_ino);
	else if (anon_inode_name(f->f_inode))
		len = scnprintf(buf, size, "anon_inode:%s",
				anon_inode_name(f->f_inode));
	else
		len = scnprintf(buf, size, "anon_inode:[%lu]",
				(unsigned long)f->f_inode->i_ino);
	/* As Linux: the link's rights say how the file is open. */
	inode->i_mode = S_IFLNK | ((f->f_mode & FMODE_READ) ? 0500 : 0) |
			((f->f_mode & FMODE_WRITE) ? 0200 : 0);
	fput(f);
	return len;
}

/*
 * As a magic link: the open file's own dentry, so open() makes a new
 * open file description of the same inode (permission checked against
 * it) and stat() sees it. A file without a name (a pipe, a memfd, an
 * unlinked O_TMPFILE file's anonymous opener) gets a dentry of its own
 * named like the link's text, on no directory.
 */
static struct dentry *proc_fd_magic(struct inode *inode)
{
	struct file *f = fget_task(PROC_I(inode)->task, PROC_I(inode)->fd);
	const char *name = PROC_I(inode)->link;
	struct inode *target;
	struct dentry *d;

	if (!f)
		return ERR_PTR(-ENOENT);
	target = f->f_dentry ? NULL : igrab(f->f_inode);
	d = f->f_dentry ? dget(f->f_dentry) : ERR_PTR(-ENOENT);
	fput(f);
	if (!target)
		return d;
	d = name && strlen(name) <= NAME_MAX ?
	    d_alloc(NULL, name, strlen(name), target) : NULL;
	if (!d) {
		iput(target);
		return ERR_PTR(name ? -ENOMEM : -ENOENT);
	}
	return d;
}

static const struct proc_entry proc_fd_entry = {
	.name = "fd", .mode = S_IFLNK | 0700, .link = proc_fd_link,
	.magic = proc_fd_magic,
};

static struct inode *proc_fd_lookup(struct inode *dir, const char *name,
				    size_t len)
{
	struct proc_inode *d = PROC_I(dir);
	int fd = proc_name_to_int(name, len);

	if (fd < 0 || fd >= NR_OPEN_MAX || !proc_task_alive(d->task))
		return ERR_PTR(-ENOENT);
	return proc_make_inode(&proc_fd_entry, &(struct proc_inode){
		.task = d->task, .thread = d->thread, .fd = fd },
		proc_task_ino(d->task, PROC_INO_FD, fd));
}

static int proc_fd_readdir(struct inode *dir, struct dir_context *ctx)
{
	return proc_readdir_fds(dir, ctx, PROC_INO_FD, DT_LNK);
}

static const struct inode_operations proc_fd_iops = {
	.lookup = proc_fd_lookup,
	.readdir = proc_fd_readdir,
};

/* ---- comm, cmdline, environ, auxv ---- */

static int proc_comm_show(struct seq_buf *m, void *data)
{
	struct proc_inode *pi = data;
	char comm[TASK_COMM_LEN];

	memcpy(comm, pi->task->comm, sizeof(comm));
	comm[TASK_COMM_LEN - 1] = '\0';
	seq_printf(m, "%s\n", comm);
	return 0;
}

/* timerslack_ns (prctl PR_SET_TIMERSLACK's value, kernel/time/sleep.c):
 * another task's needs CAP_SYS_NICE to read or write, as on Linux. */
static int proc_timerslack_show(struct seq_buf *m, void *data)
{
	struct proc_inode *pi = data;

	if (pi->task != current && !capable(CAP_SYS_NICE))
		return -EPERM;
	seq_printf(m, "%llu\n", (unsigned long long)task_timer_slack(pi->task));
	return 0;
}

/* coredump_filter: which kinds of VMA a core file of the process holds
 * (kernel/fs/exec/elf_core.c), in hex as Linux shows it. */
static int proc_coredump_filter_show(struct seq_buf *m, void *data)
{
	struct mm_struct *mm = get_task_mm(((struct proc_inode *)data)->task);

	if (!mm)
		return -ESRCH;
	seq_printf(m, "%08x\n", READ_ONCE(mm->coredump_filter));
	mmput(mm);
	return 0;
}

/* A number in any base (0x33, 51); bits past Linux's nine are dropped. */
static int proc_coredump_filter_store(void *data, const char *buf, size_t len)
{
	struct mm_struct *mm = get_task_mm(((struct proc_inode *)data)->task);
	unsigned int v;
	int err;

	if (!mm)
		return -ESRCH;
	err = kstrtouint(buf, 0, &v) ? -EINVAL : 0;
	if (!err)
		WRITE_ONCE(mm->coredump_filter, v & MMF_DUMP_FILTER_MASK);
	mmput(mm);
	return err;
}

/* A number of ns; 0 restores the task's default. */
static int proc_timerslack_store(void *data, const char *buf, size_t len)
{
	struct proc_inode *pi = data;
	u64 ns;

	if (pi->task != current && !capable(CAP_SYS_NICE))
		return -EPERM;
	if (kstrtoull(buf, 10, &ns))
		return -EINVAL;
	set_timer_slack(pi->task, ns);
	return 0;
}

/* oom_score: the OOM killer's points for the process (kernel/mm/oom.h),
 * scaled to 0..2000 as Linux's proc_oom_score(); 0 if never chosen. */
static int proc_oom_score_show(struct seq_buf *m, void *data)
{
	struct proc_inode *pi = data;
	u64 total = nr_managed_pages();
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	long badness = proc_task_hashed(pi->task) ?
		       oom_badness(pi->task->group_leader, total) : LONG_MIN;

	spin_unlock_irqrestore(&tasklist_lock, irq);
	seq_printf(m, "%ld\n", badness == LONG_MIN ? 0 :
		   1000 + badness * 1000 / (long)total);
	return 0;
}

static int proc_oom_score_adj_show(struct seq_buf *m, void *data)
{
	struct proc_inode *pi = data;

	seq_printf(m, "%d\n", READ_ONCE(pi->task->signal->oom_score_adj));
	return 0;
}

/* -1000..1000, else EINVAL; below the process's minimum (0, or what a
 * CAP_SYS_RESOURCE writer set last) EACCES without CAP_SYS_RESOURCE, as
 * Linux's __set_oom_adj(). */
static int proc_oom_score_adj_store(void *data, const char *buf, size_t len)
{
	struct signal_struct *s = ((struct proc_inode *)data)->task->signal;
	int adj;

	if (kstrtoint(buf, 10, &adj) || adj < OOM_SCORE_ADJ_MIN ||
	    adj > OOM_SCORE_ADJ_MAX)
		return -EINVAL;
	if (adj < READ_ONCE(s->oom_score_adj_min) && !capable(CAP_SYS_RESOURCE))
		return -EACCES;
	if (capable(CAP_SYS_RESOURCE))
		WRITE_ONCE(s->oom_score_adj_min, adj);
	WRITE_ONCE(s->oom_score_adj, adj);
	return 0;
}

/* Copy [start, end) of @mm's memory into @m, as much as is present. */
static void copy_user_range(struct seq_buf *m, struct mm_struct *mm, u64 start,
			    u64 end)
{
	char chunk[256];

	while (start < end && !m->overflow) {
		u64 n = MIN(end - start, (u64)sizeof(chunk));
		u64 got = access_remote_vm(mm, start, chunk, n, false);

		seq_write(m, chunk, got);
		if (got < n)
			break;
		start += n;
	}
}

/* cmdline (@env false) or environ: the strings exec put on the stack. */
static int show_strings(struct seq_buf *m, void *data, bool env)
{
	struct proc_inode *pi = data;
	struct mm_struct *mm = get_task_mm(pi->task);
	u64 start, end;

	if (!mm)
		return 0;	/* kernel threads and zombies: empty, as Linux */
	start = env ? mm->env_start : mm->arg_start;
	end = env ? mm->env_end : mm->arg_end;
	copy_user_range(m, mm, start, end);
	mmput(mm);
	return 0;
}

static int proc_pid_cmdline_show(struct seq_buf *m, void *data)
{
	return show_strings(m, data, false);
}

static int proc_environ_show(struct seq_buf *m, void *data)
{
	if (!ptrace_may_access(((struct proc_inode *)data)->task))
		return -EACCES;
	return show_strings(m, data, true);
}

#define AT_NULL 0

/* The auxiliary vector: (type, value) pairs of u64, up to AT_NULL's. */
static int proc_auxv_show(struct seq_buf *m, void *data)
{
	struct proc_inode *pi = data;
	struct mm_struct *mm = get_task_mm(pi->task);
	size_t i = 0;

	if (!mm)
		return 0;
	while (i + 2 <= ARRAY_SIZE(mm->auxv)) {
		seq_write(m, &mm->auxv[i], 16);
		if (mm->auxv[i] == AT_NULL)
			break;
		i += 2;
	}
	mmput(mm);
	return 0;
}

/* ---- mem: the process's memory at the file offset ---- */

static int proc_mem_open(struct inode *inode, struct file *f)
{
	if (!ptrace_may_access(PROC_I(inode)->task))
		return -EACCES;
	/* Like Linux, the address space is the one there at open. */
	f->private_data = get_task_mm(PROC_I(inode)->task);
	return 0;
}

static long proc_mem_rw(struct file *f, struct iov_iter *it, loff_t *pos,
			bool write)
{
	struct mm_struct *mm = f->private_data;
	long done = 0;
	char *page;

	if (!mm)
		return 0;
	page = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	while (it->count) {
		u64 addr = (u64)*pos;
		u64 n = MIN((u64)it->count, PAGE_SIZE - (addr & (PAGE_SIZE - 1)));
		u64 got;

		if (write) {
			n = copy_from_iter(page, n, it);
			got = n ? access_remote_vm(mm, addr, page, n, true) : 0;
		} else {
			got = access_remote_vm(mm, addr, page, n, false);
			got = copy_to_iter(page, got, it);
		}
		done += got;
		*pos += got;
		if (got < n || got == 0)
			break;
	}
	kfree(page);
	return done ? done : -EIO;	/* nothing mapped there: EIO, as Linux */
}

static long proc_mem_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	return proc_mem_rw(f, to, pos, false);
}

static long proc_mem_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	return proc_mem_rw(f, from, pos, true);
}

static int proc_mem_release(struct inode *inode, struct file *f)
{
	if (f->private_data)
		mmput(f->private_data);
	return 0;
}

static const struct file_operations proc_mem_fops = {
	.open = proc_mem_open,
	.read = proc_mem_read,
	.write = proc_mem_write,
	.llseek = generic_file_llseek,
	.release = proc_mem_release,
};

/* ---- the directories ---- */

static const struct inode_operations proc_task_iops;

#define REG(n, perm, fn) { .name = n, .mode = S_IFREG | (perm), .show = fn }
#define RW(n, perm, show_fn, store_fn) { .name = n, .mode = S_IFREG | (perm), \
	.show = show_fn, .store = store_fn }
#define LNK(n, fn, mg) { .name = n, .mode = S_IFLNK | 0777, .link = fn, \
			 .magic = mg }

/* "task" first: the thread directories use the table without it. */
static const struct proc_entry pid_entries[] = {
	{ .name = "task", .mode = S_IFDIR | 0555, .iops = &proc_task_iops },
	{ .name = "fd", .mode = S_IFDIR | 0500, .iops = &proc_fd_iops },
	{ .name = "fdinfo", .mode = S_IFDIR | 0500, .iops = &proc_fdinfo_iops },
	{ .name = "ns", .mode = S_IFDIR | 0511, .iops = &proc_ns_dir_iops },
	LNK("exe", proc_exe_link, proc_exe_magic),
	LNK("cwd", proc_cwd_link, proc_cwd_magic),
	LNK("root", proc_root_link, proc_root_magic),
	REG("status", 0444, proc_status_show),
	REG("stat", 0444, proc_stat_show),
	REG("statm", 0444, proc_statm_show),
	REG("maps", 0444, proc_maps_show),
	REG("smaps", 0444, proc_smaps_show),
	REG("smaps_rollup", 0444, proc_smaps_rollup_show),
	{ .name = "pagemap", .mode = S_IFREG | 0400, .fops = &proc_pagemap_fops },
	{ .name = "mounts", .mode = S_IFREG | 0444, .fops = &proc_mounts_fops },
	{ .name = "mountinfo", .mode = S_IFREG | 0444,
	  .fops = &proc_mountinfo_fops },
	REG("stack", 0400, proc_stack_show),
	REG("stack_layout", 0400, proc_stack_layout_show),
	REG("uregs", 0400, proc_uregs_show),
	REG("syscall", 0400, proc_syscall_show),
	REG("comm", 0444, proc_comm_show),
	REG("cgroup", 0444, proc_cgroup_show),
	REG("cmdline", 0444, proc_pid_cmdline_show),
	REG("environ", 0400, proc_environ_show),
	REG("auxv", 0400, proc_auxv_show),
	{ .name = "mem", .mode = S_IFREG | 0600, .fops = &proc_mem_fops },
	RW("coredump_filter", 0644, proc_coredump_filter_show, proc_coredump_filter_store),
	RW("timerslack_ns", 0666, proc_timerslack_show, proc_timerslack_store),
	RW("timens_offsets", 0644, proc_timens_offsets_show, proc_timens_offsets_store),
	RW("uid_map", 0644, proc_uid_map_show, proc_uid_map_store),
	RW("gid_map", 0644, proc_gid_map_show, proc_gid_map_store),
	RW("setgroups", 0644, proc_setgroups_show_pi, proc_setgroups_store),
	REG("oom_score", 0444, proc_oom_score_show),
	RW("oom_score_adj", 0644, proc_oom_score_adj_show, proc_oom_score_adj_store),
#ifdef CONFIG_FAULT_INJECTION
	{ .name = "make-it-fail", .mode = S_IFREG | 0644,
	  .show = proc_make_it_fail_show, .store = proc_make_it_fail_store },
	/* Last: a thread's only (Linux's tid_base_stuff). */
	{ .name = "fail-nth", .mode = S_IFREG | 0644, .fops = &proc_fail_nth_fops },
#endif
};

#ifdef CONFIG_FAULT_INJECTION
#define NR_THREAD_ONLY 1	/* fail-nth */
#else
#define NR_THREAD_ONLY 0
#endif

/* A process's directory has every entry but the thread-only ones at the
 * end; a thread's (task/<tid>/, thread-self) every one but "task". */
static const struct proc_entry *dir_table(bool thread, size_t *n)
{
	*n = ARRAY_SIZE(pid_entries) - (thread ? 1 : NR_THREAD_ONLY);
	return pid_entries + thread;
}

/* The inode number of entry 0 of @d's table (the index is the entry's
 * place in pid_entries[]). */
static u64 pid_dir_ino0(const struct proc_inode *d, const struct proc_entry *table)
{
	return proc_task_ino(d->task, d->thread ? PROC_INO_TID : PROC_INO_TGID,
			(unsigned int)(table - pid_entries));
}

static struct inode *pid_dir_lookup(struct inode *dir, const char *name,
				    size_t len)
{
	struct proc_inode *d = PROC_I(dir);
	size_t n;
	const struct proc_entry *table = dir_table(d->thread, &n);

	if (!proc_task_alive(d->task))
		return ERR_PTR(-ENOENT);
	return proc_lookup_table(table, n, name, len, &(struct proc_inode){
		.task = d->task, .thread = d->thread, .fd = -1 },
		pid_dir_ino0(d, table));
}

static int pid_dir_readdir(struct inode *dir, struct dir_context *ctx)
{
	struct proc_inode *d = PROC_I(dir);
	size_t n;
	const struct proc_entry *table = dir_table(d->thread, &n);

	if (proc_task_alive(d->task))
		proc_readdir_table(ctx, table, n, pid_dir_ino0(d, table));
	return 0;
}

static const struct inode_operations proc_pid_dir_iops = {
	.lookup = pid_dir_lookup,
	.readdir = pid_dir_readdir,
};

static const struct proc_entry proc_pid_dir_entry = {
	.name = "<pid>", .mode = S_IFDIR | 0555, .iops = &proc_pid_dir_iops,
};

struct inode *proc_pid_dir_inode(struct task_struct *p, bool thread)
{
	return proc_make_inode(&proc_pid_dir_entry, &(struct proc_inode){
		.task = p, .thread = thread, .fd = -1 },
		proc_task_ino(p, PROC_INO_DIR, thread));
}

struct task_struct *tgid_pidfd_to_task(const struct file *f)
{
	struct inode *inode = f->f_inode;

	if (inode->i_op != &proc_pid_dir_iops || PROC_I(inode)->thread)
		return NULL;
	return PROC_I(inode)->task;
}

/* task/: the threads of the process, by tid. */
static struct inode *proc_task_lookup(struct inode *dir, const char *name,
				      size_t len)
{
	struct task_struct *group = PROC_I(dir)->task;
	struct task_struct *t = proc_get_task(proc_name_to_int(name, len));
	struct inode *inode = ERR_PTR(-ENOENT);

	if (!t)
		return inode;
	if (t->tgid == group->tgid && proc_task_alive(group))
		inode = proc_pid_dir_inode(t, true);
	put_task_struct(t);
	return inode;
}

static int proc_task_readdir(struct inode *dir, struct dir_context *ctx)
{
	return proc_readdir_pids(PROC_I(dir)->task, ctx, 2, 1);
}

static const struct inode_operations proc_task_iops = {
	.lookup = proc_task_lookup,
	.readdir = proc_task_readdir,
};
