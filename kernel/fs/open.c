/*
 * Owners and modes: chmod, fchmod, fchmodat, chown, fchown, lchown and
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
#include "kernel/fs/notify/dnotify.h"
#include "kernel/fs/syscalls.h"
#include "kernel/fs/vfs.h"
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
	dnotify_inode(inode, DN_ATTRIB);
	return 0;
}

/* Give @inode owner @uid and group @gid (-1: unchanged): 0 or -errno. */
static long chown_common(struct inode *inode, u32 uid, u32 gid)
{
	bool chown_cap = capable(CAP_CHOWN);

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
	dnotify_inode(inode, DN_ATTRIB);
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
