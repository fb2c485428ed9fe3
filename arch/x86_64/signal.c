/*
 * Signal frames and rt_sigreturn, in x86_64 Linux's layout (see
 * sigframe.h). The frame goes on the user stack (or the sigaltstack),
 * below the 128-byte red zone the interrupted code may be using.
 * sigaltstack(2), which sets the alternate stack, is here too.
 */
#include "asm/signal.h"
#include "asm/syscall.h"
#include "asm/fpu.h"
#include "kernel/task.h"
#include "asm/irqflags.h"
#include "asm/processor.h"
#include "arch/x86_64/segment.h"
#include "arch/x86_64/sigframe.h"
#include "arch/x86_64/traps.h"
#include "kernel/printk/printk.h"
#include "kernel/syscalls.h"
#include "kernel/uaccess.h"
#include "kernel/unistd.h"
#include "lib/errno.h"
#include "lib/string.h"

#define RED_ZONE 128
#define FPSTATE_ALIGN 64
/* The rflags bits a signal handler may change through its ucontext. */
#define FIX_EFLAGS (X86_EFLAGS_CF | 0x4 | 0x10 | 0x40 | 0x80 | X86_EFLAGS_TF | \
		    X86_EFLAGS_DF | 0x800 | X86_EFLAGS_RF | X86_EFLAGS_AC)
#define UC_FP_XSTATE 0x1
#define ERESTARTNOINTR 513
#define ERESTARTNOHAND 514
#define ERESTART_RESTARTBLOCK 516

static bool on_sig_stack(u64 sp)
{
	struct task_struct *t = current;

	return t->sas_ss_size && sp > t->sas_ss_sp &&
	       sp - t->sas_ss_sp <= t->sas_ss_size;
}

static u64 frame_base(struct k_sigaction *ka, const struct pt_regs *regs)
{
	struct task_struct *t = current;

	if ((ka->flags & SA_ONSTACK) && t->sas_ss_size && !on_sig_stack(regs->rsp))
		return t->sas_ss_sp + t->sas_ss_size;
	return regs->rsp - RED_ZONE;
}

static void fill_sigcontext(struct sigcontext_64 *sc, const struct pt_regs *r,
			    u64 oldmask, u64 fpstate)
{
	*sc = (struct sigcontext_64){
		.r8 = r->r8, .r9 = r->r9, .r10 = r->r10, .r11 = r->r11,
		.r12 = r->r12, .r13 = r->r13, .r14 = r->r14, .r15 = r->r15,
		.rdi = r->rdi, .rsi = r->rsi, .rbp = r->rbp, .rbx = r->rbx,
		.rdx = r->rdx, .rax = r->rax, .rcx = r->rcx, .rsp = r->rsp,
		.rip = r->rip, .eflags = r->eflags, .cs = (u16)r->cs,
		.ss = (u16)r->ss, .err = current->thread.error_code,
		.trapno = current->thread.trap_nr, .oldmask = oldmask,
		.cr2 = current->thread.cr2, .fpstate = fpstate,
	};
}

/* Decide what a signal with a handler does to an interrupted syscall. */
static void syscall_restart_with_handler(struct pt_regs *regs,
					 struct k_sigaction *ka)
{
	if ((s64)regs->orig_rax < 0)
		return;		/* not a system call */
	switch ((s64)regs->rax) {
	case -ERESTARTSYS:
		if (ka->flags & SA_RESTART) {
			regs->rax = regs->orig_rax;
			regs->rip -= 2;		/* the syscall instruction */
			break;
		}
		/* fallthrough */
	case -ERESTARTNOHAND:
	case -ERESTART_RESTARTBLOCK:
		regs->rax = (u64)-EINTR;
		current->restart_block.fn = NULL;	/* nothing to resume */
		break;
	case -ERESTARTNOINTR:
		regs->rax = regs->orig_rax;
		regs->rip -= 2;
		break;
	}
}

void syscall_restart_no_handler(struct pt_regs *regs)
{
	if ((s64)regs->orig_rax < 0)
		return;
	switch ((s64)regs->rax) {
	case -ERESTARTSYS:
	case -ERESTARTNOHAND:
	case -ERESTARTNOINTR:
		regs->rax = regs->orig_rax;
		regs->rip -= 2;
		break;
	case -ERESTART_RESTARTBLOCK:	/* resumes where it was */
		regs->rax = __NR_restart_syscall;
		regs->rip -= 2;
		break;
	}
}

