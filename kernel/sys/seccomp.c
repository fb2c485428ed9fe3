/*
 * seccomp (see seccomp.h): seccomp(2), prctl's PR_SET_SECCOMP and
 * PR_GET_SECCOMP, and the check at every system call entry.
 *
 * A filter is a checked classic BPF program (lib/bpf_filter.c) plus a
 * pointer to the filter that was current when it was installed; a task
 * points at the newest, so installing a filter pushes it on a stack that
 * every task forked afterwards shares (each filter is refcounted by the
 * tasks and younger filters pointing at it). A call runs every filter on
 * the task's stack and the answer with the strongest action wins, Linux's
 * order: KILL_PROCESS > KILL_THREAD > TRAP > ERRNO > USER_NOTIF > TRACE >
 * LOG > ALLOW. Filters are never removed: execve keeps them, and a task
 * drops its reference only when it is freed.
 *
 * Not done: user notification (SECCOMP_FILTER_FLAG_NEW_LISTENER is
 * EINVAL, as on a kernel before it; a USER_NOTIF answer finds no listener
 * and the call fails with ENOSYS, as Linux's does without one), and
 * PTRACE_SECCOMP_GET_FILTER. Nothing goes to an audit log: kills and
 * SECCOMP_RET_LOG are a line in dmesg.
 */
#include "kernel/sys/seccomp.h"
#include "asm/processor.h"
#include "asm/syscall.h"
#include "kernel/cred.h"
#include "kernel/exit.h"
#include "kernel/locking/lockdep.h"
#include "kernel/mm/slab.h"
#include "kernel/ns/pid_namespace.h"
#include "kernel/printk/printk.h"
#include "kernel/ptrace.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "kernel/tasklist.h"
#include "kernel/uaccess.h"
#include "kernel/unistd.h"
#include "lib/bpf_filter.h"
#include "lib/err.h"
#include "lib/errno.h"

/* The flags Taskbase takes (not NEW_LISTENER nor WAIT_KILLABLE_RECV). */
#define SECCOMP_FILTER_FLAG_MASK (SECCOMP_FILTER_FLAG_TSYNC | \
	SECCOMP_FILTER_FLAG_LOG | SECCOMP_FILTER_FLAG_SPEC_ALLOW | \
	SECCOMP_FILTER_FLAG_TSYNC_ESRCH)
/* At most 256 KiB of instructions on one task's stack, counting each
 * filter 4 instructions more than it has (Linux's MAX_INSNS_PER_PATH). */
#define MAX_INSNS_PER_PATH ((1u << 18) / sizeof(struct sock_filter))

struct seccomp_filter {
	refcount_t refs;		/* tasks and younger filters */
	bool log;			/* SECCOMP_FILTER_FLAG_LOG */
	struct seccomp_filter *prev;	/* the filter below: older */
	unsigned int len;
	struct sock_filter insns[];
};

/* struct seccomp_notif_sizes: what user notification would use. */
struct seccomp_notif_sizes {
	u16 seccomp_notif, seccomp_notif_resp, seccomp_data;
};

/* ---- filters ---- */

/* Drop a reference to @f; each filter freed drops its parent's. */
static void put_seccomp_filter(struct seccomp_filter *f)
{
	while (f && refcount_dec_and_test(&f->refs)) {
		struct seccomp_filter *prev = f->prev;

		kfree(f);
		f = prev;
	}
}

/* The opcodes a seccomp filter may use on top of the classic checks
 * (Linux's seccomp_check_filter()): no packet loads, no MOD. */
static bool seccomp_code_allowed(u16 code)
{
	switch (BPF_CLASS(code)) {
	case BPF_ALU:
		return BPF_OP(code) != BPF_MOD;
	case BPF_LD:
		return code == (BPF_LD | BPF_W | BPF_ABS) ||
		       code == (BPF_LD | BPF_W | BPF_LEN) ||
		       code == (BPF_LD | BPF_IMM) || code == (BPF_LD | BPF_MEM);
	case BPF_LDX:
		return code == (BPF_LDX | BPF_W | BPF_LEN) ||
		       code == (BPF_LDX | BPF_IMM) || code == (BPF_LDX | BPF_MEM);
	default:	/* ST, STX, JMP, RET, MISC: as the classic check left them */
		return true;
	}
}

