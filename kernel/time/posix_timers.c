/*
 * POSIX interval timers (Linux's kernel/time/posix-timers.c):
 * timer_create, timer_settime, timer_gettime, timer_getoverrun and
 * timer_delete. A process may own many timers, numbered from 0; each
 * counts on its own clock (realtime, monotonic, boottime, or the process's
 * or creating thread's CPU time) and when it expires sends a signal
 * (SIGEV_SIGNAL, to the process; SIGEV_THREAD_ID, to one of its threads)
 * or nothing (SIGEV_NONE, read with timer_gettime).
 *
 * Like ITIMER_REAL (itimer.c) a kernel timer on the tick wakes us; the
 * deadline is kept in nanoseconds on the timer's clock, so the tick only
 * decides when we look. CPU-time clocks are looked at every tick. A timer
 * has at most one signal pending: expiries while it is pending are
 * counted as overruns, handed to the signal's si_overrun when it is
 * taken (posixtimer_dequeued()) and kept for timer_getoverrun().
 * Timers are not inherited by fork and are deleted at exec and when the
 * process is freed.
 */
#include "kernel/capability.h"
#include "kernel/cred.h"
#include "kernel/mm/slab.h"
#include "kernel/signal.h"
#include "kernel/syscalls.h"
#include "kernel/pid.h"
#include "kernel/tasklist.h"
#include "kernel/time/clockid.h"
#include "kernel/time/cputime.h"
#include "kernel/time/namespace.h"
#include "kernel/time/posix_timers.h"
#include "kernel/time/time_kernel.h"
#include "kernel/time/timer.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"

#define TIMER_ABSTIME 1
#define POSIX_TIMERS_MAX 4096	/* besides RLIMIT_SIGPENDING */
#define DELAYTIMER_MAX 0x7fffffff

struct itimerspec_k {
	struct timespec it_interval, it_value;
};

struct k_itimer {
	struct k_itimer *next;		/* signal->posix_timers */
	struct signal_struct *signal;	/* the owning process */
	int id;
	int clock;			/* as created */
	int notify;			/* SIGEV_* without THREAD_ID */
	int signo;
	u64 value;			/* si_value */
	pid_t target;			/* whom the signal goes to */
	bool to_thread;			/* SIGEV_THREAD_ID */
	struct cpu_clock cpu;		/* CPU-time clocks: whose time */
	u64 expires;			/* ns on the clock; 0: disarmed */
	u64 interval;			/* ns; 0: fires once */
	bool sigpending;		/* its signal is queued, not taken */
	u64 overrun;			/* expiries while it was pending */
	u64 overrun_last;		/* of the signal taken last */
	struct timer_list timer;
};

/* Guards every process's timer list and timer state; taken inside
 * tasklist_lock and siglock, never around them. */
static DEFINE_SPINLOCK(posix_timers_lock);

/* Now on @t's clock; false if its CPU-time owner is gone.
 * tasklist_lock held. */
static bool timer_now(const struct k_itimer *t, u64 *now)
{
	struct task_struct *p;

	if (t->clock == CLOCK_TAI) {
		*now = ktime_get_real_ns() + (u64)ntp_tai_offset_ns();
		return true;
	}
	if (!is_cpu_clock(t->clock)) {
		*now = clock_tsc_base(t->clock) == CLOCK_REALTIME ?
		       ktime_get_real_ns() : ktime_get_ns();
		return true;
	}
	p = find_task_by_pid(t->cpu.pid);
	if (!p || process_dead(p))
		return false;
	*now = cpu_clock_sample(p, &t->cpu);
	return true;
}

/* Wake us at t->expires: CPU time can only be watched tick by tick. */
static void timer_arm(struct k_itimer *t, u64 now)
{
	u64 delta = t->expires > now ? t->expires - now : 1;

	mod_timer(&t->timer, jiffies + (is_cpu_clock(t->clock) ? 1 :
					ns_to_timeout_ticks(delta)));
}

/* Count the expiry (and the periods missed) at @now, re-arm; true if a
 * signal is to be sent. posix_timers_lock held. */
static bool timer_expire(struct k_itimer *t, u64 now)
{
	u64 missed = 0;
	bool send = false;

	if (t->interval) {
		missed = (now - t->expires) / t->interval;
		t->expires += (missed + 1) * t->interval;
		timer_arm(t, now);
	} else {
		t->expires = 0;
	}
	if (t->notify == SIGEV_NONE)
		return false;
	if (t->sigpending) {
		t->overrun += missed + 1;
	} else {
		t->overrun += missed;
		t->sigpending = send = true;
	}
	return send;
}

