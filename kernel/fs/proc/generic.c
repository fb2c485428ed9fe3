/*
 * /proc files of modules (Linux's fs/proc/generic.c and the proc_ops
 * wrappers of fs/proc/inode.c): proc_create() puts a name in /proc's root
 * whose open, read, write, lseek and release are the module's proc_ops;
 * remove_proc_entry() takes it away again, in the module's exit.
 *
 * A module's code may go away while a file of it is open, so every call
 * into proc_ops pins the entry (in_use, Linux's use_pde()) and finds it
 * by its inode number, never through a pointer kept in the inode; removal
 * takes the name away, waits until no call is inside the module, and
 * calls proc_release() for every file still open (Linux's
 * proc_entry_rundown()). After that those files read -EIO, and their
 * close calls nothing. Only /proc itself as the parent: no proc_mkdir().
 */
#include "kernel/fs/proc/internal.h"
#include "kernel/locking/spinlock.h"
#include "kernel/mm/slab.h"
#include "kernel/module/module.h"
#include "kernel/printk/printk.h"
#include "kernel/sched/sched.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define PDE_NAME_MAX 64
#define PDE_INO(id) ((1ull << 48) | (id))	/* apart from pid inodes */

struct proc_dir_entry {
	struct list_head list;		/* on pde_list, in creation order */
	u64 ino;
	umode_t mode;
	const struct proc_ops *proc_ops;
	void *data;
	int in_use;			/* calls into proc_ops running */
	bool removed;			/* being run down: no new calls */
	struct list_head openers;	/* its open files (struct pde_opener) */
	char name[PDE_NAME_MAX];
};

struct pde_opener {
	struct list_head list;
	struct file *file;
};

static LIST_HEAD(pde_list);
static DEFINE_SPINLOCK(pde_lock);
static u64 pde_next_id;

/* The entry with inode number @ino, removed or not; pde_lock held. */
static struct proc_dir_entry *pde_by_ino(u64 ino)
{
	struct proc_dir_entry *de;

	list_for_each_entry(de, &pde_list, list)
		if (de->ino == ino)
			return de;
	return NULL;
}

/* Pin the entry of @inode for one call into its proc_ops; NULL if gone. */
static struct proc_dir_entry *use_pde(const struct inode *inode)
{
	unsigned long flags = spin_lock_irqsave(&pde_lock);
	struct proc_dir_entry *de = pde_by_ino(inode->i_ino);

	if (de && de->removed)
		de = NULL;
	if (de)
		de->in_use++;
	spin_unlock_irqrestore(&pde_lock, flags);
	return de;
}

static void unuse_pde(struct proc_dir_entry *de)
{
	unsigned long flags = spin_lock_irqsave(&pde_lock);

	de->in_use--;
	spin_unlock_irqrestore(&pde_lock, flags);
}

/* ---- the file operations: the module's proc_ops, pinned ---- */

static int pde_open(struct inode *inode, struct file *file)
{
	struct pde_opener *op = kmalloc(sizeof(*op), GFP_KERNEL);
	struct proc_dir_entry *de = op ? use_pde(inode) : NULL;
	unsigned long flags;
	int err = 0;

	if (!de) {
		kfree(op);
		return op ? -ENOENT : -ENOMEM;
	}
	if (de->proc_ops->proc_open)
		err = de->proc_ops->proc_open(inode, file);
	if (err) {
		kfree(op);
	} else {
		op->file = file;
		flags = spin_lock_irqsave(&pde_lock);
		list_add_tail(&op->list, &de->openers);
		spin_unlock_irqrestore(&pde_lock, flags);
	}
	unuse_pde(de);
	return err;
}

/* The user buffer of @i's current segment, its length in *@len. */
static char __user *iter_segment(struct iov_iter *i, size_t *len)
{
	while (i->nr_segs && i->iov_offset == i->iov[0].iov_len) {
		i->iov++;
		i->nr_segs--;
		i->iov_offset = 0;
	}
	*len = i->nr_segs ? MIN(i->iov[0].iov_len - i->iov_offset, i->count) : 0;
	return (char __user *)i->iov[0].iov_base + i->iov_offset;
}

