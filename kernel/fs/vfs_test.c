/*
 * Self-tests for the VFS below the system calls: path lookup, the root
 * file system unpacked from the real initramfs, reading with offsets,
 * readdir, tmpfs changes and symlinks; and the helpers the other VFS
 * tests share (vfs_test.h). They run in pid 1 before user space, so each
 * test gives current its own files_struct and fs_struct and restores the
 * old ones (see vfs_test_enter()).
 */
#include "asm/page.h"
#include "kernel/exit.h"
#include "kernel/fork.h"
#include "kernel/fs/syscalls.h"
#include "kernel/ktest.h"
#include "kernel/fs/seq_buf.h"
#include "kernel/mm/slab.h"
#include "kernel/fs/vfs.h"
#include "kernel/fs/vfs_test.h"
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
long kt_lookup_err(const char *path, unsigned int flags)
{
	struct dentry *d = path_lookup(path, flags);

	if (IS_ERR(d))
		return PTR_ERR(d);
	dput(d);
	return 0;
}

u64 kt_lookup_ino(const char *path)
{
	struct dentry *d = path_lookup(path, LOOKUP_FOLLOW);
	u64 ino;

	if (IS_ERR(d))
		return 0;
	ino = d->d_inode->i_ino;
	dput(d);
	return ino;
}

long kt_open_err(const char *path, int flags)
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
	motd = kt_lookup_ino("/etc/motd");
	KT_EXPECT(t, motd != 0);
	KT_EXPECT(t, kt_lookup_ino("//etc///motd") == motd);
	KT_EXPECT(t, kt_lookup_ino("/etc/./motd") == motd);
	KT_EXPECT(t, kt_lookup_ino("/etc/../etc/motd") == motd);
	/* ".." at "/" stays there; a relative path starts at the cwd. */
	KT_EXPECT(t, kt_lookup_ino("/../../etc/motd") == motd);
	KT_EXPECT(t, kt_lookup_ino("etc/motd") == motd);
	KT_EXPECT(t, kt_lookup_ino("/etc/") == kt_lookup_ino("/etc"));
	KT_EXPECT(t, kt_lookup_ino("/") == kt_lookup_ino("/.."));
	KT_EXPECT(t, kt_lookup_err("/etc/motd/", 0) == -ENOTDIR);
	KT_EXPECT(t, kt_lookup_err("/etc/motd/x", 0) == -ENOTDIR);
	KT_EXPECT(t, kt_lookup_err("/etc/motd",
		  LOOKUP_DIRECTORY) == -ENOTDIR);
	KT_EXPECT(t, kt_lookup_err("/nonexistent", 0) == -ENOENT);
	KT_EXPECT(t, kt_lookup_err("/nonexistent/x", 0) == -ENOENT);
	KT_EXPECT(t, kt_lookup_err("", 0) == -ENOENT);
	memset(name, 'a', NAME_MAX + 1);
	name[NAME_MAX + 1] = '\0';
	KT_EXPECT(t, kt_lookup_err(name, 0) == -ENAMETOOLONG);
	name[NAME_MAX] = '\0';
	KT_EXPECT(t, kt_lookup_err(name, 0) == -ENOENT);
	longpath = kmalloc(PATH_MAX + 1, GFP_KERNEL);
	memset(longpath, '/', PATH_MAX);
	longpath[PATH_MAX] = '\0';
	KT_EXPECT(t, kt_lookup_err(longpath, 0) == -ENAMETOOLONG);
	longpath[PATH_MAX - 1] = '\0';			/* 4095 slashes: "/" */
	KT_EXPECT(t, kt_lookup_err(longpath, 0) == 0);
	kfree(longpath);

	/* Relative to a cwd of /etc; ".." climbs back. */
	d = path_lookup("/etc", LOOKUP_DIRECTORY);
	KT_EXPECT(t, !IS_ERR(d));
	if (!IS_ERR(d)) {
		set_fs_pwd(current->fs, d);
		dput(d);
	}
	KT_EXPECT(t, kt_lookup_ino("motd") == motd);
	KT_EXPECT(t, kt_lookup_ino("./motd") == motd);
	KT_EXPECT(t, kt_lookup_ino("../etc/motd") == motd);
	KT_EXPECT(t, kt_lookup_ino("..") == kt_lookup_ino("/"));
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
	KT_EXPECT(t, kernel_read(f, buf,
		  16) == 0);		/* end of file */
	kfree(buf);
	fput(f);
	KT_EXPECT(t, kt_lookup_err("/bin", LOOKUP_DIRECTORY) == 0);
	KT_EXPECT(t, kt_lookup_err("/dev/console", 0) == 0);
	KT_EXPECT(t, kt_lookup_err("/tmp", LOOKUP_DIRECTORY) == 0);
	KT_EXPECT(t, kt_lookup_err("/proc", LOOKUP_DIRECTORY) == 0);
