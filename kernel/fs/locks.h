/*
 * Record locks (kernel/fs/locks.c): fcntl's F_GETLK/F_SETLK/F_SETLKW and
 * their open-file-description forms, and the hooks that drop locks when
 * descriptors close.
 */
#ifndef KERNEL_FS_LOCKS_H
#define KERNEL_FS_LOCKS_H

#include "kernel/fs/syscalls.h"

#define F_RDLCK 0		/* lock and lease types */
#define F_WRLCK 1
#define F_UNLCK 2
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38

/* fcntl(@f, @cmd, @arg) for a lock command (F_GETLK ... F_OFD_SETLKW):
 * 0 or -errno (EAGAIN: held by another; EDEADLK; EINTR-to-be). */
long fcntl_lock(struct file *f, unsigned int cmd, void __user *arg);
/* A descriptor of @f in table @files closes: @files's POSIX locks on
 * the inode go (every close, as POSIX says). */
void locks_remove_posix(struct file *f, struct files_struct *files);
/* The last reference to @f goes: its OFD locks and its lease go. */
void locks_remove_file(struct file *f);

/*
 * Leases (kernel/fs/fcntl.c): the holder of a lease on a regular file it owns is told
 * (SIGIO, or its F_SETSIG signal with POLL_MSG) when another open would
 * conflict: a read lease with an open for writing, a write lease with
 * any open. The opener waits until the holder gives the lease up (or
 * down to F_RDLCK), or /proc/sys/fs/lease-break-time seconds pass.
 */
#define F_SETLEASE 1024
#define F_GETLEASE 1025
/* F_SETLEASE @type (F_RDLCK, F_WRLCK, F_UNLCK) on @f, opened as @fd:
 * 0, -EAGAIN (a conflicting open or lease; no lease to remove),
 * -EINVAL (not a regular file, bad type), -EACCES (not its owner). */
long fcntl_setlease(unsigned int fd, struct file *f, long type);
/* F_GETLEASE: @f's lease type, what a break under way asks for, or
 * F_UNLCK. */
long fcntl_getlease(struct file *f);
/* An open of @inode with @flags (O_*): break the leases it conflicts
 * with and wait for them to go; 0, -EWOULDBLOCK (O_NONBLOCK), or
 * -ERESTARTSYS. Process context. */
int break_lease(struct inode *inode, unsigned int flags);
/* /proc/sys/fs/lease-break-time: seconds an opener waits for a holder
 * (default 45, as Linux). */
extern unsigned int lease_break_time;
/* The last reference to @f goes: its lease goes (locks_remove_file()). */
void lease_remove_file(struct file *f);

#endif
