/*
 * prctl(2)'s options that kernel/sys.c sys_prctl() handles itself or
 * hands to their subsystem, Linux's numbers (uapi/linux/prctl.h). The
 * capability options are kernel/capability.c's.
 */
#ifndef KERNEL_SYS_PRCTL_H
#define KERNEL_SYS_PRCTL_H

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE 3
#define PR_SET_DUMPABLE 4
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_GET_TSC 25
#define PR_SET_TSC 26
#define PR_SET_TIMERSLACK 29
#define PR_GET_TIMERSLACK 30
#define PR_GET_SECCOMP 21
#define PR_SET_SECCOMP 22
#define PR_TASK_PERF_EVENTS_DISABLE 31	/* kernel/events/fd.c */
#define PR_TASK_PERF_EVENTS_ENABLE 32
#define PR_SET_CHILD_SUBREAPER 36
#define PR_GET_CHILD_SUBREAPER 37

#endif
