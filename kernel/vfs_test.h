/*
 * Helpers shared by the VFS self-tests (vfs_test.c, pipe_tty_test.c):
 * the tests run in pid 1 before user space exists, so each one gives
 * current its own files_struct and fs_struct for its duration.
 */
#ifndef KERNEL_VFS_TEST_H
#define KERNEL_VFS_TEST_H

#include "kernel/vfs.h"

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

#endif
