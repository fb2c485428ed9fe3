/*
 * A task's credentials: task->cred (kernel/cred.h) and Linux's accessors,
 * current_uid(), current_euid(), task_uid(), ...; get_cred(), put_cred(),
 * get_task_cred(), prepare_creds() and commit_creds() are the kernel's
 * own (kernel/cred.c).
 */
#ifndef _LINUX_CRED_H
#define _LINUX_CRED_H

#include <linux/uidgid.h>
#include <linux/sched.h>
#include <linux/rcupdate.h>
#include "kernel/cred.h"

#define current_cred() (current->cred)
/* @task's cred, valid inside rcu_read_lock() (get_task_cred() to keep it). */
#define __task_cred(task) rcu_dereference((task)->real_cred)
#define current_real_cred() (current->real_cred)
#define task_cred_xxx(task, xxx) ((task)->real_cred->xxx)
#define task_uid(task) task_cred_xxx(task, uid)
#define task_euid(task) task_cred_xxx(task, euid)
#define current_uid() (current_cred()->uid)
#define current_euid() (current_cred()->euid)
#define current_suid() (current_cred()->suid)
#define current_fsuid() (current_cred()->fsuid)
#define current_gid() (current_cred()->gid)
#define current_egid() (current_cred()->egid)
#define current_sgid() (current_cred()->sgid)
#define current_fsgid() (current_cred()->fsgid)

#endif
