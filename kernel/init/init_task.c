/*
 * init_task: pid 0, "swapper/0", the boot CPU's idle task and the head of
 * the task list. Its stack block is the one boot/boot.S starts the kernel
 * on, placed in the image (section .data..init_thread, THREAD_SIZE-
 * aligned, with an unmapped guard page below it; see linker.ld), so the
 * kernel runs as a proper task from its first instruction of C.
 *
 * And pid 1's first limits and tables, given to it before it becomes the
 * first user program (init_user_task()): Linux's INIT_RLIMITS.
 */
#include "kernel/task.h"
#include "kernel/cred.h"
#include "kernel/mm/mm.h"
#include "kernel/pid.h"
#include "kernel/module/module.h"
#include "kernel/exit.h"
#include "kernel/fork.h"
#include "kernel/fs/fs.h"
#include "kernel/fs/vfs.h"
#include "kernel/mm/slab.h"
#include "kernel/signal.h"

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

static void default_rlimits(struct rlimit *r)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		r[i] = (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
	r[RLIMIT_STACK] = (struct rlimit){ 8ull << 20, RLIM_INFINITY };
	/* Linux's 1024 and 4096 (INR_OPEN_*): the table grows to whatever
	 * the limit allows, up to nr_open (kernel/fs/fdtable.c). */
	r[RLIMIT_NOFILE] = (struct rlimit){ INR_OPEN_CUR, INR_OPEN_MAX };
	/* No core files until asked for (ulimit -c), as Linux's default. */
	r[RLIMIT_CORE] = (struct rlimit){ 0, RLIM_INFINITY };
	r[RLIMIT_NPROC] = (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
	/* As Linux: only root lowers a nice value or asks for real time. */
	r[RLIMIT_NICE] = (struct rlimit){ 0, 0 };
	r[RLIMIT_RTPRIO] = (struct rlimit){ 0, 0 };
	/* Queued real-time signals: Linux's default is about its task limit. */
	r[RLIMIT_SIGPENDING] = (struct rlimit){ task_limit(), task_limit() };
	/* Linux's MQ_BYTES_MAX: 819200 bytes of message queues per user. */
	r[RLIMIT_MSGQUEUE] = (struct rlimit){ 819200, 819200 };
}

int init_user_task(void)
{
	struct task_struct *t = current;

	t->sighand = kzalloc(sizeof(*t->sighand), GFP_KERNEL);
	t->signal = kzalloc(sizeof(*t->signal), GFP_KERNEL);
	t->files = files_alloc();
	t->fs = fs_alloc_root();
	if (!t->sighand || !t->signal || !t->files || !t->fs)
		return -ENOMEM;
	refcount_set(&t->sighand->count, 1);
	spin_lock_init(&t->sighand->siglock, "siglock");
	init_signal_struct(t->signal);
	atomic_set(&t->signal->live, 1);
	t->signal->pgrp = t->signal->session = t->pid;
	default_rlimits(t->signal->rlim);
	return 0;
}