/* A sender's pid, uid and value; O_ASYNC's band and fd; seccomp's SIGSYS
 * (the call, its address, the arch, the filter's data in si_errno); for
 * the kernel's own signals the fault address, or for a CPU trap the si_code Linux
 * gives: SI_KERNEL for int3, and for a #DB what exc_debug() found
 * (TRAP_TRACE for a single step, TRAP_HWBKPT for a debug register) with
 * the rip it trapped at. */
void fill_siginfo(struct siginfo *si, int sig, const struct ksiginfo *k,
		  const struct task_struct *t)
{
	memset(si, 0, sizeof(*si));
	si->si_signo = sig;
	si->si_code = k->si_code;
	if (k->sigpoll) {
		si->poll.band = k->si_band;
		si->poll.fd = k->si_fd;
	} else if (k->from_sender) {
		si->kill.pid = k->si_pid;
		si->kill.uid = k->si_uid;
		si->kill.value = k->si_value;
	} else if (sig == SIGSYS && k->si_code == SYS_SECCOMP) {
		si->si_errno = k->si_errno;
		si->sys.call_addr = k->si_call_addr;
		si->sys.syscall = k->si_syscall;
		si->sys.arch = syscall_get_arch();
	} else if (sig == SIGTRAP && k->si_code == SI_KERNEL) {
		if (t->thread.trap_nr == X86_TRAP_DB) {
			si->si_code = (int)t->thread.db_si_code;
			si->fault.addr = t->thread.cr2;
		}
	} else if (sig != SIGTRAP) {
		si->fault.addr = t->thread.cr2;
	}
}

static int write_frame(int sig, const struct ksiginfo *info,
		       struct k_sigaction *ka, struct pt_regs *regs,
		       u64 *frame_out)
{
	struct task_struct *t = current;
	u64 fp = ALIGN_DOWN(frame_base(ka, regs) - FPU_STATE_SIZE, FPSTATE_ALIGN);
	/* As if just called: (rsp + 8) is 16-byte aligned in the handler. */
	u64 frame = ALIGN_DOWN(fp - sizeof(struct rt_sigframe), 16) - 8;
	struct rt_sigframe f;

	memset(&f, 0, sizeof(f));
	f.pretcode = (u64)ka->restorer;
	f.uc.uc_flags = UC_FP_XSTATE;
	f.uc.uc_stack.ss_sp = t->sas_ss_sp;
	f.uc.uc_stack.ss_size = t->sas_ss_size;
	f.uc.uc_stack.ss_flags = on_sig_stack(regs->rsp) ? SS_ONSTACK :
				 t->sas_ss_size ? 0 : SS_DISABLE;
	fill_sigcontext(&f.uc.uc_mcontext, regs, t->blocked.sig, fp);
	/* After rt_sigsuspend the handler returns to the mask from before. */
	f.uc.uc_sigmask = t->restore_sigmask ? t->saved_sigmask.sig : t->blocked.sig;
	t->restore_sigmask = false;
	fill_siginfo(&f.info, sig, info, t);
	fpu_save_current();
	if (copy_to_user((void *)fp, t->thread.fpu, FPU_STATE_SIZE) ||
	    copy_to_user((void *)frame, &f, sizeof(f)))
		return -EFAULT;
	*frame_out = frame;
	return 0;
}

void handle_signal(int sig, const struct ksiginfo *info, struct k_sigaction *ka,
		   struct pt_regs *regs)
{
	struct task_struct *t = current;
	unsigned long flags;
	u64 frame;

	syscall_restart_with_handler(regs, ka);
	if (!(ka->flags & SA_RESTORER) || write_frame(sig, info, ka, regs, &frame)) {
		pr_info("%s[%d]: cannot deliver signal %d (bad stack or no "
			"restorer): killed\n", t->comm, t->pid, sig);
		do_group_exit(SIGSEGV);
	}
	regs->rip = (u64)ka->handler;
	regs->rsp = frame;
	regs->rdi = (u64)sig;
	regs->rsi = frame + offsetof(struct rt_sigframe, info);
	regs->rdx = frame + offsetof(struct rt_sigframe, uc);
	regs->rax = 0;
	regs->eflags &= ~(X86_EFLAGS_DF | X86_EFLAGS_TF);
	regs->cs = __USER_CS;
	regs->ss = __USER_DS;
	flags = spin_lock_irqsave(&t->sighand->siglock);
	t->blocked.sig |= ka->mask.sig;
	if (!(ka->flags & SA_NODEFER))
		t->blocked.sig |= sigmask(sig);
	t->blocked.sig &= ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
	if (ka->flags & SA_RESETHAND)
		ka->handler = SIG_DFL;
	spin_unlock_irqrestore(&t->sighand->siglock, flags);
	fpu_reset_current();	/* the handler starts with a clean FPU */
}

