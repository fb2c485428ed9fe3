/*
 * New ramfs and tmpfs instances for mount(2) (kernel/fs/namespace.c): the
 * options in mount's data, as far as Taskbase has them (Linux's
 * fs/ramfs/inode.c ramfs_parse_param() and mm/shmem.c's tmpfs options):
 *
 *   mode=1777  uid=0  gid=0     the root directory's mode and owner
 *   size=64m                    the most its files may hold: a write past
 *                               it is ENOSPC, a fault SIGBUS (default:
 *                               half of memory; size=0, no limit), as
 *                               Linux's; statfs and df show it
 *   nr_inodes=10k               recorded and shown in /proc/mounts; only
 *                               sizes the xattr budget (1 KiB an inode,
 *                               as Linux 6.6's tmpfs)
 *
 * "ro" and "rw" are taken too (BusyBox passes them along with the
 * flags); anything else is EINVAL, as Linux's "Unknown parameter".
 * Also an instance's end (ramfs_kill_sb()) and its extended-attribute
 * budget (ramfs_xattrs()).
 */
#include "kernel/fs/mount.h"
#include "kernel/fs/notify/fsnotify.h"
#include "kernel/fs/ramfs/internal.h"
#include "kernel/mm/filemap.h"
#include "kernel/mm/slab.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

/* tmpfs's options, as far as Taskbase has them. */
struct tmpfs_opts {
	umode_t mode;
	u32 uid, gid;
	u64 size;		/* bytes; 0: the default */
	u64 nr_inodes;		/* recorded and shown; the xattr budget */
	bool size_set;		/* size= given (size=0: no limit) */
};

/* "1024", "64k", "16m", "1g": the number with its suffix applied. */
static int parse_size(const char *s, u64 *res)
{
	char num[24];
	size_t n = strlen(s);
	unsigned int shift = 0;

	if (n == 0 || n >= sizeof(num))
		return -EINVAL;
	memcpy(num, s, n + 1);
	switch (num[n - 1]) {
	case 'k': case 'K': shift = 10; break;
	case 'm': case 'M': shift = 20; break;
	case 'g': case 'G': shift = 30; break;
	}
	if (shift)
		num[n - 1] = '\0';
	if (kstrtoull(num, 10, res))
		return -EINVAL;
	*res <<= shift;
	return 0;
}

/* One "key=value" (or "ro", "rw") of tmpfs's data; -EINVAL: unknown. */
static int tmpfs_parse_one(char *opt, struct tmpfs_opts *o)
{
	char *val = strchr(opt, '=');
	u64 v = 0;

	if (!strcmp(opt, "rw") || !strcmp(opt, "ro") || !*opt)
		return 0;	/* the flags say it (BusyBox passes both) */
	if (!val)
		return -EINVAL;
	*val++ = '\0';
	if (!strcmp(opt, "size")) {
		o->size_set = true;
		return parse_size(val, &o->size);
	}
	if (!strcmp(opt, "nr_inodes"))
		return parse_size(val, &o->nr_inodes);
	if (kstrtoull(val, !strcmp(opt, "mode") ? 8 : 10, &v) || v > 0xffffffffu)
		return -EINVAL;
	if (!strcmp(opt, "mode"))
		o->mode = (umode_t)(v & 07777);
	else if (!strcmp(opt, "uid"))
		o->uid = (u32)v;
	else if (!strcmp(opt, "gid"))
		o->gid = (u32)v;
	else
		return -EINVAL;
	return 0;
}

/* Parse @data (comma-separated, modified) into @o; the options Linux
 * shows for them in *@shown (",mode=755" ...). */
