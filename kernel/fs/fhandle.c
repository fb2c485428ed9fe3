/*
 * File handles (Linux's fs/fhandle.c): name_to_handle_at(2) turns a path
 * into a handle, a few bytes that name the inode inside its file system
 * for as long as the inode lives, plus the id of the mount it was found
 * through (as /proc/self/mountinfo numbers mounts); open_by_handle_at(2)
 * opens the inode again from the handle and any file on that file
 * system, without a path: so it needs CAP_DAC_READ_SEARCH.
 *
 * What a handle holds is the file system's business (struct
 * export_operations, kernel/fs/exportfs.h): tmpfs's is the inode number
 * and a generation (kernel/fs/ramfs/export.c). A file system without
 * them cannot make a handle (EOPNOTSUPP) nor open one (ESTALE).
 */
#include "kernel/cred.h"
#include "kernel/fs/exportfs.h"
#include "kernel/fs/mount.h"
#include "kernel/fs/syscalls.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/slab.h"
#include "kernel/uaccess.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

/* The export operations behind @d, if its file system can find the
 * inode again from a handle. */
static const struct export_operations *export_op(struct dentry *d)
{
	const struct export_operations *op = d->d_inode->i_sb->s_export_op;

	return op && op->fh_to_dentry ? op : NULL;
}

/* @d's handle into @handle (room for *@words u32 words): its type, or
 * FILEID_INVALID with the words it needs in *@words (Linux's
 * exportfs_encode_fh() for a file system with encode_fh). */
static int exportfs_encode_fh(struct dentry *d, u32 *fh, int *words)
{
	const struct export_operations *op = export_op(d);

	BUG_ON(!op || !op->encode_fh);
	return op->encode_fh(d->d_inode, fh, words);
}

/* The id of the mount @d was reached through (mountinfo's first field). */
static int dentry_mnt_id(struct dentry *d)
{
	int id;

	mutex_lock(&namespace_sem);
	id = mount_of(d)->mnt_id;
	mutex_unlock(&namespace_sem);
	return id;
}

/* Copy out the fixed part of @handle and @bytes of its f_handle, and
 * the mount id: 0 or -EFAULT. */
static long put_handle(struct file_handle __user *ufh,
		       const struct file_handle *handle, u32 bytes,
		       int __user *mnt_id, int id)
{
	if (put_user_u32((u32)id, (u32 __user *)mnt_id) ||
	    copy_to_user(ufh, handle, sizeof(*handle) + bytes))
		return -EFAULT;
	return 0;
}

/* name_to_handle_at() below the lookup: @d's handle into @ufh (whose
 * handle_bytes says the room), the mount's id into @mnt_id. EOVERFLOW,
 * with the bytes needed written back, when the room is too small. */
static long do_sys_name_to_handle(struct dentry *d,
				  struct file_handle __user *ufh,
				  int __user *mnt_id)
{
	struct file_handle f_handle, *handle;
	int words, type;
	u32 bytes;
	long ret;

	if (!export_op(d) || !export_op(d)->encode_fh)
		return -EOPNOTSUPP;
	if (copy_from_user(&f_handle, ufh, sizeof(f_handle)))
		return -EFAULT;
	if (f_handle.handle_bytes > MAX_HANDLE_SZ)
		return -EINVAL;
	handle = kzalloc(sizeof(*handle) + f_handle.handle_bytes, GFP_KERNEL);
	if (!handle)
		return -ENOMEM;
	words = (int)(f_handle.handle_bytes / sizeof(u32));
	type = exportfs_encode_fh(d, (u32 *)handle->f_handle, &words);
	handle->handle_type = type;
	handle->handle_bytes = bytes = (u32)words * sizeof(u32);
	ret = 0;
	if (bytes > f_handle.handle_bytes || type == FILEID_INVALID) {
		ret = -EOVERFLOW;	/* only the needed size goes back */
		bytes = 0;
	}
	if (put_handle(ufh, handle, bytes, mnt_id, dentry_mnt_id(d)))
		ret = -EFAULT;
	kfree(handle);
	return ret;
}

/* The dentry name_to_handle_at() means: @name from @dfd, a final
 * symlink followed with @follow; "" (@empty allowed): @dfd's own file. */
static struct dentry *handle_lookup(int dfd, const char __user *name,
				    bool empty, bool follow)
{
	struct dentry *d = user_path_at_empty(dfd, name,
					      follow ? LOOKUP_FOLLOW : 0, empty);

	return d ? d : ERR_PTR(-EOPNOTSUPP);	/* a pipe: no file system's */
}

/* name_to_handle_at(2): a handle for @name (from @dfd; AT_EMPTY_PATH
 * and "": @dfd itself; AT_SYMLINK_FOLLOW: a final symlink followed) in
 * @handle, the id of its mount in @mnt_id. */
