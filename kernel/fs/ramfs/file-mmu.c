/*
 * The bytes of ramfs files and symlinks (Linux's fs/ramfs/file-mmu.c;
 * the inodes and directories are inode.c's). Files are kept two ways:
 *   - on the root file system (initramfs), page-backed: their bytes are
 *     copied into whole pages of their own (ramfs_set_contents()), after
 *     which the archive goes back to the page allocator, as Linux frees
 *     the initrd. The pages are contiguous, so exec reads the file in
 *     place, and they are the file's memory object's (below), which
 *     every mmap of the file maps; exec maps those very pages into every
 *     process that runs the program (ramfs_file_page()), as Linux maps a
 *     binary's page-cache pages. A file too large for one block (4 MiB),
 *     or met when memory is short, keeps pointing into the archive
 *     instead, which then stays (and cannot be mmapped).
 *   - on tmpfs (/tmp, memfd_create): in pages of a memory object of
 *     its own (kernel/mm/filemap.h, Linux's page cache), one page per
 *     4 KiB of the file, a page that was never written a hole that
 *     reads as zeroes. mmap maps these very pages: with MAP_SHARED,
 *     every mapping and read() see each write at once. A file grows a
 *     page at a time, so no byte of it ever moves: exec copies a
 *     snapshot of it (ramfs_file_data()) and a writer growing the file
 *     meanwhile changes nothing exec reads (a file over 4 MiB, more
 *     than one kmalloc block, cannot be run: ENOMEM). At most
 *     RAMFS_MAX_FILE (2 GiB, EFBIG: the memory object's index of
 *     pages is one 4 MiB block too); a page that cannot be had is
 *     ENOSPC, as a full tmpfs on Linux. fallocate(2) makes a range's
 *     pages ahead of the writes or punches holes back into it
 *     (ramfs_fallocate()).
 *
 * Locking: a file's bytes and size are guarded by its inode's i_mutex (a
 * mutex: reads and writes copy to and from user memory, which may
 * fault); the object's own lock guards its page index (faults).
 */
#include "kernel/fs/memfd.h"
#include "kernel/fs/ramfs/internal.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/filemap.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/mm/slab.h"
#include "kernel/fs/vfs.h"
#include "kernel/fs/falloc.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define RAMFS_MAX_FILE (2ul << 30)	/* kernel/mm/filemap.c MAX_SLOTS pages */

/* ---- the root file system's files: page-backed ---- */

static u64 nr_file_pages(const struct inode *inode)
{
	return ALIGN_UP(inode->i_size, PAGE_SIZE) >> PAGE_SHIFT;
}

/* Are @ri's bytes whole pages of its own (a root file's)? */
static bool page_backed(const struct ramfs_info *ri)
{
	return !ri->owned && ri->mapping;
}

/* i_mutex held: a kmalloc'ed copy of tmpfs file @inode, or NULL. */
static char *snapshot(struct inode *inode)
{
	char *copy = kmalloc(MAX(inode->i_size, 1ul), GFP_KERNEL);

	for (u64 off = 0; copy && off < inode->i_size; off += PAGE_SIZE) {
		struct page *page = filemap_get_page(RI(inode)->mapping,
						     off >> PAGE_SHIFT, false);
		u64 n = MIN(inode->i_size - off, PAGE_SIZE);

		if (page) {
			memcpy(copy + off, page_address(page), n);
			filemap_put_page(page);
		} else {
			memset(copy + off, 0, n);
		}
	}
	return copy;
}

int ramfs_file_data(struct inode *inode, const void **data, u64 *size)
{
	struct ramfs_info *ri;

	if (inode->i_sb->evict_inode != ramfs_evict || !S_ISREG(inode->i_mode))
		return -EACCES;
	ri = RI(inode);
	if (!ri->owned) {
		*data = ri->data;	/* the root's: never changes */
		*size = inode->i_size;
		return 0;
	}
	mutex_lock(&inode->i_mutex);
	*size = inode->i_size;
	*data = snapshot(inode);
	mutex_unlock(&inode->i_mutex);
	return *data ? 0 : -ENOMEM;
}

