/*
 * ptrace(2) (see ptrace.h): attaching and detaching, the stops a tracee
 * makes for its tracer, and the requests that do not depend on the CPU.
 *
 * A stop, whatever its cause, is ptrace_stop(): the tracee records a wait
 * status, tells its tracer (SIGCHLD, CLD_TRAPPED, and a wake-up of the
 * waiters), and sleeps in __TASK_TRACED until the tracer resumes it or
 * SIGKILL arrives. While it sleeps its saved user registers (pt_regs at
 * the top of its kernel stack) and its memory hold still, which is what
 * makes PEEK/POKE and GETREGS/SETREGS safe. Every ptrace link and stop
 * field is guarded by tasklist_lock: tracing is rare, so one lock wins.
 */
#include "kernel/ptrace.h"
#include "asm/processor.h"
#include "asm/signal.h"
#include "kernel/cred.h"
#include "kernel/exit.h"
#include "kernel/fork.h"
#include "kernel/mm/mm.h"
#include "kernel/pid.h"
#include "kernel/sched/sched.h"
#include "kernel/tasklist.h"
#include "kernel/uaccess.h"
#include "kernel/unistd.h"
#include "kernel/locking/lockdep.h"
#include "lib/errno.h"
#include "lib/string.h"

static int stop_sig(int status)
{
	return (status >> 8) & 0xff;
}

/* Tell @t's tracer of its stop with @status. tasklist_lock held. */
static void notify_tracer(struct task_struct *t, int status)
{
	struct task_struct *tracer = t->parent;
	struct ksiginfo info = {
		.from_sender = true, .si_code = CLD_TRAPPED, .si_pid = t->pid,
		.si_uid = t->real_cred ? t->real_cred->uid.val : 0,
		.si_value = (u32)stop_sig(status),
	};
	struct k_sigaction *ka = tracer->sighand ?
		&tracer->sighand->action[SIGCHLD - 1] : NULL;

	lockdep_assert_held(&tasklist_lock);
	/* Most tracers leave SIGCHLD ignored: skip the send it would drop. */
	if (ka && !(ka->flags & SA_NOCLDSTOP) && !sig_ignored(tracer, SIGCHLD))
		send_sig_info(SIGCHLD, &info, tracer, true);
}

static bool stop_over(struct task_struct *t)
{
	return !READ_ONCE(t->pt.stopped) ||
	       (READ_ONCE(t->pending.sig) & sigmask(SIGKILL));
}

/* PTRACE_LISTEN: the group stop ended under it; trap again. */
static void relisten(struct task_struct *t)
{
	unsigned long fl = spin_lock_irqsave(&tasklist_lock);

	if (t->pt.listening && t->ptrace && !t->signal->stop_state) {
		t->pt.listening = false;
		t->pt.stop_status = 0x7f | (SIGTRAP << 8) |
				    (PTRACE_EVENT_STOP << 16);
		t->pt.reported = false;
		notify_tracer(t, t->pt.stop_status);
		__wake_up_parent(t, t->parent);
	}
	spin_unlock_irqrestore(&tasklist_lock, fl);
}

/*
 * Stop current for its tracer with wait status @status; @info is what
 * GETSIGINFO shows (NULL: EINVAL, a group stop). Returns the signal the
 * tracer resumed with, @dflt if it went away meanwhile, or -1 if there
 * was no stop (untraced, or SIGKILL pending).
 */
static int ptrace_stop(int status, struct ksiginfo *info, int dflt)
{
	struct task_struct *t = current;
	unsigned long fl = spin_lock_irqsave(&tasklist_lock);
	int sig;

	if (!t->ptrace || (t->pending.sig & sigmask(SIGKILL))) {
		spin_unlock_irqrestore(&tasklist_lock, fl);
		return -1;
	}
	t->pt.stop_status = status;
	t->pt.reported = false;
	t->pt.siginfo = info;
	t->pt.resume_sig = dflt;
	t->pt.stopped = true;
	set_current_state(__TASK_TRACED);
	notify_tracer(t, status);
	__wake_up_parent(t, t->parent);
	spin_unlock_irqrestore(&tasklist_lock, fl);
	while (!stop_over(t)) {
		if (READ_ONCE(t->pt.listening) && !t->signal->stop_state)
			relisten(t);
		schedule();
		set_current_state(__TASK_TRACED);
	}
	__set_current_state(TASK_RUNNING);
	fl = spin_lock_irqsave(&tasklist_lock);
	t->pt.stopped = false;
	t->pt.listening = false;
	t->pt.siginfo = NULL;
	t->pt.stop_status = 0;
	sig = t->pt.resume_sig;
	spin_unlock_irqrestore(&tasklist_lock, fl);
	return sig;
}

