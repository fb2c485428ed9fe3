/*
 * Structure offsets for assembly, generated at build time (Linux's
 * asm-offsets trick): this file is compiled to assembly only, and the
 * "->NAME value" markers are turned into $(O)/generated/asm-offsets.h.
 * Assembly never types an offset by hand.
 */
#include "asm/percpu.h"
#include "asm/ptrace.h"
#include "kernel/task.h"

#define DEFINE(sym, val) \
	__asm__ __volatile__("\n.ascii \"->" #sym " %0\"" : : "i"(val))
#define OFFSET(sym, str, mem) DEFINE(sym, offsetof(struct str, mem))

void asm_offsets(void);
/* Never run: compiled to assembly, whose "->SYM value" lines the build
 * turns into asm-offsets.h for the .S files. */
void asm_offsets(void)
{
	OFFSET(PT_R15, pt_regs, r15);
	OFFSET(PT_RDI, pt_regs, rdi);
	OFFSET(PT_ORIG_RAX, pt_regs, orig_rax);
	OFFSET(PT_RIP, pt_regs, rip);
	OFFSET(PT_CS, pt_regs, cs);
	OFFSET(PT_EFLAGS, pt_regs, eflags);
	OFFSET(PT_RSP, pt_regs, rsp);
	DEFINE(PT_SIZE, sizeof(struct pt_regs));

	OFFSET(TASK_thread_sp, task_struct, thread.sp);
	OFFSET(TI_task, thread_info, task);

	OFFSET(PERCPU_current_task, percpu, current_task);
	OFFSET(PERCPU_top_of_stack, percpu, top_of_stack);
	OFFSET(PERCPU_user_rsp, percpu, user_rsp);
	OFFSET(PERCPU_hardirq_stack_top, percpu, hardirq_stack_top);
	OFFSET(PERCPU_hardirq_stack_inuse, percpu, hardirq_stack_inuse);
}
