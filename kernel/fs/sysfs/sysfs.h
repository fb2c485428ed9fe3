/*
 * sysfs: /sys, the kernel's objects as directories of one-value files
 * (Linux's include/linux/sysfs.h). Taskbase has three trees in it,
 * /sys/module (kernel/module/sysfs.c): a directory per loaded module with
 * its parameters, /sys/kernel (kernel/fs/sysfs/kernel.c): the huge page
 * pool and the mount point of tracefs, and /sys/fs (kernel/fs/sysfs/fs.c):
 * the mount point of cgroup2.
 * Like /proc nothing is cached: a lookup makes a fresh
 * inode that carries its key, its path below /sys ("module/foo/refcnt"),
 * and the directory's or file's operations find their object again by
 * that key, so a file of a module that has gone answers ENOENT instead
 * of touching freed memory. The inode number is a hash of the key, the
 * same at every lookup and in readdir.
 */
#ifndef KERNEL_FS_SYSFS_SYSFS_H
#define KERNEL_FS_SYSFS_SYSFS_H

#include "kernel/fs/seq_buf.h"
#include "kernel/fs/vfs.h"

/* How one kind of /sys file reads and writes its value. */
struct sysfs_ops {
	/* Render the value into @m at open; @key is the inode's. 0 or -errno. */
	int (*show)(struct seq_buf *m, void *key);
	/* Store @buf (@len bytes, NUL-terminated, one trailing newline
	 * removed), written in one write(); 0 or -errno. NULL: read-only. */
	int (*store)(const char *key, const char *buf, size_t len);
};

/* Mount /sys (boot, after vfs_init()); idempotent. 0 or -errno. */
int sysfs_init(void);

/* A new directory inode with lookup/readdir @iops and a copy of @key,
 * referenced; ERR_PTR(-ENOMEM). */
struct inode *sysfs_new_dir(const struct inode_operations *iops,
			    const char *key);
/*
 * A new file inode of mode @perm (S_IFREG added) served by @ops, with a
 * copy of @key. Opening it to read needs a read bit in @perm and to write
 * a write bit and a store(), for root too (Linux's kernfs): EACCES.
 */
struct inode *sysfs_new_file(umode_t perm, const struct sysfs_ops *ops,
			     const char *key);
/* The key @inode was made with. */
const char *sysfs_key(const struct inode *inode);
/* The inode number of the entry @name (@len bytes) in the directory whose
 * key is @dir_key: what readdir reports for it. */
u64 sysfs_ino(const char *dir_key, const char *name, size_t len);

/* /sys/module's operations (kernel/module/sysfs.c). */
extern const struct inode_operations module_sysfs_iops;
/* /sys/kernel's (kernel/fs/sysfs/kernel.c). */
extern const struct inode_operations kernel_sysfs_iops;
/* /sys/fs's (kernel/fs/sysfs/fs.c), and its kept mount point
 * /sys/fs/cgroup, made by sysfs_init(): 0 or -ENOMEM. */
extern const struct inode_operations fs_sysfs_iops;
int sysfs_fs_init(void);
/* /sys/kernel's kept mount point /sys/kernel/tracing, made by
 * sysfs_init(): 0 or -ENOMEM. */
int sysfs_kernel_init(void);
/* An empty directory at @key, kept for good in *@kept and marked
 * S_STABLE, for a file system to be mounted on (fs.c): 0 or -ENOMEM. */
int sysfs_new_mountpoint(const char *key, struct inode **kept);

#endif
