/*
 * The virtual file system: the objects every file system and every
 * file-related system call share, with Linux's names.
 *
 *   files_struct      struct file           struct dentry    struct inode
 *   fd[0] ------+---> f_pos, f_flags  ---> d_name "motd" ---> i_mode, i_size
 *   fd[1] (dup) +     f_op, private_data   d_parent         i_op, i_fop
 *                                            |              i_private
 *                                            v
 *                                          "etc" -> "/" (its own parent)
 *
 * An inode is a file system object (file, directory, device, pipe,
 * symlink); its inode_operations find names in a directory (lookup,
 * readdir) and change it, its default file_operations (i_fop) are what an
 * open() of it installs. A struct file is one open() of an inode: its
 * position and flags, shared by dup() and fork().
 *
 * Dentries are simpler than Linux's: there is no dentry cache. A path walk
 * builds one dentry per component it passes, each holding a reference on
 * its parent, so a dentry is "the path by which we reached this inode".
 * The chains live as long as someone holds them (a cwd, an open file, a
 * walk in progress): enough for "..", getcwd() and mount points, and it
 * lets a pseudo file system such as /proc make up its inodes at lookup
 * time (one directory per live pid) with nothing stale left in a cache.
 * The price is an allocation per component per walk.
 *
 * A file system is a super_block plus its root inode; vfs_mount() puts it
 * on a directory (kernel/fs/namespace.c keeps the mounts, and mount(2)
 * makes more; kernel/fs/mount.h draws them). /proc
 * needs only: alloc_super(), new_inode(), inode_operations with lookup and
 * readdir for its directories (dir_fops emits "." and ".." itself), files
 * whose text a show() function renders at open (seq_file_fops, see
 * kernel/fs/seq_buf.h), and vfs_mount("/proc", sb).
 *
 * Contents: types and flags of the Linux ABI, the objects, and the VFS
 * entry points; iov_iter (one copy API for user and kernel buffers) is
 * kernel/fs/uio.h's.
 */
#ifndef KERNEL_VFS_H
#define KERNEL_VFS_H

#include "kernel/fs/fs.h"
#include "kernel/fs/poll.h"
#include "kernel/fs/uio.h"
#include "kernel/locking/mutex.h"
#include "kernel/locking/spinlock.h"
#include "kernel/uaccess.h"
#include "kernel/sched/wait.h"
#include "kernel/time/time_kernel.h"
#include "lib/atomic.h"
#include "lib/permission.h"
#include "lib/refcount.h"
#include "lib/types.h"

#define PATH_MAX 4096		/* bytes in a path, NUL included */
#define NAME_MAX 255		/* bytes in a path component */
#define MAXSYMLINKS 8		/* nested symlinks in one walk (ELOOP) */
#define NR_OPEN_MAX 1048576	/* descriptors per process at most (nr_open) */
#define NR_OPEN_DEFAULT 64	/* slots in a files_struct before it grows */
#define INR_OPEN_CUR 1024	/* RLIMIT_NOFILE of init: soft */
#define INR_OPEN_MAX 4096	/* and hard */

typedef unsigned int umode_t;
typedef s64 loff_t;

/* File types and permission bits (st_mode), Linux's octal values. */
#define S_IFMT 0170000
#define S_IFSOCK 0140000
#define S_IFLNK 0120000
#define S_IFREG 0100000
#define S_IFBLK 0060000
#define S_IFDIR 0040000
#define S_IFCHR 0020000
#define S_IFIFO 0010000
#define S_ISUID 0004000
#define S_ISGID 0002000
#define S_ISVTX 0001000
#define S_IALLUGO 0007777
#define S_IRWXUGO 0000777
#define S_IXUGO 0000111
#define S_IXGRP 00010		/* spelled as kernel/include/linux/stat.h has it */
#define S_IWUGO 0000222

static inline bool S_ISDIR(umode_t m) { return (m & S_IFMT) == S_IFDIR; }
static inline bool S_ISREG(umode_t m) { return (m & S_IFMT) == S_IFREG; }
static inline bool S_ISCHR(umode_t m) { return (m & S_IFMT) == S_IFCHR; }
static inline bool S_ISFIFO(umode_t m) { return (m & S_IFMT) == S_IFIFO; }
static inline bool S_ISBLK(umode_t m) { return (m & S_IFMT) == S_IFBLK; }
static inline bool S_ISSOCK(umode_t m) { return (m & S_IFMT) == S_IFSOCK; }
static inline bool S_ISLNK(umode_t m) { return (m & S_IFMT) == S_IFLNK; }

