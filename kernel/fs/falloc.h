/*
 * fallocate(2): making a file's space before it is written, or punching
 * holes back into it (Linux's include/linux/falloc.h). vfs_fallocate()
 * (kernel/fs/file.c) checks what every file system would, then calls the
 * file's ->fallocate (tmpfs: kernel/fs/ramfs/file-mmu.c).
 */
#ifndef KERNEL_FS_FALLOC_H
#define KERNEL_FS_FALLOC_H

#include "kernel/fs/vfs.h"

/* fallocate(2)'s modes (<linux/falloc.h>). */
#define FALLOC_FL_KEEP_SIZE 0x01	/* allocate, the size stays */
#define FALLOC_FL_PUNCH_HOLE 0x02	/* free the range (with KEEP_SIZE) */
#define FALLOC_FL_NO_HIDE_STALE 0x04
#define FALLOC_FL_COLLAPSE_RANGE 0x08
#define FALLOC_FL_ZERO_RANGE 0x10
#define FALLOC_FL_INSERT_RANGE 0x20
#define FALLOC_FL_UNSHARE_RANGE 0x40
#define FALLOC_FL_SUPPORTED_MASK 0x7f

/*
 * fallocate(2) on open file @f: Linux's checks (EINVAL for a bad range or
 * a mode mixing what may not be mixed, EOPNOTSUPP, EBADF unless open for
 * writing, ESPIPE for a pipe, EISDIR, ENODEV for other non-files, EFBIG),
 * then the file's own fallocate (none: EOPNOTSUPP).
 */
long vfs_fallocate(struct file *f, int mode, loff_t offset, loff_t len);

#endif
