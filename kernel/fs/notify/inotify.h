/*
 * inotify's system calls and tunables (kernel/fs/notify/inotify_user.c):
 * the calls for the syscall table, the limits for /proc/sys/fs/inotify/
 * (kernel/fs/proc/proc_sysctl.c).
 */
#ifndef KERNEL_FS_NOTIFY_INOTIFY_H
#define KERNEL_FS_NOTIFY_INOTIFY_H

#include "kernel/uaccess.h"
#include "lib/types.h"

/* Per-user (effective uid) limits and each instance's queue length. */
extern unsigned int inotify_max_queued_events;
extern unsigned int inotify_max_user_instances;
extern unsigned int inotify_max_user_watches;

/* A new inotify descriptor (IN_CLOEXEC, IN_NONBLOCK in @flags; EINVAL
 * for others, EMFILE past max_user_instances). */
long sys_inotify_init1(int flags);
/* inotify_init1(0). */
long sys_inotify_init(void);
/* Watch @pathname for @mask's events on inotify descriptor @fd: the wd,
 * or EBADF, EINVAL, ENOENT, EACCES, ENOTDIR, EEXIST, ENOSPC. */
long sys_inotify_add_watch(int fd, const char __user *pathname, u32 mask);
/* End watch @wd of @fd (IN_IGNORED is queued): 0, EBADF or EINVAL. */
long sys_inotify_rm_watch(int fd, s32 wd);

#endif
