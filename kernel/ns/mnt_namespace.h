/*
 * Mount namespaces (Linux's fs/mount.h struct mnt_namespace): each has
 * its own table of mounts. clone and unshare(2) with CLONE_NEWNS give
 * the task a copy of its creator's table; a mount or umount after that
 * is seen only in the namespace it was made in. Every mount of every
 * namespace is on kernel/fs/namespace.c's one list, marked with its
 * namespace (struct mount mnt_ns), so that what asks "is this super
 * block or inode mounted anywhere" still sees them all, and the walk
 * (lookup_mount()) and /proc/<pid>/mounts see only current's.
 * Propagation (MS_SHARED, MS_SLAVE) is accepted and not done: every
 * mount is private.
 */
#ifndef KERNEL_NS_MNT_NAMESPACE_H
#define KERNEL_NS_MNT_NAMESPACE_H

#include "kernel/ns/nsproxy.h"
#include "kernel/sched/wait.h"

struct mount;

struct mnt_namespace {
	struct ns_common ns;		/* first: its type is CLONE_NEWNS */
	struct mount *root;		/* its "/" mount */
	u64 event;			/* bumped at every mount, umount, remount */
	struct wait_queue_head poll;	/* pollers of its /proc/<pid>/mounts */
};

extern struct mnt_namespace init_mnt_ns;

static inline struct mnt_namespace *to_mnt_ns(struct ns_common *ns)
{
	return (struct mnt_namespace *)ns;
}

/* @ns's mounts changed: the next poll of its /proc/<pid>/mounts or
 * mountinfo says EPOLLPRI | EPOLLERR (Linux's touch_mnt_namespace()). */
void touch_mnt_namespace(struct mnt_namespace *ns);
/* The mount namespace current sees (its nsproxy's). */
struct mnt_namespace *current_mnt_ns(void);
/* A new namespace with a copy of every mount of @old (same file
 * systems, same places, new mount ids), or NULL: no memory. */
struct ns_common *copy_mnt_ns(struct ns_common *old);
/* put_ns() of its last reference: unmount all of @ns's mounts (lazily
 * where still in use) and free it. */
void free_mnt_ns(struct mnt_namespace *ns);

#endif
