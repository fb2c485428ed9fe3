/*
 * Self-tests for the VFS below the system calls: path lookup, the root
 * file system unpacked from the real initramfs, reading with offsets,
 * readdir, tmpfs changes, symlinks, the fd table, seq_buf files, a
 * pseudo file system mounted the way /proc will be, /dev devices and
 * kernel_read_file(). They run in pid 1 before user space, so each test
 * gives current its own files_struct and fs_struct and restores the old
 * ones (see vfs_test_enter()).
 */
#include "arch/x86_64/mmu.h"
#include "kernel/fs_syscalls.h"
#include "kernel/ktest.h"
#include "kernel/seq_buf.h"
#include "kernel/slab.h"
#include "kernel/vfs.h"
#include "kernel/vfs_test.h"
#include "lib/bootinfo.h"
#include "lib/bug.h"
#include "lib/cpio.h"
#include "lib/err.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"

extern struct boot_info boot_info;

/* Make sure the root file system exists (ktest runs before user space). */
void vfs_test_init(void)
{
	if (boot_info.nr_mod)
		vfs_init(phys_to_virt(boot_info.mod[0].start),
			 boot_info.mod[0].end - boot_info.mod[0].start);
	else
		vfs_init(NULL, 0);
}

void vfs_test_enter(struct vfs_test_env *env)
{
	vfs_test_init();
	env->files = current->files;
	env->fs = current->fs;
	current->files = files_alloc();
	current->fs = fs_alloc_root();
	BUG_ON(!current->files || !current->fs);
}

void vfs_test_leave(struct vfs_test_env *env)
{
	put_files(current->files);
	put_fs(current->fs);
	current->files = env->files;
	current->fs = env->fs;
}

/* The errno of a lookup (0 when found). */
static long lookup_err(const char *path, unsigned int flags)
{
	struct dentry *d = path_lookup(path, flags);

	if (IS_ERR(d))
		return PTR_ERR(d);
	dput(d);
	return 0;
}

static u64 lookup_ino(const char *path)
{
	struct dentry *d = path_lookup(path, LOOKUP_FOLLOW);
	u64 ino;

	if (IS_ERR(d))
		return 0;
	ino = d->d_inode->i_ino;
	dput(d);
	return ino;
}

static long open_err(const char *path, int flags)
{
	struct file *f = filp_open(path, flags, 0644);

	if (IS_ERR(f))
		return PTR_ERR(f);
	fput(f);
	return 0;
}

KTEST(vfs_path_lookup)
{
	struct vfs_test_env env;
	char name[NAME_MAX + 8], *longpath;
	u64 motd;
	struct dentry *d;

	vfs_test_enter(&env);
	motd = lookup_ino("/etc/motd");
	KT_EXPECT(t, motd != 0);
	KT_EXPECT(t, lookup_ino("//etc///motd") == motd);
	KT_EXPECT(t, lookup_ino("/etc/./motd") == motd);
	KT_EXPECT(t, lookup_ino("/etc/../etc/motd") == motd);
	KT_EXPECT(t, lookup_ino("/../../etc/motd") == motd);	/* ".." at "/" */
	KT_EXPECT(t, lookup_ino("etc/motd") == motd);		/* from cwd "/" */
	KT_EXPECT(t, lookup_ino("/etc/") == lookup_ino("/etc"));
	KT_EXPECT(t, lookup_ino("/") == lookup_ino("/.."));
	KT_EXPECT(t, lookup_err("/etc/motd/", 0) == -ENOTDIR);
	KT_EXPECT(t, lookup_err("/etc/motd/x", 0) == -ENOTDIR);
	KT_EXPECT(t, lookup_err("/etc/motd", LOOKUP_DIRECTORY) == -ENOTDIR);
	KT_EXPECT(t, lookup_err("/nonexistent", 0) == -ENOENT);
	KT_EXPECT(t, lookup_err("/nonexistent/x", 0) == -ENOENT);
	KT_EXPECT(t, lookup_err("", 0) == -ENOENT);
	memset(name, 'a', NAME_MAX + 1);
	name[NAME_MAX + 1] = '\0';
	KT_EXPECT(t, lookup_err(name, 0) == -ENAMETOOLONG);
	name[NAME_MAX] = '\0';
	KT_EXPECT(t, lookup_err(name, 0) == -ENOENT);
	longpath = kmalloc(PATH_MAX + 1, GFP_KERNEL);
	memset(longpath, '/', PATH_MAX);
	longpath[PATH_MAX] = '\0';
	KT_EXPECT(t, lookup_err(longpath, 0) == -ENAMETOOLONG);
	longpath[PATH_MAX - 1] = '\0';			/* 4095 slashes: "/" */
	KT_EXPECT(t, lookup_err(longpath, 0) == 0);
	kfree(longpath);

	/* Relative to a cwd of /etc; ".." climbs back. */
	d = path_lookup("/etc", LOOKUP_DIRECTORY);
	KT_EXPECT(t, !IS_ERR(d));
	if (!IS_ERR(d)) {
		set_fs_pwd(current->fs, d);
		dput(d);
	}
	KT_EXPECT(t, lookup_ino("motd") == motd);
	KT_EXPECT(t, lookup_ino("./motd") == motd);
	KT_EXPECT(t, lookup_ino("../etc/motd") == motd);
	KT_EXPECT(t, lookup_ino("..") == lookup_ino("/"));
	vfs_test_leave(&env);
}

