/*
 * stack_layout: a sample module that draws insmod's own kernel stack
 * block, from inside its init (so in insmod's process context, on its
 * kernel stack): the task_struct at the block base (= current),
 * STACK_END_MAGIC right above it, the never-used zeroes, the deepest use
 * so far, the stack pointer now and the pt_regs at the top. The drawing is
 * the kernel's (stack_layout_print(), kernel/fs/proc/stack_layout.c), the same
 * that /proc/<pid>/stack_layout, kstack and gdb's tb-stack-layout show.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>

MODULE_AUTHOR("Taskbase");
MODULE_DESCRIPTION("the caller's kernel stack block, drawn");
MODULE_LICENSE("GPL");
MODULE_VERSION("0.2");

static int __init stack_layout_init(void)
{
	return stack_layout_print(KBUILD_MODNAME ": ", current,
				  (unsigned long)__builtin_frame_address(0));
}

static void __exit stack_layout_exit(void)
{
	pr_info("%s: removed\n", KBUILD_MODNAME);
}

module_init(stack_layout_init);
module_exit(stack_layout_exit);
