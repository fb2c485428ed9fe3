/*
 * Kernel threads, Linux's way: kthread_create() asks kthreadd (pid 2) to
 * create the thread, so every kernel thread is a child of kthreadd and
 * shows PPid 2. A kernel thread has no user address space (mm == NULL)
 * and only a kernel stack; ps shows its name in brackets.
 */
#ifndef KERNEL_KTHREAD_H
#define KERNEL_KTHREAD_H

#include "kernel/task.h"

/* A new, sleeping kernel thread running @fn(@data); NULL on failure. */
__printf(3, 4) struct task_struct *kthread_create(int (*fn)(void *), void *data,
						 const char *namefmt, ...);
/* kthread_create() and wake it up. */
#define kthread_run(fn, data, ...)                                      \
	({                                                              \
		struct task_struct *__k = kthread_create(fn, data, __VA_ARGS__); \
		if (__k)                                                \
			wake_up_process(__k);                           \
		__k;                                                    \
	})

/* Ask @k to stop (kthread_should_stop() turns true), wake it, and wait
 * until its function returns; returns what it returned. The caller makes
 * sure @k has not been freed (it has not returned, or is referenced). */
int kthread_stop(struct task_struct *k);
/* Has kthread_stop() been called for the current kernel thread? */
bool kthread_should_stop(void);
/* End a kernel thread whose function returned @ret. */
__noreturn void kthread_exit(int ret);
/* Body of kthreadd: serve kthread_create() requests forever. */
int kthreadd(void *unused);
extern struct task_struct *kthreadd_task;

#endif