KTEST(vfs_d_path)
{
	struct vfs_test_env env;
	struct dentry *d;
	char buf[32];

	vfs_test_enter(&env);
	d = path_lookup("/etc//./motd", 0);
	KT_EXPECT(t, !IS_ERR(d));
	if (!IS_ERR(d)) {
		KT_EXPECT(t, d_path(d, buf, sizeof(buf)) == 9);
		KT_EXPECT(t, !strcmp(buf, "/etc/motd"));
		KT_EXPECT(t, d_path(d, buf, 9) == -ERANGE);
		dput(d);
	}
	d = current_root();
	KT_EXPECT(t, d_path(d, buf, sizeof(buf)) == 1 && !strcmp(buf, "/"));
	dput(d);
	vfs_test_leave(&env);
}

KTEST(vfs_initramfs_contents)
{
	struct vfs_test_env env;
	struct cpio_entry e;
	struct file *f;
	char *buf;
	long n;

	vfs_test_enter(&env);
	KT_EXPECT(t, boot_info.nr_mod > 0);
	KT_EXPECT(t, cpio_find(phys_to_virt(boot_info.mod[0].start),
			       boot_info.mod[0].end - boot_info.mod[0].start,
			       "etc/motd", &e) == 1);
	f = filp_open("/etc/motd", O_RDONLY, 0);
	KT_EXPECT(t, !IS_ERR(f));
	if (IS_ERR(f))
		goto out;
	KT_EXPECT(t, S_ISREG(f->f_inode->i_mode));
	KT_EXPECT(t, f->f_inode->i_size == e.size);
	buf = kmalloc(e.size + 16, GFP_KERNEL);
	n = kernel_read(f, buf, e.size + 16);
	KT_EXPECTF(t, n == (long)e.size, "read %ld of %zu", n, e.size);
	KT_EXPECT(t, n > 0 && !memcmp(buf, e.data, e.size));
	KT_EXPECT(t, kernel_read(f, buf, 16) == 0);		/* end of file */
	kfree(buf);
	fput(f);
	KT_EXPECT(t, lookup_err("/bin", LOOKUP_DIRECTORY) == 0);
	KT_EXPECT(t, lookup_err("/dev/console", 0) == 0);
	KT_EXPECT(t, lookup_err("/tmp", LOOKUP_DIRECTORY) == 0);
	KT_EXPECT(t, lookup_err("/proc", LOOKUP_DIRECTORY) == 0);
out:
	vfs_test_leave(&env);
}