/* open(2) flags, x86_64 values. */
#define O_ACCMODE 00000003
#define O_RDONLY 00000000
#define O_WRONLY 00000001
#define O_RDWR 00000002
#define O_CREAT 00000100
#define O_EXCL 00000200
#define O_NOCTTY 00000400
#define O_TRUNC 00001000
#define O_APPEND 00002000
#define O_NONBLOCK 00004000
#define O_DSYNC 00010000
#define FASYNC 00020000
#define O_DIRECT 00040000
#define O_LARGEFILE 00100000
#define O_DIRECTORY 00200000
#define O_NOFOLLOW 00400000
#define O_NOATIME 01000000
#define O_CLOEXEC 02000000
#define __O_SYNC 04000000
#define O_PATH 010000000
#define __O_TMPFILE 020000000

/* *at() system calls. */
#define AT_FDCWD (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_EACCESS 0x200
#define AT_REMOVEDIR 0x200
#define AT_SYMLINK_FOLLOW 0x400
#define AT_NO_AUTOMOUNT 0x800
#define AT_EMPTY_PATH 0x1000

/* access(2) */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

/* lseek(2) */
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define SEEK_DATA 3		/* the next data at or after the offset */
#define SEEK_HOLE 4		/* the next hole (the end is one) */

/* getdents64 d_type */
#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_BLK 6
#define DT_REG 8
#define DT_LNK 10
#define DT_SOCK 12

/* Device numbers: Taskbase keeps major and minor in one u32. */
#define MINORBITS 20
#define MKDEV(ma, mi) (((u32)(ma) << MINORBITS) | (u32)(mi))
#define MAJOR(dev) ((u32)(dev) >> MINORBITS)
#define MINOR(dev) ((u32)(dev) & ((1u << MINORBITS) - 1))

/* Linux's new_encode_dev() and new_decode_dev(): the user's dev_t (st_dev,
 * st_rdev, mknod, ustat), 12-bit major and 20-bit minor interleaved. */
static inline u32 new_encode_dev(u32 dev)
{
	return (MINOR(dev) & 0xff) | (MAJOR(dev) << 8) | ((MINOR(dev) & ~0xffu) << 12);
}

static inline u32 new_decode_dev(u32 dev)
{
	return MKDEV((dev & 0xfff00) >> 8, (dev & 0xff) | ((dev >> 12) & 0xfff00));
}

struct inode;
struct file;
struct dentry;
struct seq_buf;
struct mmap_object;
struct pipe_inode_info;

/* Super block flags, the values of mount(2)'s MS_* for the same options. */
#define SB_RDONLY 0x1		/* user space may not change it: EROFS */
#define SB_NOSUID 0x2		/* exec ignores set-user-ID/-group-ID bits */
#define SB_NODEV 0x4		/* its device nodes cannot be opened */
#define SB_NOEXEC 0x8		/* nothing on it may be executed */
#define SB_KERNMOUNT (1u << 22)	/* the kernel's own: mounted nowhere */

struct super_block {
	u32 s_dev;			/* st_dev of its inodes */
	unsigned int s_flags;		/* SB_* */
	const char *s_type;		/* "ramfs", "tmpfs", "proc", ... */
	struct inode *s_root;		/* set by the file system */
	atomic_long_t s_next_ino;	/* the last i_ino new_inode() gave */
	atomic_t s_writers;		/* regular files open for writing
					 * (a remount read-only waits: EBUSY) */
	/* The last reference to @inode is gone: free the fs-private data. */
	void (*evict_inode)(struct inode *inode);
	void *s_fs_info;
	const struct export_operations *s_export_op;	/* kernel/fs/exportfs.h */
};

/* What readdir feeds names to (getdents64 fills a user buffer with it). */
struct dir_context {
	/* Take one entry; false when there is no room (stop, keep pos). */
	bool (*actor)(struct dir_context *ctx, const char *name, size_t len,
		      u64 ino, unsigned int d_type);
	u64 pos;		/* 0 ".", 1 "..", 2... the file system's own */
};

