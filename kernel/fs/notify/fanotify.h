/*
 * fanotify (kernel/fs/notify/fanotify.c, fanotify_user.c): Linux's FAN_*
 * values, the group's fsnotify_ops, and the system calls for the
 * syscall table.
 */
#ifndef KERNEL_FS_NOTIFY_FANOTIFY_H
#define KERNEL_FS_NOTIFY_FANOTIFY_H

#include "kernel/uaccess.h"
#include "kernel/fs/notify/fsnotify_backend.h"
#include "lib/types.h"

#define FAN_CLOEXEC 0x1
#define FAN_NONBLOCK 0x2
#define FAN_CLASS_CONTENT 0x4
#define FAN_CLASS_PRE_CONTENT 0x8
#define FAN_UNLIMITED_QUEUE 0x10
#define FAN_UNLIMITED_MARKS 0x20
#define FAN_ENABLE_AUDIT 0x40
#define FAN_REPORT_TID 0x100
/* The init flags Taskbase takes; the rest of Linux's (PIDFD, the FID
 * reports) are EINVAL here. */
#define FAN_INIT_FLAGS (FAN_CLOEXEC | FAN_NONBLOCK | FAN_CLASS_CONTENT | \
			FAN_CLASS_PRE_CONTENT | FAN_UNLIMITED_QUEUE | \
			FAN_UNLIMITED_MARKS | FAN_ENABLE_AUDIT | FAN_REPORT_TID)

#define FAN_MARK_ADD 0x1
#define FAN_MARK_REMOVE 0x2
#define FAN_MARK_DONT_FOLLOW 0x4
#define FAN_MARK_ONLYDIR 0x8
#define FAN_MARK_MOUNT 0x10
#define FAN_MARK_IGNORED_MASK 0x20
#define FAN_MARK_IGNORED_SURV_MODIFY 0x40
#define FAN_MARK_FLUSH 0x80
#define FAN_MARK_FILESYSTEM 0x100
#define FAN_MARK_TYPES (FAN_MARK_MOUNT | FAN_MARK_FILESYSTEM)
#define FAN_MARK_FLAGS (FAN_MARK_ADD | FAN_MARK_REMOVE | \
			FAN_MARK_DONT_FOLLOW | FAN_MARK_ONLYDIR | \
			FAN_MARK_TYPES | FAN_MARK_IGNORED_MASK | \
			FAN_MARK_IGNORED_SURV_MODIFY | FAN_MARK_FLUSH)

/* The events a notification-class mark may ask for (FS_* values). */
#define FAN_PATH_EVENTS (FS_ACCESS | FS_MODIFY | FS_CLOSE | FS_OPEN | \
			 FS_OPEN_EXEC)
#define FAN_ONDIR FS_ISDIR
#define FAN_EVENT_ON_CHILD FS_EVENT_ON_CHILD
#define FAN_MARK_MASK (FAN_PATH_EVENTS | FAN_ONDIR | FAN_EVENT_ON_CHILD)
#define FAN_ALLOW 0x01
#define FAN_DENY 0x02
#define FAN_AUDIT 0x10
#define FAN_CLASSES (FAN_CLASS_CONTENT | FAN_CLASS_PRE_CONTENT)

#define FANOTIFY_METADATA_VERSION 3
#define FAN_NOFD (-1)
#define FANOTIFY_MAX_GROUPS 128		/* per user, as Linux's default */
#define FANOTIFY_MAX_MARKS 8192		/* per group unless unlimited */
#define FANOTIFY_MAX_EVENTS 16384	/* queued unless unlimited */

/* What a fanotify group does with the core's events (fanotify.c). */
extern const struct fsnotify_ops fanotify_ops;

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