KTEST(vfs_read_offsets)
{
	struct vfs_test_env env;
	char all[64], part[8];
	struct file *f;
	long size;

	vfs_test_enter(&env);
	f = filp_open("/etc/motd", O_RDONLY, 0);
	KT_EXPECT(t, !IS_ERR(f));
	if (IS_ERR(f))
		goto out;
	size = (long)f->f_inode->i_size;
	KT_EXPECT(t, kernel_read(f, all, sizeof(all)) == MIN(size, 64));
	KT_EXPECT(t, vfs_llseek(f, 5, SEEK_SET) == 5);
	KT_EXPECT(t, kernel_read(f, part, 8) == 8 && !memcmp(part, all + 5, 8));
	KT_EXPECT(t, vfs_llseek(f, -3, SEEK_CUR) == 10);
	KT_EXPECT(t, kernel_read(f, part, 2) == 2 && !memcmp(part, all + 10, 2));
	KT_EXPECT(t, vfs_llseek(f, 0, SEEK_END) == size);
	KT_EXPECT(t, kernel_read(f, part, 8) == 0);
	KT_EXPECT(t, vfs_llseek(f, -1, SEEK_SET) == -EINVAL);
	KT_EXPECT(t, vfs_llseek(f, 0, 7) == -EINVAL);
	KT_EXPECT(t, vfs_llseek(f, size + 100, SEEK_SET) == size + 100);
	KT_EXPECT(t, kernel_read(f, part, 8) == 0);
	KT_EXPECT(t, kernel_write(f, "x", 1) == -EBADF);	/* read-only */
	fput(f);
out:
	vfs_test_leave(&env);
}

struct name_list {
	struct dir_context ctx;
	int n, max;		/* stop after max entries (0: never) */
	char names[40][16];
};

static bool collect(struct dir_context *ctx, const char *name, size_t len,
		    u64 ino, unsigned int type)
{
	struct name_list *l = container_of(ctx, struct name_list, ctx);

	if ((l->max && l->n >= l->max) || l->n >= 40)
		return false;
	strlcpy(l->names[l->n], name, MIN(len + 1, sizeof(l->names[0])));
	l->n++;
	return true;
}

static bool listed(struct name_list *l, const char *name)
{
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->names[i], name))
			return true;
	return false;
}

KTEST(vfs_readdir_root)
{
	struct vfs_test_env env;
	struct name_list *all = kzalloc(sizeof(*all), GFP_KERNEL);
	struct name_list *part = kzalloc(sizeof(*part), GFP_KERNEL);
	struct file *f;
	int total = 0, rounds = 0;

	vfs_test_enter(&env);
	f = filp_open("/", O_RDONLY | O_DIRECTORY, 0);
	KT_EXPECT(t, !IS_ERR(f));
	if (IS_ERR(f))
		goto out;
	all->ctx.actor = collect;
	KT_EXPECT(t, vfs_readdir(f, &all->ctx) == 0);
	KT_EXPECT(t, all->n >= 7 && !strcmp(all->names[0], ".") &&
		  !strcmp(all->names[1], ".."));
	KT_EXPECT(t, listed(all, "bin") && listed(all, "etc") &&
		  listed(all, "dev") && listed(all, "tmp") && listed(all, "proc"));
	/* Again, two entries per call: the position carries on. */
	KT_EXPECT(t, vfs_llseek(f, 0, SEEK_SET) == 0);
	part->ctx.actor = collect;
	do {
		part->max += 2;
		vfs_readdir(f, &part->ctx);
		rounds++;
	} while (part->n == part->max && rounds < 40);
	total = part->n;
	KT_EXPECT(t, total == all->n);
	for (int i = 0; i < total && i < all->n; i++)
		KT_EXPECT(t, !strcmp(part->names[i], all->names[i]));
	KT_EXPECT(t, kernel_read(f, part->names, 4) == -EISDIR);
	fput(f);
out:
	kfree(all);
	kfree(part);
	vfs_test_leave(&env);
}