/* Emit one entry and advance ctx->pos; false: stop now. */
static inline bool dir_emit(struct dir_context *ctx, const char *name,
			    size_t len, u64 ino, unsigned int d_type)
{
	if (!ctx->actor(ctx, name, len, ino, d_type))
		return false;
	ctx->pos++;
	return true;
}

/* The DT_* of a mode. */
static inline unsigned int mode_to_dtype(umode_t mode)
{
	return (mode & S_IFMT) >> 12;
}

struct inode_operations {
	/* The inode called @name in @dir, referenced; ERR_PTR(-ENOENT)... */
	struct inode *(*lookup)(struct inode *dir, const char *name,
				size_t len);
	/* dir_emit() the entries from index ctx->pos - 2 on; 0 or -errno. */
	int (*readdir)(struct inode *dir, struct dir_context *ctx);
	/* A symlink's target, valid while @inode is referenced. */
	const char *(*get_link)(struct inode *inode, size_t *len);
	/* Magic links (/proc/<pid>/fd/N, exe, cwd, root): the dentry the
	 * link stands for, referenced, where a walk jumps instead of
	 * reading get_link()'s text (so a file without a name reopens);
	 * NULL: an ordinary symlink after all; or an ERR_PTR. */
	struct dentry *(*get_magic)(struct inode *inode);
	/* Optional: changing a directory (NULL: EROFS or EPERM). */
	struct inode *(*create)(struct inode *dir, const char *name,
				size_t len, umode_t mode);
	int (*mkdir)(struct inode *dir, const char *name, size_t len,
		     umode_t mode);
	/* A new name @name in @dir for @old (not a directory). */
	int (*link)(struct inode *old, struct inode *dir, const char *name,
		    size_t len);
	/* A regular file, device (@dev: MKDEV), FIFO or socket. */
	int (*mknod)(struct inode *dir, const char *name, size_t len,
		     umode_t mode, u32 dev);
	int (*symlink)(struct inode *dir, const char *name, size_t len,
		       const char *target);
	int (*unlink)(struct inode *dir, const char *name, size_t len);
	int (*rmdir)(struct inode *dir, const char *name, size_t len);
	/* @flags: RENAME_NOREPLACE or RENAME_EXCHANGE (vfs_rename() has
	 * checked that the names exist or not as they ask). */
	int (*rename)(struct inode *odir, const char *oname, size_t olen,
		      struct inode *ndir, const char *nname, size_t nlen,
		      unsigned int flags);
	int (*truncate)(struct inode *inode, u64 size);
	/* O_TMPFILE: a new regular file of @mode in @dir's file system
	 * with no name (i_nlink 0), referenced; or an ERR_PTR. */
	struct inode *(*tmpfile)(struct inode *dir, umode_t mode);
};

#define S_MOUNTPOINT 0x1	/* i_flags: a file system is mounted here */
#define S_DEAD 0x2		/* i_flags: unlinked directory */
#define S_LINKABLE 0x4		/* i_flags: O_TMPFILE file linkat() may name */
#define S_STABLE 0x8		/* i_flags: a kept pseudo-fs dir: mountable */

struct inode {
	umode_t i_mode;			/* S_IF* | permissions */
	u32 i_uid, i_gid;
	u32 i_nlink;
	u32 i_rdev;			/* devices: MKDEV(major, minor) */
	unsigned int i_flags;		/* S_MOUNTPOINT ... */
	u64 i_ino;
	u64 i_size;
	struct kernel_timespec i_atime, i_mtime, i_ctime;
	refcount_t i_count;		/* references: igrab()/iput() */
	struct super_block *i_sb;
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;	/* what open() installs */
	/* Pseudo files (seq_file_fops): renders the contents at open;
	 * i_store, if set, takes each write() as a new value. */
	int (*i_show)(struct seq_buf *m, void *data);
	int (*i_store)(void *data, const char *buf, size_t len);
	void *i_private;		/* the file system's (their data) */
	struct pipe_inode_info *i_pipe;	/* pipes and open FIFOs: i_mutex */
	struct mutex i_mutex;		/* serialises writers of the data */
	atomic_t i_writecount;		/* opens for writing (leases) */
	atomic_t i_readcount;		/* opens for reading only */
};