/* A stop whose siginfo (Linux's ptrace_do_notify()) names the tracee,
 * with si_code = the status's high bits. */
static int trap_stop(int status)
{
	struct ksiginfo info = {
		.from_sender = true, .si_code = status >> 8,
		.si_pid = current->pid, .si_uid = current->real_cred->uid.val,
	};

	return ptrace_stop(status, &info, 0);
}

long ptrace_syscall_enter(struct pt_regs *regs)
{
	struct task_struct *t = current;
	int code = SIGTRAP | (pt_option(t, PTRACE_O_TRACESYSGOOD) ? 0x80 : 0);
	bool emu = t->ptrace & PT_SYSEMU;	/* as it was at the entry */
	int sig;

	if (!t->signal->stop_state)
		t->pt.group_done = false;
	if (!(t->ptrace & (PT_SYSCALL | PT_SYSEMU)))
		return (long)regs->orig_rax;
	regs->rax = (u64)-ENOSYS;
	/* GET_SYSCALL_INFO knows the stop only by SIGTRAP | 0x80 (Linux). */
	if (code & 0x80)
		t->pt.syscall_op = PTRACE_SYSCALL_INFO_ENTRY;
	sig = trap_stop(0x7f | (code << 8));
	t->pt.syscall_op = PTRACE_SYSCALL_INFO_NONE;
	if (sig > 0)
		send_sig(sig, t);
	if (emu || (t->pending.sig & sigmask(SIGKILL)))
		return -1;		/* SYSEMU: the tracer did the call */
	return (long)regs->orig_rax;
}

void ptrace_syscall_exit(struct pt_regs *regs, long nr)
{
	struct task_struct *t = current;
	int code = SIGTRAP | (pt_option(t, PTRACE_O_TRACESYSGOOD) ? 0x80 : 0);
	int sig;

	if ((nr == __NR_execve || nr == __NR_execveat) && regs->rax == 0) {
		if (pt_option(t, PTRACE_O_TRACEEXEC))
			ptrace_event(PTRACE_EVENT_EXEC, t->pid);
		else if (!(t->ptrace & PT_SEIZED))
			send_sig(SIGTRAP, t);	/* the old-style exec trap */
	}
	if (t->pt.stepping && !(t->ptrace & PT_SYSEMU)) {	/* the step ends */
		user_single_step_report(regs);	/* here, not one insn on */
		return;
	}
	if (!(t->ptrace & PT_SYSCALL))
		return;
	if (code & 0x80)
		t->pt.syscall_op = PTRACE_SYSCALL_INFO_EXIT;
	sig = trap_stop(0x7f | (code << 8));
	t->pt.syscall_op = PTRACE_SYSCALL_INFO_NONE;
	if (sig > 0)
		send_sig(sig, t);
	/* Detached here, the trap that cut the call short is gone: no
	 * -ERESTART* may reach user space (Linux keeps TIF_SIGPENDING). */
	else if (unlikely(regs->rax >= (u64)-ERESTART_RESTARTBLOCK &&
			  regs->rax <= (u64)-ERESTARTSYS) && !signal_pending(t))
		syscall_restart_no_handler(regs);
}

int ptrace_signal(int sig, struct ksiginfo *info)
{
	struct task_struct *t = current;
	int new;

	if (!t->signal->stop_state)
		t->pt.group_done = false;
	new = ptrace_stop(0x7f | (sig << 8), info, sig);
	if (new < 0)
		return sig;		/* no stop after all: as if untraced */
	if (new == 0 || new > _NSIG)
		return 0;		/* the tracer suppressed it */
	if (new != sig) {		/* a different signal, from the tracer */
		*info = (struct ksiginfo){
			.from_sender = true, .si_code = SI_USER,
			.si_pid = t->parent->tgid,
			.si_uid = t->parent->real_cred->uid.val,
		};
	}
	if (t->blocked.sig & sigmask(new)) {
		send_sig_info(new, info, t, false);	/* later, once unblocked */
		return 0;
	}
	return new;
}

void ptrace_group_stop(int sig)
{
	struct task_struct *t = current;
	int status = 0x7f | (sig << 8);

	t->pt.group_done = true;
	if (t->ptrace & PT_SEIZED)	/* a PTRACE_EVENT_STOP, with siginfo */
		trap_stop(status | (PTRACE_EVENT_STOP << 16));
	else
		ptrace_stop(status, NULL, 0);	/* GETSIGINFO: EINVAL */
}

