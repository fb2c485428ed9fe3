/*
 * tb_stackinfo(2): the calling thread's kernel stack (see lab_syscall.h).
 * The reference solution of lab 2 (docs/labs/lab2-syscall.md); make lab
 * LAB=2 replaces it by a stub that returns -ENOSYS.
 */
#include "kernel/lab_syscall.h"
#include "asm/percpu.h"
#include "kernel/task.h"
#include "kernel/uaccess.h"
#include "lib/errno.h"

long sys_tb_stackinfo(struct tb_stackinfo __user *uinfo)
{
	/* LAB 2 SOLUTION BEGIN */
	/* LAB 2 STUB:
	(void)uinfo;
	return -ENOSYS;
	*/
	struct task_struct *p = current;
	u64 sp = (u64)__builtin_frame_address(0);
	struct tb_stackinfo info = {
		.base = (unsigned long)p->stack,
		.size = THREAD_SIZE,
		.used = stack_used_max(p),
		.in_use = task_stack_top(p) - sp,
		.task_size = sizeof(struct task_struct),
		.tid = p->pid,
		.cpu = smp_processor_id(),
	};

	if (copy_to_user(uinfo, &info, sizeof(info)))
		return -EFAULT;
	return 0;
	/* LAB 2 SOLUTION END */
}
