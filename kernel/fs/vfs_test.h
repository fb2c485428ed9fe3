/*
 * Helpers shared by the VFS self-tests (vfs_test.c, pipe_tty_test.c):
 * the tests run in pid 1 before user space exists, so each one gives
 * current its own files_struct and fs_struct for its duration.
 */
#ifndef KERNEL_VFS_TEST_H
#define KERNEL_VFS_TEST_H

#include "kernel/fs/vfs.h"

struct vfs_test_env {
	struct files_struct *files;	/* current's, restored on leave */
	struct fs_struct *fs;
};

/* vfs_init() from the boot module, unless it has run already. */
void vfs_test_init(void);
/* Fresh files and fs for current (vfs_test_init() first). */
void vfs_test_enter(struct vfs_test_env *env);
/* Close everything the test opened; put the old ones back. */
void vfs_test_leave(struct vfs_test_env *env);

/* The errno of a lookup of @path (0: it worked). */
long kt_lookup_err(const char *path, unsigned int flags);
/* The inode number @path leads to, or 0. */
u64 kt_lookup_ino(const char *path);
/* The errno of an open of @path (0: it worked; the file is closed). */
long kt_open_err(const char *path, int flags);
/* Whole-file helpers: bytes written/read or -errno (@buf NUL-ended). */
long kt_write_file(const char *path, int flags, const char *s);
long kt_read_file(const char *path, char *buf, size_t max);

/* Names a readdir produced (kt_collect() is the actor). */
struct kt_names {
	struct dir_context ctx;
	int n, max;		/* stop after max entries (0: never) */
	char names[40][16];
};
/* The readdir actor: note @name in the kt_names around @ctx. */
bool kt_collect(struct dir_context *ctx, const char *name, size_t len,
		      u64 ino, unsigned int type);
/* True when @name is among the names collected in @l. */
bool kt_listed(struct kt_names *l, const char *name);

#endif
