/*
 * procfs as the rest of the kernel sees it (Linux's
 * include/linux/proc_fs.h): mounting /proc at boot, the task behind a
 * per-task /proc file with its own operations (make-it-fail), the
 * /proc files of modules (proc_create(), generic.c) and of the socket
 * families (proc_net_create(), proc_net.c). procfs's own
 * files share kernel/fs/proc/internal.h, which also maps them.
 */
#ifndef KERNEL_FS_PROC_PROC_FS_H
#define KERNEL_FS_PROC_PROC_FS_H

#include "kernel/fs/vfs.h"

struct task_struct;
struct proc_dir_entry;

/* A module's /proc file's operations (Linux 6.1's, the ones Taskbase
 * calls); NULL ones: read and write -EIO, lseek SEEK_SET only. */
struct proc_ops {
	unsigned int proc_flags;
	int (*proc_open)(struct inode *inode, struct file *file);
	long (*proc_read)(struct file *file, char __user *buf, size_t count,
			  loff_t *ppos);
	long (*proc_write)(struct file *file, const char __user *buf,
			   size_t count, loff_t *ppos);
	loff_t (*proc_lseek)(struct file *file, loff_t offset, int whence);
	int (*proc_release)(struct inode *inode, struct file *file);
};

/* Mount /proc (boot, after vfs_init()); idempotent. 0 or -errno. */
int proc_root_init(void);

/* The task a per-task /proc file is about (NULL for a system-wide one),
 * not referenced anew: the inode holds a reference while it lives. */
struct task_struct *proc_inode_task(const struct inode *inode);

struct file;
/* The open file at descriptor @fd of @p, referenced, or NULL (none, or
 * @p exiting); Linux's fget_task(). */
struct file *fget_task(struct task_struct *p, int fd);
/* The process an open /proc/<tgid> directory is about (pidfd_send_signal
 * takes one for a pidfd), not referenced anew; NULL for any other file. */
struct task_struct *tgid_pidfd_to_task(const struct file *f);

/*
 * /proc/@name (@parent must be NULL: /proc itself) served by @proc_ops,
 * of mode @mode (0: 0444); pde_data() of its inode is @data. The entry,
 * or NULL (a bad name, no memory).
 */
struct proc_dir_entry *proc_create_data(const char *name, umode_t mode,
					struct proc_dir_entry *parent,
					const struct proc_ops *proc_ops,
					void *data);
/* proc_create_data() with no data. */
struct proc_dir_entry *proc_create(const char *name, umode_t mode,
				   struct proc_dir_entry *parent,
				   const struct proc_ops *proc_ops);
/* Take /proc/@name away: waits for calls inside its proc_ops, runs
 * proc_release for the files still open (which then read -EIO). */
void remove_proc_entry(const char *name, struct proc_dir_entry *parent);
/* remove_proc_entry() of the entry proc_create() returned (NULL: none). */
void proc_remove(struct proc_dir_entry *de);
/* The @data given to proc_create_data() for this inode's entry. */
void *pde_data(const struct inode *inode);

struct seq_buf;
/* /proc/net/@name (@name must stay), a text file @show renders at each
 * open, for the socket families at boot (kernel/fs/proc/proc_net.c);
 * 0, or -ENOSPC past its few slots. */
int proc_net_create(const char *name,
		    int (*show)(struct seq_buf *m, void *data));

#endif
