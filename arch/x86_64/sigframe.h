/*
 * The signal frame a user handler runs on, in x86_64 Linux's layout
 * (arch/x86/include/uapi/asm/sigcontext.h, ucontext.h), so that an
 * SA_SIGINFO handler can read uc_mcontext as on Linux:
 *
 *   rsp ->  pretcode      (the handler "returns" here: sa_restorer, which
 *           ucontext       calls rt_sigreturn)
 *           siginfo
 *           ... fxsave area (64-byte aligned, pointed to by fpstate)
 */
#ifndef ARCH_X86_64_SIGFRAME_H
#define ARCH_X86_64_SIGFRAME_H

#include "lib/types.h"

struct ksiginfo;
struct task_struct;

struct sigcontext_64 {
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	u16 cs, gs, fs, ss;
	u64 err, trapno, oldmask, cr2;
	u64 fpstate;		/* user address of the fxsave area */
	u64 reserved1[8];
};

struct user_stack_t {
	u64 ss_sp;
	s32 ss_flags;
	u32 pad;
	u64 ss_size;
};

struct ucontext {
	u64 uc_flags;
	u64 uc_link;
	struct user_stack_t uc_stack;
	struct sigcontext_64 uc_mcontext;
	u64 uc_sigmask;
};

/* The first part of Linux's 128-byte siginfo_t. */
struct siginfo {
	s32 si_signo, si_errno, si_code, pad;
	union {
		struct {
			s32 pid;
			u32 uid;
			u64 value;	/* sigqueue(3)'s si_value */
		} kill;
		struct {
			u64 addr;	/* faulting address (SIGSEGV, SIGBUS...) */
		} fault;
		struct {
			s64 band;	/* O_ASYNC's signal: poll events */
			s32 fd;
		} poll;
		struct {
			s32 pid;
			u32 uid;
			s32 status;
		} chld;
		struct {
			u64 call_addr;	/* SIGSYS: just past the syscall */
			s32 syscall;
			u32 arch;	/* AUDIT_ARCH_X86_64 */
		} sys;
		u8 raw[112];
	};
};

struct rt_sigframe {
	u64 pretcode;
	struct ucontext uc;
	struct siginfo info;
};

/* The siginfo_t of signal @sig as @t takes it with @k: what its handler's
 * frame holds and what PTRACE_GETSIGINFO shows (arch/x86_64/signal.c). */
void fill_siginfo(struct siginfo *si, int sig, const struct ksiginfo *k,
		  const struct task_struct *t);

_Static_assert(sizeof(struct sigcontext_64) == 256, "Linux's sigcontext");
_Static_assert(sizeof(struct siginfo) == 128, "Linux's siginfo_t");
_Static_assert(__builtin_offsetof(struct ucontext, uc_mcontext) == 40,
	       "Linux's ucontext");

#endif