long sys_name_to_handle_at(int dfd, const char __user *name,
			   struct file_handle __user *handle,
			   int __user *mnt_id, int flag)
{
	struct dentry *d;
	long ret;

	if (flag & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	d = handle_lookup(dfd, name, flag & AT_EMPTY_PATH,
			  flag & AT_SYMLINK_FOLLOW);
	if (IS_ERR(d))
		return PTR_ERR(d);
	ret = do_sys_name_to_handle(d, handle, mnt_id);
	dput(d);
	return ret;
}

/* The root dentry of the mount @d lies in, referenced. */
static struct dentry *mount_root_of(struct dentry *d)
{
	mutex_lock(&namespace_sem);
	while (d->d_parent != d && !mount_at(d))
		d = d->d_parent;
	d = dget(d);
	mutex_unlock(&namespace_sem);
	return d;
}

/* The root of the mount @mountdirfd (a file on it, or AT_FDCWD: the
 * cwd) is on, referenced: ERR_PTR(-EBADF), or NULL for a file with no
 * name (a pipe: no file system to look in). */
static struct dentry *mount_fd_root(int mountdirfd)
{
	struct dentry *d, *root;
	struct file *f;

	if (mountdirfd == AT_FDCWD) {
		d = current_pwd();
	} else {
		f = mountdirfd < 0 ? NULL : fget((unsigned int)mountdirfd);
		if (!f)
			return ERR_PTR(-EBADF);	/* O_PATH too, as Linux's fdget */
		d = f->f_dentry ? dget(f->f_dentry) : NULL;
		fput(f);
	}
	if (!d)
		return NULL;
	root = mount_root_of(d);
	dput(d);
	return root;
}

/* The handle at @ufh copied in (kfree it): ERR_PTR(-EFAULT), or -EINVAL
 * for a size of 0 or over MAX_HANDLE_SZ. */
static struct file_handle *copy_handle(const struct file_handle __user *ufh)
{
	struct file_handle f_handle, *handle;

	if (copy_from_user(&f_handle, ufh, sizeof(f_handle)))
		return ERR_PTR(-EFAULT);
	if (!f_handle.handle_bytes || f_handle.handle_bytes > MAX_HANDLE_SZ)
		return ERR_PTR(-EINVAL);
	handle = kmalloc(sizeof(*handle) + f_handle.handle_bytes, GFP_KERNEL);
	if (!handle)
		return ERR_PTR(-ENOMEM);
	*handle = f_handle;
	if (copy_from_user(handle->f_handle, USER_FIELD(struct file_handle, ufh,
							f_handle),
			   f_handle.handle_bytes)) {
		kfree(handle);
		return ERR_PTR(-EFAULT);
	}
	return handle;
}

/* The dentry @handle names on the file system of @mountdirfd,
 * referenced (Linux's handle_to_path()): ERR_PTR -EPERM without
 * CAP_DAC_READ_SEARCH, -EFAULT, -EINVAL, -EBADF, or -ESTALE when no
 * such inode lives there (any more). */
static struct dentry *handle_to_path(int mountdirfd,
				     const struct file_handle __user *ufh)
{
	struct file_handle *handle;
	struct dentry *root, *d;

	if (!capable(CAP_DAC_READ_SEARCH))
		return ERR_PTR(-EPERM);
	handle = copy_handle(ufh);
	if (IS_ERR(handle))
		return (struct dentry *)handle;
	root = mount_fd_root(mountdirfd);
	if (!root || IS_ERR(root)) {
		kfree(handle);
		return root ? root : ERR_PTR(-ESTALE);
	}
	d = NULL;
	if (export_op(root))
		d = export_op(root)->fh_to_dentry(root, (const u32 *)handle->f_handle,
						  (int)(handle->handle_bytes / sizeof(u32)),
						  handle->handle_type);
	dput(root);
	kfree(handle);
	if (IS_ERR(d) && PTR_ERR(d) != -ENOMEM)
		d = NULL;		/* exportfs_decode_fh(): stale */
	return d ? d : ERR_PTR(-ESTALE);
}

/* Open @d with open(2)'s @flags (its unknown bits dropped, O_PATH with
 * its few), as file_open_root() of "" would: O_CREAT | O_EXCL finds it
 * there (EEXIST); O_TMPFILE is not taken (EINVAL). */
static struct file *handle_open(struct dentry *d, int flags)
{
	u64 f = open_how_flags(flags);

	if (f & __O_TMPFILE)
		return ERR_PTR(-EINVAL);
	if ((f & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return ERR_PTR(-EEXIST);
	return do_open(d, (int)f);
}

/* open_by_handle_at(2): open the file @handle names on the file system
 * of @mountdirfd with open(2)'s @flags; the lowest free descriptor. */
long sys_open_by_handle_at(int mountdirfd, struct file_handle __user *handle,
			   int flags)
{
	struct dentry *d = handle_to_path(mountdirfd, handle);
	struct file *f;
	int fd;

	if (IS_ERR(d))
		return PTR_ERR(d);
	fd = get_unused_fd_flags((unsigned int)flags & O_CLOEXEC);
	if (fd >= 0) {
		f = handle_open(d, flags);
		if (IS_ERR(f)) {
			put_unused_fd((unsigned int)fd);
			fd = (int)PTR_ERR(f);
		} else {
			fd_install((unsigned int)fd, f);
		}
	}
	dput(d);
	return fd;
}
