/*
 * The file system interface the rest of the kernel uses (process
 * creation, exec, exit, boot). The VFS itself (kernel/vfs*.c and the
 * file systems) is described in kernel/fs/vfs.h.
 */
#ifndef KERNEL_FS_H
#define KERNEL_FS_H

#include "lib/types.h"

struct files_struct;
struct fs_struct;
struct inode;

/*
 * Boot (kernel_init): unpack the initramfs into the root file system and
 * set up /dev. A corrupt archive is reported; what was read is kept.
 * Returns true while files still point into @initramfs (see
 * ramfs_set_contents()); when false the caller may free it.
 */
bool vfs_init(const void *initramfs, u64 size);

/* pid 1's first open files (none) and root/cwd ("/"). */
struct files_struct *files_alloc(void);
struct fs_struct *fs_alloc_root(void);
/* fork: a copy of the fd table (the files themselves are shared), or
 * ERR_PTR(-ENOMEM, -EMFILE when @old has a descriptor past nr_open). */
struct files_struct *dup_files(struct files_struct *old);
/* /proc/sys/fs/nr_open: the most descriptors a table may have
 * (RLIMIT_NOFILE's ceiling), 64 to NR_OPEN_MAX. */
extern unsigned int sysctl_nr_open;
struct fs_struct *copy_fs(struct fs_struct *old);
/* References for CLONE_FILES / CLONE_FS sharing; the last put closes. */
void get_files(struct files_struct *files);
void put_files(struct files_struct *files);
void get_fs(struct fs_struct *fs);
void put_fs(struct fs_struct *fs);
/* execve: close the descriptors marked FD_CLOEXEC. */
void close_on_exec(struct files_struct *files);

/*
 * execve: the contents of the regular file at @path (relative to current's
 * cwd), and in *@inode the file itself with a reference; the caller gives
 * both back with kernel_read_file_put(). 0, or -ENOENT, -ENOTDIR, -EACCES
 * (a directory, or not a regular file, as Linux answers execve of one),
 * -ENAMETOOLONG, -ENOMEM. The data stays as it was until then, whatever
 * writers do to the file (ramfs_file_data()).
 */
int kernel_read_file(const char *path, const void **data, u64 *size,
		     struct inode **inode);
/* Done with kernel_read_file()'s @data and @inode. */
void kernel_read_file_put(struct inode *inode, const void *data);

/* Open /dev/console as fds 0, 1, 2 of current (pid 1 before exec). */
int console_open_stdio(void);

#endif
