/*
 * Kernel threads, Linux's calls: kthread_create() asks kthreadd (pid 2)
 * for a sleeping thread running fn(data) (kernel/kthread.c);
 * kthread_run() also wakes it. Failure is an ERR_PTR, as on Linux
 * (Taskbase's own kthread_create() returns NULL, mapped here).
 * kthread_stop() sets the thread's stop flag, wakes it and waits for fn
 * to return; fn polls kthread_should_stop().
 */
#ifndef _LINUX_KTHREAD_H
#define _LINUX_KTHREAD_H

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include "kernel/kthread.h"

#define kthread_create(fn, data, ...)					\
	({								\
		struct task_struct *__k = kthread_create(fn, data, __VA_ARGS__); \
		__k ? __k : (struct task_struct *)ERR_PTR(-ENOMEM);	\
	})

#undef kthread_run
#define kthread_run(fn, data, ...)					\
	({								\
		struct task_struct *__kr = kthread_create(fn, data, __VA_ARGS__); \
		if (!IS_ERR(__kr))					\
			wake_up_process(__kr);				\
		__kr;							\
	})

#endif
