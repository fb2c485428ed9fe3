/*
 * statfs(2) and fstatfs(2) (Linux's fs/statfs.c): what a file system is
 * and how full, in struct statfs as Linux x86_64 lays it out. Taskbase's
 * file systems keep their data in the page allocator's pages, so the
 * memory-backed ones (ramfs, tmpfs) report its pages as their blocks and
 * its free pages as free; procfs and pipefs hold no data and report 0,
 * as on Linux. f_type is the file system's magic number from Linux's
 * include/uapi/linux/magic.h, which df and LTP's tst_fs_type() read.
 *
 * Also the list of file system types mount(2) knows (Linux's
 * fs/filesystems.c): /proc/filesystems, which BusyBox's mount reads to
 * guess a type, and the old sysfs(2) call that numbers them; and the
 * older still ustat(2), statfs by device number.
 */
#include "kernel/cgroup/cgroup.h"
#include "kernel/fs/mount.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/fs/syscalls.h"
#include "kernel/fs/vfs.h"
#include "kernel/ipc/mqueue.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/trace/trace.h"
#include "kernel/uaccess.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"

#define RAMFS_MAGIC 0x858458f6
#define TMPFS_MAGIC 0x01021994
#define PROC_SUPER_MAGIC 0x9fa0
#define SYSFS_MAGIC 0x62656572
#define PIPEFS_MAGIC 0x50495045
#define CGROUP2_SUPER_MAGIC 0x63677270
#define TRACEFS_MAGIC 0x74726163

#define ST_RDONLY 0x0001	/* f_flags: mounted read-only */
#define ST_NOSUID 0x0002	/* f_flags: set-ID bits ignored by exec */
#define ST_NODEV 0x0004		/* f_flags: device nodes cannot be opened */
#define ST_NOEXEC 0x0008	/* f_flags: nothing may be executed */
_Static_assert(SB_RDONLY == ST_RDONLY && SB_NOSUID == ST_NOSUID &&
	       SB_NODEV == ST_NODEV && SB_NOEXEC == ST_NOEXEC, "statfs f_flags");
#define ST_VALID 0x0020		/* f_flags: the flags are filled in */
#define STATFS_NAMELEN 255	/* longest name a directory holds */

/* The magic of super block @sb's type (0 for the kernel's test ones). */
static long fs_magic(const struct super_block *sb)
{
	static const struct { const char *type; long magic; } magics[] = {
		{ "ramfs", RAMFS_MAGIC }, { "tmpfs", TMPFS_MAGIC },
		{ "proc", PROC_SUPER_MAGIC }, { "pipefs", PIPEFS_MAGIC },
		{ "sysfs", SYSFS_MAGIC }, { "devtmpfs", TMPFS_MAGIC },
		{ "cgroup2", CGROUP2_SUPER_MAGIC }, { "tracefs", TRACEFS_MAGIC },
	};

	for (size_t i = 0; i < ARRAY_SIZE(magics); i++)
		if (!strcmp(sb->s_type, magics[i].type))
			return magics[i].magic;
	return 0;
}

/* Fill @st for the file system @inode is on. */
static void vfs_statfs(const struct inode *inode, struct statfs *st)
{
	const struct super_block *sb = inode->i_sb;
	long magic = fs_magic(sb);

	memset(st, 0, sizeof(*st));
	st->f_type = magic;
	st->f_bsize = PAGE_SIZE;
	st->f_frsize = PAGE_SIZE;
	st->f_namelen = STATFS_NAMELEN;
	st->f_fsid[0] = (int)sb->s_dev;
	/* SB_RDONLY ... SB_NOEXEC have the values of ST_RDONLY ... ST_NOEXEC. */
	st->f_flags = ST_VALID | (sb->s_flags & (SB_RDONLY | SB_NOSUID | SB_NODEV | SB_NOEXEC));
	if (magic == RAMFS_MAGIC || magic == TMPFS_MAGIC) {
		/* One inode takes about a page: as many files as pages. */
		st->f_blocks = st->f_files = nr_managed_pages();
		st->f_bfree = st->f_bavail = st->f_ffree = nr_free_pages();
		ramfs_statfs_size(sb, &st->f_blocks, &st->f_bfree);
		st->f_bavail = st->f_bfree;
	}
}

static long copy_statfs(const struct inode *inode, struct statfs __user *buf)
{
	struct statfs st;

	vfs_statfs(inode, &st);
	return copy_to_user(buf, &st, sizeof(st)) ? -EFAULT : 0;
}

