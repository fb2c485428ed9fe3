/*
 * The VFS objects (see vfs.h): iov_iter, super blocks,
 * inodes and dentries with their reference counts, and vfs_init(), which
 * builds the tree at boot (the mounts are namespace.c's):
 *
 *   /          ramfs, read-only for user space, from the initramfs
 *   /dev       devtmpfs, nosuid: console, tty, null, zero, kmsg ...
 *   /tmp       tmpfs: a writable ramfs instance
 *   /dev/shm   tmpfs mounted nosuid (SB_NOSUID), as Linux mounts it
 *   /proc      an empty directory until procfs mounts itself there
 *   /mnt       an empty directory for the user's mounts
 */
#include "kernel/cred.h"
#include "kernel/fs/notify/fsnotify.h"
#include "kernel/fs/vfs.h"
#include "kernel/printk/printk.h"
#include "kernel/sched/sched.h"
#include "kernel/signal.h"
#include "kernel/mm/slab.h"
#include "kernel/time/time.h"
#include "kernel/time/time_kernel.h"
#include "lib/atomic.h"
#include "lib/bug.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

/* ---- iov_iter ---- */

/* Make @i walk @nr_segs buffers of @iov, @count bytes in all; @user
 * says they are user addresses (copied with copy_*_user, may sleep). */
void iov_iter_init(struct iov_iter *i, bool user, const struct iovec *iov,
		   unsigned long nr_segs, size_t count)
{
	i->user = user;
	i->iov = iov;
	i->nr_segs = nr_segs;
	i->iov_offset = 0;
	i->count = count;
}

enum iter_op { ITER_TO, ITER_FROM, ITER_ZERO };

/* Copy @len bytes between @p (in the iterator) and @kbuf; bytes NOT done. */
static size_t iter_copy_seg(bool user, enum iter_op op, char *p, char *kbuf,
			    size_t len)
{
	if (user) {
		if (op == ITER_TO)
			return copy_to_user(p, kbuf, len);
		if (op == ITER_FROM)
			return copy_from_user(kbuf, p, len);
		return clear_user(p, len);
	}
	if (op == ITER_TO)
		memcpy(p, kbuf, len);
	else if (op == ITER_FROM)
		memcpy(kbuf, p, len);
	else
		memset(p, 0, len);
	return 0;
}

static size_t iter_copy(struct iov_iter *i, enum iter_op op, char *kbuf,
			size_t n)
{
	size_t done = 0;

	while (done < n && i->count && i->nr_segs) {
		size_t seg_left = i->iov->iov_len - i->iov_offset;
		size_t chunk, left;

		if (seg_left == 0) {
			i->iov++;
			i->nr_segs--;
			i->iov_offset = 0;
			continue;
		}
		chunk = MIN(MIN(seg_left, n - done), i->count);
		left = iter_copy_seg(i->user, op,
				     (char *)i->iov->iov_base + i->iov_offset,
				     kbuf ? kbuf + done : NULL, chunk);
		chunk -= left;
		done += chunk;
		i->iov_offset += chunk;
		i->count -= chunk;
		if (left)
			break;		/* a fault: stop short */
	}
	return done;
}

size_t copy_to_iter(const void *src, size_t n, struct iov_iter *i)
{
	return iter_copy(i, ITER_TO, (char *)src, n);
}

/* Copy up to @n bytes from @i into @dst and advance it; bytes copied. */
size_t copy_from_iter(void *dst, size_t n, struct iov_iter *i)
{
	return iter_copy(i, ITER_FROM, dst, n);
}

/* Write up to @n zero bytes into @i and advance it; bytes written. */
size_t iov_iter_zero(size_t n, struct iov_iter *i)
{
	return iter_copy(i, ITER_ZERO, NULL, n);
}

long simple_read_from_buffer(struct iov_iter *to, s64 *pos,
			     const void *from, size_t available)
{
	size_t n, done;

	if (*pos < 0)
		return -EINVAL;
	if ((u64)*pos >= available || !to->count)
		return 0;
	n = MIN(available - (size_t)*pos, to->count);
	done = copy_to_iter((const char *)from + *pos, n, to);
	if (!done)
		return -EFAULT;
	*pos += done;
	return done;
}

