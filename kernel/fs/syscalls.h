/*
 * The file system calls of the Linux x86_64 ABI: their prototypes, with
 * Linux's parameter types, the user-visible structures they fill (struct
 * stat, struct statx, struct linux_dirent64, exactly Linux's layouts).
 * fd_syscalls.c has the descriptor calls, path_syscalls.c the ones
 * that take a path; kernel/syscall_table.c puts them in the table.
 */
#ifndef KERNEL_FS_SYSCALLS_H
#define KERNEL_FS_SYSCALLS_H

#include "kernel/time/time_kernel.h"
#include "kernel/uaccess.h"
#include "kernel/fs/vfs.h"
#include "lib/types.h"

/* arch/x86/include/uapi/asm/stat.h (x86_64) */
struct stat {
	u64 st_dev;
	u64 st_ino;
	u64 st_nlink;
	u32 st_mode;
	u32 st_uid;
	u32 st_gid;
	u32 __pad0;
	u64 st_rdev;
	s64 st_size;
	s64 st_blksize;
	s64 st_blocks;		/* 512-byte blocks */
	struct kernel_timespec st_atim, st_mtim, st_ctim;
	s64 __reserved[3];
};
_Static_assert(sizeof(struct stat) == 144, "Linux x86_64 struct stat");
_Static_assert(offsetof(struct stat, st_mode) == 24, "st_mode");
_Static_assert(offsetof(struct stat, st_size) == 48, "st_size");
_Static_assert(offsetof(struct stat, st_mtim) == 88, "st_mtim");

/* include/uapi/linux/stat.h */
struct statx_timestamp {
	s64 tv_sec;
	u32 tv_nsec;
	s32 __reserved;
};

struct statx {
	u32 stx_mask;
	u32 stx_blksize;
	u64 stx_attributes;
	u32 stx_nlink;
	u32 stx_uid;
	u32 stx_gid;
	u16 stx_mode;
	u16 __spare0;
	u64 stx_ino;
	u64 stx_size;
	u64 stx_blocks;
	u64 stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	u32 stx_rdev_major, stx_rdev_minor;
	u32 stx_dev_major, stx_dev_minor;
	u64 stx_mnt_id;
	u32 stx_dio_mem_align, stx_dio_offset_align;
	u64 __spare3[12];
};
_Static_assert(sizeof(struct statx) == 256, "Linux struct statx");
_Static_assert(offsetof(struct statx, stx_rdev_major) == 128, "stx_rdev");

#define STATX_BASIC_STATS 0x000007ffU
#define AT_STATX_SYNC_TYPE 0x6000

/* include/uapi/asm-generic/statfs.h, as x86_64 has it (longs, 120 bytes) */
struct statfs {
	long f_type;			/* the file system's magic */
	long f_bsize;
	u64 f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int f_fsid[2];
	long f_namelen;
	long f_frsize;
	long f_flags;			/* ST_* */
	long f_spare[4];
};
_Static_assert(sizeof(struct statfs) == 120, "Linux x86_64 struct statfs");
_Static_assert(offsetof(struct statfs, f_namelen) == 64, "f_namelen");

/* include/linux/dirent.h: what getdents64 writes, 8-byte aligned. */
struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;		/* position of the next entry */
	u16 d_reclen;
	u8 d_type;
	char d_name[];
};
_Static_assert(offsetof(struct linux_dirent64, d_name) == 19, "dirent64");

#define UIO_MAXIOV 1024
/* Copy and check the user's iovec array of @vlen (at most UIO_MAXIOV)
 * segments, the total in *@total capped at MAX_RW_COUNT: a kmalloc'ed
 * copy (kfree it), or ERR_PTR(-EINVAL, -EFAULT, -ENOMEM). */
struct iovec *import_iovec(const struct iovec __user *uvec,
			   unsigned long vlen, size_t *total);
#define MAX_RW_COUNT (0x7fffffffl & ~(long)(PAGE_SIZE - 1))

/* fcntl(2) */
#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_SETOWN 8
#define F_GETOWN 9
#define F_SETSIG 10
#define F_GETSIG 11
#define F_SETOWN_EX 15
#define F_GETOWN_EX 16
#define F_OWNER_TID 0		/* struct f_owner_ex's type */
#define F_OWNER_PID 1
#define F_OWNER_PGRP 2
struct f_owner_ex {		/* F_SETOWN_EX, F_GETOWN_EX */
	int type;
	pid_t pid;
};
#define F_DUPFD_CLOEXEC 1030
#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032
/* ioctl(2) on any descriptor */
#define FIONCLEX 0x5450
#define FIOCLEX 0x5451
/* ioctl(2) a file may answer itself: the bytes a read could take now */
#define FIONREAD 0x541B