/* A name on the path to an inode; see the top of this file. */
struct dentry {
	refcount_t d_count;		/* references: dget()/dput() */
	struct dentry *d_parent;	/* the root is its own parent */
	struct inode *d_inode;
	u32 d_len;
	char d_name[];			/* d_len bytes + NUL */
};

struct file_operations {
	int (*open)(struct inode *inode, struct file *file);
	/* Bytes read (0: end of file) or -errno; advances *pos. */
	long (*read)(struct file *file, struct iov_iter *to, loff_t *pos);
	long (*write)(struct file *file, struct iov_iter *from, loff_t *pos);
	loff_t (*llseek)(struct file *file, loff_t offset, int whence);
	/* @arg is a user pointer or a number, per @cmd. -ENOTTY: unknown. */
	long (*ioctl)(struct file *file, unsigned int cmd, unsigned long arg);
	/* Directories: feed entries from ctx->pos on. */
	int (*iterate)(struct file *file, struct dir_context *ctx);
	int (*release)(struct inode *inode, struct file *file);
	/* Each close(2) of a descriptor, by the closer (Linux's ->flush). */
	int (*flush)(struct file *file);
	/* EPOLL* now; poll_wait() on its queues. NULL: DEFAULT_POLLMASK */
	__poll_t (*poll)(struct file *file, struct poll_table *pt);
	/* O_ASYNC on/off for @file at @fd (-1: last close): fasync_helper() */
	int (*fasync)(int fd, struct file *file, int on);
	/* fallocate(2) (kernel/fs/falloc.h): 0 or -errno. */
	long (*fallocate)(struct file *file, int mode, loff_t offset, loff_t len);
	/* /proc/<pid>/fdinfo/<fd>'s lines after the common ones. */
	void (*show_fdinfo)(struct seq_buf *m, struct file *file);
	/* mmap(2) of memory of the file's own (io_uring's and packet
	 * rings): @obj referenced, or -errno (EINVAL for a bad @off). */
	int (*mmap)(struct file *f, u64 off, u64 len, struct mmap_object *obj);
};

#define FMODE_READ 0x1
#define FMODE_WRITE 0x2
#define FMODE_LSEEK 0x4		/* lseek works (not a pipe or a tty) */
#define FMODE_OPENED 0x8	/* dentry_open() done: counted in the inode */
#define FMODE_WRITER 0x10	/* counted in its super block's s_writers */

struct file {
	refcount_t f_count;		/* fget()/fput() */
	unsigned int f_flags;		/* O_* as opened (F_SETFL: some) */
	unsigned int f_mode;		/* FMODE_* */
	loff_t f_pos;
	u64 f_version;			/* pipes: writers seen at open */
	struct dentry *f_dentry;	/* NULL for pipes */
	struct inode *f_inode;
	const struct file_operations *f_op;
	void *private_data;
	struct {			/* fcntl F_SETOWN: who gets SIGIO */
		int type;		/* F_OWNER_TID, _PID, _PGRP */
		pid_t pid;		/* 0: nobody */
		int signum;		/* F_SETSIG: 0 is plain SIGIO */
		u32 uid, euid;		/* of whoever set the owner */
	} f_owner;			/* kernel/fs/fcntl.c */
	unsigned int f_ep;		/* epoll items watching it (eventpoll.c) */
};

/* ---- inodes, dentries, super blocks (vfs.c) ---- */

/* A new file system instance with a fresh device number; freed only by
 * ramfs_kill_sb() (the umount of a tmpfs). */
struct super_block *alloc_super(const char *type, unsigned int flags);
/* The super block in *@slot, made on first use (of type @type, its
 * inodes evicted by @evict, may be NULL) by whichever CPU comes first:
 * pipefs and anon_inodefs, which are never mounted. NULL: no memory. */
struct super_block *get_pseudo_sb(struct super_block **slot, const char *type,
				  void (*evict)(struct inode *));
/* A new inode of @sb, referenced once, ino from sb->s_next_ino. */
struct inode *new_inode(struct super_block *sb, umode_t mode);
struct inode *igrab(struct inode *inode);
void iput(struct inode *inode);
/* Now (the wall clock), for time stamps. */
struct kernel_timespec current_time(void);

struct dentry *d_alloc(struct dentry *parent, const char *name, size_t len,
		       struct inode *inode);