static void restore_sigcontext(struct pt_regs *r, const struct sigcontext_64 *sc)
{
	r->r8 = sc->r8; r->r9 = sc->r9; r->r10 = sc->r10; r->r11 = sc->r11;
	r->r12 = sc->r12; r->r13 = sc->r13; r->r14 = sc->r14; r->r15 = sc->r15;
	r->rdi = sc->rdi; r->rsi = sc->rsi; r->rbp = sc->rbp; r->rbx = sc->rbx;
	r->rdx = sc->rdx; r->rax = sc->rax; r->rcx = sc->rcx; r->rsp = sc->rsp;
	r->rip = sc->rip;
	/* Only the harmless flags come from user memory (not IF, IOPL...). */
	r->eflags = (r->eflags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
	r->cs = __USER_CS;
	r->ss = __USER_DS;
	r->orig_rax = (u64)-1;	/* no syscall restart after this */
}

/* The mxcsr bits that are reserved: loading them would fault (#GP). */
#define MXCSR_VALID 0xffff

/* rt_sigreturn(2): back from a signal handler: restore the registers,
 * FPU state and mask saved in the frame; a bad frame gets SIGSEGV. */
long sys_rt_sigreturn(void)
{
	struct pt_regs *regs = task_pt_regs(current);
	u64 frame = regs->rsp - 8;	/* the handler's ret popped pretcode */
	struct rt_sigframe f;
	unsigned long flags;
	u32 *mxcsr;

	if (copy_from_user(&f, (void *)frame, sizeof(f)) ||
	    copy_from_user(current->thread.fpu, (void *)f.uc.uc_mcontext.fpstate,
			   FPU_STATE_SIZE)) {
		pr_info("%s[%d]: bad signal frame in rt_sigreturn: killed\n",
			current->comm, current->pid);
		do_group_exit(SIGSEGV);
	}
	mxcsr = (u32 *)((u8 *)current->thread.fpu + 24);
	*mxcsr &= MXCSR_VALID;
	restore_sigcontext(regs, &f.uc.uc_mcontext);
	flags = spin_lock_irqsave(&current->sighand->siglock);
	current->blocked.sig = f.uc.uc_sigmask &
			       ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
	spin_unlock_irqrestore(&current->sighand->siglock, flags);
	fpu_restore_current();
	return (long)regs->rax;
}

struct user_stack {
	u64 ss_sp;
	s32 ss_flags;
	u32 pad;
	u64 ss_size;
};

#define MINSIGSTKSZ 2048

/* sigaltstack(2): read and/or set current's alternate signal stack;
 * -EPERM while running on it. */
long sys_sigaltstack(const struct user_stack __user *ss,
		     struct user_stack __user *old)
{
	struct task_struct *t = current;
	u64 sp = task_pt_regs(t)->rsp;
	struct user_stack o = { t->sas_ss_sp, 0, 0, t->sas_ss_size }, n;
	bool on = t->sas_ss_size && sp > t->sas_ss_sp &&
		  sp - t->sas_ss_sp <= t->sas_ss_size;

	o.ss_flags = on ? SS_ONSTACK : (t->sas_ss_size ? 0 : SS_DISABLE);
	if (ss) {
		if (copy_from_user(&n, ss, sizeof(n)))
			return -EFAULT;
		if (on)
			return -EPERM;	/* cannot change it while on it */
		if (n.ss_flags & ~SS_DISABLE)
			return -EINVAL;
		if (n.ss_flags & SS_DISABLE) {
			t->sas_ss_sp = t->sas_ss_size = 0;
		} else {
			if (n.ss_size < MINSIGSTKSZ)
				return -ENOMEM;
			t->sas_ss_sp = n.ss_sp;
			t->sas_ss_size = n.ss_size;
		}
	}
	if (old && copy_to_user(old, &o, sizeof(o)))
		return -EFAULT;
	return 0;
}