KTEST(vfs_readonly_root_errors)
{
	struct vfs_test_env env;

	vfs_test_enter(&env);
	KT_EXPECT(t, open_err("/etc", O_WRONLY) == -EISDIR);
	KT_EXPECT(t, open_err("/etc/motd", O_WRONLY) == -EROFS);
	KT_EXPECT(t, open_err("/etc/motd", O_RDONLY | O_CREAT) == 0);
	KT_EXPECT(t, open_err("/etc/motd", O_RDONLY | O_CREAT | O_EXCL) == -EEXIST);
	KT_EXPECT(t, open_err("/etc/new", O_WRONLY | O_CREAT) == -EROFS);
	KT_EXPECT(t, open_err("/no/such/file", O_WRONLY | O_CREAT) == -ENOENT);
	KT_EXPECT(t, open_err("/etc/motd", O_RDONLY | O_DIRECTORY) == -ENOTDIR);
	KT_EXPECT(t, open_err("/", O_RDONLY | O_CREAT) == -EISDIR);
	KT_EXPECT(t, vfs_mkdir(NULL, "/etc/x", 0755) == -EROFS);
	KT_EXPECT(t, vfs_mkdir(NULL, "/etc", 0755) == -EEXIST);
	KT_EXPECT(t, vfs_mkdir(NULL, "/", 0755) == -EEXIST);
	KT_EXPECT(t, vfs_mkdir(NULL, "/no/such", 0755) == -ENOENT);
	KT_EXPECT(t, vfs_unlink(NULL, "/etc/motd", false) == -EROFS);
	KT_EXPECT(t, vfs_unlink(NULL, "/etc", false) == -EISDIR);
	KT_EXPECT(t, vfs_unlink(NULL, "/etc/nothing", false) == -ENOENT);
	KT_EXPECT(t, vfs_unlink(NULL, "/etc/motd", true) == -ENOTDIR);
	KT_EXPECT(t, vfs_unlink(NULL, "/", true) == -EBUSY);
	KT_EXPECT(t, vfs_unlink(NULL, "/etc/.", true) == -EINVAL);
	KT_EXPECT(t, vfs_unlink(NULL, "/tmp", true) == -EBUSY);	/* mounted */
	KT_EXPECT(t, vfs_rename(NULL, "/etc/motd", NULL, "/etc/m2") == -EROFS);
	KT_EXPECT(t, vfs_rename(NULL, "/etc/motd", NULL, "/tmp/m2") == -EXDEV);
	vfs_test_leave(&env);
}

static long write_file(const char *path, int flags, const char *s)
{
	struct file *f = filp_open(path, flags, 0644);
	long n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, s, strlen(s));
	fput(f);
	return n;
}

/* The first @max bytes of @path into @buf (NUL-terminated); the count. */
static long read_file(const char *path, char *buf, size_t max)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	long n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, max - 1);
	buf[n > 0 ? n : 0] = '\0';
	fput(f);
	return n;
}

KTEST(vfs_tmpfs_files)
{
	struct vfs_test_env env;
	char buf[64];
	struct file *f;

	vfs_test_enter(&env);
	KT_EXPECT(t, write_file("/tmp/kt1", O_WRONLY | O_CREAT | O_EXCL, "hello") == 5);
	KT_EXPECT(t, read_file("/tmp/kt1", buf, sizeof(buf)) == 5 &&
		  !strcmp(buf, "hello"));
	KT_EXPECT(t, write_file("/tmp/kt1", O_WRONLY | O_APPEND, " world") == 6);
	KT_EXPECT(t, read_file("/tmp/kt1", buf, sizeof(buf)) == 11 &&
		  !strcmp(buf, "hello world"));
	KT_EXPECT(t, write_file("/tmp/kt1", O_WRONLY, "J") == 1);
	KT_EXPECT(t, read_file("/tmp/kt1", buf, sizeof(buf)) == 11 && buf[0] == 'J');
	KT_EXPECT(t, write_file("/tmp/kt1", O_WRONLY | O_TRUNC, "ab") == 2);
	KT_EXPECT(t, read_file("/tmp/kt1", buf, sizeof(buf)) == 2);
	/* A write past the end leaves a hole of zeroes. */
	f = filp_open("/tmp/kt1", O_RDWR, 0);
	KT_EXPECT(t, !IS_ERR(f));
	if (!IS_ERR(f)) {
		KT_EXPECT(t, vfs_llseek(f, 6, SEEK_SET) == 6);
		KT_EXPECT(t, kernel_write(f, "z", 1) == 1);
		KT_EXPECT(t, f->f_inode->i_size == 7);
		KT_EXPECT(t, vfs_truncate(f->f_inode, 4) == 0);
		fput(f);
	}
	KT_EXPECT(t, read_file("/tmp/kt1", buf, sizeof(buf)) == 4 &&
		  !memcmp(buf, "ab\0\0", 4));
	KT_EXPECT(t, open_err("/tmp/kt1", O_CREAT | O_EXCL | O_WRONLY) == -EEXIST);
	KT_EXPECT(t, open_err("/tmp/kt1/", O_CREAT | O_WRONLY) == -EISDIR);
	KT_EXPECT(t, vfs_unlink(NULL, "/tmp/kt1", false) == 0);
	KT_EXPECT(t, lookup_err("/tmp/kt1", 0) == -ENOENT);
	vfs_test_leave(&env);
}