/* fd_syscalls.c: descriptors and I/O */
long sys_read(unsigned int fd, char __user *buf, size_t count);
long sys_write(unsigned int fd, const char __user *buf, size_t count);
long sys_pread64(unsigned int fd, char __user *buf, size_t count, loff_t pos);
long sys_pwrite64(unsigned int fd, const char __user *buf, size_t count,
		  loff_t pos);
long sys_readv(unsigned long fd, const struct iovec __user *vec,
	       unsigned long vlen);
long sys_writev(unsigned long fd, const struct iovec __user *vec,
		unsigned long vlen);
/* flock(2): LOCK_SH, LOCK_EX (LOCK_NB: -EWOULDBLOCK, not wait) or
 * LOCK_UN on @fd's open file; its lock goes with the file's last close.
 * Sleeps; a signal ends the wait (-ERESTARTSYS). */
long sys_flock(unsigned int fd, unsigned int cmd);
/* sysfs(2), the obsolete call (kernel/fs/statfs.c): @option 1 gives the
 * index of type name @arg1, 2 copies the name of index @arg1 to @arg2,
 * 3 the number of types; -EINVAL for an unknown name, index or option,
 * -EFAULT for a bad pointer. */
long sys_sysfs(int option, unsigned long arg1, unsigned long arg2);
/* close_range(2): close every open descriptor in [@fd, @max_fd], or with
 * CLOSE_RANGE_CLOEXEC mark them close-on-exec; CLOSE_RANGE_UNSHARE first
 * gives current a table of its own. -EINVAL for @fd > @max_fd or other
 * flags (kernel/fs/fdtable.c). */
long sys_close_range(unsigned int fd, unsigned int max_fd, unsigned int flags);
/* preadv(2), pwritev(2): readv/writev at an offset (its low long; the
 * file position stays); -EINVAL for a negative one, -ESPIPE on a pipe. */
long sys_preadv(unsigned long fd, const struct iovec __user *vec,
		unsigned long vlen, unsigned long pos_l, unsigned long pos_h);
long sys_pwritev(unsigned long fd, const struct iovec __user *vec,
		 unsigned long vlen, unsigned long pos_l, unsigned long pos_h);
/* preadv2(2), pwritev2(2): the same with RWF_* @flags (unknown ones and
 * RWF_NOWAIT -EOPNOTSUPP); offset -1 is the file position. */
long sys_preadv2(unsigned long fd, const struct iovec __user *vec,
		 unsigned long vlen, unsigned long pos_l, unsigned long pos_h,
		 int flags);
long sys_pwritev2(unsigned long fd, const struct iovec __user *vec,
		  unsigned long vlen, unsigned long pos_l, unsigned long pos_h,
		  int flags);
long sys_open(const char __user *filename, int flags, umode_t mode);
long sys_openat(int dfd, const char __user *filename, int flags,
		umode_t mode);
long sys_creat(const char __user *pathname, umode_t mode);
struct open_how;
long sys_openat2(int dfd, const char __user *filename,
		 const struct open_how __user *uhow, size_t usize);
long sys_close(unsigned int fd);
long sys_lseek(unsigned int fd, loff_t offset, unsigned int whence);
long sys_getdents64(unsigned int fd, struct linux_dirent64 __user *dirent,
		    unsigned int count);
long sys_dup(unsigned int fildes);
long sys_dup2(unsigned int oldfd, unsigned int newfd);
long sys_dup3(unsigned int oldfd, unsigned int newfd, int flags);
long sys_fcntl(unsigned int fd, unsigned int cmd, unsigned long arg);
long sys_pipe(int __user *fildes);
long sys_pipe2(int __user *fildes, int flags);
long sys_ioctl(unsigned int fd, unsigned int cmd, unsigned long arg);
long sys_ftruncate(unsigned int fd, loff_t length);
long sys_fallocate(int fd, int mode, loff_t offset, loff_t len);
long sys_fchdir(unsigned int fd);
long sys_fstat(unsigned int fd, struct stat __user *statbuf);
long sys_fsync(unsigned int fd);
/* fsync(2) of @f (io_uring's IORING_OP_FSYNC too): nothing to write
 * back, everything is in memory: 0; but EINVAL, as Linux, for what has
 * no ->fsync (pipes, devices). */
long vfs_fsync(struct file *f);
long sys_fdatasync(unsigned int fd);
long sys_sync(void);

/* path_syscalls.c: paths */
long sys_stat(const char __user *filename, struct stat __user *statbuf);
long sys_lstat(const char __user *filename, struct stat __user *statbuf);
long sys_newfstatat(int dfd, const char __user *filename,
		    struct stat __user *statbuf, int flag);
