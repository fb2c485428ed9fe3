/*
 * memfd_create(2) (Linux keeps it in mm/memfd.c; here it is with the
 * files, which memory sits below): an anonymous file in memory, a
 * descriptor to a tmpfs file that no directory names, gone with its last
 * reference. It can be written, read, truncated and mmapped (MAP_SHARED:
 * its own pages) like any file on /tmp; it lives on the kernel's own tmpfs
 * instance, mounted nowhere and without a size limit (Linux's shm_mnt),
 * so that it needs no /tmp (a chroot may have none) and counts against
 * no one's size=. With MFD_ALLOW_SEALING its size and bytes can be sealed
 * (F_ADD_SEALS, memfd_fcntl(); tmpfs enforces them in ramfs_write() and
 * ramfs_set_size(), mmap in file_object()). With MFD_HUGETLB it is a
 * hugetlbfs file instead (kernel/fs/hugetlbfs/inode.c: 2 MiB pages from
 * the pool, no sealing); a page size other than 2 MiB (MFD_HUGE_*) is
 * ENODEV, as on a Linux without that size.
 */
#include "kernel/fs/memfd.h"
#include "kernel/fs/hugetlbfs/hugetlbfs.h"
#include "kernel/fs/syscalls.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/filemap.h"
#include "kernel/mm/hugetlb.h"
#include "kernel/mm/slab.h"
#include "kernel/uaccess.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define MFD_CLOEXEC 0x1u
#define MFD_ALLOW_SEALING 0x2u
#define MFD_HUGETLB 0x4u
#define MFD_NAME_MAX 249	/* NAME_MAX less "memfd:" */

static struct super_block *shm_sb;	/* Linux's shm_mnt */

int shmem_init(void)
{
	shm_sb = ramfs_create("tmpfs", SB_KERNMOUNT, 01777);
	return shm_sb ? 0 : -ENOMEM;
}

/* The new file's inode, on shm_sb; referenced, or ERR_PTR. */
static struct inode *memfd_inode(void)
{
	struct inode *inode = shm_sb ? ramfs_new_file(shm_sb, 0777) : NULL;

	return inode ? inode : ERR_PTR(-ENOMEM);
}

#define F_ALL_SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | \
		     F_SEAL_FUTURE_WRITE)

/* F_ADD_SEALS: Linux's rules. Only through a descriptor open for
 * writing; none once F_SEAL_SEAL is set; F_SEAL_WRITE not while a
 * shared mapping may still write (EBUSY). i_mutex held. */
static long add_seals(struct file *f, unsigned int *seals, unsigned long add)
{
	struct address_space *m;
	bool may_write;

	if (add & ~(unsigned long)F_ALL_SEALS)
		return -EINVAL;
	if (!(f->f_mode & FMODE_WRITE) || (*seals & F_SEAL_SEAL))
		return -EPERM;
	if ((add & F_SEAL_WRITE) && !(*seals & F_SEAL_WRITE)) {
		m = ramfs_file_mapping(f->f_inode, &may_write);
		if (!IS_ERR(m)) {
			bool busy = filemap_mapped_writable(m);

			mapping_put(m);
			if (busy)
				return -EBUSY;
		}
	}
	*seals |= (unsigned int)add;
	return 0;
}

long memfd_fcntl(struct file *f, unsigned int cmd, unsigned long arg)
{
	unsigned int *seals = ramfs_file_seals(f->f_inode);
	long ret;

	if (!seals)
		return -EINVAL;
	mutex_lock(&f->f_inode->i_mutex);
	ret = cmd == F_GET_SEALS ? (long)*seals : add_seals(f, seals, arg);
	mutex_unlock(&f->f_inode->i_mutex);
	return ret;
}

/* The new file's inode for @flags: tmpfs, or hugetlbfs (MFD_HUGETLB). */
static struct inode *memfd_new_inode(unsigned int flags)
{
	struct inode *inode;

	if (!(flags & MFD_HUGETLB))
		return memfd_inode();
	if (hugetlb_size_ok(flags))
		return ERR_PTR(-ENODEV);	/* no huge pages of that size */
	inode = hugetlbfs_new_file();
	return inode ? inode : ERR_PTR(-ENOMEM);
}

/* memfd_create(2): the descriptor of a new anonymous file called @uname
 * (for show: at most 249 bytes); MFD_CLOEXEC, MFD_ALLOW_SEALING,
 * MFD_HUGETLB with its page-size field. */
long sys_memfd_create(const char __user *uname, unsigned int flags)
{
	char name[MFD_NAME_MAX + 1];
	struct inode *inode;
	struct file *f;
	long len;
	unsigned int known = MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB;
	int fd;

	if (flags & MFD_HUGETLB)
		known |= HUGETLB_FLAG_ENCODE_MASK << HUGETLB_FLAG_ENCODE_SHIFT;
	if (flags & ~known)
		return -EINVAL;
	len = strncpy_from_user(name, uname, sizeof(name));
	if (len < 0)
		return len;
	if (len == sizeof(name))
		return -EINVAL;
	inode = memfd_new_inode(flags);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	f = alloc_file(inode, O_RDWR | O_LARGEFILE, inode->i_fop);
	if (!f) {
		iput(inode);
		return -ENOMEM;
	}
	f->f_mode |= FMODE_LSEEK;
	if ((flags & MFD_ALLOW_SEALING) && ramfs_file_seals(inode))
		*ramfs_file_seals(inode) = 0;	/* else F_SEAL_SEAL */
	fd = get_unused_fd_flags((flags & MFD_CLOEXEC) ? O_CLOEXEC : 0);
	if (fd < 0) {
		fput(f);
		return fd;
	}
	fd_install(fd, f);
	return fd;
}