KTEST(vfs_tmpfs_dirs)
{
	struct vfs_test_env env;
	char buf[16];

	vfs_test_enter(&env);
	KT_EXPECT(t, vfs_mkdir(NULL, "/tmp/ktd", 0755) == 0);
	KT_EXPECT(t, vfs_mkdir(NULL, "/tmp/ktd/", 0755) == -EEXIST);
	KT_EXPECT(t, vfs_mkdir(NULL, "/tmp/ktd/sub/", 0755) == 0);
	KT_EXPECT(t, write_file("/tmp/ktd/f", O_WRONLY | O_CREAT, "x") == 1);
	KT_EXPECT(t, vfs_unlink(NULL, "/tmp/ktd", true) == -ENOTEMPTY);
	KT_EXPECT(t, vfs_unlink(NULL, "/tmp/ktd/f/", false) == -ENOTDIR);
	KT_EXPECT(t, vfs_rename(NULL, "/tmp/ktd", NULL, "/tmp/ktd/sub/in") == -EINVAL);
	KT_EXPECT(t, vfs_rename(NULL, "/tmp/ktd/f", NULL, "/tmp/ktd/sub") == -EISDIR);
	KT_EXPECT(t, vfs_rename(NULL, "/tmp/ktd/f", NULL, "/tmp/ktd/sub/g") == 0);
	KT_EXPECT(t, read_file("/tmp/ktd/sub/g", buf, sizeof(buf)) == 1);
	KT_EXPECT(t, lookup_err("/tmp/ktd/f", 0) == -ENOENT);
	KT_EXPECT(t, vfs_rename(NULL, "/tmp/ktd/sub", NULL, "/tmp/ktd2") == 0);
	KT_EXPECT(t, lookup_err("/tmp/ktd2/g", 0) == 0);
	KT_EXPECT(t, vfs_unlink(NULL, "/tmp/ktd2/g", false) == 0);
	KT_EXPECT(t, vfs_unlink(NULL, "/tmp/ktd2", true) == 0);
	KT_EXPECT(t, vfs_unlink(NULL, "/tmp/ktd", true) == 0);
	KT_EXPECT(t, lookup_err("/tmp/ktd", 0) == -ENOENT);
	vfs_test_leave(&env);
}

KTEST(vfs_cwd_removed)
{
	struct vfs_test_env env;
	struct dentry *d;
	char buf[32];

	vfs_test_enter(&env);
	KT_EXPECT(t, vfs_mkdir(NULL, "/tmp/ktcwd", 0755) == 0);
	d = path_lookup("/tmp/ktcwd", LOOKUP_DIRECTORY);
	KT_EXPECT(t, !IS_ERR(d));
	if (!IS_ERR(d)) {
		set_fs_pwd(current->fs, d);
		KT_EXPECT(t, d_path(d, buf, sizeof(buf)) == 10);
		KT_EXPECT(t, vfs_unlink(NULL, "/tmp/ktcwd", true) == 0);
		KT_EXPECT(t, d->d_inode->i_flags & S_DEAD);
		KT_EXPECT(t, open_err("x", O_CREAT | O_WRONLY) != 0);
		KT_EXPECT(t, lookup_ino("..") == lookup_ino("/tmp"));
		dput(d);
	}
	vfs_test_leave(&env);
}

