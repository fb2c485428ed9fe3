/*
 * The robust-list calls (Linux's kernel/futex/syscalls.c).
 * set_robust_list(2): a thread tells the kernel where its list of held
 * robust mutexes starts (glibc and musl do it for every thread), so that
 * a dying owner's mutexes can be marked FUTEX_OWNER_DIED and a waiter
 * woken. get_robust_list(2) reads that pointer back, for the thread
 * itself or (as a debugger or checkpointer would) another one it may
 * ptrace-read.
 *
 * Taskbase keeps the pointer (task->robust_list: 0 in a new task, and
 * cleared by exec, as Linux) but does not yet walk the list at exit:
 * robust mutexes of a thread that dies holding them stay locked.
 */
#include "kernel/cred.h"
#include "kernel/futex.h"
#include "kernel/pid.h"
#include "kernel/syscalls.h"
#include "kernel/tasklist.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"

/* struct robust_list_head: next, futex_offset, list_op_pending. */
#define ROBUST_LIST_HEAD_SIZE 24

long sys_set_robust_list(void __user *head, u64 len)
{
	if (len != ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	current->robust_list = head;
	return 0;
}

/* get_robust_list(2): thread @pid's (0: current's) list head into
 * *@head_ptr and its size into *@len_ptr. -ESRCH, -EPERM (no
 * PTRACE_MODE_READ_REALCREDS access), -EFAULT. */
long sys_get_robust_list(pid_t pid, void __user * __user *head_ptr,
			 u64 __user *len_ptr)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *p = pid ? find_task_by_pid(pid) : current;
	void __user *head = NULL;
	long ret = 0;

	if (!p || pid < 0)
		ret = -ESRCH;
	else if (!ptrace_may_attach(p))
		ret = -EPERM;
	else
		head = p->robust_list;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (ret)
		return ret;
	if (put_user_u64(ROBUST_LIST_HEAD_SIZE, len_ptr))
		return -EFAULT;
	return put_user_u64((u64)head, (u64 __user *)head_ptr) ? -EFAULT : 0;
}