/* Is @t's signal pending where @t sends it (to @p)? */
static bool signo_pending(struct k_itimer *t, struct task_struct *p)
{
	u64 set = t->to_thread ? READ_ONCE(p->pending.sig) :
		  READ_ONCE(t->signal->shared_pending.sig);

	return set & sigmask(t->signo);
}

/* Is standard signal @sig pending already where @t sends it? Then ours
 * would merge into it and never be taken as the timer's. */
static bool merges(struct k_itimer *t, struct task_struct *p)
{
	return t->signo < SIGRTMIN && signo_pending(t, p);
}

/* A signal of @t that is no longer pending at all was discarded (a
 * handler set to SIG_IGN meanwhile): @t may signal again. Both locks
 * held. */
static void forget_discarded(struct k_itimer *t)
{
	struct task_struct *p = find_task_by_pid(t->target);

	if (t->sigpending && (!p || !signo_pending(t, p)))
		t->sigpending = false;
}

/* Send @t's signal. tasklist_lock held. */
static void timer_signal(struct k_itimer *t)
{
	struct task_struct *p = find_task_by_pid(t->target);
	struct ksiginfo info = { .from_sender = true, .si_code = SI_TIMER,
				 .si_pid = t->id, .si_value = t->value };

	if (p && p->signal == t->signal && !process_dead(p) &&
	    !t->signal->group_exit && !sig_ignored(p, t->signo) &&
	    !merges(t, p) && !send_sig_info(t->signo, &info, p, !t->to_thread))
		return;
	spin_lock(&posix_timers_lock);	/* not sent: the next one may be */
	t->sigpending = false;
	spin_unlock(&posix_timers_lock);
}