out:
	vfs_test_leave(&env);
}

/* An archive cut short, or garbage: what was read is kept, no crash. */
KTEST(vfs_initramfs_corrupt)
{
	/* A bounded prefix: the archive (all of /bin) is several MiB. */
	size_t len = MIN(boot_info.mod[0].end - boot_info.mod[0].start,
			 (u64)1 << 20);
	char *copy = boot_info.nr_mod ? kmalloc(len, GFP_KERNEL) : NULL;
	struct super_block *sb;
	struct inode *root, *bin;
	bool in_use, in_use2;

	KT_EXPECT(t, copy != NULL && len > CPIO_HDR_LEN);
	if (!copy || len <= CPIO_HDR_LEN)
		return;
	memcpy(copy, phys_to_virt(boot_info.mod[0].start), len);
	sb = initramfs_unpack(copy, len / 2, &in_use);	/* "truncated" */
	KT_EXPECT(t, sb && sb->s_root);
	root = sb->s_root;
	bin = root->i_op->lookup(root, "bin", 3);
	KT_EXPECT(t, !IS_ERR(bin) && S_ISDIR(bin->i_mode));
	if (!IS_ERR(bin))
		iput(bin);
	memset(copy, 'x', CPIO_HDR_LEN);	/* not a cpio header */
	sb = initramfs_unpack(copy, len, &in_use2);
	KT_EXPECT(t, sb && sb->s_root);
	KT_EXPECT(t, IS_ERR(sb->s_root->i_op->lookup(sb->s_root, "bin", 3)));
	KT_EXPECT(t, initramfs_unpack(NULL, 0, &in_use2) != NULL && !in_use2);
	/* The files copied their bytes into pages: the copy may go. (These
	 * instances are never freed.) */
	KT_EXPECT(t, !in_use);
	if (!in_use)
		kfree(copy);
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
	KT_EXPECT(t, kernel_read(f, part, 2) == 2 &&
		  !memcmp(part, all + 10, 2));
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

bool kt_collect(struct dir_context *ctx, const char *name, size_t len,
		    u64 ino, unsigned int type)
{
	struct kt_names *l = container_of(ctx, struct kt_names, ctx);

	if ((l->max && l->n >= l->max) || l->n >= 40)
		return false;
	strlcpy(l->names[l->n], name, MIN(len + 1, sizeof(l->names[0])));
	l->n++;
	return true;
}

bool kt_listed(struct kt_names *l, const char *name)
{
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->names[i], name))
			return true;
	return false;
}

KTEST(vfs_readdir_root)
{
	struct vfs_test_env env;
	struct kt_names *all = kzalloc(sizeof(*all), GFP_KERNEL);
	struct kt_names *part = kzalloc(sizeof(*part), GFP_KERNEL);
	struct file *f;
	int total = 0, rounds = 0;

	vfs_test_enter(&env);
	f = filp_open("/", O_RDONLY | O_DIRECTORY, 0);
	KT_EXPECT(t, !IS_ERR(f));
	if (IS_ERR(f))
		goto out;
	all->ctx.actor = kt_collect;
	KT_EXPECT(t, vfs_readdir(f, &all->ctx) == 0);
	KT_EXPECT(t, all->n >= 7 && !strcmp(all->names[0], ".") &&
		  !strcmp(all->names[1], ".."));
	KT_EXPECT(t, kt_listed(all, "bin") &&
		  kt_listed(all, "etc") &&
		  kt_listed(all, "dev") && kt_listed(all, "tmp") &&
		  kt_listed(all, "proc"));
	/* Again, two entries per call: the position carries on. */
	KT_EXPECT(t, vfs_llseek(f, 0, SEEK_SET) == 0);
	part->ctx.actor = kt_collect;
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
	KT_EXPECT(t, kt_open_err("/etc", O_WRONLY) == -EISDIR);
	KT_EXPECT(t, kt_open_err("/etc/motd", O_WRONLY) == -EROFS);
	KT_EXPECT(t, kt_open_err("/etc/motd", O_RDONLY | O_CREAT) == 0);
	KT_EXPECT(t, kt_open_err("/etc/motd",
		  O_RDONLY | O_CREAT | O_EXCL) == -EEXIST);
	KT_EXPECT(t, kt_open_err("/etc/new",
		  O_WRONLY | O_CREAT) == -EROFS);
	KT_EXPECT(t, kt_open_err("/no/such/file",
		  O_WRONLY | O_CREAT) == -ENOENT);
	KT_EXPECT(t, kt_open_err("/etc/motd",
		  O_RDONLY | O_DIRECTORY) == -ENOTDIR);
	KT_EXPECT(t, kt_open_err("/", O_RDONLY | O_CREAT) == -EISDIR);
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
	KT_EXPECT(t, vfs_rename(NULL, "/etc/motd", NULL, "/etc/m2",
				0) == -EROFS);
	KT_EXPECT(t, vfs_rename(NULL, "/etc/motd", NULL, "/tmp/m2",
				0) == -EXDEV);
	vfs_test_leave(&env);
}

