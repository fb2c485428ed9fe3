/*
 * fanotify's system calls (kernel/fs/notify/fanotify_user.c), for the
 * syscall table.
 */
#ifndef KERNEL_FS_NOTIFY_FANOTIFY_H
#define KERNEL_FS_NOTIFY_FANOTIFY_H

#include "kernel/uaccess.h"
#include "lib/types.h"

/* A new fanotify descriptor (CAP_SYS_ADMIN, else EPERM): FAN_CLASS_*,
 * FAN_CLOEXEC, FAN_NONBLOCK, FAN_UNLIMITED_*, FAN_REPORT_TID in @flags;
 * @event_f_flags: how its events' descriptors are opened. EINVAL for
 * the rest, EMFILE past 128 groups. */
long sys_fanotify_init(unsigned int flags, unsigned int event_f_flags);
/* Add, remove (FAN_MARK_ADD, _REMOVE) @mask's events on the mark of the
 * object @dfd/@pathname names (an inode; FAN_MARK_MOUNT or _FILESYSTEM:
 * its super block), or FAN_MARK_FLUSH a type's marks. 0 or EBADF,
 * EINVAL, ENOENT, ENOTDIR, EACCES, ENOSPC. */
long sys_fanotify_mark(int fanotify_fd, unsigned int flags, u64 mask,
		       int dfd, const char __user *pathname);

#endif
