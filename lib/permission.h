/*
 * The permission check on a file's owner, group and mode bits: Linux's
 * generic_permission() (fs/namei.c) for one asker, with root's overrides
 * as CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH give them. Pure logic,
 * host-tested (tests/host/test_permission.c); the kernel fills in the
 * asker from the current cred (inode_permission(), kernel/fs/namei.c).
 */
#ifndef LIB_PERMISSION_H
#define LIB_PERMISSION_H

#include "lib/types.h"

/* What is asked for (Linux's MAY_* values). */
#define MAY_EXEC 0x1
#define MAY_WRITE 0x2
#define MAY_READ 0x4
#define MAY_APPEND 0x8
#define MAY_ACCESS 0x10
#define MAY_OPEN 0x20
#define MAY_CHDIR 0x40

/* The asker, as far as the check needs it. */
struct perm_asker {
	u32 uid;		/* fsuid (access(2): the real uid) */
	bool in_group;		/* the file's group is the asker's, or a
				 * supplementary one */
	bool dac_override;	/* CAP_DAC_OVERRIDE: root */
	bool dac_read_search;	/* CAP_DAC_READ_SEARCH: root */
};

/* 0 if @who may @mask (MAY_READ | MAY_WRITE | MAY_EXEC) a file of @mode
 * (S_IFMT bits included) owned by @owner; -EACCES if not. Only one
 * class of bits counts: the owner's, else the group's, else the others'. */
int mode_permission(u32 mode, u32 owner, const struct perm_asker *who,
		    int mask);

#endif
