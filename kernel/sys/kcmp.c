/*
 * kcmp(2) (Linux's kernel/kcmp.c): do two processes share a kernel
 * object (an open file, the address space, the descriptor table, the
 * cwd and root, the signal handlers, the I/O context, the SEM_UNDO
 * list)? Checkpoint/restore tools ask it to rebuild what clone(2) and
 * dup(2) shared, without the kernel handing out its addresses.
 *
 * The answer orders the objects, so that a caller can sort many: 0 the
 * same, 1 the first below the second, 2 above. The order is that of the
 * addresses mixed with two random numbers per object type, chosen once
 * (kcmp_cookies): a consistent order that says nothing about where the
 * objects lie. Taskbase keeps no I/O context (ioprio lives in the
 * task_struct, kernel/sys/ioprio.c): KCMP_IO compares the I/O context
 * every process shares, the same answer Linux gives processes that have
 * done no block I/O. KCMP_EPOLL_TFD compares a file with one that an
 * epoll (in the second process) watches, named by its descriptor there
 * and which of the items on that descriptor (struct kcmp_epoll_slot).
 */
#include "kernel/cred.h"
#include "kernel/fork.h"
#include "kernel/fs/poll.h"
#include "kernel/fs/proc/proc_fs.h"
#include "kernel/fs/vfs.h"
#include "kernel/locking/spinlock.h"
#include "kernel/pid.h"
#include "kernel/random.h"
#include "kernel/sys/sys.h"
#include "kernel/tasklist.h"
#include "lib/err.h"
#include "lib/errno.h"

#define KCMP_FILE 0
#define KCMP_VM 1
#define KCMP_FILES 2
#define KCMP_FS 3
#define KCMP_SIGHAND 4
#define KCMP_IO 5
#define KCMP_SYSVSEM 6
#define KCMP_EPOLL_TFD 7
#define KCMP_TYPES 8

static u64 kcmp_cookies[KCMP_TYPES][2];
static bool kcmp_cookies_set;
static DEFINE_SPINLOCK(kcmp_cookies_lock);

/* The two random numbers of each type: XORed in, then multiplied by an
 * odd number with the top bit set (a permutation of the addresses). */
static void kcmp_init_cookies(void)
{
	unsigned long flags = spin_lock_irqsave(&kcmp_cookies_lock);

	for (int i = 0; i < KCMP_TYPES && !kcmp_cookies_set; i++) {
		kcmp_cookies[i][0] = get_random_u64();
		kcmp_cookies[i][1] = get_random_u64() | (1ull << 63) | 1;
	}
	kcmp_cookies_set = true;
	spin_unlock_irqrestore(&kcmp_cookies_lock, flags);
}

static long kptr_obfuscate(const void *v, int type)
{
	return (long)(((u64)v ^ kcmp_cookies[type][0]) * kcmp_cookies[type][1]);
}

/* 0: the same object; 1: @v1 orders first; 2: @v2 does. */
static long kcmp_ptr(const void *v1, const void *v2, int type)
{
	long t1 = kptr_obfuscate(v1, type), t2 = kptr_obfuscate(v2, type);

	return (t1 < t2) | ((t1 > t2) << 1);
}

/* The object of @type that @p holds, as a pointer compared, never
 * followed (a racing exit may free it: the comparison still answers for
 * the moment it was read). */
static const void *kcmp_object(struct task_struct *p, int type)
{
	switch (type) {
	case KCMP_VM:
		return READ_ONCE(p->mm);
	case KCMP_FILES:
		return READ_ONCE(p->files);
	case KCMP_FS:
		return READ_ONCE(p->fs);
	case KCMP_SIGHAND:
		return READ_ONCE(p->sighand);
	case KCMP_SYSVSEM:
		return READ_ONCE(p->sysvsem);
	default:			/* KCMP_IO: the one context */
		return NULL;
	}
}

/* KCMP_FILE: the files at descriptor @idx1 of @p1 and @idx2 of @p2. */
static long kcmp_files(struct task_struct *p1, struct task_struct *p2,
		       u64 idx1, u64 idx2)
{
	struct file *f1 = idx1 <= __INT_MAX__ ? fget_task(p1, (int)idx1) : NULL;
	struct file *f2 = idx2 <= __INT_MAX__ ? fget_task(p2, (int)idx2) : NULL;
	long ret = f1 && f2 ? kcmp_ptr(f1, f2, KCMP_FILE) : -EBADF;

	if (f1)
		fput(f1);
	if (f2)
		fput(f2);
	return ret;
}

struct kcmp_epoll_slot {
	u32 efd, tfd;			/* the epoll, the watched descriptor */
	u64 toff;			/* which item on @tfd: 0 the first */
};

/* KCMP_EPOLL_TFD: @p1's file at @idx1 against the target that the slot
 * at user address @uslot names in an epoll of @p2. */
static long kcmp_epoll_target(struct task_struct *p1, struct task_struct *p2,
			      u64 idx1, u64 uslot)
{
	struct file *f = idx1 <= __INT_MAX__ ? fget_task(p1, (int)idx1) : NULL;
	struct file *ep = NULL, *target = NULL;
	struct kcmp_epoll_slot slot;
	long ret = 0;

	if (!f)
		return -EBADF;
	if (copy_from_user(&slot, (const void __user *)uslot, sizeof(slot)))
		ret = -EFAULT;
	else
		ep = fget_task(p2, (int)slot.efd);
	if (!ret && !ep)
		ret = -EBADF;
	if (ep) {
		target = get_epoll_tfile_raw_ptr(ep, (int)slot.tfd, slot.toff);
		fput(ep);
	}
	if (!ret)
		ret = IS_ERR(target) ? PTR_ERR(target) :
		      kcmp_ptr(f, target, KCMP_FILE);
	fput(f);
	return ret;
}

/* Find and reference the tasks @pid1 and @pid2: 0 or -ESRCH. */
static long kcmp_get_tasks(pid_t pid1, pid_t pid2, struct task_struct **p1,
			   struct task_struct **p2)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);

	*p1 = pid1 > 0 ? find_task_by_vpid(pid1) : NULL;
	*p2 = pid2 > 0 ? find_task_by_vpid(pid2) : NULL;
	if (*p1 && *p2) {
		get_task_struct(*p1);
		get_task_struct(*p2);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return *p1 && *p2 ? 0 : -ESRCH;
}

/* kcmp(2): compare @type's object of task @pid1 with @pid2's (for
 * KCMP_FILE the files at descriptors @idx1 and @idx2). 0, 1, 2, or
 * -ESRCH, -EPERM (current may not ptrace-read both), -EBADF, -EINVAL. */
long sys_kcmp(pid_t pid1, pid_t pid2, int type, u64 idx1, u64 idx2)
{
	struct task_struct *p1, *p2;
	long ret = kcmp_get_tasks(pid1, pid2, &p1, &p2);

	if (ret)
		return ret;
	kcmp_init_cookies();
	if (!ptrace_may_attach(p1) || !ptrace_may_attach(p2))
		ret = -EPERM;		/* PTRACE_MODE_READ_REALCREDS */
	else if (type == KCMP_FILE)
		ret = kcmp_files(p1, p2, idx1, idx2);
	else if (type == KCMP_EPOLL_TFD)
		ret = kcmp_epoll_target(p1, p2, idx1, idx2);
	else if (type > KCMP_FILE && type < KCMP_TYPES)
		ret = kcmp_ptr(kcmp_object(p1, type), kcmp_object(p2, type),
			       type);
	else
		ret = -EINVAL;
	put_task_struct(p1);
	put_task_struct(p2);
	return ret;
}
