/*
 * The x86_64 half of a task (Linux's asm/processor.h): struct
 * thread_struct, the CPU state a task keeps while it is not running;
 * preparing a new task's first switch; the per-switch CPU state (TSS
 * rsp0, FS base), address-space switching and idling; and what the boot
 * CPU found out about itself (struct cpuinfo_x86, cpu_has()).
 *
 * kernel/task.h includes this header for struct thread_struct, so this
 * one cannot include task.h back: struct task_struct is incomplete here.
 */
#ifndef ASM_X86_64_PROCESSOR_H
#define ASM_X86_64_PROCESSOR_H

#include "asm/ptrace.h"
#include "lib/types.h"

struct task_struct;
struct mm_struct;

/*
 * The last member of task_struct (Linux's name and place): only what the
 * context switch itself does not leave on the task's kernel stack.
 */
struct thread_struct {
	u64 sp;			/* kernel rsp saved by __switch_to_asm */
	u64 fsbase;		/* user TLS base (arch_prctl ARCH_SET_FS) */
	u64 gsbase;		/* user GS base */
	void *fpu;		/* fxsave area of a user task, or NULL */
	u32 pkru;		/* protection-key rights (asm/pkru.h), saved
				 * with the FPU state */
	bool notsc;		/* prctl PR_TSC_SIGSEGV: rdtsc faults */
	u64 cr2;		/* last user fault: address, */
	u64 trap_nr;		/* vector */
	u64 error_code;		/* and error code, for the signal frame */
	bool bare_syscall;	/* called tb_bare_syscall(1): exit looks */
	u32 db_si_code;		/* si_code of the last #DB's SIGTRAP */
	/* Debug registers a tracer set (arch/x86_64/hw_breakpoint.c). */
	u64 ptrace_dr[4];	/* DR0-DR3 as written */
	u64 ptrace_dr7;		/* DR7 as written (PEEKUSER reads it back) */
	u64 hw_dr7;		/* what the CPU gets; 0: none, no switch cost */
	u64 virtual_dr6;	/* what the last #DB hit (DR_STEP, B0-B3) */
	/* I/O ports (arch/x86_64/ioport.c): ioperm's bitmap, shared with
	 * fork's children until one changes it; iopl's level (3: all). */
	struct io_bitmap *io_bitmap;
	u32 iopl_emul;
};

/*
 * What __switch_to_asm() leaves on a task's stack when it switches away
 * (Linux's struct inactive_task_frame): callee-saved registers and the
 * address to return to. A new task gets a hand-made one that "returns"
 * to ret_from_fork.
 */
struct inactive_task_frame {
	u64 r15, r14, r13, r12, rbx, rbp;
	u64 ret_addr;
};

/* The pt_regs at the top of @p's kernel stack (user registers on entry).
 * A macro, as Linux's: task_struct (kernel/task.h) is incomplete here. */
#define task_pt_regs(p) ((struct pt_regs *)task_stack_top(p) - 1)

/*
 * Switch from @prev (current) to @next: save callee-saved registers on
 * prev's stack, store rsp in prev->thread.sp, load next's, restore.
 * Returns (on next's stack) the task that ran before next.
 */
struct task_struct *__switch_to_asm(struct task_struct *prev,
				    struct task_struct *next);
/* Set up a new kernel thread's stack so its first switch runs @fn(@arg). */
void copy_thread_kernel(struct task_struct *p, int (*fn)(void *), void *arg);
/* A user task's first frame: return to user mode as the clone child. */
void copy_thread_user(struct task_struct *p, u64 sp, u64 tls, bool set_tls);
/* execve: user registers for a fresh program at @ip with stack @sp. */
void arch_start_thread(struct pt_regs *regs, u64 ip, u64 sp);
/* Per-switch CPU state for @next (before the stack switch). */
void arch_switch_to(struct task_struct *prev, struct task_struct *next);
#define PR_TSC_ENABLE 1
#define PR_TSC_SIGSEGV 2
/* prctl(PR_SET_TSC): PR_TSC_ENABLE (1) or PR_TSC_SIGSEGV (2, rdtsc and
 * rdtscp in user mode then raise SIGSEGV, by CR4.TSD); else -EINVAL. */
long set_tsc_mode(unsigned long mode);
/* prctl(PR_GET_TSC): current's mode as an int at user @addr. */
long get_tsc_mode(u64 addr);
/* Load @next's address space if it differs from what this CPU has. */
void switch_mm(struct task_struct *prev, struct task_struct *next);
/* Load @next into CR3 unless this CPU has it already, keeping the mms'
 * cpu_mask (the CPUs a shootdown must reach) right. Interrupts off. */
void switch_to_mm(struct mm_struct *next);
/* Arch state to drop when a task exits / is freed. */
void arch_exit_thread(struct task_struct *p);
void arch_release_thread(struct task_struct *p);
/* sti; hlt: sleep until an interrupt, with no wake-up lost in between. */
void arch_safe_halt(void);
/* Ask @cpu to reschedule (an IPI). */
void arch_send_reschedule(unsigned int cpu);
/* Leave for user mode with @regs (the top of current's stack). */
__noreturn void enter_user_mode(struct pt_regs *regs);
/* Enable the syscall instruction on this CPU. */
void syscall_init(void);
/* Turn off the bare syscall stub wherever @p turned it on (exit); at
 * once if it never did. */
void bare_syscall_release(struct task_struct *p);
/* The kernel's top-level page table. */
u64 *kernel_pgd(void);

/* CPU features, Linux's names; cpu_has() says which the CPU has. */
enum x86_feature {
	X86_FEATURE_NX,
	X86_FEATURE_SMEP,
	X86_FEATURE_SMAP,
	X86_FEATURE_UMIP,
	X86_FEATURE_APIC,
	X86_FEATURE_X2APIC,
	X86_FEATURE_TSC,
	X86_FEATURE_INVARIANT_TSC,
	X86_FEATURE_PGE,
	X86_FEATURE_PDPE1GB,
	X86_FEATURE_FXSR,
	X86_FEATURE_XSAVE,
	X86_FEATURE_FSGSBASE,
	X86_FEATURE_PKU,
	X86_NR_FEATURES
};

/* What CPUID said on the boot CPU (/proc/cpuinfo prints it). */
struct cpuinfo_x86 {
	char vendor[13];
	char model_id[49];
	u32 family, model, stepping;
	u32 phys_bits, virt_bits;
	u64 features;		/* bit n set: feature n present */
};

extern struct cpuinfo_x86 boot_cpu_data;

/* True if the boot CPU has feature @f (filled in once, at boot). Inline:
 * the context switch asks it (PKRU). */
static inline bool cpu_has(enum x86_feature f)
{
	return boot_cpu_data.features & (1ull << f);
}
/* The feature's name as /proc/cpuinfo's flags line spells it. */
const char *cpu_feature_name(enum x86_feature f);

/* I/O ports (arch/x86_64/ioport.c). Point this CPU's TSS at @next's
 * ports, or at none (preemption off: the context switch). */
void switch_io_bitmap(struct task_struct *next);
/* fork: @p gets current's ports and iopl level (the bitmap shared). */
void io_bitmap_share(struct task_struct *p);
/* @p lets go of its ports (exit). */
void io_bitmap_exit(struct task_struct *p);

#endif
