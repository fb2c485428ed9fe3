/*
 * The x86_64 half of ptrace (kernel/ptrace.h): a stopped tracee's user
 * registers as Linux's struct user_regs_struct, its FPU/SSE state as
 * struct user_fpregs_struct (fxsave) and as an XSAVE image of the parts
 * Taskbase saves (x87 and SSE), the struct user area of PEEKUSER and
 * POKEUSER with the debug registers at offsetof(struct user, u_debugreg)
 * (checked and loaded by arch/x86_64/hw_breakpoint.c),
 * the trap flag for PTRACE_SINGLESTEP, and the x86_64 layouts of
 * siginfo_t and struct ptrace_syscall_info.
 *
 * Nothing a tracer writes reaches the CPU unchecked: the return to user
 * mode would otherwise load it in ring 0 (iretq, fxrstor, wrmsr, the
 * debug registers). A non-canonical or kernel rip, rsp or fs/gs base, a
 * code or stack selector other than the user ones, an invalid MXCSR or a
 * breakpoint on a kernel address is refused with Linux's errno, and the
 * eflags bits a user may not own (IOPL, NT, VM, IF, ...) are kept.
 */
#include "kernel/ptrace.h"
#include "arch/x86_64/segment.h"
#include "arch/x86_64/sigframe.h"
#include "arch/x86_64/traps.h"
#include "arch/x86_64/debugreg.h"
#include "asm/fpu.h"
#include "asm/irqflags.h"
#include "asm/memlayout.h"
#include "asm/processor.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"
#include "lib/string.h"

#define NT_PRSTATUS 1
#define NT_PRFPREG 2
#define NT_X86_XSTATE 0x202
#define NT_SIGINFO 0x53494749

#define USER_REGS_SIZE (27 * 8)		/* struct user_regs_struct */
#define USER_DEBUGREG 848		/* offsetof(struct user, u_debugreg) */
#define USER_SIZE 912			/* sizeof(struct user) */
#define XSTATE_SIZE 576			/* legacy area + XSAVE header */
#define XSTATE_BV_OFFSET 512
#define XCR0_OFFSET 464			/* sw_reserved: gdb reads xcr0 here */
#define XFEATURES_FP_SSE 3ul
#define MXCSR_OFFSET 24
#define AUDIT_ARCH_X86_64 0xc000003eu	/* PTRACE_GET_SYSCALL_INFO's arch */

/* The eflags bits a tracer may set (Linux's FLAG_MASK on x86_64). */
#define FLAG_MASK (X86_EFLAGS_CF | 0x4ul | 0x10ul | 0x40ul | 0x80ul | \
		   X86_EFLAGS_TF | X86_EFLAGS_DF | 0x800ul | X86_EFLAGS_RF | \
		   X86_EFLAGS_AC)

enum {
	REG_ORIG_RAX = 15, REG_RIP, REG_CS, REG_EFLAGS, REG_RSP, REG_SS,
	REG_FS_BASE, REG_GS_BASE, REG_DS, REG_ES, REG_FS, REG_GS, NR_REGS
};

/* The whole struct user_regs_struct of @t. */
static void get_regs(struct task_struct *t, u64 regs[NR_REGS])
{
	memset(regs, 0, NR_REGS * 8);
	memcpy(regs, task_pt_regs(t), sizeof(struct pt_regs));
	regs[REG_FS_BASE] = t->thread.fsbase;
	regs[REG_GS_BASE] = t->thread.gsbase;
}

static bool user_address(u64 v)
{
	return v < TASK_SIZE_MAX;
}

/* Check register @n's new value @v, fixing eflags; 0 or -EIO. */
static int check_reg(const u64 old[NR_REGS], int n, u64 *v)
{
	switch (n) {
	case REG_RIP:
	case REG_RSP:
	case REG_FS_BASE:
	case REG_GS_BASE:
		return user_address(*v) ? 0 : -EIO;
	case REG_CS:
		return *v == __USER_CS ? 0 : -EIO;
	case REG_SS:
		return *v == __USER_DS ? 0 : -EIO;
	case REG_DS:
	case REG_ES:
	case REG_FS:
	case REG_GS:
		return (*v & 0xffff) && (*v & 3) != 3 ? -EIO : 0;
	case REG_EFLAGS:
		*v = (old[REG_EFLAGS] & ~FLAG_MASK) | (*v & FLAG_MASK);
		return 0;
	default:
		return 0;
	}
}

/* Replace @t's registers with @regs after checking every one. */
static int set_regs(struct task_struct *t, u64 regs[NR_REGS])
{
	u64 old[NR_REGS];
	int err;

	get_regs(t, old);
	for (int n = 0; n < NR_REGS; n++)
		if ((err = check_reg(old, n, &regs[n])))
			return err;
	memcpy(task_pt_regs(t), regs, sizeof(struct pt_regs));
	t->thread.fsbase = regs[REG_FS_BASE];
	t->thread.gsbase = regs[REG_GS_BASE];
	return 0;
}

/* ---- FPU ---- */