KTEST(vfs_symlinks)
{
	struct vfs_test_env env;
	struct dentry *d;
	u64 motd;

	vfs_test_enter(&env);
	motd = lookup_ino("/etc/motd");
	KT_EXPECT(t, vfs_symlink(NULL, "/tmp/ktl-abs", "/etc/motd") == 0);
	KT_EXPECT(t, vfs_symlink(NULL, "/tmp/ktl-rel", "../etc") == 0);
	KT_EXPECT(t, vfs_symlink(NULL, "/tmp/ktl-loop", "ktl-loop") == 0);
	KT_EXPECT(t, vfs_symlink(NULL, "/tmp/ktl-dangle", "/nowhere") == 0);
	KT_EXPECT(t, vfs_symlink(NULL, "/tmp/ktl-abs", "x") == -EEXIST);
	KT_EXPECT(t, lookup_ino("/tmp/ktl-abs") == motd);
	KT_EXPECT(t, lookup_ino("/tmp/ktl-rel/motd") == motd);
	KT_EXPECT(t, lookup_err("/tmp/ktl-rel/", 0) == 0);	/* "/" follows */
	KT_EXPECT(t, lookup_err("/tmp/ktl-loop", LOOKUP_FOLLOW) == -ELOOP);
	KT_EXPECT(t, lookup_err("/tmp/ktl-loop/x", 0) == -ELOOP);
	KT_EXPECT(t, lookup_err("/tmp/ktl-dangle", LOOKUP_FOLLOW) == -ENOENT);
	d = path_lookup("/tmp/ktl-rel", 0);			/* lstat */
	KT_EXPECT(t, !IS_ERR(d) && S_ISLNK(d->d_inode->i_mode));
	if (!IS_ERR(d)) {
		size_t len;
		const char *target = d->d_inode->i_op->get_link(d->d_inode, &len);

		KT_EXPECT(t, len == 6 && !memcmp(target, "../etc", 6));
		dput(d);
	}
	KT_EXPECT(t, open_err("/tmp/ktl-abs", O_RDONLY | O_NOFOLLOW) == -ELOOP);
	KT_EXPECT(t, open_err("/tmp/ktl-abs", O_RDONLY) == 0);
	vfs_unlink(NULL, "/tmp/ktl-abs", false);
	vfs_unlink(NULL, "/tmp/ktl-rel", false);
	vfs_unlink(NULL, "/tmp/ktl-loop", false);
	KT_EXPECT(t, vfs_unlink(NULL, "/tmp/ktl-dangle", false) == 0);
	vfs_test_leave(&env);
}

KTEST(vfs_fd_table)
{
	struct vfs_test_env env;
	struct files_struct *copy;
	struct file *f, *g;
	int fd0, fd1, fd2;

	vfs_test_enter(&env);
	f = filp_open("/etc/motd", O_RDONLY, 0);
	KT_EXPECT(t, !IS_ERR(f));
	if (IS_ERR(f))
		goto out;
	fd0 = get_unused_fd_flags(0);
	fd1 = get_unused_fd_flags(O_CLOEXEC);
	KT_EXPECT(t, fd0 == 0 && fd1 == 1);
	fd_install(fd0, get_file(f));
	fd_install(fd1, get_file(f));
	KT_EXPECT(t, get_close_on_exec(0) == 0 && get_close_on_exec(1) == FD_CLOEXEC);
	KT_EXPECT(t, replace_fd(10, f, 0) == 10);	/* dup2 */
	KT_EXPECT(t, f->f_count == 4);
	KT_EXPECT(t, alloc_fd(5, 0) == 5);		/* F_DUPFD 5 */
	fd_install(5, get_file(f));
	fd2 = get_unused_fd_flags(0);
	KT_EXPECT(t, fd2 == 2);
	put_unused_fd(fd2);
	KT_EXPECT(t, replace_fd(NR_OPEN_MAX, f, 0) == -EBADF);
	g = fget(10);
	KT_EXPECT(t, g == f);
	if (g)
		fput(g);
	KT_EXPECT(t, fget(2) == NULL && fget(NR_OPEN_MAX + 5) == NULL);
	/* fork: the copy shares the files; exec closes the cloexec ones. */
	copy = dup_files(current->files);
	KT_EXPECT(t, copy && f->f_count == 9);
	close_on_exec(current->files);
	KT_EXPECT(t, fget(1) == NULL && f->f_count == 8);
	KT_EXPECT(t, set_close_on_exec(0, true) == 0 && get_close_on_exec(0) == FD_CLOEXEC);
	KT_EXPECT(t, set_close_on_exec(3, true) == -EBADF);
	KT_EXPECT(t, close_fd(10) == 0 && close_fd(10) == -EBADF);
	KT_EXPECT(t, close_fd(NR_OPEN_MAX) == -EBADF);
	put_files(copy);
	KT_EXPECT(t, f->f_count == 3);			/* fds 0, 5, and ours */
	fput(f);
out:
	vfs_test_leave(&env);
}

