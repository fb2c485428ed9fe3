/*
 * rcu_read_lock() / rcu_read_unlock(). Taskbase has no RCU: the task list
 * and the PID hash, which a module walks between these two calls, are
 * kept stable by tasklist_lock. So the read side here takes tasklist_lock
 * (interrupts off, nesting allowed: kernel/rcu/tiny.c), and what Linux
 * forbids inside an RCU read section (sleeping) is forbidden here too.
 */
#ifndef _LINUX_RCUPDATE_H
#define _LINUX_RCUPDATE_H

#include <linux/compiler.h>
#include "kernel/rcu/rcupdate.h"

#define rcu_dereference(p) READ_ONCE(p)
#define rcu_access_pointer(p) READ_ONCE(p)
#define rcu_assign_pointer(p, v) WRITE_ONCE(p, v)
#define rcu_read_lock_held() 1

#endif
