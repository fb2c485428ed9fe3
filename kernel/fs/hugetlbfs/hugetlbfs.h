/* hugetlbfs files: huge-page-backed files (hugetlbfs/inode.c). */
#ifndef KERNEL_FS_HUGETLBFS_HUGETLBFS_H
#define KERNEL_FS_HUGETLBFS_HUGETLBFS_H

#include "kernel/fs/vfs.h"

struct hugetlb_obj;

/* Boot: make hugetlbfs's internal instance now, as Linux's
 * init_hugetlbfs_fs() mounts it, not at the first huge-page memfd or
 * segment (a long run would count it as a page it never gave back).
 * 0, or -ENOMEM. */
int hugetlbfs_init(void);
/* A new, empty hugetlbfs file's inode (memfd_create(MFD_HUGETLB)),
 * referenced once; NULL when out of memory. */
struct inode *hugetlbfs_new_file(void);
/* The huge pages behind @inode if it is a hugetlbfs file, else NULL. */
struct hugetlb_obj *hugetlbfs_file_obj(struct inode *inode);
/* A mapping of hugetlbfs file @inode was made (nothing for any other
 * file): a writable one may have made the file longer, so i_size
 * follows. */
void hugetlbfs_mapped(struct inode *inode);

#endif
