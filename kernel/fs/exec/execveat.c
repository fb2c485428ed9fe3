/*
 * execveat(2): execve of a file named relative to a directory
 * descriptor, or (AT_EMPTY_PATH with an empty name) of an open file
 * itself, as fexecve(3) uses it. The name is resolved here, the way the
 * *at() calls resolve theirs, into the absolute path of what it names;
 * exec then runs that path (kernel/fs/exec/exec.c execve_path_user_args()).
 * exec_abs_path() gives execve the absolute path /proc/<pid>/exe shows.
 * Linux's errors: EINVAL for flags other than AT_EMPTY_PATH and
 * AT_SYMLINK_NOFOLLOW, EBADF for a bad descriptor with a relative name,
 * ENOTDIR when that descriptor is not a directory, ELOOP for a symbolic
 * link with AT_SYMLINK_NOFOLLOW, ENOENT for an empty name without
 * AT_EMPTY_PATH.
 */
#include "kernel/fs/exec/exec.h"
#include "kernel/syscalls.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/slab.h"
#include "lib/err.h"
#include "lib/errno.h"

#define AT_SYMLINK_NOFOLLOW 0x100

/* What @name (kernel) from @dfd names, referenced, or ERR_PTR. */
static struct dentry *execveat_lookup(int dfd, const char *name, int flags)
{
	struct dentry *d;

	if (!name[0]) {			/* AT_EMPTY_PATH: the file itself */
		d = fd_dentry(dfd);
		return d ? d : ERR_PTR(-EACCES);
	}
	d = filename_lookup(dfd, name,
			    flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW);
	if (!IS_ERR(d) && S_ISLNK(d->d_inode->i_mode)) {
		dput(d);
		return ERR_PTR(-ELOOP);
	}
	return d;
}

long exec_abs_path(const char *name, char *buf, size_t size)
{
	struct dentry *d = path_lookup(name, LOOKUP_FOLLOW);
	long ret;

	if (IS_ERR(d))
		return PTR_ERR(d);
	ret = d_path(d, buf, size);
	dput(d);
	return ret;
}

long sys_execveat(int dfd, const char __user *filename,
		  const char __user *const __user *argv,
		  const char __user *const __user *envp, int flags)
{
	char *name, *path;
	struct dentry *d;
	long ret;

	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
		return -EINVAL;
	name = getname(filename, flags & AT_EMPTY_PATH);
	if (IS_ERR(name))
		return PTR_ERR(name);
	d = execveat_lookup(dfd, name, flags);
	putname(name);
	if (IS_ERR(d))
		return PTR_ERR(d);
	path = kmalloc(PATH_MAX, GFP_KERNEL);
	ret = path ? d_path(d, path, PATH_MAX) : -ENOMEM;
	dput(d);
	if (ret >= 0)
		ret = execve_path_user_args(path, argv, envp);
	kfree(path);
	return ret;
}
