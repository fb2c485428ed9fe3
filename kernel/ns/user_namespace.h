/*
 * User namespaces (Linux's include/linux/user_namespace.h; man
 * user_namespaces(7)). A user namespace is a tree node: its parent,
 * its depth, the ids of whoever made it, and two maps, uid_map and
 * gid_map, that say which of the parent's ids its own ids stand for.
 *
 * The kernel keeps one id space, the initial namespace's: a kuid_t is
 * always that global number. make_kuid() turns an id a process wrote,
 * read in its namespace, into the global one (INVALID_UID when the map
 * has no such id); from_kuid() turns it back for a process to read
 * (from_kuid_munged(): the overflow uid 65534 where unmapped).
 *
 * Privilege is relative: ns_capable(ns, cap) is true when current has
 * cap in @ns or owns it from above (kernel/ns/user_namespace.c).
 */
#ifndef KERNEL_NS_USER_NAMESPACE_H
#define KERNEL_NS_USER_NAMESPACE_H

#include "kernel/cred.h"
#include "kernel/ns/nsproxy.h"

/* Linux 6.1 keeps 5 lines inline and up to 340 in a sorted array;
 * Taskbase has only the 5 (a sixth line is EINVAL). */
#define UID_GID_MAP_MAX_EXTENTS 5

/* One map line: ids first..first+count-1 of this namespace are
 * lower_first.. of the kernel's (global) id space. The file shows
 * lower_first as the reader's namespace sees it. */
struct uid_gid_extent {
	u32 first;
	u32 lower_first;
	u32 count;
};

struct uid_gid_map {
	u32 nr_extents;			/* 0: not written yet */
	struct uid_gid_extent extent[UID_GID_MAP_MAX_EXTENTS];
};

#define USERNS_SETGROUPS_ALLOWED 1UL	/* /proc/<pid>/setgroups "allow" */
#define USERNS_MAX_LEVEL 32		/* a parent deeper than this: ENOSPC */

struct user_namespace {
	struct ns_common ns;		/* ns.user_ns is NULL: parent owns it */
	struct uid_gid_map uid_map;
	struct uid_gid_map gid_map;
	struct user_namespace *parent;	/* referenced; NULL for the initial */
	int level;			/* 0 for the initial one */
	kuid_t owner;			/* the creator's euid and egid */
	kgid_t group;
	unsigned long flags;		/* USERNS_SETGROUPS_ALLOWED */
};

extern struct user_namespace init_user_ns;

/* The user namespace current acts in (its cred's). */
struct user_namespace *current_user_ns(void);

static inline struct user_namespace *to_user_ns(struct ns_common *ns)
{
	return container_of(ns, struct user_namespace, ns);
}

static inline struct user_namespace *get_user_ns(struct user_namespace *ns)
{
	refcount_inc(&ns->ns.count);
	return ns;
}

static inline void put_user_ns(struct user_namespace *ns)
{
	put_ns(&ns->ns);
}

/* The overflow ids (Linux's /proc/sys/kernel/overflowuid, overflowgid). */
extern u32 overflowuid, overflowgid;

kuid_t make_kuid(struct user_namespace *ns, u32 uid);
kgid_t make_kgid(struct user_namespace *ns, u32 gid);
/* The id @ns sees for @kuid, or (u32)-1 when it has none. */
u32 from_kuid(struct user_namespace *ns, kuid_t kuid);
u32 from_kgid(struct user_namespace *ns, kgid_t kgid);
/* The same, with the overflow id for (u32)-1: what syscalls return. */
u32 from_kuid_munged(struct user_namespace *ns, kuid_t kuid);
u32 from_kgid_munged(struct user_namespace *ns, kgid_t kgid);
/* @kuid as @p's user namespace sees it (a signal's si_uid). */
u32 task_from_kuid(struct task_struct *p, kuid_t kuid);
static inline bool kuid_has_mapping(struct user_namespace *ns, kuid_t uid)
{
	return from_kuid(ns, uid) != (u32)-1;
}
static inline bool kgid_has_mapping(struct user_namespace *ns, kgid_t gid)
{
	return from_kgid(ns, gid) != (u32)-1;
}

/* Does @cred hold @cap in @ns (Linux's cap_capable())? In its own
 * namespace its effective set decides; in a namespace below its own it
 * has every capability if it (its euid) made that namespace or an
 * ancestor of it below its own; above its own, none. */
bool cred_ns_capable(const struct cred *cred, struct user_namespace *ns, int cap);
/* current's cap in @ns; capable(cap) is ns_capable(&init_user_ns, cap). */
bool ns_capable(struct user_namespace *ns, int cap);
/* Is @ancestor @ns or above it? */
bool in_userns(const struct user_namespace *ancestor,
	       const struct user_namespace *ns);

/* clone/unshare(CLONE_NEWUSER): @new (a private copy of current's cred)
 * moves into a new child of its namespace, with every capability there
 * (Linux's create_user_ns()). 0, -ENOSPC (too deep), -EPERM, -ENOMEM. */
int create_user_ns(struct cred *new);
/* setns(2) into @ns: @new moves there with a full set (-EINVAL, -EPERM). */
int userns_install(struct cred *new, struct user_namespace *ns);
/* The last reference to @ns is gone (put_ns()). */
void free_user_ns(struct user_namespace *ns);
/* setgroups(2) may be used in @ns: its gid_map is written and
 * /proc/<pid>/setgroups did not say "deny". */
bool userns_may_setgroups(const struct user_namespace *ns);

/* /proc/<pid>/uid_map, gid_map, setgroups of @p: the text, and a write
 * (0 or -errno, with Linux's map_write() rules). */
struct seq_buf;
int proc_id_map_show(struct task_struct *p, struct seq_buf *m, bool gids);
int proc_id_map_write(struct task_struct *p, const char *buf, bool gids);
int proc_setgroups_show(struct task_struct *p, struct seq_buf *m);
int proc_setgroups_write(struct task_struct *p, const char *buf);

#endif
