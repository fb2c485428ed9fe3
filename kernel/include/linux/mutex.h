/*
 * Mutexes with Linux's names: the kernel's own sleeping lock with an
 * owner (kernel/locking/mutex.h), exported to modules. Only what Linux
 * has on top is here: mutex_lock_killable() (Taskbase's interruptible
 * wait already stops for a fatal signal) and mutex_destroy(), which has
 * nothing to free.
 */
#ifndef _LINUX_MUTEX_H
#define _LINUX_MUTEX_H

#include <linux/sched.h>
#include <linux/bug.h>
#include "kernel/locking/mutex.h"

#define mutex_lock_killable(m) mutex_lock_interruptible(m)

static inline void mutex_destroy(struct mutex *m) { }

#endif
