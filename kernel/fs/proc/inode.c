/*
 * What the procfs files share (Linux's fs/proc/inode.c and the pid
 * helpers of fs/proc/base.c): proc_make_inode(), which makes an inode for
 * one table entry and takes a reference on its task, the super block's
 * evict_inode, which drops it, the pid helpers (lookup, liveness,
 * sorted listing for readdir), and what a task owns, taken with a
 * reference of its own (open files, cwd and root). It uses no other
 * procfs file, so every one of them can use it.
 */
#include "kernel/ns/pid_namespace.h"
#include "kernel/cred.h"
#include "kernel/fs/proc/internal.h"
#include "kernel/fork.h"
#include "kernel/fs/fs.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/mm.h"
#include "kernel/pid.h"
#include "kernel/mm/slab.h"
#include "kernel/tasklist.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

static struct super_block *proc_sb;

/* ---- inodes ---- */

static const char *proc_get_link(struct inode *inode, size_t *len)
{
	struct proc_inode *pi = PROC_I(inode);

	if (!pi || !pi->link)
		return NULL;
	*len = strlen(pi->link);
	return pi->link;
}

static struct dentry *proc_get_magic(struct inode *inode)
{
	struct proc_inode *pi = PROC_I(inode);

	return pi && pi->entry->magic ? pi->entry->magic(inode) : NULL;
}

static const struct inode_operations proc_link_iops = {
	.get_link = proc_get_link,
	.get_magic = proc_get_magic,
};

/* open(O_TRUNC) of a /proc file (echo t > /proc/sysrq-trigger) changes
 * nothing and is no error, as Linux's proc_notify_change(). */
static int proc_truncate(struct inode *inode, u64 size)
{
	return 0;
}

static const struct inode_operations proc_file_iops = {
	.truncate = proc_truncate,
};

/* Compute a symlink's target once, at lookup: it names what was true then. */
static long proc_fill_link(struct inode *inode)
{
	struct proc_inode *pi = PROC_I(inode);
	char *buf = kmalloc(PATH_MAX, GFP_KERNEL);
	long len;

	if (!buf)
		return -ENOMEM;
	len = pi->entry->link(inode, buf, PATH_MAX);
	if (len >= 0) {
		pi->link = kmalloc(len + 1, GFP_KERNEL);
		if (pi->link) {
			memcpy(pi->link, buf, len);
			pi->link[len] = '\0';
			inode->i_size = len;
		} else {
			len = -ENOMEM;
		}
	}
	kfree(buf);
	return len < 0 ? len : 0;
}

/* A process's files are its effective user's while it is dumpable
 * (Linux's task_dump_owner()); the rest of /proc is root's. */
static void proc_set_owner(struct inode *inode, struct task_struct *task)
{
	const struct cred *c;

	inode->i_uid = inode->i_gid = 0;
	if (!task || !task_dumpable(task))
		return;
	c = get_task_cred(task);
	inode->i_uid = c->euid.val;
	inode->i_gid = c->egid.val;
	put_cred(c);
}

struct inode *proc_make_inode(const struct proc_entry *e,
			      const struct proc_inode *tmpl, u64 ino)
{
	struct inode *inode;
	struct proc_inode *pi;
	long err;

	BUG_ON(!proc_sb || !e || !tmpl);
	inode = new_inode(proc_sb, e->mode);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	pi = kmalloc(sizeof(*pi), GFP_KERNEL);
	if (!pi) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	*pi = *tmpl;
	pi->entry = e;
	pi->link = NULL;
	if (pi->task)
		get_task_struct(pi->task);
	proc_set_owner(inode, pi->task);
	inode->i_private = pi;
	inode->i_ino = ino;
	if (S_ISDIR(e->mode)) {
		inode->i_op = e->iops;
		inode->i_fop = &dir_fops;
		inode->i_nlink = 2;
	} else if (S_ISLNK(e->mode)) {
		inode->i_op = &proc_link_iops;
		err = proc_fill_link(inode);
		if (err) {
			iput(inode);
			return ERR_PTR(err);
		}
	} else if (e->show) {
		inode->i_op = &proc_file_iops;
		inode->i_fop = &seq_file_fops;
		inode->i_show = e->show;
		inode->i_store = e->store;
	} else {
		inode->i_op = &proc_file_iops;
		inode->i_fop = e->fops;
	}
	return inode;
}

/* The last reference to a /proc inode is gone: let go of its task. */
static void proc_evict_inode(struct inode *inode)
{
	struct proc_inode *pi = PROC_I(inode);

	if (!pi)
		return;
	if (pi->task)
		put_task_struct(pi->task);
	kfree(pi->link);
	kfree(pi);
}

struct super_block *proc_alloc_super(void)
{
	struct super_block *sb = alloc_super("proc", 0);

	if (!sb)
		return NULL;
	sb->evict_inode = proc_evict_inode;
	proc_sb = sb;
	return sb;
}

struct task_struct *proc_inode_task(const struct inode *inode)
{
	return PROC_I(inode)->task;
}

const struct proc_entry *proc_find_entry(const struct proc_entry *table,
					 size_t n, const char *name,
					 size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(table[i].name) == len &&
		    !memcmp(table[i].name, name, len))
			return &table[i];
	return NULL;
}