void ramfs_file_data_put(struct inode *inode, const void *data)
{
	if (data != RI(inode)->data)
		kfree((void *)data);	/* a tmpfs file's snapshot */
}

struct address_space *ramfs_file_mapping(struct inode *inode, bool *may_write)
{
	struct ramfs_info *ri = RI(inode);

	if (inode->i_sb->evict_inode != ramfs_evict || !S_ISREG(inode->i_mode) ||
	    !ri->mapping)
		return ERR_PTR(-ENODEV);
	*may_write = ri->owned;
	mapping_get(ri->mapping);	/* the file's: never changes */
	return ri->mapping;
}

struct page *ramfs_file_page(struct inode *inode, u64 pgoff)
{
	if (inode->i_sb->evict_inode != ramfs_evict ||
	    !S_ISREG(inode->i_mode) || !page_backed(RI(inode)) ||
	    pgoff >= nr_file_pages(inode))
		return NULL;
	/* Contiguous pages: the struct pages are too (mem_map). */
	return virt_to_page(RI(inode)->data) + pgoff;
}

/*
 * A regular file's bytes: a copy in whole pages of its own (zeroes past
 * the end), which its memory object takes, or if none can be had, @data
 * itself and no object. 0, or 1: borrowed.
 */
static int set_file_contents(struct inode *inode, const void *data,
			     size_t size)
{
	struct ramfs_info *ri = RI(inode);
	u64 nr = ALIGN_UP(size, PAGE_SIZE) >> PAGE_SHIFT, i = 0;
	char *pages = size ? alloc_pages_exact(size, __GFP_NOWARN) : NULL;

	ri->owned = false;
	if (pages) {
		memcpy(pages, data, size);
		memset(pages + size, 0, nr * PAGE_SIZE - size);
		while (i < nr && !filemap_add_page(ri->mapping, i,
						   virt_to_page(pages) + i))
			i++;
		if (i == nr) {
			filemap_grow(ri->mapping, size);
			ri->data = pages;
			return 0;
		}
	}
	mapping_put(ri->mapping);	/* frees pages 0 to i - 1 */
	ri->mapping = NULL;
	while (pages && i < nr)
		__free_pages(virt_to_page(pages) + i++, 0);
	if (!size)
		return 0;
	ri->data = (char *)data;	/* borrowed: never freed */
	return 1;
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

unsigned int *ramfs_file_seals(struct inode *inode)
{
	if (inode->i_sb->evict_inode != ramfs_evict || !S_ISREG(inode->i_mode) ||
	    !RI(inode)->owned)
		return NULL;
	return &RI(inode)->seals;
}

/* Do @inode's seals forbid changing its size to @size (-EPERM)? */
static int seals_forbid_size(struct inode *inode, u64 size)
{
	unsigned int s = RI(inode)->seals;

	if ((size < inode->i_size && (s & F_SEAL_SHRINK)) ||
	    (size > inode->i_size && (s & F_SEAL_GROW)))
		return -EPERM;
	return 0;
}

/*
 * i_mutex held: set the size, zero-filling what grows. Every change of a
 * file's bytes or size comes here or to ramfs_write(): a root file
 * system file, whose bytes are not ours (page-backed, mapped by exec, or
 * the archive's), is refused (EROFS). A shrink takes the pages past the
 * end out of every mapping of the file (an access there is SIGBUS).
 */
static int ramfs_set_size(struct inode *inode, u64 size)
{
	struct address_space *m = RI(inode)->mapping;

	lockdep_assert_held(&inode->i_mutex);
	if (!RI(inode)->owned)
		return -EROFS;
	if (size > RAMFS_MAX_FILE)
		return -EFBIG;
	if (seals_forbid_size(inode, size))
		return -EPERM;
	if (size < inode->i_size)
		filemap_truncate(m, size);
	else
		filemap_grow(m, size);
	inode->i_size = size;
	inode->i_mtime = inode->i_ctime = current_time();
	return 0;
}

static int ramfs_truncate(struct inode *inode, u64 size)
{
	int err;

	mutex_lock(&inode->i_mutex);
	err = ramfs_set_size(inode, size);
	mutex_unlock(&inode->i_mutex);
	return err;
}

static const char zeroes[PAGE_SIZE];

/*
 * i_mutex held: copy [pos, pos + n) of tmpfs file @inode out to @it, or
 * in from it when @write (pages made as needed; a hole reads as
 * zeroes). The bytes done, short on a fault; a write that does none is
 * -ENOSPC when not even the first page could be had, else -EFAULT.
 */
static long rw_pages(struct inode *inode, u64 pos, size_t n,
		     struct iov_iter *it, bool write)
{
	size_t done = 0;

	while (done < n) {
		u64 p = pos + done, off = p & (PAGE_SIZE - 1);
		size_t chunk = MIN(n - done, PAGE_SIZE - off), got;
		struct page *page = filemap_get_page(RI(inode)->mapping,
						     p >> PAGE_SHIFT, write);
		char *addr = page ? (char *)page_address(page) + off
				  : (char *)zeroes;

		if (!page && write)
			return done ? (long)done : -ENOSPC;
		got = write ? copy_from_iter(addr, chunk, it)
			    : copy_to_iter(addr, chunk, it);
		if (page)
			filemap_put_page(page);
		done += got;
		if (got < chunk)
			break;
	}
	return done || !write ? (long)done : -EFAULT;
}

static long ramfs_read(struct file *f, struct iov_iter *to, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	long ret = 0;
	size_t n;

	if (*pos < 0)
		return -EINVAL;
	mutex_lock(&inode->i_mutex);
	if ((u64)*pos < inode->i_size) {
		n = MIN(inode->i_size - (u64)*pos, to->count);
		if (RI(inode)->owned)
			n = rw_pages(inode, *pos, n, to, false);
		else
			n = copy_to_iter(RI(inode)->data + *pos, n, to);
		ret = n ? (long)n : -EFAULT;
		*pos += n;
	}
	mutex_unlock(&inode->i_mutex);
	return ret;
}

static long ramfs_write(struct file *f, struct iov_iter *from, loff_t *pos)
{
	struct inode *inode = f->f_inode;
	size_t n = from->count;
	loff_t p;
	long ret;

	mutex_lock(&inode->i_mutex);
	p = (f->f_flags & O_APPEND) ? (loff_t)inode->i_size : *pos;
	ret = p < 0 ? -EINVAL : !RI(inode)->owned ? -EROFS :
	      p >= (loff_t)RAMFS_MAX_FILE ? -EFBIG : 0;
	if (!ret && ((RI(inode)->seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)) ||
		     (p + n > inode->i_size && seals_forbid_size(inode, p + n))))
		ret = -EPERM;	/* sealed (memfd_add_seals()) */
	if (!ret) {
		n = MIN(n, RAMFS_MAX_FILE - (size_t)p);
		ret = rw_pages(inode, p, n, from, true);
	}
	if (ret > 0) {
		if (p + ret > (loff_t)inode->i_size) {
			filemap_grow(RI(inode)->mapping, p + ret);
			inode->i_size = p + ret;
		}
		inode->i_mtime = inode->i_ctime = current_time();
		*pos = p + ret;
	}
	mutex_unlock(&inode->i_mutex);
	return ret;
}