/* The kernel timer's function (softirq). */
static void posix_timer_fn(void *data)
{
	struct k_itimer *t = data;
	unsigned long flags = spin_lock_irqsave(&tasklist_lock);
	bool send = false;
	u64 now;

	spin_lock(&posix_timers_lock);
	if (t->expires && !timer_now(t, &now))
		t->expires = 0;
	if (t->expires && now < t->expires)
		timer_arm(t, now);	/* the tick ran ahead */
	else if (t->expires) {
		forget_discarded(t);
		send = timer_expire(t, now);
	}
	spin_unlock(&posix_timers_lock);
	if (send)
		timer_signal(t);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/* current's timer @id, or NULL. posix_timers_lock held. */
static struct k_itimer *timer_find(struct signal_struct *s, long id)
{
	struct k_itimer *t;

	for (t = s->posix_timers; t; t = t->next)
		if (t->id == id)
			return t;
	return NULL;
}

/* 0 if a timer may count on @clock. As Linux: the alarm clocks (they
 * would wake the machine) need CAP_WAKE_ALARM; the raw and coarse
 * clocks can be read but carry no timers (EOPNOTSUPP). */
static long clock_check(int clock)
{
	if (clock == CLOCK_REALTIME_ALARM || clock == CLOCK_BOOTTIME_ALARM)
		return capable(CAP_WAKE_ALARM) ? 0 : -EPERM;
	if (clock == CLOCK_REALTIME || clock == CLOCK_MONOTONIC ||
	    clock == CLOCK_BOOTTIME || clock == CLOCK_TAI || is_cpu_clock(clock))
		return 0;
	return clock_tsc_base(clock) < 0 ? -EINVAL : -EOPNOTSUPP;
}

/* Check @ev as Linux's good_sigevent() does and fill @t from it. */
static long timer_set_event(struct k_itimer *t, const struct sigevent *ev)
{
	struct task_struct *p;
	unsigned long flags;
	bool ours;

	t->notify = ev->sigev_notify & ~SIGEV_THREAD_ID;
	t->to_thread = ev->sigev_notify == (SIGEV_SIGNAL | SIGEV_THREAD_ID);
	t->signo = ev->sigev_signo;
	t->value = ev->sigev_value;
	t->target = current->tgid;
	if (t->to_thread) {
		flags = spin_lock_irqsave(&tasklist_lock);
		p = find_task_by_vpid(ev->sigev_notify_thread_id);
		ours = p && p->signal == current->signal && !process_dead(p);
		if (ours)
			t->target = p->pid;
		spin_unlock_irqrestore(&tasklist_lock, flags);
		if (!ours)
			return -EINVAL;
	} else if (ev->sigev_notify != SIGEV_SIGNAL &&
		   ev->sigev_notify != SIGEV_THREAD &&
		   ev->sigev_notify != SIGEV_NONE) {
		return -EINVAL;
	}
	if (t->notify != SIGEV_NONE && (t->signo <= 0 || t->signo > _NSIG))
		return -EINVAL;
	return 0;
}

/* Give @t an id and put it on current's list; -EAGAIN past the limit. */
static long timer_add(struct k_itimer *t)
{
	struct signal_struct *s = current->signal;
	u64 max = MIN(s->rlim[RLIMIT_SIGPENDING].rlim_cur, POSIX_TIMERS_MAX);
	unsigned long flags = spin_lock_irqsave(&posix_timers_lock);
	long err = -EAGAIN;

	if ((u64)s->nr_posix_timers < max) {
		while (timer_find(s, s->next_posix_timer_id))
			s->next_posix_timer_id =
				(s->next_posix_timer_id + 1) & DELAYTIMER_MAX;
		t->id = s->next_posix_timer_id;
		s->next_posix_timer_id = (t->id + 1) & DELAYTIMER_MAX;
		t->next = s->posix_timers;
		s->posix_timers = t;
		s->nr_posix_timers++;
		err = 0;
	}
	spin_unlock_irqrestore(&posix_timers_lock, flags);
	return err;
}

/* timer_create(2): a disarmed timer on @clock that notifies as @sevp
 * says (NULL: SIGALRM with the id as value); its id to @timerid. */
long sys_timer_create(int clock, const void __user *sevp, int __user *timerid)
{
	struct sigevent ev = { .sigev_signo = SIGALRM };
	struct cpu_clock cpu = { 0 };
	struct k_itimer *t;
	long err = clock_check(clock);

	if (!err && is_cpu_clock(clock))
		err = cpu_clock_resolve(clock, &cpu, false);
	if (err)
		return err;
	if (sevp && copy_from_user(&ev, sevp, sizeof(ev)))
		return -EFAULT;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t->clock = clock;
	t->signal = current->signal;
	t->cpu = cpu;
	timer_setup(&t->timer, posix_timer_fn, t);
	err = timer_set_event(t, &ev);
	if (!err)
		err = timer_add(t);
	if (err) {
		kfree(t);
		return err;
	}
	if (!sevp)
		t->value = (u64)t->id;
	if (!copy_to_user(timerid, &t->id, sizeof(int)))
		return 0;
	sys_timer_delete(t->id);
	return -EFAULT;
}

static u64 ts_to_ns(const struct timespec *ts)
{
	/* Beyond the year 2223 (an absolute CLOCK_REALTIME time is already
	 * 1.8e9 s): as good as never, and deadline plus interval still
	 * fit in a u64. */
	if (ts->tv_sec > 8000000000)
		return 8000000000ull * NSEC_PER_SEC;
	return (u64)ts->tv_sec * NSEC_PER_SEC + (u64)ts->tv_nsec;
}

static struct timespec ns_to_ts(u64 ns)
{
	return (struct timespec){ (s64)(ns / NSEC_PER_SEC),
				  (s64)(ns % NSEC_PER_SEC) };
}

static bool ts_valid(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 &&
	       ts->tv_nsec < (s64)NSEC_PER_SEC;
}

/* @t's setting now: time left (1 ns for one expired but still counted
 * as armed, as Linux) and interval. Both locks held. */
static void timer_get(struct k_itimer *t, struct itimerspec_k *v)
{
	u64 now;

	*v = (struct itimerspec_k){ { 0, 0 }, { 0, 0 } };
	if (!t->expires || !timer_now(t, &now))
		return;
	v->it_interval = ns_to_ts(t->interval);
	v->it_value = ns_to_ts(t->expires > now ? t->expires - now : 1);
}

/* The absolute time on @t's clock of @value. tasklist_lock held. */
static u64 timer_deadline(struct k_itimer *t, u64 value, bool abs, u64 now)
{
	if (!abs)
		return now + value;
	if (clock_tsc_base(t->clock) == CLOCK_MONOTONIC)
		value -= (u64)timens_offset(t->clock);	/* the namespace's */
	return value ? value : 1;
}

/* timer_settime(2): arm timer @id (@flags TIMER_ABSTIME: @new's value is
 * a time on its clock) or, a zero value, disarm it; the old setting to
 * @old. -EINVAL for a bad id, a NULL @new or a bad timespec. */
long sys_timer_settime(long id, int flags, const void __user *new,
		       void __user *old)
{
	struct itimerspec_k v, prev;
	struct k_itimer *t;
	unsigned long irq;
	long err = 0;
	u64 now;

	if (!new)
		return -EINVAL;
	if (copy_from_user(&v, new, sizeof(v)))
		return -EFAULT;
	if (!ts_valid(&v.it_value) || !ts_valid(&v.it_interval))
		return -EINVAL;
	irq = spin_lock_irqsave(&tasklist_lock);
	spin_lock(&posix_timers_lock);
	t = timer_find(current->signal, id);
	if (!t || !timer_now(t, &now)) {
		err = -EINVAL;
	} else {
		timer_get(t, &prev);
		t->overrun = t->overrun_last = 0;	/* as Linux */
		t->interval = ts_to_ns(&v.it_interval);
		t->expires = 0;
		if (v.it_value.tv_sec || v.it_value.tv_nsec) {
			t->expires = timer_deadline(t, ts_to_ns(&v.it_value),
						    flags & TIMER_ABSTIME, now);
			timer_arm(t, now);
		}
	}
	spin_unlock(&posix_timers_lock);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (!err && old && copy_to_user(old, &prev, sizeof(prev)))
		err = -EFAULT;
	return err;
}

/* timer_gettime(2): timer @id's time left and interval to @cur. */
long sys_timer_gettime(long id, void __user *cur)
{
	struct itimerspec_k v;
	struct k_itimer *t;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);

	spin_lock(&posix_timers_lock);
	t = timer_find(current->signal, id);
	if (t)
		timer_get(t, &v);
	spin_unlock(&posix_timers_lock);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (!t)
		return -EINVAL;
	return copy_to_user(cur, &v, sizeof(v)) ? -EFAULT : 0;
}

