/*
 * CPU-time accounting at the tick (Linux's tick-based
 * kernel/sched/cputime.c, and the process timers of
 * kernel/time/posix-cpu-timers.c): each tick charges the task it
 * interrupts one tick of user or system time, and charges its process
 * too, so the process total keeps the time of threads that have exited.
 *
 * The process's CPU-time limits are checked on the same tick:
 * ITIMER_VIRTUAL (user time, SIGVTALRM), ITIMER_PROF (user + system,
 * SIGPROF) and RLIMIT_CPU (SIGXCPU at the soft limit and every second
 * after it, the soft limit moving on as Linux does; SIGKILL at the hard
 * limit). A process with none of them armed pays three loads per tick.
 * The timers' state is the process's, under its siglock; the signals are
 * sent after the lock is dropped (sending takes it again). times(2)
 * reads the totals here too.
 */
#include "kernel/time/cputime.h"
#include "kernel/pid.h"
#include "kernel/tasklist.h"
#include "kernel/time/clockid.h"
#include "kernel/time/time.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"
#include "lib/bug.h"
#include "lib/errno.h"

#define NS_PER_TICK (NSEC_PER_SEC / HZ)

/* @t due at CPU time @now? Then move it to its next expiry (Linux's
 * check_cpu_itimer(): one step per check, no catching up at once). */
static bool cpu_itimer_due(struct cpu_itimer *t, u64 now)
{
	if (!t->expires || now < t->expires)
		return false;
	t->expires = t->incr ? t->expires + t->incr : 0;
	return true;
}

/* RLIMIT_CPU at @secs seconds of CPU time: SIGKILL at the hard limit,
 * else SIGXCPU at the soft one, which then moves a second on (a soft
 * limit of 0 acts as 1, as Linux's update_rlimit_cpu()). */
static int check_cpu_limit(struct signal_struct *sig, u64 secs)
{
	struct rlimit *r = &sig->rlim[RLIMIT_CPU];
	u64 soft = r->rlim_cur ? r->rlim_cur : 1;

	if (r->rlim_cur == RLIM_INFINITY)
		return 0;
	if (r->rlim_max != RLIM_INFINITY && secs >= r->rlim_max)
		return SIGKILL;
	if (secs < soft)
		return 0;
	if (soft < r->rlim_max)
		r->rlim_cur = soft + 1;
	return SIGXCPU;
}

/* Which of @p's process timers and limits are due: a signal mask. */
static u64 process_timers_due(struct task_struct *p)
{
	struct signal_struct *sig = p->signal;
	unsigned long flags = spin_lock_irqsave(&p->sighand->siglock);
	u64 user = READ_ONCE(sig->utime) * NS_PER_TICK;
	u64 prof = user + READ_ONCE(sig->stime) * NS_PER_TICK;
	u64 due = 0;
	int lim;

	if (cpu_itimer_due(&sig->it[ITIMER_VIRTUAL - 1], user))
		due |= sigmask(SIGVTALRM);
	if (cpu_itimer_due(&sig->it[ITIMER_PROF - 1], prof))
		due |= sigmask(SIGPROF);
	lim = check_cpu_limit(sig, prof / NSEC_PER_SEC);
	if (lim)
		due |= sigmask(lim);
	spin_unlock_irqrestore(&p->sighand->siglock, flags);
	return due;
}

void account_process_tick(struct task_struct *p, bool user)
{
	struct signal_struct *sig = p->signal;

	if (user)
		p->utime++;
	else
		p->stime++;
	if (!sig || !p->sighand || (p->flags & (PF_IDLE | PF_KTHREAD)))
		return;
	/* Threads of one process tick on several CPUs at once. */
	__atomic_add_fetch(user ? &sig->utime : &sig->stime, 1, __ATOMIC_RELAXED);
	if (!READ_ONCE(sig->it[0].expires) && !READ_ONCE(sig->it[1].expires) &&
	    READ_ONCE(sig->rlim[RLIMIT_CPU].rlim_cur) == RLIM_INFINITY)
		return;
	/* Not here, in a hard interrupt that may have found @p in do_exit()
	 * with its thread group (and its leader) going: on @p's way back to
	 * user mode, which an exiting task never takes. */
	WRITE_ONCE(p->cputimer_due, true);
}

