/*
 * The files of /proc/<pid>/ns (Linux's include/linux/proc_ns.h): one
 * entry per kind of namespace, the symlink text naming it and the nsfs
 * dentry an open of it lands on (kernel/ns/nsfs.c).
 */
#ifndef KERNEL_NS_NSFS_H
#define KERNEL_NS_NSFS_H

#include "kernel/ns/nsproxy.h"

struct dentry;

struct proc_ns_operations {
	const char *name;		/* the file in /proc/<pid>/ns */
	const char *real_name;		/* the kind, in "uts:[inum]" */
	int type;			/* CLONE_NEW* */
	/* The namespace of this kind that @p, whose nsproxy is @nsp, is in
	 * (NULL for "user": the one of @p's cred). */
	struct ns_common *(*get)(struct task_struct *p, struct nsproxy *nsp);
};

extern const struct proc_ns_operations proc_ns_ops[];
extern const size_t nr_proc_ns_ops;

/* @p's namespace of kind @ops, referenced, or NULL once @p has exited. */
struct ns_common *task_get_ns(struct task_struct *p,
			      const struct proc_ns_operations *ops);
/* "uts:[4026531838]" into @buf; its length. */
long ns_link_name(const struct ns_common *ns, char *buf, size_t size);
/* nsfs, made at boot (Linux's nsfs_init()); 0 or -ENOMEM. */
int nsfs_init(void);
/* A dentry of the nsfs file for @ns (its reference taken over), or
 * ERR_PTR: what opening /proc/<pid>/ns/<kind> lands on. */
struct dentry *ns_dentry(struct ns_common *ns);

#endif