KTEST(vfs_fd_table_full)
{
	struct vfs_test_env env;
	struct file *f;
	int fd = 0, n = 0;

	vfs_test_enter(&env);
	f = filp_open("/dev/null", O_RDWR, 0);
	KT_EXPECT(t, !IS_ERR(f));
	if (IS_ERR(f))
		goto out;
	while ((fd = get_unused_fd_flags(0)) >= 0) {
		fd_install(fd, get_file(f));
		n++;
	}
	KT_EXPECT(t, fd == -EMFILE && n == (int)fd_limit());
	KT_EXPECT(t, alloc_fd(3, 0) == -EMFILE);
	KT_EXPECT(t, close_fd(7) == 0 && get_unused_fd_flags(0) == 7);
	put_unused_fd(7);
	fput(f);
out:
	vfs_test_leave(&env);			/* closes them all */
}

/* A show() whose text does not fit in the first buffer. */
static int big_show(struct seq_buf *m, void *data)
{
	for (int i = 0; i < (int)(long)data; i++)
		seq_printf(m, "line %05d\n", i);
	return 0;
}

KTEST(vfs_seq_buf_grows)
{
	struct seq_buf m;
	char line[12];

	KT_EXPECT(t, seq_buf_render(&m, big_show, (void *)1000L) == 0);
	KT_EXPECT(t, m.len == 11000 && m.size >= 11000);
	KT_EXPECT(t, !memcmp(m.buf + 11 * 999, "line 00999\n", 11));
	seq_buf_free(&m);
	KT_EXPECT(t, seq_buf_render(&m, big_show, (void *)0L) == 0 && m.len == 0);
	seq_buf_free(&m);
	snprintf(line, sizeof(line), "x");
	KT_EXPECT(t, line[0] == 'x');
}

/* ---- a pseudo file system, built the way /proc will be ---- */

static struct super_block *pseudo_sb;

static int pseudo_show(struct seq_buf *m, void *data)
{
	seq_printf(m, "Name:\t%s\nPid:\t%d\n", (const char *)data, 42);
	return 0;
}

static struct inode *pseudo_file(const char *name)
{
	struct inode *inode = new_inode(pseudo_sb, S_IFREG | 0444);

	if (!inode)
		return ERR_PTR(-ENOMEM);
	inode->i_fop = &seq_file_fops;
	inode->i_show = pseudo_show;
	inode->i_private = (void *)name;
	return inode;
}

static struct inode *pseudo_lookup(struct inode *dir, const char *name,
				   size_t len)
{
	if (len == 6 && !memcmp(name, "status", 6))
		return pseudo_file("status");
	if (len == 4 && !memcmp(name, "comm", 4))
		return pseudo_file("comm");
	return ERR_PTR(-ENOENT);
}

static int pseudo_readdir(struct inode *dir, struct dir_context *ctx)
{
	static const char *const names[] = { "status", "comm" };

	for (u64 i = ctx->pos - 2; i < ARRAY_SIZE(names); i++)
		if (!dir_emit(ctx, names[i], strlen(names[i]), 100 + i, DT_REG))
			break;
	return 0;
}

static const struct inode_operations pseudo_dir_iops = {
	.lookup = pseudo_lookup,
	.readdir = pseudo_readdir,
};

