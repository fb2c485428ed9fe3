/*
 * Files, for modules: Taskbase's VFS structures (kernel/fs/vfs.h: struct
 * file, struct inode, struct file_operations). Taskbase's
 * file_operations are its own (read and write take an iov_iter), so a
 * Linux character driver does not build unchanged; a module that only
 * names these types does.
 */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/types.h>
#include "kernel/fs/vfs.h"

/* Linux's "this file cannot seek" method: Taskbase's VFS reads a NULL
 * llseek the same way. */
#define no_llseek NULL

#endif