/* A classic-checked program as seccomp allows it: loads of struct
 * seccomp_data only, 32 bits at aligned offsets inside it. */
static int seccomp_check_filter(const struct sock_filter *insns,
				unsigned int len)
{
	for (unsigned int pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &insns[pc];

		if (!seccomp_code_allowed(f->code))
			return -EINVAL;
		if (f->code == (BPF_LD | BPF_W | BPF_ABS) &&
		    (f->k >= sizeof(struct seccomp_data) || (f->k & 3)))
			return -EINVAL;
	}
	return 0;
}

/* Copy in and check the program @fprog describes; Linux's order of
 * errors: length, then privilege, then the copy, then the checks. */
static struct seccomp_filter *seccomp_prepare_filter(const struct sock_fprog *fprog)
{
	unsigned int len = fprog->len;
	struct seccomp_filter *f;
	u16 *masks;
	int err;

	if (len == 0 || len > BPF_MAXINSNS)
		return ERR_PTR(-EINVAL);
	/* A filter must not fool a set-ID program it execs (Linux's rule). */
	if (!current->no_new_privs && !capable(CAP_SYS_ADMIN))
		return ERR_PTR(-EACCES);
	if (!fprog->filter)
		return ERR_PTR(-EINVAL);
	f = kzalloc(sizeof(*f) + len * sizeof(struct sock_filter), GFP_KERNEL);
	masks = kmalloc(len * sizeof(u16), GFP_KERNEL);
	err = !f || !masks ? -ENOMEM : 0;
	if (!err && copy_from_user(f->insns, fprog->filter,
				   len * sizeof(struct sock_filter)))
		err = -EFAULT;
	if (!err)
		err = bpf_check_classic(f->insns, len, masks);
	if (!err)
		err = seccomp_check_filter(f->insns, len);
	kfree(masks);
	if (err) {
		kfree(f);
		return ERR_PTR(err);
	}
	refcount_set(&f->refs, 1);
	f->len = len;
	return f;
}

static struct seccomp_filter *seccomp_prepare_user_filter(const void __user *uprog)
{
	struct sock_fprog fprog;

	if (copy_from_user(&fprog, uprog, sizeof(fprog)))
		return ERR_PTR(-EFAULT);
	return seccomp_prepare_filter(&fprog);
}

/* ---- modes and threads ---- */

/* Is @ancestor on @child's stack (or none at all)? */
static bool is_ancestor(const struct seccomp_filter *ancestor,
			const struct seccomp_filter *child)
{
	if (!ancestor)
		return true;
	for (; child; child = child->prev)
		if (child == ancestor)
			return true;
	return false;
}

/* Set @t's mode; its filter, if any, is in place first (the entry check
 * of @t reads the mode, then the filter). */
static void seccomp_assign_mode(struct task_struct *t, int mode)
{
	smp_store_release(&t->seccomp.mode, mode);
}

/* A thread may go from no seccomp to a mode, or stay in its mode. */
static bool seccomp_may_assign_mode(int mode)
{
	int cur = current->seccomp.mode;

	return cur == SECCOMP_MODE_DISABLED || cur == mode;
}

/* TSYNC: can every other thread take current's stack? 0, or the id of
 * one that cannot (its own filters are not below ours). */
static long seccomp_can_sync_threads(void)
{
	struct task_struct *t;

	lockdep_assert_held(&tasklist_lock);
	for_each_thread(current, t) {
		if (t == current || t->seccomp.mode == SECCOMP_MODE_DISABLED)
			continue;
		if (t->seccomp.mode == SECCOMP_MODE_FILTER &&
		    is_ancestor(t->seccomp.filter, current->seccomp.filter))
			continue;
		return task_pid_vnr(t) ? task_pid_vnr(t) : -ESRCH;
	}
	return 0;
}

/* TSYNC: every other live thread gets current's filters (and its
 * no_new_privs). Their old filters are below ours, so still referenced. */
