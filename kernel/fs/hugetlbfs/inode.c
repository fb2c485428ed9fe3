/*
 * hugetlbfs files (Linux's fs/hugetlbfs/inode.c): files whose bytes live
 * in huge pages (kernel/mm/hugetlb.h), made by memfd_create(MFD_HUGETLB).
 *
 * Such a file is a struct hugetlb_obj behind an inode of an internal
 * superblock: mmap maps its 2 MiB pages (file_object() in
 * kernel/fs/mmap.c asks hugetlbfs_file_obj()), ftruncate sizes it in
 * whole huge pages (else EINVAL), and, as in Linux, write(2) is EINVAL:
 * the bytes go in through a mapping; read(2) copies them out (holes read
 * as zeroes), up to the file's size. i_size is that size, for read,
 * stat and lseek alike: a writable mapping past the end grows the object
 * (hugetlb_vma_setup()) and hugetlbfs_mapped() then grows i_size.
 */
#include "kernel/fs/hugetlbfs/hugetlbfs.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/hugetlb.h"
#include "kernel/mm/page_alloc.h"
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

/* Copy @n bytes at @pos (within one huge page) of @o into @to. */
static size_t read_huge(struct hugetlb_obj *o, u64 pos, size_t n,
			struct iov_iter *to)
{
	struct page *page = hugetlb_obj_page(o, pos >> HPAGE_SHIFT);
	size_t done;

	if (!page)
		return iov_iter_zero(n, to);	/* a hole */
	done = copy_to_iter((char *)page_address(page) + (pos & (HPAGE_SIZE - 1)),
			    n, to);
	hugetlb_page_put(page);
	return done;
}

static long hugetlbfs_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct hugetlb_obj *o = f->f_inode->i_private;
	u64 size = READ_ONCE(f->f_inode->i_size);
	size_t done = 0;

	if (*pos < 0)
		return -EINVAL;
	while ((u64)*pos < size && to->count) {
		size_t n = MIN(MIN(size - (u64)*pos, to->count),
			       HPAGE_SIZE - ((u64)*pos & (HPAGE_SIZE - 1)));
		size_t c = read_huge(o, *pos, n, to);

		*pos += c;
		done += c;
		if (c < n)
			break;
	}
	return done || !to->count || (u64)*pos >= size ? (long)done : -EFAULT;
}

static const struct file_operations hugetlbfs_file_fops = {
	.read = hugetlbfs_read,
};

int hugetlbfs_init(void)
{
	return get_pseudo_sb(&hugetlbfs_sb, "hugetlbfs", hugetlbfs_evict) ?
	       0 : -ENOMEM;
}

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

void hugetlbfs_mapped(struct inode *inode)
{
	struct hugetlb_obj *o = hugetlbfs_file_obj(inode);

	if (o)
		WRITE_ONCE(inode->i_size, hugetlb_obj_size(o));
}

struct hugetlb_obj *hugetlbfs_file_obj(struct inode *inode)
{
	return hugetlbfs_sb && inode->i_sb == hugetlbfs_sb ? inode->i_private : NULL;
}