void ptrace_do_trap(void)
{
	struct task_struct *t = current;
	int sig = t->signal->stop_state ? t->signal->stop_state : SIGTRAP;

	WRITE_ONCE(t->pt.trap_pending, false);
	if (t->signal->stop_state)
		t->pt.group_done = true;
	trap_stop(0x7f | (sig << 8) | (PTRACE_EVENT_STOP << 16));
}

void ptrace_event(int event, u64 msg)
{
	struct task_struct *t = current;

	if (!t->ptrace || !pt_option(t, 1u << event))
		return;
	t->pt.message = msg;
	if (event == PTRACE_EVENT_SECCOMP)	/* GET_SYSCALL_INFO tells it */
		t->pt.syscall_op = PTRACE_SYSCALL_INFO_SECCOMP;
	trap_stop(0x7f | (SIGTRAP << 8) | (event << 16));
	t->pt.syscall_op = PTRACE_SYSCALL_INFO_NONE;
}

int ptrace_init_child(struct task_struct *child, u64 clone_flags)
{
	struct task_struct *t = current;
	unsigned long fl;
	int event;

	if (!t->ptrace || (clone_flags & CLONE_UNTRACED))
		return 0;
	if (clone_flags & CLONE_VFORK)
		event = PTRACE_EVENT_VFORK;
	else if ((clone_flags & CSIGNAL) != SIGCHLD)
		event = PTRACE_EVENT_CLONE;
	else
		event = PTRACE_EVENT_FORK;
	if (t->pt.stepping)
		arch_ptrace_singlestep(child, false);
	if (!pt_option(t, 1u << event))
		return 0;
	fl = spin_lock_irqsave(&tasklist_lock);
	child->ptrace = t->ptrace & ~(PT_SYSCALL | PT_SYSEMU);
	child->parent = t->parent;
	list_add_tail(&child->ptrace_entry, &t->parent->ptraced);
	if (t->ptrace & PT_SEIZED)
		child->pt.trap_pending = true;	/* PTRACE_EVENT_STOP first */
	else
		child->pending.sig |= sigmask(SIGSTOP);
	spin_unlock_irqrestore(&tasklist_lock, fl);
	return event;
}

void __ptrace_unlink(struct task_struct *p)
{
	lockdep_assert_held(&tasklist_lock);
	list_del_init(&p->ptrace_entry);
	p->ptrace = 0;
	p->parent = p->real_parent;
	__wake_up_parent(p, p->parent);	/* a zombie its parent may reap now */
	p->pt.trap_pending = p->pt.listening = p->pt.group_done = false;
	if (p->pt.stepping)
		arch_ptrace_singlestep(p, false);
	if (p->pt.stopped) {
		p->pt.stopped = false;
		wake_up_state(p, __TASK_TRACED);
	}
}

/* A traced thread that exited waits as a zombie for its tracer. */
static bool ptrace_zombie_thread(const struct task_struct *p)
{
	return p->exit_state == EXIT_ZOMBIE && p != p->group_leader;
}

void exit_ptrace(struct task_struct *tracer)
{
	struct task_struct *p, *n;
	LIST_HEAD(dead);
	unsigned long fl;

	if (list_empty(&tracer->ptraced))
		return;
	fl = spin_lock_irqsave(&tasklist_lock);
	list_for_each_entry_safe(p, n, &tracer->ptraced, ptrace_entry) {
		if (pt_option(p, PTRACE_O_EXITKILL) && !p->exit_state)
			send_sig(SIGKILL, p);
		__ptrace_unlink(p);
		if (ptrace_zombie_thread(p))
			list_add_tail(&p->ptrace_entry, &dead);
	}
	spin_unlock_irqrestore(&tasklist_lock, fl);
	list_for_each_entry_safe(p, n, &dead, ptrace_entry) {
		list_del_init(&p->ptrace_entry);
		release_task(p);
	}
}

void ptrace_release_task(struct task_struct *p)
{
	lockdep_assert_held(&tasklist_lock);
	if (p->ptrace || !list_empty(&p->ptrace_entry))
		__ptrace_unlink(p);
}

int ptrace_dequeue_signal(u64 mask, struct ksiginfo *info)
{
	int sig;

	while ((sig = dequeue_signal(mask, info)))
		if (!current->ptrace || sig == SIGKILL ||
		    (sig = ptrace_signal(sig, info)))
			return sig;
	return 0;
}

/* ---- attaching ---- */

/* May current attach to @t? 0 or -EPERM (a zombie too, as Linux).
 * tasklist_lock held. */