long sys_statx(int dfd, const char __user *filename, unsigned int flags,
	       unsigned int mask, struct statx __user *buffer);
long sys_access(const char __user *filename, int mode);
long sys_faccessat(int dfd, const char __user *filename, int mode);
long sys_faccessat2(int dfd, const char __user *filename, int mode,
		    int flags);
long sys_readlink(const char __user *path, char __user *buf, int bufsiz);
long sys_readlinkat(int dfd, const char __user *path, char __user *buf,
		    int bufsiz);
long sys_getcwd(char __user *buf, unsigned long size);
long sys_chdir(const char __user *filename);
long sys_chroot(const char __user *filename);
long sys_umask(int mask);
long sys_mkdir(const char __user *pathname, umode_t mode);
long sys_mknodat(int dfd, const char __user *pathname, umode_t mode,
		 unsigned int dev);
long sys_mknod(const char __user *pathname, umode_t mode, unsigned int dev);
long sys_mkdirat(int dfd, const char __user *pathname, umode_t mode);
long sys_rmdir(const char __user *pathname);
long sys_unlink(const char __user *pathname);
long sys_unlinkat(int dfd, const char __user *pathname, int flag);
long sys_rename(const char __user *oldname, const char __user *newname);
long sys_renameat(int olddfd, const char __user *oldname, int newdfd,
		  const char __user *newname);
long sys_renameat2(int olddfd, const char __user *oldname, int newdfd,
		   const char __user *newname, unsigned int flags);
long sys_truncate(const char __user *path, long length);
/* The inode a stat-like call names, referenced (@flags beyond @allowed:
 * -EINVAL); open.c shares it. */
struct inode *stat_target(int dfd, const char __user *filename,
			  int flags, int allowed);
/* The inode open file @fd is on, referenced, or ERR_PTR(-EBADF). */
struct inode *fd_inode(unsigned int fd);

/* open.c: owners and modes */
long sys_chmod(const char __user *filename, umode_t mode);
long sys_fchmod(unsigned int fd, umode_t mode);
long sys_fchmodat(int dfd, const char __user *filename, umode_t mode);
long sys_chown(const char __user *filename, u32 user, u32 group);
long sys_lchown(const char __user *filename, u32 user, u32 group);
long sys_fchown(unsigned int fd, u32 user, u32 group);
long sys_fchownat(int dfd, const char __user *filename, u32 user,
		  u32 group, int flag);
long sys_symlinkat(const char __user *oldname, int newdfd,
		   const char __user *newname);
long sys_symlink(const char __user *oldname, const char __user *newname);

/* memfd.c */
long sys_memfd_create(const char __user *uname, unsigned int flags);

/* anon/eventpoll.c */
struct epoll_event;
long sys_epoll_create1(int flags);
long sys_epoll_create(int size);
long sys_epoll_ctl(int epfd, int op, int fd, struct epoll_event __user *uev);
long sys_epoll_wait(int epfd, struct epoll_event __user *uev, int maxevents,
		    int timeout);
long sys_epoll_pwait(int epfd, struct epoll_event __user *uev, int maxevents,
		     int timeout, const sigset_t __user *umask, u64 size);
long sys_epoll_pwait2(int epfd, struct epoll_event __user *uev, int maxevents,
		      const struct timespec __user *uts,
		      const sigset_t __user *umask, u64 size);
/* anon/pidfd.c */
long sys_pidfd_open(pid_t pid, unsigned int flags);
long sys_pidfd_getfd(int pidfd, int fd, unsigned int flags);
/* anon/eventfd.c */
long sys_eventfd2(unsigned int count, int flags);
long sys_eventfd(unsigned int count);
/* anon/userfaultfd.c */
long sys_userfaultfd(int flags);

/* fhandle.c */
struct file_handle;
long sys_name_to_handle_at(int dfd, const char __user *name,
			   struct file_handle __user *handle,
			   int __user *mnt_id, int flag);
long sys_open_by_handle_at(int mountdirfd, struct file_handle __user *handle,
			   int flags);

/* link.c */
long sys_linkat(int olddfd, const char __user *oldname, int newdfd,
		const char __user *newname, int flags);
long sys_link(const char __user *oldname, const char __user *newname);

/* utimes.c */
long sys_utimensat(int dfd, const char __user *filename,
		   const struct kernel_timespec __user *utimes, int flags);
long sys_futimesat(int dfd, const char __user *filename,
		   const void __user *utimes);
long sys_utimes(const char __user *filename, const void __user *utimes);
long sys_utime(const char __user *filename, const void __user *times);