/* timer_getoverrun(2): the overruns of timer @id's signal taken last. */
long sys_timer_getoverrun(long id)
{
	unsigned long irq = spin_lock_irqsave(&posix_timers_lock);
	struct k_itimer *t = timer_find(current->signal, id);
	long ret = t ? (long)MIN(t->overrun_last, DELAYTIMER_MAX) : -EINVAL;

	spin_unlock_irqrestore(&posix_timers_lock, irq);
	return ret;
}

/* Unlink timer @id of @s; NULL if there is none. */
static struct k_itimer *timer_unlink(struct signal_struct *s, long id)
{
	unsigned long irq = spin_lock_irqsave(&posix_timers_lock);
	struct k_itimer **pp, *t = NULL;

	for (pp = &s->posix_timers; *pp; pp = &(*pp)->next) {
		if ((*pp)->id == id) {
			t = *pp;
			*pp = t->next;
			s->nr_posix_timers--;
			t->expires = 0;
			break;
		}
	}
	spin_unlock_irqrestore(&posix_timers_lock, irq);
	return t;
}

/* Disarm and free timer @id of @s; -EINVAL if none. */
static long timer_delete_of(struct signal_struct *s, long id)
{
	struct k_itimer *t = timer_unlink(s, id);

	if (!t)
		return -EINVAL;
	del_timer(&t->timer);
	kfree(t);
	return 0;
}

/* timer_delete(2): disarm and free timer @id; -EINVAL if none. */
long sys_timer_delete(long id)
{
	return timer_delete_of(current->signal, id);
}

void exit_itimers(struct signal_struct *s)
{
	while (READ_ONCE(s->posix_timers))
		timer_delete_of(s, s->posix_timers->id);
}

void posixtimer_dequeued(struct signal_struct *s, struct ksiginfo *info)
{
	struct k_itimer *t;

	if (!info->from_sender || info->si_code != SI_TIMER)
		return;
	spin_lock(&posix_timers_lock);
	t = timer_find(s, info->si_pid);
	if (t) {
		t->overrun_last = t->overrun;
		t->overrun = 0;
		t->sigpending = false;
		info->si_uid = (u32)MIN(t->overrun_last, DELAYTIMER_MAX);
	}
	spin_unlock(&posix_timers_lock);
}