static int tmpfs_parse(char *data, struct tmpfs_opts *o, char *shown,
		       size_t size)
{
	char *opt = data;
	size_t n = 0;

	while (opt) {
		char *next = strchr(opt, ',');
		int err;

		if (next)
			*next++ = '\0';
		err = tmpfs_parse_one(opt, o);
		if (err)
			return err;
		opt = next;
	}
	shown[0] = '\0';
	if (o->size)
		n += scnprintf(shown + n, size - n, ",size=%lluk",
			       (unsigned long long)(o->size >> 10));
	if (o->nr_inodes)
		n += scnprintf(shown + n, size - n, ",nr_inodes=%llu",
			       (unsigned long long)o->nr_inodes);
	if (o->mode != 01777)
		n += scnprintf(shown + n, size - n, ",mode=%o", o->mode);
	if (o->uid)
		n += scnprintf(shown + n, size - n, ",uid=%u", o->uid);
	if (o->gid)
		scnprintf(shown + n, size - n, ",gid=%u", o->gid);
	return 0;
}

struct super_block *ramfs_get_tree(const char *type, unsigned int sb_flags,
				   char *data, char *shown, size_t size)
{
	struct tmpfs_opts o = { .mode = strcmp(type, "tmpfs") ? 0755 : 01777 };
	struct super_block *sb;
	int err = tmpfs_parse(data, &o, shown, size);

	if (err)
		return ERR_PTR(err);
	if (strcmp(type, "tmpfs"))
		shown[0] = '\0';
	/* s_type outlives the caller's copy of @type: a literal. */
	sb = ramfs_create(strcmp(type, "tmpfs") ? "ramfs" : "tmpfs", sb_flags, o.mode);
	if (!sb)
		return ERR_PTR(-ENOMEM);
	if (strcmp(type, "tmpfs"))
		sb->s_export_op = NULL;	/* Linux's ramfs has no file handles */
	if (o.size_set && SBI(sb)->quota)	/* a tmpfs */
		SBI(sb)->quota->max = o.size ? ALIGN_UP(o.size, PAGE_SIZE) >> PAGE_SHIFT :
					       ~0ull;
	sb->s_root->i_uid = o.uid;
	sb->s_root->i_gid = o.gid;
	if (o.nr_inodes)	/* saturated: a huge count is "no limit" */
		SBI(sb)->xattr_space = o.nr_inodes > SIZE_MAX / RAMFS_XATTR_PER_INODE ?
			SIZE_MAX : (size_t)o.nr_inodes * RAMFS_XATTR_PER_INODE;
	return sb;
}

void ramfs_kill_sb(struct super_block *sb)
{
	struct list_head work;
	struct ramfs_dirent *de;

	fsnotify_sb_delete(sb);		/* IN_UNMOUNT for its watches */
	/* Each directory's entries join the work list as it goes, so the
	 * deepest tree takes no stack. */
	INIT_LIST_HEAD(&work);
	list_splice_init(&RI(sb->s_root)->children, &work);
	while (!list_empty(&work)) {
		de = list_first_entry(&work, struct ramfs_dirent, node);
		list_del(&de->node);
		if (S_ISDIR(de->inode->i_mode))
			list_splice_init(&RI(de->inode)->children, &work);
		iput(de->inode);
		kfree(de);
	}
	iput(sb->s_root);
	filemap_quota_put(SBI(sb)->quota);	/* open files keep theirs */
	kfree(sb->s_fs_info);
	kfree(sb);
}

void ramfs_statfs_size(const struct super_block *sb, u64 *blocks, u64 *bfree)
{
	const struct filemap_quota *q;
	u64 used;

	if (sb->evict_inode != ramfs_evict ||
	    !(q = ((const struct ramfs_sb_info *)sb->s_fs_info)->quota) ||
	    q->max == ~0ull)
		return;
	used = (u64)atomic_long_read(&q->used);
	*blocks = q->max;
	*bfree = used < q->max ? q->max - used : 0;
}

struct simple_xattrs *ramfs_xattrs(struct inode *inode, size_t **space)
{
	if (inode->i_sb->evict_inode != ramfs_evict)
		return NULL;
	*space = &SBI(inode->i_sb)->xattr_space;
	return &RI(inode)->xattrs;
}
