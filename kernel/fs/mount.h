/*
 * A mount: one file system grafted onto a directory (Linux's
 * include/linux/mount.h and fs/mount.h, with their names). The table of
 * mounts and mount(2)/umount2(2) are kernel/fs/namespace.c's; the path
 * walk crosses a mount through lookup_mount() (kernel/fs/vfs.h).
 *
 *   "/" (rootfs: ramfs, ro)        mnt_mountpoint NULL, its own parent
 *    +-- /tmp (tmpfs)              mnt_mountpoint: the dentry "/tmp" of
 *    +-- /proc (proc)                the root fs, which it covers
 *    +-- /mnt (tmpfs, ro)          mnt_root: the tmpfs's root inode
 *
 * Read-only, nosuid, nodev and noexec live in the super block (SB_*), so
 * every mount of one super block (a second mount of /proc, a bind mount)
 * shares them, as after a plain remount on Linux; mnt_flags keeps the
 * options that are the mount's own.
 */
#ifndef KERNEL_FS_MOUNT_H
#define KERNEL_FS_MOUNT_H

#include "kernel/fs/vfs.h"
#include "kernel/locking/mutex.h"
#include "kernel/locking/spinlock.h"
#include "lib/list.h"

struct mnt_namespace;

/* mount(2) flags (include/uapi/linux/mount.h). */
#define MS_RDONLY 0x1
#define MS_NOSUID 0x2
#define MS_NODEV 0x4
#define MS_NOEXEC 0x8
#define MS_SYNCHRONOUS 0x10
#define MS_REMOUNT 0x20
#define MS_MANDLOCK 0x40
#define MS_DIRSYNC 0x80
#define MS_NOATIME 0x400
#define MS_NODIRATIME 0x800
#define MS_BIND 0x1000
#define MS_MOVE 0x2000
#define MS_REC 0x4000
#define MS_SILENT 0x8000
#define MS_UNBINDABLE (1 << 17)
#define MS_PRIVATE (1 << 18)
#define MS_SLAVE (1 << 19)
#define MS_SHARED (1 << 20)
#define MS_RELATIME (1 << 21)
#define MS_STRICTATIME (1 << 24)
#define MS_LAZYTIME (1 << 25)
#define MS_NOUSER (1u << 31)
#define MS_MGC_VAL 0xC0ED0000u	/* old magic in the top half: ignored */
#define MS_MGC_MSK 0xffff0000u

/* umount2(2) flags. */
#define MNT_FORCE 0x1
#define MNT_DETACH 0x2		/* lazy: gone from the tree now, freed later */
#define MNT_EXPIRE 0x4
#define UMOUNT_NOFOLLOW 0x8

/* mnt_flags: the access-time options, the mount's own. */
#define MNT_NOATIME 0x08
#define MNT_NODIRATIME 0x10
#define MNT_RELATIME 0x20	/* the default, as on Linux */

struct vfsmount {
	struct inode *mnt_root;		/* root of the grafted tree (held) */
	struct super_block *mnt_sb;
	int mnt_flags;			/* MNT_* */
};

struct mount {
	struct list_head mnt_list;	/* in the table, in mount order */
	struct mount *mnt_parent;	/* the mount its mount point is on */
	struct dentry *mnt_mountpoint;	/* the directory covered (held);
					 * NULL for the root */
	struct vfsmount mnt;
	char *mnt_devname;		/* the source: "tmpfs", "none", ... */
	char *mnt_options;		/* tmpfs's own: ",mode=755", or "" */
	int mnt_id;			/* for /proc/<pid>/mountinfo */
	struct mnt_namespace *mnt_ns;	/* the namespace it is in
					 * (kernel/ns/mnt_namespace.h) */
	struct mount *mnt_copy;		/* copy_mnt_ns(): its copy, for the
					 * copies' parents */
	bool mnt_bind;			/* a bind mount (MS_BIND) */
	/* Propagation as mountinfo shows it (kernel/ns/mnt_namespace.c):
	 * recorded, not acted on; every mount stays private in effect. */
	int mnt_group_id;		/* "shared:N": its peer group, or 0 */
	int mnt_master_id;		/* "master:N": a slave of that group */
	bool mnt_unbindable;		/* "unbindable" */
	bool mnt_expiry_mark;		/* MNT_EXPIRE asked once */
};

static inline struct mount *real_mount(struct vfsmount *mnt)
{
	return container_of(mnt, struct mount, mnt);
}

/* ---- the table, for the mount namespaces (kernel/ns/mnt_namespace.c) ---- */

/* Every mount of every namespace in mount order (mount_lock for the
 * walk, namespace_sem for changes), the lazily unmounted ones still in
 * use, and the next mount id to give out (namespace_sem). */