/* One proc_read or proc_write on the current segment of @i. */
static long pde_rw(struct file *file, struct iov_iter *i, loff_t *pos,
		   bool write)
{
	struct proc_dir_entry *de;
	char __user *ubuf;
	size_t len;
	long n;

	if (!i->user)
		return -EINVAL;
	de = use_pde(file->f_inode);
	if (!de)
		return -EIO;
	ubuf = iter_segment(i, &len);
	if (write)
		n = de->proc_ops->proc_write ?
		    de->proc_ops->proc_write(file, ubuf, len, pos) : -EIO;
	else
		n = de->proc_ops->proc_read ?
		    de->proc_ops->proc_read(file, ubuf, len, pos) : -EIO;
	unuse_pde(de);
	if (n > 0) {
		i->iov_offset += MIN((size_t)n, len);
		i->count -= MIN((size_t)n, len);
	}
	return n;
}

static long pde_read(struct file *file, struct iov_iter *to, loff_t *pos)
{
	return pde_rw(file, to, pos, false);
}

static long pde_write(struct file *file, struct iov_iter *from, loff_t *pos)
{
	return pde_rw(file, from, pos, true);
}

static loff_t pde_llseek(struct file *file, loff_t offset, int whence)
{
	struct proc_dir_entry *de = use_pde(file->f_inode);
	loff_t ret;

	if (!de)
		return -EIO;
	if (de->proc_ops->proc_lseek) {
		ret = de->proc_ops->proc_lseek(file, offset, whence);
	} else if (whence == SEEK_SET && offset >= 0) {
		ret = file->f_pos = offset;
	} else {
		ret = -EINVAL;
	}
	unuse_pde(de);
	return ret;
}

/* @file's opener record on @de, or NULL; pde_lock held. */
static struct pde_opener *find_opener(struct proc_dir_entry *de,
				      struct file *file)
{
	struct pde_opener *op;

	list_for_each_entry(op, &de->openers, list)
		if (op->file == file)
			return op;
	return NULL;
}

/*
 * The last close: the module's release. If the entry is being removed,
 * its rundown calls release for this file; wait for that, so the file
 * is not freed under it.
 */
static int pde_release(struct inode *inode, struct file *file)
{
	for (;;) {
		unsigned long flags = spin_lock_irqsave(&pde_lock);
		struct proc_dir_entry *de = pde_by_ino(inode->i_ino);
		struct pde_opener *op = de ? find_opener(de, file) : NULL;
		bool mine = op && !de->removed;

		if (mine) {
			list_del(&op->list);
			de->in_use++;
		}
		spin_unlock_irqrestore(&pde_lock, flags);
		if (!op)
			return 0;
		if (mine) {
			kfree(op);
			if (de->proc_ops->proc_release)
				de->proc_ops->proc_release(inode, file);
			unuse_pde(de);
			return 0;
		}
		msleep(1);
	}
}

static const struct file_operations pde_fops = {
	.open = pde_open,
	.read = pde_read,
	.write = pde_write,
	.llseek = pde_llseek,
	.release = pde_release,
};

static const struct proc_entry pde_entry = {
	.name = "", .mode = S_IFREG | 0444, .fops = &pde_fops,
};

/* ---- /proc's root asks ---- */

struct inode *proc_pde_lookup(const char *name, size_t len)
{
	unsigned long flags = spin_lock_irqsave(&pde_lock);
	struct proc_dir_entry *de;
	umode_t mode = 0;
	u64 ino = 0;
	struct inode *inode;

	list_for_each_entry(de, &pde_list, list) {
		if (!de->removed && strlen(de->name) == len &&
		    !memcmp(de->name, name, len)) {
			ino = de->ino;
			mode = de->mode;
			break;
		}
	}
	spin_unlock_irqrestore(&pde_lock, flags);
	if (!ino)
		return NULL;
	inode = proc_make_inode(&pde_entry, &(struct proc_inode){ .fd = -1 }, ino);
	if (!IS_ERR(inode))
		inode->i_mode = mode;
	return inode;
}

int proc_pde_readdir(struct dir_context *ctx, u64 first_pos)
{
	char name[PDE_NAME_MAX];
	struct proc_dir_entry *de;

	for (;;) {
		unsigned long flags = spin_lock_irqsave(&pde_lock);
		u64 i = 0, ino = 0;

		list_for_each_entry(de, &pde_list, list) {
			if (de->removed)
				continue;
			if (first_pos + i++ == ctx->pos) {
				strscpy(name, de->name, sizeof(name));
				ino = de->ino;
				break;
			}
		}
		spin_unlock_irqrestore(&pde_lock, flags);
		if (!ino || !dir_emit(ctx, name, strlen(name), ino, DT_REG))
			return 0;
	}
}