void handle_cpu_timers(struct task_struct *p)
{
	unsigned long flags;
	u64 due;

	BUG_ON(p != current || in_interrupt());
	WRITE_ONCE(p->cputimer_due, false);
	due = process_timers_due(p);
	if (!due)
		return;
	/* A process-wide send walks the thread group: under tasklist_lock,
	 * as kill(2)'s and ITIMER_REAL's (kernel/time/itimer.c). */
	flags = spin_lock_irqsave(&tasklist_lock);
	for (int s = 1; due; s++, due >>= 1)
		if (due & 1)
			send_sig_process(s, p);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

void thread_group_cputime(struct task_struct *p, u64 *utime, u64 *stime)
{
	*utime = p->signal ? READ_ONCE(p->signal->utime) : READ_ONCE(p->utime);
	*stime = p->signal ? READ_ONCE(p->signal->stime) : READ_ONCE(p->stime);
}

u64 process_cputime_ns(struct task_struct *p, int which)
{
	u64 utime, stime;

	thread_group_cputime(p, &utime, &stime);
	return (which == ITIMER_VIRTUAL ? utime : utime + stime) * NS_PER_TICK;
}

#define USER_HZ 100		/* clock ticks, sysconf(_SC_CLK_TCK) */

/* times(2): current process's user and system time (all its threads,
 * the exited ones too) and its reaped children's (RUSAGE_CHILDREN's), in
 * clock ticks. Returns the ticks since boot, or -EFAULT. */
long sys_times(void __user *tbuf)
{
	s64 tms[4] = { 0 };	/* struct tms: utime, stime, cutime, cstime */
	u64 utime, stime;

	thread_group_cputime(current, &utime, &stime);
	tms[0] = (s64)(utime * USER_HZ / HZ);
	tms[1] = (s64)(stime * USER_HZ / HZ);
	tms[2] = (s64)(READ_ONCE(current->signal->cusage.utime) * USER_HZ / HZ);
	tms[3] = (s64)(READ_ONCE(current->signal->cusage.stime) * USER_HZ / HZ);
	if (tbuf && copy_to_user(tbuf, tms, sizeof(tms)))
		return -EFAULT;
	return (long)(jiffies * USER_HZ / HZ);
}

/* ---- the CPU-time clocks (Linux's posix-cpu-timers.c) ---- */

#define CPUCLOCK_WHICH(clk) ((clk) & 3)
#define CPUCLOCK_PID(clk) ((pid_t)~((clk) >> 3))
#define CPUCLOCK_MAX 3			/* 3: Linux's CLOCKFD, not ours */

bool is_cpu_clock(int clk)
{
	return clk < 0 || clk == CLOCK_PROCESS_CPUTIME_ID ||
	       clk == CLOCK_THREAD_CPUTIME_ID;
}

/* The task encoded clock @cc names (pid 0 in it: current) in *@pp,
 * checked as cpu_clock_resolve() says; -EINVAL. tasklist_lock held. */
static long cpu_clock_owner(pid_t upid, struct cpu_clock *cc, bool gettime,
			    struct task_struct **pp)
{
	struct task_struct *p = upid > 0 ? find_task_by_vpid(upid) : NULL;

	if (!upid)
		p = current;
	if (!p || (cc->thread && p->tgid != current->tgid))
		return -EINVAL;
	if (!cc->thread && p != p->group_leader && !(gettime && p == current))
		return -EINVAL;		/* a process's clock wants its tgid */
	cc->pid = cc->thread ? p->pid : p->tgid;
	*pp = p;
	return 0;
}

static bool is_own_cpu_clock(int clk)
{
	return clk == CLOCK_PROCESS_CPUTIME_ID || clk == CLOCK_THREAD_CPUTIME_ID;
}

/* cpu_clock_resolve() that also says which task (*@pp): current for the
 * two plain ids, with no lock needed; tasklist_lock held for the others. */
static long cpu_clock_task(int clk, struct cpu_clock *cc, bool gettime,
			   struct task_struct **pp)
{
	if (is_own_cpu_clock(clk)) {
		cc->thread = clk == CLOCK_THREAD_CPUTIME_ID;
		cc->which = CPUCLOCK_SCHED;
		cc->pid = cc->thread ? current->pid : current->tgid;
		*pp = current;
		return 0;
	}
	if (clk >= 0 || CPUCLOCK_WHICH(clk) >= CPUCLOCK_MAX)
		return -EINVAL;
	cc->thread = clk & CPUCLOCK_PERTHREAD_MASK;
	cc->which = CPUCLOCK_WHICH(clk);
	return cpu_clock_owner(CPUCLOCK_PID(clk), cc, gettime, pp);
}

long cpu_clock_resolve(int clk, struct cpu_clock *cc, bool gettime)
{
	struct task_struct *p;
	unsigned long flags;
	long ret;

	if (is_own_cpu_clock(clk))
		return cpu_clock_task(clk, cc, gettime, &p);
	flags = spin_lock_irqsave(&tasklist_lock);
	ret = cpu_clock_task(clk, cc, gettime, &p);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

u64 cpu_clock_sample(struct task_struct *p, const struct cpu_clock *cc)
{
	if (!cc->thread)
		return process_cputime_ns(p, cc->which == CPUCLOCK_VIRT ?
					  ITIMER_VIRTUAL : ITIMER_PROF);
	return (cc->which == CPUCLOCK_VIRT ? p->utime : p->utime + p->stime) *
	       NS_PER_TICK;
}

long cpu_clock_get(int clk, u64 *ns)
{
	struct cpu_clock cc;
	struct task_struct *p;
	unsigned long flags;
	long ret;

	if (is_own_cpu_clock(clk)) {	/* clock(): no lock, no lookup */
		cpu_clock_task(clk, &cc, true, &p);
		*ns = cpu_clock_sample(p, &cc);
		return 0;
	}
	flags = spin_lock_irqsave(&tasklist_lock);
	ret = cpu_clock_task(clk, &cc, true, &p);
	if (!ret)
		*ns = cpu_clock_sample(p, &cc);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}
