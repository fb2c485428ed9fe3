/*
 * Small system calls: identity (pids, process groups, sessions; the
 * user and group ids are kernel/cred.c's), uname, resource limits, scheduling odds and ends,
 * reboot. Linux's semantics and errno values.
 */
#include "asm/smp.h"
#include "kernel/events/perf_event.h"
#include "kernel/ns/pid_namespace.h"
#include "kernel/cred.h"
#include "kernel/exit.h"
#include "kernel/fork.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/page_alloc.h"
#include "kernel/pid.h"
#include "kernel/time/time.h"
#include "kernel/time/clockid.h"
#include "kernel/time/namespace.h"
#include "kernel/power.h"
#include "kernel/printk/printk.h"
#include "kernel/sched/sched.h"
#include "kernel/sys/prctl.h"
#include "kernel/fs/vfs.h"
#include "kernel/signal.h"
#include "kernel/tasklist.h"
#include "kernel/ns/user_namespace.h"
#include "kernel/ns/utsname.h"
#include "kernel/uaccess.h"
#include "kernel/version.h"
#include "lib/errno.h"
#include "lib/string.h"
#include "lib/vsprintf.h"
#include "kernel/locking/lockdep.h"

long sys_getpid(void)
{
	return task_tgid_vnr(current);
}

/* gettid(2): current's thread id. */
long sys_gettid(void)
{
	return task_pid_vnr(current);
}

/* getppid(2): the process id of the parent of current's process (0
 * when it is outside current's pid namespace). */
long sys_getppid(void)
{
	return task_ppid_nr_ns(current, task_active_pid_ns(current));
}

/* The process (leader) with id @pid, or current's for 0; tasklist_lock. */
static struct task_struct *process_of(pid_t pid)
{
	struct task_struct *p = pid ? find_task_by_vpid(pid) : current;

	lockdep_assert_held(&tasklist_lock);
	return p ? p->group_leader : NULL;
}

/* getpgid(2): the process group of @pid (0: current), or -ESRCH. */
long sys_getpgid(pid_t pid)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *p = process_of(pid);
	long ret = (p && p->signal) ? global_pid_vnr(p->signal->pgrp) : -ESRCH;

	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/* getpgrp(2): current's process group. */
long sys_getpgrp(void)
{
	return sys_getpgid(0);
}

/* getsid(2): the session of @pid (0: current), or -ESRCH. */
long sys_getsid(pid_t pid)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *p = process_of(pid);
	long ret = (p && p->signal) ? global_pid_vnr(p->signal->session) : -ESRCH;

	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/* Is there a process in group @pgrp of session @sid? tasklist_lock held. */
static bool pgrp_in_session(pid_t pgrp, pid_t sid)
{
	struct task_struct *p;

	lockdep_assert_held(&tasklist_lock);
	for_each_process(p)
		if (p->signal && p->signal->pgrp == pgrp && p->signal->session == sid)
			return true;
	return false;
}

/* setpgid(2): move @pid (current or a child, 0: current) into group
 * @pgid of the same session (0: its own); POSIX's checks as -EPERM/-ESRCH. */
long sys_setpgid(pid_t pid, pid_t pgid)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *p = process_of(pid);
	long ret = 0;

	if (pgid < 0)
		ret = -EINVAL;
	else if (!p || !p->signal)
		ret = -ESRCH;
	else if (p != current->group_leader && p->real_parent != current->group_leader)
		ret = -ESRCH;		/* only self and own children */
	else if (p->signal->session == p->tgid)
		ret = -EPERM;		/* a session leader stays put */
	else if (p->signal->session != current->signal->session)
		ret = -EPERM;
	else if (p != current->group_leader && !(p->flags & PF_FORKNOEXEC))
		ret = -EACCES;		/* a child that has exec'd, as Linux */
	if (!ret)
		pgid = pgid ? global_pid_of_vnr(pgid) : p->tgid;
	if (!ret && pgid != p->tgid && !pgrp_in_session(pgid, p->signal->session))
		ret = -EPERM;
	if (!ret)
		p->signal->pgrp = pgid;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/* setsid(2): current's process starts a session and a group of its
 * own and loses its terminal; -EPERM when it already leads a group. */
