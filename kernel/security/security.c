/*
 * The hook layer (Linux's security/security.c; see security.h): each
 * security_*() calls the modules in order and stops at the first
 * refusal. The only module is Landlock, always on (Linux 6.1 lists it
 * in CONFIG_LSM by default).
 */
#include "kernel/security/landlock/landlock.h"
#include "kernel/security/security.h"
#include "kernel/fs/vfs.h"
#include "lib/bug.h"

int security_file_open(struct file *file)
{
	BUG_ON(!file);
	return landlock_file_open(file);
}

int security_file_open_exec(struct dentry *d)
{
	return landlock_file_open_exec(d);
}

int security_path_mknod(struct dentry *dir, unsigned int mode, u32 dev)
{
	(void)dev;
	return landlock_path_mknod(dir, mode);
}

int security_path_mkdir(struct dentry *dir, unsigned int mode)
{
	return landlock_path_mknod(dir, S_IFDIR | mode);
}

int security_path_symlink(struct dentry *dir)
{
	return landlock_path_mknod(dir, S_IFLNK);
}

int security_path_unlink(struct dentry *dir, struct dentry *victim)
{
	return landlock_path_remove(dir, victim);
}

int security_path_rmdir(struct dentry *dir, struct dentry *victim)
{
	return landlock_path_remove(dir, victim);
}

int security_path_link(struct dentry *old, struct dentry *new_dir)
{
	return landlock_path_link(old, new_dir);
}

int security_path_rename(struct dentry *old_dir, struct dentry *old,
			 struct dentry *new_dir, struct dentry *new,
			 unsigned int flags)
{
	return landlock_path_rename(old_dir, old, new_dir, new,
				    flags & RENAME_EXCHANGE);
}

void security_prepare_creds(struct cred *new, const struct cred *old)
{
	landlock_cred_prepare(new, old);
}

void security_cred_free(struct cred *cred)
{
	landlock_cred_free(cred);
}