/* ---- super blocks and inodes ---- */

static atomic_t next_anon_dev = ATOMIC_INIT(1);

struct super_block *alloc_super(const char *type, unsigned int flags)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);

	if (!sb)
		return NULL;
	sb->s_dev = MKDEV(0, atomic_fetch_add_relaxed(1, &next_anon_dev));
	sb->s_flags = flags;
	sb->s_type = type;
	return sb;
}

struct super_block *get_pseudo_sb(struct super_block **slot, const char *type,
				  void (*evict)(struct inode *))
{
	struct super_block *sb = READ_ONCE(*slot), *first;

	if (sb)
		return sb;
	sb = alloc_super(type, 0);
	if (!sb)
		return NULL;
	sb->evict_inode = evict;
	first = cmpxchg(slot, NULL, sb);
	if (first) {
		kfree(sb);	/* another CPU made it first */
		sb = first;
	}
	return sb;
}

struct kernel_timespec current_time(void)
{
	u64 ns = ktime_get_real_ns();

	return (struct kernel_timespec){ (s64)(ns / NSEC_PER_SEC),
					 (long)(ns % NSEC_PER_SEC) };
}

struct inode *new_inode(struct super_block *sb, umode_t mode)
{
	struct inode *inode = kzalloc(sizeof(*inode), GFP_KERNEL);

	BUG_ON(!sb);
	if (!inode)
		return NULL;
	inode->i_mode = mode;
	inode->i_uid = current->cred->fsuid.val;	/* its creator's */
	inode->i_gid = current->cred->fsgid.val;
	inode->i_nlink = 1;
	refcount_set(&inode->i_count, 1);
	inode->i_sb = sb;
	inode->i_ino = atomic_long_inc_return(&sb->s_next_ino);
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time();
	mutex_init(&inode->i_mutex);
	return inode;
}

/* Take another reference to @inode, which the caller already holds one of. */
struct inode *igrab(struct inode *inode)
{
	refcount_inc(&inode->i_count);
	return inode;
}

/* Drop a reference to @inode (NULL: nothing); the last one frees it and
 * its data. */
void iput(struct inode *inode)
{
	if (!inode || !refcount_dec_and_test(&inode->i_count))
		return;
	fsnotify_inode_delete(inode);	/* its watches go */
	if (inode->i_sb->evict_inode)
		inode->i_sb->evict_inode(inode);
	kfree(inode);
}

/* ---- dentries ---- */

static struct dentry *root_dentry;

/* A dentry for @inode (its reference is taken over) under @parent. */
struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len,
		       struct inode *inode)
{
	struct dentry *d = kmalloc(sizeof(*d) + len + 1, GFP_KERNEL);

	BUG_ON(!inode || len > NAME_MAX);
	if (!d)
		return NULL;
	refcount_set(&d->d_count, 1);
	d->d_parent = parent ? dget(parent) : d;
	d->d_inode = inode;
	d->d_len = len;
	memcpy(d->d_name, name, len);
	d->d_name[len] = '\0';
	return d;
}

/* Take another reference to @d, which the caller already holds one of. */
struct dentry *dget(struct dentry *d)
{
	refcount_inc(&d->d_count);
	return d;
}

/* Drop a reference; the last one frees @d and drops its parent's. */
void dput(struct dentry *d)
{
	while (d) {
		struct dentry *parent = d->d_parent == d ? NULL : d->d_parent;
		if (!refcount_dec_and_test(&d->d_count))
			return;
		iput(d->d_inode);
		kfree(d);
		d = parent;
	}
}

struct dentry *vfs_root(void)
{
	return root_dentry ? dget(root_dentry) : NULL;
}

long d_path(struct dentry *d, char *buf, size_t size)
{
	return __d_path(d, NULL, buf, size, NULL);
}