/* Pages in [@first, @last) of @m that are holes. */
static u64 count_holes(struct address_space *m, u64 first, u64 last)
{
	u64 n = 0;

	for (u64 i = first; i < last; i++) {
		struct page *page = filemap_get_page(m, i, false);

		if (page)
			filemap_put_page(page);
		else
			n++;
	}
	return n;
}

/*
 * i_mutex held: make pages for [@start, @end) (they read as zeroes, and
 * SEEK_DATA finds them). Taskbase's tmpfs has no size limit of its own
 * (Linux's default is half of memory), so a range that needs more than
 * half of the free pages is ENOSPC before any is taken: a huge fallocate
 * must not leave the system without memory to unlink the file with.
 */
static long allocate_range(struct inode *inode, u64 start, u64 end)
{
	struct address_space *m = RI(inode)->mapping;
	u64 first = start >> PAGE_SHIFT, last = ALIGN_UP(end, PAGE_SIZE) >> PAGE_SHIFT;

	if (count_holes(m, first, last) > nr_free_pages() / 2)
		return -ENOSPC;
	for (u64 i = first; i < last; i++) {
		struct page *page = filemap_get_page(m, i, true);

		if (!page)
			return -ENOSPC;
		filemap_put_page(page);
	}
	return 0;
}

/*
 * fallocate(2) on tmpfs, Linux's shmem_fallocate(): mode 0 makes the
 * pages and grows the file to the range's end, FALLOC_FL_KEEP_SIZE only
 * makes them, FALLOC_FL_PUNCH_HOLE | KEEP_SIZE frees them (holes again);
 * the other modes are EOPNOTSUPP. The seals and RLIMIT_FSIZE apply.
 */
