/*
 * open(2), openat(2) and openat2(2) (the end of this file: the flags
 * checked as Linux's build_open_flags(), the walk in namei.c), and
 * owners and modes: chmod, fchmod, fchmodat, chown, fchown, lchown and
 * fchownat, with Linux's rules (fs/open.c, fs/attr.c): only the owner
 * or root (CAP_FOWNER) changes a file's mode, and a non-member loses
 * the set-group-ID bit it asks for; only root (CAP_CHOWN) gives a file
 * away, the owner may change its group to one of its own; changing the
 * owner or group of a non-directory clears its set-user-ID bit and its
 * set-group-ID bit (with group execute), so a program cannot be handed
 * over with its privileges. Read-only mounts refuse with EROFS.
 *
 * The same bits on creation and writes (fs/inode.c): a new file in a
 * set-group-ID directory takes the directory's group, and a new
 * directory the bit as well, so a shared project directory stays the
 * group's; writing or truncating a set-ID program without CAP_FSETID
 * clears its set-ID bits, so nobody can change what a privileged program
 * does and keep its privileges.
 */
#include "kernel/cred.h"
#include "kernel/fs/notify/fsnotify.h"
#include "kernel/fs/notify/fsnotify_backend.h"
#include "kernel/fs/syscalls.h"
#include "kernel/fs/vfs.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/task.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"

static bool is_owner(const struct inode *inode)
{
	return current->cred->fsuid.val == inode->i_uid;
}

bool inode_owner_or_capable(const struct inode *inode)
{
	return is_owner(inode) || capable(CAP_FOWNER);
}

void inode_init_owner(struct inode *inode, const struct inode *dir)
{
	BUG_ON(!S_ISDIR(dir->i_mode));
	if (!(dir->i_mode & S_ISGID))
		return;		/* new_inode() gave it current's fsgid */
	inode->i_gid = dir->i_gid;
	if (S_ISDIR(inode->i_mode))
		inode->i_mode |= S_ISGID;
	else if ((inode->i_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) &&
		 !in_group_p(KGIDT_INIT(inode->i_gid)) && !capable(CAP_FSETID))
		inode->i_mode &= ~S_ISGID;	/* not the creator's group */
}

