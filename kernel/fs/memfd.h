/*
 * memfd's file seals (Linux's include/linux/memfd.h and the F_SEAL_*
 * of fcntl.h): what may no longer change in a tmpfs file or memfd.
 * memfd_fcntl() (kernel/fs/memfd.c) adds and reads them; tmpfs
 * (kernel/fs/ramfs/file-mmu.c) and mmap (kernel/fs/mmap.c) enforce them.
 */
#ifndef KERNEL_FS_MEMFD_H
#define KERNEL_FS_MEMFD_H

#include "kernel/fs/vfs.h"

#define F_ADD_SEALS 1033	/* memfd_fcntl() */
#define F_GET_SEALS 1034
/* memfd's F_ADD_SEALS/F_GET_SEALS (kernel/fs/memfd.c); EINVAL for any
 * file that is not a tmpfs file or memfd. */
long memfd_fcntl(struct file *f, unsigned int cmd, unsigned long arg);
/* Boot: the kernel's own tmpfs instance that memfds live on (Linux's
 * shmem_init() and shm_mnt); 0 or -ENOMEM. */
int shmem_init(void);

/* File seals (Linux's F_SEAL_*), kept by tmpfs files and memfds. */
#define F_SEAL_SEAL 0x0001		/* no more seals */
#define F_SEAL_SHRINK 0x0002		/* the size may not go down */
#define F_SEAL_GROW 0x0004		/* nor up */
#define F_SEAL_WRITE 0x0008		/* the bytes may not change */
#define F_SEAL_FUTURE_WRITE 0x0010	/* nor through new writers */
/* The seals of tmpfs file or memfd @inode, for memfd_fcntl() to read and
 * change under i_mutex; NULL for any other file. */
unsigned int *ramfs_file_seals(struct inode *inode);

#endif