static void get_fpregs(struct task_struct *t, u8 *buf)
{
	if (t->thread.fpu)
		memcpy(buf, t->thread.fpu, FPU_STATE_SIZE);
	else
		memset(buf, 0, FPU_STATE_SIZE);
}

/* fxrstor faults in ring 0 on a reserved MXCSR bit: Linux's -EINVAL. */
static int set_fpregs(struct task_struct *t, const u8 *buf)
{
	u32 mxcsr, mask;

	if (!t->thread.fpu)
		return -EIO;
	memcpy(&mxcsr, buf + MXCSR_OFFSET, 4);
	memcpy(&mask, (u8 *)t->thread.fpu + MXCSR_OFFSET + 4, 4);
	if (!mask)
		mask = 0xffbf;		/* the SDM's default mask */
	if (mxcsr & ~mask)
		return -EINVAL;
	memcpy(t->thread.fpu, buf, FPU_STATE_SIZE);
	memcpy((u8 *)t->thread.fpu + MXCSR_OFFSET + 4, &mask, 4);
	return 0;
}

static void get_xstate(struct task_struct *t, u8 *buf)
{
	u64 bv = XFEATURES_FP_SSE;

	memset(buf, 0, XSTATE_SIZE);
	get_fpregs(t, buf);
	memcpy(buf + XCR0_OFFSET, &bv, 8);
	memcpy(buf + XSTATE_BV_OFFSET, &bv, 8);
}

static int set_xstate(struct task_struct *t, const u8 *buf)
{
	u64 bv;

	memcpy(&bv, buf + XSTATE_BV_OFFSET, 8);
	if (bv & ~XFEATURES_FP_SSE)
		return -EINVAL;		/* state Taskbase does not keep */
	return set_fpregs(t, buf);
}

/* ---- the struct user area ---- */

static long peek_user(struct task_struct *t, u64 off, u64 __user *out)
{
	u64 regs[NR_REGS], v = 0;

	if ((off & 7) || off >= USER_SIZE)
		return -EIO;
	if (off < USER_REGS_SIZE) {
		get_regs(t, regs);
		v = regs[off / 8];
	} else if (off >= USER_DEBUGREG) {
		v = ptrace_get_debugreg(t, (int)(off - USER_DEBUGREG) / 8);
	}
	return put_user_u64(v, out);
}

static long poke_user(struct task_struct *t, u64 off, u64 v)
{
	u64 regs[NR_REGS];

	if ((off & 7) || off >= USER_SIZE)
		return -EIO;
	if (off < USER_REGS_SIZE) {
		get_regs(t, regs);
		regs[off / 8] = v;
		return set_regs(t, regs);
	}
	if (off >= USER_DEBUGREG)
		return ptrace_set_debugreg(t, (int)(off - USER_DEBUGREG) / 8, v);
	return -EIO;
}

/* ---- register sets ---- */

struct iovec_k {
	u64 base, len;
};

static u64 regset_size(u64 type)
{
	switch (type) {
	case NT_PRSTATUS:
		return USER_REGS_SIZE;
	case NT_PRFPREG:
		return FPU_STATE_SIZE;
	case NT_X86_XSTATE:
		return XSTATE_SIZE;
	default:
		return 0;
	}
}

static void get_regset(struct task_struct *t, u64 type, u8 *buf)
{
	if (type == NT_PRSTATUS)
		get_regs(t, (u64 *)buf);
	else if (type == NT_PRFPREG)
		get_fpregs(t, buf);
	else
		get_xstate(t, buf);
}

static int set_regset(struct task_struct *t, u64 type, u8 *buf)
{
	if (type == NT_PRSTATUS)
		return set_regs(t, (u64 *)buf);
	if (type == NT_PRFPREG)
		return set_fpregs(t, buf);
	return set_xstate(t, buf);
}

/* GETREGSET/SETREGSET: @uiov says where and how much; a short buffer
 * gets (or changes) the first bytes, and its length is updated. */
static long ptrace_regset(struct task_struct *t, u64 type,
			  struct iovec_k __user *uiov, bool set, u8 *buf)
{
	u64 size = regset_size(type);
	struct iovec_k iov;
	int err;

	if (!size)
		return -EINVAL;
	if (copy_from_user(&iov, uiov, sizeof(iov)))
		return -EFAULT;
	iov.len = MIN(iov.len, size);
	get_regset(t, type, buf);
	if (!set)
		err = copy_to_user((void __user *)iov.base, buf, iov.len) ? -EFAULT : 0;
	else if (copy_from_user(buf, (void __user *)iov.base, iov.len))
		err = -EFAULT;
	else
		err = set_regset(t, type, buf);
	if (err)
		return err;
	return copy_to_user(&uiov->len, &iov.len, 8) ? -EFAULT : 0;
}