static void seccomp_sync_threads(void)
{
	struct seccomp_filter *f = current->seccomp.filter;
	struct task_struct *t;

	lockdep_assert_held(&tasklist_lock);
	for_each_thread(current, t) {
		if (t == current || (t->flags & PF_EXITING))
			continue;
		refcount_inc(&f->refs);
		put_seccomp_filter(t->seccomp.filter);
		smp_store_release(&t->seccomp.filter, f);
		WRITE_ONCE(t->seccomp.filter_count, current->seccomp.filter_count);
		if (current->no_new_privs)
			t->no_new_privs = true;
		if (t->seccomp.mode == SECCOMP_MODE_DISABLED)
			seccomp_assign_mode(t, SECCOMP_MODE_FILTER);
	}
}

/* Push @filter on current's stack (and its threads', TSYNC). */
static long seccomp_attach_filter(unsigned int flags,
				  struct seccomp_filter *filter)
{
	unsigned long total = filter->len;
	long ret;

	lockdep_assert_held(&tasklist_lock);
	for (struct seccomp_filter *w = current->seccomp.filter; w; w = w->prev)
		total += w->len + 4;
	if (total > MAX_INSNS_PER_PATH)
		return -ENOMEM;
	if (flags & SECCOMP_FILTER_FLAG_TSYNC) {
		ret = seccomp_can_sync_threads();
		if (ret)
			return flags & SECCOMP_FILTER_FLAG_TSYNC_ESRCH ? -ESRCH : ret;
	}
	filter->log = flags & SECCOMP_FILTER_FLAG_LOG;
	filter->prev = current->seccomp.filter;
	smp_store_release(&current->seccomp.filter, filter);
	WRITE_ONCE(current->seccomp.filter_count, current->seccomp.filter_count + 1);
	if (flags & SECCOMP_FILTER_FLAG_TSYNC)
		seccomp_sync_threads();
	return 0;
}

void seccomp_fork(struct task_struct *p)
{
	struct seccomp_filter *f = current->seccomp.filter;

	lockdep_assert_held(&tasklist_lock);
	BUG_ON(p->seccomp.filter);
	if (f)
		refcount_inc(&f->refs);
	p->seccomp = current->seccomp;
	/* A TSYNC since copy_process() copied no_new_privs may have set
	 * ours with the filters we copy here: they go together. */
	if (current->no_new_privs)
		p->no_new_privs = true;
}

void seccomp_filter_release(struct task_struct *p)
{
	put_seccomp_filter(p->seccomp.filter);
	p->seccomp.filter = NULL;
}

/* ---- the check at system call entry ---- */

/* A kill or a logged answer in dmesg: the fields of Linux's audit
 * record (type 1326, AUDIT_SECCOMP) that Taskbase has. */
static void seccomp_log(int nr, int sig, u32 action)
{
	static struct ratelimit_state rs;
	u64 missed;

	if (!__ratelimit(&rs, &missed))
		return;
	if (missed)
		pr_info("seccomp: %lu records not shown\n", missed);
	pr_info("audit: type=1326 pid=%d comm=\"%s\" sig=%d arch=%x "
		"syscall=%d ip=0x%lx code=0x%x\n", current->pid, current->comm,
		sig, syscall_get_arch(), nr,
		instruction_pointer(task_pt_regs(current)), action);
}

/* SIGSYS for the call @nr in @regs, with the filter's @data in si_errno;
 * @fatal: the default action (a core dump), whatever the handler. */
static void force_sig_seccomp(int nr, u32 data, bool fatal,
			      const struct pt_regs *regs)
{
	struct ksiginfo info = {
		.si_code = SYS_SECCOMP, .si_call_addr = instruction_pointer(regs),
		.si_syscall = nr, .si_errno = (int)data,
	};

	force_sig_info(SIGSYS, &info, fatal);
}

static void populate_seccomp_data(struct seccomp_data *sd,
				  const struct pt_regs *regs)
{
	sd->nr = syscall_get_nr(regs);
	sd->arch = syscall_get_arch();
	sd->instruction_pointer = instruction_pointer(regs);
	syscall_get_arguments(regs, sd->args);
}

/* Every filter on current's stack; the strongest answer and, in *@match,
 * the filter that gave it. Actions compare as signed: KILL_PROCESS is
 * 0x80000000, below them all. */
static u32 seccomp_run_filters(const struct seccomp_data *sd,
			       struct seccomp_filter **match)
{
	struct seccomp_filter *f = smp_load_acquire(&current->seccomp.filter);
	u32 ret = SECCOMP_RET_ALLOW;