/* ---- the module API ---- */

struct proc_dir_entry *proc_create_data(const char *name, umode_t mode,
					struct proc_dir_entry *parent,
					const struct proc_ops *proc_ops,
					void *data)
{
	struct proc_dir_entry *de;
	unsigned long flags;

	if (parent || !name || !*name || strchr(name, '/') ||
	    strlen(name) >= PDE_NAME_MAX || !proc_ops) {
		pr_err("proc_create: cannot make /proc/%s here\n", name ? name : "");
		return NULL;
	}
	de = kzalloc(sizeof(*de), GFP_KERNEL);
	if (!de)
		return NULL;
	strscpy(de->name, name, sizeof(de->name));
	de->mode = S_IFREG | ((mode & 0777) ? (mode & 0777) : 0444);
	de->proc_ops = proc_ops;
	de->data = data;
	INIT_LIST_HEAD(&de->openers);
	flags = spin_lock_irqsave(&pde_lock);
	de->ino = PDE_INO(++pde_next_id);
	list_add_tail(&de->list, &pde_list);
	spin_unlock_irqrestore(&pde_lock, flags);
	return de;
}
EXPORT_SYMBOL(proc_create_data);

struct proc_dir_entry *proc_create(const char *name, umode_t mode,
				   struct proc_dir_entry *parent,
				   const struct proc_ops *proc_ops)
{
	return proc_create_data(name, mode, parent, proc_ops, NULL);
}
EXPORT_SYMBOL(proc_create);

/* Run down @de, marked removed: wait for the calls inside it, release
 * the files still open (each close waits for this), then free it. */
static void pde_rundown(struct proc_dir_entry *de)
{
	struct pde_opener *op;
	unsigned long flags;

	while (READ_ONCE(de->in_use))
		msleep(1);
	for (;;) {
		flags = spin_lock_irqsave(&pde_lock);
		op = list_empty(&de->openers) ? NULL :
		     list_first_entry(&de->openers, struct pde_opener, list);
		spin_unlock_irqrestore(&pde_lock, flags);
		if (!op)
			break;
		if (de->proc_ops->proc_release)
			de->proc_ops->proc_release(op->file->f_inode, op->file);
		flags = spin_lock_irqsave(&pde_lock);
		list_del(&op->list);
		spin_unlock_irqrestore(&pde_lock, flags);
		kfree(op);
	}
	flags = spin_lock_irqsave(&pde_lock);
	list_del(&de->list);
	spin_unlock_irqrestore(&pde_lock, flags);
	kfree(de);
}

/* Mark the entry @de (or the one called @name) removed; NULL if none. */
static struct proc_dir_entry *pde_mark_removed(struct proc_dir_entry *de,
					       const char *name)
{
	unsigned long flags = spin_lock_irqsave(&pde_lock);
	struct proc_dir_entry *d, *found = NULL;

	list_for_each_entry(d, &pde_list, list) {
		if (!d->removed && (d == de || (name && !strcmp(d->name, name)))) {
			d->removed = true;
			found = d;
			break;
		}
	}
	spin_unlock_irqrestore(&pde_lock, flags);
	return found;
}

void proc_remove(struct proc_dir_entry *de)
{
	if (de && pde_mark_removed(de, NULL))
		pde_rundown(de);
}
EXPORT_SYMBOL(proc_remove);

void remove_proc_entry(const char *name, struct proc_dir_entry *parent)
{
	struct proc_dir_entry *de = parent ? NULL : pde_mark_removed(NULL, name);

	if (!de) {
		pr_warn("remove_proc_entry: /proc/%s: no such entry\n", name);
		return;
	}
	pde_rundown(de);
}
EXPORT_SYMBOL(remove_proc_entry);

void *pde_data(const struct inode *inode)
{
	unsigned long flags = spin_lock_irqsave(&pde_lock);
	struct proc_dir_entry *de = pde_by_ino(inode->i_ino);
	void *data = de && !de->removed ? de->data : NULL;

	spin_unlock_irqrestore(&pde_lock, flags);
	return data;
}
EXPORT_SYMBOL(pde_data);