long arch_ptrace(struct task_struct *t, long request, u64 addr, u64 data)
{
	u8 buf[XSTATE_SIZE] __attribute__((aligned(16)));
	void __user *u = (void __user *)data;

	switch (request) {
	case PTRACE_PEEKUSR:
		return peek_user(t, addr, u);
	case PTRACE_POKEUSR:
		return poke_user(t, addr, data);
	case PTRACE_GETREGS:
		get_regs(t, (u64 *)buf);
		return copy_to_user(u, buf, USER_REGS_SIZE) ? -EFAULT : 0;
	case PTRACE_SETREGS:
		if (copy_from_user(buf, u, USER_REGS_SIZE))
			return -EFAULT;
		return set_regs(t, (u64 *)buf);
	case PTRACE_GETFPREGS:
		get_fpregs(t, buf);
		return copy_to_user(u, buf, FPU_STATE_SIZE) ? -EFAULT : 0;
	case PTRACE_SETFPREGS:
		if (copy_from_user(buf, u, FPU_STATE_SIZE))
			return -EFAULT;
		return set_fpregs(t, buf);
	case PTRACE_GETSIGINFO:
	case PTRACE_SETSIGINFO:
		return arch_ptrace_siginfo(t, u, request == PTRACE_SETSIGINFO);
	case PTRACE_GET_SYSCALL_INFO:
		return arch_ptrace_syscall_info(t, addr, u);
	case PTRACE_GETREGSET:
	case PTRACE_SETREGSET:
		return ptrace_regset(t, addr, u, request == PTRACE_SETREGSET,
				     buf);
	default:
		return -EIO;
	}
}

void arch_ptrace_singlestep(struct task_struct *t, bool on)
{
	struct pt_regs *regs = task_pt_regs(t);

	if (on)
		regs->eflags |= X86_EFLAGS_TF;
	else if (t->pt.stepping)
		regs->eflags &= ~X86_EFLAGS_TF;
	t->pt.stepping = on;
}

long arch_ptrace_siginfo(struct task_struct *t, void __user *uinfo, bool set)
{
	struct siginfo si;

	if (!t->pt.siginfo)
		return -EINVAL;		/* a group stop has none */
	if (!set) {	/* the siginfo its handler would get */
		fill_siginfo(&si, (t->pt.stop_status >> 8) & 0xff,
			     t->pt.siginfo, t);
		return copy_to_user(uinfo, &si, sizeof(si)) ? -EFAULT : 0;
	}
	if (copy_from_user(&si, uinfo, sizeof(si)))
		return -EFAULT;
	*t->pt.siginfo = (struct ksiginfo){
		.from_sender = true, .si_code = si.si_code,
		.si_pid = si.kill.pid, .si_uid = si.kill.uid,
		.si_value = si.kill.value,
	};
	return 0;
}

u64 arch_elf_core_note(struct task_struct *t, u32 type, int sig,
		       const struct ksiginfo *info, void *buf)
{
	if (t == current)
		fpu_save_current();	/* the registers are still in the CPU */
	if (type == NT_SIGINFO) {
		fill_siginfo(buf, sig, info, t);
		return sizeof(struct siginfo);
	}
	if (type != NT_PRSTATUS && type != NT_PRFPREG)
		return 0;
	get_regset(t, type, buf);
	return regset_size(type);
}

/* Linux's struct ptrace_syscall_info. */
struct syscall_info {
	u8 op, pad[3];
	u32 arch;
	u64 ip, sp;
	union {
		struct {
			u64 nr, args[6];
		} entry;
		struct {
			s64 rval;
			u8 is_error;
		} exit;
		struct {
			u64 nr, args[6];
			u32 ret_data;	/* PTRACE_GETEVENTMSG's */
		} seccomp;
		u8 raw[64];
	};
};

long arch_ptrace_syscall_info(struct task_struct *t, u64 size,
			      void __user *uinfo)
{
	const struct pt_regs *r = task_pt_regs(t);
	struct syscall_info info = {
		.op = t->pt.syscall_op, .arch = AUDIT_ARCH_X86_64,
		.ip = r->rip, .sp = r->rsp,
	};
	u64 len = __builtin_offsetof(struct syscall_info, entry);

	if (info.op == PTRACE_SYSCALL_INFO_ENTRY ||
	    info.op == PTRACE_SYSCALL_INFO_SECCOMP) {	/* seccomp: entry's + */
		info.entry.nr = r->orig_rax;
		info.entry.args[0] = r->rdi;
		info.entry.args[1] = r->rsi;
		info.entry.args[2] = r->rdx;
		info.entry.args[3] = r->r10;
		info.entry.args[4] = r->r8;
		info.entry.args[5] = r->r9;
		len += sizeof(info.entry);
		if (info.op == PTRACE_SYSCALL_INFO_SECCOMP) {
			info.seccomp.ret_data = (u32)t->pt.message;
			len += sizeof(info.seccomp.ret_data);
		}
	} else if (info.op == PTRACE_SYSCALL_INFO_EXIT) {
		info.exit.rval = (s64)r->rax;
		info.exit.is_error = info.exit.rval < 0 &&
				     info.exit.rval >= -4095;
		len += __builtin_offsetof(typeof(info.exit), is_error) + 1;
	}
	if (copy_to_user(uinfo, &info, MIN(size, len)))
		return -EFAULT;
	return (long)len;
}
