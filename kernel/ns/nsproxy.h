/*
 * Namespaces (Linux's include/linux/nsproxy.h and ns_common.h): what a
 * task sees of the machine's names is looked up through
 * task_struct->nsproxy, one pointer per kind of namespace, shared by
 * every task that sees the same ones. fork shares it; clone and
 * unshare(2) with a CLONE_NEW* flag give the task a copy with a new
 * namespace of that kind; setns(2) a copy with one joined.
 *
 * Taskbase really separates the UTS names (the host name, utsname.c),
 * the clocks' offsets (kernel/time/namespace.c), the pids
 * (pid_namespace.c), the mounts (mnt_namespace.c) and System V IPC and
 * POSIX message queues (kernel/ipc/namespace.c), lo's flags and the
 * packet sockets (struct net, kernel/net/net_namespace.h). A new cgroup
 * namespace is only an identity (its own inode number in /proc/<pid>/ns)
 * and a root (kernel/cgroup/). User namespaces (user_namespace.c) live in
 * the cred, not here: they own the others and decide who may change them.
 */
#ifndef KERNEL_NS_NSPROXY_H
#define KERNEL_NS_NSPROXY_H

#include "lib/refcount.h"
#include "lib/types.h"

struct ipc_namespace;
struct pid_namespace;
struct task_struct;
struct uts_namespace;
struct user_namespace;

/* The CLONE_NEW* flags (Linux's uapi/linux/sched.h). */
#define CLONE_NEWTIME 0x00000080
#define CLONE_NEWNS 0x00020000
#define CLONE_NEWCGROUP 0x02000000
#define CLONE_NEWUTS 0x04000000
#define CLONE_NEWIPC 0x08000000
#define CLONE_NEWUSER 0x10000000
#define CLONE_NEWPID 0x20000000
#define CLONE_NEWNET 0x40000000
#define CLONE_NAMESPACES (CLONE_NEWNS | CLONE_NEWTIME | CLONE_NEWCGROUP | \
			  CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | \
			  CLONE_NEWPID | CLONE_NEWNET)

/* The inode numbers of the initial namespaces (Linux's proc_ns.h); the
 * others are given out from PROC_DYNAMIC_FIRST on. */
#define PROC_IPC_INIT_INO 0xEFFFFFFFU
#define PROC_UTS_INIT_INO 0xEFFFFFFEU
#define PROC_USER_INIT_INO 0xEFFFFFFDU
#define PROC_PID_INIT_INO 0xEFFFFFFCU
#define PROC_CGROUP_INIT_INO 0xEFFFFFFBU
#define PROC_TIME_INIT_INO 0xEFFFFFFAU
#define PROC_DYNAMIC_FIRST 0xF0000000U

/* What every namespace starts with: its kind, its number, its count,
 * and the user namespace that owns it (Linux's ns->user_ns): privilege
 * over it is CAP_SYS_ADMIN there (kernel/ns/user_namespace.h). */
struct ns_common {
	refcount_t count;
	unsigned int inum;		/* "uts:[inum]", st_ino of its file */
	int type;			/* CLONE_NEW* */
	struct user_namespace *user_ns;	/* referenced; NULL in a user
					 * namespace (its parent owns it) */
};

struct nsproxy {
	refcount_t count;		/* tasks pointing here */
	struct uts_namespace *uts_ns;
	struct ipc_namespace *ipc_ns;
	struct ns_common *mnt_ns;
	struct pid_namespace *pid_ns_for_children;	/* where children's
							 * pids come from */
	struct ns_common *net_ns;
	struct ns_common *time_ns;
	struct ns_common *time_ns_for_children;
	struct ns_common *cgroup_ns;
};

extern struct nsproxy init_nsproxy;
extern struct user_namespace init_user_ns;

/* fork/clone: @p gets current's nsproxy, or a copy with new namespaces
 * for the CLONE_NEW* bits of @flags. 0, -EPERM, -EINVAL or -ENOMEM. */
int copy_namespaces(u64 flags, struct task_struct *p);
/* exit (and a failed fork): @p lets go of its nsproxy. */
void exit_task_namespaces(struct task_struct *p);
/* @p's nsproxy, referenced (put_nsproxy()), or NULL once @p has exited. */
struct nsproxy *task_nsproxy(struct task_struct *p);
void put_nsproxy(struct nsproxy *ns);
/* A new nsproxy pointing where @old does (each namespace referenced). */
struct nsproxy *dup_nsproxy(const struct nsproxy *old);
/* Point @p at @ns (its reference taken over); the old one is put. */
void switch_task_namespaces(struct task_struct *p, struct nsproxy *ns);
/* current's nsproxy, unreferenced: current keeps it while it runs. */
struct nsproxy *current_nsproxy(void);

/* Make @ns a new namespace of kind @type with the next free inode
 * number, counted once, owned by current's user namespace (none for a
 * user namespace). ns_alloc(): one with nothing else in it, or NULL. */
void ns_init(struct ns_common *ns, int type);
struct ns_common *ns_alloc(int type);
struct ns_common *get_ns(struct ns_common *ns);
void put_ns(struct ns_common *ns);

#endif
