/*
 * dnotify, Linux's oldest file change notification (fs/notify/dnotify/):
 * a process opens a directory and asks with fcntl(fd, F_NOTIFY, DN_*)
 * to be told when something happens in it:
 *
 *   DN_ACCESS  a file in it was read      DN_MODIFY  written, truncated
 *   DN_CREATE  a name was made in it      DN_DELETE  a name removed
 *   DN_RENAME  a name renamed within it   DN_ATTRIB  mode, owner, times
 *                                                    or xattrs changed
 *
 * of a file it names or of the directory itself. The telling is the
 * SIGIO of O_ASYNC (kernel/fs/fcntl.c kill_fasync()): SIGIO, or the
 * F_SETSIG signal with si_fd (the descriptor) and si_code POLL_MSG, to
 * the file's owner, which F_NOTIFY makes the caller's process. A watch
 * fires once unless DN_MULTISHOT keeps it; requests add up; 0 ends it,
 * as does the file's last close. A rename between two directories is a
 * delete in one and a create in the other, as Linux 6.1 reports it.
 *
 * One list of every watch in the system (dnotify_lock), as locks.c
 * keeps its record locks: with none, an event costs one check. Which
 * directories name a file is the file system's to say (there is no
 * dentry cache to ask): ramfs_dir_names(), asked only of watched ones.
 */
#include "kernel/fs/notify/dnotify.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/slab.h"
#include "kernel/signal.h"
#include "lib/errno.h"
#include "lib/list.h"

/* One file's watch of its directory. */
struct dnotify_struct {
	struct list_head link;		/* on dnotify_watches */
	struct file *file;		/* the open directory: its owner */
	u32 mask;			/* DN_* */
	struct fasync_struct *fasync;	/* @file at its descriptor, for
					 * kill_fasync() (a list of one) */
};

static DEFINE_SPINLOCK(dnotify_lock);
static LIST_HEAD(dnotify_watches);

/* dnotify_lock held: @f's watch, or NULL. */
static struct dnotify_struct *dnotify_of(const struct file *f)
{
	struct dnotify_struct *dn;

	list_for_each_entry(dn, &dnotify_watches, link)
		if (dn->file == f)
			return dn;
	return NULL;
}

/* Watches taken off the list: their fasync entries and themselves. */
static void dnotify_dispose(struct list_head *dispose)
{
	struct dnotify_struct *dn, *tmp;

	list_for_each_entry_safe(dn, tmp, dispose, link) {
		fasync_helper(-1, dn->file, 0, &dn->fasync);
		kfree(dn);
	}
}

void dnotify_flush(struct file *f)
{
	unsigned long flags;
	struct dnotify_struct *dn;
	LIST_HEAD(dispose);

	if (list_empty(&dnotify_watches))
		return;
	flags = spin_lock_irqsave(&dnotify_lock);
	dn = dnotify_of(f);
	if (dn)
		list_move_tail(&dn->link, &dispose);
	spin_unlock_irqrestore(&dnotify_lock, flags);
	dnotify_dispose(&dispose);
}

long fcntl_dirnotify(int fd, struct file *f, u32 arg)
{
	struct dnotify_struct *new, *dn;
	struct fasync_struct *swap;
	unsigned long flags;
	LIST_HEAD(dispose);

	if (!(arg & ~DN_MULTISHOT)) {
		dnotify_flush(f);
		return 0;
	}
	if (!S_ISDIR(f->f_inode->i_mode))
		return -ENOTDIR;
	new = kzalloc(sizeof(*new), GFP_KERNEL);
	if (!new || fasync_helper(fd, f, 1, &new->fasync) < 0) {
		kfree(new);
		return -ENOMEM;
	}
	new->file = f;
	new->mask = arg;
	flags = spin_lock_irqsave(&dnotify_lock);
	dn = dnotify_of(f);
	if (dn) {		/* add the events; the new entry has the fd */
		dn->mask |= arg;
		swap = dn->fasync;
		dn->fasync = new->fasync;
		new->fasync = swap;
		list_add(&new->link, &dispose);
	} else {
		list_add_tail(&new->link, &dnotify_watches);
	}
	spin_unlock_irqrestore(&dnotify_lock, flags);
	dnotify_dispose(&dispose);
	return 0;
}

/* Tell the watches of directory @dir that @inode (itself when NULL, or
 * one of its entries) saw @event; a one-shot watch goes. */
static void dnotify_send(struct inode *dir, struct inode *inode, u32 event)
{
	struct dnotify_struct *dn, *tmp;
	unsigned long flags;
	LIST_HEAD(dispose);

	if (list_empty(&dnotify_watches))
		return;
	flags = spin_lock_irqsave(&dnotify_lock);
	list_for_each_entry_safe(dn, tmp, &dnotify_watches, link) {
		struct inode *watched = dn->file->f_inode;

		if (!(dn->mask & event))
			continue;
		if (dir ? watched != dir :
		    watched != inode && !ramfs_dir_names(watched, inode))
			continue;
		kill_fasync(&dn->fasync, SIGIO, POLL_MSG);
		if (!(dn->mask & DN_MULTISHOT))
			list_move_tail(&dn->link, &dispose);
	}
	spin_unlock_irqrestore(&dnotify_lock, flags);
	dnotify_dispose(&dispose);
}

void dnotify_inode(struct inode *inode, u32 event)
{
	dnotify_send(NULL, inode, event);
}

void dnotify_dir(struct inode *dir, u32 event)
{
	dnotify_send(dir, NULL, event);
}
