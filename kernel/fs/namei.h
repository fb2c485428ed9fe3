/*
 * Path lookup (kernel/fs/namei.c): the walk from a path string to a
 * dentry, its LOOKUP_* flags (openat2's RESOLVE_* among them), and the
 * *at() helpers that pick the start directory. Part of the VFS interface:
 * kernel/fs/vfs.h includes it after the objects it names.
 */
#ifndef KERNEL_FS_NAMEI_H
#define KERNEL_FS_NAMEI_H

#include "lib/types.h"

struct dentry;
struct file;

#define LOOKUP_FOLLOW 0x1	/* follow a symlink in the last component */
#define LOOKUP_DIRECTORY 0x2	/* the result must be a directory */
/* openat2's RESOLVE_* (the walk's own, nameidata.flags): */
#define LOOKUP_NO_SYMLINKS 0x10		/* no symlink followed: ELOOP */
#define LOOKUP_NO_MAGICLINKS 0x20	/* no magic link followed: ELOOP */
#define LOOKUP_NO_XDEV 0x40		/* no mount crossed: EXDEV */
#define LOOKUP_BENEATH 0x80		/* nothing above the start: EXDEV */
#define LOOKUP_IN_ROOT 0x100		/* the start is "/" for this walk */
#define LOOKUP_SCOPED (LOOKUP_BENEATH | LOOKUP_IN_ROOT)

/*
 * Walk @path from @start (a directory; ignored for absolute paths, which
 * start at current's root). A referenced dentry, or ERR_PTR(-ENOENT,
 * -ENOTDIR, -ENAMETOOLONG, -ELOOP, -ENOMEM).
 */
struct dentry *path_lookupat(struct dentry *start, const char *path,
			     unsigned int flags);
/* The same from current's cwd (or "/" when current has no fs_struct). */
struct dentry *path_lookup(const char *path, unsigned int flags);
/*
 * Walk all but the last component of @path: the parent directory,
 * referenced, and the last component in *@last and *@len (pointing into
 * @path). A path that ends in "/", "." or ".." has no last component:
 * *@len is 0 and *@last the "." or ".." (or "").
 */
struct dentry *path_parentat(struct dentry *start, const char *path,
			     const char **last, size_t *len);
/* One step: the child @name of directory @dir, mounts crossed. */
struct dentry *lookup_one(struct dentry *dir, const char *name, size_t len);
/* A user path in a kmalloc'ed buffer, or ERR_PTR; putname() frees it. */
char *getname(const char __user *path, bool empty_ok);
void putname(char *name);
/* The open file @fd's own dentry, referenced; ERR_PTR(-EBADF), or NULL
 * when the file has no name (a pipe, an anonymous inode). */
struct dentry *fd_dentry(int fd);
/* The directory an *at() call starts from: @dfd's, or the cwd for
 * AT_FDCWD; referenced, or ERR_PTR(-EBADF, -ENOTDIR). */
struct dentry *dirfd_dentry(int dfd);
/* path_lookupat() of the kernel path @name from dirfd_dentry(@dfd)
 * (not looked at for an absolute @name): referenced, or ERR_PTR. */
struct dentry *filename_lookup(int dfd, const char *name, unsigned int flags);
/* getname() + filename_lookup(). */
struct dentry *user_path_at(int dfd, const char __user *path,
			    unsigned int flags);
/* user_path_at(), but "" (@empty_ok: AT_EMPTY_PATH) is @dfd's own file
 * (the cwd for AT_FDCWD), NULL when it has no name (a pipe). */
struct dentry *user_path_at_empty(int dfd, const char __user *path,
				  unsigned int flags, bool empty_ok);
/* getname() of @path into *@name and, for a relative one, its start
 * dirfd_dentry(@dfd) into *@start (else NULL): 0, or -errno with nothing
 * held. path_done() lets go of both. */
long path_at(int dfd, const char __user *path, char **name,
	     struct dentry **start);
void path_done(char *name, struct dentry *start);
/* The last step of open(2) on the file at @d (found): may it be opened
 * with @flags (ELOOP for a symlink without O_PATH, EISDIR, EACCES...)?
 * Then open it, O_TRUNC truncating. A file or an ERR_PTR. */
struct file *do_open(struct dentry *d, int flags);
/* open(2)'s @flags as openat2(2) takes them (Linux's build_open_how()):
 * unknown bits dropped, O_PATH keeping only its few (kernel/fs/open.c). */
u64 open_how_flags(int flags);
/* current's root and cwd, referenced (vfs_root() without fs_struct). */
struct dentry *current_root(void);
struct dentry *current_pwd(void);

#endif
