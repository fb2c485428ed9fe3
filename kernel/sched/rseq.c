/*
 * rseq(2), restartable sequences (Linux's kernel/rseq.c), as glibc uses
 * them since 2.35: every thread registers a 32-byte struct rseq at
 * start, reads its CPU number from cpu_id (sched_getcpu() without a
 * system call), and may run a critical section described by rseq_cs:
 * code from start_ip to start_ip + post_commit_offset that must not be
 * interrupted half-way, or else restart at abort_ip, which is preceded
 * by the 4-byte signature given at registration.
 *
 * Linux marks the thread on preemption, migration and signal delivery
 * and does the work on its way back to user mode. Taskbase keeps the
 * scheduler untouched: the return path (kernel/signal.c) compares the
 * thread's switch count with the one of the last write (a migration is a
 * switch too: rseq_work_pending()), and signal delivery calls
 * rseq_signal_deliver(). A fresh registration is marked stale, so that
 * its first return writes cpu_id.
 */
#include "kernel/sched/rseq.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"

#define RSEQ_FLAG_UNREGISTER 1
#define RSEQ_CPU_ID_UNINITIALIZED (-1)
#define RSEQ_SIZE 32			/* Linux 6.1's struct rseq */

struct rseq {
	u32 cpu_id_start, cpu_id;
	u64 rseq_cs;			/* user address of a struct rseq_cs */
	u32 flags;
	u32 __pad[3];
} __attribute__((aligned(32)));
_Static_assert(sizeof(struct rseq) == RSEQ_SIZE, "Linux 6.1's layout");

struct rseq_cs {
	u32 version, flags;
	u64 start_ip, post_commit_offset, abort_ip;
};

/* Write @cpu_id_start and @cpu_id into @t's struct rseq. 0 or -EFAULT. */
static long rseq_put_cpu(struct task_struct *t, u32 cpu_id_start, u32 cpu_id)
{
	struct rseq __user *r = t->rseq;

	if (put_user_u32(cpu_id_start, &r->cpu_id_start) ||
	    put_user_u32(cpu_id, &r->cpu_id))
		return -EFAULT;
	return 0;
}

/* If @regs is inside the registered critical section, send it to the
 * section's abort handler; rseq_cs is cleared either way. 0 or -errno. */
static long rseq_ip_fixup(struct pt_regs *regs)
{
	struct task_struct *t = current;
	struct rseq __user *r = t->rseq;
	struct rseq_cs cs;
	u64 ucs;
	u32 sig;

	if (copy_from_user(&ucs, &r->rseq_cs, sizeof(ucs)))
		return -EFAULT;
	if (!ucs)
		return 0;
	if (copy_from_user(&cs, (void __user *)ucs, sizeof(cs)))
		return -EFAULT;
	if (cs.version || cs.start_ip + cs.post_commit_offset < cs.start_ip ||
	    (cs.abort_ip >= cs.start_ip &&
	     cs.abort_ip < cs.start_ip + cs.post_commit_offset))
		return -EINVAL;
	if (regs->rip - cs.start_ip >= cs.post_commit_offset)
		return 0;		/* not inside: leave rseq_cs alone */
	if (copy_from_user(&sig, (void __user *)(cs.abort_ip - sizeof(sig)),
			   sizeof(sig)))
		return -EFAULT;
	if (sig != t->rseq_sig)
		return -EINVAL;
	ucs = 0;
	if (copy_to_user(&r->rseq_cs, &ucs, sizeof(ucs)))
		return -EFAULT;
	regs->rip = cs.abort_ip;
	return 0;
}

void rseq_handle_notify_resume(struct pt_regs *regs)
{
	struct task_struct *t = current;
	u64 switches = rseq_switch_count(t);
	int cpu = (int)READ_ONCE(t->cpu);
	/* Taken before the work: an IPI meanwhile sets it again, and the
	 * return path's loop comes back here. */
	bool ipi = __atomic_exchange_n(&t->rseq_ipi, false, __ATOMIC_RELAXED);
	bool bad;

	if (!t->rseq)
		return;
	/* A switch since the last return, or membarrier's IPI: whatever
	 * ran in between may have broken the critical section. */
	bad = ((switches != t->rseq_switches || ipi) && rseq_ip_fixup(regs)) ||
	      rseq_put_cpu(t, (u32)cpu, (u32)cpu);

	/* Done either way: a struct rseq that cannot be written is the
	 * signal's business now, and the return path's loop must get to it
	 * (it came back here for good, SIGKILL unseen). */
	t->rseq_switches = switches;
	if (bad)
		force_sig(SIGSEGV);
}

/* Make @t's next return to user mode write its struct rseq. */
static void rseq_mark_stale(struct task_struct *t)
{
	t->rseq_switches = rseq_switch_count(t) - 1;	/* the count only grows */
}

void rseq_signal_deliver(struct pt_regs *regs)
{
	if (current->rseq && rseq_ip_fixup(regs))
		force_sig(SIGSEGV);
}

void rseq_fork(struct task_struct *p, bool vm)
{
	struct task_struct *t = current;

	p->rseq = vm ? NULL : t->rseq;
	p->rseq_len = vm ? 0 : t->rseq_len;
	p->rseq_sig = vm ? 0 : t->rseq_sig;
	rseq_mark_stale(p);		/* written on its first return */
}

void rseq_execve(struct task_struct *t)
{
	t->rseq = NULL;
	t->rseq_len = t->rseq_sig = 0;
}

/* RSEQ_FLAG_UNREGISTER: only the registration itself, with its length
 * and signature, may be undone. */
static long rseq_unregister(void __user *rseq, u32 len, u32 sig)
{
	struct task_struct *t = current;

	if (!t->rseq || t->rseq != rseq || len != t->rseq_len)
		return -EINVAL;
	if (sig != t->rseq_sig)
		return -EPERM;
	if (rseq_put_cpu(t, 0, (u32)RSEQ_CPU_ID_UNINITIALIZED))
		return -EFAULT;
	rseq_execve(t);
	return 0;
}

/* rseq(2): register (or with RSEQ_FLAG_UNREGISTER undo) current's struct
 * rseq at @rseq of @len bytes, abort signature @sig. 0 or -errno. */
long sys_rseq(void __user *rseq, u32 len, int flags, u32 sig)
{
	struct task_struct *t = current;

	if (flags & RSEQ_FLAG_UNREGISTER) {
		if (flags & ~RSEQ_FLAG_UNREGISTER)
			return -EINVAL;
		return rseq_unregister(rseq, len, sig);
	}
	if (flags)
		return -EINVAL;
	if (t->rseq) {
		if (t->rseq != rseq || len != t->rseq_len)
			return -EINVAL;
		return sig != t->rseq_sig ? -EPERM : -EBUSY;
	}
	if ((u64)rseq % RSEQ_SIZE || len != RSEQ_SIZE)
		return -EINVAL;
	if (!access_ok(rseq, len))
		return -EFAULT;
	t->rseq = rseq;
	t->rseq_len = len;
	t->rseq_sig = sig;
	rseq_mark_stale(t);		/* written on the way out */
	return 0;
}