static long ramfs_fallocate(struct file *f, int mode, loff_t offset, loff_t len)
{
	struct inode *inode = f->f_inode;
	u64 end = (u64)offset + (u64)len;
	unsigned int seals = RI(inode)->seals;
	long err;

	if (end > RAMFS_MAX_FILE)
		return -EFBIG;
	if (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE))
		return -EOPNOTSUPP;
	mutex_lock(&inode->i_mutex);
	if (!RI(inode)->owned)
		err = -EROFS;
	else if (mode & FALLOC_FL_PUNCH_HOLE)
		err = seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE) ? -EPERM : 0;
	else if ((err = inode_newsize_ok(inode, end)) == 0 &&
		 end > inode->i_size && (seals & F_SEAL_GROW))
		err = -EPERM;
	if (!err && (mode & FALLOC_FL_PUNCH_HOLE))
		filemap_punch_hole(RI(inode)->mapping, offset, end);
	else if (!err)
		err = allocate_range(inode, offset, end);
	if (!err && !(mode & FALLOC_FL_KEEP_SIZE) && end > inode->i_size) {
		filemap_grow(RI(inode)->mapping, end);
		inode->i_size = end;
	}
	if (!err)
		inode->i_ctime = current_time();
	if (!err && (mode & FALLOC_FL_PUNCH_HOLE))
		inode->i_mtime = inode->i_ctime;
	mutex_unlock(&inode->i_mutex);
	return err;
}

static const char *ramfs_get_link(struct inode *inode, size_t *len)
{
	*len = inode->i_size;
	return RI(inode)->data;
}

/* lseek: a tmpfs file knows its holes (pages never written), so
 * SEEK_DATA and SEEK_HOLE find them; the rest is generic. */
static loff_t ramfs_llseek(struct file *f, loff_t offset, int whence)
{
	struct inode *inode = f->f_inode;
	s64 pos;

	if ((whence != SEEK_DATA && whence != SEEK_HOLE) || !RI(inode)->mapping)
		return generic_file_llseek(f, offset, whence);
	if (offset < 0)
		return -ENXIO;
	mutex_lock(&inode->i_mutex);
	pos = filemap_seek_data_hole(RI(inode)->mapping, (u64)offset,
				     whence == SEEK_DATA);
	if (pos >= 0)
		f->f_pos = pos;
	mutex_unlock(&inode->i_mutex);
	return pos;
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
	.llseek = ramfs_llseek,
	.fallocate = ramfs_fallocate,
};
