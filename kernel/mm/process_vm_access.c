/*
 * process_vm_readv(2) and process_vm_writev(2): copy between current's
 * memory and another process's, as tracers (strace, gdb) do to read
 * strings and structures without a PEEKDATA per word.
 *
 * The other side goes through access_remote_vm() (kernel/mm/memory.c),
 * so a write to a read-only private page takes a private copy as a
 * debugger's /proc/<pid>/mem write does. Permission is
 * ptrace_may_attach() (kernel/cred.c): the same real ids and dumpable,
 * or root (Linux checks process_vm_* with PTRACE_MODE_REALCREDS).
 */
#include "kernel/ptrace.h"
#include "kernel/cred.h"
#include "kernel/fork.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/slab.h"
#include "kernel/pid.h"
#include "kernel/tasklist.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"

#define CHUNK 4096
#define UIO_MAXIOV 1024		/* Linux's limit on an iovec array */

/* The address space of process @pid if current may touch it, with a
 * reference; NULL with *@err set otherwise. */
static struct mm_struct *vm_target(pid_t pid, long *err)
{
	unsigned long fl = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *t = find_task_by_vpid(pid);
	struct mm_struct *mm = NULL;

	*err = -ESRCH;
	if (t && !t->exit_state)
		get_task_struct(t);
	else
		t = NULL;
	spin_unlock_irqrestore(&tasklist_lock, fl);
	if (!t)
		return NULL;
	if (!ptrace_may_attach(t))
		*err = -EPERM;
	else if (!(mm = get_task_mm(t)))
		*err = -ESRCH;
	put_task_struct(t);
	return mm;
}

struct iovec {
	void __user *iov_base;
	u64 iov_len;
};

/* The local side: where in current's iovec array the copy has got to. */
struct cursor {
	const struct iovec *v;
	u64 n, i, off, count;		/* count: bytes left in all of it */
};

/* Copy @len bytes between @buf and the local side (to it when @to);
 * the bytes done, short on a fault. */
static u64 cursor_copy(struct cursor *c, u8 *buf, u64 len, bool to)
{
	u64 done = 0;

	while (done < len && c->i < c->n) {
		const struct iovec *v = &c->v[c->i];
		u64 k = MIN(len - done, v->iov_len - c->off);
		u8 __user *u = (u8 __user *)v->iov_base + c->off;

		if (k && (to ? copy_to_user(u, buf + done, k)
			     : copy_from_user(buf + done, u, k)))
			break;
		done += k;
		c->off += k;
		c->count -= k;
		if (c->off == v->iov_len) {
			c->i++;
			c->off = 0;
		}
	}
	return done;
}

/* Current's iovec array @uvec of @n entries, copied in; NULL with *@err
 * set when it is too long, unreadable or has a negative length. */
static struct iovec *get_iovecs(const void __user *uvec, u64 n, long *err)
{
	struct iovec *v;

	*err = -EINVAL;
	if (n > UIO_MAXIOV)
		return NULL;
	*err = -ENOMEM;
	v = kmalloc(n * sizeof(*v) + 1, GFP_KERNEL);
	if (!v)
		return NULL;
	*err = -EFAULT;
	if (!copy_from_user(v, uvec, n * sizeof(*v))) {
		*err = 0;
		for (u64 i = 0; i < n; i++)
			if ((s64)v[i].iov_len < 0)
				*err = -EINVAL;	/* as Linux: lengths are ssize_t */
	}
	if (*err) {
		kfree(v);
		return NULL;
	}
	return v;
}

/* One remote segment through @buf; the bytes done (short on a fault). */
static u64 copy_segment(struct mm_struct *mm, const struct iovec *r,
			struct cursor *local, u8 *buf, bool write)
{
	u64 done = 0;

	while (done < r->iov_len && local->count) {
		u64 n = MIN(MIN((u64)CHUNK, r->iov_len - done), (u64)local->count);
		u64 addr = (u64)r->iov_base + done, got;

		if (write && cursor_copy(local, buf, n, false) != n)
			break;
		got = access_remote_vm(mm, addr, buf, n, write);
		if (!write)
			got = cursor_copy(local, buf, got, true);
		done += got;
		if (got != n)
			break;
	}
	return done;
}

static long process_vm_rw(pid_t pid, const void __user *lvec, u64 liovcnt,
			  const void __user *rvec, u64 riovcnt, u64 flags,
			  bool write)
{
	struct iovec *l = NULL, *r = NULL;
	struct mm_struct *mm = NULL;
	struct cursor local;
	u64 total = 0, llen = 0;
	u8 *buf = NULL;
	long err;

	if (flags)
		return -EINVAL;
	if (!(l = get_iovecs(lvec, liovcnt, &err)) ||
	    !(r = get_iovecs(rvec, riovcnt, &err)))
		goto out;
	for (u64 i = 0; i < liovcnt; i++)
		llen += l[i].iov_len;
	err = -ENOMEM;
	if (!(buf = kmalloc(CHUNK, GFP_KERNEL)) || !(mm = vm_target(pid, &err)))
		goto out;
	local = (struct cursor){ .v = l, .n = liovcnt, .count = llen };
	for (u64 i = 0; i < riovcnt && local.count; i++) {
		u64 done = copy_segment(mm, &r[i], &local, buf, write);

		total += done;
		if (done != MIN(r[i].iov_len, (u64)local.count + done))
			break;		/* a fault: stop at this segment */
	}
	err = total || !riovcnt || !llen ? (long)total : -EFAULT;
out:
	if (mm)
		mmput(mm);
	kfree(buf);
	kfree(r);
	kfree(l);
	return err;
}

/* process_vm_readv(2): bytes read from process @pid, or -errno. */
long sys_process_vm_readv(pid_t pid, const void __user *lvec, u64 liovcnt,
			  const void __user *rvec, u64 riovcnt, u64 flags)
{
	return process_vm_rw(pid, lvec, liovcnt, rvec, riovcnt, flags, false);
}

/* process_vm_writev(2): bytes written to process @pid, or -errno. */
long sys_process_vm_writev(pid_t pid, const void __user *lvec, u64 liovcnt,
			   const void __user *rvec, u64 riovcnt, u64 flags)
{
	return process_vm_rw(pid, lvec, liovcnt, rvec, riovcnt, flags, true);
}
