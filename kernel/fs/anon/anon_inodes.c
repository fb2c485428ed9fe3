/*
 * Anonymous inodes (Linux's fs/anon_inodes.c): the descriptors that name
 * no file (eventfd, timerfd, signalfd) get one fresh inode each on one
 * shared "anon_inodefs" super block. Their state hangs off private_data
 * and goes with the file's ->release; the inode itself holds nothing.
 */
#include "kernel/fs/anon_inodes.h"
#include "lib/err.h"
#include "lib/errno.h"

static struct super_block *anon_sb;

int anon_inode_getfd(const struct file_operations *fops, void *priv,
		     int flags)
{
	return anon_inode_getfd_name(NULL, fops, priv, flags);
}

const char *anon_inode_name(struct inode *inode)
{
	return anon_sb && inode->i_sb == anon_sb ? inode->i_private : NULL;
}

int anon_inode_init(void)
{
	return get_pseudo_sb(&anon_sb, "anon_inodefs", NULL) ? 0 : -ENOMEM;
}

struct file *anon_inode_getfile(const char *name,
				const struct file_operations *fops, void *priv,
				int flags)
{
	struct super_block *sb = get_pseudo_sb(&anon_sb, "anon_inodefs",
						NULL);
	struct inode *inode = sb ? new_inode(sb, S_IFREG | 0600) : NULL;
	struct file *f;

	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_private = (void *)name;	/* the name /proc shows */
	f = alloc_file(inode, O_RDWR | (flags & O_NONBLOCK), fops);
	if (!f) {
		iput(inode);
		return ERR_PTR(-ENOMEM);
	}
	f->private_data = priv;
	return f;
}

int anon_inode_getfd_name(const char *name, const struct file_operations *fops,
			  void *priv, int flags)
{
	struct file *f = anon_inode_getfile(name, fops, priv, flags);
	int fd;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	fd = get_unused_fd_flags(flags & O_CLOEXEC);
	if (fd < 0) {
		f->f_op = NULL;		/* @priv stays the caller's */
		fput(f);
		return fd;
	}
	fd_install(fd, f);
	return fd;
}