long sys_setsid(void)
{
	struct task_struct *leader = current->group_leader;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *p;
	long ret = leader->tgid;

	for_each_process(p)
		if (p->signal && p->signal->pgrp == leader->tgid)
			ret = -EPERM;	/* already a group leader */
	if (ret > 0) {
		current->signal->session = current->signal->pgrp = leader->tgid;
		current->signal->tty = NULL;
		ret = task_tgid_vnr(leader);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

struct new_utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65],
	     domainname[65];
};

/* @len bytes of @name, not NUL-terminated, for @set: at most 64 (EINVAL);
 * CAP_SYS_ADMIN's in the UTS namespace's owner (EPERM first, as Linux). */
static long set_uts_name(const char __user *name, int len,
			 int (*set)(const char *name, size_t len))
{
	char buf[__NEW_UTS_LEN];

	if (!ns_capable(current_nsproxy()->uts_ns->ns.user_ns, CAP_SYS_ADMIN))
		return -EPERM;		/* the machine's name is root's */
	if (len < 0 || len > __NEW_UTS_LEN)
		return -EINVAL;
	if (copy_from_user(buf, name, len))
		return -EFAULT;
	return set(buf, (size_t)len);
}

/* sethostname(2): @len bytes, not NUL-terminated; at most 64 (EINVAL). */
long sys_sethostname(const char __user *name, int len)
{
	return set_uts_name(name, len, set_hostname);
}

long sys_setdomainname(const char __user *name, int len)
{
	return set_uts_name(name, len, set_domainname);
}

long sys_getcpu(unsigned int __user *cpu, unsigned int __user *node,
		void __user *unused)
{
	unsigned int me;

	preempt_disable();
	me = smp_processor_id();
	preempt_enable();
	if (cpu && put_user_u32(me, cpu))
		return -EFAULT;
	if (node && put_user_u32(0, node))	/* one NUMA node */
		return -EFAULT;
	return 0;
}

/* uname(2): the names Taskbase reports (UTS_SYSNAME, UTS_RELEASE). */
#define UNAME26 0x0020000	/* personality flag: a 2.6 release number */
#define PER_QUERY 0xffffffffu	/* personality(2): just ask */

/*
 * uname's release for current: UTS_RELEASE, or under UNAME26 what Linux
 * shows old programs that cannot parse 3.x and later: "2.6." then 60 +
 * the minor version, then UTS_RELEASE past its numbers ("2.6.61-taskbase").
 */
static void uname_release(char *buf, size_t len)
{
	const char *rest = UTS_RELEASE;
	int dots = 0, minor = 0;

	if (!(current->personality & UNAME26)) {
		strlcpy(buf, UTS_RELEASE, len);
		return;
	}
	for (; (*rest >= '0' && *rest <= '9') || *rest == '.'; rest++) {
		if (*rest == '.' && ++dots == 3)
			break;
		if (dots == 1 && *rest != '.')
			minor = minor * 10 + (*rest - '0');
	}
	snprintf(buf, len, "2.6.%d%s", 60 + minor, rest);
}

/* personality(2): set current's execution domain and flags to @persona
 * (0xffffffff: leave it); returns the old one. Only PER_LINUX and
 * UNAME26 change anything; the others are kept and reported. */
long sys_personality(unsigned int persona)
{
	unsigned int old = current->personality;

	if (persona != PER_QUERY)
		current->personality = persona;
	return old;
}

long sys_uname(struct new_utsname __user *name)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, UTS_SYSNAME, sizeof(u.sysname));
	get_hostname(u.nodename, sizeof(u.nodename));
	uname_release(u.release, sizeof(u.release));
	strlcpy(u.version, UTS_VERSION, sizeof(u.version));
	strlcpy(u.machine, UTS_MACHINE, sizeof(u.machine));
	get_domainname(u.domainname, sizeof(u.domainname));
	return copy_to_user(name, &u, sizeof(u)) ? -EFAULT : 0;
}

/* prlimit64(2): read and/or set resource limit @resource of @pid
 * (0: current); limits are per process (signal_struct). */
