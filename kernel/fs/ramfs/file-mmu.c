/*
 * The bytes of ramfs files and symlinks (Linux's fs/ramfs/file-mmu.c;
 * the inodes and directories are inode.c's). Files are kept two ways:
 *   - on the root file system (initramfs), page-backed: their bytes are
 *     copied into whole pages of their own (ramfs_set_contents()), after
 *     which the archive goes back to the page allocator, as Linux frees
 *     the initrd. exec maps those very pages into every process that runs
 *     the program (ramfs_file_page()), as Linux maps a binary's page-cache
 *     pages. A file too large for one block (4 MiB), or met when memory is
 *     short, keeps pointing into the archive instead, which then stays.
 *   - on tmpfs (/tmp): in one kmalloc'ed block that grows as the file
 *     does, so a file is at most RAMFS_MAX_FILE (4 MiB, the largest
 *     kmalloc block).
 *
 * Locking: a file's data and size are guarded by its inode's i_mutex (a
 * sleeplock: reads and writes copy to and from user memory, which may
 * fault).
 */
#include "kernel/fs/ramfs/internal.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/mm/slab.h"
#include "kernel/fs/vfs.h"
#include "lib/bug.h"
#include "lib/errno.h"
#include "lib/string.h"

#define RAMFS_MAX_FILE (4ul << 20)

/* ---- the root file system's files: page-backed ---- */

static u64 nr_file_pages(const struct inode *inode)
{
	return ALIGN_UP(inode->i_size, PAGE_SIZE) >> PAGE_SHIFT;
}

/* Drop our reference on each page of a page-backed file; a page that a
 * process still maps is freed by the last mm that unmaps it. */
void put_file_pages(struct inode *inode)
{
	struct page *first = virt_to_page(RI(inode)->data);

	for (u64 i = 0; i < nr_file_pages(inode); i++)
		if (put_page_testzero(first + i))
			__free_pages(first + i, 0);
}

/*
 * exec reads a tmpfs file in a copy taken under i_mutex: a writer that
 * grows the file moves its bytes to a bigger block and frees the old one
 * (ramfs_reserve()), which exec must not be reading (issue 19).
 */
int ramfs_file_data(struct inode *inode, const void **data, u64 *size)
{
	struct ramfs_info *ri;
	char *copy;

	if (inode->i_sb->evict_inode != ramfs_evict || !S_ISREG(inode->i_mode))
		return -EACCES;
	ri = RI(inode);
	if (!ri->owned) {
		*data = ri->data;	/* the root's: never changes */
		*size = inode->i_size;
		return 0;
	}
	sleeplock_lock(&inode->i_mutex);
	*size = inode->i_size;
	copy = kmalloc(MAX(*size, 1ul), GFP_KERNEL);
	if (copy && *size)
		memcpy(copy, ri->data, *size);
	sleeplock_unlock(&inode->i_mutex);
	*data = copy;
	return copy ? 0 : -ENOMEM;
}

void ramfs_file_data_put(struct inode *inode, const void *data)
{
	if (data != RI(inode)->data)
		kfree((void *)data);	/* a tmpfs file's copy */
}

struct page *ramfs_file_page(struct inode *inode, u64 pgoff)
{
	if (inode->i_sb->evict_inode != ramfs_evict ||
	    !S_ISREG(inode->i_mode) || !RI(inode)->page_backed ||
	    pgoff >= nr_file_pages(inode))
		return NULL;
	/* Contiguous pages: the struct pages are too (mem_map). */
	return virt_to_page(RI(inode)->data) + pgoff;
}

/* A regular file's bytes: a copy in whole pages of its own (zeroes past
 * the end), or if none can be had, @data itself. 0, or 1: borrowed. */
static int set_file_contents(struct inode *inode, const void *data,
			     size_t size)
{
	struct ramfs_info *ri = RI(inode);

	ri->owned = false;
	ri->capacity = size;
	if (!size)
		return 0;
	ri->data = alloc_pages_exact(size, __GFP_NOWARN);
	if (!ri->data) {
		ri->data = (char *)data;	/* borrowed: never freed */
		return 1;
	}
	memcpy(ri->data, data, size);
	memset(ri->data + size, 0, ALIGN_UP(size, PAGE_SIZE) - size);
	ri->page_backed = true;
	return 0;
}