struct dentry *dget(struct dentry *d);
void dput(struct dentry *d);
/* The root of the whole tree ("/"), referenced. NULL before vfs_init(). */
struct dentry *vfs_root(void);
/* Write @d's absolute path into @buf; its length, or -ERANGE. */
long d_path(struct dentry *d, char *buf, size_t size);
/* d_path() from @root (a chroot; NULL: the tree's root); *@reachable
 * (may be NULL): false if the walk passed @root by (whole path then). */
long __d_path(struct dentry *d, const struct dentry *root, char *buf,
	      size_t size, bool *reachable);

/* ---- mounts (namespace.c; struct mount in kernel/fs/mount.h) ---- */

/* Boot: @sb (the initramfs) is the root of the tree, "/" in /proc/mounts. */
void mount_root(struct super_block *sb);
/* Mount @sb on the directory at kernel path @path, as mount(2) would
 * with no options; /proc/mounts names its source by its type. */
int vfs_mount(const char *path, struct super_block *sb);
/* The root inode mounted on @inode, referenced, or NULL. */
struct inode *lookup_mount(struct inode *mountpoint);

/* ---- path lookup (namei.c): kernel/fs/namei.h ---- */

#include "kernel/fs/namei.h"

/* ---- open files (vfs.c) ---- */

/* Open the inode at @d with @flags (O_*): a file, or ERR_PTR. */
struct file *dentry_open(struct dentry *d, int flags);
/* A file on an inode without a name (pipes). */
struct file *alloc_file(struct inode *inode, int flags,
			const struct file_operations *fop);
/* May current @mask (MAY_READ | MAY_WRITE | MAY_EXEC, lib/permission.h)
 * @inode, by its owner, group and mode and current's fs ids? 0 or
 * -EACCES (kernel/fs/namei.c). */
int inode_permission(struct inode *inode, int mask);
/* May current add or remove a name in directory @dir with the directory
 * operation @op (NULL: the file system cannot)? 0, -EROFS, -EPERM, or
 * inode_permission()'s answer for write and search (kernel/fs/namei.c). */
int dir_may_change(struct inode *dir, void *op);
/* New @inode in @dir: in a set-group-ID directory it takes the
 * directory's group, a new directory the S_ISGID bit too
 * (kernel/fs/open.c). */
void inode_init_owner(struct inode *inode, const struct inode *dir);
/* In sticky directory @dir (/tmp), may current remove or rename
 * @inode's name? Only its owner, @dir's or root: 0 or -EPERM. */
int check_sticky(struct inode *dir, struct inode *inode);
/* Is current @inode's owner (fsuid), or root (CAP_FOWNER)? Who may
 * chmod it, set its times, remove it from a sticky directory. */
bool inode_owner_or_capable(const struct inode *inode);
/* The set-ID bits an unprivileged change to regular file @inode must
 * clear: S_ISUID, and S_ISGID with group execute (kernel/fs/open.c). */
umode_t should_remove_suid(const struct inode *inode);
/* Before a write to @f: clear should_remove_suid()'s bits. */
void file_remove_privs(struct file *f);
/* The parent of @path (from @start, NULL: cwd), referenced, for a last
 * name (*@name, *@len) that must not exist yet: ERR_PTR(-EEXIST) when it
 * does, or the lookup's error (kernel/fs/namei.c). */
struct dentry *filename_create(struct dentry *start, const char *path,
			       const char **name, size_t *len);
/* open(2) below the system call: @path (kernel memory) from @start, or
 * from current's cwd when NULL. O_CREAT makes regular files where the
 * file system can (@mode & ~umask). An existing file opens only as its
 * mode allows (inode_permission()), each directory on the way searchable. */
struct file *do_filp_open(struct dentry *start, const char *path, int flags,
			  umode_t mode);
struct file *filp_open(const char *path, int flags, umode_t mode);
/* do_filp_open() with openat2's LOOKUP_NO_* / scoping flags in @lookup;
 * O_TMPFILE (flags checked by the caller) makes an unnamed file in the
 * directory @path names, where the file system has i_op->tmpfile
 * (EOPNOTSUPP elsewhere). */
struct file *path_openat(struct dentry *start, const char *path, int flags,
			 umode_t mode, unsigned int lookup);
struct file *get_file(struct file *f);
void fput(struct file *f);