	if (WARN_ON(!f))
		return SECCOMP_RET_KILL_PROCESS;
	for (; f; f = f->prev) {
		u32 cur = bpf_run_classic(f->insns, f->len, sd, sizeof(*sd));

		if ((s32)(cur & SECCOMP_RET_ACTION_FULL) <
		    (s32)(ret & SECCOMP_RET_ACTION_FULL)) {
			ret = cur;
			*match = f;
		}
	}
	return ret;
}

/* Strict mode: four calls, and death (SIGKILL) for any other. */
static void __secure_computing_strict(int nr)
{
	static const int allowed[] = {
		__NR_read, __NR_write, __NR_exit, __NR_rt_sigreturn,
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(allowed); i++)
		if (nr == allowed[i])
			return;
	current->seccomp.mode = SECCOMP_MODE_DEAD;
	seccomp_log(nr, SIGKILL, SECCOMP_RET_KILL_THREAD);
	do_exit(SIGKILL);
}

/* KILL_THREAD, KILL_PROCESS and unknown actions: the last thread (or
 * the process) dies of SIGSYS with a core, another thread just exits. */
static void seccomp_kill(int nr, u32 data, u32 action, struct pt_regs *regs)
{
	current->seccomp.mode = SECCOMP_MODE_DEAD;
	seccomp_log(nr, SIGSYS, action);
	if (action == SECCOMP_RET_KILL_THREAD &&
	    atomic_read(&current->signal->live) > 1)
		do_exit(SIGSYS);
	syscall_rollback(regs);		/* the core shows the call */
	force_sig_seccomp(nr, data, true, regs);
}

static int __seccomp_filter(int nr, struct pt_regs *regs, bool recheck);

/* SECCOMP_RET_TRACE: a PTRACE_EVENT_SECCOMP stop if the tracer asked
 * for it (ENOSYS otherwise); the tracer may change or skip (nr -1) the
 * call, and a changed call goes through the filters again. */
static int seccomp_trace(u32 data, struct pt_regs *regs)
{
	int nr;

	syscall_set_return_value(regs, -ENOSYS, 0);
	if (!current->ptrace || !pt_option(current, PTRACE_O_TRACESECCOMP))
		return -1;
	ptrace_event(PTRACE_EVENT_SECCOMP, data);
	if (fatal_signal_pending(current))
		return -1;
	nr = syscall_get_nr(regs);
	if (nr < 0)
		return -1;
	return __seccomp_filter(nr, regs, true);
}

/* Filter mode: run the filters on the call in @regs and act on the
 * answer. 0: run the call; -1: skip it. @recheck: after a TRACE stop. */
static int __seccomp_filter(int nr, struct pt_regs *regs, bool recheck)
{
	struct seccomp_filter *match = NULL;
	struct seccomp_data sd;
	u32 ret, action, data;

	populate_seccomp_data(&sd, regs);
	ret = seccomp_run_filters(&sd, &match);
	action = ret & SECCOMP_RET_ACTION_FULL;
	data = ret & SECCOMP_RET_DATA;
	switch (action) {
	case SECCOMP_RET_ALLOW:
		return 0;
	case SECCOMP_RET_LOG:
		seccomp_log(nr, 0, action);
		return 0;
	case SECCOMP_RET_TRACE:
		return recheck ? 0 : seccomp_trace(data, regs);
	case SECCOMP_RET_ERRNO:
		syscall_set_return_value(regs, -(int)MIN(data, MAX_ERRNO), 0);
		break;
	case SECCOMP_RET_USER_NOTIF:	/* no listener: Linux's answer */
		syscall_set_return_value(regs, -ENOSYS, 0);
		break;
	case SECCOMP_RET_TRAP:
		syscall_rollback(regs);	/* the handler sees the call */
		force_sig_seccomp(nr, data, false, regs);
		break;
	default:
		seccomp_kill(nr, data, action, regs);
		return -1;
	}
	if (match->log)
		seccomp_log(nr, 0, action);
	return -1;
}

