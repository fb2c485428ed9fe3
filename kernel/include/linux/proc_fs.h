/*
 * A module's own /proc files: proc_create(name, mode, NULL, &ops) and
 * remove_proc_entry(name, NULL) (or proc_remove()), with Linux 6.1's
 * struct proc_ops (its open, read, write, lseek and release members) and
 * pde_data(). kernel/fs/proc/generic.c implements them; only /proc itself
 * can be the parent (Taskbase has no proc_mkdir()).
 */
#ifndef _LINUX_PROC_FS_H
#define _LINUX_PROC_FS_H

#include <linux/fs.h>
#include "kernel/fs/proc/proc_fs.h"

#endif