/* select.c */
struct pollfd;
struct timeval;
long sys_poll(struct pollfd __user *ufds, unsigned int nfds, int timeout_ms);
long sys_ppoll(struct pollfd __user *ufds, unsigned int nfds,
	       struct timespec __user *tsp, const sigset_t __user *sigmask,
	       u64 sigsetsize);
long sys_select(int n, u64 __user *inp, u64 __user *outp, u64 __user *exp,
		struct timeval __user *tvp);
long sys_pselect6(int n, u64 __user *inp, u64 __user *outp, u64 __user *exp,
		  struct timespec __user *tsp, const void __user *sig);

/* fd_syscalls.c (sendfile), fadvise.c (and readahead, sync_file_range) */
long sys_sendfile64(int out_fd, int in_fd, loff_t __user *offset, size_t count);
/* Copy up to @count bytes from @in at *@pos to @out at *@opos through a
 * kernel page (sendfile, copy_file_range); bytes copied or -errno. */
long copy_through_page(struct file *in, loff_t *pos, struct file *out,
		       loff_t *opos, size_t count);
long sys_fadvise64(int fd, loff_t offset, loff_t len, int advice);
long sys_readahead(int fd, loff_t offset, size_t count);
long sys_sync_file_range(int fd, loff_t offset, loff_t nbytes,
			 unsigned int flags);

/* pipe/splice.c */
long sys_splice(int fd_in, loff_t __user *off_in, int fd_out,
		loff_t __user *off_out, size_t len, unsigned int flags);
long sys_tee(int fdin, int fdout, size_t len, unsigned int flags);
long sys_vmsplice(int fd, const struct iovec __user *uiov,
		  unsigned long nr_segs, unsigned int flags);
long sys_copy_file_range(int fd_in, loff_t __user *off_in, int fd_out,
			 loff_t __user *off_out, size_t len, unsigned int flags);

/* anon/timerfd.c */
struct itimerspec;
long sys_timerfd_create(int clockid, int flags);
long sys_timerfd_settime(int fd, int flags, const struct itimerspec __user *unew,
			 struct itimerspec __user *uold);
long sys_timerfd_gettime(int fd, struct itimerspec __user *ucur);

/* anon/signalfd.c */
long sys_signalfd4(int ufd, const sigset_t __user *umask, size_t sizemask,
		   int flags);
long sys_signalfd(int ufd, const sigset_t __user *umask, size_t sizemask);

/* statfs.c */
long sys_statfs(const char __user *pathname, struct statfs __user *buf);
/* kernel/fs/namespace.c */
long sys_mount(char __user *dev_name, char __user *dir_name, char __user *type,
	       unsigned long flags, void __user *data);
long sys_umount2(char __user *name, int flags);
/* kernel/ns/mnt_namespace.c, pnode.c */
long sys_pivot_root(const char __user *new_root, const char __user *put_old);
struct mount_attr;
long sys_mount_setattr(int dfd, const char __user *path, unsigned int flags,
		       struct mount_attr __user *uattr, size_t usize);
long sys_fstatfs(unsigned int fd, struct statfs __user *buf);
struct ustat;
long sys_ustat(unsigned int dev, struct ustat __user *ubuf);

/* xattr/xattr.c: extended attributes; the l* forms do not follow a last
 * symlink, the f* forms take an open descriptor (not O_PATH). */
long sys_setxattr(const char __user *path, const char __user *name,
		  const void __user *value, size_t size, int flags);
/* lsetxattr(2): setxattr on a symlink itself. */
long sys_lsetxattr(const char __user *path, const char __user *name,
		   const void __user *value, size_t size, int flags);
/* fsetxattr(2): setxattr on open file @fd. */
long sys_fsetxattr(int fd, const char __user *name, const void __user *value,
		   size_t size, int flags);
long sys_getxattr(const char __user *path, const char __user *name,
		  void __user *value, size_t size);
/* lgetxattr(2): getxattr on a symlink itself. */
long sys_lgetxattr(const char __user *path, const char __user *name,
		   void __user *value, size_t size);
/* fgetxattr(2): getxattr on open file @fd. */
long sys_fgetxattr(int fd, const char __user *name, void __user *value,
		   size_t size);
long sys_listxattr(const char __user *path, char __user *list, size_t size);
/* llistxattr(2): listxattr of a symlink itself. */
long sys_llistxattr(const char __user *path, char __user *list, size_t size);
/* flistxattr(2): listxattr of open file @fd. */
long sys_flistxattr(int fd, char __user *list, size_t size);
long sys_removexattr(const char __user *path, const char __user *name);
/* lremovexattr(2): removexattr on a symlink itself. */
long sys_lremovexattr(const char __user *path, const char __user *name);
/* fremovexattr(2): removexattr on open file @fd. */
long sys_fremovexattr(int fd, const char __user *name);

#endif
