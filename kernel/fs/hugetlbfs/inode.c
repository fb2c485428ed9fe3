/*
 * hugetlbfs files (Linux's fs/hugetlbfs/inode.c): files whose bytes live
 * in huge pages (kernel/mm/hugetlb.h), made by memfd_create(MFD_HUGETLB).
 *
 * Such a file is a struct hugetlb_obj behind an inode of an internal
 * superblock: mmap maps its 2 MiB pages (file_object() in
 * kernel/fs/mmap.c asks hugetlbfs_file_obj()), ftruncate sizes it in
 * whole huge pages (else EINVAL), and, as in Linux, write(2) is EINVAL:
 * the bytes go in through a mapping. read(2) is EINVAL here too (Linux
 * reads the pages; Taskbase has no such reader yet).
 */
#include "kernel/fs/hugetlbfs/hugetlbfs.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/hugetlb.h"
#include "lib/errno.h"

static struct super_block *hugetlbfs_sb;

/* The inode's last reference: the object (and its pages, once no
 * mapping holds it) goes. */
static void hugetlbfs_evict(struct inode *inode)
{
	if (inode->i_private)
		hugetlb_obj_put(inode->i_private);
}

/* ftruncate: whole huge pages only; a shrink frees the pages past it. */
static int hugetlbfs_truncate(struct inode *inode, u64 size)
{
	int err = hugetlb_obj_resize(inode->i_private, size);

	if (!err)
		inode->i_size = size;
	return err;
}

static const struct inode_operations hugetlbfs_file_iops = {
	.truncate = hugetlbfs_truncate,
};

static loff_t hugetlbfs_llseek(struct file *f, loff_t offset, int whence)
{
	loff_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? f->f_pos :
		      (loff_t)hugetlb_obj_size(f->f_inode->i_private);

	if (whence < SEEK_SET || whence > SEEK_END || base + offset < 0)
		return -EINVAL;
	f->f_pos = base + offset;
	return f->f_pos;
}

static const struct file_operations hugetlbfs_file_fops = {
	.llseek = hugetlbfs_llseek,
};

struct inode *hugetlbfs_new_file(void)
{
	struct super_block *sb = get_pseudo_sb(&hugetlbfs_sb, "hugetlbfs",
					       hugetlbfs_evict);
	struct inode *inode = sb ? new_inode(sb, S_IFREG | 0777) : NULL;

	if (!inode)
		return NULL;
	inode->i_private = hugetlb_obj_alloc(0);
	if (!inode->i_private) {
		iput(inode);
		return NULL;
	}
	inode->i_op = &hugetlbfs_file_iops;
	inode->i_fop = &hugetlbfs_file_fops;
	return inode;
}

struct hugetlb_obj *hugetlbfs_file_obj(struct inode *inode)
{
	return hugetlbfs_sb && inode->i_sb == hugetlbfs_sb ? inode->i_private : NULL;
}