static int may_attach(struct task_struct *t)
{
	lockdep_assert_held(&tasklist_lock);
	if (t->exit_state || (t->flags & (PF_KTHREAD | PF_EXITING)) ||
	    !t->mm || !t->signal || t->group_leader == current->group_leader ||
	    t->ptrace || !ptrace_may_attach(t))
		return -EPERM;
	return 0;
}

static void ptrace_link(struct task_struct *t, struct task_struct *tracer,
			unsigned int flags)
{
	lockdep_assert_held(&tasklist_lock);
	t->ptrace = flags;
	t->parent = tracer;
	t->pt = (struct ptrace_state){ 0 };
	list_add_tail(&t->ptrace_entry, &tracer->ptraced);
}

/*
 * A task group-stopped when we attached is woken to stop again as our
 * tracee; as Linux (JOBCTL_TRAPPING), the attach returns once it has (or
 * is gone, or a SIGCONT cancelled the stop), so the next request finds it
 * stopped. Its stop wakes us on our wait4() queue; we also look each tick.
 * Drops the caller's reference to @t.
 */
static void wait_for_trap(struct task_struct *t)
{
	DEFINE_WAIT(wait);

	for (;;) {
		prepare_to_wait(chldexit_queue(current), &wait, TASK_INTERRUPTIBLE);
		if (READ_ONCE(t->pt.stopped) || READ_ONCE(t->exit_state) ||
		    READ_ONCE(t->parent) != current ||
		    !READ_ONCE(t->signal->stop_state) || fatal_signal_pending(current))
			break;
		schedule_timeout(1);
	}
	finish_wait(chldexit_queue(current), &wait);
	put_task_struct(t);
}

static long ptrace_attach(pid_t pid, bool seize, u64 addr, u64 data)
{
	unsigned long fl;
	struct task_struct *t;
	unsigned int flags = PT_PTRACED;
	bool was_stopped = false;
	long err;

	if (seize) {
		if (addr || (data & ~(u64)PTRACE_O_MASK))
			return -EIO;
		flags |= PT_SEIZED | (unsigned int)(data << PT_OPT_SHIFT);
	}
	fl = spin_lock_irqsave(&tasklist_lock);
	t = find_task_by_vpid(pid);
	err = t ? may_attach(t) : -ESRCH;
	if (!err) {
		was_stopped = READ_ONCE(t->__state) & __TASK_STOPPED;
		if (was_stopped)
			get_task_struct(t);
		ptrace_link(t, current, flags);
		if (!seize) {
			struct ksiginfo info = sender_info(SI_USER);

			send_sig_info(SIGSTOP, &info, t, false);
		}
		/* A group-stopped task comes back to stop for us instead. */
		wake_up_state(t, __TASK_STOPPED);
	}
	spin_unlock_irqrestore(&tasklist_lock, fl);
	if (!err && was_stopped)
		wait_for_trap(t);
	return err;
}

static long ptrace_traceme(void)
{
	unsigned long fl = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *parent = current->real_parent;
	long err = -EPERM;

	if (!current->ptrace && parent->mm && !parent->exit_state &&
	    cap_ptrace_traceme(parent)) {
		ptrace_link(current, parent, PT_PTRACED);
		err = 0;
	}
	spin_unlock_irqrestore(&tasklist_lock, fl);
	return err;
}

/*
 * The tracee @pid of current, with a reference, or NULL: it must be
 * traced by current's process and, unless @any_state, stopped for it
 * and off its CPU (so its registers are the saved ones).
 */
static struct task_struct *get_tracee(pid_t pid, bool any_state)
{
	unsigned long fl = spin_lock_irqsave(&tasklist_lock);
	struct task_struct *t = find_task_by_vpid(pid);

	if (t && (!t->ptrace || t->parent->group_leader != current->group_leader ||
		  t->exit_state || (!any_state && !t->pt.stopped)))
		t = NULL;
	if (t)
		get_task_struct(t);
	spin_unlock_irqrestore(&tasklist_lock, fl);
	while (t && !any_state && READ_ONCE(t->on_cpu))
		cpu_relax();
	return t;
}

/* ---- requests ---- */

static long ptrace_resume(struct task_struct *t, long request, u64 data)
{
	unsigned long fl;

	if (data > _NSIG)
		return -EIO;
	fl = spin_lock_irqsave(&tasklist_lock);
	t->ptrace &= ~(PT_SYSCALL | PT_SYSEMU);
	if (request == PTRACE_SYSCALL)
		t->ptrace |= PT_SYSCALL;
	if (request == PTRACE_SYSEMU || request == PTRACE_SYSEMU_SINGLESTEP)
		t->ptrace |= PT_SYSEMU;
	arch_ptrace_singlestep(t, request == PTRACE_SINGLESTEP ||
			       request == PTRACE_SYSEMU_SINGLESTEP);
	t->pt.resume_sig = (int)data;
	t->pt.stopped = false;
	wake_up_state(t, __TASK_TRACED);
	spin_unlock_irqrestore(&tasklist_lock, fl);
	return 0;
}