int ramfs_set_contents(struct inode *inode, const void *data, size_t size)
{
	struct ramfs_info *ri = RI(inode);
	int ret = 0;

	BUG_ON(inode->i_sb->evict_inode != ramfs_evict || ri->data);
	if (S_ISREG(inode->i_mode)) {
		ret = set_file_contents(inode, data, size);
	} else if (S_ISLNK(inode->i_mode)) {
		if (size == 0 || size >= PATH_MAX ||
		    !(ri->data = kmalloc(size + 1, GFP_KERNEL)))
			return -EINVAL;
		memcpy(ri->data, data, size);
		ri->data[size] = '\0';
	} else {
		return -EINVAL;
	}
	inode->i_size = size;
	return ret;
}

/* ---- reading, writing, truncating ---- */

/*
 * i_mutex held: make room for @size bytes of owned data. Every change of
 * a file's bytes or size comes here first: a root file system file, whose
 * bytes are not ours (page-backed, mapped by exec, or the archive's), is
 * refused (EROFS), even for a write within its size.
 */
static int ramfs_reserve(struct inode *inode, size_t size)
{
	struct ramfs_info *ri = RI(inode);
	size_t cap = MAX(MAX(size, ri->capacity * 2), 256ul);
	char *data;

	lockdep_assert_held(&inode->i_mutex);
	if (!ri->owned)
		return -EROFS;
	if (size <= ri->capacity)
		return 0;
	if (size > RAMFS_MAX_FILE)
		return -EFBIG;
	data = kmalloc(MIN(cap, RAMFS_MAX_FILE), GFP_KERNEL);
	if (!data)
		return -ENOSPC;
	if (ri->data)
		memcpy(data, ri->data, inode->i_size);
	kfree(ri->data);
	ri->data = data;
	ri->capacity = ksize(data);
	return 0;
}

/* i_mutex held: set the size, zero-filling what grows. */
static int ramfs_set_size(struct inode *inode, u64 size)
{
	int err;

	lockdep_assert_held(&inode->i_mutex);
	err = ramfs_reserve(inode, size);
	if (err)
		return err;
	if (size > inode->i_size)
		memset(RI(inode)->data + inode->i_size, 0,
		       size - inode->i_size);
	inode->i_size = size;
	inode->i_mtime = inode->i_ctime = current_time();
	return 0;
}

static int ramfs_truncate(struct inode *inode, u64 size)
{
	int err;

	sleeplock_lock(&inode->i_mutex);
	err = ramfs_set_size(inode, size);
	sleeplock_unlock(&inode->i_mutex);
	return err;
}

static long ramfs_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	long ret = 0;
	size_t n;

	if (*pos < 0)
		return -EINVAL;
	sleeplock_lock(&inode->i_mutex);
	if ((u64)*pos < inode->i_size) {
		n = MIN(inode->i_size - (u64)*pos, to->count);
		n = copy_to_iter(RI(inode)->data + *pos, n, to);
		ret = n ? (long)n : -EFAULT;
		*pos += n;
	}
	sleeplock_unlock(&inode->i_mutex);
	return ret;
}

static long ramfs_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	size_t n = from->count, done;
	loff_t p;
	long ret;

	sleeplock_lock(&inode->i_mutex);
	p = (f->f_flags & O_APPEND) ? (loff_t)inode->i_size : *pos;
	ret = p < 0 ? -EINVAL : p >= (loff_t)RAMFS_MAX_FILE ? -EFBIG : 0;
	if (!ret) {
		n = MIN(n, RAMFS_MAX_FILE - (size_t)p);
		ret = ramfs_reserve(inode, p + n);
	}
	if (!ret && (u64)p > inode->i_size)
		ret = ramfs_set_size(inode, p);
	if (!ret) {
		done = copy_from_iter(RI(inode)->data + p, n, from);
		ret = done ? (long)done : -EFAULT;
		if (p + done > inode->i_size)
			inode->i_size = p + done;
		inode->i_mtime = inode->i_ctime = current_time();
		*pos = p + done;
	}
	sleeplock_unlock(&inode->i_mutex);
	return ret;
}

static const char *ramfs_get_link(struct inode *inode, size_t *len)
{
	*len = inode->i_size;
	return RI(inode)->data;
}

const struct inode_operations ramfs_file_iops = {
	.truncate = ramfs_truncate,
};

const struct inode_operations ramfs_symlink_iops = {
	.get_link = ramfs_get_link,
};

const struct file_operations ramfs_file_fops = {
	.read = ramfs_read,
	.write = ramfs_write,
	.llseek = generic_file_llseek,
};
