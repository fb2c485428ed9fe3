/*
 * memfd_create(2) (Linux keeps it in mm/memfd.c; here it is with the
 * files, which memory sits below): an anonymous file in memory, a
 * descriptor to a tmpfs file that no directory names, gone with its last
 * reference. It can be written, read, truncated and mmapped (MAP_SHARED:
 * its own pages) like any file on /tmp, whose file system instance it
 * borrows. File seals
 * (MFD_ALLOW_SEALING is accepted, F_ADD_SEALS is not) and huge pages
 * (MFD_HUGETLB: EINVAL) are not implemented.
 */
#include "kernel/fs/syscalls.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/slab.h"
#include "kernel/uaccess.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define MFD_CLOEXEC 0x1u
#define MFD_ALLOW_SEALING 0x2u
#define MFD_NAME_MAX 249	/* NAME_MAX less "memfd:" */

/* The new file's inode, on the tmpfs of /tmp; referenced, or ERR_PTR. */
static struct inode *memfd_inode(void)
{
	struct dentry *tmp = path_lookup("/tmp", LOOKUP_FOLLOW);
	struct inode *inode;

	if (IS_ERR(tmp))
		return (struct inode *)tmp;
	inode = ramfs_new_file(tmp->d_inode->i_sb, 0777);
	dput(tmp);
	return inode ? inode : ERR_PTR(-ENOMEM);
}

/* memfd_create(2): the descriptor of a new anonymous file called @uname
 * (for show: at most 249 bytes); MFD_CLOEXEC, MFD_ALLOW_SEALING. */
long sys_memfd_create(const char __user *uname, unsigned int flags)
{
	char name[MFD_NAME_MAX + 1];
	struct inode *inode;
	struct file *f;
	long len;
	int fd;

	if (flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING))
		return -EINVAL;
	len = strncpy_from_user(name, uname, sizeof(name));
	if (len < 0)
		return len;
	if (len == sizeof(name))
		return -EINVAL;
	inode = memfd_inode();
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	f = alloc_file(inode, O_RDWR | O_LARGEFILE, inode->i_fop);
	if (!f) {
		iput(inode);
		return -ENFILE;
	}
	f->f_mode |= FMODE_LSEEK;
	fd = get_unused_fd_flags((flags & MFD_CLOEXEC) ? O_CLOEXEC : 0);
	if (fd < 0) {
		fput(f);
		return fd;
	}
	fd_install(fd, f);
	return fd;
}
