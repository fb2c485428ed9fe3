/*
 * Credentials: the user and group IDs a task acts with, Linux's struct
 * cred, reached as task->cred (and task->real_cred, the ones others see
 * when they act on it). Taskbase has one set so far: every task points at
 * init_cred, root, and nothing changes it; set*id(2) and the permission
 * checks will give tasks their own (copy on change, as Linux's
 * prepare_creds()/commit_creds()).
 */
#ifndef KERNEL_CRED_H
#define KERNEL_CRED_H

#include "lib/types.h"

/* An ID as the kernel holds it (in a user namespace; Taskbase has one). */
typedef struct {
	u32 val;
} kuid_t;

typedef struct {
	u32 val;
} kgid_t;

struct cred {
	int usage;
	kuid_t uid, euid, suid, fsuid;	/* real, effective, saved, fs */
	kgid_t gid, egid, sgid, fsgid;
};

/* Root's credentials, shared by every task for now (kernel/init/init_task.c). */
extern struct cred init_cred;

#endif
