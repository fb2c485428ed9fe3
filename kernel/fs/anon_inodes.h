/* Anonymous inodes for descriptors that name no file (anon_inodes.c). */
#ifndef KERNEL_FS_ANON_INODES_H
#define KERNEL_FS_ANON_INODES_H

#include "kernel/fs/vfs.h"

/*
 * A new descriptor (O_CLOEXEC, O_NONBLOCK from @flags) on a new file with
 * @fops and private_data @priv, or -errno; on failure @priv is still the
 * caller's to free (->release is not called).
 */
int anon_inode_getfd(const struct file_operations *fops, void *priv,
		     int flags);
/* anon_inode_getfd() whose /proc/PID/fd link says "anon_inode:@name"
 * (@name static, as Linux's "[eventpoll]" or "inotify"). */
int anon_inode_getfd_name(const char *name, const struct file_operations *fops,
			  void *priv, int flags);
/* The file anon_inode_getfd_name() would install, not installed: the
 * caller fd_install()s it or fput()s it (->release is called then). */
struct file *anon_inode_getfile(const char *name,
				const struct file_operations *fops, void *priv,
				int flags);
/* The name @inode was made with, or NULL (not anonymous, or unnamed). */
const char *anon_inode_name(struct inode *inode);

/* anon_inodefs, made at boot (Linux's anon_inode_init()); 0 or
 * -ENOMEM. */
int anon_inode_init(void);

/* /dev/userfaultfd's (anon/userfaultfd.c): USERFAULTFD_IOC_NEW makes a
 * userfaultfd without userfaultfd(2)'s capability check. */
extern const struct file_operations userfaultfd_dev_fops;

#endif
