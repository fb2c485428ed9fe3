/*
 * Landlock's three system calls (Linux's security/landlock/syscalls.c),
 * with Linux 6.1's checks in Linux's order, so that each bad argument
 * gets the errno Linux gives it:
 *
 *   landlock_create_ruleset(attr, size, flags)  a ruleset fd
 *     ("anon_inode:[landlock-ruleset]", O_CLOEXEC), or the ABI version
 *     for (NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
 *   landlock_add_rule(ruleset_fd, LANDLOCK_RULE_PATH_BENEATH, attr, 0);
 *   landlock_restrict_self(ruleset_fd, 0)  needs no_new_privs or
 *     CAP_SYS_ADMIN: a sandbox must not fool a set-user-ID program.
 */
#include "kernel/cred.h"
#include "kernel/fs/anon_inodes.h"
#include "kernel/fs/vfs.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/security/landlock/landlock.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "asm/memlayout.h"

static int ruleset_release(struct inode *inode, struct file *file)
{
	(void)inode;
	landlock_put_ruleset(file->private_data);
	return 0;
}

/* A ruleset fd: it can only be passed to the other two calls. */
static const struct file_operations ruleset_fops = {
	.release = ruleset_release,
};

/* Linux's copy_min_struct_from_user(): an attr of at least @ksize_min
 * bytes, at most a page; a longer one must be zero past ours. */
static int copy_min_struct_from_user(void *dst, u64 ksize, u64 ksize_min,
				     const void __user *src, u64 usize)
{
	if (!src)
		return -EFAULT;
	if (usize < ksize_min)
		return -EINVAL;
	if (usize > PAGE_SIZE)
		return -E2BIG;
	return copy_struct_from_user(dst, ksize, src, usize);
}

/* A new ruleset's fd, or the ABI version (see the file comment). */
long sys_landlock_create_ruleset(const struct landlock_ruleset_attr __user *attr,
				 u64 size, u32 flags)
{
	struct landlock_ruleset_attr ruleset_attr;
	struct landlock_ruleset *ruleset;
	int err, fd;

	if (flags) {
		if (flags == LANDLOCK_CREATE_RULESET_VERSION && !attr && !size)
			return LANDLOCK_ABI_VERSION;
		return -EINVAL;
	}
	err = copy_min_struct_from_user(&ruleset_attr, sizeof(ruleset_attr),
					sizeof(ruleset_attr.handled_access_fs),
					attr, size);
	if (err)
		return err;
	if ((ruleset_attr.handled_access_fs | LANDLOCK_MASK_ACCESS_FS) !=
	    LANDLOCK_MASK_ACCESS_FS)
		return -EINVAL;
	ruleset = landlock_create_ruleset(ruleset_attr.handled_access_fs);
	if (IS_ERR(ruleset))
		return PTR_ERR(ruleset);
	fd = anon_inode_getfd_name("[landlock-ruleset]", &ruleset_fops,
				   ruleset, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		landlock_put_ruleset(ruleset);
	return fd;
}

/* The ruleset behind @fd, referenced: EBADF (no such fd), EBADFD (not a
 * ruleset), EPERM (not opened for @mode). */
static struct landlock_ruleset *get_ruleset_from_fd(int fd, unsigned int mode)
{
	struct file *f = fd < 0 ? NULL : fget((unsigned int)fd);
	struct landlock_ruleset *ruleset;

	if (!f)
		return ERR_PTR(-EBADF);
	if (f->f_op != &ruleset_fops)
		ruleset = ERR_PTR(-EBADFD);
	else if (!(f->f_mode & mode))
		ruleset = ERR_PTR(-EPERM);
	else {
		ruleset = f->private_data;
		landlock_get_ruleset(ruleset);
	}
	fput(f);
	return ruleset;
}

/* The inode @fd names (O_PATH too), referenced; EBADF, or EBADFD for a
 * ruleset or a file with no path (a pipe, a socket, an anonymous inode). */
static struct inode *get_inode_from_fd(int fd)
{
	struct file *f = fd < 0 ? NULL : fget_raw((unsigned int)fd);
	struct inode *inode;

	if (!f)
		return ERR_PTR(-EBADF);
	if (f->f_op == &ruleset_fops || !f->f_dentry ||
	    (f->f_inode->i_sb->s_flags & SB_KERNMOUNT))
		inode = ERR_PTR(-EBADFD);
	else
		inode = igrab(f->f_inode);
	fput(f);
	return inode;
}

/* The checks of a path_beneath rule for @ruleset, then the rule. */
static long add_path_beneath(struct landlock_ruleset *ruleset,
			     const void __user *rule_attr)
{
	struct landlock_path_beneath_attr attr;
	struct inode *inode;
	long err;

	if (copy_from_user(&attr, rule_attr, sizeof(attr)))
		return -EFAULT;
	/* Only rights the ruleset handles (32 bits of them in the mask). */
	if ((attr.allowed_access | ruleset->handled) != ruleset->handled)
		return -EINVAL;
	if (!attr.allowed_access)
		return -ENOMSG;		/* a rule granting nothing is useless */
	inode = get_inode_from_fd(attr.parent_fd);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	/* A file (not a directory) gets only the rights files have. */
	if (!S_ISDIR(inode->i_mode) &&
	    (attr.allowed_access | LANDLOCK_ACCESS_FILE) != LANDLOCK_ACCESS_FILE)
		err = -EINVAL;
	else
		err = landlock_insert_rule(ruleset, inode,
					   (access_mask_t)attr.allowed_access);
	iput(inode);
	return err;
}

/* A rule for the ruleset behind @ruleset_fd. */
long sys_landlock_add_rule(int ruleset_fd, int rule_type,
			   const void __user *rule_attr, u32 flags)
{
	struct landlock_ruleset *ruleset;
	long err;

	if (flags)
		return -EINVAL;
	ruleset = get_ruleset_from_fd(ruleset_fd, FMODE_WRITE);
	if (IS_ERR(ruleset))
		return PTR_ERR(ruleset);
	err = rule_type == LANDLOCK_RULE_PATH_BENEATH ?
	      add_path_beneath(ruleset, rule_attr) : -EINVAL;
	landlock_put_ruleset(ruleset);
	return err;
}

/* The ruleset behind @ruleset_fd, frozen, becomes current's new top
 * layer: its cred is replaced by one with the new domain. */
long sys_landlock_restrict_self(int ruleset_fd, u32 flags)
{
	struct landlock_ruleset *ruleset, *dom;
	struct cred *new;

	/* seccomp(2)'s rule: no_new_privs, or CAP_SYS_ADMIN in its user
	 * namespace. */
	if (!current->no_new_privs &&
	    !ns_capable(current_user_ns(), CAP_SYS_ADMIN))
		return -EPERM;
	if (flags)
		return -EINVAL;
	ruleset = get_ruleset_from_fd(ruleset_fd, FMODE_READ);
	if (IS_ERR(ruleset))
		return PTR_ERR(ruleset);
	new = prepare_creds();
	dom = new ? landlock_merge_ruleset(new->landlock_domain, ruleset) :
		    ERR_PTR(-ENOMEM);
	landlock_put_ruleset(ruleset);
	if (IS_ERR(dom)) {
		if (new)
			abort_creds(new);
		return PTR_ERR(dom);
	}
	landlock_put_ruleset(new->landlock_domain);
	new->landlock_domain = dom;
	return commit_creds(new);
}