long sys_prlimit64(pid_t pid, unsigned int resource,
		   const struct rlimit __user *new, struct rlimit __user *old)
{
	unsigned long flags;
	struct task_struct *p;
	struct rlimit r, *lim;
	long ret = 0;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new && copy_from_user(&r, new, sizeof(r)))
		return -EFAULT;
	if (new && r.rlim_cur > r.rlim_max)
		return -EINVAL;
	/* No more descriptors than the table has (Linux's nr_open). */
	if (new && resource == RLIMIT_NOFILE && r.rlim_max > READ_ONCE(sysctl_nr_open))
		return -EPERM;
	flags = spin_lock_irqsave(&tasklist_lock);
	p = process_of(pid);
	if (!p || !p->signal) {
		spin_unlock_irqrestore(&tasklist_lock, flags);
		return -ESRCH;
	}
	lim = &p->signal->rlim[resource];
	struct rlimit cur = *lim;

	if (p != current->group_leader && !may_prlimit(p))
		ret = -EPERM;
	else if (new && r.rlim_max > cur.rlim_max && !capable(CAP_SYS_RESOURCE))
		ret = -EPERM;	/* only root raises a hard limit */
	else if (new)
		*lim = r;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (ret)
		return ret;
	if (old && copy_to_user(old, &cur, sizeof(cur)))
		ret = -EFAULT;
	return ret;
}

/* getrlimit(2): prlimit64() of current, read only. */
long sys_getrlimit(unsigned int resource, struct rlimit __user *old)
{
	return sys_prlimit64(0, resource, NULL, old);
}

/* setrlimit(2): prlimit64() of current, write only. */
long sys_setrlimit(unsigned int resource, const struct rlimit __user *new)
{
	return sys_prlimit64(0, resource, new, NULL);
}

/* sched_yield(2): let other runnable tasks go first. */
long sys_sched_yield(void)
{
	do_sched_yield();
	return 0;
}

/* sched_getaffinity(2): the online CPUs @pid may run on, as a
 * @len-byte mask (a multiple of 8); returns @len. */
long sys_sched_getaffinity(pid_t pid, unsigned int len, u64 __user *mask)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *p = pid ? find_task_by_vpid(pid) : current;
	u64 m = 0, online = 0;
	unsigned int cpu;

	for_each_online_cpu(cpu)
		online |= 1ull << cpu;
	if (p)
		m = p->cpus_allowed & online;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (!p)
		return -ESRCH;
	if (len < sizeof(u64) || (len & 7))
		return -EINVAL;
	if (copy_to_user(mask, &m, sizeof(m)) || clear_user(mask + 1, len - 8))
		return -EFAULT;
	return (long)len;
}

/* sched_setaffinity(2): restrict @pid to the online CPUs in
 * @mask; current leaves a CPU it may no longer use at once. */
long sys_sched_setaffinity(pid_t pid, unsigned int len, const u64 __user *mask)
{
	unsigned long flags;
	struct task_struct *p;
	u64 m, online = 0;
	unsigned int cpu;
	long err;

	if (len < sizeof(u64))
		return -EINVAL;
	if (copy_from_user(&m, mask, sizeof(m)))
		return -EFAULT;
	for_each_online_cpu(cpu)
		online |= 1ull << cpu;
	if (!(m & online))
		return -EINVAL;
	flags = spin_lock_irqsave(&tasklist_lock);
	p = pid ? find_task_by_vpid(pid) : current;
	/* A deadline task keeps every CPU (Linux's dl_task_check_affinity()). */
	err = !p ? -ESRCH : !check_same_owner(p) ? -EPERM :
	      dl_task(p) && !dl_affinity_ok(m & online) ? -EBUSY : 0;
	if (!err)
		p->cpus_allowed = m & online;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (err)
		return err;
	/* Leave a CPU we may no longer run on. */
	if (p == current && !(m & (1ull << smp_processor_id())))
		yield();
	return 0;
}

/* set_tid_address(2): zero and futex-wake @tidptr when current
 * exits (CLONE_CHILD_CLEARTID); returns the thread id. */
long sys_set_tid_address(int __user *tidptr)
{
	current->clear_child_tid = tidptr;
	return task_pid_vnr(current);
}

/* prctl(2): the name (current->comm), the parent-death signal (sent by
 * kernel/exit.c forget_original_parent()), the dumpable flag (0 or 1:
 * core files, /proc, ptrace), the child subreaper (its
 * find_new_reaper()), the timer slack
 * (kernel/time/sleep.c) and whether rdtsc faults (the arch's
 * set_tsc_mode()), seccomp (kernel/sys/seccomp.c), the perf counters
 * current opened (kernel/events/fd.c). Other options are -EINVAL. */
