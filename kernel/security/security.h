/*
 * The security hooks (Linux's include/linux/security.h): the points
 * where the VFS and the cred code ask "may current do this?" of the
 * Linux Security Modules before acting. Each hook returns 0 or the
 * -errno of the first module that refuses; a module that does not care
 * about a hook is not called. Taskbase has one module, Landlock
 * (kernel/security/landlock/); security.c is the one place that lists
 * the modules, so a second one is added there and nowhere else.
 *
 * The VFS's own checks (mode bits, capabilities: inode_permission())
 * come first; a hook can only refuse more, never allow more.
 */
#ifndef KERNEL_SECURITY_SECURITY_H
#define KERNEL_SECURITY_SECURITY_H

#include "lib/types.h"

struct cred;
struct dentry;
struct file;

/* An open of @file (its f_mode set, ->open not yet called). */
int security_file_open(struct file *file);
/* execve's open of the program at @d (Linux runs security_file_open()
 * on the file open_exec() makes, FMODE_READ with __FMODE_EXEC). */
int security_file_open_exec(struct dentry *d);
/* A new node of type @mode (S_IFREG for O_CREAT, S_IFCHR, S_IFIFO...)
 * in directory @dir. */
int security_path_mknod(struct dentry *dir, unsigned int mode, u32 dev);
/* A new directory in @dir. */
int security_path_mkdir(struct dentry *dir, unsigned int mode);
/* A new symlink in @dir. */
int security_path_symlink(struct dentry *dir);
/* unlink(2) of the non-directory @victim in @dir. */
int security_path_unlink(struct dentry *dir, struct dentry *victim);
/* rmdir(2) of the directory @victim in @dir. */
int security_path_rmdir(struct dentry *dir, struct dentry *victim);
/* link(2): a new name in @new_dir for the file at @old. */
int security_path_link(struct dentry *old, struct dentry *new_dir);
/* rename(2): @old in @old_dir to @new_dir, over @new (NULL: no file
 * there), RENAME_* @flags. */
int security_path_rename(struct dentry *old_dir, struct dentry *old,
			 struct dentry *new_dir, struct dentry *new,
			 unsigned int flags);

/* prepare_creds() made @new a copy of @old: the modules' parts of it
 * take their references. */
void security_prepare_creds(struct cred *new, const struct cred *old);
/* @cred's last reference is gone. */
void security_cred_free(struct cred *cred);

#endif
