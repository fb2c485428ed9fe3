/*
 * Record locks (kernel/fs/locks.c): fcntl's F_GETLK/F_SETLK/F_SETLKW and
 * their open-file-description forms, and the hooks that drop locks when
 * descriptors close.
 */
#ifndef KERNEL_FS_LOCKS_H
#define KERNEL_FS_LOCKS_H

#include "kernel/fs/syscalls.h"

#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38

/* fcntl(@f, @cmd, @arg) for a lock command (F_GETLK ... F_OFD_SETLKW):
 * 0 or -errno (EAGAIN: held by another; EDEADLK; EINTR-to-be). */
long fcntl_lock(struct file *f, unsigned int cmd, void __user *arg);
/* A descriptor of @f in table @files closes: @files's POSIX locks on
 * the inode go (every close, as POSIX says). */
void locks_remove_posix(struct file *f, struct files_struct *files);
/* The last reference to @f goes: its OFD locks go. */
void locks_remove_file(struct file *f);

#endif