long __d_path(struct dentry *d, const struct dentry *root, char *buf,
	      size_t size, bool *reachable)
{
	size_t pos = size;

	if (size < 2)
		return -ERANGE;
	buf[--pos] = '\0';
	for (; d != root && d->d_parent != d; d = d->d_parent) {
		if (pos < d->d_len + 1)
			return -ERANGE;
		pos -= d->d_len;
		memcpy(buf + pos, d->d_name, d->d_len);
		buf[--pos] = '/';
	}
	if (reachable)
		*reachable = !root || d == root;
	if (pos == size - 1)
		buf[--pos] = '/';
	memmove(buf, buf + pos, size - pos);
	return (long)(size - pos - 1);
}

/* ---- boot ---- */

static const struct {
	const char *name;
	umode_t mode;
	u32 major, minor;
} dev_nodes[] = {
	{ "console", S_IFCHR | 0600, 5, 1 },
	{ "tty", S_IFCHR | 0666, 5, 0 },
	{ "null", S_IFCHR | 0666, 1, 3 },
	{ "zero", S_IFCHR | 0666, 1, 5 },
	{ "random", S_IFCHR | 0666, 1, 8 },
	{ "urandom", S_IFCHR | 0666, 1, 9 },
	{ "kmsg", S_IFCHR | 0644, 1, 11 },
	{ "userfaultfd", S_IFCHR | 0600, 10, 126 },
};

/* The directory @name under the root inode, made if missing. */
static struct inode *root_subdir(const char *name)
{
	struct inode *root = root_dentry->d_inode;
	struct inode *dir = root->i_op->lookup(root, name, strlen(name));

	if (!IS_ERR(dir))
		return dir;
	dir = ramfs_mknod(root, name, strlen(name), S_IFDIR | 0755, 0);
	return dir ? igrab(dir) : NULL;
}

/* /dev: a devtmpfs (a ramfs instance of its own, nosuid, as Linux mounts
 * it) holding the device nodes, on the root's /dev; root may add nodes. */
static void mount_dev(void)
{
	struct super_block *devfs = ramfs_create("devtmpfs", SB_NOSUID, 0755);
	struct inode *dev = root_subdir("dev");

	iput(dev);
	if (!devfs || !dev || !S_ISDIR(dev->i_mode)) {
		pr_err("VFS: no /dev directory\n");
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(dev_nodes); i++)
		ramfs_mknod(devfs->s_root, dev_nodes[i].name,
			    strlen(dev_nodes[i].name), dev_nodes[i].mode,
			    MKDEV(dev_nodes[i].major, dev_nodes[i].minor));
	ramfs_mknod(devfs->s_root, "shm", 3, S_IFDIR | 0755, 0);
	if (vfs_mount("/dev", devfs) < 0)
		pr_err("VFS: cannot mount devtmpfs on /dev\n");
}

static void mount_tmp(void)
{
	struct super_block *tmp = ramfs_create("tmpfs", 0, 01777);
	struct inode *dir = root_subdir("tmp");

	iput(root_subdir("proc"));	/* for procfs to mount on */
	iput(root_subdir("sys"));	/* and sysfs */
	iput(root_subdir("mnt"));	/* for mount(8), as Debian has it */
	iput(dir);
	if (!tmp || !dir || vfs_mount("/tmp", tmp) < 0)
		pr_err("VFS: cannot mount tmpfs on /tmp\n");
}

/* A second tmpfs on /dev/shm, nosuid: exec there never raises ids. */
static void mount_shm(void)
{
	struct super_block *shm = ramfs_create("tmpfs", SB_NOSUID, 01777);

	if (!shm || vfs_mount("/dev/shm", shm) < 0)
		pr_err("VFS: cannot mount tmpfs on /dev/shm\n");
}

/*
 * Boot, from pid 1: the root file system from the initramfs, /dev, /tmp.
 * Idempotent: later calls do nothing (and return true).
 */
bool vfs_init(const void *initramfs, u64 size)
{
	static int done;
	struct super_block *sb;
	bool in_use;

	if (xchg(&done, 1))
		return true;
	sb = initramfs_unpack(initramfs, size, &in_use);
	BUG_ON(!sb);
	root_dentry = d_alloc(NULL, "/", 1, igrab(sb->s_root));
	BUG_ON(!root_dentry);
	mount_root(sb);
	mount_dev();
	mount_tmp();
	mount_shm();
	return in_use;
}
