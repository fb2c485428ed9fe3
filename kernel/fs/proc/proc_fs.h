/*
 * procfs as the rest of the kernel sees it (Linux's
 * include/linux/proc_fs.h): mounting /proc at boot, and the task behind a
 * /proc file whose operations live elsewhere (strace's syscall_trace).
 * procfs's own files share kernel/fs/proc/internal.h, which also maps
 * them.
 */
#ifndef KERNEL_FS_PROC_PROC_FS_H
#define KERNEL_FS_PROC_PROC_FS_H

struct inode;
struct task_struct;

/* Mount /proc (boot, after vfs_init()); idempotent. 0 or -errno. */
int proc_root_init(void);

/* The task a per-task /proc file is about (NULL for a system-wide one),
 * not referenced anew: the inode holds a reference while it lives. */
struct task_struct *proc_inode_task(const struct inode *inode);

#endif