long sys_statfs(const char __user *pathname, struct statfs __user *buf)
{
	struct dentry *d = user_path_at(AT_FDCWD, pathname, LOOKUP_FOLLOW);
	long ret;

	if (IS_ERR(d))
		return PTR_ERR(d);
	ret = copy_statfs(d->d_inode, buf);
	dput(d);
	return ret;
}

long sys_fstatfs(unsigned int fd, struct statfs __user *buf)
{
	struct file *f = fget_raw(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = copy_statfs(f->f_inode, buf);
	fput(f);
	return ret;
}

/* ---- ustat(2) ---- */

/* include/uapi/linux/types.h's struct ustat, as x86_64 lays it out. */
struct ustat {
	int f_tfree;			/* free blocks */
	unsigned long f_tinode;		/* free inodes */
	char f_fname[6];
	char f_fpack[6];
};
_Static_assert(sizeof(struct ustat) == 32, "Linux x86_64 struct ustat");

struct ustat_find {
	u32 dev;			/* the device asked for, decoded */
	struct statfs st;		/* its file system's, when found */
};

static int ustat_match(struct mount *m, void *arg)
{
	struct ustat_find *u = arg;

	if (m->mnt.mnt_sb->s_dev != u->dev)
		return 0;
	vfs_statfs(m->mnt.mnt_root, &u->st);
	return 1;
}

/* ustat(2), obsolete: free blocks and inodes of the mounted file system
 * on device @dev (st_dev's encoding, Linux's new_decode_dev()); -EINVAL
 * when none is, -EFAULT for a bad @ubuf. */
long sys_ustat(unsigned int dev, struct ustat __user *ubuf)
{
	struct ustat_find u = {
		.dev = new_decode_dev(dev),
	};
	struct ustat tmp;

	if (!iterate_mounts(ustat_match, &u))
		return -EINVAL;
	memset(&tmp, 0, sizeof(tmp));
	tmp.f_tfree = (int)u.st.f_bfree;
	tmp.f_tinode = u.st.f_ffree;
	return copy_to_user(ubuf, &tmp, sizeof(tmp)) ? -EFAULT : 0;
}

/* mqueue's ->get_tree: the caller's IPC namespace's instance, made on
 * first use (kernel/ipc/mqueue.c). */
static struct super_block *mqueue_get_tree(const char *type,
					   unsigned int sb_flags, char *data,
					   char *shown, size_t size)
{
	struct super_block *sb = mq_get_sb();

	return sb ? sb : ERR_PTR(-ENOMEM);
}

/* The types mount(2) takes (kernel/fs/namespace.c get_tree()), in
 * Linux's order of registration; none needs a block device ("nodev"). */
static const struct file_system_type fs_types[] = {
	{ "sysfs", single_get_tree }, { "tmpfs", ramfs_get_tree },
	{ "proc", single_get_tree }, { "cgroup2", cgroup_get_tree },
	{ "devtmpfs", single_get_tree },
	{ "ramfs", ramfs_get_tree }, { "mqueue", mqueue_get_tree },
	{ "tracefs", tracefs_get_tree },
};

const struct file_system_type *get_fs_type(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(fs_types); i++)
		if (!strcmp(name, fs_types[i].name))
			return &fs_types[i];
	return NULL;
}

int proc_filesystems_show(struct seq_buf *m, void *unused)
{
	for (size_t i = 0; i < ARRAY_SIZE(fs_types); i++)
		seq_printf(m, "nodev\t%s\n", fs_types[i].name);
	return 0;
}

long sys_sysfs(int option, unsigned long arg1, unsigned long arg2)
{
	char name[32];
	long len;

	switch (option) {
	case 1:				/* the index of type name @arg1 */
		len = strncpy_from_user(name, (const char __user *)arg1,
					sizeof(name));
		if (len < 0)
			return len;
		if (len < (long)sizeof(name) && get_fs_type(name))
			return get_fs_type(name) - fs_types;
		return -EINVAL;
	case 2:				/* the name of index @arg1 */
		if (arg1 >= ARRAY_SIZE(fs_types))
			return -EINVAL;
		len = (long)strlen(fs_types[arg1].name) + 1;
		return copy_to_user((void __user *)arg2, fs_types[arg1].name,
				    (size_t)len) ? -EFAULT : 0;
	case 3:				/* how many types */
		return ARRAY_SIZE(fs_types);
	default:
		return -EINVAL;
	}
}
