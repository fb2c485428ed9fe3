/*
 * The robust-list calls (Linux's kernel/futex/syscalls.c).
 * set_robust_list(2): a thread tells the kernel where its list of held
 * robust mutexes starts (glibc and musl do it for every thread), so that
 * a dying owner's mutexes can be marked FUTEX_OWNER_DIED and a waiter
 * woken. get_robust_list(2) reads that pointer back, for the thread
 * itself or (as a debugger or checkpointer would) another one it may
 * ptrace-read.
 *
 * The pointer is task->robust_list (0 in a new task). When the thread
 * exits, exit_robust_list() walks the list in its memory (at most
 * ROBUST_LIST_LIMIT entries: the list is the user's, maybe circular) and
 * marks each futex word the thread still owns (its tid in the low bits)
 * FUTEX_OWNER_DIED, waking one waiter, whose pthread_mutex_lock() then
 * answers EOWNERDEAD. The entry in list_op_pending (a lock or unlock
 * half done) is looked at too. An exec only forgets the list: the memory
 * it was in is gone (Linux walks it first).
 */
#include "kernel/cred.h"
#include "kernel/futex.h"
#include "kernel/pid.h"
#include "kernel/ns/pid_namespace.h"
#include "kernel/syscalls.h"
#include "kernel/tasklist.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"

/* struct robust_list_head: next, futex_offset, list_op_pending. */
#define ROBUST_LIST_HEAD_SIZE 24
#define ROBUST_LIST_LIMIT 2048
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define FUTEX_TID_MASK 0x3fffffffu

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
	struct task_struct *p = pid ? find_task_by_vpid(pid) : current;
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

/* A list pointer at user @uptr: the entry, and bit 0 (a PI futex's). */
static int fetch_robust_entry(u64 uptr, u64 *entry, bool *pi)
{
	u64 v;

	if (get_user_u64(&v, (const u64 __user *)uptr))
		return -EFAULT;
	*entry = v & ~1ull;
	*pi = v & 1;
	return 0;
}

/*
 * The futex word at @uaddr of a lock on a dying task's list: if the task,
 * whose gettid() was @tid, holds it, keep the waiters bit, set FUTEX_OWNER_DIED and wake a waiter. A @pending
 * unlock that got as far as 0 still owes a waiter its wake-up. PI
 * futexes are not woken here (Taskbase has no PI futexes).
 */
static void handle_futex_death(u64 uaddr, u32 tid, bool pi, bool pending)
{
	u32 uval, nval;

	for (int tries = 0; tries < 64; tries++) {	/* a racing user */
		if ((uaddr & 3) || get_user_u32(&uval, (u32 __user *)uaddr))
			return;
		if (pending && !pi && !(uval & FUTEX_TID_MASK)) {
			futex_wake_user(uaddr, 1);
			return;
		}
		if ((uval & FUTEX_TID_MASK) != tid)
			return;
		if (futex_cmpxchg_user((u32 __user *)uaddr, uval,
				       (uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED,
				       &nval))
			return;
		if (nval != uval)
			continue;
		if (!pi && (uval & FUTEX_WAITERS))
			futex_wake_user(uaddr, 1);
		return;
	}
}

void exit_robust_list(struct task_struct *p)
{
	u64 head = (u64)p->robust_list, entry, next, pending, offset;
	bool pi, next_pi, pending_pi;
	int limit = ROBUST_LIST_LIMIT;
	/* The owner's word holds the tid its own pid namespace gave it. */
	u32 tid = (u32)task_pid_nr_ns(p, task_active_pid_ns(p));

	p->robust_list = NULL;
	if (!head || fetch_robust_entry(head, &entry, &pi) ||
	    get_user_u64(&offset, (const u64 __user *)(head + 8)) ||
	    fetch_robust_entry(head + 16, &pending, &pending_pi))
		return;
	while (entry != head && limit--) {
		int rc = fetch_robust_entry(entry, &next, &next_pi);

		if (entry != pending)
			handle_futex_death(entry + offset, tid, pi, false);
		if (rc)
			break;
		entry = next;
		pi = next_pi;
	}
	if (pending)
		handle_futex_death(pending + offset, tid, pending_pi, true);
}