long vfs_read(struct file *f, struct iov_iter *to, loff_t *pos);
long vfs_write(struct file *f, struct iov_iter *from, loff_t *pos);
loff_t vfs_llseek(struct file *f, loff_t offset, int whence);
long vfs_ioctl(struct file *f, unsigned int cmd, unsigned long arg);
int vfs_readdir(struct file *f, struct dir_context *ctx);
/* read()/write() with a kernel buffer, at and advancing f->f_pos. */
long kernel_read(struct file *f, void *buf, size_t count);
long kernel_write(struct file *f, const void *buf, size_t count);

/* Changing the tree: 0 or -errno (EROFS on the initramfs). */
int vfs_mkdir(struct dentry *start, const char *path, umode_t mode);
/* Create node @path (relative to @start, NULL: cwd) of type and mode
 * @mode (S_IFREG, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK; 0: regular),
 * device @dev; 0 or -errno (EPERM for a directory, EINVAL: other type). */
int vfs_mknod(struct dentry *start, const char *path, umode_t mode, u32 dev);
int vfs_unlink(struct dentry *start, const char *path, bool dir);
int vfs_symlink(struct dentry *start, const char *path, const char *target);
/* renameat2(2)'s flags (kernel/fs/link.c vfs_rename()). */
#define RENAME_NOREPLACE 0x1	/* EEXIST rather than replace */
#define RENAME_EXCHANGE 0x2	/* swap two existing names */
#define RENAME_WHITEOUT 0x4	/* union file systems: EINVAL here */
int vfs_rename(struct dentry *ostart, const char *opath,
	       struct dentry *nstart, const char *npath, unsigned int flags);
int vfs_truncate(struct inode *inode, u64 size);
/* May @inode grow to @size? 0, or -EFBIG with SIGXFSZ past RLIMIT_FSIZE. */
int inode_newsize_ok(const struct inode *inode, u64 size);

/* Generic helpers for file systems. */
loff_t generic_file_llseek(struct file *f, loff_t offset, int whence);
extern const struct file_operations dir_fops;	/* calls i_op->readdir */

/* ---- file descriptors (fdtable.c): all act on current->files ---- */

/* A process's descriptor table, shared by CLONE_FILES threads. It
 * starts in the structure itself (the _init arrays) and grows, as
 * Linux's expand_files(), into one allocation when a descriptor past
 * max_fds is asked for (fdtable.c). */
struct files_struct {
	refcount_t count;		/* tasks sharing it */
	spinlock_t file_lock;		/* guards everything below */
	unsigned int max_fds;		/* slots in fd[], bits in the maps */
	struct file **fd;		/* NULL: free (or reserved) */
	u64 *open_fds;			/* in use or reserved */
	u64 *cloexec_fds;		/* FD_CLOEXEC */
	struct file *fd_init[NR_OPEN_DEFAULT];
	u64 open_fds_init[NR_OPEN_DEFAULT / 64];
	u64 cloexec_fds_init[NR_OPEN_DEFAULT / 64];
};

/* file_lock held: is descriptor @fd of @files (< max_fds) FD_CLOEXEC? */
static inline bool fd_is_cloexec(const struct files_struct *files, unsigned int fd)
{
	return files->cloexec_fds[fd / 64] & (1ull << (fd % 64));
}

/* Root, cwd and umask, shared by CLONE_FS threads. */
struct fs_struct {
	refcount_t users;		/* tasks sharing it */
	spinlock_t lock;
	struct dentry *root, *pwd;	/* referenced */
	int umask;
};

#define FD_CLOEXEC 1

/* The file at @fd with a reference (fput it), or NULL; NULL for an O_PATH
 * descriptor too, which only the calls that take fget_raw() accept. */
struct file *fget(unsigned int fd);
/* fget() that also returns O_PATH descriptors (Linux's fget_raw). */
struct file *fget_raw(unsigned int fd);
/* Reserve the lowest free descriptor (O_CLOEXEC in @flags); or -EMFILE. */
int get_unused_fd_flags(unsigned int flags);
/* The same, at @from or above (F_DUPFD); -EINVAL past the table. */
int alloc_fd(unsigned int from, unsigned int flags);
void put_unused_fd(unsigned int fd);
/* Put @f (its reference moves to the table) at reserved @fd. */
void fd_install(unsigned int fd, struct file *f);
/* close(2): 0 or -EBADF. */
int close_fd(unsigned int fd);
/* dup2/dup3: put @f at @newfd, closing what was there; @newfd or -errno. */
int replace_fd(unsigned int newfd, struct file *f, unsigned int flags);
int get_close_on_exec(unsigned int fd);
int set_close_on_exec(unsigned int fd, bool on);
/* How many descriptors current may use (RLIMIT_NOFILE, at most NR_OPEN_MAX). */
unsigned int fd_limit(void);