long sys_prctl(int option, u64 arg2, u64 arg3, u64 arg4, u64 arg5)
{
	char name[TASK_COMM_LEN];

	switch (option) {
	case PR_SET_PDEATHSIG:
		if (arg2 > _NSIG)
			return -EINVAL;
		current->pdeath_signal = (int)arg2;
		return 0;
	case PR_GET_PDEATHSIG:
		return put_user_u32(current->pdeath_signal, (u32 __user *)arg2);
	case PR_GET_DUMPABLE:	/* core files, /proc and ptrace (cred.c) */
		return current->mm ? READ_ONCE(current->mm->dumpable) : 0;
	case PR_SET_DUMPABLE:
		if (arg2 > SUID_DUMP_USER || !current->mm)
			return -EINVAL;
		WRITE_ONCE(current->mm->dumpable, (int)arg2);
		return 0;
	case PR_SET_TIMERSLACK:
		set_timer_slack(current, arg2);
		return 0;
	case PR_GET_TIMERSLACK:
		return (long)task_timer_slack(current);
	case PR_SET_CHILD_SUBREAPER:
		current->signal->is_child_subreaper = arg2 != 0;
		return 0;
	case PR_GET_CHILD_SUBREAPER:
		return put_user_u32(current->signal->is_child_subreaper,
				    (u32 __user *)arg2);
	case PR_SET_TSC:
		return set_tsc_mode(arg2);
	case PR_GET_TSC:
		return get_tsc_mode(arg2);
	case PR_SET_NAME:
		if (strncpy_from_user(name, (const char *)arg2, sizeof(name)) < 0)
			return -EFAULT;
		name[sizeof(name) - 1] = '\0';
		memcpy(current->comm, name, sizeof(name));
		return 0;
	case PR_GET_SECCOMP:	/* kernel/sys/seccomp.c */
		return prctl_get_seccomp();
	case PR_SET_SECCOMP:
		return prctl_set_seccomp(arg2, (void __user *)arg3);
	case PR_TASK_PERF_EVENTS_DISABLE:	/* kernel/events/fd.c */
		return perf_event_task_disable();
	case PR_TASK_PERF_EVENTS_ENABLE:
		return perf_event_task_enable();
	case PR_GET_NAME:
		return copy_to_user((void *)arg2, current->comm, TASK_COMM_LEN) ?
		       -EFAULT : 0;
	default:	/* capabilities, no_new_privs: kernel/capability.c */
		return cap_task_prctl(option, arg2, arg3, arg4, arg5);
	}
}

struct sysinfo {
	s64 uptime;
	u64 loads[3], totalram, freeram, sharedram, bufferram, totalswap,
	    freeswap;
	u16 procs, pad;
	u64 totalhigh, freehigh;
	u32 mem_unit;
	char _f[4];
};

/* sysinfo(2): uptime, memory and task counts. */
long sys_sysinfo(struct sysinfo __user *info)
{
	struct sysinfo s;

	memset(&s, 0, sizeof(s));
	/* Rounded up, as Linux: never behind /proc/uptime (LTP sysinfo03). */
	s.uptime = ((s64)ktime_get_ns() + timens_offset(CLOCK_BOOTTIME) +
		    999999999) / 1000000000;
	s.totalram = nr_managed_pages() * PAGE_SIZE;
	s.freeram = nr_free_pages() * PAGE_SIZE;
	s.procs = (u16)nr_pids();
	s.mem_unit = 1;
	return copy_to_user(info, &s, sizeof(s)) ? -EFAULT : 0;
}

#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1
/* struct rusage as 18 longs: two timevals, then ru_maxrss .. ru_nivcsw. */
enum { RU_UTIME = 0, RU_STIME = 2, RU_MAXRSS = 4, RU_MINFLT = 8,
       RU_MAJFLT = 9, RU_NVCSW = 16, RU_NIVCSW = 17, RU_LONGS = 18 };

/* Add @t's faults and switches to @s (its times: the caller's choice,
 * the thread's own or its process's totals). */
