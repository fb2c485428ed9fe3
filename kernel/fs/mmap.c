/*
 * The file side of mmap(2): memory is kernel/mm/'s (do_mmap()), which
 * sits below the files and never looks at one, so the system call starts
 * here (Linux's ksys_mmap_pgoff() takes the file the same way before
 * do_mmap()). A file must be readable; a tmpfs file or memfd gives its
 * own memory object (ramfs_file_mapping()), whose pages a MAP_SHARED
 * mapping writes; a shared mapping that may write needs the file open
 * for writing and not for appending (EACCES). /dev/zero gives anonymous
 * memory, as Linux's does. A file with ->mmap (an io_uring, a packet
 * socket with a ring) lends memory of its own. Other files: ENODEV.
 */
#include "kernel/fs/memfd.h"
#include "kernel/fs/vfs.h"
#include "kernel/fs/hugetlbfs/hugetlbfs.h"
#include "kernel/mm/hugetlb.h"
#include "kernel/mm/filemap.h"
#include "kernel/mm/mm.h"
#include "kernel/syscalls.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

/* May the bytes of @f no longer change (a sealed memfd or tmpfs file)? */
static bool sealed_for_writing(struct file *f)
{
	unsigned int *seals = ramfs_file_seals(f->f_inode);

	return seals && (READ_ONCE(*seals) & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE));
}

/* file_object() of a hugetlbfs file: its huge pages, from a 2 MiB
 * boundary of it (else EINVAL); mmap_huge_vma() takes the reference. */
static int huge_file_object(struct file *f, unsigned long flags,
			    unsigned long prot, u64 off, struct mmap_object *obj)
{
	if (off & (HPAGE_SIZE - 1))
		return -EINVAL;
	obj->may_write = f->f_mode & FMODE_WRITE;
	if ((flags & MAP_TYPE) != MAP_PRIVATE && (prot & PROT_WRITE) &&
	    !obj->may_write)
		return -EACCES;
	obj->pgoff = off >> PAGE_SHIFT;
	obj->dev = f->f_inode->i_sb->s_dev;
	obj->ino = f->f_inode->i_ino;
	strlcpy(obj->name, "/memfd: (deleted)", sizeof(obj->name));
	return 0;
}

/* @f's object for mmap, in @obj (referenced), or -errno. */
static int file_object(struct file *f, unsigned long flags, unsigned long prot,
		       u64 off, struct mmap_object *obj)
{
	char path[128];

	if (!(f->f_mode & FMODE_READ))
		return -EACCES;
	if ((prot & PROT_EXEC) && (f->f_inode->i_sb->s_flags & SB_NOEXEC))
		return -EPERM;		/* a noexec mount */
	obj->huge = hugetlbfs_file_obj(f->f_inode);
	if (obj->huge)
		return huge_file_object(f, flags, prot, off, obj);
	obj->mapping = ramfs_file_mapping(f->f_inode, &obj->may_write);
	if (IS_ERR(obj->mapping))
		return (int)PTR_ERR(obj->mapping);
	obj->may_write = obj->may_write && (f->f_mode & FMODE_WRITE) &&
			 !(f->f_flags & O_APPEND);
	if (sealed_for_writing(f)) {	/* F_SEAL_WRITE, F_SEAL_FUTURE_WRITE */
		if ((flags & MAP_TYPE) != MAP_PRIVATE && (prot & PROT_WRITE)) {
			mapping_put(obj->mapping);
			return -EPERM;
		}
		obj->may_write = false;
	}
	if ((flags & MAP_TYPE) != MAP_PRIVATE && (prot & PROT_WRITE) &&
	    !obj->may_write) {
		mapping_put(obj->mapping);
		return -EACCES;
	}
	obj->pgoff = off >> PAGE_SHIFT;
	obj->dev = f->f_inode->i_sb->s_dev;
	obj->ino = f->f_inode->i_ino;
	if (!f->f_dentry || d_path(f->f_dentry, path, sizeof(path)) < 0)
		strlcpy(path, "/memfd: (deleted)", sizeof(path));
	strlcpy(obj->name, path, sizeof(obj->name));
	return 0;
}

/* Map @f. A sealable file's i_mutex is held from the seal check to the
 * new VMA, so that F_SEAL_WRITE's check for writable mappings
 * (memfd_fcntl(), under the same mutex) cannot miss one being made. */
static long mmap_file(struct file *f, u64 addr, u64 len, unsigned long prot,
		      unsigned long flags, u64 off)
{
	struct mutex *lock = ramfs_file_seals(f->f_inode) ? &f->f_inode->i_mutex : NULL;
	struct mmap_object obj = { 0 };
	long ret = mmap_check(addr, len, flags, off);

	if (ret)
		return ret;
	if (f->f_op->mmap) {
		/* Memory of the file's own, shared even by a MAP_PRIVATE
		 * mapping, as Linux's vm_insert_page() of a ring makes it. */
		flags = (flags & ~(unsigned long)MAP_TYPE) | MAP_SHARED;
		ret = f->f_mode & FMODE_READ ? f->f_op->mmap(f, off, len, &obj) : -EACCES;
		if (!ret) {
			ret = do_mmap(addr, len, prot, flags, &obj);
			mapping_put(obj.mapping);
		}
		return ret;
	}
	if (lock)
		mutex_lock(lock);
	ret = file_object(f, flags, prot, off, &obj);
	if (!ret) {
		ret = do_mmap(addr, len, prot, flags, &obj);
		if (obj.mapping)
			mapping_put(obj.mapping);
		if (obj.huge && ret >= 0)
			hugetlbfs_mapped(f->f_inode);
	}
	if (lock)
		mutex_unlock(lock);
	return ret;
}

/*
 * mmap of /dev/zero (Linux's mmap_zero()): anonymous memory. Private, as
 * MAP_ANONYMOUS; shared, a new object of its own (shmem_zero_setup()),
 * which only a descriptor open for writing may write through.
 */
static long mmap_dev_zero(struct file *f, u64 addr, u64 len, unsigned long prot,
			  unsigned long flags, u64 off)
{
	struct mmap_object obj = {
		.may_write = f->f_mode & FMODE_WRITE, .name = "/dev/zero (deleted)",
		.dev = f->f_inode->i_sb->s_dev, .ino = f->f_inode->i_ino,
	};
	long ret = mmap_check(addr, len, flags, off);

	if (!ret && !(f->f_mode & FMODE_READ))
		ret = -EACCES;
	if (ret || (flags & MAP_TYPE) == MAP_PRIVATE)
		return ret ?: do_mmap(addr, len, prot, flags | MAP_ANONYMOUS, NULL);
	if ((prot & PROT_WRITE) && !obj.may_write)
		return -EACCES;
	obj.mapping = mapping_alloc(len);
	if (!obj.mapping)
		return -ENOMEM;
	ret = do_mmap(addr, len, prot, flags, &obj);
	mapping_put(obj.mapping);
	return ret;
}

/* mmap(2): anonymous memory, or file @fd's pages from offset @off. */
long sys_mmap(u64 addr, u64 len, unsigned long prot, unsigned long flags,
	      long fd, u64 off)
{
	struct file *f;
	long ret;

	if (flags & MAP_ANONYMOUS)
		return mmap_check(addr, len, flags, off) ?: do_mmap(addr, len, prot, flags, NULL);
	f = fget((unsigned int)fd);
	if (!f)
		return -EBADF;
	if (file_is_dev_zero(f))
		ret = mmap_dev_zero(f, addr, len, prot, flags, off);
	else
		ret = mmap_file(f, addr, len, prot, flags, off);
	fput(f);
	return ret;
}