/* fs_struct: root, cwd and umask (fdtable.c); set_fs_pwd()/root() take
 * their own reference to @d. */
void set_fs_pwd(struct fs_struct *fs, struct dentry *d);
void set_fs_root(struct fs_struct *fs, struct dentry *d);
int current_umask(void);
/* Set current's umask; returns the old one. */
int set_current_umask(int mask);

/* ---- pipes (pipe.c), devices (char_dev.c), root fs (ramfs/) ---- */

#define PIPE_BUF 4096		/* writes up to this size are atomic */
#define PIPE_SIZE (64 * 1024)	/* capacity, as Linux's default */

/* A pipe: @files[0] the read end, @files[1] the write end. */
int create_pipe_files(struct file **files, int flags);

/* The file operations of char device @dev, or NULL. */
const struct file_operations *chrdev_fops(u32 dev);
/* Is @f open on /dev/zero? Its mmap is anonymous memory (Linux's
 * mmap_zero()): private, or shared across fork for MAP_SHARED. */
bool file_is_dev_zero(const struct file *f);
extern const struct file_operations def_chr_fops;	/* looks up i_rdev */

/*
 * The root file system from the initramfs (initramfs.c, vfs_init()).
 * *@in_use: some file still points into @archive (see
 * ramfs_set_contents()), which must then stay; otherwise it may be freed.
 */
struct super_block *initramfs_unpack(const void *archive, u64 size,
				     bool *in_use);
/* A regular file of ramfs instance @sb that no directory names
 * (memfd_create); referenced once, or NULL. */
struct inode *ramfs_new_file(struct super_block *sb, umode_t mode);
/* A new, empty ramfs instance ("tmpfs" for /tmp: flags 0, mode 01777).
 * A tmpfs is limited to half of memory (size=), unless SB_KERNMOUNT. */
struct super_block *ramfs_create(const char *type, unsigned int flags,
				 umode_t root_mode);
/* Kernel-side creation in ramfs, whatever the SB_RDONLY flag says; the
 * inode returned belongs to the tree (not referenced), NULL on failure. */
struct inode *ramfs_mknod(struct inode *dir, const char *name, size_t len,
			  umode_t mode, u32 rdev);
/*
 * A new regular file's bytes or symlink's target, copied: a regular file
 * into whole pages of its own (page-backed, see ramfs_file_page()), so
 * @data may be freed afterwards: 0. A regular file that cannot get such
 * pages (over 4 MiB, or out of memory) points to @data, which must then
 * stay for ever: 1. Or -EINVAL.
 */
int ramfs_set_contents(struct inode *inode, const void *data, size_t size);
/* The bytes of a ramfs regular file (for exec), or -EACCES, -ENOMEM: a
 * root file's own, a tmpfs file's as a copy taken now (a writer cannot
 * change or free what exec reads). Give back with ramfs_file_data_put(). */
int ramfs_file_data(struct inode *inode, const void **data, u64 *size);
/* Done with ramfs_file_data()'s @data of @inode (frees a copy). */
void ramfs_file_data_put(struct inode *inode, const void *data);
struct address_space;
/*
 * mmap: the memory object (kernel/mm/filemap.h) holding regular file
 * @inode's pages, referenced: a tmpfs file's, or a page-backed root
 * file's (*@may_write false: a shared mapping may not write them).
 * ERR_PTR(-ENODEV) for any other file.
 */
struct address_space *ramfs_file_mapping(struct inode *inode, bool *may_write);
/*
 * exec: the page holding page @pgoff of page-backed file @inode (the
 * root's, see ramfs_set_contents(); zeroes past the end of the file), on
 * which the file system keeps a reference until the inode goes, for
 * vm_insert_page(). NULL for any other file (exec copies a tmpfs file,
 * which a writer may change), or past the end.
 */
struct page *ramfs_file_page(struct inode *inode, u64 pgoff);

#endif
