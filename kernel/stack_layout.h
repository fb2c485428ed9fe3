/*
 * The kernel stack block of a task, drawn: where its task_struct,
 * STACK_END_MAGIC, the never-used area, the deepest use so far, the stack
 * pointer and the pt_regs are. Used by the stack_layout sample module
 * (kernel/samples/stack_layout/), kstack and /proc/<pid>/stack_layout.
 */
#ifndef KERNEL_STACK_LAYOUT_H
#define KERNEL_STACK_LAYOUT_H

#include "kernel/fs/seq_buf.h"
#include "kernel/task.h"

/* Draw @p's block into @m; @rsp is its stack pointer if known, else 0. */
void stack_layout_render(struct seq_buf *m, struct task_struct *p, u64 rsp);
/* The same picture through printk, each line after @prefix (for modules:
 * <linux/sched/task_stack.h>); 0, or -ENOMEM. */
int stack_layout_print(const char *prefix, struct task_struct *p,
		       unsigned long rsp);

#endif