umode_t should_remove_suid(const struct inode *inode)
{
	umode_t kill = 0;

	if (!S_ISREG(inode->i_mode) || capable(CAP_FSETID))
		return 0;
	if (inode->i_mode & S_ISUID)
		kill |= S_ISUID;
	if ((inode->i_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
		kill |= S_ISGID;
	return kill;
}

void file_remove_privs(struct file *f)
{
	struct inode *inode = f->f_inode;
	umode_t kill = should_remove_suid(inode);

	if (kill) {
		inode->i_mode &= ~kill;
		inode->i_ctime = current_time();
	}
}

/* Set @inode's permission bits to @mode: 0 or -errno. */
static long chmod_common(struct inode *inode, umode_t mode)
{
	if (inode->i_sb->s_flags & SB_RDONLY)
		return -EROFS;
	if (!inode_owner_or_capable(inode))
		return -EPERM;
	mode &= S_IALLUGO;
	if (!in_group_p(KGIDT_INIT(inode->i_gid)) && !capable(CAP_FSETID))
		mode &= ~S_ISGID;
	inode->i_mode = (inode->i_mode & S_IFMT) | mode;
	inode->i_ctime = current_time();
	fsnotify_change(inode, FS_ATTRIB);
	return 0;
}

/* Give @inode owner @uid and group @gid (-1: unchanged), ids of the
 * caller's user namespace (EINVAL: unmapped there): 0 or -errno. */
static long chown_common(struct inode *inode, u32 uid, u32 gid)
{
	bool chown_cap = capable(CAP_CHOWN);

	if (uid != (u32)-1 && (uid = make_kuid(current_user_ns(), uid).val) == (u32)-1)
		return -EINVAL;
	if (gid != (u32)-1 && (gid = make_kgid(current_user_ns(), gid).val) == (u32)-1)
		return -EINVAL;
	if (inode->i_sb->s_flags & SB_RDONLY)
		return -EROFS;
	if (uid != (u32)-1 && !chown_cap &&
	    !(is_owner(inode) && uid == inode->i_uid))
		return -EPERM;
	if (gid != (u32)-1 && !chown_cap &&
	    !(is_owner(inode) && (gid == inode->i_gid ||
				  in_group_p(KGIDT_INIT(gid)))))
		return -EPERM;
	if (uid != (u32)-1)
		inode->i_uid = uid;
	if (gid != (u32)-1)
		inode->i_gid = gid;
	if (!S_ISDIR(inode->i_mode)) {
		inode->i_mode &= ~S_ISUID;
		if (inode->i_mode & S_IXGRP)
			inode->i_mode &= ~S_ISGID;
	}
	inode->i_ctime = current_time();
	fsnotify_change(inode, FS_ATTRIB);
	return 0;
}

static long chmod_inode(struct inode *inode, umode_t mode)
{
	long ret;

	if (IS_ERR(inode))
		return PTR_ERR(inode);
	ret = chmod_common(inode, mode);
	iput(inode);
	return ret;
}

static long chown_inode(struct inode *inode, u32 uid, u32 gid)
{
	long ret;

	if (IS_ERR(inode))
		return PTR_ERR(inode);
	ret = chown_common(inode, uid, gid);
	iput(inode);
	return ret;
}

/* fchmodat(2): set the mode of @filename (from @dfd), symlinks followed. */
long sys_fchmodat(int dfd, const char __user *filename, umode_t mode)
{
	return chmod_inode(stat_target(dfd, filename, 0, 0), mode);
}

/* chmod(2): fchmodat() from the current directory. */
long sys_chmod(const char __user *filename, umode_t mode)
{
	return sys_fchmodat(AT_FDCWD, filename, mode);
}

/* fchmod(2): set the mode of the file open as @fd. */
long sys_fchmod(unsigned int fd, umode_t mode)
{
	return chmod_inode(fd_inode(fd), mode);
}

/* fchownat(2): set owner and group of @filename (from @dfd; flags
 * AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH); -1 leaves one alone. */
long sys_fchownat(int dfd, const char __user *filename, u32 user,
		  u32 group, int flag)
{
	return chown_inode(stat_target(dfd, filename, flag,
				       AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH),
			   user, group);
}

/* chown(2): fchownat() from the current directory, symlinks followed. */
long sys_chown(const char __user *filename, u32 user, u32 group)
{
	return sys_fchownat(AT_FDCWD, filename, user, group, 0);
}

/* lchown(2): chown() of a symlink itself. */
long sys_lchown(const char __user *filename, u32 user, u32 group)
{
	return sys_fchownat(AT_FDCWD, filename, user, group,
			    AT_SYMLINK_NOFOLLOW);
}

/* fchown(2): set owner and group of the file open as @fd. */
long sys_fchown(unsigned int fd, u32 user, u32 group)
{
	return chown_inode(fd_inode(fd), user, group);
}

/* ---- open(2), openat(2), openat2(2) (Linux's fs/open.c) ---- */

/* openat2's open_how: the flags and mode of openat(), and how to walk. */
struct open_how {
	u64 flags;
	u64 mode;
	u64 resolve;
};

#define OPEN_HOW_SIZE_VER0 24

#define RESOLVE_NO_XDEV 0x01
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_NO_SYMLINKS 0x04
#define RESOLVE_BENEATH 0x08
#define RESOLVE_IN_ROOT 0x10
#define RESOLVE_CACHED 0x20
#define VALID_RESOLVE_FLAGS 0x3f

#define VALID_OPEN_FLAGS (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | \
	O_TRUNC | O_APPEND | O_NONBLOCK | __O_SYNC | O_DSYNC | FASYNC | \
	O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | \
	O_CLOEXEC | O_PATH | __O_TMPFILE)
#define O_PATH_FLAGS (O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC)
#define O_TMPFILE_MASK (__O_TMPFILE | O_DIRECTORY | O_CREAT)
#define WILL_CREATE(flags) ((flags) & (O_CREAT | __O_TMPFILE))

/* The RESOLVE_* bits as the walk's LOOKUP_* (in order, bit for bit). */
static const unsigned int resolve_lookup[] = {
	LOOKUP_NO_XDEV, LOOKUP_NO_MAGICLINKS, LOOKUP_NO_SYMLINKS,
	LOOKUP_BENEATH, LOOKUP_IN_ROOT,
};

/* Linux's build_open_flags(): EINVAL for what may not be asked (unknown
 * flags, a mode without O_CREAT/O_TMPFILE, O_TMPFILE without write or
 * with O_CREAT, O_PATH with others, BENEATH with IN_ROOT), EAGAIN for
 * RESOLVE_CACHED (there is no cache: never resolvable from it). */
static long build_open_flags(const struct open_how *how, unsigned int *lookup)
{
	u64 flags = how->flags;

	if ((flags & ~(u64)VALID_OPEN_FLAGS) ||
	    (how->resolve & ~(u64)VALID_RESOLVE_FLAGS))
		return -EINVAL;
	if ((how->resolve & RESOLVE_BENEATH) && (how->resolve & RESOLVE_IN_ROOT))
		return -EINVAL;
	if (WILL_CREATE(flags) ? how->mode & ~(u64)S_IALLUGO : how->mode)
		return -EINVAL;
	if ((flags & __O_TMPFILE) &&
	    ((flags & O_TMPFILE_MASK) != (__O_TMPFILE | O_DIRECTORY) ||
	     !(flags & (O_WRONLY | O_RDWR))))
		return -EINVAL;
	if ((flags & O_PATH) && (flags & ~(u64)O_PATH_FLAGS))
		return -EINVAL;
	if (how->resolve & RESOLVE_CACHED)
		return -EAGAIN;
	*lookup = 0;
	for (size_t i = 0; i < ARRAY_SIZE(resolve_lookup); i++)
		if (how->resolve & (1u << i))
			*lookup |= resolve_lookup[i];
	return 0;
}

static long do_sys_openat2(int dfd, const char __user *filename,
			   const struct open_how *how)
{
	unsigned int lookup;
	struct dentry *start;
	struct file *f;
	char *name;
	long err = build_open_flags(how, &lookup);
	int fd, flags = (int)how->flags;

	if (err)
		return err;
	err = path_at(dfd, filename, &name, &start);
	if (err)
		return err;
	/* RESOLVE_IN_ROOT: even an absolute path starts at @dfd. */
	if (!start && (lookup & LOOKUP_IN_ROOT))
		start = dirfd_dentry(dfd);
	fd = IS_ERR(start) ? (int)PTR_ERR(start) :
	     get_unused_fd_flags(flags & O_CLOEXEC);
	if (fd >= 0) {
		f = path_openat(start, name, flags, (umode_t)how->mode, lookup);
		if (IS_ERR(f)) {
			put_unused_fd(fd);
			fd = (int)PTR_ERR(f);
		} else {
			fd_install(fd, f);
		}
	}
	path_done(name, IS_ERR(start) ? NULL : start);
	return fd;
}

u64 open_how_flags(int flags)
{
	u64 f = (u32)flags & VALID_OPEN_FLAGS;

	return f & O_PATH ? f & O_PATH_FLAGS : f;
}

/* open(2)'s @flags and @mode as an open_how: unknown flags ignored, the
 * mode only with O_CREAT or O_TMPFILE, O_PATH only with its few. */
static long do_sys_openat(int dfd, const char __user *filename, int flags,
			  umode_t mode)
{
	u64 f = open_how_flags(flags);
	struct open_how how = {
		.flags = f,
		.mode = WILL_CREATE(f) ? mode & S_IALLUGO : 0,
	};

	return do_sys_openat2(dfd, filename, &how);
}

/* open(2): openat() relative to the current directory. */
long sys_open(const char __user *filename, int flags, umode_t mode)
{
	return do_sys_openat(AT_FDCWD, filename, flags, mode);
}

/* openat(2): open (O_CREAT: create; O_TMPFILE: an unnamed file in the
 * directory) @filename relative to directory @dfd; returns the lowest
 * free descriptor. */
long sys_openat(int dfd, const char __user *filename, int flags,
		umode_t mode)
{
	return do_sys_openat(dfd, filename, flags, mode);
}

/* openat2(2): openat() with struct open_how (@usize bytes: E2BIG past
 * ours unless zero, EINVAL under the first version's) and its RESOLVE_*
 * limits on the walk. */
long sys_openat2(int dfd, const char __user *filename,
		 const struct open_how __user *uhow, size_t usize)
{
	struct open_how how;
	int err;

	if (usize < OPEN_HOW_SIZE_VER0)
		return -EINVAL;
	err = copy_struct_from_user(&how, sizeof(how), uhow, usize);
	if (err)
		return err;
	return do_sys_openat2(dfd, filename, &how);
}

/* creat(2): open(O_CREAT | O_WRONLY | O_TRUNC). */
long sys_creat(const char __user *pathname, umode_t mode)
{
	return do_sys_openat(AT_FDCWD, pathname, O_CREAT | O_WRONLY | O_TRUNC,
			     mode);
}
