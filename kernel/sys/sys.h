/*
 * kernel/sys/: process calls of Linux's kernel/ (and block/ioprio.c)
 * that have no room in kernel/, which is full: kcmp.c (kcmp(2)),
 * ioprio.c (ioprio_get/ioprio_set), acct.c (BSD process accounting).
 */
#ifndef KERNEL_SYS_SYS_H
#define KERNEL_SYS_SYS_H

#include "kernel/task.h"
#include "kernel/uaccess.h"

/* kcmp.c */
long sys_kcmp(pid_t pid1, pid_t pid2, int type, u64 idx1, u64 idx2);

/* acct.c */
long sys_acct(const char __user *name);
/* The last thread of current's process is exiting with wait status
 * @code: append its accounting record, if acct(2) turned it on. Process
 * context, before the parent may hear of the exit. */
void acct_process(long code);

/* ioprio.c */
long sys_ioprio_set(int which, int who, int ioprio);
long sys_ioprio_get(int which, int who);

#endif
