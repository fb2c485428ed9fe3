/*
 * init_task: pid 0, "swapper/0", the boot CPU's idle task and the head of
 * the task list. Its stack block is the one boot/boot.S starts the kernel
 * on, placed in the image (section .data..init_thread, THREAD_SIZE-
 * aligned, with an unmapped guard page below it; see linker.ld), so the
 * kernel runs as a proper task from its first instruction of C.
 */
#include "kernel/task.h"
#include "kernel/cred.h"
#include "kernel/mm/mm.h"
#include "kernel/pid.h"
#include "kernel/module/module.h"

union thread_union init_thread_union
	__section(".data..init_thread") __aligned(THREAD_SIZE) = {
	.task = {
		.thread_info = { .task = &init_thread_union.task,
				 .kind = STACK_TASK },
		.__state = TASK_RUNNING,
		.stack = &init_thread_union,
		.flags = PF_KTHREAD | PF_IDLE,
		.on_cpu = 1,
		.prio = 120,
		.cpus_allowed = 1,
		.pid = 0,
		.tgid = 0,
		.real_parent = &init_thread_union.task,
		.parent = &init_thread_union.task,
		.children = LIST_HEAD_INIT(init_thread_union.task.children),
		.sibling = LIST_HEAD_INIT(init_thread_union.task.sibling),
		.group_leader = &init_thread_union.task,
		.tasks = LIST_HEAD_INIT(init_thread_union.task.tasks),
		.thread_group = LIST_HEAD_INIT(init_thread_union.task.thread_group),
		.thread_pid = &init_struct_pid,
		.run_list = LIST_HEAD_INIT(init_thread_union.task.run_list),
		.ptraced = LIST_HEAD_INIT(init_thread_union.task.ptraced),
		.ptrace_entry = LIST_HEAD_INIT(init_thread_union.task.ptrace_entry),
		.active_mm = &init_mm,
		.comm = "swapper/0",
		.usage = REFCOUNT_INIT(1),
		.real_cred = &init_cred,
		.cred = &init_cred,
	},
};
EXPORT_SYMBOL(init_thread_union);