struct inode *proc_lookup_table(const struct proc_entry *table, size_t n,
				const char *name, size_t len,
				const struct proc_inode *tmpl, u64 ino0)
{
	const struct proc_entry *e = proc_find_entry(table, n, name, len);

	if (!e)
		return ERR_PTR(-ENOENT);
	return proc_make_inode(e, tmpl, ino0 + (u64)(e - table));
}

bool proc_readdir_table(struct dir_context *ctx,
			const struct proc_entry *table, size_t n, u64 ino0)
{
	for (u64 i = ctx->pos - 2; i < n; i++) {
		const struct proc_entry *e = &table[i];

		if (!dir_emit(ctx, e->name, strlen(e->name), ino0 + i,
			      mode_to_dtype(e->mode)))
			return false;
	}
	return true;
}

int proc_name_to_int(const char *name, size_t len)
{
	int v = 0;

	if (len == 0 || len > 9 || (len > 1 && name[0] == '0'))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	return v;
}

/* ---- tasks ---- */

bool proc_task_hashed(const struct task_struct *p)
{
	lockdep_assert_held(&tasklist_lock);
	return p->thread_pid->task == p && p->thread_pid != &init_struct_pid;
}

bool proc_task_alive(struct task_struct *p)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	bool alive = proc_task_hashed(p);

	spin_unlock_irqrestore(&tasklist_lock, flags);
	return alive;
}

struct task_struct *proc_get_task(pid_t pid)
{
	struct task_struct *p = NULL;
	unsigned long flags;

	if (pid <= 0)
		return NULL;	/* the idle tasks (pid 0) are not in /proc */
	flags = spin_lock_irqsave(&tasklist_lock);
	p = find_task_by_vpid(pid);	/* the reader's namespace's pids */
	if (p)
		get_task_struct(p);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return p;
}

/* Keep the @max smallest ids seen in @out, ascending (*@n of them). */
static void insert_sorted(pid_t v, const struct task_struct *t,
			  struct proc_pid_slot *out, int *n, int max)
{
	int i;

	if (*n == max) {
		if (v >= out[max - 1].nr)
			return;
		i = max - 1;		/* the largest drops out */
	} else {
		i = (*n)++;
	}
	while (i > 0 && out[i - 1].nr > v) {
		out[i] = out[i - 1];
		i--;
	}
	out[i] = (struct proc_pid_slot){ v, t->thread_pid->ino };
}

int proc_collect_pids(struct task_struct *group, pid_t from,
		      struct proc_pid_slot *out, int max)
{
	struct task_struct *p, *t;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct pid_namespace *ns = task_active_pid_ns(current);
	pid_t nr;
	int n = 0;

	if (!group) {
		for_each_process(p)
			if ((nr = task_pid_nr_ns(p, ns)) >= from && nr > 0)
				insert_sorted(nr, p, out, &n, max);
	} else if (proc_task_hashed(group)) {
		for_each_thread(group, t)
			if ((nr = task_pid_nr_ns(t, ns)) >= from && nr > 0)
				insert_sorted(nr, t, out, &n, max);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n;
}

#define PID_BATCH 16

int proc_readdir_pids(struct task_struct *group, struct dir_context *ctx,
		      u64 first_pos, unsigned int ino_idx)
{
	struct proc_pid_slot batch[PID_BATCH];
	char name[12];

	for (;;) {
		int n;

		if (ctx->pos < first_pos || ctx->pos - first_pos >= PID_MAX_DEFAULT)
			return 0;
		n = proc_collect_pids(group, (pid_t)(ctx->pos - first_pos),
				      batch, PID_BATCH);
		if (n == 0)
			return 0;
		for (int i = 0; i < n; i++) {
			int len = scnprintf(name, sizeof(name), "%d", batch[i].nr);

			ctx->pos = first_pos + batch[i].nr;
			if (!dir_emit(ctx, name, len,
				      proc_ino(batch[i].ino, PROC_INO_DIR, ino_idx),
				      DT_DIR))
				return 0;
		}
	}
}

/* ---- what the task owns, with references ---- */

/*
 * exit_files_fs() clears task->files and task->fs under task_mm_lock
 * before it drops them, as exit_mm() does for task->mm, so a pointer read
 * under that lock is still referenced by the task. A task already in
 * do_exit() is left alone: its tables are on their way out.
 */
struct files_struct *proc_get_files(struct task_struct *p)
{
	unsigned long irq = spin_lock_irqsave(&task_mm_lock);
	struct files_struct *files = READ_ONCE(p->files);

	if (READ_ONCE(p->flags) & PF_EXITING)
		files = NULL;
	if (files)
		get_files(files);
	spin_unlock_irqrestore(&task_mm_lock, irq);
	return files;
}

struct fs_struct *proc_get_fs(struct task_struct *p)
{
	unsigned long irq = spin_lock_irqsave(&task_mm_lock);
	struct fs_struct *fs = READ_ONCE(p->fs);

	if (READ_ONCE(p->flags) & PF_EXITING)
		fs = NULL;
	if (fs)
		get_fs(fs);
	spin_unlock_irqrestore(&task_mm_lock, irq);
	return fs;
}