static void rusage_add(struct rusage_sum *s, const struct task_struct *t)
{
	s->min_flt += t->min_flt;
	s->maj_flt += t->maj_flt;
	s->nvcsw += READ_ONCE(t->nvcsw);
	s->nivcsw += READ_ONCE(t->nivcsw);
}

/* Add child usage @c to @s; the peak is the larger one's, as Linux's. */
static void rusage_merge(struct rusage_sum *s, const struct rusage_sum *c)
{
	u64 maxrss = MAX(s->maxrss, c->maxrss);

	s->utime += c->utime;
	s->stime += c->stime;
	s->min_flt += c->min_flt;
	s->maj_flt += c->maj_flt;
	s->nvcsw += c->nvcsw;
	s->nivcsw += c->nivcsw;
	s->maxrss = maxrss;
}

void task_rusage(struct task_struct *p, struct rusage_sum *s)
{
	struct task_struct *t;

	lockdep_assert_held(&tasklist_lock);
	*s = (struct rusage_sum){ 0 };
	if (!p->signal)
		return;
	for_each_thread(p->group_leader, t)
		rusage_add(s, t);
	/* the process's times: its exited threads' too (cputime.c) */
	thread_group_cputime(p, &s->utime, &s->stime);
	rusage_merge(s, &p->signal->cusage);
	s->maxrss = MAX(s->maxrss, p->signal->maxrss);
}

void reap_rusage(struct task_struct *p, struct rusage_sum *s)
{
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	struct rusage_sum own;

	if (!s)
		s = &own;
	task_rusage(p, s);
	if (current->signal)	/* a kernel thread (ktest) keeps none */
		rusage_merge(&current->signal->cusage, s);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

long put_rusage(const struct rusage_sum *s, void __user *ru)
{
	u64 tick_us = 1000000 / HZ;
	s64 r[RU_LONGS] = {
		[RU_UTIME] = (s64)(s->utime * tick_us / 1000000),
		[RU_UTIME + 1] = (s64)(s->utime * tick_us % 1000000),
		[RU_STIME] = (s64)(s->stime * tick_us / 1000000),
		[RU_STIME + 1] = (s64)(s->stime * tick_us % 1000000),
		[RU_MAXRSS] = (s64)s->maxrss, [RU_MINFLT] = (s64)s->min_flt,
		[RU_MAJFLT] = (s64)s->maj_flt, [RU_NVCSW] = (s64)s->nvcsw,
		[RU_NIVCSW] = (s64)s->nivcsw,
	};

	return copy_to_user(ru, r, sizeof(r)) ? -EFAULT : 0;
}

/*
 * getrusage(2): RUSAGE_THREAD is the calling thread; RUSAGE_SELF the
 * process: its times include threads that have exited (Linux's
 * signal_struct totals), its faults and switches are the live threads';
 * RUSAGE_CHILDREN sums the children
 * wait4 or waitid reaped, and theirs. ru_maxrss is in KiB: the most any
 * of the address spaces held when it went (no high-water mark is kept).
 */
long sys_getrusage(int who, void __user *usage)
{
	struct task_struct *t;
	unsigned long flags;
	struct rusage_sum s = { 0 };

	flags = spin_lock_irqsave(&tasklist_lock);
	switch (who) {
	case RUSAGE_THREAD:
		rusage_add(&s, current);
		s.utime = current->utime;
		s.stime = current->stime;
		break;
	case RUSAGE_SELF:
		for_each_thread(current->group_leader, t)
			rusage_add(&s, t);
		thread_group_cputime(current, &s.utime, &s.stime);
		s.maxrss = current->signal->maxrss;
		break;
	case RUSAGE_CHILDREN:
		s = current->signal->cusage;
		break;
	default:
		spin_unlock_irqrestore(&tasklist_lock, flags);
		return -EINVAL;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (who != RUSAGE_CHILDREN && current->mm)
		s.maxrss = MAX(s.maxrss, current->mm->rss * (PAGE_SIZE / 1024));
	return put_rusage(&s, usage);
}

/* restart_syscall(2): resume the call a signal without a handler
 * interrupted (current->restart_block), once; -EINTR if there is none. */
long sys_restart_syscall(void)
{
	struct restart_block *rb = &current->restart_block;
	long (*fn)(struct restart_block *rb) = rb->fn;

	rb->fn = NULL;
	return fn ? fn(rb) : -EINTR;
}