static long ptrace_detach(struct task_struct *t, u64 data)
{
	unsigned long fl;

	if (data > _NSIG)
		return -EIO;
	fl = spin_lock_irqsave(&tasklist_lock);
	t->pt.resume_sig = (int)data;
	__ptrace_unlink(t);
	spin_unlock_irqrestore(&tasklist_lock, fl);
	return 0;
}

static long ptrace_listen(struct task_struct *t)
{
	unsigned long fl = spin_lock_irqsave(&tasklist_lock);
	long err = -EIO;

	if ((t->ptrace & PT_SEIZED) &&
	    (t->pt.stop_status >> 16) == PTRACE_EVENT_STOP) {
		t->pt.listening = true;
		wake_up_state(t, __TASK_TRACED);	/* looks at the stop */
		err = 0;
	}
	spin_unlock_irqrestore(&tasklist_lock, fl);
	return err;
}

static long ptrace_interrupt(struct task_struct *t)
{
	if (!(t->ptrace & PT_SEIZED))
		return -EIO;
	WRITE_ONCE(t->pt.trap_pending, true);
	if (READ_ONCE(t->pt.listening))
		wake_up_state(t, __TASK_TRACED);
	else if (!wake_up_state(t, TASK_INTERRUPTIBLE) && READ_ONCE(t->on_cpu))
		arch_send_reschedule(t->cpu);
	return 0;
}

/* PEEKTEXT/PEEKDATA and POKETEXT/POKEDATA: one word of @t's memory. */
static long ptrace_access_word(struct task_struct *t, u64 addr, u64 *word,
			       bool write)
{
	struct mm_struct *mm = get_task_mm(t);
	u64 done;

	if (!mm)
		return -EIO;
	done = access_remote_vm(mm, addr, word, sizeof(*word), write);
	mmput(mm);
	return done == sizeof(*word) ? 0 : -EIO;
}

static long ptrace_request(struct task_struct *t, long request, u64 addr,
			   u64 data)
{
	u64 word;
	long err;

	switch (request) {
	case PTRACE_PEEKTEXT:
	case PTRACE_PEEKDATA:
		err = ptrace_access_word(t, addr, &word, false);
		return err ? err : put_user_u64(word, (u64 __user *)data);
	case PTRACE_POKETEXT:
	case PTRACE_POKEDATA:
		return ptrace_access_word(t, addr, &data, true);
	case PTRACE_CONT:
	case PTRACE_SYSCALL:
	case PTRACE_SINGLESTEP:
	case PTRACE_SYSEMU:
	case PTRACE_SYSEMU_SINGLESTEP:
		return ptrace_resume(t, request, data);
	case PTRACE_DETACH:
		return ptrace_detach(t, data);
	case PTRACE_LISTEN:
		return ptrace_listen(t);
	case PTRACE_SETOPTIONS:
		if (data & ~(u64)PTRACE_O_MASK)
			return -EINVAL;
		t->ptrace = (t->ptrace & (PT_PTRACED | PT_SEIZED | PT_SYSCALL |
					  PT_SYSEMU)) |
			    (unsigned int)(data << PT_OPT_SHIFT);
		return 0;
	case PTRACE_GETEVENTMSG:
		return put_user_u64(t->pt.message, (u64 __user *)data);
	default:
		return arch_ptrace(t, request, addr, data);
	}
}

/* ptrace(2): the raw system call (glibc's PEEK* wrappers pass &result
 * in @data). 0, a size for GET_SYSCALL_INFO, or -errno. */
long sys_ptrace(long request, pid_t pid, u64 addr, u64 data)
{
	bool any_state = request == PTRACE_KILL || request == PTRACE_INTERRUPT;
	struct task_struct *t;
	long ret;

	if (request == PTRACE_TRACEME)
		return ptrace_traceme();
	if (request == PTRACE_ATTACH || request == PTRACE_SEIZE)
		return ptrace_attach(pid, request == PTRACE_SEIZE, addr, data);
	t = get_tracee(pid, any_state);
	if (!t)
		return -ESRCH;
	if (request == PTRACE_KILL)
		ret = send_sig(SIGKILL, t);
	else if (request == PTRACE_INTERRUPT)
		ret = ptrace_interrupt(t);
	else
		ret = ptrace_request(t, request, addr, data);
	put_task_struct(t);
	return ret;
}