KTEST(vfs_pseudo_fs_mount)
{
	struct vfs_test_env env;
	struct name_list *l = kzalloc(sizeof(*l), GFP_KERNEL);
	char buf[64];
	struct dentry *d;
	struct file *f;

	vfs_test_enter(&env);
	if (!pseudo_sb) {
		pseudo_sb = alloc_super("ktestfs", SB_RDONLY);
		pseudo_sb->s_root = new_inode(pseudo_sb, S_IFDIR | 0555);
		pseudo_sb->s_root->i_op = &pseudo_dir_iops;
		pseudo_sb->s_root->i_fop = &dir_fops;
		vfs_mkdir(NULL, "/tmp/ktmnt", 0755);
		KT_EXPECT(t, vfs_mount("/tmp/ktmnt", pseudo_sb) == 0);
	}
	KT_EXPECT(t, vfs_mount("/tmp/ktmnt", pseudo_sb) == -EBUSY);
	KT_EXPECT(t, read_file("/tmp/ktmnt/status", buf, sizeof(buf)) == 21);
	KT_EXPECT(t, !strcmp(buf, "Name:\tstatus\nPid:\t42\n"));
	KT_EXPECT(t, open_err("/tmp/ktmnt/status", O_WRONLY) == -EROFS);
	KT_EXPECT(t, open_err("/tmp/ktmnt/nothing", O_RDONLY) == -ENOENT);
	KT_EXPECT(t, open_err("/tmp/ktmnt/new", O_CREAT | O_WRONLY) == -EROFS);
	KT_EXPECT(t, lookup_ino("/tmp/ktmnt/..") == lookup_ino("/tmp"));
	d = path_lookup("/tmp/ktmnt/comm", 0);
	KT_EXPECT(t, !IS_ERR(d));
	if (!IS_ERR(d)) {
		KT_EXPECT(t, d_path(d, buf, sizeof(buf)) > 0 &&
			  !strcmp(buf, "/tmp/ktmnt/comm"));
		KT_EXPECT(t, d->d_inode->i_sb == pseudo_sb);
		dput(d);
	}
	f = filp_open("/tmp/ktmnt", O_RDONLY | O_DIRECTORY, 0);
	KT_EXPECT(t, !IS_ERR(f));
	if (!IS_ERR(f)) {
		l->ctx.actor = collect;
		vfs_readdir(f, &l->ctx);
		KT_EXPECT(t, l->n == 4 && listed(l, "..") && listed(l, "comm"));
		fput(f);
	}
	kfree(l);
	vfs_test_leave(&env);
}

KTEST(vfs_dev_nodes)
{
	struct vfs_test_env env;
	char buf[16] = "xxxxxxxxxxxxxxx";
	struct file *f;
	char *log;
	long n;

	vfs_test_enter(&env);
	f = filp_open("/dev/zero", O_RDWR, 0);
	KT_EXPECT(t, !IS_ERR(f));
	if (!IS_ERR(f)) {
		KT_EXPECT(t, kernel_read(f, buf, 8) == 8 && !memcmp(buf, "\0\0\0\0\0\0\0\0", 8));
		KT_EXPECT(t, kernel_write(f, "abc", 3) == 3);
		KT_EXPECT(t, vfs_llseek(f, 10, SEEK_SET) == 0);
		fput(f);
	}
	f = filp_open("/dev/null", O_RDWR, 0);
	KT_EXPECT(t, !IS_ERR(f));
	if (!IS_ERR(f)) {
		KT_EXPECT(t, kernel_read(f, buf, 8) == 0);
		KT_EXPECT(t, kernel_write(f, "abc", 3) == 3);
		fput(f);
	}
	f = filp_open("/dev/kmsg", O_RDONLY, 0);
	KT_EXPECT(t, !IS_ERR(f));
	if (!IS_ERR(f)) {
		log = kmalloc(PAGE_SIZE, GFP_KERNEL);
		n = kernel_read(f, log, PAGE_SIZE - 1);
		KT_EXPECT(t, n > 0);
		log[n > 0 ? n : 0] = '\0';
		KT_EXPECT(t, strstr(log, "Taskbase") != NULL);
		kfree(log);
		fput(f);
	}
	KT_EXPECT(t, open_err("/dev/tty", O_RDWR) == -ENXIO);	/* no ctty */
	KT_EXPECT(t, open_err("/dev/console", O_RDWR) == 0);
	vfs_test_leave(&env);
}

KTEST(vfs_kernel_read_file)
{
	struct vfs_test_env env;
	const void *data;
	u64 size;

	vfs_test_enter(&env);
	KT_EXPECT(t, kernel_read_file("/no/such", &data, &size) == -ENOENT);
	KT_EXPECT(t, kernel_read_file("/etc", &data, &size) == -EACCES);
	KT_EXPECT(t, kernel_read_file("/dev/null", &data, &size) == -EACCES);
	KT_EXPECT(t, kernel_read_file("/etc/motd/", &data, &size) == -ENOTDIR);
	KT_EXPECT(t, kernel_read_file("/etc/motd", &data, &size) == 0 && size > 0);
	if (lookup_err("/bin/sh", 0) == 0) {
		KT_EXPECT(t, kernel_read_file("/bin/sh", &data, &size) == 0);
		KT_EXPECT(t, size > 64 && !memcmp(data, "\177ELF", 4));
	}
	vfs_test_leave(&env);
}