int __secure_computing(struct pt_regs *regs)
{
	int mode = smp_load_acquire(&current->seccomp.mode);
	int nr = syscall_get_nr(regs);

	BUG_ON(regs != task_pt_regs(current));
	switch (mode) {
	case SECCOMP_MODE_STRICT:
		__secure_computing_strict(nr);
		return 0;
	case SECCOMP_MODE_FILTER:
		return __seccomp_filter(nr, regs, false);
	case SECCOMP_MODE_DEAD:		/* dying: nothing more runs */
		do_exit(SIGKILL);
	default:
		BUG();
	}
}

/* ---- setting a mode ---- */

/* Strict mode also takes rdtsc away (CR4.TSD), as Linux's disable_TSC():
 * a timer is a side channel the four calls do not need. */
static long seccomp_set_mode_strict(void)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	long ret = -EINVAL;

	if (seccomp_may_assign_mode(SECCOMP_MODE_STRICT)) {
		seccomp_assign_mode(current, SECCOMP_MODE_STRICT);
		ret = 0;
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (!ret)
		set_tsc_mode(PR_TSC_SIGSEGV);
	return ret;
}

/* SPEC_ALLOW is taken and changes nothing: Taskbase sets no speculation
 * mitigations for seccomp, as if every filter asked to be spared them. */
static long seccomp_set_mode_filter(unsigned int flags, const void __user *uprog)
{
	struct seccomp_filter *prepared;
	unsigned long irq;
	long ret = -EINVAL;

	if (flags & ~SECCOMP_FILTER_FLAG_MASK)
		return -EINVAL;
	prepared = seccomp_prepare_user_filter(uprog);
	if (IS_ERR(prepared))
		return PTR_ERR(prepared);
	irq = spin_lock_irqsave(&tasklist_lock);
	if (seccomp_may_assign_mode(SECCOMP_MODE_FILTER))
		ret = seccomp_attach_filter(flags, prepared);
	if (!ret) {
		seccomp_assign_mode(current, SECCOMP_MODE_FILTER);
		prepared = NULL;
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	put_seccomp_filter(prepared);
	return ret;
}

static long seccomp_get_action_avail(const void __user *uaction)
{
	u32 action;

	if (copy_from_user(&action, uaction, sizeof(action)))
		return -EFAULT;
	switch (action) {
	case SECCOMP_RET_KILL_PROCESS:
	case SECCOMP_RET_KILL_THREAD:
	case SECCOMP_RET_TRAP:
	case SECCOMP_RET_ERRNO:
	case SECCOMP_RET_TRACE:
	case SECCOMP_RET_LOG:
	case SECCOMP_RET_ALLOW:
		return 0;
	default:	/* USER_NOTIF too: nobody could listen */
		return -EOPNOTSUPP;
	}
}

static long seccomp_get_notif_sizes(void __user *usizes)
{
	const struct seccomp_notif_sizes sizes = {
		.seccomp_notif = 80, .seccomp_notif_resp = 24,
		.seccomp_data = sizeof(struct seccomp_data),
	};

	return copy_to_user(usizes, &sizes, sizeof(sizes)) ? -EFAULT : 0;
}

/* seccomp(2): Linux's operations and errors (EINVAL for an unknown one). */
long sys_seccomp(unsigned int op, unsigned int flags, void __user *uargs)
{
	switch (op) {
	case SECCOMP_SET_MODE_STRICT:
		if (flags || uargs)
			return -EINVAL;
		return seccomp_set_mode_strict();
	case SECCOMP_SET_MODE_FILTER:
		return seccomp_set_mode_filter(flags, uargs);
	case SECCOMP_GET_ACTION_AVAIL:
		return flags ? -EINVAL : seccomp_get_action_avail(uargs);
	case SECCOMP_GET_NOTIF_SIZES:
		return flags ? -EINVAL : seccomp_get_notif_sizes(uargs);
	default:
		return -EINVAL;
	}
}

long prctl_get_seccomp(void)
{
	return current->seccomp.mode;
}

/* prctl(PR_SET_SECCOMP): strict ignores @filter; no flags. */
long prctl_set_seccomp(u64 mode, void __user *filter)
{
	if (mode == SECCOMP_MODE_STRICT)
		return sys_seccomp(SECCOMP_SET_MODE_STRICT, 0, NULL);
	if (mode == SECCOMP_MODE_FILTER)
		return sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, filter);
	return -EINVAL;
}