long kt_write_file(const char *path, int flags, const char *s)
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
long kt_read_file(const char *path, char *buf, size_t max)
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
	KT_EXPECT(t, kt_write_file("/tmp/kt1",
		  O_WRONLY | O_CREAT | O_EXCL, "hello") == 5);
	KT_EXPECT(t, kt_read_file("/tmp/kt1", buf, sizeof(buf)) == 5 &&
		  !strcmp(buf, "hello"));
	KT_EXPECT(t, kt_write_file("/tmp/kt1", O_WRONLY | O_APPEND,
		  " world") == 6);
	KT_EXPECT(t, kt_read_file("/tmp/kt1", buf, sizeof(buf)) == 11 &&
		  !strcmp(buf, "hello world"));
	KT_EXPECT(t, kt_write_file("/tmp/kt1", O_WRONLY, "J") == 1);
	KT_EXPECT(t, kt_read_file("/tmp/kt1", buf, sizeof(buf)) == 11 &&
		  buf[0] == 'J');
	KT_EXPECT(t, kt_write_file("/tmp/kt1", O_WRONLY | O_TRUNC,
		  "ab") == 2);
	KT_EXPECT(t, kt_read_file("/tmp/kt1", buf, sizeof(buf)) == 2);
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
	KT_EXPECT(t, kt_read_file("/tmp/kt1", buf, sizeof(buf)) == 4 &&
		  !memcmp(buf, "ab\0\0", 4));
	KT_EXPECT(t, kt_open_err("/tmp/kt1",
		  O_CREAT | O_EXCL | O_WRONLY) == -EEXIST);
	KT_EXPECT(t, kt_open_err("/tmp/kt1/",
		  O_CREAT | O_WRONLY) == -EISDIR);
	KT_EXPECT(t, vfs_unlink(NULL, "/tmp/kt1", false) == 0);
	KT_EXPECT(t, kt_lookup_err("/tmp/kt1", 0) == -ENOENT);
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
	KT_EXPECT(t, kt_write_file("/tmp/ktd/f", O_WRONLY | O_CREAT,
		  "x") == 1);
	KT_EXPECT(t, vfs_unlink(NULL, "/tmp/ktd", true) == -ENOTEMPTY);
	KT_EXPECT(t, vfs_unlink(NULL, "/tmp/ktd/f/", false) == -ENOTDIR);
	KT_EXPECT(t, vfs_rename(NULL, "/tmp/ktd", NULL,
		  "/tmp/ktd/sub/in", 0) == -EINVAL);
	KT_EXPECT(t, vfs_rename(NULL, "/tmp/ktd/f", NULL,
		  "/tmp/ktd/sub", 0) == -EISDIR);
	KT_EXPECT(t, vfs_rename(NULL, "/tmp/ktd/f", NULL,
		  "/tmp/ktd/sub/g", 0) == 0);
	KT_EXPECT(t, kt_read_file("/tmp/ktd/sub/g", buf,
		  sizeof(buf)) == 1);
	KT_EXPECT(t, kt_lookup_err("/tmp/ktd/f", 0) == -ENOENT);
	KT_EXPECT(t, vfs_rename(NULL, "/tmp/ktd/sub", NULL, "/tmp/ktd2",
				0) == 0);
	KT_EXPECT(t, kt_lookup_err("/tmp/ktd2/g", 0) == 0);
	KT_EXPECT(t, vfs_unlink(NULL, "/tmp/ktd2/g", false) == 0);
	KT_EXPECT(t, vfs_unlink(NULL, "/tmp/ktd2", true) == 0);
	KT_EXPECT(t, vfs_unlink(NULL, "/tmp/ktd", true) == 0);
	KT_EXPECT(t, kt_lookup_err("/tmp/ktd", 0) == -ENOENT);
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
		KT_EXPECT(t, kt_open_err("x", O_CREAT | O_WRONLY) != 0);
		KT_EXPECT(t, kt_lookup_ino("..") == kt_lookup_ino("/tmp"));
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
	motd = kt_lookup_ino("/etc/motd");
	KT_EXPECT(t, vfs_symlink(NULL, "/tmp/ktl-abs", "/etc/motd") == 0);
	KT_EXPECT(t, vfs_symlink(NULL, "/tmp/ktl-rel", "../etc") == 0);
	KT_EXPECT(t, vfs_symlink(NULL, "/tmp/ktl-loop", "ktl-loop") == 0);
	KT_EXPECT(t, vfs_symlink(NULL, "/tmp/ktl-dangle", "/nowhere") == 0);
	KT_EXPECT(t, vfs_symlink(NULL, "/tmp/ktl-abs", "x") == -EEXIST);
	KT_EXPECT(t, kt_lookup_ino("/tmp/ktl-abs") == motd);
	KT_EXPECT(t, kt_lookup_ino("/tmp/ktl-rel/motd") == motd);
	KT_EXPECT(t, kt_lookup_err("/tmp/ktl-rel/",
		  0) == 0);	/* "/" follows */
	KT_EXPECT(t, kt_lookup_err("/tmp/ktl-loop",
		  LOOKUP_FOLLOW) == -ELOOP);
	KT_EXPECT(t, kt_lookup_err("/tmp/ktl-loop/x", 0) == -ELOOP);
	KT_EXPECT(t, kt_lookup_err("/tmp/ktl-dangle",
		  LOOKUP_FOLLOW) == -ENOENT);
	d = path_lookup("/tmp/ktl-rel", 0);			/* lstat */
	KT_EXPECT(t, !IS_ERR(d) && S_ISLNK(d->d_inode->i_mode));
	if (!IS_ERR(d)) {
		size_t len;
		struct inode *link = d->d_inode;
		const char *target = link->i_op->get_link(link, &len);

		KT_EXPECT(t, len == 6 && !memcmp(target, "../etc", 6));
		dput(d);
	}
	KT_EXPECT(t, kt_open_err("/tmp/ktl-abs",
		  O_RDONLY | O_NOFOLLOW) == -ELOOP);
	KT_EXPECT(t, kt_open_err("/tmp/ktl-abs", O_RDONLY) == 0);
	vfs_unlink(NULL, "/tmp/ktl-abs", false);
	vfs_unlink(NULL, "/tmp/ktl-rel", false);
	vfs_unlink(NULL, "/tmp/ktl-loop", false);
	KT_EXPECT(t, vfs_unlink(NULL, "/tmp/ktl-dangle", false) == 0);
	vfs_test_leave(&env);
}