extern struct list_head mount_list, detached_list;
extern spinlock_t mount_lock;
extern struct mutex namespace_sem;
extern int next_mnt_id;
/* A mount of @sb rooted at @root (a reference is taken), not yet in the
 * table; NULL: no memory. free_mnt(): free one out of the table. */
struct mount *alloc_mnt(struct super_block *sb, struct inode *root,
			const char *devname, const char *options);
void free_mnt(struct mount *m);
/* mount_lock held: take @m off the list; its mount point stops being
 * one when no namespace has a mount there any more. */
void unlink_mnt(struct mount *m);
/* mount_lock held: does anyone but the mounts and the file system hold
 * @m's root (a cwd, an open file, a walk, a mount below it)? */
bool mnt_busy(struct mount *m);
/* mount_lock held: must @m, out of the table (lazily unmounted, or of
 * the namespace @dying being freed), stay for its users? Not while its
 * super block is mounted by a live mount of another namespace: a dentry
 * does not say through which mount it was reached, so that mount serves
 * them as well (a dead namespace's copy of /dev, whose root every open
 * /dev/console holds, stayed for good). Else mnt_busy(). */
bool mnt_needed(struct mount *m, struct mnt_namespace *dying);
/* namespace_sem held: @m is out of the table and idle: free it, and a
 * tmpfs's whole tree when this was its last mount. */
void release_mnt(struct mount *m);
/* namespace_sem held: the mount of current's namespace whose root is @d,
 * or NULL; mount_of(): the one @d lies in (the nearest mount root on its
 * way up to "/"). */
struct mount *mount_at(struct dentry *d);
struct mount *mount_of(struct dentry *d);
/* mount_lock or namespace_sem held: the mount on directory @mp in
 * namespace @ns (NULL: in any), or NULL. */
struct mount *mount_on(struct inode *mp, struct mnt_namespace *ns);
/* namespace_sem held: MS_REMOUNT: new flags for the mount at @d and its
 * super block. Read-only waits for no file open for writing. */
int do_remount(struct dentry *d, unsigned int sb_flags, int mnt_flags);
/* namespace_sem held: mount(2)'s MS_SHARED, MS_PRIVATE, MS_SLAVE or
 * MS_UNBINDABLE (one of them; MS_REC: and every mount below) on @m:
 * 0, or -EINVAL (no mount there, or not one type). */
int do_change_type(struct mount *m, unsigned long flags);
/* namespace_sem held: a bind mount @m of a directory in @src joins its
 * peer group (and has its master), as Linux's clone of a shared mount. */
void mnt_bind_propagation(struct mount *m, struct mount *src);

/* ---- ramfs instances for mount(2) (kernel/fs/ramfs/) ---- */

/* mount(2) of "tmpfs" or "ramfs" (@type): a new instance with @sb_flags
 * and the options in @data (modified), what /proc/mounts shows of them
 * in @shown (",mode=755"); ERR_PTR(-EINVAL) for an unknown option,
 * -ENOMEM (kernel/fs/ramfs/super.c). */
struct super_block *ramfs_get_tree(const char *type, unsigned int sb_flags,
				   char *data, char *shown, size_t size);
/* Is any inode of ramfs instance @sb held by more than its names in the
 * tree (its root: by s_root), one more hold allowed on @held? Then it
 * may not be freed. */
bool ramfs_busy(struct super_block *sb, struct inode *held);
/* Free instance @sb, its tree, pages and super block (umount): nothing
 * may hold any of it (ramfs_busy() false). */
void ramfs_kill_sb(struct super_block *sb);
/* statfs of a tmpfs with a size: its pages (*@blocks) and those left
 * (*@bfree), as Linux's shmem_statfs(); ramfs and a size=0 tmpfs leave
 * the caller's (memory's) counts. */
void ramfs_statfs_size(const struct super_block *sb, u64 *blocks, u64 *bfree);
/* ---- file system types (kernel/fs/statfs.c: Linux's fs/filesystems.c) ---- */

/* A type mount(2) takes: its name, and how a mount gets its super block
 * (namespace_sem held: the super block, or ERR_PTR(-errno)). */
struct file_system_type {
	const char *name;
	struct super_block *(*get_tree)(const char *type, unsigned int sb_flags,
					char *data, char *shown, size_t size);
};
/* The type mount(2) knows as @name, or NULL (mount's ENODEV). */
const struct file_system_type *get_fs_type(const char *name);
/* namespace_sem held: ->get_tree of proc, sysfs, devtmpfs: the one super
 * block of @type the kernel mounted at boot, or ERR_PTR(-ENODEV). */
struct super_block *single_get_tree(const char *type, unsigned int sb_flags,
				    char *data, char *shown, size_t size);

/* /proc/<pid>/mounts and mountinfo (kernel/fs/proc/): call @show for
 * every mount of the reader's mount namespace in mount order, the table
 * held still; stop at a nonzero answer and return it. */
int iterate_mounts(int (*show)(struct mount *m, void *arg), void *arg);

#endif