/* Nested symlinks recurse: MAXSYMLINKS (8) deep must fit an 8 KiB stack. */
static int deep_lookup(void *arg)
{
	struct dentry *d = path_lookup("/tmp/ktn7/motd", LOOKUP_FOLLOW);
	long *used = arg;

	used[0] = IS_ERR(d) ? PTR_ERR(d) : 0;
	if (!IS_ERR(d))
		dput(d);
	d = path_lookup("/tmp/ktn8/motd", LOOKUP_FOLLOW);
	used[1] = IS_ERR(d) ? PTR_ERR(d) : 0;
	if (!IS_ERR(d))
		dput(d);
	used[2] = (long)stack_used_max(current);
	return 0;
}

KTEST(vfs_symlink_nesting)
{
	struct vfs_test_env env;
	char name[16], target[16];
	long used[3] = { -1, -1, 0 };
	int status;

	vfs_test_enter(&env);
	/* ktn0 -> /etc, ktnN -> ktn(N-1)/.: ktnN is N + 1 links deep. */
	KT_EXPECT(t, vfs_symlink(NULL, "/tmp/ktn0", "/etc") == 0);
	for (int i = 1; i <= 8; i++) {
		snprintf(name, sizeof(name), "/tmp/ktn%d", i);
		snprintf(target, sizeof(target), "ktn%d/.", i - 1);
		KT_EXPECT(t, vfs_symlink(NULL, name, target) == 0);
	}
	kernel_wait(kernel_thread(deep_lookup, used, "ktest-deep", 0),
		    &status);
	KT_EXPECTF(t, used[0] == 0, "8 deep: %ld", used[0]);
	KT_EXPECTF(t, used[1] == -ELOOP, "9 deep: %ld", used[1]);
	KT_EXPECTF(t, used[2] > 0 && used[2] < THREAD_SIZE / 2,
		   "stack used %ld of %d", used[2], THREAD_SIZE);
	ktest_note(t, "8 nested symlinks: %ld bytes of kernel stack", used[2]);
	for (int i = 0; i <= 8; i++) {
		snprintf(name, sizeof(name), "/tmp/ktn%d", i);
		vfs_unlink(NULL, name, false);
	}
	vfs_test_leave(&env);
}
